//! jixiao: checks, scores and renders 财政项目支出绩效自评表 (project expenditure
//! performance self-evaluation tables) from YAML inputs.

pub mod audit;
pub mod diag;
pub mod form;
pub mod format;
pub mod import;
pub mod init;
pub mod input;
pub mod layout;
pub mod model;
pub mod pack;
pub mod pipeline;
pub mod render;
pub mod safe_io;
pub mod score;
pub mod synth;
pub mod targets;
pub mod validate;
