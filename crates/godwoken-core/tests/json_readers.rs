//! The page's JSON reader against serde_json: the parser accepts exactly what serde_json accepts
//! and finds the same values, and every `FromJson` reader reads back what `Serialize` (the
//! devnet's side) writes.

use std::borrow::Cow;

use godwoken_core::address::AddressPrefix;
use godwoken_core::json::{self, FromJson, Json, JsonError, MAX_DEPTH};
use godwoken_core::mol::{HashType, Script};
use godwoken_core::network::{self, NetworkKind};
use godwoken_core::rpc::{
    BlockWithdrawals, CellOutput, CellsCapacity, IndexerCell, OutPoint, Pagination,
    RawWithdrawalKeyJson, WithdrawalStatus, WithdrawalStatusJson,
};
use godwoken_core::{HexBytes, H256};
use proptest::prelude::*;
use serde_json::Value;

/// Our tree as a serde_json value (numbers through serde_json, which only the test may do).
fn to_value(json: &Json<'_>) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(text) => serde_json::from_str(text).expect("a number serde_json reads"),
        Json::String(text) => Value::String(text.to_string()),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), to_value(v)))
                .collect(),
        ),
    }
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What the mutations insert: JSON's structural characters, digits, escapes and a few others.
const SPICE: [char; 22] = [
    '{', '}', '[', ']', ':', ',', '"', '\\', '-', '0', '7', '.', 'e', '+', ' ', '\n', 'u', 'n',
    't', '\u{1}', '\u{e9}', '/',
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reads_what_serde_json_writes(v in value()) {
        for text in [serde_json::to_string(&v).expect("serializes"), serde_json::to_string_pretty(&v).expect("serializes")] {
            let parsed = Json::parse(&text).map_err(|e| TestCaseError::fail(format!("{e} in {text}")))?;
            // Against serde_json's reading of the same text: its float parsing is not exact, and
            // numbers here are compared through it.
            let theirs: Value = serde_json::from_str(&text).expect("serde_json reads its own output");
            prop_assert_eq!(to_value(&parsed), theirs);
        }
    }

    /// Valid JSON with a few characters deleted, inserted or replaced: accepted exactly when
    /// serde_json accepts it, with the same value. (serde_json alone refuses numbers beyond
    /// f64's range; the page reads numbers as text, so those are left out.)
    #[test]
    fn accepts_exactly_what_serde_json_accepts(
        v in value(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(&SPICE[..])), 0..3),
    ) {
        let mut chars: Vec<char> = serde_json::to_string(&v).expect("serializes").chars().collect();
        for (at, kind, c) in edits {
            let i = at.index(chars.len() + 1);
            match kind {
                0 if i < chars.len() => { chars.remove(i); }
                1 => chars.insert(i, c),
                _ if i < chars.len() => chars[i] = c,
                _ => {}
            }
        }
        let text: String = chars.into_iter().collect();
        let ours = Json::parse(&text);
        let theirs = serde_json::from_str::<Value>(&text);
        if let Err(e) = &theirs {
            prop_assume!(!e.to_string().contains("number out of range"));
        }
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}, serde_json {:?}", text, ours, theirs);
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            prop_assert_eq!(to_value(&ours), theirs);
        }
    }

    #[test]
    fn escapes_match_serde_json(units in proptest::collection::vec(prop_oneof![0u32..0x80, 0xD7F0u32..0xE010, any::<u16>().prop_map(u32::from)], 1..4)) {
        let text = format!("\"{}\"", units.iter().map(|u| format!("\\u{u:04x}")).collect::<String>());
        let ours = Json::parse(&text).map(|j| to_value(&j));
        let theirs = serde_json::from_str::<Value>(&text);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}: ours {:?}, serde_json {:?}", text, ours, theirs);
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            prop_assert_eq!(ours, theirs);
        }
    }
}

