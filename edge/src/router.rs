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
use std::rc::Rc;

use attest_core::members::Permission;
use attest_core::OrgSlug;
use serde::de::DeserializeOwned;
use worker::{Context, Env, Method, Request, Response};

#[cfg(feature = "openapi")]
pub use crate::apidoc::Operation;
use crate::shared::auth::{self, Caller, Identity};
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
    /// A link sent by e-mail: its token is in the query or the page's form (the handler
    /// checks it). The statuses it answers with a page rather than a problem document.
    Link(&'static [u16]),
    /// A caller of the organisation in the path with this permission (an API token by
    /// its scopes: see `attest_core::members`).
    Admin(Permission),
    /// Any live credential of the admin API, whichever organisation it is of.
    Signed,
    /// A person signed in, by their session only (their own sessions, passkeys,
    /// invitations): an API token is refused.
    Person,
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
    /// Its prose for the OpenAPI document (see `Doc`).
    #[cfg(feature = "openapi")]
    pub doc: Option<&'static Doc>,
    /// What its arguments and its answer add to its operation in the document.
    #[cfg(feature = "openapi")]
    pub describe: fn(&mut Operation),
}

/// A route's words in the OpenAPI document, kept beside its handler. Its arguments and
/// answer type say the rest (parameters, body, answers and their schemas); `errors`
/// names the answers particular to it, or words the common ones (`401`, `413`…) for it.
#[cfg_attr(not(feature = "openapi"), allow(dead_code))]
pub struct Doc {
    pub id: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    /// What the successful answer is.
    pub answer: &'static str,
    pub errors: &'static [(u16, &'static str)],
    /// Request headers it reads, with what they do.
    pub headers: &'static [(&'static str, &'static str)],
}

impl Route {
    fn new<A, H: Handler<A>>(method: Method, path: &'static str, handler: H) -> Self {
        Self {
            method,
            path,
            access: Access::Public,
            delivers: false,
            answer: Box::new(move |ctx| handler.answer(ctx)),
            #[cfg(feature = "openapi")]
            doc: None,
            #[cfg(feature = "openapi")]
            describe: <H as Handler<A>>::describe,
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

    pub fn patch<A>(path: &'static str, handler: impl Handler<A>) -> Self {
        Self::new(Method::Patch, path, handler)
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

    /// For whoever holds a link sent by e-mail; it answers `pages` (statuses) with a page
    /// for a person rather than a problem document.
    pub fn link(mut self, pages: &'static [u16]) -> Self {
        self.access = Access::Link(pages);
        self
    }

    /// For a caller of the organisation who may do `permission`.
    pub fn needs(mut self, permission: Permission) -> Self {
        self.access = Access::Admin(permission);
        self
    }

    /// For any caller of the admin API.
    pub fn signed(mut self) -> Self {
        self.access = Access::Signed;
        self
    }

    /// A person's own route (see `Access::Person`).
    pub fn person(mut self) -> Self {
        self.access = Access::Person;
        self
    }

    /// For the operator.
    pub fn platform(mut self) -> Self {
        self.access = Access::Platform;
        self
    }

    /// Its words in the OpenAPI document. (Only the generator keeps them: the Worker
    /// never carries the prose.)
    #[allow(unused_variables, unused_mut)]
    pub fn doc(mut self, doc: &'static Doc) -> Self {
        #[cfg(feature = "openapi")]
        {
            self.doc = Some(doc);
        }
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
    /// The request's execution context: work that outlives the response.
    pub context: Rc<Context>,
    params: Vec<(String, String)>,
    org: Option<OrgSlug>,
    caller: Option<Caller>,
    identified: Option<Identity>,
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

    /// What it adds to the operation in the OpenAPI document.
    #[cfg(feature = "openapi")]
    fn describe(_: &mut Operation) {}
}

/// The `{org}` of the path, already checked.
impl Extract for OrgSlug {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        ctx.org
            .clone()
            .ok_or_else(|| ApiError::Internal("this route has no {org}".into()))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        let schema = operation.schema::<OrgSlug>();
        operation.path_parameter(
            "org",
            "The organisation's slug: 2 to 63 lowercase letters, digits and hyphens.",
            schema,
        );
        operation.problem(
            400,
            "A parameter is not valid: the organisation's slug (2 to 63 lowercase letters, digits and hyphens), an id, a number or a filter; `errors` names it.",
        );
    }
}

/// The caller the route's access asked for, already checked.
impl Extract for Caller {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        ctx.caller
            .take()
            .ok_or_else(|| ApiError::Internal("this route names no permission".into()))
    }
}

/// Whoever the credential of a `signed()` route speaks for: a member, or a token in each
/// organisation it is one of.
pub struct Identified(pub Identity);

impl Extract for Identified {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        ctx.identified
            .take()
            .map(Self)
            .ok_or_else(|| ApiError::Internal("this route is not signed()".into()))
    }
}

/// The `{id}` of the path.
pub struct Id(pub String);

impl Extract for Id {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        Ok(Self(ctx.param("id").to_owned()))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.path_parameter("id", "Its id.", serde_json::json!({ "type": "string" }));
    }
}

