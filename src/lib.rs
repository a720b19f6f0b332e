//! jixiao: checks, scores and renders 财政项目支出绩效自评表 (project expenditure
//! performance self-evaluation tables) from YAML inputs.

pub mod layout;
pub mod render;
