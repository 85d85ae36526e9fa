//! Godwoken v0.6's withdrawal checks: each rule, its text, and the order in which they apply.

use godwoken_core::account::account_script;
use godwoken_core::eth::DevSigner;
use godwoken_core::mol::{Script, WithdrawalRequest};
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::verify::{prepare, verify, Rejection, WithdrawalState};
use godwoken_core::withdrawal::{build_raw_request, sign_with_dev_key, WithdrawalParams};
use godwoken_core::H256;

const KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const OTHER_KEY: &str = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const CKB: u64 = 100_000_000;

struct FakeState {
    pending: bool,
    script: Option<Script>,
    id: Option<u32>,
    balance: u128,
    nonce: u32,
}

impl WithdrawalState for FakeState {
    fn is_pending(&self, _: &H256) -> bool { self.pending }
    fn script(&self, _: &H256) -> Option<Script> { self.script.clone() }
    fn account_id(&self, _: &H256) -> Option<u32> { self.id }
    fn ckb_balance(&self, _: u32) -> u128 { self.balance }
    fn nonce(&self, _: u32) -> u32 { self.nonce }
}

fn healthy_state() -> FakeState {
    let constants = testnet_2021_constants();
    let address = DevSigner::from_hex(KEY).expect("key").address();
    FakeState {
        pending: false,
        script: Some(account_script(&constants, &address)),
        id: Some(3),
        balance: u128::from(1_000 * CKB),
        nonce: 2,
    }
}

fn signed(key: &str, params: WithdrawalParams, tweak: impl FnOnce(&mut godwoken_core::mol::RawWithdrawalRequest)) -> Vec<u8> {
    let constants = testnet_2021_constants();
    let signer = DevSigner::from_hex(KEY).expect("key");
    let mut raw = build_raw_request(&constants, &signer.address(), &params);
    tweak(&mut raw);
    let by = DevSigner::from_hex(key).expect("key");
    sign_with_dev_key(&by, &constants.rollup_type_hash, raw).expect("signs").to_bytes()
}

fn good_params() -> WithdrawalParams {
    WithdrawalParams { nonce: 2, capacity: 400 * CKB, fee: 1_000, ..Default::default() }
}

fn check(bytes: &[u8], state: &FakeState) -> Result<(), Rejection> {
    let constants = testnet_2021_constants();
    let prepared = prepare(&constants, bytes)?;
    verify(&constants, &prepared, state).map(|_| ())
}

#[test]
fn a_good_request_is_accepted_with_its_debit() {
    let constants = testnet_2021_constants();
    let bytes = signed(KEY, good_params(), |_| {});
    let prepared = prepare(&constants, &bytes).expect("parses");
    let accepted = verify(&constants, &prepared, &healthy_state()).expect("accepted");
    assert_eq!(accepted.debit, u128::from(400 * CKB) + 1_000);
    assert_eq!(accepted.account_id, 3);
    assert_eq!(accepted.hash, WithdrawalRequest::from_bytes(&bytes).expect("ok").hash());
}

#[test]
fn each_rule_with_its_text() {
    let state = healthy_state();
    let good = signed(KEY, good_params(), |_| {});

    // Malformed: molecule's own words.
    let err = check(&good[..200], &state).expect_err("malformed");
    assert_eq!(err.to_string(), "WithdrawalRequestReader total size doesn't match, expect 281, actual 200");

    // Over size: a valid table with a 50 000-byte signature.
    let mut huge = Vec::new();
    let total = 12 + 200 + 4 + 50_000;
    huge.extend_from_slice(&(total as u32).to_le_bytes());
    huge.extend_from_slice(&12u32.to_le_bytes());
    huge.extend_from_slice(&212u32.to_le_bytes());
    huge.extend_from_slice(&good[12..212]);
    huge.extend_from_slice(&50_000u32.to_le_bytes());
    huge.extend(std::iter::repeat_n(0u8, 50_000));
    assert_eq!(check(&huge, &state), Err(Rejection::OverSize));
    assert_eq!(Rejection::OverSize.to_string(), "withdrawal over size");

    assert_eq!(check(&good, &FakeState { pending: true, ..healthy_state() }), Err(Rejection::Duplicated));
    assert_eq!(check(&good, &FakeState { script: None, ..healthy_state() }), Err(Rejection::MissingKey));

    // Signature: another signer, v = 27, a 64-byte signature.
    assert_eq!(check(&signed(OTHER_KEY, good_params(), |_| {}), &state), Err(Rejection::InvalidSignature));
    let mut v27 = good.clone();
    v27[280] += 27;
    assert_eq!(check(&v27, &state), Err(Rejection::InvalidSignature));
    let mut short = Vec::new();
    short.extend_from_slice(&280u32.to_le_bytes());
    short.extend_from_slice(&good[4..12]);
    short.extend_from_slice(&good[12..212]);
    short.extend_from_slice(&64u32.to_le_bytes());
    short.extend_from_slice(&good[216..280]);
    assert_eq!(check(&short, &state), Err(Rejection::InvalidSignature));

    let small = signed(KEY, WithdrawalParams { capacity: 264 * CKB, ..good_params() }, |_| {});
    assert_eq!(
        check(&small, &state),
        Err(Rejection::InsufficientCapacity { expected: 265 * CKB, actual: 264 * CKB })
    );
    assert_eq!(check(&good, &FakeState { id: None, ..healthy_state() }), Err(Rejection::UnknownAccount));

    // The fee counts: exactly enough passes, one shannon less fails.
    let exact = u128::from(400 * CKB) + 1_000;
    assert_eq!(check(&good, &FakeState { balance: exact, ..healthy_state() }), Ok(()));
    assert_eq!(check(&good, &FakeState { balance: exact - 1, ..healthy_state() }), Err(Rejection::OverWithdrawal));

    let faked = signed(KEY, good_params(), |raw| raw.amount = 1);
    assert_eq!(check(&faked, &state), Err(Rejection::FakedCkb));

    assert_eq!(
        check(&good, &FakeState { nonce: 5, ..healthy_state() }),
        Err(Rejection::InvalidNonce { expected: 5, actual: 2 })
    );
}

#[test]
fn rules_apply_in_godwokens_order() {
    // A request that breaks every rule after the signature reports the capacity first, then the
    // account, the balance, the sUDT amount and the nonce, one at a time as each is fixed.
    let state = FakeState { id: None, balance: 0, nonce: 9, ..healthy_state() };
    let all_wrong = signed(KEY, WithdrawalParams { capacity: CKB, ..good_params() }, |raw| raw.amount = 5);
    assert!(matches!(check(&all_wrong, &state), Err(Rejection::InsufficientCapacity { .. })));
    let capacity_ok = signed(KEY, good_params(), |raw| raw.amount = 5);
    assert_eq!(check(&capacity_ok, &state), Err(Rejection::UnknownAccount));
    let state = FakeState { id: Some(3), ..state };
    assert_eq!(check(&capacity_ok, &state), Err(Rejection::OverWithdrawal));
    let state = FakeState { balance: u128::from(10_000 * CKB), ..state };
    assert_eq!(check(&capacity_ok, &state), Err(Rejection::FakedCkb));
    assert_eq!(check(&signed(KEY, good_params(), |_| {}), &state), Err(Rejection::InvalidNonce { expected: 9, actual: 2 }));
    // And a duplicate is reported before the missing script and the signature.
    let unknown = FakeState { pending: true, script: None, ..healthy_state() };
    assert_eq!(check(&v27_of(&signed(KEY, good_params(), |_| {})), &unknown), Err(Rejection::Duplicated));
}

fn v27_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[280] += 27;
    out
}
