//! The pack never loses data: runs that die at each step of the swap, packs of
//! separate `--unit` jobs merged into the pack of a single run, files the pack
//! does not own, and one name typed two ways.

mod common;
use common::forms;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
#[cfg(feature = "test-hooks")]
use std::process::Command;

use common::files;
use jixiao::form::Catalog;
use jixiao::pack::merge::{merge, MergeOptions};
use jixiao::pack::{report, Options, PackError};
use sha2::{Digest, Sha256};

#[cfg(feature = "test-hooks")]
const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const SEED: &str = "tests/seed/2024/托育中心经费.yaml";
const UNIT: &str = "上海市闵行区托育服务指导中心";
const UNITS: [&str; 3] = [UNIT, "上海市闵行区另一个单位", "上海市闵行区第三个单位"];

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pack-safety")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(inputs: &Path, outputs: &Path) -> Options {
    Options::new(2024, inputs, outputs)
}

/// Inputs of three units, two projects each, and one table with an error.
fn three_units(root: &Path) -> PathBuf {
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    for (u, unit) in UNITS.iter().enumerate() {
        let text = seed.replace(&format!("实施单位: {UNIT}"), &format!("实施单位: {unit}"));
        std::fs::write(inputs.join(format!("{u}-a.yaml")), &text).unwrap();
        std::fs::write(
            inputs.join(format!("{u}-b.yaml")),
            text.replace("项目名称: 托育中心经费", "项目名称: 托育中心经费（二）"),
        )
        .unwrap();
    }
    std::fs::write(
        inputs.join("9-bad.yaml"),
        seed.replace("总分: 92", "总分: 99"),
    )
    .unwrap();
    inputs
}

/// The pack in `dir` is complete: its manifest lists exactly its files, with
/// their sizes and hashes.
fn assert_complete(dir: &Path) {
    let all = files(dir);
    let manifest: serde_json::Value =
        serde_json::from_slice(&all["manifest.json"]).expect("manifest.json is JSON");
    let mut listed = BTreeMap::new();
    for e in manifest["outputs"].as_array().unwrap() {
        listed.insert(
            e["path"].as_str().unwrap().to_string(),
            e["sha256"].as_str().unwrap().to_string(),
        );
    }
    let present: BTreeMap<String, String> = all
        .iter()
        .filter(|(p, _)| *p != "manifest.json")
        .map(|(p, b)| {
            let hex: String = Sha256::digest(b)
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect();
            (p.clone(), hex)
        })
        .collect();
    assert_eq!(present, listed, "{}: manifest matches files", dir.display());
}

#[test]
fn packs_of_unit_jobs_merge_into_the_pack_of_a_single_run() {
    let root = tmp("merge");
    let inputs = three_units(&root);
    let single = root.join("single");
    report(&options(&inputs, &single), forms(), &|_| {}).unwrap();

    // Two jobs, as on two machines: one unit, then the other two.
    let (a, b) = (root.join("part-a"), root.join("part-b"));
    let mut job = options(&inputs, &a);
    job.units = vec![UNITS[0].to_string()];
    report(&job, forms(), &|_| {}).unwrap();
    job.outputs = b.clone();
    job.units = vec![UNITS[1].to_string(), UNITS[2].to_string()];
    report(&job, forms(), &|_| {}).unwrap();
    assert!(!b.join(UNITS[0]).exists(), "a job builds only its units");

    let merged = root.join("merged");
    let done = merge(&MergeOptions {
        packs: vec![b.clone(), a.clone()],
        out: merged.clone(),
        force: false,
    })
    .unwrap();
    assert_eq!((done.units, done.projects), (3, 6));
    let (want, got) = (files(&single), files(&merged));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{path} differs from the single run");
    }
    assert_complete(&merged);
    let index = String::from_utf8(got["index.html"].clone()).unwrap();
    assert!(
        index.contains("9-bad.yaml"),
        "the left-out table is listed once"
    );
    assert_eq!(index.matches("<h3>9-bad.yaml</h3>").count(), 1);
}

