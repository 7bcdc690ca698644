//! Fault injection for the end-to-end tests, compiled only with the `fault-injection`
//! feature: `QABUL_FAULT_DROP_AFTER_COMMIT=0.2` makes the server close one in five batch
//! connections after committing, without answering, as a network that drops the reply would.
//! The phone must then resend, and the server must answer `duplicate`, never store twice.
//!
//! The drops are spread evenly rather than drawn at random (with 0.2, the 3rd, 8th, 13th…
//! commits), so that a test of a few batches is sure to meet one.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

// Dropping the answer works by unwinding out of the handler; with `panic = "abort"` that
// would end the whole process instead.
#[cfg(panic = "abort")]
compile_error!("the fault-injection feature needs panic = \"unwind\" (a debug build)");

fn drop_after_commit_probability() -> f64 {
    static PROBABILITY: OnceLock<f64> = OnceLock::new();
    *PROBABILITY.get_or_init(|| {
        std::env::var("QABUL_FAULT_DROP_AFTER_COMMIT")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|p| (0.0..=1.0).contains(p))
            .unwrap_or(0.0)
    })
}

/// Whether the `n`th commit (from 0) is one whose answer is dropped: the drops so far,
/// rounded, go up by one.
fn is_dropped(n: u64, probability: f64) -> bool {
    #[allow(clippy::cast_precision_loss)]
    let (before, after) = (n as f64 * probability, (n + 1) as f64 * probability);
    (after + 0.5).floor() > (before + 0.5).floor()
}

/// Called after a batch is committed: maybe ends the connection without a response.
pub fn maybe_drop_after_commit() {
    static COMMITS: AtomicU64 = AtomicU64::new(0);
    let probability = drop_after_commit_probability();
    let n = COMMITS.fetch_add(1, Ordering::Relaxed);
    if probability > 0.0 && is_dropped(n, probability) {
        tracing::warn!("fault injection: dropping a committed batch's response");
        // Unwinding ends the connection's task, and with it the connection, without a
        // response; `resume_unwind` skips the panic hook, so nothing is printed as a crash.
        std::panic::resume_unwind(Box::new("fault injection"));
    }
}

#[cfg(test)]
mod tests {
    use super::is_dropped;

    #[test]
    fn one_in_five_commits_is_dropped_from_the_third() {
        let dropped: Vec<u64> = (0..20).filter(|&n| is_dropped(n, 0.2)).collect();
        assert_eq!(dropped, [2, 7, 12, 17]);
        assert!((0..10).all(|n| is_dropped(n, 1.0)));
        assert!((0..10).all(|n| !is_dropped(n, 0.0)));
    }
}
