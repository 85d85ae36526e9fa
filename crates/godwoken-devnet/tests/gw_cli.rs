//! `gw` reproduces the shared vectors from their inputs and refuses bad input with exit code 2.

use std::process::Command;

use godwoken_devnet::gw_cli::{run, CliError};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let fixture: Value =
        serde_json::from_str(include_str!("../../godwoken-core/tests/fixtures/withdrawal-v0.json")).expect("fixture");
    fixture["vectors"].as_array().expect("array").clone()
}

fn gw(args: &[&str]) -> Result<Value, CliError> {
    run(std::iter::once("gw").chain(args.iter().copied()))
}

fn quantity(value: &Value) -> String {
    let text = value.as_str().expect("quantity");
    u128::from_str_radix(&text[2..], 16).expect("hex").to_string()
}

#[test]
fn account_matches_the_vectors() {
    for v in vectors() {
        let network = v["network"].as_str().expect("network");
        // Lower case in, EIP-55 out.
        let out = gw(&["account", "--network", network, v["eth_address"].as_str().expect("a")])
            .expect("account");
        assert_eq!(out["eth_address"], v["eth_address_checksum"]);
        assert_eq!(out["account_script_hash"], v["account_script_hash"]);
        assert_eq!(out["short_address"], v["short_address"]);
        assert_eq!(out["owner_lock_hash"], v["owner_lock_hash"]);
        assert_eq!(
            out["layer1_address"],
            "ckt1qpvvtay34wndv9nckl8hah6fzzcltcqwcrx79apwp2a5lkd07fdxxq0nnltw2x4d3rm0fnn2hzp8y7w0l7ujyesj0hj3d"
        );
    }
}

#[test]
fn withdrawal_build_reproduces_the_vectors() {
    for v in vectors() {
        let raw = &v["raw_withdrawal_request_json"];
        let (nonce, capacity, fee) =
            (quantity(&raw["nonce"]), quantity(&raw["capacity"]), quantity(&raw["fee"]["amount"]));
        let out = gw(&[
            "withdrawal", "build", "--network", v["network"].as_str().expect("n"),
            "--private-key", v["private_key"].as_str().expect("key"),
            "--nonce", &nonce, "--capacity", &capacity, "--fee", &fee,
        ])
        .expect("build");
        assert_eq!(out["raw"], v["raw_withdrawal_request_hex"]);
        assert_eq!(out["raw_json"], v["raw_withdrawal_request_json"]);
        assert_eq!(out["message"], v["signing_message_blake2b"]);
        assert_eq!(out["personal_sign_params"], v["personal_sign_params"]);
        assert_eq!(out["signature"], v["godwoken_signature_v0_1"]);
        assert_eq!(out["request"], v["withdrawal_request_hex"]);
        assert_eq!(out["hash"], v["withdrawal_hash_blake2b_raw"]);

        let decoded = gw(&[
            "decode", "withdrawal-request", "--network", v["network"].as_str().expect("n"),
            v["withdrawal_request_hex"].as_str().expect("hex"),
        ])
        .expect("decode");
        assert_eq!(decoded["raw"], v["raw_withdrawal_request_json"]);
        assert_eq!(decoded["signer"], v["eth_address_checksum"]);
        assert_eq!(decoded["hash"], v["withdrawal_hash_blake2b_raw"]);
    }
}

#[test]
fn decode_lock_args_with_and_without_prefix() {
    for v in vectors() {
        let example = &v["withdrawal_lock_args_example"];
        if example.is_null() {
            continue;
        }
        for (key, prefixed) in [("withdrawal_lock_args_hex", false), ("full_lock_script_args", true)] {
            let out = gw(&["decode", "withdrawal-lock-args", example[key].as_str().expect("hex")])
                .expect("decode");
            for field in ["account_script_hash", "withdrawal_block_hash", "withdrawal_block_number",
                "sudt_script_hash", "sell_amount", "sell_capacity", "owner_lock_hash", "payment_lock_hash"] {
                assert_eq!(out[field], example["fields"][field], "{field}");
            }
            assert_eq!(out["rollup_type_hash"].is_string(), prefixed);
        }
    }
}

