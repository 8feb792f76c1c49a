//! The small parts every screen shows: loading, a failure with what to do about it, a
//! status line, a field's message, and a button that asks to be pressed twice.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::Problem;
use crate::i18n::use_text;

/// What a screen shows while its data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let t = use_text();
    view! { <p class="loading" role="status" data-testid="loading">{move || t.get().loading}</p> }
}

/// A problem, said plainly: the edge's own words, or that it could not be reached.
pub fn explain(problem: &Problem, t: &crate::i18n::Strings) -> String {
    if problem.status == 0 {
        t.error_network.to_owned()
    } else if !problem.errors.is_empty() && problem.detail.is_empty() {
        t.field_errors.to_owned()
    } else {
        problem.to_string()
    }
}

/// A failed load (the `ErrorBoundary`'s fallback), with a way to try again.
#[component]
pub fn Failed(errors: ArcRwSignal<Errors>, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let t = use_text();
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| match error.downcast_ref::<Problem>() {
                Some(problem) => explain(problem, t.get()),
                None => error.to_string(),
            })
            .map(|message| view! { <p>{message}</p> })
            .collect_view()
    };
    view! {
        <div class="alert error" role="alert" data-testid="failed">
            <p class="alert-title">{move || t.get().error_title}</p>
            {messages}
            <button type="button" class="secondary" on:click=move |_| retry.run(())>
                {move || t.get().retry}
            </button>
        </div>
    }
}

/// The outcome of a change: a problem as an alert, else nothing.
#[component]
pub fn ProblemAlert(#[prop(into)] problem: Signal<Option<Problem>>) -> impl IntoView {
    let t = use_text();
    move || {
        problem.get().map(|problem| {
            view! {
                <div class="alert error" role="alert" data-testid="problem">
                    <p>{explain(&problem, t.get())}</p>
                </div>
            }
        })
    }
}

/// A line that says what just happened, read out by screen readers.
#[component]
pub fn Notice(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="notice" role="status" data-testid="notice">
            {move || message.get()}
        </p>
    }
}

/// The edge's message for one field, tied to its input by `id`.
#[component]
pub fn FieldMessage(
    /// The `id` the input names in `aria-describedby`.
    #[prop(into)]
    id: String,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })
    }
}

/// The one destructive action the console is asking about, by what it does ("Remove Vic
/// Ek"). It is held above the screens: a table drawn anew when its data is reloaded shows
/// the question still asked, and opening another question closes the first.
#[derive(Clone, Copy)]
pub struct OpenQuestion(pub RwSignal<Option<String>>);

impl OpenQuestion {
    pub fn provide() -> Self {
        let open = Self(RwSignal::new(None));
        provide_context(open);
        open
    }
}

/// A destructive button: the first press asks, the second does it.
#[component]
pub fn ConfirmButton(
    /// The visible label ("Remove").
    #[prop(into)]
    label: Signal<String>,
    /// What it does, for screen readers ("Remove Adam Admin"); it also names the question.
    #[prop(into)]
    describe: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let t = use_text();
    let open = use_context::<OpenQuestion>().unwrap_or_else(|| OpenQuestion(RwSignal::new(None)));
    let asking = Memo::new(move |_| {
        open.0
            .with(|o| o.as_deref() == Some(describe.get().as_str()))
    });
    let ask_now = move || open.0.set(Some(describe.get_untracked()));
    let close = move || {
        if asking.get_untracked() {
            open.0.set(None);
        }
    };
    // Focus follows the question: to "Confirm" when it is asked, back to the button when
    // it is cancelled (the button pressed is gone, and focus would fall to the page). A
    // question drawn anew (its table reloaded) takes focus back only if it had fallen to
    // the page with the old one, not from wherever the person has since gone.
    let ask = NodeRef::<leptos::html::Button>::new();
    let confirm = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |was: Option<bool>| {
        let now = asking.get();
        let lost = || {
            document()
                .active_element()
                .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"))
        };
        if was.is_some_and(|was| was != now) || (was.is_none() && now && lost()) {
            let target = if now {
                confirm.get_untracked()
            } else {
                ask.get_untracked()
            };
            if let Some(target) = target {
                let _ = target.focus();
            }
        }
        now
    });
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="danger subtle"
                        aria-label=move || describe.get()
                        disabled=move || disabled.get()
                        data-testid=testid
                        node_ref=ask
                        on:click=move |_| ask_now()
                    >
                        {move || label.get()}
                    </button>
                }
            }
        >
            <span class="confirm" role="group" aria-label=move || describe.get()>
                <button
                    type="button"
                    class="danger"
                    data-testid="confirm"
                    node_ref=confirm
                    on:click=move |_| {
                        close();
                        on_confirm.run(());
                    }
                >
                    {move || t.get().confirm}
                </button>
                <button type="button" class="secondary" on:click=move |_| close()>
                    {move || t.get().cancel}
                </button>
            </span>
        </Show>
    }
}

/// A column of a `DataTable`: its heading, and whether it holds numbers (right-aligned).
pub struct Column {
    pub heading: &'static str,
    pub number: bool,
}

impl Column {
    pub fn text(heading: &'static str) -> Self {
        Self {
            heading,
            number: false,
        }
    }

    pub fn number(heading: &'static str) -> Self {
        Self {
            heading,
            number: true,
        }
    }
}

