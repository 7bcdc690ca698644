//! Every text of the interface, in English, Arabic and Kurdish Sorani.
//!
//! One enum and one exhaustive `match` per language: a text missing in one language is a
//! compile error, not a blank on an enumerator's screen.

use leptos::prelude::*;
use qabul_core::lang::Lang;

/// The language the interface is shown in, shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct UiLang(pub RwSignal<Lang>);

/// The current interface language (panics outside `LangRoot`, which provides it).
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
    NavHome,
    NavOutbox,
    NavSettings,
    NewInterview,
    PracticeMode,
    FormsHeading,
    DraftsHeading,
    NoDrafts,
    Continue,
    Delete,
    ConfirmDelete,
    YesDelete,
    Cancel,
    LastChange,
    Practice,
    OutboxEmpty,
    StateQueued,
    StateSending,
    StateSent,
    StateRejected,
    StateConflict,
    StatePractice,
    OutcomeCompleted,
    OutcomeRefused,
    OutcomeIneligible,
    Next,
    Back,
    SaveExit,
    Saving,
    Saved,
    Retry,
    StorageFull,
    StorageFailed,
    RequiredMark,
    FixErrors,
    ReviewHeading,
    ReviewAllGood,
    ReviewIntro,
    NotAnswered,
    BackToReview,
    StillStarting,
    Finalize,
    Finalized,
    FinalizedPractice,
    RefusedEnd,
    IneligibleEnd,
    FinishRecord,
    InterviewMissing,
    StorageUnreadable,
    DraftFormUnreadable,
    DeleteFailed,
    RecordLocation,
    Locating,
    LocationDenied,
    LocationUnavailable,
    ClearAnswer,
    TextSize,
    SizeNormal,
    SizeLarge,
    SizeLarger,
    StorageHeading,
    DeviceHeading,
    AppVersion,
    AppBuild,
    DeviceId,
    DeviceSeq,
    UpdateReady,
    ApplyUpdate,
    Loading,
    NumberHint,
    EnrollHeading,
    EnrollCode,
    EnrollButton,
    EnrollIntro,
    EnrollInvalid,
    EnrollRateLimited,
    EnrollOffline,
    Enrolled,
    SendNow,
    NeedsEnrolment,
    Unreachable,
    SupervisorReviewHeading,
    SupervisorName,
    Password,
    SignIn,
    SignOut,
    LoginFailed,
    LoginRateLimited,
    ReviewOffline,
    EnumeratorsHeading,
    NewEnumeratorName,
    CreateLink,
    ScanHint,
    Revoke,
    ConfirmRevoke,
    StatusActive,
    StatusRevoked,
    NothingReceived,
    NameInvalid,
    TabSubmissions,
    TabDashboard,
    FilterDistrict,
    FilterStatus,
    FilterAll,
    MoreFilters,
    PinSetHeading,
    PinEnterHeading,
    PinHelp,
    Pin,
    PinAgain,
    PinSubmit,
    PinInvalid,
    PinMismatch,
    PinWiped,
    KeyHeading,
    OpeningSealed,
    SealFailed,
    EncryptionMissing,
    FormUnreadable,
    RefusedUnknownForm,
    RefusedSealing,
    RefusedAnswers,
    RefusedConflict,
    LockedNow,
    SessionEnded,
    ServerFailed,
    ExportFailed,
    ShowServerList,
    ShowOpenedList,
    SealedDashboardHeading,
    KeyHelp,
    KeyPaste,
    LoadKey,
    KeyFromFile,
    ForgetKeys,
    KeyInvalid,
    SealedNeedsKey,
    SealedDamaged,
    SealedMalformed,
    FilterFlag,
    FilterFrom,
    FilterTo,
    FilterEnumerator,
    FlagTooShort,
    FlagSequenceGap,
    FlagBurst,
    DownloadXlsx,
    DownloadJson,
    StatusPending,
    StatusApproved,
    StatusOnHold,
    DownloadCsv,
    Approve,
    PutOnHold,
    RejectSubmission,
    Comment,
    History,
    NotReviewed,
    AnswersHeading,
    BackToList,
    PerDay,
    IndexByDistrict,
    IndexByGroup,
    SubscoresHeading,
    SubscoreSocialDistance,
    SubscoreThreat,
    SubscoreTrust,
    SubscoreReintegration,
    ByPlace,
    SuppressedGroup,
    NoSubmissions,
    ByEnumerator,
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
        Text::TabSubmissions => "Submissions",
        Text::TabDashboard => "Dashboard",
        Text::FilterDistrict => "District",
        Text::FilterStatus => "Review status",
        Text::FilterAll => "All",
        Text::MoreFilters => "More filters",
        Text::PinSetHeading => "Choose a PIN",
        Text::PinEnterHeading => "Enter your PIN",
        Text::PinHelp => {
            "Interviews of this form are kept on the phone under your PIN. The app asks for it after every start and after 10 minutes without use. Five wrong PINs in a row erase the interviews in progress."
        }
        Text::Pin => "PIN (6 to 12 digits)",
        Text::PinAgain => "The same PIN again",
        Text::PinSubmit => "Unlock",
        Text::PinInvalid => "A PIN is 6 to 12 digits.",
        Text::PinMismatch => "The two PINs differ. Type the same PIN twice.",
        Text::PinWiped => {
            "Five wrong PINs: the interviews in progress of the encrypted form were erased from this phone. Finalized interviews were not touched."
        }
        Text::KeyHeading => "Key for encrypted forms",
        Text::OpeningSealed => "Opening the encrypted submissions…",
        Text::SessionEnded => "You are signed out. Reload the page and sign in again.",
        Text::ServerFailed => "The server could not answer. Try again in a moment.",
        Text::ExportFailed => "The file could not be made in this page. Nothing was downloaded.",
        Text::ShowServerList => "Show the list as the server holds it",
        Text::ShowOpenedList => "Show the encrypted submissions opened here",
        Text::SealedDashboardHeading => "Encrypted submissions, opened in this page",
        Text::KeyHelp => {
            "Paste the private key (qabul-sk1:…) or pick its file. It stays in this page's memory only: never sent, never stored, forgotten when the page closes."
        }
        Text::KeyPaste => "Private key",
        Text::LoadKey => "Load key",
        Text::KeyFromFile => "From a file…",
        Text::ForgetKeys => "Forget keys",
        Text::KeyInvalid => {
            "This is not a Qabul private key: it starts with qabul-sk1: and comes from qabul keygen."
        }
        Text::SealedNeedsKey => {
            "This submission is encrypted. Load the form's private key to read it."
        }
        Text::SealedDamaged => {
            "The encrypted data is damaged, or was moved from another submission: it cannot be opened."
        }
        Text::SealedMalformed => "This is not encrypted data that Qabul can read.",
        Text::FilterFlag => "Quality flag",
        Text::FilterFrom => "From",
        Text::FilterTo => "To",
        Text::FilterEnumerator => "Enumerator",
        Text::FlagTooShort => "Too short",
        Text::FlagSequenceGap => "Missing before it",
        Text::FlagBurst => "Many in a short time",
        Text::DownloadXlsx => "Download Excel (XLSX)",
        Text::DownloadJson => "Download JSON",
        Text::StatusPending => "Pending",
        Text::StatusApproved => "Approved",
        Text::StatusOnHold => "On hold",
        Text::DownloadCsv => "Download CSV",
        Text::Approve => "Approve",
        Text::PutOnHold => "Put on hold",
        Text::RejectSubmission => "Reject",
        Text::Comment => "Comment",
        Text::History => "History",
        Text::NotReviewed => "Not reviewed yet",
        Text::AnswersHeading => "Answers",
        Text::BackToList => "Back to the list",
        Text::PerDay => "Submissions per day",
        Text::IndexByDistrict => "Acceptance index by district, with its 95% interval",
        Text::IndexByGroup => "Acceptance index by sex, age and status",
        Text::SubscoresHeading => "Index and sub-scores, everyone in view",
        Text::SubscoreSocialDistance => "Social distance",
        Text::SubscoreThreat => "Perceived threat",
        Text::SubscoreTrust => "Trust in the process",
        Text::SubscoreReintegration => "Support for reintegration",
        Text::ByPlace => "Submissions by governorate and district",
        Text::SuppressedGroup => "fewer than 30 answers: not shown",
        Text::NoSubmissions => "No submissions match.",
        Text::ByEnumerator => "By enumerator",
        Text::SupervisorReviewHeading => "Review",
        Text::SupervisorName => "Supervisor name",
        Text::Password => "Password",
        Text::SignIn => "Sign in",
        Text::SignOut => "Sign out",
        Text::LoginFailed => "The name or the password is wrong.",
        Text::LoginRateLimited => "Too many attempts. Wait a minute, then try again.",
        Text::ReviewOffline => "The server cannot be reached. Check the connection and try again.",
        Text::EnumeratorsHeading => "Enumerators",
        Text::NewEnumeratorName => "New enumerator's name",
        Text::CreateLink => "Create enrolment link",
        Text::ScanHint => {
            "Scan this code with the enumerator's phone, or open the link on it. It works once, for 7 days."
        }
        Text::Revoke => "Revoke",
        Text::ConfirmRevoke => "Yes, revoke: their phones can no longer send",
        Text::StatusActive => "Active",
        Text::StatusRevoked => "Revoked",
        Text::NothingReceived => "Nothing received yet",
        Text::NameInvalid => "A name is 1 to 64 characters, without slashes.",
        Text::EnrollHeading => "Enrol this phone",
        Text::EnrollCode => "Enrolment code",
        Text::EnrollButton => "Enrol",
        Text::EnrollIntro => {
            "Open the link or scan the QR code your supervisor gave you, or type the code here. Enrolment needs a connection once; after that the app works offline."
        }
        Text::EnrollInvalid => {
            "This code is not valid or has expired. Ask your supervisor for a new one."
        }
        Text::EnrollRateLimited => "Too many attempts. Wait a minute and try again.",
        Text::EnrollOffline => "The server cannot be reached. Enrolment needs a connection once.",
        Text::Enrolled => "This phone is enrolled. Interviews are sent to the server.",
        Text::SendNow => "Send now",
        Text::NeedsEnrolment => "The server no longer accepts this phone. Enrol it again.",
        Text::Unreachable => "The server cannot be reached now. Sending will be tried again.",
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
        Text::NavHome => "Home",
        Text::NavOutbox => "Outbox",
        Text::NavSettings => "Settings",
        Text::NewInterview => "New interview",
        Text::PracticeMode => {
            "Practice mode: this phone is not enrolled yet. Practice interviews stay on this phone and are never sent."
        }
        Text::FormsHeading => "Forms",
        Text::DraftsHeading => "Interviews in progress",
        Text::NoDrafts => "No interview in progress.",
        Text::Continue => "Continue",
        Text::Delete => "Delete",
        Text::ConfirmDelete => "Delete this interview? Its answers will be lost.",
        Text::YesDelete => "Yes, delete",
        Text::Cancel => "Cancel",
        Text::LastChange => "Last change",
        Text::Practice => "Practice",
        Text::OutboxEmpty => "The outbox is empty.",
        Text::StateQueued => "Waiting to send",
        Text::StateSending => "Sending",
        Text::StateSent => "Sent",
        Text::StateRejected => "Rejected",
        Text::StateConflict => "Conflict",
        Text::StatePractice => "Practice (never sent)",
        Text::OutcomeCompleted => "Completed",
        Text::OutcomeRefused => "Refused",
        Text::OutcomeIneligible => "Not eligible",
        Text::Next => "Next",
        Text::Back => "Back",
        Text::SaveExit => "Save and exit",
        Text::Saving => "Saving…",
        Text::Saved => "Saved",
        Text::Retry => "Try again",
        Text::StorageFull => {
            "The phone's storage is full. Free some space, then try again. Nothing already saved is lost."
        }
        Text::StorageFailed => "The answer could not be saved on this phone. Try again.",
        Text::SealFailed => {
            "This interview could not be encrypted, so it was not finalized. It is kept as it was; try again."
        }
        Text::EncryptionMissing => {
            "The part of the app that encrypts interviews is not on this phone yet. Connect to the internet once, then try again. Nothing is lost."
        }
        Text::FormUnreadable => {
            "The newest version of this survey cannot be read by this app. Update the app or ask your supervisor."
        }
        Text::LockedNow => "The app locked itself. Enter your PIN, then try again.",
        Text::RefusedUnknownForm => {
            "The server does not know this version of the form. Show this to your supervisor."
        }
        Text::RefusedSealing => {
            "The server refused it: it is not encrypted as its form requires. Show this to your supervisor."
        }
        Text::RefusedAnswers => "The server refused its answers. Show this to your supervisor.",
        Text::RefusedConflict => {
            "The server already has a different interview under this id. It is kept here; show this to your supervisor."
        }
        Text::RequiredMark => "required",
        Text::FixErrors => "Please check the marked questions.",
        Text::ReviewHeading => "Review before finalizing",
        Text::ReviewAllGood => "Every question is answered.",
        Text::ReviewIntro => {
            "These questions are not answered or need a correction. Tap one to go to it."
        }
        Text::NotAnswered => "Not answered",
        Text::BackToReview => "Back to the review",
        Text::StillStarting => "Qabul is still starting: what you choose is saved in a moment.",
        Text::Finalize => "Finalize and put in the outbox",
        Text::Finalized => "The interview is finalized and waiting in the outbox.",
        Text::FinalizedPractice => {
            "The practice interview is finalized. It stays on this phone and is never sent."
        }
        Text::RefusedEnd => {
            "The person did not agree to take part. Thank them for their time. Nothing more will be asked, and no other answer is kept."
        }
        Text::IneligibleEnd => {
            "Only people aged 18 or over can take part. Thank the person kindly; the interview ends here."
        }
        Text::FinishRecord => "Finish and record",
        Text::StorageUnreadable => {
            "This phone's storage could not be read. Try again; nothing is lost."
        }
        Text::DraftFormUnreadable => {
            "The survey of this interview cannot be opened by this app. The interview is kept: update the app or ask your supervisor."
        }
        Text::DeleteFailed => "The interview could not be deleted. Try again.",
        Text::InterviewMissing => {
            "This interview is not on this phone (it may have been finalized or deleted)."
        }
        Text::RecordLocation => "Record location",
        Text::Locating => "Finding the location…",
        Text::LocationDenied => {
            "Location permission was refused. You can go on without it, or allow location in the browser settings."
        }
        Text::LocationUnavailable => {
            "The location could not be found. Try again outdoors, or go on without it."
        }
        Text::ClearAnswer => "Clear answer",
        Text::TextSize => "Text size",
        Text::SizeNormal => "Normal",
        Text::SizeLarge => "Large",
        Text::SizeLarger => "Larger",
        Text::StorageHeading => "Storage",
        Text::DeviceHeading => "Phone and app",
        Text::AppVersion => "App version",
        Text::AppBuild => "build",
        Text::DeviceId => "Phone id",
        Text::DeviceSeq => "Interviews finalized on this phone",
        Text::UpdateReady => "A new version of Qabul is ready.",
        Text::ApplyUpdate => "Update now",
        Text::Loading => "Loading…",
        Text::NumberHint => "Digits 0-9 or ٠-٩",
    }
}

