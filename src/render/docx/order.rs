//! docx-rs 0.4 writes the children of some WordprocessingML elements out of the
//! order the schema (ISO/IEC 29500) fixes, and a `w:type` on `w:gridCol` that the
//! schema does not have; Word drops run properties that come out of order. This
//! pass puts them in schema order. It runs on each distinct table cell once (the
//! cell cache keeps the result), on each document's small body skeleton, and on
//! the parts built once per run.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The schema's order of the children of each element that docx-rs misorders.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
    ),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:lvl",
        &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
    ),
    ("w:docDefaults", &["w:rPrDefault", "w:pPrDefault"]),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries",
            "w:displayBackgroundShape",
            "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth",
            "w:printFormsData",
            "w:embedTrueTypeFonts",
            "w:embedSystemFonts",
            "w:saveSubsetFonts",
            "w:saveFormsData",
            "w:mirrorMargins",
            "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader",
            "w:bordersDoNotSurroundFooter",
            "w:gutterAtTop",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:activeWritingStyle",
            "w:proofState",
            "w:formsDesign",
            "w:attachedTemplate",
            "w:linkStyles",
            "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod",
            "w:documentType",
            "w:mailMerge",
            "w:revisionView",
            "w:trackRevisions",
            "w:doNotTrackMoves",
            "w:doNotTrackFormatting",
            "w:documentProtection",
            "w:autoFormatOverride",
            "w:styleLockTheme",
            "w:styleLockQFSet",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:consecutiveHyphenLimit",
            "w:hyphenationZone",
            "w:doNotHyphenateCaps",
            "w:showEnvelope",
            "w:summaryLength",
            "w:clickAndTypeStyle",
            "w:defaultTableStyle",
            "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting",
            "w:bookFoldPrinting",
            "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing",
            "w:drawingGridVerticalSpacing",
            "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery",
            "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin",
            "w:drawingGridVerticalOrigin",
            "w:doNotShadeFormData",
            "w:noPunctuationKerning",
            "w:characterSpacingControl",
            "w:printTwoOnOne",
            "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:savePreviewPicture",
            "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml",
            "w:ignoreMixedContent",
            "w:alwaysShowPlaceholderText",
            "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly",
            "w:useXSLTWhenSaving",
            "w:saveThroughXslt",
            "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace",
            "w:updateFields",
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
];

/// The order of `name`'s children, when it is one of [`ORDERS`].
fn order_of(name: &str) -> Option<&'static [&'static str]> {
    ORDERS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
}

/// Where a child goes: its place in the schema's order; names the order does not
/// know (other namespaces) go after the known ones, in the order written.
fn rank(order: &[&str], name: &str) -> usize {
    order.iter().position(|n| *n == name).unwrap_or(order.len())
}

/// The XML with the children of the misordered elements in schema order and
/// `w:type` dropped from `w:gridCol`. Well-formed input is assumed (it is
/// docx-rs's); anything the reader cannot follow is kept as it is.
pub fn schema_order(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    rewrite(xml, &mut out);
    out
}

/// Writes `xml` (a sequence of nodes) into `out`, reordering where needed.
fn rewrite(xml: &str, out: &mut String) {
    let mut reader = Reader::from_str(xml);
    let mut copied = 0;
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let end = reader.buffer_position() as usize;
        match event {
            Event::Empty(e) if e.name().as_ref() == "w:gridCol" => {
                out.push_str(&xml[copied..start]);
                out.push_str(&grid_col(&xml[start..end]));
                copied = end;
            }
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                let Some(order) = order_of(&name) else {
                    continue;
                };
                // The element's content, up to its end tag.
                let inner_start = end;
                if reader.read_to_end(e.name()).is_err() {
                    break;
                }
                let close = reader.buffer_position() as usize;
                let end_tag = format!("</{name}>");
                let inner_end = close.saturating_sub(end_tag.len()).max(inner_start);
                out.push_str(&xml[copied..inner_start]);
                let mut children = children(&xml[inner_start..inner_end]);
                if name == "w:pPr" {
                    // An empty run-properties child says nothing, and the paragraph
                    // properties of styles and numbering levels may not hold one.
                    children.retain(|(child, text)| !(child == "w:rPr" && is_empty(text)));
                }
                children.sort_by_key(|(child, _)| rank(order, child));
                for (_, child) in children {
                    rewrite(child, out);
                }
                out.push_str(&xml[inner_end..close]);
                copied = close;
            }
            _ => {}
        }
    }
    out.push_str(&xml[copied..]);
}

/// The child elements of an element's content with their names; text between
/// them (docx-rs writes none) is dropped.
fn children(content: &str) -> Vec<(String, &str)> {
    let mut reader = Reader::from_str(content);
    let mut out = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Empty(e)) => {
                let end = reader.buffer_position() as usize;
                out.push((e.name().as_ref().to_string(), &content[start..end]));
            }
            Ok(Event::Start(e)) => {
                let name = e.name().as_ref().to_string();
                if reader.read_to_end(e.name()).is_err() {
                    out.push((name, &content[start..]));
                    break;
                }
                let end = reader.buffer_position() as usize;
                out.push((name, &content[start..end]));
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// Whether an element has no content and no attribute: `<w:rPr />`, `<w:rPr></w:rPr>`.
fn is_empty(element: &str) -> bool {
    let t: String = element.chars().filter(|c| !c.is_whitespace()).collect();
    t == "<w:rPr/>" || t == "<w:rPr></w:rPr>"
}

/// A `w:gridCol` without its `w:type` attribute.
fn grid_col(tag: &str) -> String {
    match tag.find(" w:type=\"") {
        Some(at) => {
            let rest = &tag[at + 9..];
            let close = rest.find('"').map_or(rest.len(), |q| q + 1);
            format!("{}{}", &tag[..at], &rest[close..])
        }
        None => tag.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_in_schema_order() {
        let xml = r#"<w:p><w:pPr><w:rPr><w:sz w:val="21" /><w:rFonts w:eastAsia="SimSun" /></w:rPr><w:jc w:val="center" /><w:spacing w:before="0" /></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"#;
        assert_eq!(
            schema_order(xml),
            r#"<w:p><w:pPr><w:spacing w:before="0" /><w:jc w:val="center" /><w:rPr><w:rFonts w:eastAsia="SimSun" /><w:sz w:val="21" /></w:rPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn grid_columns_lose_the_type_and_others_keep_it() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="794" w:type="dxa" /></w:tblGrid><w:tcW w:w="794" w:type="dxa" />"#;
        assert_eq!(
            schema_order(xml),
            r#"<w:tblGrid><w:gridCol w:w="794" /></w:tblGrid><w:tcW w:w="794" w:type="dxa" />"#
        );
    }

    #[test]
    fn empty_run_properties_leave_paragraph_properties() {
        let xml =
            r#"<w:pPrDefault><w:pPr><w:spacing w:before="0" /><w:rPr /></w:pPr></w:pPrDefault>"#;
        assert_eq!(
            schema_order(xml),
            r#"<w:pPrDefault><w:pPr><w:spacing w:before="0" /></w:pPr></w:pPrDefault>"#
        );
    }

    #[test]
    fn ordered_input_is_unchanged() {
        let xml = r#"<w:tc><w:tcPr><w:tcW w:w="1" w:type="dxa" /><w:vAlign w:val="center" /></w:tcPr><w:p /></w:tc>"#;
        assert_eq!(schema_order(xml), xml);
    }
}
