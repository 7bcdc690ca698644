use leptos::prelude::*;

use crate::browser;
use crate::components::lang_switch::LangSwitch;
use crate::components::status_list::StatusList;
use crate::i18n::{self, Text, use_lang};
use crate::prefs::{self, TextSize};
use crate::storage::{self, device, outbox};

/// Language, text size, storage and the app's identity.
#[component]
pub fn Settings() -> impl IntoView {
    let lang = use_lang();
    let size = expect_context::<RwSignal<TextSize>>();
    let usage = LocalResource::new(browser::storage_estimate);
    let build = LocalResource::new(browser::running_build);
    let enrolment = LocalResource::new(|| async {
        let db = storage::open().await.ok()?;
        device::enrolment(&db).await.ok().flatten()
    });
    let seq = LocalResource::new(|| async {
        let db = storage::open().await.ok()?;
        outbox::device_seq(&db).await.ok()
    });
    view! {
        <main class="page settings">
            <section class="card">
                <h2>{move || Text::Language.in_lang(lang.get())}</h2>
                <LangSwitch />
            </section>
            <section class="card">
                <h2>{move || Text::TextSize.in_lang(lang.get())}</h2>
                <div class="segmented">
                    {[(TextSize::Normal, Text::SizeNormal), (TextSize::Large, Text::SizeLarge), (TextSize::Larger, Text::SizeLarger)]
                        .into_iter()
                        .map(|(option, text)| {
                            view! {
                                <button
                                    type="button"
                                    data-size=option.code()
                                    aria-pressed=move || (size.get() == option).to_string()
                                    on:click=move |_| {
                                        size.set(option);
                                        prefs::save_text_size(option);
                                    }
                                >
                                    {move || text.in_lang(lang.get())}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </section>
            <section class="card">
                <h2>{move || Text::StorageHeading.in_lang(lang.get())}</h2>
                <p data-storage-usage="">
                    {move || {
                        usage
                            .get()
                            .flatten()
                            .map(|(used, quota)| i18n::usage(lang.get(), &i18n::bytes(lang.get(), used), &i18n::bytes(lang.get(), quota)))
                    }}
                </p>
            </section>
            <StatusList />
            <section class="card">
                <h2>{move || Text::DeviceHeading.in_lang(lang.get())}</h2>
                <p data-app-version="">
                    {move || format!("{}: {}", Text::AppVersion.in_lang(lang.get()), env!("CARGO_PKG_VERSION"))}
                    {move || build.get().flatten().map(|build| format!(" · {}: {build}", Text::AppBuild.in_lang(lang.get())))}
                </p>
                <p data-enrolment="">
                    {move || match enrolment.get() {
                        None => None,
                        Some(None) => Some(Text::PracticeMode.in_lang(lang.get()).to_owned()),
                        Some(Some(e)) => Some(format!(
                            "{}: {} · {}: {}",
                            Text::FilterEnumerator.in_lang(lang.get()),
                            e.enumerator,
                            Text::DeviceId.in_lang(lang.get()),
                            e.device_id
                        )),
                    }}
                </p>
                <p>{move || seq.get().flatten().map(|n| format!("{}: {n}", Text::DeviceSeq.in_lang(lang.get())))}</p>
            </section>
        </main>
    }
}
