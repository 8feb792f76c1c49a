//! Who is signed in: `GET /v1/admin/me`, read once when the console starts and again
//! after a sign-in, a join or a sign-out, shared with every screen through the context.

use attest_core::members::{Permission, Role};
use leptos::prelude::*;
use serde::Deserialize;

use crate::api::{self, Answer};

/// The member signed in, as `GET /v1/admin/me` describes them.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// `member`, or `token` for an API token (which has no use for the console).
    pub kind: String,
    pub name: String,
    /// The member's person id.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub session: Option<CurrentSession>,
    #[serde(default)]
    pub csrf_token: Option<String>,
    #[serde(default)]
    pub organisations: Vec<Membership>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CurrentSession {
    pub id: String,
    pub method: String,
}

/// A member's place in one organisation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub org: String,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub two_factor_required: Option<bool>,
}

impl Me {
    pub fn membership(&self, org: &str) -> Option<&Membership> {
        self.organisations.iter().find(|m| m.org == org)
    }

    /// Whether this session may do `permission` in `org`.
    pub fn may(&self, org: &str, permission: Permission) -> bool {
        self.membership(org)
            .is_some_and(|m| m.permissions.contains(&permission))
    }
}

/// The console's view of the session: `me` loads it, `reload` asks again.
#[derive(Clone, Copy)]
pub struct Session {
    pub me: LocalResource<Answer<Me>>,
}

impl Session {
    pub fn new() -> Self {
        Self {
            me: LocalResource::new(|| async {
                let me = api::get::<Me>("/v1/admin/me").await;
                api::set_csrf_token(me.as_ref().ok().and_then(|m| m.csrf_token.clone()));
                me
            }),
        }
    }

    pub fn reload(&self) {
        self.me.refetch();
    }

    /// The member, once loaded and signed in.
    pub fn member(&self) -> Option<Me> {
        self.me.get().and_then(Result::ok)
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
