//! Layer 1 over HTTP: the CKB node's answers, deposits that create and top up Layer 2 accounts,
//! every `send_transaction` refusal of L1 §3.3 with its exact code and text (and nothing
//! changed), a deposit Godwoken leaves behind and its cancel after the timeout, and the 2021
//! manual unlock refused before finality and accepted once after.

mod common;

use common::{deposit, manual_clock, quantity, signer, spendable, withdrawal, TestNode, CKB};
use godwoken_core::account::{account_script_hash, owner_lock};
use godwoken_core::ckb::build::{self, Spendable};
use godwoken_core::ckb::constants::testnet_2021_layer1;
use godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021;
use godwoken_core::ckb::pw_lock::{signing_message, WitnessForm};
use godwoken_core::ckb::{CellInput, Header, Transaction, WitnessArgs};
use godwoken_core::eth::DevSigner;
use godwoken_core::hex::{HexBytes, H256};
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::rpc::{self, IndexerCell, OutPoint, Pagination};
use serde_json::{json, Value};

/// Signs `tx` for `signer`, whose PW-lock cells are the inputs `group` (testnet form).
fn sign_group(tx: &mut Transaction, group: &[usize], signer: &DevSigner) {
    let form = WitnessForm::Testnet;
    tx.witnesses.resize(tx.inputs.len(), HexBytes(Vec::new()));
    tx.witnesses[group[0]] = HexBytes(form.placeholder());
    let witnesses: Vec<Vec<u8>> = tx.witnesses.iter().map(|w| w.0.clone()).collect();
    let message = signing_message(&tx.hash(), &witnesses, group, tx.inputs.len()).expect("message");
    let signature = signer.personal_sign(&message.0).expect("signs");
    let lock = WitnessArgs { lock: Some(form.witness_lock(&signature)), ..WitnessArgs::default() };
    tx.witnesses[group[0]] = HexBytes(lock.to_bytes());
}

async fn send(node: &TestNode, tx: &Transaction) -> Result<Value, godwoken_core::rpc::ErrorObject> {
    node.ckb("send_transaction", json!([tx, "passthrough"])).await
}

async fn live(node: &TestNode, out_point: &OutPoint) -> bool {
    let answer = node.ckb("get_live_cell", json!([out_point, false])).await.expect("answer");
    answer["status"] == "live"
}

async fn layer2_balance(node: &TestNode, signer: &DevSigner) -> u128 {
    quantity(&node.rpc("eth_getBalance", json!([signer.address().to_lower_hex(), "latest"])).await.expect("balance"))
}

async fn audit_holds(node: &TestNode) {
    let audit = node.audit().await;
    assert_eq!(audit["holds"], true, "{audit}");
}

