//! The frame around the signed-in screens: the header (organisation, account, language,
//! theme, sign-out), the organisation's sections, and what a page that is not there says.

use attest_core::members::Permission;
use leptos::either::{EitherOf3, EitherOf4};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api::{self, encode};
use crate::i18n::{use_text, Lang};
use crate::preferences::{self, Theme};
use crate::session::{use_session, Me};
use crate::ui::{Failed, Loading, ProblemAlert};

/// Every signed-in screen: the header, then the screen. Nobody signed in goes to the
/// sign-in page, and comes back here after.
#[component]
pub fn SignedShell() -> impl IntoView {
    let session = use_session();
    let t = use_text();
    let location = use_location();
    // A question asked on one screen is not left open for the next.
    let question = expect_context::<crate::ui::OpenQuestion>();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| question.0.set(None),
        false,
    );
    let here = move || {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        format!("{path}{query}")
    };
    view! {
        <a class="skip" href="#main">{move || t.get().skip_to_content}</a>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match session.me.await {
                    Ok(me) if me.kind == "member" => EitherOf4::A({
                        // An invitation accepted on the way in (single sign-on) waits no longer.
                        if crate::join::pending_invitation().is_some_and(|p| me.membership(&p.org).is_some()) {
                            crate::join::forget_invitation();
                        }
                        view! {
                        <Header me=me/>
                        <main id="main" tabindex="-1">
                            <Outlet/>
                        </main>
                        }
                    }),
                    Ok(_) => EitherOf4::B(view! {
                        <main id="main" class="narrow">
                            <p class="alert error" role="alert">{move || t.get().no_permission}</p>
                        </main>
                    }),
                    Err(problem) if problem.unauthenticated() => {
                        let next = here();
                        let path = if next.trim_end_matches('/') == "/console" {
                            "/console/sign-in".to_owned()
                        } else {
                            format!("/console/sign-in?next={}", encode(&next))
                        };
                        EitherOf4::C(view! { <Redirect path=path options=replace()/> })
                    }
                    Err(problem) => {
                        let errors = ArcRwSignal::new(Errors::default());
                        errors.update(|e| e.insert_with_default_key(problem));
                        EitherOf4::D(view! {
                            <main id="main" class="narrow">
                                <Failed errors=errors retry=move || session.reload()/>
                            </main>
                        })
                    }
                }
            })}
        </Transition>
    }
}

/// Navigation that takes the place of the current entry (a redirect), so Back does not
/// bounce.
pub fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    }
}

/// The bar at the top: where you are, who you are, and the console's settings.
#[component]
fn Header(me: Me) -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let theme = expect_context::<RwSignal<Theme>>();
    let navigate = use_navigate();
    let current = me.session.as_ref().map(|s| s.id.clone());
    let sign_out = Action::new_local(move |_: &()| {
        let current = current.clone().unwrap_or_default();
        async move {
            api::send_empty(
                gloo_net::http::Method::DELETE,
                &format!("/v1/admin/me/sessions/{}", encode(&current)),
            )
            .await
        }
    });
    // Signed out only once the edge ended the session; otherwise the member is told.
    Effect::new(move || {
        if let Some(Ok(())) = sign_out.value().get() {
            api::set_csrf_token(None);
            crate::join::forget_invitation();
            session.reload();
            navigate("/console/sign-in", NavigateOptions::default());
        }
    });
    let refused = Signal::derive(move || sign_out.value().get().and_then(Result::err));
    let who = if me.name.is_empty() {
        me.email.clone()
    } else {
        me.name.clone()
    };
    let email = me.email.clone();
    view! {
        <header class="top">
            <A href="/console/" attr:class="brand">
                <span class="logo" aria-hidden="true">"◆"</span>
                <span>{move || t.get().console}</span>
            </A>
            <div class="top-end">
                <A href="/console/account" attr:class="who" attr:data-testid="account-link" attr:title=move || t.get().account>
                    <span class="who-name">{who}</span>
                    <span class="who-email">{email}</span>
                </A>
                <LanguagePicker/>
                <label class="compact">
                    <span class="visually-hidden">{move || t.get().theme}</span>
                    <select
                        data-testid="theme"
                        on:change=move |ev| {
                            let chosen = Theme::from_key(&event_target_value(&ev));
                            preferences::choose_theme(chosen);
                            theme.set(chosen);
                        }
                    >
                        {Theme::ALL
                            .into_iter()
                            .map(|choice| {
                                view! {
                                    <option value=choice.key() selected=move || theme.get() == choice>
                                        {move || theme_name(t.get(), choice)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button
                    type="button"
                    class="secondary"
                    data-testid="sign-out"
                    disabled=move || sign_out.pending().get()
                    on:click=move |_| {
                        sign_out.dispatch(());
                    }
                >
                    {move || t.get().sign_out}
                </button>
            </div>
        </header>
        <ProblemAlert problem=refused/>
    }
}

/// The console's language, for this device.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let t = use_text();
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <label class="compact">
            <span class="visually-hidden">{move || t.get().language}</span>
            <select
                data-testid="language"
                on:change=move |ev| {
                    if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
                        preferences::choose_lang(chosen);
                        lang.set(chosen);
                    }
                }
            >
                {[Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::It]
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() selected=move || lang.get() == l>
                                {language_name(l)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::De => "Deutsch",
        Lang::Fr => "Français",
        Lang::Es => "Español",
        Lang::Nl => "Nederlands",
        Lang::It => "Italiano",
    }
}

fn theme_name(t: &crate::i18n::Strings, theme: Theme) -> &'static str {
    match theme {
        Theme::System => t.theme_system,
        Theme::Light => t.theme_light,
        Theme::Dark => t.theme_dark,
    }
}

/// The organisation in the address, for the screens inside `OrgShell`.
pub fn use_org() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.get().get("org").unwrap_or_default())
}

