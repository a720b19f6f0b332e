use jixiao::layout::{Form, Slot};
use std::collections::HashSet;
fn main() {
    let form = Form::builtin("shanghai").unwrap();
    let dir = std::env::args().nth(1).unwrap();
    let mut seen = HashSet::new();
    let (mut total, mut hits) = (0usize, 0usize);
    let mut files: Vec<_> = walk(std::path::Path::new(&dir));
    files.sort();
    for f in files.iter().take(1000) {
        let c = jixiao::pipeline::check_file(f);
        let Some(s) = c.scored else { continue };
        let g = form.lay_out(&s, 2024).unwrap();
        for (r, row) in g.slots.iter().enumerate() {
            for (col, slot) in row.iter().enumerate() {
                let (Slot::Anchor(i) | Slot::Covered(i)) = *slot;
                let cell = &g.cells[i];
                let key = match slot {
                    Slot::Anchor(_) => format!(
                        "A|{}|{}|{}|{}|{}",
                        cell.content.text(),
                        cell.class,
                        cell.col,
                        cell.colspan,
                        cell.rowspan > 1
                    ),
                    Slot::Covered(_) if cell.col == col && cell.row < r => {
                        format!("C|{}|{}|{}", cell.class, cell.col, cell.colspan)
                    }
                    _ => continue,
                };
                total += 1;
                if !seen.insert(key) {
                    hits += 1;
                }
            }
        }
    }
    println!(
        "cells {total}, repeats {hits} ({:.0} %), distinct {}",
        100.0 * hits as f64 / total as f64,
        seen.len()
    );
}
fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "yaml") {
            v.push(p);
        }
    }
    v
}