#[tokio::test]
async fn the_ckb_node_answers_as_ckb_v0101_does() {
    let node = TestNode::start().await;
    let info = node.ckb("get_blockchain_info", json!([])).await.expect("info");
    assert_eq!(info["chain"], "ckb_testnet", "pw-core picks the testnet constants and the chain byte by it");
    assert_eq!(info["is_initial_block_download"], false);
    assert_eq!(node.ckb("get_tip_block_number", json!([])).await.expect("tip"), "0x350000");
    node.mine(2).await;
    assert_eq!(node.rpc("get_tip_block_number", json!([])).await.expect("on /rpc too"), "0x350002");
    let tip = node.ckb("get_tip_header", json!([])).await.expect("header");
    let header: Header = serde_json::from_value(tip.clone()).expect("a HeaderView");
    assert_eq!(json!(header.hash()), tip["hash"], "the hash is ckb_hash of the 208 header bytes");
    assert_eq!(node.ckb("get_header", json!([tip["hash"]])).await.expect("by hash"), tip);
    assert_eq!(node.ckb("get_header_by_number", json!(["0x350002"])).await.expect("by number"), tip);
    let raw = node.ckb("get_tip_header", json!(["0x0"])).await.expect("verbosity 0");
    assert_eq!(raw, json!(HexBytes(header.to_bytes().to_vec())));
    assert_eq!(node.ckb("get_header", json!([H256([9; 32])])).await.expect("unknown"), Value::Null);
    let parent = node.ckb("get_header_by_number", json!(["0x350001"])).await.expect("parent");
    assert_eq!(tip["parent_hash"], parent["hash"]);

    // The 2021 clients' deps resolve as live cells; the dep group lists live out points.
    let layer1 = testnet_2021_layer1();
    for dep in [&layer1.pw_lock_dep, &layer1.secp256k1_dep_group, &layer1.deposit_lock_dep, &layer1.withdrawal_lock_dep] {
        assert!(live(&node, &dep.out_point).await, "{dep:?}");
    }
    for member in &layer1.secp256k1_group_members {
        assert!(live(&node, member).await);
    }
    let cell = node.ckb("get_live_cell", json!([layer1.pw_lock_dep.out_point, true])).await.expect("cell");
    let content = HexBytes(serde_json::from_value::<HexBytes>(cell["cell"]["data"]["content"].clone()).expect("hex").0);
    assert_eq!(cell["cell"]["data"]["hash"], json!(godwoken_core::hash::ckb_hash(&content.0)));
    let nowhere = OutPoint { tx_hash: H256([7; 32]), index: 0 };
    assert_eq!(node.ckb("get_live_cell", json!([nowhere, true])).await.expect("unknown"), json!({"cell": null, "status": "unknown"}));
    assert_eq!(
        node.ckb("get_transaction", json!([H256([7; 32])])).await.expect("unknown"),
        json!({"transaction": null, "tx_status": {"status": "unknown", "block_hash": null, "reason": null}})
    );
    let missing = node.ckb("get_block_template", json!([])).await.expect_err("not served");
    assert_eq!((missing.code, missing.message.as_str()), (-32601, "Method not found"));
    // The indexer is on /ckb as well, and web3's v0 extras are on /rpc.
    assert_eq!(node.ckb("get_tip", json!([])).await.expect("indexer tip")["block_number"], "0x350002");
    assert_eq!(node.rpc("poly_getCreatorId", json!([])).await.expect("creator"), "0x3");
    assert_eq!(node.rpc("eth_accounts", json!([])).await.expect("accounts"), json!([]));
    assert!(node.rpc("poly_getDefaultFromAddress", json!([])).await.expect("from").as_str().is_some());
    node.node.stop().await;
}

