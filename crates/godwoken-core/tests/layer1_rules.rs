//! The shared Layer 1 vectors' rules: PW-lock verdicts and exit codes, the deposit lock (args,
//! cancel rule), Godwoken's collection of deposits, the withdrawal lock's finalize unlock, whole
//! captured transactions through the verification steps, and CKB's error texts.

use godwoken_core::account::{account_script, owner_lock_hash};
use godwoken_core::ckb::build::{self, Spendable};
use godwoken_core::ckb::constants::testnet_2021_layer1;
use godwoken_core::ckb::deposit::{
    cancel_since_accepted, CANCEL_TIMEOUT_2021, godwoken_accepts_cancel_timeout, judge_deposit, DepositLockArgs,
};
use godwoken_core::ckb::error::{ScriptRole, Source};
use godwoken_core::ckb::pw_lock::{self, verify_signature};
use godwoken_core::ckb::verify::{check_capacity, check_scripts, check_structure, KnownLocks};
use godwoken_core::ckb::withdrawal_lock::via_finalize_witness_lock;
use godwoken_core::ckb::{occupied_bytes, ResolvedCell, ResolvedTransaction, TxError};
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::mol::Script;
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::rpc::OutPoint;
use serde_json::Value;

mod common;

const CKB: u64 = 100_000_000;
use common::{bytes, cell_of, h256, of_kind, tx_of, u64_of};

fn address(value: &Value) -> EthAddress {
    value.as_str().expect("address").parse().expect("address")
}

fn script(value: &Value) -> Script {
    serde_json::from_value(value.clone()).expect("script")
}

#[test]
fn pw_lock_verdicts_and_exit_codes() {
    for vector in of_kind("pw_lock_verify") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let verdict =
            verify_signature(&bytes(&inputs["witness_lock"]), &h256(&inputs["message"]), &address(&inputs["eth_address"]).0);
        assert_eq!(i64::from(verdict.exit_code), expected["exit_code"].as_i64().expect("code"), "{}", vector["name"]);
        let recovered = expected["recovered_address"].as_str().map(|text| text.parse::<EthAddress>().expect("address"));
        assert_eq!(verdict.recovered, recovered, "{}", vector["name"]);
    }
}

