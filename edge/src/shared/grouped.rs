//! Group commit for the public forms' batches. D1 has one writer: every batch waits for
//! the one before it, and on a burst (a breach notice sends everyone to the form at once)
//! the database spends its time on the per-batch cost, not on the rows. So the forms'
//! batches that arrive in the same isolate while one group is in flight wait together
//! and go to D1 as the next group: one batch, one transaction, one round trip for many
//! forms. Nothing waits when nothing is in flight, so a lone form goes at once.
//!
//! Each form's statements are written only under its own claim (`storage::Only`), and
//! none fails on purpose (a reused proof of work or key changes nothing and is read back,
//! see `public::forms`), so sharing a transaction changes nothing of what each one
//! writes: the group behaves as its members would one after the other. Should a
//! constraint break all the same, the transaction is certain to have rolled back and the
//! fault to be one member's: each member of that group runs again alone. Any other
//! failure (the store down, an answer that does not add up) may have come after the
//! commit: every member is told D1's error, a `503`, and a client's retry with its
//! `Idempotency-Key` gets the stored answer if it was in fact filed.
//!
//! The group is sent from the request that found nothing in flight, inside its
//! `wait_until`, so a client that disconnects does not take the others' answers with it.
//! After `HAND_OVER_GROUPS` groups or `HAND_OVER_MS` (the runtime bounds an invocation's
//! queries and its time after the response) the sender stops and wakes the next waiting
//! member, which sends from its own request; if that request is gone, the next form to
//! arrive starts a sender. A member never hears from the sender through a promise or a
//! waker: it looks at its slot on timers of its own request (asleep until its group is
//! expected to be done, then every millisecond), so everything it does after, its
//! answer's body included, happens in its own request.
//! (Resolving a member's promise from the sender's request let wasm-bindgen-futures run
//! the member's task there: its response body was then "I/O on behalf of a different
//! request", a `500` for a third of the flash crowd's replays.) A member that no group took for
//! `GIVE_UP_MS` runs its batch alone; one whose group has not answered for `LOST_MS` (its
//! sender's request was ended mid-flight) is told so, a `503`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use worker::js_sys::Date;
use worker::{Context, D1PreparedStatement, D1Result, Delay, Env};

use crate::shared::storage::DB;

/// At most this many statements in one group (a form's batch has about ten).
pub const MAX_STATEMENTS: usize = 100;
/// A sender passes the groups on to a waiting member after this many groups (well within
/// the 1,000 queries a Worker invocation may make on Workers Paid)…
const HAND_OVER_GROUPS: usize = 8;
/// …or after this long (its time after the response is bounded).
const HAND_OVER_MS: f64 = 10_000.0;
/// A sender that has not started a group for this long is taken to be gone.
const STALE_MS: f64 = 10_000.0;
/// A member that has not been taken into a group for this long runs alone.
const GIVE_UP_MS: f64 = 12_000.0;
/// A member whose group has not answered for this long is told it is lost (D1's own
/// limit on a query is 30 s).
const LOST_MS: f64 = 35_000.0;
/// The longest a member sleeps before it looks at its slot again.
const MAX_PAUSE_MS: f64 = 20.0;

/// What a waiting member is told.
enum Outcome {
    /// Its results, in the order of its statements.
    Done(Vec<D1Result>),
    /// Its group broke a constraint, through this member's statements or another's: it
    /// runs alone.
    Alone,
    /// Its group failed: D1's error (it may have committed; a retry with the key tells).
    Failed(String),
    /// It sends the next groups, from its own request.
    Send,
}

/// A member's side of the queue: what it is told (read by the member on its own timers).
#[derive(Default)]
struct Slot {
    outcome: RefCell<Option<Outcome>>,
    /// When a group took it (0: still waiting).
    taken_at: Cell<f64>,
}

impl Slot {
    fn tell(&self, outcome: Outcome) {
        *self.outcome.borrow_mut() = Some(outcome);
    }

    /// Its outcome, looked for on timers of the member's own request; `None` after `ms`.
    /// It sleeps until its group is expected to be done (the groups in flight take about
    /// what the last ones took), then looks every millisecond, so it neither answers late
    /// nor spends its time waking.
    async fn heard(&self, ms: f64) -> Option<Outcome> {
        let since = Date::now();
        loop {
            if let Some(outcome) = self.outcome.borrow_mut().take() {
                return Some(outcome);
            }
            let now = Date::now();
            if now - since > ms {
                return None;
            }
            let due = QUEUE.with_borrow(|queue| {
                let taken = self.taken_at.get();
                if taken > 0.0 {
                    taken + queue.group_ms
                } else {
                    // The group in flight, then its own.
                    queue.sending_since.max(since) + 2.0 * queue.group_ms
                }
            });
            let pause = (due - now).clamp(1.0, MAX_PAUSE_MS) as u64;
            Delay::from(Duration::from_millis(pause)).await;
        }
    }
}

struct Member {
    statements: Vec<D1PreparedStatement>,
    slot: Rc<Slot>,
}

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Member>,
    /// When the sender last started a group (0: no sender).
    sending_since: f64,
    /// Which sender is the current one: a stale one that comes back stops.
    generation: u64,
    /// How long a group takes, about (an average of the last ones'), in milliseconds.
    group_ms: f64,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
}