fn ar(text: Text) -> &'static str {
    match text {
        Text::TabSubmissions => "الاستمارات الواردة",
        Text::TabDashboard => "لوحة المؤشرات",
        Text::FilterDistrict => "القضاء",
        Text::FilterStatus => "حالة المراجعة",
        Text::FilterAll => "الكل",
        Text::MoreFilters => "تصفية إضافية",
        Text::PinSetHeading => "اختر رمزاً سرياً",
        Text::PinEnterHeading => "أدخل رمزك السري",
        Text::PinHelp => {
            "تُحفظ مقابلات هذه الاستمارة على الهاتف تحت رمزك السري. يطلبه التطبيق بعد كل تشغيل وبعد 10 دقائق دون استخدام. خمسة رموز خاطئة متتالية تمحو المقابلات الجارية."
        }
        Text::Pin => "الرمز السري (من 6 إلى 12 رقماً)",
        Text::PinAgain => "الرمز نفسه مرة أخرى",
        Text::PinSubmit => "فتح",
        Text::PinInvalid => "الرمز السري من 6 إلى 12 رقماً.",
        Text::PinMismatch => "الرمزان مختلفان. اكتب الرمز نفسه مرتين.",
        Text::PinWiped => {
            "خمسة رموز خاطئة: مُحيت من هذا الهاتف المقابلات الجارية للاستمارة المشفّرة. لم تُمسّ المقابلات المكتملة."
        }
        Text::KeyHeading => "مفتاح الاستمارات المشفّرة",
        Text::OpeningSealed => "جارٍ فتح الاستمارات المشفّرة…",
        Text::SessionEnded => "تم تسجيل خروجك. أعد تحميل الصفحة وسجّل الدخول مجددًا.",
        Text::ServerFailed => "تعذّر على الخادم الإجابة. حاول مجددًا بعد قليل.",
        Text::ExportFailed => "تعذّر إنشاء الملف في هذه الصفحة. لم يُنزَّل شيء.",
        Text::ShowServerList => "اعرض القائمة كما يحفظها الخادم",
        Text::ShowOpenedList => "اعرض الاستمارات المشفّرة المفتوحة هنا",
        Text::SealedDashboardHeading => "الاستمارات المشفّرة، مفتوحة في هذه الصفحة",
        Text::KeyHelp => {
            "الصق المفتاح الخاص (qabul-sk1:…) أو اختر ملفه. يبقى في ذاكرة هذه الصفحة فقط: لا يُرسل ولا يُحفظ، ويُنسى عند إغلاقها."
        }
        Text::KeyPaste => "المفتاح الخاص",
        Text::LoadKey => "تحميل المفتاح",
        Text::KeyFromFile => "من ملف…",
        Text::ForgetKeys => "نسيان المفاتيح",
        Text::KeyInvalid => "هذا ليس مفتاحاً خاصاً لقبول: يبدأ بـ qabul-sk1: ويصدر عن qabul keygen.",
        Text::SealedNeedsKey => "هذه الاستمارة مشفّرة. حمّل المفتاح الخاص بالاستمارة لقراءتها.",
        Text::SealedDamaged => "البيانات المشفّرة تالفة أو نُقلت من استمارة أخرى: لا يمكن فتحها.",
        Text::SealedMalformed => "هذه ليست بيانات مشفّرة يستطيع قبول قراءتها.",
        Text::FilterFlag => "تنبيه الجودة",
        Text::FilterFrom => "من",
        Text::FilterTo => "إلى",
        Text::FilterEnumerator => "الباحث الميداني",
        Text::FlagTooShort => "قصيرة جداً",
        Text::FlagSequenceGap => "ناقص قبلها",
        Text::FlagBurst => "كثيرة في وقت قصير",
        Text::DownloadXlsx => "تنزيل ملف Excel (XLSX)",
        Text::DownloadJson => "تنزيل ملف JSON",
        Text::StatusPending => "قيد الانتظار",
        Text::StatusApproved => "مقبولة",
        Text::StatusOnHold => "معلّقة",
        Text::DownloadCsv => "تنزيل ملف CSV",
        Text::Approve => "اعتماد",
        Text::PutOnHold => "تعليق",
        Text::RejectSubmission => "رفض",
        Text::Comment => "ملاحظة",
        Text::History => "السجل",
        Text::NotReviewed => "لم تُراجع بعد",
        Text::AnswersHeading => "الإجابات",
        Text::BackToList => "العودة إلى القائمة",
        Text::PerDay => "الاستمارات في كل يوم",
        Text::IndexByDistrict => "مؤشر القبول حسب القضاء مع فترة الثقة 95%",
        Text::IndexByGroup => "مؤشر القبول حسب الجنس والعمر والوضع",
        Text::SubscoresHeading => "المؤشر والمؤشرات الفرعية لكل من في العرض",
        Text::SubscoreSocialDistance => "المسافة الاجتماعية",
        Text::SubscoreThreat => "التهديد المتصوَّر",
        Text::SubscoreTrust => "الثقة في الإجراءات",
        Text::SubscoreReintegration => "دعم إعادة الدمج",
        Text::ByPlace => "الاستمارات حسب المحافظة والقضاء",
        Text::SuppressedGroup => "أقل من 30 إجابة: لا يُعرض",
        Text::NoSubmissions => "لا توجد استمارات مطابقة.",
        Text::ByEnumerator => "حسب الباحث الميداني",
        Text::SupervisorReviewHeading => "المراجعة",
        Text::SupervisorName => "اسم المشرف",
        Text::Password => "كلمة المرور",
        Text::SignIn => "تسجيل الدخول",
        Text::SignOut => "تسجيل الخروج",
        Text::LoginFailed => "الاسم أو كلمة المرور غير صحيحة.",
        Text::LoginRateLimited => "محاولات كثيرة جدًا. انتظر دقيقة ثم حاول مجددًا.",
        Text::ReviewOffline => "تعذّر الوصول إلى الخادم. تحقّق من الاتصال وحاول مجددًا.",
        Text::EnumeratorsHeading => "الباحثون الميدانيون",
        Text::NewEnumeratorName => "اسم الباحث الميداني الجديد",
        Text::CreateLink => "إنشاء رابط التسجيل",
        Text::ScanHint => {
            "امسح هذا الرمز بهاتف الباحث الميداني أو افتح الرابط عليه. يعمل مرة واحدة خلال 7 أيام."
        }
        Text::Revoke => "إلغاء الصلاحية",
        Text::ConfirmRevoke => "نعم، ألغِ الصلاحية: لن تتمكن هواتفه من الإرسال",
        Text::StatusActive => "نشط",
        Text::StatusRevoked => "ملغى",
        Text::NothingReceived => "لم يصل شيء بعد",
        Text::NameInvalid => "الاسم من 1 إلى 64 حرفًا، من دون شرطة مائلة.",
        Text::EnrollHeading => "تسجيل هذا الهاتف",
        Text::EnrollCode => "رمز التسجيل",
        Text::EnrollButton => "سجّل",
        Text::EnrollIntro => {
            "افتح الرابط أو امسح رمز QR الذي أعطاك إياه المشرف، أو اكتب الرمز هنا. يحتاج التسجيل إلى اتصال مرة واحدة؛ بعد ذلك يعمل التطبيق دون اتصال."
        }
        Text::EnrollInvalid => "هذا الرمز غير صالح أو انتهت صلاحيته. اطلب رمزاً جديداً من المشرف.",
        Text::EnrollRateLimited => "محاولات كثيرة جداً. انتظر دقيقة ثم حاول مرة أخرى.",
        Text::EnrollOffline => "تعذّر الوصول إلى الخادم. يحتاج التسجيل إلى اتصال مرة واحدة.",
        Text::Enrolled => "هذا الهاتف مسجَّل. تُرسل المقابلات إلى الخادم.",
        Text::SendNow => "أرسل الآن",
        Text::NeedsEnrolment => "لم يعد الخادم يقبل هذا الهاتف. سجّله مرة أخرى.",
        Text::Unreachable => "تعذّر الوصول إلى الخادم الآن. ستُعاد محاولة الإرسال.",
        Text::AppName => "قبول",
        Text::Tagline => "مسح تقبّل المجتمع",
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
        Text::NavHome => "الرئيسية",
        Text::NavOutbox => "صندوق الإرسال",
        Text::NavSettings => "الإعدادات",
        Text::NewInterview => "مقابلة جديدة",
        Text::PracticeMode => {
            "وضع التدريب: هذا الهاتف غير مسجَّل بعد. تبقى مقابلات التدريب على هذا الهاتف ولا تُرسل أبداً."
        }
        Text::FormsHeading => "الاستمارات",
        Text::DraftsHeading => "مقابلات قيد الإنجاز",
        Text::NoDrafts => "لا توجد مقابلة قيد الإنجاز.",
        Text::Continue => "متابعة",
        Text::Delete => "حذف",
        Text::ConfirmDelete => "هل تريد حذف هذه المقابلة؟ ستضيع إجاباتها.",
        Text::YesDelete => "نعم، احذف",
        Text::Cancel => "إلغاء",
        Text::LastChange => "آخر تعديل",
        Text::Practice => "تدريب",
        Text::OutboxEmpty => "صندوق الإرسال فارغ.",
        Text::StateQueued => "بانتظار الإرسال",
        Text::StateSending => "جارٍ الإرسال",
        Text::StateSent => "أُرسلت",
        Text::StateRejected => "مرفوضة",
        Text::StateConflict => "تعارض",
        Text::StatePractice => "تدريب (لا تُرسل)",
        Text::OutcomeCompleted => "مكتملة",
        Text::OutcomeRefused => "رفض المشاركة",
        Text::OutcomeIneligible => "غير مؤهَّل",
        Text::Next => "التالي",
        Text::Back => "السابق",
        Text::SaveExit => "حفظ والخروج",
        Text::Saving => "جارٍ الحفظ…",
        Text::Saved => "تم الحفظ",
        Text::Retry => "حاول مرة أخرى",
        Text::StorageFull => {
            "مساحة التخزين في الهاتف ممتلئة. أفرغ بعض المساحة ثم حاول مرة أخرى. لن يضيع شيء مما حُفظ."
        }
        Text::StorageFailed => "تعذّر حفظ الإجابة على هذا الهاتف. حاول مرة أخرى.",
        Text::SealFailed => "تعذّر تشفير هذه المقابلة، لذلك لم تُنجز. بقيت كما هي؛ حاول مرة أخرى.",
        Text::EncryptionMissing => {
            "جزء التطبيق الذي يشفّر المقابلات غير موجود على هذا الهاتف بعد. اتصل بالإنترنت مرة واحدة ثم حاول مرة أخرى. لم يضع شيء."
        }
        Text::FormUnreadable => {
            "لا يستطيع هذا التطبيق قراءة أحدث نسخة من هذا المسح. حدّث التطبيق أو اسأل المشرف."
        }
        Text::LockedNow => "قُفل التطبيق تلقائياً. أدخل رمزك السري ثم حاول مرة أخرى.",
        Text::RefusedUnknownForm => "لا يعرف الخادم هذه النسخة من الاستمارة. أرِ هذا للمشرف.",
        Text::RefusedSealing => "رفضها الخادم: ليست مشفّرة كما تتطلب استمارتها. أرِ هذا للمشرف.",
        Text::RefusedAnswers => "رفض الخادم إجاباتها. أرِ هذا للمشرف.",
        Text::RefusedConflict => {
            "لدى الخادم مقابلة مختلفة بالمعرّف نفسه. هذه محفوظة هنا؛ أرِ هذا للمشرف."
        }
        Text::RequiredMark => "مطلوب",
        Text::FixErrors => "يرجى مراجعة الأسئلة المُشار إليها.",
        Text::ReviewHeading => "مراجعة قبل الإنهاء",
        Text::ReviewAllGood => "تمّت الإجابة على كل الأسئلة.",
        Text::ReviewIntro => "هذه الأسئلة بلا إجابة أو تحتاج إلى تصحيح. اضغط على أحدها للانتقال إليه.",
        Text::NotAnswered => "بلا إجابة",
        Text::BackToReview => "العودة إلى المراجعة",
        Text::StillStarting => "ما زال قبول قيد التشغيل: ما تختاره يُحفظ بعد لحظات.",
        Text::Finalize => "إنهاء ووضعها في صندوق الإرسال",
        Text::Finalized => "اكتملت المقابلة وهي بانتظار الإرسال في صندوق الإرسال.",
        Text::FinalizedPractice => "انتهت مقابلة التدريب. تبقى على هذا الهاتف ولا تُرسل أبداً.",
        Text::RefusedEnd => {
            "لم يوافق الشخص على المشاركة. اشكره على وقته. لن يُطرح أي سؤال آخر، ولن تُحفظ أي إجابة أخرى."
        }
        Text::IneligibleEnd => {
            "يمكن فقط لمن بلغوا 18 عاماً فأكثر المشاركة. اشكر الشخص بلطف؛ تنتهي المقابلة هنا."
        }
        Text::FinishRecord => "إنهاء وتسجيل",
        Text::StorageUnreadable => "تعذّرت قراءة التخزين على هذا الهاتف. حاول مرة أخرى؛ لم يضِع شيء.",
        Text::DraftFormUnreadable => {
            "لا يستطيع هذا التطبيق فتح استبيان هذه المقابلة. المقابلة محفوظة: حدّث التطبيق أو اسأل مشرفك."
        }
        Text::DeleteFailed => "تعذّر حذف المقابلة. حاول مرة أخرى.",
        Text::InterviewMissing => "هذه المقابلة غير موجودة على هذا الهاتف (ربما أُنهيت أو حُذفت).",
        Text::RecordLocation => "تسجيل الموقع",
        Text::Locating => "جارٍ تحديد الموقع…",
        Text::LocationDenied => {
            "تم رفض إذن الموقع. يمكنك المتابعة بدونه، أو السماح بالموقع من إعدادات المتصفح."
        }
        Text::LocationUnavailable => {
            "تعذّر تحديد الموقع. حاول مرة أخرى في مكان مفتوح، أو تابع بدونه."
        }
        Text::ClearAnswer => "مسح الإجابة",
        Text::TextSize => "حجم النص",
        Text::SizeNormal => "عادي",
        Text::SizeLarge => "كبير",
        Text::SizeLarger => "أكبر",
        Text::StorageHeading => "التخزين",
        Text::DeviceHeading => "الهاتف والتطبيق",
        Text::AppVersion => "إصدار التطبيق",
        Text::AppBuild => "البناء",
        Text::DeviceId => "معرّف الهاتف",
        Text::DeviceSeq => "المقابلات المُنجزة على هذا الهاتف",
        Text::UpdateReady => "إصدار جديد من قبول جاهز.",
        Text::ApplyUpdate => "حدّث الآن",
        Text::Loading => "جارٍ التحميل…",
        Text::NumberHint => "أرقام 0-9 أو ٠-٩",
    }
}

