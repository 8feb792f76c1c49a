//! Checking an organisation's logo before the edge keeps it: a PNG that is whole, or an
//! SVG that is only a picture. An SVG is a document that can run script, load files from
//! elsewhere and react to events; one that could do any of that is refused (not cleaned:
//! the team learns what was wrong with their file, and what is served is what they sent).
//!
//! The SVG rules are an allow-list: elements of SVG's own namespace that draw (shapes,
//! text, gradients, filters, clipping), the inert elements design tools write (Inkscape's,
//! Sodipodi's, RDF metadata), references only within the file (`#id`) or to an embedded
//! raster image (`data:image/png;base64,…`), and no DOCTYPE with entities, no processing
//! instructions, no event attributes, no CSS that imports or escapes.

use std::fmt;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

/// The largest logo kept: a logo is drawn at the height of a line of text.
pub const MAX_BYTES: usize = 512 * 1024;

/// The largest width or height of a PNG logo, in pixels.
pub const MAX_PIXELS: u32 = 4096;

const SVG_NS: &[u8] = b"http://www.w3.org/2000/svg";
const XLINK_NS: &[u8] = b"http://www.w3.org/1999/xlink";
const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// Namespaces whose elements a renderer ignores, which design tools write into SVGs.
const INERT_NS: &[&[u8]] = &[
    b"http://www.inkscape.org/namespaces/inkscape",
    b"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    b"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    b"http://creativecommons.org/ns#",
    b"http://web.resource.org/cc/",
    b"http://purl.org/dc/elements/1.1/",
    b"http://purl.org/dc/terms/",
    b"http://ns.adobe.com/AdobeIllustrator/10.0/",
    b"http://ns.adobe.com/SaveForWeb/1.0/",
    b"http://www.bohemiancoding.com/sketch/ns",
    b"http://www.serif.com/",
    // Adobe's XMP metadata, which Illustrator writes with "Include XMP".
    b"adobe:ns:meta/",
    b"http://ns.adobe.com/xap/1.0/",
    b"http://ns.adobe.com/xap/1.0/mm/",
    b"http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
    b"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    b"http://ns.adobe.com/xap/1.0/g/img/",
    b"http://ns.adobe.com/pdf/1.3/",
    b"http://ns.adobe.com/illustrator/1.0/",
    b"http://ns.adobe.com/photoshop/1.0/",
    b"http://ns.adobe.com/Extensibility/1.0/",
    b"http://ns.adobe.com/Flows/1.0/",
    b"http://ns.adobe.com/ImageReplacement/1.0/",
    b"http://ns.adobe.com/GenericCustomNamespace/1.0/",
    b"http://ns.adobe.com/XPath/1.0/",
    b"http://ns.adobe.com/Variables/1.0/",
];

/// The SVG elements a logo may have: they draw, or hold what is drawn.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "metadata",
    "symbol",
    "switch",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "image",
    "style",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Raster images an SVG may carry inside itself.
const EMBEDDED_IMAGES: &[&str] = &[
    "data:image/png;base64,",
    "data:image/jpeg;base64,",
    "data:image/gif;base64,",
    "data:image/webp;base64,",
];

/// What kind of picture a logo is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Svg,
    Png,
}

