//! The team: an organisation's first owner invited at its creation, sign-in by e-mail
//! link, sessions (cookie, CSRF, idle and absolute ends), invitations, roles and removal.
//! Every link is read from the outbox, as a member would read it from their mail.

use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, client_address, header, json, spawn_app, TestApp, PLATFORM_TOKEN,
};

/// A member's browser: the session cookie and the CSRF token its changes carry.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
    pub session: String,
    pub person: String,
}

fn platform() -> String {
    format!("Bearer {PLATFORM_TOKEN}")
}

/// A new organisation with `owner` invited as its first owner: its slug and token.
pub fn new_org(app: &TestApp, owner: &str) -> (String, String) {
    let slug = format!("team-{}", client_address().replace('.', "-"));
    let created = app.post(
        "/v1/admin/orgs",
        &[("authorization", &platform())],
        &json!({ "slug": slug, "name": "Team Test", "owner": owner }),
    );
    assert_eq!(created.status(), 201);
    let created = json(created);
    assert_eq!(created["invitation"]["email"], owner);
    assert_eq!(created["invitation"]["role"], "owner");
    (
        slug,
        created["token"]["secret"].as_str().unwrap().to_owned(),
    )
}

/// A unique address at `domain`.
pub fn address(name: &str, domain: &str) -> String {
    format!("{name}.{}@{domain}", client_address().replace('.', "-"))
}

/// The platform's own mail (sign-in links), newest first.
fn platform_outbox(app: &TestApp) -> Vec<Value> {
    let response = app.get_with(
        "/v1/admin/outbox?limit=500",
        &[("authorization", &platform())],
    );
    assert_eq!(response.status(), 200);
    json(response)["messages"].as_array().unwrap().clone()
}

/// The link `key=` of the newest message to `to` in `messages`, with `purpose`.
fn link_in(messages: &[Value], to: &str, purpose: &str, key: &str) -> Option<String> {
    let message = messages
        .iter()
        .find(|m| m["to"] == to && m["purpose"] == purpose)?;
    let body = message["body"].as_str().unwrap();
    let start = body.find(&format!("?{key}="))? + key.len() + 2;
    Some(
        body[start..]
            .split(|c: char| c.is_whitespace() || c == '&')
            .next()
            .unwrap()
            .to_owned(),
    )
}

/// Asks for a sign-in link for `email` and returns its token, if one was sent.
pub fn ask_link(app: &TestApp, email: &str) -> Option<String> {
    let before = link_in(&platform_outbox(app), email, "sign_in_link", "link");
    let asked = app.post(
        "/v1/auth/email-link",
        &[("cf-connecting-ip", &client_address())],
        &json!({ "email": email }),
    );
    assert_eq!(asked.status(), 202);
    let after = link_in(&platform_outbox(app), email, "sign_in_link", "link");
    (after != before).then_some(after).flatten()
}

fn cookie_of(response: &ureq::http::Response<ureq::Body>) -> String {
    let set = header(response, "set-cookie").to_owned();
    set.split(';').next().unwrap().to_owned()
}

/// Signs in as `email` with an e-mail link.
pub fn sign_in(app: &TestApp, email: &str) -> Browser {
    let token = ask_link(app, email).expect("a sign-in link");
    let response = app.post(
        "/v1/auth/email-link/sign-in",
        &[("cf-connecting-ip", &client_address())],
        &json!({ "token": token }),
    );
    assert_eq!(response.status(), 200);
    let set = header(&response, "set-cookie").to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let cookie = cookie_of(&response);
    let body = json(response);
    Browser {
        cookie,
        csrf: body["csrfToken"].as_str().unwrap().to_owned(),
        session: body["session"].as_str().unwrap().to_owned(),
        person: body["id"].as_str().unwrap().to_owned(),
    }
}

