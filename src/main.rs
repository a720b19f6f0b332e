//! The `jixiao` command line: parses arguments and calls the library.

use jixiao::diag::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::time::Instant;

mod cli;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use jixiao::diag::{self, human, Diagnostic, Severity};
use jixiao::form::Form;
use jixiao::form::{builtin_names, Catalog, TableKind};
use jixiao::pack::{self, Options, PdfChoice, PdfOutcome, Progress};
use jixiao::pipeline::{check_all, check_files, input_files, Duplicates};

/// Prints a line to standard output; a closed pipe (`jixiao explain | head`) is
/// not an error worth a panic.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

/// mimalloc: the renderers allocate and free many small buffers from several
/// threads, where it is markedly faster than the system allocator (`make bench`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const QUICK_START: &str = "快速开始 (quick start):
  jixiao check                 检查 inputs/ 下最新年度的全部项目，只报告不生成
  jixiao report --year 2024    生成 outputs/2024/: 每个项目的 .docx .xlsx .html，
                               每个实施单位的合订本，index.html 和 manifest.json
  jixiao explain               列出全部诊断代码（E 错误, W 警告, I 提示）
  jixiao init --year 2025 --from 2024   新年度: 由上年的表带入
  jixiao audit 收到的表/ --out 审核.xlsx   审核一个地区收到的全部表，写出审核工作簿

输入: inputs/<年度>/ 下每个项目一个 YAML 文件（键名即自评表栏目名），或自评表的
      电子表格（.xlsx/.xls/.ods）、Word 文档（.docx）；格式和完整示例见 README.md 与 inputs/2024/。
退出码 (exit codes): 0 成功, 1 有项目存在错误, 2 用法或读写问题。";

