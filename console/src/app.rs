//! The console's routes, under `/console`: the public sign-in and join pages, and the
//! signed-in screens inside the shell.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::account::Account;
use crate::audit::AuditLog;
use crate::join::Join;
use crate::members::Members;
use crate::orgs::{OrgChooser, OrgHome};
use crate::outbox::OutboxScreen;
use crate::preferences;
use crate::request::RequestDetail;
use crate::requests::Inbox;
use crate::session::Session;
use crate::shell::{NotFound, OrgShell, SignedShell};
use crate::sign_in::SignIn;
use crate::sign_in_settings::SignInSettings;
use crate::tokens::Tokens;

#[component]
pub fn App() -> impl IntoView {
    preferences::provide();
    provide_context(Session::new());
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/console/sign-in") view=SignIn/>
                <Route path=path!("/console/join") view=Join/>
                <ParentRoute path=path!("/console") view=SignedShell>
                    <Route path=path!("") view=OrgChooser/>
                    <Route path=path!("account") view=Account/>
                    <ParentRoute path=path!("orgs/:org") view=OrgShell>
                        <Route path=path!("") view=OrgHome/>
                        <Route path=path!("requests") view=Inbox/>
                        <Route path=path!("requests/:id") view=RequestDetail/>
                        <Route path=path!("outbox") view=OutboxScreen/>
                        <Route path=path!("members") view=Members/>
                        <Route path=path!("sign-in") view=SignInSettings/>
                        <Route path=path!("tokens") view=Tokens/>
                        <Route path=path!("audit") view=AuditLog/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
