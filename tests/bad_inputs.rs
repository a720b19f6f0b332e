//! The bad-input corpus in `tests/bad/`: small inputs with a clerk's mistakes, one
//! (occasionally two) per file. The first line of each file says which codes it must
//! produce: `# expect: E0602` (space-separated; empty when the file is fine alone).
//!
//! Layout of the corpus (see also `tests/bad/README.md`):
//! - `tests/bad/*.yaml`: checked one by one; the folder name `bad` is not a year, so
//!   the year-folder rule (E0106) does not apply to them;
//! - `tests/bad/2024/`: cases that need a year folder (E0106);
//! - `tests/bad/dup/`: checked together with `find_duplicates` (E0108): the first file
//!   of a pair is fine alone, the second one is the duplicate;
//! - a folder with a `form/` folder in it (`tests/bad/rules-strict/`): its cases are
//!   checked by that form's rules (`form.yaml`'s `rules:`), as `jixiao check --form`
//!   does; the `form/` folder itself holds no case.
//!
//! Every code of the catalogue can be triggered from a file, so every code has a case
//! (`every_catalog_code_has_a_case`). Spreadsheet codes (E07xx) are covered by
//! workbooks built in `tests/sheet_inputs.rs` (`every_sheet_code_has_a_case`).
//!
//! For each case: every expected code is produced; no other error code is produced
//! (warnings and notes may come in addition); every diagnostic points at a real line
//! of the file, except whole-file problems (E0001 and the empty file); nothing panics.

mod common;
use common::forms;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jixiao::diag::{human, Diagnostic, Place, Severity, RULES};
use jixiao::form::Catalog;
use jixiao::pipeline::{check_file, find_duplicates, input_files, Checked};

const ROOT: &str = "tests/bad";

/// Folders whose files are checked together, as `jixiao check <folder>` does.
const TOGETHER: &[&str] = &["dup"];

/// The codes a case must produce, from its first line.
fn expected(file: &Path) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let codes = first.trim().strip_prefix("# expect:").unwrap_or_else(|| {
        panic!(
            "{}: the first line must be `# expect: CODE…`",
            file.display()
        )
    });
    codes.split_whitespace().map(str::to_string).collect()
}

fn folders(dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(dir.to_path_buf());
    let mut subs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    subs.sort();
    for s in subs {
        folders(&s, out);
    }
}

/// Every case of the corpus, checked, with its expected codes.
fn corpus() -> Vec<(Checked, Vec<String>)> {
    let mut dirs = Vec::new();
    folders(Path::new(ROOT), &mut dirs);
    let mut out = Vec::new();
    for dir in dirs.iter().filter(|d| !d.ends_with("form")) {
        let files = input_files(dir).unwrap();
        let together = dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| TOGETHER.contains(&n));
        let form = dir.join("form");
        let forms = if form.is_dir() {
            Catalog::load(form.to_str()).unwrap_or_else(|e| panic!("{e}"))
        } else {
            Catalog::load(None).unwrap()
        };
        let mut checked: Vec<Checked> = files.iter().map(|f| check_file(f, &forms)).collect();
        if together {
            find_duplicates(&mut checked);
        }
        for c in checked {
            let expect = expected(&c.file);
            out.push((c, expect));
        }
    }
    assert!(out.len() >= 45, "only {} cases", out.len());
    out
}

/// Whether a diagnostic may be about the whole file rather than a place in it.
fn whole_file(d: &Diagnostic, file: &Path) -> bool {
    d.code == "E0001"
        || (d.code == "E0101"
            && file
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("empty-file")))
}

fn line_count(file: &Path) -> usize {
    let bytes = std::fs::read(file).unwrap();
    String::from_utf8_lossy(&bytes).lines().count()
}

