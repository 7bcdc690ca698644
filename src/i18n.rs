//! Every text of the interface, in English, Arabic and Kurdish Sorani.
//!
//! One enum and one exhaustive `match` per language: a text missing in one language is a
//! compile error, not a blank on an enumerator's screen.

use leptos::prelude::*;
use qabul_core::lang::Lang;

/// The language the interface is shown in, shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct UiLang(pub RwSignal<Lang>);

/// The current interface language (panics outside `App`, which provides it).
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<UiLang>().0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppName,
    Tagline,
    Language,
    StatusHeading,
    Installed,
    InBrowserTab,
    Online,
    Offline,
    StoragePersistent,
    StorageNotPersistent,
    StorageChecking,
    StorageUnavailable,
    NotFound,
    GoHome,
}

impl Text {
    pub fn in_lang(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en(self),
            Lang::Ar => ar(self),
            Lang::Ckb => ckb(self),
        }
    }
}

fn en(text: Text) -> &'static str {
    match text {
        Text::AppName => "Qabul",
        Text::Tagline => "Community acceptance survey",
        Text::Language => "Language",
        Text::StatusHeading => "This phone",
        Text::Installed => "Installed as an app",
        Text::InBrowserTab => "Open in a browser tab (install it from the browser menu)",
        Text::Online => "Online",
        Text::Offline => "Offline: you can keep working, answers are saved on this phone",
        Text::StoragePersistent => "Storage is persistent: the browser will not delete answers",
        Text::StorageNotPersistent => {
            "Storage is not persistent: the browser may delete data when space runs low"
        }
        Text::StorageChecking => "Checking storage…",
        Text::StorageUnavailable => "Storage status is not available in this browser",
        Text::NotFound => "This page does not exist.",
        Text::GoHome => "Go to the home page",
    }
}

fn ar(text: Text) -> &'static str {
    match text {
        Text::AppName => "قبول",
        Text::Tagline => "استبيان تقبّل المجتمع",
        Text::Language => "اللغة",
        Text::StatusHeading => "هذا الهاتف",
        Text::Installed => "مثبّت كتطبيق",
        Text::InBrowserTab => "مفتوح في تبويب المتصفح (ثبّته من قائمة المتصفح)",
        Text::Online => "متصل بالإنترنت",
        Text::Offline => "غير متصل: يمكنك مواصلة العمل، فالإجابات تُحفظ على هذا الهاتف",
        Text::StoragePersistent => "التخزين دائم: لن يحذف المتصفح الإجابات",
        Text::StorageNotPersistent => {
            "التخزين غير دائم: قد يحذف المتصفح البيانات عند امتلاء المساحة"
        }
        Text::StorageChecking => "جارٍ التحقق من التخزين…",
        Text::StorageUnavailable => "حالة التخزين غير متاحة في هذا المتصفح",
        Text::NotFound => "هذه الصفحة غير موجودة.",
        Text::GoHome => "الذهاب إلى الصفحة الرئيسية",
    }
}

fn ckb(text: Text) -> &'static str {
    match text {
        Text::AppName => "قبوڵ",
        Text::Tagline => "ڕاپرسیی پەسەندکردنی کۆمەڵگە",
        Text::Language => "زمان",
        Text::StatusHeading => "ئەم مۆبایلە",
        Text::Installed => "وەک ئەپ دامەزراوە",
        Text::InBrowserTab => "لە تابی وێبگەڕدا کراوەتەوە (لە لیستی وێبگەڕەوە دایبمەزرێنە)",
        Text::Online => "پەیوەستە بە ئینتەرنێتەوە",
        Text::Offline => {
            "پەیوەست نییە: دەتوانیت بەردەوام بیت، وەڵامەکان لەسەر ئەم مۆبایلە پاشەکەوت دەکرێن"
        }
        Text::StoragePersistent => "پاشەکەوتکردن هەمیشەییە: وێبگەڕ وەڵامەکان ناسڕێتەوە",
        Text::StorageNotPersistent => {
            "پاشەکەوتکردن هەمیشەیی نییە: لەوانەیە وێبگەڕ داتاکان بسڕێتەوە کاتێک شوێن کەم دەبێتەوە"
        }
        Text::StorageChecking => "پشکنینی شوێنی پاشەکەوتکردن…",
        Text::StorageUnavailable => "باری پاشەکەوتکردن لەم وێبگەڕەدا بەردەست نییە",
        Text::NotFound => "ئەم پەڕەیە بوونی نییە.",
        Text::GoHome => "بڕۆ بۆ پەڕەی سەرەکی",
    }
}
