//! Times and browsers written for people, in the member's language.

use crate::i18n::Lang;

/// An RFC 3339 time as "1 Dec 2026, 15:44" in `lang`, in the browser's time zone.
pub fn when(lang: Lang, rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let locales = js_sys::Array::of1(&lang.tag().into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| rfc3339.to_owned())
}

/// A date (`2026-12-01`, a deadline) as "1 Dec 2026" in `lang`: the day itself,
/// whatever the browser's time zone.
pub fn day(lang: Lang, date: &str) -> String {
    let parsed = js_sys::Date::new(&format!("{date}T00:00:00Z").into());
    if parsed.get_time().is_nan() {
        return date.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    let locales = js_sys::Array::of1(&lang.tag().into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    format
        .format()
        .call1(&format, &parsed)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| date.to_owned())
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
