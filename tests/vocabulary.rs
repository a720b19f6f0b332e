//! Every word a published table prints for a field (the shared vocabulary,
//! `templates/vocabulary.yaml`, and a form's own `words:`) is read the same
//! way as a YAML key, a spreadsheet label and a Word table label: the table
//! typed with it is the same project as the one typed with the field's own word.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use common::forms;
use jixiao::form::vocab::section;
use jixiao::form::{Catalog, Key, Words};
use jixiao::input::emit::project_yaml;
use jixiao::input::{docx, sheet, yaml};
use jixiao::pack::{report, Options, PdfChoice};

const SEED: &str = "tests/seed/2024/托育中心经费.yaml";
const UNIT: &str = "上海市闵行区托育服务指导中心";

/// A project as YAML, without the comment lines that name its file.
fn yaml_of(p: &jixiao::model::Project) -> String {
    project_yaml(p, &forms().words().vocab)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The YAML text with every key `from` spelled `to`.
fn respell_keys(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut out = String::new();
    let mut count = 0;
    for line in text.lines() {
        let mut line = line.to_string();
        for lead in ["{ ", ", "] {
            let pat = format!("{lead}{from}:");
            count += line.matches(&pat).count();
            line = line.replace(&pat, &format!("{lead}{to}:"));
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let (dash, rest) = match trimmed.strip_prefix("- ") {
            Some(r) => ("- ", r),
            None => ("", trimmed),
        };
        if let Some(after) = rest.strip_prefix(&format!("{from}:")) {
            line = format!("{indent}{dash}{to}:{after}");
            count += 1;
        }
        out.push_str(&line);
        out.push('\n');
    }
    (out, count)
}

fn load_yaml(text: &str, words: &Words) -> jixiao::model::Project {
    let (p, diags) = yaml::load_str(Path::new("t.yaml"), text, words);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    p.expect("loads")
}

#[test]
fn every_word_is_a_yaml_key() {
    let words = forms().words();
    let vocab = &words.vocab;
    let base = std::fs::read_to_string(SEED).unwrap();
    let canonical = yaml_of(&load_yaml(&base, words));
    let emitted = project_yaml(&load_yaml(&base, words), vocab);
    let sections = [
        section::PROJECT,
        section::FUNDS,
        section::FUND_ROW,
        section::GOALS,
        section::INDICATOR,
    ];
    let mut tried = 0;
    for key in sections.iter().flat_map(|s| s.iter().copied()) {
        let own = vocab.word(key);
        for word in vocab.words(key).iter().filter(|w| *w != own) {
            let (text, n) = respell_keys(&emitted, own, word);
            if n == 0 {
                continue; // the seed does not write this key
            }
            let p = load_yaml(&text, words);
            assert_eq!(yaml_of(&p), canonical, "{key:?} spelled {word}");
            tried += 1;
        }
    }
    // 年度, 项目名称 … 偏差原因分析及改进措施: most keys, each in all its words.
    assert!(tried >= 30, "only {tried} spellings tried");
}

/// Spellings published tables print that YAML used to refuse.
#[test]
fn words_of_real_tables_are_yaml_keys() {
    let words = forms().words();
    let base = project_yaml(
        &load_yaml(&std::fs::read_to_string(SEED).unwrap(), words),
        &words.vocab,
    );
    let canonical = yaml_of(&load_yaml(&base, words));
    for (own, word) in [
        ("项目名称", "专项资金名称"),
        ("主管部门", "县级主管部门"),
        ("当年财政拨款", "财政拨款"),
        ("上年结转资金", "上年结转"),
        ("年度指标值", "年初目标值"),
        ("实际完成值", "全年完成值"),
        ("实际完成情况", "全年实际完成情况"),
        ("偏差原因分析及改进措施", "未完成原因和改进措施"),
        ("全年预算数", "预算数(A)"),
        ("全年执行数", "执行数(B)"),
    ] {
        let (text, n) = respell_keys(&base, own, word);
        assert!(n > 0, "{own}");
        assert_eq!(yaml_of(&load_yaml(&text, words)), canonical, "{word}");
    }
    for (own, word) in [("评分等级", "等级"), ("总分", "合计")] {
        let (text, n) = respell_keys(&base, own, word);
        assert!(n > 0, "{own}");
        assert_eq!(yaml_of(&load_yaml(&text, words)), canonical, "{word}");
    }
}

/// The seed's documents as the pack writes them, on `form`.
fn rendered(form: &str, ext: &str) -> (PathBuf, Vec<u8>) {
    // The tests of this file run at once and share the packs.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("vocabulary-{form}"));
    if !out.exists() {
        let opts = Options {
            pdf: PdfChoice::Off,
            ..Options::new(2024, Path::new("tests/seed/2024"), &out)
        };
        report(&opts, &Catalog::load(Some(form)).unwrap(), &|_| {}).unwrap();
    }
    let file = out.join(UNIT).join(format!("托育中心经费.{ext}"));
    let bytes = std::fs::read(&file).unwrap();
    (file, bytes)
}

/// The zip package with `part`'s text changed by `edit`.
fn edit_part(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The first table of a workbook or Word document, as YAML.
fn read_back(file: &Path, bytes: &[u8], words: &Words) -> Result<String, String> {
    let book = if file.extension().is_some_and(|e| e == "docx") {
        docx::load_bytes(file, bytes, words)
    } else {
        sheet::load_bytes(file, bytes, words)
    };
    let table = book.tables.into_iter().next().ok_or("no table")?;
    let errors: Vec<_> = table.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        return Err(format!("{errors:#?}"));
    }
    Ok(yaml_of(&table.project.ok_or("not read")?))
}

/// The fields a table shows as labels.
const LABELS: &[Key] = &[
    Key::Name,
    Key::Department,
    Key::Unit,
    Key::Initial,
    Key::Budget,
    Key::Spent,
    Key::FundsWeight,
    Key::Rate,
    Key::Score,
    Key::FundsTotal,
    Key::Appropriation,
    Key::Carryover,
    Key::Other,
    Key::Expected,
    Key::Achieved,
    Key::Level1,
    Key::Level2,
    Key::Level3,
    Key::Target,
    Key::Actual,
    Key::Weight,
    Key::Reason,
    Key::Total,
    Key::Grade,
];

/// Each label the document prints (as a whole cell text, `open`WORD`close`),
/// replaced by every other word of its field: the table reads back the same.
fn every_word_is_a_label(ext: &str, part: &str, open: &str, close: &str) {
    let words = forms().words();
    let vocab = &words.vocab;
    let mut tried = 0;
    let mut keys = 0;
    for form in ["shanghai", "national"] {
        let (file, bytes) = rendered(form, ext);
        let text = common::docx_read::zip_part(&bytes, part).unwrap();
        let canonical = read_back(&file, &bytes, words).unwrap();
        for key in LABELS {
            let all = vocab.words(*key);
            let Some(printed) = all
                .iter()
                .find(|w| text.contains(&format!("{open}{w}{close}")))
            else {
                continue; // not printed whole on this form
            };
            keys += 1;
            for word in all.iter().filter(|w| *w != printed) {
                let from = format!("{open}{printed}{close}");
                let to = format!("{open}{word}{close}");
                let edited = edit_part(&bytes, part, |t| t.replace(&from, &to));
                let again = read_back(&file, &edited, words)
                    .unwrap_or_else(|e| panic!("{form} {ext}: {key:?} as {word}: {e}"));
                assert_eq!(again, canonical, "{form} {ext}: {key:?} printed {word}");
                tried += 1;
            }
        }
    }
    assert!(
        keys >= 12 && tried >= 30,
        "{ext}: {keys} labels, {tried} words"
    );
}

#[test]
fn every_word_is_a_spreadsheet_label() {
    every_word_is_a_label("xlsx", "xl/sharedStrings.xml", "<t>", "</t>");
}

#[test]
fn every_word_is_a_word_table_label() {
    every_word_is_a_label("docx", "word/document.xml", ">", "</w:t>");
}

/// A copied form that prints its own header word (未完成情况说明 for 偏差原因分析及
/// 改进措施) reads a sheet printed with it; without the form, that column is not
/// known and its reasons are not read.
#[test]
fn a_forms_own_word_is_read() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vocabulary-own-word");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = std::fs::read_to_string("templates/shanghai/form.yaml").unwrap();
    std::fs::write(
        dir.join("form.yaml"),
        format!("{spec}\nwords:\n  reason: [未完成情况说明]\n"),
    )
    .unwrap();
    std::fs::copy(
        "templates/shanghai/table.xhtml.j2",
        dir.join("table.xhtml.j2"),
    )
    .unwrap();
    let own = Catalog::load(Some(dir.to_str().unwrap())).unwrap();
    let (file, bytes) = rendered("shanghai", "xlsx");
    let canonical = read_back(&file, &bytes, forms().words()).unwrap();
    let edited = edit_part(&bytes, "xl/sharedStrings.xml", |t| {
        t.replace("<t>偏差原因分析及改进措施</t>", "<t>未完成情况说明</t>")
    });
    assert_eq!(read_back(&file, &edited, own.words()).unwrap(), canonical);
    let without = read_back(&file, &edited, forms().words()).unwrap();
    assert_ne!(without, canonical, "the column is unknown without the form");
    assert!(!without.contains("偏差原因分析及改进措施"));
}
