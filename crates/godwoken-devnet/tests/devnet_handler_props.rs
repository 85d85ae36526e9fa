//! The request handler never panics: arbitrary bytes, and calls of every method with arbitrary
//! params, always get a well-formed JSON-RPC answer (or none, for notifications).

use std::sync::Arc;

use godwoken_core::network;
use godwoken_devnet::chain::{Chain, ChainConfig};
use godwoken_devnet::node::{genesis_funding, genesis_layer1_funding};
use godwoken_devnet::devnet::Devnet;
use godwoken_devnet::dispatch::{handle_body, Endpoint};
use proptest::prelude::*;
use serde_json::{json, Value};

fn devnet() -> Devnet {
    let config = network::devnet("http://127.0.0.1:8024", 5, 1000);
    let chain = Chain::open(
        None,
        ChainConfig::testnet_2021(5, 2, 1000),
        &genesis_funding(&[]),
        &genesis_layer1_funding(&[]),
        1,
    )
    .expect("chain");
    Devnet::new(chain, config, Arc::new(|| 1))
}

const METHODS: &[&str] = &[
    "gw_get_account_id_by_script_hash", "gw_get_nonce", "gw_get_balance", "gw_get_script_hash",
    "gw_get_tip_block_hash", "gw_get_block_by_number", "gw_submit_withdrawal_request", "gw_get_withdrawal",
    "eth_getBalance", "eth_chainId", "net_version", "poly_getRollupTypeHash", "poly_getEthAccountLockHash",
    "poly_getChainInfo", "dev_mine", "dev_fund", "dev_audit", "get_tip", "get_cells", "get_cells_capacity", "nope",
    "dev_fund_layer1", "poly_getCreatorId", "poly_getDefaultFromAddress", "eth_accounts", "get_blockchain_info",
    "get_tip_block_number", "get_tip_header", "get_header", "get_header_by_number", "get_live_cell", "get_transaction",
    "send_transaction", "dev_snapshot", "dev_revert", "dev_reset",
];

const ENDPOINTS: [Endpoint; 3] = [Endpoint::Rpc, Endpoint::Ckb, Endpoint::Indexer];

fn param() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "0x[0-9a-fA-F]{0,70}".prop_map(Value::String),
        "\\PC{0,20}".prop_map(Value::String),
        Just(json!("asc")),
        Just(json!("0x1")),
        Just(json!("0x3")),
        Just(json!({"script": {"code_hash": format!("0x{}", "00".repeat(32)), "hash_type": "type", "args": "0x"}, "script_type": "lock"})),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn well_formed(answer: &Value) -> bool {
    let one = |r: &Value| r["jsonrpc"] == "2.0" && (r.get("result").is_some() ^ r.get("error").is_some());
    match answer {
        Value::Array(all) => !all.is_empty() && all.iter().all(one),
        single => one(single),
    }
}

proptest! {
    // 300 cases in the test suite; PROPTEST_CASES=100000 for a long run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), endpoint in 0..3usize) {
        let devnet = devnet();
        let endpoint = ENDPOINTS[endpoint];
        if let Some(answer) = handle_body(&devnet, endpoint, &bytes) {
            let answer: Value = serde_json::from_str(&answer).expect("the answer is JSON");
            prop_assert!(well_formed(&answer), "{answer}");
        }
    }

    #[test]
    fn every_method_with_arbitrary_params(method in 0..METHODS.len(), params in prop::collection::vec(param(), 0..5), endpoint in 0..3usize) {
        let devnet = devnet();
        let body = json!({"jsonrpc": "2.0", "id": 9, "method": METHODS[method], "params": params});
        let endpoint = ENDPOINTS[endpoint];
        let answer = handle_body(&devnet, endpoint, body.to_string().as_bytes()).expect("a request with an id is answered");
        let answer: Value = serde_json::from_str(&answer).expect("the answer is JSON");
        prop_assert!(well_formed(&answer), "{answer}");
        prop_assert_eq!(&answer["id"], &json!(9));
        // The chain is never left inconsistent by a refused or accepted call.
        prop_assert!(devnet.with_chain(|c| c.conservation()).expect("audit").holds());
    }
}
