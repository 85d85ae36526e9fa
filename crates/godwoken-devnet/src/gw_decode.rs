//! `gw`'s decoders: what a withdrawal request, withdrawal lock args and a CKB transaction say,
//! as JSON, with every lock named and its args decoded.

use godwoken_core::amount::format_ckb_plain;
use godwoken_core::ckb::constants::Layer1Constants;
use godwoken_core::ckb::deposit::DepositLockArgs;
use godwoken_core::ckb::error::MIN_FEE_RATE;
use godwoken_core::ckb::tx::min_fee;
use godwoken_core::ckb::{Transaction, WitnessArgs};
use godwoken_core::eth::EthAddress;
use godwoken_core::hex;
use godwoken_core::mol::{Script, WithdrawalLockArgs, WithdrawalRequest};
use godwoken_core::network::NetworkConfig;
use godwoken_core::quantity;
use godwoken_core::rpc::RawWithdrawalRequestJson;
use godwoken_core::withdrawal;
use serde_json::{json, Value};

pub(crate) fn describe_request(network: &NetworkConfig, request: &WithdrawalRequest) -> Value {
    let signer = withdrawal::recover_signer(&network.constants.rollup_type_hash, request);
    let message = withdrawal::signing_message(&network.constants.rollup_type_hash, &request.raw);
    json!({
        "raw": RawWithdrawalRequestJson::from(&request.raw),
        "signature": hex::encode(request.signature),
        "message": message,
        "hash": request.hash(),
        "signer": signer.as_ref().map(EthAddress::to_checksum).ok(),
        "signer_error": signer.err().map(|err| err.to_string()),
    })
}

pub(crate) fn lock_args(args: &WithdrawalLockArgs, rollup: Option<godwoken_core::H256>) -> Value {
    json!({
        "rollup_type_hash": rollup,
        "account_script_hash": args.account_script_hash,
        "withdrawal_block_hash": args.withdrawal_block_hash,
        "withdrawal_block_number": quantity::encode(args.withdrawal_block_number.into()),
        "sudt_script_hash": args.sudt_script_hash,
        "sell_amount": quantity::encode(args.sell_amount),
        "sell_capacity": quantity::encode(args.sell_capacity.into()),
        "owner_lock_hash": args.owner_lock_hash,
        "payment_lock_hash": args.payment_lock_hash,
    })
}

/// What a lock script is, in words, with its args decoded where the tool knows them.
fn describe_lock(network: &NetworkConfig, layer1: &Layer1Constants, lock: &Script) -> Value {
    let constants = &network.constants;
    let args = &lock.args.0;
    if lock.code_hash == constants.pw_lock_code_hash {
        let address = <[u8; 20]>::try_from(args.as_slice()).map(|bytes| EthAddress(bytes).to_checksum()).ok();
        json!({"kind": "pw-lock", "eth_address": address})
    } else if lock.code_hash == layer1.deposit_lock_code_hash {
        match DepositLockArgs::from_lock_args(args) {
            Some((rollup, deposit)) => json!({
                "kind": "deposit",
                "rollup_type_hash": rollup,
                "owner_lock_hash": deposit.owner_lock_hash,
                "layer2_lock": deposit.layer2_lock,
                "layer2_account_script_hash": deposit.layer2_lock.hash(),
                "cancel_timeout": quantity::encode(deposit.cancel_timeout.into()),
            }),
            None => json!({"kind": "deposit", "error": "the args are not rollup_type_hash ‖ DepositLockArgs"}),
        }
    } else if lock.code_hash == constants.withdrawal_lock_code_hash {
        match WithdrawalLockArgs::from_lock_args(args) {
            Ok((rollup, withdrawal)) => json!({"kind": "withdrawal", "args": lock_args(&withdrawal, rollup)}),
            Err(err) => json!({"kind": "withdrawal", "error": err.to_string()}),
        }
    } else if lock.code_hash == layer1.custodian_lock_code_hash {
        json!({"kind": "custodian"})
    } else {
        json!({"kind": "other"})
    }
}

pub(crate) fn describe_transaction(network: &NetworkConfig, layer1: &Layer1Constants, tx: &Transaction) -> Value {
    let outputs: Vec<Value> = tx
        .outputs
        .iter()
        .map(|output| {
            json!({
                "capacity": format_ckb_plain(output.capacity.into()),
                "lock": describe_lock(network, layer1, &output.lock),
                "type": output.type_,
            })
        })
        .collect();
    let witnesses: Vec<Value> = tx
        .witnesses
        .iter()
        .map(|witness| match WitnessArgs::from_bytes(&witness.0) {
            Some(args) if !witness.0.is_empty() => json!({
                "lock": args.lock.map(hex::encode),
                "input_type": args.input_type.map(hex::encode),
                "output_type": args.output_type.map(hex::encode),
            }),
            _ => json!({"raw": hex::encode(&witness.0)}),
        })
        .collect();
    let size = tx.size_in_block();
    json!({
        "hash": tx.hash(),
        "size_in_block": size,
        "min_fee": min_fee(size, MIN_FEE_RATE),
        "inputs": tx.inputs,
        "outputs": outputs,
        "witnesses": witnesses,
    })
}