#[tokio::test]
async fn a_deposit_creates_the_account_a_second_tops_it_up_and_a_restart_keeps_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let node = TestNode::start_with(common::args(Some(dir.path().to_path_buf()))).await;
    let newcomer = DevSigner::from_bytes(&[0x42; 32]).expect("key");
    let address = newcomer.address().to_lower_hex();
    let constants = testnet_2021_constants();
    let funded = node.rpc("dev_fund_layer1", json!([address, format!("{:#x}", 1000 * CKB)])).await.expect("faucet");
    assert_eq!(spendable(&node, &newcomer).await.len(), 1, "the faucet cell is live at once");
    assert_eq!(node.ckb("get_transaction", json!([funded])).await.expect("tx")["tx_status"]["status"], "committed");
    let script_hash = account_script_hash(&constants, &newcomer.address());
    assert_eq!(node.rpc("gw_get_account_id_by_script_hash", json!([script_hash])).await.expect("id"), Value::Null);

    let tx = deposit(&node, &newcomer, 400 * CKB, CANCEL_TIMEOUT_2021).await;
    assert_eq!(send(&node, &tx).await.expect("accepted"), json!(tx.hash()));
    let status = node.ckb("get_transaction", json!([tx.hash()])).await.expect("tx");
    assert_eq!((status["tx_status"]["status"].as_str(), &status["transaction"]["hash"]), (Some("pending"), &json!(tx.hash())));
    assert!(spendable(&node, &newcomer).await.is_empty(), "a cell the pool spends is not offered again");
    node.mine(1).await;
    let status = node.ckb("get_transaction", json!([tx.hash()])).await.expect("tx");
    assert_eq!(status["tx_status"]["status"], "committed");
    let deposit_cell = OutPoint { tx_hash: tx.hash(), index: 0 };
    assert!(live(&node, &deposit_cell).await);
    // Godwoken sees Layer 1 two blocks behind (--indexer-lag-blocks 2): the Layer 2 block whose
    // Layer 1 parent is two past the deposit's block collects it.
    node.mine(2).await;
    assert!(live(&node, &deposit_cell).await, "not yet visible to Godwoken");
    node.mine(1).await;
    assert!(!live(&node, &deposit_cell).await, "consumed into a custodian cell");
    let id = node.rpc("gw_get_account_id_by_script_hash", json!([script_hash])).await.expect("id");
    assert!(id.is_string(), "the deposit created the account");
    assert_eq!(layer2_balance(&node, &newcomer).await, u128::from(400 * CKB), "the full capacity is credited");
    audit_holds(&node).await;

    let tx = deposit(&node, &newcomer, 300 * CKB, CANCEL_TIMEOUT_2021).await;
    send(&node, &tx).await.expect("accepted");
    node.mine(4).await;
    assert_eq!(layer2_balance(&node, &newcomer).await, u128::from(700 * CKB));
    assert_eq!(node.rpc("gw_get_account_id_by_script_hash", json!([script_hash])).await.expect("id"), id, "same account");
    audit_holds(&node).await;
    node.rpc("dev_fund_layer1", json!([address, format!("{:#x}", 500 * CKB)])).await.expect("faucet");
    let pending = deposit(&node, &newcomer, 290 * CKB, CANCEL_TIMEOUT_2021).await;
    send(&node, &pending).await.expect("accepted");
    node.node.stop().await;

    // A restart keeps the blocks, the transactions (the pending one too) and the accounts.
    let node = TestNode::start_with(common::args(Some(dir.path().to_path_buf()))).await;
    assert_eq!(node.ckb("get_transaction", json!([tx.hash()])).await.expect("tx")["tx_status"]["status"], "committed");
    assert_eq!(node.ckb("get_transaction", json!([pending.hash()])).await.expect("tx")["tx_status"]["status"], "pending");
    assert_eq!(layer2_balance(&node, &newcomer).await, u128::from(700 * CKB));
    node.mine(4).await;
    assert_eq!(layer2_balance(&node, &newcomer).await, u128::from(990 * CKB));
    audit_holds(&node).await;
    node.node.stop().await;
}

/// Asserts a refusal's code and message, and that nothing changed.
async fn refused(node: &TestNode, tx: &Transaction, validator: Value, code: i64, message: &str) {
    let before = node.audit().await;
    let err = node.ckb("send_transaction", json!([tx, validator])).await.expect_err("refused");
    assert_eq!((err.code, err.message.as_str()), (code, message));
    assert_eq!(node.audit().await, before, "a refusal changes nothing");
}

