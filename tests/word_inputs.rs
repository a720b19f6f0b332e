//! Word documents not made by jixiao, as Word, WPS and LibreOffice write them:
//! the title and year above the table, merged cells from `gridSpan` and
//! `vMerge` (restart / continue, with or without `w:val`), a cell's text split
//! over runs with proofing marks and bookmarks, several paragraphs in a cell,
//! several tables in one document next to tables that are not self-evaluation
//! tables. Every table is read with its values and its true findings, placed
//! at `表N 第R行第C列`; broken and old files get a diagnostic, not a panic.

mod common;
use common::forms;

use std::io::Write;
use std::path::{Path, PathBuf};

use jixiao::diag::Place;
use jixiao::pipeline::{check_path, Checked};

/// One cell: its paragraphs (each a list of runs), the grid columns it spans,
/// and its vertical merge (`r` restart, `c` continue, `C` continue written as
/// `w:val="continue"`, ` ` none).
struct C {
    paragraphs: Vec<Vec<&'static str>>,
    span: usize,
    merge: char,
}

/// A cell of one paragraph, its text in the runs given.
fn c(runs: &[&'static str]) -> C {
    C {
        paragraphs: vec![runs.to_vec()],
        span: 1,
        merge: ' ',
    }
}

fn span(mut cell: C, n: usize) -> C {
    cell.span = n;
    cell
}

fn restart(mut cell: C) -> C {
    cell.merge = 'r';
    cell
}

/// A cell continuing the vertical merge above it.
fn cont() -> C {
    C {
        paragraphs: vec![vec![]],
        span: 1,
        merge: 'c',
    }
}

fn run(text: &str) -> String {
    // Runs as Word writes them: their own properties, the East Asian font.
    format!(
        "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\" w:ascii=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"18\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        text.replace('&', "&amp;").replace('<', "&lt;")
    )
}

fn table_xml(rows: &[Vec<C>]) -> String {
    let mut x =
        String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    let width = rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    for _ in 0..width {
        x.push_str("<w:gridCol w:w=\"1000\"/>");
    }
    x.push_str("</w:tblGrid>");
    for row in rows {
        x.push_str("<w:tr>");
        for cell in row {
            x.push_str("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>");
            if cell.span > 1 {
                x.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.span));
            }
            match cell.merge {
                'r' => x.push_str("<w:vMerge w:val=\"restart\"/>"),
                'c' => x.push_str("<w:vMerge/>"),
                'C' => x.push_str("<w:vMerge w:val=\"continue\"/>"),
                _ => {}
            }
            x.push_str("</w:tcPr>");
            for p in &cell.paragraphs {
                x.push_str("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
                for (i, r) in p.iter().enumerate() {
                    if i == 1 {
                        // Word's marks between runs: proofing, a bookmark.
                        x.push_str("<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>");
                    }
                    x.push_str(&run(r));
                }
                x.push_str("</w:p>");
            }
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

fn paragraph(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
        run(text)
    )
}

/// A national-layout table (财预〔2020〕10号 附件1) as a unit types it in Word.
/// `total` is the 总分 it writes.
fn national(name: &'static str, total: &'static str) -> Vec<Vec<C>> {
    let dash = || c(&["—"]);
    vec![
        vec![span(c(&["项目", "名称"]), 2), span(c(&[name]), 7)],
        vec![
            span(c(&["主管部门"]), 2),
            span(c(&["某区", "民政局"]), 3),
            span(c(&["实施单位"]), 2),
            span(c(&["某区养老服务中心"]), 2),
        ],
        vec![
            restart(c(&["项目资金", "(万元)"])),
            span(c(&[]), 2),
            c(&["年初预算数"]),
            c(&["全年预算数"]),
            c(&["全年执行数"]),
            c(&["分值"]),
            c(&["执行率"]),
            c(&["得分"]),
        ],
        vec![
            cont(),
            span(c(&["年度资金总额"]), 2),
            c(&["100"]),
            c(&["100"]),
            c(&["95"]),
            c(&["10"]),
            c(&["95", "%"]),
            c(&["9.5"]),
        ],
        vec![
            cont(),
            span(c(&["其中:当年财政拨款"]), 2),
            c(&["100"]),
            c(&["100"]),
            c(&["95"]),
            dash(),
            c(&["95%"]),
            dash(),
        ],
        vec![
            C {
                merge: 'C',
                ..cont()
            },
            span(c(&["上年结转资金"]), 2),
            c(&["0"]),
            c(&["0"]),
            c(&["0"]),
            dash(),
            c(&[]),
            dash(),
        ],
        vec![
            cont(),
            span(c(&["其他资金"]), 2),
            c(&["0"]),
            c(&["0"]),
            c(&["0"]),
            dash(),
            c(&[]),
            dash(),
        ],
        vec![
            restart(c(&["年度总体目标"])),
            span(c(&["预期目标"]), 4),
            span(c(&["实际完成情况"]), 4),
        ],
        vec![
            cont(),
            span(
                C {
                    paragraphs: vec![
                        vec!["为全区高龄老人提供居家养老服务。"],
                        vec!["开展养老护理培训 10 场。"],
                    ],
                    ..c(&[])
                },
                4,
            ),
            span(c(&["服务 1050 人次，", "培训 8 场。"]), 4),
        ],
        vec![
            restart(c(&["绩效指标"])),
            c(&["一级指标"]),
            c(&["二级指标"]),
            c(&["三级指标"]),
            c(&["年度指标值"]),
            c(&["实际完成值"]),
            c(&["分值"]),
            c(&["得分"]),
            c(&["偏差原因分析及改进措施"]),
        ],
        vec![
            cont(),
            restart(c(&["产出指标"])),
            restart(c(&["数量指标"])),
            c(&["服务老人", "人次"]),
            c(&["≥", "1000", "人次"]),
            c(&["1050人次"]),
            c(&["30"]),
            c(&["30"]),
            c(&[]),
        ],
        vec![
            cont(),
            cont(),
            cont(),
            c(&["护理培训场次"]),
            c(&["≥10场"]),
            c(&["8场"]),
            c(&["20"]),
            c(&["16"]),
            c(&["部分培训因场地调整顺延至下年"]),
        ],
        vec![
            cont(),
            cont(),
            c(&["质量指标"]),
            c(&["服务合格率"]),
            c(&["=100%"]),
            c(&["100%"]),
            c(&["10"]),
            c(&["10"]),
            c(&[]),
        ],
        vec![
            cont(),
            c(&["效益指标"]),
            c(&["社会效益指标"]),
            c(&["老人生活质量"]),
            c(&["明显改善"]),
            c(&["达成"]),
            c(&["20"]),
            c(&["20"]),
            c(&[]),
        ],
        vec![
            cont(),
            c(&["满意度指标"]),
            c(&["服务对象满意度指标"]),
            c(&["老人满意度"]),
            c(&["≥90%"]),
            c(&["92%"]),
            c(&["10"]),
            c(&["10"]),
            c(&[]),
        ],
        vec![span(c(&["总分"]), 6), c(&["100"]), c(&[total]), c(&[])],
    ]
}

/// A `.docx` package holding `body`.
fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/document.xml", document),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("word_inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    file
}

fn errors(c: &Checked) -> Vec<String> {
    c.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}{}", d.code, d.message, d.place))
        .collect()
}

