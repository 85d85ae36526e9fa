//! The page's flows run natively against a scripted node, a signing fake wallet and an in-memory
//! store: what the user is told after each answer the node may give, and what is remembered.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::rc::Rc;

use ckb_l2_withdraw::model::pending::{remember, SubmittedWithdrawal};
use ckb_l2_withdraw::model::submission::WithdrawError;
use ckb_l2_withdraw::rpc::{NodeClient, RpcError};
use ckb_l2_withdraw::services::pending::fetch_pending;
use ckb_l2_withdraw::services::withdraw::{submit_withdrawal, AttemptCallbacks, Progress, WithdrawalOrder};
use ckb_l2_withdraw::services::SubmittedStore;
use ckb_l2_withdraw::wallet::WalletError;
use godwoken_core::account::account_script_hash;
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::mol::{GlobalState, GlobalStateLayout, WithdrawalRequest};
use godwoken_core::network::{self, NetworkConfig};
use godwoken_core::{hex, H256};
use serde_json::{json, Value};

mod fakes;
use fakes::{run, Answer, FakeNode, FakeWallet, HARDHAT_0};

const CKB: u64 = 100_000_000;

#[derive(Default)]
struct MemoryStore(RefCell<Vec<SubmittedWithdrawal>>);

impl SubmittedStore for MemoryStore {
    fn load(&self) -> Vec<SubmittedWithdrawal> {
        self.0.borrow().clone()
    }

    fn merge(&self, updates: &[SubmittedWithdrawal], last_finalized: Option<u64>) -> Vec<SubmittedWithdrawal> {
        let kept = remember(self.load(), updates, last_finalized);
        *self.0.borrow_mut() = kept.clone();
        kept
    }
}

fn devnet() -> NetworkConfig {
    network::preset_by_name("devnet").expect("the devnet preset")
}

fn rollup_cell(tip: u64, last_finalized: u64) -> Value {
    let state = GlobalState {
        rollup_config_hash: H256::ZERO,
        account_merkle_root: H256::ZERO,
        account_count: 4,
        block_merkle_root: H256::ZERO,
        block_count: tip + 1,
        reverted_block_root: H256::ZERO,
        tip_block_hash: H256::ZERO,
        tip_block_timestamp: 0,
        last_finalized_block_number: last_finalized,
        status: 0,
        version: 1,
        layout: GlobalStateLayout::V1,
    };
    let rollup = devnet().constants.rollup_type_script;
    json!({"objects": [{
        "output": {"capacity": "0x0", "lock": rollup, "type": rollup},
        "output_data": hex::encode(state.to_bytes()),
        "out_point": {"tx_hash": H256::ZERO, "index": "0x0"},
        "block_number": "0x1", "tx_index": "0x0"
    }], "last_cursor": "0x"})
}

/// A node where account 3 has nonce 2, the tip is 10, and submissions answer with `submit`.
fn scripted_node(submit: impl Fn(&Value) -> Answer + 'static) -> FakeNode {
    let node = FakeNode::default();
    let constants = devnet().constants;
    node.on("gw_get_nonce", |_| Answer::Result(json!("0x2")))
        .on("get_cells", |_| Answer::Result(rollup_cell(10, 0)))
        .on("poly_getRollupTypeHash", move |_| Answer::Result(json!(constants.rollup_type_hash)))
        .on("poly_getEthAccountLockHash", move |_| Answer::Result(json!(constants.eth_account_lock_code_hash)))
        .on("gw_submit_withdrawal_request", submit);
    node
}

fn hash_of(params: &Value) -> H256 {
    let bytes = hex::decode(params[0].as_str().expect("hex")).expect("hex");
    WithdrawalRequest::from_bytes(&bytes).expect("a request").hash()
}

fn order() -> WithdrawalOrder {
    let address = DevSigner::from_hex(HARDHAT_0).expect("key").address();
    WithdrawalOrder { node_ready: true, address, account_id: 3, capacity: 400 * CKB, fee: 0 }
}