impl Browser {
    /// A call as the console makes it: the cookie, its own origin, the CSRF token.
    pub fn call(
        &self,
        app: &TestApp,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> ureq::http::Response<ureq::Body> {
        let headers = [
            ("cookie", self.cookie.as_str()),
            ("origin", app.address.as_str()),
            ("x-csrf-token", self.csrf.as_str()),
        ];
        match body {
            Some(body) => app.request_json(method, path, &headers, body),
            None => app.request_with(method, path, &headers),
        }
    }

    pub fn me(&self, app: &TestApp) -> ureq::http::Response<ureq::Body> {
        app.get_with("/v1/admin/me", &[("cookie", &self.cookie)])
    }
}

/// The token of the newest invitation to `to` in `org`'s outbox.
pub fn invitation_for(app: &TestApp, org: &str, org_token: &str, to: &str) -> String {
    let token = format!("Bearer {org_token}");
    let response = app.get_with(
        &format!("/v1/admin/orgs/{org}/outbox?limit=500"),
        &[("authorization", &token)],
    );
    let messages = json(response)["messages"].as_array().unwrap().clone();
    link_in(&messages, to, "invitation", "invitation").expect("an invitation e-mail")
}

fn audit(app: &TestApp, org: &str, owner_token: &str) -> Vec<Value> {
    let response = app.get_with(
        &format!("/v1/admin/orgs/{org}/audit?limit=500"),
        &[("authorization", &format!("Bearer {owner_token}"))],
    );
    assert_eq!(response.status(), 200);
    json(response)["entries"].as_array().unwrap().clone()
}

/// The owner, signed in and joined.
pub fn owner_of_new_org(app: &TestApp) -> (String, String, String, Browser) {
    let email = address("owner", "team.example");
    let (org, token) = new_org(app, &email);
    let owner = sign_in(app, &email);
    let invitation = invitation_for(app, &org, &token, &email);
    let joined = owner.call(
        app,
        "POST",
        "/v1/admin/me/invitations",
        Some(&json!({ "token": invitation })),
    );
    assert_eq!(joined.status(), 200);
    assert_eq!(json(joined), json!({ "org": org, "role": "owner" }));
    (org, token, email, owner)
}

/// `email` invited by `owner` to `org` with `role`, signed in and joined.
pub fn join(
    app: &TestApp,
    org: &str,
    org_token: &str,
    owner: &Browser,
    email: &str,
    role: &str,
) -> Browser {
    let made = owner.call(
        app,
        "POST",
        &format!("/v1/admin/orgs/{org}/invitations"),
        Some(&json!({ "email": email, "role": role })),
    );
    assert_eq!(made.status(), 201);
    let browser = sign_in(app, email);
    let invitation = invitation_for(app, org, org_token, email);
    let joined = browser.call(
        app,
        "POST",
        "/v1/admin/me/invitations",
        Some(&json!({ "token": invitation })),
    );
    assert_eq!(joined.status(), 200);
    browser
}

#[test]
fn the_first_owner_joins_by_signing_in_as_the_invited_address() {
    let app = spawn_app();
    let email = address("owner", "team.example");
    let (org, token) = new_org(&app, &email);
    let owner = sign_in(&app, &email);

    // Signed in, but a member of nothing until the invitation is accepted.
    let me = json(owner.me(&app));
    assert_eq!(me["kind"], "member");
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["session"]["method"], "link");
    assert_eq!(me["organisations"], json!([]));
    assert_problem(
        owner.call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None),
        403,
    );

    let invitation = invitation_for(&app, &org, &token, &email);
    let accept = |browser: &Browser| {
        browser.call(
            &app,
            "POST",
            "/v1/admin/me/invitations",
            Some(&json!({ "token": invitation })),
        )
    };
    assert_eq!(accept(&owner).status(), 200);
    // Used twice: gone.
    assert_problem(accept(&owner), 410);

    let me = json(owner.me(&app));
    assert_eq!(me["organisations"][0]["org"], org.as_str());
    assert_eq!(me["organisations"][0]["role"], "owner");
    assert_eq!(
        me["organisations"][0]["permissions"]
            .as_array()
            .unwrap()
            .len(),
        14
    );

    let team = json(owner.call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None));
    assert_eq!(team["members"][0]["email"], email.as_str());
    assert_eq!(team["members"][0]["role"], "owner");
    assert_eq!(team["invitations"][0]["status"], "accepted");

    let entries = audit(&app, &org, &token);
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e["actor"].as_str().unwrap(), e["action"].as_str().unwrap()))
        .collect();
    let me_actor = format!("member:{email}");
    assert!(
        actions.contains(&("platform", "member.invited")),
        "{actions:?}"
    );
    assert!(
        actions.contains(&(me_actor.as_str(), "member.joined")),
        "{actions:?}"
    );
}

