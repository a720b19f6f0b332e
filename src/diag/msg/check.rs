//! Messages of validation, scoring, the audit's patterns and the check stage.