/// jixiao（绩效）: 财政项目支出绩效自评表 — 检查、计分并生成 Word / Excel / HTML 自评表。
///
/// Checks, scores and renders the project expenditure performance
/// self-evaluation tables of a government unit, from YAML files, spreadsheets or Word documents.
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, propagate_version = true, after_help = QUICK_START)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成年度自评表: 检查 inputs/<年度>/ 下每个项目并写出 outputs/<年度>/<实施单位>/<项目名称>.docx|.xlsx|.html|.pdf
    ///
    /// Checks every project of the year and writes its Word, Excel, HTML and PDF
    /// tables, each unit's combined Word, Excel and PDF files (2024年度项目支出绩效自评表),
    /// index.html and manifest.json. Projects with errors are left out, listed
    /// in index.html and reported; the others are still written (exit code 1).
    /// The pack is built in a temporary folder and replaces the previous one
    /// only when complete. PDFs are set in the machine's CJK font (宋体 first);
    /// without one, the rest is written and a warning says what to install.
    ///
    /// 例 (example): jixiao report --year 2024
    #[command(verbatim_doc_comment)]
    Report(ReportArgs),
    /// 合并多个 --unit 任务生成的报告 / join packs built by separate --unit runs
    ///
    /// 每台机器用 `jixiao report --unit <单位> --outputs <文件夹>` 生成一部分，
    /// 再把这些文件夹合并为一个完整的年度报告: 各单位的文件夹原样带入，
    /// index.html 和 manifest.json 覆盖全部单位，与一次生成全部单位的结果逐字节相同。
    /// 各报告须为同一年度、同一批输入、同一版本的 jixiao；同一单位出现在两个报告中时须相同。
    /// Joins packs made by `report --unit` jobs into one, byte-identical to a single run.
    ///
    /// 退出码: 0 成功, 2 报告不能合并或读写问题（输出文件夹不变）。
    /// 例 (example): jixiao merge parts/a parts/b --out outputs/2024
    #[command(verbatim_doc_comment)]
    Merge {
        /// 要合并的报告文件夹 / the packs to join
        #[arg(required = true)]
        packs: Vec<PathBuf>,
        /// 合并后的报告文件夹（整体替换） / the joined pack's folder (replaced as a whole)
        #[arg(long)]
        out: PathBuf,
        /// 输出文件夹中有不是 jixiao 生成的文件时也替换 / replace --out even if it holds files jixiao did not write
        #[arg(long)]
        force: bool,
    },
    /// 列出输入中的实施单位，每行一个 / list the units of the inputs, one per line
    ///
    /// 读取并检查输入（同 check），把各表的实施单位按名称排序、去重后写到标准输出，
    /// 用于把报告按单位分给多个任务（report --unit）。不写任何文件。
    /// 退出码: 0 成功, 2 路径无法读取。
    /// 例 (example): jixiao units inputs/2024 > 单位.txt
    #[command(verbatim_doc_comment)]
    Units {
        /// 输入文件夹（默认: inputs/ 下最新的年度文件夹） / input folder
        path: Option<PathBuf>,
        /// 表式: 内置表式的名称或表式文件夹，其字段和用词也可用于输入 / a form whose words the inputs may use
        #[arg(long, value_parser = form_name)]
        form: Option<String>,
    },
    /// 列出可用的表式；给出表式文件夹时检查它能否使用 / list the forms, or check form folders
    ///
    /// 不带参数时列出内置表式（名称和说明），用于 report --form 或输入中的“表式”。
    /// 给出表式文件夹（含 form.yaml 和 table.xhtml.j2，通常复制一个内置表式后修改）时，
    /// 读取并试排一张示例表，报告其中的问题（文件和行号）。
    /// 退出码: 0 成功, 2 有表式不能使用。
    /// 例 (example): jixiao forms   ·   jixiao forms 我省表式/
    #[command(verbatim_doc_comment)]
    Forms {
        /// 要检查的表式文件夹 / form folders to check
        dirs: Vec<PathBuf>,
    },
    /// 只检查不生成: 读取、校验、计分并报告全部问题 / check only, write nothing
    ///
    /// 读取 YAML 文件、电子表格（.xlsx/.xls/.ods，一个工作表可有多张表）和 Word 文档
    /// （.docx，每个表格一张表），报告每个文件的全部错误、警告和提示，以及每个文件中
    /// 找到几张表；不写任何文件。
    /// Reads YAML files, spreadsheets (any number of tables per sheet) and Word
    /// documents (any number of tables) and reports every finding; writes nothing.
    ///
    /// 退出码 (exit code): 0 无错误（可有警告）, 1 有错误, 2 有路径无法读取或用法问题
    /// （其余路径照常检查）.
    #[command(verbatim_doc_comment)]
    Check {
        /// 要检查的文件或文件夹（默认: inputs/ 下最新的年度文件夹） / files or folders
        paths: Vec<PathBuf>,
        #[command(flatten)]
        targets: cli::targets::TargetsArgs,
        /// 把警告也当作错误 / treat warnings as errors
        #[arg(long)]
        strict: bool,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// 按此表式的规则计分和检查（内置表式名称或表式文件夹）；覆盖文件中的“表式” / check by this form's rules
        #[arg(long, value_parser = form_name)]
        form: Option<String>,
        /// 确认这些问题（诊断代码，逗号分隔，如 E0205,E0602）: 表照原样通过，问题记为“已确认” / accept these findings in every table
        #[arg(long, value_delimiter = ',', value_parser = accepted_code)]
        accept: Vec<Code>,
    },
    /// 新年度的输入文件夹: 由上年的表带入，或写一个示例项目 / start a new year's inputs
    ///
    /// --from 2024: 读取 inputs/2024 的每张表，写出 inputs/<年度>/<项目名称>.yaml：
    /// 名称、单位、指标、分值和年度指标值沿用上年，金额、实际完成情况、实际完成值、
    /// 得分和偏差原因留空，上年的数值写在注释中（上年数据带入）。
    /// --targets 目标表/: 读取批复的绩效目标表（目标表的表式，如 national-plan、shanghai-plan），
    /// 每个项目写出一个本年度的自评表: 名称、单位、预算（年初预算数、全年预算数）、指标、
    /// 年度指标值和分值按批复填写，执行数、实际完成值、得分和偏差原因留空；同时给出
    /// --from 时，上年自评表的数值写在注释中。
    /// --xlsx（与 --from 或 --targets 一起）: 改为每个实施单位写一个填报工作簿
    /// inputs/<年度>/<实施单位>.xlsx：首页“说明”，之后每个项目一张与正式表格版式相同的工作表；
    /// 带入的内容锁定，需填写的单元格留空、不锁定并以浅色底纹标出，上年的数值在批注中。
    /// 单位在 Excel、WPS 或 LibreOffice 中填好保存后，jixiao check / report 直接读取。
    /// 不带 --from 和 --targets: 写出一个带注释的示例项目 inputs/<年度>/示例项目.yaml。
    /// 已有同名文件时不覆盖，除非 --force。退出码: 0 成功, 2 读写问题。
    /// Writes inputs/<year>/ from last year's tables (targets kept, actual values
    /// blank, last year's values as comments), or an example project; with
    /// --xlsx, one workbook per unit for the unit to fill in a spreadsheet.
    #[command(verbatim_doc_comment)]
    Init {
        /// 新的年度，如 2025 / the new year
        #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
        year: u16,
        /// 从哪一年带入，如 2024 / the year to carry over from
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        from: Option<u16>,
        /// 批复的绩效目标表（文件或文件夹，可重复）: 每个项目写出一个自评表 / the approved 目标表s to start from
        #[arg(long = "targets", value_name = "目标表")]
        targets: Vec<PathBuf>,
        /// 读取目标表用的表式（默认: 表中写的表式，没写的按 national-plan） / the form the 目标表s are read by
        #[arg(long, value_name = "表式", requires = "targets")]
        targets_form: Option<String>,
        /// 输入根文件夹（默认: inputs） / root of the year folders (default: inputs)
        #[arg(long, default_value = "inputs")]
        inputs: PathBuf,
        /// 覆盖已有的文件 / overwrite existing files
        #[arg(long)]
        force: bool,
        /// 每个实施单位写一个供填报的 Excel 工作簿（代替 YAML 文件） / one workbook per unit to fill in, instead of YAML files
        #[arg(long)]
        xlsx: bool,
        /// 表式: 内置表式的名称或表式文件夹，其字段和用词也可用于输入 / a form whose words the inputs may use
        #[arg(long, value_parser = form_name)]
        form: Option<String>,
    },
    /// 生成 N 个合成项目（用于性能测试） / write N synthetic, valid projects for benchmarks
    ///
    /// 在 DIR 中写出 N 个 YAML 文件（synth-000000.yaml …），全部通过检查；同样的参数得到同样的文件。
    /// 退出码: 0 成功, 2 文件夹不为空或无法写入。
    /// Writes N valid YAML projects into DIR, the same for the same arguments.
    #[command(verbatim_doc_comment)]
    Synth {
        /// 项目数 / number of projects
        count: usize,
        /// 输出文件夹（须为空或不存在） / output folder (empty or new)
        dir: PathBuf,
        /// 实施单位数 / number of units
        #[arg(long, default_value_t = 50, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        units: usize,
        /// 随机种子 / seed
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// 年度 / year
        #[arg(long, default_value_t = 2024, value_parser = clap::value_parser!(u16).range(1..))]
        year: u16,
    },
    /// 把电子表格或 Word 文档中的自评表转为 YAML: 每张表一个文件，以项目名称命名 / turn spreadsheet and Word tables into YAML
    ///
    /// 读取 .xlsx/.xls/.ods 中每个含自评表的工作表、.docx 中每个自评表表格，写出 <项目名称>.yaml；
    /// 数字照表中所写（117.94 仍是 117.94）。已有同名文件时不覆盖，除非 --force。
    /// Reads every sheet holding a table and writes one YAML file per table,
    /// named by 项目名称; existing files are kept unless --force.
    ///
    /// 退出码: 0 全部导入, 1 有表因错误未导入或有文件已存在未覆盖, 2 读写问题。
    /// 例 (example): jixiao import <表格>.xlsx --out inputs/2024
    #[command(verbatim_doc_comment)]
    Import {
        /// 电子表格文件 / spreadsheet files
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 输出文件夹（默认: 当前文件夹） / output folder (default: current folder)
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// 覆盖已有的文件 / overwrite existing files
        #[arg(long)]
        force: bool,
        /// 表式: 内置表式的名称或表式文件夹，其字段和用词也可用于输入 / a form whose words the inputs may use
        #[arg(long, value_parser = form_name)]
        form: Option<String>,
    },
    /// 审核一个地区的全部自评表，写出审核工作簿 / audit every table of a region into one workbook
    ///
    /// 读取各路径下（含子文件夹）的全部自评表: YAML、电子表格和 Word 文档可以混在一起；
    /// 每张表按它的表式（--form，否则文件中的“表式”）检查、计分，写出一个工作簿:
    /// 问题清单（每条问题一行，可筛选）、项目（每张表一行，自评总分和按规则的总分）、
    /// 按单位、按规则（每个代码的次数和说明）、关注（审核人员值得一问的情况，每行说明原因）
    /// 和各单位评分等级分布图。--format json 把同样的内容写到标准输出，不写工作簿。
    /// Reads every table under the paths (YAML, spreadsheets, Word), checks and
    /// scores each by its form, and writes one workbook for the reviewers.
    ///
    /// 退出码: 0 无错误, 1 有错误（--strict 时警告也算）, 2 有路径无法读取或写不出工作簿。
    /// 例 (example): jixiao audit 收到的表/ --out 审核.xlsx
    #[command(verbatim_doc_comment)]
    Audit {
        /// 要审核的文件或文件夹（含子文件夹） / files or folders (with their subfolders)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 审核工作簿 / the workbook to write
        #[arg(long, default_value = "审核.xlsx")]
        out: PathBuf,
        #[command(flatten)]
        targets: cli::targets::TargetsArgs,
        /// 按此表式的规则检查（内置表式名称或表式文件夹）；覆盖文件中的“表式” / check by this form's rules
        #[arg(long, value_parser = form_name)]
        form: Option<String>,
        /// 确认这些问题（诊断代码，逗号分隔，如 E0205,E0602）: 表照原样通过，问题记为“已确认” / accept these findings in every table
        #[arg(long, value_delimiter = ',', value_parser = accepted_code)]
        accept: Vec<Code>,
        /// 把警告也当作错误（退出码） / treat warnings as errors for the exit code
        #[arg(long)]
        strict: bool,
        /// 输出格式: human 写工作簿, json 写到标准输出 / human writes the workbook, json prints
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// 解释诊断代码；不带代码时列出全部代码 / explain a diagnostic code, or list them all
    ///
    /// 不读写任何文件，说明写到标准输出。退出码: 0 成功, 2 没有这个代码。
    /// Reads and writes no file; prints to standard output; exit code 2 for an unknown code.
    #[command(verbatim_doc_comment)]
    Explain {
        /// 诊断代码，如 E0602、W0603（旧写法 E0603 也可以）/ diagnostic code, e.g. E0602, W0603
        code: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 供人阅读 / for people
    Human,
    /// 每行一个 JSON 对象 / one JSON object per line
    Json,
}

/// The options of `jixiao report`.
#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// 年度（默认: inputs/ 下最新的年度文件夹） / year (default: latest folder under inputs/)
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
    year: Option<u16>,
    /// 输入文件夹（默认: inputs/<年度>） / input folder (default: inputs/<year>)
    #[arg(long)]
    inputs: Option<PathBuf>,
    /// 输出文件夹（默认: outputs/<年度>，整体替换） / output folder (default: outputs/<year>, replaced as a whole)
    #[arg(long)]
    outputs: Option<PathBuf>,
    /// 表式: 内置表式的名称（jixiao forms 列出，默认 shanghai）或表式文件夹（如 templates/national 的副本）；覆盖文件中的“表式” / form name or folder, overrides each file's 表式
    #[arg(long, value_parser = form_name)]
    form: Option<String>,
    /// 确认这些问题（诊断代码，逗号分隔，如 E0205,E0602）: 有这些问题的表照原样生成，问题记入 index.html 和 manifest.json / accept these findings in every table
    #[arg(long, value_delimiter = ',', value_parser = accepted_code)]
    accept: Vec<Code>,
    /// 只生成这些实施单位（可重复）；用于把全市的任务分给多台机器 / build only these units (repeatable)
    #[arg(long = "unit", value_name = "实施单位")]
    units: Vec<String>,
    /// 把警告也当作错误: 有警告的表不生成 / treat warnings as errors: tables with warnings are not published
    #[arg(long)]
    strict: bool,
    /// 输出文件夹中有不是 jixiao 生成的文件时也替换（这些文件会被删除） / replace the outputs folder even if it holds files jixiao did not write
    #[arg(long)]
    force: bool,
    /// PDF 使用的字体文件（.ttf/.otf/.ttc；默认: 本机的宋体，其次 Noto Serif CJK、AR PL UMing） / font file for the PDFs (default: SimSun, then Noto Serif CJK, then AR PL UMing)
    #[arg(long, value_name = "字体文件")]
    font: Option<PathBuf>,
    /// 不生成 PDF / make no PDF
    #[arg(long, conflicts_with = "font")]
    no_pdf: bool,
    #[command(flatten)]
    targets: cli::targets::TargetsArgs,
}

