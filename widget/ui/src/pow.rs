//! The forms' proof of work, solved while the visitor types: the challenge is fetched
//! when a form is shown and searched in small slices between the browser's other work,
//! so the page never freezes. Sending waits for the solution if it is not there yet.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use attest_core::pow;
use wasm_bindgen_futures::JsFuture;

use crate::form::Body;
use crate::net::{self, Answer};

/// Hashes tried between two looks at the clock.
const BATCH: u64 = 1024;

/// Milliseconds of work between two yields to the browser: long enough that the yield's
/// own cost (a timer, at least 4 ms once nested) stays small, short enough that input and
/// rendering never wait noticeably.
const SLICE_MS: f64 = 24.0;

/// A solved challenge, ready to send as a form's `proof`.
#[derive(Clone)]
pub struct Proof {
    salt: String,
    difficulty: u32,
    expires: f64,
    signature: String,
    nonce: u64,
}

impl Proof {
    pub fn to_js(&self) -> js_sys::Object {
        let proof = js_sys::Object::new();
        let set = |key: &str, value: wasm_bindgen::JsValue| {
            let _ = js_sys::Reflect::set(&proof, &key.into(), &value);
        };
        set("salt", self.salt.as_str().into());
        set("difficulty", self.difficulty.into());
        set("expires", self.expires.into());
        set("signature", self.signature.as_str().into());
        set("nonce", self.nonce.to_string().into());
        proof
    }

    /// Still good for the time it takes to send.
    fn is_fresh(&self) -> bool {
        self.expires - js_sys::Date::now() / 1000.0 > 30.0
    }
}

enum State {
    Working,
    Solved(Proof),
    Failed,
}

/// Solves one challenge at a time for a form; dropping it stops the work.
pub struct Solver {
    state: Rc<RefCell<State>>,
    url: String,
}

impl Solver {
    pub fn start(api_base: &str, org: &str) -> Self {
        let solver = Self {
            state: Rc::new(RefCell::new(State::Working)),
            url: format!("{api_base}/v1/orgs/{org}/challenge"),
        };
        solver.restart();
        solver
    }

    fn restart(&self) {
        *self.state.borrow_mut() = State::Working;
        let (state, url) = (Rc::downgrade(&self.state), self.url.clone());
        wasm_bindgen_futures::spawn_local(solve(state, url));
    }

    /// A fresh solution: waits for the one being worked on, or starts anew when the last
    /// one expired. `None` when no challenge could be had (the next call tries again).
    pub async fn proof(&self) -> Option<Proof> {
        enum Next {
            Ready(Proof),
            Wait,
            Restart,
            Fail,
        }
        loop {
            let next = match &*self.state.borrow() {
                State::Solved(proof) if proof.is_fresh() => Next::Ready(proof.clone()),
                State::Solved(_) => Next::Restart,
                State::Working => Next::Wait,
                State::Failed => Next::Fail,
            };
            match next {
                Next::Ready(proof) => return Some(proof),
                Next::Wait => tick(10).await,
                Next::Restart => self.restart(),
                Next::Fail => {
                    self.restart();
                    return None;
                }
            }
        }
    }

    /// The last proof was used: work on the next one at once.
    pub fn spent(&self) {
        self.restart();
    }

    /// POSTs the form `body` makes, with a fresh proof. A proof the edge refuses (one
    /// that expired meanwhile) is replaced once. `None` when no challenge could be had or
    /// the edge did not answer.
    pub async fn send(&self, url: &str, body: impl Fn() -> Body) -> Option<Answer> {
        for attempt in 0..2 {
            let proof = self.proof().await?;
            self.spent();
            let sent = body().set("proof", proof.to_js());
            let answer = net::call("POST", url, Some(sent.object()), None).await?;
            let proof_refused = answer.status == 400
                && answer
                    .field_errors()
                    .iter()
                    .any(|(field, _)| field == "proof");
            if !(proof_refused && attempt == 0) {
                return Some(answer);
            }
        }
        None
    }
}

async fn solve(state: Weak<RefCell<State>>, url: String) {
    let Some(answer) = net::call("GET", &url, None, None).await else {
        finish(&state, State::Failed);
        return;
    };
    let salt = answer.text("salt");
    let signature = answer.text("signature");
    let number = |key| match answer.body.get(key) {
        Some(attest_core::json::Json::Number(Some(n))) => Some(*n),
        _ => None,
    };
    let (Some(difficulty), Some(expires)) = (number("difficulty"), number("expires")) else {
        finish(&state, State::Failed);
        return;
    };
    let difficulty = difficulty.min(32) as u32;
    let mut start = 0;
    let mut slice_ends = js_sys::Date::now() + SLICE_MS;
    loop {
        // The form is gone: nobody needs the answer.
        if state.upgrade().is_none() {
            return;
        }
        if let Some(nonce) = pow::search(&salt, difficulty, start, BATCH) {
            let proof = Proof {
                salt,
                difficulty,
                expires: expires as f64,
                signature,
                nonce,
            };
            finish(&state, State::Solved(proof));
            return;
        }
        start += BATCH;
        if js_sys::Date::now() >= slice_ends {
            tick(0).await;
            slice_ends = js_sys::Date::now() + SLICE_MS;
        }
    }
}

fn finish(state: &Weak<RefCell<State>>, outcome: State) {
    if let Some(state) = state.upgrade() {
        *state.borrow_mut() = outcome;
    }
}

/// Lets the browser run for `ms` milliseconds (at least one turn of its event loop).
pub async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