#[test]
fn a_word_table_is_read_with_its_values() {
    let body = format!(
        "{}{}{}",
        paragraph("项目支出绩效自评表"),
        paragraph("（2024年度）"),
        table_xml(&national("居家养老服务补贴", "95.5"))
    );
    let file = tmp("居家养老.docx", &docx(&body));
    let all = check_path(&file, forms());
    assert_eq!(all.len(), 1);
    let c = &all[0];
    assert!(errors(c).is_empty(), "{:#?}", c.diagnostics);
    let s = c.scored.as_ref().unwrap();
    let p = &s.project;
    assert_eq!(p.year.as_ref().map(|y| y.value), Some(2024));
    assert_eq!(p.name.value, "居家养老服务补贴");
    assert_eq!(p.department.value, "某区民政局");
    assert_eq!(p.unit.value, "某区养老服务中心");
    let total = p.funds.total.as_ref().unwrap();
    assert_eq!(total.budget.get().to_string(), "100");
    assert_eq!(total.spent.get().to_string(), "95");
    assert_eq!(p.funds.sources.len(), 3);
    assert_eq!(
        p.goals.expected.value.len(),
        2,
        "{:?}",
        p.goals.expected.value
    );
    assert_eq!(p.goals.actual.value, ["服务 1050 人次，培训 8 场。"]);
    let names: Vec<(String, String, String)> = p
        .indicators()
        .map(|(a, b, i)| {
            (
                a.name.value.clone(),
                b.name.value.clone(),
                i.name.value.clone(),
            )
        })
        .collect();
    assert_eq!(names.len(), 5);
    assert_eq!(
        names[1],
        ("产出指标".into(), "数量指标".into(), "护理培训场次".into())
    );
    let (_, _, first) = p.indicators().next().unwrap();
    assert_eq!(first.written.target, "≥1000人次");
    assert_eq!(s.total.to_string(), "95.5");
    // The places are the table's cells.
    assert_eq!(
        p.name.place,
        Place::Table {
            table: 1,
            row: 1,
            col: 3
        }
    );
}

