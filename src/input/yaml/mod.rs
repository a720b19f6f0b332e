//! Reading a project from its YAML file: the form's words as keys, every problem
//! reported with its place, all at once.

mod cx;
mod project;

use crate::diag::msg::input as msg;
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
                Diagnostic::new(Code::E0101, file, Place::File, msg::EMPTY_FILE)
                    .with_hint(msg::empty_file_hint(&words.vocab.listing(section::PROJECT))),
            );
            None
        }
        Ok(root) => cx.project(&root),
        Err(e) => {
            let (message, hint) = syntax_message(&e.message);
            cx.diags.push(
                Diagnostic::new(Code::E0002, file, e.place, msg::yaml_syntax(&message))
                    .with_hint(hint),
            );
            None
        }
    };
    (project, cx.diags)
}

/// The parser's message in the user's words, with a hint; the original follows in brackets.
pub(crate) fn syntax_message(raw: &str) -> (String, String) {
    let m = raw.to_ascii_lowercase();
    let (what, hint) = if m.contains("tab") {
        msg::SYNTAX_TAB
    } else if m.contains("unclosed quote") || m.contains("quoted scalar") {
        msg::SYNTAX_QUOTE
    } else if m.contains("block scalar") || m.contains("`>'") || m.contains("`|'") {
        msg::SYNTAX_BLOCK_SCALAR
    } else if m.contains("expected ':'") || m.contains("could not find expected ':'") {
        msg::SYNTAX_NO_COLON
    } else if m.contains("mapping values are not allowed") {
        msg::SYNTAX_MAPPING_HERE
    } else if m.contains("did not find expected key")
        || m.contains("did not find expected '-'")
        || m.contains("indentation")
    {
        msg::SYNTAX_INDENT
    } else {
        msg::SYNTAX_OTHER
    };
    (msg::syntax_detail(what, raw), hint.to_string())
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
    match crate::input::read_regular(file, crate::input::MAX_YAML_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(src) => load_str(file, src.trim_start_matches('\u{feff}'), words),
            Err(_) => (
                None,
                vec![
                    Diagnostic::new(Code::E0001, file, Place::File, msg::NOT_UTF8)
                        .with_hint(msg::NOT_UTF8_HINT),
                ],
            ),
        },
        Err(e) => (
            None,
            vec![Diagnostic::new(
                Code::E0001,
                file,
                Place::File,
                msg::cannot_read_file(&crate::diag::io_reason(&e)),
            )],
        ),
    }
}
