use crate::helpers::{assert_problem, header, spawn_app};

fn fields(body: &str) -> Vec<(String, String)> {
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once(": ").expect("Field: value");
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

#[test]
fn security_txt_follows_rfc_9116() {
    let app = spawn_app();
    let response = app.get("/v1/orgs/acme-complete/security.txt");
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/plain; charset=utf-8"
    );
    let body = response.into_body().read_to_string().unwrap();
    let fields = fields(&body);
    let value = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(
        value("Contact"),
        [
            "mailto:security@acme.example",
            "https://acme.example/security"
        ]
    );
    assert_eq!(value("Policy"), ["https://acme.example/vdp"]);
    assert_eq!(value("Acknowledgments"), ["https://acme.example/thanks"]);
    assert_eq!(value("Preferred-Languages"), ["en, de"]);
    assert_eq!(
        value("Canonical"),
        [app.url("/v1/orgs/acme-complete/security.txt").as_str()]
    );

    // Expires: exactly one, RFC 3339, in the future and less than a year ahead.
    let expires = value("Expires");
    assert_eq!(expires.len(), 1);
    let day = attest_core::Date::parse(&expires[0][..10]).unwrap();
    assert!(expires[0].ends_with("T00:00:00Z"), "{}", expires[0]);
    let today = attest_core::Date::from_unix_seconds(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    );
    assert!(day > today && day < today.add_days(365), "{day}");
}

#[test]
fn an_organisation_without_a_security_contact_has_no_security_txt() {
    let app = spawn_app();
    // Vinterre's page leaves the address out, and so does its profile.
    let body = assert_problem(app.get("/v1/orgs/vinterre/security.txt"), 404);
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("security contact"));
    assert_problem(app.get("/v1/orgs/no-such-org/security.txt"), 404);
}
