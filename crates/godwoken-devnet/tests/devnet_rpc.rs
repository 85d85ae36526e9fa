//! The devnet over HTTP: the shared vectors are accepted, every rejection answers with Godwoken's
//! text, JSON-RPC envelopes behave, duplicates are accepted once.

mod common;

use common::*;
use godwoken_core::hex;
use serde_json::{json, Value};

fn fixture() -> Vec<Value> {
    let v: Value = serde_json::from_str(include_str!("../../godwoken-core/tests/fixtures/withdrawal-v0.json")).expect("fixture");
    v["vectors"].as_array().expect("vectors").clone()
}

#[tokio::test]
async fn the_shared_vectors_are_accepted_and_change_nonce_and_balance_exactly() {
    let node = TestNode::start().await;
    let start = node.balance_of(0).await;
    assert_eq!(start, 10_000 * u128::from(CKB));
    let mut spent: u128 = 0;
    let mut next_nonce = 0;
    for vector in fixture() {
        let raw = &vector["raw_withdrawal_request_json"];
        let nonce = quantity(&raw["nonce"]) as u32;
        // Fill the nonces up to the vector's with ordinary withdrawals.
        while next_nonce < nonce {
            node.submit(&withdrawal(0, next_nonce, 300 * CKB, 0)).await.expect("filler accepted");
            spent += u128::from(300 * CKB);
            next_nonce += 1;
        }
        let bytes = hex::decode(vector["withdrawal_request_hex"].as_str().expect("hex")).expect("bytes");
        let hash = node.submit(&bytes).await.expect("vector accepted");
        assert_eq!(hash, vector["withdrawal_hash_blake2b_raw"]);
        spent += quantity(&raw["capacity"]) + quantity(&raw["fee"]["amount"]);
        next_nonce += 1;
        assert_eq!(node.nonce_of(0).await, next_nonce);
        assert_eq!(node.balance_of(0).await, start - spent);
        let status = node.rpc("gw_get_withdrawal", json!([hash])).await.expect("withdrawal");
        assert_eq!(status["status"], "pending");
        assert_eq!(status["withdrawal"]["raw"], *raw);
    }
    assert!(node.audit().await["holds"].as_bool().expect("bool"));
    node.node.stop().await;
}

#[tokio::test]
async fn every_rejection_answers_with_godwokens_text() {
    let node = TestNode::start().await;
    let good = withdrawal(1, 0, 400 * CKB, 0);
    let text = |err: godwoken_core::rpc::ErrorObject| {
        assert_eq!(err.code, 0, "Godwoken v0 answers code 0: {err:?}");
        err.message
    };

    let err = node.submit(&good[..250]).await.expect_err("malformed");
    assert_eq!(text(err), "WithdrawalRequestReader total size doesn't match, expect 281, actual 250");

    let mut wrong_v = good.clone();
    wrong_v[280] += 27;
    assert_eq!(text(node.submit(&wrong_v).await.expect_err("v")), "Unlock error Invalid signature");

    // Signed by account #2 for account #1's request.
    let mut forged = good.clone();
    forged[216..].copy_from_slice(&withdrawal(2, 0, 400 * CKB, 0)[216..]);
    assert_eq!(text(node.submit(&forged).await.expect_err("signer")), "Unlock error Invalid signature");

    // An address that was never funded has no script on Layer 2.
    let stranger = godwoken_core::eth::DevSigner::from_hex(&format!("0x{}", "11".repeat(32))).expect("key");
    let constants = godwoken_core::network::testnet_2021_constants();
    let raw = godwoken_core::withdrawal::build_raw_request(&constants, &stranger.address(),
        &godwoken_core::withdrawal::WithdrawalParams { capacity: 400 * CKB, ..Default::default() });
    let stranger_request = godwoken_core::withdrawal::sign_with_dev_key(&stranger, &constants.rollup_type_hash, raw).expect("signs");
    assert_eq!(text(node.submit(&stranger_request.to_bytes()).await.expect_err("unknown")), "State error MissingKey");

    assert_eq!(
        text(node.submit(&withdrawal(1, 0, 100 * CKB, 0)).await.expect_err("small")),
        "Account error InsufficientCapacity { expected: 26500000000, actual: 10000000000 }"
    );
    assert_eq!(text(node.submit(&withdrawal(1, 0, 10_001 * CKB, 0)).await.expect_err("over")), "Withdrawal error Over withdrawal");
    // The fee counts against the balance.
    assert_eq!(text(node.submit(&withdrawal(1, 0, 10_000 * CKB, 1)).await.expect_err("fee")), "Withdrawal error Over withdrawal");

    let signer = signer(1);
    let mut raw = godwoken_core::withdrawal::build_raw_request(&constants, &signer.address(),
        &godwoken_core::withdrawal::WithdrawalParams { capacity: 400 * CKB, ..Default::default() });
    raw.amount = 1;
    let faked = godwoken_core::withdrawal::sign_with_dev_key(&signer, &constants.rollup_type_hash, raw).expect("signs");
    assert_eq!(text(node.submit(&faked.to_bytes()).await.expect_err("faked")), "Withdrawal error Withdrawal Faked CKB");

    assert_eq!(
        text(node.submit(&withdrawal(1, 5, 400 * CKB, 0)).await.expect_err("nonce")),
        "Withdrawal error Invalid withdrawal nonce expected 0 actual 5"
    );

    node.submit(&good).await.expect("the good one is accepted");
    assert_eq!(text(node.submit(&good).await.expect_err("again")), "duplicated withdrawal");
    // Once it is in a block, a replay fails on the nonce instead.
    node.mine(1).await;
    assert_eq!(
        text(node.submit(&good).await.expect_err("replay")),
        "Withdrawal error Invalid withdrawal nonce expected 1 actual 0"
    );
    // None of the refusals moved any money.
    assert_eq!(node.balance_of(1).await, u128::from(10_000 * CKB - 400 * CKB));
    assert!(node.audit().await["holds"].as_bool().expect("bool"));
    node.node.stop().await;
}

