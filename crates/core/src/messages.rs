//! The engine's own messages to the enumerator, in every language Qabul speaks. A form's own
//! `constraint_message` takes precedence where it has one.

use crate::expr::Value;
use crate::lang::Lang;

pub(crate) fn required(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "This question needs an answer.",
        Lang::Ar => "هذا السؤال يحتاج إلى إجابة.",
        Lang::Ckb => "ئەم پرسیارە پێویستی بە وەڵامە.",
    }
}

pub(crate) fn constraint(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "This answer is not accepted here; please check it.",
        Lang::Ar => "هذه الإجابة غير مقبولة هنا؛ يرجى التحقق منها.",
        Lang::Ckb => "ئەم وەڵامە لێرە وەرناگیرێت؛ تکایە دووبارە سەیری بکەرەوە.",
    }
}

pub(crate) fn choice_unavailable(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "This choice no longer fits an earlier answer; please choose again.",
        Lang::Ar => "هذا الخيار لم يعد يتوافق مع إجابة سابقة؛ يرجى الاختيار مرة أخرى.",
        Lang::Ckb => "ئەم هەڵبژاردنە ئیتر لەگەڵ وەڵامێکی پێشوو ناگونجێت؛ تکایە دووبارە هەڵبژێرە.",
    }
}

pub(crate) fn out_of_range(lang: Lang, min: Option<f64>, max: Option<f64>) -> String {
    let show = |n: f64| Value::Number(n).to_text().into_owned();
    match (min.map(show), max.map(show)) {
        (Some(min), Some(max)) => match lang {
            Lang::En => format!("Enter a number from {min} to {max}."),
            Lang::Ar => format!("أدخل رقماً من {min} إلى {max}."),
            Lang::Ckb => format!("ژمارەیەک لە نێوان {min} و {max} بنووسە."),
        },
        (Some(min), None) => match lang {
            Lang::En => format!("Enter a number of at least {min}."),
            Lang::Ar => format!("أدخل رقماً لا يقل عن {min}."),
            Lang::Ckb => format!("ژمارەیەک بنووسە کە لە {min} کەمتر نەبێت."),
        },
        (None, Some(max)) => match lang {
            Lang::En => format!("Enter a number of at most {max}."),
            Lang::Ar => format!("أدخل رقماً لا يزيد عن {max}."),
            Lang::Ckb => format!("ژمارەیەک بنووسە کە لە {max} زیاتر نەبێت."),
        },
        (None, None) => constraint(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in Lang::ALL {
            assert!(!required(lang).is_empty());
            assert!(!constraint(lang).is_empty());
            assert!(!choice_unavailable(lang).is_empty());
            assert!(out_of_range(lang, Some(10.0), Some(120.0)).contains("120"));
            assert!(out_of_range(lang, Some(0.5), None).contains("0.5"));
            assert!(out_of_range(lang, None, Some(5.0)).contains('5'));
            assert_eq!(out_of_range(lang, None, None), constraint(lang));
        }
    }
}
