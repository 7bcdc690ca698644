//! Encrypted submissions, opened in the supervisor's review page. The server stores them
//! unread, so what it would otherwise read from their answers (each row's place and outcome,
//! the filters that look inside, the too-short flag) is computed here, where the key is, with
//! the same rules as for submissions in the clear.

use std::collections::HashMap;

use crate::dashboard::{self, Summary, outcome_of};
use crate::export::{self, ExportOptions, Format, Layout, RowMeta};
use crate::lang::Lang;
use crate::load::Form;
use crate::protocol::{Submission, Timestamp};
use crate::quality::{Arrival, Flag, FormDurations};
use crate::review::{ReviewStatus, SealedItem, SubmissionPage, SubmissionRow, place_of};
use crate::scoring::{AggregateRules, IndexConfig};
use crate::seal::{self, PrivateKey};
use crate::xlsx::XlsxError;

/// One sealed submission, opened: its row in the table and what it said.
#[derive(Debug, Clone)]
pub struct OpenedSubmission {
    pub row: SubmissionRow,
    /// With its answers and paradata.
    pub submission: Submission,
    finalized_at: Timestamp,
}

/// The sealed submissions some keys opened, newest first as the server's table lists them,
/// and how many were not opened (counted, never guessed at): sealed to a key not given, or
/// damaged.
#[derive(Debug, Clone, Default)]
pub struct OpenedSet {
    items: Vec<OpenedSubmission>,
    unopened: usize,
    damaged: usize,
}

/// Opens sealed submissions a part at a time, so that a page opening thousands can show its
/// progress and stay responsive between parts. The too-short flag, which the server cannot
/// raise on a sealed submission, is raised here as the server would have on arrival: against
/// the median of the completed interviews of the same form version stored before the batch
/// it came in (the server judges a batch as a whole, then records it). So they are opened in
/// the order they arrived.
#[derive(Debug)]
pub struct Opener {
    rest: std::vec::IntoIter<SealedItem>,
    total: usize,
    durations: HashMap<(String, String), FormDurations>,
    /// The upload batch being judged (one device's, stored at one instant) and what it will
    /// add to the medians once it is judged.
    batch: Option<(Timestamp, String)>,
    pending: Vec<((String, String), Arrival)>,
    opened: Vec<OpenedSubmission>,
    unopened: usize,
    damaged: usize,
}

impl Opener {
    pub fn new(mut items: Vec<SealedItem>) -> Self {
        items.sort_by(|a, b| {
            (a.received_at, &a.device_id, a.submission.device_seq).cmp(&(
                b.received_at,
                &b.device_id,
                b.submission.device_seq,
            ))
        });
        Self {
            total: items.len(),
            opened: Vec::with_capacity(items.len()),
            rest: items.into_iter(),
            durations: HashMap::new(),
            batch: None,
            pending: Vec::new(),
            unopened: 0,
            damaged: 0,
        }
    }

    /// How many have been tried, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.total - self.rest.len(), self.total)
    }

    /// Whether every one has been tried.
    pub fn is_done(&self) -> bool {
        self.rest.len() == 0
    }

    /// Tries up to `max` more with `keys`.
    pub fn step(&mut self, keys: &[PrivateKey], max: usize) {
        for item in self.rest.by_ref().take(max) {
            let this_batch = item.received_at.map(|t| (t, item.device_id.clone()));
            if this_batch.is_none() || this_batch != self.batch {
                for (version, arrival) in self.pending.drain(..) {
                    self.durations.entry(version).or_default().record(&arrival);
                }
                self.batch = this_batch;
            }
            let submission = match seal::open_submission(&item.submission, &item.device_id, keys) {
                Ok(submission) => submission,
                Err(seal::OpenError::WrongKey { .. } | seal::OpenError::MissingKey { .. }) => {
                    self.unopened += 1;
                    continue;
                }
                Err(_) => {
                    self.damaged += 1;
                    continue;
                }
            };
            // The server checked the times before storing it.
            let Ok(arrival) =
                Arrival::from_submission(&submission, submission.answers.as_ref().map(outcome_of))
            else {
                self.damaged += 1;
                continue;
            };
            let mut flags = item.flags;
            let version = (submission.form_id.clone(), submission.form_version.clone());
            if self
                .durations
                .get(&version)
                .is_some_and(|d| d.is_too_short(arrival.duration_ms(), arrival.outcome))
                && !flags.contains(&Flag::TooShort)
            {
                flags.push(Flag::TooShort);
                flags.sort_by_key(|f| Flag::ALL.iter().position(|all| all == f));
            }
            self.pending.push((version, arrival));
            let (governorate, district) = place_of(&submission);
            let row = SubmissionRow {
                id: submission.id.clone(),
                enumerator: item.enumerator,
                device_id: item.device_id,
                form_id: submission.form_id.clone(),
                form_version: submission.form_version.clone(),
                device_seq: i64::try_from(submission.device_seq).unwrap_or(i64::MAX),
                finalized_at: submission.finalized_at.clone(),
                received_at: item.received_at.map(|t| t.to_string()).unwrap_or_default(),
                governorate,
                district,
                outcome: arrival.outcome.map(|o| o.code().to_owned()),
                review_status: item.review_status,
                flags,
            };
            self.opened.push(OpenedSubmission {
                row,
                submission,
                finalized_at: arrival.finalized_at,
            });
        }
    }

    /// The set of those opened so far, newest first; those not yet tried are left out.
    pub fn finish(self) -> OpenedSet {
        let mut items = self.opened;
        items.sort_by(|a, b| {
            b.finalized_at
                .cmp(&a.finalized_at)
                .then_with(|| a.row.id.cmp(&b.row.id))
        });
        OpenedSet {
            items,
            unopened: self.unopened,
            damaged: self.damaged,
        }
    }
}