#[test]
fn every_table_of_a_document_is_read_and_its_findings_placed() {
    let signatures = table_xml(&[
        vec![c(&["审核人"]), c(&["张三"])],
        vec![c(&["日期"]), c(&["2025年3月1日"])],
    ]);
    let body = format!(
        "{}{}{}{}<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>{}{}{}",
        paragraph("项目支出绩效自评表"),
        paragraph("（2024年度）"),
        table_xml(&national("居家养老服务补贴", "95.5")),
        paragraph("附件2"),
        paragraph("（2024年度）"),
        table_xml(&national("社区助餐服务", "96")),
        signatures
    );
    let file = tmp("两张表.docx", &docx(&body));
    let all = check_path(&file, forms());
    assert_eq!(
        all.len(),
        2,
        "{:#?}",
        all.iter().map(|c| &c.diagnostics).collect::<Vec<_>>()
    );
    assert!(errors(&all[0]).is_empty(), "{:?}", errors(&all[0]));
    // The second table's 总分 does not add up: named at its cell.
    let e = errors(&all[1]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("E0604"), "{e:?}");
    assert!(e[0].ends_with(" 表2 第16行第8列"), "{e:?}");
    assert_eq!(
        all[1].scored.as_ref().unwrap().project.name.value,
        "社区助餐服务"
    );
}

#[test]
fn old_broken_and_empty_documents_get_a_diagnostic() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "旧版.doc",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            "另存为",
        ),
        ("不是zip.docx", b"plain text".to_vec(), "zip"),
        ("截断.docx", docx(&paragraph("x"))[..60].to_vec(), "zip"),
        (
            "坏的正文.docx",
            docx("<w:tbl><w:tr><w:tc><w:p></w:tc></w:tbl>"),
            "无法解析",
        ),
        (
            "没有表格.docx",
            docx(&paragraph("只有文字")),
            "没有任何自评表",
        ),
    ];
    for (name, bytes, says) in cases {
        let file = tmp(name, &bytes);
        let all = check_path(&file, forms());
        assert_eq!(all.len(), 1, "{name}");
        let d = &all[0].diagnostics;
        assert!(
            d.iter()
                .any(|d| d.is_error() && format!("{} {:?}", d.message, d.hint).contains(says)),
            "{name}: {d:#?}"
        );
        assert!(all[0].scored.is_none(), "{name}");
    }
}

/// jixiao's own documents of every shipped form, opened and saved again by
/// LibreOffice (its own XML: other run splits, `w:val="continue"`, no jixiao
/// markers), read back to the same tables: the pages printed from them are
/// byte for byte the first ones. Needs `soffice` (CI installs it; a local run
/// without it says so and checks nothing).
#[test]
fn libreoffice_round_trips_of_our_documents_read_the_same() {
    let have = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var_os("JIXIAO_REQUIRE_SOFFICE").is_none(),
            "soffice is required (JIXIAO_REQUIRE_SOFFICE) but missing"
        );
        eprintln!("soffice not found: the LibreOffice round trip is not checked");
        return;
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("word_lo");
    let _ = std::fs::remove_dir_all(&root);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    // Every shipped form's example, and the seed on the default form.
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir("tests/forms")
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|d| (d.file_name().unwrap().to_string_lossy().to_string(), d))
        .collect();
    cases.push(("shanghai".into(), PathBuf::from("tests/seed/2024")));
    let mut forms = 0;
    for (form, dir) in cases {
        let (first, saved, second) = (
            root.join(format!("{form}-first")),
            root.join(format!("{form}-saved")),
            root.join(format!("{form}-second")),
        );
        let report = |inputs: &Path, outputs: &Path| {
            common::jixiao_ok(&[
                "report",
                "--year",
                "2024",
                "--inputs",
                &s(inputs),
                "--outputs",
                &s(outputs),
                "--form",
                &form,
                "--no-pdf",
            ])
        };
        report(&dir, &first);
        let ours: Vec<PathBuf> = common::walk(&first)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "docx"))
            .filter(|p| {
                !p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("2024年度")
            })
            .collect();
        assert!(!ours.is_empty(), "{form}");
        let profile = format!(
            "-env:UserInstallation=file://{}",
            s(&root.join("lo-profile"))
        );
        let mut convert = std::process::Command::new("soffice");
        convert
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
            ])
            .arg(&saved)
            .args(&ours);
        let o = convert.output().unwrap();
        assert!(
            o.status.success(),
            "soffice: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        report(&saved, &second);
        for page in common::walk(&first)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html") && p.parent() != Some(&first))
            .filter(|p| {
                !p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("2024年度")
            })
        {
            let again = second.join(page.strip_prefix(&first).unwrap());
            assert!(
                std::fs::read(&again).ok() == std::fs::read(&page).ok(),
                "{form}: {} differs after LibreOffice",
                again.display()
            );
        }
        forms += 1;
    }
    assert!(forms >= 6, "{forms}");
}

