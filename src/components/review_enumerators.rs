//! Enumerators, for the supervisor: create one and show its enrolment link with a QR code
//! to scan with the phone, list them with their last upload and missing numbers, revoke.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::review::{CreatedEnumerator, EnumeratorRow};

use crate::api::{self, ApiError};
use crate::i18n::{self, Text, use_lang};

#[component]
pub fn ReviewEnumerators() -> impl IntoView {
    let lang = use_lang();
    let version = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        version.get();
        api::review_enumerators()
    });
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedEnumerator>);
    let failed = RwSignal::new(None::<Text>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(None);
        let value = name.get_untracked().trim().to_owned();
        spawn_local(async move {
            match api::review_create_enumerator(value).await {
                Ok(made) => {
                    created.set(Some(made));
                    name.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(ApiError::Status { status: 400, .. }) => failed.set(Some(Text::NameInvalid)),
                Err(_) => failed.set(Some(Text::ReviewOffline)),
            }
        });
    };
    view! {
        <section class="enumerators">
            <h3>{move || Text::EnumeratorsHeading.in_lang(lang.get())}</h3>
            <form class="card" on:submit=create>
                <label for="enumerator-name">{move || Text::NewEnumeratorName.in_lang(lang.get())}</label>
                <input
                    id="enumerator-name"
                    type="text"
                    dir="auto"
                    required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button type="submit" class="primary big" data-action="create-enumerator">
                    {move || Text::CreateLink.in_lang(lang.get())}
                </button>
                {move || failed.get().map(|text| view! { <p class="error" role="alert">{text.in_lang(lang.get())}</p> })}
            </form>
            {move || created.get().map(|made| {
                let qr = format!("/api/review/qr?text={}", String::from(js_sys::encode_uri_component(&made.url)));
                view! {
                    <div class="card enrolment-link" data-enrolment-for=made.name.clone()>
                        <h4>{made.name.clone()}</h4>
                        <img class="qr" src=qr alt=made.url.clone() width="256" height="256" />
                        <p>{move || Text::ScanHint.in_lang(lang.get())}</p>
                        <a class="link" dir="ltr" href=made.url.clone() data-enrolment-url=made.url.clone()>{made.url.clone()}</a>
                    </div>
                }
            })}
            <ul class="enumerator-list">
                {move || match list.get() {
                    Some(Ok(rows)) => rows
                        .into_iter()
                        .map(|row| view! { <EnumeratorItem row=row on_change=Callback::new(move |()| version.update(|v| *v += 1)) /> })
                        .collect_view()
                        .into_any(),
                    Some(Err(_)) => view! { <p class="error">{move || Text::ReviewOffline.in_lang(lang.get())}</p> }.into_any(),
                    None => ().into_any(),
                }}
            </ul>
        </section>
    }
}

/// One enumerator, with a revoke that asks first.
#[component]
fn EnumeratorItem(row: EnumeratorRow, on_change: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    let EnumeratorRow {
        name,
        active,
        phones,
        submissions,
        last_upload,
        missing,
        ..
    } = row;
    let revoke_name = name.clone();
    let revoke = move |_| {
        let target = revoke_name.clone();
        spawn_local(async move {
            if api::review_revoke(&target).await.is_ok() {
                on_change.run(());
            }
        });
    };
    view! {
        <li class="card enumerator" data-enumerator=name.clone() data-active=active.to_string()>
            <div class="row">
                <strong>{name.clone()}</strong>
                <span class="badge" data-state=if active { "sent" } else { "rejected" }>
                    {move || if active { Text::StatusActive } else { Text::StatusRevoked }.in_lang(lang.get())}
                </span>
            </div>
            <span class="muted">{move || i18n::enumerator_counts(lang.get(), phones, submissions)}</span>
            <span class="muted">
                {move || match &last_upload {
                    Some(when) => i18n::last_upload(lang.get(), &when[..16].replace('T', " ")),
                    None => Text::NothingReceived.in_lang(lang.get()).to_owned(),
                }}
            </span>
            {(!missing.is_empty()).then(|| {
                let missing = missing.clone();
                view! { <span class="error" data-missing="true">{move || i18n::missing_numbers(lang.get(), &missing)}</span> }
            })}
            {active.then(|| view! {
                <div class="actions">
                    {move || if confirming.get() {
                        view! {
                            <button type="button" class="danger" data-action="confirm-revoke" on:click=revoke.clone()>
                                {Text::ConfirmRevoke.in_lang(lang.get())}
                            </button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="secondary" data-action="revoke" on:click=move |_| confirming.set(true)>
                                {Text::Revoke.in_lang(lang.get())}
                            </button>
                        }.into_any()
                    }}
                </div>
            })}
        </li>
    }
}
