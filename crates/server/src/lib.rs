//! Qabul's server as a library: the binary `qabul` is a thin command line around it, and the
//! tests start the same router on port 0.

pub mod app;
pub mod assets;
pub mod db;
pub mod security_headers;

pub use app::{App, AppConfig};