/// Runs `statements` as one transaction, grouped with other forms' batches of this
/// isolate, and hands back each statement's result, in order; D1's error as it gave it
/// (a broken constraint or a failing store), as `D1Database::batch` would.
pub async fn batch(
    context: &Context,
    env: &Env,
    statements: Vec<D1PreparedStatement>,
) -> Result<Vec<D1Result>, worker::Error> {
    if statements.len() >= MAX_STATEMENTS {
        return env.d1(DB)?.batch(statements).await;
    }
    let slot = Rc::new(Slot::default());
    let start = QUEUE.with_borrow_mut(|queue| {
        queue.waiting.push_back(Member {
            statements: statements.clone(),
            slot: slot.clone(),
        });
        let now = Date::now();
        if queue.sending_since == 0.0 || now - queue.sending_since > STALE_MS {
            queue.sending_since = now;
            queue.generation += 1;
            Some(queue.generation)
        } else {
            None
        }
    });
    if let Some(generation) = start {
        context.wait_until(send(env.clone(), generation));
    }
    loop {
        match slot.heard(GIVE_UP_MS).await {
            Some(Outcome::Done(results)) => return Ok(results),
            Some(Outcome::Failed(error)) => return Err(worker::Error::RustError(error)),
            Some(Outcome::Alone) => return env.d1(DB)?.batch(statements).await,
            Some(Outcome::Send) => {
                // Unless a form that arrived meanwhile has started a sender.
                let generation = QUEUE.with_borrow_mut(|queue| {
                    (queue.sending_since == 0.0).then(|| {
                        queue.sending_since = Date::now();
                        queue.generation += 1;
                        queue.generation
                    })
                });
                if let Some(generation) = generation {
                    context.wait_until(send(env.clone(), generation));
                }
            }
            None => {
                // Nobody took it: its sender is gone. Out of the queue, and alone.
                let left = QUEUE.with_borrow_mut(|queue| {
                    let before = queue.waiting.len();
                    queue.waiting.retain(|m| !Rc::ptr_eq(&m.slot, &slot));
                    queue.waiting.len() < before
                });
                if left {
                    return env.d1(DB)?.batch(statements).await;
                }
                // Taken into a group that has not answered: it may yet commit, so it is
                // never sent again; past D1's own limit on a query it is lost.
                if Date::now() - slot.taken_at.get() > LOST_MS {
                    return Err(worker::Error::RustError(
                        "the group it was sent in did not answer".into(),
                    ));
                }
            }
        }
    }
}

/// A transaction that failed on a broken constraint: rolled back, and caused by one of
/// its statements rather than by the store.
fn broke_a_constraint(error: &worker::Error) -> bool {
    let text = error.to_string();
    text.contains("SQLITE_CONSTRAINT") || text.contains("constraint failed")
}

/// Sends the waiting members' batches, a group at a time, until none are left or it is
/// time to hand over.
async fn send(env: Env, generation: u64) {
    let started = Date::now();
    let db = env.d1(DB);
    let mut groups = 0;
    loop {
        let group = QUEUE.with_borrow_mut(|queue| {
            if queue.generation != generation {
                return None;
            }
            let mut group = Vec::new();
            let mut count = 0;
            while let Some(next) = queue.waiting.front() {
                if !group.is_empty() && count + next.statements.len() > MAX_STATEMENTS {
                    break;
                }
                count += next.statements.len();
                group.extend(queue.waiting.pop_front());
            }
            if group.is_empty() {
                queue.sending_since = 0.0;
                return None;
            }
            let now = Date::now();
            queue.sending_since = now;
            for member in &group {
                member.slot.taken_at.set(now);
            }
            Some(group)
        });
        let Some(group) = group else { return };
        let expected: usize = group.iter().map(|m| m.statements.len()).sum();
        let statements = group
            .iter()
            .flat_map(|m| m.statements.iter().cloned())
            .collect();
        let started_group = Date::now();
        let sent = match &db {
            Ok(db) => db.batch(statements).await,
            Err(error) => Err(worker::Error::RustError(error.to_string())),
        };
        let took = Date::now() - started_group;
        QUEUE.with_borrow_mut(|queue| queue.group_ms = 0.8 * queue.group_ms + 0.2 * took);
        match sent {
            Ok(mut results) if results.len() == expected => {
                for member in group {
                    let rest = results.split_off(member.statements.len());
                    member.slot.tell(Outcome::Done(results));
                    results = rest;
                }
            }
            Err(error) if group.len() > 1 && broke_a_constraint(&error) => {
                for member in group {
                    member.slot.tell(Outcome::Alone);
                }
            }
            outcome => {
                let error = match outcome {
                    Err(error) => error.to_string(),
                    Ok(results) => format!("{} results for {expected} statements", results.len()),
                };
                for member in group {
                    member.slot.tell(Outcome::Failed(error.clone()));
                }
            }
        }
        groups += 1;
        if groups >= HAND_OVER_GROUPS || Date::now() - started > HAND_OVER_MS {
            QUEUE.with_borrow_mut(|queue| {
                if queue.generation != generation {
                    return;
                }
                queue.sending_since = 0.0;
                queue.generation += 1;
                if let Some(next) = queue.waiting.front() {
                    next.slot.tell(Outcome::Send);
                }
            });
            return;
        }
    }
}