#[test]
fn bad_input_is_refused_in_words() {
    let cases: &[(&[&str], &str)] = &[
        (&["account", "--network", "ropsten", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"], "unknown network"),
        (&["account", "--network", "testnet", "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"], "checksum"),
        (&["withdrawal", "build", "--network", "testnet", "--private-key", "0x00", "--nonce", "0", "--capacity", "1"], "private key"),
        (&["withdrawal", "build", "--network", "testnet", "--private-key",
           "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "--nonce=-1", "--capacity", "1"], "--nonce"),
        (&["withdrawal", "build", "--network", "testnet", "--private-key",
           "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "--nonce", "4294967296", "--capacity", "1"], "too large"),
        (&["decode", "withdrawal-request", "--network", "testnet", "0x1234"], "WithdrawalRequest"),
        (&["decode", "withdrawal-lock-args", "0x00"], "192"),
    ];
    for (args, needle) in cases {
        let err = gw(args).expect_err("refused");
        assert!(matches!(err, CliError::BadValue { .. }), "{args:?}: {err}");
        assert!(err.to_string().contains(needle), "{args:?}: {err}");
    }
    assert!(matches!(gw(&["frobnicate"]), Err(CliError::Usage(_))));
}

#[test]
fn the_binary_prints_lines_or_json_and_exits_2_on_bad_input() {
    let exe = env!("CARGO_BIN_EXE_gw");
    let ok = Command::new(exe)
        .args(["account", "--network", "devnet", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"])
        .output()
        .expect("runs");
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("\neth_address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n"));
    let ok = Command::new(exe)
        .args(["account", "--json", "--network", "devnet", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"])
        .output()
        .expect("runs");
    let out: Value = serde_json::from_slice(&ok.stdout).expect("JSON on stdout");
    assert_eq!(out["eth_address"], "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    let bad = Command::new(exe).args(["account", "--network", "devnet", "0x12"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("40 hex digits"));
    let usage = Command::new(exe).args(["nope"]).output().expect("runs");
    assert_eq!(usage.status.code(), Some(2));
}

fn layer1_vector(name: &str) -> Value {
    let fixture: Value =
        serde_json::from_str(include_str!("../../godwoken-core/tests/fixtures/layer1-v0.json")).expect("fixture");
    fixture["vectors"].as_array().expect("array").iter().find(|v| v["name"] == name).expect("vector").clone()
}

/// The `--input` values of a vector transaction's inputs, each `<tx_hash>:0=<amount>`.
fn inputs_of(tx: &Value, amount: &str) -> Vec<String> {
    tx["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|input| format!("{}:0={amount}", input["previous_output"]["tx_hash"].as_str().expect("hash")))
        .collect()
}

#[test]
fn deposit_build_reproduces_the_derived_deposit() {
    let v = layer1_vector("derived_deposit_tx_hardhat5");
    let tx = &v["inputs"]["tx"];
    let inputs = inputs_of(tx, "400");
    let mut args = vec!["deposit", "build", "--network", "devnet", "--private-key", v["inputs"]["private_key"].as_str().expect("key")];
    for input in &inputs {
        args.extend(["--input", input.as_str()]);
    }
    let out = gw(&args).expect("builds");
    assert_eq!(&out["transaction"], tx);
    assert_eq!(out["hash"], v["expected"]["tx_hash"]);
    assert_eq!(out["signing_message"], v["expected"]["signing_message"]);
    assert_eq!(out["fee"], "0.00000727");
    assert_eq!(out["send_transaction_params"][1], "passthrough");

    // One 400 CKB cell does not cover 400 CKB and the 61 CKB change.
    let short = gw(&args[..8]).expect_err("not enough");
    assert!(short.to_string().contains("input capacity not enough"), "{short}");
    let mut below = args.clone();
    below.extend(["--amount", "289.99"]);
    assert!(gw(&below).expect_err("below the minimum").to_string().contains("at least 29000000000"));
    assert!(gw(&["deposit", "build", "--network", "devnet", "--private-key", "0x01", "--input", "0x12:0=1"]).is_err());
}

#[test]
fn decode_transaction_names_each_lock() {
    let v = layer1_vector("pw_core_deposit_tx_shim7");
    let out = gw(&["decode", "transaction", "--network", "testnet", &v["inputs"]["tx"].to_string()]).expect("decodes");
    assert_eq!(out["hash"], "0x3332ead066919763f22a034a21ee17d0b4081bf7b5f080c905504af71d4b4a53");
    assert_eq!(out["size_in_block"], 727);
    assert_eq!(out["outputs"][0]["capacity"], "400");
    assert_eq!(out["outputs"][0]["lock"]["kind"], "deposit");
    assert_eq!(
        out["outputs"][0]["lock"]["layer2_account_script_hash"],
        "0x846479338dfd9a20fae85a43e5a1644772e6a63c0445a426f9ed4bfdd26b63c2"
    );
    assert_eq!(out["outputs"][0]["lock"]["cancel_timeout"], "0xc00000000002a300");
    let owner = godwoken_core::eth::EthAddress::parse("0xf6d95db83fd4d12b54fec27e11d7911d4d2be064").expect("address");
    assert_eq!(out["outputs"][1]["lock"], serde_json::json!({"kind": "pw-lock", "eth_address": owner.to_checksum()}));
    assert!(out["witnesses"][0]["lock"].as_str().expect("lock").starts_with("0x01"), "the testnet chain byte");
    assert!(gw(&["decode", "transaction", "--network", "testnet", "{}"]).is_err());
}

fn gw_text(args: &[&str]) -> Result<String, CliError> {
    godwoken_devnet::gw_cli::execute(std::iter::once("gw").chain(args.iter().copied()))
}

#[test]
fn plain_lines_by_default_json_on_request_version_and_completions() {
    let address = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    let plain = gw_text(&["account", "--network", "testnet", address]).expect("account");
    assert!(plain.lines().any(|line| line == "eth_address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "{plain}");
    let json: Value = serde_json::from_str(&gw_text(&["--json", "account", "--network", "testnet", address]).expect("json")).expect("JSON");
    assert_eq!(json, gw(&["account", "--network", "testnet", address]).expect("account"));
    // Nested values become dotted keys, list items numbered.
    assert_eq!(godwoken_devnet::gw_cli::plain(&serde_json::json!({"a": {"b": [1, "x"]}})), "a.b[0]: 1\na.b[1]: x\n");
    let version = gw_text(&["--version"]).expect_err("clap prints it");
    assert!(matches!(&version, CliError::Usage(err) if err.to_string().contains(env!("CARGO_PKG_VERSION"))));
    let bash = gw_text(&["completions", "bash"]).expect("script");
    assert!(bash.contains("_gw()") && bash.contains("withdraw"), "{bash}");
    let help = gw_text(&["--help"]).expect_err("clap prints it").to_string();
    assert!(help.contains("development keys only"), "{help}");
}

#[test]
fn amounts_in_ckb_or_in_shannons_with_a_suffix() {
    let v = layer1_vector("derived_deposit_tx_hardhat5");
    let tx = &v["inputs"]["tx"];
    let inputs = inputs_of(tx, "40000000000shannons");
    let key = v["inputs"]["private_key"].as_str().expect("key");
    let build = |amount: &str| {
        gw(&["deposit", "build", "--network", "devnet", "--private-key", key, "--amount", amount, "--input", &inputs[0], "--input", &inputs[1]])
    };
    let in_ckb = build("400").expect("CKB");
    assert_eq!(build("40000000000shannons").expect("shannons"), in_ckb);
    assert_eq!(&in_ckb["transaction"], tx);
    assert!(build("4e2").is_err() && build("12.5shannons").is_err());
}
