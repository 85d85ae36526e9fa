//! JSON in the page: one small strict parser with a [`FromJson`] reader per type, and a
//! [`ToJson`] writer per type.
//!
//! Why not serde's `Deserialize` there: serde_json's deserializer is generated anew for every
//! type it reads, and together with the derived visitors it was a fifth of the shipped
//! WebAssembly. Here one parser builds a borrowed tree and each type's reader is a few lookups.
//! The devnet, the `gw` tool and the tests keep serde. Every reader is tested against the
//! serde encoding of the same type, so the two cannot drift apart (`tests/json_readers.rs`).
//!
//! Writing is the same story in reverse: a [`ToJson`] writer per type the page sends or stores,
//! writing the very bytes serde_json writes (`tests/json_writers.rs`).
//!
//! The grammar is RFC 8259's, checked as strictly as serde_json checks it: no trailing commas,
//! no comments, no leading zeros, no control characters or lone surrogates in strings, nothing
//! after the value. Numbers are kept as their text: integers are read exactly, never through a
//! float. One difference in what is read, not in what parses: when an object repeats a member
//! name the first one counts, where serde's derived readers refuse the object.

use std::borrow::Cow;

use crate::hex::{HexBytes, H256};

/// Arrays and objects nest at most this deep (serde_json's limit), so hostile input cannot
/// exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value borrowing from its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (grammar checked).
    Number(&'a str),
    /// A string, unescaped (borrowed when it has no escapes).
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object's members in their order.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Why a text could not be read as the value wanted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// Not JSON at all.
    #[error("not valid JSON: {what} at byte {offset}")]
    Syntax {
        /// What was wrong.
        what: &'static str,
        /// Where, in bytes from the start.
        offset: usize,
    },
    /// JSON, but a value is not what the type needs.
    #[error("{}expected {expected}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
    Value {
        /// Where the value is, e.g. `objects.3.output.capacity` (empty at the top).
        path: String,
        /// What it should have been.
        expected: Cow<'static, str>,
    },
}

impl JsonError {
    /// An error about the value at hand (its path is added by the callers up the tree).
    pub fn expected(what: impl Into<Cow<'static, str>>) -> Self {
        JsonError::Value {
            path: String::new(),
            expected: what.into(),
        }
    }

    /// The same error one level down: `segment` is a field name or an array index.
    fn inside(self, segment: &dyn std::fmt::Display) -> Self {
        match self {
            JsonError::Value { path, expected } => {
                let path = if path.is_empty() {
                    segment.to_string()
                } else {
                    format!("{segment}.{path}")
                };
                JsonError::Value { path, expected }
            }
            syntax => syntax,
        }
    }
}

impl<'a> Json<'a> {
    /// Parses a whole text: exactly one value, with whitespace around it.
    pub fn parse(text: &'a str) -> Result<Json<'a>, JsonError> {
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = parser.value(0)?;
        parser.skip_whitespace();
        if parser.at != parser.bytes.len() {
            return Err(parser.error("trailing characters"));
        }
        Ok(value)
    }

    /// The member `key` of an object (the first, if a key repeats); `None` for a missing member
    /// or a value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, what: &'static str) -> JsonError {
        JsonError::Syntax {
            what,
            offset: self.at,
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn literal(&mut self, word: &'static str, value: Json<'a>) -> Result<Json<'a>, JsonError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("unknown literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error("unexpected end")),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("nested too deeply"));
                }
                self.at += 1;
                if open == b'[' {
                    self.array(depth + 1)
                } else {
                    self.object(depth + 1)
                }
            }
            Some(_) => Err(self.error("expected a value")),
        }
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected , or ] in an array")),
            }
        }
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected : after a member name"));
            }
            self.at += 1;
            members.push((key, self.value(depth)?));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error("expected , or } in an object")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("leading zero in a number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(Json::Number(&self.text[start..self.at]))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("unexpected end"))?;
        let mut value = 0;
        for &digit in digits {
            let nibble = (digit as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            value = value * 16 + nibble;
        }
        self.at += 4;
        Ok(value)
    }

    /// At the opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.at += 1;
        // Only a string with escapes is copied.
        let mut owned: Option<String> = None;
        let mut segment = self.at;
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.error("unterminated string"));
            };
            match byte {
                b'"' => {
                    let tail = &self.text[segment..self.at];
                    self.at += 1;
                    return Ok(match owned {
                        Some(mut text) => {
                            text.push_str(tail);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                b'\\' => {
                    let before = &self.text[segment..self.at];
                    self.at += 1;
                    let escaped = self.escape()?;
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(before);
                    text.push(escaped);
                    segment = self.at;
                }
                0x00..=0x1F => return Err(self.error("control character in a string")),
                _ => self.at += 1,
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(kind) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        Ok(match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if !self.bytes[self.at..].starts_with(b"\\u") {
                            return Err(self.error("lone surrogate in a \\u escape"));
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.error("lone surrogate in a \\u escape")),
                    other => other,
                };
                char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
            }
            _ => {
                self.at -= 1;
                return Err(self.error("invalid escape"));
            }
        })
    }
}

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

