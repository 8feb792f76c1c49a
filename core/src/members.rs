//! Who may do what in an organisation: the permissions every admin route declares, the
//! roles of its members, and the scopes of its API tokens, each a set of permissions.
//! One table (`Role::permissions`), least privilege: a requester's personal data is
//! readable only with `ReadPrivacyRequests`.

/// What an admin route needs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// The draft profile and the published versions.
    ReadContent,
    /// Editing the draft, publishing, restoring a version.
    EditContent,
    /// The privacy inbox, with each requester's personal data.
    ReadPrivacyRequests,
    /// Moving privacy requests along, extending them.
    ManagePrivacyRequests,
    /// Vulnerability reports, opened.
    ReadReports,
    /// Triaging and answering reports.
    ManageReports,
    /// Requests for documents, with the requester's details.
    ReadDocumentRequests,
    /// Approving or denying them.
    DecideDocumentRequests,
    /// The e-mail the edge sent or will send (it holds personal data).
    ReadOutbox,
    /// The audit log (no personal data).
    ReadAudit,
    /// API tokens.
    ManageTokens,
    /// Webhook endpoints.
    ManageWebhooks,
    /// Members, invitations and roles.
    ManageMembers,
    /// The organisation's sign-in settings (single sign-on, two factors required).
    ManageSignIn,
}

crate::every_variant!(Permission {
    ReadContent,
    EditContent,
    ReadPrivacyRequests,
    ManagePrivacyRequests,
    ReadReports,
    ManageReports,
    ReadDocumentRequests,
    DecideDocumentRequests,
    ReadOutbox,
    ReadAudit,
    ManageTokens,
    ManageWebhooks,
    ManageMembers,
    ManageSignIn,
});

impl Permission {
    pub fn key(self) -> &'static str {
        match self {
            Self::ReadContent => "read_content",
            Self::EditContent => "edit_content",
            Self::ReadPrivacyRequests => "read_privacy_requests",
            Self::ManagePrivacyRequests => "manage_privacy_requests",
            Self::ReadReports => "read_reports",
            Self::ManageReports => "manage_reports",
            Self::ReadDocumentRequests => "read_document_requests",
            Self::DecideDocumentRequests => "decide_document_requests",
            Self::ReadOutbox => "read_outbox",
            Self::ReadAudit => "read_audit",
            Self::ManageTokens => "manage_tokens",
            Self::ManageWebhooks => "manage_webhooks",
            Self::ManageMembers => "manage_members",
            Self::ManageSignIn => "manage_sign_in",
        }
    }
}

/// A member's role in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, and the only role that can make or remove owners.
    Owner,
    /// Everything but ownership and the sign-in settings.
    Admin,
    /// The privacy team: privacy requests.
    Privacy,
    /// The security team: vulnerability reports.
    Security,
    /// Trust content: the profile, its documents and who gets them.
    Editor,
    /// Reads the content and the audit log; changes nothing.
    Viewer,
}

