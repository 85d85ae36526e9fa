//! The shared Layer 1 vectors (`fixtures/layer1-v0.json`, a copy of
//! `shared/vectors/layer1-v0.json`), asserted byte for byte for what the core implements so far:
//! transaction and header bytes and hashes, witnesses, PW-lock messages, witness locks and
//! signatures, sizes and fees, occupied capacity, cell data hashes and `since`; the rules
//! (verdicts, deposits, errors) are in `layer1_rules.rs`. Every vector's kind is named in one of
//! the two, so a vector of a new kind cannot be skipped silently.

use godwoken_core::ckb::pw_lock::{signing_message, WitnessForm};
use godwoken_core::ckb::since::{is_mature, Epoch, MaturityContext, Metric, Since};
use godwoken_core::ckb::tx::min_fee;
use godwoken_core::ckb::{cell_data_hash, occupied_bytes, Header, WitnessArgs};
use godwoken_core::eth::{personal_message_digest, recover_signer, DevSigner};
use godwoken_core::hash::ckb_hash;
use godwoken_core::hex::{self, H256};
use godwoken_core::mol::Script;
use godwoken_core::rpc::CellOutput;
use serde_json::Value;

mod common;
use common::{bytes, h256, of_kind, tx_of, u64_of, vectors};

/// Kinds whose rules `layer1_rules.rs` checks: verification verdicts, deposits, Godwoken's
/// collection, the unlock and the node's error texts.
const CHECKED_AS_RULES: &[&str] =
    &["rpc_error", "pw_lock_verify", "deposit_cancel_since", "godwoken_collect", "deposit_lock", "withdrawal_unlock"];

#[test]
fn every_kind_is_checked_or_named() {
    let checked = [
        "ckb_tx_hash", "ckb_header_hash", "witness_args", "pw_lock_tx", "occupied_capacity", "cell_data_hash", "since",
        "since_maturity", "personal_sign_v", "eth_identity",
    ];
    for vector in vectors() {
        let kind = vector["kind"].as_str().expect("kind");
        assert!(checked.contains(&kind) || CHECKED_AS_RULES.contains(&kind), "vector {} of unknown kind {kind}", vector["name"]);
    }
}

#[test]
fn transaction_bytes_and_hash() {
    for vector in of_kind("ckb_tx_hash") {
        let tx = tx_of(&vector["inputs"]["tx"]);
        let expected = &vector["expected"];
        assert_eq!(tx.raw_bytes(), bytes(&expected["raw_transaction"]), "{}", vector["name"]);
        assert_eq!(tx.hash(), h256(&expected["tx_hash"]));
        assert_eq!(tx.to_bytes(), bytes(&expected["transaction"]));
    }
}

#[test]
fn header_bytes_and_hash() {
    for vector in of_kind("ckb_header_hash") {
        let header: Header = godwoken_core::json::read(&vector["inputs"]["header"].to_string()).expect("header");
        let expected = &vector["expected"];
        assert_eq!(header.to_bytes().to_vec(), bytes(&expected["header"]));
        assert_eq!(header.to_bytes().len() as u64, u64_of(&expected["header_len"]));
        assert_eq!(header.hash(), h256(&expected["hash"]));
    }
}

fn optional_bytes(value: &Value) -> Option<Vec<u8>> {
    (!value.is_null()).then(|| bytes(value))
}

#[test]
fn witness_args_both_ways() {
    for vector in of_kind("witness_args") {
        let input = &vector["inputs"]["witness_args"];
        let args = WitnessArgs {
            lock: optional_bytes(&input["lock"]),
            input_type: optional_bytes(&input["input_type"]),
            output_type: optional_bytes(&input["output_type"]),
        };
        let serialized = bytes(&vector["expected"]["serialized"]);
        assert_eq!(args.to_bytes(), serialized, "{}", vector["name"]);
        assert_eq!(WitnessArgs::from_bytes(&serialized), Some(args));
    }
    assert_eq!(WitnessArgs::from_bytes(&[]), None);
    assert_eq!(WitnessArgs::from_bytes(&hex::decode("0x0c000000080000000c000000").expect("hex")), None, "two fields");
}

