//! The trust center rendered by the edge, from the same Leptos components the widget runs
//! (`attest_views`), rendered on the server (`leptos/ssr`):
//!
//! - `GET /v1/orgs/{org}/first-view`: a view as an HTML fragment: the first, which the
//!   loader puts into the shadow root before the app has loaded, or any the app opens;
//! - `GET /v1/widget.js?org=…`: the loader carrying that first view and the stylesheet,
//!   so that the badges need no second request (the plain loader is `widget_files`');
//! - `GET /trust/{org}`: the hosted trust center, a whole page that reads without
//!   JavaScript, which the widget's app takes over when it loads.
//!
//! A render is made once per isolate, published snapshot, language and choice of views,
//! and kept beside the snapshot's other derivatives: a publish shows at once, since a new
//! snapshot has a new tag.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use attest_core::{OrgSlug, TrustProfile};
use attest_views::lang::Lang;
use attest_views::{Page, View};
use leptos::prelude::*;
use serde::Deserialize;
use worker::Response;

use crate::public::pages::escape;
use crate::public::widget_files;
use crate::router::{Ctx, Doc, Html, Query, Script, Stored};
use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::render;
use crate::shared::snapshot::{Snapshot, CACHE_CONTROL};

/// What a first view is rendered for.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Rendering {
    /// The visitor's language (`de`, `de-CH`…); English when it is none the trust center
    /// speaks.
    #[cfg_attr(feature = "openapi", schemars(length(max = 35)))]
    lang: Option<String>,
    /// The element's `sections`, as the widget reads them (`badges,practices`).
    #[cfg_attr(feature = "openapi", schemars(length(max = 200)))]
    sections: Option<String>,
    /// The view to show; the first of those `sections` offer when none is named.
    #[cfg_attr(
        feature = "openapi",
        schemars(extend("enum" = ["overview", "practices", "subprocessors", "documents", "faq", "privacy", "report"]))
    )]
    view: Option<String>,
}

impl Rendering {
    /// The parameters as the OpenAPI document bounds them: a `400` naming the field,
    /// never a render for any text at all.
    fn checked(self) -> Result<Self, ApiError> {
        checked_lang(&self.lang)?;
        if self
            .sections
            .as_ref()
            .is_some_and(|s| s.chars().count() > 200)
        {
            return Err(ApiError::invalid(
                "sections",
                "must be at most 200 characters",
            ));
        }
        Ok(self)
    }

    fn lang(&self) -> Lang {
        Lang::choose(self.lang.as_deref(), None)
    }
}

/// A language tag as the OpenAPI document bounds it.
fn checked_lang(lang: &Option<String>) -> Result<(), ApiError> {
    if lang.as_ref().is_some_and(|l| l.chars().count() > 35) {
        return Err(ApiError::invalid(
            "lang",
            "must be a language tag of at most 35 characters",
        ));
    }
    Ok(())
}

/// Which view of the hosted page, in which language.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Hosted {
    /// The language (`de`, `de-CH`…), over the browser's `Accept-Language`.
    #[cfg_attr(feature = "openapi", schemars(length(max = 35)))]
    lang: Option<String>,
    /// The view; the overview when none is named.
    #[cfg_attr(
        feature = "openapi",
        schemars(extend("enum" = ["overview", "practices", "subprocessors", "documents", "faq", "privacy", "report"]))
    )]
    view: Option<String>,
}

impl Hosted {
    /// The view the hosted page shows, of those `offered`: a `400` for a name that is no
    /// view, a `404` for a view this trust center does not have (the FAQ, without
    /// questions).
    fn view(&self, offered: &[View]) -> Result<View, ApiError> {
        checked_lang(&self.lang)?;
        render::named(self.view.as_deref(), offered)
    }
}

