//! The trust center rendered by the edge: the first view the loader shows before the app
//! loads, and the hosted page at `/trust/{org}`.

use crate::helpers::{assert_problem, header, json, spawn_app};

/// The widget build the loader is for: its stylesheet's hash.
fn loader_build(app: &crate::helpers::TestApp) -> String {
    let loader = app
        .get("/v1/widget.js")
        .into_body()
        .read_to_string()
        .unwrap();
    let start = loader
        .find("style-")
        .expect("the loader names its stylesheet")
        + 6;
    let end = start + loader[start..].find(".css").unwrap();
    loader[start..end].to_owned()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_first_view_is_the_published_overview_rendered_for_the_loaders_build() {
    let app = spawn_app();
    let profile = json(app.get("/v1/orgs/vinterre"));
    let response = app.get("/v1/orgs/vinterre/first-view?lang=de-CH");
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/html; charset=utf-8"
    );
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    let etag = header(&response, "etag").to_owned();
    // Without the empty comments Leptos marks text boundaries with.
    let html = response
        .into_body()
        .read_to_string()
        .unwrap()
        .replace("<!>", "");

    // The container the app's own render also lives in, marked with the build.
    let build = loader_build(&app);
    assert!(
        html.starts_with(&format!(
            "<div class=\"attest\" part=\"container\" lang=\"de\" data-rendered=\"edge\" data-build=\"{build}\">"
        )),
        "{html}"
    );
    // Every badge, the name, the tabs in German with the overview selected, no script.
    let badges = profile["badges"].as_array().unwrap().len();
    assert!(badges > 0);
    assert_eq!(count(&html, "data-testid=\"badge\""), badges, "{html}");
    assert!(html.contains("Vinterre"), "{html}");
    assert!(html.contains(">Überblick</button>"), "{html}");
    assert!(
        html.contains("id=\"tab-overview\"") && html.contains("aria-selected=\"true\""),
        "{html}"
    );
    assert_eq!(count(&html, "aria-selected=\"true\""), 1, "{html}");
    assert!(!html.to_lowercase().contains("<script"), "{html}");

    // Unchanged: 304 for the same tag; another language is another render.
    let again = app.get_with(
        "/v1/orgs/vinterre/first-view?lang=de-CH",
        &[("if-none-match", &etag)],
    );
    assert_eq!(again.status(), 304);
    let english = app.get("/v1/orgs/vinterre/first-view?lang=xx");
    assert_ne!(header(&english, "etag"), etag);
    let english = english
        .into_body()
        .read_to_string()
        .unwrap()
        .replace("<!>", "");
    assert!(english.contains(">Overview</button>"), "{english}");
}

#[test]
fn every_view_is_rendered_for_the_app_with_its_controls_and_form_slots() {
    let app = spawn_app();
    let html = |path: &str| {
        let response = app.get(path);
        assert_eq!(response.status(), 200, "{path}");
        response
            .into_body()
            .read_to_string()
            .unwrap()
            .replace("<!>", "")
    };
    // A first view that is not the overview, with only the tabs asked for.
    let privacy = html("/v1/orgs/vinterre/first-view?sections=privacy,report");
    assert_eq!(count(&privacy, "role=\"tab\""), 2, "{privacy}");
    assert!(
        privacy.contains("aria-labelledby=\"tab-privacy\""),
        "{privacy}"
    );
    // The form's slot, with what the form is told about the organisation.
    assert!(
        privacy.contains(
            "data-form=\"request\" data-testid=\"privacy-request\" data-jurisdictions=\"gdpr"
        ),
        "{privacy}"
    );
    assert!(privacy.contains("data-org-name=\"Vinterre\""), "{privacy}");
    let html_report = html("/v1/orgs/vinterre/first-view?sections=privacy,report&view=report");
    assert!(
        html_report.contains("data-form=\"report\""),
        "{html_report}"
    );
    // The overview among others: the tabs asked for.
    let overview = html("/v1/orgs/vinterre/first-view?sections=report,badges");
    assert_eq!(count(&overview, "role=\"tab\""), 2, "{overview}");

    // Each view the app opens: the controls it runs, the counts it fills in.
    let subprocessors = html("/v1/orgs/vinterre/first-view?view=subprocessors");
    for part in [
        "data-testid=\"subprocessors-filter\"",
        "data-testid=\"location-filter\"",
        "data-testid=\"sort-name\"",
        "aria-sort=\"none\"",
        "data-template=\"{} shown\"",
        "data-form=\"subscribe\"",
    ] {
        assert!(subprocessors.contains(part), "{part} in {subprocessors}");
    }
    let practices = html("/v1/orgs/vinterre/first-view?view=practices&lang=de");
    assert!(practices.contains("data-search=\""), "{practices}");
    assert!(
        practices.contains("data-testid=\"practices-none\" hidden"),
        "{practices}"
    );
    assert!(practices.contains("lang=\"de\""), "{practices}");
    let documents = html("/v1/orgs/vinterre/first-view?view=documents");
    assert!(
        documents.contains("data-form=\"document\"") && documents.contains("data-document-id=\""),
        "{documents}"
    );

    // A view that is none, or one the trust center (or the element) does not offer.
    let body = assert_problem(app.get("/v1/orgs/vinterre/first-view?view=nonsense"), 400);
    assert!(body.to_string().contains("view"), "{body}");
    assert_problem(
        app.get("/v1/orgs/vinterre/first-view?sections=report&view=overview"),
        404,
    );
    assert_problem(app.get("/v1/orgs/no-such-org/first-view"), 404);
    assert_problem(app.get("/v1/orgs/Not_A_Slug/first-view"), 400);
    // Parameters past their documented bounds are refused, naming the field.
    let long = "x".repeat(36);
    let body = assert_problem(
        app.get(&format!("/v1/orgs/vinterre/first-view?lang={long}")),
        400,
    );
    assert!(body.to_string().contains("lang"), "{body}");
    let long = "a".repeat(201);
    let body = assert_problem(
        app.get(&format!("/v1/orgs/vinterre/first-view?sections={long}")),
        400,
    );
    assert!(body.to_string().contains("sections"), "{body}");
    let long = "x".repeat(36);
    let body = assert_problem(app.get(&format!("/trust/vinterre?lang={long}")), 400);
    assert!(body.to_string().contains("lang"), "{body}");
}