fn form_name(s: &str) -> Result<String, String> {
    if builtin_names().contains(&s) || Path::new(s).join("form.yaml").is_file() {
        Ok(s.to_string())
    } else {
        Err(format!(
            "没有表式“{s}”；可用: {}，或一个含 form.yaml 和 table.xhtml.j2 的表式文件夹",
            builtin_names().join(", ")
        ))
    }
}

/// The folder of the latest year under `inputs/`: what `check` and `units` read
/// when given no path.
fn latest_inputs() -> Result<PathBuf, String> {
    let root = Path::new("inputs");
    Ok(root.join(latest_year(root)?.to_string()))
}

/// The latest year folder under `inputs/`.
fn latest_year(root: &Path) -> Result<u16, String> {
    let entries = std::fs::read_dir(root).map_err(|e| {
        format!(
            "找不到输入文件夹 {}: {}（请在仓库根目录运行，或用 --inputs 指定）",
            root.display(),
            diag::io_reason(&e)
        )
    })?;
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str()?.parse::<u16>().ok())
        .max()
        .ok_or_else(|| format!("{} 下没有年度文件夹（如 inputs/2024）", root.display()))
}

/// Peak resident memory of this process in MB (Linux), for the run summary.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn print_diagnostics(diags: &[Diagnostic], format: Format) {
    match format {
        Format::Human => {
            eprint!("{}", human::render(diags, &jixiao::pipeline::text_source));
        }
        Format::Json => {
            for d in diags {
                match serde_json::to_string(d) {
                    Ok(line) => out!("{line}"),
                    Err(e) => eprintln!("无法输出 JSON: {e}"),
                }
            }
        }
    }
}

