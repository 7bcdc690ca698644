//! The sender: drains the outbox to the server in batches. Every decision (what goes next,
//! how big a batch is, how long to wait, what an answer means) is made by
//! `qabul_core::sync`; this module only carries it out against IndexedDB and `fetch`.

use indexed_db_futures::database::Database;
use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::draft::{OutboxEntry, OutboxState};
use qabul_core::protocol::{BatchRequest, codes};
use qabul_core::sync::{Candidate, ItemAction, Next, Reply, SyncState, match_results};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::Closure;

use crate::api::{self, ApiError};
use crate::clock;
use crate::storage::{self, StorageError, device, outbox};

/// How many transport failures in a row one drain tolerates before it waits for the next
/// trigger (the timer, the `online` event, or "Send now").
const MAX_RETRIES_PER_DRAIN: u32 = 6;

/// What the outbox page shows: "sending 40 of 120".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncProgress {
    pub running: bool,
    pub sent: usize,
    pub total: usize,
    /// The server refused the token: the phone must enrol again.
    pub needs_enrolment: bool,
    /// The last drain could not reach the server.
    pub unreachable: bool,
    /// When the running drain, waiting out a backoff after a failure, tries again.
    pub retry_at_ms: Option<u64>,
    /// Bumped after every applied batch, so lists re-read the outbox.
    pub changes: u64,
    /// The ids of the batch on its way now, shown as "sending". Not written to IndexedDB:
    /// after a crash they are simply queued again, and the server answers `duplicate` for
    /// any it already stored.
    pub in_flight: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Sender {
    pub progress: RwSignal<SyncProgress>,
}

/// The sender shared by the pages (panics outside `App`).
pub fn use_sender() -> Sender {
    expect_context::<Sender>()
}

/// How often the phone asks for the forms it may fill: a new version (an encrypted one, say)
/// reaches phones enrolled before it within this time of a signal.
const FORMS_REFRESH_MS: u64 = 10 * 60 * 1_000;

thread_local! {
    /// When the forms were last fetched (0: not since the app started).
    static FORMS_FETCHED_MS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Fetches the forms this phone may fill, at most every [`FORMS_REFRESH_MS`], and keeps them.
/// No answer (offline, a server away) changes nothing: the forms already kept stay in use.
async fn refresh_forms(
    db: &indexed_db_futures::database::Database,
    token: &str,
) -> Result<(), StorageError> {
    let now = clock::now_ms();
    let last = FORMS_FETCHED_MS.with(std::cell::Cell::get);
    if last != 0 && now.saturating_sub(last) < FORMS_REFRESH_MS {
        return Ok(());
    }
    let Ok(response) = api::forms(token).await else {
        return Ok(());
    };
    device::save_forms(db, &response.forms).await?;
    crate::forms::remember(&response.forms).await;
    FORMS_FETCHED_MS.with(|t| t.set(now));
    Ok(())
}

/// Creates the sender and its triggers: now, on the `online` event, and every minute.
pub fn provide_sender() -> Sender {
    let sender = Sender {
        progress: RwSignal::new(SyncProgress::default()),
    };
    provide_context(sender);
    sender.send_now();
    let online = window_event_listener(leptos::ev::online, move |_| sender.send_now());
    on_cleanup(move || online.remove());
    if let Some(window) = web_sys::window() {
        let tick = Closure::<dyn FnMut()>::new(move || sender.send_now());
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            60_000,
        );
        tick.forget();
    }
    sender
}

impl Sender {
    /// Starts a drain unless one is running.
    pub fn send_now(self) {
        if self.progress.get_untracked().running {
            return;
        }
        self.progress.update(|p| {
            p.running = true;
            p.sent = 0;
            p.total = 0;
            p.unreachable = false;
        });
        spawn_local(async move {
            if let Err(error) = self.drain().await {
                leptos::logging::warn!("sending stopped: {error}");
            }
            self.progress.update(|p| p.running = false);
        });
    }

    async fn drain(self) -> Result<(), StorageError> {
        let db = storage::open().await?;
        let Some(enrolment) = device::enrolment(&db).await? else {
            return Ok(());
        };
        // Finalized interviews first: new form versions (and the encryption module an
        // encrypted one brings, tens of kilobytes on 2G) can wait for them, not the reverse.
        let sent = self.send_outbox(&db, &enrolment).await;
        refresh_forms(&db, &enrolment.token).await?;
        sent
    }

