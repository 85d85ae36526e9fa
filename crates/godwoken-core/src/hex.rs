//! Hex text of bytes as Godwoken writes it: `0x` prefix, lower case on output, strict on input.

use std::fmt;
use std::str::FromStr;

#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a hex string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    /// The text does not start with `0x`.
    #[error("hex text must start with 0x")]
    MissingPrefix,
    /// A character other than 0-9, a-f, A-F.
    #[error("'{0}' is not a hex digit")]
    InvalidDigit(char),
    /// An odd number of digits cannot be bytes.
    #[error("hex bytes need an even number of digits, found {0}")]
    OddLength(usize),
    /// The value has the wrong number of bytes for its type.
    #[error("expected {expected} bytes, found {actual}")]
    WrongLength {
        /// Bytes the type holds.
        expected: usize,
        /// Bytes the text held.
        actual: usize,
    },
}

fn nibble(c: u8) -> Result<u8, HexError> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(HexError::InvalidDigit(char::from(c))),
    }
}

/// Strips the mandatory `0x` prefix.
pub fn strip_prefix(text: &str) -> Result<&str, HexError> {
    text.strip_prefix("0x").ok_or(HexError::MissingPrefix)
}

/// Decodes `0x`-prefixed, even-length hex into bytes.
pub fn decode(text: &str) -> Result<Vec<u8>, HexError> {
    decode_digits(strip_prefix(text)?)
}

/// Decodes hex digits without a prefix.
pub fn decode_digits(digits: &str) -> Result<Vec<u8>, HexError> {
    let raw = digits.as_bytes();
    if !raw.len().is_multiple_of(2) {
        // Report a bad digit first: it says more than the length does.
        if let Some(bad) = raw.iter().find(|c| !c.is_ascii_hexdigit()) {
            return Err(HexError::InvalidDigit(char::from(*bad)));
        }
        return Err(HexError::OddLength(raw.len()));
    }
    raw.chunks_exact(2)
        .map(|pair| Ok(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// Decodes `0x`-prefixed hex of exactly `N` bytes.
pub fn decode_array<const N: usize>(text: &str) -> Result<[u8; N], HexError> {
    let bytes = decode(text)?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| HexError::WrongLength {
        expected: N,
        actual: bytes.len(),
    })
}

/// Encodes bytes as `0x` + lower-case hex.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    let bytes = bytes.as_ref();
    let mut text = vec![0; 2 + bytes.len() * 2];
    encode_into(bytes, &mut text);
    String::from_utf8(text).expect("hex digits are ASCII")
}

/// Writes `0x` + lower-case hex of `bytes` into `out`, which is exactly `2 + 2 * bytes.len()` long.
/// (The devnet writes megabytes of it per indexer page: one pass, no allocation of its own.)
fn encode_into(bytes: &[u8], out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out[..2].copy_from_slice(b"0x");
    for (byte, pair) in bytes.iter().zip(out[2..].chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0f)];
    }
}

/// A 32-byte value: a hash, a code hash, a type hash (`H256` in Godwoken's RPC).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct H256(pub [u8; 32]);

impl H256 {
    /// All zeros, as used for "no sUDT" and "no payment lock" (spec §4).
    pub const ZERO: H256 = H256([0; 32]);

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `0x` + 64 lower-case hex digits, on the stack.
    fn hex_text(&self) -> [u8; 66] {
        let mut text = [0; 66];
        encode_into(&self.0, &mut text);
        text
    }
}

impl fmt::Display for H256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.hex_text()).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for H256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "H256({self})")
    }
}

impl FromStr for H256 {
    type Err = HexError;
    fn from_str(text: &str) -> Result<Self, HexError> {
        decode_array(text).map(H256)
    }
}

impl From<[u8; 32]> for H256 {
    fn from(bytes: [u8; 32]) -> Self {
        H256(bytes)
    }
}

impl AsRef<[u8]> for H256 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(feature = "serde")]
impl Serialize for H256 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(std::str::from_utf8(&self.hex_text()).map_err(serde::ser::Error::custom)?)
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for H256 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Arbitrary bytes written as even-length `0x` hex (`0x` alone is empty).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct HexBytes(pub Vec<u8>);

impl fmt::Display for HexBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode(&self.0))
    }
}

impl fmt::Debug for HexBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HexBytes({self})")
    }
}

impl FromStr for HexBytes {
    type Err = HexError;
    fn from_str(text: &str) -> Result<Self, HexError> {
        decode(text).map(HexBytes)
    }
}

impl From<Vec<u8>> for HexBytes {
    fn from(bytes: Vec<u8>) -> Self {
        HexBytes(bytes)
    }
}

impl AsRef<[u8]> for HexBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(feature = "serde")]
impl Serialize for HexBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&encode(&self.0))
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for HexBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects() {
        assert_eq!(encode([0xab, 0x01]), "0xab01");
        assert_eq!(decode("0xAB01"), Ok(vec![0xab, 0x01]));
        assert_eq!(decode("0x"), Ok(vec![]));
        assert_eq!(decode("ab01"), Err(HexError::MissingPrefix));
        assert_eq!(decode("0xabc"), Err(HexError::OddLength(3)));
        assert_eq!(decode("0xzz"), Err(HexError::InvalidDigit('z')));
        assert_eq!(
            "0x00".parse::<H256>(),
            Err(HexError::WrongLength { expected: 32, actual: 1 })
        );
    }
}
