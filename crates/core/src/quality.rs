//! Data-quality flags raised on a submission as it arrives (DESIGN.md, "Supervisors in the
//! browser"): interviews far quicker than the form's usual pace, numbers missing from a
//! device's sequence, and more interviews from one device than fit in the time.
//!
//! A flag is a prompt for a supervisor to look, never a verdict: every threshold here errs
//! toward silence, since a review queue full of false alarms gets ignored. The decisions are
//! pure; the caller keeps what was seen before ([`DeviceHistory`], [`FormDurations`]) and
//! records each arrival into it after asking for its flags.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::interview::Outcome;
use crate::protocol::{Submission, SubmissionProblem, SubmissionTimes, Timestamp};

/// Earlier completed interviews of a form version needed before its median duration is
/// trusted. The first interviews of a form are the slowest (enumerators still learning it,
/// pilots) and a median of a handful swings with each one; ten is about one enumerator's first
/// day, or a morning of a small team.
pub const MIN_INTERVIEWS_FOR_MEDIAN: usize = 10;

/// An interview is too short below the median duration divided by this. Honest interviews
/// vary (quick talkers, branches skipped by the answers) but rarely by half; under a third,
/// questions cannot have been read out in full.
pub const TOO_SHORT_DIVISOR: u64 = 3;

/// This many interviews from one device within [`BURST_WINDOW_MS`] make a burst.
///
/// A full interview takes about 15 minutes, plus finding the next household and asking for
/// consent. Back-to-back with no walking at all, finalizations at 0, 15 and 30 minutes are
/// three; a fourth would need three interviews in 30 minutes, 10 minutes each including the
/// way between doors: a pace of forms being filled, not of people being asked.
pub const BURST_COUNT: usize = 4;

/// The window of [`BURST_COUNT`], in milliseconds: 30 minutes, two full interviews.
pub const BURST_WINDOW_MS: i64 = 30 * 60 * 1_000;

/// A data-quality flag on one submission. Its serde form is its stable code (`too_short`, …),
/// stored in the database and sent to the review pages as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A completed interview shorter than a third of its form version's median duration.
    TooShort,
    /// The device's sequence number just below this one has not arrived: submissions
    /// finalized on the phone that the server never received.
    SequenceGap,
    /// One of [`BURST_COUNT`] or more interviews finalized by one device within
    /// [`BURST_WINDOW_MS`].
    Burst,
}

impl Flag {
    /// Every flag, in the order [`flags_on_arrival`] reports them.
    pub const ALL: [Flag; 3] = [Flag::TooShort, Flag::SequenceGap, Flag::Burst];

    /// The stable `snake_case` code, as in the JSON.
    pub fn code(self) -> &'static str {
        match self {
            Flag::TooShort => "too_short",
            Flag::SequenceGap => "sequence_gap",
            Flag::Burst => "burst",
        }
    }

    /// The flag with this code, e.g. from a filter in a review URL.
    pub fn from_code(code: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|flag| flag.code() == code)
    }

    /// This flag's bit in a stored set ([`to_bits`]): one integer column filters by flag in
    /// both databases with `flags & bit <> 0`, and never needs a join. Stored, so fixed: a new
    /// flag takes the next bit.
    pub fn bit(self) -> i64 {
        match self {
            Flag::TooShort => 1,
            Flag::SequenceGap => 2,
            Flag::Burst => 4,
        }
    }
}

/// A set of flags as stored: the sum of their [`Flag::bit`]s.
pub fn to_bits(flags: &[Flag]) -> i64 {
    flags.iter().fold(0, |bits, flag| bits | flag.bit())
}

/// The flags of a stored set, in the order of [`Flag::ALL`]; unknown bits are ignored.
pub fn from_bits(bits: i64) -> Vec<Flag> {
    Flag::ALL
        .into_iter()
        .filter(|flag| bits & flag.bit() != 0)
        .collect()
}