/// The `{document}` of the path: a document's id, checked (`400` otherwise).
pub struct DocumentId(pub attest_core::web::Identifier);

impl Extract for DocumentId {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        attest_core::web::Identifier::parse(ctx.param("document"))
            .map(Self)
            .map_err(|_| {
                ApiError::invalid(
                    "document",
                    "must be a document's id (lowercase letters, digits and hyphens)",
                )
            })
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.path_parameter(
            "document",
            "The document's `id` in the organisation's profile.",
            serde_json::json!({ "type": "string", "pattern": "^[a-z0-9-]{1,64}$" }),
        );
    }
}

/// The `{logo}` of the path: a logo's name as its upload answered (`404` otherwise).
pub struct LogoName(pub attest_core::LogoFile);

impl Extract for LogoName {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        let raw = ctx.param("logo");
        attest_core::LogoFile::parse(raw)
            .map(Self)
            .map_err(|_| ApiError::NotFound(format!("No logo is named '{raw}'")))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.path_parameter(
            "logo",
            "The logo's name, as its upload answered (the profile's `brand.logo`).",
            serde_json::json!({ "type": "string", "pattern": "^[0-9a-f]{16}\\.(svg|png)$" }),
        );
    }
}

/// The `{n}` of the path: a version number as written (the handler parses it).
pub struct VersionNumber(pub String);

impl Extract for VersionNumber {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        Ok(Self(ctx.param("n").to_owned()))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.path_parameter(
            "n",
            "The version's number: 1 for the first published.",
            serde_json::json!({ "type": "integer", "minimum": 1 }),
        );
    }
}

/// The `{file}` of the path: a file's name.
pub struct FileName(pub String);

impl Extract for FileName {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        Ok(Self(ctx.param("file").to_owned()))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.path_parameter(
            "file",
            "The file's name, as the loader names it (content-hashed).",
            serde_json::json!({ "type": "string" }),
        );
    }
}

/// The path under `/console/` (`{*page}`): a file of the console's, or a screen of its.
pub struct ConsolePage(pub String);

impl Extract for ConsolePage {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        Ok(Self(ctx.param("page").to_owned()))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.path_parameter(
            "page",
            "`assets/` and a content-hashed file name, or a screen's path (`orgs/vinterre/members`).",
            serde_json::json!({ "type": "string" }),
        );
    }
}

/// The JSON body as `T`: `415` unless it is JSON, `413` over 64 KB (before reading when
/// `Content-Length` says so), `400` naming the field where it is wrong. As an answer:
/// `T` as JSON with `200`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + Schema> Extract for Json<T> {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        http::json_body(&mut ctx.req).await.map(Json)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.json_body::<T>(http::MAX_BODY_BYTES / 1024);
    }
}

