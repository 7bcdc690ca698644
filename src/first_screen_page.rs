//! What the boot script needs to draw a new interview's first screen before the app's module
//! has started (`qabul_core::first_screen`), in the three languages. It is kept in
//! `boot/first-screen.json`, which `scripts/build-pwa.mjs` writes into the boot script, and a
//! test here checks that file against the form, so that building the PWA needs no native
//! build of this crate.

use qabul_core::date::Date;
use qabul_core::expr::EvalContext;
use qabul_core::first_screen::{FirstScreen, FirstScreenError, first_screen};
use qabul_core::lang::Lang;
use serde_json::{Map, Value, json};

use crate::early_start::EARLY_KEY;
use crate::i18n::Text;

/// Why the boot script cannot be given the first screen.
#[derive(Debug, thiserror::Error)]
pub enum BootDataError {
    #[error(transparent)]
    Screen(#[from] FirstScreenError),
    #[error("the first screen's questions or choices differ in {0}")]
    Differs(&'static str),
}

/// The built-in form's first screen and the few interface texts around it. What does not
/// depend on the language (names, codes, filters) is given once, the texts by language code.
pub fn boot_data() -> Result<Value, BootDataError> {
    let form = qabul_core::builtin::community_acceptance();
    // The first screen asks for no date, so which day it is changes nothing in it.
    let context = EvalContext {
        today: Date::from_ymd(2026, 1, 1).expect("a valid date"),
    };
    let shape = |screen: &FirstScreen| -> Vec<Value> {
        screen
            .questions
            .iter()
            .map(|q| {
                json!({
                    "name": q.name,
                    "required": q.required,
                    "kind": q.kind,
                    "codes": q.choices.iter().map(|(code, _)| code).collect::<Vec<_>>(),
                    "filtered_by": q.filtered_by,
                    "shown": q.shown,
                })
            })
            .collect()
    };
    let mut questions = None;
    let mut by_lang = Map::new();
    for lang in Lang::ALL {
        let screen = first_screen(&form, lang, context)?;
        let this_shape = shape(&screen);
        if *questions.get_or_insert_with(|| this_shape.clone()) != this_shape {
            return Err(BootDataError::Differs(lang.code()));
        }
        let text = |t: Text| t.in_lang(lang);
        let questions = &screen.questions;
        by_lang.insert(
            lang.code().to_owned(),
            json!({
                "dir": lang.direction().as_str(),
                "name": lang.endonym(),
                "app": text(Text::AppName),
                "tagline": text(Text::Tagline),
                "practice": text(Text::PracticeMode),
                "language": text(Text::Language),
                "forms": text(Text::FormsHeading),
                "form": form.title().show(lang, Lang::En),
                "start": text(Text::NewInterview),
                "back": text(Text::Back),
                "next": text(Text::Next),
                "required": text(Text::RequiredMark),
                "location": text(Text::RecordLocation),
                "starting": text(Text::StillStarting),
                "title": screen.title,
                "labels": questions.iter().map(|q| &q.label).collect::<Vec<_>>(),
                "choices": questions
                    .iter()
                    .map(|q| q.choices.iter().map(|(_, label)| label).collect::<Vec<_>>())
                    .collect::<Vec<_>>(),
                "defaults": questions
                    .iter()
                    .filter_map(|q| Some((q.name.clone(), Value::from(q.default.clone()?))))
                    .collect::<Map<_, _>>(),
            }),
        );
    }
    // The languages in the app's order (a JSON object's keys come sorted).
    let order: Vec<_> = Lang::ALL.iter().map(|l| l.code()).collect();
    Ok(json!({ "key": EARLY_KEY, "questions": questions, "order": order, "langs": by_lang }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boot_scripts_copy_is_the_forms_own() {
        let kept: Value = serde_json::from_str(include_str!("../boot/first-screen.json"))
            .expect("boot/first-screen.json is JSON");
        assert!(
            kept == boot_data().unwrap(),
            "boot/first-screen.json is out of date with the form or the texts: \
             cargo run --example first-screen > boot/first-screen.json"
        );
    }

    #[test]
    fn every_language_has_the_screen_and_its_texts() {
        let data = boot_data().unwrap();
        assert_eq!(data["key"], EARLY_KEY);
        assert_eq!(data["questions"][0]["name"], "governorate");
        assert_eq!(data["order"], json!(["en", "ar", "ckb"]));
        assert_eq!(data["questions"][1]["filtered_by"], "governorate");
        for lang in Lang::ALL {
            let page = &data["langs"][lang.code()];
            assert_eq!(page["dir"], lang.direction().as_str());
            assert_eq!(page["start"], Text::NewInterview.in_lang(lang));
            assert_eq!(page["labels"].as_array().unwrap().len(), 4);
            assert_eq!(page["choices"][1].as_array().unwrap().len(), 36);
            assert_eq!(page["defaults"]["interview_language"], lang.code());
        }
    }
}
