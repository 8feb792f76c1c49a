//! Grants: access to the gated documents for a time, per document and per viewer; the
//! leak lookup by the reference printed on a copy; one grant with every copy taken (a
//! forwarded link shows as a new address), renewed or revoked.

use attest_core::members::Permission;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use super::{use_words, Documents};
use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, fill2, use_text, Lang};
use crate::session::use_session;
use crate::shell::{use_org, use_record};
use crate::ui::{rendered, Column, ConfirmButton, DataTable, FieldMessage, Loaded, Notice};

const STATUSES: [&str; 3] = ["active", "expired", "revoked"];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Grant {
    id: String,
    reference: String,
    document_title: String,
    request_id: String,
    status: String,
    name: Option<String>,
    company: Option<String>,
    email: Option<String>,
    granted_at: String,
    granted_by: String,
    rule: Option<String>,
    expires_at: String,
    renewed_at: Option<String>,
    renewed_by: Option<String>,
    revoked_at: Option<String>,
    revoked_by: Option<String>,
    erased_at: Option<String>,
    downloads: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Grants {
    grants: Vec<Grant>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Download {
    at: String,
    file_version: i64,
    address: Option<String>,
    user_agent: Option<String>,
    new_address: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    #[serde(flatten)]
    grant: Grant,
    download_log: Vec<Download>,
}

/// A grant's status in words.
pub fn status_label(w: &super::words::Words, status: &str) -> &'static str {
    STATUSES
        .iter()
        .position(|s| *s == status)
        .map_or("", |i| w.statuses[i])
}

fn status_badge(statuses: [&'static str; 3], status: &str) -> impl IntoView {
    let text = STATUSES
        .iter()
        .position(|s| *s == status)
        .map_or("", |i| statuses[i]);
    view! { <span class=format!("status status-grant-{status}") data-testid="grant-status">{text}</span> }
}

/// The leak lookup, then the grants with their filters.
#[component]
pub fn GrantsScreen() -> impl IntoView {
    let w = use_words();
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    let navigate = use_navigate();
    let reference = RwSignal::new(String::new());
    let lookup = Action::new_local(move |typed: &String| {
        let path = format!(
            "/v1/admin/orgs/{}/grants/lookup?reference={}",
            encode(&org.get_untracked()),
            encode(typed.trim())
        );
        async move { api::get::<Detail>(&path).await }
    });
    Effect::new(move || {
        if let Some(Ok(found)) = lookup.value().get() {
            navigate(
                &format!(
                    "/console/orgs/{}/grants/{}",
                    org.get_untracked(),
                    found.grant.id
                ),
                Default::default(),
            );
        }
    });
    let lookup_error = Signal::derive(move || {
        lookup
            .value()
            .get()
            .and_then(Result::err)
            .map(|p: Problem| {
                p.field("reference")
                    .unwrap_or_else(|| crate::ui::explain(&p, t.get_untracked()))
            })
    });
    let document = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let email_typed = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let documents = LocalResource::new(move || {
        let path = format!("/v1/admin/orgs/{}/documents", encode(&org.get()));
        async move { api::get::<Documents>(&path).await }
    });
    let grants = LocalResource::new(move || {
        let mut query = vec!["limit=200".to_owned()];
        for (name, value) in [
            ("document", document.get()),
            ("status", status.get()),
            ("email", email.get()),
        ] {
            if !value.is_empty() {
                query.push(format!("{name}={}", encode(&value)));
            }
        }
        let path = format!(
            "/v1/admin/orgs/{}/grants?{}",
            encode(&org.get()),
            query.join("&")
        );
        async move { api::get::<Grants>(&path).await }
    });
    view! {
        <section class="screen" aria-labelledby="grants-title">
            <div class="screen-head">
                <div>
                    <h1 id="grants-title">{move || w.get().grants_title}</h1>
                    <p class="lead">{move || w.get().grants_intro}</p>
                </div>
            </div>
            <section class="panel" aria-labelledby="lookup-title" data-testid="leak-lookup">
                <h2 id="lookup-title">{move || w.get().lookup_title}</h2>
                <p class="hint" id="lookup-hint">{move || w.get().lookup_intro}</p>
                <form class="search-row" on:submit=move |ev| { ev.prevent_default(); lookup.dispatch(reference.get_untracked()); }>
                    <label for="lookup-reference" class="visually-hidden">{move || w.get().lookup_label}</label>
                    <input
                        id="lookup-reference"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="7K3Q-9XWM"
                        aria-describedby="lookup-hint lookup-error"
                        aria-invalid=move || lookup_error.get().is_some().to_string()
                        prop:value=move || reference.get()
                        on:input=move |ev| reference.set(event_target_value(&ev))
                    />
                    <button type="submit" class="primary" data-testid="look-up" disabled=move || lookup.pending().get()>{move || w.get().lookup_button}</button>
                </form>
                <FieldMessage id="lookup-error" message=lookup_error/>
            </section>
            <form class="filters" role="search" aria-label=move || t.get().filters on:submit=move |ev| { ev.prevent_default(); email.set(email_typed.get_untracked().trim().to_owned()); }>
                <div class="field">
                    <label for="grant-document">{move || w.get().filter_document}</label>
                    <select id="grant-document" data-testid="grant-document" prop:value=move || document.get() on:change=move |ev| document.set(event_target_value(&ev))>
                        <option value="">{move || w.get().any_document}</option>
                        {move || documents.get().and_then(Result::ok).map(|d| d.documents.into_iter().map(|d| view! {
                            <option value=d.id.clone()>{d.title.clone()}</option>
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="grant-status">{move || t.get().filter_status}</label>
                    <select id="grant-status" data-testid="grant-status-filter" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{move || t.get().filter_any}</option>
                        {move || STATUSES.iter().zip(w.get().statuses).map(|(key, text)| view! { <option value=*key>{text}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field search">
                    <label for="grant-email">{move || w.get().filter_email}</label>
                    <span class="search-row">
                        <input id="grant-email" type="search" autocomplete="off" spellcheck="false"
                            prop:value=move || email_typed.get() on:input=move |ev| email_typed.set(event_target_value(&ev))/>
                        <button type="submit" class="secondary">{move || t.get().filter_search}</button>
                    </span>
                </div>
            </form>
            <Loaded
                retry=move || grants.refetch()
                render=move || rendered(async move {
                    let list = grants.await?;
                    let w = w.get();
                    let lang = lang.get();
                    if list.grants.is_empty() {
                        return Ok(view! { <p class="empty" data-testid="grants-empty">{w.no_grants}</p> }.into_any());
                    }
                    let org = org.get();
                    let rows = list.grants.into_iter().map(|g| {
                        let href = format!("/console/orgs/{org}/grants/{}", g.id);
                        view! {
                            <tr data-testid="grant">
                                <th scope="row"><A href=href attr:class="reference">{g.reference.clone()}</A></th>
                                <td>{g.document_title.clone()}</td>
                                <td class="who-cell">
                                    <span class="who-name">{g.name.clone().unwrap_or_default()}</span>
                                    " "<span class="who-email">{g.email.clone().unwrap_or_default()}</span>
                                </td>
                                <td>{status_badge(w.statuses, &g.status)}</td>
                                <td><time datetime=g.expires_at.clone()>{format::when(lang, &g.expires_at)}</time></td>
                                <td class="number">{g.downloads}</td>
                            </tr>
                        }
                    }).collect_view();
                    Ok(view! {
                        <DataTable testid="grants" columns=vec![
                            Column::text(w.col_reference),
                            Column::text(w.col_document),
                            Column::text(w.col_viewer),
                            Column::text(w.col_status),
                            Column::text(w.col_expires),
                            Column::number(w.col_downloads),
                        ]>{rows}</DataTable>
                    }.into_any())
                })
            />
        </section>
    }
}

#[derive(Serialize)]
struct Renewal {
    days: i64,
}

/// One grant: its viewer, its dates, every copy taken; renew or revoke it.
#[component]
pub fn GrantScreen() -> impl IntoView {
    let w = use_words();
    let t = use_text();
    let org = use_org();
    let session = use_session();
    let lang = expect_context::<RwSignal<Lang>>();
    let (id, base, grant) = use_record::<Detail>("grants");
    let may_change = move || {
        session
            .member()
            .is_some_and(|m| m.may(&org.get(), Permission::DecideDocumentRequests))
    };
    let days = RwSignal::new("30".to_owned());
    let notice = RwSignal::new(None::<String>);
    let act = Action::new_local(move |what: &&'static str| {
        let what = *what;
        let path = format!("{}/{what}", base());
        let days: i64 = days.get_untracked().trim().parse().unwrap_or(0);
        async move {
            let answer = if what == "renew" {
                api::post::<serde::de::IgnoredAny>(&path, &Renewal { days }).await
            } else {
                api::post::<serde::de::IgnoredAny>(&path, &serde_json::json!({})).await
            };
            (what, answer)
        }
    });
    Effect::new(move || {
        if let Some((what, Ok(_))) = act.value().get() {
            let w = w.get_untracked();
            notice.set(Some(
                if what == "renew" {
                    w.renewed_notice
                } else {
                    w.revoked_notice
                }
                .to_owned(),
            ));
            grant.refetch();
        }
    });
    Effect::new(move || {
        id.track();
        notice.set(None);
        act.value().set(None);
    });
    let problem = move || act.value().get().and_then(|(_, a)| a.err());
    let days_error = Signal::derive(move || problem().and_then(|p| p.field("days")));
    view! {
        <section class="screen request" aria-labelledby="grant-title">
            <A href=move || format!("/console/orgs/{}/grants", org.get()) attr:class="back">
                {move || format!("← {}", w.get().back_to_grants)}
            </A>
            <Loaded
                retry=move || grant.refetch()
                render=move || rendered(async move {
                    let detail = grant.await?;
                    let w = w.get();
                    let t = t.get();
                    let lang = lang.get();
                    let g = detail.grant.clone();
                    let when = move |at: &str| view! { <time datetime=at.to_owned()>{format::when(lang, at)}</time> };
                    let viewer = match &g.erased_at {
                        Some(at) => view! { <p class="hint" data-testid="erased">{fill(w.erased, &format::when(lang, at))}</p> }.into_any(),
                        None => view! {
                            <dl class="facts" data-testid="viewer">
                                <div><dt>{t.field_name}</dt><dd>{g.name.clone().unwrap_or_default()}</dd></div>
                                <div><dt>{t.field_company}</dt><dd>{g.company.clone().unwrap_or_default()}</dd></div>
                                <div><dt>{t.field_email}</dt><dd data-testid="viewer-email">{g.email.clone().unwrap_or_default()}</dd></div>
                            </dl>
                        }.into_any(),
                    };
                    let granted_by = match &g.rule {
                        Some(rule) => fill(w.by_rule, rule),
                        None => g.granted_by.clone(),
                    };
                    let log = if detail.download_log.is_empty() {
                        view! { <p class="empty" data-testid="no-downloads">{w.no_downloads}</p> }.into_any()
                    } else {
                        let rows = detail.download_log.iter().map(|d| view! {
                            <tr data-testid="download">
                                <th scope="row">{when(&d.at)}</th>
                                <td class="number">{d.file_version}</td>
                                <td>
                                    {d.address.clone().unwrap_or_default()}
                                    {d.new_address.then(|| view! { " " <span class="status status-grant-revoked" data-testid="new-address">{w.new_address}</span> })}
                                </td>
                                <td>{d.user_agent.as_deref().map(format::browser).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view();
                        view! {
                            <DataTable testid="downloads" columns=vec![
                                Column::text(w.col_time),
                                Column::number(w.col_version),
                                Column::text(w.col_address),
                                Column::text(w.col_browser),
                            ]>{rows}</DataTable>
                        }.into_any()
                    };
                    let actions = (may_change() && g.status != "revoked" && g.erased_at.is_none()).then(|| {
                        let reference = g.reference.clone();
                        view! {
                            <form class="stack" data-testid="renew" novalidate on:submit=move |ev| { ev.prevent_default(); act.dispatch("renew"); }>
                                <label for="renew-days">{w.renew_days}</label>
                                <input id="renew-days" type="number" min="1" max="90"
                                    aria-describedby="renew-days-error"
                                    aria-invalid=move || days_error.get().is_some().to_string()
                                    prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                                <FieldMessage id="renew-days-error" message=days_error/>
                                <span class="row">
                                    <button type="submit" class="primary" data-testid="renew-grant" disabled=move || act.pending().get()>{w.renew}</button>
                                    <ConfirmButton
                                        label=w.revoke.to_owned()
                                        describe=fill(w.revoke_describe, &reference)
                                        on_confirm=move |_| { act.dispatch("revoke"); }
                                        testid="revoke-grant"
                                    />
                                </span>
                            </form>
                        }
                    });
                    Ok(view! {
                        <h1 id="grant-title">{fill(w.grant_title, &g.reference)}</h1>
                        <Notice message=notice/>
                        {move || problem().filter(|p| p.field("days").is_none()).map(|p| view! {
                            <p class="alert error" role="alert">{crate::ui::explain(&p, t)}</p>
                        })}
                        <dl class="facts" data-testid="facts">
                            <div><dt>{w.col_document}</dt><dd>{g.document_title.clone()}</dd></div>
                            <div><dt>{w.col_status}</dt><dd>{status_badge(w.statuses, &g.status)}</dd></div>
                            <div><dt>{w.granted}</dt><dd>{when(&g.granted_at)}" · "{granted_by}</dd></div>
                            <div><dt>{w.expires}</dt><dd data-testid="expires">{when(&g.expires_at)}</dd></div>
                            {g.renewed_at.clone().map(|at| view! { <div><dt>{w.renewed}</dt><dd>{when(&at)}" · "{g.renewed_by.clone().unwrap_or_default()}</dd></div> })}
                            {g.revoked_at.clone().map(|at| view! { <div><dt>{w.revoked}</dt><dd>{when(&at)}" · "{g.revoked_by.clone().unwrap_or_default()}</dd></div> })}
                            <div><dt>{w.request}</dt><dd><A href=format!("/console/orgs/{}/documents/{}", org.get_untracked(), g.request_id) attr:class="reference">{g.request_id.clone()}</A></dd></div>
                        </dl>
                        <h2>{w.viewer}</h2>
                        {viewer}
                        <h2>{fill2("{} ({})", w.downloads_title, &g.downloads.to_string())}</h2>
                        {log}
                        {actions}
                    }.into_any())
                })
            />
        </section>
    }
}
