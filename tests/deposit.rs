//! The page's deposit flow natively, against a scripted CKB node and indexer and a signing fake
//! wallet: what it builds and signs (checked with the devnet's own PW-lock rules), and what the
//! user is told after each answer the node may give.
#![cfg(not(target_arch = "wasm32"))]

mod fakes;

use ckb_l2_withdraw::rpc::{NodeClient, RpcError};
use ckb_l2_withdraw::model::deposit::{DepositProblem, Depositor};
use ckb_l2_withdraw::services::deposit::{deposit_status, depositor, spendable_cells, DepositStatus};
use ckb_l2_withdraw::services::layer1::{recheck_constants, send_signed, sign_transaction, Layer1Error, Sent};
use fakes::{run, Answer, FakeNode, FakeWallet};
use godwoken_core::account::owner_lock;
use godwoken_core::ckb::build::Unsigned;
use godwoken_core::ckb::pw_lock;
use godwoken_core::ckb::since::Epoch;
use godwoken_core::ckb::{ResolvedCell, ResolvedTransaction, Transaction};
use godwoken_core::network::{self, NetworkConfig};
use godwoken_core::rpc::CellOutput;
use godwoken_core::H256;
use serde_json::{json, Value};

const CKB: u64 = 100_000_000;

fn devnet() -> NetworkConfig {
    network::preset_by_name("devnet").expect("the devnet preset")
}

/// A node whose indexer lists two 400 CKB cells of Hardhat #0 (and one with data, which must be
/// left out), and whose `send_transaction` answers with `send`.
fn node_with_cells(send: impl Fn(&Value) -> Answer + 'static) -> FakeNode {
    let node = FakeNode::default();
    let lock = owner_lock(&devnet().constants, &FakeWallet::new().signer.address());
    let cell = |tag: u8, data: &str| {
        json!({"output": {"capacity": format!("{:#x}", 400 * CKB), "lock": lock, "type": null}, "output_data": data,
               "out_point": {"tx_hash": H256([tag; 32]), "index": "0x0"}, "block_number": "0x350001", "tx_index": "0x1"})
    };
    let objects = json!([cell(1, "0x"), cell(2, "0x"), cell(3, "0x00")]);
    node.on("get_cells", move |_| Answer::Result(json!({"objects": objects, "last_cursor": "0x"})));
    node.on("send_transaction", send);
    node
}

fn hash_of_sent(params: &Value) -> H256 {
    let tx: Transaction = serde_json::from_value(params[0].clone()).expect("a transaction");
    assert_eq!(params[1], "passthrough", "as the 2021 clients sent it");
    tx.hash()
}

/// What the dialog plans for `amount` with the cells the node lists for `address`.
fn planned(node: &FakeNode, address: godwoken_core::eth::EthAddress, amount: &str) -> Result<Unsigned, DepositProblem> {
    let cells = run(spendable_cells(&NodeClient::over(node.clone()), &devnet(), &address)).expect("cells");
    let depositor: Depositor = depositor(&devnet(), address).expect("the devnet takes deposits");
    depositor.plan(amount, &cells)
}

fn signed_deposit(node: &FakeNode, wallet: &FakeWallet) -> Transaction {
    let address = wallet.signer.address();
    let unsigned = planned(node, address, "400").expect("builds");
    run(sign_transaction(&unsigned, &address, wallet, &|| true)).expect("signs")
}

#[test]
fn the_signed_deposit_passes_the_pw_lock_rules_and_is_sent_once() {
    let node = node_with_cells(|params| Answer::Result(json!(hash_of_sent(params))));
    let wallet = FakeWallet::new();
    let tx = signed_deposit(&node, &wallet);
    assert_eq!(tx.inputs.len(), 2, "400 + 61 CKB need both plain cells; the one with data is not spent");
    assert_eq!(tx.outputs[0].capacity, 400 * CKB);
    // The devnet's PW-lock rule accepts the page's signature.
    let cell = |_| ResolvedCell {
        output: CellOutput { capacity: 400 * CKB, lock: owner_lock(&devnet().constants, &wallet.signer.address()), type_: None },
        data: Vec::new(),
        block_number: 0,
        block_timestamp_ms: 0,
        block_epoch: Epoch { number: 0, index: 0, length: 1 },
    };
    let cells: Vec<ResolvedCell> = (0..2).map(cell).collect();
    let rtx = ResolvedTransaction { tx: &tx, hash: tx.hash(), inputs: &cells, deps: &[] };
    assert_eq!(pw_lock::verify_group(&rtx, &[0, 1], &wallet.signer.address().0), 0);
    let client = NodeClient::over(node.clone());
    assert_eq!(run(send_signed(&client, &tx)), Ok(Sent { hash: tx.hash(), earlier: false }));
    assert_eq!((node.called("send_transaction"), *wallet.signed.borrow()), (1, 1));
}