fn run_report(args: ReportArgs) -> Result<bool, String> {
    let ReportArgs {
        year,
        inputs,
        outputs,
        form,
        accept,
        units,
        strict,
        force,
        font,
        no_pdf,
        targets,
    } = args;
    let started = Instant::now();
    let year = match year {
        Some(y) => y,
        None => latest_year(Path::new("inputs"))?,
    };
    let opts = Options {
        year,
        inputs: inputs.unwrap_or_else(|| PathBuf::from("inputs").join(year.to_string())),
        outputs: outputs.unwrap_or_else(|| PathBuf::from("outputs").join(year.to_string())),
        units,
        strict,
        force,
        pdf: match (font, no_pdf) {
            (_, true) => PdfChoice::Off,
            (Some(f), _) => PdfChoice::Font(f),
            (None, false) => PdfChoice::Auto,
        },
    };
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} 个项目 [{elapsed_precise}] {wide_bar} {per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (forms, targets) = targets.load(catalog(form.as_deref())?.with_accepted(accept))?;
    let outcome = pack::report(&opts, &forms, &|step| match step {
        Progress::Total(n) => bar.set_length(n as u64),
        Progress::Rendered => bar.inc(1),
    });
    bar.finish_and_clear();
    let outcome = outcome.map_err(|e| e.to_string())?;
    // Notes (提示) are for `jixiao check`; the report shows what needs fixing.
    let mut diags: Vec<Diagnostic> = outcome
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    if let Some(targets) = targets {
        let reports = outcome
            .checked
            .iter()
            .filter(|b| b.kind == TableKind::Report);
        let keys = reports.filter_map(|b| b.key.as_ref());
        let found = targets.findings(keys.map(|(u, n)| (u.as_str(), n.as_str())));
        diags.extend(found.into_iter().filter(|d| d.severity != Severity::Info));
    }
    print_diagnostics(&diags, Format::Human);
    let seconds = started.elapsed().as_secs_f64();
    let size = outcome.bytes_written;
    eprintln!(
        "{year} 年度: 生成 {} 个项目, {} 个因错误未生成, 共 {} 个文件 {:.1} MB → {} | {:.2} 秒, {:.0} 项目/秒{}",
        outcome.rendered,
        outcome.skipped,
        outcome.files_written,
        size as f64 / 1e6,
        opts.outputs.display(),
        seconds,
        outcome.rendered as f64 / seconds.max(1e-9),
        peak_rss_mb().map_or(String::new(), |m| format!(", 峰值内存 {m:.0} MB")),
    );
    warn_leftovers(&outcome.leftovers);
    warn_pdf(&outcome.pdf);
    if outcome.kept_previous {
        eprintln!(
            "没有一个项目能生成: 保留上次的输出 {}，未替换 (nothing rendered; previous pack kept)",
            opts.outputs.display()
        );
    }
    Ok(outcome.skipped == 0 && !outcome.kept_previous)
}