/// What the quality checks need to know of one arriving submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    pub device_seq: u64,
    pub started_at: Timestamp,
    pub finalized_at: Timestamp,
    /// How the interview ended, as validation found it; `None` for a sealed submission,
    /// whose answers the server cannot read.
    pub outcome: Option<Outcome>,
}

impl Arrival {
    /// An arrival from a submission's already checked times.
    pub fn new(device_seq: u64, times: SubmissionTimes, outcome: Option<Outcome>) -> Self {
        Self {
            device_seq,
            started_at: times.started_at,
            finalized_at: times.finalized_at,
            outcome,
        }
    }

    /// An arrival from a submission, checking it ([`Submission::check`]) to read its times.
    pub fn from_submission(
        submission: &Submission,
        outcome: Option<Outcome>,
    ) -> Result<Self, SubmissionProblem> {
        let times = submission.check()?;
        Ok(Self::new(submission.device_seq, times, outcome))
    }

    /// From the first screen to finalizing, in milliseconds (0 if the times are reversed,
    /// which [`Submission::check`] refuses anyway).
    pub fn duration_ms(&self) -> u64 {
        let ms = self.finalized_at.unix_ms() - self.started_at.unix_ms();
        u64::try_from(ms).unwrap_or(0)
    }

    /// Whether this may have been a full interview. Refusals and ineligible respondents end
    /// in a minute or two by design, and come in runs when door after door declines, so they
    /// count toward neither a median nor a burst. A sealed submission's outcome is unknown;
    /// most interviews are completed, so it counts for bursts (but is never called too short,
    /// where a refusal would be a false alarm every time).
    fn may_be_full(&self) -> bool {
        !matches!(self.outcome, Some(Outcome::Refused | Outcome::Ineligible))
    }
}

/// The flags of a newly arrived submission, in the order of [`Flag::ALL`].
///
/// `history` is what arrived from the same device before this one and `durations` the
/// completed interviews of the same form version before this one; record `new` into both
/// afterwards. A flag describes the moment of arrival: a submission flagged
/// [`Flag::SequenceGap`] keeps its flag if the missing ones arrive later, and
/// [`DeviceHistory::missing_ranges`] tells what is missing now.
pub fn flags_on_arrival(
    new: &Arrival,
    history: &DeviceHistory,
    durations: &FormDurations,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    if durations.is_too_short(new.duration_ms(), new.outcome) {
        flags.push(Flag::TooShort);
    }
    if history.gap_below(new.device_seq) {
        flags.push(Flag::SequenceGap);
    }
    if history.is_burst_with(new) {
        flags.push(Flag::Burst);
    }
    flags
}

/// What one device has sent so far: its sequence numbers, and when each was finalized.
#[derive(Debug, Clone, Default)]
pub struct DeviceHistory {
    /// Keyed by `device_seq`, so that recording an arrival twice counts it once.
    received: BTreeMap<u64, Received>,
}

#[derive(Debug, Clone, Copy)]
struct Received {
    finalized_at: Timestamp,
    may_be_full: bool,
}