/// One record's screen (`…/{collection}/:id`): its id from the address, its path in the
/// organisation's admin API (a function of both, for the actions under it), and the record.
pub fn use_record<T>(
    collection: &'static str,
) -> (
    Memo<String>,
    impl Fn() -> String + Copy + Send + Sync + 'static,
    LocalResource<crate::api::Answer<T>>,
)
where
    T: serde::de::DeserializeOwned + 'static,
{
    let org = use_org();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let base = move || {
        format!(
            "/v1/admin/orgs/{}/{collection}/{}",
            crate::api::encode(&org.get()),
            crate::api::encode(&id.get())
        )
    };
    let record = LocalResource::new(move || {
        let path = base();
        async move { crate::api::get::<T>(&path).await }
    });
    (id, base, record)
}

/// The CSV address of an organisation's `collection`, with the screen's status filter.
pub fn csv_address(org: &str, collection: &str, status: &str) -> String {
    let filter = if status.is_empty() {
        String::new()
    } else {
        format!("?status={}", crate::api::encode(status))
    };
    format!(
        "/v1/admin/orgs/{}/{collection}.csv{filter}",
        crate::api::encode(org)
    )
}

/// A page of a list (`…/{collection}?limit=&offset=`), as the API answers it.
pub trait ListPage: serde::de::DeserializeOwned + 'static {
    type Row: Clone + Send + Sync + 'static;
    /// Its rows, and the `offset` of the next page (`None` on the last).
    fn rows(self) -> (Vec<Self::Row>, Option<i64>);
    /// A row's id: a row already shown (the list moved under the pages) is shown once.
    fn id(row: &Self::Row) -> &str;
}

/// How many rows a list screen asks for at a time.
pub const LIST_PAGE: i64 = 100;

/// A list screen's records, a page at a time: the rows shown so far, and the way to the
/// next page.
pub struct List<R: Send + Sync + 'static> {
    /// The page being loaded: awaiting it gives any failure.
    pub page: LocalResource<crate::api::Answer<()>>,
    /// The rows of every page loaded since the organisation or the filter last changed.
    pub rows: RwSignal<Vec<R>>,
    /// Where the next page starts; `None` on the last.
    pub next: RwSignal<Option<i64>>,
    offset: RwSignal<i64>,
}

impl<R: Send + Sync + 'static> Clone for List<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Send + Sync + 'static> Copy for List<R> {}

impl<R: Send + Sync + 'static> List<R> {
    /// The button under the list that loads the next page, while there is one (and not
    /// while a page is on its way).
    pub fn more(self) -> impl IntoView {
        let t = use_text();
        let page = self.page;
        move || {
            self.next.get().map(|at| {
                view! {
                    <button
                        type="button"
                        class="secondary"
                        data-testid="more"
                        disabled=move || page.get().is_none()
                        on:click=move |_| self.offset.set(at)
                    >
                        {t.get().inbox_more}
                    </button>
                }
            })
        }
    }
}

/// A list screen's records (`…/{collection}`) with the status the member filters by, a
/// page at a time: a new organisation or filter starts again from the first page.
pub fn use_list<P: ListPage>(collection: &'static str, status: RwSignal<String>) -> List<P::Row> {
    let org = use_org();
    let offset = RwSignal::new(0_i64);
    let rows = RwSignal::new(Vec::<P::Row>::new());
    let next = RwSignal::new(None::<i64>);
    // Another organisation or filter: its first page, and no way on from the old one's
    // rows until it has come.
    Effect::watch(
        move || (org.get(), status.get()),
        move |_, _, _| {
            next.set(None);
            if offset.get_untracked() != 0 {
                offset.set(0);
            }
        },
        false,
    );
    let page = LocalResource::new(move || {
        let asked = (org.get(), status.get(), offset.get());
        async move {
            let (org_asked, status_asked, at) = &asked;
            let filter = if status_asked.is_empty() {
                String::new()
            } else {
                format!("&status={status_asked}")
            };
            let loaded = crate::api::get::<P>(&format!(
                "/v1/admin/orgs/{}/{collection}?limit={LIST_PAGE}&offset={at}{filter}",
                crate::api::encode(org_asked)
            ))
            .await;
            // A page of what is no longer asked for (the filter or the page changed while
            // it loaded), or its failure, is left out: the newer one is on its way.
            if (
                org.get_untracked(),
                status.get_untracked(),
                offset.get_untracked(),
            ) != asked
            {
                return Ok(());
            }
            let (found, more) = loaded?.rows();
            next.set(more);
            rows.update(|all| {
                if *at == 0 {
                    all.clear();
                }
                for row in found {
                    if !all.iter().any(|r| P::id(r) == P::id(&row)) {
                        all.push(row);
                    }
                }
            });
            Ok(())
        }
    });
    List {
        page,
        rows,
        next,
        offset,
    }
}