fn attempt(node: &FakeNode, wallet: &FakeWallet, store: &MemoryStore) -> (Result<H256, WithdrawError>, Vec<Progress>) {
    let client = NodeClient::over(node.clone());
    let progress = RefCell::new(Vec::new());
    let record = |step| progress.borrow_mut().push(step);
    let callbacks = AttemptCallbacks { still_current: &|| true, progress: &record, now_ms: &|| 1_000 };
    let outcome = run(submit_withdrawal(&order(), &devnet(), &client, wallet, store, &callbacks));
    (outcome, progress.into_inner())
}

#[test]
fn an_accepted_request_is_remembered_with_its_hash() {
    let node = scripted_node(|params| Answer::Result(json!(hash_of(params))));
    let store = MemoryStore::default();
    let (outcome, progress) = attempt(&node, &FakeWallet::new(), &store);
    let hash = outcome.expect("accepted");
    assert!(matches!(progress.as_slice(), [Progress::SignatureRequested(_), Progress::Signed]));
    let stored = store.load();
    assert_eq!((stored.len(), stored[0].hash, stored[0].nonce, stored[0].tip_at_submit), (1, hash, 2, 10));
}

#[test]
fn a_null_answer_to_a_submission_is_never_a_success() {
    // The node answers `null` without taking the request, and does not know it when asked.
    let node = scripted_node(|_| Answer::Result(Value::Null));
    node.on("gw_get_withdrawal", |_| Answer::Result(Value::Null));
    let store = MemoryStore::default();
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    assert!(matches!(outcome, Err(WithdrawError::NotReceived(RpcError::Malformed { .. }))), "{outcome:?}");
    assert!(store.load().is_empty());
    // An answer with neither result nor error is malformed too, not an empty result.
    let node = scripted_node(|_| Answer::Raw(r#"{"jsonrpc":"2.0","id":ID}"#));
    node.on("gw_get_withdrawal", |_| Answer::Lost);
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    assert!(matches!(outcome, Err(WithdrawError::OutcomeUnknown { .. })), "{outcome:?}");
}

#[test]
fn a_lost_answer_is_settled_by_asking_the_node_for_the_hash() {
    // Taken, then the connection reset: the node knows the request, so it is a success.
    let node = scripted_node(|_| Answer::Lost);
    node.on("gw_get_withdrawal", |_| Answer::Result(json!({"status": "pending"})));
    let store = MemoryStore::default();
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    assert_eq!(outcome.expect("known to the node"), store.load()[0].hash);
    // The node is down for the follow-up: unknown, and remembered so that it stays in sight.
    let node = scripted_node(|_| Answer::Lost);
    node.on("gw_get_withdrawal", |_| Answer::Lost);
    let store = MemoryStore::default();
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    let Err(WithdrawError::OutcomeUnknown { hash, .. }) = outcome else { panic!("{outcome:?}") };
    assert_eq!((store.load()[0].hash, store.load()[0].unconfirmed), (hash, true));
}

#[test]
fn while_a_request_is_unconfirmed_no_new_one_is_built() {
    // The answer to the first submission was lost and the node could not be asked.
    let node = scripted_node(|_| Answer::Lost);
    node.on("gw_get_withdrawal", |_| Answer::Lost);
    let store = MemoryStore::default();
    let wallet = FakeWallet::new();
    let (first, _) = attempt(&node, &wallet, &store);
    let Err(WithdrawError::OutcomeUnknown { hash, .. }) = first else { panic!("{first:?}") };
    // A retry while the node still cannot tell: refused before anything is signed or sent.
    let (retry, progress) = attempt(&node, &wallet, &store);
    assert_eq!(retry, Err(WithdrawError::PreviousUnconfirmed(hash)));
    assert!(progress.is_empty());
    assert_eq!((*wallet.signed.borrow(), node.called("gw_submit_withdrawal_request")), (1, 1));
    // The node answers at last: it never took it, so a new request may be built.
    node.on("gw_get_withdrawal", |_| Answer::Result(Value::Null))
        .on("gw_submit_withdrawal_request", |params| Answer::Result(json!(hash_of(params))));
    let (retry, _) = attempt(&node, &wallet, &store);
    // Same nonce, same amount: the very same bytes, so the same hash, now taken.
    assert_eq!(retry, Ok(hash));
    let stored = store.load();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].unconfirmed && !stored[0].unknown_to_node);
}

