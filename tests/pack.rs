//! The annual pack: combined files per unit, index, manifest, --unit, left-out
//! projects, and the previous pack surviving a failed run.

mod common;
use common::forms;

use std::path::{Path, PathBuf};

use common::docx_read::read_docx_tables;
use common::xlsx_read::{data_text, read_all, read_sheet};
use jixiao::form::Catalog;
use jixiao::pack::{report, Options, PackError, PdfChoice};
use sha2::{Digest, Sha256};

const UNIT: &str = "上海市闵行区托育服务指导中心";
const COMBINED: &str = "2024年度项目支出绩效自评表";
/// The seed projects in pack order (no 序号, so by name).
const ORDER: &[&str] = &[
    "信息化-闵行托育服务平台(2024运维)",
    "信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年)",
    "托育中心经费",
];

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pack")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A run of the 2024 inputs without PDFs: their files depend on the machine's
/// fonts (`render_pdf.rs` tests them).
fn options(inputs: &Path, outputs: &Path) -> Options {
    Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, inputs, outputs)
    }
}

fn seed_pack(name: &str) -> PathBuf {
    let out = tmp(name);
    report(
        &options(Path::new("tests/seed/2024"), &out),
        forms(),
        &|_| {},
    )
    .expect("report runs");
    out
}

#[test]
fn combined_docx_holds_every_table_in_order() {
    let out = seed_pack("combined-docx");
    let bytes = std::fs::read(out.join(UNIT).join(format!("{COMBINED}.docx"))).unwrap();
    let tables = read_docx_tables(&bytes).unwrap();
    let names: Vec<String> = tables
        .iter()
        .map(|t| {
            t.iter()
                .find(|c| c.row == 0 && c.col == 2)
                .map(|c| c.text.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(names, ORDER);
    let xml = common::docx_read::zip_part(&bytes, "word/document.xml").unwrap();
    assert_eq!(
        xml.matches("<w:pageBreakBefore").count(),
        2,
        "one page per table"
    );
}

#[test]
fn combined_xlsx_has_a_summary_then_one_sheet_per_project() {
    let out = seed_pack("combined-xlsx");
    let bytes = std::fs::read(out.join(UNIT).join(format!("{COMBINED}.xlsx"))).unwrap();
    let sheets = read_all(&bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[0], "汇总");
    assert_eq!(names.len(), 4);
    // Sheet names are unique and at most 31 characters.
    for n in &names {
        assert!(n.chars().count() <= 31, "{n}");
    }
    let summary = read_sheet(&bytes, "汇总").unwrap();
    let row = |r: usize| -> Vec<String> { (0..7).map(|c| data_text(summary.cell(r, c))).collect() };
    assert_eq!(
        row(1),
        [
            "序号",
            "项目名称",
            "全年预算数(万元)",
            "全年执行数(万元)",
            "执行率(%)",
            "总分",
            "评分等级"
        ]
    );
    assert_eq!(
        row(2),
        ["1.00", ORDER[0], "1.56", "1.56", "100.00", "95.00", "优"]
    );
    assert_eq!(
        row(3),
        ["2.00", ORDER[1], "117.94", "117.94", "100.00", "95.00", "优"]
    );
    assert_eq!(
        row(4),
        ["3.00", ORDER[2], "33.09", "33.09", "100.00", "92.00", "优"]
    );
    let drawing = common::xlsx_read::zip_entry(&bytes, "xl/charts/chart1.xml").unwrap();
    assert!(drawing.contains("<c:barChart>"), "bar chart of the scores");
}

#[test]
fn manifest_lists_every_file_with_its_hash() {
    let out = seed_pack("manifest");
    let text = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(manifest["jixiao"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["forms"][0], "shanghai");
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 3 * 3 + 2 + 1, "files, combined files, index");
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(
        inputs[0]["path"], "信息化-闵行托育服务平台(2024运维).yaml",
        "relative to the inputs folder"
    );
    let roots = outputs
        .iter()
        .map(|e| (e, out.clone()))
        .chain(inputs.iter().map(|e| (e, PathBuf::from("tests/seed/2024"))));
    for (entry, root) in roots {
        let path = entry["path"].as_str().unwrap();
        let file = root.join(path);
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(
            entry["size"].as_u64().unwrap(),
            bytes.len() as u64,
            "{path}"
        );
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(entry["sha256"], hex, "{path}");
    }
}

#[test]
fn index_links_every_project_with_its_score() {
    let out = seed_pack("index");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for name in ORDER {
        assert!(html.contains(&format!("{UNIT}/{name}.html")), "{name}");
    }
    assert!(html.contains("<td class=\"n\">92.00</td>"));
    assert!(html.contains(&format!("{UNIT}/{COMBINED}.docx")));
}

#[test]
fn projects_with_errors_are_left_out_and_listed() {
    let inputs = tmp("left-out-inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy("tests/seed/2024/托育中心经费.yaml", inputs.join("ok.yaml")).unwrap();
    let bad = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml")
        .unwrap()
        .replace("项目名称: 托育中心经费", "项目名称: 有错误的项目")
        .replace("总分: 92", "总分: 99");
    std::fs::write(inputs.join("bad.yaml"), bad).unwrap();
    let out = tmp("left-out");
    let outcome = report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    assert_eq!((outcome.rendered, outcome.skipped), (1, 1));
    let mut on_disk = (0, 0);
    let mut pending = vec![out.clone()];
    while let Some(dir) = pending.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pending.push(p);
            } else {
                on_disk = (
                    on_disk.0 + 1,
                    on_disk.1 + std::fs::metadata(&p).unwrap().len(),
                );
            }
        }
    }
    assert_eq!(
        (outcome.files_written, outcome.bytes_written),
        on_disk,
        "the summary line's count and size"
    );
    assert!(!out.join(UNIT).join("有错误的项目.docx").exists());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("未生成的项目"));
    assert!(
        html.contains("bad.yaml") && html.contains("E0604"),
        "the diagnostics are listed"
    );
}

