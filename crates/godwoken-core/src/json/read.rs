//! Reading: a [`FromJson`] reader per type, over the parsed tree. The readers of the wire types
//! are generated next to their declarations ([`crate::wire`]); here are the building blocks.

use super::{Json, JsonError};
use crate::hex::{HexBytes, H256};

/// A type read from a parsed JSON value: the page's counterpart of serde's `Deserialize`, for
/// the shapes the devnet writes with `Serialize`.
pub trait FromJson: Sized {
    /// Reads the value, or says what was expected.
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError>;
}

/// Parses `text` and reads a `T` from it.
pub fn read<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(&Json::parse(text)?)
}

/// Reads member `key` of an object. A missing member reads as `null`, so that optional members
/// may be left out, as serde allows for `Option` fields.
pub fn member<T: FromJson>(json: &Json<'_>, key: &'static str) -> Result<T, JsonError> {
    if !matches!(json, Json::Object(_)) {
        return Err(JsonError::expected("an object"));
    }
    T::from_json(json.get(key).unwrap_or(&Json::Null)).map_err(|e| e.inside(&key))
}

/// The string of a string value, or `expected`.
fn string<'j>(json: &'j Json<'_>, expected: &'static str) -> Result<&'j str, JsonError> {
    json.as_str().ok_or_else(|| JsonError::expected(expected))
}

impl FromJson for String {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        string(json, "a string").map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        match json {
            Json::Bool(value) => Ok(*value),
            _ => Err(JsonError::expected("true or false")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        match json {
            Json::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        let Json::Array(items) = json else {
            return Err(JsonError::expected("an array"));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| T::from_json(item).map_err(|e| e.inside(&index)))
            .collect()
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        let items: Vec<T> = Vec::from_json(json)?;
        <[T; N]>::try_from(items).map_err(|_| JsonError::expected(format!("an array of {N}")))
    }
}

/// JSON numbers that are whole and fit: read from their digits, never through a float.
macro_rules! from_json_integer {
    ($($ty:ty),*) => {$(
        impl FromJson for $ty {
            fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
                match json {
                    Json::Number(text) => text.parse().ok(),
                    _ => None,
                }
                .ok_or_else(|| JsonError::expected(concat!("a whole number that fits ", stringify!($ty))))
            }
        }
    )*};
}
from_json_integer!(u32, u64, i64);

/// Quantities (`0x`-hex numbers, spec §5) that fit.
macro_rules! from_json_quantity {
    ($($ty:ty),*) => {$(
        impl FromJson for crate::quantity::Quantity<$ty> {
            fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
                let text = string(json, concat!("a 0x quantity that fits ", stringify!($ty)))?;
                crate::quantity::decode_bits(text, <$ty>::BITS)
                    .map(|value| crate::quantity::Quantity(value as $ty))
                    .map_err(|e| JsonError::expected(format!(concat!("a 0x quantity that fits ", stringify!($ty), " ({})"), e)))
            }
        }
    )*};
}
from_json_quantity!(u32, u64, u128);

impl FromJson for H256 {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        string(json, "a 32-byte hash")?
            .parse()
            .map_err(|e| JsonError::expected(format!("a 32-byte hash as 0x hex ({e})")))
    }
}

impl FromJson for HexBytes {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        string(json, "0x hex bytes")?
            .parse()
            .map_err(|e| JsonError::expected(format!("0x hex bytes ({e})")))
    }
}

