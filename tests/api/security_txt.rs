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
            "https://acme.example/security",
            app.url("/trust/acme-complete?view=report").as_str(),
        ]
    );
    assert_eq!(value("Policy"), ["https://acme.example/vdp"]);
    assert_eq!(value("Acknowledgments"), ["https://acme.example/thanks"]);
    assert_eq!(value("Preferred-Languages"), ["en, de"]);
    assert_eq!(
        value("Canonical"),
        [app.url("/v1/orgs/acme-complete/security.txt").as_str()]
    );

    // Expires: exactly one, RFC 3339, about a year ahead and less than a year.
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
    assert!(
        day > today.add_days(360) && day < today.add_days(366),
        "{day}"
    );
}

#[test]
fn an_organisation_without_a_security_address_is_reached_through_its_hosted_report_form() {
    let app = spawn_app();
    // Vinterre's page leaves the address out, and so does its profile: the hosted page's
    // report form is its contact and its rules the policy, both `https:` in production.
    let response = app.get("/v1/orgs/vinterre/security.txt");
    assert_eq!(response.status(), 200);
    let body = response.into_body().read_to_string().unwrap();
    let fields = fields(&body);
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    let hosted = app.url("/trust/vinterre?view=report");
    assert!(
        fields.contains(&("Contact".into(), hosted.clone())),
        "{body}"
    );
    assert!(fields.contains(&("Policy".into(), hosted)), "{body}");
    // RFC 9116's required fields, each exactly once where it must be.
    assert_eq!(
        names.iter().filter(|n| **n == "Expires").count(),
        1,
        "{body}"
    );
    assert!(names.contains(&"Contact"), "{body}");
    // The address it names is a page that answers.
    assert_eq!(app.get("/trust/vinterre").status(), 200);
    assert_problem(app.get("/v1/orgs/no-such-org/security.txt"), 404);
}
