//! Diagnostics: what is wrong with an input, where, and how to fix it.

pub mod catalog;
pub mod human;
pub mod msg;
pub mod refusal;
pub mod text;

use std::path::PathBuf;

use serde::Serialize;

pub use catalog::{lookup, rule, Code, Rule, RULES};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The project cannot be published as it is.
    Error,
    /// Probably wrong; the project is still rendered.
    Warning,
    /// Worth knowing; never blocks anything.
    Info,
}

impl Severity {
    /// The Chinese label printed in front of a diagnostic.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    /// The letter a code of this severity is shown with: E, W or I.
    pub fn letter(self) -> char {
        match self {
            Severity::Error => 'E',
            Severity::Warning => 'W',
            Severity::Info => 'I',
        }
    }
}

/// A code as users see it: its number with the letter of its rule's severity
/// (`E0602`, `W0603`, `I0403`). The catalogue keys every rule by `E` and its
/// number; `explain` accepts either spelling.
pub fn shown_code(code: Code) -> String {
    let letter = rule(code).severity.letter();
    format!("{letter}{}", &code.as_str()[1..])
}

fn serialize_code<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&shown_code(*code))
}

/// Where in an input a value sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Place {
    /// Somewhere in the file as a whole.
    #[default]
    File,
    /// A text file position: 1-based line and column (in characters), and the
    /// length of the value in characters (0 when unknown).
    Text {
        /// 1-based line.
        line: u32,
        /// 1-based column, counted in characters.
        col: u32,
        /// Length of the marked value in characters.
        len: u32,
    },
    /// A spreadsheet cell such as `[托育中心经费]!C14`.
    Cell {
        /// Sheet name.
        sheet: String,
        /// A1-style cell reference.
        cell: String,
    },
    /// A cell of a Word document's table: `表3 第12行第5列` (1-based; row 0 is
    /// the text above the table, its title and year).
    Table {
        /// The table's number in the document, from 1.
        table: u32,
        /// Row of the table, from 1; 0 above it.
        row: u32,
        /// Column of the table's grid, from 1.
        col: u32,
    },
}

impl Place {
    /// The place in words, for a list of findings: `第 27 行第 3 列` in a YAML
    /// file, `[托育中心经费]!C14`, `表2 第16行第8列`; empty for the whole file.
    pub fn describe(&self) -> String {
        match self {
            Place::File => String::new(),
            Place::Text { line, col, .. } => format!("第 {line} 行第 {col} 列"),
            other => other.to_string().trim().to_string(),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Text { line, col, .. } => write!(f, ":{line}:{col}"),
            Place::Cell { sheet, cell } => write!(f, " [{sheet}]!{cell}"),
            Place::Table { table, row: 0, .. } => write!(f, " 表{table} 上方"),
            Place::Table { table, row, col } => write!(f, " 表{table} 第{row}行第{col}列"),
        }
    }
}

/// One finding about one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code such as `E0102`; see [`RULES`] (shown with its severity's
    /// letter, see [`shown_code`]).
    #[serde(serialize_with = "serialize_code")]
    pub code: Code,
    /// Severity of the rule behind the code.
    pub severity: Severity,
    /// What is wrong, in Chinese, in the user's terms.
    pub message: String,
    /// The input file.
    pub file: PathBuf,
    /// Where in the file.
    pub place: Place,
    /// How to fix it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Why the unit keeps the value all the same (已确认), when it accepted
    /// this finding: an accepted error does not stop the table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// For a difference from the approved 目标表 (`--targets`): the approved
    /// value and the 自评表's, as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<Compared>,
}

/// The two sides of a difference from the approved 目标表.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Compared {
    /// What the 目标表 approved.
    pub approved: String,
    /// What the 自评表 writes.
    pub reported: String,
}

impl Diagnostic {
    /// A diagnostic for `code` at `place` of `file`; the severity comes from the catalogue.
    pub fn new(
        code: Code,
        file: impl Into<PathBuf>,
        place: Place,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: rule(code).severity,
            message: message.into(),
            file: file.into(),
            place,
            hint: None,
            accepted: None,
            compared: None,
        }
    }

    /// The same diagnostic with a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this finding blocks publication: an error the unit has not
    /// accepted.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error && self.accepted.is_none()
    }
}

/// Warnings made errors and acceptances revoked (`--strict`): a table with a
/// warning or an accepted error then fails as with an error.
pub fn warnings_as_errors(diags: &mut [Diagnostic]) {
    for d in diags {
        if d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
        if d.severity == Severity::Error {
            d.accepted = None;
        }
    }
}

/// How many of `diags` are errors.
pub fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

/// A file-system error in the user's words, with the system's own message in
/// brackets: `文件或文件夹不存在（No such file or directory (os error 2)）`.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // A file refused before it was read (a FIFO, a device, too large) says so itself.
    if let Some(refused) =
        (e.get_ref()).and_then(|i| i.downcast_ref::<crate::diag::refusal::SafeError>())
    {
        return refused.to_string();
    }
    // Opened without following links (O_NOFOLLOW) and a link was there.
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return format!("是符号链接，jixiao 不经链接读写（{e}）");
    }
    let what = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有读写权限",
        K::AlreadyExists => "已经存在",
        K::IsADirectory => "这是文件夹，不是文件",
        K::NotADirectory => "路径中有一部分不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::StorageFull | K::QuotaExceeded => "磁盘空间不足",
        K::ReadOnlyFilesystem => "所在的磁盘只读",
        K::InvalidData => "内容无法读取（编码或格式不对）",
        K::UnexpectedEof => "文件不完整",
        K::InvalidFilename => "文件名不合法或过长",
        K::OutOfMemory => "内存不足",
        _ => "读写失败",
    };
    format!("{what}（{e}）")
}

/// Sorts diagnostics by file, then position, then code, as they are reported.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, &a.place, a.code, &a.message).cmp(&(&b.file, &b.place, b.code, &b.message))
    });
}