fn form(vector: &Value) -> WitnessForm {
    match vector["inputs"]["network"].as_str() {
        Some("testnet") => WitnessForm::Testnet,
        Some("mainnet") => WitnessForm::Mainnet,
        other => panic!("network {other:?}"),
    }
}

fn signature(value: &Value) -> [u8; 65] {
    bytes(value).try_into().expect("65 bytes")
}

#[test]
fn pw_lock_transactions_from_bytes_to_signature() {
    for vector in of_kind("pw_lock_tx") {
        let name = &vector["name"];
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let tx = tx_of(&inputs["tx"]);
        assert_eq!(tx.raw_bytes(), bytes(&expected["raw_transaction"]), "{name}");
        let tx_hash = tx.hash();
        assert_eq!(tx_hash, h256(&expected["tx_hash"]), "{name}");
        let form = form(&vector);
        assert_eq!(form.lock_len() as u64, u64_of(&expected["placeholder_lock_len"]));
        assert_eq!(form.placeholder(), bytes(&expected["placeholder_witness"]), "{name}");

        // The groups: inputs by the lock hash of the cell they spend, reported at the first one.
        let cells: Vec<CellOutput> = inputs["input_cells"]
            .as_array()
            .expect("input cells")
            .iter()
            .map(|cell| serde_json::from_value(cell.clone()).expect("cell"))
            .collect();
        let mut groups: Vec<(H256, Vec<usize>)> = Vec::new();
        for (index, cell) in cells.iter().enumerate() {
            let hash = cell.lock.hash();
            match groups.iter_mut().find(|(h, _)| *h == hash) {
                Some((_, members)) => members.push(index),
                None => groups.push((hash, vec![index])),
            }
        }
        let expected_groups: Vec<(H256, Vec<usize>)> = expected["lock_groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| (h256(&g["lock_hash"]), g["inputs"].as_array().expect("inputs").iter().map(|i| u64_of(i) as usize).collect()))
            .collect();
        assert_eq!(groups, expected_groups, "{name}");
        let signer: Vec<usize> = expected["signer_group_inputs"].as_array().expect("signer").iter().map(|i| u64_of(i) as usize).collect();

        // The message, over the placeholder (before signing) and over the signed witness (on chain).
        let mut witnesses: Vec<Vec<u8>> = tx.witnesses.iter().map(|w| w.0.clone()).collect();
        let signed_at_first = witnesses[signer[0]].clone();
        witnesses[signer[0]] = form.placeholder();
        let message = signing_message(&tx_hash, &witnesses, &signer, tx.inputs.len()).expect("message");
        assert_eq!(message, h256(&expected["signing_message"]), "{name}");
        witnesses[signer[0]] = signed_at_first.clone();
        let on_chain = signing_message(&tx_hash, &witnesses, &signer, tx.inputs.len()).expect("message");
        assert_eq!(on_chain, h256(&expected["signing_message_onchain_rule"]), "{name}");
        let params = expected["personal_sign_params_as_sent_by_pw_core"].as_array().expect("params");
        assert_eq!(params[1].as_str(), Some(message.to_string().as_str()), "pw-core sends [address, message]");

        // The wallet's signature: recomputed with the key when the vector has it.
        let digest = personal_message_digest(&message.0);
        assert_eq!(digest, h256(&expected["eip191_digest"]), "{name}");
        let wallet_signature = signature(&expected["wallet_signature"]);
        if let Some(key) = inputs["private_key"].as_str() {
            let signer = DevSigner::from_hex(key).expect("key");
            assert_eq!(signer.personal_sign(&message.0).expect("signs"), wallet_signature, "RFC 6979: {name}");
        }
        let lock = form.witness_lock(&wallet_signature);
        assert_eq!(lock, bytes(&expected["witness_lock"]), "{name}");
        let signed = WitnessArgs { lock: Some(lock.clone()), ..WitnessArgs::default() }.to_bytes();
        assert_eq!(signed, bytes(&expected["signed_witness"]), "{name}");
        assert_eq!(signed, signed_at_first, "the transaction carries it");
        let rsv: [u8; 65] = lock[lock.len() - 65..].try_into().expect("65");
        let recovered = recover_signer(&digest, &rsv).expect("recovers");
        assert_eq!(recovered.to_lower_hex(), expected["recovered_address"].as_str().expect("address"), "{name}");

        // Size, capacities, fee.
        assert_eq!(tx.to_bytes(), bytes(&expected["transaction"]), "{name}");
        let size = tx.size_in_block();
        assert_eq!(size, u64_of(&expected["serialized_size_in_block"]), "{name}");
        let inputs_capacity: u64 = cells.iter().map(|c| c.capacity).sum();
        let outputs_capacity: u64 = tx.outputs.iter().map(|o| o.capacity).sum();
        assert_eq!((inputs_capacity, outputs_capacity), (u64_of(&expected["inputs_capacity"]), u64_of(&expected["outputs_capacity"])));
        assert_eq!(inputs_capacity - outputs_capacity, u64_of(&expected["fee"]));
        assert_eq!(min_fee(size, 1000), u64_of(&expected["min_fee_at_1000_shannons_per_kb"]));
        let occupied_ok = tx.outputs.iter().zip(&tx.outputs_data).all(|(output, data)| {
            output.capacity >= occupied_bytes(&output.lock, output.type_.as_ref(), data.0.len()) * 100_000_000
        });
        assert_eq!(occupied_ok, expected["outputs_occupied_ok"].as_bool().expect("bool"));
        // What the real client recorded, where it was captured.
        if let Some(captured) = vector["captured"].as_object() {
            assert_eq!(h256(&captured["personal_sign_message"]), message);
            assert_eq!(h256(&captured["eip191_digest"]), digest);
            assert_eq!(signature(&captured["wallet_signature"]), wallet_signature);
            assert_eq!(bytes(&captured["signed_witness"]), signed);
        }
    }
}

#[test]
fn personal_sign_recovery_bytes_become_witness_locks() {
    for vector in of_kind("personal_sign_v") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let message = h256(&inputs["message"]);
        let digest = personal_message_digest(&message.0);
        assert_eq!(digest, h256(&expected["eip191_digest"]));
        let lock = form(&vector).witness_lock(&signature(&inputs["wallet_signature"]));
        assert_eq!(lock, bytes(&expected["witness_lock"]), "{}", vector["name"]);
        let rsv: [u8; 65] = lock[lock.len() - 65..].try_into().expect("65");
        assert_eq!(recover_signer(&digest, &rsv).expect("recovers").to_lower_hex(), expected["recovered_address"].as_str().expect("address"));
    }
}

