//! The withdraw amount field: what the user typed → shannons, or the reason in words.

use godwoken_core::amount::{format_ckb, parse_ckb, AmountError};
use godwoken_core::network::MIN_WITHDRAWAL_CAPACITY;

/// The amount the field starts with (the 2021 page's fixed amount).
pub const DEFAULT_AMOUNT_CKB: &str = "400";

/// The fee the page offers, in shannons. Godwoken v0 nodes of 2021 accepted zero-fee withdrawals;
/// the fee is still shown and counted so a non-zero value stays correct everywhere.
pub const WITHDRAWAL_FEE_SHANNONS: u128 = 0;

/// Why an amount cannot be withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountProblem {
    /// Not a CKB amount at all.
    #[error("{0}")]
    Unparsable(AmountError),
    /// Below the 265 CKB a withdrawal cell needs.
    #[error("The minimum withdrawal is {} CKB (the size of a withdrawal cell on Layer 1).", format_ckb(MIN_WITHDRAWAL_CAPACITY.into()))]
    BelowMinimum,
    /// More than the balance minus the fee.
    #[error("You can withdraw at most {} CKB (your balance minus the fee).", format_ckb(u128::from(*max)))]
    AboveMaximum {
        /// The most that can be withdrawn, in shannons.
        max: u64,
    },
    /// The balance does not reach the minimum.
    #[error("Your Layer 2 balance is below the minimum withdrawal of {} CKB plus the fee.", format_ckb(MIN_WITHDRAWAL_CAPACITY.into()))]
    BalanceTooLow,
}

/// The most that can be withdrawn: balance − fee, if that reaches the minimum.
pub fn max_withdrawable(balance: u128, fee: u128) -> Option<u64> {
    let available = balance.checked_sub(fee)?;
    let max = u64::try_from(available).unwrap_or(u64::MAX);
    (max >= MIN_WITHDRAWAL_CAPACITY).then_some(max)
}

/// Validates the field's text against the balance and the fee. Surrounding spaces are forgiven
/// (pasting adds them); everything else must be a plain decimal CKB amount.
pub fn validate_amount(text: &str, balance: u128, fee: u128) -> Result<u64, AmountProblem> {
    let shannons = parse_ckb(text.trim()).map_err(AmountProblem::Unparsable)?;
    let Some(max) = max_withdrawable(balance, fee) else {
        return Err(AmountProblem::BalanceTooLow);
    };
    if shannons < MIN_WITHDRAWAL_CAPACITY {
        return Err(AmountProblem::BelowMinimum);
    }
    if shannons > max {
        return Err(AmountProblem::AboveMaximum { max });
    }
    Ok(shannons)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CKB: u128 = 100_000_000;

    #[test]
    fn table() {
        let balance = 1_000 * CKB;
        let cases: &[(&str, u128, u128, Result<u64, AmountProblem>)] = &[
            ("400", balance, 0, Ok(40_000_000_000)),
            (" 400 ", balance, 0, Ok(40_000_000_000)),
            ("265", balance, 0, Ok(26_500_000_000)),
            ("264.99999999", balance, 0, Err(AmountProblem::BelowMinimum)),
            ("1000", balance, 0, Ok(100_000_000_000)),
            ("1000", balance, 1, Err(AmountProblem::AboveMaximum { max: 99_999_999_999 })),
            ("999.99999999", balance, 1, Ok(99_999_999_999)),
            ("1000.00000001", balance, 0, Err(AmountProblem::AboveMaximum { max: 100_000_000_000 })),
            ("400", 200 * CKB, 0, Err(AmountProblem::BalanceTooLow)),
            ("400", 0, 0, Err(AmountProblem::BalanceTooLow)),
            ("1.123456789", balance, 0, Err(AmountProblem::Unparsable(AmountError::TooManyDecimals(9)))),
            ("", balance, 0, Err(AmountProblem::Unparsable(AmountError::Empty))),
            ("-400", balance, 0, Err(AmountProblem::Unparsable(AmountError::Sign))),
        ];
        for (text, balance, fee, expected) in cases {
            assert_eq!(&validate_amount(text, *balance, *fee), expected, "{text:?}");
        }
    }

    #[test]
    fn messages_are_for_people() {
        assert_eq!(
            AmountProblem::AboveMaximum { max: 123_450_000_000 }.to_string(),
            "You can withdraw at most 1,234.5 CKB (your balance minus the fee)."
        );
        assert_eq!(
            AmountProblem::BelowMinimum.to_string(),
            "The minimum withdrawal is 265 CKB (the size of a withdrawal cell on Layer 1)."
        );
        assert_eq!(max_withdrawable(264 * CKB, 0), None);
        assert_eq!(max_withdrawable(265 * CKB, 1), None);
    }
}
