//! The devnet as a chain: blocks, the Layer 1 indexer with its lag and paging, the challenge
//! period and release, persistence across restarts, and conservation of CKB.

mod common;

use common::*;
use godwoken_core::account::{account_script_hash, owner_lock};
use godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021;
use godwoken_core::mol::{GlobalState, WithdrawalLockArgs};
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::rpc::{self, IndexerCell, Pagination};
use godwoken_core::hex;
use serde_json::{json, Value};

async fn withdrawal_cells(node: &TestNode, key: usize, order: &str, limit: u64, cursor: Option<&str>) -> Pagination<IndexerCell> {
    let constants = testnet_2021_constants();
    let hash = account_script_hash(&constants, &signer(key).address());
    let search = rpc::withdrawal_cells_search_key(&constants, &hash);
    let mut params = vec![json!(search), json!(order), json!(format!("{limit:#x}"))];
    if let Some(cursor) = cursor {
        params.push(json!(cursor));
    }
    serde_json::from_value(node.indexer("get_cells", Value::Array(params)).await.expect("cells")).expect("page")
}

async fn layer1_capacity(node: &TestNode, key: usize) -> u64 {
    let constants = testnet_2021_constants();
    let search = rpc::owner_cells_search_key(&constants, &signer(key).address());
    let answer = node.indexer("get_cells_capacity", json!([search])).await.expect("capacity");
    quantity(&answer["capacity"]) as u64
}

async fn global_state(node: &TestNode) -> GlobalState {
    let constants = testnet_2021_constants();
    let page: Pagination<IndexerCell> = serde_json::from_value(
        node.indexer("get_cells", json!([rpc::rollup_cell_search_key(&constants), "desc", "0x1"])).await.expect("rollup"),
    )
    .expect("page");
    assert_eq!(page.objects.len(), 1, "exactly one rollup cell");
    GlobalState::from_bytes(page.objects[0].output_data.as_ref()).expect("global state")
}

#[tokio::test]
async fn blocks_include_withdrawals_and_layer1_follows_with_lag_then_releases() {
    let node = TestNode::start().await;
    let request = withdrawal(4, 0, 400 * CKB, 0);
    let hash = node.submit(&request).await.expect("accepted");
    let layer1_before = layer1_capacity(&node, 4).await;
    assert_eq!(node.mine(1).await, 1);
    let block = node.rpc("gw_get_block_by_number", json!(["0x1"])).await.expect("block");
    assert_eq!(block["raw"]["number"], "0x1");
    assert_eq!(block["withdrawal_requests"].as_array().expect("array").len(), 1);
    assert_eq!(node.rpc("gw_get_withdrawal", json!([hash])).await.expect("w")["status"], "committed");
    assert_eq!(node.rpc("gw_get_tip_block_hash", json!([])).await.expect("tip"), block["hash"]);
    assert_eq!(node.rpc("gw_get_block_by_number", json!(["0x2"])).await.expect("none"), Value::Null);

    // Lag 2: not on Layer 1 after block 2, there after block 3.
    node.mine(1).await;
    assert!(withdrawal_cells(&node, 4, "asc", 10, None).await.objects.is_empty());
    node.mine(1).await;
    let page = withdrawal_cells(&node, 4, "asc", 10, None).await;
    assert_eq!(page.objects.len(), 1);
    let cell = &page.objects[0];
    assert_eq!(cell.output.capacity, 400 * CKB);
    let (rollup, args) = WithdrawalLockArgs::from_lock_args(cell.output.lock.args.as_ref()).expect("args");
    let constants = testnet_2021_constants();
    assert_eq!(rollup, Some(constants.rollup_type_hash));
    assert_eq!(args.withdrawal_block_number, 1);
    assert_eq!(json!(args.withdrawal_block_hash), block["hash"]);
    assert_eq!(args.sell_capacity, 400 * CKB, "Godwoken <= v0.9 writes the capacity into sell_capacity");
    assert_eq!(args.owner_lock_hash, owner_lock(&constants, &signer(4).address()).hash());
    assert_eq!(layer1_capacity(&node, 4).await, layer1_before);

    // Finality 10: final when 1 <= tip - 10, i.e. at block 11.
    node.mine(7).await;
    assert_eq!(global_state(&node).await.last_finalized_block_number, 0);
    assert_eq!(withdrawal_cells(&node, 4, "asc", 10, None).await.objects.len(), 1);
    node.mine(1).await;
    let state = global_state(&node).await;
    assert_eq!(state.last_finalized_block_number, 1);
    assert_eq!(json!(state.tip_block_hash), node.rpc("gw_get_tip_block_hash", json!([])).await.expect("tip"));
    assert!(withdrawal_cells(&node, 4, "asc", 10, None).await.objects.is_empty(), "released");
    assert_eq!(layer1_capacity(&node, 4).await, layer1_before + 400 * CKB);
    let audit = node.audit().await;
    assert!(audit["holds"].as_bool().expect("bool"));
    assert_eq!(quantity(&audit["in_flight"]) + quantity(&audit["withdrawal_cells"]), 0, "{audit}");
    // Layer 1 made a block with each of the 11 Layer 2 blocks, from 0x350000 on.
    let tip: Value = node.indexer("get_tip", json!([])).await.expect("tip");
    assert_eq!(tip["block_number"], "0x35000b");
    node.node.stop().await;
}

