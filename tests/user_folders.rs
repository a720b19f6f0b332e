//! The tests never read what a user keeps under `inputs/` (or writes under
//! `outputs/`): they use their own copies (`tests/seed/2024` holds the three seed
//! projects), so adding, changing or removing anything there cannot break
//! `make test`. `.ci/run` proves it by running the suite with an extra project
//! in `inputs/2024`.

use std::path::Path;

/// Every `.rs` file under a folder.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_test_reads_the_users_folders() {
    let mut files = Vec::new();
    sources(Path::new("tests"), &mut files);
    sources(Path::new("src"), &mut files);
    let this = Path::new("tests/user_folders.rs");
    let mut found = Vec::new();
    for f in files.iter().filter(|f| f.as_path() != this) {
        let text = std::fs::read_to_string(f).unwrap();
        // In src/, only the unit tests: the CLI's default folders are `inputs/<year>`.
        let tests_part = if f.starts_with("src") {
            text.find("#[cfg(test)]").map_or("", |i| &text[i..])
        } else {
            &text
        };
        for needle in ["\"inputs/", "\"outputs/", "../inputs/", "../outputs/"] {
            if tests_part.contains(needle) {
                found.push(format!("{}: {needle}", f.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "tests reading the user's folders: {found:#?}"
    );
}

#[test]
fn the_seed_copy_is_complete() {
    let n = std::fs::read_dir("tests/seed/2024")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert_eq!(n, 3, "tests/seed/2024 holds the three 2024 seed projects");
}
