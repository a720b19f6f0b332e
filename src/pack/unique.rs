//! Unique names within a folder or a workbook: a later name that clashes with an
//! earlier one (ignoring case, as Windows, macOS and Excel do) gets ` (2)`, ` (3)`…

use std::collections::BTreeSet;

/// Hands out names, never the same one twice.
#[derive(Debug, Default)]
pub struct Unique {
    taken: BTreeSet<String>,
    max_chars: Option<usize>,
}

impl Unique {
    /// Names of unlimited length.
    pub fn new() -> Unique {
        Unique::default()
    }

    /// Names of at most `max` characters (Excel sheet names: 31).
    pub fn with_max_chars(max: usize) -> Unique {
        Unique {
            taken: BTreeSet::new(),
            max_chars: Some(max),
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
            let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
            let room = self
                .max_chars
                .map_or(usize::MAX, |m| m.saturating_sub(suffix.chars().count()));
            let candidate: String = name.chars().take(room).collect::<String>() + &suffix;
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
        let mut s = Unique::with_max_chars(31);
        let long = "长".repeat(40);
        assert_eq!(s.take(&long).chars().count(), 31);
        let second = s.take(&long);
        assert!(second.ends_with(" (2)") && second.chars().count() == 31);
    }
}
