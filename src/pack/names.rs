//! File and sheet names made safe for every file system and for Excel.

/// Characters no file name may hold on Windows, macOS or Linux.
const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest file name stem in characters (CJK takes 3 bytes in UTF-8; 255 bytes is the usual limit).
const MAX_CHARS: usize = 80;

/// A file or folder name for `name` that every file system accepts: forbidden and
/// control characters become `_`, trailing dots and blanks go, reserved device
/// names get a `_` prefix, and overly long names are cut.
pub fn safe_file_name(name: &str) -> String {
    let mut s: String = name
        .trim()
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(MAX_CHARS)
        .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    if s.is_empty() {
        return "_".to_string();
    }
    let stem = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        s.insert(0, '_');
    }
    if s.starts_with('.') {
        s.replace_range(..1, "_");
    }
    s
}

/// A worksheet name Excel accepts: no `[]:*?/\`, not blank, at most 31 characters,
/// not starting or ending with an apostrophe.
pub fn safe_sheet_name(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let s = s.trim_matches('\'').to_string();
    if s.is_empty() {
        "Sheet".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            safe_file_name("信息化-闵行托育服务平台(2024运维)"),
            "信息化-闵行托育服务平台(2024运维)"
        );
        assert_eq!(
            safe_file_name("a/b\\c:d*e?f\"g<h>i|j"),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(safe_file_name("con"), "_con");
        assert_eq!(safe_file_name("COM1.txt"), "_COM1.txt");
        assert_eq!(safe_file_name("名称. "), "名称");
        assert_eq!(safe_file_name("..."), "_");
        assert_eq!(safe_file_name(".hidden"), "_hidden");
        assert_eq!(safe_file_name(&"长".repeat(200)).chars().count(), MAX_CHARS);
    }

    #[test]
    fn sheet_names() {
        assert_eq!(safe_sheet_name("托育中心经费"), "托育中心经费");
        assert_eq!(safe_sheet_name("a[1]:b"), "a_1__b");
        assert_eq!(safe_sheet_name(&"表".repeat(40)).chars().count(), 31);
        assert_eq!(safe_sheet_name("''"), "Sheet");
    }
}