crate::every_variant!(Role {
    Owner,
    Admin,
    Privacy,
    Security,
    Editor,
    Viewer
});

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Privacy => "privacy",
            Self::Security => "security",
            Self::Editor => "editor",
            Self::Viewer => "viewer",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The table: what each role may do.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Self::Owner => &Permission::ALL,
            // Everything but how the organisation signs in: whoever sets the identity
            // provider decides who anyone is, so that is the owners' alone.
            Self::Admin => &[
                ReadContent,
                EditContent,
                ReadPrivacyRequests,
                ManagePrivacyRequests,
                ReadReports,
                ManageReports,
                ReadDocumentRequests,
                DecideDocumentRequests,
                ReadOutbox,
                ReadAudit,
                ManageTokens,
                ManageWebhooks,
                ManageMembers,
            ],
            Self::Privacy => &[
                ReadContent,
                ReadPrivacyRequests,
                ManagePrivacyRequests,
                ReadAudit,
            ],
            Self::Security => &[ReadContent, ReadReports, ManageReports, ReadAudit],
            Self::Editor => &[
                ReadContent,
                EditContent,
                ReadDocumentRequests,
                DecideDocumentRequests,
                ReadAudit,
            ],
            Self::Viewer => &[ReadContent, ReadAudit],
        }
    }

    pub fn may(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// The scopes an API token may carry, and what each lets it do: a machine gets the
/// narrowest that serves it. `admin` may do everything.
pub const SCOPES: [(&str, &[Permission]); 5] = [
    ("admin", &Permission::ALL),
    (
        "content:write",
        &[Permission::ReadContent, Permission::EditContent],
    ),
    (
        "requests:read",
        &[
            Permission::ReadPrivacyRequests,
            Permission::ReadReports,
            Permission::ReadDocumentRequests,
        ],
    ),
    (
        "requests:write",
        &[
            Permission::ManagePrivacyRequests,
            Permission::ManageReports,
            Permission::DecideDocumentRequests,
        ],
    ),
    ("outbox:read", &[Permission::ReadOutbox]),
];

/// What a token with `scopes` may do, in the table's order.
pub fn token_permissions<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Vec<Permission> {
    let scopes: Vec<&str> = scopes.into_iter().collect();
    Permission::ALL
        .into_iter()
        .filter(|p| {
            SCOPES
                .iter()
                .any(|(scope, grants)| scopes.contains(scope) && grants.contains(p))
        })
        .collect()
}

/// The narrowest scope that grants `permission` (what a token lacking it should ask for).
pub fn scope_for(permission: Permission) -> &'static str {
    SCOPES
        .iter()
        .rev()
        .find(|(_, grants)| grants.contains(&permission))
        .map_or("admin", |(scope, _)| scope)
}

/// How long what sign-in hands out stays good, in seconds.
pub mod lifetimes {
    /// A session unused for this long ends (one working morning away from the desk).
    pub const SESSION_IDLE: i64 = 2 * 60 * 60;
    /// And every session ends this long after sign-in, used or not.
    pub const SESSION_ABSOLUTE: i64 = 12 * 60 * 60;
    /// A sign-in link sent by e-mail.
    pub const SIGN_IN_LINK: i64 = 15 * 60;
    /// An invitation to join an organisation.
    pub const INVITATION: i64 = 7 * 24 * 60 * 60;
    /// A single sign-on, from leaving for the provider to coming back.
    pub const SSO_FLOW: i64 = 10 * 60;
    /// A passkey ceremony, from its challenge to the authenticator's answer.
    pub const PASSKEY_CHALLENGE: i64 = 5 * 60;

    // A session ends idle before it ends absolutely, or the idle limit means nothing.
    const _: () = assert!(SESSION_IDLE < SESSION_ABSOLUTE);
}

/// How many sign-in attempts an address may make in `ATTEMPT_WINDOW` seconds, per kind
/// (`link`: links asked for; `passkey`, `sso`: failed answers).
pub const ATTEMPTS_PER_WINDOW: u32 = 5;
pub const ATTEMPT_WINDOW: i64 = 15 * 60;

/// A member's address as it is stored and compared: checked, and lowercase (providers
/// and people write the same mailbox in different cases).
pub fn member_email(raw: &str) -> Result<crate::Email, crate::ValidationError> {
    crate::Email::parse(raw.trim().to_lowercase())
}

