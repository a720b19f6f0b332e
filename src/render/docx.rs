//! docx renderer (in progress).
