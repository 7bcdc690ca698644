//! The submissions table: filters, counts that follow them, pages, and the exports (CSV,
//! XLSX, JSON) of what is shown. A row opens the submission's detail.

use leptos::prelude::*;
use qabul_core::Date;
use qabul_core::export::Format;
use qabul_core::opened::RowFilter;
use qabul_core::protocol::Timestamp;
use qabul_core::quality::Flag;
use qabul_core::review::{ReviewStatus, SubmissionPage};

use crate::api;
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::review_opened::{OpenState, Opened};
use crate::review_text::{choice_label, flag_text, outcome_text, short_time, status_text};
use crate::{browser, clock};

const PER_PAGE: u32 = 25;

/// The export buttons, in the order they are offered.
const FORMATS: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Json];

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

    /// As the filter of the encrypted submissions opened in the page, tracking every filter.
    pub fn row_filter(&self) -> RowFilter {
        let text = |s: RwSignal<String>| Some(s.get().trim().to_owned()).filter(|v| !v.is_empty());
        let day = |s: RwSignal<String>| text(s).and_then(|d| d.parse::<Date>().ok());
        RowFilter {
            district: text(self.district),
            review_status: text(self.status).and_then(|c| ReviewStatus::from_code(&c)),
            flag: text(self.flag).and_then(|c| Flag::from_code(&c)),
            from: day(self.from).map(Timestamp::start_of_day),
            until: day(self.to).map(Timestamp::end_of_day),
            enumerator: text(self.enumerator),
        }
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
    let opened = expect_context::<Opened>();
    // With encrypted submissions opened, the table is theirs unless asked for the server's.
    let show_server = RwSignal::new(false);
    let local = move || opened.has_any() && !show_server.get();
    // The table, drawn again in the new language when it changes.
    let local_table = move || {
        lang.track();
        local()
    };
    let table = LocalResource::new(move || {
        let query = format!(
            "{}&page={}&per_page={PER_PAGE}",
            filters.query(),
            page.get()
        );
        let local = local();
        async move {
            if local {
                None
            } else {
                Some(api::review_submissions(&query).await)
            }
        }
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
    let downloaded = RwSignal::new(None::<Result<usize, Text>>);
    let download_opened = move |format: Format| {
        let filter = untrack(|| filters.row_filter());
        let made =
            opened.with(|set| set.export(&forms::builtin(), &filter, lang.get_untracked(), format));
        let name = format!("qabul-decrypted-{}.{}", clock::today(), format.extension());
        downloaded.set(Some(match made {
            Ok((bytes, rows)) => browser::download_bytes(&name, format.content_type(), &bytes)
                .map(|()| rows)
                .ok_or(Text::ExportFailed),
            Err(error) => {
                leptos::logging::warn!("the export could not be made: {error}");
                Err(Text::ExportFailed)
            }
        }));
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
                    {move || if local() {
                        FORMATS
                            .into_iter()
                            .map(|f| view! {
                                <button type="button" class="secondary" data-action=format!("download-decrypted-{}", f.extension()) on:click=move |_| download_opened(f)>
                                    {move || format_label(f).in_lang(lang.get())}
                                </button>
                            })
                            .collect_view()
                            .into_any()
                    } else {
                        FORMATS
                            .into_iter()
                            .map(|f| view! {
                                <a class="button secondary" data-action=format!("download-{}", f.extension()) href=move || export(f.extension()) download="">
                                    {move || format_label(f).in_lang(lang.get())}
                                </a>
                            })
                            .collect_view()
                            .into_any()
                    }}
                </div>
                {move || downloaded.get().map(|result| match result {
                    Ok(rows) => view! { <p class="muted" data-decrypted=rows>{i18n::matching(lang.get(), i64::try_from(rows).unwrap_or(i64::MAX))}</p> }.into_any(),
                    Err(text) => view! { <p class="error" data-export-error="">{text.in_lang(lang.get())}</p> }.into_any(),
                })}
            </div>
            {move || match opened.state() {
                OpenState::NoKey => ().into_any(),
                OpenState::Opening { total: 0, .. } => view! { <p class="muted" data-opening="">{Text::OpeningSealed.in_lang(lang.get())}</p> }.into_any(),
                OpenState::Opening { done, total } => view! {
                    <div class="opening" data-opening="" data-open-done=done data-open-total=total>
                        <p class="muted">{i18n::opening(lang.get(), done, total)}</p>
                        <progress max=total value=done></progress>
                    </div>
                }
                    .into_any(),
                OpenState::Failed(text) => view! { <p class="error" data-open-error="">{text.in_lang(lang.get())}</p> }.into_any(),
                OpenState::Ready { opened: n, unopened, damaged, .. } => view! {
                    <div class="opened-status">
                        <p class="muted" data-opened=n data-unopened=unopened data-damaged=damaged>{i18n::decrypted_rows(lang.get(), n, unopened, damaged)}</p>
                        {(n > 0).then(|| view! {
                            <button type="button" class="secondary" data-action="toggle-opened" on:click=move |_| { show_server.update(|s| *s = !*s); page.set(1); }>
                                {move || if show_server.get() { Text::ShowOpenedList } else { Text::ShowServerList }.in_lang(lang.get())}
                            </button>
                        })}
                    </div>
                }
                    .into_any(),
            }}
            {move || if local_table() {
                let result = opened.with(|set| set.page(&filters.row_filter(), page.get(), PER_PAGE));
                view! { <TablePage result=result page=page selected=selected /> }.into_any()
            } else {
                match table.get().flatten() {
                    None => ().into_any(),
                    Some(Err(_)) => view! { <p class="error">{Text::ReviewOffline.in_lang(lang.get())}</p> }.into_any(),
                    Some(Ok(result)) => view! { <TablePage result=result page=page selected=selected /> }.into_any(),
                }
            }}
        </section>
    }
}

fn format_label(format: Format) -> Text {
    match format {
        Format::Csv => Text::DownloadCsv,
        Format::Xlsx => Text::DownloadXlsx,
        Format::Json => Text::DownloadJson,
    }
}

/// One page of the table, from the server or opened here, with the pager.
#[component]
fn TablePage(
    result: SubmissionPage,
    page: RwSignal<u32>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let pages = u32::try_from(result.total)
        .unwrap_or(u32::MAX)
        .div_ceil(PER_PAGE)
        .max(1);
    let form = forms::builtin();
    view! {
        <p class="muted" data-total=result.total>{i18n::matching(lang.get_untracked(), result.total)}</p>
        {result.rows.is_empty().then(|| view! { <p class="muted">{Text::NoSubmissions.in_lang(lang.get_untracked())}</p> })}
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
}
