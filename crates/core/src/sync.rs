//! The outbox's sync decisions, pure: which queued submissions go in the next batch, what to
//! do with each answer the server gives, and how long to wait after a failure.
//!
//! The PWA's executor only carries these out (reads IndexedDB, sends, deletes, sleeps), so
//! that every rule that keeps data from being lost or sent twice is tested natively here.
//! Randomness for the jitter comes from the caller, as the core has none of its own.

use std::ops::RangeInclusive;

use crate::protocol::{
    BatchResponse, ItemOutcome, ItemResult, MAX_BATCH_BYTES, MAX_BATCH_SUBMISSIONS, codes,
};

/// The first retry waits up to this long (before jitter).
pub const BACKOFF_BASE_MS: u64 = 1_000;

/// No retry waits longer than this.
pub const BACKOFF_CAP_MS: u64 = 5 * 60 * 1_000;

/// After a batch got no answer, the next holds at most half as many, down to this: on a link
/// that keeps dropping, a smaller request is likelier to get through and costs less to resend.
pub const MIN_BATCH_AFTER_NO_ANSWER: usize = 10;

/// `{"submissions":[` and `]}` around the submissions of a batch.
const ENVELOPE_BYTES: usize = r#"{"submissions":[]}"#.len();

/// A queued submission the phone may send: finalized, not practice, not already refused
/// by the server (rejected and conflicting ones stay on the phone, visible, but are not
/// offered again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub device_seq: u64,
    /// The length in bytes of the submission's JSON as it will be sent.
    pub json_len: usize,
}

/// The next batch: indices into the candidates, in the order to send them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchPlan {
    pub send: Vec<usize>,
    /// Candidates that can never fit a batch on their own. The phone keeps them, visible,
    /// with [`codes::TOO_LARGE`]; sending them would only be refused again.
    pub too_large: Vec<usize>,
}

/// The bytes of a batch holding submissions of these JSON lengths.
pub fn batch_json_len(json_lens: impl IntoIterator<Item = usize>) -> usize {
    let (count, sum) = json_lens
        .into_iter()
        .fold((0_usize, 0), |(count, sum), len| (count + 1, sum + len));
    ENVELOPE_BYTES + sum + count.saturating_sub(1)
}

/// How the last batch went, as the executor saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// An HTTP answer. For 200, pass this only once [`match_results`] accepted the body.
    Status(u16),
    /// No answer: offline, connection reset, timeout, or a 200 whose body did not match
    /// the batch. Whether the server stored the batch is unknown, so it is sent again: the
    /// ids make that harmless.
    NoAnswer,
}

/// What the executor does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Plan and send the next batch now, if any candidate is left.
    Continue,
    /// Wait this long, then plan and send again.
    RetryAfter { delay_ms: u64 },
    /// The lone submission just sent is too large for any batch: keep it on the phone with
    /// [`codes::TOO_LARGE`], visible, and continue with the others.
    ItemTooLarge,
    /// The server no longer knows this device (revoked, or the token is lost): stop sending
    /// and ask the enumerator to enrol again. The outbox stays as it is.
    Reenroll,
}

/// What the executor does with one submission after a 200.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemAction {
    /// The server holds it: delete the payload, keep a receipt with this digest.
    Sent { digest: String },
    /// Keep it, visible, with the reason; do not offer it again.
    Rejected { code: String, message: String },
    /// Another submission with this id is stored: keep it, visible; do not offer it again.
    Conflict { message: String },
}

/// A 200 whose results are not one per submission sent, in order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseMismatch {
    #[error("the server answered {got} results for {sent} submissions")]
    Count { sent: usize, got: usize },
    #[error("result {index} is for `{got}`, not for `{sent}`")]
    Id {
        index: usize,
        sent: String,
        got: String,
    },
}

/// The executor's memory between batches: failures in a row and how many submissions a
/// batch may hold after the server said 413.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    failures: u32,
    count_limit: usize,
}

impl Default for SyncState {
    fn default() -> Self {
        Self::new()
    }
}

impl SyncState {
    pub fn new() -> Self {
        Self {
            failures: 0,
            count_limit: MAX_BATCH_SUBMISSIONS,
        }
    }

    /// Failures in a row since the last answered batch.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// How many submissions the next batch may hold.
    pub fn count_limit(&self) -> usize {
        self.count_limit
    }