/// A table of records: header cells for its columns, then the rows it is given. With
/// `actions`, a last column of buttons whose heading only screen readers hear.
#[component]
pub fn DataTable(
    columns: Vec<Column>,
    /// The heading of the last column, of buttons.
    #[prop(optional)]
    actions: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| view! { <th scope="col" class=c.number.then_some("number")>{c.heading}</th> })
                            .collect_view()}
                        {actions.map(|heading| view! {
                            <th scope="col"><span class="visually-hidden">{heading}</span></th>
                        })}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// What a screen renders once its data is in: its view, or the problem that stopped it.
pub type Rendered = Pin<Box<dyn Future<Output = Result<AnyView, Problem>> + Send>>;

/// `render`'s future as a `Rendered`.
pub fn rendered(
    render: impl Future<Output = Result<AnyView, Problem>> + Send + 'static,
) -> Rendered {
    Box::pin(render)
}

/// Whether a screen's data is in: `None` until the first answer, then the last answer's
/// outcome. As a `Memo` it changes when that does, not with every reload.
pub fn load_state<T: Clone + Send + Sync + 'static>(
    resource: LocalResource<Result<T, Problem>>,
) -> Memo<Option<Result<(), Problem>>> {
    Memo::new(move |_| resource.get().map(|answer| answer.map(|_| ())))
}

/// The records a resource last answered with, kept while it is asked again (and after a
/// failed reload), for lists keyed by id whose rows read their own record from it.
pub fn held<T, R>(
    resource: LocalResource<Result<T, Problem>>,
    pick: fn(T) -> Vec<R>,
) -> Memo<Vec<R>>
where
    T: Clone + Send + Sync + 'static,
    R: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |held: Option<&Vec<R>>| match resource.get() {
        Some(Ok(answer)) => pick(answer),
        _ => held.cloned().unwrap_or_default(),
    })
}

/// One row of a keyed list: its record as `list` holds it now (the first one given, once
/// it has left the list and until the row goes).
pub fn row_of<R>(list: Memo<Vec<R>>, first: R, same: fn(&R, &R) -> bool) -> Memo<R>
where
    R: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| {
        list.with(|all| all.iter().find(|r| same(r, &first)).cloned())
            .unwrap_or_else(|| first.clone())
    })
}

/// A screen whose data is reloaded after the changes made on it: loading until the first
/// answer, a failure with a way to try again, else `children`, drawn when the data first
/// comes and not again with each reload. They read the data from signals, in rows keyed
/// by id, so what a person has begun in them (a file on its way, a question asked, a
/// field typed in, focus) stays where it is.
#[component]
pub fn Held(
    state: Memo<Option<Result<(), Problem>>>,
    #[prop(into)] retry: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=retry/> }>
            {move || match state.get() {
                None => leptos::either::Either::Left(view! { <Loading/> }),
                Some(answer) => leptos::either::Either::Right(answer.map(|()| children())),
            }}
        </ErrorBoundary>
    }
}

/// A screen's data as it loads, then what `render` makes of it; a failure with a way to
/// try again. Every screen goes through this one instance of the loading machinery (its
/// view erased to `AnyView`), which keeps each new screen's cost in the bundle small.
#[component]
pub fn Loaded(
    /// Tracked like a `Suspend`: a resource it awaits loads it again when it changes.
    #[prop(into)]
    render: Callback<(), Rendered>,
    #[prop(into)] retry: Callback<()>,
) -> impl IntoView {
    view! {
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |errors| view! { <Failed errors=errors retry=retry/> }>
                {move || Suspend::new(render.run(()))}
            </ErrorBoundary>
        </Transition>
    }
}

/// A list's filter by status: any, or one of `keys`, named in the member's language.
#[component]
pub fn StatusFilter(
    status: RwSignal<String>,
    keys: &'static [&'static str],
    labels: fn(&'static crate::i18n::Strings) -> &'static [&'static str],
    testid: &'static str,
) -> impl IntoView {
    let t = crate::i18n::use_text();
    view! {
        <div class="filters" role="group" aria-label=move || t.get().filters>
            <label>
                {move || t.get().filter_status}
                <select data-testid=testid prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{move || t.get().filter_any}</option>
                    {move || keys.iter().zip(labels(t.get())).map(|(key, text)| view! {
                        <option value=*key>{*text}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// A filter bar's select: its options, the one chosen when the bar was built, the value
/// the address holds now, and what choosing one does.
pub fn filter_select(
    id: &'static str,
    heading: &'static str,
    current: String,
    options: Vec<(String, String)>,
    value: impl Fn() -> String + Send + Sync + 'static,
    choose: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{heading}</label>
            <select id=id prop:value=value on:change=move |ev| choose(event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A filter bar's search field: what is typed stays in `text` until the form is sent.
pub fn filter_search(
    id: &'static str,
    heading: &'static str,
    text: RwSignal<String>,
    search: &'static str,
) -> impl IntoView {
    view! {
        <div class="field search">
            <label for=id>{heading}</label>
            <span class="search-row">
                <input
                    id=id
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="pr_…"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <button type="submit" class="secondary">{search}</button>
            </span>
        </div>
    }
}

/// A link that downloads the list a screen shows as CSV (`href` is the API's `.csv`
/// address with the screen's filters); the browser sends the session as for any call.
pub fn export_link(href: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let t = crate::i18n::use_text();
    view! {
        <a class="button secondary" data-testid="export" download="" href=href>
            {move || t.get().export_csv}
        </a>
    }
}