/// Reads a quantity member as its number.
fn quantity<T>(json: &Json<'_>, key: &'static str) -> Result<T, JsonError>
where
    crate::quantity::Quantity<T>: FromJson,
{
    member::<crate::quantity::Quantity<T>>(json, key).map(|q| q.0)
}

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

/// Reads a unit enum written as one of `names` (in the order of `values`).
fn one_of<T: Copy>(
    json: &Json<'_>,
    names: &[&str],
    values: &[T],
    expected: &'static str,
) -> Result<T, JsonError> {
    let text = string(json, expected)?;
    names
        .iter()
        .position(|name| *name == text)
        .map(|i| values[i])
        .ok_or_else(|| JsonError::expected(expected))
}

// ---- Readers of the core's types, member for member as their serde attributes write them. ----

use crate::address::AddressPrefix;
use crate::mol::{HashType, Script};
use crate::network::{NetworkConfig, NetworkConstants, NetworkKind};
use crate::rpc::{
    BlockWithdrawals, CellOutput, CellsCapacity, IndexerCell, OutPoint, Pagination,
    RawWithdrawalKeyJson, WithdrawalKeyJson, WithdrawalStatus, WithdrawalStatusJson,
};

impl FromJson for HashType {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        use HashType::*;
        one_of(
            json,
            &["data", "type", "data1"],
            &[Data, Type, Data1],
            "\"data\", \"type\" or \"data1\"",
        )
    }
}

impl FromJson for Script {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(Script {
            code_hash: member(json, "code_hash")?,
            hash_type: member(json, "hash_type")?,
            args: member(json, "args")?,
        })
    }
}

impl FromJson for CellOutput {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(CellOutput {
            capacity: quantity(json, "capacity")?,
            lock: member(json, "lock")?,
            type_: member(json, "type")?,
        })
    }
}

impl FromJson for OutPoint {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(OutPoint {
            tx_hash: member(json, "tx_hash")?,
            index: quantity(json, "index")?,
        })
    }
}

impl FromJson for IndexerCell {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(IndexerCell {
            output: member(json, "output")?,
            output_data: member(json, "output_data")?,
            out_point: member(json, "out_point")?,
            block_number: quantity(json, "block_number")?,
            tx_index: quantity(json, "tx_index")?,
        })
    }
}

impl<T: FromJson> FromJson for Pagination<T> {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(Pagination {
            objects: member(json, "objects")?,
            last_cursor: member(json, "last_cursor")?,
        })
    }
}

impl FromJson for CellsCapacity {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(CellsCapacity {
            capacity: quantity(json, "capacity")?,
            block_hash: member(json, "block_hash")?,
            block_number: quantity(json, "block_number")?,
        })
    }
}

impl FromJson for WithdrawalStatus {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        use WithdrawalStatus::*;
        one_of(
            json,
            &["pending", "committed"],
            &[Pending, Committed],
            "\"pending\" or \"committed\"",
        )
    }
}

impl FromJson for WithdrawalStatusJson {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(WithdrawalStatusJson {
            status: member(json, "status")?,
        })
    }
}

impl FromJson for RawWithdrawalKeyJson {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(RawWithdrawalKeyJson {
            account_script_hash: member(json, "account_script_hash")?,
            nonce: quantity(json, "nonce")?,
        })
    }
}

impl FromJson for WithdrawalKeyJson {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(WithdrawalKeyJson {
            raw: member(json, "raw")?,
        })
    }
}

impl FromJson for BlockWithdrawals {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(BlockWithdrawals {
            withdrawal_requests: member(json, "withdrawal_requests")?,
        })
    }
}

impl FromJson for AddressPrefix {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        one_of(
            json,
            &["ckb", "ckt"],
            &[AddressPrefix::Ckb, AddressPrefix::Ckt],
            "\"ckb\" or \"ckt\"",
        )
    }
}

impl FromJson for NetworkKind {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        use NetworkKind::*;
        one_of(
            json,
            &["devnet", "testnet2021", "mainnet2021", "custom"],
            &[Devnet, Testnet2021, Mainnet2021, Custom],
            "a network kind",
        )
    }
}

impl FromJson for NetworkConstants {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(NetworkConstants {
            rollup_type_hash: member(json, "rollup_type_hash")?,
            rollup_type_script: member(json, "rollup_type_script")?,
            eth_account_lock_code_hash: member(json, "eth_account_lock_code_hash")?,
            withdrawal_lock_code_hash: member(json, "withdrawal_lock_code_hash")?,
            pw_lock_code_hash: member(json, "pw_lock_code_hash")?,
            ckb_sudt_id: member(json, "ckb_sudt_id")?,
        })
    }
}

