//! Any bytes as a form definition: loading must return a form or an error, never panic, and a
//! form that loads must run an interview and validate its answers without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qabul_core::interview::Interview;
use qabul_core::lang::Lang;
use qabul_core::{Date, EvalContext, Form, validate_submission};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(form) = Form::from_json(text) else {
        return;
    };
    let context = EvalContext {
        today: Date::from_ymd(2026, 11, 22).expect("a real date"),
    };
    let mut interview = Interview::new(&form, Lang::Ar, context);
    for screen in 0..form.screens().len() {
        let _ = interview.screen_issues();
        let _ = interview.progress();
        if interview.next(screen as u64).is_err() {
            break;
        }
    }
    let _ = validate_submission(&form, &interview.answers(), &context);
});
