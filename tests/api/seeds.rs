//! Nothing from the source pages is silently dropped: every line of both seed texts is
//! found in the served profile, or is a heading that became structure (and that structure
//! is not empty).

use std::path::PathBuf;

use serde_json::Value;

use crate::helpers::{json, spawn_app};

/// Headings of the source pages that are structure in the profile, with where.
const STRUCTURAL: &[(&str, &str)] = &[
    ("Security at Vinterre", "/name"),
    ("Privacy Policy", "/privacyPolicy"),
    ("Type of Collected Information", "/privacyPolicy/collected"),
    (
        "Processing Collected Information & Shared Information",
        "/privacyPolicy/purposes",
    ),
    (
        "Manage or Delete Information",
        "/privacyPolicy/manageAndDelete",
    ),
    ("Name Purpose Location", "/subprocessors"),
    ("Report an Issue", "/vulnerabilityDisclosure"),
];

/// The source page of `org`, kept beside its profile in `demo/sources`.
fn seed_text(org: &str) -> String {
    let path = attest_demo::repo_root().join(format!("demo/sources/{org}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Where the project's shared seed pages are, when this checkout has them beside it.
fn shared_seeds() -> Option<PathBuf> {
    std::env::var_os("ATTEST_SEEDS_DIR")
        .map(PathBuf::from)
        .or_else(|| Some(attest_demo::repo_root().join("../shared/seeds")))
        .filter(|dir| dir.is_dir())
}

#[test]
fn the_kept_source_pages_are_the_shared_seeds() {
    let Some(dir) = shared_seeds() else {
        eprintln!("no shared seeds beside this checkout: comparing nothing");
        return;
    };
    let mut shared: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    shared.sort();
    let mut kept = vec![seed_text("vinterre"), seed_text("wintro")];
    kept.sort();
    assert_eq!(kept, shared, "demo/sources differs from {}", dir.display());
}

/// A source line without its markup: headings' `#`, list markers, link targets, front matter keys.
fn plain(line: &str) -> Option<String> {
    // The pages' non-breaking spaces (left where links were) are spaces in the profile.
    let line = line.replace('\u{a0}', " ");
    let mut line = line.trim();
    if line.is_empty() || line == "---" {
        return None;
    }
    line = line.trim_start_matches('#').trim_start();
    for marker in ["• ", "*   ", "* ", "- "] {
        line = line.strip_prefix(marker).unwrap_or(line).trim_start();
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        line = &line[digits + 2..];
    }
    for key in ["title: ", "description: "] {
        line = line.strip_prefix(key).unwrap_or(line);
    }
    // [text](url) → text
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        match (rest[open..].find("]("), rest[open..].find(')')) {
            (Some(mid), Some(close)) if mid < close => {
                out.push_str(&rest[..open]);
                out.push_str(&rest[open + 1..open + mid]);
                rest = &rest[open + close + 1..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    Some(out.trim().to_owned())
}

fn all_text(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| all_text(v, out)),
        Value::Object(map) => map.values().for_each(|v| all_text(v, out)),
        _ => {}
    }
}

fn missing_lines(org: &str) -> Vec<String> {
    let app = spawn_app();
    let profile = json(app.get(&format!("/v1/orgs/{org}")));
    let mut served = String::new();
    all_text(&profile, &mut served);
    let subprocessor_rows: Vec<String> = profile["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s["name"].as_str().unwrap(),
                s["purpose"].as_str().unwrap(),
                s["location"].as_str().unwrap_or("")
            )
        })
        .collect();

    let mut missing = Vec::new();
    for line in seed_text(org).lines().filter_map(plain) {
        let found = served.contains(&line)
            || subprocessor_rows.iter().any(|row| row.trim() == line)
            || line
                .split_once(". ")
                .is_some_and(|(title, rest)| served.contains(title) && served.contains(rest))
            || STRUCTURAL.iter().any(|(heading, pointer)| {
                *heading == line
                    && profile.pointer(pointer).is_some_and(|v| match v {
                        Value::Array(a) => !a.is_empty(),
                        Value::Object(o) => !o.is_empty(),
                        Value::String(s) => !s.is_empty(),
                        _ => false,
                    })
            });
        if !found {
            missing.push(line);
        }
    }
    missing
}

#[test]
fn every_line_of_vinterres_page_is_in_its_profile() {
    let missing = missing_lines("vinterre");
    assert!(
        missing.is_empty(),
        "dropped from the seed:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_line_of_wintros_page_is_in_its_profile() {
    let missing = missing_lines("wintro");
    assert!(
        missing.is_empty(),
        "dropped from the seed:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_seed_walk_notices_a_dropped_line() {
    // The check itself must be able to fail: a sentence that is not in the profile.
    let mut served = String::new();
    all_text(&serde_json::json!({ "name": "Vinterre" }), &mut served);
    assert!(!served.contains(
        &plain("Vinterre employees undergo monthly Security Awareness training.").unwrap()
    ));
    assert_eq!(
        plain("  • ISO 27001 - Data Center").unwrap(),
        "ISO 27001 - Data Center"
    );
    assert_eq!(
        plain("[CIS AWS Benchmark](https://x.example/b).").unwrap(),
        "CIS AWS Benchmark."
    );
    assert_eq!(
        plain("  2. Settings. For example").unwrap(),
        "Settings. For example"
    );
}

#[test]
fn vinterres_subprocessors_are_all_eight_as_written() {
    let app = spawn_app();
    let list = json(app.get("/v1/orgs/vinterre/subprocessors"));
    let rows: Vec<(String, String, String)> = list["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = |k: &str| s[k].as_str().unwrap().to_owned();
            (t("name"), t("purpose"), t("location"))
        })
        .collect();
    let expected = [
        ("Google", "Authentication and authorization"),
        ("Datadog", "Logging and the monitoring"),
        ("GoDaddy", "DNS and Hosting provider"),
        ("Google", "Data service provider"),
        ("Vercel", "Hosting service provider"),
        ("SendGrid", "Email service provider"),
        ("Stripe", "Payment processing"),
        ("Cloudinary", "Document storage"),
    ];
    assert_eq!(rows.len(), 8);
    for ((name, purpose, location), (want_name, want_purpose)) in rows.iter().zip(expected) {
        assert_eq!(
            (name.as_str(), purpose.as_str(), location.as_str()),
            (want_name, want_purpose, "USA")
        );
    }
}

#[test]
fn vinterres_commitments_are_values() {
    let app = spawn_app();
    let profile = json(app.get("/v1/orgs/vinterre"));
    let c = &profile["commitments"];
    assert_eq!(c["breachNotificationHours"], 24);
    assert_eq!(c["vulnerabilityAcknowledgementHours"], 72);
    assert_eq!(c["coordinatedDisclosureDays"], 90);
    assert_eq!(c["backupFrequency"], "daily");
    assert_eq!(c["securityTrainingFrequency"], "monthly");
}

#[test]
fn vinterres_data_centre_certificates_are_inherited_from_aws() {
    let app = spawn_app();
    let profile = json(app.get("/v1/orgs/vinterre"));
    let inherited: Vec<&Value> = profile["badges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| {
            b["description"]
                .as_str()
                .is_some_and(|d| d.ends_with("Data Center"))
        })
        .collect();
    assert_eq!(inherited.len(), 6);
    for badge in inherited {
        assert_eq!(badge["scope"], "inherited", "{badge}");
        assert_eq!(badge["provider"], "Amazon Web Services (AWS)");
    }
}

#[test]
fn values_the_pages_leave_out_are_left_out() {
    let app = spawn_app();
    let vinterre = json(app.get("/v1/orgs/vinterre"));
    assert!(
        vinterre["contacts"].as_object().unwrap().is_empty(),
        "no address is invented"
    );
    assert!(vinterre["vulnerabilityDisclosure"].get("contact").is_none());
    let monitoring = &vinterre["practices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["category"] == "availability")
        .unwrap()["items"][0];
    assert!(
        monitoring.get("tools").is_none(),
        "the monitoring tool's name is missing on the page"
    );
    let wintro = json(app.get("/v1/orgs/wintro/subprocessors"));
    assert!(wintro["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s.get("location").is_none()));
}
