//! The one error type for values that break a rule, carrying the field it was found in.

use std::borrow::Cow;

/// A value broke a rule. `field` is the path of the offending field as the API and the
/// forms name it (`org`, `badges[2].name`), so a client can show the message beside it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("{field}: is required")]
    Required { field: Cow<'static, str> },
    #[error("{field}: must be at most {max} characters")]
    TooLong {
        field: Cow<'static, str>,
        max: usize,
    },
    #[error("{field}: {reason}")]
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

    /// The same error, found inside a containing value: `name` becomes `badges[2].name`.
    pub fn within(self, prefix: &str) -> Self {
        let nest = |field: Cow<'static, str>| Cow::Owned(format!("{prefix}.{field}"));
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
