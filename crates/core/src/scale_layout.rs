//! How a scale's points sit on a phone's screen. In a row, five points share about 60 px of
//! width each on a 360 px phone, enough for a few short words; a longer label would be set
//! tiny and broken in the middle of its words, which in Arabic script also breaks the letters'
//! joining. Such a scale is laid out as a column of full-width numbered choices instead.

/// Where a scale's points go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleLayout {
    /// Side by side, the number above a short label.
    Row,
    /// One under the other, the number beside the label.
    Column,
}

/// The longest label, in characters, that still fits a point of a row in a few lines.
pub const ROW_MAX_LABEL_CHARS: usize = 24;
/// The longest word, in characters, that fits a point of a row unbroken (about 52 px at
/// 13.6 px type: "Somewhat" is one too many).
pub const ROW_MAX_WORD_CHARS: usize = 7;

/// The layout of a scale whose points read `labels` in the language on screen.
pub fn scale_layout<'a>(labels: impl IntoIterator<Item = &'a str>) -> ScaleLayout {
    let fits = |label: &str| {
        label.chars().count() <= ROW_MAX_LABEL_CHARS
            && label
                .split_whitespace()
                .all(|word| word.chars().count() <= ROW_MAX_WORD_CHARS)
    };
    if labels.into_iter().all(fits) {
        ScaleLayout::Row
    } else {
        ScaleLayout::Column
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;
    use crate::lang::Lang;
    use crate::load::{NodeKind, QuestionType};

    /// The layout of the built-in form's scale `name` in `lang`.
    fn layout_of(name: &str, lang: Lang) -> ScaleLayout {
        let form = builtin::community_acceptance();
        let node = &form.nodes()[form
            .index_of(name)
            .expect("a question of the built-in form")];
        assert!(
            matches!(node.kind, NodeKind::Question(QuestionType::Scale(_))),
            "{name} is not a scale"
        );
        let labels: Vec<&str> = form
            .choice_list(node)
            .iter()
            .filter(|choice| choice.name.parse::<u8>().is_ok())
            .map(|choice| form.text(&choice.label, lang))
            .collect();
        assert_eq!(labels.len(), 5);
        scale_layout(labels)
    }

    #[test]
    fn short_labels_stay_in_a_row() {
        assert_eq!(
            scale_layout(["Not at all", "A little", "Some", "Much", "Very much"]),
            ScaleLayout::Row
        );
        assert_eq!(scale_layout(["هیچ", "کەمێک"]), ScaleLayout::Row);
        assert_eq!(scale_layout([]), ScaleLayout::Row);
        for lang in [Lang::En, Lang::Ar, Lang::Ckb] {
            assert_eq!(layout_of("reception", lang), ScaleLayout::Row, "{lang:?}");
        }
        assert_eq!(layout_of("threat_security", Lang::Ar), ScaleLayout::Row);
    }

    #[test]
    fn a_long_label_or_a_long_word_makes_a_column() {
        assert_eq!(scale_layout(["Yes", "Somewhat"]), ScaleLayout::Column);
        assert_eq!(
            scale_layout(["Neither comfortable nor at ease"]),
            ScaleLayout::Column
        );
        for lang in [Lang::En, Lang::Ar, Lang::Ckb] {
            assert_eq!(
                layout_of("reintegration_view", lang),
                ScaleLayout::Column,
                "{lang:?}"
            );
        }
    }
}