#[tokio::test]
async fn the_indexer_pages_one_accounts_cells_by_prefix() {
    let node = TestNode::start().await;
    // Five withdrawals of account #5 and three of #6, all on Layer 1.
    for nonce in 0..5 {
        node.submit(&withdrawal(5, nonce, (300 + u64::from(nonce)) * CKB, 0)).await.expect("accepted");
        node.mine(1).await;
    }
    for nonce in 0..3 {
        node.submit(&withdrawal(6, nonce, 300 * CKB, 0)).await.expect("accepted");
    }
    node.mine(3).await;

    for order in ["asc", "desc"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = withdrawal_cells(&node, 5, order, 2, cursor.as_deref()).await;
            pages += 1;
            seen.extend(page.objects.iter().map(|c| c.output.capacity / CKB));
            if page.objects.len() < 2 {
                break;
            }
            cursor = Some(hex::encode(page.last_cursor.as_ref()));
        }
        assert_eq!(pages, 3, "2 + 2 + 1");
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![300, 301, 302, 303, 304], "{order}: every cell once, none of account #6");
        if order == "desc" {
            let mut ascending = seen.clone();
            ascending.reverse();
            let first_asc: Vec<u64> = withdrawal_cells(&node, 5, "asc", 10, None).await.objects.iter().map(|c| c.output.capacity / CKB).collect();
            assert_eq!(ascending, first_asc);
        }
    }
    assert_eq!(withdrawal_cells(&node, 6, "asc", 100, None).await.objects.len(), 3);

    // Bounds and bad cursors are refused.
    let constants = testnet_2021_constants();
    let search = rpc::withdrawal_cells_search_key(&constants, &account_script_hash(&constants, &signer(5).address()));
    for params in [json!([search, "asc", "0x0"]), json!([search, "asc", "0x2711"]), json!([search, "asc", "0x1", "0x01"]), json!([search, "sideways", "0x1"])] {
        let err = node.indexer("get_cells", params).await.expect_err("refused");
        assert_eq!(err.code, -32602);
    }
    node.node.stop().await;
}

#[tokio::test]
async fn restart_from_the_data_dir_keeps_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = TestNode::start_with(args(Some(dir.path().to_path_buf()))).await;
    node.submit(&withdrawal(7, 0, 400 * CKB, 5)).await.expect("accepted");
    node.mine(4).await;
    // Acknowledged but not yet in a block when the node goes away.
    let waiting = withdrawal(7, 1, 500 * CKB, 0);
    let waiting_hash = node.submit(&waiting).await.expect("accepted");
    node.rpc("dev_fund", json!(["0x000000000000000000000000000000000000beef", "0x3b9aca00"])).await.expect("fund");
    let before = (node.nonce_of(7).await, node.balance_of(7).await, node.audit().await,
        node.rpc("gw_get_tip_block_hash", json!([])).await.expect("tip"), withdrawal_cells(&node, 7, "asc", 10, None).await);
    node.node.stop().await;

    let node = TestNode::start_with(args(Some(dir.path().to_path_buf()))).await;
    let after = (node.nonce_of(7).await, node.balance_of(7).await, node.audit().await,
        node.rpc("gw_get_tip_block_hash", json!([])).await.expect("tip"), withdrawal_cells(&node, 7, "asc", 10, None).await);
    assert_eq!(before, after);
    assert_eq!(node.rpc("gw_get_withdrawal", json!([waiting_hash])).await.expect("kept")["status"], "pending");
    // The chain goes on from where it was.
    assert_eq!(node.mine(1).await, 5);
    assert_eq!(node.rpc("gw_get_withdrawal", json!([waiting_hash])).await.expect("kept")["status"], "committed");
    node.node.stop().await;

    // A data dir of another chain is refused rather than mixed up.
    let chain = godwoken_devnet::chain::Chain::open(
        Some(dir.path()),
        godwoken_devnet::chain::ChainConfig {
            constants: godwoken_core::network::mainnet_2021_constants(),
            ..godwoken_devnet::chain::ChainConfig::testnet_2021(10, 2, 10)
        },
        &[],
        &[],
        0,
    );
    assert!(matches!(chain, Err(godwoken_devnet::chain::ChainError::WrongChain { .. })));
}

fn chain_config() -> godwoken_devnet::chain::ChainConfig {
    godwoken_devnet::chain::ChainConfig::testnet_2021(10, 2, 10)
}

