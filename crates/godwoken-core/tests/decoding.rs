//! Strict decoding: every malformed input is refused with the reason, and no input panics.

use godwoken_core::address::{decode_address, encode_address, AddressPrefix};
use godwoken_core::amount::{format_ckb_plain, parse_ckb};
use godwoken_core::hex;
use godwoken_core::mol::{
    DecodeError, Fee, GlobalState, GlobalStateLayout, HashType, RawWithdrawalRequest, Script,
    WithdrawalLockArgs, WithdrawalRequest,
};
use godwoken_core::quantity;
use godwoken_core::H256;
use proptest::prelude::*;

const V1_REQUEST: &str = include_str!("fixtures/withdrawal-v0.json");

fn vector_request_bytes() -> Vec<u8> {
    let fixture: serde_json::Value = serde_json::from_str(V1_REQUEST).expect("JSON");
    hex::decode(fixture["vectors"][0]["withdrawal_request_hex"].as_str().expect("hex"))
        .expect("bytes")
}

#[test]
fn withdrawal_request_refusals_say_what_is_wrong() {
    let good = vector_request_bytes();
    assert!(WithdrawalRequest::from_bytes(&good).is_ok());

    // One byte short: the header's total size no longer matches.
    assert_eq!(
        WithdrawalRequest::from_bytes(&good[..good.len() - 1]),
        Err(DecodeError::WrongTotalSize { type_name: "WithdrawalRequest", expected: 281, actual: 280 })
    );
    // Fewer bytes than a header.
    assert!(matches!(
        WithdrawalRequest::from_bytes(&[1, 0]),
        Err(DecodeError::TruncatedHeader { .. })
    ));
    // An extra (third) field: Godwoken parses strictly.
    let mut extra = Vec::new();
    let total = good.len() + 4 + 4;
    extra.extend_from_slice(&(total as u32).to_le_bytes());
    extra.extend_from_slice(&16u32.to_le_bytes());
    extra.extend_from_slice(&(16 + 200u32).to_le_bytes());
    extra.extend_from_slice(&(16 + 200 + 69u32).to_le_bytes());
    extra.extend_from_slice(&good[12..]);
    extra.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(
        WithdrawalRequest::from_bytes(&extra),
        Err(DecodeError::WrongFieldCount { type_name: "WithdrawalRequest", expected: 2, actual: 3 })
    );
    // Offsets pointing backwards.
    let mut bad_offsets = good.clone();
    bad_offsets[8..12].copy_from_slice(&8u32.to_le_bytes());
    assert!(WithdrawalRequest::from_bytes(&bad_offsets).is_err());
    // A 64-byte signature.
    let mut short_sig = Vec::new();
    short_sig.extend_from_slice(&(good.len() as u32 - 1).to_le_bytes());
    short_sig.extend_from_slice(&good[4..12]);
    short_sig.extend_from_slice(&good[12..212]);
    short_sig.extend_from_slice(&64u32.to_le_bytes());
    short_sig.extend_from_slice(&good[216..280]);
    assert_eq!(WithdrawalRequest::from_bytes(&short_sig), Err(DecodeError::WrongSignatureLength(64)));
}

#[test]
fn struct_sizes_are_exact() {
    assert!(matches!(
        RawWithdrawalRequest::from_bytes(&[0; 199]),
        Err(DecodeError::WrongTotalSize { expected: 200, actual: 199, .. })
    ));
    assert!(matches!(
        WithdrawalLockArgs::from_lock_args(&[0; 193]),
        Err(DecodeError::WrongTotalSize { expected: 192, actual: 193, .. })
    ));
    assert!(matches!(GlobalState::from_bytes(&[0; 189]), Err(DecodeError::WrongTotalSize { .. })));
}

#[test]
fn script_hash_type_is_checked() {
    let script = Script::of_type(H256([1; 32]), vec![1, 2, 3]);
    let mut bytes = script.to_bytes();
    let hash_type_at = 16 + 32;
    bytes[hash_type_at] = 9;
    assert_eq!(Script::from_bytes(&bytes), Err(DecodeError::UnknownHashType(9)));
}

#[test]
fn global_state_both_layouts() {
    for (layout, len, offset) in [(GlobalStateLayout::V1, 190, 180), (GlobalStateLayout::V0, 181, 172)] {
        let state = GlobalState {
            rollup_config_hash: H256([1; 32]),
            account_merkle_root: H256([2; 32]),
            account_count: 3,
            block_merkle_root: H256([4; 32]),
            block_count: 5,
            reverted_block_root: H256([6; 32]),
            tip_block_hash: H256([7; 32]),
            tip_block_timestamp: if layout == GlobalStateLayout::V1 { 8 } else { 0 },
            last_finalized_block_number: 0x0102_0304_0506_0708,
            status: 0,
            version: if layout == GlobalStateLayout::V1 { 1 } else { 0 },
            layout,
        };
        let bytes = state.to_bytes();
        assert_eq!(bytes.len(), len);
        assert_eq!(bytes[offset..offset + 8], 0x0102_0304_0506_0708u64.to_le_bytes());
        assert_eq!(GlobalState::from_bytes(&bytes), Ok(state));
    }
}

