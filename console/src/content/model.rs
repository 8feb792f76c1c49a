//! The profile editor's model: every part of a trust profile as fields over one JSON
//! draft, each checked by the type `core` reads it as, so a field says what the edge
//! would refuse, as it is typed, with the edge's own words (one source: `attest-core`).
//! Rules across fields (a PCI-DSS badge's level, a public document's link, a FAQ asked
//! twice…) come from `TrustProfile::check`, the function the edge runs on a save.

use attest_core::json::{FromJson, Json};
use attest_core::profile::{Paragraph, Topic};
use attest_core::{
    Body, Colour, Date, Email, Identifier, LanguageTag, Link, LogoFile, Name, Origin, Quarter,
    Text, TrustProfile, ValidationError,
};
use serde_json::{Map, Value};

/// One step of a path into the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

pub type Path = Vec<Seg>;

/// A path as the API names fields: `badges[2].level`.
pub fn path_name(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The value at `path`, if there is one.
pub fn get<'a>(value: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(*k),
        Seg::Index(i) => v.get(*i),
    })
}

/// Sets (or with `None` removes) the value at `path`, making the objects on the way. An
/// object left empty by a removal is removed too: an optional part the member emptied
/// (a contact, the NDA) is left out, as a profile file would.
pub fn set(root: &mut Value, path: &[Seg], new: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    if new.is_none() && get(root, path).is_none() {
        return;
    }
    let mut at = &mut *root;
    for seg in parents {
        at = match seg {
            Seg::Key(k) => {
                if !at.is_object() {
                    *at = Value::Object(Map::new());
                }
                at.as_object_mut()
                    .expect("an object")
                    .entry(*k)
                    .or_insert_with(|| Value::Object(Map::new()))
            }
            Seg::Index(i) => match at.get_mut(*i) {
                Some(item) => item,
                None => return,
            },
        };
    }
    match (last, new) {
        (Seg::Key(k), Some(v)) => {
            if !at.is_object() {
                *at = Value::Object(Map::new());
            }
            at.as_object_mut()
                .expect("an object")
                .insert((*k).into(), v);
        }
        (Seg::Key(k), None) => {
            if let Some(object) = at.as_object_mut() {
                object.remove(*k);
            }
        }
        (Seg::Index(i), Some(v)) => {
            if let Some(slot) = at.get_mut(*i) {
                *slot = v;
            }
        }
        (Seg::Index(_), None) => {}
    }
    prune(root, parents);
}

/// Removes the empty objects along `path`, deepest first, up to (not including) the root
/// or a list's item.
fn prune(root: &mut Value, path: &[Seg]) {
    for end in (1..=path.len()).rev() {
        let (parent, last) = (&path[..end - 1], path[end - 1]);
        let Seg::Key(key) = last else {
            return;
        };
        let empty =
            get(root, &path[..end]).is_some_and(|v| v.as_object().is_some_and(Map::is_empty));
        if !empty {
            return;
        }
        if let Some(object) = get_mut(root, parent).and_then(Value::as_object_mut) {
            object.remove(key);
        }
    }
}

pub fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(*k),
        Seg::Index(i) => v.get_mut(*i),
    })
}

/// What a field's input is and how its text becomes the draft's value.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// One line of text.
    Line,
    /// A paragraph.
    Long,
    /// Paragraphs and lists, written as plain text (a blank line between paragraphs, `- `
    /// before list items), as in a profile file.
    Body,
    /// A list of short texts, one per line.
    Lines,
    /// One of the wire names.
    Choice(&'static [&'static str]),
    /// Any number of the wire names.
    Choices(&'static [&'static str]),
    /// A whole number of hours or days.
    Number,
    /// Shown, not edited (the organisation's slug is its address).
    Fixed,
    /// A list of objects inside an item, such as a practice section's items.
    Items(&'static [Field]),
    /// An uploaded logo, by the name its upload answered: chosen as a file, not typed.
    Logo,
}

/// Checks a field's value as `core` reads it; `Err` carries `core`'s message.
pub type Check = fn(&Json) -> Result<(), ValidationError>;