/// `GET /v1/orgs/{org}/first-view` in the OpenAPI document.
pub const FIRST_VIEW: Doc = Doc {
    id: "firstView",
    summary: "A view of the trust center as HTML, rendered from the published profile",
    description: "The widget's loader shows the first view in the shadow root while the app \
                  loads; the app asks for each view it opens (`view`), and runs its \
                  controls and fills its form slots. The fragment's `data-build` names the \
                  widget build it was rendered for.",
    answer: "The fragment: the trust center's container with the view.",
    errors: &[
        (400, "The slug, `lang`, `sections` or `view` is not valid; `errors` names the field."),
        (404, "No such organisation, it has published nothing yet, or its trust center has no such view."),
        (503, "The widget is not built into this deployment."),
    ],
    headers: &[],
};

pub async fn first_view(
    ctx: Ctx,
    org: OrgSlug,
    Query(rendering): Query<Rendering>,
) -> Result<Stored<Html>, ApiError> {
    let rendering = rendering.checked()?;
    let snapshot = Snapshot::load(&ctx.env, &org).await?;
    let (html, etag) = first_view_of(
        &snapshot,
        &http::origin(&ctx.req)?,
        rendering.lang(),
        rendering.sections.as_deref(),
        rendering.view.as_deref(),
    )?;
    if http::not_modified(&ctx.req, &etag) {
        return http::respond_not_modified(&etag, CACHE_CONTROL).map(Stored::new);
    }
    let mut response = http::cached(
        Response::from_bytes(html.as_bytes().to_vec())?,
        "text/html; charset=utf-8",
        CACHE_CONTROL,
        &etag,
    )?;
    // A fragment for the loader to place; opened on its own, it may run and load nothing.
    response.headers_mut().set(
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    )?;
    Ok(Stored::new(response))
}

/// The view `view` (the first when `None`) of `snapshot` in `lang` for the element's
/// `sections`, in its container, and its ETag. `origin` is the edge's, for the links.
fn first_view_of(
    snapshot: &Snapshot,
    origin: &str,
    lang: Lang,
    sections: Option<&str>,
    view: Option<&str>,
) -> Result<(Rc<String>, String), ApiError> {
    let profile = snapshot.profile()?;
    let views = render::offered(&profile, sections);
    let current = render::named(view, &views)?;
    let build = build()?;
    let key = format!(
        "{}|{}|{}|{origin}",
        lang.tag(),
        render::keys(&views),
        current.key()
    );
    let etag = format!(
        "\"{}\"",
        &crypto::sha256_hex(&format!("{}|{key}|{build}", snapshot.etag))[..32]
    );
    let html = rendered(snapshot, "first-view", &key, || {
        let html = render::trust_center(&profile, lang, &views, current, origin);
        container(lang, build, None, &html)
    })?;
    Ok((html, etag))
}

