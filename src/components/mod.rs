//! Pieces shared by several pages.

pub mod geopoint;
pub mod lang_switch;
pub mod nav;
pub mod outbox_counts;
pub mod outbox_row;
pub mod pin_lock;
pub mod question;
pub mod review_dashboard;
pub mod review_detail;
pub mod review_enumerators;
pub mod review_key;
pub mod review_login;
pub mod review_submissions;
pub mod save_status;
pub mod status_list;
pub mod update_banner;
