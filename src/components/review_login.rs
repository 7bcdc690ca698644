//! The supervisor's sign-in form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::review::Supervisor;

use crate::api::{self, ApiError};
use crate::i18n::{Text, use_lang};

#[component]
pub fn ReviewLogin(on_signed_in: Callback<Supervisor>) -> impl IntoView {
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<Text>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        failed.set(None);
        let (n, p) = (
            name.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        spawn_local(async move {
            match api::review_login(n, p).await {
                Ok(who) => on_signed_in.run(who),
                Err(error) => failed.set(Some(match error {
                    ApiError::Status { status: 429, .. } => Text::LoginRateLimited,
                    ApiError::Status {
                        status: 400..=499, ..
                    } => Text::LoginFailed,
                    _ => Text::ReviewOffline,
                })),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card login" on:submit=submit>
            <label for="supervisor-name">{move || Text::SupervisorName.in_lang(lang.get())}</label>
            <input
                id="supervisor-name"
                type="text"
                dir="auto"
                autocomplete="username"
                autocapitalize="off"
                required
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <label for="supervisor-password">{move || Text::Password.in_lang(lang.get())}</label>
            <input
                id="supervisor-password"
                type="password"
                dir="ltr"
                autocomplete="current-password"
                required
                prop:value=move || password.get()
                on:input=move |ev| password.set(event_target_value(&ev))
            />
            <button type="submit" class="primary big" data-action="sign-in" disabled=move || busy.get()>
                {move || Text::SignIn.in_lang(lang.get())}
            </button>
            {move || failed.get().map(|text| view! { <p class="error" role="alert">{text.in_lang(lang.get())}</p> })}
        </form>
    }
}