#[test]
fn unit_filter_builds_only_that_unit_and_a_failed_run_keeps_the_old_pack() {
    let out = seed_pack("unit-filter");
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    let mut opts = options(Path::new("tests/seed/2024"), &out);
    opts.units = vec!["没有这个单位".to_string()];
    let err = report(&opts, forms(), &|_| {}).unwrap_err();
    assert!(matches!(err, PackError::UnknownUnit(_)), "{err}");
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        before,
        "old pack intact"
    );

    opts.units = vec![UNIT.to_string()];
    let outcome = report(&opts, forms(), &|_| {}).unwrap();
    assert_eq!(outcome.rendered, 3);
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        // Other tests build their packs beside this one at the same time: only
        // this pack's staging folders count.
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".unit-filter.partial-")
        })
        .collect();
    assert!(leftovers.is_empty(), "no staging folder is left behind");
}

#[test]
fn the_whole_pack_is_byte_identical_across_runs() {
    let a = seed_pack("repeat-a");
    let b = seed_pack("repeat-b");
    let mut files = Vec::new();
    let mut stack = vec![a.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    assert_eq!(files.len(), 3 * 3 + 2 + 2);
    for f in files {
        let rel = f.strip_prefix(&a).unwrap();
        assert!(
            std::fs::read(&f).unwrap() == std::fs::read(b.join(rel)).unwrap(),
            "{} differs",
            rel.display()
        );
    }
}

/// A copy of the Shanghai form with `insert` at the start of its title, to make
/// the template fail; returns the folder for `--form`.
fn broken_form(name: &str, insert: &str) -> String {
    let form = tmp(name);
    std::fs::create_dir_all(&form).unwrap();
    std::fs::copy("templates/shanghai/form.yaml", form.join("form.yaml")).unwrap();
    let template = std::fs::read_to_string("templates/shanghai/table.xhtml.j2")
        .unwrap()
        .replace(
            "<p class=\"title\">",
            &format!("<p class=\"title\">{insert}"),
        );
    std::fs::write(form.join("table.xhtml.j2"), template).unwrap();
    form.display().to_string()
}

#[test]
fn a_project_that_fails_to_render_is_left_out_and_the_others_go_on() {
    // A custom form whose template breaks for one project only.
    let form = broken_form(
        "failing-form",
        "{% if name == \"托育中心经费\" %}{{ no_such_value }}{% endif %}",
    );
    let out = tmp("failing-render");
    let opts = options(Path::new("tests/seed/2024"), &out);
    let forms = Catalog::load(Some(&form)).unwrap();
    let outcome = report(&opts, &forms, &|_| {}).expect("the run goes on");
    assert_eq!((outcome.rendered, outcome.skipped), (2, 1));
    assert!(outcome.diagnostics().iter().any(|d| d.code == "E0901"));
    assert!(!out.join(UNIT).join("托育中心经费.docx").exists());
    assert!(out.join(UNIT).join(format!("{}.docx", ORDER[0])).exists());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("E0901"), "listed with its reason");
    let combined = std::fs::read(out.join(UNIT).join(format!("{COMBINED}.docx"))).unwrap();
    assert_eq!(read_docx_tables(&combined).unwrap().len(), 2);
}

