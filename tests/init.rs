//! `jixiao init`: next year starts from this year (上年数据带入), and a new user
//! starts from a commented example.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .expect("run jixiao")
}

fn root(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("init")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    dir
}

fn codes(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .filter_map(|l| l.split('"').nth(3).map(str::to_string))
        .collect()
}

/// Fills every blank field with last year's value from its comment.
fn fill_with_last_year(text: &str) -> String {
    text.lines()
        .map(|line| match line.split_once(":  ") {
            Some((key, rest))
                if rest.trim_start().starts_with("# 2024: ")
                    && !key.trim_start().starts_with('#') =>
            {
                let was = rest.trim_start().trim_start_matches("# 2024: ");
                format!("{key}: \"{}\"", was.replace('"', "\\\""))
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn next_year_from_this_year_checks_for_missing_values_only_and_reports_once_filled() {
    let dir = root("from");
    for e in std::fs::read_dir("tests/seed/2024").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("2024").join(p.file_name().unwrap())).unwrap();
    }
    let d = dir.to_str().unwrap();
    let o = jixiao(&["init", "--year", "2025", "--from", "2024", "--inputs", d]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let year = dir.join("2025");
    let files: Vec<PathBuf> = std::fs::read_dir(&year)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 3);
    let text = std::fs::read_to_string(year.join("托育中心经费.yaml")).unwrap();
    assert!(text.contains("年度: 2025"), "{text}");
    assert!(
        text.contains("年度指标值: \"=5.00家\""),
        "targets kept: {text}"
    );
    assert!(
        text.contains("# 2024: 0.00(家)"),
        "last year's value as a comment: {text}"
    );

    let o = jixiao(&["check", year.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let found = codes(&o);
    assert!(!found.is_empty());
    let missing = ["E0101", "E0504", "E0505"];
    assert!(
        found.iter().all(|c| missing.contains(&c.as_str())),
        "{found:?}"
    );

    // Fill in this year's values (here: last year's, from the comments).
    for f in &files {
        let filled = fill_with_last_year(&std::fs::read_to_string(f).unwrap());
        std::fs::write(f, filled).unwrap();
    }
    let o = jixiao(&["check", year.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let out = dir.join("out");
    let o = jixiao(&[
        "report",
        "--year",
        "2025",
        "--inputs",
        year.to_str().unwrap(),
        "--outputs",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out
        .join("上海市闵行区托育服务指导中心/2025年度项目支出绩效自评表.docx")
        .is_file());

    // Run again: nothing is overwritten without --force.
    let o = jixiao(&["init", "--year", "2025", "--from", "2024", "--inputs", d]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("已存在，未覆盖"));
}

#[test]
fn without_last_year_an_example_that_checks_clean() {
    let dir = root("example");
    let o = jixiao(&["init", "--year", "2025", "--inputs", dir.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let example = dir.join("2025/示例项目.yaml");
    let text = std::fs::read_to_string(&example).unwrap();
    assert!(
        text.contains("年度: 2025") && text.contains("示例-"),
        "{text}"
    );
    let o = jixiao(&["check", example.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = jixiao(&[
        "init",
        "--year",
        "2026",
        "--from",
        "2025",
        "--inputs",
        "tests/nonexistent",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_example_init_writes_is_the_readme_example() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let example = jixiao::init::EXAMPLE;
    let body = example.split_once('\n').map_or(example, |(_, rest)| rest);
    assert!(example.starts_with("# 示例项目"), "{example}");
    assert_eq!(
        body,
        &readme[start..end],
        "src/init/example.yaml drifted from README.md"
    );
}
