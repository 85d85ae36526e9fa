//! Godwoken's quantity encoding: `0x` + lower-case hex without leading zeros (spec §5).
//!
//! `"0x0"` and `"0x1f"` are quantities; `"0x"`, `"0x01"` and `"1f"` are refused the way Godwoken
//! refuses them. Upper-case digits are accepted on input, as Godwoken's parser does.

/// Why a text is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// Missing `0x`.
    #[error("a quantity must start with 0x")]
    MissingPrefix,
    /// `0x` with no digits.
    #[error("a quantity needs at least one hex digit")]
    Empty,
    /// `0x01` and the like.
    #[error("a quantity must not have leading zeros")]
    LeadingZero,
    /// A character other than a hex digit.
    #[error("'{0}' is not a hex digit")]
    InvalidDigit(char),
    /// The value does not fit the field.
    #[error("the quantity does not fit in {0} bits")]
    Overflow(u32),
}

/// Encodes a quantity.
pub fn encode(value: u128) -> String {
    format!("{value:#x}")
}

/// Decodes a quantity of at most `bits` bits.
pub fn decode_bits(text: &str, bits: u32) -> Result<u128, QuantityError> {
    let digits = text.strip_prefix("0x").ok_or(QuantityError::MissingPrefix)?;
    if digits.is_empty() {
        return Err(QuantityError::Empty);
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err(QuantityError::LeadingZero);
    }
    if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(QuantityError::InvalidDigit(bad));
    }
    if digits.len() > 32 {
        return Err(QuantityError::Overflow(bits));
    }
    let value = u128::from_str_radix(digits, 16).map_err(|_| QuantityError::Overflow(bits))?;
    if bits < 128 && value >> bits != 0 {
        return Err(QuantityError::Overflow(bits));
    }
    Ok(value)
}

/// A number written as a quantity, where a whole value is needed rather than a field attribute:
/// array elements, positional params.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quantity<T>(pub T);

/// Serde for a `u32`, `u64` or `u128` field written as a quantity: the codec the wire
/// declarations name with `as quantity` ([`crate::wire`]).
#[cfg(feature = "serde")]
pub mod codec {
    use serde::{Deserialize, Deserializer, Serializer};

    /// The widths a quantity field may have.
    pub trait Width: Copy + Into<u128> + TryFrom<u128> {
        /// Its bits.
        const BITS: u32;
    }

    impl Width for u32 {
        const BITS: u32 = 32;
    }
    impl Width for u64 {
        const BITS: u32 = 64;
    }
    impl Width for u128 {
        const BITS: u32 = 128;
    }

    /// Serializes as `0x…`.
    pub fn serialize<T: Width, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::encode((*value).into()))
    }

    /// Deserializes strictly.
    pub fn deserialize<'de, T: Width, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let value = super::decode_bits(&text, T::BITS).map_err(serde::de::Error::custom)?;
        // decode_bits checked the width, so the conversion cannot fail.
        T::try_from(value).map_err(|_| serde::de::Error::custom(super::QuantityError::Overflow(T::BITS)))
    }
}

#[cfg(feature = "serde")]
macro_rules! serde_quantity {
    ($module:ident, $ty:ty, $bits:expr) => {
        impl serde::Serialize for Quantity<$ty> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $module::serialize(&self.0, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for Quantity<$ty> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $module::deserialize(deserializer).map(Quantity)
            }
        }

        #[doc = concat!("Serde for a `", stringify!($ty), "` written as a quantity.")]
        pub mod $module {
            use serde::{Deserialize, Deserializer, Serializer};

            /// Serializes as `0x…`.
            pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&super::encode(u128::from(*value)))
            }

            /// Deserializes strictly.
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                let value = super::decode_bits(&text, $bits).map_err(serde::de::Error::custom)?;
                <$ty>::try_from(value).map_err(serde::de::Error::custom)
            }

            /// The same for `Option`, where JSON `null` is `None`.
            pub mod option {
                use serde::{Deserialize, Deserializer, Serializer};

                /// Serializes `None` as `null`.
                pub fn serialize<S: Serializer>(
                    value: &Option<$ty>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::serialize(value, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Deserializes `null` as `None`.
                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<$ty>, D::Error> {
                    let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
                    text.map(|text| {
                        let value =
                            super::super::decode_bits(&text, $bits).map_err(serde::de::Error::custom)?;
                        <$ty>::try_from(value).map_err(serde::de::Error::custom)
                    })
                    .transpose()
                }
            }
        }
    };
}

#[cfg(feature = "serde")]
serde_quantity!(u32, u32, 32);
#[cfg(feature = "serde")]
serde_quantity!(u64, u64, 64);
#[cfg(feature = "serde")]
serde_quantity!(u128, u128, 128);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_quantities() {
        assert_eq!(encode(0), "0x0");
        assert_eq!(encode(31), "0x1f");
        assert_eq!(decode_bits("0x0", 64), Ok(0));
        assert_eq!(decode_bits("0x1f", 64), Ok(31));
        assert_eq!(decode_bits("0x01", 64), Err(QuantityError::LeadingZero));
        assert_eq!(decode_bits("0x00", 64), Err(QuantityError::LeadingZero));
        assert_eq!(decode_bits("0x", 64), Err(QuantityError::Empty));
        assert_eq!(decode_bits("1f", 64), Err(QuantityError::MissingPrefix));
        assert_eq!(decode_bits("0x1F", 64), Ok(31));
        assert_eq!(decode_bits("0x1g", 64), Err(QuantityError::InvalidDigit('g')));
        assert_eq!(decode_bits("0x100000000", 32), Err(QuantityError::Overflow(32)));
        assert_eq!(decode_bits("0xffffffff", 32), Ok(u128::from(u32::MAX)));
        assert_eq!(decode_bits(&format!("0x1{}", "0".repeat(32)), 128), Err(QuantityError::Overflow(128)));
    }
}
