//! Paragraph ids (`w14:paraId`): numbered from 1 in document order as the text of a
//! body is written, so that they are unique and do not depend on how the body was
//! put together.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// The attribute as docx-rs writes it, up to its value.
const PARA_ID: &str = " w14:paraId=\"";

/// Finds [`PARA_ID`]; built once, since bodies are searched piece by piece.
static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(PARA_ID));

/// Numbers every `w14:paraId` from 1, in document order, as text is appended.
#[derive(Default)]
pub(super) struct ParaIds(u32);

impl ParaIds {
    /// Appends `text` to `out` with its paragraph ids numbered on.
    pub(super) fn push(&mut self, out: &mut String, text: &str) {
        let mut rest = text;
        while let Some(at) = FINDER.find(rest.as_bytes()) {
            let value = at + PARA_ID.len();
            let Some(end) = rest[value..].find('"') else {
                break;
            };
            // Ids stay below 0x80000000, as Word requires.
            self.0 = self.0 % 0x7fff_fffe + 1;
            out.push_str(&rest[..value]);
            push_hex8(out, self.0);
            rest = &rest[value + end..];
        }
        out.push_str(rest);
    }
}

/// Appends `n` as eight upper-case hex digits.
fn push_hex8(out: &mut String, n: u32) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in (0..8).rev() {
        out.push(char::from(DIGITS[(n >> (shift * 4)) as usize & 0xF]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_has_eight_digits() {
        let mut out = String::new();
        push_hex8(&mut out, 0x7fff_fffe);
        push_hex8(&mut out, 0xA);
        assert_eq!(out, "7FFFFFFE0000000A");
    }

    #[test]
    fn ids_are_numbered_across_pushes() {
        let mut ids = ParaIds::default();
        let mut out = String::new();
        ids.push(
            &mut out,
            r#"<w:p w14:paraId="00000000"/><w:p w14:paraId="00000000"/>"#,
        );
        ids.push(
            &mut out,
            r#"<w:tc><w:p w14:paraId="0000000A">x</w:p></w:tc>"#,
        );
        assert_eq!(
            out,
            r#"<w:p w14:paraId="00000001"/><w:p w14:paraId="00000002"/><w:tc><w:p w14:paraId="00000003">x</w:p></w:tc>"#
        );
    }
}