    /// Picks the next batch: the oldest submissions first (by `device_seq`, so that a
    /// phone that is lost mid-way leaves the fewest gaps), as many as fit in
    /// [`SyncState::count_limit`] submissions and [`MAX_BATCH_BYTES`].
    pub fn next_batch(&self, candidates: &[Candidate]) -> BatchPlan {
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by_key(|&i| (candidates[i].device_seq, i));
        let mut plan = BatchPlan::default();
        let mut bytes = ENVELOPE_BYTES;
        for i in order {
            let len = candidates[i].json_len;
            if ENVELOPE_BYTES + len > MAX_BATCH_BYTES {
                plan.too_large.push(i);
                continue;
            }
            let added = len + usize::from(!plan.send.is_empty());
            if plan.send.len() == self.count_limit || bytes + added > MAX_BATCH_BYTES {
                // Strict order: a later, smaller submission does not jump the queue.
                break;
            }
            bytes += added;
            plan.send.push(i);
        }
        plan
    }

    /// Takes in how the batch of `sent` submissions went. `random` is a uniform number in
    /// `[0, 1)` from the caller, for the jitter of a retry.
    pub fn on_reply(&mut self, sent: usize, reply: Reply, random: f64) -> Next {
        match reply {
            Reply::Status(200..=299) => {
                self.failures = 0;
                // Grow back after a split, so one large submission does not slow the rest.
                self.count_limit = (self.count_limit * 2).min(MAX_BATCH_SUBMISSIONS);
                Next::Continue
            }
            Reply::Status(401 | 403) => Next::Reenroll,
            Reply::Status(413) if sent <= 1 => Next::ItemTooLarge,
            Reply::Status(413) => {
                self.count_limit = (sent / 2).max(1);
                Next::Continue
            }
            Reply::Status(_) | Reply::NoAnswer => {
                if reply == Reply::NoAnswer {
                    self.count_limit = self
                        .count_limit
                        .min((sent / 2).max(MIN_BATCH_AFTER_NO_ANSWER));
                }
                self.failures = self.failures.saturating_add(1);
                Next::RetryAfter {
                    delay_ms: backoff_delay_ms(self.failures, random),
                }
            }
        }
    }
}

/// Exponential backoff with full jitter: a uniform wait between 0 and
/// `min(cap, base * 2^(failures - 1))`, so that phones that lost the network together do
/// not come back together. `random` is clamped to `[0, 1]`.
pub fn backoff_delay_ms(failures: u32, random: f64) -> u64 {
    if failures == 0 {
        return 0;
    }
    let exponent = (failures - 1).min(20);
    let ceiling = BACKOFF_BASE_MS
        .saturating_mul(1 << exponent)
        .min(BACKOFF_CAP_MS);
    let random = if random.is_nan() {
        0.0
    } else {
        random.clamp(0.0, 1.0)
    };
    // The ceiling is at most five minutes in milliseconds: exact in an f64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let delay = (ceiling as f64 * random).floor() as u64;
    delay
}

/// What to do with one submission, from its result.
pub fn item_action(result: &ItemResult) -> ItemAction {
    match result.outcome {
        ItemOutcome::Stored | ItemOutcome::Duplicate => ItemAction::Sent {
            digest: result.digest.clone(),
        },
        ItemOutcome::Rejected => ItemAction::Rejected {
            code: result
                .code
                .clone()
                .unwrap_or_else(|| codes::MALFORMED_SUBMISSION.to_owned()),
            message: result.message.clone().unwrap_or_default(),
        },
        ItemOutcome::Conflict => ItemAction::Conflict {
            message: result.message.clone().unwrap_or_default(),
        },
    }
}

/// Checks that a 200's results answer the batch sent (`sent_ids`, in order) and gives the
/// action for each submission. On a mismatch nothing may be deleted: treat it as
/// [`Reply::NoAnswer`].
pub fn match_results(
    sent_ids: &[&str],
    response: &BatchResponse,
) -> Result<Vec<ItemAction>, ResponseMismatch> {
    if sent_ids.len() != response.results.len() {
        return Err(ResponseMismatch::Count {
            sent: sent_ids.len(),
            got: response.results.len(),
        });
    }
    sent_ids
        .iter()
        .zip(&response.results)
        .enumerate()
        .map(|(index, (&sent, result))| {
            if result.id == sent {
                Ok(item_action(result))
            } else {
                Err(ResponseMismatch::Id {
                    index,
                    sent: sent.to_owned(),
                    got: result.id.clone(),
                })
            }
        })
        .collect()
}

