//! Qabul's server as a library: the binary `qabul` is a thin command line around it, and the
//! tests start the same router on port 0.

pub mod accounts;
pub mod admin;
pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod db;
pub mod demo;
pub mod export;
#[cfg(feature = "fault-injection")]
mod faults;
pub mod keys;
pub mod rate_limit;
pub mod review;
pub mod secrets;
pub mod security_headers;
pub mod seed;

pub use app::{App, AppConfig};

/// The time now, as the protocol writes it. The only clock the server reads.
pub fn now() -> qabul_core::protocol::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    qabul_core::protocol::Timestamp::from_unix_ms(ms)
}
