//! Messages of the pack: writing, merging, guarding the outputs folder.

use std::fmt::Display;
use std::path::Path;

// What was being done when a file operation failed (the `what` of `PackError::Io`).

/// A file could not be written.
pub const CANNOT_WRITE_FILE: &str = "无法写入文件";
/// A folder could not be created.
pub const CANNOT_CREATE_FOLDER: &str = "无法创建文件夹";
/// The outputs folder (or its parent) could not be created.
pub const CANNOT_CREATE_OUTPUTS_FOLDER: &str = "无法创建输出文件夹";
/// A temporary folder could not be created.
pub const CANNOT_CREATE_TEMP_FOLDER: &str = "无法创建临时文件夹";
/// A temporary file could not be written.
pub const CANNOT_WRITE_TEMP_FILE: &str = "无法写入临时文件";
/// A temporary file could not be read.
pub const CANNOT_READ_TEMP_FILE: &str = "无法读取临时文件";
/// The previous outputs could not be moved aside.
pub const CANNOT_MOVE_OLD_OUTPUTS: &str = "无法移开旧的输出";
/// The new outputs could not be moved into place.
pub const CANNOT_PLACE_NEW_OUTPUTS: &str = "无法放置新的输出";
/// A file of the previous pack could not be read to carry it over.
pub const CANNOT_READ_EXISTING_OUTPUT: &str = "无法读取已有的输出";
/// The manifest could not be read.
pub const CANNOT_READ_MANIFEST: &str = "无法读取清单";
/// The inputs folder could not be read.
pub const CANNOT_READ_INPUTS_FOLDER: &str = "无法读取输入文件夹";
/// An input file could not be read.
pub const CANNOT_READ_INPUT_FILE: &str = "无法读取输入文件";
/// The lock file could not be created.
pub const CANNOT_CREATE_LOCK: &str = "无法创建锁文件";
/// The lock could not be taken.
pub const CANNOT_LOCK: &str = "无法加锁";
/// The outputs of an interrupted run could not be restored.
pub const CANNOT_RESTORE_OUTPUTS: &str = "无法恢复上次中断前的输出";
/// The outputs folder could not be read.
pub const CANNOT_READ_OUTPUTS_FOLDER: &str = "无法读取输出文件夹";

// Building the units.

/// A project could not be built: message and hint.
pub fn project_failed(name: &str, message: impl Display) -> (String, String) {
    (
        format!("项目“{name}”无法生成: {message}"),
        "本项目未生成，其他项目照常生成；按消息修正表式或数据后重新运行".to_string(),
    )
}

/// An input file changed between checking and building.
pub const CHANGED_WHILE_BUILDING: &str = "文件在生成过程中被修改，请再运行一次";

/// The title of a unit's combined files: unit, year and table title.
pub fn unit_title(unit: &str, year: impl Display, title: &str) -> String {
    format!("{unit} {year}年度{title}")
}

/// The form a project names was not loaded.
pub const FORM_NOT_LOADED: &str = "表式未加载";
/// A carried-over file no longer matches the manifest.
pub const CHANGED_SINCE_MANIFEST: &str =
    "与清单 manifest.json 记录的不符（生成后被改动过）；请重新完整生成该单位";

// Records and temporary files.

/// The manifest was not written by this version of jixiao.
pub fn foreign_manifest(error: impl Display) -> String {
    format!("不是本版本 jixiao 写的清单（{error}）；请先不带 --unit 完整生成一次")
}

/// A temporary file is corrupt.
pub fn temp_file_corrupt(error: impl Display) -> String {
    format!("临时文件已损坏: {error}")
}

// The report run.

/// The inputs folder does not exist.
pub const INPUTS_NOT_FOUND: &str = "找不到输入文件夹（请确认年度，或用 --inputs 指定）";
/// The inputs folder holds no input file.
pub const NO_INPUT_FILES: &str = "文件夹中没有输入文件（.yaml、.yml、.xlsx、.xls、.ods、.docx）";

/// The font chosen with `--font` cannot be used.
pub fn font_unusable(error: impl Display) -> String {
    format!("字体不可用 (--font): {error}")
}

/// Another run is writing the same outputs folder.
pub fn busy(outputs: &Path) -> String {
    format!(
        "另一个 jixiao report 正在写入 {} ；请等它结束后再运行（another run is writing this folder）",
        outputs.display()
    )
}

/// The outputs folder would replace the inputs or the working folder (`why` says how).
pub fn overlap(outputs: &Path, why: &str) -> String {
    format!(
        "输出文件夹 {} {why}，生成的报告会替换它；请用 --outputs 指定另一个文件夹",
        outputs.display()
    )
}

