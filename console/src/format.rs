//! Times and browsers written for people, in the member's language.

use crate::i18n::Lang;

/// An RFC 3339 time as "1 Dec 2026, 15:44" in `lang`, in the browser's time zone.
pub fn when(lang: Lang, rfc3339: &str) -> String {
    written(
        lang,
        rfc3339,
        rfc3339,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

/// A date (`2026-12-01`, a deadline) as "1 Dec 2026" in `lang`: the day itself,
/// whatever the browser's time zone.
pub fn day(lang: Lang, date: &str) -> String {
    written(
        lang,
        &format!("{date}T00:00:00Z"),
        date,
        &[("dateStyle", "medium"), ("timeZone", "UTC")],
    )
}

/// A month (`2026-12`) as "Dec 26" in `lang`.
pub fn month(lang: Lang, month: &str) -> String {
    written(
        lang,
        &format!("{month}-01T00:00:00Z"),
        month,
        &[("month", "short"), ("year", "2-digit"), ("timeZone", "UTC")],
    )
}

/// `time` (what `Date` parses) through `Intl.DateTimeFormat` with `options`; `raw` as
/// written when it does not parse.
fn written(lang: Lang, time: &str, raw: &str, options: &[(&str, &str)]) -> String {
    let date = js_sys::Date::new(&time.into());
    if date.get_time().is_nan() {
        return raw.to_owned();
    }
    let settings = js_sys::Object::new();
    for (name, value) in options {
        let _ = js_sys::Reflect::set(&settings, &(*name).into(), &(*value).into());
    }
    let locales = js_sys::Array::of1(&lang.tag().into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &settings);
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| raw.to_owned())
}

/// "Chrome on Linux" from a `User-Agent`, or the header itself when it names neither.
pub fn browser(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) if user_agent.is_empty() => "—".to_owned(),
        (None, None) => user_agent.chars().take(60).collect(),
    }
}
