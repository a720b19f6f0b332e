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

/// Whether the pack in `dir` is complete: its manifest lists exactly its files,
/// each with its size.
fn complete(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join("manifest.json")) else {
        return false;
    };
    let listed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let entries = listed["outputs"].as_array().unwrap();
    let sizes_match = entries.iter().all(|e| {
        std::fs::metadata(dir.join(e["path"].as_str().unwrap()))
            .is_ok_and(|m| m.len() == e["size"].as_u64().unwrap())
    });
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pending.push(p);
            } else {
                count += 1;
            }
        }
    }
    sizes_match && count == entries.len() + 1
}

#[test]
fn runs_killed_at_random_moments_never_leave_a_broken_pack() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("killed-at-random");
    let _ = std::fs::remove_dir_all(&root);
    let (inputs, out) = (root.join("inputs"), root.join("out"));
    let synth = Command::new(BIN)
        .args(["synth", "120", "--units", "6"])
        .arg(&inputs)
        .output()
        .unwrap();
    assert!(synth.status.success());
    let started = Instant::now();
    assert!(report(&inputs, &out).output().unwrap().status.success());
    let whole = started.elapsed();
    let file = inputs.join("synth-000000.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Kills spread over the length of a run, from its first moment to its end,
    // with an overlapping second run now and then.
    for k in 0..8u32 {
        std::fs::write(
            &file,
            text.replace("实施单位: ", &format!("实施单位: 第{k}")),
        )
        .unwrap();
        let mut child = report(&inputs, &out).spawn().unwrap();
        if k % 3 == 2 {
            let second = report(&inputs, &out).output().unwrap();
            // Refused while the first holds the lock, or done after it.
            assert!(matches!(second.status.code(), Some(0 | 2)));
        }
        std::thread::sleep(whole.mul_f64(f64::from(k) / 7.0));
        let _ = child.kill();
        let _ = child.wait();
        let old = jixiao::pack::swap::old_path(&out);
        assert!(
            complete(&out) || (!out.exists() && complete(&old)),
            "kill {k}: a complete pack is in place or set aside whole"
        );
    }
    let last = report(&inputs, &out).output().unwrap();
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert!(complete(&out));
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-") || n.contains(".old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