#[test]
fn a_data_dir_of_another_schema_version_is_refused_with_words() {
    use godwoken_devnet::chain::{storage::SCHEMA_VERSION, Chain, ChainError};
    let dir = tempfile::tempdir().expect("temp dir");
    drop(Chain::open(Some(dir.path()), chain_config(), &[], &[], 0).expect("a new chain"));
    let stamp = |version: i64| {
        let conn = rusqlite::Connection::open(dir.path().join("devnet.sqlite3")).expect("opens");
        conn.pragma_update(None, "user_version", version).expect("stamps");
    };
    // Written before the schema had a version (0): version 1, which had no Layer 1.
    stamp(0);
    let err = Chain::open(Some(dir.path()), chain_config(), &[], &[], 0).expect_err("refused");
    assert!(matches!(err, ChainError::SchemaVersion { found: 1, .. }), "{err}");
    stamp(SCHEMA_VERSION + 1);
    let err = Chain::open(Some(dir.path()), chain_config(), &[], &[], 0).expect_err("refused");
    assert!(matches!(err, ChainError::SchemaVersion { found, expected } if found == SCHEMA_VERSION + 1 && expected == SCHEMA_VERSION));
    assert!(err.to_string().contains("written by another version of the devnet"), "{err}");
}

#[test]
fn a_second_chain_on_the_same_data_dir_refuses_to_open() {
    use godwoken_devnet::chain::{Chain, ChainError};
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Chain::open(Some(dir.path()), chain_config(), &[], &[], 0).expect("first");
    let err = Chain::open(Some(dir.path()), chain_config(), &[], &[], 0).expect_err("second refused");
    assert!(matches!(err, ChainError::DataDirInUse { .. }));
    assert!(err.to_string().contains(&dir.path().display().to_string()), "names the directory: {err}");
    drop(first);
    drop(Chain::open(Some(dir.path()), chain_config(), &[], &[], 0).expect("free again once the first is closed"));
}

#[tokio::test]
async fn conservation_holds_at_every_block_of_a_random_workload() {
    let node = TestNode::start().await;
    // A fixed-seed generator: the same workload every run.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    let mut nonces = [0u32; 10];
    let (mut accepted, mut refused, mut deposits) = (0, 0, 0);
    for _ in 0..200 {
        let key = next(10) as usize;
        match next(10) {
            0..=5 => {
                // Mostly valid, sometimes a wrong nonce, too small or too large.
                let capacity = (265 + next(700)) * CKB;
                let nonce = if next(8) == 0 { nonces[key] + 1 } else { nonces[key] };
                let capacity = if next(10) == 0 { 100 * CKB } else if next(15) == 0 { 20_000 * CKB } else { capacity };
                match node.submit(&withdrawal(key, nonce, capacity, u128::from(next(1000)))).await {
                    Ok(_) => {
                        nonces[key] += 1;
                        accepted += 1;
                    }
                    Err(_) => refused += 1,
                }
            }
            6 => {
                let address = signer(key).address().to_lower_hex();
                node.rpc("dev_fund", json!([address, format!("{:#x}", next(100) * CKB)])).await.expect("fund");
            }
            7 => {
                // A deposit from Layer 1 (refused by the builder when the cells are short).
                let amount = (290 + next(3000)) * CKB;
                if let Ok(tx) = common::try_deposit(&node, &signer(key), amount, CANCEL_TIMEOUT_2021).await {
                    node.ckb("send_transaction", json!([tx, "passthrough"])).await.expect("a built deposit is accepted");
                    deposits += 1;
                }
            }
            8 if next(3) == 0 => {
                let address = signer(key).address().to_lower_hex();
                node.rpc("dev_fund_layer1", json!([address, format!("{:#x}", (61 + next(2000)) * CKB)])).await.expect("faucet");
            }
            _ => {
                node.mine(1 + next(4)).await;
                let audit = node.audit().await;
                assert!(audit["holds"].as_bool().expect("bool"), "{audit}");
            }
        }
    }
    node.mine(20).await;
    let audit = node.audit().await;
    assert!(audit["holds"].as_bool().expect("bool"), "{audit}");
    assert!(accepted > 20 && refused > 3, "the workload exercised both paths: {accepted} / {refused}");
    assert!(deposits > 5, "the workload deposited from Layer 1: {deposits}");
    assert_eq!(quantity(&audit["in_flight"]) + quantity(&audit["withdrawal_cells"]), 0, "everything final was released");
    for (key, nonce) in nonces.iter().enumerate() {
        assert_eq!(node.nonce_of(key).await, *nonce);
    }
    node.node.stop().await;
}

#[tokio::test]
async fn the_clock_produces_blocks_and_includes_withdrawals_by_itself() {
    let mut args = args(None);
    args.block_interval_ms = Some(10);
    let node = TestNode::start_with(args).await;
    let hash = node.submit(&withdrawal(9, 0, 300 * CKB, 0)).await.expect("accepted");
    // Wait on the chain, not on the clock: until the withdrawal is in a block (bounded).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let status = node.rpc("gw_get_withdrawal", json!([hash])).await.expect("lookup");
        if status["status"] == "committed" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no block was produced");
        tokio::task::yield_now().await;
    }
    let tip = node.rpc("gw_get_block_by_number", json!(["0x1"])).await.expect("block 1");
    assert_eq!(tip["raw"]["number"], "0x1");
    node.node.stop().await;
}
