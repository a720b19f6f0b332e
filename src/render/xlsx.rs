//! xlsx renderer (in progress).
