//! Loading projects from their input files.

pub mod carry;
pub mod docx;
pub mod emit;
pub(crate) mod node;
pub mod sheet;
pub mod typed;
pub mod yaml;

pub use crate::form::Words;

use crate::model::target::ParseError;

/// The largest YAML input read: one project's file is a few KB; a larger one is
/// not a table (and reading it whole would cost its size in memory many times).
pub const MAX_YAML_BYTES: u64 = 16 << 20;

/// The largest workbook read: a thousand tables take a few MB.
pub const MAX_WORKBOOK_BYTES: u64 = 256 << 20;

/// A file larger than `limit` bytes, as a message; `None` when it fits (or its
/// size cannot be known, which reading then reports).
pub fn too_large(file: &std::path::Path, limit: u64) -> Option<String> {
    let size = std::fs::metadata(file).ok()?.len();
    (size > limit).then(|| {
        format!(
            "文件过大（{:.1} MB，上限 {} MB），不是一张自评表，未读取",
            size as f64 / 1048576.0,
            limit >> 20
        )
    })
}

pub use crate::model::num::max_figure;

/// E0109 for a number beyond [`max_figure`]: message and hint, the same for every
/// input format.
pub fn out_of_range(label: &str, shown: &str) -> (String, String) {
    (
        format!("“{label}”的数值“{}”超出范围", shown.trim()),
        "金额以万元为单位，分值和得分不超过 100；数值的绝对值须小于 1 万亿".to_string(),
    )
}

/// The message for a number followed by a unit its field does not take
/// (`20美元` as an amount), the same for every input format.
pub fn wrong_unit(label: &str, shown: &str, unit: &str) -> String {
    format!("“{label}”的“{shown}”中，数字后面的“{unit}”不是这一栏能用的单位")
}

/// E0301 for a 年度指标值 that cannot be read: message and hint, the same for every input format.
pub fn bad_target(what: &str, e: &ParseError) -> (String, String) {
    (
        format!("{what}的年度指标值无法识别: {}", e.0),
        "定量指标写作 运算符+数字+单位（如 ≥90%、=5家、≤30万元），定性指标直接写文字（如 高、及时）"
            .to_string(),
    )
}

/// E0302 for a 实际完成值 that cannot be read: message and hint, the same for every input format.
pub fn bad_actual(what: &str, e: &ParseError) -> (String, String) {
    (
        format!("{what}的实际完成值无法识别: {}", e.0),
        "写作 数字+单位（如 80%、25家），或定性文字（如 达成指标）".to_string(),
    )
}
