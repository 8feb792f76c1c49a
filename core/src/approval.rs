//! How an organisation's document requests are decided when no member decides them: by
//! the requester's e-mail domain (exactly, or `*.example.com` for a domain and every
//! domain under it), free-mail addresses refused unless the organisation turns that off,
//! and everything else left for review. Each automatic decision names its rule, which the
//! audit log keeps.

use std::borrow::Cow;

use crate::ValidationError;

/// What a rule decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleDecision {
    /// Granted at once, for the rules' `grantDays`.
    Approve,
    /// Refused at once.
    Deny,
    /// Left for a member to decide.
    Review,
}

/// A rule for one domain pattern.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomainRule {
    /// `example.com`, or `*.example.com` for example.com and every domain under it (any
    /// case; stored in lower case).
    #[cfg_attr(
        feature = "schema",
        schemars(extend(
            "pattern" = r"^ *(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])? *$",
            "maxLength" = 253
        ))
    )]
    pub domain: String,
    pub decision: RuleDecision,
}

/// An organisation's approval rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApprovalRules {
    /// Checked before anything else; the most specific pattern that matches decides. Each
    /// pattern once.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub domains: Vec<DomainRule>,
    /// Refuse addresses at free-mail providers (gmail.com, outlook.com…) that no domain
    /// rule names. On unless turned off.
    #[serde(default = "yes")]
    pub refuse_free_mail: bool,
    /// A requester who accepted the NDA in force within the last 12 months is not asked
    /// to accept it again.
    #[serde(default = "yes")]
    pub remember_nda: bool,
    /// The days an automatic approval grants access for (1 to 90).
    #[serde(default = "thirty", deserialize_with = "whole_days")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 90)))]
    pub grant_days: u32,
}

/// A whole number of days as JSON may write it (`30` or `30.0`); anything else, or one
/// out of range, is refused with the field named.
fn whole_days<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let n = <f64 as serde::Deserialize>::deserialize(deserializer)?;
    if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
        Ok(n as u32)
    } else {
        Err(serde::de::Error::custom("must be a whole number of days"))
    }
}

/// An optional whole number as JSON may write it (`30` or `30.0`): for the days an
/// approval or a renewal grants, which `grant_days` then checks.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    let n = <Option<f64> as serde::Deserialize>::deserialize(deserializer)?;
    match n {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => Ok(Some(n as i64)),
        Some(_) => Err(serde::de::Error::custom("must be a whole number of days")),
    }
}

fn yes() -> bool {
    true
}

fn thirty() -> u32 {
    DEFAULT_GRANT_DAYS
}

/// How long a grant lasts unless the approver says otherwise.
pub const DEFAULT_GRANT_DAYS: u32 = 30;
/// The longest a grant may last (and be renewed for at a time).
pub const MAX_GRANT_DAYS: u32 = 90;
/// How many domain rules an organisation may have.
pub const MAX_DOMAIN_RULES: usize = 100;
/// How long an accepted NDA is remembered, in seconds.
pub const NDA_REMEMBERED_SECONDS: i64 = 365 * 86_400;

impl Default for ApprovalRules {
    fn default() -> Self {
        Self {
            domains: Vec::new(),
            refuse_free_mail: true,
            remember_nda: true,
            grant_days: DEFAULT_GRANT_DAYS,
        }
    }
}

/// An automatic decision and the rule that made it, in words for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub decision: RuleDecision,
    pub rule: String,
}

/// The grant's length an approver asked for: 1 to 90 days, 30 when not given.
pub fn grant_days(days: Option<i64>) -> Result<u32, ValidationError> {
    match days {
        None => Ok(DEFAULT_GRANT_DAYS),
        Some(d) if (1..=MAX_GRANT_DAYS as i64).contains(&d) => Ok(d as u32),
        Some(_) => Err(ValidationError::Invalid {
            field: "days".into(),
            reason: "must be a whole number of days from 1 to 90".into(),
        }),
    }
}

