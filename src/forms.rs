//! The forms this phone can fill. Before enrolment that is the built-in survey, compiled into
//! the app for practice interviews.

use std::sync::Arc;

use qabul_core::builtin;
use qabul_core::load::Form;

thread_local! {
    static BUILTIN: Arc<Form> = Arc::new(load_builtin());
}

/// The built-in form, read with the browser's JSON parser (see [`crate::json`]). The file is
/// checked by the core crate's tests, and the browser tests load it through here.
fn load_builtin() -> Form {
    crate::json::parse(builtin::COMMUNITY_ACCEPTANCE_JSON)
        .and_then(|definition| Form::from_definition(definition).ok())
        .expect("the built-in community acceptance form is valid (checked by tests)")
}

/// The built-in community acceptance survey.
pub fn builtin() -> Arc<Form> {
    BUILTIN.with(Arc::clone)
}

/// The form a draft names, if this phone has it.
pub fn find(id: &str, version: &str) -> Option<Arc<Form>> {
    let form = builtin();
    (form.id() == id && form.version() == version).then_some(form)
}
