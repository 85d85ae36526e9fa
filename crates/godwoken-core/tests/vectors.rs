//! The shared Godwoken v0 vectors (`fixtures/withdrawal-v0.json`, a copy of
//! `shared/vectors/withdrawal-v0.json`), asserted byte for byte.

use godwoken_core::account::{
    account_script, account_script_hash, owner_lock, owner_lock_hash, short_address,
};
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::hex::{self, H256};
use godwoken_core::mol::{RawWithdrawalRequest, Script, WithdrawalLockArgs, WithdrawalRequest};
use godwoken_core::network::{self, NetworkConstants};
use godwoken_core::rpc::{self, RawWithdrawalRequestJson};
use godwoken_core::withdrawal::{self, WithdrawalParams};
use serde_json::Value;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/withdrawal-v0.json")).expect("fixture is JSON")
}

fn vectors() -> Vec<Value> {
    fixture()["vectors"].as_array().expect("vectors array").clone()
}

fn text<'a>(vector: &'a Value, key: &str) -> &'a str {
    vector[key].as_str().unwrap_or_else(|| panic!("{key} is a string"))
}

fn h256(vector: &Value, key: &str) -> H256 {
    text(vector, key).parse().expect("H256")
}

fn constants_of(vector: &Value) -> NetworkConstants {
    match text(vector, "network") {
        "testnet" => network::testnet_2021_constants(),
        "mainnet" => network::mainnet_2021_constants(),
        other => panic!("unknown network {other}"),
    }
}

fn script_json(value: &Value) -> Script {
    serde_json::from_value(value.clone()).expect("script JSON")
}

#[test]
fn there_are_vectors() {
    assert!(vectors().len() >= 2);
    assert_eq!(
        fixture()["minimal_withdrawal_capacity_shannons"]["ckb_only_shannons"],
        network::MIN_WITHDRAWAL_CAPACITY.to_string()
    );
}

#[test]
fn constants_match_the_presets() {
    for v in vectors() {
        let constants = constants_of(&v);
        let c = &v["constants"];
        if c.is_null() {
            continue;
        }
        assert_eq!(c["rollupTypeHash"], constants.rollup_type_hash.to_string());
        assert_eq!(c["ethAccountLockCodeHash"], constants.eth_account_lock_code_hash.to_string());
        assert_eq!(c["withdrawalLockCodeHash"], constants.withdrawal_lock_code_hash.to_string());
        assert_eq!(c["pwLockCodeHash"], constants.pw_lock_code_hash.to_string());
    }
}

#[test]
fn addresses_scripts_and_hashes() {
    for v in vectors() {
        let constants = constants_of(&v);
        let address = EthAddress::parse(text(&v, "eth_address")).expect("address");
        assert_eq!(address.to_checksum(), text(&v, "eth_address_checksum"));
        let signer = DevSigner::from_hex(text(&v, "private_key")).expect("key");
        assert_eq!(signer.address(), address);

        let account = account_script(&constants, &address);
        assert_eq!(account, script_json(&v["account_script"]));
        assert_eq!(hex::encode(account.to_bytes()), text(&v, "account_script_serialized"));
        assert_eq!(account_script_hash(&constants, &address), h256(&v, "account_script_hash"));
        assert_eq!(
            hex::encode(short_address(&h256(&v, "account_script_hash"))),
            text(&v, "short_address")
        );

        let owner = owner_lock(&constants, &address);
        assert_eq!(owner, script_json(&v["owner_lock"]));
        assert_eq!(hex::encode(owner.to_bytes()), text(&v, "owner_lock_serialized"));
        assert_eq!(owner_lock_hash(&constants, &address), h256(&v, "owner_lock_hash"));

        // Decoding the serialized scripts gives them back.
        let decoded = Script::from_bytes(&account.to_bytes()).expect("decodes");
        assert_eq!(decoded, account);
    }
}

