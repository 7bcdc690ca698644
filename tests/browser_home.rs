//! The home page mounted in a real browser.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use qabul_pwa::app::LangRoot;
use qabul_pwa::components::lang_switch::LangSwitch;
use qabul_pwa::pages::home::Home;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Leptos run its effects and the browser its promises.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn home_mounts_shows_status_and_switches_to_arabic_right_to_left() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let host: web_sys::HtmlElement = host.unchecked_into();
    let _handle = leptos::mount::mount_to(host.clone(), || {
        view! {
            <LangRoot>
                <Router>
                    <LangSwitch />
                    <Home />
                </Router>
            </LangRoot>
        }
    });
    settle().await;

    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("Community acceptance survey"), "{text}");
    for status in ["installed", "network", "storage"] {
        assert!(
            host.query_selector(&format!("[data-status={status}]"))
                .unwrap()
                .is_some(),
            "status {status} missing"
        );
    }
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("ltr"));

    let arabic: web_sys::HtmlElement = host
        .query_selector("button[data-lang=ar]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    arabic.click();
    settle().await;
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("ar"));
    assert!(host.text_content().unwrap().contains("مسح تقبّل المجتمع"));
    let saved = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("qabul.lang")
        .unwrap();
    assert_eq!(saved.as_deref(), Some("\"ar\""));
}