/// The query's parameters as `T`. Its fields are strings the handler checks (an empty
/// value is a value, and refused where it means nothing), typed for the document with
/// `#[schemars(with)]`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Schema> Extract for Query<T> {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        let url = ctx.req.url()?;
        let pairs: serde_json::Map<String, serde_json::Value> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned().into()))
            .collect();
        serde_json::from_value(pairs.into())
            .map(Query)
            .map_err(|e| {
                ApiError::invalid("", format!("the query is not one this endpoint takes: {e}"))
            })
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.query::<T>();
    }
}

/// A form's fields as `T` (`application/x-www-form-urlencoded`, as an HTML form posts
/// them); a body that is no form reads as one without fields.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + Schema> Extract for Form<T> {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        let text = ctx.req.text().await.unwrap_or_default();
        // The pairs of `a=1&b=2`, decoded as a query is.
        let pairs = worker::Url::parse(&format!("http://form.invalid/?{text}"))
            .map_err(|e| ApiError::invalid("", format!("the form does not parse: {e}")))?;
        let fields: serde_json::Map<String, serde_json::Value> = pairs
            .query_pairs()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.into_owned(), v.into_owned().into()))
            .collect();
        serde_json::from_value(fields.into())
            .map(Form)
            .map_err(|e| {
                ApiError::invalid("", format!("the form is not one this endpoint takes: {e}"))
            })
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.form_body::<T>();
    }
}

/// The body as a PDF file's bytes: `415` unless it is sent as `application/pdf`, `413`
/// over 25 MB (before reading when `Content-Length` says so), `400` when fewer bytes
/// arrived than `Content-Length` said. Whether it is a PDF the handler checks.
pub struct PdfBody(pub Vec<u8>);

impl Extract for PdfBody {
    async fn extract(ctx: &mut Ctx) -> Result<Self, ApiError> {
        http::file_bytes(&mut ctx.req, "application/pdf", attest_core::pdf::MAX_BYTES)
            .await
            .map(Self)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.file_body("application/pdf", "25 MB");
    }
}

/// A type the OpenAPI document can describe: its JSON Schema when the generator is
/// built, nothing in the Worker.
#[cfg(feature = "openapi")]
pub trait Schema: schemars::JsonSchema {}
#[cfg(feature = "openapi")]
impl<T: schemars::JsonSchema> Schema for T {}
#[cfg(not(feature = "openapi"))]
pub trait Schema {}
#[cfg(not(feature = "openapi"))]
impl<T> Schema for T {}

/// What a handler answers with.
pub trait Reply {
    fn reply(self) -> Result<Response, ApiError>;

    /// Its answers in the OpenAPI document.
    #[cfg(feature = "openapi")]
    fn describe(_: &mut Operation) {}
}

impl<T: serde::Serialize + Schema> Reply for Json<T> {
    fn reply(self) -> Result<Response, ApiError> {
        http::json(200, &self.0)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        let schema = operation.schema::<T>();
        operation.answer(200, Some(("application/json", schema)));
    }
}

/// `T` as JSON with the status `STATUS`, as a response that may carry more headers
/// (an allowed origin, a replay's mark): `Created<T>`, `Accepted<T>`.
pub struct Typed<T, const STATUS: u16> {
    response: Response,
    of: std::marker::PhantomData<T>,
}

pub type Created<T> = Typed<T, 201>;
pub type Accepted<T> = Typed<T, 202>;

impl<T: serde::Serialize, const STATUS: u16> Typed<T, STATUS> {
    pub fn new(body: &T) -> Result<Self, ApiError> {
        Ok(Self::sent(http::json(STATUS, body)?))
    }

    /// A response already made of a `T`: a stored answer replayed as it was sent.
    pub fn sent(response: Response) -> Self {
        Self {
            response,
            of: std::marker::PhantomData,
        }
    }

