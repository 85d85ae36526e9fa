//! Reading the shared Layer 1 vectors (`fixtures/layer1-v0.json`, a copy of
//! `shared/vectors/layer1-v0.json`) for the test files that check them.

#![allow(dead_code)] // Each test file uses its own share of the helpers.

use godwoken_core::ckb::{ResolvedCell, Transaction};
use godwoken_core::ckb::since::Epoch;
use godwoken_core::hex::{self, H256};
use godwoken_core::rpc::CellOutput;
use serde_json::Value;

/// Every vector.
pub(crate) fn vectors() -> Vec<Value> {
    let fixture: Value = serde_json::from_str(include_str!("../fixtures/layer1-v0.json")).expect("fixture is JSON");
    fixture["vectors"].as_array().expect("vectors").clone()
}

/// The vectors of one kind (at least one).
pub(crate) fn of_kind(kind: &str) -> Vec<Value> {
    let found: Vec<Value> = vectors().into_iter().filter(|v| v["kind"] == kind).collect();
    assert!(!found.is_empty(), "no vector of kind {kind}");
    found
}

/// A hex string's bytes.
pub(crate) fn bytes(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().unwrap_or_else(|| panic!("hex, got {value}"))).expect("hex")
}

/// A 32-byte hash.
pub(crate) fn h256(value: &Value) -> H256 {
    value.as_str().unwrap_or_else(|| panic!("hash, got {value}")).parse().expect("H256")
}

/// A number written as a `0x` quantity or a JSON number.
pub(crate) fn u64_of(value: &Value) -> u64 {
    match value {
        Value::String(text) => u64::from_str_radix(text.trim_start_matches("0x"), 16).expect("hex number"),
        other => other.as_u64().unwrap_or_else(|| panic!("number, got {other}")),
    }
}

/// A transaction, read by both of the core's readers (which must agree).
pub(crate) fn tx_of(value: &Value) -> Transaction {
    let text = value.to_string();
    let by_core: Transaction = godwoken_core::json::read(&text).expect("the page's reader reads it");
    let by_serde: Transaction = serde_json::from_value(value.clone()).expect("serde reads it");
    assert_eq!(by_core, by_serde, "one declaration, two readers, one value");
    by_core
}

/// A cell written as `{capacity, lock, type, data}`, committed in a block the vectors do not
/// name (number 0, time 0): enough for the script rules, which never look at it.
pub(crate) fn cell_of(value: &Value) -> ResolvedCell {
    let output: CellOutput = serde_json::from_value(value.clone()).expect("cell output");
    ResolvedCell {
        output,
        data: value.get("data").map(bytes).unwrap_or_default(),
        block_number: 0,
        block_timestamp_ms: 0,
        block_epoch: Epoch { number: 0, index: 0, length: 1 },
    }
}