#[tokio::test]
async fn every_refusal_has_ckbs_code_and_text_and_changes_nothing() {
    let node = TestNode::start().await;
    let owner = signer(5);
    let tx = deposit(&node, &owner, 400 * CKB, CANCEL_TIMEOUT_2021).await;
    let hash = tx.hash();
    let input = &tx.inputs[0].previous_output;
    let out_point_text = format!("0x{}{}", &hex(&input.tx_hash.0), &hex(&input.index.to_le_bytes()));

    refused(&node, &tx, Value::Null, -1102, "PoolRejectedTransactionByOutputsValidator: The transction is rejected by OutputsValidator set in params[1]: well_known_scripts_only. Please check the related information in https://github.com/nervosnetwork/ckb/wiki/Transaction-%C2%BB-Default-Outputs-Validator").await;
    let mut wrong_signer = tx.clone();
    sign_group(&mut wrong_signer, &[0], &signer(6));
    let pw_lock = hex(&testnet_2021_constants().pw_lock_code_hash.0);
    refused(&node, &wrong_signer, json!("passthrough"), -302, &format!("TransactionFailedToVerify: Verification failed Script(TransactionScriptError {{ source: Inputs[0].Lock, cause: ValidationFailure: see the error code -31 in the page https://nervosnetwork.github.io/ckb-script-error-codes/by-type-hash/{pw_lock}.html#-31 }})")).await;
    let mut no_fee = tx.clone();
    no_fee.outputs[1].capacity += tx_fee(&tx);
    sign_group(&mut no_fee, &[0], &owner);
    refused(&node, &no_fee, json!("passthrough"), -1104, &format!("PoolRejectedTransactionByMinFeeRate: The min fee rate is 1000 shannons/KB, so the transaction fee should be {} shannons at least, but only got 0", tx_fee(&tx))).await;
    let mut overdrawn = no_fee.clone();
    overdrawn.outputs[1].capacity += 1;
    sign_group(&mut overdrawn, &[0], &owner);
    let inputs: u64 = 10_000 * CKB;
    refused(&node, &overdrawn, json!("passthrough"), -302, &format!("TransactionFailedToVerify: Verification failed Transaction(OutputsSumOverflow: expected outputs capacity ({:#x}) <= inputs capacity ({inputs:#x}))", inputs + 1)).await;
    let mut too_small = tx.clone();
    too_small.outputs[0].capacity = 200 * CKB;
    too_small.outputs[1].capacity += 200 * CKB;
    sign_group(&mut too_small, &[0], &owner);
    refused(&node, &too_small, json!("passthrough"), -302, "TransactionFailedToVerify: Verification failed Transaction(InsufficientCellCapacity(Outputs[0]): expected occupied capacity (0x572bfaa00) <= capacity (0x4a817c800))").await;

    assert_eq!(send(&node, &tx).await.expect("accepted"), json!(hash));
    refused(&node, &tx, json!("passthrough"), -1107, &format!("PoolRejectedDuplicatedTransaction: Transaction(Byte32({hash})) already exist in transaction_pool")).await;
    let mut rival = tx.clone();
    rival.outputs[0].capacity += CKB;
    rival.outputs[1].capacity -= CKB;
    sign_group(&mut rival, &[0], &owner);
    refused(&node, &rival, json!("passthrough"), -301, &format!("TransactionFailedToResolve: Resolve failed Dead(OutPoint({out_point_text}))")).await;
    node.mine(1).await;
    refused(&node, &tx, json!("passthrough"), -301, &format!("TransactionFailedToResolve: Resolve failed Unknown(OutPoint({out_point_text}))")).await;
    let err = node.ckb("send_transaction", json!([tx, "everything"])).await.expect_err("bad validator");
    assert_eq!(err.code, -32602);
    audit_holds(&node).await;
    node.node.stop().await;
}

fn hex(bytes: &[u8]) -> String {
    godwoken_core::hex::encode(bytes)[2..].to_owned()
}

fn tx_fee(tx: &Transaction) -> u64 {
    tx.size_in_block()
}

/// The cancel of `deposit` (its output 0) with the owner's PW-lock cell `fee_cell`, built and
/// signed as the page does (the core's builder), with input `since`.
fn cancel(deposit: &Transaction, fee_cell: &Spendable, owner: &DevSigner, since: u64) -> Transaction {
    let input = CellInput { since, previous_output: OutPoint { tx_hash: deposit.hash(), index: 0 } };
    let unsigned = build::cancel_deposit(&testnet_2021_constants(), &testnet_2021_layer1(), &owner.address(), input, deposit.outputs[0].capacity, fee_cell)
        .expect("the change cell pays the fee");
    unsigned.signed(&owner.personal_sign(&unsigned.message.0).expect("signs"))
}

