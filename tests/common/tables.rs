//! Tables as the golden files write them (`tests/golden/*.tsv`): one line per
//! table row, slots separated by tabs; a slot holds the cell's text (paragraphs
//! joined by ` ⏎ `), `<` when covered by the cell to its left, `^` when covered
//! by the cell above.

use calamine::Data;

use super::xlsx_read::read_all;

/// An anchored cell: row, column, rows, columns, text.
pub type Anchor = (usize, usize, usize, usize, String);

/// The golden notation of anchored cells.
pub fn notation(cells: &[Anchor]) -> String {
    let rows = cells.iter().map(|c| c.0 + c.2).max().unwrap_or(0);
    let cols = cells.iter().map(|c| c.1 + c.3).max().unwrap_or(0);
    let mut grid = vec![vec![String::from("?"); cols]; rows];
    for (r, c, rs, cs, text) in cells {
        for (dr, row) in grid[*r..r + rs].iter_mut().enumerate() {
            for (dc, slot) in row[*c..c + cs].iter_mut().enumerate() {
                *slot = match (dr, dc) {
                    (0, 0) => text.replace('\n', " ⏎ "),
                    (0, _) => "<".into(),
                    _ => "^".into(),
                };
            }
        }
    }
    grid.iter().map(|r| r.join("\t") + "\n").collect()
}

/// The table of a workbook's first sheet as anchored cells, below its `skip`
/// heading rows.
pub fn xlsx_cells(bytes: &[u8], skip: usize, text: fn(&Data) -> String) -> Vec<Anchor> {
    let sheets = read_all(bytes).unwrap();
    let sheet = &sheets[0];
    let width = sheet.cells.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut covered = vec![vec![false; width]; sheet.cells.len()];
    let mut cells: Vec<Anchor> = Vec::new();
    for &(r0, c0, r1, c1) in &sheet.merged {
        let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
        for row in covered.iter_mut().take(r1 + 1).skip(r0) {
            for slot in row.iter_mut().take(c1 + 1).skip(c0) {
                *slot = true;
            }
        }
        if r0 >= skip {
            let text = text(sheet.cell(r0, c0));
            cells.push((r0 - skip, c0, r1 - r0 + 1, c1 - c0 + 1, text));
        }
    }
    for (r, row) in covered.iter().enumerate().skip(skip) {
        for (c, is_covered) in row.iter().enumerate() {
            if !is_covered {
                cells.push((r - skip, c, 1, 1, text(sheet.cell(r, c))));
            }
        }
    }
    cells
}