fn run_merge(packs: Vec<PathBuf>, out: PathBuf, force: bool) -> Result<bool, String> {
    let started = Instant::now();
    let opts = pack::merge::MergeOptions { packs, out, force };
    let merged = pack::merge::merge(&opts).map_err(|e| e.to_string())?;
    eprintln!(
        "合并 {} 个报告: {} 个实施单位、{} 个项目, 共 {} 个文件 {:.1} MB → {} | {:.2} 秒",
        opts.packs.len(),
        merged.units,
        merged.projects,
        merged.files,
        merged.bytes as f64 / 1e6,
        opts.out.display(),
        started.elapsed().as_secs_f64()
    );
    warn_leftovers(&merged.leftovers);
    Ok(true)
}

/// Tells the user about replaced packs that could not be deleted.
/// The PDF font, or the warning that there are no PDFs, and the characters
/// the font lacks.
fn warn_pdf(pdf: &PdfOutcome) {
    warn_cut(pdf);
    if pdf.no_font {
        eprintln!(
            "警告: 本机没有中文字体，未生成 PDF（其余文件照常生成）；{} (no CJK font: PDFs skipped)",
            jixiao::render::pdf::INSTALL_HINT
        );
    }
    if let Some((family, path)) = &pdf.font {
        if !pdf.missing.is_empty() {
            let shown: String = pdf.missing.iter().take(20).collect();
            let more = if pdf.missing.len() > 20 { " 等" } else { "" };
            eprintln!(
                "警告: PDF 字体 {family}（{}）没有这些字: {shown}{more}，在 PDF 中显示为空框；可用 --font 换一种字体",
                path.display()
            );
        }
    }
}

