//! Unique names within a folder or a workbook: a later name that clashes with an
//! earlier one (ignoring case, as Windows, macOS and Excel do) gets ` (2)`, ` (3)`…

use std::collections::BTreeSet;

/// Hands out names, never the same one twice.
#[derive(Debug, Default)]
pub struct Unique {
    taken: BTreeSet<String>,
    max_units: Option<usize>,
}

impl Unique {
    /// Names of unlimited length.
    pub fn new() -> Unique {
        Unique::default()
    }

    /// Names of at most `max` UTF-16 units, the suffix included (Excel sheet
    /// names: 31; a character beyond the BMP takes two).
    pub fn with_max_utf16_units(max: usize) -> Unique {
        Unique {
            taken: BTreeSet::new(),
            max_units: Some(max),
        }
    }

    /// Reserves `name` so that no later name takes it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// `name` if free, else `name (n)` with the smallest free n, cut to the length limit.
    pub fn take(&mut self, name: &str) -> String {
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = self.max_units.map_or(usize::MAX, |m| {
                m.saturating_sub(suffix.encode_utf16().count())
            });
            let mut used = 0;
            let candidate: String = name
                .chars()
                .take_while(|c| {
                    used += c.len_utf16();
                    used <= room
                })
                .collect::<String>()
                + &suffix;
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_get_a_number() {
        let mut u = Unique::new();
        u.reserve("汇总");
        assert_eq!(u.take("汇总"), "汇总 (2)");
        assert_eq!(u.take("PC"), "PC");
        assert_eq!(u.take("pc"), "pc (2)");
        let mut s = Unique::with_max_utf16_units(31);
        let long = "长".repeat(40);
        assert_eq!(s.take(&long).chars().count(), 31);
        let second = s.take(&long);
        assert!(second.ends_with(" (2)") && second.chars().count() == 31);
        // Characters beyond the BMP take two units each: the suffix still fits.
        let ext_b = "𠀀".repeat(15);
        assert_eq!(s.take(&ext_b), ext_b);
        let second = s.take(&ext_b);
        assert!(second.ends_with(" (2)"), "{second}");
        assert!(second.encode_utf16().count() <= 31, "{second}");
    }
}