#[test]
fn nothing_is_signed_for_another_account_or_without_enough_ckb() {
    let node = node_with_cells(|_| panic!("nothing is sent"));
    let wallet = FakeWallet { account: Some(godwoken_core::eth::EthAddress([9; 20])), ..FakeWallet::new() };
    let address = FakeWallet::new().signer.address();
    let unsigned = planned(&node, address, "400").expect("builds");
    assert_eq!(run(sign_transaction(&unsigned, &address, &wallet, &|| true)), Err(Layer1Error::AccountSwitched(address)));
    let short = planned(&node, address, "1000").expect_err("800 CKB cannot pay 1 000");
    let DepositProblem::AboveMaximum { max } = short else { panic!("{short:?}") };
    assert!(max < 800 * CKB - 61 * CKB && max > 738 * CKB, "800 CKB less the change and a fee of bytes: {max}");
    assert!(short.to_string().starts_with("You can deposit at most 738.99"), "{short}");
    assert_eq!(planned(&node, address, "289.99999999"), Err(DepositProblem::BelowMinimum));
    assert!(matches!(planned(&node, address, "4OO"), Err(DepositProblem::Unparsable(_))));
    let empty = FakeNode::default();
    empty.on("get_cells", |_| Answer::Result(json!({"objects": [], "last_cursor": "0x"})));
    assert_eq!(planned(&empty, address, "400"), Err(DepositProblem::NotEnoughLayer1 { spendable: 0 }));
    let mainnet = network::preset_by_name("mainnet").expect("preset");
    assert_eq!(depositor(&mainnet, address), Err(Layer1Error::Unsupported));
    let cancelled = run(sign_transaction(&unsigned, &address, &FakeWallet::new(), &|| false));
    assert_eq!(cancelled, Err(Layer1Error::Cancelled));
    assert_eq!(wallet.signed.take(), 0);
}

#[test]
fn a_lost_answer_is_looked_up_before_anything_is_said() {
    let wallet = FakeWallet::new();
    let lost = node_with_cells(|_| Answer::Lost);
    let tx = signed_deposit(&lost, &wallet);
    let client = NodeClient::over(lost.clone());
    // The node has it: accepted (this send's answer was the one lost).
    lost.on("get_transaction", |_| Answer::Result(json!({"transaction": null, "tx_status": {"status": "pending", "block_hash": null, "reason": null}})));
    assert_eq!(run(send_signed(&client, &tx)), Ok(Sent { hash: tx.hash(), earlier: false }));
    // The node does not know it: it was not received (CKB v0.101's "unknown", or v0.100's null).
    lost.on("get_transaction", |_| Answer::Result(json!({"transaction": null, "tx_status": {"status": "unknown", "block_hash": null, "reason": null}})));
    assert!(matches!(run(send_signed(&client, &tx)), Err(Layer1Error::NotReceived(_))));
    lost.on("get_transaction", |_| Answer::Result(Value::Null));
    assert!(matches!(run(send_signed(&client, &tx)), Err(Layer1Error::NotReceived(_))));
    lost.on("get_transaction", |_| Answer::Result(json!({"transaction": null, "tx_status": {"status": "rejected", "block_hash": null, "reason": "dropped"}})));
    let rejected = run(send_signed(&client, &tx));
    assert!(matches!(rejected, Err(Layer1Error::NotReceived(_))), "a rejected transaction is not in: {rejected:?}");
    // The node cannot be asked: the fate is unknown, and the hash is kept.
    lost.on("get_transaction", |_| Answer::Lost);
    assert!(matches!(run(send_signed(&client, &tx)), Err(Layer1Error::OutcomeUnknown { hash, .. }) if hash == tx.hash()));
}