/// One field of the profile.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub check: Check,
}

fn is<T: FromJson>(value: &Json) -> Result<(), ValidationError> {
    T::from_json(value).map(drop)
}

fn body(value: &Json) -> Result<(), ValidationError> {
    match value {
        Json::String(text) => Body::parse(text).map(drop),
        other => Body::from_json(other).map(drop),
    }
}

fn nothing(_: &Json) -> Result<(), ValidationError> {
    Ok(())
}

const fn field(key: &'static str, kind: Kind, check: Check) -> Field {
    Field {
        key,
        kind,
        required: false,
        check,
    }
}

const fn required(key: &'static str, kind: Kind, check: Check) -> Field {
    Field {
        key,
        kind,
        required: true,
        check,
    }
}

pub const FRAMEWORKS: &[&str] = &[
    "soc2_type1",
    "soc2_type2",
    "iso27001",
    "iso27701",
    "pci_dss",
    "fisma",
    "sox",
    "hipaa",
    "gdpr",
    "ccpa",
    "custom",
];
const BADGE_STATUSES: &[&str] = &["compliant", "in_progress", "planned"];
const SCOPES: &[&str] = &["organization", "inherited"];
const FREQUENCIES: &[&str] = &[
    "continuous",
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
];
pub const CATEGORIES: &[&str] = &[
    "product_security",
    "data_security",
    "privacy",
    "incident_response",
    "availability",
    "organizational",
    "business_continuity",
    "infrastructure",
    "threat_management",
    "secure_development",
];
const ACCESS: &[&str] = &["public", "on_request", "nda"];
const ROADMAP_STATUSES: &[&str] = &["planned", "in_progress", "done"];
const JURISDICTIONS: &[&str] = &["gdpr", "uk_gdpr", "ccpa", "other"];

const NAME: Check = is::<Name>;
const PARAGRAPH: Check = is::<Paragraph>;
const LINK: Check = is::<Link>;
const COLOUR: Check = is::<Colour>;
const EMAIL: Check = is::<Email>;
const DATE: Check = is::<Date>;
const NUMBER: Check = is::<u32>;
const BODY: Check = body;

const PRACTICE_ITEM: &[Field] = &[
    field("title", Kind::Line, NAME),
    field("body", Kind::Body, BODY),
    field("tools", Kind::Lines, is::<Vec<Name>>),
];

const POLICY_ENTRY: &[Field] = &[
    required("title", Kind::Line, NAME),
    required("description", Kind::Long, PARAGRAPH),
];

/// How a section lays out its part of the profile.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// Fields of the object at `at` (the root when empty), under an optional heading.
    Fields {
        at: &'static [&'static str],
        fields: &'static [Field],
    },
    /// The list at `key`, each item with `fields`, titled by its `title` field.
    List {
        key: &'static str,
        fields: &'static [Field],
        title: &'static str,
    },
}

/// A section of the editor: its id (also the key of its label) and its parts.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    pub id: &'static str,
    pub parts: &'static [Part],
}