/// The domain part of an address, lowercase.
pub fn email_domain(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// Whether an address may sign in through single sign-on configured for `allowed`
/// domains (exact, or `*.example.com` for its subdomains, not itself). None: nobody.
pub fn domain_allowed(email: &str, allowed: &[String]) -> bool {
    let domain = email_domain(email).to_ascii_lowercase();
    !domain.is_empty()
        && allowed.iter().any(|rule| {
            let rule = rule.trim().to_ascii_lowercase();
            match rule.strip_prefix("*.") {
                Some(parent) => domain.ends_with(&format!(".{parent}")),
                None => domain == rule,
            }
        })
}

/// The allowed domains as written in the settings: each a host name, or `*.` before one.
pub fn parse_domains(raw: &[String]) -> Result<Vec<String>, crate::ValidationError> {
    let mut domains: Vec<String> = Vec::new();
    for (i, rule) in raw.iter().enumerate() {
        let rule = rule.trim().to_ascii_lowercase();
        let host = rule.strip_prefix("*.").unwrap_or(&rule);
        // An address at the domain is the check the e-mail rules already make.
        if host.is_empty() || crate::Email::parse(format!("x@{host}")).is_err() {
            return Err(crate::ValidationError::Invalid {
                field: format!("allowedDomains[{i}]").into(),
                reason: "must be a domain such as example.com, or *.example.com for its subdomains"
                    .into(),
            });
        }
        if !domains.contains(&rule) {
            domains.push(rule);
        }
    }
    Ok(domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_known_by_their_lowercase_address() {
        assert_eq!(
            member_email(" Ada@Vinterre.Example ").unwrap().as_str(),
            "ada@vinterre.example"
        );
        assert!(member_email("not an address").is_err());
        assert_eq!(email_domain("ada@vinterre.example"), "vinterre.example");
    }

    #[test]
    fn single_sign_on_admits_the_allowed_domains_only() {
        let allowed =
            parse_domains(&["Vinterre.example".into(), "*.wintro.example".into()]).unwrap();
        assert!(domain_allowed("ada@vinterre.example", &allowed));
        assert!(domain_allowed("bo@eu.wintro.example", &allowed));
        // A subdomain rule is not the domain itself, nor a look-alike.
        assert!(!domain_allowed("bo@wintro.example", &allowed));
        assert!(!domain_allowed("eve@evilvinterre.example", &allowed));
        assert!(!domain_allowed("eve@vinterre.example.evil", &allowed));
        assert!(!domain_allowed("ada@vinterre.example", &[]));
        assert!(parse_domains(&["not a domain".into()]).is_err());
        assert!(parse_domains(&["*.".into()]).is_err());
    }

    #[test]
    fn owners_may_do_everything_admins_all_but_sign_in_viewers_nothing_that_changes() {
        for p in Permission::ALL {
            assert!(Role::Owner.may(p), "{p:?}");
            assert_eq!(Role::Admin.may(p), p != Permission::ManageSignIn, "{p:?}");
        }
        for p in Role::Viewer.permissions() {
            assert!(matches!(p, Permission::ReadContent | Permission::ReadAudit));
        }
    }

    #[test]
    fn a_requesters_personal_data_is_for_the_privacy_team_only() {
        let may_read: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may(Permission::ReadPrivacyRequests))
            .collect();
        assert_eq!(may_read, [Role::Owner, Role::Admin, Role::Privacy]);
        // The outbox holds requesters' addresses and messages too.
        assert!(Role::ALL
            .into_iter()
            .filter(|r| r.may(Permission::ReadOutbox))
            .all(|r| matches!(r, Role::Owner | Role::Admin)));
    }

    #[test]
    fn each_team_reaches_its_own_inbox_and_no_other() {
        assert!(Role::Security.may(Permission::ManageReports));
        assert!(!Role::Security.may(Permission::ReadPrivacyRequests));
        assert!(Role::Privacy.may(Permission::ManagePrivacyRequests));
        assert!(!Role::Privacy.may(Permission::ReadReports));
        assert!(Role::Editor.may(Permission::EditContent));
        assert!(!Role::Editor.may(Permission::ManageMembers));
        assert!(!Role::Privacy.may(Permission::ManageTokens));
    }

    #[test]
    fn token_scopes_grant_what_they_always_did() {
        assert_eq!(token_permissions(["admin"]), Permission::ALL);
        assert_eq!(
            token_permissions(["requests:read"]),
            [
                Permission::ReadPrivacyRequests,
                Permission::ReadReports,
                Permission::ReadDocumentRequests
            ]
        );
        // Writing does not bring reading with it.
        assert!(!token_permissions(["requests:write"]).contains(&Permission::ReadPrivacyRequests));
        assert_eq!(token_permissions(["nonsense"]), []);
        assert_eq!(
            scope_for(Permission::ManagePrivacyRequests),
            "requests:write"
        );
        assert_eq!(scope_for(Permission::ReadAudit), "admin");
        assert_eq!(scope_for(Permission::EditContent), "content:write");
    }

    #[test]
    fn role_keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
        }
        assert_eq!(Role::from_key("root"), None);
    }
}