/// PDFs that could not print every line of a cell taller than a page.
fn warn_cut(pdf: &PdfOutcome) {
    for (file, lines) in &pdf.cut {
        eprintln!(
            "警告: {file} 中有一格长于一页，PDF 印不下其中 {lines} 行（.docx、.html 中完整）；建议: 缩短这一格的文字，或发布 Word 版 (a cell longer than a page: {lines} line(s) left out of the PDF)"
        );
    }
}

fn warn_leftovers(left: &[PathBuf]) {
    for p in left {
        eprintln!(
            "警告: 无法删除被替换的旧输出 {}（其中有只读的文件夹？），已移到一旁，请手动删除 (could not delete the replaced pack)",
            p.display()
        );
    }
}

/// A diagnostic code as `--accept` takes it: `E0205`, `W0603` or `e0205`.
fn accepted_code(s: &str) -> Result<Code, String> {
    diag::lookup(s)
        .map(|r| r.code)
        .ok_or_else(|| format!("没有诊断代码“{}”；jixiao explain 列出全部代码", s.trim()))
}

/// The run's forms: the built-in ones and `--form`, loaded once and handed to
/// every stage.
fn catalog(form: Option<&str>) -> Result<Catalog, String> {
    Catalog::load(form).map_err(|e| e.to_string())
}

fn run_units(path: Option<PathBuf>, form: Option<&str>) -> Result<bool, String> {
    let forms = catalog(form)?;
    let dir = match path {
        Some(p) => p,
        None => latest_inputs()?,
    };
    let files = input_files(&dir)
        .map_err(|e| format!("{}: 无法读取文件夹: {}", dir.display(), diag::io_reason(&e)))?;
    let mut units: Vec<String> = check_all(&files, None, false, &forms)
        .into_iter()
        .filter_map(|b| b.key.map(|(unit, _)| unit))
        .collect();
    units.sort();
    units.dedup();
    for u in &units {
        out!("{u}");
    }
    Ok(true)
}

fn run_check(
    paths: Vec<PathBuf>,
    strict: bool,
    format: Format,
    form: Option<&str>,
    accept: Vec<Code>,
    targets: &cli::targets::TargetsArgs,
) -> Result<bool, String> {
    // Each table is checked by the rules of the form it is printed on.
    let (forms, targets) = targets.load(catalog(form)?.with_accepted(accept))?;
    let mut reports: Vec<(String, String)> = Vec::new();
    let paths = if paths.is_empty() {
        vec![latest_inputs()?]
    } else {
        paths
    };
    // A path that cannot be read is reported like any other problem (E0001) and
    // the others are still checked; the run then ends with exit code 2.
    let (files, unreadable) = jixiao::pipeline::gather(&paths, false);
    let paths_missing = unreadable.len();
    let mut tally = human::Tally::new(&files);
    tally.add(&unreadable);
    print_diagnostics(&unreadable, format);
    // Files are independent: checked in parallel, a part at a time, reported in
    // file order; only the counts stay, so memory does not grow with the files.
    let mut tables: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut duplicates = Duplicates::default();
    for part in files.chunks(CHECK_PART) {
        let mut checked = check_files(part, None, true, &forms);
        duplicates.mark(&mut checked);
        if targets.is_some() {
            let of_reports = checked.iter().filter(|c| c.kind == TableKind::Report);
            reports.extend(of_reports.filter_map(|c| c.key.clone()));
        }
        // Tables found in each workbook (a workbook without any gives one entry, E0704).
        for c in checked
            .iter()
            .filter(|c| jixiao::pipeline::holds_tables(&c.file))
        {
            let none = !c.read && c.diagnostics.iter().any(|d| d.code == Code::E0704);
            *tables.entry(c.file.clone()).or_default() += usize::from(!none);
        }
        let mut diags: Vec<Diagnostic> = checked.into_iter().flat_map(|c| c.diagnostics).collect();
        if strict {
            diag::warnings_as_errors(&mut diags);
        }
        diag::sort(&mut diags);
        tally.add(&diags);
        print_diagnostics(&diags, format);
    }
    if let Some(targets) = targets {
        let mut diags = targets.findings(reports.iter().map(|(u, n)| (u.as_str(), n.as_str())));
        if strict {
            diag::warnings_as_errors(&mut diags);
        }
        diag::sort(&mut diags);
        tally.add(&diags);
        print_diagnostics(&diags, format);
    }
    if format == Format::Human {
        eprint!("{}", tally.render(&tables));
    }
    if paths_missing > 0 {
        return Err(format!(
            "{paths_missing} 个路径无法读取，其余已检查（{paths_missing} path(s) could not be read）"
        ));
    }
    Ok(!tally.has_errors())
}