#[test]
fn refusals_are_said_in_ckbs_words_and_a_resend_of_a_known_deposit_is_no_error() {
    let wallet = FakeWallet::new();
    let refusing = node_with_cells(|_| Answer::Error(-301, "TransactionFailedToResolve: Resolve failed Dead(OutPoint(0x01))"));
    let tx = signed_deposit(&refusing, &wallet);
    let client = NodeClient::over(refusing.clone());
    refusing.on("get_transaction", |_| Answer::Result(json!({"transaction": null, "tx_status": {"status": "unknown", "block_hash": null, "reason": null}})));
    let refused = run(send_signed(&client, &tx)).expect_err("refused");
    assert!(matches!(&refused, Layer1Error::Refused(RpcError::Node(_))));
    assert!(refused.to_string().contains("Resolve failed Dead"), "{refused}");
    assert!(refused.to_string().ends_with("already spent or unknown (another transaction used it): close the dialog and try again with your current cells."), "{refused}");
    // Sent again after an answer was lost: the node refuses the duplicate but has the deposit,
    // from the earlier send.
    refusing.on("get_transaction", |_| Answer::Result(json!({"transaction": null, "tx_status": {"status": "committed", "block_hash": H256([5; 32]), "reason": null}})));
    assert_eq!(run(send_signed(&client, &tx)), Ok(Sent { hash: tx.hash(), earlier: true }));
    let other = node_with_cells(|_| Answer::Result(json!(H256([6; 32]))));
    let client = NodeClient::over(other);
    assert!(matches!(run(send_signed(&client, &tx)), Err(Layer1Error::HashMismatch { .. })));
}

#[test]
fn a_deposit_is_followed_until_layer2_collects_it() {
    let node = FakeNode::default();
    let client = NodeClient::over(node.clone());
    let hash = H256([7; 32]);
    let status = |s: &'static str, block: Option<H256>| {
        move |_: &Value| Answer::Result(json!({"transaction": null, "tx_status": {"status": s, "block_hash": block, "reason": null}}))
    };
    node.on("get_transaction", status("unknown", None));
    assert_eq!(run(deposit_status(&client, &hash)), Ok(DepositStatus::Unknown));
    node.on("get_transaction", status("pending", None));
    assert_eq!(run(deposit_status(&client, &hash)), Ok(DepositStatus::Pending));
    node.on("get_transaction", status("committed", Some(H256([8; 32]))));
    node.on("get_live_cell", |params| {
        assert_eq!(params[0]["index"], "0x0", "the deposit is output 0");
        Answer::Result(json!({"cell": {"output": null, "data": null}, "status": "live"}))
    });
    node.on("get_header", |params| {
        assert_eq!(params[0], json!(H256([8; 32])), "the committing block");
        Answer::Result(json!({"number": "0x350002", "hash": H256([8; 32]), "timestamp": "0x17d7a2e8c00", "epoch": "0x7080000000a"}))
    });
    assert_eq!(run(deposit_status(&client, &hash)), Ok(DepositStatus::Committed { block: 0x350002 }));
    node.on("get_live_cell", |_| Answer::Result(json!({"cell": null, "status": "unknown"})));
    assert_eq!(run(deposit_status(&client, &hash)), Ok(DepositStatus::Collected { block: 0x350002 }));
    node.on("get_header", |_| Answer::Result(Value::Null));
    assert!(matches!(run(deposit_status(&client, &hash)), Err(RpcError::Malformed { .. })), "a committing block the node does not know");
    node.on("get_transaction", status("committed", None));
    assert!(matches!(run(deposit_status(&client, &hash)), Err(RpcError::Malformed { .. })));
}

#[test]
fn a_node_that_changed_rollup_is_caught_right_before_the_wallet_opens() {
    let node = FakeNode::default();
    let constants = devnet().constants;
    let (rollup, lock) = (constants.rollup_type_hash, constants.eth_account_lock_code_hash);
    node.on("poly_getEthAccountLockHash", move |_| Answer::Result(json!(lock)));
    node.on("poly_getRollupTypeHash", move |_| Answer::Result(json!(rollup)));
    let client = NodeClient::over(node.clone());
    assert_eq!(run(recheck_constants(&client, &devnet())), Ok(()));
    node.on("poly_getRollupTypeHash", |_| Answer::Result(json!(H256([9; 32]))));
    let refused = run(recheck_constants(&client, &devnet())).expect_err("another rollup");
    assert!(matches!(refused, Layer1Error::Mismatch(_)), "{refused:?}");
    assert!(refused.to_string().contains("Signing is disabled"), "{refused}");
}
