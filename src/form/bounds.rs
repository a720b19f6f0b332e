//! The numbers of a form within what a page can print: every font size, margin,
//! column width and number of decimals finite, positive where it must be, and
//! small enough for an A4 page. A form folder may come from anywhere (a
//! province's website): a negative, NaN or huge number would otherwise give a
//! blank or invisible document, or stop a renderer.

use std::collections::BTreeMap;

use super::print::Places;
use super::{Page, Style};
use crate::diag::text as msg;

/// The smallest and largest font size, in points.
const SIZE_PT: (f64, f64) = (1.0, 72.0);

/// The largest page margin, in millimetres (a quarter of the A4's short side).
const MARGIN_MM: f64 = 52.0;

/// The largest space between a cell's border and its text, in millimetres.
const CELL_MARGIN_MM: f64 = 20.0;

/// The widest column, in millimetres (the tables are fitted to the page's
/// width; a column many pages wide would shrink every other to nothing).
const COLUMN_MM: f64 = 1000.0;

use crate::model::num::MAX_PLACES;

/// Checks the numbers of `form.yaml` (`text` its source, to name the line of a
/// bad number); the error names the key, its line when found, and the range.
pub(crate) fn check(
    page: &Page,
    styles: &BTreeMap<String, Style>,
    places: Places,
    text: &str,
) -> Result<(), String> {
    let margins = [("margins_mm", page.margins_mm, MARGIN_MM)];
    let cell_margins = [("cell_margins_mm", page.cell_margins_mm, CELL_MARGIN_MM)];
    for (key, values, max) in margins.into_iter().chain(cell_margins) {
        for (i, v) in values.iter().enumerate() {
            if !(v.is_finite() && (0.0..=max).contains(v)) {
                let at = line_of(text, &["page", key]);
                return Err(msg::form_number(
                    &format!("page.{key}[{i}]"),
                    at,
                    *v,
                    &msg::between(0.0, max),
                ));
            }
        }
    }
    for (name, style) in styles {
        let (min, max) = SIZE_PT;
        let v = style.size_pt;
        if !(v.is_finite() && (min..=max).contains(&v)) {
            let at = line_of(text, &["styles", name, "size_pt"]);
            return Err(msg::form_number(
                &format!("styles.{name}.size_pt"),
                at,
                v,
                &msg::between(min, max),
            ));
        }
    }
    if let Places::Fixed(n) = places {
        if n > MAX_PLACES {
            let at = line_of(text, &["print", "places"]);
            return Err(msg::form_number(
                "print.places",
                at,
                f64::from(n),
                &msg::between(0.0, f64::from(MAX_PLACES)),
            ));
        }
    }
    Ok(())
}

/// Checks the column widths a template gives (`col width=…`, in millimetres).
pub(crate) fn check_columns(widths: &[f64]) -> Result<(), String> {
    for (i, w) in widths.iter().enumerate() {
        if !(w.is_finite() && *w > 0.0 && *w <= COLUMN_MM) {
            return Err(msg::form_number(
                &msg::column_key(i + 1),
                None,
                *w,
                &msg::between(0.0, COLUMN_MM),
            ));
        }
    }
    Ok(())
}

/// The line (1-based) of the last key of `path` in a YAML text, found by
/// looking for each key after the line of the one before it (a flow mapping's
/// keys are on its line); `None` when a key is not found.
fn line_of(text: &str, path: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    for key in path {
        let found = (from..lines.len()).find(|&i| {
            let line = lines[i].split('#').next().unwrap_or_default();
            let starts = line.trim_start().starts_with(&format!("{key}:"));
            let inside =
                line.contains(&format!("{{ {key}:")) || line.contains(&format!(", {key}:"));
            starts || inside || line.contains(&format!("{{{key}:"))
        })?;
        from = found;
    }
    Some(from + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_a_key_in_a_flow_mapping() {
        let text =
            "name: x\nstyles:\n  title: { size_pt: -3, bold: true }\n  cell:\n    size_pt: 9\n";
        assert_eq!(line_of(text, &["styles", "title", "size_pt"]), Some(3));
        assert_eq!(line_of(text, &["styles", "cell", "size_pt"]), Some(5));
        assert_eq!(line_of(text, &["page", "margins_mm"]), None);
    }

    #[test]
    fn numbers_outside_a_page_are_refused() {
        let mut styles = BTreeMap::new();
        styles.insert("t".to_string(), Style::default());
        let page = Page::default();
        let places = Places::Fixed(2);
        assert!(check(&page, &styles, places, "").is_ok());
        for bad in [-1.0, 0.0, f64::NAN, f64::INFINITY, 100_000.0] {
            styles.get_mut("t").unwrap().size_pt = bad;
            let err = check(&page, &styles, places, "").unwrap_err();
            assert!(err.contains("styles.t.size_pt"), "{err}");
        }
        styles.get_mut("t").unwrap().size_pt = 9.0;
        let mut wide = page.clone();
        wide.margins_mm[1] = -5.0;
        assert!(check(&wide, &styles, places, "").is_err());
        assert!(check(&page, &styles, Places::Fixed(4_000_000_000), "").is_err());
        assert!(check_columns(&[10.0, 1e308]).unwrap_err().contains('2'));
    }
}
