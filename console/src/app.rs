//! The console's routes, under `/console`: the public sign-in and join pages, and the
//! signed-in screens inside the shell.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute};

use crate::i18n::use_text;
use crate::orgs::{OrgChooser, OrgHome};
use crate::preferences;
use crate::session::Session;
use crate::shell::{NotFound, OrgShell, SignedShell};
use crate::sign_in::SignIn;

/// A screen in its own part of the WebAssembly, fetched the first time it is opened and
/// cached by the browser like every hashed file: the first load carries the shell, the
/// sign-in page and the organisation's home, and each screen is paid for when it is used.
/// A part that cannot be fetched (the network dropped, or a deployment replaced the files
/// this page was loaded with) is said so on the screen, with a way to reload; the rest of
/// the console keeps working.
macro_rules! lazy_screen {
    ($($route:ident, $part:ident => $component:path),* $(,)?) => {$(
        struct $route;

        #[leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $part() -> Result<AnyView, PartMissing> {
            Ok(view! { <$component/> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $part().await.unwrap_or_else(|_| view! { <PartMissingScreen/> }.into_any())
            }
        }
    )*};
}

/// A screen's part could not be fetched.
struct PartMissing;

impl From<leptos::wasm_split::SplitLoaderError> for PartMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartMissing
    }
}

#[component]
fn PartMissingScreen() -> impl IntoView {
    let t = use_text();
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <section class="screen" aria-labelledby="part-missing-title">
            <h1 id="part-missing-title">{move || t.get().part_missing_title}</h1>
            <p role="alert">{move || t.get().part_missing}</p>
            <button type="button" on:click=reload>{move || t.get().reload}</button>
        </section>
    }
}

lazy_screen! {
    AccountRoute, console_account_part => crate::account::Account,
    AuditLogRoute, console_audit_part => crate::audit::AuditLog,
    ContentRoute, console_content_part => crate::content::ContentEditor,
    JoinRoute, console_join_part => crate::join::Join,
    MembersRoute, console_members_part => crate::members::Members,
    OutboxRoute, console_outbox_part => crate::outbox::OutboxScreen,
    OverviewRoute, console_overview_part => crate::overview::Overview,
    RequestDetailRoute, console_request_part => crate::request::RequestDetail,
    InboxRoute, console_requests_part => crate::requests::Inbox,
    SignInSettingsRoute, console_sign_in_settings_part => crate::sign_in_settings::SignInSettings,
    TokensRoute, console_tokens_part => crate::tokens::Tokens,
    WebhooksRoute, console_webhooks_part => crate::webhooks::Webhooks,
    ReportsRoute, console_reports_part => crate::reports::ReportsScreen,
    ReportRoute, console_report_part => crate::reports::ReportScreen,
    DocumentRequestsRoute, console_documents_part => crate::documents::DocumentRequestsScreen,
    DocumentRequestRoute, console_document_part => crate::documents::DocumentRequestScreen,
    FilesRoute, console_files_part => crate::files::FilesScreen,
    GrantsRoute, console_grants_part => crate::files::grants::GrantsScreen,
    GrantRoute, console_grant_part => crate::files::grants::GrantScreen,
}

#[component]
pub fn App() -> impl IntoView {
    preferences::provide();
    provide_context(Session::new());
    crate::ui::OpenQuestion::provide();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/console/sign-in") view=SignIn/>
                <Route path=path!("/console/join") view={Lazy::<JoinRoute>::new()}/>
                <ParentRoute path=path!("/console") view=SignedShell>
                    <Route path=path!("") view=OrgChooser/>
                    <Route path=path!("account") view={Lazy::<AccountRoute>::new()}/>
                    <ParentRoute path=path!("orgs/:org") view=OrgShell>
                        <Route path=path!("") view=OrgHome/>
                        <Route path=path!("overview") view={Lazy::<OverviewRoute>::new()}/>
                        <Route path=path!("requests") view={Lazy::<InboxRoute>::new()}/>
                        <Route path=path!("requests/:id") view={Lazy::<RequestDetailRoute>::new()}/>
                        <Route path=path!("reports") view={Lazy::<ReportsRoute>::new()}/>
                        <Route path=path!("reports/:id") view={Lazy::<ReportRoute>::new()}/>
                        <Route path=path!("documents") view={Lazy::<DocumentRequestsRoute>::new()}/>
                        <Route path=path!("documents/:id") view={Lazy::<DocumentRequestRoute>::new()}/>
                        <Route path=path!("grants") view={Lazy::<GrantsRoute>::new()}/>
                        <Route path=path!("grants/:id") view={Lazy::<GrantRoute>::new()}/>
                        <Route path=path!("files") view={Lazy::<FilesRoute>::new()}/>
                        <Route path=path!("content") view={Lazy::<ContentRoute>::new()}/>
                        <Route path=path!("outbox") view={Lazy::<OutboxRoute>::new()}/>
                        <Route path=path!("members") view={Lazy::<MembersRoute>::new()}/>
                        <Route path=path!("sign-in") view={Lazy::<SignInSettingsRoute>::new()}/>
                        <Route path=path!("tokens") view={Lazy::<TokensRoute>::new()}/>
                        <Route path=path!("webhooks") view={Lazy::<WebhooksRoute>::new()}/>
                        <Route path=path!("audit") view={Lazy::<AuditLogRoute>::new()}/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
