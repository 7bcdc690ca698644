//! The encrypted submissions, opened in this page once a key is loaded. The server holds only
//! their sealed bytes, so their table, filters, flags, dashboard and exports are all made here
//! from one opened set, with the same core code as the server's. They are fetched and opened
//! once per set of keys: changing a filter narrows what is already open.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::opened::{OpenedSet, Opener};
use qabul_core::review::ReviewStatus;

use crate::api;
use crate::review_keys::ReviewKeys;

/// How long opening holds the page before it lets it draw and answer taps: long enough that
/// the pauses (a browser waits at least 4 ms on a chained timer) cost little of the total.
const SLICE_MS: u64 = 100;

/// Where opening stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// No key is loaded.
    NoKey,
    /// Fetching (`total` 0), then opening: `done` of `total` tried.
    Opening { done: usize, total: usize },
    /// Open; `generation` counts every change of the set, for views to follow.
    Ready {
        opened: usize,
        unopened: usize,
        damaged: usize,
        generation: u32,
    },
    /// The sealed submissions could not be fetched, and why (in words for the page).
    Failed(crate::i18n::Text),
}

/// The opened set, shared by the review pages through context.
#[derive(Debug, Clone, Copy)]
pub struct Opened {
    set: StoredValue<OpenedSet, LocalStorage>,
    state: RwSignal<OpenState>,
    generation: StoredValue<u32>,
    /// The latest opening asked for: an earlier one still running when the keys change
    /// again is dropped when it ends.
    request: StoredValue<u32>,
}

impl Opened {
    /// Creates the opened set for the review pages below; it opens again whenever the loaded
    /// keys change.
    pub fn provide(keys: ReviewKeys) -> Self {
        let opened = Self {
            set: StoredValue::new_local(OpenedSet::default()),
            state: RwSignal::new(OpenState::NoKey),
            generation: StoredValue::new(0),
            request: StoredValue::new(0),
        };
        provide_context(opened);
        Effect::new(move |_| {
            if keys.ids().is_empty() {
                opened.request.update_value(|r| *r = r.wrapping_add(1));
                opened.set.set_value(OpenedSet::default());
                opened.state.set(OpenState::NoKey);
            } else {
                opened.reload(keys);
            }
        });
        opened
    }

    /// Fetches every sealed submission and opens them with `keys`. All of them, whatever the
    /// filters: too-short is judged against everything that arrived before.
    pub fn reload(&self, keys: ReviewKeys) {
        let this = *self;
        this.request.update_value(|r| *r = r.wrapping_add(1));
        let request = this.request.get_value();
        this.state.set(OpenState::Opening { done: 0, total: 0 });
        spawn_local(async move {
            let fetched = api::review_sealed("").await;
            if this.request.get_value() != request {
                return;
            }
            let items = match fetched {
                Ok(items) => items,
                Err(error) => {
                    this.state.set(OpenState::Failed(failure_text(&error)));
                    return;
                }
            };
            // Opened a slice of time at a time, yielding between slices, so that the page
            // shows its progress and stays usable while thousands are opened.
            let mut work = Opener::new(items);
            loop {
                let (done, total) = work.progress();
                this.state.set(OpenState::Opening { done, total });
                crate::clock::sleep(0).await;
                if this.request.get_value() != request {
                    return;
                }
                if work.is_done() {
                    break;
                }
                let started = crate::clock::now_ms();
                while !work.is_done() && crate::clock::now_ms() - started < SLICE_MS {
                    keys.open_part(&mut work, 20);
                }
            }
            let set = work.finish();
            let counts = (set.len(), set.unopened(), set.damaged());
            this.set.set_value(set);
            this.changed(counts);
        });
    }

    /// The set changed: it holds `opened`, and `unopened` and `damaged` were left out.
    fn changed(&self, (opened, unopened, damaged): (usize, usize, usize)) {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        self.state.set(OpenState::Ready {
            opened,
            unopened,
            damaged,
            generation: self.generation.get_value(),
        });
    }

    /// Where opening stands (tracked).
    pub fn state(&self) -> OpenState {
        self.state.get()
    }

    /// Whether anything is opened (tracked).
    pub fn has_any(&self) -> bool {
        matches!(self.state(), OpenState::Ready { opened, .. } if opened > 0)
    }

    /// Reads the opened set (tracked: re-runs when it changes).
    pub fn with<R>(&self, f: impl FnOnce(&OpenedSet) -> R) -> R {
        self.state.track();
        self.set.with_value(f)
    }

    /// Shows a review decision just taken, without opening everything again.
    pub fn set_status(&self, id: &str, status: ReviewStatus) {
        if let OpenState::Ready {
            opened,
            unopened,
            damaged,
            ..
        } = self.state.get_untracked()
        {
            self.set.update_value(|set| set.set_status(id, status));
            self.changed((opened, unopened, damaged));
        }
    }
}

/// What the page says when the sealed submissions could not be fetched.
fn failure_text(error: &api::ApiError) -> crate::i18n::Text {
    use crate::i18n::Text;
    match error {
        api::ApiError::NoAnswer => Text::ReviewOffline,
        api::ApiError::Status { status: 401, .. } => Text::SessionEnded,
        api::ApiError::Status { .. } | api::ApiError::BadBody => Text::ServerFailed,
    }
}

/// The review pages' opened set, if they provided one.
pub fn use_opened() -> Option<Opened> {
    use_context::<Opened>()
}