fn ckb(text: Text) -> &'static str {
    match text {
        Text::TabSubmissions => "فۆرمە گەیشتووەکان",
        Text::TabDashboard => "داشبۆرد",
        Text::FilterDistrict => "قەزا",
        Text::FilterStatus => "دۆخی پێداچوونەوە",
        Text::FilterAll => "هەموو",
        Text::MoreFilters => "فلتەری زیاتر",
        Text::PinSetHeading => "ژمارەیەکی نهێنی هەڵبژێرە",
        Text::PinEnterHeading => "ژمارە نهێنییەکەت بنووسە",
        Text::PinHelp => {
            "چاوپێکەوتنەکانی ئەم فۆرمە لەسەر مۆبایلەکە لەژێر ژمارە نهێنییەکەتدا دەپارێزرێن. ئەپەکە دوای هەموو دەستپێکردنێک و دوای 10 خولەک بێ بەکارهێنان داوای دەکات. پێنج ژمارەی هەڵە لە دوای یەک چاوپێکەوتنە نیوەتەواوەکان دەسڕێتەوە."
        }
        Text::Pin => "ژمارەی نهێنی (6 بۆ 12 ژمارە)",
        Text::PinAgain => "هەمان ژمارە دووبارە",
        Text::PinSubmit => "کردنەوە",
        Text::PinInvalid => "ژمارەی نهێنی 6 بۆ 12 ژمارەیە.",
        Text::PinMismatch => "دوو ژمارەکە جیاوازن. هەمان ژمارە دوو جار بنووسە.",
        Text::PinWiped => {
            "پێنج ژمارەی هەڵە: چاوپێکەوتنە نیوەتەواوەکانی فۆرمە نهێنیکراوەکە لەم مۆبایلە سڕانەوە. چاوپێکەوتنە تەواوبووەکان دەستیان لێ نەدرا."
        }
        Text::KeyHeading => "کلیلی فۆرمە نهێنیکراوەکان",
        Text::OpeningSealed => "فۆرمە نهێنیکراوەکان دەکرێنەوە…",
        Text::SessionEnded => "لە ژوورەوە نەماویت. پەڕەکە نوێ بکەرەوە و دووبارە بچۆ ژوورەوە.",
        Text::ServerFailed => "ڕاژەکار نەیتوانی وەڵام بداتەوە. کەمێکی تر دووبارە هەوڵ بدەرەوە.",
        Text::ExportFailed => "فایلەکە لەم پەڕەیەدا دروست نەکرا. هیچ دانەگیرا.",
        Text::ShowServerList => "لیستەکە وەک لە ڕاژەکاردا هەیە پیشان بدە",
        Text::ShowOpenedList => "فۆرمە نهێنیکراوەکانی لێرە کراونەتەوە پیشان بدە",
        Text::SealedDashboardHeading => "فۆرمە نهێنیکراوەکان، لەم پەڕەیەدا کراونەتەوە",
        Text::KeyHelp => {
            "کلیلی تایبەت (qabul-sk1:…) بلکێنە یان فایلەکەی هەڵبژێرە. تەنها لە بیرگەی ئەم پەڕەیەدا دەمێنێتەوە: نانێردرێت، پاشەکەوت ناکرێت، و بە داخستنی پەڕەکە لەبیر دەکرێت."
        }
        Text::KeyPaste => "کلیلی تایبەت",
        Text::LoadKey => "بارکردنی کلیل",
        Text::KeyFromFile => "لە فایلێکەوە…",
        Text::ForgetKeys => "لەبیرکردنی کلیلەکان",
        Text::KeyInvalid => {
            "ئەمە کلیلی تایبەتی قبوول نییە: بە qabul-sk1: دەست پێدەکات و لە qabul keygen ەوە دێت."
        }
        Text::SealedNeedsKey => {
            "ئەم فۆرمە نهێنیکراوە. بۆ خوێندنەوەی کلیلی تایبەتی فۆرمەکە بار بکە."
        }
        Text::SealedDamaged => {
            "داتا نهێنیکراوەکە تێکچووە یان لە فۆرمێکی ترەوە گوازراوەتەوە: ناکرێتەوە."
        }
        Text::SealedMalformed => "ئەمە داتای نهێنیکراو نییە کە قبوول بتوانێت بیخوێنێتەوە.",
        Text::FilterFlag => "ئاگاداری کوالیتی",
        Text::FilterFrom => "لە",
        Text::FilterTo => "بۆ",
        Text::FilterEnumerator => "توێژەری مەیدانی",
        Text::FlagTooShort => "زۆر کورت",
        Text::FlagSequenceGap => "پێشتر ونە",
        Text::FlagBurst => "زۆر لە ماوەیەکی کەمدا",
        Text::DownloadXlsx => "داگرتنی فایلی Excel (XLSX)",
        Text::DownloadJson => "داگرتنی فایلی JSON",
        Text::StatusPending => "چاوەڕوان",
        Text::StatusApproved => "پەسەندکراو",
        Text::StatusOnHold => "ڕاگیراو",
        Text::DownloadCsv => "داگرتنی فایلی CSV",
        Text::Approve => "پەسەندکردن",
        Text::PutOnHold => "ڕاگرتن",
        Text::RejectSubmission => "ڕەتکردنەوە",
        Text::Comment => "تێبینی",
        Text::History => "مێژوو",
        Text::NotReviewed => "هێشتا پێداچوونەوەی بۆ نەکراوە",
        Text::AnswersHeading => "وەڵامەکان",
        Text::BackToList => "گەڕانەوە بۆ لیستەکە",
        Text::PerDay => "فۆرمەکان لە هەر ڕۆژێکدا",
        Text::IndexByDistrict => "پێوەری قبووڵکردن بەپێی قەزا، لەگەڵ ماوەی متمانەی ٩٥٪",
        Text::IndexByGroup => "پێوەری قبووڵکردن بەپێی ڕەگەز و تەمەن و دۆخ",
        Text::SubscoresHeading => "پێوەر و ژێرپێوەرەکان بۆ هەموو ئەوانەی پیشان دراون",
        Text::SubscoreSocialDistance => "دووریی کۆمەڵایەتی",
        Text::SubscoreThreat => "هەستکردن بە هەڕەشە",
        Text::SubscoreTrust => "متمانە بە پرۆسەکە",
        Text::SubscoreReintegration => "پشتگیری بۆ تێکەڵبوونەوە",
        Text::ByPlace => "فۆرمەکان بەپێی پارێزگا و قەزا",
        Text::SuppressedGroup => "کەمتر لە ٣٠ وەڵام: پیشان نادرێت",
        Text::NoSubmissions => "هیچ فۆرمێک ناگونجێت.",
        Text::ByEnumerator => "بەپێی توێژەری مەیدانی",
        Text::SupervisorReviewHeading => "پێداچوونەوە",
        Text::SupervisorName => "ناوی سەرپەرشتیار",
        Text::Password => "وشەی نهێنی",
        Text::SignIn => "چوونەژوورەوە",
        Text::SignOut => "چوونەدەرەوە",
        Text::LoginFailed => "ناو یان وشەی نهێنی هەڵەیە.",
        Text::LoginRateLimited => "هەوڵی زۆر دراوە. خولەکێک چاوەڕێ بکە، پاشان دووبارە هەوڵ بدەوە.",
        Text::ReviewOffline => {
            "ناتوانرێت بگەیت بە سێرڤەر. پەیوەندییەکە بپشکنە و دووبارە هەوڵ بدەوە."
        }
        Text::EnumeratorsHeading => "توێژەرانی مەیدانی",
        Text::NewEnumeratorName => "ناوی توێژەری مەیدانیی نوێ",
        Text::CreateLink => "دروستکردنی بەستەری تۆمارکردن",
        Text::ScanHint => {
            "ئەم کۆدە بە مۆبایلی توێژەرەکە سکان بکە، یان بەستەرەکە لەسەری بکەرەوە. تەنها یەک جار کار دەکات، بۆ ماوەی ٧ ڕۆژ."
        }
        Text::Revoke => "پووچەڵکردنەوە",
        Text::ConfirmRevoke => "بەڵێ، پووچەڵی بکەرەوە: مۆبایلەکانی چیتر ناتوانن بنێرن",
        Text::StatusActive => "چالاک",
        Text::StatusRevoked => "پووچەڵکراوەتەوە",
        Text::NothingReceived => "هێشتا هیچ نەگەیشتووە",
        Text::NameInvalid => "ناو لە ١ تا ٦٤ پیتە، بەبێ هێڵی لار.",
        Text::EnrollHeading => "تۆمارکردنی ئەم مۆبایلە",
        Text::EnrollCode => "کۆدی تۆمارکردن",
        Text::EnrollButton => "تۆمار بکە",
        Text::EnrollIntro => {
            "بەستەرەکە بکەرەوە یان کۆدی QR ـەکە بخوێنەوە کە سەرپەرشتیارەکەت پێی داویت، یان کۆدەکە لێرە بنووسە. تۆمارکردن تەنها یەکجار پێویستی بە پەیوەندییە؛ دواتر ئەپەکە بەبێ ئینتەرنێت کار دەکات."
        }
        Text::EnrollInvalid => {
            "ئەم کۆدە دروست نییە یان بەسەرچووە. داوای کۆدێکی نوێ لە سەرپەرشتیارەکەت بکە."
        }
        Text::EnrollRateLimited => "هەوڵی زۆر دراوە. خولەکێک چاوەڕێ بکە و دووبارە هەوڵبدەرەوە.",
        Text::EnrollOffline => "ناتوانرێت بگەیت بە سێرڤەر. تۆمارکردن یەکجار پێویستی بە پەیوەندییە.",
        Text::Enrolled => "ئەم مۆبایلە تۆمارکراوە. چاوپێکەوتنەکان دەنێردرێن بۆ سێرڤەر.",
        Text::SendNow => "ئێستا بینێرە",
        Text::NeedsEnrolment => "سێرڤەر چیتر ئەم مۆبایلە قبوڵ ناکات. دووبارە تۆماری بکەرەوە.",
        Text::Unreachable => "ئێستا ناتوانرێت بگەیت بە سێرڤەر. ناردن دووبارە هەوڵ دەدرێتەوە.",
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
        Text::NavHome => "سەرەکی",
        Text::NavOutbox => "سندوقی ناردن",
        Text::NavSettings => "ڕێکخستنەکان",
        Text::NewInterview => "چاوپێکەوتنی نوێ",
        Text::PracticeMode => {
            "دۆخی ڕاهێنان: ئەم مۆبایلە هێشتا تۆمار نەکراوە. چاوپێکەوتنەکانی ڕاهێنان لەسەر ئەم مۆبایلە دەمێننەوە و هەرگیز نانێردرێن."
        }
        Text::FormsHeading => "فۆرمەکان",
        Text::DraftsHeading => "چاوپێکەوتنە تەواونەکراوەکان",
        Text::NoDrafts => "هیچ چاوپێکەوتنێکی تەواونەکراو نییە.",
        Text::Continue => "بەردەوامبە",
        Text::Delete => "سڕینەوە",
        Text::ConfirmDelete => "ئەم چاوپێکەوتنە بسڕدرێتەوە؟ وەڵامەکانی لەدەست دەچن.",
        Text::YesDelete => "بەڵێ، بیسڕەوە",
        Text::Cancel => "هەڵوەشاندنەوە",
        Text::LastChange => "دوایین گۆڕانکاری",
        Text::Practice => "ڕاهێنان",
        Text::OutboxEmpty => "سندوقی ناردن بەتاڵە.",
        Text::StateQueued => "چاوەڕێی ناردن",
        Text::StateSending => "دەنێردرێت",
        Text::StateSent => "نێردرا",
        Text::StateRejected => "ڕەتکرایەوە",
        Text::StateConflict => "ناکۆکی",
        Text::StatePractice => "ڕاهێنان (نانێردرێت)",
        Text::OutcomeCompleted => "تەواوبوو",
        Text::OutcomeRefused => "ڕەتیکردەوە",
        Text::OutcomeIneligible => "شیاو نییە",
        Text::Next => "دواتر",
        Text::Back => "پێشتر",
        Text::SaveExit => "پاشەکەوت و دەرچوون",
        Text::Saving => "پاشەکەوت دەکرێت…",
        Text::Saved => "پاشەکەوت کرا",
        Text::Retry => "دووبارە هەوڵبدەرەوە",
        Text::StorageFull => {
            "شوێنی پاشەکەوتکردنی مۆبایلەکە پڕە. هەندێک شوێن چۆڵ بکە و دووبارە هەوڵبدەرەوە. هیچ شتێکی پاشەکەوتکراو لەدەست ناچێت."
        }
        Text::StorageFailed => "وەڵامەکە لەسەر ئەم مۆبایلە پاشەکەوت نەکرا. دووبارە هەوڵبدەرەوە.",
        Text::SealFailed => {
            "ئەم چاوپێکەوتنە نهێنی نەکرا، بۆیە تەواو نەکرا. وەک خۆی ماوەتەوە؛ دووبارە هەوڵبدەرەوە."
        }
        Text::EncryptionMissing => {
            "ئەو بەشەی ئەپەکە کە چاوپێکەوتنەکان نهێنی دەکات هێشتا لەسەر ئەم مۆبایلە نییە. جارێک بە ئینتەرنێتەوە پەیوەست بە، پاشان دووبارە هەوڵبدەرەوە. هیچ شتێک لەدەست نەچووە."
        }
        Text::FormUnreadable => {
            "ئەم ئەپە ناتوانێت نوێترین وەشانی ئەم ڕاپرسییە بخوێنێتەوە. ئەپەکە نوێ بکەرەوە یان لە سەرپەرشتیارەکەت بپرسە."
        }
        Text::LockedNow => "ئەپەکە خۆی داخست. ژمارەی نهێنییەکەت بنووسە، پاشان دووبارە هەوڵبدەرەوە.",
        Text::RefusedUnknownForm => {
            "ڕاژەکار ئەم وەشانەی فۆرمەکە ناناسێت. ئەمە بە سەرپەرشتیارەکەت پیشان بدە."
        }
        Text::RefusedSealing => {
            "ڕاژەکار ڕەتی کردەوە: وەک فۆرمەکەی داوا دەکات نهێنی نەکراوە. ئەمە بە سەرپەرشتیارەکەت پیشان بدە."
        }
        Text::RefusedAnswers => "ڕاژەکار وەڵامەکانی ڕەت کردەوە. ئەمە بە سەرپەرشتیارەکەت پیشان بدە.",
        Text::RefusedConflict => {
            "ڕاژەکار چاوپێکەوتنێکی جیاوازی بە هەمان ناسنامە هەیە. ئەمە لێرە پارێزراوە؛ بە سەرپەرشتیارەکەت پیشان بدە."
        }
        Text::RequiredMark => "پێویستە",
        Text::FixErrors => "تکایە پرسیارە نیشانکراوەکان بپشکنە.",
        Text::ReviewHeading => "پێداچوونەوە پێش کۆتاییهێنان",
        Text::ReviewAllGood => "وەڵامی هەموو پرسیارەکان دراوەتەوە.",
        Text::ReviewIntro => {
            "ئەم پرسیارانە وەڵامیان نەدراوەتەوە یان پێویستیان بە ڕاستکردنەوە هەیە. دەستی لێبدە بۆ چوون بۆی."
        }
        Text::NotAnswered => "وەڵام نەدراوەتەوە",
        Text::BackToReview => "گەڕانەوە بۆ پێداچوونەوە",
        Text::StillStarting => {
            "قبوڵ هێشتا دەست پێدەکات: ئەوەی هەڵیدەبژێریت لە چەند ساتێکدا پاشەکەوت دەکرێت."
        }
        Text::Finalize => "کۆتایی پێبهێنە و بیخە ناو سندوقی ناردن",
        Text::Finalized => "چاوپێکەوتنەکە کۆتایی هات و لە سندوقی ناردندا چاوەڕێیە.",
        Text::FinalizedPractice => {
            "چاوپێکەوتنی ڕاهێنان کۆتایی هات. لەسەر ئەم مۆبایلە دەمێنێتەوە و هەرگیز نانێردرێت."
        }
        Text::RefusedEnd => {
            "کەسەکە ڕازی نەبوو بەشداری بکات. سوپاسی بکە بۆ کاتەکەی. هیچ پرسیارێکی تر ناکرێت و هیچ وەڵامێکی تر هەڵناگیرێت."
        }
        Text::IneligibleEnd => {
            "تەنها کەسانی 18 ساڵ و سەروو دەتوانن بەشداری بکەن. بە نەرمی سوپاسی کەسەکە بکە؛ چاوپێکەوتنەکە لێرەدا کۆتایی دێت."
        }
        Text::FinishRecord => "کۆتایی و تۆمارکردن",
        Text::StorageUnreadable => {
            "بیرگەی ئەم مۆبایلە نەخوێنرایەوە. دووبارە هەوڵبدەرەوە؛ هیچ شتێک ون نەبووە."
        }
        Text::DraftFormUnreadable => {
            "ئەم ئەپە ناتوانێت فۆرمی ئەم چاوپێکەوتنە بکاتەوە. چاوپێکەوتنەکە پارێزراوە: ئەپەکە نوێ بکەرەوە یان پرسیار لە سەرپەرشتیارەکەت بکە."
        }
        Text::DeleteFailed => "چاوپێکەوتنەکە نەسڕایەوە. دووبارە هەوڵبدەرەوە.",
        Text::InterviewMissing => {
            "ئەم چاوپێکەوتنە لەسەر ئەم مۆبایلە نییە (لەوانەیە کۆتایی پێهاتبێت یان سڕابێتەوە)."
        }
        Text::RecordLocation => "تۆمارکردنی شوێن",
        Text::Locating => "شوێن دەدۆزرێتەوە…",
        Text::LocationDenied => {
            "ڕێگەپێدانی شوێن ڕەتکرایەوە. دەتوانیت بەبێ ئەو بەردەوام بیت، یان لە ڕێکخستنەکانی وێبگەڕەوە ڕێگە بدە."
        }
        Text::LocationUnavailable => {
            "شوێن نەدۆزرایەوە. لە دەرەوە دووبارە هەوڵبدەرەوە، یان بەبێ ئەو بەردەوام بە."
        }
        Text::ClearAnswer => "سڕینەوەی وەڵام",
        Text::TextSize => "قەبارەی نووسین",
        Text::SizeNormal => "ئاسایی",
        Text::SizeLarge => "گەورە",
        Text::SizeLarger => "گەورەتر",
        Text::StorageHeading => "پاشەکەوتکردن",
        Text::DeviceHeading => "مۆبایل و ئەپ",
        Text::AppVersion => "وەشانی ئەپ",
        Text::AppBuild => "بنیات",
        Text::DeviceId => "ناسنامەی مۆبایل",
        Text::DeviceSeq => "چاوپێکەوتنە تەواوکراوەکانی ئەم مۆبایلە",
        Text::UpdateReady => "وەشانێکی نوێی قبوڵ ئامادەیە.",
        Text::ApplyUpdate => "ئێستا نوێی بکەرەوە",
        Text::Loading => "بارکردن…",
        Text::NumberHint => "ژمارەکانی 0-9 یان ٠-٩",
    }
}