/// Files `check` reads before it reports them and goes on.
const CHECK_PART: usize = 512;

fn run_explain(code: Option<&str>) -> Result<bool, String> {
    let Some(code) = code else {
        out!("诊断代码 (diagnostic codes): E 错误, W 警告, I 提示；jixiao explain <代码> 看详细说明\n");
        for r in diag::RULES {
            out!(
                "{}  {}  {}",
                diag::shown_code(r.code),
                r.severity.label(),
                r.title
            );
        }
        return Ok(true);
    };
    let rule = diag::lookup(code).ok_or_else(|| {
        format!(
            "没有诊断代码 {}；jixiao explain 列出全部代码",
            code.trim().to_ascii_uppercase()
        )
    })?;
    out!(
        "{} [{}] {}\n\n{}",
        diag::shown_code(rule.code),
        rule.severity.label(),
        rule.title,
        rule.explain
    );
    Ok(true)
}

fn run_forms(dirs: &[PathBuf]) -> Result<bool, String> {
    if dirs.is_empty() {
        out!("内置表式 (built-in forms)；用 report --form <名称> 或输入中的“表式: <名称>”选择:\n");
        for name in builtin_names() {
            let form = Form::builtin(name).map_err(|e| e.to_string())?;
            out!("{name:<16} {}", form.description);
        }
        out!("\n自己的表式: 复制 templates/ 下的一个文件夹并修改，用 jixiao forms <文件夹> 检查（见 README）");
        return Ok(true);
    }
    let mut all_good = true;
    for dir in dirs {
        match Form::from_dir(dir).and_then(|f| jixiao::layout::try_out(&f).map(|()| f)) {
            Ok(form) => out!(
                "可用  {}: {} ({})",
                dir.display(),
                form.name,
                form.description
            ),
            Err(e) => {
                all_good = false;
                eprintln!("错误  {e}");
            }
        }
    }
    if all_good {
        Ok(true)
    } else {
        Err("有表式不能使用（见上）".to_string())
    }
}

fn run_init(
    inputs: &Path,
    (year, from): (u16, Option<u16>),
    (targets, xlsx): (Option<jixiao::init::TargetsIn>, bool),
    force: bool,
    form: Option<&str>,
) -> Result<bool, String> {
    let forms = catalog(form)?;
    if xlsx && from.is_none() && targets.is_none() {
        return Err(
            "--xlsx 要与 --from 或 --targets 一起使用 (--xlsx needs --from or --targets)".into(),
        );
    }
    let outcome = if xlsx {
        jixiao::init::init_xlsx(inputs, (year, from), targets, force, &forms)
    } else {
        jixiao::init::init(inputs, (year, from), targets, force, &forms)
    }
    .map_err(|e| e.to_string())?;
    let errors: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        print_diagnostics(&errors, Format::Human);
    }
    for w in &outcome.written {
        eprintln!("已写出 {}", w.display());
    }
    for k in &outcome.kept {
        eprintln!("{}: 已存在，未覆盖（用 --force 覆盖）", k.display());
    }
    match from {
        _ if xlsx => eprintln!(
            "{year} 年度: 写出 {} 个填报工作簿（每个实施单位一个），{} 个已存在未覆盖，{} 张上年的表因无法读取未带入；请各单位填写底纹单元格后运行 jixiao check",
            outcome.written.len(),
            outcome.kept.len(),
            outcome.failed
        ),
        _ if targets.is_some() => eprintln!(
            "{year} 年度: 由批复的目标表写出 {} 个自评表，{} 个已存在未覆盖；请填写执行数、实际完成情况、实际完成值和得分后运行 jixiao check --targets …",
            outcome.written.len(),
            outcome.kept.len(),
        ),
        Some(from) => eprintln!(
            "{year} 年度: 由 {from} 年度带入，写出 {} 个文件，{} 个已存在未覆盖，{} 张上年的表因无法读取未带入；请填写金额、实际完成情况、实际完成值和得分后运行 jixiao check",
            outcome.written.len(),
            outcome.kept.len(),
            outcome.failed
        ),
        None => eprintln!(
            "{year} 年度: 写出示例项目（{} 个文件，{} 个已存在未覆盖）；照着改写成本单位的项目后运行 jixiao check",
            outcome.written.len(),
            outcome.kept.len()
        ),
    }
    Ok(true)
}