impl DeviceHistory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a stored submission of this device.
    pub fn record(&mut self, arrival: &Arrival) {
        self.received.insert(
            arrival.device_seq,
            Received {
                finalized_at: arrival.finalized_at,
                may_be_full: arrival.may_be_full(),
            },
        );
    }

    /// How many distinct sequence numbers have arrived.
    pub fn len(&self) -> usize {
        self.received.len()
    }

    pub fn is_empty(&self) -> bool {
        self.received.is_empty()
    }

    pub fn contains(&self, device_seq: u64) -> bool {
        self.received.contains_key(&device_seq)
    }

    /// Whether `device_seq` arriving now leaves missing numbers just below it: the number
    /// before it has not arrived (for 1, nothing is below).
    ///
    /// Only the number just below is looked at, so that one wiped phone raises the flag once,
    /// on the first submission after the hole, and not on every later one. Phones send in
    /// sequence order, so the flag is rarely raised by a submission merely arriving early.
    pub fn gap_below(&self, device_seq: u64) -> bool {
        device_seq > 1 && !self.contains(device_seq - 1)
    }

    /// The sequence numbers missing now, as ranges from 1 up to the highest received.
    pub fn missing_ranges(&self) -> Vec<RangeInclusive<u64>> {
        crate::sync::sequence_gaps(self.received.keys().copied())
    }

    /// Whether `new`, with what this device sent before, makes [`BURST_COUNT`] interviews
    /// that may have been full within [`BURST_WINDOW_MS`] (both ends included), `new` among
    /// them. Arrival order does not matter, only the phone's finalization times.
    pub fn is_burst_with(&self, new: &Arrival) -> bool {
        if !new.may_be_full() {
            return false;
        }
        let at = new.finalized_at.unix_ms();
        // Only finalizations within one window of `new` can share a window with it.
        let mut near: Vec<i64> = self
            .received
            .iter()
            .filter(|(seq, received)| **seq != new.device_seq && received.may_be_full)
            .map(|(_, received)| received.finalized_at.unix_ms())
            .filter(|t| (at - BURST_WINDOW_MS..=at + BURST_WINDOW_MS).contains(t))
            .chain([at])
            .collect();
        near.sort_unstable();
        // The tightest window around a set starts at its earliest member, so trying each
        // possible earliest member (those at most one window before `new`) finds any burst.
        near.iter()
            .filter(|&&start| start >= at - BURST_WINDOW_MS && start <= at)
            .any(|&start| {
                let first = near.partition_point(|&t| t < start);
                let end = near.partition_point(|&t| t <= start + BURST_WINDOW_MS);
                end - first >= BURST_COUNT
            })
    }
}

/// The durations of the completed interviews of one form version seen so far, kept as a
/// running median: two heaps split at the middle, so that each arrival costs a logarithm and
/// the median is read at once, with no list to sort.
#[derive(Debug, Clone, Default)]
pub struct FormDurations {
    /// The smaller half, largest on top; holds the extra one when the count is odd.
    lower: BinaryHeap<u64>,
    /// The larger half, smallest on top.
    upper: BinaryHeap<Reverse<u64>>,
}

impl FormDurations {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an arrival's duration if it is a completed interview; other outcomes end early by
    /// design and would drag the median down.
    pub fn record(&mut self, arrival: &Arrival) {
        if arrival.outcome == Some(Outcome::Completed) {
            self.record_completed_ms(arrival.duration_ms());
        }
    }

    /// Adds the duration of one completed interview, e.g. when loading those stored.
    pub fn record_completed_ms(&mut self, duration_ms: u64) {
        match self.lower.peek() {
            Some(&top) if duration_ms > top => self.upper.push(Reverse(duration_ms)),
            _ => self.lower.push(duration_ms),
        }
        // Keep the halves even, or the lower one ahead by one: the median is then on top.
        if self.lower.len() > self.upper.len() + 1
            && let Some(moved) = self.lower.pop()
        {
            self.upper.push(Reverse(moved));
        } else if self.upper.len() > self.lower.len()
            && let Some(Reverse(moved)) = self.upper.pop()
        {
            self.lower.push(moved);
        }
    }