/// "3 of 12 answered".
pub fn answered_of(lang: Lang, answered: usize, visible: usize) -> String {
    match lang {
        Lang::En => format!("{answered} of {visible} answered"),
        Lang::Ar => format!("تمت الإجابة على {answered} من {visible}"),
        Lang::Ckb => format!("{answered} لە {visible} وەڵامدراوەتەوە"),
    }
}

/// "Accuracy: 12 m".
pub fn accuracy(lang: Lang, metres: f64) -> String {
    let metres = metres.round();
    match lang {
        Lang::En => format!("Accuracy: {metres} m"),
        Lang::Ar => format!("الدقة: {metres} م"),
        Lang::Ckb => format!("وردی: {metres} م"),
    }
}

/// "1.2 MB", in the units of the language.
pub fn bytes(lang: Lang, bytes: f64) -> String {
    let units: [&str; 4] = match lang {
        Lang::En => ["B", "kB", "MB", "GB"],
        Lang::Ar => ["بايت", "كيلوبايت", "ميغابايت", "غيغابايت"],
        Lang::Ckb => ["بایت", "کیلۆبایت", "مێگابایت", "گیگابایت"],
    };
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    // Whole bytes have no fraction ("0 B", not "0.0 B").
    let digits = usize::from(unit > 0);
    // Isolated, so that "1.2 MB" keeps its order inside an Arabic or Sorani sentence.
    format!("\u{2068}{value:.digits$} {}\u{2069}", units[unit])
}