fn h256() -> impl Strategy<Value = H256> {
    any::<[u8; 32]>().prop_map(H256)
}

fn raw_request() -> impl Strategy<Value = RawWithdrawalRequest> {
    (
        (any::<u32>(), any::<u64>(), any::<u128>(), h256(), h256()),
        (any::<u128>(), any::<u64>(), h256(), h256(), any::<u32>(), any::<u128>()),
    )
        .prop_map(|((nonce, capacity, amount, sudt, account), (sa, sc, owner, payment, id, fee))| {
            RawWithdrawalRequest {
                nonce,
                capacity,
                amount,
                sudt_script_hash: sudt,
                account_script_hash: account,
                sell_amount: sa,
                sell_capacity: sc,
                owner_lock_hash: owner,
                payment_lock_hash: payment,
                fee: Fee { sudt_id: id, amount: fee },
            }
        })
}

proptest! {
    #[test]
    fn raw_and_signed_requests_round_trip(raw in raw_request(), sig in any::<[u8; 32]>(), v in 0u8..2) {
        let mut signature = [0u8; 65];
        signature[..32].copy_from_slice(&sig);
        signature[32..64].copy_from_slice(&sig);
        signature[64] = v;
        prop_assert_eq!(RawWithdrawalRequest::from_bytes(&raw.to_bytes()), Ok(raw));
        let request = WithdrawalRequest { raw, signature };
        let bytes = request.to_bytes();
        prop_assert_eq!(bytes.len(), 281);
        prop_assert_eq!(WithdrawalRequest::from_bytes(&bytes), Ok(request));
    }

    #[test]
    fn scripts_round_trip(code in h256(), t in 0u8..3, args in proptest::collection::vec(any::<u8>(), 0..300)) {
        let script = Script { code_hash: code, hash_type: HashType::from_byte(t).expect("0..3"), args: args.into() };
        prop_assert_eq!(Script::from_bytes(&script.to_bytes()), Ok(script.clone()));
        for prefix in [AddressPrefix::Ckb, AddressPrefix::Ckt] {
            let text = encode_address(prefix, &script);
            prop_assert_eq!(decode_address(&text), Ok((prefix, script.clone())));
        }
    }

    #[test]
    fn lock_args_round_trip(a in h256(), b in h256(), n in any::<u64>(), c in h256(), sa in any::<u128>(), sc in any::<u64>(), o in h256(), p in h256(), rollup in h256()) {
        let args = WithdrawalLockArgs { account_script_hash: a, withdrawal_block_hash: b, withdrawal_block_number: n,
            sudt_script_hash: c, sell_amount: sa, sell_capacity: sc, owner_lock_hash: o, payment_lock_hash: p };
        prop_assert_eq!(WithdrawalLockArgs::from_lock_args(&args.to_lock_args(&rollup)), Ok((Some(rollup), args)));
    }

    #[test]
    fn decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Script::from_bytes(&bytes);
        let _ = RawWithdrawalRequest::from_bytes(&bytes);
        let _ = WithdrawalRequest::from_bytes(&bytes);
        let _ = WithdrawalLockArgs::from_lock_args(&bytes);
        let _ = GlobalState::from_bytes(&bytes);
    }

    #[test]
    fn table_decoders_never_panic_on_plausible_headers(total in 0u32..400, offsets in proptest::collection::vec(0u32..400, 0..4), tail in proptest::collection::vec(any::<u8>(), 0..300)) {
        // Random bytes rarely form a table header; build headers on purpose to reach the offset checks.
        let mut bytes = total.to_le_bytes().to_vec();
        for offset in offsets { bytes.extend_from_slice(&offset.to_le_bytes()); }
        bytes.extend_from_slice(&tail);
        let _ = Script::from_bytes(&bytes);
        let _ = WithdrawalRequest::from_bytes(&bytes);
    }

    #[test]
    fn text_decoders_never_panic(text in "\\PC{0,120}") {
        let _ = decode_address(&text);
        let _ = parse_ckb(&text);
        let _ = quantity::decode_bits(&text, 64);
        let _ = hex::decode(&text);
        let _ = godwoken_core::eth::EthAddress::parse(&text);
    }

    #[test]
    fn amounts_round_trip(shannons in any::<u64>()) {
        prop_assert_eq!(parse_ckb(&format_ckb_plain(u128::from(shannons))), Ok(shannons));
    }

    #[test]
    fn quantities_round_trip(value in any::<u128>()) {
        prop_assert_eq!(quantity::decode_bits(&quantity::encode(value), 128), Ok(value));
    }
}
