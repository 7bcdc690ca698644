//! The forms Qabul ships with.

use crate::load::Form;

/// The definition of the community acceptance survey, version 1, as JSON (see FORM.md).
pub const COMMUNITY_ACCEPTANCE_JSON: &str = include_str!("../forms/community_acceptance.json");

/// The id and version [`COMMUNITY_ACCEPTANCE_JSON`] declares.
pub const COMMUNITY_ACCEPTANCE_ID: &str = "community_acceptance";
pub const COMMUNITY_ACCEPTANCE_VERSION: &str = "1";

/// The community acceptance survey, loaded. The file is checked by the crate's tests, so
/// loading it cannot fail in a released build.
pub fn community_acceptance() -> Form {
    Form::from_json(COMMUNITY_ACCEPTANCE_JSON)
        .expect("the built-in community acceptance form is valid (checked by tests)")
}
