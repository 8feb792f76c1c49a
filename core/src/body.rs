//! `Body`: text in paragraphs and lists. Written in a profile file as plain text (a blank
//! line between paragraphs, `- ` or `1. ` before list items), served as structured blocks,
//! rendered as text nodes: it never carries markup, so it can never carry a script.

use serde::{Deserialize, Serialize};

use crate::Text;

/// One paragraph or list item.
pub type Line = Text<5000>;

/// A block of a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Block {
    Paragraph(Line),
    Bullets(Vec<Line>),
    Numbered(Vec<Line>),
}

/// Paragraphs and lists, in order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Body(Vec<Block>);

impl Body {
    pub const MAX_BLOCKS: usize = 200;

    pub(crate) fn from_blocks(blocks: Vec<Block>) -> Self {
        Self(blocks)
    }

    pub fn blocks(&self) -> &[Block] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every paragraph and item, in order: for search and for checks.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .flat_map(|block| match block {
                Block::Paragraph(text) => std::slice::from_ref(text).iter(),
                Block::Bullets(items) | Block::Numbered(items) => items.iter(),
            })
            .map(Text::as_str)
    }

    /// Reads the plain-text form. Lines of a paragraph are joined with a space; a list
    /// item's continuation lines join that item.
    pub fn parse(source: &str) -> Result<Self, crate::ValidationError> {
        let mut blocks = Vec::new();
        for chunk in source
            .split("\n\n")
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            blocks.extend(parse_chunk(chunk)?);
        }
        if blocks.len() > Self::MAX_BLOCKS {
            return Err(crate::ValidationError::Invalid {
                field: "".into(),
                reason: "has more than 200 paragraphs and lists".into(),
            });
        }
        Ok(Self(blocks))
    }
}

#[derive(PartialEq)]
enum Marker {
    Bullet,
    Number,
}

fn list_marker(line: &str) -> Option<(Marker, &str)> {
    let line = line.trim_start();
    for bullet in ["- ", "* ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((Marker::Bullet, rest));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((Marker::Number, rest));
        }
    }
    None
}

fn parse_chunk(chunk: &str) -> Result<Vec<Block>, crate::ValidationError> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(Marker, Vec<String>)> = None;
    let finish_paragraph = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(Line::parse_field(
                "",
                paragraph.join(" "),
            )?));
            paragraph.clear();
        }
        Ok::<(), crate::ValidationError>(())
    };
    let finish_list = |list: &mut Option<(Marker, Vec<String>)>, blocks: &mut Vec<Block>| {
        if let Some((marker, items)) = list.take() {
            let items = items
                .into_iter()
                .map(|item| Line::parse_field("", item))
                .collect::<Result<Vec<_>, _>>()?;
            blocks.push(match marker {
                Marker::Bullet => Block::Bullets(items),
                Marker::Number => Block::Numbered(items),
            });
        }
        Ok::<(), crate::ValidationError>(())
    };
    for line in chunk.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match (list_marker(line), &mut list) {
            (Some((marker, item)), Some((current, items))) if marker == *current => {
                items.push(item.to_owned())
            }
            (Some((marker, item)), _) => {
                finish_paragraph(&mut paragraph, &mut blocks)?;
                finish_list(&mut list, &mut blocks)?;
                list = Some((marker, vec![item.to_owned()]));
            }
            (None, Some((_, items))) => {
                let last = items.last_mut().expect("a list has an item");
                last.push(' ');
                last.push_str(line);
            }
            (None, None) => paragraph.push(line),
        }
    }
    finish_paragraph(&mut paragraph, &mut blocks)?;
    finish_list(&mut list, &mut blocks)?;
    Ok(blocks)
}

/// A body is read from its plain-text form (profile files) or its blocks (the API). A
/// visitor, not `#[serde(untagged)]`: that would buffer every value and cost the widget
/// kilobytes of WebAssembly.
impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BodyVisitor;

        impl<'de> serde::de::Visitor<'de> for BodyVisitor {
            type Value = Body;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text, or a list of paragraph and list blocks")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Body, E> {
                Body::parse(text).map_err(E::custom)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Body, A::Error> {
                let mut blocks = Vec::new();
                while let Some(block) = seq.next_element::<Block>()? {
                    if blocks.len() == Body::MAX_BLOCKS {
                        return Err(serde::de::Error::custom(
                            "has more than 200 paragraphs and lists",
                        ));
                    }
                    blocks.push(block);
                }
                Ok(Body(blocks))
            }
        }

        deserializer.deserialize_any(BodyVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Body {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Body".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let blocks = generator.subschema_for::<Vec<Block>>();
        schemars::json_schema!({
            "description": "Paragraphs and lists: plain text (a blank line between paragraphs, `- ` or `1. ` before list items) or the blocks the API serves.",
            "anyOf": [{ "type": "string" }, blocks]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[Line]) -> Vec<&str> {
        items.iter().map(Text::as_str).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_line_breaks_join() {
        let body = Body::parse("First line\ncontinues.\n\nSecond paragraph.").unwrap();
        assert_eq!(
            body.lines().collect::<Vec<_>>(),
            ["First line continues.", "Second paragraph."]
        );
    }

    #[test]
    fn dashes_make_bullets_and_numbers_make_a_numbered_list() {
        let body =
            Body::parse("We require:\n- one\n- two\n  wrapped\n\n1. first\n2. second").unwrap();
        match body.blocks() {
            [Block::Paragraph(p), Block::Bullets(b), Block::Numbered(n)] => {
                assert_eq!(p.as_str(), "We require:");
                assert_eq!(texts(b), ["one", "two wrapped"]);
                assert_eq!(texts(n), ["first", "second"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn markup_stays_text() {
        let body = Body::parse("<img src=x onerror=alert(1)>").unwrap();
        assert_eq!(body.lines().next(), Some("<img src=x onerror=alert(1)>"));
    }

    #[test]
    fn a_body_reads_from_text_or_blocks_and_writes_blocks() {
        let from_text: Body = serde_json::from_str(r#""Hello.\n\n- a\n- b""#).unwrap();
        let json = serde_json::to_string(&from_text).unwrap();
        assert_eq!(json, r#"[{"paragraph":"Hello."},{"bullets":["a","b"]}]"#);
        let from_blocks: Body = serde_json::from_str(&json).unwrap();
        assert_eq!(from_blocks, from_text);
    }

    #[test]
    fn an_empty_text_is_an_empty_body() {
        assert!(Body::parse("  \n\n ").unwrap().is_empty());
    }
}