/// The sequence numbers missing from `1..=max(seqs)`, as ranges: submissions finalized on
/// the device that never arrived. Order and repeats in `seqs` do not matter.
pub fn sequence_gaps(seqs: impl IntoIterator<Item = u64>) -> Vec<RangeInclusive<u64>> {
    let mut seqs: Vec<u64> = seqs.into_iter().filter(|&s| s > 0).collect();
    seqs.sort_unstable();
    seqs.dedup();
    let mut gaps = Vec::new();
    let mut expected = 1;
    for seq in seqs {
        if seq > expected {
            gaps.push(expected..=seq - 1);
        }
        expected = seq + 1;
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(lens: &[usize]) -> Vec<Candidate> {
        lens.iter()
            .enumerate()
            .map(|(i, &json_len)| Candidate {
                device_seq: u64::try_from(i).unwrap() + 1,
                json_len,
            })
            .collect()
    }

    #[test]
    fn batches_take_the_oldest_first_up_to_100() {
        let mut queue = candidates(&[500; 250]);
        queue.reverse();
        let plan = SyncState::new().next_batch(&queue);
        assert_eq!(plan.send.len(), 100);
        assert!(plan.too_large.is_empty());
        let seqs: Vec<u64> = plan.send.iter().map(|&i| queue[i].device_seq).collect();
        assert_eq!(seqs, (1..=100).collect::<Vec<_>>());
        assert!(SyncState::new().next_batch(&[]).send.is_empty());
    }

    #[test]
    fn batches_stay_within_one_mebibyte_of_json() {
        let queue = candidates(&[300_000; 10]);
        let plan = SyncState::new().next_batch(&queue);
        assert_eq!(plan.send, vec![0, 1, 2]);
        assert!(batch_json_len(plan.send.iter().map(|&i| queue[i].json_len)) <= MAX_BATCH_BYTES);
        // Exactly at the limit fits; one byte more does not.
        let exact = MAX_BATCH_BYTES - ENVELOPE_BYTES - 1;
        let plan = SyncState::new().next_batch(&candidates(&[exact / 2, exact - exact / 2, 1]));
        assert_eq!(plan.send, vec![0, 1]);
        assert_eq!(
            batch_json_len([exact / 2, exact - exact / 2]),
            MAX_BATCH_BYTES
        );
    }

    #[test]
    fn a_submission_too_large_for_any_batch_is_set_aside() {
        let queue = candidates(&[10, MAX_BATCH_BYTES, 20]);
        let plan = SyncState::new().next_batch(&queue);
        assert_eq!(plan.send, vec![0, 2]);
        assert_eq!(plan.too_large, vec![1]);
        assert_eq!(batch_json_len([]), ENVELOPE_BYTES);
        assert_eq!(batch_json_len([5, 7]), ENVELOPE_BYTES + 13);
    }

    #[test]
    fn a_413_halves_the_batch_until_one_submission_is_left() {
        let mut state = SyncState::new();
        assert_eq!(state.on_reply(100, Reply::Status(413), 0.5), Next::Continue);
        assert_eq!(state.count_limit(), 50);
        assert_eq!(state.next_batch(&candidates(&[10; 80])).send.len(), 50);
        assert_eq!(state.on_reply(50, Reply::Status(413), 0.5), Next::Continue);
        assert_eq!(state.on_reply(25, Reply::Status(413), 0.5), Next::Continue);
        assert_eq!(state.count_limit(), 12);
        state.count_limit = 1;
        assert_eq!(
            state.on_reply(1, Reply::Status(413), 0.5),
            Next::ItemTooLarge
        );
        assert_eq!(state.failures(), 0);
        // Successes grow the batch back to its full size.
        for _ in 0..8 {
            assert_eq!(state.on_reply(1, Reply::Status(200), 0.5), Next::Continue);
        }
        assert_eq!(state.count_limit(), MAX_BATCH_SUBMISSIONS);
    }

    #[test]
    fn a_401_or_403_stops_and_asks_to_enrol_again() {
        let mut state = SyncState::new();
        assert_eq!(state.on_reply(10, Reply::Status(401), 0.5), Next::Reenroll);
        assert_eq!(state.on_reply(10, Reply::Status(403), 0.5), Next::Reenroll);
    }

    #[test]
    fn transport_failures_back_off_with_full_jitter_up_to_five_minutes() {
        let mut state = SyncState::new();
        let mut ceilings = Vec::new();
        for reply in [
            Reply::NoAnswer,
            Reply::Status(500),
            Reply::Status(503),
            Reply::Status(429),
            Reply::Status(400),
        ] {
            match state.on_reply(100, reply, 0.999_999) {
                Next::RetryAfter { delay_ms } => ceilings.push(delay_ms),
                other => panic!("{reply:?} gave {other:?}"),
            }
        }
        assert_eq!(ceilings, vec![999, 1_999, 3_999, 7_999, 15_999]);
        assert_eq!(state.failures(), 5);
        assert_eq!(
            state.on_reply(100, Reply::NoAnswer, 0.0),
            Next::RetryAfter { delay_ms: 0 }
        );
        // A success forgets the failures.
        state.on_reply(100, Reply::Status(200), 0.0);
        assert_eq!(state.failures(), 0);
    }

    #[test]
    fn a_batch_without_an_answer_halves_the_next_down_to_ten_and_success_grows_it_back() {
        let mut state = SyncState::new();
        let limits: Vec<usize> = (0..5)
            .map(|_| {
                let sent = state.count_limit();
                state.on_reply(sent, Reply::NoAnswer, 0.0);
                state.count_limit()
            })
            .collect();
        assert_eq!(limits, [50, 25, 12, 10, 10]);
        // A server that answers with an error is not a bad link: the size stays.
        state.on_reply(10, Reply::Status(503), 0.0);
        assert_eq!(state.count_limit(), 10);
        let grown: Vec<usize> = (0..4)
            .map(|_| {
                state.on_reply(state.count_limit(), Reply::Status(200), 0.0);
                state.count_limit()
            })
            .collect();
        assert_eq!(grown, [20, 40, 80, MAX_BATCH_SUBMISSIONS]);
        // A small last batch that fails does not shrink the next below the minimum.
        state.on_reply(3, Reply::NoAnswer, 0.0);
        assert_eq!(state.count_limit(), MIN_BATCH_AFTER_NO_ANSWER);
    }

    #[test]
    fn backoff_is_capped_and_takes_any_random_number() {
        assert_eq!(backoff_delay_ms(0, 0.9), 0);
        assert_eq!(backoff_delay_ms(1, 0.5), 500);
        assert_eq!(backoff_delay_ms(9, 1.0), 256_000);
        assert_eq!(backoff_delay_ms(10, 1.0), BACKOFF_CAP_MS);
        assert_eq!(backoff_delay_ms(u32::MAX, 1.0), BACKOFF_CAP_MS);
        assert_eq!(backoff_delay_ms(u32::MAX, 2.0), BACKOFF_CAP_MS);
        assert_eq!(backoff_delay_ms(3, -1.0), 0);
        assert_eq!(backoff_delay_ms(3, f64::NAN), 0);
        for failures in 1..40 {
            for random in [0.0, 0.25, 0.75, 0.999] {
                assert!(backoff_delay_ms(failures, random) < BACKOFF_CAP_MS);
            }
        }
    }

    fn result(id: &str, outcome: ItemOutcome, code: Option<&str>) -> ItemResult {
        ItemResult {
            id: id.into(),
            outcome,
            digest: format!("digest-{id}"),
            code: code.map(Into::into),
            message: code.map(|c| format!("because {c}")),
        }
    }

    #[test]
    fn stored_and_duplicate_are_sent_rejected_and_conflict_stay() {
        let response = BatchResponse {
            results: vec![
                result("a", ItemOutcome::Stored, None),
                result("b", ItemOutcome::Duplicate, None),
                result("c", ItemOutcome::Rejected, Some("required_missing")),
                result("d", ItemOutcome::Conflict, Some("conflict")),
            ],
        };
        let actions = match_results(&["a", "b", "c", "d"], &response).unwrap();
        assert_eq!(
            actions,
            vec![
                ItemAction::Sent {
                    digest: "digest-a".into()
                },
                ItemAction::Sent {
                    digest: "digest-b".into()
                },
                ItemAction::Rejected {
                    code: "required_missing".into(),
                    message: "because required_missing".into()
                },
                ItemAction::Conflict {
                    message: "because conflict".into()
                },
            ]
        );
        let bare = result("e", ItemOutcome::Rejected, None);
        assert_eq!(
            item_action(&bare),
            ItemAction::Rejected {
                code: codes::MALFORMED_SUBMISSION.into(),
                message: String::new()
            }
        );
    }

    #[test]
    fn results_that_do_not_answer_the_batch_delete_nothing() {
        let response = BatchResponse {
            results: vec![
                result("a", ItemOutcome::Stored, None),
                result("x", ItemOutcome::Stored, None),
            ],
        };
        assert!(matches!(
            match_results(&["a"], &response),
            Err(ResponseMismatch::Count { sent: 1, got: 2 })
        ));
        assert!(matches!(
            match_results(&["a", "b"], &response),
            Err(ResponseMismatch::Id { index: 1, .. })
        ));
    }

    #[test]
    fn gaps_are_the_missing_sequence_numbers() {
        assert_eq!(sequence_gaps([1, 2, 3]), vec![]);
        assert_eq!(sequence_gaps([]), vec![]);
        assert_eq!(sequence_gaps([7, 3, 3, 1, 9]), vec![2..=2, 4..=6, 8..=8]);
        assert_eq!(sequence_gaps([4]), vec![1..=3]);
    }
}
