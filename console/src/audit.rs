//! The organisation's audit log, newest first: who did what, to what, when — members by
//! name —, filtered in the address (action, who, target, days), each entry's before and
//! after as a diff, and whether the hash chain holds, with the way to the entry where it
//! breaks.

use attest_core::date::Date;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::Deserialize;
use serde_json::Value;

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang, Strings};
use crate::shell::{replace, use_org};
use crate::ui::{explain, filter_search, filter_select, Column, DataTable, Failed, Loading};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    #[serde(default)]
    before: Option<Value>,
    #[serde(default)]
    after: Option<Value>,
    #[serde(default)]
    actor_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    entries: Vec<Entry>,
    #[serde(default)]
    next_before: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verified {
    ok: bool,
    entries: usize,
    first_bad_seq: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Facet {
    value: String,
    entries: i64,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Facets {
    actions: Vec<Facet>,
    actors: Vec<Facet>,
}

const PAGE: u32 = 50;

/// The filters the address holds.
#[derive(Debug, Clone, PartialEq, Default)]
struct Filters {
    action: String,
    actor: String,
    target: String,
    /// Days, `YYYY-MM-DD` (UTC), both included.
    since: String,
    until: String,
    /// Start at this entry and go back from it (the chain's first broken entry).
    from: Option<i64>,
}

impl Filters {
    fn from_address(get: impl Fn(&str) -> String) -> Self {
        Self {
            action: get("action"),
            actor: get("actor"),
            target: get("target"),
            since: Date::parse(&get("since"))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            until: Date::parse(&get("until"))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            from: get("from").parse().ok().filter(|seq| *seq > 0),
        }
    }

    fn api_query(&self) -> String {
        let mut query = String::new();
        let mut add = |name: &str, value: &str| {
            if !value.is_empty() {
                query.push_str(&format!("&{name}={}", encode(value)));
            }
        };
        add("action", &self.action);
        add("actor", &self.actor);
        add("target", &self.target);
        if let Ok(day) = Date::parse(&self.since) {
            add("since", &format!("{day}T00:00:00Z"));
        }
        if let Ok(day) = Date::parse(&self.until) {
            add("until", &format!("{}T00:00:00Z", day.add_days(1)));
        }
        query
    }

    fn address_query(&self) -> String {
        let from = self.from.map(|seq| seq.to_string()).unwrap_or_default();
        let parts: Vec<String> = [
            ("action", &self.action),
            ("actor", &self.actor),
            ("target", &self.target),
            ("since", &self.since),
            ("until", &self.until),
            ("from", &from),
        ]
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    fn any(&self) -> bool {
        *self != Self::default()
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        let q = query.get();
        Filters::from_address(|name| q.get(name).unwrap_or_default())
    });
    let go = move |next: Filters| {
        navigate(
            &format!(
                "/console/orgs/{}/audit{}",
                org.get_untracked(),
                next.address_query()
            ),
            replace(),
        );
    };
    let go = StoredValue::new_local(go);
    let set = move |change: &dyn Fn(&mut Filters)| {
        let mut next = filters.get_untracked();
        change(&mut next);
        // A new filter reads from the newest entry again.
        next.from = None;
        go.with_value(|go| go(next));
    };
    let set = StoredValue::new_local(set);
    // "Older" continues the list shown from its cursor; the cursor is tagged with the list
    // it belongs to, so a new filter, organisation or starting point never continues an
    // old one.
    let older = RwSignal::new(None::<(String, i64)>);
    // The entries shown, and for which list.
    let shown = RwSignal::new((String::new(), Vec::<Entry>::new()));
    let page = LocalResource::new(move || {
        let org = org.get();
        let filters = filters.get();
        // A list that starts elsewhere (`from`) is another list.
        let key = format!("{org}{}&from={:?}", filters.api_query(), filters.from);
        let before = match older.get() {
            Some((list, seq)) if list == key => Some(seq),
            _ => filters.from.map(|seq| seq + 1),
        };
        async move {
            let mut path = format!(
                "/v1/admin/orgs/{}/audit?order=newest&limit={PAGE}{}",
                encode(&org),
                filters.api_query()
            );
            if let Some(before) = before {
                path.push_str(&format!("&before={before}"));
            }
            api::get::<Page>(&path).await.map(|page| (key, page))
        }
    });
    let chain = LocalResource::new(move || {
        let org = org.get();
        async move {
            api::get::<Verified>(&format!("/v1/admin/orgs/{}/audit/verify", encode(&org))).await
        }
    });
    let facets = LocalResource::new(move || {
        let org = org.get();
        async move { api::get::<Facets>(&format!("/v1/admin/orgs/{}/audit/facets", encode(&org))).await }
    });
    let next = RwSignal::new(None::<i64>);
    Effect::new(move || {
        if let Some(Ok((key, page))) = page.get() {
            next.set(page.next_before);
            shown.update(|(whose, all)| {
                if *whose != key {
                    *whose = key;
                    all.clear();
                }
                for entry in page.entries {
                    if !all.iter().any(|e| e.seq == entry.seq) {
                        all.push(entry);
                    }
                }
            });
        }
    });
    // Which entries show what changed.
    let open = RwSignal::new(Vec::<i64>::new());
    let target = RwSignal::new(String::new());
    Effect::new(move || target.set(filters.get().target));

    // Built once per language and set of facets, so a change keeps the focus where it is;
    // the controls follow the address.
    let filter_bar = move || {
        let t = t.get();
        let f = filters.get_untracked();
        let facets = facets.get().and_then(Result::ok);
        let mut actions = vec![(String::new(), t.filter_any.to_owned())];
        let mut actors = actions.clone();
        if let Some(facets) = facets {
            actions.extend(
                facets
                    .actions
                    .into_iter()
                    .map(|a| (a.value.clone(), format!("{} ({})", a.value, a.entries))),
            );
            actors.extend(facets.actors.into_iter().map(|a| {
                let who = a.name.clone().unwrap_or_else(|| a.value.clone());
                (a.value, format!("{who} ({})", a.entries))
            }));
        }
        // A filter from a link that the facets do not hold still shows as chosen.
        for (options, current) in [(&mut actions, &f.action), (&mut actors, &f.actor)] {
            if !current.is_empty() && !options.iter().any(|(v, _)| v == current) {
                options.push((current.clone(), current.clone()));
            }
        }
        let select = move |id: &'static str,
                           heading: &'static str,
                           current: String,
                           options: Vec<(String, String)>,
                           apply: fn(&mut Filters, String),
                           of: fn(&Filters) -> String| {
            filter_select(
                id,
                heading,
                current,
                options,
                move || of(&filters.get()),
                move |value| set.with_value(|set| set(&|f: &mut Filters| apply(f, value.clone()))),
            )
        };
        let day = move |id: &'static str,
                        heading: &'static str,
                        apply: fn(&mut Filters, String),
                        of: fn(&Filters) -> String| {
            view! {
                <div class="field">
                    <label for=id>{heading}</label>
                    <input
                        id=id
                        type="date"
                        prop:value=move || of(&filters.get())
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            set.with_value(|set| set(&|f: &mut Filters| apply(f, value.clone())));
                        }
                    />
                </div>
            }
        };
        view! {
            <form
                class="filters"
                role="search"
                aria-label=t.audit_filters
                on:submit=move |ev| {
                    ev.prevent_default();
                    let value = target.get_untracked().trim().to_owned();
                    set.with_value(|set| set(&|f: &mut Filters| f.target = value.clone()));
                }
            >
                {select("filter-action", t.col_action, f.action.clone(), actions, |f, v| f.action = v, |f| f.action.clone())}
                {select("filter-actor", t.col_who, f.actor.clone(), actors, |f, v| f.actor = v, |f| f.actor.clone())}
                {day("filter-since", t.audit_since, |f, v| f.since = v, |f| f.since.clone())}
                {day("filter-until", t.audit_until, |f, v| f.until = v, |f| f.until.clone())}
                {filter_search("filter-target", t.col_target, target, t.filter_search)}
                <button
                    type="button"
                    class="secondary end"
                    data-testid="clear-filters"
                    prop:hidden=move || !filters.get().any()
                    on:click=move |_| go.with_value(|go| go(Filters::default()))
                >
                    {t.audit_clear}
                </button>
            </form>
        }
    };

    view! {
        <section class="screen" aria-labelledby="audit-title">
            <div class="screen-head">
                <div>
                <h1 id="audit-title">{move || t.get().audit_title}</h1>
                <p class="lead">{move || t.get().audit_intro}</p>
                </div>
                {crate::ui::export_link(move || format!("/v1/admin/orgs/{}/audit.csv?order=newest{}", encode(&org.get()), filters.get().api_query()))}
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let t = t.get();
                    match chain.await {
                        Ok(v) if v.ok => EitherOf3::A(view! { <p class="alert success" data-testid="chain">{fill(t.chain_ok, &v.entries.to_string())}</p> }),
                        Ok(v) => {
                            let bad = v.first_bad_seq;
                            let seq = bad.map(|s| s.to_string()).unwrap_or_default();
                            EitherOf3::B(view! {
                                <div class="alert error" role="alert" data-testid="chain">
                                    <p>{fill(t.chain_broken, &seq)}</p>
                                    {bad.map(|seq| view! {
                                        <button
                                            type="button"
                                            class="secondary"
                                            data-testid="show-broken"
                                            on:click=move |_| {
                                                open.set(vec![seq]);
                                                go.with_value(|go| go(Filters { from: Some(seq), ..Filters::default() }));
                                            }
                                        >
                                            {fill(t.chain_show, &seq.to_string())}
                                        </button>
                                    })}
                                </div>
                            })
                        }
                        Err(problem) => EitherOf3::C(view! { <p class="alert error" role="alert" data-testid="chain">{explain(&problem, t)}</p> }),
                    }
                })}
            </Transition>
            {filter_bar}
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || page.refetch()/> }>
                    {move || Suspend::new(async move {
                        page.await?;
                        let t = t.get();
                        let lang = lang.get();
                        let entries = shown.get().1;
                        if entries.is_empty() {
                            let none = if filters.get().any() { t.audit_none_match } else { t.audit_none };
                            return Ok::<_, Problem>(Either::Left(view! { <p class="empty" data-testid="audit-empty">{none}</p> }));
                        }
                        let rows = entries.into_iter().map(|e| {
                            let seq = e.seq;
                            let is_open = move || open.get().contains(&seq);
                            let region = format!("audit-change-{seq}");
                            let who = who(&e);
                            let changes = changes(e.before.as_ref(), e.after.as_ref());
                            view! {
                                <tr data-testid="audit-entry" data-seq=seq.to_string()>
                                    <td class="number">{seq}</td>
                                    <td><time datetime=e.at.clone()>{format::when(lang, &e.at)}</time></td>
                                    <td>{who}</td>
                                    <td><code>{e.action.clone()}</code></td>
                                    <td class="target">{e.target.clone()}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="link"
                                            data-testid="show-change"
                                            aria-expanded=move || is_open().to_string()
                                            aria-controls=region.clone()
                                            on:click=move |_| open.update(|o| {
                                                if let Some(i) = o.iter().position(|s| *s == seq) {
                                                    o.remove(i);
                                                } else {
                                                    o.push(seq);
                                                }
                                            })
                                        >
                                            {t.audit_change}
                                            <span class="visually-hidden">{format!(" #{seq}")}</span>
                                        </button>
                                    </td>
                                </tr>
                                <tr class="change-row" id=region hidden=move || !is_open()>
                                    <td colspan="6">{change_view(t, changes)}</td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(Either::Right(view! {
                            <DataTable
                                testid="audit"
                                columns=vec![
                                    Column::number(t.col_entry),
                                    Column::text(t.col_when),
                                    Column::text(t.col_who),
                                    Column::text(t.col_action),
                                    Column::text(t.col_target),
                                ]
                                actions=t.audit_change
                            >
                                {rows}
                            </DataTable>
                        }))
                    })}
                </ErrorBoundary>
            </Transition>
            {move || next.get().map(|seq| view! {
                <button type="button" class="secondary" data-testid="older" on:click=move |_| older.set(Some((shown.get_untracked().0, seq)))>
                    {t.get().audit_more}
                </button>
            })}
        </section>
    }
}

/// "Adam Admin (adam.admin@…)" for a member, the token's or the edge's own name otherwise.
fn who(entry: &Entry) -> impl IntoView {
    match (&entry.actor_name, entry.actor.strip_prefix("member:")) {
        (Some(name), Some(email)) => Either::Left(view! {
            <span class="who-cell"><span>{name.clone()}</span><span class="hint">{email.to_owned()}</span></span>
        }),
        _ => Either::Right(view! { <span>{entry.actor.clone()}</span> }),
    }
}

/// What one entry changed: every field of the record that differs, as `path`, before and
/// after (`None`: absent on that side), and how many fields stayed the same.
#[derive(Debug, Clone, PartialEq, Default)]
struct Changes {
    fields: Vec<(String, Option<String>, Option<String>)>,
    unchanged: usize,
}

/// The fields of a recorded before/after, flattened to dotted paths (`badges[0].name`):
/// scalars as written, `null` as `null`.
fn flatten(value: &Value, path: &str, into: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, value) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(value, &path, into);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, &format!("{path}[{i}]"), into);
            }
        }
        Value::String(text) => into.push((path.to_owned(), text.clone())),
        other => into.push((path.to_owned(), other.to_string())),
    }
}

