//! How a declared route is answered. A route (see `routes`) is a method, a path, who may
//! call it, what it leaves for after the response, and a handler: an `async fn` whose
//! arguments after the call's `Ctx` are what it needs, each extracted once before it
//! runs (`OrgSlug`, `Id`, `Caller`, `Json<T>`, a form's `Submission<T>`…).
//!
//! The router matches the path, answers `OPTIONS` and `405` itself, parses `{org}`
//! (`400`), checks the caller the route asks for (`401`/`403`) and only then runs the
//! handler, so a handler starts from a caller who may call it.

use std::future::Future;
use std::pin::Pin;

use attest_core::OrgSlug;
use serde::de::DeserializeOwned;
use worker::{Env, Method, Request, Response};

use crate::shared::auth::{self, Caller};
use crate::shared::error::ApiError;
use crate::shared::http;
use crate::shared::outbox;
use crate::shared::snapshot::Snapshot;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the widget, a visitor, a crawler.
    Public,
    /// A public form: anyone, from the organisation's own sites only (its preflight
    /// answers those origins), within the forms' rate limit.
    Form,
    /// The requester of a privacy request, by the status token it was answered with
    /// (the handler checks it against the request's row).
    Requester,
    /// A link sent by e-mail: its token is in the query (the handler checks it).
    Link,
    /// An API token of the organisation in the path with this scope (`admin` has all).
    Admin(&'static str),
    /// The operator, with the platform token.
    Platform,
}

/// What a handler's future resolves to, erased.
pub type Answer = Pin<Box<dyn Future<Output = Result<Response, ApiError>>>>;

/// One route of the table.
pub struct Route {
    pub method: Method,
    /// In the OpenAPI document's notation: `/v1/orgs/{org}`.
    pub path: &'static str,
    pub access: Access,
    /// A change that writes to the outbox: it is sent right after the response.
    pub delivers: bool,
    answer: Box<dyn Fn(Ctx) -> Answer + Send + Sync>,
}

impl Route {
    fn new<A>(method: Method, path: &'static str, handler: impl Handler<A>) -> Self {
        Self {
            method,
            path,
            access: Access::Public,
            delivers: false,
            answer: Box::new(move |ctx| handler.answer(ctx)),
        }
    }

    pub fn get<A>(path: &'static str, handler: impl Handler<A>) -> Self {
        Self::new(Method::Get, path, handler)
    }

    pub fn post<A>(path: &'static str, handler: impl Handler<A>) -> Self {
        Self::new(Method::Post, path, handler)
    }

    pub fn put<A>(path: &'static str, handler: impl Handler<A>) -> Self {
        Self::new(Method::Put, path, handler)
    }

    pub fn delete<A>(path: &'static str, handler: impl Handler<A>) -> Self {
        Self::new(Method::Delete, path, handler)
    }

    /// A public form (see `Access::Form`).
    pub fn form(mut self) -> Self {
        self.access = Access::Form;
        self
    }

    /// For the requester, by the request's status token.
    pub fn requester(mut self) -> Self {
        self.access = Access::Requester;
        self
    }

    /// For whoever holds a link sent by e-mail.
    pub fn link(mut self) -> Self {
        self.access = Access::Link;
        self
    }

    /// For a token of the organisation with `scope`.
    pub fn admin(mut self, scope: &'static str) -> Self {
        debug_assert!(auth::SCOPES.contains(&scope), "{scope} is not a scope");
        self.access = Access::Admin(scope);
        self
    }

    /// For the operator.
    pub fn platform(mut self) -> Self {
        self.access = Access::Platform;
        self
    }

    /// Sends the outbox right after a successful answer.
    pub fn delivers(mut self) -> Self {
        self.delivers = true;
        self
    }
}

/// One call: the request, the Worker's bindings, and what the router read once for it.
pub struct Ctx {
    pub req: Request,
    pub env: Env,
    /// The request's one clock reading, in seconds since the Unix epoch.
    pub now: i64,
    /// The origin the request reached the edge at, e.g. `https://trust.example.com`.
    pub base: String,
    params: Vec<(String, String)>,
    org: Option<OrgSlug>,
    caller: Option<Caller>,
}

impl Ctx {
    /// The path parameter `name` (empty when the route has none).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// What a handler takes as an argument, taken from the call once before it runs.
pub trait Extract: Sized {
    fn extract(ctx: &mut Ctx) -> impl Future<Output = Result<Self, ApiError>>;
}

/// The `{org}` of the path, already checked.
impl Extract for OrgSlug {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        ctx.org
            .clone()
            .ok_or_else(|| ApiError::Internal("this route has no {org}".into()))
    }
}

/// The caller the route's access asked for, already checked.
impl Extract for Caller {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        ctx.caller
            .take()
            .ok_or_else(|| ApiError::Internal("this route names no admin scope".into()))
    }
}

/// The `{id}` of the path.
pub struct Id(pub String);

impl Extract for Id {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        Ok(Self(ctx.param("id").to_owned()))
    }
}

/// The `{n}` of the path: a version number as written (the handler parses it).
pub struct VersionNumber(pub String);

impl Extract for VersionNumber {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        Ok(Self(ctx.param("n").to_owned()))
    }
}