/// "1.2 MB used of 500 MB".
pub fn usage(lang: Lang, used: &str, quota: &str) -> String {
    match lang {
        Lang::En => format!("{used} used of {quota}"),
        Lang::Ar => format!("مستخدم {used} من {quota}"),
        Lang::Ckb => format!("{used} بەکارهاتووە لە {quota}"),
    }
}

/// "Sequence 7".
pub fn sequence(lang: Lang, seq: u64) -> String {
    match lang {
        Lang::En => format!("No. {seq}"),
        Lang::Ar => format!("رقم {seq}"),
        Lang::Ckb => format!("ژمارە {seq}"),
    }
}

/// "Opening the encrypted submissions: 2000 of 10000".
pub fn opening(lang: Lang, done: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("Opening the encrypted submissions: {done} of {total}"),
        Lang::Ar => format!("جارٍ فتح الاستمارات المشفّرة: {done} من {total}"),
        Lang::Ckb => format!("فۆرمە نهێنیکراوەکان دەکرێنەوە: {done} لە {total}"),
    }
}

/// "Sending 40 of 120".
pub fn sending(lang: Lang, sent: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("Sending {sent} of {total}"),
        Lang::Ar => format!("جارٍ إرسال {sent} من {total}"),
        Lang::Ckb => format!("ناردنی {sent} لە {total}"),
    }
}