fn changes(before: Option<&Value>, after: Option<&Value>) -> Changes {
    let fields = |value: Option<&Value>| {
        let mut fields = Vec::new();
        if let Some(value) = value {
            flatten(value, "", &mut fields);
        }
        fields
    };
    let (before, after) = (fields(before), fields(after));
    let mut paths: Vec<&String> = before.iter().chain(&after).map(|(p, _)| p).collect();
    paths.sort();
    paths.dedup();
    let find = |fields: &[(String, String)], path: &str| {
        fields
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.clone())
    };
    let mut changes = Changes::default();
    for path in paths {
        let (was, is) = (find(&before, path), find(&after, path));
        if was == is {
            changes.unchanged += 1;
        } else {
            changes.fields.push((path.clone(), was, is));
        }
    }
    changes
}

fn change_view(t: &'static Strings, changes: Changes) -> impl IntoView {
    if changes.fields.is_empty() {
        let said = if changes.unchanged == 0 {
            t.audit_no_change
        } else {
            t.audit_same
        };
        return Either::Left(view! { <p class="hint">{said}</p> });
    }
    let absent = || view! { <span class="hint">"—"</span> };
    let rows = changes
        .fields
        .into_iter()
        .map(|(path, was, is)| {
            let path = if path.is_empty() { "·".to_owned() } else { path };
            view! {
                <tr>
                    <th scope="row"><code>{path}</code></th>
                    <td class="was">{was.map_or_else(|| Either::Left(absent()), |v| Either::Right(view! { <del>{v}</del> }))}</td>
                    <td class="is">{is.map_or_else(|| Either::Left(absent()), |v| Either::Right(view! { <ins>{v}</ins> }))}</td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <table class="diff" data-testid="diff">
            <thead>
                <tr>
                    <th scope="col">{t.col_field}</th>
                    <th scope="col">{t.col_before}</th>
                    <th scope="col">{t.col_after}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(changes.unchanged > 0).then(|| view! {
            <p class="hint">{fill(t.audit_unchanged, &changes.unchanged.to_string())}</p>
        })}
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_lists_only_the_fields_that_differ() {
        let before = json!({ "role": "editor", "name": "Ada", "tags": ["a", "b"] });
        let after = json!({ "role": "admin", "name": "Ada", "tags": ["a"], "new": null });
        let changes = changes(Some(&before), Some(&after));
        assert_eq!(
            changes.fields,
            vec![
                ("new".into(), None, Some("null".into())),
                ("role".into(), Some("editor".into()), Some("admin".into())),
                ("tags[1]".into(), Some("b".into()), None),
            ]
        );
        assert_eq!(changes.unchanged, 2);
    }

    #[test]
    fn a_creation_shows_every_field_as_new_and_nested_ones_by_path() {
        let after = json!({ "badges": [{ "name": "SOC 2" }], "count": 2 });
        let changes = changes(None, Some(&after));
        assert_eq!(
            changes.fields,
            vec![
                ("badges[0].name".into(), None, Some("SOC 2".into())),
                ("count".into(), None, Some("2".into())),
            ]
        );
    }

    #[test]
    fn filters_travel_in_the_address_and_days_include_their_last() {
        let address = [
            ("action", "member.joined"),
            ("actor", "member:ada@example.com"),
            ("since", "2026-12-01"),
            ("until", "2026-12-06"),
            ("from", "17"),
        ];
        let get = |name: &str| {
            address
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or_default()
        };
        let filters = Filters::from_address(get);
        assert_eq!(filters.from, Some(17));
        assert_eq!(
            filters.api_query(),
            "&action=member.joined&actor=member%3Aada%40example.com\
             &since=2026-12-01T00%3A00%3A00Z&until=2026-12-07T00%3A00%3A00Z"
        );
        assert!(filters
            .address_query()
            .starts_with("?action=member.joined&actor="));
        let junk = Filters::from_address(|name| {
            if name == "since" {
                "yesterday".into()
            } else {
                String::new()
            }
        });
        assert!(!junk.any(), "a day that is not a date is no filter");
    }
}
