//! Writing: a [`ToJson`] writer per type, byte for byte as serde_json writes the same value. The
//! writers of the wire types are generated next to their declarations ([`crate::wire`]); here are
//! the building blocks and the JSON-RPC request envelope.

use std::fmt::Write as _;

use crate::hex::{HexBytes, H256};

/// A type the page writes as JSON, byte for byte as serde_json writes its `Serialize` form (the
/// devnet reads it with serde; `tests/json_writers.rs` holds the two encodings equal).
///
/// Why not serde_json there: its serializer, error type and `std::io` glue shipped 4 KB of
/// brotli for the few small requests and records the page writes. The devnet writes its indexer
/// pages with it too: hex is written without serde_json's escape scan, twice as fast.
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

    /// Writes member `name`: a field name, written as it is (no character of it needs escaping).
    pub fn member(&mut self, name: &str, value: &dyn ToJson) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
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
                // `0x` and hex digits (crate::quantity::encode), which never need escaping.
                let _ = write!(out, "\"{:#x}\"", u128::from(self.0));
            }
        }
    )*};
}
to_json_quantity!(u32, u64, u128);

/// Hex digits never need escaping: no escape pass over them.
fn write_hex(out: &mut String, bytes: &[u8]) {
    out.push('"');
    out.push_str(&crate::hex::encode(bytes));
    out.push('"');
}

impl ToJson for H256 {
    fn write_json(&self, out: &mut String) {
        write_hex(out, &self.0);
    }
}

impl ToJson for HexBytes {
    fn write_json(&self, out: &mut String) {
        write_hex(out, &self.0);
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