impl OpenedSet {
    /// Opens `items` with `keys` in one go (see [`Opener`] to open them a part at a time).
    pub fn open(items: Vec<SealedItem>, keys: &[PrivateKey]) -> Self {
        let mut opener = Opener::new(items);
        opener.step(keys, usize::MAX);
        opener.finish()
    }

    /// How many were opened.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many were sealed to a key not given.
    pub fn unopened(&self) -> usize {
        self.unopened
    }

    /// How many a key given should have opened but did not: changed or damaged since sealing.
    pub fn damaged(&self) -> usize {
        self.damaged
    }

    /// Those `filter` selects, newest first.
    pub fn select<'a>(
        &'a self,
        filter: &'a RowFilter,
    ) -> impl Iterator<Item = &'a OpenedSubmission> + 'a {
        self.items.iter().filter(|item| filter.matches(item))
    }

    /// Those `filter` selects of `form_id`, in the order the server's exports list them:
    /// oldest first.
    fn export_order<'a>(&'a self, filter: &RowFilter, form_id: &str) -> Vec<&'a OpenedSubmission> {
        let mut items: Vec<&OpenedSubmission> = self
            .items
            .iter()
            .filter(|item| item.row.form_id == form_id && filter.matches(item))
            .collect();
        items.sort_by(|a, b| {
            a.finalized_at
                .cmp(&b.finalized_at)
                .then_with(|| a.row.id.cmp(&b.row.id))
        });
        items
    }

    /// The export of those `filter` selects, in the server's columns and order: laid out by
    /// `form`'s questions (submissions of other forms would not fit them), answers as labels
    /// in `lang`. Also how many rows it holds.
    pub fn export(
        &self,
        form: &Form,
        filter: &RowFilter,
        lang: Lang,
        format: Format,
    ) -> Result<(Vec<u8>, usize), XlsxError> {
        let layout = Layout::new(
            form,
            ExportOptions {
                labels: Some(lang),
                include_location: false,
            },
        );
        let rows: Vec<Vec<String>> = self
            .export_order(filter, form.id())
            .into_iter()
            .map(|item| {
                let flags = export::flag_codes(&item.row.flags);
                let meta = RowMeta {
                    enumerator: &item.row.enumerator,
                    review_status: item.row.review_status.code(),
                    outcome: item.row.outcome.as_deref().unwrap_or_default(),
                    flags: &flags,
                };
                layout.row(&meta, &item.submission)
            })
            .collect();
        Ok((export::whole(format, layout.header(), &rows)?, rows.len()))
    }

    /// The dashboard of those `filter` selects of the built-in form, whose index it computes.
    pub fn summarize(&self, filter: &RowFilter) -> Summary {
        dashboard::summarize(
            self.select(filter)
                .filter(|item| item.row.form_id == crate::builtin::COMMUNITY_ACCEPTANCE_ID)
                .map(|item| dashboard::Row {
                    submission: &item.submission,
                    enumerator: &item.row.enumerator,
                }),
            &IndexConfig::default(),
            &AggregateRules::default(),
        )
    }

    /// One page of those `filter` selects, as the server pages its table (`page` from 1).
    pub fn page(&self, filter: &RowFilter, page: u32, per_page: u32) -> SubmissionPage {
        let per_page = per_page.max(1);
        let skip = usize::try_from(page.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .saturating_mul(usize::try_from(per_page).unwrap_or(usize::MAX));
        let mut total = 0_i64;
        let mut rows = Vec::new();
        for (i, item) in self.select(filter).enumerate() {
            total += 1;
            if i >= skip && rows.len() < per_page as usize {
                rows.push(item.row.clone());
            }
        }
        SubmissionPage {
            total,
            page: page.max(1),
            per_page,
            rows,
        }
    }

    /// The row of submission `id`, if it was opened.
    pub fn row(&self, id: &str) -> Option<&SubmissionRow> {
        self.items
            .iter()
            .find(|item| item.row.id == id)
            .map(|item| &item.row)
    }

    /// Records a review decision taken since opening, so that the table shows it without
    /// opening everything again.
    pub fn set_status(&mut self, id: &str, status: ReviewStatus) {
        if let Some(item) = self.items.iter_mut().find(|item| item.row.id == id) {
            item.row.review_status = status;
        }
    }
}

