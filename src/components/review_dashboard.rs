//! The dashboard of what the table's filters select: submissions per day, by governorate and
//! district, the acceptance index by district with its 95% interval, by sex, age band and
//! status, the index and its sub-scores over everyone, the refusal rate and the counts by
//! enumerator.
//! Charts are SVG drawn here; a group under 30 says so and shows no number.

use leptos::prelude::*;
use qabul_core::dashboard::Summary;
use qabul_core::scoring::{GroupAggregate, GroupStat};

use crate::api;
use crate::components::review_submissions::Filters;
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::review_opened::Opened;
use crate::review_text::{choice_label, subscore_text};

#[component]
pub fn ReviewDashboard(filters: Filters) -> impl IntoView {
    let lang = use_lang();
    let opened = expect_context::<Opened>();
    let summary = LocalResource::new(move || {
        let query = filters.query();
        async move { api::review_dashboard(&query).await }
    });
    // Encrypted submissions: summarized from those opened in the page, filtered here.
    let sealed = move || {
        opened.has_any().then(|| {
            let filter = filters.row_filter();
            opened.with(|set| {
                let summary = set.summarize(&filter);
                (summary, set.unopened(), set.damaged())
            })
        })
    };
    view! {
        <section class="dashboard">
            {move || match summary.get() {
                None => ().into_any(),
                Some(Err(_)) => view! { <p class="error">{Text::ReviewOffline.in_lang(lang.get())}</p> }.into_any(),
                // With submissions opened here and nothing in the clear, the encrypted
                // dashboard below is the whole story.
                Some(Ok(s)) if s.submissions == 0 && opened.has_any() => ().into_any(),
                Some(Ok(s)) => view! { <DashboardBody summary=s /> }.into_any(),
            }}
            {move || sealed().map(|(s, unopened, damaged)| {
                let shown = s.submissions;
                view! {
                    <section class="sealed-dashboard" data-sealed-dashboard=shown data-unopened=unopened>
                        <h3>{Text::SealedDashboardHeading.in_lang(lang.get())}</h3>
                        <p class="muted">{i18n::decrypted_rows(lang.get(), shown, unopened, damaged)}</p>
                        <DashboardBody summary=s />
                    </section>
                }
            })}
        </section>
    }
}

#[component]
fn DashboardBody(summary: Summary) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let form = forms::builtin();
    view! {
        <div class="card" data-dashboard=summary.submissions>
            <p>{i18n::matching(l, i64::try_from(summary.submissions).unwrap_or(i64::MAX))}</p>
            {summary.consent.refusal_rate.map(|r| view! { <p data-refusal-rate=format!("{r:.4}")>{i18n::refusal_rate(l, r * 100.0)}</p> })}
        </div>
        <h4>{Text::PerDay.in_lang(l)}</h4>
        <PerDayChart days=summary.per_day.iter().map(|d| (d.day.to_string(), d.submissions)).collect() />
        <h4>{Text::IndexByDistrict.in_lang(l)}</h4>
        <IndexChart groups=summary.index.by_district.groups.clone() question="district" />
        <h4>{Text::SubscoresHeading.in_lang(l)}</h4>
        <IndexChart groups=vec![summary.index.overall.clone()] question="" />
        <IndexChart groups=summary.index.overall.subscores.iter().map(|s| GroupAggregate {
            key: subscore_text(&s.id).map_or_else(|| s.id.clone(), |t| t.in_lang(l).to_owned()),
            respondents: summary.index.overall.respondents,
            index: s.stat,
            subscores: Vec::new(),
        }).collect() question="" />
        <h4>{Text::IndexByGroup.in_lang(l)}</h4>
        <IndexChart groups=summary.index.by_sex.groups.clone() question="sex" />
        <IndexChart groups=summary.index.by_age_band.groups.clone() question="" />
        <IndexChart groups=summary.index.by_status.groups.clone() question="status" />
        <h4>{Text::ByPlace.in_lang(l)}</h4>
        <ul class="counts" data-counts="governorate">
            {summary.by_governorate.counts.iter().map(|c| view! { <li><span>{choice_label(&form, "governorate", &c.key, l)}</span><span>{c.submissions}</span></li> }).collect_view()}
        </ul>
        <ul class="counts" data-counts="district">
            {summary.by_district.counts.iter().map(|c| view! { <li><span>{choice_label(&form, "district", &c.key, l)}</span><span>{c.submissions}</span></li> }).collect_view()}
        </ul>
        <h4>{Text::ByEnumerator.in_lang(l)}</h4>
        <ul class="counts">
            {summary.by_enumerator.iter().map(|c| view! { <li><span>{c.key.clone()}</span><span>{c.submissions}</span></li> }).collect_view()}
        </ul>
    }
}