#[test]
fn grammar_edges() {
    for good in [
        "0",
        "-0",
        "1.5e-3",
        "[]",
        "{}",
        " {\"a\" : [1, {\"b\": null}] } ",
        "\"\\u00e9\\n\"",
        "\"\\ud83d\\ude00\"",
    ] {
        assert!(Json::parse(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "01",
        "1.",
        ".5",
        "1e",
        "+1",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "nul",
        "[1] x",
        "\"\u{1}\"",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "// c\n1",
        "'a'",
    ] {
        assert!(Json::parse(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        Json::parse("[1 2]"),
        Err(JsonError::Syntax {
            what: "expected , or ] in an array",
            offset: 3
        })
    );
    // Strings without escapes are borrowed, not copied.
    assert!(matches!(
        Json::parse("\"abc\""),
        Ok(Json::String(Cow::Borrowed("abc")))
    ));
}

#[test]
fn nesting_is_bounded() {
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(Json::parse(&nested(MAX_DEPTH)).is_ok());
    assert!(matches!(
        Json::parse(&nested(MAX_DEPTH + 1)),
        Err(JsonError::Syntax {
            what: "nested too deeply",
            ..
        })
    ));
    // Far deeper input fails cleanly rather than exhausting the stack.
    assert!(Json::parse(&nested(100_000)).is_err());
}

#[test]
fn integers_are_read_exactly_and_strictly() {
    assert_eq!(json::read::<u64>("18446744073709551615"), Ok(u64::MAX));
    assert_eq!(json::read::<i64>("-32000"), Ok(-32000));
    for bad in ["18446744073709551616", "-1", "1.0", "1e3", "\"1\""] {
        assert!(json::read::<u64>(bad).is_err(), "{bad}");
    }
    assert!(json::read::<u32>("4294967296").is_err());
}

/// Reads `value` back from what serde writes of it.
fn round_trip<T: serde::Serialize + FromJson + PartialEq + std::fmt::Debug>(value: &T) {
    let text = serde_json::to_string(value).expect("serializes");
    assert_eq!(json::read::<T>(&text).as_ref(), Ok(value), "{text}");
}

fn h256(byte: u8) -> H256 {
    H256([byte; 32])
}

fn cell(capacity: u64, type_: Option<Script>) -> IndexerCell {
    IndexerCell {
        output: CellOutput {
            capacity,
            lock: Script {
                code_hash: h256(1),
                hash_type: HashType::Data1,
                args: HexBytes(vec![1, 2, 3]),
            },
            type_,
        },
        output_data: HexBytes(vec![0xab; 5]),
        out_point: OutPoint {
            tx_hash: h256(2),
            index: u32::MAX,
        },
        block_number: u64::MAX,
        tx_index: 7,
    }
}

#[test]
fn readers_read_what_serde_writes() {
    for config in [
        network::testnet_2021(),
        network::mainnet_2021(),
        network::preset_by_name("devnet").expect("a preset"),
    ] {
        round_trip(&config);
    }
    let mut custom = network::testnet_2021();
    custom.kind = NetworkKind::Custom;
    custom.address_prefix = AddressPrefix::Ckb;
    round_trip(&custom);
    for hash_type in [HashType::Data, HashType::Type, HashType::Data1] {
        round_trip(&Script {
            code_hash: h256(9),
            hash_type,
            args: HexBytes(vec![]),
        });
    }
    round_trip(&Pagination {
        objects: vec![
            cell(0, None),
            cell(u64::MAX, Some(Script::of_type(h256(3), vec![4; 40]))),
        ],
        last_cursor: HexBytes(vec![0; 33]),
    });
    round_trip(&CellsCapacity {
        capacity: 42,
        block_hash: h256(5),
        block_number: 0,
    });
    round_trip(&Some(h256(6)));
    round_trip(&None::<H256>);
}

#[test]
fn projections_read_full_answers() {
    // The devnet writes full blocks and withdrawals; the page reads its projections of them.
    let block = serde_json::json!({
        "hash": h256(1), "raw": {"number": "0x2"}, "transactions": [],
        "withdrawal_requests": [{"raw": {"nonce": "0x3", "account_script_hash": h256(7), "capacity": "0x1"}, "signature": "0x"}]
    });
    assert_eq!(
        json::read::<BlockWithdrawals>(&block.to_string()),
        Ok(BlockWithdrawals {
            withdrawal_requests: vec![godwoken_core::rpc::WithdrawalKeyJson {
                raw: RawWithdrawalKeyJson {
                    account_script_hash: h256(7),
                    nonce: 3
                }
            }]
        })
    );
    for (text, status) in [
        ("pending", WithdrawalStatus::Pending),
        ("committed", WithdrawalStatus::Committed),
    ] {
        let answer = serde_json::json!({"withdrawal": {}, "status": text});
        assert_eq!(
            json::read::<WithdrawalStatusJson>(&answer.to_string()),
            Ok(WithdrawalStatusJson { status })
        );
        assert_eq!(
            serde_json::to_value(status).expect("serializes"),
            Value::from(text)
        );
    }
}

#[test]
fn missing_optional_members_read_as_none_like_serde() {
    let mut value = serde_json::to_value(cell(1, None)).expect("serializes");
    value["output"]
        .as_object_mut()
        .expect("an object")
        .remove("type");
    assert_eq!(
        json::read::<IndexerCell>(&value.to_string()),
        Ok(cell(1, None))
    );
    assert_eq!(
        serde_json::from_value::<IndexerCell>(value).expect("serde reads it too"),
        cell(1, None)
    );
}

#[test]
fn errors_say_where_and_what() {
    let mut value = serde_json::to_value(Pagination {
        objects: vec![cell(1, None), cell(2, None)],
        last_cursor: HexBytes(vec![]),
    })
    .expect("serializes");
    value["objects"][1]["output"]["capacity"] = Value::from("0x01");
    let error = json::read::<Pagination<IndexerCell>>(&value.to_string()).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "objects.1.output.capacity: expected a 0x quantity that fits u64 (a quantity must not have leading zeros)"
    );
    value["objects"][1]["output"]["capacity"] = Value::from("0x2");
    value["objects"][0]["output"]["lock"]["hash_type"] = Value::from("type2");
    let error = json::read::<Pagination<IndexerCell>>(&value.to_string()).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "objects.0.output.lock.hash_type: expected \"data\", \"type\" or \"data1\""
    );
    assert_eq!(
        json::read::<CellsCapacity>("[]")
            .expect_err("refused")
            .to_string(),
        "expected an object"
    );
}