pub const SECTIONS: &[Section] = &[
    Section {
        id: "organisation",
        parts: &[
            Part::Fields {
                at: &[],
                fields: &[
                    required("org", Kind::Fixed, nothing),
                    required("name", Kind::Line, NAME),
                    field("tagline", Kind::Long, PARAGRAPH),
                    field("website", Kind::Line, LINK),
                    field("logo", Kind::Line, LINK),
                    required("languages", Kind::Lines, is::<Vec<LanguageTag>>),
                    field("lastUpdated", Kind::Line, DATE),
                ],
            },
            // The organisation's logo and colours: the colours both, or neither (the
            // widget's own); `core` says which one is missing.
            Part::Fields {
                at: &["brand"],
                fields: &[
                    field("logo", Kind::Logo, is::<LogoFile>),
                    field("accent", Kind::Line, COLOUR),
                    field("accentText", Kind::Line, COLOUR),
                ],
            },
        ],
    },
    Section {
        id: "badges",
        parts: &[Part::List {
            key: "badges",
            title: "framework",
            fields: &[
                required("framework", Kind::Choice(FRAMEWORKS), nothing),
                field("name", Kind::Line, NAME),
                field("level", Kind::Line, NAME),
                required("status", Kind::Choice(BADGE_STATUSES), nothing),
                field("scope", Kind::Choice(SCOPES), nothing),
                field("provider", Kind::Line, NAME),
                field("description", Kind::Long, PARAGRAPH),
                field("issued", Kind::Line, DATE),
                field("expires", Kind::Line, DATE),
                field("document", Kind::Line, is::<Identifier>),
            ],
        }],
    },
    Section {
        id: "commitments",
        parts: &[Part::Fields {
            at: &["commitments"],
            fields: &[
                field("breachNotificationHours", Kind::Number, NUMBER),
                field("vulnerabilityAcknowledgementHours", Kind::Number, NUMBER),
                field("coordinatedDisclosureDays", Kind::Number, NUMBER),
                field("backupFrequency", Kind::Choice(FREQUENCIES), nothing),
                field(
                    "securityTrainingFrequency",
                    Kind::Choice(FREQUENCIES),
                    nothing,
                ),
            ],
        }],
    },
    Section {
        id: "practices",
        parts: &[Part::List {
            key: "practices",
            title: "category",
            fields: &[
                required("category", Kind::Choice(CATEGORIES), nothing),
                field("title", Kind::Line, NAME),
                field("intro", Kind::Body, BODY),
                field("items", Kind::Items(PRACTICE_ITEM), nothing),
            ],
        }],
    },
    Section {
        id: "subprocessors",
        parts: &[Part::List {
            key: "subprocessors",
            title: "name",
            fields: &[
                required("name", Kind::Line, NAME),
                required("purpose", Kind::Long, PARAGRAPH),
                field("location", Kind::Line, NAME),
                field("website", Kind::Line, LINK),
                field("dataCategories", Kind::Lines, is::<Vec<Name>>),
                field("since", Kind::Line, DATE),
                field("plannedFrom", Kind::Line, DATE),
            ],
        }],
    },
    Section {
        id: "documents",
        parts: &[Part::List {
            key: "documents",
            title: "title",
            fields: &[
                required("id", Kind::Line, is::<Identifier>),
                required("title", Kind::Line, NAME),
                field("description", Kind::Long, PARAGRAPH),
                required("access", Kind::Choice(ACCESS), nothing),
                field("url", Kind::Line, LINK),
            ],
        }],
    },
    Section {
        id: "faqs",
        parts: &[Part::List {
            key: "faqs",
            title: "question",
            fields: &[
                required("question", Kind::Line, is::<Text<300>>),
                required("answer", Kind::Long, PARAGRAPH),
                required("category", Kind::Line, is::<Topic>),
            ],
        }],
    },
    Section {
        id: "roadmap",
        parts: &[Part::List {
            key: "roadmap",
            title: "title",
            fields: &[
                required("title", Kind::Line, NAME),
                field("description", Kind::Long, PARAGRAPH),
                required("status", Kind::Choice(ROADMAP_STATUSES), nothing),
                field("target", Kind::Line, is::<Quarter>),
            ],
        }],
    },
    Section {
        id: "resources",
        parts: &[Part::List {
            key: "resources",
            title: "title",
            fields: &[
                required("title", Kind::Line, NAME),
                field("description", Kind::Long, PARAGRAPH),
                required("url", Kind::Line, LINK),
                required("category", Kind::Line, is::<Topic>),
            ],
        }],
    },
    Section {
        id: "policies",
        parts: &[
            Part::Fields {
                at: &["vulnerabilityDisclosure"],
                fields: &[
                    field("intro", Kind::Body, BODY),
                    field("policyUrl", Kind::Line, LINK),
                    field("contact", Kind::Line, EMAIL),
                    field("scope", Kind::Body, BODY),
                    field("rulesIntro", Kind::Long, PARAGRAPH),
                    field("rules", Kind::Lines, is::<Vec<Paragraph>>),
                    field("commitmentsIntro", Kind::Long, PARAGRAPH),
                    field("ourCommitments", Kind::Lines, is::<Vec<Paragraph>>),
                    field("rewards", Kind::Long, PARAGRAPH),
                    field("hallOfFame", Kind::Line, NAME),
                    field("hallOfFameUrl", Kind::Line, LINK),
                    field("assessment", Kind::Body, BODY),
                    field("reportContentsIntro", Kind::Long, PARAGRAPH),
                    field("reportContents", Kind::Lines, is::<Vec<Paragraph>>),
                ],
            },
            Part::Fields {
                at: &["privacyPolicy"],
                fields: &[
                    field("intro", Kind::Body, BODY),
                    field("collected", Kind::Items(POLICY_ENTRY), nothing),
                    field("purposes", Kind::Items(POLICY_ENTRY), nothing),
                    field("manageAndDelete", Kind::Body, BODY),
                    field("url", Kind::Line, LINK),
                ],
            },
            Part::Fields {
                at: &["privacyRequests"],
                fields: &[
                    field("jurisdictions", Kind::Choices(JURISDICTIONS), nothing),
                    field("retentionDays", Kind::Number, NUMBER),
                ],
            },
            Part::Fields {
                at: &["nda"],
                fields: &[
                    required("version", Kind::Line, is::<Identifier>),
                    required("text", Kind::Body, BODY),
                    field("url", Kind::Line, LINK),
                ],
            },
        ],
    },
    Section {
        id: "contacts",
        parts: &[
            Part::Fields {
                at: &["contacts", "security"],
                fields: CONTACT,
            },
            Part::Fields {
                at: &["contacts", "privacy"],
                fields: CONTACT,
            },
            Part::Fields {
                at: &["contacts", "dpo"],
                fields: CONTACT,
            },
        ],
    },
    Section {
        id: "origins",
        parts: &[Part::Fields {
            at: &[],
            fields: &[field("allowedOrigins", Kind::Lines, is::<Vec<Origin>>)],
        }],
    },
];