#[tokio::test]
async fn concurrent_duplicates_are_accepted_exactly_once() {
    let node = std::sync::Arc::new(TestNode::start().await);
    let request = withdrawal(3, 0, 500 * CKB, 0);
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let node = node.clone();
        let request = request.clone();
        tasks.push(tokio::spawn(async move { node.submit(&request).await }));
    }
    let mut accepted = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(hash) => {
                assert_eq!(hash, json!(withdrawal_hash(&request)));
                accepted += 1;
            }
            Err(err) => assert_eq!(err.message, "duplicated withdrawal"),
        }
    }
    assert_eq!(accepted, 1);
    assert_eq!(node.nonce_of(3).await, 1);
    assert_eq!(node.balance_of(3).await, u128::from(9_500 * CKB));
}

#[tokio::test]
async fn json_rpc_envelopes_and_params() {
    let node = TestNode::start().await;
    let url = node.node.url();
    let raw = |body: &'static str| {
        let client = node.client.clone();
        let url = format!("{url}/rpc");
        async move {
            let response = client.post(url).header("content-type", "application/json").body(body).send().await.expect("send");
            (response.status().as_u16(), response.text().await.expect("text"))
        }
    };
    let (status, body) = raw("{not json").await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(body["error"]["code"], -32700);
    assert_eq!(body["id"], Value::Null);

    let (_, body) = raw("[]").await;
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON")["error"]["code"], -32600);
    let (_, body) = raw(r#"{"jsonrpc":"1.0","id":1,"method":"eth_chainId"}"#).await;
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON")["error"]["code"], -32600);
    let (_, body) = raw(r#"{"jsonrpc":"2.0","id":1,"method":"nope","params":[]}"#).await;
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON")["error"]["code"], -32601);
    // A notification gets no answer.
    let (status, body) = raw(r#"{"jsonrpc":"2.0","method":"eth_chainId","params":[]}"#).await;
    assert_eq!((status, body.as_str()), (204, ""));
    // A batch: answers in order, the notification left out, errors per entry.
    let (_, body) = raw(r#"[{"jsonrpc":"2.0","id":"a","method":"eth_chainId"},{"jsonrpc":"2.0","method":"eth_chainId"},5,{"jsonrpc":"2.0","id":3,"method":"net_version"}]"#).await;
    let batch: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(batch.as_array().expect("array").len(), 3);
    assert_eq!(batch[0]["id"], "a");
    assert_eq!(batch[0]["result"], "0x116e1");
    assert_eq!(batch[1]["error"]["code"], -32600);
    assert_eq!(batch[2]["result"], "71393");

    // Godwoken's quantity rules: "0x01" is refused, "0x1" is fine.
    for bad in [json!(["0x01"]), json!(["1"]), json!(["0x"]), json!([1]), json!([]), json!({"id": "0x1"})] {
        let err = node.rpc("gw_get_nonce", bad.clone()).await.expect_err("invalid params");
        assert_eq!((err.code, err.message.as_str()), (-32602, "Invalid params"), "{bad}");
    }
    assert_eq!(node.rpc("gw_get_nonce", json!(["0x3"])).await.expect("nonce"), "0x0");

    // Wrong content type and oversized bodies are refused at the HTTP layer.
    let response = node.client.post(format!("{url}/rpc")).body("{}").send().await.expect("send");
    assert_eq!(response.status().as_u16(), 415);
    let huge = vec![b' '; 2 * 1024 * 1024];
    let response = node.client.post(format!("{url}/rpc")).header("content-type", "application/json").body(huge).send().await.expect("send");
    assert_eq!(response.status().as_u16(), 413);

    // The constants the page checks before signing.
    let constants = godwoken_core::network::testnet_2021_constants();
    assert_eq!(node.rpc("poly_getRollupTypeHash", json!([])).await.expect("hash"), json!(constants.rollup_type_hash));
    assert_eq!(node.rpc("poly_getEthAccountLockHash", json!([])).await.expect("hash"), json!(constants.eth_account_lock_code_hash));
    let info = node.rpc("poly_getChainInfo", json!([])).await.expect("info");
    assert_eq!(info["withdrawalLockTypeHash"], json!(constants.withdrawal_lock_code_hash));
    node.node.stop().await;
}

#[tokio::test]
async fn balances_ids_scripts_and_funding() {
    let node = TestNode::start().await;
    let id = node.account_id(0).await.expect("funded at genesis");
    let constants = godwoken_core::network::testnet_2021_constants();
    let hash = godwoken_core::account::account_script_hash(&constants, &signer(0).address());
    assert_eq!(node.rpc("gw_get_script_hash", json!([id])).await.expect("hash"), json!(hash));
    let short = hex::encode(godwoken_core::account::short_address(&hash));
    assert_eq!(quantity(&node.rpc("gw_get_balance", json!([short, "0x1"])).await.expect("bal")), u128::from(10_000 * CKB));

    // dev_fund creates an account for a new address and counts in the supply.
    let stranger = "0x000000000000000000000000000000000000dead";
    let supply_before = quantity(&node.audit().await["supply"]);
    let balance = node.rpc("dev_fund", json!([stranger, "0x174876e800"])).await.expect("funds");
    assert_eq!(quantity(&balance), 100_000_000_000);
    assert_eq!(quantity(&node.rpc("eth_getBalance", json!([stranger, "latest"])).await.expect("bal")), 100_000_000_000);
    let audit = node.audit().await;
    assert!(audit["holds"].as_bool().expect("bool"));
    assert_eq!(quantity(&audit["supply"]), supply_before + 100_000_000_000);
    let err = node.rpc("dev_fund", json!([stranger, "0xffffffffffffffffffffffff"])).await.expect_err("capped");
    assert_eq!(err.code, -32602);
    node.node.stop().await;
}

#[tokio::test]
async fn a_full_mempool_refuses_with_a_clear_error_until_the_next_block() {
    let mut args = args(None);
    args.mempool_limit = 2;
    let node = TestNode::start_with(args).await;
    node.submit(&withdrawal(8, 0, 300 * CKB, 0)).await.expect("first");
    node.submit(&withdrawal(8, 1, 300 * CKB, 0)).await.expect("second");
    let err = node.submit(&withdrawal(8, 2, 300 * CKB, 0)).await.expect_err("full");
    assert_eq!(err.code, -32000);
    assert!(err.message.contains("mempool is full"), "{}", err.message);
    // Refused means untouched: the nonce did not move.
    assert_eq!(node.nonce_of(8).await, 2);
    node.mine(1).await;
    node.submit(&withdrawal(8, 2, 300 * CKB, 0)).await.expect("room again after a block");
    node.node.stop().await;
}

#[tokio::test]
async fn snapshots_revert_both_layers_and_reset_starts_from_genesis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = TestNode::start_with(common::args(Some(dir.path().to_path_buf()))).await;
    let genesis_audit = node.audit().await;
    let at_genesis = node.rpc("dev_snapshot", json!([])).await.expect("snapshot");
    node.submit(&withdrawal(1, 0, 400 * CKB, 0)).await.expect("accepted");
    node.mine(3).await;
    let faucet = node.rpc("dev_fund_layer1", json!([signer(1).address().to_lower_hex(), "0x174876e800"])).await.expect("faucet");
    let later = node.rpc("dev_snapshot", json!([])).await.expect("snapshot");
    assert_ne!(at_genesis, later);
    node.mine(2).await;
    assert_eq!(node.rpc("dev_revert", json!([later])).await.expect("revert"), true);
    assert_eq!(node.ckb("get_tip_block_number", json!([])).await.expect("tip"), "0x350003");
    assert_eq!(node.nonce_of(1).await, 1);
    assert_eq!(node.rpc("dev_revert", json!([later])).await.expect("revert"), false, "a snapshot is used once");
    assert_eq!(node.rpc("dev_revert", json!([at_genesis])).await.expect("revert"), true);
    assert_eq!(node.nonce_of(1).await, 0);
    assert_eq!(node.ckb("get_tip_block_number", json!([])).await.expect("tip"), "0x350000");
    assert_eq!(node.ckb("get_transaction", json!([faucet])).await.expect("tx")["tx_status"]["status"], "unknown");
    assert_eq!(node.audit().await, genesis_audit);

    // Reset: a new chain from the same genesis, whatever happened.
    node.submit(&withdrawal(1, 0, 400 * CKB, 0)).await.expect("accepted");
    node.mine(4).await;
    let kept = node.rpc("dev_snapshot", json!([])).await.expect("snapshot");
    assert_eq!(node.rpc("dev_reset", json!([])).await.expect("reset"), true);
    assert_eq!(node.rpc("gw_get_block_by_number", json!(["0x1"])).await.expect("block"), Value::Null);
    assert_eq!(node.nonce_of(1).await, 0);
    assert_eq!(node.audit().await, genesis_audit);
    assert_eq!(node.rpc("dev_revert", json!([kept])).await.expect("revert"), false, "a reset forgets the snapshots");
    node.submit(&withdrawal(1, 0, 400 * CKB, 0)).await.expect("the chain goes on");
    node.node.stop().await;
}