#[test]
fn the_user_may_stop_waiting_and_a_node_that_took_it_settles_it() {
    use ckb_l2_withdraw::services::withdraw::stop_waiting;
    let waiting = SubmittedWithdrawal {
        hash: H256([3; 32]), capacity: 400 * CKB, nonce: 1, submitted_at_ms: 1, tip_at_submit: 5, block_number: None,
        unknown_to_node: false, unconfirmed: true,
    };
    let store = MemoryStore::default();
    store.merge(std::slice::from_ref(&waiting), None);
    stop_waiting(&store, waiting.hash);
    assert!(!store.load()[0].unconfirmed, "no longer blocking");
    // A node that knows the request settles it as taken (it stays listed, not "unknown").
    let store = MemoryStore::default();
    store.merge(std::slice::from_ref(&waiting), None);
    let node = scripted_node(|params| Answer::Result(json!(hash_of(params))));
    node.on("gw_get_withdrawal", |_| Answer::Result(json!({"status": "pending"})));
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    assert!(outcome.is_ok(), "{outcome:?}");
    let settled = store.load().into_iter().find(|s| s.hash == waiting.hash).expect("kept");
    assert!(!settled.unconfirmed && !settled.unknown_to_node);
}

#[test]
fn a_node_that_changed_its_constants_gets_nothing_signed() {
    let node = scripted_node(|_| panic!("nothing may be submitted"));
    node.on("poly_getRollupTypeHash", |_| Answer::Result(json!(H256([9; 32]))));
    let wallet = FakeWallet::new();
    let (outcome, progress) = attempt(&node, &wallet, &MemoryStore::default());
    assert!(matches!(outcome, Err(WithdrawError::Mismatch(_))), "{outcome:?}");
    assert!(progress.is_empty());
    assert_eq!(*wallet.signed.borrow(), 0);
}

#[test]
fn another_hash_from_the_node_keeps_the_request_in_sight() {
    let node = scripted_node(|_| Answer::Result(json!(H256([5; 32]))));
    let store = MemoryStore::default();
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    let Err(WithdrawError::HashMismatch { returned, expected }) = outcome else { panic!("{outcome:?}") };
    assert_eq!(returned, H256([5; 32]));
    assert_eq!(store.load()[0].hash, expected);
}

#[test]
fn refusals_and_wallet_faults_send_and_remember_nothing() {
    let node = scripted_node(|_| Answer::Error(0, "invalid nonce"));
    let store = MemoryStore::default();
    let (outcome, _) = attempt(&node, &FakeWallet::new(), &store);
    assert!(matches!(outcome, Err(WithdrawError::Node(RpcError::Node(_)))), "{outcome:?}");
    assert!(store.load().is_empty());

    let node = scripted_node(|_| panic!("nothing may be submitted"));
    let refusing = FakeWallet { refuse: true, ..FakeWallet::new() };
    let (outcome, _) = attempt(&node, &refusing, &store);
    assert_eq!(outcome, Err(WithdrawError::Wallet(WalletError::Rejected)));
    // Another account in the wallet: the message is never shown, nothing is asked of the node.
    let node = scripted_node(|_| panic!("nothing may be submitted"));
    let switched = FakeWallet { account: Some(EthAddress([1; 20])), ..FakeWallet::new() };
    let (outcome, _) = attempt(&node, &switched, &store);
    assert_eq!(outcome, Err(WithdrawError::AccountSwitched(order().address)));
    assert_eq!((*switched.signed.borrow(), node.called("gw_get_nonce")), (0, 0));
    assert!(store.load().is_empty());
}

