use std::path::PathBuf;

use crate::helpers::{header, json, spawn_app};

fn document_path() -> PathBuf {
    attest_demo::repo_root().join("edge/openapi.json")
}

#[test]
fn the_openapi_document_is_served() {
    let app = spawn_app();
    let response = app.get("/openapi.json");
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("application/json"));
    let served = json(response);
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(document_path()).unwrap()).unwrap();
    assert_eq!(served, committed);
}

#[test]
fn every_documented_get_route_exists_on_the_edge() {
    let app = spawn_app();
    let spec = json(app.get("/openapi.json"));
    for (path, operations) in spec["paths"].as_object().unwrap() {
        if operations.get("get").is_none() {
            continue;
        }
        let concrete = path
            .replace("{org}", "vinterre")
            .replace("{file}", "nothing.wasm");
        let response = app.get(&concrete);
        if response.status() == 404 {
            let body = json(response);
            assert_ne!(
                body["detail"], "There is no such endpoint; see /openapi.json",
                "{path}"
            );
        }
    }
}

/// The document's schemas are the profile model's own (`make openapi` writes them from
/// the model).
#[test]
fn the_documented_profile_schema_is_the_models() {
    let mut schema = attest_core::profile_file::json_schema();
    let defs = schema.as_object_mut().unwrap().remove("$defs").unwrap();
    for key in ["$schema", "$id", "title"] {
        schema.as_object_mut().unwrap().remove(key);
    }
    let rewrite = |value: serde_json::Value| -> serde_json::Value {
        serde_json::from_str(
            &value
                .to_string()
                .replace("#/$defs/", "#/components/schemas/"),
        )
        .unwrap()
    };
    let mut expected = rewrite(defs).as_object().unwrap().clone();
    expected.insert("TrustProfile".into(), rewrite(schema));

    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(document_path()).unwrap()).unwrap();
    let components = document["components"]["schemas"].as_object().unwrap();
    for (name, value) in &expected {
        assert_eq!(
            components.get(name),
            Some(value),
            "components.schemas.{name} is stale: run make openapi"
        );
    }
}
