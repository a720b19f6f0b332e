//! The named style set of a form: fonts, sizes, weight, alignment, borders.

use serde::Deserialize;

/// Horizontal alignment of text in a cell or heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HAlign {
    /// Flush left.
    Left,
    /// Centred.
    #[default]
    Center,
    /// Flush right.
    Right,
}

/// Vertical alignment of text in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VAlign {
    /// Top of the cell.
    Top,
    /// Middle of the cell.
    #[default]
    Center,
    /// Bottom of the cell.
    Bottom,
}

/// How a class of text looks, in terms every renderer can map.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    /// East Asian font name, e.g. 宋体.
    pub font: String,
    /// Latin font name used for digits and ASCII, e.g. SimSun or Times New Roman.
    pub latin_font: String,
    /// Font size in points.
    pub size_pt: f64,
    /// Bold text.
    pub bold: bool,
    /// Horizontal alignment.
    pub align: HAlign,
    /// Vertical alignment.
    pub valign: VAlign,
    /// Thin border on all four sides.
    pub border: bool,
    /// Wrap long text inside the cell.
    pub wrap: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            font: crate::diag::msg::layout::SONGTI.to_string(),
            latin_font: "SimSun".to_string(),
            size_pt: 10.5,
            bold: false,
            align: HAlign::Center,
            valign: VAlign::Center,
            border: true,
            wrap: true,
        }
    }
}
