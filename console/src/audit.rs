//! The organisation's audit log, newest first: who did what, to what, when — members by
//! name — and whether the hash chain holds.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use serde::Deserialize;

use crate::api::{self, encode, Problem};
use crate::format;
use crate::i18n::{fill, use_text, Lang};
use crate::shell::use_org;
use crate::ui::{explain, Column, DataTable, Failed, Loading};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
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

const PAGE: u32 = 50;

#[component]
pub fn AuditLog() -> impl IntoView {
    let t = use_text();
    let org = use_org();
    let lang = expect_context::<RwSignal<Lang>>();
    // The pages shown so far; "older" adds one.
    let before = RwSignal::new(None::<i64>);
    // The entries shown, and whose (a change of organisation starts again).
    let shown = RwSignal::new((String::new(), Vec::<Entry>::new()));
    Effect::watch(move || org.get(), move |_, _, _| before.set(None), false);
    let page = LocalResource::new(move || {
        let org = org.get();
        let before = before.get();
        async move {
            let mut path = format!(
                "/v1/admin/orgs/{}/audit?order=newest&limit={PAGE}",
                encode(&org)
            );
            if let Some(before) = before {
                path.push_str(&format!("&before={before}"));
            }
            api::get::<Page>(&path).await.map(|page| (org, page))
        }
    });
    let chain = LocalResource::new(move || {
        let org = org.get();
        async move {
            api::get::<Verified>(&format!("/v1/admin/orgs/{}/audit/verify", encode(&org))).await
        }
    });
    let next = RwSignal::new(None::<i64>);
    Effect::new(move || {
        if let Some(Ok((org, page))) = page.get() {
            next.set(page.next_before);
            shown.update(|(whose, all)| {
                if *whose != org {
                    *whose = org;
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
    view! {
        <section class="screen" aria-labelledby="audit-title">
            <h1 id="audit-title">{move || t.get().audit_title}</h1>
            <p class="lead">{move || t.get().audit_intro}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let t = t.get();
                    match chain.await {
                        Ok(v) if v.ok => EitherOf3::A(view! { <p class="alert success" data-testid="chain">{fill(t.chain_ok, &v.entries.to_string())}</p> }),
                        Ok(v) => {
                            let seq = v.first_bad_seq.map(|s| s.to_string()).unwrap_or_default();
                            EitherOf3::B(view! { <p class="alert error" role="alert" data-testid="chain">{fill(t.chain_broken, &seq)}</p> })
                        }
                        Err(problem) => EitherOf3::C(view! { <p class="alert error" role="alert" data-testid="chain">{explain(&problem, t)}</p> }),
                    }
                })}
            </Transition>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=move || page.refetch()/> }>
                    {move || Suspend::new(async move {
                        page.await?;
                        let t = t.get();
                        let lang = lang.get();
                        let entries = shown.get().1;
                        if entries.is_empty() {
                            return Ok::<_, Problem>(Either::Left(view! { <p class="empty">{t.audit_none}</p> }));
                        }
                        let rows = entries.into_iter().map(|e| {
                            let who = who(&e);
                            view! {
                                <tr data-testid="audit-entry">
                                    <td><time datetime=e.at.clone()>{format::when(lang, &e.at)}</time></td>
                                    <td>{who}</td>
                                    <td><code>{e.action.clone()}</code></td>
                                    <td class="target">{e.target.clone()}</td>
                                </tr>
                            }
                        }).collect_view();
                        Ok(Either::Right(view! {
                            <DataTable
                                testid="audit"
                                columns=vec![
                                    Column::text(t.col_when),
                                    Column::text(t.col_who),
                                    Column::text(t.col_action),
                                    Column::text(t.col_target),
                                ]
                            >
                                {rows}
                            </DataTable>
                        }))
                    })}
                </ErrorBoundary>
            </Transition>
            {move || next.get().map(|seq| view! {
                <button type="button" class="secondary" on:click=move |_| before.set(Some(seq))>
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