#[test]
fn packs_that_do_not_fit_together_are_not_merged() {
    let root = tmp("merge-refused");
    let inputs = three_units(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    let mut job = options(&inputs, &a);
    job.units = vec![UNITS[0].to_string()];
    report(&job, forms(), &|_| {}).unwrap();
    // The second job sees other inputs: an edited table.
    let edited = std::fs::read_to_string(inputs.join("1-a.yaml"))
        .unwrap()
        .replace("项目名称: 托育中心经费", "项目名称: 托育中心经费（改）");
    std::fs::write(inputs.join("1-a.yaml"), edited).unwrap();
    job.outputs = b.clone();
    job.units = vec![UNITS[1].to_string()];
    report(&job, forms(), &|_| {}).unwrap();
    let out = root.join("merged");
    let opts = MergeOptions {
        packs: vec![a.clone(), b.clone()],
        out: out.clone(),
        force: false,
    };
    let err = merge(&opts).unwrap_err();
    assert!(err.to_string().contains("同一批输入"), "{err}");
    assert!(!out.exists(), "nothing written");
    // A folder that is no pack.
    let err = merge(&MergeOptions {
        packs: vec![a.clone(), inputs.clone()],
        ..opts.clone()
    })
    .unwrap_err();
    assert!(err.to_string().contains("manifest.json"), "{err}");
    // The joined pack may not be one of the packs.
    let err = merge(&MergeOptions {
        out: a.clone(),
        ..opts
    })
    .unwrap_err();
    assert!(matches!(err, PackError::Overlap { .. }), "{err}");
    assert_complete(&a);
}

#[test]
fn files_the_pack_does_not_own_are_never_deleted_without_force() {
    let root = tmp("foreign");
    let inputs = three_units(&root);
    let out = root.join("out");
    // A folder of the user's own, given as --outputs by mistake.
    std::fs::create_dir_all(out.join("资料")).unwrap();
    std::fs::write(out.join("资料").join("预算批复.pdf"), b"%PDF-").unwrap();
    let err = report(&options(&inputs, &out), forms(), &|_| {}).unwrap_err();
    let PackError::Foreign {
        count, examples, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (*count, examples.as_slice()),
        (1, &["资料/预算批复.pdf".to_string()][..])
    );
    assert!(err.to_string().contains("--force"), "{err}");
    assert!(
        out.join("资料").join("预算批复.pdf").is_file(),
        "left as it was"
    );

    // A pack with a file added by hand: refused too, then replaced with --force.
    std::fs::remove_dir_all(&out).unwrap();
    report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    std::fs::write(out.join(UNIT).join("盖章版.pdf"), b"%PDF-").unwrap();
    let err = report(&options(&inputs, &out), forms(), &|_| {}).unwrap_err();
    assert!(matches!(err, PackError::Foreign { count: 1, .. }), "{err}");
    let mut forced = options(&inputs, &out);
    forced.force = true;
    report(&forced, forms(), &|_| {}).unwrap();
    assert!(!out.join(UNIT).join("盖章版.pdf").exists());
    assert_complete(&out);
}

#[test]
fn a_unit_on_another_form_is_written_into_the_pack_and_the_index_says_so() {
    let root = tmp("forms");
    let inputs = three_units(&root);
    let out = root.join("out");
    report(&options(&inputs, &out), forms(), &|_| {}).unwrap();
    let mut national = options(&inputs, &out);
    national.units = vec![UNITS[1].to_string()];
    report(
        &national,
        &Catalog::load(Some("national")).unwrap(),
        &|_| {},
    )
    .unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["forms"],
        serde_json::json!(["national", "shanghai"])
    );
    for unit in manifest["units"].as_array().unwrap() {
        let want = if unit["unit"] == UNITS[1] {
            "national"
        } else {
            "shanghai"
        };
        for p in unit["projects"].as_array().unwrap() {
            assert_eq!(p["form"], want, "{}", unit["unit"]);
        }
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<th>表式</th>"));
    assert_eq!(index.matches("<td>national</td>").count(), 2);
    assert_eq!(index.matches("<td>shanghai</td>").count(), 4);
    assert_complete(&out);
}

#[test]
fn one_name_typed_composed_and_decomposed_is_one_project() {
    let root = tmp("nfc");
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    let composed = seed.replace("项目名称: 托育中心经费", "项目名称: 托育中心经费Caf\u{e9}");
    let decomposed = seed.replace(
        "项目名称: 托育中心经费",
        "项目名称: 托育中心经费Cafe\u{301}",
    );
    std::fs::write(inputs.join("a.yaml"), composed).unwrap();
    std::fs::write(inputs.join("b.yaml"), decomposed).unwrap();
    let outcome = report(&options(&inputs, &root.join("out")), forms(), &|_| {}).unwrap();
    let dup: Vec<_> = outcome
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "E0108")
        .collect();
    assert_eq!(dup.len(), 1, "{dup:#?}");
    assert!(dup[0].file.ends_with("b.yaml"));
    assert!(root
        .join("out")
        .join(UNIT)
        .join("托育中心经费Caf\u{e9}.docx")
        .is_file());
}

