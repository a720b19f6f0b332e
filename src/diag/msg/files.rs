//! Messages about files jixiao reads or replaces without controlling them:
//! links, FIFOs, devices, files past a size cap.

use std::path::Path;

/// What a path is when it is not a regular file, as a message names it.
pub fn kind_word(kind: crate::diag::refusal::Kind) -> &'static str {
    use crate::diag::refusal::Kind;
    match kind {
        Kind::Link => "符号链接",
        Kind::Folder => "文件夹",
        Kind::Fifo => "命名管道（FIFO）",
        Kind::Device => "设备文件",
        Kind::Socket => "套接字",
        Kind::Other => "特殊文件",
    }
}

/// A path that is not a regular file where one is read.
pub fn not_regular(kind: crate::diag::refusal::Kind) -> String {
    format!(
        "是{}，不是普通文件，未读取；建议: 指定一个普通文件（不是链接、管道或设备）",
        kind_word(kind)
    )
}

/// A file larger than what jixiao reads of its kind.
pub fn over_cap(cap: u64) -> String {
    format!(
        "文件过大（超过 {} MB），未读取；建议: 确认指定的是正确的文件",
        cap.div_ceil(1 << 20)
    )
}

/// A path jixiao would replace that is not a regular file it may overwrite.
pub fn will_not_replace(path: &Path, kind: crate::diag::refusal::Kind) -> String {
    format!(
        "{}: 是{}，jixiao 只替换普通文件，未写入；建议: 换一个输出路径，或先移走它",
        path.display(),
        kind_word(kind)
    )
}

/// The audit workbook's path is one of the audit's own inputs.
pub fn out_is_input(path: &Path) -> String {
    format!(
        "{}: 是本次审核的输入文件，写出审核工作簿会替换它，未写入；建议: 用 --out 指定另一个文件",
        path.display()
    )
}

/// A file named on the command line cannot be read.
pub fn cannot_read(path: &Path, why: &str) -> String {
    format!("{}: 无法读取: {why}；建议: 检查文件路径", path.display())
}