/// The 2021 testnet's locks, as the devnet knows them.
fn with_known_locks<T>(run: impl FnOnce(&KnownLocks<'_>) -> T) -> T {
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    run(&KnownLocks {
        pw_lock: &constants.pw_lock_code_hash,
        deposit_lock: &layer1.deposit_lock_code_hash,
        withdrawal_lock: &constants.withdrawal_lock_code_hash,
        rollup_type_hash: &constants.rollup_type_hash,
    })
}

#[test]
fn captured_and_derived_transactions_pass_structure_fee_and_pw_lock() {
    for vector in of_kind("pw_lock_tx") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let name = &vector["name"];
        let tx = tx_of(&inputs["tx"]);
        let cells: Vec<ResolvedCell> = inputs["input_cells"].as_array().expect("cells").iter().map(cell_of).collect();
        let rtx = ResolvedTransaction { tx: &tx, hash: tx.hash(), inputs: &cells, deps: &[] };
        assert_eq!(check_structure(&tx), Ok(()), "{name}");
        assert_eq!(check_capacity(&rtx), Ok(u64_of(&expected["fee"])), "{name}");
        let groups: Vec<Vec<usize>> = expected["lock_groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|group| group["inputs"].as_array().expect("inputs").iter().map(|i| u64_of(i) as usize).collect())
            .collect();
        assert_eq!(rtx.lock_groups().into_iter().map(|(_, group)| group).collect::<Vec<_>>(), groups, "{name}");
        let signer: Vec<usize> =
            expected["signer_group_inputs"].as_array().expect("signer").iter().map(|i| u64_of(i) as usize).collect();
        let args = address(&inputs["eth_address"]).0;
        let exit = pw_lock::verify_group(&rtx, &signer, &args);
        assert_eq!(i64::from(exit), expected["pw_lock_exit_code"].as_i64().expect("code"), "{name}");
        let mut forged = tx.clone();
        forged.outputs[0].capacity -= 1;
        let forged_rtx = ResolvedTransaction { tx: &forged, hash: forged.hash(), ..rtx };
        assert_eq!(pw_lock::verify_group(&forged_rtx, &signer, &args), pw_lock::exit::WRONG_SIGNER, "{name}: tampered");
    }
}

#[test]
fn the_deposit_builder_reproduces_the_derived_deposit_byte_for_byte() {
    let vector = of_kind("pw_lock_tx").into_iter().find(|v| v["name"] == "derived_deposit_tx_hardhat5").expect("deposit");
    let inputs = &vector["inputs"];
    let expected = tx_of(&inputs["tx"]);
    let cells: Vec<Spendable> = expected
        .inputs
        .iter()
        .zip(inputs["input_cells"].as_array().expect("cells"))
        .map(|(input, cell)| Spendable { out_point: input.previous_output.clone(), capacity: u64_of(&cell["capacity"]) })
        .collect();
    let signer = DevSigner::from_hex(inputs["private_key"].as_str().expect("key")).expect("key");
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    let unsigned = build::deposit(&constants, &layer1, &signer.address(), &cells, 400 * CKB, CANCEL_TIMEOUT_2021).expect("builds");
    assert_eq!(unsigned.message, h256(&vector["expected"]["signing_message"]));
    assert_eq!(unsigned.fee, u64_of(&vector["expected"]["fee"]));
    let signature = signer.personal_sign(&unsigned.message.0).expect("signs");
    assert_eq!(unsigned.signed(&signature), expected, "the same transaction, witness included");
    // One cell is not enough for 400 CKB + the 61 CKB change; nothing at all says how much is missing.
    assert!(matches!(
        build::deposit(&constants, &layer1, &signer.address(), &cells[..1], 400 * CKB, CANCEL_TIMEOUT_2021),
        Err(build::BuildError::InsufficientCapacity { got, .. }) if got == 400 * CKB
    ));
    assert_eq!(
        build::deposit(&constants, &layer1, &signer.address(), &cells, 289 * CKB, CANCEL_TIMEOUT_2021),
        Err(build::BuildError::BelowMinimum { minimum: 290 * CKB })
    );
}

/// A signed `pw_lock_tx` vector whose input 1 is the signer's plain cell: the vector, its
/// transaction, its input cells, the signer and that cell.
fn signed_by_input_1(name: &str) -> (Value, godwoken_core::ckb::Transaction, Vec<Value>, DevSigner, Spendable) {
    let vector = of_kind("pw_lock_tx").into_iter().find(|v| v["name"] == name).unwrap_or_else(|| panic!("no vector {name}"));
    let inputs = &vector["inputs"];
    let expected = tx_of(&inputs["tx"]);
    let cells = inputs["input_cells"].as_array().expect("cells").clone();
    let signer = DevSigner::from_hex(inputs["private_key"].as_str().expect("key")).expect("key");
    let owner_cell = Spendable { out_point: expected.inputs[1].previous_output.clone(), capacity: u64_of(&cells[1]["capacity"]) };
    (vector, expected, cells, signer, owner_cell)
}

#[test]
fn the_unlock_builder_reproduces_the_captured_2021_unlock_byte_for_byte() {
    let (vector, expected, cells, signer, owner_cell) = signed_by_input_1("pw_core_unlock_tx_shim4");
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    let parts = |owner_cell| build::UnlockParts {
        withdrawal: expected.inputs[0].previous_output.clone(),
        withdrawal_capacity: u64_of(&cells[0]["capacity"]),
        owner_cell,
        rollup_cell: expected.cell_deps[1].out_point.clone(),
        fee: build::UNLOCK_FEE_2021,
    };
    let unsigned = build::unlock_withdrawal(&constants, &layer1, &signer.address(), parts(&owner_cell)).expect("builds");
    assert_eq!(unsigned.message, h256(&vector["expected"]["signing_message"]));
    let signature = signer.personal_sign(&unsigned.message.0).expect("signs");
    assert_eq!(unsigned.signed(&signature), expected, "the same transaction, both witnesses included");
    // An owner cell that cannot pay the fee and keep 61 CKB is refused.
    let poor = Spendable { capacity: build::MIN_CHANGE + build::UNLOCK_FEE_2021 - 1, ..owner_cell.clone() };
    assert!(build::unlock_withdrawal(&constants, &layer1, &signer.address(), parts(&poor)).is_none());
}

#[test]
fn the_cancel_builder_reproduces_the_derived_cancel_byte_for_byte() {
    let (vector, expected, cells, signer, owner_cell) = signed_by_input_1("derived_cancel_deposit_tx_hardhat5");
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    let deposit = expected.inputs[0].clone();
    assert_eq!(deposit.since, CANCEL_TIMEOUT_2021);
    let unsigned = build::cancel_deposit(&constants, &layer1, &signer.address(), deposit, u64_of(&cells[0]["capacity"]), &owner_cell)
        .expect("builds");
    assert_eq!(unsigned.fee, u64_of(&vector["expected"]["fee"]));
    assert_eq!(unsigned.message, h256(&vector["expected"]["signing_message"]));
    let signature = signer.personal_sign(&unsigned.message.0).expect("signs");
    assert_eq!(unsigned.signed(&signature), expected, "the same transaction, both witnesses included");
}

#[test]
fn the_largest_deposit_spends_every_cell_and_leaves_exactly_the_change_cell() {
    let signer = DevSigner::from_hex(&format!("0x{}", "11".repeat(32))).expect("key");
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    let cell = |n: u8, ckb: u64| Spendable {
        out_point: godwoken_core::rpc::OutPoint { tx_hash: godwoken_core::H256([n; 32]), index: 0 },
        capacity: ckb * CKB,
    };
    let cells = [cell(1, 300), cell(2, 250), cell(3, 1_000)];
    let owner = signer.address();
    let max = build::max_deposit(&constants, &layer1, &owner, &cells, CANCEL_TIMEOUT_2021).expect("a maximum");
    let largest = build::deposit(&constants, &layer1, &owner, &cells, max, CANCEL_TIMEOUT_2021).expect("the maximum builds");
    assert_eq!(largest.tx.inputs.len(), 3);
    assert_eq!(largest.tx.outputs[1].capacity, build::MIN_CHANGE, "the change is exactly 61 CKB");
    assert_eq!(max + build::MIN_CHANGE + largest.fee, 1_550 * CKB);
    assert!(matches!(
        build::deposit(&constants, &layer1, &owner, &cells, max + 1, CANCEL_TIMEOUT_2021),
        Err(build::BuildError::InsufficientCapacity { .. })
    ));
    // A smaller deposit takes only the cells it needs, in order.
    assert_eq!(build::deposit(&constants, &layer1, &owner, &cells, 400 * CKB, CANCEL_TIMEOUT_2021).expect("builds").tx.inputs.len(), 2);
    assert_eq!(build::max_deposit(&constants, &layer1, &owner, &[], CANCEL_TIMEOUT_2021), None);
    assert_eq!(build::max_deposit(&constants, &layer1, &owner, &[cell(4, 61)], CANCEL_TIMEOUT_2021), None, "61 CKB cannot pay the fee too");
}

#[test]
fn the_derived_cancel_passes_every_lock_once_mature() {
    let vector = of_kind("pw_lock_tx").into_iter().find(|v| v["name"] == "derived_cancel_deposit_tx_hardhat5").expect("cancel");
    let tx = tx_of(&vector["inputs"]["tx"]);
    let cells: Vec<ResolvedCell> = vector["inputs"]["input_cells"].as_array().expect("cells").iter().map(cell_of).collect();
    let rtx = ResolvedTransaction { tx: &tx, hash: tx.hash(), inputs: &cells, deps: &[] };
    assert_eq!(with_known_locks(|locks| check_scripts(&rtx, locks)), Ok(()));
    let mut early = tx.clone();
    early.inputs[0].since = 0;
    let early_rtx = ResolvedTransaction { tx: &early, hash: early.hash(), ..rtx };
    let refused = with_known_locks(|locks| check_scripts(&early_rtx, locks));
    assert!(matches!(refused, Err(TxError::Script { index: 0, exit_code: 6, .. })), "{refused:?}");
    let without_owner = ResolvedTransaction { inputs: &cells[..1], ..rtx };
    let mut only_deposit = tx.clone();
    only_deposit.inputs.truncate(1);
    let only_rtx = ResolvedTransaction { tx: &only_deposit, hash: only_deposit.hash(), ..without_owner };
    let refused = with_known_locks(|locks| check_scripts(&only_rtx, locks));
    assert!(matches!(refused, Err(TxError::Script { index: 0, exit_code: 8, .. })), "{refused:?}");
}

#[test]
fn deposit_cancel_since_rule() {
    for vector in of_kind("deposit_cancel_since") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let accepted = cancel_since_accepted(u64_of(&inputs["input_since"]), u64_of(&inputs["cancel_timeout"]));
        assert_eq!(accepted, expected["deposit_lock_accepts_since"].as_bool().expect("bool"), "{}", vector["name"]);
        assert_eq!(if accepted { 0 } else { 6 }, expected["exit_code"].as_i64().expect("code"));
    }
}