#[test]
fn raw_request_message_signature_and_request() {
    for v in vectors() {
        let constants = constants_of(&v);
        let address = EthAddress::parse(text(&v, "eth_address")).expect("address");
        let json: RawWithdrawalRequestJson =
            serde_json::from_value(v["raw_withdrawal_request_json"].clone()).expect("raw JSON");
        // JSON round trip keeps Godwoken's quantity style.
        assert_eq!(serde_json::to_value(&json).expect("ser"), v["raw_withdrawal_request_json"]);

        // Build the same request from the user's choices.
        let params = WithdrawalParams {
            nonce: json.nonce,
            capacity: json.capacity,
            fee: json.fee.amount,
            sell_capacity: 0,
            sell_amount: 0,
        };
        let raw = withdrawal::build_raw_request(&constants, &address, &params);
        assert_eq!(raw, RawWithdrawalRequest::from(&json));
        let raw_bytes = raw.to_bytes();
        assert_eq!(raw_bytes.len(), v["raw_len"].as_u64().expect("len") as usize);
        assert_eq!(hex::encode(&raw_bytes), text(&v, "raw_withdrawal_request_hex"));
        assert_eq!(RawWithdrawalRequest::from_bytes(&raw_bytes), Ok(raw));

        let message = withdrawal::signing_message(&constants.rollup_type_hash, &raw);
        assert_eq!(message, h256(&v, "signing_message_blake2b"));
        let params_json = withdrawal::personal_sign_params(&message, &address);
        assert_eq!(serde_json::json!(params_json), v["personal_sign_params"]);
        assert_eq!(withdrawal::signing_digest(&message), h256(&v, "eth_sign_digest_keccak"));

        // The wallet's signature (v = 27/28), as a dev key makes it, and its normalisation.
        let signer = DevSigner::from_hex(text(&v, "private_key")).expect("key");
        let wallet_signature = signer.personal_sign(&message.0).expect("signs");
        assert_eq!(hex::encode(wallet_signature), text(&v, "metamask_signature_v27_28"));
        let normalized =
            withdrawal::parse_wallet_signature(text(&v, "metamask_signature_v27_28")).expect("ok");
        assert_eq!(hex::encode(normalized), text(&v, "godwoken_signature_v0_1"));

        let request = withdrawal::assemble(raw, normalized);
        let request_bytes = request.to_bytes();
        assert_eq!(request_bytes.len(), v["withdrawal_request_len"].as_u64().expect("len") as usize);
        assert_eq!(hex::encode(&request_bytes), text(&v, "withdrawal_request_hex"));
        assert_eq!(WithdrawalRequest::from_bytes(&request_bytes), Ok(request.clone()));
        assert_eq!(request.hash(), h256(&v, "withdrawal_hash_blake2b_raw"));
        assert_eq!(
            withdrawal::recover_signer(&constants.rollup_type_hash, &request),
            Ok(address)
        );
        let signed =
            withdrawal::sign_with_dev_key(&signer, &constants.rollup_type_hash, raw).expect("signs");
        assert_eq!(signed, request);

        let envelope = rpc::Request::new(
            1,
            rpc::method::SUBMIT_WITHDRAWAL_REQUEST,
            rpc::submit_withdrawal_params(&request),
        );
        assert_eq!(serde_json::to_value(&envelope).expect("ser"), v["jsonrpc_request"]);

        // A block holding it, as the node returns it (with a transaction the reader skips): what
        // the page reads of it gives back the same request and hash.
        let block = serde_json::json!({
            "hash": h256(&v, "withdrawal_hash_blake2b_raw"),
            "raw": {"number": "0x7", "parent_block_hash": constants.rollup_type_hash, "timestamp": "0x1", "block_producer_id": "0x0"},
            "transactions": [{"raw": {"from_id": "0x2", "args": "0x00"}, "signature": "0x00"}],
            "withdrawal_requests": [rpc::WithdrawalRequestJson::from(&request)],
        });
        let full: rpc::L2BlockJson = serde_json::from_value(block.clone()).expect("a block");
        assert_eq!(RawWithdrawalRequest::from(&full.withdrawal_requests[0].raw).hash(), request.hash());
        let read: rpc::BlockWithdrawals = serde_json::from_value(block).expect("its withdrawals");
        assert_eq!(read.withdrawal_requests.len(), 1);
        assert_eq!(read.withdrawal_requests[0].raw.account_script_hash, request.raw.account_script_hash);
        assert_eq!(read.withdrawal_requests[0].raw.nonce, request.raw.nonce);
        assert_eq!(read.withdrawal_requests[0].raw.account_script_hash, h256(&v, "account_script_hash"));
        // And of gw_get_withdrawal, the status.
        let found = rpc::WithdrawalWithStatus {
            withdrawal: rpc::WithdrawalRequestJson::from(&request),
            status: rpc::WithdrawalStatus::Committed,
        };
        let status: rpc::WithdrawalStatusJson =
            serde_json::from_value(serde_json::to_value(&found).expect("ser")).expect("its status");
        assert_eq!(status.status, rpc::WithdrawalStatus::Committed);
    }
}

