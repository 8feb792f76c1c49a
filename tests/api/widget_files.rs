use crate::helpers::{assert_problem, header, spawn_app};

/// The hashed file names the loader points at.
fn loaded_files(loader: &str) -> Vec<String> {
    loader
        .split('"')
        .filter(|s| s.starts_with("attest_widget") && (s.ends_with(".js") || s.ends_with(".wasm")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_loader_is_served_with_a_short_cache() {
    let app = spawn_app();
    let response = app.get("/v1/widget.js");
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/javascript; charset=utf-8"
    );
    assert!(header(&response, "cache-control").contains("max-age=300"));
    assert!(!header(&response, "cache-control").contains("immutable"));
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
}

#[test]
fn the_files_the_loader_loads_are_hashed_and_immutable() {
    let app = spawn_app();
    let loader = app
        .get("/v1/widget.js")
        .into_body()
        .read_to_string()
        .unwrap();
    let files = loaded_files(&loader);
    assert_eq!(
        files.len(),
        4,
        "the app and the forms, glue and wasm each: {files:?}"
    );
    for file in files {
        let response = app.get(&format!("/v1/assets/{file}"));
        assert_eq!(response.status(), 200, "{file}");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&response, "access-control-allow-origin"), "*");
        let expected = if file.ends_with(".wasm") {
            "application/wasm"
        } else {
            "text/javascript; charset=utf-8"
        };
        assert_eq!(header(&response, "content-type"), expected);
        let bytes = response.into_body().read_to_vec().unwrap();
        if file.ends_with(".wasm") {
            assert_eq!(&bytes[..4], b"\0asm");
        }
    }
}

#[test]
fn an_unknown_asset_is_a_404_problem() {
    let app = spawn_app();
    assert_problem(app.get("/v1/assets/attest_widget-0000.wasm"), 404);
    assert_problem(app.get("/v1/assets/widget.js"), 404);
}

#[test]
fn a_cached_asset_revalidates_to_304() {
    let app = spawn_app();
    let first = app.get("/v1/widget.js");
    let etag = header(&first, "etag").to_owned();
    let again = app.get_with("/v1/widget.js", &[("if-none-match", &etag)]);
    assert_eq!(again.status(), 304);
}
