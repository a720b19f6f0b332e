//! The fields of a table, by what they mean: the words a form prints for each
//! are data (the form's vocabulary), never Rust.

use serde::Deserialize;

/// A field of the input, whatever a form calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // each variant is documented by its words in templates/vocabulary.yaml
pub enum Key {
    Year,
    Form,
    Order,
    Name,
    Department,
    Unit,
    Funds,
    Goals,
    Indicators,
    Total,
    Grade,
    AmountUnit,
    FundsWeight,
    Score,
    FundsTotal,
    Appropriation,
    Carryover,
    Other,
    Initial,
    Budget,
    Spent,
    Rate,
    Expected,
    Achieved,
    Level1,
    Level2,
    Level3,
    Target,
    TargetOp,
    TargetUnit,
    Actual,
    Weight,
    Reason,
    /// 已确认: the findings the unit keeps its values against, with its reasons.
    Accepted,
    /// At least one fund source row (其中:当年财政拨款, or a form's own).
    Sources,
}
