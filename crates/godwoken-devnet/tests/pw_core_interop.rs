//! Interoperability with the real 2021 client library: pw-core 0.4.0-alpha.12 (what the December
//! 2021 CKB Tools page and nervos-godwoken-integration used), run by Node.js against the devnet,
//! creates a Layer 2 account for a new wallet: it reads the chain from `get_blockchain_info`,
//! collects the wallet's cells through the indexer, builds and signs the deposit (`personal_sign`
//! by a test wallet over a known key) and sends it; the devnet verifies it and collects it.
//!
//! `tests/npm/` holds the script and its npm lockfile; `scripts/setup --browser` installs it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{quantity, TestNode, CKB};
use godwoken_core::account::account_script_hash;
use godwoken_core::ckb::build::deposit_lock;
use godwoken_core::ckb::constants::testnet_2021_layer1;
use godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021;
use godwoken_core::ckb::Transaction;
use godwoken_core::eth::DevSigner;
use godwoken_core::network::testnet_2021_constants;
use serde_json::{json, Value};

fn interop_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/npm");
    assert!(
        dir.join("node_modules/@lay2/pw-core/package.json").exists(),
        "pw-core is not installed in {}: run `bash scripts/setup --browser` (what `bash scripts/test` does)",
        dir.display()
    );
    dir
}

#[tokio::test]
async fn pw_core_creates_a_layer2_account_for_a_new_wallet() {
    let dir = interop_dir();
    let node = TestNode::start().await;
    let key = [0x5e; 32];
    let wallet = DevSigner::from_bytes(&key).expect("key");
    let address = wallet.address().to_lower_hex();
    // Two 400 CKB cells, as the captured 2021 deposit spent.
    for _ in 0..2 {
        node.rpc("dev_fund_layer1", json!([address, format!("{:#x}", 400 * CKB)])).await.expect("faucet");
    }
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    let lock = deposit_lock(&constants, &layer1, &wallet.address(), CANCEL_TIMEOUT_2021);
    let ckb_url = format!("{}/ckb", node.node.url());
    let output = tokio::task::spawn_blocking({
        let dir = dir.clone();
        let (code_hash, args) = (lock.code_hash.to_string(), lock.args.to_string());
        move || {
            Command::new("node")
                .current_dir(&dir)
                .args(["pw_core_deposit.js", &ckb_url, &ckb_url, &godwoken_core::hex::encode(key), &code_hash, &args, "400"])
                .output()
                .expect("node runs")
        }
    })
    .await
    .expect("joined");
    let line = String::from_utf8_lossy(&output.stdout);
    let answer: Value = serde_json::from_str(line.trim()).unwrap_or_else(|_| panic!("pw-core said: {line} {}", String::from_utf8_lossy(&output.stderr)));
    assert!(output.status.success(), "pw-core failed: {answer}");
    assert_eq!(answer["chain_id"], 1, "pw-core chose the testnet (Aggron) from get_blockchain_info");
    let calls = answer["wallet_calls"].as_array().expect("calls");
    let sign = calls.iter().find(|call| call["method"] == "personal_sign").expect("the wallet was asked to sign");
    assert_eq!(sign["params"][0], json!(address), "pw-core's order: [address, message]");

    // The transaction pw-core built: the deposit, the change back, fee = size, the testnet witness.
    let hash = answer["hash"].clone();
    let found = node.ckb("get_transaction", json!([hash])).await.expect("found");
    assert_eq!(found["tx_status"]["status"], "pending");
    let tx: Transaction = serde_json::from_value(found["transaction"].clone()).expect("a transaction");
    assert_eq!(tx.outputs[0].lock, lock);
    assert_eq!(tx.outputs[0].capacity, 400 * CKB);
    assert_eq!(tx.inputs.len(), 2);
    let fee = 800 * CKB - tx.outputs.iter().map(|o| o.capacity).sum::<u64>();
    assert_eq!(fee, tx.size_in_block(), "pw-core pays exactly the size");
    assert_eq!(tx.witnesses[0].0.len(), 86, "WitnessArgs with the 66-byte testnet lock");

    node.mine(4).await;
    let script_hash = account_script_hash(&constants, &wallet.address());
    assert!(node.rpc("gw_get_account_id_by_script_hash", json!([script_hash])).await.expect("id").is_string());
    let balance = node.rpc("eth_getBalance", json!([address, "latest"])).await.expect("balance");
    assert_eq!(quantity(&balance), u128::from(400 * CKB));
    assert_eq!(node.audit().await["holds"], true);
    node.node.stop().await;
}