/// What the loader carries when its address names the organisation
/// (`/v1/widget.js?org=…`), so that the badges need no second request: the first view the
/// loader would ask for, in the language of the browser's `Accept-Language` (what
/// `navigator.language` says), with the query it would ask with, and the stylesheet; as a
/// JavaScript object literal, with an ETag for it. `None` when there is nothing to carry
/// (no such organisation, nothing published, the stores failing, no language the loader
/// could name): the loader then asks as it always does.
async fn for_loader(
    ctx: &Ctx,
    org: &OrgSlug,
    css: &str,
) -> Result<Option<(String, String)>, ApiError> {
    let asked = first_language(&ctx.req).filter(|t| {
        (1..=35).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    let Some(asked) = asked else {
        return Ok(None);
    };
    // Whatever stops the first view (nothing published, the stores failing) leaves the
    // plain loader: the app then says what is wrong and offers to try again, where a
    // failed script would show nothing at all.
    let Ok(snapshot) = Snapshot::load(&ctx.env, org).await else {
        return Ok(None);
    };
    let origin = http::origin(&ctx.req)?;
    let Ok((html, etag)) = first_view_of(
        &snapshot,
        &origin,
        Lang::choose(Some(&asked), None),
        None,
        None,
    ) else {
        return Ok(None);
    };
    /// `for`: the organisation and the query the loader would ask with, which it
    /// compares before it uses the HTML.
    #[derive(serde::Serialize)]
    struct Carried<'a> {
        #[serde(rename = "for")]
        answers: String,
        html: &'a str,
        css: &'a str,
    }
    let carried = serde_json::to_string(&Carried {
        answers: format!("{org}?lang={asked}"),
        html: &html,
        css,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Some((carried, etag)))
}

/// `GET /v1/widget.js` in the OpenAPI document.
pub const LOADER: Doc = Doc {
    id: "widgetLoader",
    summary: "The widget's loader, the script customers paste",
    description: "With `org`, the loader comes with that trust center's first view in the \
                  language of `Accept-Language`, so the badges show without a second \
                  request (cached as the first view is, for a minute); an organisation with \
                  nothing published, or no language, gets the plain loader.",
    answer: "The loader.",
    errors: &[(400, "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it."), (503, "The widget is not built into this deployment.")],
    headers: &[],
};

/// The loader's parameters.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct LoaderQuery {
    /// The organisation the tag's `data-org` names: the loader then carries its first
    /// view.
    #[cfg_attr(feature = "openapi", schemars(with = "Option<attest_core::OrgSlug>"))]
    org: Option<String>,
}

pub async fn loader(
    ctx: Ctx,
    Query(query): Query<LoaderQuery>,
) -> Result<Stored<Script>, ApiError> {
    let org = query
        .org
        .map(|org| OrgSlug::parse(org).map_err(|e| ApiError::invalid("org", e.message())))
        .transpose()?;
    let carried = match (&org, widget_files::stylesheet()) {
        (Some(org), Some(css)) => for_loader(&ctx, org, css).await?,
        _ => None,
    };
    let Some((carried, etag)) = carried else {
        return widget_files::plain_loader(&ctx.req).map(Stored::new);
    };
    let file = widget_files::loader_file()?;
    let source = widget_files::loader_source(file)?;
    let etag = format!(
        "\"{}\"",
        &crypto::sha256_hex(&format!("{}|{etag}", file.etag))[..32]
    );
    if http::not_modified(&ctx.req, &etag) {
        return http::respond_not_modified(&etag, CACHE_CONTROL).map(Stored::new);
    }
    let source = source.replacen(widget_files::CARRIED, &carried, 1);
    let mut response = widget_files::respond(source.into_bytes(), file, CACHE_CONTROL, &etag)?;
    response.headers_mut().set("vary", "accept-language")?;
    Ok(Stored::new(response))
}

/// `GET /trust/{org}` in the OpenAPI document.
pub const PAGE: Doc = Doc {
    id: "trustPage",
    summary: "The hosted trust center: a page of its own, readable without JavaScript",
    description: "The trust center rendered from the same components as the widget, one \
                  view a page (`view`), its tabs links to the others; with JavaScript, the \
                  widget's app takes it over and adds the forms. The address \
                  `security.txt`, e-mails and feeds point to.",
    answer: "The page.",
    errors: &[
        (
            400,
            "The slug, `lang` or `view` is not valid; `errors` names the field.",
        ),
        (
            404,
            "No such organisation, it has published nothing yet, or its trust center \
             has no such view (the FAQ, without questions).",
        ),
        (503, "The widget is not built into this deployment."),
    ],
    headers: &[],
};

pub async fn page(
    ctx: Ctx,
    org: OrgSlug,
    Query(rendering): Query<Hosted>,
) -> Result<Stored<Html>, ApiError> {
    let snapshot = Snapshot::load(&ctx.env, &org).await?;
    let profile = snapshot.profile()?;
    // The language asked for, else the visitor's first, else the profile's first.
    let asked = rendering.lang.clone().or_else(|| first_language(&ctx.req));
    let lang = Lang::choose(
        asked.as_deref(),
        profile.languages.first().map(|l| l.as_str()),
    );
    let build = build()?;
    let nonce = crypto::random_hex(16);
    let views = View::offered(&View::ALL, &profile);
    let current = rendering.view(&views)?;
    // Each view's address: this page's, with the view and any language asked for.
    let href = |view: View| {
        let mut query = Vec::new();
        if view != View::Overview {
            query.push(format!("view={}", view.key()));
        }
        if rendering.lang.is_some() {
            query.push(format!("lang={}", lang.tag()));
        }
        let query = query.join("&");
        format!(
            "/trust/{org}{}{query}",
            if query.is_empty() { "" } else { "?" }
        )
    };
    // The links name the language only where the address did.
    let origin = http::origin(&ctx.req)?;
    let key = format!(
        "{}|{}|{}|{origin}",
        lang.tag(),
        current.key(),
        rendering.lang.is_some()
    );
    let body = rendered(&snapshot, "page", &key, || {
        let html = render::render(lang, || {
            let profile = Arc::new(TrustProfile::clone(&profile));
            let href = views.iter().map(|v| href(*v)).collect();
            let api_base = origin.clone();
            view! { <Page profile=profile api_base=api_base views=views.clone() current=current href=href/> }
        });
        container(
            lang,
            build,
            (current != View::Overview).then_some(current),
            &html,
        )
    })?;
    let name = escape(profile.name.as_str());
    let description = escape(
        profile
            .tagline
            .as_ref()
            .map_or(profile.name.as_str(), |t| t.as_str()),
    );
    let trust_center = attest_views::i18n::LangStrings::strings(lang).trust_center;
    let head = head(&Head {
        origin: &origin,
        profile: &profile,
        lang,
        title: &format!("{} · {trust_center}", profile.name.as_str()),
        canonical: &href(current),
        languages: &languages(&profile)
            .into_iter()
            .map(|l| {
                let mut address = href(current);
                address.push(if address.contains('?') { '&' } else { '?' });
                address.push_str("lang=");
                address.push_str(l.tag());
                (l, address)
            })
            .collect::<Vec<_>>(),
        default: &{
            let mut address = format!("/trust/{org}");
            if current != View::Overview {
                address.push_str(&format!("?view={}", current.key()));
            }
            address
        },
    });
    let html = format!(
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{name} · {title}</title><meta name=\"description\" content=\"{description}\">\
         {head}<link rel=\"icon\" href=\"{ICON}\">\
         <style nonce=\"{nonce}\">{PAGE_STYLE}</style></head><body><main>\
         <attest-trust-center org=\"{org}\" lang=\"{tag}\" theme=\"auto\"><template shadowrootmode=\"open\">\
         <link rel=\"stylesheet\" href=\"/v1/assets/style-{build}.css\">{brand}{body}</template>\
         </attest-trust-center></main><script src=\"/v1/widget.js\" async></script></body></html>",
        tag = lang.tag(),
        title = escape(trust_center),
        // The organisation's colours (`#rrggbb`, checked when it was published), under
        // the page's: the same rule the loader and the app adopt as a stylesheet.
        brand = attest_views::brand(&profile).map_or(String::new(), |rule| {
            format!("<style nonce=\"{nonce}\">{rule}</style>")
        }),
    );
    let mut response = Response::from_html(html)?;
    let headers = response.headers_mut();
    headers.set(
        "content-security-policy",
        &format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' \
             'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'"
        ),
    )?;
    headers.set("cache-control", "public, max-age=60")?;
    headers.set("content-language", lang.tag())?;
    headers.set("vary", "accept-language")?;
    Ok(Stored::new(response))
}