/// An organisation's sections, in the order its navigation shows them: the first one a
/// member's role reaches is where they land.
pub const SECTIONS: [(&[Permission], &str); 13] = [
    (
        &[Permission::ReadPrivacyRequests, Permission::ReadReports],
        "overview",
    ),
    (&[Permission::ReadPrivacyRequests], "requests"),
    (&[Permission::ReadReports], "reports"),
    (&[Permission::ReadDocumentRequests], "documents"),
    (&[Permission::ReadDocumentRequests], "grants"),
    (&[Permission::EditContent], "content"),
    (&[Permission::ReadContent], "files"),
    (&[Permission::ReadOutbox], "outbox"),
    (&[Permission::ManageMembers], "members"),
    (&[Permission::ManageSignIn], "sign-in"),
    (&[Permission::ManageTokens], "tokens"),
    (&[Permission::ManageWebhooks], "webhooks"),
    (&[Permission::ReadAudit], "audit"),
];

/// An organisation's screens: its name, its sections (those the member's role reaches),
/// then the screen.
#[component]
pub fn OrgShell() -> impl IntoView {
    let t = use_text();
    let session = use_session();
    let org = use_org();
    let me = move || session.member().unwrap_or_default();
    let may = move |p: Permission| me().may(&org.get(), p);
    let sections = move || {
        let t = t.get();
        SECTIONS.map(|(p, path)| {
            let (label, testid) = match path {
                "overview" => (t.nav_overview, "nav-overview"),
                "requests" => (t.nav_requests, "nav-requests"),
                "reports" => (t.nav_reports, "nav-reports"),
                "documents" => (t.nav_documents, "nav-documents"),
                "grants" => (t.nav_grants, "nav-grants"),
                "files" => (t.nav_files, "nav-files"),
                "content" => (t.nav_content, "nav-content"),
                "outbox" => (t.nav_outbox, "nav-outbox"),
                "members" => (t.nav_members, "nav-members"),
                "sign-in" => (t.nav_sign_in, "nav-sign-in"),
                "tokens" => (t.nav_tokens, "nav-tokens"),
                "webhooks" => (t.nav_webhooks, "nav-webhooks"),
                _ => (t.nav_audit, "nav-audit"),
            };
            (p, path, label, testid)
        })
        .into_iter()
        .filter(|(any_of, ..)| any_of.iter().any(|p| may(*p)))
        .map(|(_, path, label, testid)| {
            view! {
                <li>
                    <A href=move || format!("/console/orgs/{}/{path}", org.get()) attr:data-testid=testid>
                        {label}
                    </A>
                </li>
            }
        })
        .collect_view()
    };
    let membership = move || me().membership(&org.get()).cloned();
    view! {
        {move || match membership() {
            None => EitherOf3::A(view! {
                <div class="narrow">
                    <h1>{org.get()}</h1>
                    <p class="alert error" role="alert">{t.get().no_permission}</p>
                    <A href="/console/">{t.get().switch_org}</A>
                </div>
            }),
            Some(m) if m.permissions.is_empty() => EitherOf3::B(view! {
                <div class="narrow">
                    <h1>{org.get()}</h1>
                    <p class="alert" role="alert" data-testid="two-factor-needed">
                        {if m.two_factor_required == Some(true) {
                            t.get().orgs_two_factor
                        } else {
                            t.get().orgs_other_sso
                        }}
                    </p>
                    <A href="/console/">{t.get().switch_org}</A>
                </div>
            }),
            Some(m) => EitherOf3::C(view! {
                <div class="org-bar">
                    <div class="org-title">
                        <p class="eyebrow">{move || t.get().organisation}</p>
                        <p class="org-name" data-testid="org-name">{org.get()}</p>
                        <p class="org-role">
                            {move || m.role.map(|r| t.get().roles[r as usize])}
                        </p>
                    </div>
                    <nav aria-label=move || t.get().sections>
                        <ul class="tabs">{sections}</ul>
                    </nav>
                </div>
                <Outlet/>
            }),
        }}
    }
}

/// A page the console does not have.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_text();
    view! {
        <main id="main" class="narrow">
            <h1>"404"</h1>
            <p>{move || t.get().not_found}</p>
            <A href="/console/">{move || t.get().switch_org}</A>
        </main>
    }
}
