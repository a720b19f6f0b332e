//! html renderer (in progress).
