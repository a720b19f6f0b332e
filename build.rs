//! Lists the built-in forms: every folder of `templates/` holding a `form.yaml`
//! and a `table.xhtml.j2` is compiled into the binary, so adding a province's
//! form needs no Rust.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("templates/ is part of the source")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("form.yaml").is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        let dir = root.join(name);
        println!("cargo::rerun-if-changed={}", dir.display());
        for file in ["form.yaml", "table.xhtml.j2"] {
            println!("cargo::rerun-if-changed={}", dir.join(file).display());
        }
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?}), include_str!({:?})),",
            dir.join("form.yaml").display().to_string(),
            dir.join("table.xhtml.j2").display().to_string(),
        );
    }
    out.push(']');
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_forms.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
