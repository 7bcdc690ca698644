//! `/review`: the supervisor's pages. Signed out, the sign-in form; signed in, who is
//! signed in, "Sign out", and the enumerators.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::review::Supervisor;

use crate::api;
use crate::components::review_enumerators::ReviewEnumerators;
use crate::components::review_login::ReviewLogin;
use crate::i18n::{Text, use_lang};

#[component]
pub fn Review() -> impl IntoView {
    let lang = use_lang();
    // `None` while asking the server whether this browser has a session.
    let me = RwSignal::new(None::<Option<Supervisor>>);
    spawn_local(async move {
        me.set(Some(api::review_me().await.ok()));
    });
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::review_logout().await;
            me.set(Some(None));
        });
    };
    view! {
        <main class="page review">
            <h2>{move || Text::SupervisorReviewHeading.in_lang(lang.get())}</h2>
            {move || match me.get() {
                None => ().into_any(),
                Some(None) => view! {
                    <ReviewLogin on_signed_in=Callback::new(move |who| me.set(Some(Some(who)))) />
                }
                    .into_any(),
                Some(Some(who)) => view! {
                    <div class="signed-in" data-signed-in=who.name.clone()>
                        <span>{who.name.clone()}</span>
                        <button type="button" class="secondary" data-action="sign-out" on:click=sign_out>
                            {move || Text::SignOut.in_lang(lang.get())}
                        </button>
                    </div>
                    <ReviewEnumerators />
                }
                    .into_any(),
            }}
        </main>
    }
}