/// The JSON body as `T`: `415` unless it is JSON, `413` over 64 KB (before reading when
/// `Content-Length` says so), `400` naming the field where it is wrong.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> Extract for Json<T> {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        http::json_body(&mut ctx.req).await.map(Json)
    }
}

/// What a handler answers with.
pub trait Reply {
    fn reply(self) -> Result<Response, ApiError>;
}

impl Reply for Response {
    fn reply(self) -> Result<Response, ApiError> {
        Ok(self)
    }
}

/// An `async fn(Ctx, A, B, …) -> Result<impl Reply, ApiError>` whose arguments can be
/// extracted.
pub trait Handler<Args>: Copy + Send + Sync + 'static {
    fn answer(self, ctx: Ctx) -> Answer;
}

macro_rules! handler_taking {
    ($($arg:ident),*) => {
        impl<F, Fut, R, $($arg,)*> Handler<($($arg,)*)> for F
        where
            F: Fn(Ctx, $($arg,)*) -> Fut + Copy + Send + Sync + 'static,
            Fut: Future<Output = Result<R, ApiError>> + 'static,
            R: Reply,
            $($arg: Extract + 'static,)*
        {
            #[allow(non_snake_case, unused_mut)]
            fn answer(self, mut ctx: Ctx) -> Answer {
                Box::pin(async move {
                    $(let $arg = $arg::extract(&mut ctx).await?;)*
                    self(ctx, $($arg,)*).await?.reply()
                })
            }
        }
    };
}

handler_taking!();
handler_taking!(A);
handler_taking!(A, B);
handler_taking!(A, B, C);
handler_taking!(A, B, C, D);

/// The route table, matched by path; each path holds its routes by method.
pub struct Router {
    routes: Vec<Route>,
    by_path: matchit::Router<Vec<usize>>,
}

impl Router {
    pub fn new(routes: Vec<Route>) -> Self {
        let mut paths: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, route) in routes.iter().enumerate() {
            match paths.iter_mut().find(|(p, _)| *p == route.path) {
                Some((_, at)) => {
                    assert!(
                        at.iter().all(|&j| routes[j].method != route.method),
                        "{} {} is declared twice",
                        route.method,
                        route.path
                    );
                    at.push(i)
                }
                None => paths.push((route.path, vec![i])),
            }
        }
        let mut by_path = matchit::Router::new();
        for (path, at) in paths {
            by_path
                .insert(path, at)
                .expect("the route table has no conflicting paths");
        }
        Self { routes, by_path }
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The route that answers `method` at `path`, with the path's parameters.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn find(&self, method: &Method, path: &str) -> Option<&Route> {
        let matched = self.by_path.at(path).ok()?;
        matched
            .value
            .iter()
            .map(|&i| &self.routes[i])
            .find(|r| r.method == *method)
    }

    /// Answers `req` from the table.
    pub async fn answer(&self, req: Request, env: Env, now: i64) -> Result<Response, ApiError> {
        let url = req.url()?;
        let matched = self
            .by_path
            .at(url.path())
            .map_err(|_| ApiError::NoSuchRoute)?;
        let here: Vec<&Route> = matched.value.iter().map(|&i| &self.routes[i]).collect();
        let allowed: Vec<Method> = here.iter().map(|r| r.method.clone()).collect();
        let params: Vec<(String, String)> = matched
            .params
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let org = || match params.iter().find(|(k, _)| k == "org") {
            Some((_, raw)) => http::org(raw).map(Some),
            None => Ok(None),
        };
        let method = req.method();
        if method == Method::Options {
            if here.iter().any(|r| r.access == Access::Form) {
                if let Some(org) = org()? {
                    return form_preflight(&req, &env, &org, &allowed).await;
                }
            }
            return http::preflight(&allowed);
        }
        let wanted = if method == Method::Head {
            Method::Get
        } else {
            method
        };
        let Some(route) = here.into_iter().find(|r| r.method == wanted) else {
            return Err(ApiError::MethodNotAllowed(allowed));
        };
        let org = org()?;
        let caller = match (route.access, &org) {
            (Access::Admin(scope), Some(org)) => Some(
                auth::authorise(&req, &env, org, now)
                    .await?
                    .require(scope)?,
            ),
            (Access::Admin(_), None) => {
                return Err(ApiError::Internal(format!(
                    "{} names a scope but has no {{org}}",
                    route.path
                )))
            }
            (Access::Platform, _) => {
                auth::platform(&req, &env)?;
                None
            }
            _ => None,
        };
        let ctx = Ctx {
            base: url.origin().ascii_serialization(),
            req,
            env,
            now,
            params,
            org,
            caller,
        };
        let response = (route.answer)(ctx).await?;
        if route.delivers {
            outbox::deliver_soon();
        }
        Ok(response)
    }
}

/// The answer to a preflight for a form: allowed for the organisation's origins only.
async fn form_preflight(
    req: &Request,
    env: &Env,
    org: &OrgSlug,
    allowed: &[Method],
) -> Result<Response, ApiError> {
    let profile = Snapshot::load(env, org).await?.profile()?;
    let origin = http::form_origin(req, &profile)?;
    let response = http::preflight(allowed)?;
    Ok(http::with_origin(response, origin.as_deref()))
}