const CONTACT: &[Field] = &[
    field("name", Kind::Line, NAME),
    field("email", Kind::Line, EMAIL),
    field("url", Kind::Line, LINK),
];

/// The text an input shows for a value of the draft.
pub fn shown(kind: Kind, value: Option<&Value>) -> String {
    match (kind, value) {
        (_, None | Some(Value::Null)) => String::new(),
        (_, Some(Value::String(s))) => s.clone(),
        (Kind::Lines, Some(Value::Array(items))) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (Kind::Body, Some(blocks @ Value::Array(_))) => body_text(blocks),
        (_, Some(other)) => other.to_string(),
    }
}

/// A body's blocks as the plain text a member edits: paragraphs apart by a blank line,
/// `- ` and `1. ` before list items.
pub fn body_text(blocks: &Value) -> String {
    let line = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    blocks
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|block| {
            if let Some(text) = block.get("paragraph") {
                line(text)
            } else if let Some(items) = block.get("bullets").and_then(Value::as_array) {
                items
                    .iter()
                    .map(|i| format!("- {}", line(i)))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else if let Some(items) = block.get("numbered").and_then(Value::as_array) {
                items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {}", n + 1, line(i)))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                String::new()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The draft's value for what a member typed: `None` leaves an optional field out; a
/// required one keeps its empty text, which its check then calls required — except in an
/// optional part (the NDA), where emptying every field leaves the part out. A number that
/// is not one stays text, so its check can say so.
pub fn typed_in(field: &Field, text: &str, optional_part: bool) -> Option<Value> {
    match typed(field, text) {
        Some(Value::String(s)) if optional_part && s.trim().is_empty() => None,
        other => other,
    }
}

pub fn typed(field: &Field, text: &str) -> Option<Value> {
    let trimmed = text.trim();
    match field.kind {
        Kind::Lines => {
            let items: Vec<Value> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Value::String(l.to_owned()))
                .collect();
            (!items.is_empty() || field.required).then_some(Value::Array(items))
        }
        Kind::Number if trimmed.is_empty() => None,
        Kind::Number => Some(
            trimmed
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(trimmed.to_owned())),
        ),
        _ if text.is_empty() && !field.required => None,
        _ => Some(Value::String(text.to_owned())),
    }
}

/// `core`'s message for the value of `field`, if it breaks a rule of its type.
pub fn check_field(field: &Field, value: Option<&Value>) -> Option<String> {
    let value = match value {
        None | Some(Value::Null) if field.required => {
            return Some(ValidationError::Required { field: "".into() }.message())
        }
        None | Some(Value::Null) => return None,
        Some(value) => value,
    };
    if matches!(field.kind, Kind::Fixed | Kind::Items(_)) {
        return None;
    }
    let json = Json::parse(&value.to_string()).ok()?;
    match (field.check)(&json) {
        Ok(()) => None,
        Err(error) => Some(describe(&error)),
    }
}

/// An error found inside a field's value (a list's third line) says where.
fn describe(error: &ValidationError) -> String {
    let at = error.field();
    match at.strip_prefix('[').and_then(|r| r.split(']').next()) {
        Some(index) => match index.parse::<usize>() {
            Ok(i) => format!("line {}: {}", i + 1, error.message()),
            Err(_) => error.message(),
        },
        None => error.message(),
    }
}

/// The rules across fields, as the edge checks them on a save: by path. Empty while a
/// field still breaks its own rule (that field says so first).
pub fn check_profile(draft: &Value) -> Result<Vec<(String, String)>, String> {
    let profile: TrustProfile = serde_json::from_value(draft.clone()).map_err(|e| e.to_string())?;
    Ok(match profile.check() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|e| (e.field().to_owned(), e.message()))
            .collect(),
    })
}

