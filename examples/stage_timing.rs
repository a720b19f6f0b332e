//! Times each stage of one project's pipeline, to see where a pack's time goes.
//! Run: cargo run --release --example stage_timing [FILE] [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use jixiao::form::{Catalog, Form};
use jixiao::render::pdf::{render_pdf, PdfFont};
use jixiao::render::{docx::render_docx, html::render_html, xlsx::render_xlsx};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "inputs/2024/托育中心经费.yaml".into()),
    );
    let rounds: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let form = Form::builtin("shanghai")?;
    let forms = Catalog::builtin()?;
    let time = |label: &str, f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..rounds {
            f();
        }
        println!(
            "{label:>8}: {:8.3} ms",
            start.elapsed().as_secs_f64() * 1e3 / f64::from(rounds)
        );
    };
    let mut checked = None;
    time("check", &mut || {
        checked = Some(jixiao::pipeline::check_file(&file, &forms))
    });
    let scored = checked
        .and_then(|c| c.scored)
        .ok_or("input does not load")?;
    let mut grid = None;
    time("layout", &mut || {
        grid = jixiao::layout::lay_out(&form, &scored, 2024).ok()
    });
    let grid = grid.ok_or("layout failed")?;
    time("docx", &mut || drop(render_docx(&[&grid])));
    time("xlsx", &mut || drop(render_xlsx(&[("s", &grid)])));
    time("html", &mut || drop(render_html(&[&grid])));
    match PdfFont::find() {
        Some(font) => {
            let glyphs = font.glyphs(&[&grid])?;
            time("pdf", &mut || drop(render_pdf(&[&grid], "t", &glyphs)));
        }
        None => println!("     pdf: skipped (no CJK font)"),
    }
    Ok(())
}