/// `jixiao import` turns a Word document's tables into YAML files that check as
/// the document does.
#[test]
fn import_reads_word_documents() {
    let body = format!(
        "{}{}",
        paragraph("（2024年度）"),
        table_xml(&national("居家养老服务补贴", "95.5"))
    );
    let file = tmp("导入.docx", &docx(&body));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("word_import");
    let _ = std::fs::remove_dir_all(&out);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "import",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let yaml = out.join("居家养老服务补贴.yaml");
    let c = jixiao::pipeline::check_file(&yaml, forms());
    assert!(errors(&c).is_empty(), "{:#?}", c.diagnostics);
    let p = &c.scored.unwrap().project;
    assert_eq!(p.indicators().count(), 5);
    assert_eq!(
        p.total.as_ref().map(|t| t.get().to_string()),
        Some("95.5".into())
    );
}

/// Hostile and damaged documents: the package cut short or with bytes changed,
/// and the document's XML with tags removed, repeated or out of place, spans and
/// gaps far beyond a real table. Each is read (or refused) without a panic and
/// without unbounded memory.
#[test]
fn damaged_documents_never_panic() {
    use jixiao::input::docx::load_bytes;
    let words = jixiao::input::Words::default();
    let body = format!(
        "{}{}",
        paragraph("（2024年度）"),
        table_xml(&national("项目", "95.5"))
    );
    let good = docx(&body);
    let file = Path::new("坏.docx");
    let mut seed: u64 = 2024;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n.max(1)
    };
    for _ in 0..200 {
        let mut bytes = good.clone();
        let at = next(bytes.len());
        bytes[at] ^= 1 << next(8);
        let cut = next(bytes.len() + 1);
        let _ = load_bytes(file, &bytes, &words);
        let _ = load_bytes(file, &bytes[..cut], &words);
    }
    let pieces = [
        "<w:tc>",
        "</w:tc>",
        "<w:tr>",
        "</w:tr>",
        "<w:tbl>",
        "</w:tbl>",
        "<w:p>",
        "</w:p>",
        "<w:vMerge/>",
        "<w:vMerge w:val=\"restart\"/>",
        "<w:gridSpan w:val=\"999999\"/>",
        "<w:gridBefore w:val=\"-3\"/>",
        "<w:t>",
        "</w:t>",
        "&amp;",
        "&#x0;",
        "<w:br/>",
    ];
    for _ in 0..300 {
        let mut xml = body.clone();
        for _ in 0..1 + next(4) {
            let at = (0..=next(xml.len()))
                .rev()
                .find(|&i| xml.is_char_boundary(i))
                .unwrap_or(0);
            if next(2) == 0 {
                xml.insert_str(at, pieces[next(pieces.len())]);
            } else {
                let end = (at..=xml.len())
                    .find(|&i| xml.is_char_boundary(i) && i >= at + next(40))
                    .unwrap_or(xml.len());
                xml.replace_range(at..end, "");
            }
        }
        let _ = load_bytes(file, &docx(&xml), &words);
    }
    // Spans and gaps far beyond a table: refused, not allocated.
    let wide = format!(
        "<w:tbl>{}</w:tbl>",
        "<w:tr><w:trPr><w:gridBefore w:val=\"1000\"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val=\"1000\"/></w:tcPr><w:p/></w:tc></w:tr>".repeat(3000)
    );
    let book = load_bytes(file, &docx(&wide), &words);
    assert!(book.tables.is_empty());
    assert!(
        book.notes.iter().any(|d| d.message.contains("表格过大")),
        "{:?}",
        book.notes
    );
}

/// A cell of megabytes is read only as far as any cell may hold (and reported
/// too long); a body that inflates past what a table needs is refused with
/// what it is, not read into memory.
#[test]
fn huge_word_text_is_bounded_while_reading() {
    let huge = "很".repeat(2_000_000);
    let mut rows = national("巨大的表", "95");
    rows[0][1] = c(&[Box::leak(huge.into_boxed_str())]);
    let file = tmp("huge-cell.docx", &docx(&table_xml(&rows)));
    let checked = check_path(&file, forms());
    assert!(
        checked[0].diagnostics.iter().any(|d| d.code == "E0110"),
        "{:#?}",
        checked[0].diagnostics
    );
    let body = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "x".repeat(70 << 20));
    let file = tmp("huge-body.docx", &docx(&body));
    let checked = check_path(&file, forms());
    let d = &checked[0].diagnostics[0];
    assert!(d.is_error() && d.message.contains("MB"), "{d:?}");
}
