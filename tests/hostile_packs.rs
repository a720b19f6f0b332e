//! Packs tampered with as an attacker would (issue #26): links in place of a
//! pack's files or folders, records naming paths outside the pack, a unit's
//! folder renamed, an outputs folder that is a link. Every reader of an earlier
//! pack refuses them, writes nothing and publishes nothing from outside.
#![cfg(unix)]

mod common;
use common::{files, forms};

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use jixiao::pack::merge::{merge, MergeOptions};
use jixiao::pack::{report, Options, PackError, PdfChoice};
use sha2::{Digest, Sha256};

const SEED: &str = "tests/seed/2024/托育中心经费.yaml";
const UNIT: &str = "上海市闵行区托育服务指导中心";
const OTHER: &str = "上海市闵行区另一个单位";

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-packs")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Inputs of two units, one project each.
fn two_units(root: &Path) -> PathBuf {
    let inputs = root.join("inputs").join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(inputs.join("a.yaml"), &seed).unwrap();
    let other = seed.replace(&format!("实施单位: {UNIT}"), &format!("实施单位: {OTHER}"));
    std::fs::write(inputs.join("b.yaml"), other).unwrap();
    inputs
}

fn options(inputs: &Path, outputs: &Path, units: &[&str]) -> Options {
    let mut o = Options::new(2024, inputs, outputs);
    o.pdf = PdfChoice::Off;
    o.units = units.iter().map(|u| u.to_string()).collect();
    o
}