/// "Sent and confirmed by the server: 12".
pub fn receipts(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("Sent and confirmed by the server: {n}"),
        Lang::Ar => format!("أُرسلت وأكّد الخادم استلامها: {n}"),
        Lang::Ckb => format!("نێردراون و سێرڤەر وەریگرتوون: {n}"),
    }
}

/// "2 phones · 140 submissions"
pub fn enumerator_counts(lang: Lang, phones: i64, submissions: i64) -> String {
    match lang {
        Lang::En => format!("{phones} phone(s) · {submissions} submission(s)"),
        Lang::Ar => format!("الهواتف: {phones} · الاستمارات: {submissions}"),
        Lang::Ckb => format!("مۆبایل: {phones} · فۆرم: {submissions}"),
    }
}

/// "Last upload: …"
pub fn last_upload(lang: Lang, when: &str) -> String {
    match lang {
        Lang::En => format!("Last upload: \u{2068}{when}\u{2069}"),
        Lang::Ar => format!("آخر إرسال: \u{2068}{when}\u{2069}"),
        Lang::Ckb => format!("دوایین ناردن: \u{2068}{when}\u{2069}"),
    }
}

/// "Missing numbers: 2–3, 7": interviews a phone numbered but the server never received.
pub fn missing_numbers(lang: Lang, ranges: &[[u64; 2]]) -> String {
    let list = ranges
        .iter()
        .map(|[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    match lang {
        Lang::En => format!("Missing numbers: \u{2068}{list}\u{2069}"),
        Lang::Ar => format!("أرقام مفقودة: \u{2068}{list}\u{2069}"),
        Lang::Ckb => format!("ژمارە ونبووەکان: \u{2068}{list}\u{2069}"),
    }
}

/// "123 submissions match"
pub fn matching(lang: Lang, total: i64) -> String {
    match lang {
        Lang::En => format!("{total} submission(s) match"),
        Lang::Ar => format!("عدد الاستمارات المطابقة: {total}"),
        Lang::Ckb => format!("ژمارەی فۆرمە گونجاوەکان: {total}"),
    }
}

/// "Page 2 of 7"
pub fn page_of(lang: Lang, page: u32, pages: u32) -> String {
    match lang {
        Lang::En => format!("Page {page} of {pages}"),
        Lang::Ar => format!("الصفحة {page} من {pages}"),
        Lang::Ckb => format!("پەڕەی {page} لە {pages}"),
    }
}

/// "Consent refused: 6.2%"
pub fn refusal_rate(lang: Lang, percent: f64) -> String {
    match lang {
        Lang::En => format!("Consent refused: {percent:.1}%"),
        Lang::Ar => format!("رفض الموافقة: {percent:.1}%"),
        Lang::Ckb => format!("ڕەتکردنەوەی ڕەزامەندی: {percent:.1}%"),
    }
}

/// "12 s" for the time spent on one question.
pub fn seconds(lang: Lang, ms: u64) -> String {
    let s = ms.div_ceil(1000);
    match lang {
        Lang::En => format!("{s} s"),
        Lang::Ar => format!("{s} ث"),
        Lang::Ckb => format!("{s} چ"),
    }
}

/// What the opened set holds, and how many submissions no loaded key opened.
pub fn decrypted_rows(lang: Lang, rows: usize, unopened: usize, damaged: usize) -> String {
    let mut text = match lang {
        Lang::En => {
            format!("Decrypted in this page: {rows}. Not opened (another key): {unopened}.")
        }
        Lang::Ar => format!("فُكّ تشفيرها في هذه الصفحة: {rows}. لم تُفتح (مفتاح آخر): {unopened}."),
        Lang::Ckb => format!("لەم پەڕەیەدا کرانەوە: {rows}. نەکرانەوە (کلیلێکی تر): {unopened}."),
    };
    if damaged > 0 {
        text.push(' ');
        text.push_str(match lang {
            Lang::En => "Damaged, not opened:",
            Lang::Ar => "تالفة، لم تُفتح:",
            Lang::Ckb => "تێکچوو، نەکرانەوە:",
        });
        text.push(' ');
        text.push_str(&damaged.to_string());
        text.push('.');
    }
    text
}

/// Wrong PIN: how many tries are left, with a warning before the last.
pub fn pin_tries_left(lang: Lang, left: u32) -> String {
    match (lang, left) {
        (Lang::En, 1) => {
            "Wrong PIN. One try left: one more wrong PIN erases the interviews in progress."
                .to_owned()
        }
        (Lang::En, n) => format!("Wrong PIN. {n} tries left."),
        (Lang::Ar, 1) => {
            "رمز خاطئ. بقيت محاولة واحدة: رمز خاطئ آخر يمحو المقابلات الجارية.".to_owned()
        }
        (Lang::Ar, n) => format!("رمز خاطئ. بقيت {n} محاولات."),
        (Lang::Ckb, 1) => {
            "ژمارەی هەڵە. یەک هەوڵ ماوە: ژمارەیەکی هەڵەی تر چاوپێکەوتنە نیوەتەواوەکان دەسڕێتەوە."
                .to_owned()
        }
        (Lang::Ckb, n) => format!("ژمارەی هەڵە. {n} هەوڵ ماوە."),
    }
}

/// Interviews in progress that wait for the PIN.
pub fn drafts_locked(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} interview(s) in progress are locked under your PIN."),
        Lang::Ar => format!("مقابلات جارية مقفلة برمزك السري: {n}."),
        Lang::Ckb => format!("چاوپێکەوتنی نیوەتەواو کە بە ژمارە نهێنییەکەت داخراون: {n}."),
    }
}

