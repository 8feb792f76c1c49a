//! Organisations and their API tokens.

use serde_json::json;

use crate::helpers::{assert_problem, client_address, json, spawn_app, PLATFORM_TOKEN};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[test]
fn the_operator_creates_an_organisation_whose_owner_manages_its_tokens() {
    let app = spawn_app();
    let slug = format!("org-{}", client_address().replace('.', "-"));
    let body = json!({ "slug": slug, "name": "New Org" });
    assert_problem(app.post("/v1/admin/orgs", &[], &body), 401);
    assert_problem(
        app.post("/v1/admin/orgs", &[("authorization", "Bearer nope")], &body),
        401,
    );
    let created = app.post(
        "/v1/admin/orgs",
        &[("authorization", &bearer(PLATFORM_TOKEN))],
        &body,
    );
    assert_eq!(created.status(), 201);
    let created = json(created);
    let owner = created["token"]["secret"].as_str().unwrap().to_owned();
    assert!(
        owner.starts_with("atk_") && owner.len() == 4 + 64,
        "256 bits: {owner}"
    );
    assert_problem(
        app.post(
            "/v1/admin/orgs",
            &[("authorization", &bearer(PLATFORM_TOKEN))],
            &body,
        ),
        409,
    );
    let bad = app.post(
        "/v1/admin/orgs",
        &[("authorization", &bearer(PLATFORM_TOKEN))],
        &json!({ "slug": "Bad Slug", "name": "x" }),
    );
    assert_eq!(assert_problem(bad, 400)["errors"][0]["field"], "org");

    // The owner gives a team member a narrower token.
    let path = format!("/v1/admin/orgs/{slug}/tokens");
    let member = app.post(
        &path,
        &[("authorization", &bearer(&owner))],
        &json!({ "name": "Priya (privacy team)", "scopes": ["requests:read", "requests:write"] }),
    );
    assert_eq!(member.status(), 201);
    let member = json(member);
    let member_secret = member["secret"].as_str().unwrap().to_owned();
    let unknown_scope = app.post(
        &path,
        &[("authorization", &bearer(&owner))],
        &json!({ "name": "x", "scopes": ["root"] }),
    );
    assert_eq!(
        assert_problem(unknown_scope, 400)["errors"][0]["field"],
        "scopes"
    );
    let past = app.post(
        &path,
        &[("authorization", &bearer(&owner))],
        &json!({ "name": "x", "scopes": ["admin"], "expiresAt": "2020-01-01T00:00:00Z" }),
    );
    assert_eq!(assert_problem(past, 400)["errors"][0]["field"], "expiresAt");
    // The member may not manage tokens.
    assert_problem(
        app.get_with(&path, &[("authorization", &bearer(&member_secret))]),
        403,
    );

    let listed = json(app.get_with(&path, &[("authorization", &bearer(&owner))]));
    let text = listed.to_string();
    assert!(
        !text.contains(&owner) && !text.contains(&member_secret),
        "no secrets listed"
    );
    let names: Vec<&str> = listed["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["owner", "Priya (privacy team)"]);

    // Revoked, it stops working at once; its name stays in the audit log.
    let id = member["id"].as_str().unwrap();
    let revoke = app.request_with(
        "DELETE",
        &format!("{path}/{id}"),
        &[("authorization", &bearer(&owner))],
    );
    assert_eq!(revoke.status(), 204);
    assert_problem(
        app.get_with(
            &format!("/v1/admin/orgs/{slug}/privacy-requests"),
            &[("authorization", &bearer(&member_secret))],
        ),
        401,
    );
    assert_problem(
        app.request_with(
            "DELETE",
            &format!("{path}/{id}"),
            &[("authorization", &bearer(&owner))],
        ),
        404,
    );
    let audit = json(app.get_with(
        &format!("/v1/admin/orgs/{slug}/audit"),
        &[("authorization", &bearer(&owner))],
    ));
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["organisation.created", "token.created", "token.revoked"]
    );
    assert_eq!(audit["entries"][2]["actor"], "token:owner");
}

#[test]
fn an_expired_token_no_longer_works() {
    let app = spawn_app();
    let owner = format!("Bearer {}", app.stack.admin_token.as_str());
    let created = json(app.post(
        "/v1/admin/orgs/wintro/tokens",
        &[("authorization", &owner)],
        &json!({ "name": "Temp", "scopes": ["requests:read"], "expiresAt": "2099-01-01T00:00:00Z" }),
    ));
    let secret = created["secret"].as_str().unwrap().to_owned();
    let list = "/v1/admin/orgs/wintro/privacy-requests";
    assert_eq!(
        app.get_with(list, &[("authorization", &bearer(&secret))])
            .status(),
        200
    );
    let id = created["id"].as_str().unwrap();
    app.d1(&format!(
        "UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE id = '{id}'"
    ));
    assert_problem(
        app.get_with(list, &[("authorization", &bearer(&secret))]),
        401,
    );
}

/// `GET /v1/admin/me`: a `401` problem for no credential and for one that is wrong,
/// expired or revoked; for a token, its organisation and what its scopes let it do.
#[test]
fn me_says_who_is_asking_and_what_they_may_do() {
    let app = spawn_app();
    for headers in [
        vec![],
        vec![("authorization", "Bearer atk_forged")],
        vec![("authorization", "Basic YTpi")],
    ] {
        let problem = assert_problem(app.get_with("/v1/admin/me", &headers), 401);
        assert_eq!(problem["status"], 401);
    }

    let admin = format!("Bearer {}", app.stack.admin_token.as_str());
    let me = app.get_with("/v1/admin/me", &[("authorization", &admin)]);
    assert_eq!(me.status(), 200);
    let me = json(me);
    assert_eq!(me["kind"], "token");
    let organisations = me["organisations"].as_array().unwrap();
    let vinterre = organisations
        .iter()
        .find(|o| o["org"] == "vinterre")
        .expect("the operator's token is one of vinterre's");
    let permissions = vinterre["permissions"].as_array().unwrap();
    assert!(permissions.iter().any(|p| p == "read_privacy_requests"));
    assert!(permissions.iter().any(|p| p == "manage_members"));

    // A narrow token may do exactly what its scope grants.
    let reader = crate::helpers::token_with(&app, "wintro", "requests:read");
    let me = json(app.get_with("/v1/admin/me", &[("authorization", &reader)]));
    assert_eq!(me["organisations"].as_array().unwrap().len(), 1);
    assert_eq!(me["organisations"][0]["org"], "wintro");
    assert_eq!(
        me["organisations"][0]["permissions"],
        json!([
            "read_privacy_requests",
            "read_reports",
            "read_document_requests"
        ])
    );

    // Revoked, it is nobody.
    let created = json(app.post(
        "/v1/admin/orgs/vinterre/tokens",
        &[("authorization", &admin)],
        &json!({ "name": "short-lived", "scopes": ["outbox:read"] }),
    ));
    let secret = format!("Bearer {}", created["secret"].as_str().unwrap());
    assert_eq!(
        app.get_with("/v1/admin/me", &[("authorization", &secret)])
            .status(),
        200
    );
    let revoked = app.request_with(
        "DELETE",
        &format!(
            "/v1/admin/orgs/vinterre/tokens/{}",
            created["id"].as_str().unwrap()
        ),
        &[("authorization", &admin)],
    );
    assert_eq!(revoked.status(), 204);
    assert_problem(
        app.get_with("/v1/admin/me", &[("authorization", &secret)]),
        401,
    );
}
