//! Fault injection for the end-to-end tests, compiled only with the `fault-injection`
//! feature: `QABUL_FAULT_DROP_AFTER_COMMIT=0.2` makes the server close one in five batch
//! connections after committing, without answering, as a network that drops the reply would.
//! The phone must then resend, and the server must answer `duplicate`, never store twice.

use std::sync::OnceLock;

use rand::Rng as _;

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

/// Called after a batch is committed: maybe ends the connection without a response.
pub fn maybe_drop_after_commit() {
    let probability = drop_after_commit_probability();
    if probability > 0.0 && rand::thread_rng().gen_bool(probability) {
        tracing::warn!("fault injection: dropping a committed batch's response");
        // Unwinding ends the connection's task, and with it the connection, without a
        // response; `resume_unwind` skips the panic hook, so nothing is printed as a crash.
        std::panic::resume_unwind(Box::new("fault injection"));
    }
}
