//! JSON in the page: one small strict parser with a [`FromJson`] reader per type, and a
//! [`ToJson`] writer per type (the parser here, the traits in `read` and `write`, each wire type's
//! reader and writer generated from its declaration by [`crate::wire`]).
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

mod read;
mod write;

pub use read::{member, read, FromJson};
pub use write::{request_text, to_string, ObjectWriter, ToJson};

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

