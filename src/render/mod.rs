//! Renderers: turn [`Grid`](crate::layout::Grid)s into files. They know nothing about budgets.

pub mod docx;
pub mod fit;
pub mod html;
pub mod paging;
pub mod pdf;
pub mod xlsx;

/// Deflate level of every zip package written (docx and xlsx): the fastest level.
/// On the form's repetitive XML it costs about 7 % in size against level 6 and
/// saves 15–25 % of a pack's CPU time.
pub(crate) const ZIP_LEVEL: u8 = 1;

/// A renderer failed to produce its file.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The underlying writer reported an error.
    #[error("{}", crate::diag::msg::layout::write_failed(.format, .message))]
    Write {
        /// Which format was being written: docx, xlsx or html.
        format: &'static str,
        /// What the writer said.
        message: String,
        /// The writer's own error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}
