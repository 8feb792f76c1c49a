use crate::helpers::{assert_problem, header, json, spawn_app};

#[test]
fn a_published_profile_is_served_as_json_to_any_origin() {
    let app = spawn_app();
    let response = app.get_with("/v1/orgs/vinterre", &[("origin", "https://shop.example")]);
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("application/json"));
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    assert!(header(&response, "cache-control").contains("max-age=60"));
    let profile = json(response);
    assert_eq!(profile["org"], "vinterre");
    assert_eq!(profile["name"], "Vinterre");
    let badges = profile["badges"].as_array().unwrap();
    assert!(!badges.is_empty());
    for badge in badges {
        assert!(badge["framework"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(
            ["compliant", "in_progress", "planned"].contains(&badge["status"].as_str().unwrap())
        );
    }
}

#[test]
fn the_served_profile_is_the_one_in_the_profile_file() {
    let app = spawn_app();
    let mut served: attest_core::TrustProfile =
        serde_json::from_value(json(app.get("/v1/orgs/wintro"))).unwrap();
    let source = std::fs::read_to_string(attest_demo::profiles_dir().join("wintro.toml")).unwrap();
    let expected = attest_core::profile_file::parse(&source).unwrap();
    assert!(
        served.last_updated.is_some(),
        "publishing dates the profile"
    );
    served.last_updated = None;
    // The demo adds its sample sites' origins, wherever they run, to what the file allows.
    let added: Vec<String> = served
        .allowed_origins
        .iter()
        .filter(|o| !expected.allowed_origins.contains(o))
        .map(|o| o.to_string())
        .collect();
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added
        .iter()
        .all(|o| o.starts_with("http://127.0.0.1:") || o.starts_with("http://localhost:")));
    served
        .allowed_origins
        .retain(|o| expected.allowed_origins.contains(o));
    assert_eq!(served, expected);
}

#[test]
fn a_client_holding_the_current_version_gets_304() {
    let app = spawn_app();
    let first = app.get("/v1/orgs/vinterre");
    let etag = header(&first, "etag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong ETag: {etag}"
    );

    let again = app.get_with("/v1/orgs/vinterre", &[("if-none-match", &etag)]);
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);

    let stale = app.get_with(
        "/v1/orgs/vinterre",
        &[("if-none-match", "\"something-else\"")],
    );
    assert_eq!(stale.status(), 200);
}

#[test]
fn an_unknown_organisation_is_a_404_problem() {
    let app = spawn_app();
    let body = assert_problem(app.get("/v1/orgs/no-such-org"), 404);
    assert!(body["detail"].as_str().unwrap().contains("no-such-org"));
}

#[test]
fn an_invalid_slug_is_a_400_problem_naming_the_field() {
    let app = spawn_app();
    for bad in ["Vinterre", "a", "vin_terre", "-vinterre", "x%00y"] {
        let body = assert_problem(app.get(&format!("/v1/orgs/{bad}")), 400);
        assert_eq!(body["errors"][0]["field"], "org", "{bad}");
        assert!(body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
}

#[test]
fn the_profile_is_cacheable_for_a_minute_and_revalidates_after() {
    let app = spawn_app();
    let response = app.get("/v1/orgs/wintro");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=60, stale-while-revalidate=600"
    );
}

#[test]
fn a_complete_profile_round_trips_through_the_api() {
    let app = spawn_app();
    let profile = json(app.get("/v1/orgs/acme-complete"));
    assert_eq!(
        profile["contacts"]["security"]["email"],
        "security@acme.example"
    );
    assert_eq!(profile["badges"][0]["document"], "soc2-report");
    assert_eq!(
        profile["practices"][0]["items"][0]["body"][1]["bullets"][0],
        "at rest"
    );
    assert_eq!(profile["subprocessors"][2]["plannedFrom"], "2027-01-01");
    assert_eq!(
        profile["lastUpdated"], "2026-11-01",
        "a date the file gives is kept"
    );
    let parsed = attest_core::TrustProfile::from_json(&profile.to_string());
    assert!(
        parsed.is_ok(),
        "the served JSON is a valid profile: {parsed:?}"
    );
}