impl ApprovalRules {
    /// The rules as they are stored: patterns in lower case, each checked; errors name
    /// each field (`domains[2].domain`), all at once.
    pub fn checked(mut self) -> Result<Self, Vec<ValidationError>> {
        let mut errors = Vec::new();
        if self.domains.len() > MAX_DOMAIN_RULES {
            errors.push(ValidationError::Invalid {
                field: "domains".into(),
                reason: "may hold at most 100 rules".into(),
            });
        }
        for i in 0..self.domains.len() {
            let pattern = self.domains[i].domain.trim().to_ascii_lowercase();
            let field = || Cow::Owned(format!("domains[{i}].domain"));
            if let Err(reason) = check_pattern(&pattern) {
                errors.push(ValidationError::Invalid {
                    field: field(),
                    reason: reason.into(),
                });
            } else if self.domains[..i]
                .iter()
                .any(|earlier| earlier.domain == pattern)
            {
                errors.push(ValidationError::Invalid {
                    field: field(),
                    reason: "is named by an earlier rule".into(),
                });
            }
            self.domains[i].domain = pattern;
        }
        if !(1..=MAX_GRANT_DAYS).contains(&self.grant_days) {
            errors.push(ValidationError::Invalid {
                field: "grantDays".into(),
                reason: "must be from 1 to 90".into(),
            });
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// What the rules decide for a request from `email` (a checked address), and which
    /// rule decided; `None` when no rule speaks (a member decides).
    pub fn decide(&self, email: &str) -> Option<Decided> {
        let domain = email.rsplit_once('@')?.1.trim().to_ascii_lowercase();
        let best = self
            .domains
            .iter()
            .filter_map(|rule| specificity(&rule.domain, &domain).map(|s| (s, rule)))
            .max_by_key(|(s, _)| *s);
        if let Some((_, rule)) = best {
            return Some(Decided {
                decision: rule.decision,
                rule: format!("domain {}", rule.domain),
            });
        }
        if self.refuse_free_mail && is_free_mail(&domain) {
            return Some(Decided {
                decision: RuleDecision::Deny,
                rule: "free-mail domains refused".into(),
            });
        }
        None
    }
}

/// How closely `pattern` matches `domain`: an exact name beats any wildcard, a longer
/// wildcard a shorter one; `None` when it does not match.
fn specificity(pattern: &str, domain: &str) -> Option<usize> {
    match pattern.strip_prefix("*.") {
        Some(base) if domain == base || domain.ends_with(&format!(".{base}")) => Some(base.len()),
        Some(_) => None,
        None if pattern == domain => Some(usize::MAX),
        None => None,
    }
}

fn check_pattern(pattern: &str) -> Result<(), &'static str> {
    let base = pattern.strip_prefix("*.").unwrap_or(pattern);
    if base.is_empty() {
        return Err("is required");
    }
    if base.len() > 253 {
        return Err("is longer than a domain name can be");
    }
    let labels: Vec<&str> = base.split('.').collect();
    if labels.len() < 2 {
        return Err("must be a domain with a dot in it, like example.com or *.example.com");
    }
    for label in labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            return Err(
                "must be a domain like example.com, or *.example.com for it and every domain under it (letters, digits and hyphens; international names in their xn-- form)",
            );
        }
    }
    Ok(())
}

/// Crockford's base 32: no I, L, O or U, so a reference read off a printed page is
/// typed back right.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A grant's reference from 40 random bits: `7K3Q-9XWM`, printed on every copy.
pub fn grant_reference(random: [u8; 5]) -> String {
    let bits = random.iter().fold(0u64, |acc, b| (acc << 8) | *b as u64);
    let chars: Vec<u8> = (0..8)
        .rev()
        .map(|i| BASE32[((bits >> (i * 5)) & 31) as usize])
        .collect();
    format!(
        "{}-{}",
        std::str::from_utf8(&chars[..4]).expect("ASCII"),
        std::str::from_utf8(&chars[4..]).expect("ASCII")
    )
}

/// A reference as someone typed it (any case, spaces or no hyphen, `O` for zero, `I` or
/// `L` for one): the reference it must be, or `None` when it cannot be one.
pub fn parse_grant_reference(typed: &str) -> Option<String> {
    let mut chars = Vec::with_capacity(8);
    for c in typed.trim().chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !BASE32.contains(&(c as u8)) || chars.len() == 8 {
            return None;
        }
        chars.push(c);
    }
    (chars.len() == 8).then(|| {
        let text: String = chars.into_iter().collect();
        format!("{}-{}", &text[..4], &text[4..])
    })
}

/// Free-mail providers: addresses anyone can have, which say nothing of an employer.
pub const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "hotmail.de",
    "hotmail.it",
    "hotmail.es",
    "live.com",
    "live.co.uk",
    "live.fr",
    "live.nl",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "yahoo.it",
    "yahoo.es",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "web.de",
    "t-online.de",
    "mail.com",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "tutanota.com",
    "tuta.io",
    "fastmail.com",
    "hey.com",
    "qq.com",
    "163.com",
    "126.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "laposte.net",
    "sfr.fr",
    "libero.it",
    "virgilio.it",
    "ziggo.nl",
    "kpnmail.nl",
    "telefonica.net",
];

pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL.contains(&domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(domains: &[(&str, RuleDecision)]) -> ApprovalRules {
        ApprovalRules {
            domains: domains
                .iter()
                .map(|(d, decision)| DomainRule {
                    domain: d.to_string(),
                    decision: *decision,
                })
                .collect(),
            ..ApprovalRules::default()
        }
    }

    #[test]
    fn the_most_specific_domain_rule_decides_and_names_itself() {
        use RuleDecision::*;
        let r = rules(&[
            ("*.example.com", Approve),
            ("contractors.example.com", Review),
            ("*.eu.example.com", Deny),
        ]);
        let decided = |email: &str| r.decide(email).map(|d| (d.decision, d.rule));
        assert_eq!(
            decided("a@example.com"),
            Some((Approve, "domain *.example.com".into()))
        );
        assert_eq!(decided("a@sales.example.com").unwrap().0, Approve);
        assert_eq!(decided("a@contractors.example.com").unwrap().0, Review);
        assert_eq!(
            decided("a@x.eu.example.com"),
            Some((Deny, "domain *.eu.example.com".into()))
        );
        assert_eq!(decided("a@notexample.com"), None);
        assert_eq!(decided("a@Example.COM").unwrap().0, Approve);
    }

    #[test]
    fn free_mail_is_refused_unless_turned_off_or_a_domain_rule_names_it() {
        let mut r = ApprovalRules::default();
        let decided = r.decide("someone@gmail.com").unwrap();
        assert_eq!(decided.decision, RuleDecision::Deny);
        assert_eq!(decided.rule, "free-mail domains refused");
        assert_eq!(r.decide("someone@company.example"), None);
        r.domains.push(DomainRule {
            domain: "gmail.com".into(),
            decision: RuleDecision::Review,
        });
        assert_eq!(
            r.decide("a@gmail.com").unwrap().decision,
            RuleDecision::Review
        );
        r.domains.clear();
        r.refuse_free_mail = false;
        assert_eq!(r.decide("someone@gmail.com"), None);
    }

    #[test]
    fn patterns_are_checked_and_lower_cased_with_every_error_at_once() {
        use RuleDecision::*;
        let r = rules(&[
            ("Example.COM", Approve),
            ("example.com", Deny),
            ("localhost", Approve),
            ("*.", Approve),
            ("bad_domain.com", Approve),
            ("*.ok.example", Deny),
        ]);
        let errors = r.checked().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            [
                "domains[1].domain",
                "domains[2].domain",
                "domains[3].domain",
                "domains[4].domain"
            ]
        );
        let ok = rules(&[(" Example.COM ", Approve)]).checked().unwrap();
        assert_eq!(ok.domains[0].domain, "example.com");
        let long = ApprovalRules {
            grant_days: 91,
            ..ApprovalRules::default()
        };
        assert_eq!(long.checked().unwrap_err()[0].field(), "grantDays");
    }

    #[test]
    fn a_reference_is_eight_characters_read_back_however_it_was_typed() {
        let reference = grant_reference([0xde, 0xad, 0xbe, 0xef, 0x42]);
        assert_eq!(reference.len(), 9);
        assert_eq!(
            parse_grant_reference(&reference).as_deref(),
            Some(reference.as_str())
        );
        let typed = reference.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(
            parse_grant_reference(&typed).as_deref(),
            Some(reference.as_str())
        );
        assert_eq!(grant_reference([0; 5]), "0000-0000");
        assert_eq!(
            parse_grant_reference("iLoO-0000").as_deref(),
            Some("1100-0000")
        );
        assert_eq!(parse_grant_reference("7K3Q-9XW"), None);
        assert_eq!(parse_grant_reference("7K3Q-9XWMM"), None);
        assert_eq!(parse_grant_reference("7K3Q-9XWU"), None);
        assert_eq!(parse_grant_reference("<script>"), None);
    }

    #[test]
    fn days_are_whole_numbers_however_json_writes_them() {
        let rules: ApprovalRules = serde_json::from_str(r#"{"grantDays": 14.0}"#).unwrap();
        assert_eq!(rules.grant_days, 14);
        assert!(serde_json::from_str::<ApprovalRules>(r#"{"grantDays": 14.5}"#).is_err());
        assert!(serde_json::from_str::<ApprovalRules>(r#"{"grantDays": -1}"#).is_err());
    }

    #[test]
    fn a_grant_lasts_thirty_days_unless_one_to_ninety_are_asked_for() {
        assert_eq!(grant_days(None), Ok(30));
        assert_eq!(grant_days(Some(1)), Ok(1));
        assert_eq!(grant_days(Some(90)), Ok(90));
        assert!(grant_days(Some(0)).is_err());
        assert!(grant_days(Some(91)).is_err());
    }
}
