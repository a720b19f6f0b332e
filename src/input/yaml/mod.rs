//! Reading a project from its YAML file: the form's words as keys, every problem
//! reported with its place, all at once.

mod cx;
mod project;

use crate::diag::Code;
use std::path::Path;

use super::node::{self, Value};
use crate::diag::{Diagnostic, Place};
use crate::form::vocab::section;
use crate::input::Words;
use crate::model::Project;
use cx::Cx;

/// Loads one project from YAML text, reading the words the run's forms add
/// (`words`: fields such as 其他需要说明事项 at the top level, sources such as
/// 财政资金 in 项目资金). Returns the project when it could be built (possibly
/// with diagnostics) and every diagnostic found.
pub fn load_str(file: &Path, src: &str, words: &Words) -> (Option<Project>, Vec<Diagnostic>) {
    let mut cx = Cx {
        file: file.to_path_buf(),
        diags: Vec::new(),
        gaps: Default::default(),
        words: words.clone(),
        absent: Vec::new(),
    };
    let project = match node::parse(src) {
        Ok(root) if root.value == Value::Null => {
            cx.diags.push(
                Diagnostic::new(Code::E0101, file, Place::File, "文件是空的，没有任何内容")
                    .with_hint(format!(
                        "照 inputs/ 下的实例逐行填写: {}",
                        words.vocab.listing(section::PROJECT)
                    )),
            );
            None
        }
        Ok(root) => cx.project(&root),
        Err(e) => {
            let (message, hint) = syntax_message(&e.message);
            cx.diags.push(
                Diagnostic::new(
                    Code::E0002,
                    file,
                    e.place,
                    format!("YAML 语法错误: {message}"),
                )
                .with_hint(hint),
            );
            None
        }
    };
    (project, cx.diags)
}

/// The parser's message in the user's words, with a hint; the original follows in brackets.
fn syntax_message(raw: &str) -> (String, String) {
    let m = raw.to_ascii_lowercase();
    let (what, hint) = if m.contains("tab") {
        (
            "缩进中有 Tab 字符",
            "YAML 只能用空格缩进；把这一行开头的 Tab 换成空格（同一层级对齐）",
        )
    } else if m.contains("unclosed quote") || m.contains("quoted scalar") {
        (
            "引号没有成对",
            "检查这一行的引号: 每个 \" 都要有对应的 \"，且引号内的文字中不能再有未转义的引号",
        )
    } else if m.contains("block scalar") || m.contains("`>'") || m.contains("`|'") {
        (
            "值以 > 或 | 开头，被当作多行文字的标记",
            "含 >=、>、| 等符号的值请加引号，如 年度指标值: \">=90%\"",
        )
    } else if m.contains("expected ':'") || m.contains("could not find expected ':'") {
        (
            "这一行缺少键值之间的“: ”",
            "键和值之间写英文冒号加一个空格，如 项目名称: 托育中心经费",
        )
    } else if m.contains("mapping values are not allowed") {
        (
            "这里不能出现“键: 值”",
            "多半是缩进不对（与上一行不对齐），或值中含有“: ”却没有加引号",
        )
    } else if m.contains("did not find expected key")
        || m.contains("did not find expected '-'")
        || m.contains("indentation")
    {
        (
            "缩进不一致",
            "同一层级的键必须左对齐，下一层比上一层多缩进两个空格；检查这一行及上一行",
        )
    } else {
        (
            "无法解析",
            "检查这一行及上一行的缩进、冒号后的空格和引号是否成对",
        )
    };
    (format!("{what}（{raw}）"), hint.to_string())
}

/// Loads one project from a YAML file, with the words forms add (`words`, see
/// [`load_str_with`]); an unreadable file is a diagnostic too.
pub fn load_file(file: &Path, words: &Words) -> (Option<Project>, Vec<Diagnostic>) {
    if let Some(why) = crate::input::too_large(file, crate::input::MAX_YAML_BYTES) {
        return (
            None,
            vec![Diagnostic::new(Code::E0001, file, Place::File, why)],
        );
    }
    match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(src) => load_str(file, src.trim_start_matches('\u{feff}'), words),
            Err(_) => (
                None,
                vec![
                    Diagnostic::new(Code::E0001, file, Place::File, "文件不是 UTF-8 编码的文本")
                        .with_hint("用文本编辑器把文件另存为 UTF-8 编码"),
                ],
            ),
        },
        Err(e) => (
            None,
            vec![Diagnostic::new(
                Code::E0001,
                file,
                Place::File,
                format!("无法读取文件: {}", crate::diag::io_reason(&e)),
            )],
        ),
    }
}