#[test]
fn every_case_produces_what_it_expects_and_nothing_worse() {
    let mut failures = Vec::new();
    for (c, expect) in corpus() {
        let file = c.file.display().to_string();
        let produced: BTreeSet<&str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
        for code in &expect {
            if !produced.contains(code.as_str()) {
                failures.push(format!("{file}: expected {code}, got {produced:?}"));
            }
        }
        for d in &c.diagnostics {
            // An error the case accepts (已确认) is not one.
            if d.is_error() && !expect.iter().any(|e| e == d.code.as_str()) {
                failures.push(format!(
                    "{file}: unexpected error {}: {}",
                    d.code, d.message
                ));
            }
            assert_eq!(d.file, c.file, "diagnostic about another file");
            match &d.place {
                Place::Text { line, col, .. } => {
                    let lines = line_count(&c.file);
                    if *line < 1 || *line as usize > lines || *col < 1 {
                        failures.push(format!(
                            "{file}: {} at {line}:{col}, outside the file's {lines} lines",
                            d.code
                        ));
                    }
                }
                Place::File if whole_file(d, &c.file) => {}
                other => failures.push(format!(
                    "{file}: {} has no line in the file: {other:?}",
                    d.code
                )),
            }
            if d.message.trim().is_empty() {
                failures.push(format!("{file}: {} has an empty message", d.code));
            }
        }
        // A case with an expected error must not be publishable.
        let expects_error = expect.iter().any(|code| {
            RULES
                .iter()
                .any(|r| r.code.as_str() == code && r.severity == Severity::Error)
        });
        if expects_error && c.is_publishable() {
            failures.push(format!("{file}: has errors but is publishable"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_catalog_code_has_a_case() {
    let covered: BTreeSet<String> = corpus().into_iter().flat_map(|(_, e)| e).collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code.as_str())
        // Spreadsheet codes: see tests/sheet_inputs.rs. Rendering failures (E09xx)
        // come from a form, not an input file: see tests/pack.rs.
        // E0111 (another year in the pack) comes from report: see tests/pack.rs.
        // E08xx compare a table with its approved 目标表: see tests/targets.rs.
        .filter(|code| !["E07", "E08", "E09"].iter().any(|p| code.starts_with(p)))
        .filter(|code| *code != "E0111")
        .filter(|code| !covered.contains(*code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a case in {ROOT}: {}",
        missing.join(", ")
    );
    let unknown: Vec<&String> = covered
        .iter()
        .filter(|c| !RULES.iter().any(|r| r.code == c.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "expected codes not in the catalogue: {unknown:?}"
    );
}

#[test]
fn seed_inputs_have_no_error_and_no_warning() {
    let files = input_files(Path::new("tests/seed/2024")).unwrap();
    assert_eq!(files.len(), 3, "{files:?}");
    let mut checked: Vec<Checked> = files.iter().map(|f| check_file(f, forms())).collect();
    find_duplicates(&mut checked);
    for c in &checked {
        assert!(c.is_publishable(), "{}", c.file.display());
        let bad: Vec<&Diagnostic> = c
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", c.file.display());
    }
}

/// The human output of `jixiao check` for one case: diagnostics and summary.
fn human_output(case: &str) -> String {
    let file = PathBuf::from(ROOT).join(case);
    let c = check_file(&file, forms());
    let source = |p: &Path| std::fs::read_to_string(p).ok();
    format!(
        "{}{}",
        human::render(&c.diagnostics, &source),
        human::summary(
            &c.diagnostics,
            std::slice::from_ref(&file),
            &Default::default()
        )
    )
}

#[test]
fn snapshot_typo_with_did_you_mean() {
    insta::assert_snapshot!(human_output("E0102-typo-project-name.yaml"));
}

#[test]
fn snapshot_sum_error() {
    insta::assert_snapshot!(human_output("E0202-total-not-sum.yaml"));
}

#[test]
fn snapshot_missing_reason() {
    insta::assert_snapshot!(human_output("E0602-score-below-weight-no-reason.yaml"));
}

#[test]
fn snapshot_yaml_syntax_error() {
    insta::assert_snapshot!(human_output("E0002-tab-indentation.yaml"));
}

#[test]
fn snapshot_several_errors_in_one_file() {
    insta::assert_snapshot!(human_output("multi-sum-reason-total.yaml"));
}

/// A 年度指标值 or 实际完成值 longer than a cell holds is E0110 like any
/// other text, at its own place.
#[test]
fn an_overlong_target_or_actual_value_is_too_long_text() {
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("long-values");
    std::fs::create_dir_all(&dir).unwrap();
    let long = "好".repeat(40_000);
    for (what, from, to) in [
        (
            "actual",
            "实际完成值: \"25.00家\"",
            format!("实际完成值: \"{long}\""),
        ),
        ("target", "年度指标值: 及时", format!("年度指标值: {long}")),
    ] {
        assert!(seed.contains(from), "{what}");
        let file = dir.join(format!("{what}.yaml"));
        std::fs::write(&file, seed.replacen(from, &to, 1)).unwrap();
        let checked = jixiao::pipeline::check_file(&file, common::forms());
        let codes: Vec<&str> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.as_str())
            .collect();
        assert!(codes.contains(&"E0110"), "{what}: {codes:?}");
    }
}