/// The languages of the hosted page's alternates: those of the profile the trust center
/// is written in, each once.
fn languages(profile: &TrustProfile) -> Vec<Lang> {
    let mut languages: Vec<Lang> = Vec::new();
    for language in &profile.languages {
        if let Some(lang) = Lang::from_tag(language.as_str()) {
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
    }
    languages
}

/// What the hosted page's `<head>` says of it to search engines and to the previews of
/// links shared in chats and posts. Addresses are paths on `origin`.
struct Head<'a> {
    origin: &'a str,
    profile: &'a TrustProfile,
    lang: Lang,
    title: &'a str,
    /// This page's own address (the view, and the language where the address named it).
    canonical: &'a str,
    /// The page in each of the trust center's languages, when it has more than one.
    languages: &'a [(Lang, String)],
    /// The page for a visitor whose language none of those is (the browser's choice).
    default: &'a str,
}

/// The canonical address, the other languages (`hreflang`), and the Open Graph and
/// Twitter card tags: the name, the tagline and the logo.
fn head(head: &Head) -> String {
    let origin = head.origin;
    let mut out = format!(
        "<link rel=\"canonical\" href=\"{}\">",
        escape(&format!("{origin}{}", head.canonical))
    );
    if head.languages.len() > 1 {
        for (lang, address) in head.languages {
            out.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
                lang.tag(),
                escape(&format!("{origin}{address}"))
            ));
        }
        out.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">",
            escape(&format!("{origin}{}", head.default))
        ));
    }
    let description = head
        .profile
        .tagline
        .as_ref()
        .map_or(head.title, |t| t.as_str());
    let mut meta = |property: &str, attribute: &str, content: &str| {
        out.push_str(&format!(
            "<meta {attribute}=\"{property}\" content=\"{}\">",
            escape(content)
        ));
    };
    meta("og:type", "property", "website");
    meta("og:site_name", "property", head.profile.name.as_str());
    meta("og:title", "property", head.title);
    meta("og:description", "property", description);
    meta("og:url", "property", &format!("{origin}{}", head.canonical));
    meta("og:locale", "property", head.lang.tag());
    // The uploaded logo (from this edge), else the profile's link to one elsewhere.
    let uploaded = attest_views::logo_url(head.profile, origin);
    let logo = uploaded
        .as_deref()
        .or(head.profile.logo.as_ref().map(|l| l.as_str()));
    if let Some(logo) = logo {
        meta("og:image", "property", logo);
        meta("og:image:alt", "property", head.profile.name.as_str());
    }
    meta("twitter:card", "name", "summary");
    meta("twitter:title", "name", head.title);
    meta("twitter:description", "name", description);
    if let Some(logo) = logo {
        meta("twitter:image", "name", logo);
    }
    out
}