#[tokio::test]
async fn a_deposit_godwoken_leaves_stays_and_is_cancellable_only_after_its_timeout() {
    let start = 1_700_000_000_000;
    let (clock, now) = manual_clock(start);
    let node = TestNode::start_with_clock(common::args(None), clock).await;
    let owner = signer(7);
    // Ten minutes: shorter than Godwoken's 20 (godwoken#574's stuck deposit, the other way round).
    let short_timeout = 0xc000_0000_0000_0258;
    let tx = deposit(&node, &owner, 400 * CKB, short_timeout).await;
    send(&node, &tx).await.expect("accepted");
    node.mine(5).await;
    let deposit_cell = OutPoint { tx_hash: tx.hash(), index: 0 };
    assert!(live(&node, &deposit_cell).await, "Godwoken leaves it on Layer 1");
    let change = Spendable { out_point: OutPoint { tx_hash: tx.hash(), index: 1 }, capacity: tx.outputs[1].capacity };

    let deposit_lock = hex(&testnet_2021_layer1().deposit_lock_code_hash.0);
    let early = cancel(&tx, &change, &owner, 0);
    refused(&node, &early, json!("passthrough"), -302, &format!("TransactionFailedToVerify: Verification failed Script(TransactionScriptError {{ source: Inputs[0].Lock, cause: ValidationFailure: see the error code 6 in the page https://nervosnetwork.github.io/ckb-script-error-codes/by-type-hash/{deposit_lock}.html#6 }})")).await;
    let waiting = cancel(&tx, &change, &owner, short_timeout);
    refused(&node, &waiting, json!("passthrough"), -302, "TransactionFailedToVerify: Verification failed Transaction(Immature(Inputs[0]): the transaction is immature because of the since requirement)").await;
    // Eleven minutes later, once the median of the last 37 blocks has passed the timeout.
    now.fetch_add(11 * 60 * 1000, std::sync::atomic::Ordering::SeqCst);
    node.mine(37).await;
    let fee = tx_fee(&waiting);
    let mut alone = waiting.clone();
    alone.inputs.truncate(1);
    alone.outputs[0].capacity = tx.outputs[0].capacity - fee;
    alone.witnesses.clear();
    refused(&node, &alone, json!("passthrough"), -302, &format!("TransactionFailedToVerify: Verification failed Script(TransactionScriptError {{ source: Inputs[0].Lock, cause: ValidationFailure: see the error code 8 in the page https://nervosnetwork.github.io/ckb-script-error-codes/by-type-hash/{deposit_lock}.html#8 }})")).await;
    let before = node.ckb("get_cells_capacity", json!([{"script": owner_lock(&testnet_2021_constants(), &owner.address()), "script_type": "lock"}])).await.expect("capacity");
    send(&node, &waiting).await.expect("the cancel is accepted after its timeout");
    node.mine(1).await;
    assert!(!live(&node, &deposit_cell).await);
    let after = node.ckb("get_cells_capacity", json!([{"script": owner_lock(&testnet_2021_constants(), &owner.address()), "script_type": "lock"}])).await.expect("capacity");
    assert_eq!(quantity(&after["capacity"]), quantity(&before["capacity"]) + u128::from(400 * CKB - fee), "the CKB is back, less the fee");
    audit_holds(&node).await;
    node.node.stop().await;
}

/// The 2021 page's unlock of withdrawal cell `cell` for `owner`, reading rollup cell `rollup`,
/// built and signed as the page does (the core's builder).
fn unlock(cell: &IndexerCell, rollup: &OutPoint, fee_cell: &Spendable, owner: &DevSigner) -> Transaction {
    let parts = build::UnlockParts {
        withdrawal: cell.out_point.clone(),
        withdrawal_capacity: cell.output.capacity,
        owner_cell: fee_cell,
        rollup_cell: rollup.clone(),
        fee: build::UNLOCK_FEE_2021,
    };
    let unsigned = build::unlock_withdrawal(&testnet_2021_constants(), &testnet_2021_layer1(), &owner.address(), parts).expect("the cell pays the fee");
    unsigned.signed(&owner.personal_sign(&unsigned.message.0).expect("signs"))
}

async fn rollup_cell(node: &TestNode) -> OutPoint {
    let search = rpc::rollup_cell_search_key(&testnet_2021_constants());
    let page: Pagination<IndexerCell> =
        serde_json::from_value(node.ckb("get_cells", json!([search, "asc", "0x100", null])).await.expect("rollup")).expect("page");
    page.objects[0].out_point.clone()
}