fn run_audit(
    paths: &[PathBuf],
    out: &Path,
    (form, targets): (Option<&str>, &cli::targets::TargetsArgs),
    strict: bool,
    format: Format,
    accept: Vec<Code>,
) -> Result<bool, String> {
    let (forms, targets) = targets.load(catalog(form)?.with_accepted(accept))?;
    let (mut files, unreadable) = jixiao::pipeline::gather(paths, true);
    // The workbook of an earlier audit is not one of the tables; an input, a
    // link or a device is never replaced.
    let title = &forms.headings().audit.title;
    let prepared = jixiao::audit::out::prepare(out, &mut files, title);
    if format != Format::Json {
        prepared?;
    }
    let missing = unreadable.len();
    let mut report = jixiao::audit::audit(&files, &forms, unreadable);
    if let Some(targets) = targets {
        let reports: Vec<(String, String)> = (report.tables.iter())
            .filter(|t| {
                forms
                    .get(&t.form)
                    .is_some_and(|f| f.kind == TableKind::Report)
            })
            .map(|t| (t.unit.clone(), t.project.clone()))
            .collect();
        report.add(targets.findings(reports.iter().map(|(u, n)| (u.as_str(), n.as_str()))));
    }
    if format == Format::Json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        out!("{json}");
    } else {
        let bytes =
            jixiao::audit::workbook::write(&report, &forms.headings().audit, &forms.grade_order())
                .map_err(|e| format!("{}: 无法生成审核工作簿: {e}", out.display()))?;
        jixiao::audit::out::write(out, &bytes)?;
        let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
        eprintln!(
            "审核 {} 张表（{} 个文件）: {} 个错误, {} 个警告, {} 个提示；关注 {} 条 → {}",
            report.tables.len(),
            files.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            report.attention.len(),
            out.display()
        );
    }
    if missing > 0 {
        return Err(format!(
            "{missing} 个路径无法读取，其余已审核（{missing} path(s) could not be read）"
        ));
    }
    let warned = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Warning);
    Ok(!(report.has_errors() || strict && warned))
}

fn run_import(
    files: &[PathBuf],
    out: &Path,
    force: bool,
    form: Option<&str>,
) -> Result<bool, String> {
    let forms = catalog(form)?;
    let outcome = jixiao::import::import(files, out, force, &forms).map_err(|e| e.to_string())?;
    print_diagnostics(&outcome.diagnostics, Format::Human);
    for w in &outcome.written {
        eprintln!("已写出 {}", w.display());
    }
    for k in &outcome.kept {
        eprintln!("{}: 已存在，未覆盖（用 --force 覆盖）", k.display());
    }
    eprintln!(
        "导入 {} 张表，写出 {} 个文件，{} 个已存在未覆盖，{} 张表因错误未导入",
        outcome.tables,
        outcome.written.len(),
        outcome.kept.len(),
        outcome.failed
    );
    Ok(outcome.failed == 0 && outcome.kept.is_empty())
}

fn run_synth(count: usize, dir: &Path, units: usize, seed: u64, year: u16) -> Result<bool, String> {
    if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{}: 文件夹不是空的；请指定一个空文件夹或新文件夹",
            dir.display()
        ));
    }
    let synth = jixiao::synth::Synth::new()?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: 无法创建文件夹: {e}", dir.display()))?;
    for i in 0..count {
        let path = dir.join(format!("synth-{i:06}.yaml"));
        std::fs::write(&path, synth.project_yaml(seed, i, units, year))
            .map_err(|e| format!("{}: 无法写入: {e}", path.display()))?;
    }
    eprintln!(
        "已生成 {count} 个合成项目（{units} 个实施单位）→ {}",
        dir.display()
    );
    Ok(true)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => run_report(args),
        Command::Merge { packs, out, force } => run_merge(packs, out, force),
        Command::Units { path, form } => run_units(path, form.as_deref()),
        Command::Check {
            paths,
            targets,
            strict,
            format,
            form,
            accept,
        } => run_check(paths, strict, format, form.as_deref(), accept, &targets),
        Command::Explain { code } => run_explain(code.as_deref()),
        Command::Audit {
            paths,
            out,
            targets,
            form,
            strict,
            format,
            accept,
        } => run_audit(
            &paths,
            &out,
            (form.as_deref(), &targets),
            strict,
            format,
            accept,
        ),
        Command::Forms { dirs } => run_forms(&dirs),
        Command::Import {
            files,
            out,
            force,
            form,
        } => run_import(&files, &out, force, form.as_deref()),
        Command::Init {
            year,
            from,
            targets,
            targets_form,
            inputs,
            force,
            xlsx,
            form,
        } => {
            let targets =
                (!targets.is_empty()).then_some((targets.as_slice(), targets_form.as_deref()));
            run_init(
                &inputs,
                (year, from),
                (targets, xlsx),
                force,
                form.as_deref(),
            )
        }
        Command::Synth {
            count,
            dir,
            units,
            seed,
            year,
        } => run_synth(count, &dir, units, seed, year),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("jixiao: {message}");
            ExitCode::from(2)
        }
    }
}