#[test]
fn text_from_the_profile_is_rendered_as_text() {
    let app = spawn_app();
    for path in ["/v1/orgs/rendered/first-view", "/trust/rendered"] {
        let response = app.get(path);
        assert_eq!(response.status(), 200, "{path}");
        let html = response.into_body().read_to_string().unwrap();
        for markup in ["<script>alert", "<img", "<b>Bold", "</li><script>"] {
            assert!(
                !html.contains(markup),
                "{path} lets {markup} through: {html}"
            );
        }
        assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt; claim"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"),
            "{html}"
        );
    }
}

#[test]
fn the_hosted_page_reads_without_javascript_under_a_strict_policy() {
    let app = spawn_app();
    let profile = json(app.get("/v1/orgs/wintro"));
    let response = app.get_with("/trust/wintro", &[("accept-language", "fr-FR,fr;q=0.9")]);
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/html; charset=utf-8"
    );
    assert_eq!(header(&response, "content-language"), "fr");
    let policy = header(&response, "content-security-policy").to_owned();
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = response.into_body().read_to_string().unwrap();
    assert!(
        html.starts_with("<!doctype html><html lang=\"fr\">"),
        "{html}"
    );
    // The badges are in the page itself, in a declarative shadow root the widget's
    // loader (the one script, from the edge) takes over.
    let badges = profile["badges"].as_array().unwrap().len();
    assert_eq!(count(&html, "data-testid=\"badge\""), badges, "{html}");
    assert!(
        html.contains("<template shadowrootmode=\"open\">"),
        "{html}"
    );
    // Its theme follows the visitor's, as the page around it does.
    assert!(html.contains("theme=\"auto\""), "{html}");
    assert!(
        html.contains(&format!("/v1/assets/style-{}.css", loader_build(&app))),
        "{html}"
    );
    // Its icon is in the page (the policy's img-src allows data:), so no browser asks for
    // a /favicon.ico the edge does not have.
    assert!(
        html.contains("<link rel=\"icon\" href=\"data:image/svg+xml,"),
        "{html}"
    );
    assert!(policy.contains("img-src 'self' data:"), "{policy}");
    assert_eq!(count(&html, "<script"), 1, "{html}");
    assert!(
        html.contains("<script src=\"/v1/widget.js\" async></script>"),
        "{html}"
    );
    assert!(
        html.contains(&format!("<title>{} · ", profile["name"].as_str().unwrap())),
        "{html}"
    );
    // Asked for by name, a language wins over the browser's.
    let german = app.get_with("/trust/wintro?lang=de", &[("accept-language", "fr")]);
    assert_eq!(header(&german, "content-language"), "de");
    assert_problem(app.get("/trust/no-such-org"), 404);
}

