//! Qabul's domain, shared by the phone (compiled to WebAssembly) and the server.
//!
//! Everything here is pure: no I/O, no clock, no randomness of its own. Callers pass in what
//! the outside world knows (today's date, the current time) so that every decision can be
//! tested natively and gives the same answer on both ends.

pub mod answer;
pub mod builtin;
pub mod dashboard;
pub mod date;
pub mod decimal;
pub mod draft;
pub mod draft_lock;
pub mod export;
pub mod expr;
pub mod first_screen;
pub mod form;
mod graph;
pub mod interview;
pub mod lang;
pub mod load;
mod messages;
pub mod opened;
pub mod protocol;
pub mod quality;
pub mod review;
pub mod scale_layout;
pub mod seal;
pub mod store;
pub mod sync;
pub mod synthetic;
pub mod validate;
pub mod xlsx;

pub use answer::{AnswerValue, Answers, Geopoint};
pub use date::Date;
pub use expr::EvalContext;
pub use interview::{Interview, Outcome};
pub use load::{Form, LoadError};
pub use validate::{ValidationError, validate_submission};
pub mod scoring;
