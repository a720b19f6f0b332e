//! Lay out: a form template renders a scored project into table markup,
//! which is parsed into a [`Grid`].

pub mod catalog;
pub mod form;
pub mod grid;
pub mod markup;
pub mod print;
pub mod style;
pub mod view;

pub use catalog::Catalog;
pub use form::{Form, LayoutError, DEFAULT_FORM};
pub use grid::{Cell, Content, Grid, Heading, Meta, Page, Slot};
pub use style::{HAlign, Style, VAlign};
