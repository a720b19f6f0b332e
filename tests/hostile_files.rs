//! Files jixiao did not write, where it writes or reads (issue #26): `audit
//! --out`, `init --force` and `import --force` never replace an input, a link, a
//! FIFO or a device; fonts, forms and records that are links to devices or
//! FIFOs are refused at once, never read without end.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const SEED: &str = "tests/seed/2024/托育中心经费.yaml";

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-files")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn jixiao(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_fifo()
}

#[test]
fn audit_out_never_replaces_an_input_a_link_or_a_fifo() {
    let dir = tmp("audit");
    let input = dir.join("托育中心经费.yaml");
    std::fs::copy(SEED, &input).unwrap();
    let seed = std::fs::read(SEED).unwrap();

    // One of the audit's own inputs.
    let o = jixiao(&["audit", s(&input), "--out", s(&input)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("输入文件"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), seed, "the input is kept");
    let o = jixiao(&["audit", s(&dir), "--out", s(&input)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), seed, "the input is kept");

    // A FIFO: refused at once, left a FIFO.
    let fifo = dir.join("审核.fifo");
    mkfifo(&fifo);
    let o = jixiao(&["audit", s(&input), "--out", s(&fifo)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("命名管道"), "{}", stderr(&o));
    assert!(is_fifo(&fifo));

    // A link: not written through, left a link.
    let elsewhere = tmp("audit-elsewhere").join("别人的.xlsx");
    std::fs::write(&elsewhere, "mine").unwrap();
    let link = dir.join("审核.xlsx");
    symlink(&elsewhere, &link).unwrap();
    let o = jixiao(&["audit", s(&input), "--out", s(&link)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("符号链接"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "mine");

    // A regular file beside the inputs, and the audit's own workbook, are replaced.
    std::fs::remove_file(&link).unwrap();
    let out = dir.join("审核.xlsx");
    for _ in 0..2 {
        let o = jixiao(&["audit", s(&dir), "--out", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}

#[test]
fn init_force_never_writes_through_a_link() {
    let dir = tmp("init");
    let year = dir.join("2025");
    std::fs::create_dir_all(&year).unwrap();
    let elsewhere = dir.join("别处.yaml");
    std::fs::write(&elsewhere, "mine").unwrap();
    let link = year.join("示例项目.yaml");
    symlink(&elsewhere, &link).unwrap();
    let o = jixiao(&["init", "--year", "2025", "--inputs", s(&dir), "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("符号链接"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "mine");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // Without --force the link is kept, as any existing file is.
    let o = jixiao(&["init", "--year", "2025", "--inputs", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "mine");
    // A FIFO in its place is not opened.
    std::fs::remove_file(&link).unwrap();
    mkfifo(&link);
    let o = jixiao(&["init", "--year", "2025", "--inputs", s(&dir), "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(is_fifo(&link));
}

#[test]
fn import_force_never_writes_through_a_link_and_a_missing_file_is_exit_2() {
    let dir = tmp("import");
    let out = dir.join("out");
    let o = jixiao(&["import", "tests/fixtures/seed.xls", "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let first = &written[0];
    let elsewhere = dir.join("别处.yaml");
    std::fs::write(&elsewhere, "mine").unwrap();
    std::fs::remove_file(first).unwrap();
    symlink(&elsewhere, first).unwrap();
    let o = jixiao(&[
        "import",
        "tests/fixtures/seed.xls",
        "--out",
        s(&out),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("符号链接"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "mine");

    let o = jixiao(&[
        "import",
        s(&dir.join("没有这个文件.xlsx")),
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("没有这个文件.xlsx"), "{}", stderr(&o));
}

/// `jixiao` with `args`, stopped after a minute (a read that hangs fails the
/// test instead of stalling it).
fn bounded(args: &[&str]) -> Output {
    Command::new("timeout")
        .arg("60")
        .arg(BIN)
        .args(args)
        .output()
        .unwrap()
}

/// An inputs folder of the seed project, and where its pack goes.
fn seed_inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let inputs = dir.join("inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(SEED, inputs.join("a.yaml")).unwrap();
    (inputs, dir.join("out"))
}

#[test]
fn a_font_that_is_a_device_or_a_fifo_is_refused_at_once() {
    let dir = tmp("font");
    let (inputs, out) = seed_inputs(&dir);
    let zero = dir.join("zero.ttf");
    symlink("/dev/zero", &zero).unwrap();
    let fifo = dir.join("fifo.ttf");
    mkfifo(&fifo);
    for (font, word) in [(&zero, "设备文件"), (&fifo, "命名管道")] {
        let o = bounded(&[
            "report",
            "--year",
            "2024",
            "--inputs",
            s(&inputs),
            "--outputs",
            s(&out),
            "--font",
            s(font),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(word), "{}", stderr(&o));
        assert!(!out.exists(), "nothing written");
    }
}

#[test]
fn a_record_that_is_a_link_to_a_device_is_refused_at_once() {
    let dir = tmp("manifest");
    let (inputs, out) = seed_inputs(&dir);
    let o = bounded(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        s(&inputs),
        "--outputs",
        s(&out),
        "--no-pdf",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let manifest = out.join("manifest.json");
    std::fs::remove_file(&manifest).unwrap();
    symlink("/dev/zero", &manifest).unwrap();
    let o = bounded(&["merge", s(&out), "--out", s(&dir.join("merged"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("符号链接"), "{}", stderr(&o));
    let o = bounded(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        s(&inputs),
        "--outputs",
        s(&out),
        "--no-pdf",
        "--unit",
        "上海市闵行区托育服务指导中心",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("manifest.json"), "{}", stderr(&o));
}

#[test]
fn form_files_that_are_devices_or_fifos_are_refused_at_once() {
    let dir = tmp("form");
    let form = dir.join("我省表式");
    std::fs::create_dir_all(&form).unwrap();
    std::fs::copy("templates/national/form.yaml", form.join("form.yaml")).unwrap();
    symlink("/dev/zero", form.join("table.xhtml.j2")).unwrap();
    let o = bounded(&["forms", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("设备文件"), "{}", stderr(&o));
    std::fs::remove_file(form.join("table.xhtml.j2")).unwrap();
    mkfifo(&form.join("table.xhtml.j2"));
    let o = bounded(&["forms", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("命名管道"), "{}", stderr(&o));
}

/// A copy of the national form in `dir`, with `edit` made to its form.yaml and
/// its template replaced by `template` when given.
fn form_folder(dir: &Path, edit: (&str, &str), template: Option<&str>) -> PathBuf {
    let form = dir.join("我省表式");
    std::fs::create_dir_all(&form).unwrap();
    let yaml = std::fs::read_to_string("templates/national/form.yaml").unwrap();
    assert!(yaml.contains(edit.0), "{}", edit.0);
    std::fs::write(form.join("form.yaml"), yaml.replacen(edit.0, edit.1, 1)).unwrap();
    let table = std::fs::read_to_string("templates/national/table.xhtml.j2").unwrap();
    std::fs::write(form.join("table.xhtml.j2"), template.unwrap_or(&table)).unwrap();
    form
}

#[test]
fn form_numbers_outside_a_page_are_refused_with_their_key_and_line() {
    let title = "title:    { size_pt: 16,";
    let line = std::fs::read_to_string("templates/national/form.yaml")
        .unwrap()
        .lines()
        .position(|l| l.contains(title))
        .unwrap()
        + 1;
    for (i, bad) in ["-3", ".nan", "0", "100000"].iter().enumerate() {
        let dir = tmp(&format!("size-{i}"));
        let form = form_folder(
            &dir,
            (title, &format!("title:    {{ size_pt: {bad},")),
            None,
        );
        let o = bounded(&["forms", s(&form)]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("styles.title.size_pt"), "{err}");
        assert!(err.contains(&format!("第 {line} 行")), "{err}");
        // The report refuses the form too, before writing anything.
        let (inputs, out) = seed_inputs(&dir);
        let o = bounded(&[
            "report",
            "--year",
            "2024",
            "--inputs",
            s(&inputs),
            "--outputs",
            s(&out),
            "--form",
            s(&form),
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(!out.exists());
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    let dir = tmp("margins");
    let form = form_folder(
        &dir,
        (
            "margins_mm: [20, 18, 20, 18]",
            "margins_mm: [20, -18, 20, 18]",
        ),
        None,
    );
    let o = bounded(&["forms", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("page.margins_mm[1]"), "{}", stderr(&o));
}

#[test]
fn a_column_wider_than_any_page_is_refused() {
    let dir = tmp("column");
    let table = std::fs::read_to_string("templates/national/table.xhtml.j2").unwrap();
    let at = table.find("<col width=\"").unwrap() + "<col width=\"".len();
    let end = at + table[at..].find('"').unwrap();
    let wide = format!("{}1e308{}", &table[..at], &table[end..]);
    let form = form_folder(&dir, ("name:", "name:"), Some(&wide));
    let o = bounded(&["forms", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("第 1 个 <col>"), "{}", stderr(&o));
}

#[test]
fn a_template_that_never_ends_or_writes_a_gigabyte_is_stopped() {
    let dir = tmp("loops");
    let endless =
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
    let form = form_folder(&dir, ("name:", "name:"), Some(endless));
    let o = bounded(&["forms", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("步数超过上限"), "{}", stderr(&o));

    let dir = tmp("gigabyte");
    let kb = "x".repeat(1024);
    let huge = format!(
        "{{% for i in range(100000) %}}{{% for j in range(10) %}}{kb}{{% endfor %}}{{% endfor %}}"
    );
    let form = form_folder(&dir, ("name:", "name:"), Some(&huge));
    let o = bounded(&["forms", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("模板输出超过"), "{}", stderr(&o));
}

#[test]
fn a_table_of_3000_indicators_lays_out_within_the_templates_bounds() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let line = "      - { 三级指标: 机构年检评估, 年度指标值: \"=25.00家\", 实际完成值: \"25.00家\", 分值: 5, 得分: 5 }\n";
    let many: String = (0..3000)
        .map(|i| line.replace("机构年检评估", &format!("机构年检评估{i}")))
        .collect();
    let text = seed.replacen(line, &many, 1);
    let forms = jixiao::form::Catalog::builtin().unwrap();
    for name in jixiao::form::builtin_names() {
        let form = forms.get(name).unwrap();
        let (p, _) = jixiao::input::yaml::load_str(Path::new("big.yaml"), &text, &form.words());
        let scored = jixiao::score::score_by(p.unwrap(), form.rules.clone());
        let grid = jixiao::layout::lay_out(form, &scored, 2024);
        assert!(grid.is_ok(), "{name}: {:?}", grid.err());
    }
}

#[test]
fn an_over_long_name_does_not_stop_the_audit() {
    let dir = tmp("long-name");
    std::fs::copy(SEED, dir.join("a.yaml")).unwrap();
    let long = "长".repeat(40_000);
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        seed.replacen("项目名称: 托育中心经费", &format!("项目名称: {long}"), 1),
    )
    .unwrap();
    let out = dir.join("审核.xlsx");
    let o = bounded(&["audit", s(&dir), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let book = std::fs::read(&out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(strings.contains("原文 40000 字"), "the cut is noted");
}

#[test]
fn a_year_or_a_count_of_units_of_zero_is_refused() {
    let dir = tmp("zero");
    for args in [
        vec!["synth", "3", s(&dir.join("a")), "--units", "0"],
        vec!["synth", "3", s(&dir.join("b")), "--year", "0"],
        vec!["init", "--year", "0", "--inputs", s(&dir)],
        vec!["init", "--year", "2025", "--from", "0", "--inputs", s(&dir)],
    ] {
        let o = jixiao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
}