/// A field that breaks its type's rule: where, which, and `core`'s message.
pub struct FieldProblem {
    pub path: Path,
    pub field: Field,
    pub message: String,
}

/// Every field error of the draft, field by field, by path.
#[cfg(test)]
pub fn field_errors(draft: &Value) -> Vec<(String, String)> {
    field_problems(draft)
        .into_iter()
        .map(|p| (path_name(&p.path), p.message))
        .collect()
}

pub fn field_problems(draft: &Value) -> Vec<FieldProblem> {
    fields_in(draft)
        .into_iter()
        .filter_map(|(path, field)| {
            let message = check_field(&field, get(draft, &path))?;
            Some(FieldProblem {
                path,
                field,
                message,
            })
        })
        .collect()
}

/// Every field of the draft with its path, in the forms' order: the root's and each
/// part's (an optional part only when it is there), each list item's, and those of the
/// items nested in them (a practice section's practices).
pub fn fields_in(draft: &Value) -> Vec<(Path, Field)> {
    let mut found = Vec::new();
    for section in SECTIONS {
        for part in section.parts {
            match part {
                Part::Fields { at, fields } => {
                    let base: Path = at.iter().map(|k| Seg::Key(k)).collect();
                    if at.is_empty() || get(draft, &base).is_some() {
                        fields_of(draft, &base, fields, &mut found);
                    }
                }
                Part::List { key, fields, .. } => {
                    items_of(draft, &[Seg::Key(key)], fields, &mut found)
                }
            }
        }
    }
    found
}

fn items_of(draft: &Value, list: &[Seg], fields: &[Field], found: &mut Vec<(Path, Field)>) {
    let len = get(draft, list)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    for i in 0..len {
        let mut item = list.to_vec();
        item.push(Seg::Index(i));
        fields_of(draft, &item, fields, found);
    }
}

fn fields_of(draft: &Value, base: &[Seg], fields: &[Field], found: &mut Vec<(Path, Field)>) {
    for field in fields {
        let mut path = base.to_vec();
        path.push(Seg::Key(field.key));
        match field.kind {
            Kind::Items(inner) => items_of(draft, &path, inner, found),
            _ => found.push((path, *field)),
        }
    }
}

