//! Combines built documents by joining their bodies: each later body starts on a
//! new page, and paragraph ids are numbered again so that they stay unique.

use super::package::{PackageError, Parts, DOCUMENT};
use super::para_ids::ParaIds;

const BODY_OPEN: &str = "<w:body>";
const SECTION: &str = "<w:sectPr";
const PAGE_BREAK: &str = "<w:pageBreakBefore />";

/// The document part of a package as text.
fn document(parts: &Parts) -> Result<&str, PackageError> {
    let (_, bytes) = parts
        .iter()
        .find(|(name, _)| *name == DOCUMENT)
        .ok_or(PackageError::Shape("document part missing"))?;
    Ok(std::str::from_utf8(bytes)?)
}

/// Splits a document part into (up to and including `<w:body>`, body content, section and end).
fn split(doc: &str) -> Result<(&str, &str, &str), PackageError> {
    let open = doc
        .find(BODY_OPEN)
        .ok_or(PackageError::Shape("no <w:body>"))?
        + BODY_OPEN.len();
    let sect = doc
        .rfind(SECTION)
        .filter(|&s| s >= open)
        .ok_or(PackageError::Shape("no <w:sectPr>"))?;
    Ok((&doc[..open], &doc[open..sect], &doc[sect..]))
}

/// A body that starts on a new page: the break goes into its first paragraph, or
/// into a paragraph of its own when the body starts with a table.
fn on_new_page(body: &str, out: &mut String, ids: &mut ParaIds) {
    const PPR: &str = "<w:pPr>";
    let first_paragraph = body.starts_with("<w:p ") || body.starts_with("<w:p>");
    match body.find(PPR).filter(|_| first_paragraph) {
        Some(at) => {
            ids.push(out, &body[..at + PPR.len()]);
            out.push_str(PAGE_BREAK);
            ids.push(out, &body[at + PPR.len()..]);
        }
        None => {
            out.push_str("<w:p><w:pPr>");
            out.push_str(PAGE_BREAK);
            out.push_str("</w:pPr></w:p>");
            ids.push(out, body);
        }
    }
}

/// The parts of the first document with the bodies of all documents joined.
pub(super) fn combine(docs: &[&Parts]) -> Result<Parts, PackageError> {
    let first = docs
        .first()
        .ok_or(PackageError::Shape("nothing to combine"))?;
    let (head, _, tail) = split(document(first)?)?;
    let mut bodies = Vec::with_capacity(docs.len());
    for parts in docs {
        let (_, body, _) = split(document(parts)?)?;
        bodies.push(body);
    }
    let size = head.len() + tail.len() + bodies.iter().map(|b| b.len() + 64).sum::<usize>();
    let mut joined = String::with_capacity(size);
    let mut ids = ParaIds::default();
    ids.push(&mut joined, head);
    for (index, body) in bodies.into_iter().enumerate() {
        if index == 0 {
            ids.push(&mut joined, body);
        } else {
            on_new_page(body, &mut joined, &mut ids);
        }
    }
    ids.push(&mut joined, tail);
    let mut joined = Some(joined.into_bytes());
    Ok(first
        .iter()
        .map(
            |(name, bytes)| match (*name == DOCUMENT).then(|| joined.take()).flatten() {
                Some(document) => (*name, document),
                None => (*name, bytes.clone()),
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_joined_on_new_pages_with_unique_ids() {
        let doc = |body: &str| -> Parts {
            vec![(
                DOCUMENT,
                format!("<w:document><w:body>{body}<w:sectPr>S</w:sectPr></w:body></w:document>")
                    .into_bytes(),
            )]
        };
        let a = doc(r#"<w:p w14:paraId="00000001"><w:pPr><w:jc/></w:pPr></w:p><w:tbl/>"#);
        let b = doc(r#"<w:p w14:paraId="00000001"><w:pPr><w:jc/></w:pPr></w:p><w:tbl/>"#);
        let c = doc("<w:tbl/>");
        let out = combine(&[&a, &b, &c]).unwrap();
        let text = String::from_utf8(out[0].1.clone()).unwrap();
        assert_eq!(
            text,
            "<w:document><w:body>\
             <w:p w14:paraId=\"00000001\"><w:pPr><w:jc/></w:pPr></w:p><w:tbl/>\
             <w:p w14:paraId=\"00000002\"><w:pPr><w:pageBreakBefore /><w:jc/></w:pPr></w:p><w:tbl/>\
             <w:p><w:pPr><w:pageBreakBefore /></w:pPr></w:p><w:tbl/>\
             <w:sectPr>S</w:sectPr></w:body></w:document>"
        );
    }
}