impl FromJson for NetworkConfig {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(NetworkConfig {
            kind: member(json, "kind")?,
            name: member(json, "name")?,
            rpc_url: member(json, "rpc_url")?,
            indexer_url: member(json, "indexer_url")?,
            constants: member(json, "constants")?,
            finality_blocks: member(json, "finality_blocks")?,
            block_time_ms: member(json, "block_time_ms")?,
            web3_chain_id: member(json, "web3_chain_id")?,
            address_prefix: member(json, "address_prefix")?,
        })
    }
}

// ---- Writing: the page's counterpart of serde's `Serialize`. ----

/// A type the page writes as JSON, byte for byte as serde_json writes its `Serialize` form (the
/// devnet reads it with serde; `tests/json_writers.rs` holds the two encodings equal).
///
/// Why not serde_json there: its serializer, error type and `std::io` glue shipped 4 KB of
/// brotli for the few small requests and records the page writes.
pub trait ToJson {
    /// Appends the value's JSON text to `out`.
    fn write_json(&self, out: &mut String);
}

/// The JSON text of `value`.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// Writes an object member by member, in the order of the type's fields.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    empty: bool,
}

impl<'o> ObjectWriter<'o> {
    /// Opens an object in `out`.
    pub fn new(out: &'o mut String) -> Self {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    /// Writes member `name`.
    pub fn member(&mut self, name: &str, value: &dyn ToJson) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        name.write_json(self.out);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// Writes member `name` unless it is `None` (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn member_if_some<T: ToJson>(&mut self, name: &str, value: &Option<T>) -> &mut Self {
        match value {
            Some(value) => self.member(name, value),
            None => self,
        }
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

/// Writes `items` as an array.
fn write_array(out: &mut String, items: &[&dyn ToJson]) {
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        item.write_json(out);
    }
    out.push(']');
}

/// Strings are escaped as serde_json escapes them: the quote, the backslash and the control
/// characters; everything else, non-ASCII included, is written as is.
impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(c as u8 >> 4)]));
                    out.push(char::from(HEX[usize::from(c as u8 & 0xf)]));
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        use std::fmt::Write;
        // Writing to a String cannot fail.
        let _ = write!(out, "{self}");
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        u64::from(*self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

/// Tuples are positional params: arrays, as serde writes them.
macro_rules! to_json_tuple {
    ($(($($name:ident),+)),*) => {$(
        impl<$($name: ToJson),+> ToJson for ($($name,)+) {
            fn write_json(&self, out: &mut String) {
                #[allow(non_snake_case)]
                let ($($name,)+) = self;
                write_array(out, &[$($name as &dyn ToJson),+]);
            }
        }
    )*};
}
to_json_tuple!((A), (A, B), (A, B, C), (A, B, C, D));

macro_rules! to_json_quantity {
    ($($ty:ty),*) => {$(
        impl ToJson for crate::quantity::Quantity<$ty> {
            fn write_json(&self, out: &mut String) {
                crate::quantity::encode(self.0.into()).write_json(out);
            }
        }
    )*};
}
to_json_quantity!(u32, u64, u128);

impl ToJson for H256 {
    fn write_json(&self, out: &mut String) {
        self.to_string().write_json(out);
    }
}

impl ToJson for HexBytes {
    fn write_json(&self, out: &mut String) {
        crate::hex::encode(&self.0).write_json(out);
    }
}

use crate::rpc::{Order, ScriptType, SearchKey, SearchKeyFilter};

impl ToJson for HashType {
    fn write_json(&self, out: &mut String) {
        match self {
            HashType::Data => "data",
            HashType::Type => "type",
            HashType::Data1 => "data1",
        }
        .write_json(out);
    }
}

impl ToJson for Script {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .member("code_hash", &self.code_hash)
            .member("hash_type", &self.hash_type)
            .member("args", &self.args)
            .end();
    }
}

impl ToJson for ScriptType {
    fn write_json(&self, out: &mut String) {
        match self {
            ScriptType::Lock => "lock",
            ScriptType::Type => "type",
        }
        .write_json(out);
    }
}

impl ToJson for Order {
    fn write_json(&self, out: &mut String) {
        match self {
            Order::Asc => "asc",
            Order::Desc => "desc",
        }
        .write_json(out);
    }
}

impl ToJson for SearchKeyFilter {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .member_if_some("script", &self.script)
            .member_if_some("output_data_len_range", &self.output_data_len_range)
            .member_if_some("output_capacity_range", &self.output_capacity_range)
            .member_if_some("block_range", &self.block_range)
            .end();
    }
}

impl ToJson for SearchKey {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .member("script", &self.script)
            .member("script_type", &self.script_type)
            .member_if_some("filter", &self.filter)
            .end();
    }
}

/// The text of a JSON-RPC 2.0 request with numeric `id` and positional `params`, as serde_json
/// writes [`crate::rpc::Request`].
pub fn request_text(id: u64, method: &str, params: &dyn ToJson) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out)
        .member("jsonrpc", &"2.0")
        .member("id", &id)
        .member("method", &method)
        .member("params", params)
        .end();
    out
}
