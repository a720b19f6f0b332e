//! A report killed midway leaves the previous pack exactly as it was, and the
//! next run cleans up after it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

/// `jixiao report` for 2024 from `inputs` into `out`.
fn report(inputs: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["report", "--year", "2024", "--inputs"])
        .arg(inputs)
        .arg("--outputs")
        .arg(out);
    cmd
}

#[test]
fn killed_run_leaves_the_previous_pack_intact() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interrupted");
    let _ = std::fs::remove_dir_all(&root);
    let inputs = root.join("inputs");
    let out = root.join("out");
    let synth = Command::new(BIN)
        .args(["synth", "80"])
        .arg(&inputs)
        .output()
        .unwrap();
    assert!(synth.status.success());
    let first = report(&inputs, &out).output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();

    // Change an input, start a second run and kill it before it can finish.
    let file = inputs.join("synth-000000.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("实施单位: ", "实施单位: 新")).unwrap();
    // The run stops right before its swap (the whole new pack staged) and is
    // killed there: deterministic, whatever the machine's speed.
    let marker = root.join("staged");
    let mut child = report(&inputs, &out)
        .env(jixiao::pack::PAUSE_BEFORE_SWAP, &marker)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !marker.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before its swap"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "never staged");
        std::thread::sleep(Duration::from_millis(10));
    }
    let staged = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".partial-"));
    assert!(staged, "the killed run had its staging folder");
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        manifest,
        "the previous pack is untouched"
    );
    let listed: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    for entry in listed["outputs"].as_array().unwrap() {
        let path = out.join(entry["path"].as_str().unwrap());
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert_eq!(size, entry["size"].as_u64().unwrap(), "{}", path.display());
    }

    // The next run completes and removes the killed run's staging folder.
    let again = report(&inputs, &out).output().unwrap();
    assert!(again.status.success());
    let leftovers = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .count();
    assert_eq!(leftovers, 0);
    assert_ne!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
}