#[test]
fn an_invitation_is_for_its_address_only_once_and_for_seven_days() {
    let app = spawn_app();
    let (org, org_token, _, owner) = owner_of_new_org(&app);
    let invite = |email: &str, role: &str| {
        owner.call(
            &app,
            "POST",
            &format!("/v1/admin/orgs/{org}/invitations"),
            Some(&json!({ "email": email, "role": role })),
        )
    };
    let bo = address("bo", "team.example");
    let made = invite(&bo, "privacy");
    assert_eq!(made.status(), 201);
    let made = json(made);
    assert_eq!(made["status"], "pending");
    assert_eq!(
        made["invitedBy"],
        format!("member:{}", json(owner.me(&app))["email"].as_str().unwrap())
    );
    let token = invitation_for(&app, &org, &org_token, &bo);

    // Bad input changes nothing.
    let bad = assert_problem(invite("not an address", "privacy"), 400);
    assert_eq!(bad["errors"][0]["field"], "email");
    let bad = assert_problem(invite(&bo, "root"), 400);
    assert_eq!(bad["errors"][0]["field"], "role");

    // Someone else who holds the link cannot accept it.
    let eve_address = address("eve", "elsewhere.example");
    let eve_invite = invite(&eve_address, "viewer");
    assert_eq!(eve_invite.status(), 201);
    let eve = sign_in(&app, &eve_address);
    let taken = assert_problem(
        eve.call(
            &app,
            "POST",
            "/v1/admin/me/invitations",
            Some(&json!({ "token": token })),
        ),
        403,
    );
    assert!(
        taken["detail"].as_str().unwrap().contains("@team.example"),
        "{taken}"
    );
    // An API token is not a person.
    let by_token = app.request_json(
        "POST",
        "/v1/admin/me/invitations",
        &[(
            "authorization",
            &format!("Bearer {}", app.stack.admin_token.as_str()),
        )],
        &json!({ "token": token }),
    );
    assert_problem(by_token, 401);
    assert_problem(
        eve.call(
            &app,
            "POST",
            "/v1/admin/me/invitations",
            Some(&json!({ "token": "ati_nope" })),
        ),
        404,
    );

    // Expired: gone, and nothing joined.
    let bo_browser = sign_in(&app, &bo);
    app.d1(&format!(
        "UPDATE invitations SET expires_at = 1 WHERE email = '{bo}'"
    ));
    assert_problem(
        bo_browser.call(
            &app,
            "POST",
            "/v1/admin/me/invitations",
            Some(&json!({ "token": token })),
        ),
        410,
    );
    assert_eq!(json(bo_browser.me(&app))["organisations"], json!([]));

    // A new invitation replaces it; an admin may not invite an owner.
    assert_eq!(invite(&bo, "admin").status(), 201);
    let token = invitation_for(&app, &org, &org_token, &bo);
    assert_eq!(
        bo_browser
            .call(
                &app,
                "POST",
                "/v1/admin/me/invitations",
                Some(&json!({ "token": token }))
            )
            .status(),
        200
    );
    let as_admin = bo_browser.call(
        &app,
        "POST",
        &format!("/v1/admin/orgs/{org}/invitations"),
        Some(&json!({ "email": address("cy", "team.example"), "role": "owner" })),
    );
    assert_problem(as_admin, 403);
    // A member already: a conflict, not a second invitation.
    assert_problem(invite(&bo, "viewer"), 409);
}