/// Bars, one per day, scaled to the busiest day.
#[component]
fn PerDayChart(days: Vec<(String, usize)>) -> impl IntoView {
    const W: f64 = 600.0;
    const H: f64 = 160.0;
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    #[allow(clippy::cast_precision_loss)]
    let step = W / days.len().max(1) as f64;
    let first = days.first().map(|(d, _)| d.clone()).unwrap_or_default();
    let last = days.last().map(|(d, _)| d.clone()).unwrap_or_default();
    view! {
        <figure class="chart per-day">
            <svg viewBox=format!("0 0 {W} {}", H + 20.0) role="img" preserveAspectRatio="none">
                {days
                    .iter()
                    .enumerate()
                    .map(|(i, (day, n))| {
                        #[allow(clippy::cast_precision_loss)]
                        let (x, h) = (i as f64 * step, H * (*n as f64) / (max as f64));
                        view! {
                            <rect x=x + 1.0 y=H - h width=(step - 2.0).max(1.0) height=h class="bar">
                                <title>{format!("{day}: {n}")}</title>
                            </rect>
                        }
                    })
                    .collect_view()}
                <line x1="0" y1=H x2=W y2=H class="axis" />
            </svg>
            <figcaption dir="ltr"><span>{first}</span><span>{format!("max {max}")}</span><span>{last}</span></figcaption>
        </figure>
    }
}

/// One row per group: its name (the label of `question`'s choice, if the groups are
/// choices), then on a 0–10 scale the mean as a dot and the interval as a line; a suppressed
/// group says so instead.
#[component]
fn IndexChart(groups: Vec<GroupAggregate>, question: &'static str) -> impl IntoView {
    let lang = use_lang();
    let form = forms::builtin();
    let name = |key: &str| {
        if question.is_empty() {
            key.to_owned()
        } else {
            choice_label(&form, question, key, lang.get_untracked())
        }
    };
    let x = |v: f64| (v.clamp(0.0, 10.0) * 20.0).to_string();
    view! {
        <div class="index-chart">
            {groups
                .iter()
                .map(|group| {
                    let label = name(&group.key);
                    let body = match &group.index {
                        GroupStat::Suppressed { n } => view! {
                            <span class="muted suppressed" data-suppressed="true">{format!("n={n} · ")}{Text::SuppressedGroup.in_lang(lang.get_untracked())}</span>
                        }
                            .into_any(),
                        GroupStat::Reported(s) => view! {
                            <svg viewBox="0 0 200 16" class="interval" role="img">
                                <line x1="0" y1="8" x2="200" y2="8" class="track" />
                                <line x1=x(s.ci95.low) y1="8" x2=x(s.ci95.high) y2="8" class="ci" />
                                <circle cx=x(s.mean) cy="8" r="4" class="mean" />
                            </svg>
                            <span class="value" dir="ltr">{format!("{:.2} ({:.2}–{:.2}) n={}", s.mean, s.ci95.low, s.ci95.high, s.n)}</span>
                        }
                            .into_any(),
                    };
                    view! {
                        <div class="index-row" data-group=group.key.clone()>
                            <span class="group-name">{label}</span>
                            {body}
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