#[test]
fn each_view_of_the_hosted_page_is_a_page_its_tabs_link_to() {
    let app = spawn_app();
    let profile = json(app.get("/v1/orgs/vinterre"));
    let overview = app
        .get("/trust/vinterre?lang=de")
        .into_body()
        .read_to_string()
        .unwrap();
    // The tabs are links, the current one marked as the page; they keep the language the
    // address named.
    assert!(
        overview.contains(
            "href=\"/trust/vinterre?view=practices&amp;lang=de\" data-view=\"practices\""
        ),
        "{overview}"
    );
    assert!(
        overview.contains("href=\"/trust/vinterre?lang=de\" data-view=\"overview\""),
        "{overview}"
    );
    assert_eq!(count(&overview, "aria-current=\"page\""), 1, "{overview}");
    assert_eq!(count(&overview, "role=\"tab\""), 0, "{overview}");

    let page = |view: &str| {
        let response = app.get(&format!("/trust/vinterre?view={view}"));
        assert_eq!(response.status(), 200, "{view}");
        let html = response.into_body().read_to_string().unwrap();
        // The app opens on the same view when it takes over.
        assert!(html.contains(&format!("data-pending=\"{view}\"")), "{html}");
        assert!(
            html.contains(&format!(
                "data-view=\"{view}\" data-testid=\"tab-{view}\" aria-current=\"page\""
            )),
            "{html}"
        );
        html
    };
    // Every practice is there, in sections that open without a script; no filter that
    // nothing would run.
    let practices = page("practices");
    let items: usize = profile["practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(count(&practices, "data-testid=\"practice\""), items);
    assert_eq!(
        count(&practices, "<details"),
        profile["practices"].as_array().unwrap().len()
    );
    assert_eq!(count(&practices, "practices-filter"), 0);
    // Every subprocessor, in a table, with the CSV and the feed.
    let subprocessors = page("subprocessors");
    let listed = profile["subprocessors"].as_array().unwrap();
    assert_eq!(
        count(&subprocessors, "data-testid=\"subprocessor\""),
        listed.len()
    );
    for s in listed {
        assert!(subprocessors.contains(s["name"].as_str().unwrap()));
    }
    // Whole addresses, so that a printed page shows where they lead.
    let origin = app.url("");
    assert!(subprocessors.contains(&format!(
        "href=\"{origin}/v1/orgs/vinterre/subprocessors.csv\""
    )));
    assert!(subprocessors.contains(&format!(
        "href=\"{origin}/v1/orgs/vinterre/subprocessors/feed.atom\""
    )));
    assert_eq!(count(&subprocessors, "class=\"sort\""), 0);
    // The documents; where a form would be, the page says it needs JavaScript.
    let documents = page("documents");
    assert_eq!(
        count(&documents, "data-testid=\"document\""),
        profile["documents"].as_array().unwrap().len()
    );
    for view in ["privacy", "report"] {
        assert_eq!(
            count(&page(view), "data-testid=\"form-needs-script\""),
            1,
            "{view}"
        );
    }
    // A view that does not exist; one the profile does not have (Vinterre has no
    // questions).
    let problem = assert_problem(app.get("/trust/vinterre?view=nonsense"), 400);
    assert_eq!(problem["errors"][0]["field"], "view", "{problem}");
    assert!(profile["faqs"].as_array().is_none_or(|f| f.is_empty()));
    let problem = assert_problem(app.get("/trust/vinterre?view=faq"), 404);
    assert!(
        problem["detail"].as_str().unwrap().contains("no faq view"),
        "{problem}"
    );
}

