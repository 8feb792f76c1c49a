//! The one error type for values that break a rule, carrying the field it was found in.

use std::borrow::Cow;

/// A value broke a rule. `field` is the path of the offending field as the API and the
/// forms name it (`org`, `badges[2].name`), so a client can show the message beside it.
///
/// Displayed as `field: message`, or the message alone where the field is not known yet
/// (a value checked while deserialising: the format's error adds the location).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationError {
    Required {
        field: Cow<'static, str>,
    },
    TooLong {
        field: Cow<'static, str>,
        max: usize,
    },
    Invalid {
        field: Cow<'static, str>,
        reason: Cow<'static, str>,
    },
}

impl ValidationError {
    /// The path of the field that broke the rule.
    pub fn field(&self) -> &str {
        match self {
            Self::Required { field }
            | Self::TooLong { field, .. }
            | Self::Invalid { field, .. } => field,
        }
    }

    /// The message without the field name, for showing next to the field itself.
    pub fn message(&self) -> String {
        match self {
            Self::Required { .. } => "is required".to_owned(),
            Self::TooLong { max, .. } => format!("must be at most {max} characters"),
            Self::Invalid { reason, .. } => reason.to_string(),
        }
    }

    /// The same error with its field left for the caller to name.
    pub fn within_unknown_field(self) -> Self {
        match self {
            Self::Required { .. } => Self::Required { field: "".into() },
            Self::TooLong { max, .. } => Self::TooLong {
                field: "".into(),
                max,
            },
            Self::Invalid { reason, .. } => Self::Invalid {
                field: "".into(),
                reason,
            },
        }
    }

    /// The same error, found inside a containing value: `name` within `[2]` within
    /// `badges` becomes `badges[2].name`.
    pub fn within(self, prefix: &str) -> Self {
        let nest = |field: Cow<'static, str>| {
            Cow::Owned(if field.is_empty() {
                prefix.to_owned()
            } else if field.starts_with('[') {
                format!("{prefix}{field}")
            } else {
                format!("{prefix}.{field}")
            })
        };
        match self {
            Self::Required { field } => Self::Required { field: nest(field) },
            Self::TooLong { field, max } => Self::TooLong {
                field: nest(field),
                max,
            },
            Self::Invalid { field, reason } => Self::Invalid {
                field: nest(field),
                reason,
            },
        }
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.field() {
            "" => f.write_str(&self.message()),
            field => write!(f, "{field}: {}", self.message()),
        }
    }
}

impl std::error::Error for ValidationError {}
