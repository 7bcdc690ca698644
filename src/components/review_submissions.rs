//! The submissions table: filters, counts that follow them, pages, and the CSV of what is
//! shown. A row opens the submission's detail.

use leptos::prelude::*;
use qabul_core::review::ReviewStatus;

use crate::api;
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::review_text::{choice_label, outcome_text, short_time, status_text};

const PER_PAGE: u32 = 25;

/// The table's filters as a query string (without paging), shared with the CSV link.
fn filter_query(district: &str, status: &str) -> String {
    let mut parts = Vec::new();
    if !district.is_empty() {
        parts.push(format!(
            "district={}",
            String::from(js_sys::encode_uri_component(district))
        ));
    }
    if !status.is_empty() {
        parts.push(format!("status={status}"));
    }
    parts.join("&")
}

#[component]
pub fn ReviewSubmissions(
    selected: RwSignal<Option<String>>,
    district: RwSignal<String>,
    status: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let form = forms::builtin();
    let page = RwSignal::new(1_u32);
    let table = LocalResource::new(move || {
        let query = format!(
            "{}&page={}&per_page={PER_PAGE}",
            filter_query(&district.get(), &status.get()),
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
    let csv = move || {
        format!(
            "/api/review/export.csv?{}&labels={}",
            filter_query(&district.get(), &status.get()),
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
                <a class="button secondary" data-action="download-csv" href=csv download="">
                    {move || Text::DownloadCsv.in_lang(lang.get())}
                </a>
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
