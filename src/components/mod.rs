//! Pieces shared by several pages.

pub mod lang_switch;
pub mod status_list;
