//! The words of every message jixiao shows: each function builds one message
//! (or message and hint) from its parameters, so that no user-facing text is
//! written outside `diag/`. Grouped by the stage that reports it.
pub mod check;
pub mod files;
pub mod fill;
pub mod input;
pub mod layout;
pub mod pack;
pub mod targets;