impl Kind {
    /// From the upload's `Content-Type`.
    pub fn of_media_type(media: &str) -> Option<Self> {
        match media {
            "image/svg+xml" => Some(Self::Svg),
            "image/png" => Some(Self::Png),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Svg => "image/svg+xml",
            Self::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// A logo that passed: its kind, and its size where the file states one in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub kind: Kind,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Why a logo was refused, in words that follow its name ("The file …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn refuse<T>(reason: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(reason.into()))
}

/// Checks `bytes` as a logo of `kind`.
pub fn check(kind: Kind, bytes: &[u8]) -> Result<Checked, Refused> {
    if bytes.is_empty() {
        return refuse("is empty");
    }
    if bytes.len() > MAX_BYTES {
        return refuse(format!(
            "is {} KB; a logo may be at most {} KB",
            bytes.len().div_ceil(1024),
            MAX_BYTES / 1024
        ));
    }
    match kind {
        Kind::Png => png(bytes),
        Kind::Svg => svg(bytes),
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const PNG_END: &[u8] = b"\0\0\0\0IEND\xae\x42\x60\x82";

fn png(bytes: &[u8]) -> Result<Checked, Refused> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return refuse("is not a PNG: it does not start with the PNG signature");
    }
    // The first chunk is the header: length 13, "IHDR", width, height (big-endian).
    let header = bytes.get(8..24).filter(|h| &h[..8] == b"\0\0\0\x0dIHDR");
    let Some(header) = header else {
        return refuse("is not a whole PNG: its header chunk (IHDR) is missing");
    };
    let number = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (width, height) = (number(8), number(12));
    if width == 0 || height == 0 {
        return refuse("is a PNG without pixels (its width or height is 0)");
    }
    if width > MAX_PIXELS || height > MAX_PIXELS {
        return refuse(format!(
            "is {width}×{height} pixels; a logo may be at most {MAX_PIXELS} pixels wide and high"
        ));
    }
    if !bytes.ends_with(PNG_END) {
        return refuse("is cut short: it does not end as a PNG does (IEND)");
    }
    Ok(Checked {
        kind: Kind::Png,
        width: Some(width),
        height: Some(height),
    })
}

fn svg(bytes: &[u8]) -> Result<Checked, Refused> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return refuse("is not an SVG written in UTF-8");
    };
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut root_seen = false;
    let mut has_size = false;
    // Inside <style>: its text is CSS, gathered as a browser does (all its text and
    // CDATA, whatever comments split it) and checked whole at </style>.
    let mut style: Option<String> = None;
    loop {
        let event = reader
            .read_resolved_event()
            .map_err(|e| Refused(format!("is not well-formed XML ({e})")));
        let (ns, event) = event?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let opens = matches!(event, Event::Start(_));
                let local = std::str::from_utf8(element.local_name().into_inner())
                    .unwrap_or("?")
                    .to_owned();
                if style.is_some() {
                    return refuse(format!(
                        "has a <{local}> element inside its <style>: a <style> holds only CSS"
                    ));
                }
                if !root_seen {
                    if local != "svg" || !matches!(ns, ResolveResult::Bound(Namespace(SVG_NS))) {
                        return refuse(
                            "is not an SVG: its first element must be <svg xmlns=\"http://www.w3.org/2000/svg\">",
                        );
                    }
                    root_seen = true;
                    has_size = root_has_size(element)?;
                } else if depth == 0 {
                    return refuse("has more than one root element");
                }
                element_allowed(&ns, &local)?;
                attributes_allowed(&reader, element, &local)?;
                if opens {
                    depth += 1;
                    if depth > 256 {
                        return refuse("nests its elements more than 256 deep");
                    }
                    if local == "style" {
                        style = Some(String::new());
                    }
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if let Some(css) = style.take() {
                    css_allowed(&css, "its <style>")?;
                }
            }
            Event::Text(ref t) if style.is_some() => {
                let css = t
                    .xml_content(XmlVersion::Implicit1_0)
                    .map_err(|e| Refused(format!("is not well-formed XML ({e})")))?;
                style.as_mut().unwrap().push_str(&css);
            }
            Event::CData(ref t) if style.is_some() => {
                let css = t
                    .xml_content(XmlVersion::Implicit1_0)
                    .map_err(|e| Refused(format!("is not well-formed XML ({e})")))?;
                style.as_mut().unwrap().push_str(&css);
            }
            Event::Decl(ref d) => {
                // Only UTF-8 is checked: a browser reads the bytes in the encoding the
                // declaration names, and ISO-2022-JP, Shift_JIS… read them as other text.
                let utf8 =
                    matches!(d.encoding(), Some(Ok(ref e)) if e.eq_ignore_ascii_case(b"utf-8"));
                if !utf8 && d.to_ascii_lowercase().windows(8).any(|w| w == b"encoding") {
                    return refuse(
                        "declares an encoding other than UTF-8: a logo must be written in UTF-8",
                    );
                }
            }
            Event::GeneralRef(ref r) => {
                if r.is_char_ref() {
                    // A character written as a number: inside <style> it could spell
                    // what the check looks for, so there it is refused.
                    if style.is_some() {
                        return refuse(
                            "writes characters of its <style> as references (&#…;): write them as they are",
                        );
                    }
                } else {
                    let name = String::from_utf8_lossy(r).into_owned();
                    let character = match name.as_str() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => {
                            return refuse(format!(
                                "refers to the entity &{name};, which a logo has no way to define"
                            ))
                        }
                    };
                    if let Some(css) = style.as_mut() {
                        css.push(character);
                    }
                }
            }
            Event::DocType(ref d) if d.contains(&b'[') => {
                return refuse(
                    "declares entities in its DOCTYPE, which can reach outside the file or swell it: remove the DOCTYPE (from Illustrator, save without \u{201c}Preserve Illustrator Editing Capabilities\u{201d})",
                );
            }
            Event::PI(ref pi) => {
                let target = String::from_utf8_lossy(pi.target()).into_owned();
                return refuse(format!(
                    "has a processing instruction <?{target}?>, which can load files from elsewhere"
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return refuse("is not an SVG: it has no <svg> element");
    }
    if depth != 0 {
        return refuse("is cut short: an element is not closed");
    }
    if !has_size {
        return refuse(
            "has no viewBox, nor a width and a height: give it a viewBox so it is drawn at its shape",
        );
    }
    Ok(Checked {
        kind: Kind::Svg,
        width: None,
        height: None,
    })
}

fn root_has_size(root: &BytesStart) -> Result<bool, Refused> {
    let mut named = (false, false, false);
    for attribute in root.attributes() {
        let attribute = attribute.map_err(|e| Refused(format!("is not well-formed XML ({e})")))?;
        match attribute.key.local_name().into_inner() {
            b"viewBox" => named.0 = true,
            b"width" => named.1 = true,
            b"height" => named.2 = true,
            _ => {}
        }
    }
    Ok(named.0 || (named.1 && named.2))
}

fn element_allowed(ns: &ResolveResult, local: &str) -> Result<(), Refused> {
    match ns {
        ResolveResult::Bound(Namespace(SVG_NS)) => {
            if ELEMENTS.contains(&local) {
                Ok(())
            } else {
                match local {
                    "script" => refuse("has a <script> element: a logo may not run code"),
                    "foreignObject" => refuse(
                        "has a <foreignObject> element, which can hold a web page: a logo may not",
                    ),
                    "a" => refuse("has a link (<a>): a logo may not link elsewhere"),
                    "animate" | "set" | "animateTransform" | "animateMotion" | "discard" => {
                        refuse(format!(
                            "has an <{local}> element: a logo is still (an animation can change what it links to)"
                        ))
                    }
                    "feImage" => refuse(
                        "has a <feImage> filter, which can load files from elsewhere",
                    ),
                    other => refuse(format!(
                        "has a <{other}> element, which a logo may not have"
                    )),
                }
            }
        }
        ResolveResult::Bound(Namespace(other)) if INERT_NS.contains(other) => Ok(()),
        ResolveResult::Bound(Namespace(other)) => refuse(format!(
            "has a <{local}> element of the namespace {}, which a logo may not have",
            String::from_utf8_lossy(other)
        )),
        ResolveResult::Unbound => refuse(format!(
            "has a <{local}> element outside the SVG namespace, which a logo may not have"
        )),
        ResolveResult::Unknown(prefix) => refuse(format!(
            "uses the prefix {}: on <{local}> without declaring it",
            String::from_utf8_lossy(prefix)
        )),
    }
}

fn attributes_allowed(
    reader: &NsReader<&[u8]>,
    element: &BytesStart,
    local: &str,
) -> Result<(), Refused> {
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| Refused(format!("is not well-formed XML ({e})")))?;
        let raw_key = attribute.key.as_ref();
        if raw_key == b"xmlns" || raw_key.starts_with(b"xmlns:") {
            continue;
        }
        let (ns, name) = reader.resolver().resolve_attribute(attribute.key);
        let name = String::from_utf8_lossy(name.into_inner()).into_owned();
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| Refused(format!("is not well-formed XML ({e})")))?;
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("on") {
            return refuse(format!(
                "has an event attribute ({name}= on <{local}>): a logo may not run code"
            ));
        }
        match ns {
            ResolveResult::Unknown(prefix) => {
                return refuse(format!(
                    "uses the prefix {}: on {name}= without declaring it",
                    String::from_utf8_lossy(&prefix)
                ))
            }
            // A design tool's own attribute (Inkscape's export path, say): never read by a
            // browser, as CSS or as an address.
            ResolveResult::Bound(Namespace(n)) if INERT_NS.contains(&n) => continue,
            _ => {}
        }
        let in_xlink_or_none = match ns {
            ResolveResult::Unbound => true,
            ResolveResult::Bound(Namespace(n)) => n == XLINK_NS || n == SVG_NS,
            _ => false,
        };
        if matches!(ns, ResolveResult::Bound(Namespace(XML_NS))) && name == "base" {
            return refuse(format!(
                "sets xml:base on <{local}>, which would make its references point elsewhere"
            ));
        }
        if in_xlink_or_none && name == "href" {
            let value = value.trim();
            let embedded = local == "image"
                && EMBEDDED_IMAGES.iter().any(|p| {
                    value
                        .get(..p.len())
                        .is_some_and(|v| v.eq_ignore_ascii_case(p))
                });
            if !value.starts_with('#') && !embedded {
                return refuse(format!(
                    "refers outside itself (href=\"{}\" on <{local}>): a logo must hold everything it draws",
                    shortened(value)
                ));
            }
            continue;
        }
        if value.to_ascii_lowercase().contains("javascript:") {
            return refuse(format!(
                "has a javascript: address in {name}= on <{local}>: a logo may not run code"
            ));
        }
        css_allowed(&value, &format!("{name}= on <{local}>"))?;
    }
    Ok(())
}

