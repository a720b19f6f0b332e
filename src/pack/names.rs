//! File and sheet names made safe for every file system and for Excel.

use unicode_normalization::UnicodeNormalization;

/// Characters no file name may hold on Windows, macOS or Linux.
const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Longest file name stem in bytes: file systems allow 255 bytes per name (a CJK
/// character takes 3, an Extension-B one 4), and room is left for ` (2)` and the
/// extension.
const MAX_BYTES: usize = 200;

/// Longest worksheet name, in UTF-16 units (Excel counts `𠮷` as two).
const MAX_SHEET_UNITS: usize = 31;

/// The longest prefix of `s` that fits `limit`, measured by `size`, cut between
/// characters.
fn cut(s: &str, limit: usize, size: impl Fn(char) -> usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|&c| {
            used += size(c);
            used <= limit
        })
        .collect()
}

/// A file or folder name for `name` that every file system accepts: forbidden and
/// control characters become `_`, trailing dots and blanks go, reserved device
/// names get a `_` prefix, and overly long names are cut. Names are NFC, as
/// macOS and Windows would otherwise show one name as two.
pub fn safe_file_name(name: &str) -> String {
    let s: String = name
        .trim()
        .nfc()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() || !crate::format::is_xml_char(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut s = cut(&s, MAX_BYTES, char::len_utf8);
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    if s.is_empty() {
        return "_".to_string();
    }
    // Windows drops blanks before the extension: `nul .txt` is NUL too.
    let stem = (s.split('.').next().unwrap_or_default())
        .trim_end()
        .to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        s.insert(0, '_');
    }
    if s.starts_with('.') {
        s.replace_range(..1, "_");
    }
    s
}

/// A worksheet name Excel accepts: no `[]:*?/\`, not blank, at most 31 characters,
/// not starting or ending with an apostrophe; NFC.
pub fn safe_sheet_name(name: &str) -> String {
    let s: String = name
        .trim()
        .nfc()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() || !crate::format::is_xml_char(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = cut(&s, MAX_SHEET_UNITS, char::len_utf16);
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
    fn names_fit_by_bytes_and_utf16_units() {
        let ext_b: String = "𠮷".repeat(64); // 64 × 4 bytes = 256 bytes
        let f = safe_file_name(&ext_b);
        assert!(f.len() <= MAX_BYTES && f.starts_with('𠮷'), "{}", f.len());
        let sheet = safe_sheet_name(&format!("𠮷{}", "托".repeat(40)));
        assert_eq!(sheet.encode_utf16().count(), 31);
        assert_eq!(safe_sheet_name("项目\u{FFFE}名称\u{FFFF}"), "项目_名称_");
        assert_eq!(safe_file_name("项目\u{FFFF}"), "项目_");
        // é typed as e + combining acute is the same name as é.
        assert_eq!(safe_file_name("Cafe\u{301}"), "Caf\u{e9}");
        assert_eq!(safe_sheet_name("Cafe\u{301}"), "Caf\u{e9}");
    }

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
        assert_eq!(safe_file_name("CONIN$"), "_CONIN$");
        assert_eq!(safe_file_name("conout$.txt"), "_conout$.txt");
        assert_eq!(safe_file_name("COM¹"), "_COM¹");
        assert_eq!(safe_file_name("nul .txt"), "_nul .txt");
        assert_eq!(safe_file_name("console"), "console");
        assert_eq!(safe_file_name("COM1.txt"), "_COM1.txt");
        assert_eq!(safe_file_name("名称. "), "名称");
        assert_eq!(safe_file_name("..."), "_");
        assert_eq!(safe_file_name(".hidden"), "_hidden");
        assert_eq!(safe_file_name(&"长".repeat(200)).len(), 198); // 66 characters of 3 bytes
    }

    #[test]
    fn sheet_names() {
        assert_eq!(safe_sheet_name("托育中心经费"), "托育中心经费");
        assert_eq!(safe_sheet_name("a[1]:b"), "a_1__b");
        assert_eq!(safe_sheet_name(&"表".repeat(40)).chars().count(), 31);
        assert_eq!(safe_sheet_name("''"), "Sheet");
    }
}