#[test]
fn a_sign_in_link_works_once_for_fifteen_minutes_and_is_sent_only_to_the_team() {
    let app = spawn_app();
    let (_, _, email, _) = owner_of_new_org(&app);

    // A stranger is answered the same, and sent nothing.
    let stranger = address("stranger", "nowhere.example");
    assert_eq!(ask_link(&app, &stranger), None);
    assert_eq!(
        app.d1(&format!(
            "SELECT COUNT(*) AS n FROM sign_in_links WHERE email = '{stranger}'"
        ))[0]["n"],
        0
    );
    assert_problem(
        app.post("/v1/auth/email-link", &[], &json!({ "email": "no" })),
        400,
    );

    let token = ask_link(&app, &email).unwrap();
    // Kept as a hash only.
    let stored = app.d1("SELECT token_hash FROM sign_in_links");
    assert!(stored.iter().all(|r| r["token_hash"] != token.as_str()));
    let use_it = || {
        app.post(
            "/v1/auth/email-link/sign-in",
            &[("cf-connecting-ip", &client_address())],
            &json!({ "token": token }),
        )
    };
    assert_eq!(use_it().status(), 200);
    assert_problem(use_it(), 410);

    let late = ask_link(&app, &email).unwrap();
    app.d1(&format!(
        "UPDATE sign_in_links SET expires_at = created_at + 900, created_at = created_at - 901 WHERE used_at IS NULL AND email = '{email}'"
    ));
    app.d1(&format!(
        "UPDATE sign_in_links SET expires_at = expires_at - 901 WHERE used_at IS NULL AND email = '{email}'"
    ));
    let answer = app.post(
        "/v1/auth/email-link/sign-in",
        &[("cf-connecting-ip", &client_address())],
        &json!({ "token": late }),
    );
    assert_problem(answer, 410);
    assert_problem(
        app.post("/v1/auth/email-link/sign-in", &[], &json!({ "token": "" })),
        400,
    );
}

#[test]
fn sign_in_links_are_rate_limited_per_address() {
    let app = spawn_app();
    let email = address("busy", "team.example");
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let asked = app.post(
            "/v1/auth/email-link",
            &[("cf-connecting-ip", &client_address())],
            &json!({ "email": email }),
        );
        statuses.push(asked.status().as_u16());
        if asked.status() == 429 {
            let wait: u32 = header(&asked, "retry-after").parse().unwrap();
            assert!((1..=900).contains(&wait), "{wait}");
        }
    }
    assert_eq!(statuses, [202, 202, 202, 202, 202, 429]);
}

#[test]
fn a_session_is_a_hashed_cookie_that_ends_idle_absolutely_or_on_sign_out() {
    let app = spawn_app();
    let (_, _, _, owner) = owner_of_new_org(&app);
    let secret = owner.cookie.split_once('=').unwrap().1.to_owned();
    assert!(secret.starts_with("ats_") && secret.len() == 68);
    assert!(app
        .d1("SELECT token_hash FROM sessions")
        .iter()
        .all(|r| r["token_hash"] != secret.as_str()));

    // A forged cookie, and none.
    assert_problem(
        app.get_with("/v1/admin/me", &[("cookie", "attest_session=ats_forged")]),
        401,
    );
    assert_problem(app.get("/v1/admin/me"), 401);

    let listed = json(owner.call(&app, "GET", "/v1/admin/me/sessions", None));
    assert_eq!(listed["sessions"][0]["id"], owner.session.as_str());
    assert_eq!(listed["sessions"][0]["current"], true);

    // Idle too long.
    let email = json(owner.me(&app))["email"].as_str().unwrap().to_owned();
    let idle = sign_in(&app, &email);
    app.d1(&format!(
        "UPDATE sessions SET last_seen_at = last_seen_at - 7201 WHERE id = '{}'",
        idle.session
    ));
    assert_problem(idle.me(&app), 401);
    // Past its absolute end, however busy.
    let old = sign_in(&app, &email);
    app.d1(&format!(
        "UPDATE sessions SET expires_at = created_at WHERE id = '{}'",
        old.session
    ));
    assert_problem(old.me(&app), 401);

    // Ending another session of one's own, then signing out.
    let other = sign_in(&app, &email);
    let ended = owner.call(
        &app,
        "DELETE",
        &format!("/v1/admin/me/sessions/{}", other.session),
        None,
    );
    assert_eq!(ended.status(), 204);
    assert_problem(other.me(&app), 401);
    assert_problem(
        owner.call(
            &app,
            "DELETE",
            &format!("/v1/admin/me/sessions/{}", other.session),
            None,
        ),
        404,
    );
    let out = owner.call(
        &app,
        "DELETE",
        &format!("/v1/admin/me/sessions/{}", owner.session),
        None,
    );
    assert_eq!(out.status(), 204);
    assert_problem(owner.me(&app), 401);
}