#[test]
fn deposit_lock_args_both_ways() {
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    for vector in of_kind("deposit_lock") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let name = &vector["name"];
        let serialized = bytes(&expected["deposit_lock_args"]);
        let args = match inputs.get("eth_address") {
            Some(eth) => {
                let owner = address(eth);
                let args = DepositLockArgs {
                    owner_lock_hash: owner_lock_hash(&constants, &owner),
                    layer2_lock: account_script(&constants, &owner),
                    cancel_timeout: u64_of(&inputs["cancel_timeout"]),
                };
                assert_eq!(args.to_bytes(), serialized, "{name}");
                args
            }
            None => {
                let fields = &inputs["deposit_lock_args"];
                DepositLockArgs {
                    owner_lock_hash: h256(&fields["owner_lock_hash"]),
                    layer2_lock: script(&fields["layer2_lock"]),
                    cancel_timeout: u64_of(&fields["cancel_timeout"]),
                }
            }
        };
        assert_eq!(args.to_bytes(), serialized, "{name}");
        assert_eq!(serialized.len() as u64, u64_of(&expected["deposit_lock_args_len"]));
        assert_eq!(DepositLockArgs::from_bytes(&serialized).as_ref(), Some(&args), "{name}: reads back");
        assert_eq!(args.layer2_lock.to_bytes(), bytes(&expected["layer2_lock_serialized"]));
        assert_eq!(args.layer2_lock.hash(), h256(&expected["account_script_hash"]));
        assert_eq!(godwoken_accepts_cancel_timeout(args.cancel_timeout), expected["godwoken_cancel_timeout_ok"] == true);
        if let Some(lock) = expected.get("deposit_lock") {
            let lock = script(lock);
            assert_eq!(lock.code_hash, layer1.deposit_lock_code_hash);
            assert_eq!(lock.args.0, args.to_lock_args(&constants.rollup_type_hash), "{name}");
            assert_eq!(lock.hash(), h256(&expected["deposit_lock_hash"]));
            assert_eq!(occupied_bytes(&lock, None, 0) * 100_000_000, u64_of(&expected["deposit_cell_occupied_shannons"]));
            assert_eq!(DepositLockArgs::from_lock_args(&lock.args.0), Some((constants.rollup_type_hash, args.clone())));
        }
    }
    let mut four_fields = bytes(&of_kind("deposit_lock")[0]["expected"]["deposit_lock_args"]);
    four_fields.extend_from_slice(&[0; 4]);
    assert_eq!(DepositLockArgs::from_bytes(&four_fields), None, "trailing bytes are not a v0 table");
}