/// `jixiao report` from `inputs` into `out`, dying at `step` when given.
#[cfg(feature = "test-hooks")]
fn run(inputs: &Path, out: &Path, crash_at: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["report", "--year", "2024", "--inputs"])
        .arg(inputs)
        .arg("--outputs")
        .arg(out);
    if let Some(step) = crash_at {
        cmd.env(jixiao::pack::CRASH_AT, step);
    }
    cmd.output().unwrap()
}

/// What lies beside the outputs folder apart from it and its lock.
#[cfg(feature = "test-hooks")]
fn beside(out: &Path) -> Vec<String> {
    let lock = jixiao::pack::swap::lock_path(out);
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != out && *p != lock && p.file_name().unwrap() != "2024")
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[cfg(feature = "test-hooks")]
#[test]
fn a_run_that_dies_at_any_step_of_the_swap_loses_nothing() {
    let root = tmp("crash");
    let inputs = three_units(&root);
    let before: BTreeMap<String, Vec<u8>> = files(&inputs);
    // The pack the edited inputs give, for comparison.
    let edited = root.join("edited");
    std::fs::create_dir_all(&edited).unwrap();
    for (name, bytes) in &before {
        let text = String::from_utf8(bytes.clone()).unwrap();
        std::fs::write(
            edited.join(name),
            text.replace("对宝宝屋的运营情况", "对全部宝宝屋的运营情况"),
        )
        .unwrap();
    }
    let expected = root.join("expected");
    assert!(run(&edited, &expected, None).status.code() == Some(1));
    let want = files(&expected);

    for step in [
        "swap:aside",
        "swap:place",
        "swap:delete",
        "swap:deleting",
        "recover",
    ] {
        let out = root.join("packs").join(step.replace(':', "-")).join("2024");
        assert_eq!(run(&inputs, &out, None).status.code(), Some(1), "{step}");
        if step == "recover" {
            // Something to recover: a run that died with the old pack aside.
            let died = run(&edited, &out, Some("swap:place"));
            assert!(died.status.code().is_none(), "{step}: the run died");
        }
        let died = run(&edited, &out, Some(step));
        assert!(died.status.code().is_none(), "{step}: the run died");
        // Right after: either a complete pack is in place, or it is aside whole.
        if out.exists() {
            assert_complete(&out);
        } else {
            assert_complete(&jixiao::pack::swap::old_path(&out));
        }
        let again = run(&edited, &out, None);
        assert_eq!(
            again.status.code(),
            Some(1),
            "{step}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_complete(&out);
        let got = files(&out);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{step}"
        );
        assert!(got == want, "{step}: the pack is the edited inputs' pack");
        assert_eq!(
            beside(&out),
            Vec::<String>::new(),
            "{step}: nothing left beside"
        );
    }
    assert!(files(&inputs) == before, "inputs untouched");
}

/// On Linux the new pack and the old one exchange names in one step: a run
/// killed right after never leaves the outputs folder missing.
#[cfg(all(feature = "test-hooks", target_os = "linux"))]
#[test]
fn the_outputs_folder_is_never_missing_on_linux() {
    let root = tmp("exchange");
    let inputs = three_units(&root);
    let out = root.join("packs").join("2024");
    assert_eq!(run(&inputs, &out, None).status.code(), Some(1));
    for step in ["swap:place", "swap:delete"] {
        let died = run(&inputs, &out, Some(step));
        assert!(died.status.code().is_none(), "{step}: the run died");
        assert!(out.is_dir(), "{step}: the outputs folder is there");
        assert_complete(&out);
    }
    assert_eq!(run(&inputs, &out, None).status.code(), Some(1));
    assert_eq!(beside(&out), Vec::<String>::new());
}
