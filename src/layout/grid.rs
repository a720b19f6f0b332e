//! The laid-out form: headings above a table of anchored cells with spans.
//!
//! A `Grid` is what every renderer consumes. It knows nothing about budgets or
//! indicators: only text, spans, style classes and widths.

use std::collections::BTreeMap;

pub use crate::form::Page;
use crate::form::Style;

/// What a cell holds: text, or a number that a spreadsheet should store as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Plain text; `\n` separates paragraphs.
    Text(String),
    /// A decimal number, already rounded; `text` is how the form prints it.
    Number {
        /// The printed form, e.g. `117.94` or `0.00`.
        text: String,
        /// Decimal places of the printed form, for the spreadsheet number format.
        places: u32,
        /// Printed with `%` (`86.19%`): a spreadsheet stores the fraction and
        /// shows it as a percentage.
        percent: bool,
        /// The exact value when the form gives one (`value="35.465"`): a spreadsheet
        /// stores it, showing `text`, so that the workbook reads back to the same
        /// project.
        exact: Option<String>,
    },
}

impl Content {
    /// The text as printed on the form.
    pub fn text(&self) -> &str {
        match self {
            Content::Text(t) => t,
            Content::Number { text, .. } => text,
        }
    }
}

/// Whether the unit fills a cell in a fill-in workbook (`fill` on the
/// markup's `<td>`): such a cell prints blank where the input leaves its value
/// out, and is the one cell of a protected sheet left unlocked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fill {
    /// A label or a carried (approved) value: locked.
    #[default]
    No,
    /// Text the unit writes (实际完成值, 偏差原因…).
    Text,
    /// A number the unit writes (an amount, 执行率, 得分): checked as a number.
    Number,
}

/// One cell of the table at its top-left slot, with how far it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Zero-based row of the top-left slot.
    pub row: usize,
    /// Zero-based column of the top-left slot.
    pub col: usize,
    /// Rows covered, at least 1.
    pub rowspan: usize,
    /// Columns covered, at least 1.
    pub colspan: usize,
    /// What the cell shows.
    pub content: Content,
    /// Style class name, a key of `Grid::styles`.
    pub class: String,
    /// Whether the unit fills it in a fill-in workbook.
    pub fill: Fill,
}

/// What occupies a slot of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The top-left slot of cell `i` (index into `Grid::cells`).
    Anchor(usize),
    /// A slot covered by the span of cell `i`.
    Covered(usize),
}

/// A paragraph printed above the table (title, year line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The text.
    pub text: String,
    /// Style class name, a key of `Grid::styles`.
    pub class: String,
}

/// Document properties written into every file, pinned for byte-identical output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// Document title (the project name).
    pub title: String,
    /// Creation time, ISO 8601 UTC (`2025-01-01T00:00:00Z`); never the clock.
    pub created: String,
}

/// A complete laid-out form, ready for any renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Document properties.
    pub meta: Meta,
    /// Paper and margins.
    pub page: Page,
    /// Paragraphs above the table, in order.
    pub headings: Vec<Heading>,
    /// Column widths in millimetres.
    pub columns: Vec<f64>,
    /// Cells in reading order (by row, then column).
    pub cells: Vec<Cell>,
    /// `slots[row][col]`: which cell occupies each slot; every slot is filled.
    pub slots: Vec<Vec<Slot>>,
    /// Table rows printed again at the top of every page the table runs onto
    /// (the form's indicator header), in order.
    pub repeat: Vec<usize>,
    /// Style classes used by headings and cells.
    pub styles: BTreeMap<String, Style>,
}

impl Grid {
    /// Number of table rows.
    pub fn row_count(&self) -> usize {
        self.slots.len()
    }

    /// Number of table columns.
    pub fn col_count(&self) -> usize {
        self.columns.len()
    }

    /// The style of a class; the default style when the class is unknown.
    pub fn style(&self, class: &str) -> &Style {
        static DEFAULT: std::sync::LazyLock<Style> = std::sync::LazyLock::new(Style::default);
        self.styles.get(class).unwrap_or(&DEFAULT)
    }

    /// Total table width in millimetres.
    pub fn width_mm(&self) -> f64 {
        self.columns.iter().sum()
    }

    /// Width in millimetres of a cell (sum of the columns it spans).
    pub fn cell_width_mm(&self, cell: &Cell) -> f64 {
        self.columns[cell.col..cell.col + cell.colspan].iter().sum()
    }
}
