//! Fuzzes the YAML loader: any bytes, read as (lossy) UTF-8, must load, score and
//! validate without panicking, and every diagnostic must carry a catalogued code.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let (project, mut diags) =
        jixiao::input::yaml::load_str(Path::new("inputs/2024/fuzz.yaml"), &src);
    if let Some(project) = project {
        let scored = jixiao::score::score(project);
        diags.extend(jixiao::validate::validate(&scored));
    }
    for d in &diags {
        assert!(
            jixiao::diag::rule(d.code).is_some(),
            "diagnostic code {} is not in jixiao::diag::RULES",
            d.code
        );
    }
});