#[test]
fn a_change_made_with_a_session_needs_the_csrf_token_and_the_edges_origin() {
    let app = spawn_app();
    let (org, _, _, owner) = owner_of_new_org(&app);
    let path = format!("/v1/admin/orgs/{org}/invitations");
    let body = json!({ "email": address("dee", "team.example"), "role": "viewer" });
    let without_token = app.request_json(
        "POST",
        &path,
        &[("cookie", &owner.cookie), ("origin", &app.address)],
        &body,
    );
    assert_problem(without_token, 403);
    let wrong_token = app.request_json(
        "POST",
        &path,
        &[
            ("cookie", &owner.cookie),
            ("origin", &app.address),
            ("x-csrf-token", "0000"),
        ],
        &body,
    );
    assert_problem(wrong_token, 403);
    let other_origin = app.request_json(
        "POST",
        &path,
        &[
            ("cookie", &owner.cookie),
            ("origin", "https://evil.example"),
            ("x-csrf-token", &owner.csrf),
        ],
        &body,
    );
    assert_problem(other_origin, 403);
    let no_origin = app.request_json(
        "POST",
        &path,
        &[("cookie", &owner.cookie), ("x-csrf-token", &owner.csrf)],
        &body,
    );
    assert_problem(no_origin, 403);
    // Nothing was invited by any of those.
    let team = json(owner.call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None));
    assert_eq!(team["invitations"].as_array().unwrap().len(), 1);
    assert_eq!(owner.call(&app, "POST", &path, Some(&body)).status(), 201);
}

#[test]
fn roles_reach_their_own_work_and_no_other_organisation() {
    let app = spawn_app();
    let (org, token, _, owner) = owner_of_new_org(&app);
    let privacy = join(
        &app,
        &org,
        &token,
        &owner,
        &address("priya", "team.example"),
        "privacy",
    );
    let security = join(
        &app,
        &org,
        &token,
        &owner,
        &address("sam", "team.example"),
        "security",
    );
    let get = |b: &Browser, path: &str| {
        b.call(&app, "GET", &format!("/v1/admin/orgs/{org}/{path}"), None)
            .status()
    };
    assert_eq!(get(&privacy, "privacy-requests"), 200);
    assert_eq!(get(&security, "security-reports"), 200);
    let denied = assert_problem(
        privacy.call(
            &app,
            "GET",
            &format!("/v1/admin/orgs/{org}/security-reports"),
            None,
        ),
        403,
    );
    assert!(
        denied["detail"].as_str().unwrap().contains("(privacy)"),
        "{denied}"
    );
    assert_eq!(get(&security, "privacy-requests"), 403);
    assert_eq!(get(&privacy, "members"), 403);
    assert_eq!(get(&security, "outbox"), 403);
    // Another organisation's routes.
    assert_problem(
        privacy.call(
            &app,
            "GET",
            "/v1/admin/orgs/vinterre/privacy-requests",
            None,
        ),
        403,
    );

    // Opening a requester's personal data is an audit entry naming the member.
    let entries_before = audit(&app, &org, &token).len();
    let id = format!("req_team_{}", org.replace('-', "_"));
    app.d1(&format!(
        "INSERT INTO privacy_requests (id, org, jurisdiction, kind, status, received_at, due_by, retention_days, status_token_hash)
         VALUES ('{id}', '{org}', 'gdpr', 'access', 'verified', 0, '2030-01-01', 30, 'x')"
    ));
    // Reading the request shows no personal data and is no entry; revealing it is one.
    let read = privacy.call(
        &app,
        "GET",
        &format!("/v1/admin/orgs/{org}/privacy-requests/{id}"),
        None,
    );
    assert_eq!(read.status(), 200);
    assert_eq!(audit(&app, &org, &token).len(), entries_before);
    let opened = privacy.call(
        &app,
        "POST",
        &format!("/v1/admin/orgs/{org}/privacy-requests/{id}/reveal"),
        None,
    );
    assert_eq!(opened.status(), 200);
    let entries = audit(&app, &org, &token);
    assert_eq!(entries.len(), entries_before + 1);
    let me = json(privacy.me(&app));
    assert!(entries
        .iter()
        .any(|e| e["action"] == "privacy_request.personal_data_opened"
            && e["target"] == id.as_str()
            && e["actor"] == format!("member:{}", me["email"].as_str().unwrap())));
}

