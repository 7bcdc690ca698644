//! The interview store's conformance suite on the memory store, natively. The browser tests
//! run the same suite on IndexedDB.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use qabul_core::store::{MemoryStore, conformance};

/// Runs a future that never waits on anything outside it, as the memory store's do.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the memory store never waits"),
    }
}

#[test]
fn drafts_read_back_as_written() {
    ready(conformance::drafts_read_back_as_written(&MemoryStore::new()));
}

#[test]
fn finalizing_moves_exactly_one_and_numbers_it() {
    ready(conformance::finalizing_moves_exactly_one_and_numbers_it(
        &MemoryStore::new(),
    ));
}

#[test]
fn a_failed_finalize_changes_nothing() {
    ready(conformance::a_failed_finalize_changes_nothing(
        &MemoryStore::new(),
    ));
}