#[test]
fn a_unit_whose_every_project_fails_gets_no_combined_files() {
    // Broken for every project of the seed's unit (but not for the example
    // project every form is tried on first, which names the same unit); a form
    // broken for every table whatever it holds is refused before the run
    // (tests/cli.rs).
    let form = broken_form(
        "always-failing-form",
        &format!(
            "{{% if unit == \"{UNIT}\" and \"示例\" not in name %}}{{{{ no_such_value }}}}{{% endif %}}"
        ),
    );
    let out = tmp("all-failing");
    let opts = options(Path::new("tests/seed/2024"), &out);
    let forms = Catalog::load(Some(&form)).unwrap();
    let outcome = report(&opts, &forms, &|_| {}).expect("the run still completes");
    assert_eq!((outcome.rendered, outcome.skipped), (0, 3));
    assert!(!out.join(UNIT).join(format!("{COMBINED}.docx")).exists());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !html.contains(&format!("{UNIT}/{COMBINED}.docx")),
        "no link to a missing file"
    );
    assert_eq!(html.matches("E0901").count(), 3);
}

#[test]
fn a_table_of_another_year_is_not_published_and_strict_holds_back_warnings() {
    let inputs = tmp("year-strict-inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    std::fs::write(inputs.join("ok.yaml"), &seed).unwrap();
    std::fs::write(
        inputs.join("last-year.yaml"),
        seed.replace("年度: 2024", "年度: 2023")
            .replace("项目名称: 托育中心经费", "项目名称: 去年的项目"),
    )
    .unwrap();
    // 得分 10 of 10 on 家长满意度 (≥90%, 80%): above the rule, a warning (W0603).
    let warned =
        std::fs::read_to_string("tests/seed/2024/信息化-闵行托育服务平台(2024运维).yaml").unwrap();
    assert!(
        warned.contains("        得分: 5\n"),
        "the seed's 5-point score"
    );
    std::fs::write(
        inputs.join("warned.yaml"),
        warned
            .replace("        得分: 5\n", "        得分: 10\n")
            .replace("总分: 95", "总分: 100"),
    )
    .unwrap();
    let out = tmp("year-strict");
    let outcome = report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    assert_eq!(
        (outcome.rendered, outcome.skipped),
        (2, 1),
        "{:#?}",
        outcome.diagnostics()
    );
    assert!(outcome.diagnostics().iter().any(|d| d.code == "E0111"));
    let mut opts = options(&inputs, &out);
    opts.strict = true;
    let outcome = report(&opts, forms(), &|_| {}).unwrap();
    assert_eq!(
        (outcome.rendered, outcome.skipped),
        (1, 2),
        "{:#?}",
        outcome.diagnostics()
    );
}

/// A copy of the seed inputs in a folder of their own, with a file the pack did
/// not write.
fn own_inputs(name: &str) -> PathBuf {
    let inputs = tmp(name).join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    for e in std::fs::read_dir("tests/seed/2024").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, inputs.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(inputs.join("说明.txt"), "单位自己的文件").unwrap();
    inputs
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn outputs_onto_the_inputs_are_refused_and_the_inputs_untouched() {
    let inputs = own_inputs("overlap");
    let before = snapshot(&inputs);
    for outputs in [
        inputs.clone(),
        inputs.join("out"),
        inputs.parent().unwrap().to_path_buf(),
        PathBuf::from("."),
    ] {
        let err = report(&options(&inputs, &outputs), forms(), &|_| {}).unwrap_err();
        assert!(
            matches!(err, PackError::Overlap { .. }),
            "{}: {err}",
            outputs.display()
        );
        assert!(err.to_string().contains("--outputs"), "{err}");
    }
    assert_eq!(snapshot(&inputs), before, "inputs untouched");
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
    let out = seed_pack("busy");
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    let held = std::fs::File::options()
        .write(true)
        .open(jixiao::pack::swap::lock_path(&out))
        .unwrap();
    held.lock().unwrap();
    let err = report(
        &options(Path::new("tests/seed/2024"), &out),
        forms(),
        &|_| {},
    )
    .unwrap_err();
    assert!(matches!(err, PackError::Busy { .. }), "{err}");
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
    held.unlock().unwrap();
    report(
        &options(Path::new("tests/seed/2024"), &out),
        forms(),
        &|_| {},
    )
    .unwrap();
}

#[test]
fn what_a_killed_run_left_is_recovered() {
    use jixiao::pack::swap::{old_path, staging_prefix};
    // Killed after moving the old pack aside, before the new one arrived: the old
    // pack is put back (and then replaced by this run's).
    let out = seed_pack("recover-old");
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    std::fs::rename(&out, old_path(&out)).unwrap();
    let staging = out
        .parent()
        .unwrap()
        .join(format!("{}999999", staging_prefix(&out)));
    std::fs::create_dir_all(staging.join("半成品")).unwrap();
    jixiao::pack::swap::recover(&out).unwrap();
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        manifest,
        "old pack back"
    );
    assert!(!staging.exists() && !old_path(&out).exists());
    // Killed while deleting the old pack, the new one in place: the old one goes.
    std::fs::create_dir_all(old_path(&out).join("单位")).unwrap();
    report(
        &options(Path::new("tests/seed/2024"), &out),
        forms(),
        &|_| {},
    )
    .unwrap();
    assert!(!old_path(&out).exists());
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
}

#[test]
fn odd_names_are_rendered_with_names_every_reader_accepts() {
    let inputs = tmp("odd-names-inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let ext_b = "𠮷".repeat(64);
    let names = [
        // As YAML escapes: YAML refuses the raw characters, but decodes \uFFFE.
        (
            "nonchar.yaml",
            "托育\\uFFFE中心\\uFFFF经费".to_string(),
            UNIT.to_string(),
        ),
        ("long-unit.yaml", "托育中心经费".to_string(), ext_b.clone()),
        (
            "utf16.yaml",
            format!("𠮷{}", "托".repeat(40)),
            UNIT.to_string(),
        ),
    ];
    for (file, name, unit) in &names {
        let text = seed
            .replace("项目名称: 托育中心经费", &format!("项目名称: \"{name}\""))
            .replace(
                &format!("实施单位: {UNIT}"),
                &format!("实施单位: \"{unit}\""),
            );
        std::fs::write(inputs.join(file), text).unwrap();
    }
    let out = tmp("odd-names");
    let outcome = report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    assert_eq!(
        (outcome.rendered, outcome.skipped),
        (3, 0),
        "{:#?}",
        outcome.diagnostics()
    );
    for entry in common::walk(&out) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        for part in entry.strip_prefix(&out).unwrap().components() {
            assert!(part.as_os_str().len() <= 255, "{}", entry.display());
        }
        assert!(!name.contains(['\u{FFFE}', '\u{FFFF}']), "{name}");
        if name.ends_with(".xlsx") {
            let mut book: calamine::Xlsx<_> = calamine::open_workbook(&entry).unwrap();
            use calamine::Reader as _;
            for sheet in book.sheet_names() {
                assert!(sheet.encode_utf16().count() <= 31, "{sheet}");
                book.worksheet_range(&sheet).unwrap();
            }
        }
    }
}

#[test]
fn a_run_that_renders_nothing_keeps_the_previous_pack() {
    let out = seed_pack("all-failing");
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    let inputs = tmp("all-failing-inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let bad = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml")
        .unwrap()
        .replace("总分: 92", "总分: 99");
    std::fs::write(inputs.join("bad.yaml"), bad).unwrap();
    let outcome = report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    assert!(outcome.kept_previous);
    assert_eq!((outcome.rendered, outcome.skipped), (0, 1));
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        before,
        "previous pack kept"
    );
    assert!(out.join(UNIT).join("托育中心经费.docx").is_file());
}

