//! Messages of layout and rendering: table markup, fonts, targets that cannot be read.
