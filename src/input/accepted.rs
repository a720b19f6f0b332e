//! 已确认: the findings a unit keeps its values against. A YAML table writes
//! them under its own `已确认:` key; a workbook or Word document has them in a
//! file beside it, `<文件名>.已确认.yaml`, by 项目名称 (or `"*"` for every table
//! of the file):
//!
//! ```yaml
//! 托育中心经费:
//!   E0205: 按财政局审核意见保留
//! "*":
//!   E0602: 偏差原因见单位说明
//! ```

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::node::{self, Node, Value};
use crate::diag::msg::input as msg;
use crate::diag::{Code, Diagnostic, Place};
use crate::model::Acceptance;

/// The name of the file beside `file` that holds its tables' acceptances.
pub fn sidecar_of(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!("{stem}.{}.yaml", crate::diag::text::ACCEPTED))
}

/// Whether a path is such a file (not a table: `check` and `report` skip it).
pub fn is_sidecar(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let marker = format!(".{}.", crate::diag::text::ACCEPTED);
    name.contains(&marker) && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// `代码: 理由` entries of one mapping (`word` is how the table calls it). A code
/// that is none of the catalogue's, or a blank reason, is E0113 and left out.
pub fn entries(node: &Node, word: &str, file: &Path) -> (Vec<Acceptance>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let mut report = |place: &Place, (message, hint): (String, String)| {
        diags.push(Diagnostic::new(Code::E0113, file, place.clone(), message).with_hint(hint));
    };
    let Value::Map(items) = &node.value else {
        report(&node.place, msg::accepted_not_a_map(word, node.kind()));
        return (out, diags);
    };
    for (k, v) in items {
        let typed = k.scalar_text().unwrap_or_default();
        let Some(rule) = crate::diag::lookup(&typed) else {
            report(&k.place, msg::unknown_accepted_code(word, typed.trim()));
            continue;
        };
        let reason = v.scalar_text().unwrap_or_default().trim().to_string();
        if reason.is_empty() {
            report(&v.place, msg::blank_accept_reason(word, typed.trim()));
            continue;
        }
        out.push(Acceptance {
            code: rule.code,
            reason,
            place: k.place.clone(),
            file: Some(file.to_path_buf()),
        });
    }
    (out, diags)
}

/// The acceptances beside a workbook or Word document, by table.
#[derive(Debug, Default)]
pub struct Sidecar {
    /// Each entry: the 项目名称 it names (NFC; `None` for `"*"`), where, and
    /// its acceptances.
    tables: Vec<(Option<String>, Place, Vec<Acceptance>)>,
    /// Problems of the file itself (unreadable, a wrong code…).
    pub diagnostics: Vec<Diagnostic>,
    /// The file, when there is one.
    path: Option<PathBuf>,
}

/// The file's sidecar: empty when there is none.
pub fn read(file: &Path, word: &str) -> Sidecar {
    let path = sidecar_of(file);
    if !path.is_file() {
        return Sidecar::default();
    }
    let mut sidecar = Sidecar {
        path: Some(path.clone()),
        ..Sidecar::default()
    };
    let unreadable = |why: String| Diagnostic::new(Code::E0001, &path, Place::File, why);
    if let Some(why) = super::too_large(&path, super::MAX_YAML_BYTES) {
        sidecar.diagnostics.push(unreadable(why));
        return sidecar;
    }
    let text = match super::read_regular(&path, super::MAX_YAML_BYTES).and_then(|b| {
        String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }) {
        Ok(t) => t,
        Err(e) => {
            sidecar
                .diagnostics
                .push(unreadable(crate::diag::io_reason(&e)));
            return sidecar;
        }
    };
    let root = match node::parse(&text) {
        Ok(root) => root,
        Err(e) => {
            let (message, hint) = super::yaml::syntax_message(&e.message);
            sidecar.diagnostics.push(
                Diagnostic::new(Code::E0002, &path, e.place, msg::yaml_syntax(&message))
                    .with_hint(hint),
            );
            return sidecar;
        }
    };
    let Value::Map(items) = &root.value else {
        let (message, hint) = msg::accepted_not_a_map(word, root.kind());
        sidecar
            .diagnostics
            .push(Diagnostic::new(Code::E0113, &path, root.place, message).with_hint(hint));
        return sidecar;
    };
    for (k, v) in items {
        let name = k.scalar_text().unwrap_or_default();
        let name = name.trim();
        let (found, mut diags) = entries(v, word, &path);
        sidecar.diagnostics.append(&mut diags);
        let key = (name != "*").then(|| name.nfc().collect::<String>());
        sidecar.tables.push((key, k.place.clone(), found));
    }
    sidecar
}

impl Sidecar {
    /// The acceptances of the table named `name` (and those for every table).
    pub fn for_table(&self, name: &str) -> Vec<Acceptance> {
        let name: String = name.trim().nfc().collect();
        (self.tables.iter())
            .filter(|(n, _, _)| n.as_ref().is_none_or(|n| *n == name))
            .flat_map(|(_, _, a)| a.iter().cloned())
            .collect()
    }

    /// An entry naming a table the file does not have (E0112): `names` are the
    /// 项目名称 of the file's tables.
    pub fn unmatched(&self, names: &[String]) -> Vec<Diagnostic> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        let names: Vec<String> = names.iter().map(|n| n.trim().nfc().collect()).collect();
        (self.tables.iter())
            .filter_map(|(n, place, _)| {
                n.as_ref()
                    .filter(|n| !names.contains(n))
                    .map(|n| (n, place))
            })
            .map(|(n, place)| {
                let (message, hint) = msg::accepted_table_missing(n);
                Diagnostic::new(Code::E0112, path, place.clone(), message).with_hint(hint)
            })
            .collect()
    }
}
