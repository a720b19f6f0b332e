//! Loading projects from their input files.

pub mod node;
pub mod vocab;
pub mod yaml;
