//! Lay out: a form template renders a scored project into table markup,
//! which is parsed into a [`Grid`].

pub mod grid;
pub mod style;

pub use grid::{Cell, Content, Grid, Heading, Meta, Page, Slot};
pub use style::{HAlign, Style, VAlign};