    /// How many completed interviews were recorded.
    pub fn len(&self) -> usize {
        self.lower.len() + self.upper.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// The median duration in milliseconds (rounded down), once there are at least
    /// [`MIN_INTERVIEWS_FOR_MEDIAN`] to take it from.
    pub fn median_ms(&self) -> Option<u64> {
        let twice = self.twice_median_ms()?;
        u64::try_from(twice / 2).ok()
    }

    /// Twice the median, so that the middle of an even count stays exact in integers.
    fn twice_median_ms(&self) -> Option<u128> {
        if self.len() < MIN_INTERVIEWS_FOR_MEDIAN {
            return None;
        }
        let low = u128::from(*self.lower.peek()?);
        if self.lower.len() > self.upper.len() {
            Some(2 * low)
        } else {
            let Reverse(high) = self.upper.peek()?;
            Some(low + u128::from(*high))
        }
    }

    /// Whether an interview of `duration_ms` that ended with `outcome` is shorter than the
    /// median over [`TOO_SHORT_DIVISOR`]. Only a completed interview can be: refusals and
    /// ineligible respondents end early by design, and a sealed one (`None`) may be either.
    pub fn is_too_short(&self, duration_ms: u64, outcome: Option<Outcome>) -> bool {
        if outcome != Some(Outcome::Completed) {
            return false;
        }
        let Some(twice_median) = self.twice_median_ms() else {
            return false;
        };
        // duration < median / divisor, multiplied out so that no division rounds.
        2 * u128::from(TOO_SHORT_DIVISOR) * u128::from(duration_ms) < twice_median
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{self, Rng};

    const MINUTE: i64 = 60 * 1_000;
    /// 2026-11-22T08:00:00Z.
    const MORNING: i64 = 1_795_334_400_000;

    fn arrival(
        device_seq: u64,
        finalized_at_ms: i64,
        duration_ms: i64,
        outcome: Outcome,
    ) -> Arrival {
        Arrival {
            device_seq,
            started_at: Timestamp::from_unix_ms(finalized_at_ms - duration_ms),
            finalized_at: Timestamp::from_unix_ms(finalized_at_ms),
            outcome: Some(outcome),
        }
    }

    fn completed(device_seq: u64, finalized_at_ms: i64) -> Arrival {
        arrival(device_seq, finalized_at_ms, 15 * MINUTE, Outcome::Completed)
    }

    fn durations(values: &[u64]) -> FormDurations {
        let mut durations = FormDurations::new();
        for &ms in values {
            durations.record_completed_ms(ms);
        }
        durations
    }

    fn history(arrivals: &[Arrival]) -> DeviceHistory {
        let mut history = DeviceHistory::new();
        for arrival in arrivals {
            history.record(arrival);
        }
        history
    }

    #[test]
    fn flags_have_stable_snake_case_codes_in_json() {
        let json = serde_json::to_string(&Flag::ALL).unwrap();
        assert_eq!(json, r#"["too_short","sequence_gap","burst"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<Flag>>(&json).unwrap(),
            Flag::ALL.to_vec()
        );
        for flag in Flag::ALL {
            assert_eq!(serde_json::to_value(flag).unwrap(), flag.code());
            assert_eq!(Flag::from_code(flag.code()), Some(flag));
        }
        assert_eq!(Flag::from_code("TooShort"), None);
    }

    #[test]
    fn stored_bits_are_fixed_and_round_trip() {
        assert_eq!(to_bits(&[]), 0);
        assert_eq!(to_bits(&[Flag::TooShort]), 1);
        assert_eq!(to_bits(&[Flag::SequenceGap, Flag::Burst]), 6);
        assert_eq!(from_bits(5), vec![Flag::TooShort, Flag::Burst]);
        assert_eq!(from_bits(7), Flag::ALL.to_vec());
        assert_eq!(from_bits(8), Vec::<Flag>::new());
    }

    #[test]
    fn too_short_is_strictly_under_a_third_of_the_median() {
        let fifteen = u64::try_from(15 * MINUTE).unwrap();
        let durations = durations(&[fifteen; 10]);
        assert_eq!(durations.median_ms(), Some(fifteen));
        let completed = Some(Outcome::Completed);
        assert!(!durations.is_too_short(fifteen / 3, completed));
        assert!(durations.is_too_short(fifteen / 3 - 1, completed));
        assert!(durations.is_too_short(0, completed));
        // A third that is not a whole millisecond: 1000 / 3 = 333.3.
        let durations = self::durations(&[1_000; 11]);
        assert!(durations.is_too_short(333, completed));
        assert!(!durations.is_too_short(334, completed));
    }

    #[test]
    fn an_even_count_takes_the_middle_of_the_two_middle_durations() {
        // Middle two: 600 000 and 900 000, median 750 000, a third 250 000.
        let durations = durations(&[
            900_000, 100_000, 2_000_000, 600_000, 300_000, 1_000_000, 600_000, 950_000, 50_000,
            3_000_000,
        ]);
        assert_eq!(durations.median_ms(), Some(750_000));
        assert!(durations.is_too_short(249_999, Some(Outcome::Completed)));
        assert!(!durations.is_too_short(250_000, Some(Outcome::Completed)));
    }

    #[test]
    fn no_median_is_trusted_before_ten_earlier_interviews() {
        let mut durations = durations(&[900_000; 9]);
        assert_eq!(durations.len(), 9);
        assert_eq!(durations.median_ms(), None);
        assert!(!durations.is_too_short(1, Some(Outcome::Completed)));
        durations.record_completed_ms(900_000);
        assert_eq!(durations.median_ms(), Some(900_000));
        assert!(durations.is_too_short(1, Some(Outcome::Completed)));
    }

    #[test]
    fn refusals_ineligible_and_sealed_interviews_are_never_too_short() {
        let mut durations = durations(&[900_000; 20]);
        for outcome in [Some(Outcome::Refused), Some(Outcome::Ineligible), None] {
            assert!(!durations.is_too_short(0, outcome));
            let quick = Arrival {
                outcome,
                ..arrival(1, MORNING, 1_000, Outcome::Completed)
            };
            assert_eq!(
                flags_on_arrival(&quick, &DeviceHistory::new(), &durations),
                vec![]
            );
            // Nor do they pull the median down.
            durations.record(&quick);
            assert_eq!(durations.len(), 20);
        }
        // Every refusal and ineligible synthetic interview, against a median of completed ones.
        let mut rng = Rng::new(11);
        let mut early = 0;
        for seq in 1..=2_000 {
            let (submission, outcome) = synthetic::submission(&mut rng, seq, MORNING);
            let new = Arrival::from_submission(&submission, Some(outcome)).unwrap();
            if outcome == Outcome::Completed {
                durations.record(&new);
            } else {
                early += 1;
                assert!(!durations.is_too_short(new.duration_ms(), new.outcome));
            }
        }
        assert!(early > 50, "{early}");
    }

    #[test]
    fn the_running_median_is_the_sorted_median() {
        let mut rng = Rng::new(5);
        let mut durations = FormDurations::new();
        let mut all = Vec::new();
        for _ in 0..500 {
            // Few distinct values, so that ties are exercised too.
            let ms = rng.below(40) * 30_000;
            durations.record_completed_ms(ms);
            all.push(ms);
            all.sort_unstable();
            let n = all.len();
            let expected = (n >= MIN_INTERVIEWS_FOR_MEDIAN).then(|| {
                if n % 2 == 1 {
                    all[n / 2]
                } else {
                    u64::midpoint(all[n / 2 - 1], all[n / 2])
                }
            });
            assert_eq!(durations.median_ms(), expected, "{all:?}");
            assert_eq!(durations.len(), n);
        }
    }

    #[test]
    fn a_gap_is_a_missing_number_just_below_the_new_one() {
        let received = history(&[completed(1, MORNING), completed(2, MORNING + 20 * MINUTE)]);
        assert!(!received.gap_below(3));
        assert!(received.gap_below(5));
        assert!(!DeviceHistory::new().gap_below(1));
        assert!(DeviceHistory::new().gap_below(3));
        // A late arrival that fills a hole leaves none below it; one that arrives early does.
        let holes = history(&[1, 2, 3, 5].map(|seq| completed(seq, MORNING)));
        assert!(!holes.gap_below(4));
        let holes = history(&[1, 5].map(|seq| completed(seq, MORNING)));
        assert!(holes.gap_below(3));
        // After a hole, only the first submission above it is flagged.
        let after = history(&[1, 4].map(|seq| completed(seq, MORNING)));
        assert!(!after.gap_below(5));
    }

    #[test]
    fn missing_ranges_list_what_never_arrived() {
        let mut received = history(&[1, 2, 5, 9].map(|seq| completed(seq, MORNING)));
        assert_eq!(received.missing_ranges(), vec![3..=4, 6..=8]);
        received.record(&completed(4, MORNING));
        received.record(&completed(4, MORNING));
        assert_eq!(received.len(), 5);
        assert_eq!(received.missing_ranges(), vec![3..=3, 6..=8]);
        assert_eq!(DeviceHistory::new().missing_ranges(), vec![]);
        assert_eq!(
            history(&[completed(3, MORNING)]).missing_ranges(),
            vec![1..=2]
        );
    }

    #[test]
    fn four_interviews_in_exactly_thirty_minutes_are_a_burst() {
        let earlier = history(&[
            completed(1, MORNING),
            completed(2, MORNING + 10 * MINUTE),
            completed(3, MORNING + 20 * MINUTE),
        ]);
        assert!(earlier.is_burst_with(&completed(4, MORNING + 30 * MINUTE)));
        assert!(!earlier.is_burst_with(&completed(4, MORNING + 30 * MINUTE + 1)));
        // Three in the window are not.
        let two = history(&[completed(1, MORNING), completed(2, MORNING + 10 * MINUTE)]);
        assert!(!two.is_burst_with(&completed(3, MORNING + 11 * MINUTE)));
        // The new one need not be the latest: arrival order does not matter.
        let around = history(&[
            completed(1, MORNING),
            completed(3, MORNING + 20 * MINUTE),
            completed(4, MORNING + 30 * MINUTE),
        ]);
        assert!(around.is_burst_with(&completed(2, MORNING + 5 * MINUTE)));
        // Four in a window that the new one falls just outside of do not flag it.
        let before = history(&[
            completed(1, MORNING),
            completed(2, MORNING + 10 * MINUTE),
            completed(3, MORNING + 20 * MINUTE),
            completed(4, MORNING + 30 * MINUTE),
        ]);
        assert!(!before.is_burst_with(&completed(5, MORNING + 40 * MINUTE + 1)));
        assert!(before.is_burst_with(&completed(5, MORNING + 40 * MINUTE)));
    }

    #[test]
    fn refusals_do_not_make_a_burst_and_the_new_one_is_not_counted_twice() {
        let refusal = |seq, at| arrival(seq, at, MINUTE, Outcome::Refused);
        let doors = history(&[
            refusal(1, MORNING),
            refusal(2, MORNING + 5 * MINUTE),
            refusal(3, MORNING + 10 * MINUTE),
        ]);
        assert!(!doors.is_burst_with(&completed(4, MORNING + 20 * MINUTE)));
        assert!(!doors.is_burst_with(&refusal(4, MORNING + 15 * MINUTE)));
        // A sealed submission's outcome is unknown: it counts.
        let sealed = |seq, at| Arrival {
            outcome: None,
            ..completed(seq, at)
        };
        let hidden = history(&[
            sealed(1, MORNING),
            sealed(2, MORNING + 5 * MINUTE),
            sealed(3, MORNING + 10 * MINUTE),
        ]);
        assert!(hidden.is_burst_with(&sealed(4, MORNING + 15 * MINUTE)));
        // Recorded already (a caller that records first): still three, not four.
        let mut three = history(&[completed(1, MORNING), completed(2, MORNING + MINUTE)]);
        let new = completed(3, MORNING + 2 * MINUTE);
        three.record(&new);
        assert!(!three.is_burst_with(&new));
    }

    #[test]
    fn flags_on_arrival_reports_each_flag_in_order() {
        let durations = durations(&[900_000; 10]);
        let earlier = history(&[
            completed(1, MORNING),
            completed(2, MORNING + 10 * MINUTE),
            completed(3, MORNING + 20 * MINUTE),
        ]);
        let normal = completed(4, MORNING + 45 * MINUTE);
        assert_eq!(flags_on_arrival(&normal, &earlier, &durations), vec![]);
        let everything = arrival(6, MORNING + 25 * MINUTE, 2 * MINUTE, Outcome::Completed);
        assert_eq!(
            flags_on_arrival(&everything, &earlier, &durations),
            Flag::ALL.to_vec()
        );
        let refused = arrival(6, MORNING + 25 * MINUTE, 2 * MINUTE, Outcome::Refused);
        assert_eq!(
            flags_on_arrival(&refused, &earlier, &durations),
            vec![Flag::SequenceGap]
        );
    }

    /// Synthetic workdays of several devices, each interview drawn from [`synthetic`] and
    /// placed after the previous one plus the time to reach the next respondent. `walk`
    /// gives that time in minutes after a completed interview and after one that ended at
    /// the door. Returns every device's arrivals, in upload order, devices interleaved.
    fn fieldwork(
        rng: &mut Rng,
        devices: usize,
        per_device: u64,
        walk: [(i64, i64); 2],
    ) -> Vec<(usize, Arrival)> {
        let mut timelines = Vec::new();
        for _ in 0..devices {
            let mut timeline = Vec::new();
            let mut day = 0;
            let mut clock = MORNING + rng.between(0, 60) * MINUTE;
            for seq in 1..=per_device {
                let drawn = synthetic::interview(rng);
                let duration = i64::try_from(drawn.duration_ms).unwrap();
                let finalized = clock + duration;
                timeline.push(arrival(seq, finalized, duration, drawn.outcome));
                let (low, high) = if drawn.outcome == Outcome::Completed {
                    walk[0]
                } else {
                    walk[1]
                };
                clock = finalized + rng.between(low, high + 1) * MINUTE;
                // Fieldwork stops in the afternoon and resumes the next morning.
                if clock > MORNING + day * 24 * 60 * MINUTE + 8 * 60 * MINUTE {
                    day += 1;
                    clock = MORNING + day * 24 * 60 * MINUTE + rng.between(0, 60) * MINUTE;
                }
            }
            timelines.push(timeline.into_iter().peekable());
        }
        // Phones upload whenever they find a signal: a few submissions at a time, in order.
        let mut arrivals = Vec::new();
        while timelines.iter_mut().any(|t| t.peek().is_some()) {
            let device = usize::try_from(rng.below(devices as u64)).unwrap();
            for _ in 0..=rng.below(6) {
                if let Some(next) = timelines[device].next() {
                    arrivals.push((device, next));
                }
            }
        }
        arrivals
    }

    fn count_flags(arrivals: &[(usize, Arrival)], devices: usize) -> BTreeMap<Flag, usize> {
        let mut histories = vec![DeviceHistory::new(); devices];
        let mut durations = FormDurations::new();
        let mut counts = BTreeMap::new();
        for (device, new) in arrivals {
            for flag in flags_on_arrival(new, &histories[*device], &durations) {
                *counts.entry(flag).or_insert(0) += 1;
            }
            histories[*device].record(new);
            durations.record(new);
        }
        counts
    }

    #[test]
    fn interviews_spaced_normally_raise_no_burst() {
        // After a completed interview, 10 to 40 minutes to find the next household and be let
        // in; after a refusal at the door, 2 to 10 minutes to the next door. The synthetic
        // interviews take about 4 minutes where real ones take 15, so this is a harsher pace
        // than the field's.
        let mut rng = Rng::new(2026);
        let arrivals = fieldwork(&mut rng, 6, 600, [(10, 40), (2, 10)]);
        assert_eq!(arrivals.len(), 3_600);
        let counts = count_flags(&arrivals, 6);
        assert_eq!(counts.get(&Flag::Burst), None, "{counts:?}");
        assert_eq!(counts.get(&Flag::SequenceGap), None, "{counts:?}");
        // The same interviews filled in back to back, with no one to walk to, are bursts:
        // the test above could have failed.
        let mut rng = Rng::new(2026);
        let arrivals = fieldwork(&mut rng, 6, 600, [(0, 1), (0, 1)]);
        let counts = count_flags(&arrivals, 6);
        assert!(counts.get(&Flag::Burst) > Some(&1_000), "{counts:?}");
    }
}