#[test]
fn a_unit_run_updates_that_unit_and_keeps_the_others() {
    let inputs = tmp("unit-update-inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let other = "上海市闵行区另一个单位";
    std::fs::write(inputs.join("a.yaml"), &seed).unwrap();
    std::fs::write(
        inputs.join("b.yaml"),
        seed.replace(&format!("实施单位: {UNIT}"), &format!("实施单位: {other}")),
    )
    .unwrap();
    let out = tmp("unit-update");
    report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    let b_before = std::fs::read(out.join(other).join("托育中心经费.docx")).unwrap();

    // Unit A's table changes; only A is rebuilt.
    std::fs::write(
        inputs.join("a.yaml"),
        seed.replace("托育中心经费", "托育中心经费（调整）"),
    )
    .unwrap();
    let mut opts = options(&inputs, &out);
    opts.units = vec![UNIT.to_string()];
    let outcome = report(&opts, forms(), &|_| {}).unwrap();
    assert_eq!(outcome.rendered, 1);
    assert!(out.join(UNIT).join("托育中心经费（调整）.docx").is_file());
    assert!(!out.join(UNIT).join("托育中心经费.docx").exists());
    assert_eq!(
        std::fs::read(out.join(other).join("托育中心经费.docx")).unwrap(),
        b_before,
        "the other unit is kept as it was"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(UNIT) && index.contains(other),
        "the index covers the whole pack"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(listed.iter().any(|p| p.starts_with(other)), "{listed:?}");
    for entry in manifest["outputs"].as_array().unwrap() {
        let bytes = std::fs::read(out.join(entry["path"].as_str().unwrap())).unwrap();
        assert_eq!(bytes.len() as u64, entry["size"].as_u64().unwrap());
    }
}

#[test]
fn a_link_out_of_the_inputs_folder_is_not_read_nor_quoted() {
    let root = tmp("links");
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let secret = root.join("secret.txt");
    std::fs::write(&secret, "机密: 不应出现在报告中").unwrap();
    std::os::unix::fs::symlink(&secret, inputs.join("leak.yaml")).unwrap();
    std::fs::copy("tests/seed/2024/托育中心经费.yaml", root.join("real.yaml")).unwrap();
    std::fs::copy("tests/seed/2024/托育中心经费.yaml", inputs.join("ok.yaml")).unwrap();
    std::os::unix::fs::symlink(inputs.join("ok.yaml"), inputs.join("same.yml")).unwrap();
    let out = root.join("out");
    let outcome = report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    let leak: Vec<_> = outcome
        .diagnostics()
        .into_iter()
        .filter(|d| d.file.ends_with("leak.yaml"))
        .collect();
    assert_eq!(leak.len(), 1, "{leak:#?}");
    assert_eq!(leak[0].code, "E0001");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("机密"), "the linked file is never quoted");
    // A link inside the folder is read: here it repeats ok.yaml's project (E0108).
    assert!(outcome
        .diagnostics()
        .iter()
        .any(|d| d.file.ends_with("same.yml") && d.code == "E0108"));
}

/// A unit whose tables print amounts in 元 lists them in 元 in its 汇总 sheet and
/// in the index, as its tables do.
#[test]
fn the_unit_summaries_print_amounts_in_the_forms_unit() {
    let out = tmp("summary-in-yuan");
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, Path::new("tests/forms/yunnan"), &out)
    };
    report(&opts, &Catalog::load(Some("yunnan")).unwrap(), &|_| {}).expect("report runs");
    let unit = out.join("某县第一中学");
    let bytes = std::fs::read(unit.join(format!("{COMBINED}.xlsx"))).unwrap();
    let summary = read_sheet(&bytes, "汇总").unwrap();
    let row = |r: usize| -> Vec<String> { (0..7).map(|c| data_text(summary.cell(r, c))).collect() };
    assert_eq!(row(1)[2..4], ["全年预算数(元)", "全年执行数(元)"]);
    assert_eq!(row(2)[2..5], ["2350000.00", "2265400.00", "96.40"]);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<th>全年预算数(元)</th>"), "{index}");
    assert!(index.contains("<td class=\"n\">2350000.00</td>"), "{index}");
}

/// A unit whose tables are on a form with its own title (sichuan-xianjie's
/// 绩效目标自评表) gets that title on its 汇总 sheet and combined document.
#[test]
fn the_unit_summary_takes_its_forms_title() {
    let out = tmp("summary-title");
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, Path::new("tests/forms/sichuan-xianjie"), &out)
    };
    report(
        &opts,
        &Catalog::load(Some("sichuan-xianjie")).unwrap(),
        &|_| {},
    )
    .expect("report runs");
    let bytes = std::fs::read(
        out.join("某县某镇人民政府")
            .join(format!("{COMBINED}.xlsx")),
    )
    .unwrap();
    let summary = read_sheet(&bytes, "汇总").unwrap();
    assert_eq!(
        data_text(summary.cell(0, 0)),
        "某县某镇人民政府 2024年度绩效目标自评表"
    );
}