#[test]
fn eth_identities_and_their_pw_locks() {
    for vector in of_kind("eth_identity") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let address = match inputs["private_key"].as_str() {
            Some(key) => DevSigner::from_hex(key).expect("key").address(),
            None => inputs["eth_address"].as_str().expect("address").parse().expect("address"),
        };
        assert_eq!(address.to_lower_hex(), expected["eth_address"].as_str().expect("address"));
        let constants = match inputs["network"].as_str() {
            Some("mainnet") => godwoken_core::network::mainnet_2021_constants(),
            _ => godwoken_core::network::testnet_2021_constants(),
        };
        let lock = godwoken_core::account::owner_lock(&constants, &address);
        let expected_lock: Script = serde_json::from_value(expected["pw_lock"].clone()).expect("script");
        assert_eq!(lock, expected_lock, "{}", vector["name"]);
        assert_eq!(lock.to_bytes(), bytes(&expected["pw_lock_serialized"]));
    }
}

#[test]
fn occupied_capacity_of_each_cell_kind() {
    for vector in of_kind("occupied_capacity") {
        let cell = &vector["inputs"]["cell"];
        let lock: Script = serde_json::from_value(cell["lock"].clone()).expect("lock");
        let type_: Option<Script> = serde_json::from_value(cell["type"].clone()).expect("type");
        let occupied = occupied_bytes(&lock, type_.as_ref(), bytes(&cell["data"]).len());
        assert_eq!(occupied, u64_of(&vector["expected"]["occupied_bytes"]), "{}", vector["name"]);
        assert_eq!(occupied * 100_000_000, u64_of(&vector["expected"]["occupied_shannons"]));
    }
}