/// CSS (a `<style>`, a `style=` or a presentation attribute such as `fill=`) may refer
/// to the file's own parts (`url(#gradient)`) and nothing else.
fn css_allowed(css: &str, place: &str) -> Result<(), Refused> {
    if css.contains('\\') {
        return refuse(format!(
            "writes CSS escapes (\\) in {place}: write the characters as they are"
        ));
    }
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return refuse(format!(
            "imports a stylesheet (@import) in {place}: a logo must hold everything it draws"
        ));
    }
    if lower.contains("expression(") {
        return refuse(format!("has a CSS expression() in {place}"));
    }
    for function in ["image(", "image-set(", "src(", "cross-fade(", "element("] {
        if lower.contains(function) {
            return refuse(format!(
                "uses {function}) in {place}: a logo may refer only to its own parts, url(#id)"
            ));
        }
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start();
        let target = target.strip_prefix(['"', '\'']).unwrap_or(target);
        if !target.starts_with('#') {
            let end = target.find(')').unwrap_or(target.len());
            return refuse(format!(
                "refers outside itself (url({}) in {place}): a logo must hold everything it draws",
                shortened(target[..end].trim_end().trim_end_matches(['"', '\'']))
            ));
        }
    }
    Ok(())
}

/// A value short enough to quote in a message.
fn shortened(value: &str) -> String {
    let mut out: String = value.chars().take(60).collect();
    if out.len() < value.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> Result<Checked, Refused> {
        check(Kind::Svg, body.as_bytes())
    }

    fn wrapped(inner: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{inner}</svg>"#
        )
    }

    fn refused(body: &str) -> String {
        match svg(body) {
            Ok(_) => panic!("accepted: {body}"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn a_drawing_passes() {
        let ok = [
            wrapped(r##"<title>Acme</title><path d="M0 0h10v10z" fill="#5b2a86"/>"##),
            wrapped(
                r##"<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="fill: url('#g')"/>"##,
            ),
            wrapped(r#"<style>.a{fill:#123456}</style><circle class="a" cx="5" cy="5" r="4"/>"#),
            wrapped(r##"<use xlink:href="#a"/><use href="#a"/>"##),
            wrapped(r#"<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>"#),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{}",
                wrapped("<g/>")
            ),
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="20" height="10" inkscape:version="1.3"><sodipodi:namedview inkscape:zoom="1"/><g inkscape:label="Layer 1"><rect width="1" height="1"/></g></svg>"#.to_owned(),
            r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><svg:rect width="1" height="1"/></svg:svg>"#.to_owned(),
        ];
        for body in ok {
            assert_eq!(svg(&body).map(|c| c.kind), Ok(Kind::Svg), "{body}");
        }
    }

    #[test]
    fn script_external_references_and_events_are_refused_with_why() {
        let cases: &[(&str, &str)] = &[
            (r#"<script>alert(1)</script>"#, "<script> element"),
            (
                r#"<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>"#,
                "<script> element",
            ),
            (
                r#"<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>"#,
                "<foreignObject>",
            ),
            (
                r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#,
                "namespace http://www.w3.org/1999/xhtml",
            ),
            // A design tool's prefix bound to the SVG namespace is SVG.
            (
                r#"<inkscape:script xmlns:inkscape="http://www.w3.org/2000/svg">alert(1)</inkscape:script>"#,
                "<script> element",
            ),
            (
                r#"<rect width="1" height="1" onclick="alert(1)"/>"#,
                "event attribute (onclick=",
            ),
            (
                r#"<rect width="1" height="1" ONLOAD="alert(1)"/>"#,
                "event attribute",
            ),
            (
                r#"<image href="https://tracker.example/pixel.png"/>"#,
                "refers outside itself (href=\"https://tracker.example/pixel.png\"",
            ),
            (
                r#"<use xlink:href="other.svg#a"/>"#,
                "refers outside itself",
            ),
            (
                r#"<image href="data:image/svg+xml;base64,PHN2Zz4="/>"#,
                "refers outside itself",
            ),
            (
                r#"<use href="data:image/png;base64,AAAA"/>"#,
                "refers outside itself",
            ),
            (r#"<a href="https://example.com"><rect/></a>"#, "link (<a>)"),
            (
                r#"<set attributeName="href" to="javascript:alert(1)"/>"#,
                "<set> element",
            ),
            (
                r#"<rect fill="url(https://example.com/x.svg#g)"/>"#,
                "url(https://example.com/x.svg#g)",
            ),
            (
                r#"<rect style="fill:url( 'http://x/y' )"/>"#,
                "url(http://x/y)",
            ),
            (r#"<style>@import url(#x); .a{}</style>"#, "@import"),
            (
                r#"<style>.a{background:url(//evil.example/a.png)}</style>"#,
                "url(//evil.example/a.png)",
            ),
            (
                r#"<style><![CDATA[.a{background:url(http://e/a)}]]></style>"#,
                "url(http://e/a)",
            ),
            (
                r#"<style>.a{background:\75rl(http://e/a)}</style>"#,
                "CSS escapes",
            ),
            (
                r#"<style>.a{background:&#117;rl(http://e/a)}</style>"#,
                "as references",
            ),
            (r#"<rect xml:base="https://e/"/>"#, "xml:base"),
            (r##"<feImage href="#a"/>"##, "<feImage>"),
            (r#"<iframe/>"#, "<iframe> element"),
            (r#"<rect fill="javascript:alert(1)"/>"#, "javascript:"),
            (r#"<rect fill="&#106;avascript:alert(1)"/>"#, "javascript:"),
            (r#"<rect fill="&xxe;"/>"#, "is not well-formed"),
        ];
        for (inner, expected) in cases {
            let message = refused(&wrapped(inner));
            assert!(message.contains(expected), "{inner}: {message}");
        }
        let whole: &[(&str, &str)] = &[
            ("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">&x;</svg>", "DOCTYPE"),
            ("<?xml-stylesheet href=\"https://e/a.css\"?><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>", "<?xml-stylesheet?>"),
            ("<svg viewBox=\"0 0 1 1\"/>", "first element must be <svg"),
            ("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>", "first element must be <svg"),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>", "no viewBox"),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><g>", "cut short"),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><g></rect></svg>", "well-formed"),
            ("\u{feff}\u{0}", "no <svg> element"),
        ];
        for (body, expected) in whole {
            let message = refused(body);
            assert!(message.contains(expected), "{body}: {message}");
        }
        assert!(check(Kind::Svg, &[0xff, 0xfe, 0x3c])
            .unwrap_err()
            .0
            .contains("UTF-8"));
    }

    /// What a second reader found: each was accepted before, and a browser would have
    /// loaded from elsewhere or run script.
    #[test]
    fn style_split_across_events_odd_encodings_and_stray_quotes_are_refused() {
        let split = [
            r#"<style><desc></desc>svg{background:url(https://evil.example/a.png)}</style>"#,
            r#"<style><g></g>@import url(https://evil.example/a.css);</style>"#,
            r#"<style>svg{background:u<!---->rl(https://evil.example/a.png)}</style>"#,
            r#"<style>svg{background:u<![CDATA[rl(https://evil.example/a.png)]]>}</style>"#,
            r#"<style>svg{background:u<g/>rl(https://evil.example/a.png)}</style>"#,
            r#"<style>svg{background:url("'#x")}</style>"#,
            r#"<rect fill="url(&quot;'#x&quot;)"/>"#,
        ];
        for inner in split {
            refused(&wrapped(inner));
        }
        // The comment split is joined as a browser joins it, and named as what it is.
        assert!(refused(&wrapped(split[2])).contains("url(https://evil.example/a.png)"));
        // A declaration of an encoding in which the bytes read as other text.
        let iso = b"<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" o\x1b(Bnload=\"alert(1)\"/>";
        assert!(check(Kind::Svg, iso).unwrap_err().0.contains("UTF-8"));
        let sjis = b"<?xml version='1.0' encoding='Shift_JIS'?><svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/>";
        assert!(check(Kind::Svg, sjis).unwrap_err().0.contains("UTF-8"));
        let utf8 = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
            wrapped("<g/>")
        );
        assert!(svg(&utf8).is_ok());
        // A character the data-URL prefix cuts through is refused, not a panic.
        refused(&wrapped("<image href=\"data:image/png;base64\u{e9}xx\"/>"));
        // An attribute with a prefix nobody declared.
        assert!(
            refused(&wrapped(r#"<rect foo:href="https://e/a"/>"#)).contains("without declaring")
        );
    }

    /// What design tools write, accepted: Illustrator's classes, switch and XMP, Inkscape's
    /// own attributes with Windows paths.
    #[test]
    fn design_tools_exports_pass() {
        let ok = [
            wrapped(r##"<defs><style>.cls-1{fill:#fff}.cls-2{fill:url(#g)}</style></defs><switch><g data-name="Layer 1"><rect class="cls-1" width="1" height="1"/></g></switch>"##),
            wrapped(r#"<metadata><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Adobe Illustrator"/></rdf:RDF></x:xmpmeta></metadata>"#),
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 1 1" inkscape:export-filename="C:\Users\a\logo.png" xml:space="preserve"><g/></svg>"#.to_owned(),
        ];
        for body in ok {
            assert_eq!(svg(&body).map(|c| c.kind), Ok(Kind::Svg), "{body}");
        }
    }

    fn png_of(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = PNG_SIGNATURE.to_vec();
        bytes.extend_from_slice(b"\0\0\0\x0dIHDR");
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes.extend_from_slice(PNG_END);
        bytes
    }

    #[test]
    fn a_png_is_whole_and_of_a_sensible_size() {
        assert_eq!(
            check(Kind::Png, &png_of(240, 80)),
            Ok(Checked {
                kind: Kind::Png,
                width: Some(240),
                height: Some(80)
            })
        );
        let message = |bytes: &[u8]| check(Kind::Png, bytes).unwrap_err().0;
        assert!(message(b"GIF89a....").contains("PNG signature"));
        assert!(message(&png_of(0, 10)).contains("without pixels"));
        assert!(message(&png_of(5000, 10)).contains("5000×10"));
        let whole = png_of(10, 10);
        assert!(message(&whole[..whole.len() - 4]).contains("cut short"));
        assert!(message(&whole[..12]).contains("IHDR"));
        assert!(message(&[]).contains("empty"));
        let big = vec![0u8; MAX_BYTES + 1];
        assert!(message(&big).contains("at most 512 KB"));
    }
}
