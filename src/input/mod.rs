//! Loading projects from their input files.

pub mod emit;
pub mod node;
pub mod sheet;
pub mod vocab;
pub mod yaml;
