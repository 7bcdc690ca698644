use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use qabul_core::lang::Lang;

use crate::components::lang_switch::LangSwitch;
use crate::components::nav::BottomNav;
use crate::components::update_banner::UpdateBanner;
use crate::i18n::{Text, UiLang, use_lang};
use crate::pages::enroll::Enroll;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::outbox::Outbox;
use crate::pages::review::Review;
use crate::pages::settings::Settings;
use crate::pages::survey::Survey;
use crate::prefs;

/// The whole app: the language context, the header and the routes.
#[component]
pub fn App() -> impl IntoView {
    crate::sync::provide_sender();
    view! {
        <LangRoot>
            <Router>
                <Header />
                <UpdateBanner />
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/survey/:form/:draft") view=Survey />
                    <Route path=path!("/outbox") view=Outbox />
                    <Route path=path!("/enroll") view=Enroll />
                    <Route path=path!("/settings") view=Settings />
                </Routes>
                <BottomNav />
            </Router>
        </LangRoot>
    }
}

/// The supervisor's review pages, served at `/review` from a module of their own.
#[component]
pub fn ReviewApp() -> impl IntoView {
    view! {
        <LangRoot>
            <Header />
            <Review />
        </LangRoot>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="app-header">
            <h1>{move || Text::AppName.in_lang(lang.get())}</h1>
            <LangSwitch />
        </header>
    }
}

/// Provides the interface language to everything inside it, keeps it in localStorage and
/// mirrors it on `<html lang dir>`.
#[component]
pub fn LangRoot(children: Children) -> impl IntoView {
    let lang = RwSignal::new(prefs::load_lang());
    provide_context(UiLang(lang));
    let size = RwSignal::new(prefs::load_text_size());
    provide_context(size);
    Effect::new(move |_| {
        let current = lang.get();
        apply_to_document(current);
        prefs::save_lang(current);
    });
    Effect::new(move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-text-size", size.get().code());
        }
    });
    children()
}

/// `lang` and `dir` live on `<html>` so that the browser lays out every page, form control
/// and scroll bar right-to-left for Arabic and Sorani.
fn apply_to_document(lang: Lang) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = root.set_attribute("lang", lang.code());
    let _ = root.set_attribute("dir", lang.direction().as_str());
}