/// How the outputs folder overlaps: it is the inputs folder.
pub const OVERLAP_IS_INPUTS: &str = "就是输入文件夹";
/// How the outputs folder overlaps: it contains the inputs folder.
pub const OVERLAP_CONTAINS_INPUTS: &str = "包含输入文件夹";
/// How the outputs folder overlaps: it lies inside the inputs folder.
pub const OVERLAP_INSIDE_INPUTS: &str = "在输入文件夹之内";
/// How the outputs folder overlaps: it is the working folder or above it.
pub const OVERLAP_HOLDS_CURRENT: &str = "是当前文件夹或它的上级";

/// `--unit` named a unit no input belongs to.
pub fn unknown_unit(unit: &str) -> String {
    format!("没有实施单位为“{unit}”的项目（请核对 --unit 的名称）")
}

/// The outputs folder holds `count` files no jixiao pack wrote (`examples` the first few).
pub fn foreign_files(outputs: &Path, count: usize, examples: &[String]) -> String {
    format!(
        "输出文件夹 {} 中有 {count} 个不是 jixiao 生成的文件（如 {}），替换它会删除这些文件；请移走它们、换一个 --outputs，或确认后加 --force",
        outputs.display(),
        examples.join("、")
    )
}

// Merging packs.

/// `jixiao merge` was given no pack.
pub const NO_PACKS_TO_MERGE: &str = "没有指定要合并的报告文件夹";
/// A folder given to merge has no manifest.
pub const NOT_A_PACK: &str = "不是 jixiao 生成的报告文件夹（其中没有 manifest.json）";

/// Two packs are of different years.
pub fn other_year(this: impl Display, first: &Path, year: impl Display) -> String {
    format!(
        "是 {this} 年度的报告，{} 是 {year} 年度的，不能合并",
        first.display()
    )
}

/// Two packs were made by different versions of jixiao.
pub fn other_version(this: impl Display, first: &Path, version: impl Display) -> String {
    format!(
        "由 jixiao {this} 生成，{} 由 {version} 生成；请用同一版本重新生成后再合并",
        first.display()
    )
}

/// An input file differs between two packs.
pub fn other_input(path: &str, other: &Path) -> String {
    format!(
        "输入文件 {path} 与 {} 中记录的不同：两个报告不是由同一批输入生成的",
        other.display()
    )
}

/// A unit is in two packs with different contents.
pub fn unit_in_two_packs(unit: &str, other: &Path) -> String {
    format!(
        "实施单位“{unit}”在 {} 中也有，且内容不同；每个单位只应由一个 --unit 任务生成",
        other.display()
    )
}

// Packs jixiao did not just write (the previous pack, the packs merged).

/// A record names a path outside its pack.
pub fn path_outside_pack(path: &str) -> String {
    format!(
        "清单中的路径“{path}”不在报告文件夹之内（须是相对路径，不含 .. 或盘符）；建议: 这份清单被改动过，请重新完整生成该报告"
    )
}

/// A record lists one path twice (or lists itself).
pub fn path_listed_twice(path: &str) -> String {
    format!("清单中的路径“{path}”重复出现；建议: 这份清单被改动过，请重新完整生成该报告")
}

/// A unit's folder in the record is not the one jixiao names it.
pub fn not_the_units_folder(unit: &str, dir: &str) -> String {
    format!(
        "清单中实施单位“{unit}”的文件夹“{dir}”不是这个单位的文件夹；建议: 这份清单被改动过，请重新完整生成该报告"
    )
}

/// A folder of a pack that is not a real folder (a link, a file).
pub fn not_a_real_folder(kind: crate::diag::refusal::Kind) -> String {
    format!(
        "是{}，不是报告中的文件夹，未读取；建议: 报告文件夹中只应有 jixiao 写出的文件，请重新完整生成该报告",
        super::files::kind_word(kind)
    )
}

/// A file of a pack that is not a regular file (a link, a FIFO).
pub fn not_a_pack_file(kind: crate::diag::refusal::Kind) -> String {
    format!(
        "是{}，不是 jixiao 写出的普通文件，未读取；建议: 报告文件夹中只应有 jixiao 写出的文件，请重新完整生成该报告",
        super::files::kind_word(kind)
    )
}

/// The record of a pack is not a regular file, or too large.
pub fn manifest_unreadable(why: impl Display) -> String {
    format!("清单 manifest.json 无法读取: {why}")
}

/// The outputs folder is a link to nothing, or to something not a folder.
pub fn outputs_link_broken(target: &Path) -> String {
    format!(
        "输出文件夹是符号链接，指向的 {} 不存在或不是文件夹，未写入；建议: 修正这个链接，或用 --outputs 指定一个文件夹",
        target.display()
    )
}

/// The outputs path is a file, FIFO or device, not a folder.
pub fn outputs_not_a_folder(kind: crate::diag::refusal::Kind) -> String {
    format!(
        "输出路径是{}，不是文件夹，未写入（也未替换它）；建议: 用 --outputs 指定一个文件夹",
        super::files::kind_word(kind)
    )
}
