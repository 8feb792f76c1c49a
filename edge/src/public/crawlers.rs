//! What search engines read: `robots.txt`, which lets them at the hosted trust centers
//! (and the files those pages load) and nothing else, and `sitemap.xml`, which lists the
//! hosted page of every organisation that has published.

use serde::Deserialize;
use worker::{query, Response};

use crate::router::{Ctx, Doc, Page, PlainText, Xml};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::storage::{self, DB};

/// A sitemap holds at most 50,000 addresses (sitemaps.org); past that, the newest
/// publishers are listed first and the rest wait for a sitemap index.
const SITEMAP_LIMIT: u32 = 50_000;

/// `GET /robots.txt` in the OpenAPI document.
pub const ROBOTS: Doc = Doc {
    id: "robotsTxt",
    summary: "What crawlers may read: the hosted trust centers and the files they load",
    description: "Everything else the edge serves (the API, the console, sign-in, links \
                  from e-mails) is disallowed; the file names the sitemap.",
    answer: "The file.",
    errors: &[],
    headers: &[],
};

pub async fn robots(ctx: Ctx) -> Result<Page<PlainText>, ApiError> {
    let origin = http::origin(&ctx.req)?;
    let text = format!(
        "# The hosted trust centers are for everyone, search engines included; the rest of\n\
         # this address is an API, a console and links from e-mails.\n\
         User-agent: *\n\
         Allow: /trust/\n\
         Allow: /v1/widget.js\n\
         Allow: /v1/assets/\n\
         Allow: /v1/orgs/*/first-view\n\
         Disallow: /\n\
         \n\
         Sitemap: {origin}/sitemap.xml\n"
    );
    let mut response = Response::from_bytes(text.into_bytes())?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/plain; charset=utf-8")?;
    headers.set("cache-control", "public, max-age=86400")?;
    Ok(Page::new(response))
}

/// `GET /sitemap.xml` in the OpenAPI document.
pub const SITEMAP: Doc = Doc {
    id: "sitemap",
    summary: "The hosted trust center of every organisation that has published",
    description: "One address per organisation (`/trust/{org}`, whose tabs link its other \
                  views), with the day of its latest publish as `lastmod`; the newest \
                  first, at most 50,000 (the sitemap protocol's limit).",
    answer: "The sitemap (sitemaps.org 0.9).",
    errors: &[],
    headers: &[],
};

#[derive(Deserialize)]
struct Published {
    org: String,
    at: String,
}

pub async fn sitemap(ctx: Ctx) -> Result<Page<Xml>, ApiError> {
    let origin = http::origin(&ctx.req)?;
    let db = ctx.env.d1(DB)?;
    let published: Vec<Published> = storage::all(query!(
        &db,
        "SELECT org, max(published_at) AS at FROM profile_versions
         GROUP BY org ORDER BY at DESC, org LIMIT ?1",
        SITEMAP_LIMIT
    )?)
    .await?;
    Ok(Page::new(xml_response(sitemap_xml(&origin, &published))?))
}

fn xml_response(xml: String) -> Result<Response, ApiError> {
    let mut response = Response::from_bytes(xml.into_bytes())?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/xml; charset=utf-8")?;
    headers.set("cache-control", "public, max-age=3600")?;
    Ok(response)
}

/// The sitemap of `published` (slug, time of the latest publish). Slugs are lower-case
/// letters, digits and hyphens, so an address needs no escaping; the origin is the
/// request's own.
fn sitemap_xml(origin: &str, published: &[Published]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in published {
        let day = entry.at.get(..10).unwrap_or_default();
        xml.push_str(&format!(
            "<url><loc>{}/trust/{}</loc><lastmod>{}</lastmod></url>\n",
            crate::public::pages::escape(origin),
            crate::public::pages::escape(&entry.org),
            crate::public::pages::escape(day),
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sitemap_lists_each_hosted_page_with_its_day() {
        let xml = sitemap_xml(
            "https://trust.example",
            &[
                Published {
                    org: "vinterre".into(),
                    at: "2026-12-01T10:00:00Z".into(),
                },
                Published {
                    org: "wintro".into(),
                    at: "2026-11-30T09:00:00Z".into(),
                },
            ],
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"));
        assert!(xml.contains(
            "<url><loc>https://trust.example/trust/vinterre</loc><lastmod>2026-12-01</lastmod></url>"
        ));
        assert!(xml.contains("<loc>https://trust.example/trust/wintro</loc>"));
        assert!(xml.ends_with("</urlset>\n"));
    }
}
