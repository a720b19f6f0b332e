//! A seeded generator of synthetic but valid projects, for benchmarks and load tests.
//!
//! The same seed always gives the same files (the generator is a plain SplitMix64,
//! not a crate whose sequence may change between versions).

/// SplitMix64: small, fast, and stable forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // Callers pass lists `Synth::new` checked are not empty.
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }
}

/// What synthetic projects are made of (`words.yaml`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    districts: Vec<String>,
    bodies: Vec<String>,
    topics: Vec<String>,
    qualitative: Vec<(String, String)>,
    units: Vec<String>,
    levels: Vec<(String, Vec<String>)>,
    lines: std::collections::BTreeMap<String, String>,
}

/// A generator of synthetic projects.
#[derive(Debug)]
pub struct Synth {
    words: Words,
}

impl Synth {
    /// The generator with its built-in words.
    pub fn new() -> Result<Synth, String> {
        let words: Words = serde_saphyr::from_str(include_str!("words.yaml"))
            .map_err(|e| format!("synth/words.yaml: {}", e.without_snippet()))?;
        let lists = [&words.districts, &words.bodies, &words.topics, &words.units];
        if lists.iter().any(|l| l.is_empty())
            || words.qualitative.is_empty()
            || words.levels.is_empty()
        {
            return Err("synth/words.yaml: a list is empty".to_string());
        }
        Ok(Synth { words })
    }

    /// One line of the YAML, its `{name}`s filled in.
    fn line(&self, name: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.words.lines.get(name).cloned().unwrap_or_default();
        for (k, v) in values {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }

    /// A name of one of the implementing units.
    pub fn unit_name(&self, i: usize) -> String {
        let w = &self.words;
        self.line(
            "unit",
            &[
                ("district", &w.districts[i % w.districts.len()]),
                ("body", &w.bodies[(i / w.districts.len()) % w.bodies.len()]),
                ("n", &(i + 1).to_string()),
            ],
        )
    }

    /// Cents as a decimal string: 1234 → `12.34`.
    fn cents(c: u64) -> String {
        format!("{}.{:02}", c / 100, c % 100)
    }

    /// The YAML text of synthetic project number `i` of `units` units.
    pub fn project_yaml(&self, seed: u64, i: usize, units: usize, year: u16) -> String {
        let w = &self.words;
        let mut r = Rng(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let unit = self.unit_name(i % units.max(1));
        let topic = r.pick(&w.topics).as_str();
        let year_s = year.to_string();
        let mut y = String::new();
        let mut put = |text: String| {
            y.push_str(&text);
            y.push('\n');
        };
        put(self.line("year", &[("year", &year_s)]));
        let n = (i + 1).to_string();
        put(self.line("name", &[("topic", topic), ("year", &year_s), ("n", &n)]));
        let district = &w.districts[i % w.districts.len()];
        put(self.line(
            "department",
            &[
                ("district", district),
                ("body", r.pick(w.bodies.as_slice()).as_str()),
            ],
        ));
        put(self.line("unit_line", &[("unit", &unit)]));
        if r.chance(30) {
            put(self.line("order", &[("order", &r.range(1, 500).to_string())]));
        }
        // Budget in thousandths of 万元 (three decimals happen in real tables).
        let budget = r.range(1_000, 5_000_000);
        let spent = budget - r.range(0, budget / 20);
        let initial = budget + r.range(0, budget / 10);
        let milli = |m: u64| format!("{}.{:03}", m / 1000, m % 1000);
        put(self.line("funds", &[]));
        put(self.line(
            "appropriation",
            &[
                ("initial", &milli(initial)),
                ("budget", &milli(budget)),
                ("spent", &milli(spent)),
            ],
        ));
        if r.chance(20) {
            let c = milli(r.range(100, 100_000));
            put(self.line("carryover", &[("budget", &c), ("spent", &c)]));
        }
        put(self.line("goals", &[("topic", topic)]));

        // 1–30 indicators; weights in cents summing to 90.00 (the budget has the other 10).
        let n = r.range(1, 30) as usize;
        let shares: Vec<u64> = (0..n).map(|_| r.range(1, 5)).collect();
        let total: u64 = shares.iter().sum();
        let mut weights: Vec<u64> = shares.iter().map(|s| 9_000 * s / total).collect();
        let assigned: u64 = weights.iter().sum();
        if let Some(last) = weights.last_mut() {
            *last += 9_000 - assigned;
        }
        // Spread the indicators over the 一级 groups in order, at least one in 产出.
        let levels = &w.levels;
        let mut groups: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for k in 0..n {
            let l1 = if n < 3 { k.min(2) } else { k * 3 / n }.min(levels.len() - 1);
            let subs = &levels[l1].1;
            let l2 = r.range(0, subs.len().max(1) as u64 - 1) as usize;
            match groups.iter_mut().find(|(a, b, _)| *a == l1 && *b == l2) {
                Some(g) => g.2.push(k),
                None => groups.push((l1, l2, vec![k])),
            }
        }
        groups.sort_by_key(|(a, b, _)| (*a, *b));
        put(self.line("indicators", &[]));
        let mut last_l1 = usize::MAX;
        for (l1, l2, items) in &groups {
            if *l1 != last_l1 {
                put(format!("  {}:", levels[*l1].0));
                last_l1 = *l1;
            }
            put(format!(
                "    {}:",
                levels[*l1].1.get(*l2).map_or("", String::as_str)
            ));
            for &k in items {
                let wt = weights[k];
                put(self.line(
                    "indicator",
                    &[("topic", topic), ("n", &(k + 1).to_string())],
                ));
                if r.chance(30) {
                    let (t, a) = r.pick(&w.qualitative);
                    put(self.line("qualitative", &[("target", t), ("actual", a)]));
                    put(self.line(
                        "scores",
                        &[("weight", &Self::cents(wt)), ("score", &Self::cents(wt))],
                    ));
                } else {
                    let unit = r.pick(&w.units).as_str();
                    let target = if unit == "%" {
                        r.range(80, 100)
                    } else {
                        r.range(1, 500)
                    };
                    let missed = r.chance(15) && target > 1;
                    let actual = if missed {
                        target - r.range(1, target / 2 + 1).min(target - 1)
                    } else {
                        target + r.range(0, 3)
                    };
                    put(self.line(
                        "quantitative",
                        &[
                            ("target", &target.to_string()),
                            ("actual", &actual.to_string()),
                            ("unit", unit),
                        ],
                    ));
                    // A missed target scores half its proportional share, with a reason.
                    let score = if missed { wt * actual / target / 2 } else { wt };
                    put(self.line(
                        "scores",
                        &[("weight", &Self::cents(wt)), ("score", &Self::cents(score))],
                    ));
                    if missed {
                        put(self.line("reason", &[]));
                    }
                }
            }
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::load_str;
    use std::path::Path;

    #[test]
    fn synthetic_projects_are_valid_and_stable() {
        let synth = Synth::new().unwrap();
        for i in 0..200 {
            let text = synth.project_yaml(7, i, 50, 2024);
            assert_eq!(text, synth.project_yaml(7, i, 50, 2024));
            let (p, diags) = load_str(Path::new("synth.yaml"), &text, &Default::default());
            let rules = std::sync::Arc::new(crate::score::Rules::national().unwrap());
            let scored = crate::score::score_by(p.expect("loads"), rules);
            let mut all = diags;
            all.extend(crate::validate::validate(&scored));
            let errors: Vec<_> = all.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "project {i}: {errors:#?}\n{text}");
        }
    }
}