/// How many private keys the review page holds.
pub fn keys_loaded(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} loaded"),
        Lang::Ar => format!("محمّل: {n}"),
        Lang::Ckb => format!("بارکراو: {n}"),
    }
}

/// No loaded key opens a submission sealed to `needed`.
pub fn sealed_wrong_key(lang: Lang, needed: &str) -> String {
    match lang {
        Lang::En => format!(
            "None of the loaded keys opens this submission: it was sealed to key \u{2068}{needed}\u{2069}. Nothing is shown."
        ),
        Lang::Ar => format!(
            "لا يفتح أيّ من المفاتيح المحمّلة هذه الاستمارة: شُفّرت بالمفتاح \u{2068}{needed}\u{2069}. لا يُعرض شيء."
        ),
        Lang::Ckb => format!(
            "هیچ کام لە کلیلە بارکراوەکان ئەم فۆرمە ناکاتەوە: بە کلیلی \u{2068}{needed}\u{2069} نهێنی کراوە. هیچ پیشان نادرێت."
        ),
    }
}

/// "by Amira, 2026-11-22 08:14"
pub fn by_whom(lang: Lang, who: &str, when: &str) -> String {
    match lang {
        Lang::En => format!("by \u{2068}{who}\u{2069}, \u{2068}{when}\u{2069}"),
        Lang::Ar => format!("بواسطة \u{2068}{who}\u{2069}، \u{2068}{when}\u{2069}"),
        Lang::Ckb => format!("لەلایەن \u{2068}{who}\u{2069}، \u{2068}{when}\u{2069}"),
    }
}
