//! Lay out: a form template renders a scored project into table markup,
//! which is parsed into a [`Grid`].

pub mod fill;
pub mod grid;
pub mod markup;
pub mod view;
pub mod widths;

pub use crate::form::style::{HAlign, Style, VAlign};
use crate::form::{Form, FormError};
use crate::score::Scored;
pub use grid::{Cell, Content, Fill, Grid, Heading, Meta, Page, Slot};
use view::View;

/// Lays out one scored project on `form`; `year` is the run's year, used when
/// the input has none.
pub fn lay_out(form: &Form, scored: &Scored, year: u16) -> Result<Grid, FormError> {
    let view = View::new(scored, year, &form.print, (&form.fields, &form.sources));
    grid_of(form, view)
}

/// Lays out one project as a unit receives it to fill: what jixiao would
/// compute and the input leaves out prints blank (see [`fill`]); the cells the
/// template marks `fill` carry [`Fill`].
pub fn lay_out_to_fill(form: &Form, scored: &Scored, year: u16) -> Result<Grid, FormError> {
    let mut view = View::new(scored, year, &form.print, (&form.fields, &form.sources));
    view.leave_unwritten_blank(scored);
    if view.fields.values().all(String::is_empty) {
        return grid_of(form, view);
    }
    let mut grid = grid_of(form, view.clone())?;
    // A field of the form's in a cell to fill (评价结论, 项目负责人) is the year's
    // to write, not carried: such cells print as without the fields.
    view.fields.values_mut().for_each(String::clear);
    let bare = grid_of(form, view)?;
    if bare.cells.len() == grid.cells.len() {
        for (cell, bare) in grid.cells.iter_mut().zip(bare.cells) {
            if cell.fill != Fill::No && (cell.row, cell.col) == (bare.row, bare.col) {
                cell.content = bare.content;
            }
        }
    }
    Ok(grid)
}

/// The grid of a view on `form`.
fn grid_of(form: &Form, view: View) -> Result<Grid, FormError> {
    let markup = form.render(&view)?;
    let table = markup::parse(&markup, &form.styles).map_err(|e| FormError {
        form: form.source.clone(),
        message: e.to_string(),
    })?;
    crate::form::bounds::check_columns(&table.columns).map_err(|message| FormError {
        form: form.source.clone(),
        message,
    })?;
    let mut grid = Grid {
        meta: Meta {
            title: view.name.clone(),
            created: created_at(view.year),
        },
        page: form.page.clone(),
        headings: table.headings,
        columns: table.columns,
        cells: table.cells,
        slots: table.slots,
        repeat: table.repeat,
        styles: form.styles.clone(),
    };
    widths::fit(&mut grid);
    Ok(grid)
}

/// Lays out the example project on a form, to find a template's mistakes (an
/// unknown variable, unbalanced markup) before any real project meets them.
pub fn try_out(form: &Form) -> Result<(), FormError> {
    let file = std::path::Path::new("example.yaml");
    let (project, _) = crate::input::yaml::load_str(file, crate::form::EXAMPLE, &form.words());
    let project = project.ok_or_else(|| FormError {
        form: form.source.clone(),
        message: crate::diag::text::EXAMPLE_UNREADABLE.to_string(),
    })?;
    let scored = crate::score::score_by(project, form.rules.clone());
    lay_out(form, &scored, 2024).map(drop)
}

/// The pinned creation time of a year's documents: 1 January of the following year.
pub fn created_at(year: u16) -> String {
    format!("{}-01-01T00:00:00Z", u32::from(year) + 1)
}