/// The hosted page's icon, in the page itself (a browser asks the edge for `/favicon.ico`
/// otherwise, and is told 404): a shield, as the trust center's own mark.
const ICON: &str =
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E\
%3Cpath d='M8 1 2 3.5v4C2 11 4.6 14 8 15c3.4-1 6-4 6-7.5v-4z' fill='%232b59c3'/%3E%3C/svg%3E";

/// The hosted page's own frame around the trust center (whose styles are its own).
const PAGE_STYLE: &str = "body{margin:0;background:#f5f7fa}main{max-width:60rem;margin:0 auto;\
padding:32px 16px}@media (prefers-color-scheme:dark){body{background:#12161d}}\
@media print{body{background:#fff}main{max-width:none;padding:0}}";

/// The first language of the request's `Accept-Language` (`de-CH` of `de-CH,de;q=0.9`).
fn first_language(req: &worker::Request) -> Option<String> {
    req.headers()
        .get("accept-language")
        .ok()
        .flatten()
        .and_then(|h| h.split([',', ';']).next().map(|t| t.trim().to_owned()))
}

/// The widget build the render is for: its stylesheet's hash, which the loader knows.
fn build() -> Result<&'static str, ApiError> {
    widget_files::stylesheet_hash().ok_or_else(|| {
        ApiError::Unavailable("the widget was not built into this Worker (make widget)".into())
    })
}

/// The render in the trust center's container, as the app's own render is placed;
/// `pending` is the view the app is to open on, when not the first.
fn container(lang: Lang, build: &str, pending: Option<View>, html: &str) -> String {
    let pending = pending.map_or(String::new(), |v| format!(" data-pending=\"{}\"", v.key()));
    format!(
        "<div class=\"attest\" part=\"container\" lang=\"{}\" data-rendered=\"edge\" \
         data-build=\"{build}\"{pending}>{html}</div>",
        lang.tag()
    )
}

/// A render of this snapshot, made once per isolate for each `key`.
fn rendered(
    snapshot: &Snapshot,
    kind: &'static str,
    key: &str,
    make: impl FnOnce() -> String,
) -> Result<Rc<String>, ApiError> {
    let renders = snapshot.made(kind, |_| {
        Ok(RefCell::new(HashMap::<String, Rc<String>>::new()))
    })?;
    if let Some(html) = renders.borrow().get(key) {
        return Ok(html.clone());
    }
    let html = Rc::new(make());
    renders.borrow_mut().insert(key.to_owned(), html.clone());
    Ok(html)
}
