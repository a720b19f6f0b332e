//! The loader and the checks never panic, whatever the input: arbitrary strings
//! and mutations of the seed projects. Every diagnostic has a catalogued code.

mod common;
use common::forms;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::score;
use jixiao::diag::{Diagnostic, RULES};
use jixiao::input::yaml::load_str;
use jixiao::pipeline::check_file;
use jixiao::validate::validate;
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    include_str!("seed/2024/托育中心经费.yaml"),
    include_str!("seed/2024/信息化-闵行托育服务平台(2024运维).yaml"),
    include_str!("seed/2024/信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年).yaml"),
];

fn assert_catalogued(diags: &[Diagnostic], src: &str) -> Result<(), TestCaseError> {
    for d in diags {
        prop_assert!(
            RULES.iter().any(|r| r.code == d.code),
            "code {} is not in RULES: {d:?}\n{src}",
            d.code
        );
    }
    Ok(())
}

/// A scratch folder named like a year, so the 年度/folder check runs too.
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("loader_never_panics")
        .join("2024");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Loads, scores and validates the text directly, then runs the file-level check
/// (`pipeline::check_file`) on it written to disk.
fn check(src: &str) -> Result<(), TestCaseError> {
    let (project, mut diags) = load_str(
        Path::new("tests/seed/2024/x.yaml"),
        src,
        &Default::default(),
    );
    if let Some(p) = project {
        let s = score(p);
        diags.extend(validate(&s));
        // Printing every number of the form must not panic either.
        let _ = jixiao::model::num::fixed(s.total, 2);
        let _ = jixiao::model::num::fixed(s.weight_total, 2);
    }
    assert_catalogued(&diags, src)?;

    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let file = scratch().join(format!("case-{}-{n}.yaml", std::process::id()));
    std::fs::write(&file, src).unwrap();
    let checked = check_file(&file, forms());
    std::fs::remove_file(&file).ok();
    assert_catalogued(&checked.diagnostics, src)?;
    if checked.scored.is_none() {
        prop_assert!(
            checked.diagnostics.iter().any(Diagnostic::is_error),
            "no project and no error\n{src}"
        );
    }
    Ok(())
}

/// One edit of a YAML text, line-based; indices are taken modulo the line count.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert {
        line: usize,
        col: usize,
        text: String,
    },
    Indent {
        line: usize,
        by: i8,
    },
    SetValue {
        line: usize,
        value: &'static str,
    },
    Truncate(usize),
}

/// Values that probe the number and text handling: huge, tiny, odd spellings, YAML specials.
const VALUES: &[&str] = &[
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "1e30",
    "1e-30",
    "-1e27",
    "1E+28",
    "0.0000000000000000000000000001",
    "1.00000000000000000000000000001",
    "-0",
    "-5",
    "0",
    ".inf",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "1_000",
    "~",
    "null",
    "true",
    "\"\"",
    "[]",
    "{}",
    "[1, 2]",
    "{ a: 1 }",
    "≥",
    "≥1e40%",
    "=99999999999999999999999999999999家",
    "≤-0.0000001万元",
    "<0",
    ">(%)",
    "=5(家",
    "高",
    "部分达成",
    "9999999999",
    "2024年",
    "65536",
    "&a",
    "*a",
    "!!str 5",
    "|",
    ">-",
    "\"\\u0000\"",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let chars = prop::collection::vec(
        prop::sample::select(vec![
            ":", "-", "{", "}", "[", "]", "\"", "'", "\t", " ", "≥", "高", "#", "&", "*", "!", "|",
            ">", "%", ",", "?", "\n", "\r", "\u{feff}", "\u{0}", "0", "9", ".",
        ]),
        1..6,
    )
    .prop_map(|v| v.concat());
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::Delete),
        2 => any::<usize>().prop_map(Mutation::Duplicate),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        3 => (any::<usize>(), any::<usize>(), chars)
            .prop_map(|(line, col, text)| Mutation::Insert { line, col, text }),
        2 => (any::<usize>(), -4i8..=4).prop_map(|(line, by)| Mutation::Indent { line, by }),
        3 => (any::<usize>(), prop::sample::select(VALUES))
            .prop_map(|(line, value)| Mutation::SetValue { line, value }),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(src: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let len = lines.len();
        match m {
            Mutation::Delete(i) => {
                lines.remove(i % len);
            }
            Mutation::Duplicate(i) => {
                let l = lines[i % len].clone();
                lines.insert(i % len, l);
            }
            Mutation::Swap(a, b) => lines.swap(a % len, b % len),
            Mutation::Insert { line, col, text } => {
                let l = &mut lines[line % len];
                let cols: Vec<usize> = l.char_indices().map(|(i, _)| i).chain([l.len()]).collect();
                let at = cols[col % cols.len()];
                l.insert_str(at, text);
            }
            Mutation::Indent { line, by } => {
                let l = &mut lines[line % len];
                if *by >= 0 {
                    l.insert_str(0, &" ".repeat(*by as usize));
                } else {
                    let strip = l
                        .chars()
                        .take(by.unsigned_abs() as usize)
                        .take_while(|c| *c == ' ')
                        .count();
                    l.drain(..strip);
                }
            }
            Mutation::SetValue { line, value } => {
                let l = &mut lines[line % len];
                if let Some(i) = l.find(": ") {
                    l.truncate(i + 2);
                    l.push_str(value);
                } else {
                    l.push_str(value);
                }
            }
            Mutation::Truncate(i) => lines.truncate(i % len + 1),
        }
    }
    lines.join("\n") + "\n"
}

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

#[test]
fn seeds_load_without_errors() {
    for src in SEEDS {
        let (project, diags) = load_str(
            Path::new("tests/seed/2024/x.yaml"),
            src,
            &Default::default(),
        );
        assert!(project.is_some());
        assert!(!diags.iter().any(Diagnostic::is_error), "{diags:#?}");
    }
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn arbitrary_strings(src in any::<String>()) {
        check(&src)?;
    }

    #[test]
    fn yaml_like_strings(src in "[a-z0-9年度项目资金分值得分绩效指标 :\\-{}\\[\\]\"'\t\n≥高#&*!|>%.,?]{0,300}") {
        check(&src)?;
    }

    #[test]
    fn mutated_seeds(
        seed in prop::sample::select(SEEDS),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        check(&apply(seed, &mutations))?;
    }

    #[test]
    fn one_value_changed(
        seed in prop::sample::select(SEEDS),
        line in any::<usize>(),
        value in prop::sample::select(VALUES),
    ) {
        check(&apply(seed, &[Mutation::SetValue { line, value }]))?;
    }
}
