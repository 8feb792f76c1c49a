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

/// The loader as served for the plain address: nothing carried.
fn plain_loader(app: &crate::helpers::TestApp) -> String {
    app.get("/v1/widget.js")
        .into_body()
        .read_to_string()
        .unwrap()
}

#[test]
fn the_loader_for_an_organisation_carries_its_first_view_and_the_stylesheet() {
    let app = spawn_app();
    let plain = plain_loader(&app);
    assert!(
        !plain.contains("__ATTEST_FIRST__"),
        "the plain loader carries 0"
    );
    let asked = [("accept-language", "de-CH,de;q=0.9,en;q=0.5")];
    let response = app.get_with("/v1/widget.js?org=vinterre", &asked);
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/javascript; charset=utf-8"
    );
    // Cached as the first view is (a publish shows within a minute), per language.
    assert!(header(&response, "cache-control").contains("max-age=60"));
    assert_eq!(header(&response, "vary"), "accept-language");
    let etag = header(&response, "etag").to_owned();
    let loader = response.into_body().read_to_string().unwrap();

    // The same HTML the loader would have asked for, for the query it would have asked
    // with (the browser's first language), and the stylesheet it names, as JSON strings.
    let first_view = app
        .get("/v1/orgs/vinterre/first-view?lang=de-CH")
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(first_view.contains("data-rendered=\"edge\""));
    let css_name = loader
        .split('"')
        .find(|s| s.starts_with("style-") && s.ends_with(".css"))
        .expect("the loader names its stylesheet")
        .to_owned();
    let css = app
        .get(&format!("/v1/assets/{css_name}"))
        .into_body()
        .read_to_string()
        .unwrap();
    let at = loader
        .find("{\"for\"")
        .expect("the loader carries an object");
    let mut stream =
        serde_json::Deserializer::from_str(&loader[at..]).into_iter::<serde_json::Value>();
    let carried = stream.next().unwrap().expect("a JSON object");
    let end = at + stream.byte_offset();
    assert_eq!(carried["for"], "vinterre?lang=de-CH");
    assert_eq!(
        carried["html"],
        first_view.as_str(),
        "the first view, whole"
    );
    assert_eq!(carried["css"], css.as_str(), "the stylesheet, whole");
    // Otherwise it is the plain loader.
    assert_eq!(format!("{}0{}", &loader[..at], &loader[end..]), plain);

    // Asked again with its tag: 304.
    let again = app.get_with(
        "/v1/widget.js?org=vinterre",
        &[asked[0], ("if-none-match", etag.as_str())],
    );
    assert_eq!(again.status(), 304);
    // Another language is another first view, under another tag.
    let english = app.get_with(
        "/v1/widget.js?org=vinterre",
        &[("accept-language", "en-GB")],
    );
    assert_ne!(header(&english, "etag"), etag);
    let english = english.into_body().read_to_string().unwrap();
    assert!(english.contains(r#"{"for":"vinterre?lang=en-GB""#));
}

#[test]
fn the_loader_carries_nothing_it_cannot_and_refuses_a_slug_that_is_none() {
    let app = spawn_app();
    let plain = plain_loader(&app);
    let language = [("accept-language", "fr-FR")];
    // No such organisation, or no language named: the plain loader, with the plain cache
    // (the app then says what is wrong, or asks in the visitor's language).
    for (path, headers) in [
        ("/v1/widget.js?org=nobody-here", &language[..]),
        ("/v1/widget.js?org=vinterre", &[][..]),
        (
            "/v1/widget.js?org=vinterre",
            &[("accept-language", "*")][..],
        ),
    ] {
        let response = app.get_with(path, headers);
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            header(&response, "cache-control").contains("max-age=300"),
            "{path}"
        );
        assert_eq!(
            response.into_body().read_to_string().unwrap(),
            plain,
            "{path}"
        );
    }
    // A slug that cannot be one is the caller's mistake, said as such.
    let problem = assert_problem(app.get_with("/v1/widget.js?org=Not_A_Slug", &language), 400);
    assert_eq!(problem["errors"][0]["field"], "org", "{problem}");
}
