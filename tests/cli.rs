//! The `jixiao` binary's exit codes and output formats: 0 no error, 1 errors,
//! 2 usage or I/O problems.

mod common;
use common::forms;
use std::path::Path;
use std::process::{Command, Output};

use jixiao::diag::Place;
use jixiao::pipeline::check_file;

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run jixiao")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn seed_inputs_pass() {
    let o = jixiao(&["check", "tests/seed/2024"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 个错误"), "{}", stderr(&o));
}

#[test]
fn an_error_exits_1_and_names_code_and_place() {
    let case = "tests/bad/E0602-score-below-weight-no-reason.yaml";
    let o = jixiao(&["check", case]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("错误[E0602]"), "{err}");
    let d = check_file(Path::new(case), forms())
        .diagnostics
        .into_iter()
        .find(|d| d.code == "E0602")
        .expect("E0602");
    let Place::Text { line, col, .. } = d.place else {
        panic!("{:?}", d.place)
    };
    let place = format!("{case}:{line}:{col}");
    assert!(
        err.contains(&format!("--> {place}")),
        "{place} not in\n{err}"
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    let case = "tests/bad/E0603-score-above-proportional.yaml";
    let o = jixiao(&["check", case]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("警告[W0603]"), "{}", stderr(&o));
    let o = jixiao(&["check", "--strict", case]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn a_missing_path_exits_2() {
    let o = jixiao(&["check", "does/not/exist"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("does/not/exist"), "{}", stderr(&o));
}

#[test]
fn json_lines_have_code_severity_file_and_place() {
    let case = "tests/bad/multi-sum-reason-total.yaml";
    let o = jixiao(&["check", "--format", "json", case]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 3, "{out}");
    let mut codes = Vec::new();
    for line in lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        for key in ["code", "severity", "file", "place", "message"] {
            assert!(v.get(key).is_some(), "no {key} in {line}");
        }
        assert_eq!(v["file"], case, "{line}");
        assert_eq!(v["place"]["kind"], "text", "{line}");
        assert!(v["place"]["line"].as_u64().unwrap_or(0) >= 1, "{line}");
        codes.push(v["code"].as_str().unwrap_or_default().to_string());
    }
    for code in ["E0202", "E0602", "E0604"] {
        assert!(codes.iter().any(|c| c == code), "{code} not in {codes:?}");
    }
}

#[test]
fn explain_prints_the_rule() {
    let o = jixiao(&["explain", "E0602"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("E0602"), "{out}");
    assert!(out.contains("偏差原因分析及改进措施"), "{out}");
    let o = jixiao(&["explain", "e0602"]);
    assert_eq!(o.status.code(), Some(0), "lower case is accepted");
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    let o = jixiao(&["explain", "E9999"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E9999"), "{}", stderr(&o));
}

#[test]
fn check_goes_on_past_a_missing_path_and_exits_2() {
    let o = jixiao(&[
        "check",
        "tests/nonexistent.yaml",
        "tests/seed/2024/托育中心经费.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("错误[E0001]: 文件或文件夹不存在"), "{err}");
    assert!(
        err.contains("通过  tests/seed/2024/托育中心经费.yaml"),
        "{err}"
    );
}

#[test]
fn check_of_an_empty_folder_names_it_and_exits_2() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-year/2024");
    std::fs::create_dir_all(&dir).unwrap();
    let o = jixiao(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("中没有输入文件"), "{}", stderr(&o));
}

#[test]
fn explain_lists_every_code_and_takes_old_spellings() {
    let o = jixiao(&["explain"]);
    assert_eq!(o.status.code(), Some(0));
    let list = stdout(&o);
    for r in jixiao::diag::RULES {
        assert!(
            list.contains(&jixiao::diag::shown_code(r.code)),
            "{} missing",
            r.code
        );
    }
    assert!(list.contains("W0603") && list.contains("I0403"), "{list}");
    for spelling in ["W0603", "E0603", "w0603"] {
        let o = jixiao(&["explain", spelling]);
        assert_eq!(o.status.code(), Some(0), "{spelling}");
        assert!(stdout(&o).starts_with("W0603 [警告]"), "{}", stdout(&o));
    }
}

#[test]
fn a_huge_yaml_file_is_refused_before_it_is_read() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("huge-yaml");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("huge.yaml");
    let mut text = String::from("项目名称: \"");
    text.push_str(&"长".repeat(6 << 20)); // 18 MB of text in one string
    text.push('"');
    std::fs::write(&file, text).unwrap();
    let o = jixiao(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("文件过大"), "{}", stderr(&o));
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn units_lists_each_unit_once_and_merge_refuses_what_is_no_pack() {
    let o = jixiao(&["units", "tests/seed/2024"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "上海市闵行区托育服务指导中心\n");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-merge");
    let _ = std::fs::remove_dir_all(&out);
    let o = jixiao(&["merge", "tests/seed/2024", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("不是 jixiao 生成的报告文件夹"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn check_reads_many_files_a_part_at_a_time_and_still_finds_duplicates_across_parts() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-many");
    let _ = std::fs::remove_dir_all(&dir);
    let o = jixiao(&["synth", "600", dir.to_str().unwrap(), "--units", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The last file repeats the first: they are checked in different parts.
    std::fs::copy(dir.join("synth-000000.yaml"), dir.join("zz-copy.yaml")).unwrap();
    let o = jixiao(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("错误[E0108]") && err.contains("zz-copy.yaml:"),
        "{err}"
    );
    assert!(err.contains("共 601 个文件: 1 个错误"), "{err}");
}

#[test]
fn forms_lists_the_built_in_forms_with_their_descriptions() {
    let o = jixiao(&["forms"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for name in jixiao::form::builtin_names() {
        let form = jixiao::form::Form::builtin(name).unwrap();
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} listed:\n{out}"));
        assert!(line.contains(&form.description), "{line}");
    }
}

#[test]
fn a_broken_form_folder_is_one_error_naming_the_folder_file_and_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-form");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("templates/national/form.yaml", dir.join("form.yaml")).unwrap();
    let template = std::fs::read_to_string("templates/national/table.xhtml.j2").unwrap();
    let line = template
        .lines()
        .position(|l| l.contains("{{ unit }}"))
        .unwrap()
        + 1;
    std::fs::write(
        dir.join("table.xhtml.j2"),
        template.replace("{{ unit }}", "{{ unit_name }}"),
    )
    .unwrap();
    let folder = dir.to_str().unwrap();
    let o = jixiao(&["forms", folder, "templates/shanghai"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let wanted = format!("table.xhtml.j2 第 {line} 行");
    assert!(err.contains(folder) && err.contains(&wanted), "{err}");
    assert!(
        stdout(&o).contains("可用  templates/shanghai"),
        "{}",
        stdout(&o)
    );
    // A report with it stops before any table, with that one error.
    let out = dir.join("out");
    let o = jixiao(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        "tests/seed/2024",
        "--outputs",
        out.to_str().unwrap(),
        "--form",
        folder,
        "--no-pdf",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches(&wanted).count(), 1, "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
}

/// `check --form` scores and checks by that form's rules: the same table is
/// fine under the national rules and above the rate cap of a form that has one.
#[test]
fn check_uses_the_rules_of_the_form_given() {
    let case = "tests/bad/rules-strict/E0608-total-above-the-rate-cap.yaml";
    let o = jixiao(&["check", case]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = jixiao(&["check", "--form", "tests/bad/rules-strict/form", case]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0608"), "{}", stderr(&o));
    assert!(stderr(&o).contains("总分最高 79"), "{}", stderr(&o));
    let o = jixiao(&["check", "--form", "no/such/form", case]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