#[test]
fn godwoken_collects_or_leaves_deposits() {
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    let rules = layer1.collect_rules(&constants.rollup_type_hash);
    for vector in of_kind("godwoken_collect") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let name = &vector["name"];
        let cell = cell_of(&inputs["deposit_cell"]);
        let verdict = judge_deposit(
            &rules,
            &cell.output.lock,
            cell.output.type_.as_ref(),
            cell.data.len(),
            cell.output.capacity,
            &h256(&inputs["l2_block_hash"]),
            u64_of(&inputs["l2_block_number"]),
        );
        let rejections: Vec<String> = match &verdict {
            Ok(_) => Vec::new(),
            Err(reasons) => reasons.iter().map(ToString::to_string).collect(),
        };
        let expected_rejections: Vec<String> =
            serde_json::from_value(expected["rejections"].clone()).expect("rejections");
        assert_eq!(rejections, expected_rejections, "{name}");
        assert_eq!(verdict.is_ok(), expected["accepted"] == true, "{name}");
        if let Ok(collected) = verdict {
            assert_eq!(collected.custodian_lock, script(&expected["custodian_lock"]), "{name}");
            assert_eq!(collected.custodian_lock.args.0[32..], bytes(&expected["custodian_lock_args"])[..]);
            assert_eq!(collected.custodian_lock.hash(), h256(&expected["custodian_lock_hash"]));
            assert_eq!(
                occupied_bytes(&collected.custodian_lock, None, 0) * 100_000_000,
                u64_of(&expected["custodian_occupied_shannons"])
            );
            assert_eq!(collected.args.layer2_lock, script(&expected["l2_account_script"]));
            assert_eq!(collected.args.layer2_lock.hash(), h256(&expected["l2_account_script_hash"]));
        }
    }
}