#[tokio::test]
async fn the_manual_unlock_is_refused_before_finality_and_releases_once_after() {
    let mut args = common::args(None);
    args.unlock = Some("manual".into());
    let node = TestNode::start_with(args).await;
    let owner = signer(4);
    node.submit(&withdrawal(4, 0, 400 * CKB, 0)).await.expect("accepted");
    node.mine(3).await;
    let search = rpc::withdrawal_cells_search_key(&testnet_2021_constants(), &account_script_hash(&testnet_2021_constants(), &owner.address()));
    let page: Pagination<IndexerCell> =
        serde_json::from_value(node.ckb("get_cells", json!([search, "asc", "0x10", null])).await.expect("cells")).expect("page");
    let cell = page.objects[0].clone();
    let fee_cell = spendable(&node, &owner).await.remove(0);

    let withdrawal_lock = hex(&testnet_2021_constants().withdrawal_lock_code_hash.0);
    let early = unlock(&cell, &rollup_cell(&node).await, &fee_cell, &owner);
    refused(&node, &early, json!("passthrough"), -302, &format!("TransactionFailedToVerify: Verification failed Script(TransactionScriptError {{ source: Inputs[0].Lock, cause: ValidationFailure: see the error code 5 in the page https://nervosnetwork.github.io/ckb-script-error-codes/by-type-hash/{withdrawal_lock}.html#5 }})")).await;
    // Final at Layer 2 block 11; manual release leaves the cell for its owner.
    node.mine(8).await;
    assert_eq!(node.ckb("get_cells", json!([search, "asc", "0x10", null])).await.expect("cells")["objects"].as_array().map(Vec::len), Some(1));
    let stale = early;
    let rollup = hex(&rollup_cell_of(&stale).tx_hash.0);
    refused(&node, &stale, json!("passthrough"), -301, &format!("TransactionFailedToResolve: Resolve failed Unknown(OutPoint(0x{rollup}00000000))")).await;
    let tx = unlock(&cell, &rollup_cell(&node).await, &fee_cell, &owner);
    let layer1_before = spendable(&node, &owner).await.iter().map(|c| c.capacity).sum::<u64>();
    send(&node, &tx).await.expect("the unlock passes after finality");
    node.mine(1).await;
    let layer1_after = spendable(&node, &owner).await.iter().map(|c| c.capacity).sum::<u64>();
    assert_eq!(layer1_after, layer1_before + 400 * CKB - 10_000, "sell_capacity is paid out, less the fee");
    let again = node.ckb("send_transaction", json!([tx, "passthrough"])).await.expect_err("spent");
    assert_eq!(err_code(&again), -301);
    audit_holds(&node).await;
    node.node.stop().await;
}

#[tokio::test]
async fn gws_deposit_is_accepted_and_collected() {
    let node = TestNode::start().await;
    let owner = signer(3);
    let inputs: Vec<String> = spendable(&node, &owner)
        .await
        .iter()
        .map(|cell| format!("{}:{}={}", cell.out_point.tx_hash, cell.out_point.index, godwoken_core::amount::format_ckb_plain(cell.capacity.into())))
        .collect();
    let mut args = vec!["gw".to_owned(), "deposit".into(), "build".into(), "--network".into(), "devnet".into(), "--private-key".into()];
    args.push(godwoken_devnet::dev_accounts::HARDHAT_KEYS[3].to_owned());
    args.extend(["--amount".into(), "1000.5".into()]);
    for input in inputs {
        args.extend(["--input".into(), input]);
    }
    let out = godwoken_devnet::gw_cli::run(args).expect("gw builds the deposit");
    let before = layer2_balance(&node, &owner).await;
    let hash = node.ckb("send_transaction", out["send_transaction_params"].clone()).await.expect("accepted");
    assert_eq!(hash, out["hash"]);
    node.mine(4).await;
    assert_eq!(layer2_balance(&node, &owner).await, before + 100_050_000_000);
    audit_holds(&node).await;
    node.node.stop().await;
}

fn rollup_cell_of(tx: &Transaction) -> OutPoint {
    tx.cell_deps[1].out_point.clone()
}

fn err_code(err: &godwoken_core::rpc::ErrorObject) -> i64 {
    err.code
}

