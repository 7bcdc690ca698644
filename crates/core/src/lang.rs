//! The languages Qabul speaks to people in.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language of the user interface and of form labels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ar,
    Ckb,
}

/// Text direction of a language, as the `dir` attribute spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ar, Lang::Ckb];

    /// The BCP 47 tag, used for the `lang` attribute and in stored data.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Ckb => "ckb",
        }
    }

    pub fn direction(self) -> Direction {
        match self {
            Lang::En => Direction::Ltr,
            Lang::Ar | Lang::Ckb => Direction::Rtl,
        }
    }

    /// The language's own name for itself, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Ckb => "کوردی",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code that Qabul does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language code `{0}` (expected en, ar or ckb)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "ar" => Ok(Lang::Ar),
            "ckb" => Ok(Lang::Ckb),
            other => Err(UnknownLang(other.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_rtl_languages_are_arabic_and_sorani() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert_eq!(Lang::Ar.direction(), Direction::Rtl);
        assert_eq!(Lang::Ckb.direction(), Direction::Rtl);
        assert_eq!(Lang::En.direction(), Direction::Ltr);
        assert!("kmr".parse::<Lang>().is_err());
    }
}