#[test]
fn owners_stay_owned_and_a_removed_member_is_out_at_once() {
    let app = spawn_app();
    let (org, org_token, _, owner) = owner_of_new_org(&app);
    let owner_id = owner.person.clone();
    // The last owner can neither leave nor be demoted.
    assert_problem(
        owner.call(
            &app,
            "DELETE",
            &format!("/v1/admin/orgs/{org}/members/{owner_id}"),
            None,
        ),
        409,
    );
    assert_problem(
        owner.call(
            &app,
            "PATCH",
            &format!("/v1/admin/orgs/{org}/members/{owner_id}"),
            Some(&json!({ "role": "admin" })),
        ),
        409,
    );

    let admin = join(
        &app,
        &org,
        &org_token,
        &owner,
        &address("ann", "team.example"),
        "admin",
    );
    // An admin may not touch an owner.
    assert_problem(
        admin.call(
            &app,
            "DELETE",
            &format!("/v1/admin/orgs/{org}/members/{owner_id}"),
            None,
        ),
        403,
    );
    // The owner changes the admin's role, then removes them.
    let changed = owner.call(
        &app,
        "PATCH",
        &format!("/v1/admin/orgs/{org}/members/{}", admin.person),
        Some(&json!({ "role": "viewer" })),
    );
    assert_eq!(changed.status(), 200);
    assert_eq!(json(changed)["role"], "viewer");
    assert_eq!(
        admin
            .call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None)
            .status(),
        403
    );
    let removed = owner.call(
        &app,
        "DELETE",
        &format!("/v1/admin/orgs/{org}/members/{}", admin.person),
        None,
    );
    assert_eq!(removed.status(), 204);
    // A member of nothing now: the session ended with the membership.
    assert_problem(admin.me(&app), 401);
    assert_problem(
        admin.call(&app, "GET", &format!("/v1/admin/orgs/{org}/audit"), None),
        401,
    );
}