/// A value its field's type reads, unlike any other in the draft: what stands in for a
/// field in error while the rules across fields are checked.
fn stand_in(field: &Field, n: usize) -> Option<Value> {
    let candidates = match field.kind {
        Kind::Lines | Kind::Choices(_) => vec![Value::Array(Vec::new())],
        Kind::Number => vec![Value::from(1)],
        _ => [
            format!("placeholder {n}"),
            format!("https://placeholder-{n}.invalid"),
            format!("placeholder-{n}@placeholder.invalid"),
            "2000-01-01".to_owned(),
            "2000-Q1".to_owned(),
            format!("placeholder-{n}"),
            "en".to_owned(),
            "0000000000000000.svg".to_owned(),
        ]
        .into_iter()
        .map(Value::String)
        .collect(),
    };
    candidates
        .into_iter()
        .find(|c| check_field(field, Some(c)).is_none())
}

/// The rules across fields, as the edge checks them on a save, by path — checked even while
/// some fields break their own rule: each of those stands in with a value its type reads,
/// and what the rules then say of those fields is left to their own messages.
pub fn check_across(
    draft: &Value,
    problems: &[FieldProblem],
) -> Result<Vec<(String, String)>, String> {
    let mut stood_in = draft.clone();
    for (n, problem) in problems.iter().enumerate() {
        set(&mut stood_in, &problem.path, stand_in(&problem.field, n));
    }
    let shown: Vec<String> = problems.iter().map(|p| path_name(&p.path)).collect();
    Ok(check_profile(&stood_in)?
        .into_iter()
        .filter(|(path, _)| !shown.contains(path))
        .collect())
}

/// The draft as the editor keeps it: as served. A body stays in its blocks until the
/// member edits it (then it is the plain text they typed), so a body nobody touched is
/// saved exactly as it was.
pub fn editable(profile: Value) -> Value {
    profile
}

/// The draft with every body as the plain text a member writes: the profile file's form.
pub fn text_bodies(mut profile: Value) -> Value {
    for (path, field) in fields_in(&profile) {
        if let (Kind::Body, Some(blocks @ Value::Array(_))) = (field.kind, get(&profile, &path)) {
            let text = body_text(blocks);
            set(&mut profile, &path, Some(Value::String(text)));
        }
    }
    profile
}

/// A new item of a list: its required choices set to their first option, its required
/// texts empty (for the member to fill in).
pub fn new_item(fields: &[Field]) -> Value {
    let mut item = Map::new();
    for field in fields.iter().filter(|f| f.required) {
        let value = match field.kind {
            Kind::Choice(options) => Value::String(options[0].to_owned()),
            Kind::Lines | Kind::Items(_) | Kind::Choices(_) => Value::Array(Vec::new()),
            _ => Value::String(String::new()),
        };
        item.insert(field.key.to_owned(), value);
    }
    Value::Object(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_is_checked_by_its_core_type() {
        let name = SECTIONS[0].parts[0];
        let Part::Fields { fields, .. } = name else {
            panic!()
        };
        let website = fields.iter().find(|f| f.key == "website").unwrap();
        assert!(check_field(website, Some(&json!("javascript:alert(1)"))).is_some());
        assert!(check_field(website, Some(&json!("https://example.com"))).is_none());
        let name = fields.iter().find(|f| f.key == "name").unwrap();
        assert_eq!(check_field(name, Some(&json!(""))).unwrap(), "is required");
    }

    #[test]
    fn emptied_optional_parts_are_left_out() {
        let mut draft = json!({ "org": "x", "contacts": { "security": { "email": "a@b.c" } } });
        let path = [
            Seg::Key("contacts"),
            Seg::Key("security"),
            Seg::Key("email"),
        ];
        set(&mut draft, &path, None);
        assert_eq!(draft, json!({ "org": "x" }));
    }

    #[test]
    fn bodies_round_trip_through_their_text() {
        let blocks = json!([{ "paragraph": "One." }, { "bullets": ["a", "b"] }]);
        assert_eq!(body_text(&blocks), "One.\n\n- a\n- b");
    }
}
