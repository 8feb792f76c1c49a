use crate::helpers::{assert_problem, header, json, spawn_app};

#[test]
fn the_list_is_served_as_json() {
    let app = spawn_app();
    let response = app.get("/v1/orgs/vinterre/subprocessors");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    let list = json(response);
    assert_eq!(list["org"], "vinterre");
    let names: Vec<&str> = list["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Google",
            "Datadog",
            "GoDaddy",
            "Google",
            "Vercel",
            "SendGrid",
            "Stripe",
            "Cloudinary"
        ]
    );
}

fn parse_csv(body: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_csv_parses_back_to_the_same_list() {
    let app = spawn_app();
    let response = app.get("/v1/orgs/vinterre/subprocessors.csv");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "text/csv; charset=utf-8");
    assert!(header(&response, "content-disposition").contains("vinterre-subprocessors.csv"));
    let body = response.into_body().read_to_string().unwrap();
    assert!(body.contains("\r\n"), "RFC 4180 line endings");
    let rows = parse_csv(&body);
    assert_eq!(
        rows[0],
        [
            "name",
            "purpose",
            "location",
            "website",
            "dataCategories",
            "since",
            "plannedFrom"
        ]
    );
    let list = json(app.get("/v1/orgs/vinterre/subprocessors"));
    let expected: Vec<Vec<String>> = list["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or("").to_owned();
            vec![
                text("name"),
                text("purpose"),
                text("location"),
                text("website"),
                String::new(),
                text("since"),
                text("plannedFrom"),
            ]
        })
        .collect();
    assert_eq!(rows[1..], expected[..]);
}

#[test]
fn accept_text_csv_gets_csv_from_the_list_route() {
    let app = spawn_app();
    let response = app.get_with("/v1/orgs/wintro/subprocessors", &[("accept", "text/csv")]);
    assert_eq!(header(&response, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(header(&response, "vary"), "accept");
    let rows = parse_csv(&response.into_body().read_to_string().unwrap());
    assert_eq!(rows.len(), 1 + 4, "header and Wintro's four providers");
}

#[test]
fn csv_cells_keep_commas_and_quotes_and_never_run_as_formulas() {
    let app = spawn_app();
    let body = app
        .get("/v1/orgs/acme-complete/subprocessors.csv")
        .into_body()
        .read_to_string()
        .unwrap();
    let rows = parse_csv(&body);
    assert_eq!(rows[1][0], "'=HYPERLINK(\"https://evil.example\")");
    assert_eq!(rows[2][0], "Mailer, Inc.");
    assert_eq!(rows[2][1], "Sends e-mail, with \"quotes\" and a comma");
    assert_eq!(rows[2][4], "email address; name");
    assert_eq!(rows[3][6], "2027-01-01");
}

#[test]
fn the_list_and_the_csv_revalidate_separately() {
    let app = spawn_app();
    let json_tag = header(&app.get("/v1/orgs/wintro/subprocessors"), "etag").to_owned();
    let csv_tag = header(&app.get("/v1/orgs/wintro/subprocessors.csv"), "etag").to_owned();
    assert_ne!(json_tag, csv_tag);
    assert_eq!(
        app.get_with(
            "/v1/orgs/wintro/subprocessors",
            &[("if-none-match", &json_tag)]
        )
        .status(),
        304
    );
    assert_eq!(
        app.get_with(
            "/v1/orgs/wintro/subprocessors.csv",
            &[("if-none-match", &csv_tag)]
        )
        .status(),
        304
    );
}

#[test]
fn the_feed_is_valid_atom_with_the_first_list_as_its_first_entry() {
    let app = spawn_app();
    let response = app.get("/v1/orgs/vinterre/subprocessors/feed.atom");
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let body = response.into_body().read_to_string().unwrap();
    let feed: atom_syndication::Feed = body.parse().expect("a valid Atom feed");
    assert!(feed.title().as_str().contains("Vinterre"));
    assert!(feed
        .id()
        .ends_with("/v1/orgs/vinterre/subprocessors/feed.atom"));
    assert_eq!(feed.entries().len(), 1, "the seed list is one publish");
    let entry = &feed.entries()[0];
    assert!(entry.title().as_str().starts_with("Added Google, Datadog"));
    let content = entry.content().and_then(|c| c.value()).unwrap();
    assert_eq!(
        content.lines().count(),
        8,
        "one line per subprocessor: {content}"
    );
    assert!(content.contains("Added: Stripe — Payment processing (USA)"));
}

#[test]
fn the_feed_announces_planned_additions_with_their_date() {
    let app = spawn_app();
    let body = app
        .get("/v1/orgs/acme-complete/subprocessors/feed.atom")
        .into_body()
        .read_to_string()
        .unwrap();
    let feed: atom_syndication::Feed = body.parse().unwrap();
    let content = feed.entries()[0]
        .content()
        .and_then(|c| c.value())
        .unwrap()
        .to_owned();
    assert!(
        content.contains("Added: Newco — Announced addition (France), from 2027-01-01"),
        "{content}"
    );
}

#[test]
fn subprocessor_routes_answer_404_and_400_as_problems() {
    let app = spawn_app();
    for path in [
        "subprocessors",
        "subprocessors.csv",
        "subprocessors/feed.atom",
    ] {
        assert_problem(app.get(&format!("/v1/orgs/no-such-org/{path}")), 404);
        let body = assert_problem(app.get(&format!("/v1/orgs/NO/{path}")), 400);
        assert_eq!(body["errors"][0]["field"], "org");
    }
}