    pub fn map(self, change: impl FnOnce(Response) -> Response) -> Self {
        Self::sent(change(self.response))
    }
}

impl<T: Schema, const STATUS: u16> Reply for Typed<T, STATUS> {
    fn reply(self) -> Result<Response, ApiError> {
        Ok(self.response)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        let schema = operation.schema::<T>();
        operation.answer(STATUS, Some(("application/json", schema)));
    }
}

/// `204`, no body.
pub struct NoContent;

impl Reply for NoContent {
    fn reply(self) -> Result<Response, ApiError> {
        Ok(Response::empty()?.with_status(204))
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.answer(204, None);
    }
}

/// `302 Found` to `Location`, with the cookies it sets: a browser's way through a sign-in.
pub struct Redirect(Response);

impl Redirect {
    pub fn to(location: &str) -> Result<Self, ApiError> {
        let mut response = Response::empty()?.with_status(302);
        response.headers_mut().set("location", location)?;
        response.headers_mut().set("cache-control", "no-store")?;
        Ok(Self(response))
    }

    /// With a `Set-Cookie` header (one per call).
    pub fn cookie(mut self, cookie: &str) -> Result<Self, ApiError> {
        self.0.headers_mut().append("set-cookie", cookie)?;
        Ok(self)
    }
}

impl Reply for Redirect {
    fn reply(self) -> Result<Response, ApiError> {
        Ok(self.0)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        operation.answer(302, None);
        operation.answer_header("Location", "Where the browser goes next.");
    }
}

/// A representation made before the request (a published snapshot, an embedded file),
/// with its `ETag`: `304` when the client holds it. `M` says its media type and schema.
pub struct Stored<M>(pub Response, pub std::marker::PhantomData<M>);

impl<M> Stored<M> {
    pub fn new(response: Response) -> Self {
        Self(response, std::marker::PhantomData)
    }
}

impl<M: Media> Reply for Stored<M> {
    fn reply(self) -> Result<Response, ApiError> {
        Ok(self.0)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        M::describe(operation);
        operation.answer(304, None);
        operation.header(
            "If-None-Match",
            "The `ETag` of the copy the client holds: `304` when it is current.",
            serde_json::json!({ "type": "string" }),
        );
        operation.answer_header("ETag", "The representation's strong validator.");
    }
}

/// A response made by its handler, of the media `M`.
pub struct Page<M>(pub Response, pub std::marker::PhantomData<M>);

impl<M> Page<M> {
    pub fn new(response: Response) -> Self {
        Self(response, std::marker::PhantomData)
    }
}

impl<M: Media> Reply for Page<M> {
    fn reply(self) -> Result<Response, ApiError> {
        Ok(self.0)
    }

    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        M::describe(operation);
    }
}

/// A media type an answer comes in, for the document.
pub trait Media {
    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation);
}

