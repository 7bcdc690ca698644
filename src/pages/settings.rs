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
    // One read for the whole card: each resource of its own type adds its code to the module.
    let about = LocalResource::new(|| async {
        let db = storage::open().await.ok();
        let (enrolment, seq) = match &db {
            Some(db) => (
                device::enrolment(db).await.ok().flatten(),
                outbox::device_seq(db).await.ok(),
            ),
            None => (None, None),
        };
        About {
            build: browser::running_build().await,
            enrolment,
            seq,
        }
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
                {move || {
                    about.get().map(|about| {
                        let lang = lang.get();
                        let version = match &about.build {
                            Some(build) => format!(
                                "{}: {} · {}: {build}",
                                Text::AppVersion.in_lang(lang),
                                env!("CARGO_PKG_VERSION"),
                                Text::AppBuild.in_lang(lang)
                            ),
                            None => format!("{}: {}", Text::AppVersion.in_lang(lang), env!("CARGO_PKG_VERSION")),
                        };
                        let enrolment = match &about.enrolment {
                            None => Text::PracticeMode.in_lang(lang).to_owned(),
                            Some(e) => format!(
                                "{}: {} · {}: {}",
                                Text::FilterEnumerator.in_lang(lang),
                                e.enumerator,
                                Text::DeviceId.in_lang(lang),
                                e.device_id
                            ),
                        };
                        let seq = about.seq.map(|n| format!("{}: {n}", Text::DeviceSeq.in_lang(lang)));
                        view! {
                            <p data-app-version="">{version}</p>
                            <p data-enrolment="">{enrolment}</p>
                            <p>{seq}</p>
                        }
                    })
                }}
            </section>
        </main>
    }
}

/// What the phone-and-app card says.
#[derive(Clone)]
struct About {
    /// The build serving the page, when a service worker does.
    build: Option<String>,
    enrolment: Option<device::Enrolment>,
    seq: Option<u64>,
}