#[test]
fn a_request_submitted_during_a_refresh_is_not_lost() {
    let address = order().address;
    let script_hash = account_script_hash(&devnet().constants, &address);
    let earlier = SubmittedWithdrawal {
        hash: H256([1; 32]), capacity: 400 * CKB, nonce: 1, submitted_at_ms: 1, tip_at_submit: 5, block_number: None, unknown_to_node: false,
        unconfirmed: false,
    };
    let store = Rc::new(MemoryStore::default());
    store.merge(std::slice::from_ref(&earlier), None);
    let during = SubmittedWithdrawal { hash: H256([2; 32]), nonce: 2, submitted_at_ms: 2, ..earlier.clone() };
    let node = FakeNode::default();
    let (writer, added) = (store.clone(), during.clone());
    node.on("get_cells", |params| {
        let rollup = serde_json::to_value(devnet().constants.rollup_type_script).expect("json");
        if params[0]["script"] == rollup { Answer::Result(rollup_cell(10, 0)) } else { Answer::Result(json!({"objects": [], "last_cursor": "0x"})) }
    })
    // While the refresh waits on the node, the page submits another request.
    .on("gw_get_withdrawal", move |_| {
        writer.merge(std::slice::from_ref(&added), None);
        Answer::Result(Value::Null)
    });
    let fetched = run(fetch_pending(&NodeClient::over(node.clone()), &devnet(), store.as_ref(), script_hash)).expect("fetched");
    let stored = store.load();
    assert_eq!(stored.len(), 2, "both requests are remembered");
    assert!(stored.iter().any(|s| s.hash == during.hash));
    assert!(stored.iter().any(|s| s.hash == earlier.hash && s.unknown_to_node), "what the refresh learnt is kept too");
    assert_eq!(fetched.rows.len(), 2);
}

#[test]
fn indexer_pages_out_of_bounds_are_refused() {
    use godwoken_core::rpc::withdrawal_cells_search_key;
    let key = withdrawal_cells_search_key(&devnet().constants, &H256::ZERO);
    let cell = rollup_cell(1, 0)["objects"][0].clone();
    let node = FakeNode::default();
    let page = cell.clone();
    node.on("get_cells", move |_| Answer::Result(json!({"objects": [page.clone(), page.clone(), page.clone()], "last_cursor": "0x01"})));
    let outcome = run(NodeClient::over(node).all_cells(&key, 2, 100));
    assert!(matches!(outcome, Err(RpcError::Malformed { .. })), "a page longer than asked: {outcome:?}");
    let node = FakeNode::default();
    node.on("get_cells", move |_| Answer::Result(json!({"objects": [cell.clone(), cell.clone()], "last_cursor": "0x01"})));
    let outcome = run(NodeClient::over(node.clone()).all_cells(&key, 2, 100));
    assert!(matches!(outcome, Err(RpcError::Malformed { .. })), "a repeated cursor: {outcome:?}");
    assert_eq!(node.called("get_cells"), 2, "not followed further");
}

#[test]
fn the_devnet_faucet_pays_the_connected_address_and_says_why_not() {
    use ckb_l2_withdraw::services::faucet::{request_faucet, FaucetError, FAUCET_SHANNONS};
    let address = DevSigner::from_hex(HARDHAT_0).expect("key").address();
    let node = FakeNode::default();
    let asked = Rc::new(RefCell::new(Value::Null));
    let seen = asked.clone();
    node.on("dev_fund_layer1", move |params| {
        *seen.borrow_mut() = params.clone();
        Answer::Result(json!(H256([4; 32])))
    });
    let client = NodeClient::over(node.clone());
    assert_eq!(run(request_faucet(&client, &devnet(), &address)), Ok(H256([4; 32])));
    assert_eq!(*asked.borrow(), json!([address.to_lower_hex(), format!("{FAUCET_SHANNONS:#x}")]));

    // Other networks have no faucet: nothing is asked.
    let testnet = network::preset_by_name("testnet").expect("preset");
    assert_eq!(run(request_faucet(&client, &testnet, &address)), Err(FaucetError::NotDevnet));
    assert_eq!(node.called("dev_fund_layer1"), 1);

    // A refusal is said in the devnet's words; a node that does not answer, as such.
    node.on("dev_fund_layer1", |_| Answer::Error(-32602, "funding refused: the devnet holds at most 10000000000 CKB in total"));
    let refused = run(request_faucet(&client, &devnet(), &address)).expect_err("refused");
    assert!(refused.to_string().contains("funding refused"), "{refused}");
    node.on("dev_fund_layer1", |_| Answer::Lost);
    assert!(matches!(run(request_faucet(&client, &devnet(), &address)), Err(FaucetError::Rpc(RpcError::Unreachable { .. }))));
    node.on("dev_fund_layer1", |_| Answer::Result(Value::Null));
    assert!(matches!(run(request_faucet(&client, &devnet(), &address)), Err(FaucetError::Rpc(RpcError::Malformed { .. }))), "null is not a hash");
}
