//! Helpers shared by integration tests.

#![allow(dead_code)]

pub mod docx_read;
pub mod sheet_build;
pub mod xlsx_read;