#[test]
fn withdrawal_lock_args() {
    let mut seen = 0;
    for v in vectors() {
        let example = &v["withdrawal_lock_args_example"];
        if example.is_null() {
            continue;
        }
        seen += 1;
        let constants = constants_of(&v);
        let f = &example["fields"];
        let number = godwoken_core::quantity::decode_bits(
            f["withdrawal_block_number"].as_str().expect("number"),
            64,
        )
        .expect("quantity");
        let args = WithdrawalLockArgs {
            account_script_hash: h256(f, "account_script_hash"),
            withdrawal_block_hash: h256(f, "withdrawal_block_hash"),
            withdrawal_block_number: number as u64,
            sudt_script_hash: h256(f, "sudt_script_hash"),
            sell_amount: 0,
            sell_capacity: godwoken_core::quantity::decode_bits(
                f["sell_capacity"].as_str().expect("sell"),
                64,
            )
            .expect("quantity") as u64,
            owner_lock_hash: h256(f, "owner_lock_hash"),
            payment_lock_hash: h256(f, "payment_lock_hash"),
        };
        assert_eq!(f["sell_amount"], "0x0");
        let bytes = args.to_bytes();
        assert_eq!(bytes.len(), 192);
        assert_eq!(hex::encode(&bytes), text(example, "withdrawal_lock_args_hex"));
        let full = args.to_lock_args(&constants.rollup_type_hash);
        assert_eq!(hex::encode(&full), text(example, "full_lock_script_args"));
        assert_eq!(WithdrawalLockArgs::from_lock_args(&bytes), Ok((None, args)));
        assert_eq!(
            WithdrawalLockArgs::from_lock_args(&full),
            Ok((Some(constants.rollup_type_hash), args))
        );
        let lock = Script::of_type(constants.withdrawal_lock_code_hash, full);
        assert_eq!(lock, script_json(&example["withdrawal_lock_script"]));
        assert_eq!(lock.hash(), h256(example, "withdrawal_lock_script_hash"));
    }
    assert!(seen > 0, "at least one lock args example");
}

#[test]
fn layer1_addresses_from_the_spec() {
    let constants = network::testnet_2021_constants();
    let address = EthAddress::parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266").expect("addr");
    let text = godwoken_core::address::encode_address(
        godwoken_core::address::AddressPrefix::Ckt,
        &owner_lock(&constants, &address),
    );
    assert_eq!(
        text,
        "ckt1qpvvtay34wndv9nckl8hah6fzzcltcqwcrx79apwp2a5lkd07fdxxq0nnltw2x4d3rm0fnn2hzp8y7w0l7ujyesj0hj3d"
    );
}