#[test]
fn sign_in_settings_check_the_provider_seal_the_secret_and_can_require_two_factors() {
    let app = spawn_app();
    let (org, token, _, owner) = owner_of_new_org(&app);
    let path = format!("/v1/admin/orgs/{org}/sign-in");
    let put = |body: Value| owner.call(&app, "PUT", &path, Some(&body));
    let sso = |issuer: &str, secret: Option<&str>, domains: Value| {
        let mut sso =
            json!({ "issuer": issuer, "clientId": "attest-team", "allowedDomains": domains });
        if let Some(secret) = secret {
            sso["clientSecret"] = json!(secret);
        }
        json!({ "sso": sso, "twoFactorRequired": false })
    };
    let issuer = app.stack.idp.issuer.clone();
    let field_of = |response| assert_problem(response, 400)["errors"][0]["field"].clone();
    assert_eq!(
        field_of(put(sso(
            "http://id.example.com",
            Some("s"),
            json!(["team.example"])
        ))),
        "sso.issuer"
    );
    // Nobody answers there: refused before anything is saved.
    assert_eq!(
        field_of(put(sso(
            "http://127.0.0.1:9",
            Some("s"),
            json!(["team.example"])
        ))),
        "sso.issuer"
    );
    assert_eq!(
        field_of(put(sso(&issuer, None, json!(["team.example"])))),
        "sso.clientSecret"
    );
    assert_eq!(
        field_of(put(sso(&issuer, Some("s"), json!([])))),
        "sso.allowedDomains"
    );
    assert_eq!(
        field_of(put(sso(&issuer, Some("s"), json!(["not a domain"])))),
        "sso.allowedDomains[0]"
    );
    // A body that is not the settings changes nothing, rather than clearing them.
    assert_problem(put(json!({ "email": "x" })), 400);

    let saved = put(sso(
        &issuer,
        Some("the-client-secret"),
        json!(["Team.example", "*.team.example"]),
    ));
    assert_eq!(saved.status(), 200);
    let saved = json(saved);
    assert_eq!(saved["sso"]["clientSecretSet"], true);
    assert_eq!(
        saved["sso"]["allowedDomains"],
        json!(["team.example", "*.team.example"])
    );
    assert!(saved["redirectUri"]
        .as_str()
        .unwrap()
        .ends_with("/v1/auth/sso/callback"));
    assert!(!saved.to_string().contains("the-client-secret"));
    let stored = app.d1(&format!(
        "SELECT client_secret_sealed FROM sign_in_settings WHERE org = '{org}'"
    ));
    assert!(!stored[0]["client_secret_sealed"]
        .as_str()
        .unwrap()
        .contains("the-client-secret"));
    // Left out, the stored secret stays, for the same provider and client only: it is
    // never sent to another.
    assert_eq!(
        put(sso(&issuer, None, json!(["team.example"]))).status(),
        200
    );
    let mut other_client = sso(&issuer, None, json!(["team.example"]));
    other_client["sso"]["clientId"] = json!("another-client");
    assert_eq!(field_of(put(other_client)), "sso.clientSecret");

    // Whoever sets the provider decides who anyone is: owners only, signed in.
    let by_token = app.request_json(
        "PUT",
        &path,
        &[("authorization", &format!("Bearer {token}"))],
        &sso(&issuer, Some("s"), json!(["team.example"])),
    );
    assert_problem(by_token, 403);
    let admin = join(
        &app,
        &org,
        &token,
        &owner,
        &address("ada", "team.example"),
        "admin",
    );
    assert_problem(
        admin.call(
            &app,
            "PUT",
            &path,
            Some(&sso(&issuer, Some("s"), json!(["team.example"]))),
        ),
        403,
    );
    assert_problem(admin.call(&app, "GET", &path, None), 403);

    // Two factors required: a session from an e-mail link no longer reaches the org.
    let mut strict = sso(&issuer, None, json!(["team.example"]));
    strict["twoFactorRequired"] = json!(true);
    assert_eq!(put(strict).status(), 200);
    let refused = assert_problem(
        owner.call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None),
        403,
    );
    assert!(
        refused["detail"].as_str().unwrap().contains("passkey"),
        "{refused}"
    );
    let me = json(owner.me(&app));
    assert_eq!(me["organisations"][0]["twoFactorRequired"], true);
    assert_eq!(me["organisations"][0]["permissions"], json!([]));
    // Nor does it add a passkey, which would count as two factors everywhere.
    assert_problem(
        owner.call(&app, "POST", "/v1/admin/me/passkeys/options", None),
        403,
    );
    // Tokens are for machines, and keep working.
    let by_token = app.get_with(&path, &[("authorization", &format!("Bearer {token}"))]);
    assert_eq!(by_token.status(), 200);
    let entries = audit(&app, &org, &token);
    assert!(
        entries
            .iter()
            .filter(|e| e["action"] == "sign_in.settings_changed")
            .count()
            >= 3
    );
}

#[test]
fn a_session_from_one_organisations_single_sign_on_counts_there_only() {
    let app = spawn_app();
    let (org, _, _, owner) = owner_of_new_org(&app);
    // As if another organisation's provider had vouched for this person.
    app.d1(&format!(
        "UPDATE sessions SET method = 'sso', sso_org = 'wintro' WHERE id = '{}'",
        owner.session
    ));
    let refused = assert_problem(
        owner.call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None),
        403,
    );
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("single sign-on"),
        "{refused}"
    );
    let me = json(owner.me(&app));
    assert_eq!(me["organisations"][0]["org"], org.as_str());
    assert_eq!(me["organisations"][0]["permissions"], json!([]));
    // Nor may it add a passkey that would count everywhere.
    assert_problem(
        owner.call(&app, "POST", "/v1/admin/me/passkeys/options", None),
        403,
    );
    // Its own organisation's provider: there it counts.
    app.d1(&format!(
        "UPDATE sessions SET sso_org = '{org}' WHERE id = '{}'",
        owner.session
    ));
    assert_eq!(
        owner
            .call(&app, "GET", &format!("/v1/admin/orgs/{org}/members"), None)
            .status(),
        200
    );
    assert_eq!(
        owner
            .call(&app, "POST", "/v1/admin/me/passkeys/options", None)
            .status(),
        200
    );
}
