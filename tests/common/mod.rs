//! Helpers shared by integration tests.

#![allow(dead_code)]

pub mod docx_read;
pub mod sheet_build;
pub mod tables;
pub mod xlsx_read;

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir` by its `/`-separated path relative to `dir`, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pending.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                let parts: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
                out.insert(parts.join("/"), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Every file under `dir`, its subfolders' too, as paths.
pub fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The built-in forms, loaded once for the whole test binary.
pub fn forms() -> &'static jixiao::form::Catalog {
    static FORMS: std::sync::OnceLock<jixiao::form::Catalog> = std::sync::OnceLock::new();
    FORMS.get_or_init(|| jixiao::form::Catalog::builtin().expect("the built-in forms load"))
}

/// A project scored by the national rules (the national form's).
pub fn score(p: jixiao::model::Project) -> jixiao::score::Scored {
    let rules = forms().get("national").expect("built in").rules.clone();
    jixiao::score::score_by(p, rules)
}

/// Runs the jixiao binary with `args`, whatever it exits with.
pub fn jixiao(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .expect("run jixiao")
}

/// Runs the jixiao binary with `args` and fails the test, with its stderr,
/// unless it succeeds.
pub fn jixiao_ok(args: &[&str]) -> std::process::Output {
    let o = jixiao(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}