#[test]
fn cell_data_hashes() {
    for vector in of_kind("cell_data_hash") {
        let data = bytes(&vector["inputs"]["data"]);
        assert_eq!(cell_data_hash(&data), h256(&vector["expected"]["data_hash"]), "{}", vector["name"]);
        assert_eq!(ckb_hash(&data), h256(&vector["expected"]["ckb_hash_of_data"]));
    }
}

fn metric_name(metric: Metric) -> &'static str {
    match metric {
        Metric::BlockNumber => "block_number",
        Metric::Epoch => "epoch",
        Metric::Timestamp => "timestamp",
        Metric::Invalid => "invalid",
    }
}

#[test]
fn since_fields_decode_and_encode() {
    for vector in of_kind("since") {
        let name = &vector["name"];
        let raw = u64_of(&vector["inputs"]["since"]);
        let (since, expected) = (Since::decode(raw), &vector["expected"]["decoded"]);
        assert_eq!(since.relative, expected["relative"].as_bool().expect("bool"), "{name}");
        assert_eq!(metric_name(since.metric), expected["metric"].as_str().expect("metric"), "{name}");
        assert_eq!(since.value, u64_of(&expected["value"]), "{name}");
        assert_eq!(since.flags_valid, expected["flags_valid"].as_bool().expect("bool"), "{name}");
        assert_eq!(u64::from((raw >> 56) as u8), u64_of(&expected["flags_byte"]), "{name}");
        if let Some(epoch) = expected.get("epoch") {
            let decoded = Epoch::from_packed(since.value);
            assert_eq!((decoded.number, decoded.index, decoded.length), (u64_of(&epoch["number"]), u64_of(&epoch["index"]), u64_of(&epoch["length"])));
            assert_eq!(decoded.packed(), since.value);
        }
        if let Some(encoded) = vector["expected"].get("encoded") {
            assert_eq!(since.encode(), u64_of(encoded), "{name}");
            assert_eq!(since.encode().to_le_bytes().to_vec(), bytes(&vector["expected"]["encoded_le_bytes"]));
        }
    }
}

fn epoch_of(value: &Value) -> Epoch {
    Epoch { number: u64_of(&value["number"]), index: u64_of(&value["index"]), length: u64_of(&value["length"]) }
}

#[test]
fn since_maturity() {
    for vector in of_kind("since_maturity") {
        let context = &vector["inputs"]["context"];
        let context = MaturityContext {
            block_number: u64_of(&context["block_number"]),
            epoch: epoch_of(&context["epoch"]),
            median_time_ms: u64_of(&context["median_time_ms"]),
            cell_block_number: u64_of(&context["cell_block_number"]),
            cell_block_timestamp_ms: u64_of(&context["cell_block_timestamp_ms"]),
            cell_epoch: epoch_of(&context["cell_epoch"]),
        };
        let since = u64_of(&vector["inputs"]["since"]);
        assert_eq!(is_mature(since, &context), vector["expected"]["mature"].as_bool().expect("bool"), "{}", vector["name"]);
    }
}
