//! One component per page of the router.

pub mod enroll;
pub mod home;
pub mod not_found;
pub mod outbox;
pub mod review;
pub mod settings;
pub mod survey;
