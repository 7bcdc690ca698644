//! The submissions table: filters, counts that follow them, pages, and the exports (CSV,
//! XLSX, JSON) of what is shown. A row opens the submission's detail.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::quality::Flag;
use qabul_core::review::ReviewStatus;

use crate::api;
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::review_decrypt;
use crate::review_keys::use_keys;
use crate::review_text::{choice_label, flag_text, outcome_text, short_time, status_text};
use crate::{browser, clock};

const PER_PAGE: u32 = 25;

/// The table's filters, shared with the dashboard so that both show the same set.
#[derive(Debug, Clone, Copy)]
pub struct Filters {
    pub district: RwSignal<String>,
    pub status: RwSignal<String>,
    pub flag: RwSignal<String>,
    /// Days, `YYYY-MM-DD`, as a date input gives them.
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    pub enumerator: RwSignal<String>,
}

impl Default for Filters {
    fn default() -> Self {
        Self {
            district: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            flag: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            enumerator: RwSignal::new(String::new()),
        }
    }
}

impl Filters {
    /// As a query string (without paging), tracking every filter.
    pub fn query(&self) -> String {
        [
            ("district", self.district.get()),
            ("status", self.status.get()),
            ("flag", self.flag.get()),
            ("from", self.from.get()),
            ("to", self.to.get()),
            ("enumerator", self.enumerator.get().trim().to_owned()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| {
            format!(
                "{name}={}",
                String::from(js_sys::encode_uri_component(&value))
            )
        })
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[component]
pub fn ReviewSubmissions(selected: RwSignal<Option<String>>, filters: Filters) -> impl IntoView {
    let Filters {
        district,
        status,
        flag,
        from,
        to,
        enumerator,
    } = filters;
    let lang = use_lang();
    let form = forms::builtin();
    let page = RwSignal::new(1_u32);
    let table = LocalResource::new(move || {
        let query = format!(
            "{}&page={}&per_page={PER_PAGE}",
            filters.query(),
            page.get()
        );
        async move { api::review_submissions(&query).await }
    });
    let districts: Vec<(String, String)> = {
        let node = form
            .node("district")
            .expect("the built-in form asks for the district");
        form.choice_list(node)
            .iter()
            .map(|c| (c.name.clone(), c.name.clone()))
            .collect()
    };
    let form_for_options = form.clone();
    let keys = use_keys();
    let decrypted = RwSignal::new(None::<Result<(usize, usize), ()>>);
    let decrypted_csv = move || {
        let query = filters.query();
        let lang_now = lang.get_untracked();
        spawn_local(async move {
            match review_decrypt::csv(&query, keys, lang_now).await {
                Ok(csv) => {
                    let name = format!("qabul-decrypted-{}.csv", clock::today());
                    let _ = browser::download_text(&name, "text/csv;charset=utf-8", &csv.text);
                    decrypted.set(Some(Ok((csv.rows, csv.unopened))));
                }
                Err(_) => decrypted.set(Some(Err(()))),
            }
        });
    };
    let export = move |format: &str| {
        format!(
            "/api/review/export.{format}?{}&labels={}",
            filters.query(),
            lang.get().code()
        )
    };
    view! {
        <section class="submissions">
            <div class="filters card">
                <label>
                    {move || Text::FilterDistrict.in_lang(lang.get())}
                    <select data-filter="district" on:change=move |ev| { district.set(event_target_value(&ev)); page.set(1); }>
                        <option value="" selected=move || district.get().is_empty()>{move || Text::FilterAll.in_lang(lang.get())}</option>
                        {districts
                            .into_iter()
                            .map(|(code, _)| {
                                let form = form_for_options.clone();
                                let value = code.clone();
                                let shown = code.clone();
                                view! {
                                    <option value=value selected=move || district.get() == code>
                                        {move || choice_label(&form, "district", &shown, lang.get())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {move || Text::FilterStatus.in_lang(lang.get())}
                    <select data-filter="status" on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                        <option value="" selected=move || status.get().is_empty()>{move || Text::FilterAll.in_lang(lang.get())}</option>
                        {ReviewStatus::ALL
                            .into_iter()
                            .map(|s| view! {
                                <option value=s.code() selected=move || status.get() == s.code()>
                                    {move || status_text(s).in_lang(lang.get())}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                // The rarer filters fold away, so that on a phone the table is not a screen below.
                <details class="more-filters" open=move || !(flag.get().is_empty() && from.get().is_empty() && to.get().is_empty() && enumerator.get().is_empty())>
                    <summary>{move || Text::MoreFilters.in_lang(lang.get())}</summary>
                    <div class="filters">
                    <label>
                        {move || Text::FilterFlag.in_lang(lang.get())}
                        <select data-filter="flag" on:change=move |ev| { flag.set(event_target_value(&ev)); page.set(1); }>
                            <option value="" selected=move || flag.get().is_empty()>{move || Text::FilterAll.in_lang(lang.get())}</option>
                            {Flag::ALL
                                .into_iter()
                                .map(|f| view! {
                                    <option value=f.code() selected=move || flag.get() == f.code()>
                                        {move || flag_text(f).in_lang(lang.get())}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        {move || Text::FilterFrom.in_lang(lang.get())}
                        <input type="date" data-filter="from" prop:value=move || from.get() on:change=move |ev| { from.set(event_target_value(&ev)); page.set(1); } />
                    </label>
                    <label>
                        {move || Text::FilterTo.in_lang(lang.get())}
                        <input type="date" data-filter="to" prop:value=move || to.get() on:change=move |ev| { to.set(event_target_value(&ev)); page.set(1); } />
                    </label>
                    <label>
                        {move || Text::FilterEnumerator.in_lang(lang.get())}
                        <input type="search" data-filter="enumerator" autocomplete="off" prop:value=move || enumerator.get() on:change=move |ev| { enumerator.set(event_target_value(&ev)); page.set(1); } />
                    </label>
                    </div>
                </details>
                <div class="exports">
                    <a class="button secondary" data-action="download-csv" href=move || export("csv") download="">
                        {move || Text::DownloadCsv.in_lang(lang.get())}
                    </a>
                    <a class="button secondary" data-action="download-xlsx" href=move || export("xlsx") download="">
                        {move || Text::DownloadXlsx.in_lang(lang.get())}
                    </a>
                    <a class="button secondary" data-action="download-json" href=move || export("json") download="">
                        {move || Text::DownloadJson.in_lang(lang.get())}
                    </a>
                    {move || (!keys.ids().is_empty()).then(|| view! {
                        <button type="button" class="secondary" data-action="download-decrypted-csv" on:click=move |_| decrypted_csv()>
                            {move || Text::DownloadDecryptedCsv.in_lang(lang.get())}
                        </button>
                    })}
                </div>
                {move || decrypted.get().map(|result| match result {
                    Ok((rows, unopened)) => view! { <p class="muted" data-decrypted=rows data-unopened=unopened>{i18n::decrypted_rows(lang.get(), rows, unopened)}</p> }.into_any(),
                    Err(()) => view! { <p class="error">{Text::ReviewOffline.in_lang(lang.get())}</p> }.into_any(),
                })}
            </div>
            {move || match table.get() {
                None => ().into_any(),
                Some(Err(_)) => view! { <p class="error">{Text::ReviewOffline.in_lang(lang.get())}</p> }.into_any(),
                Some(Ok(result)) => {
                    let pages = u32::try_from(result.total).unwrap_or(u32::MAX).div_ceil(PER_PAGE).max(1);
                    let form = forms::builtin();
                    view! {
                        <p class="muted" data-total=result.total>{i18n::matching(lang.get(), result.total)}</p>
                        {result.rows.is_empty().then(|| view! { <p class="muted">{Text::NoSubmissions.in_lang(lang.get())}</p> })}
                        <div class="table-wrap">
                            <table class="submission-table">
                                <tbody>
                                    {result
                                        .rows
                                        .into_iter()
                                        .map(|row| {
                                            let id = row.id.clone();
                                            let place = row
                                                .district
                                                .as_deref()
                                                .map(|d| choice_label(&form, "district", d, lang.get_untracked()))
                                                .unwrap_or_default();
                                            let outcome = row.outcome.as_deref().and_then(outcome_text);
                                            view! {
                                                <tr data-id=row.id.clone() data-district=row.district.clone().unwrap_or_default() on:click=move |_| selected.set(Some(id.clone()))>
                                                    <td>{short_time(&row.finalized_at)}</td>
                                                    <td>{place}</td>
                                                    <td>{row.enumerator.clone()}</td>
                                                    <td>{outcome.map(|t| t.in_lang(lang.get_untracked()))}</td>
                                                    <td><span class="badge" data-review=row.review_status.code()>{status_text(row.review_status).in_lang(lang.get_untracked())}</span></td>
                                                    <td>
                                                        {row
                                                            .flags
                                                            .iter()
                                                            .map(|f| view! { <span class="badge flag" data-flag=f.code()>{flag_text(*f).in_lang(lang.get_untracked())}</span> })
                                                            .collect_view()}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="pager">
                            <button type="button" class="secondary" disabled=move || page.get() <= 1 on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>
                                {Text::Back.in_lang(lang.get_untracked())}
                            </button>
                            <span>{i18n::page_of(lang.get_untracked(), page.get_untracked(), pages)}</span>
                            <button type="button" class="secondary" disabled=move || page.get() >= pages on:click=move |_| page.update(|p| *p += 1)>
                                {Text::Next.in_lang(lang.get_untracked())}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