#[test]
fn the_hosted_page_introduces_itself_to_search_engines_and_link_previews() {
    let app = spawn_app();
    let origin = app.url("");
    let html = app
        .get("/trust/acme-complete?view=practices")
        .into_body()
        .read_to_string()
        .unwrap();
    let has = |tag: &str| assert!(html.contains(tag), "{tag} in {html}");
    // Its own address, and the same page in each language the trust center speaks.
    has(&format!(
        "<link rel=\"canonical\" href=\"{origin}/trust/acme-complete?view=practices\">"
    ));
    has(&format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{origin}/trust/acme-complete?view=practices&amp;lang=en\">"));
    has(&format!("<link rel=\"alternate\" hreflang=\"de\" href=\"{origin}/trust/acme-complete?view=practices&amp;lang=de\">"));
    has(&format!("<link rel=\"alternate\" hreflang=\"x-default\" href=\"{origin}/trust/acme-complete?view=practices\">"));
    // What a shared link's preview shows: the name, the tagline, the logo.
    has("<meta property=\"og:type\" content=\"website\">");
    has("<meta property=\"og:site_name\" content=\"Acme Complete\">");
    has("<meta property=\"og:title\" content=\"Acme Complete · Trust center\">");
    has("<meta property=\"og:description\" content=\"Every field filled in.\">");
    has(&format!(
        "<meta property=\"og:url\" content=\"{origin}/trust/acme-complete?view=practices\">"
    ));
    // The logo uploaded to the edge, before the profile's link to one elsewhere.
    has(&format!(
        "<meta property=\"og:image\" content=\"{origin}/v1/orgs/acme-complete/logos/53db6a3773278ecd.svg\">"
    ));
    has("<meta name=\"twitter:card\" content=\"summary\">");
    has(&format!(
        "<meta name=\"twitter:image\" content=\"{origin}/v1/orgs/acme-complete/logos/53db6a3773278ecd.svg\">"
    ));
    assert!(!html.contains("https://acme.example/logo.svg"));
    // Links to files are whole addresses, so that a printed page can show them.
    let subprocessors = app
        .get("/trust/acme-complete?view=subprocessors")
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(
        subprocessors.contains(&format!(
            "href=\"{origin}/v1/orgs/acme-complete/subprocessors.csv\""
        )),
        "{subprocessors}"
    );

    // In German, asked by name: the canonical address keeps the language; a trust center
    // in one language has no alternates, and one without a logo no image.
    let german = app
        .get("/trust/acme-complete?lang=de")
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(german.contains(&format!(
        "<link rel=\"canonical\" href=\"{origin}/trust/acme-complete?lang=de\">"
    )));
    assert!(german.contains("<meta property=\"og:locale\" content=\"de\">"));
    let vinterre = app
        .get("/trust/vinterre")
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(!vinterre.contains("hreflang"), "{vinterre}");
    assert!(!vinterre.contains("og:image"), "{vinterre}");
    assert!(vinterre.contains(
        "<meta property=\"og:description\" content=\"Security, privacy, and reliability are at the core of our DNA.\">"
    ));
}

#[test]
fn crawlers_may_read_the_hosted_pages_and_find_them_in_the_sitemap() {
    let app = spawn_app();
    let origin = app.url("");
    let response = app.get("/robots.txt");
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/plain; charset=utf-8"
    );
    let robots = response.into_body().read_to_string().unwrap();
    let lines: Vec<&str> = robots.lines().filter(|l| !l.starts_with('#')).collect();
    for line in [
        "User-agent: *",
        "Allow: /trust/",
        "Allow: /v1/assets/",
        "Disallow: /",
        &format!("Sitemap: {origin}/sitemap.xml"),
    ] {
        assert!(lines.contains(&line), "{line} in {robots}");
    }

    let response = app.get("/sitemap.xml");
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "application/xml; charset=utf-8"
    );
    let sitemap = response.into_body().read_to_string().unwrap();
    assert!(
        sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"),
        "{sitemap}"
    );
    // Every organisation that has published, each once, with the day of its publish.
    for org in ["vinterre", "wintro", "acme-complete"] {
        let loc = format!("<loc>{origin}/trust/{org}</loc>");
        assert_eq!(count(&sitemap, &loc), 1, "{org} in {sitemap}");
        // And each address it lists is a hosted page.
        assert_eq!(app.get(&format!("/trust/{org}")).status(), 200, "{org}");
    }
    let lastmod = sitemap
        .split("<lastmod>")
        .nth(1)
        .and_then(|s| s.split("</lastmod>").next())
        .unwrap();
    assert!(
        lastmod.len() == 10 && lastmod.as_bytes()[4] == b'-',
        "{lastmod}"
    );
}

#[test]
fn the_privacy_view_lists_each_right_once_with_its_icon_before_the_form() {
    let app = spawn_app();
    let html = |lang: &str| {
        app.get(&format!("/trust/vinterre?view=privacy&lang={lang}"))
            .into_body()
            .read_to_string()
            .unwrap()
    };
    let english = html("en");
    let rights = &english[english.find("data-testid=\"rights\"").expect("the rights")..];
    let rights = &rights[..rights.find("</ul>").unwrap()];
    // Vinterre answers under the GDPR and the CCPA: the GDPR's six, then the CCPA's two
    // that the GDPR does not give (its deletion and correction are erasure and
    // rectification under another name).
    let kinds: Vec<&str> = rights
        .split("data-kind=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        kinds,
        [
            "access",
            "rectification",
            "erasure",
            "restriction",
            "portability",
            "objection",
            "opt_out_sale_sharing",
            "limit_sensitive"
        ]
    );
    assert_eq!(rights.matches("<svg").count(), 8);
    assert_eq!(rights.matches("aria-hidden=\"true\"").count(), 8);
    assert!(rights.contains("Get a copy of my data"));
    assert!(rights.contains("Your personal data is no longer sold or shared for advertising."));
    // Before the form's place, in the page's language.
    assert!(
        english.find("data-testid=\"rights\"") < english.find("data-testid=\"form-needs-script\"")
    );
    assert!(html("de").contains("Was Sie verlangen können"));
}