/// A pack of `units` built from `inputs` into `out`.
fn pack(inputs: &Path, out: &Path, units: &[&str]) {
    report(&options(inputs, out, units), forms(), &|_| {}).unwrap();
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Edits the pack's record with `edit`.
fn edit_manifest(pack: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = pack.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

/// Replaces the pack's file `rel` with a link to `target`, and sets its record's
/// size and hash to the target's, as an attacker who can edit the pack would.
fn link_in_pack(pack: &Path, rel: &str, target: &Path) {
    std::fs::remove_file(pack.join(rel)).unwrap();
    symlink(target, pack.join(rel)).unwrap();
    let bytes = std::fs::read(target).unwrap();
    edit_manifest(pack, |m| {
        for e in m["outputs"].as_array_mut().unwrap() {
            if e["path"] == rel {
                e["size"] = bytes.len().into();
                e["sha256"] = sha(&bytes).into();
            }
        }
    });
}

/// The path of the unit's project HTML inside a pack.
fn html_of(pack: &Path, unit: &str) -> String {
    files(pack)
        .into_keys()
        .find(|p| p.starts_with(&format!("{unit}/")) && p.ends_with(".html"))
        .unwrap()
}

fn secret(root: &Path) -> PathBuf {
    let victim = root.join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("secret.txt"), "机密").unwrap();
    victim.join("secret.txt")
}

fn assert_refused(err: &PackError, words: &str) {
    assert!(matches!(err, PackError::Record { .. }), "{err}");
    assert!(err.to_string().contains(words), "{err}");
}

#[test]
fn merge_refuses_a_pack_file_that_is_a_link() {
    let root = tmp("merge-link");
    let inputs = two_units(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    pack(&inputs, &a, &[UNIT]);
    pack(&inputs, &b, &[OTHER]);
    let rel = html_of(&a, UNIT);
    link_in_pack(&a, &rel, &secret(&root));
    let out = root.join("merged");
    let err = merge(&MergeOptions {
        packs: vec![a, b],
        out: out.clone(),
        force: false,
    })
    .unwrap_err();
    assert_refused(&err, "符号链接");
    assert!(err.to_string().contains(&rel), "names the file: {err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn merge_refuses_a_unit_folder_that_is_a_link() {
    let root = tmp("merge-dir-link");
    let inputs = two_units(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    pack(&inputs, &a, &[UNIT]);
    pack(&inputs, &b, &[OTHER]);
    // The unit's folder moved elsewhere and linked back: its files still match.
    let elsewhere = root.join("elsewhere");
    std::fs::rename(a.join(UNIT), &elsewhere).unwrap();
    symlink(&elsewhere, a.join(UNIT)).unwrap();
    let out = root.join("merged");
    let err = merge(&MergeOptions {
        packs: vec![a, b],
        out: out.clone(),
        force: false,
    })
    .unwrap_err();
    assert_refused(&err, "不是报告中的文件夹");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn records_naming_paths_outside_the_pack_are_refused() {
    let root = tmp("outside");
    let inputs = two_units(&root);
    let secret = secret(&root);
    let (a, b) = (root.join("a"), root.join("b"));
    pack(&inputs, &a, &[UNIT]);
    pack(&inputs, &b, &[OTHER]);
    let out = root.join("merged");
    let merged = |packs: Vec<PathBuf>| {
        merge(&MergeOptions {
            packs,
            out: out.clone(),
            force: false,
        })
    };

    // A unit whose folder is `../victim`, its file listed with a matching hash.
    let bytes = std::fs::read(&secret).unwrap();
    let escaped = root.join("escaped");
    copy_dir(&a, &escaped);
    edit_manifest(&escaped, |m| {
        m["units"][0]["dir"] = "../victim".into();
        m["outputs"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "path": "../victim/secret.txt", "size": bytes.len(), "sha256": sha(&bytes)
            }));
    });
    let err = merged(vec![escaped.clone(), b.clone()]).unwrap_err();
    assert_refused(&err, "不在报告文件夹之内");
    assert!(err.to_string().contains("../victim/secret.txt"), "{err}");

    // An absolute folder.
    let absolute = root.join("absolute");
    copy_dir(&a, &absolute);
    let victim = secret.parent().unwrap().display().to_string();
    edit_manifest(&absolute, |m| m["units"][0]["dir"] = victim.into());
    let err = merged(vec![absolute, b.clone()]).unwrap_err();
    assert_refused(&err, "不是这个单位的文件夹");

    // A unit renamed in the record (its folder kept).
    let renamed = root.join("renamed");
    copy_dir(&a, &renamed);
    edit_manifest(&renamed, |m| m["units"][0]["unit"] = "改名的单位".into());
    let err = merged(vec![renamed, b.clone()]).unwrap_err();
    assert_refused(&err, "改名的单位");
    assert!(!out.exists(), "nothing written");

    // `report --unit` over a previous pack whose record points outside: refused,
    // the previous pack left as it was.
    let whole = root.join("whole");
    pack(&inputs, &whole, &[]);
    edit_manifest(&whole, |m| {
        let units = m["units"].as_array_mut().unwrap();
        let other = units.iter_mut().find(|u| u["unit"] == OTHER).unwrap();
        other["dir"] = "../victim".into();
    });
    let before = files(&whole);
    let err = report(&options(&inputs, &whole, &[UNIT]), forms(), &|_| {}).unwrap_err();
    assert_refused(&err, "不是这个单位的文件夹");
    assert_eq!(files(&whole), before, "the previous pack is as it was");
    assert!(secret.is_file());
}

#[test]
fn report_unit_refuses_a_link_in_the_previous_pack() {
    let root = tmp("unit-link");
    let inputs = two_units(&root);
    let out = root.join("2024");
    pack(&inputs, &out, &[]);
    let rel = html_of(&out, OTHER);
    link_in_pack(&out, &rel, &secret(&root));
    let err = report(&options(&inputs, &out, &[UNIT]), forms(), &|_| {}).unwrap_err();
    assert_refused(&err, "符号链接");
    assert!(
        std::fs::symlink_metadata(out.join(&rel))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the previous pack is left as it was"
    );
}

#[test]
fn an_outputs_folder_that_is_a_link_is_written_through() {
    let root = tmp("outputs-link");
    let inputs = two_units(&root);
    let site = root.join("www").join("2024");
    let out = root.join("outputs").join("2024");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    pack(&inputs, &site, &[]);
    let first = files(&site);
    assert!(first.len() > 5);
    symlink(&site, &out).unwrap();
    for _ in 0..2 {
        let done = report(&options(&inputs, &out, &[]), forms(), &|_| {}).unwrap();
        assert!(done.leftovers.is_empty(), "{:?}", done.leftovers);
        assert!(
            std::fs::symlink_metadata(&out)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is kept"
        );
        assert_eq!(files(&site), first, "the target holds the new pack");
    }
    // A link to nothing is refused, saying it is a link.
    let dangling = root.join("dangling");
    symlink(root.join("nowhere"), &dangling).unwrap();
    let err = report(&options(&inputs, &dangling, &[]), forms(), &|_| {}).unwrap_err();
    assert_refused(&err, "符号链接");
    // A path that is a file is not replaced, even with --force.
    let file = root.join("file");
    std::fs::write(&file, "mine").unwrap();
    let mut forced = options(&inputs, &file, &[]);
    forced.force = true;
    let err = report(&forced, forms(), &|_| {}).unwrap_err();
    assert_refused(&err, "不是文件夹");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn recovery_never_puts_back_a_link() {
    let root = tmp("recover-link");
    let inputs = two_units(&root);
    let out = root.join("2024");
    let victim = secret(&root);
    // A link where a killed run's old pack would be, and no pack in place.
    symlink(victim.parent().unwrap(), root.join(".2024.old")).unwrap();
    pack(&inputs, &out, &[]);
    assert!(victim.is_file(), "the link's target is untouched");
    assert!(!out.join("secret.txt").exists());
    assert!(std::fs::symlink_metadata(root.join(".2024.old")).is_err());
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn a_link_in_the_locks_place_creates_nothing_elsewhere() {
    let root = tmp("lock-link");
    let inputs = two_units(&root);
    let out = root.join("2024");
    let victim = root.join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    symlink(victim.join("made-by-jixiao"), root.join(".2024.lock")).unwrap();
    let err = report(&options(&inputs, &out, &[]), forms(), &|_| {}).unwrap_err();
    assert!(matches!(err, PackError::Io { .. }), "{err}");
    assert!(err.to_string().contains("符号链接"), "{err}");
    assert!(!victim.join("made-by-jixiao").exists());
    assert!(!out.exists());
}
