//! Decimal text (`-12.5`) to `f64`.
//!
//! The standard library's float parser is exact for any input, at the price of a table of
//! 128-bit powers of five and the code around it: some 11 kB of the phone's compressed module,
//! a twentieth of a second on a 2G first load. The numbers a survey reads, typed or written
//! in a form, have few digits. With at most 15 significant digits (all that an `f64` keeps
//! faithfully) the significand is an exact `f64`, every power of ten up to 10^22 is one too,
//! and one multiplication or division by it rounds once, so the result is the correctly
//! rounded value (Clinger's fast path), equal to what `str::parse` gives. Longer numbers are
//! refused rather than silently rounded.

use thiserror::Error;

/// At most this many significant digits.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 15;

/// Exact powers of ten as `f64`: 10^22 is the largest below 2^53 · 2^22 (an exact double).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DecimalError {
    #[error("not a decimal number")]
    NotANumber,
    #[error(
        "more than {MAX_SIGNIFICANT_DIGITS} significant digits, or more than 22 decimal places"
    )]
    TooManyDigits,
    #[error("the number is too large")]
    TooLarge,
}

/// Reads `-`? digits (`.` digits?)? or `-`? `.` digits: XPath's number syntax, which is also
/// what the phone's number fields accept once their digits are Western.
pub fn parse(text: &str) -> Result<f64, DecimalError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(DecimalError::NotANumber);
    }

    // value = significand · 10^exponent, with the significand's zeros at both ends left out.
    let digits = whole.bytes().chain(fraction.bytes());
    let mut significand: u64 = 0;
    let mut count: u32 = 0;
    let mut pending_zeros: u32 = 0;
    let mut exponent = -i64::try_from(fraction.len()).map_err(|_| DecimalError::TooManyDigits)?;
    for digit in digits.map(|b| u64::from(b - b'0')) {
        if digit == 0 {
            if count > 0 {
                pending_zeros += 1;
            }
            continue;
        }
        if count + pending_zeros + 1 > MAX_SIGNIFICANT_DIGITS {
            return Err(DecimalError::TooManyDigits);
        }
        significand = significand * 10_u64.pow(pending_zeros + 1) + digit;
        count += pending_zeros + 1;
        pending_zeros = 0;
    }
    // Zeros after the last significant digit: a power of ten, not digits to keep.
    exponent += i64::from(pending_zeros);

    let magnitude = if significand == 0 {
        0.0
    } else if exponent < 0 {
        let power = usize::try_from(-exponent).map_err(|_| DecimalError::TooManyDigits)?;
        // At most 15 digits, below 2^53: the significand is an exact `f64`.
        significand as f64
            / *POWERS_OF_TEN
                .get(power)
                .ok_or(DecimalError::TooManyDigits)?
    } else {
        // Beyond 10^22, the part of the power that the significand can take and stay below
        // 10^15 moves into it, exactly (1 followed by thirty zeros is 10^8 · 10^22).
        let mut exponent = u32::try_from(exponent).map_err(|_| DecimalError::TooLarge)?;
        while exponent > 22 {
            significand = significand
                .checked_mul(10)
                .filter(|&s| s < 10_u64.pow(MAX_SIGNIFICANT_DIGITS))
                .ok_or(DecimalError::TooLarge)?;
            exponent -= 1;
        }
        significand as f64 * POWERS_OF_TEN[exponent as usize]
    };
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_survey_types() {
        assert_eq!(parse("0"), Ok(0.0));
        assert_eq!(parse("-0"), Ok(-0.0));
        assert_eq!(parse("12"), Ok(12.0));
        assert_eq!(parse("-12.5"), Ok(-12.5));
        assert_eq!(parse(".5"), Ok(0.5));
        assert_eq!(parse("5."), Ok(5.0));
        assert_eq!(parse("0.1"), Ok(0.1));
        assert_eq!(parse("007.250"), Ok(7.25));
        assert_eq!(parse("33.3128"), Ok(33.3128));
        assert_eq!(parse("1000000000000000000000000000000"), Ok(1e30));
        assert_eq!(parse("0.0000000000000000000001"), Ok(1e-22));
        assert_eq!(parse("999999999999999"), Ok(999_999_999_999_999.0));
        assert_eq!(parse("0.000000000000000000000000000"), Ok(0.0));
    }

    #[test]
    fn refuses_what_is_not_a_decimal_number() {
        for text in [
            "", "-", ".", "-.", "+1", "1e5", "inf", "NaN", "1.2.3", " 1", "1 ", "١", "--1", "1-",
        ] {
            assert_eq!(parse(text), Err(DecimalError::NotANumber), "{text:?}");
        }
    }

    #[test]
    fn refuses_rather_than_rounds() {
        assert_eq!(parse("1234567890123456"), Err(DecimalError::TooManyDigits));
        assert_eq!(
            parse("0.1234567890123456"),
            Err(DecimalError::TooManyDigits)
        );
        assert_eq!(
            parse("1.00000000000000001"),
            Err(DecimalError::TooManyDigits)
        );
        assert_eq!(
            parse("0.00000000000000000000001"),
            Err(DecimalError::TooManyDigits)
        );
        assert_eq!(
            parse(&format!("1{}", "0".repeat(40))),
            Err(DecimalError::TooLarge)
        );
    }
}

/// Property tests run natively only (proptest forks and times with the OS).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Equal, bit for bit, to the standard library's exact parser wherever it reads.
        #[test]
        fn equals_the_standard_parser(
            negative in any::<bool>(),
            whole in "[0-9]{0,15}",
            fraction in proptest::option::of("[0-9]{0,22}"),
        ) {
            let text = format!(
                "{}{whole}{}",
                if negative { "-" } else { "" },
                fraction.as_deref().map(|f| format!(".{f}")).unwrap_or_default()
            );
            match parse(&text) {
                Ok(value) => {
                    let exact: f64 = text.parse().unwrap();
                    prop_assert_eq!(value.to_bits(), exact.to_bits(), "{}", text);
                }
                Err(DecimalError::NotANumber) => {
                    prop_assert!(whole.is_empty() && fraction.as_deref().unwrap_or("").is_empty());
                }
                Err(DecimalError::TooManyDigits) => {
                    let significant = text.trim_start_matches(['-', '0', '.']).replace('.', "");
                    prop_assert!(significant.trim_end_matches('0').len() > 15 || fraction.is_some_and(|f| f.trim_end_matches('0').len() > 22));
                }
                Err(DecimalError::TooLarge) => prop_assert!(false, "{} is not too large", text),
            }
        }

        /// Every number of at most 15 significant digits and 22 places is read exactly.
        #[test]
        fn reads_every_short_number(significand in 0_u64..1_000_000_000_000_000, places in 0_u32..=22, zeros in 0_usize..10) {
            let digits = significand.to_string();
            let text = if places as usize >= digits.len() {
                format!("0.{}{digits}", "0".repeat(places as usize - digits.len()))
            } else if places == 0 {
                format!("{digits}{}", "0".repeat(zeros))
            } else {
                let (whole, fraction) = digits.split_at(digits.len() - places as usize);
                format!("{whole}.{fraction}{}", "0".repeat(zeros))
            };
            let exact: f64 = text.parse().unwrap();
            prop_assert_eq!(parse(&text).map(f64::to_bits), Ok(exact.to_bits()), "{}", text);
        }
    }
}