    async fn send_outbox(
        self,
        db: &Database,
        enrolment: &device::Enrolment,
    ) -> Result<(), StorageError> {
        let mut state = SyncState::new();
        let mut retries = 0;
        let mut queue = Queue::default();
        loop {
            if queue.entries.is_empty() {
                // Read again only once this pass is through, to pick up interviews finalized
                // meanwhile: re-reading a thousand entries for every batch of a hundred
                // cost more than sending them.
                queue = Queue::read(db).await?;
                self.progress
                    .update(|p| p.total = p.sent + queue.entries.len());
                if queue.entries.is_empty() {
                    return Ok(());
                }
            }
            let plan = state.next_batch(&queue.candidates());
            if !plan.too_large.is_empty() {
                let refused: Vec<(&OutboxEntry, ItemAction)> = plan
                    .too_large
                    .iter()
                    .map(|&i| (&queue.entries[i], too_large()))
                    .collect();
                outbox::apply_results(db, &refused, clock::now_ms()).await?;
                queue.remove(&plan.too_large);
            }
            if plan.send.is_empty() {
                // Everything left was too large, and is now marked so; read again.
                continue;
            }
            let batch = BatchRequest {
                submissions: plan
                    .send
                    .iter()
                    .map(|&i| queue.entries[i].submission.clone())
                    .collect(),
            };
            let ids: Vec<&str> = batch.submissions.iter().map(|s| s.id.as_str()).collect();
            self.progress.update(|p| {
                p.in_flight = ids.iter().map(|id| (*id).to_owned()).collect();
            });
            let sent = api::send_batch(&enrolment.token, &batch).await;
            self.progress.update(|p| p.in_flight.clear());
            let reply = match sent {
                Ok(response) => match match_results(&ids, &response) {
                    Ok(actions) => {
                        let sent = actions
                            .iter()
                            .filter(|a| matches!(a, ItemAction::Sent { .. }))
                            .count();
                        let applied: Vec<(&OutboxEntry, ItemAction)> = plan
                            .send
                            .iter()
                            .map(|&i| &queue.entries[i])
                            .zip(actions)
                            .collect();
                        outbox::apply_results(db, &applied, clock::now_ms()).await?;
                        queue.remove(&plan.send);
                        self.progress.update(|p| {
                            p.sent += sent;
                            p.changes += 1;
                        });
                        Reply::Status(200)
                    }
                    Err(_) => Reply::NoAnswer,
                },
                Err(ApiError::Status { status, .. }) => Reply::Status(status),
                Err(ApiError::NoAnswer | ApiError::BadBody) => Reply::NoAnswer,
            };
            match state.on_reply(ids.len(), reply, js_sys::Math::random()) {
                Next::Continue => retries = 0,
                Next::ItemTooLarge => {
                    let refused = [(&queue.entries[plan.send[0]], too_large())];
                    outbox::apply_results(db, &refused, clock::now_ms()).await?;
                    queue.remove(&plan.send[..1]);
                }
                Next::Reenroll => {
                    self.progress.update(|p| p.needs_enrolment = true);
                    return Ok(());
                }
                Next::RetryAfter { delay_ms } => {
                    retries += 1;
                    if retries > MAX_RETRIES_PER_DRAIN {
                        self.progress.update(|p| p.unreachable = true);
                        return Ok(());
                    }
                    self.progress
                        .update(|p| p.retry_at_ms = Some(clock::now_ms() + delay_ms));
                    crate::clock::sleep(delay_ms).await;
                    self.progress.update(|p| p.retry_at_ms = None);
                }
            }
        }
    }
}

/// The queued submissions of one pass, with the length of each one's JSON, measured once.
#[derive(Default)]
struct Queue {
    entries: Vec<OutboxEntry>,
    json_lens: Vec<usize>,
}

impl Queue {
    async fn read(db: &Database) -> Result<Self, StorageError> {
        let entries: Vec<OutboxEntry> = outbox::list(db)
            .await?
            .into_iter()
            .filter(|e| e.state == OutboxState::Queued)
            .collect();
        let json_lens = entries
            .iter()
            .map(|e| serde_json::to_string(&e.submission).map_or(0, |j| j.len()))
            .collect();
        Ok(Self { entries, json_lens })
    }

    fn candidates(&self) -> Vec<Candidate> {
        self.entries
            .iter()
            .zip(&self.json_lens)
            .map(|(e, &json_len)| Candidate {
                device_seq: e.submission.device_seq,
                json_len,
            })
            .collect()
    }

    /// Takes out the entries at `indices`, dealt with.
    fn remove(&mut self, indices: &[usize]) {
        let mut keep = vec![true; self.entries.len()];
        for &i in indices {
            keep[i] = false;
        }
        let mut flags = keep.iter();
        self.entries.retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        self.json_lens.retain(|_| *flags.next().unwrap_or(&true));
    }
}

fn too_large() -> ItemAction {
    ItemAction::Rejected {
        code: codes::TOO_LARGE.to_owned(),
        message: "larger than a batch may be".to_owned(),
    }
}