/// Documents in one media type with a schema of their own.
macro_rules! media {
    ($(#[$meta:meta])* $name:ident, $($media:literal => $schema:tt),+) => {
        $(#[$meta])*
        pub struct $name;

        impl Media for $name {
            #[cfg(feature = "openapi")]
            fn describe(operation: &mut Operation) {
                $(operation.answer(200, Some(($media, serde_json::json!($schema))));)+
            }
        }
    };
}

media!(
    /// Comma-separated values, with a header row.
    Csv, "text/csv" => { "type": "string" }
);
media!(
    /// An Atom feed.
    Atom, "application/atom+xml" => { "type": "string" }
);
media!(
    /// An HTML page.
    Html, "text/html" => { "type": "string" }
);
media!(
    /// An XML document (a sitemap).
    Xml, "application/xml" => { "type": "string" }
);
media!(
    /// Plain text.
    PlainText, "text/plain" => { "type": "string" }
);
media!(
    /// A PDF file.
    Pdf, "application/pdf" => { "type": "string", "format": "binary" }
);
media!(
    /// An image: an organisation's logo.
    Image,
    "image/svg+xml" => { "type": "string", "format": "binary" },
    "image/png" => { "type": "string", "format": "binary" }
);
media!(
    /// JavaScript.
    Script, "text/javascript" => { "type": "string" }
);
media!(
    /// One of the widget's files: its JavaScript or its WebAssembly.
    WidgetAsset,
    "text/javascript" => { "type": "string" },
    "application/wasm" => { "type": "string", "format": "binary" }
);

media!(
    /// One of the console's files: its page, script, WebAssembly or styles.
    ConsoleFile,
    "text/html" => { "type": "string" },
    "text/javascript" => { "type": "string" },
    "application/wasm" => { "type": "string", "format": "binary" },
    "text/css" => { "type": "string" }
);

/// `T` as JSON, for a stored representation.
pub struct JsonOf<T>(std::marker::PhantomData<T>);

impl<T: Schema> Media for JsonOf<T> {
    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        let schema = operation.schema::<T>();
        operation.answer(200, Some(("application/json", schema)));
    }
}

/// `A`'s media types and `B`'s, chosen by `Accept`.
impl<A: Media, B: Media> Media for (A, B) {
    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation) {
        A::describe(operation);
        B::describe(operation);
    }
}

/// An `async fn(Ctx, A, B, …) -> Result<impl Reply, ApiError>` whose arguments can be
/// extracted.
pub trait Handler<Args>: Copy + Send + Sync + 'static {
    fn answer(self, ctx: Ctx) -> Answer;

    /// Its arguments' and its answer's part of the operation in the OpenAPI document.
    #[cfg(feature = "openapi")]
    fn describe(operation: &mut Operation);
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

            #[cfg(feature = "openapi")]
            fn describe(operation: &mut Operation) {
                $($arg::describe(operation);)*
                R::describe(operation);
            }
        }
    };
}

handler_taking!();
handler_taking!(A);
handler_taking!(A, B);
handler_taking!(A, B, C);
handler_taking!(A, B, C, D);
handler_taking!(A, B, C, D, E);

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
    pub async fn answer(
        &self,
        req: Request,
        env: Env,
        context: Rc<Context>,
        now: i64,
    ) -> Result<Response, ApiError> {
        let url = req.url()?;
        let matched = self
            .by_path
            .at(url.path())
            .map_err(|_| ApiError::NoSuchRoute)?;
        let here = || matched.value.iter().map(|&i| &self.routes[i]);
        // Only an OPTIONS or a 405 needs the list.
        let allowed = || here().map(|r| r.method.clone()).collect::<Vec<Method>>();
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
            if here().any(|r| r.access == Access::Form) {
                if let Some(org) = org()? {
                    return form_preflight(&req, &env, &org, &allowed()).await;
                }
            }
            return http::preflight(&allowed());
        }
        let wanted = if method == Method::Head {
            Method::Get
        } else {
            method
        };
        let Some(route) = here().find(|r| r.method == wanted) else {
            return Err(ApiError::MethodNotAllowed(allowed()));
        };
        let org = org()?;
        let mut identified = None;
        let caller = match (route.access, &org) {
            (Access::Admin(scope), Some(org)) => Some(
                auth::authorise(&req, &env, org, now)
                    .await?
                    .require(scope)?,
            ),
            (Access::Admin(_), None) => {
                return Err(ApiError::Internal(format!(
                    "{} names a permission but has no {{org}}",
                    route.path
                )))
            }
            (Access::Signed, _) => {
                identified = Some(auth::identify(&req, &env, now).await?);
                None
            }
            (Access::Person, _) => {
                identified = Some(auth::person(&req, &env, now).await?);
                None
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
            context,
            now,
            params,
            org,
            caller,
            identified,
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