#[tokio::test]
async fn automine_makes_a_block_for_each_accepted_withdrawal_and_transaction() {
    let mut args = common::args(None);
    args.automine = true;
    let node = TestNode::start_with(args).await;
    let genesis = node.rpc("gw_get_tip_block_hash", json!([])).await.expect("tip");
    let hash = node.submit(&withdrawal(2, 0, 400 * CKB, 0)).await.expect("accepted");
    assert_eq!(node.rpc("gw_get_withdrawal", json!([hash])).await.expect("found")["status"], "committed", "in a block at once");
    assert_ne!(node.rpc("gw_get_tip_block_hash", json!([])).await.expect("tip"), genesis);
    // A refused withdrawal makes no block.
    let before = node.ckb("get_tip_block_number", json!([])).await.expect("tip");
    node.submit(&withdrawal(2, 0, 400 * CKB, 0)).await.expect_err("nonce used");
    assert_eq!(node.ckb("get_tip_block_number", json!([])).await.expect("tip"), before);
    let tx = deposit(&node, &signer(2), 400 * CKB, CANCEL_TIMEOUT_2021).await;
    send(&node, &tx).await.expect("accepted");
    assert_eq!(node.ckb("get_transaction", json!([tx.hash()])).await.expect("tx")["tx_status"]["status"], "committed");
    node.node.stop().await;
}

/// Runs `gw` (its library entry) off the async runtime, as a shell would.
async fn gw(args: Vec<String>) -> Result<Value, String> {
    tokio::task::spawn_blocking(move || {
        godwoken_devnet::gw_cli::run(std::iter::once("gw".to_owned()).chain(args)).map_err(|err| err.to_string())
    })
    .await
    .expect("joined")
}

#[tokio::test]
async fn gw_reads_balances_and_carries_a_withdrawal_and_a_deposit_to_the_chain() {
    let mut args = common::args(None);
    args.automine = true;
    let node = TestNode::start_with(args).await;
    let url = format!("{}/rpc", node.node.url());
    let key = godwoken_devnet::dev_accounts::HARDHAT_KEYS[3].to_owned();
    let address = signer(3).address().to_lower_hex();
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();

    let balance = gw(strings(&["balance", "--rpc-url", &url, &address])).await.expect("balance");
    assert_eq!((&balance["layer2"], &balance["layer1"]), (&json!("10000"), &json!("10000")));
    assert!(balance["layer2_account_id"].is_number());

    // Withdraw 400.5 CKB: nonce fetched, signed, submitted, and in a block (automine) when gw returns.
    let out = gw(strings(&["withdraw", "--rpc-url", &url, "--private-key", &key, "--amount", "400.5"])).await.expect("withdraws");
    assert_eq!((&out["status"], &out["nonce"], &out["amount"]), (&json!("committed"), &json!(0), &json!("400.5")));
    assert_eq!(gw(strings(&["balance", "--rpc-url", &url, &address])).await.expect("balance")["layer2"], "9599.5");

    // Deposit 500 CKB from the key's Layer 1 cells; Layer 2 credits it once Godwoken sees it.
    let out = gw(strings(&["deposit", "send", "--rpc-url", &url, "--private-key", &key, "--amount", "500", "--no-wait"])).await.expect("deposits");
    assert_eq!(node.ckb("get_transaction", json!([out["hash"]])).await.expect("tx")["tx_status"]["status"], "committed");
    node.mine(3).await;
    assert_eq!(gw(strings(&["balance", "--rpc-url", &url, &address])).await.expect("balance")["layer2"], "10099.5");

    // Failures in words.
    let stranger = DevSigner::from_bytes(&[0x77; 32]).expect("key");
    let err = gw(strings(&["withdraw", "--rpc-url", &url, "--private-key", &godwoken_core::hex::encode([0x77u8; 32]), "--amount", "300"])).await.expect_err("no account");
    assert!(err.contains("has no Layer 2 account yet"), "{err} for {}", stranger.address());
    let err = gw(strings(&["balance", "--rpc-url", "http://127.0.0.1:9/rpc", &address])).await.expect_err("nobody there");
    assert!(err.contains("cannot be reached"), "{err}");
    let err = gw(strings(&["withdraw", "--rpc-url", &url, "--private-key", &key, "--amount", "100"])).await.expect_err("too small");
    assert!(err.contains("refused"), "{err}");
    node.node.stop().await;
}
