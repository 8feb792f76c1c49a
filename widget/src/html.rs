//! The edge's HTML made into DOM nodes without an HTML sink: `innerHTML` and its kin are
//! what a page that enforces Trusted Types refuses, and elements, attributes and text
//! nodes are not. What is read is the edge's own render (Leptos's server rendering of
//! `attest_views`): elements with quoted attributes, text with `&`, `<`, `>` and quotes
//! escaped, no scripts. Whatever the input, text only ever becomes text nodes.

use std::borrow::Cow;

use wasm_bindgen::JsValue;
use web_sys::{Document, DocumentFragment, Element, Node};

const SVG: &str = "http://www.w3.org/2000/svg";
const VOID: [&str; 8] = ["area", "br", "col", "hr", "img", "input", "source", "wbr"];

/// `html` as a fragment of `document`'s nodes.
pub fn parse(document: &Document, html: &str) -> Result<DocumentFragment, JsValue> {
    let fragment = document.create_document_fragment();
    // The open elements, innermost last, each with whether it is in SVG.
    let mut open: Vec<(Node, bool)> = vec![(fragment.clone().into(), false)];
    let mut rest = html;
    while !rest.is_empty() {
        let (parent, in_svg) = open.last().cloned().expect("the fragment stays open");
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            let name = after[..end].trim().to_ascii_lowercase();
            if let Some(at) = open
                .iter()
                .rposition(|(n, _)| n.node_name().eq_ignore_ascii_case(&name))
            {
                open.truncate(at.max(1));
            }
            rest = after.get(end + 1..).unwrap_or("");
        } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            let (element, closed, after) = start_tag(document, &rest[1..], in_svg)?;
            parent.append_child(&element)?;
            let name = element.local_name();
            if !closed && !VOID.contains(&name.as_str()) {
                open.push((element.into(), in_svg || name == "svg"));
            }
            rest = after;
        } else {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            parent.append_child(&document.create_text_node(&decode(&rest[..end])))?;
            rest = &rest[end..];
        }
    }
    Ok(fragment)
}

/// An element from a start tag (after its `<`): the element, whether it closed itself
/// (`/>`), and what follows the tag.
fn start_tag<'a>(
    document: &Document,
    tag: &'a str,
    in_svg: bool,
) -> Result<(Element, bool, &'a str), JsValue> {
    let name_end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let element = if in_svg || name.eq_ignore_ascii_case("svg") {
        document.create_element_ns(Some(SVG), name)?
    } else {
        document.create_element(name)?
    };
    let mut rest = &tag[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            return Ok((element, true, after));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Ok((element, false, after));
        }
        if rest.is_empty() {
            return Ok((element, false, rest));
        }
        if let Some(after) = rest.strip_prefix('/') {
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let attribute = &rest[..end];
        rest = rest[end..].trim_start();
        let mut value = Cow::Borrowed("");
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, next) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode(raw);
            rest = next;
        }
        // A name no attribute can have is skipped, not a failed render.
        let _ = element.set_attribute(attribute, &value);
    }
}

/// Text with its character references (`&amp;`, `&#39;`, `&#x27;`…) read.
fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn character_references_are_read_and_anything_else_is_kept() {
        assert_eq!(
            decode("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#x27;"),
            "a & b <c> \"d\" 'e'"
        );
        assert_eq!(decode("AT&T &unknown; & &#xZZ;"), "AT&T &unknown; & &#xZZ;");
        assert_eq!(decode("plain"), "plain");
    }
}