#[test]
fn withdrawal_unlock_via_finalize() {
    let constants = testnet_2021_constants();
    for vector in of_kind("withdrawal_unlock") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        assert_eq!(via_finalize_witness_lock(), bytes(&expected["withdrawal_witness_lock"]));
        let tx = tx_of(&inputs["tx"]);
        let cells: Vec<ResolvedCell> = inputs["input_cells"].as_array().expect("cells").iter().map(cell_of).collect();
        for (served, finality) in expected["finality"].as_object().expect("finality") {
            let mut rollup = cells[1].clone();
            rollup.output.type_ = Some(constants.rollup_type_script.clone());
            rollup.data = bytes(&inputs["rollup_cell_data"][served]);
            let deps = [rollup];
            let rtx = ResolvedTransaction { tx: &tx, hash: tx.hash(), inputs: &cells, deps: &deps };
            let verdict = with_known_locks(|locks| check_scripts(&rtx, locks));
            match finality["exit_code_if_rejected"].as_i64() {
                None => assert_eq!(verdict, Ok(()), "{served}"),
                Some(code) => assert_eq!(
                    verdict,
                    Err(TxError::Script {
                        index: 0,
                        output: false,
                        role: ScriptRole::Lock,
                        code_hash: constants.withdrawal_lock_code_hash,
                        exit_code: code as i32,
                    }),
                    "{served}"
                ),
            }
            let no_rollup = ResolvedTransaction { deps: &[], ..rtx };
            let verdict = with_known_locks(|locks| check_scripts(&no_rollup, locks));
            assert!(matches!(verdict, Err(TxError::Script { exit_code: 9, .. })), "{verdict:?}");
        }
    }
}

fn out_point(value: &Value) -> OutPoint {
    serde_json::from_value(value.clone()).expect("out point")
}

fn error_of(case: &str, params: &Value) -> Option<TxError> {
    let index = || u64_of(&params["index"]) as usize;
    Some(match case {
        "resolve_unknown" => TxError::Unknown(out_point(&params["out_point"])),
        "resolve_dead" => TxError::Dead(out_point(&params["out_point"])),
        "duplicated" => TxError::Duplicated(h256(&params["tx_hash"])),
        "low_fee_rate" => TxError::LowFee {
            min: u64_of(&params["size_in_block"]) * u64_of(&params["min_fee_rate"]) / 1000,
            fee: u64_of(&params["fee"]),
        },
        "script_failure" => TxError::Script {
            index: index(),
            output: params["source"] != "Inputs",
            role: if params["group"] == "Lock" { ScriptRole::Lock } else { ScriptRole::Type },
            code_hash: h256(&params["code_hash"]),
            exit_code: params["exit_code"].as_i64().expect("exit") as i32,
        },
        "immature" => TxError::Immature(index()),
        "invalid_since" => TxError::InvalidSince(index()),
        "insufficient_cell_capacity" => TxError::InsufficientCellCapacity {
            index: index(),
            occupied: u64_of(&params["occupied"]),
            capacity: u64_of(&params["capacity"]),
        },
        "outputs_sum_overflow" => {
            TxError::OutputsSumOverflow { inputs: u64_of(&params["inputs_sum"]), outputs: u64_of(&params["outputs_sum"]) }
        }
        "outputs_validator" => TxError::NotWellKnownLockScript(index()),
        _ => return None,
    })
}

#[test]
fn node_error_codes_and_texts() {
    for vector in of_kind("rpc_error") {
        let (inputs, expected) = (&vector["inputs"], &vector["expected"]);
        let case = inputs["case"].as_str().expect("case");
        let Some(error) = error_of(case, &inputs["params"]) else {
            // The one error that is not a transaction's: answered by the devnet's dispatcher,
            // whose text the devnet's own tests compare with this vector.
            assert_eq!(case, "method_not_found");
            assert_eq!(expected["code"], godwoken_core::rpc::code::METHOD_NOT_FOUND);
            continue;
        };
        assert_eq!(error.code(), expected["code"].as_i64().expect("code"), "{}", vector["name"]);
        assert_eq!(error.message(), expected["message"].as_str().expect("message"), "{}", vector["name"]);
        assert_eq!(error.data().as_deref(), expected["data"].as_str(), "{}", vector["name"]);
    }
    assert_eq!(
        TxError::Empty(Source::Inputs).message(),
        "TransactionFailedToVerify: Verification failed Transaction(Empty(Inputs))"
    );
}