/// What the review table is narrowed to, as the server's filters mean it: every field set
/// must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowFilter {
    pub district: Option<String>,
    pub review_status: Option<ReviewStatus>,
    pub flag: Option<Flag>,
    /// Finalized at or after this instant.
    pub from: Option<Timestamp>,
    /// Finalized before this instant.
    pub until: Option<Timestamp>,
    /// The enumerator's exact name.
    pub enumerator: Option<String>,
}

impl RowFilter {
    pub fn matches(&self, item: &OpenedSubmission) -> bool {
        let row = &item.row;
        self.district
            .as_ref()
            .is_none_or(|d| row.district.as_ref() == Some(d))
            && self.review_status.is_none_or(|s| row.review_status == s)
            && self.flag.is_none_or(|f| row.flags.contains(&f))
            && self.from.is_none_or(|t| item.finalized_at >= t)
            && self.until.is_none_or(|t| item.finalized_at < t)
            && self
                .enumerator
                .as_ref()
                .is_none_or(|e| &row.enumerator == e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Outcome;
    use crate::seal::PrivateKey;
    use crate::synthetic::{self, Rng};

    const MINUTE: i64 = 60_000;
    const START_MS: i64 = 1_795_334_400_000;

    /// A completed interview of `minutes`, finalized at `at_ms`, sealed to `key` by `device`.
    fn sealed(
        rng: &mut Rng,
        key: &PrivateKey,
        device: &str,
        seq: u64,
        at_ms: i64,
        minutes: i64,
    ) -> SealedItem {
        let mut submission = loop {
            let (submission, outcome) = synthetic::submission(rng, seq, at_ms);
            if outcome == Outcome::Completed {
                break submission;
            }
        };
        submission.started_at = Timestamp::from_unix_ms(at_ms - minutes * MINUTE).to_string();
        seal::seal_submission(&mut submission, device, key.public_key(), rng.bytes())
            .expect("seals");
        SealedItem {
            device_id: device.to_owned(),
            enumerator: format!("enumerator of {device}"),
            review_status: ReviewStatus::Pending,
            flags: Vec::new(),
            received_at: Some(Timestamp::from_unix_ms(at_ms + MINUTE)),
            submission,
        }
    }

    fn twelve_and_a_short_one(key: &PrivateKey) -> Vec<SealedItem> {
        let mut rng = Rng::new(11);
        let mut items: Vec<SealedItem> = (1..=12)
            .map(|seq| {
                let at = START_MS + i64::try_from(seq).unwrap() * 60 * MINUTE;
                sealed(&mut rng, key, "phone-a", seq, at, 20)
            })
            .collect();
        items.push(sealed(
            &mut rng,
            key,
            "phone-b",
            1,
            START_MS + 20 * 60 * MINUTE,
            5,
        ));
        // The server lists them oldest first; arrival order is the set's business.
        items.reverse();
        items
    }

    #[test]
    fn too_short_is_raised_on_an_opened_submission_as_on_arrival() {
        let key = PrivateKey::derive(&[7; 32]);
        let set = OpenedSet::open(twelve_and_a_short_one(&key), &[key]);
        assert_eq!(set.len(), 13);
        let too_short = RowFilter {
            flag: Some(Flag::TooShort),
            ..RowFilter::default()
        };
        let flagged: Vec<&str> = set
            .select(&too_short)
            .map(|item| item.row.device_id.as_str())
            .collect();
        assert_eq!(flagged, ["phone-b"]);
    }

    #[test]
    fn opening_in_parts_gives_what_opening_at_once_gives() {
        let key = PrivateKey::derive(&[7; 32]);
        let at_once = OpenedSet::open(twelve_and_a_short_one(&key), std::slice::from_ref(&key));
        // Parts of 2 cut through the upload batches; too-short must still be judged as on
        // arrival.
        let mut opener = Opener::new(twelve_and_a_short_one(&key));
        assert_eq!(opener.progress(), (0, 13));
        let mut steps = 0;
        while !opener.is_done() {
            opener.step(std::slice::from_ref(&key), 2);
            steps += 1;
        }
        assert_eq!((steps, opener.progress()), (7, (13, 13)));
        let in_parts = opener.finish();
        let rows = |set: &OpenedSet| -> Vec<SubmissionRow> {
            set.select(&RowFilter::default())
                .map(|i| i.row.clone())
                .collect()
        };
        assert_eq!(rows(&in_parts), rows(&at_once));
        assert!(
            rows(&in_parts)
                .iter()
                .any(|r| r.flags.contains(&Flag::TooShort))
        );
    }

    #[test]
    fn too_short_waits_for_enough_interviews_to_trust_a_median() {
        let key = PrivateKey::derive(&[7; 32]);
        let mut items = twelve_and_a_short_one(&key);
        // The short one arrives before the tenth completed interview of its version.
        let short = items.iter_mut().find(|i| i.device_id == "phone-b").unwrap();
        short.received_at = Some(Timestamp::from_unix_ms(START_MS));
        let set = OpenedSet::open(items, &[key]);
        assert!(
            set.select(&RowFilter::default())
                .all(|i| i.row.flags.is_empty())
        );
    }

    #[test]
    fn a_batch_is_judged_against_what_was_stored_before_it() {
        let key = PrivateKey::derive(&[7; 32]);
        let mut rng = Rng::new(11);
        // A phone offline for days uploads twelve interviews and a short one at once: the
        // server knew no median before the batch, so it flagged none of them.
        let uploaded = Timestamp::from_unix_ms(START_MS + 100 * 60 * MINUTE);
        let items: Vec<SealedItem> = (1..=13)
            .map(|seq| {
                let at = START_MS + i64::try_from(seq).unwrap() * 60 * MINUTE;
                let minutes = if seq == 13 { 5 } else { 20 };
                let mut item = sealed(&mut rng, &key, "phone-a", seq, at, minutes);
                item.received_at = Some(uploaded);
                item
            })
            .collect();
        let set = OpenedSet::open(items, std::slice::from_ref(&key));
        assert_eq!(set.len(), 13);
        assert!(
            set.select(&RowFilter::default())
                .all(|i| i.row.flags.is_empty())
        );
    }

    #[test]
    fn exports_list_oldest_first_as_the_server_does() {
        let key = PrivateKey::derive(&[7; 32]);
        let set = OpenedSet::open(twelve_and_a_short_one(&key), &[key]);
        let times: Vec<Timestamp> = set
            .export_order(
                &RowFilter::default(),
                crate::builtin::COMMUNITY_ACCEPTANCE_ID,
            )
            .iter()
            .map(|i| i.finalized_at)
            .collect();
        assert_eq!(times.len(), 13);
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn exports_and_the_dashboard_come_from_the_opened_rows() {
        let key = PrivateKey::derive(&[7; 32]);
        let set = OpenedSet::open(twelve_and_a_short_one(&key), &[key]);
        let form = crate::builtin::community_acceptance();
        let (json, rows) = set
            .export(&form, &RowFilter::default(), Lang::En, Format::Json)
            .unwrap();
        assert_eq!(rows, 13);
        let objects: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
        let finalized: Vec<&str> = objects
            .iter()
            .map(|o| o["finalized_at"].as_str().unwrap())
            .collect();
        assert!(finalized.windows(2).all(|w| w[0] <= w[1]), "oldest first");
        assert_eq!(
            objects.iter().filter(|o| o["flags"] == "too_short").count(),
            1
        );
        let (csv, _) = set
            .export(&form, &RowFilter::default(), Lang::Ar, Format::Csv)
            .unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap().trim_end().lines().count(),
            14
        );
        assert_eq!(set.summarize(&RowFilter::default()).submissions, 13);
    }

    #[test]
    fn rows_carry_what_the_answers_say_and_filters_look_inside() {
        let key = PrivateKey::derive(&[7; 32]);
        let set = OpenedSet::open(twelve_and_a_short_one(&key), &[key]);
        let all = set.page(&RowFilter::default(), 1, 100);
        assert_eq!(all.total, 13);
        assert!(
            all.rows
                .iter()
                .all(|r| r.district.is_some() && r.governorate.is_some())
        );
        assert!(
            all.rows
                .iter()
                .all(|r| r.outcome.as_deref() == Some("completed"))
        );
        // Newest first.
        assert!(
            all.rows
                .windows(2)
                .all(|w| w[0].finalized_at >= w[1].finalized_at)
        );
        let district = all.rows[0].district.clone();
        let in_district = set.page(
            &RowFilter {
                district: district.clone(),
                ..RowFilter::default()
            },
            1,
            100,
        );
        let expected = all.rows.iter().filter(|r| r.district == district).count();
        assert_eq!(in_district.total, i64::try_from(expected).unwrap());
        assert!(in_district.rows.iter().all(|r| r.district == district));
    }

    #[test]
    fn pages_do_not_overlap_and_dates_bound_as_the_server_does() {
        let key = PrivateKey::derive(&[7; 32]);
        let set = OpenedSet::open(twelve_and_a_short_one(&key), &[key]);
        let ids = |page| -> Vec<String> {
            set.page(&RowFilter::default(), page, 5)
                .rows
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        let (one, two, three) = (ids(1), ids(2), ids(3));
        assert_eq!((one.len(), two.len(), three.len()), (5, 5, 3));
        assert!(
            one.iter()
                .all(|id| !two.contains(id) && !three.contains(id))
        );
        let cut = Timestamp::from_unix_ms(START_MS + 6 * 60 * MINUTE);
        let before = set.page(
            &RowFilter {
                until: Some(cut),
                ..RowFilter::default()
            },
            1,
            100,
        );
        let after = set.page(
            &RowFilter {
                from: Some(cut),
                ..RowFilter::default()
            },
            1,
            100,
        );
        assert_eq!(before.total, 5);
        assert_eq!(before.total + after.total, 13);
    }

    #[test]
    fn a_submission_no_key_opens_is_counted_not_shown() {
        let key = PrivateKey::derive(&[7; 32]);
        let other = PrivateKey::derive(&[8; 32]);
        let mut items = twelve_and_a_short_one(&key);
        let mut rng = Rng::new(3);
        items.push(sealed(&mut rng, &other, "phone-c", 1, START_MS, 20));
        let set = OpenedSet::open(items, &[key]);
        assert_eq!((set.len(), set.unopened(), set.damaged()), (13, 1, 0));
    }

    #[test]
    fn a_damaged_submission_is_counted_apart_from_those_of_another_key() {
        let key = PrivateKey::derive(&[7; 32]);
        let mut items = twelve_and_a_short_one(&key);
        let sealed = items[0].submission.sealed.as_mut().unwrap();
        // One character of the base64 ciphertext changed, near its end.
        let at = sealed.len() - 6;
        let was = sealed.as_bytes()[at];
        sealed.replace_range(at..=at, if was == b'A' { "B" } else { "A" });
        let set = OpenedSet::open(items, &[key]);
        assert_eq!((set.len(), set.unopened(), set.damaged()), (12, 0, 1));
    }

    #[test]
    fn a_decision_taken_after_opening_shows_in_the_table() {
        let key = PrivateKey::derive(&[7; 32]);
        let mut set = OpenedSet::open(twelve_and_a_short_one(&key), &[key]);
        let id = set.page(&RowFilter::default(), 1, 1).rows[0].id.clone();
        set.set_status(&id, ReviewStatus::Approved);
        assert_eq!(set.row(&id).unwrap().review_status, ReviewStatus::Approved);
        assert!(set.row("no-such-id").is_none());
        let approved = set.page(
            &RowFilter {
                review_status: Some(ReviewStatus::Approved),
                ..RowFilter::default()
            },
            1,
            10,
        );
        assert_eq!(approved.rows.len(), 1);
        assert_eq!(approved.rows[0].id, id);
    }
}
