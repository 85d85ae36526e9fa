//! CKB amounts: a strict decimal parser into shannons and the formatters for display.
//!
//! 1 CKB = 10^8 shannons. Money is a `u64`/`u128` of shannons everywhere; text exists only at the
//! input and display edges. ethers-core's `parse_units` silently truncates extra decimals and
//! accepts signs, so it is not used for money.

/// Shannons in one CKB.
pub const SHANNONS_PER_CKB: u64 = 100_000_000;
/// Decimal places a CKB amount can have.
pub const MAX_DECIMALS: usize = 8;
/// Longest amount text accepted (far above u64::MAX shannons written out in CKB).
pub const MAX_INPUT_LEN: usize = 32;

/// Why a text is not a CKB amount; each message tells the user what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing was entered.
    #[error("Enter an amount in CKB.")]
    Empty,
    /// More than [`MAX_INPUT_LEN`] characters.
    #[error("The amount is too long (at most {MAX_INPUT_LEN} characters).")]
    TooLong,
    /// A leading `+` or `-`.
    #[error("Enter the amount without a sign.")]
    Sign,
    /// `e`/`E` exponent notation.
    #[error("Write the amount out in digits (no exponent such as 1e3).")]
    Exponent,
    /// Spaces anywhere in the text.
    #[error("Remove the spaces from the amount.")]
    Whitespace,
    /// A comma or underscore (thousands separators or a decimal comma).
    #[error("Use a dot for decimals and no thousands separators, e.g. 1234.5.")]
    Separator,
    /// More than one dot.
    #[error("The amount has more than one decimal point.")]
    MultipleDots,
    /// Nothing before the dot, like `.5`.
    #[error("Put a digit before the decimal point, e.g. 0.5.")]
    MissingIntegerPart,
    /// Nothing after the dot, like `5.`.
    #[error("Put digits after the decimal point or remove it.")]
    MissingFraction,
    /// More than eight decimals: CKB cannot represent them.
    #[error("CKB has at most 8 decimal places; this amount has {0}.")]
    TooManyDecimals(usize),
    /// Any other character.
    #[error("'{0}' is not allowed in an amount; use digits and one dot.")]
    InvalidCharacter(char),
    /// Larger than a CKB capacity can hold.
    #[error("The amount is too large.")]
    Overflow,
}

/// Parses a CKB amount like `400`, `265.5` or `0.00000001` into shannons.
pub fn parse_ckb(text: &str) -> Result<u64, AmountError> {
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.len() > MAX_INPUT_LEN {
        return Err(AmountError::TooLong);
    }
    for c in text.chars() {
        match c {
            '0'..='9' | '.' => {}
            '+' | '-' => return Err(AmountError::Sign),
            'e' | 'E' => return Err(AmountError::Exponent),
            ',' | '_' | '\'' => return Err(AmountError::Separator),
            c if c.is_whitespace() => return Err(AmountError::Whitespace),
            c => return Err(AmountError::InvalidCharacter(c)),
        }
    }
    let (whole, fraction) = match text.split_once('.') {
        None => (text, ""),
        Some((_, rest)) if rest.contains('.') => return Err(AmountError::MultipleDots),
        Some(("", _)) => return Err(AmountError::MissingIntegerPart),
        Some((_, "")) => return Err(AmountError::MissingFraction),
        Some(parts) => parts,
    };
    if fraction.len() > MAX_DECIMALS {
        return Err(AmountError::TooManyDecimals(fraction.len()));
    }
    let mut shannons: u64 = 0;
    for digit in whole.bytes().chain(fraction.bytes()) {
        shannons = shannons
            .checked_mul(10)
            .and_then(|s| s.checked_add(u64::from(digit - b'0')))
            .ok_or(AmountError::Overflow)?;
    }
    let missing_decimals = MAX_DECIMALS - fraction.len();
    // `missing_decimals` ≤ 8, so the power fits in u64.
    shannons.checked_mul(10u64.pow(missing_decimals as u32)).ok_or(AmountError::Overflow)
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn split_ckb(shannons: u128) -> (String, String) {
    let per = u128::from(SHANNONS_PER_CKB);
    let fraction = format!("{:08}", shannons % per);
    (format!("{}", shannons / per), fraction.trim_end_matches('0').to_owned())
}

/// `1234.5` style: no grouping, no trailing zeros; round-trips through [`parse_ckb`].
pub fn format_ckb_plain(shannons: u128) -> String {
    match split_ckb(shannons) {
        (whole, fraction) if fraction.is_empty() => whole,
        (whole, fraction) => format!("{whole}.{fraction}"),
    }
}

/// `1,234.5` style for display: thousands grouped, no trailing zeros, exact.
pub fn format_ckb(shannons: u128) -> String {
    match split_ckb(shannons) {
        (whole, fraction) if fraction.is_empty() => group_thousands(&whole),
        (whole, fraction) => format!("{}.{fraction}", group_thousands(&whole)),
    }
}

/// An integer with thousands grouped, for Shannon amounts: `123,450,000,000`.
pub fn format_grouped(value: u128) -> String {
    group_thousands(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_amounts() {
        let table: &[(&str, u64)] = &[
            ("0", 0),
            ("400", 40_000_000_000),
            ("265", 26_500_000_000),
            ("265.5", 26_550_000_000),
            ("0.00000001", 1),
            ("007", 700_000_000),
            ("1.10000000", 110_000_000),
            ("184467440737.09551615", u64::MAX),
        ];
        for (text, expected) in table {
            assert_eq!(parse_ckb(text), Ok(*expected), "{text}");
        }
    }

    #[test]
    fn refuses_invalid_amounts_with_a_reason() {
        let table: &[(&str, AmountError)] = &[
            ("", AmountError::Empty),
            ("-1", AmountError::Sign),
            ("+1", AmountError::Sign),
            ("1e3", AmountError::Exponent),
            ("1E3", AmountError::Exponent),
            (" 400", AmountError::Whitespace),
            ("4 00", AmountError::Whitespace),
            ("1,000", AmountError::Separator),
            ("1_000", AmountError::Separator),
            ("400,5", AmountError::Separator),
            ("1.2.3", AmountError::MultipleDots),
            (".5", AmountError::MissingIntegerPart),
            ("5.", AmountError::MissingFraction),
            (".", AmountError::MissingIntegerPart),
            ("0.000000001", AmountError::TooManyDecimals(9)),
            ("abc", AmountError::InvalidCharacter('a')),
            ("0x10", AmountError::InvalidCharacter('x')),
            ("１", AmountError::InvalidCharacter('１')),
            ("184467440737.09551616", AmountError::Overflow),
            ("999999999999999999999", AmountError::Overflow),
            ("1234567890123456789012345678901234", AmountError::TooLong),
        ];
        for (text, expected) in table {
            assert_eq!(parse_ckb(text).as_ref(), Err(expected), "{text}");
        }
    }

    #[test]
    fn formats_for_display() {
        assert_eq!(format_ckb(123_450_000_000), "1,234.5");
        assert_eq!(format_ckb(0), "0");
        assert_eq!(format_ckb(1), "0.00000001");
        assert_eq!(format_ckb(100_000_000_000_000), "1,000,000");
        assert_eq!(format_ckb_plain(123_450_000_000), "1234.5");
        assert_eq!(format_grouped(123_450_000_000), "123,450,000,000");
        assert_eq!(format_grouped(999), "999");
    }
}
