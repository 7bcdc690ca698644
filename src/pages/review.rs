//! `/review`: the supervisor's pages. Signed out, the sign-in form; signed in, who is
//! signed in, "Sign out", and three tabs: submissions (with each one's detail), the
//! dashboard, and the enumerators.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::review::Supervisor;

use crate::api;
use crate::components::review_dashboard::ReviewDashboard;
use crate::components::review_detail::ReviewDetail;
use crate::components::review_enumerators::ReviewEnumerators;
use crate::components::review_key::ReviewKey;
use crate::components::review_login::ReviewLogin;
use crate::components::review_submissions::{Filters, ReviewSubmissions};
use crate::i18n::{Text, use_lang};
use crate::review_keys::ReviewKeys;
use crate::review_opened::Opened;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Submissions,
    Dashboard,
    Enumerators,
}

#[component]
pub fn Review() -> impl IntoView {
    let tab = RwSignal::new(Tab::Submissions);
    let selected = RwSignal::new(None::<String>);
    // Shared by the table and the dashboard, so that both show the same set.
    let filters = Filters::default();
    // Private keys for encrypted forms: in this page's memory only.
    let keys = ReviewKeys::provide();
    // Encrypted submissions, opened with those keys: for the table, the dashboard, the exports.
    Opened::provide(keys);
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
                    <ReviewKey />
                    <nav class="tabs">
                        {[(Tab::Submissions, Text::TabSubmissions, "submissions"), (Tab::Dashboard, Text::TabDashboard, "dashboard"), (Tab::Enumerators, Text::EnumeratorsHeading, "enumerators")]
                            .into_iter()
                            .map(|(t, text, code)| view! {
                                <button type="button" class="secondary" data-tab=code aria-pressed=move || (tab.get() == t).to_string() on:click=move |_| { tab.set(t); selected.set(None); }>
                                    {move || text.in_lang(lang.get())}
                                </button>
                            })
                            .collect_view()}
                    </nav>
                    {move || match (tab.get(), selected.get()) {
                        (Tab::Submissions, Some(id)) => view! { <ReviewDetail id=id on_back=Callback::new(move |()| selected.set(None)) /> }.into_any(),
                        (Tab::Submissions, None) => view! { <ReviewSubmissions selected=selected filters=filters /> }.into_any(),
                        (Tab::Dashboard, _) => view! { <ReviewDashboard filters=filters /> }.into_any(),
                        (Tab::Enumerators, _) => view! { <ReviewEnumerators /> }.into_any(),
                    }}
                }
                    .into_any(),
            }}
        </main>
    }
}
