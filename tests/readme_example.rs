//! The complete input example in README.md loads, scores and validates clean,
//! so a user who copies it starts from a correct file.

mod common;
use std::path::Path;

use common::score;
use jixiao::input::yaml::load_str;
use jixiao::validate::validate;

#[test]
fn readme_example_is_a_valid_project() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```yaml\n").expect("a yaml example") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let (project, mut diags) = load_str(
        Path::new("README.md"),
        &readme[start..end],
        &Default::default(),
    );
    let scored = score(project.expect("the example loads"));
    diags.extend(validate(&scored));
    let findings: Vec<_> = diags
        .iter()
        .filter(|d| d.severity != jixiao::diag::Severity::Info)
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(scored.total.to_string(), "95");
    assert_eq!(scored.grade, "优");
}
