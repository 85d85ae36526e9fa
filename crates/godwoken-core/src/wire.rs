//! One declaration per wire type. [`wire_struct!`] and [`wire_enum!`] declare a type once and
//! give it both encodings from that one list of fields: serde's derives (feature `serde`, which
//! only the devnet, `gw` and the tests enable) and the page's [`FromJson`](crate::json::FromJson)
//! and [`ToJson`](crate::json::ToJson). A field added to the declaration is read and written by
//! both; `tests/json_readers.rs` and `tests/json_writers.rs` hold the two encodings equal.
//!
//! A field is `name: Type`, optionally marked:
//! - `as quantity`: a number written as a `0x` quantity (spec §5);
//! - `as skip_none`: an `Option` left out of the JSON when `None`;
//! - `name = "json name": Type`: another member name (e.g. `type`, a Rust keyword).

/// Declares a struct whose JSON is an object of its fields in order (see the module docs).
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$generic:ident>)? { $($fields:tt)* }
    ) => {
        $crate::wire::wire_struct!(@fields
            [$(#[$meta])* $vis struct $name $(<$generic>)?]
            [] []
            $($fields)*
        );
    };

    // Munches one field at a time, collecting the struct's field declarations (with their serde
    // attributes) and an entry per field (name, JSON name, codec, type) for the reader and writer.
    (@fields $head:tt [$($decl:tt)*] [$($entry:tt)*]
        $(#[$fmeta:meta])* $field:ident $(= $json:literal)? : $ty:ty as quantity $(, $($rest:tt)*)?
    ) => {
        $crate::wire::wire_struct!(@fields $head
            [$($decl)* $(#[$fmeta])* #[cfg_attr(feature = "serde", serde(with = "crate::quantity::codec"))] $(#[cfg_attr(feature = "serde", serde(rename = $json))])? pub $field: $ty,]
            [$($entry)* ($field ($crate::wire::wire_struct!(@name $field $($json)?)) quantity [$ty])]
            $($($rest)*)?
        );
    };
    (@fields $head:tt [$($decl:tt)*] [$($entry:tt)*]
        $(#[$fmeta:meta])* $field:ident $(= $json:literal)? : $ty:ty as skip_none $(, $($rest:tt)*)?
    ) => {
        $crate::wire::wire_struct!(@fields $head
            [$($decl)* $(#[$fmeta])* #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))] $(#[cfg_attr(feature = "serde", serde(rename = $json))])? pub $field: $ty,]
            [$($entry)* ($field ($crate::wire::wire_struct!(@name $field $($json)?)) skip_none [$ty])]
            $($($rest)*)?
        );
    };
    (@fields $head:tt [$($decl:tt)*] [$($entry:tt)*]
        $(#[$fmeta:meta])* $field:ident $(= $json:literal)? : $ty:ty $(, $($rest:tt)*)?
    ) => {
        $crate::wire::wire_struct!(@fields $head
            [$($decl)* $(#[$fmeta])* $(#[cfg_attr(feature = "serde", serde(rename = $json))])? pub $field: $ty,]
            [$($entry)* ($field ($crate::wire::wire_struct!(@name $field $($json)?)) plain [$ty])]
            $($($rest)*)?
        );
    };
    // All fields munched: the type and its two encodings.
    (@fields [$(#[$meta:meta])* $vis:vis struct $name:ident $(<$generic:ident>)?] [$($decl:tt)*]
        [$(($field:ident ($($json:tt)*) $codec:ident [$ty:ty]))*]
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        $vis struct $name $(<$generic>)? { $($decl)* }

        impl $(<$generic: $crate::json::FromJson>)? $crate::json::FromJson for $name $(<$generic>)? {
            fn from_json(json: &$crate::json::Json<'_>) -> Result<Self, $crate::json::JsonError> {
                Ok($name { $($field: $crate::wire::wire_struct!(@read json $codec ($($json)*) $ty),)* })
            }
        }

        impl $(<$generic: $crate::json::ToJson>)? $crate::json::ToJson for $name $(<$generic>)? {
            fn write_json(&self, out: &mut String) {
                let mut writer = $crate::json::ObjectWriter::new(out);
                $($crate::wire::wire_struct!(@write writer self $codec ($($json)*) $field);)*
                writer.end();
            }
        }
    };
    (@name $field:ident $json:literal) => { $json };
    (@name $field:ident) => { stringify!($field) };
    (@read $from:ident quantity ($($json:tt)*) $ty:ty) => {
        $crate::json::member::<$crate::quantity::Quantity<$ty>>($from, $($json)*)?.0
    };
    (@read $from:ident $codec:ident ($($json:tt)*) $ty:ty) => {
        $crate::json::member::<$ty>($from, $($json)*)?
    };
    (@write $writer:ident $value:tt quantity ($($json:tt)*) $field:ident) => {
        $writer.member($($json)*, &$crate::quantity::Quantity($value.$field))
    };
    (@write $writer:ident $value:tt skip_none ($($json:tt)*) $field:ident) => {
        $writer.member_if_some($($json)*, &$value.$field)
    };
    (@write $writer:ident $value:tt plain ($($json:tt)*) $field:ident) => {
        $writer.member($($json)*, &$value.$field)
    };
}

/// Declares a unit enum written as one string per variant: `Variant = "name"`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $json:literal),* $(,)? }
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        $vis enum $name {
            $($(#[$vmeta])* #[cfg_attr(feature = "serde", serde(rename = $json))] $variant,)*
        }

        impl $name {
            /// The JSON name of the variant.
            pub fn json_name(self) -> &'static str {
                match self {
                    $($name::$variant => $json,)*
                }
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(json: &$crate::json::Json<'_>) -> Result<Self, $crate::json::JsonError> {
                match json.as_str() {
                    $(Some($json) => Ok($name::$variant),)*
                    _ => Err($crate::json::JsonError::expected($crate::wire::one_of(&[$($json),*]))),
                }
            }
        }

        impl $crate::json::ToJson for $name {
            fn write_json(&self, out: &mut String) {
                self.json_name().write_json(out);
            }
        }
    };
}

pub(crate) use {wire_enum, wire_struct};

/// What a unit enum's reader expected, in words: `"a", "b" or "c"`.
pub(crate) fn one_of(names: &[&str]) -> String {
    let mut text = String::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            text.push_str(if index + 1 == names.len() { " or " } else { ", " });
        }
        text.push('"');
        text.push_str(name);
        text.push('"');
    }
    text
}
