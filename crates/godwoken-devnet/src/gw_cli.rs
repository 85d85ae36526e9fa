//! The `gw` command line: parses arguments, computes with `godwoken-core`, returns JSON.
//!
//! Like Foundry's `cast`, it signs with a development key given on the command line; the page never
//! does that, it asks the wallet.

use std::ffi::OsString;

use clap::{Parser, Subcommand};
use godwoken_core::account::{account_script_hash, owner_lock, owner_lock_hash, short_address};
use godwoken_core::address::encode_address;
use godwoken_core::amount::{format_ckb_plain, parse_ckb};
use godwoken_core::ckb::build::{self, Spendable};
use godwoken_core::ckb::constants::{testnet_2021_layer1, Layer1Constants};
use godwoken_core::ckb::deposit::DepositLockArgs;
use godwoken_core::ckb::error::MIN_FEE_RATE;
use godwoken_core::ckb::tx::min_fee;
use godwoken_core::ckb::{Transaction, WitnessArgs};
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::hex;
use godwoken_core::mol::{Script, WithdrawalLockArgs, WithdrawalRequest};
use godwoken_core::network::{preset_by_name, NetworkConfig, NetworkKind};
use godwoken_core::quantity;
use godwoken_core::rpc::{OutPoint, RawWithdrawalRequestJson, WithdrawalRequestJson};
use godwoken_core::withdrawal::{self, WithdrawalParams};
use serde_json::{json, Value};

use crate::gw_node::NodeClient;
use crate::gw_online;

/// Why `gw` could not answer (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The node failed, refused, or the chain did not get there in time.
    #[error(transparent)]
    Online(#[from] crate::gw_online::OnlineError),
    /// Arguments clap refused (or `--help`).
    #[error("{0}")]
    Usage(#[from] clap::Error),
    /// A value that is not what its option needs.
    #[error("{option}: {reason}")]
    BadValue {
        /// The option or argument.
        option: &'static str,
        /// What is wrong, in words.
        reason: String,
    },
}

fn bad(option: &'static str, reason: impl ToString) -> CliError {
    CliError::BadValue { option, reason: reason.to_string() }
}

#[derive(Parser, Debug)]
#[command(
    name = "gw",
    about = "Godwoken v0 tool: accounts, withdrawals and deposits signed with development keys, decoding (JSON on stdout)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The Layer 2 account and Layer 1 owner of an ETH address.
    Account {
        /// testnet, mainnet or devnet.
        #[arg(long)]
        network: String,
        /// The ETH address (0x + 40 hex digits; mixed case must be EIP-55).
        address: String,
    },
    /// Withdrawal requests.
    Withdrawal {
        #[command(subcommand)]
        command: WithdrawalCommand,
    },
    /// Layer 1 deposits ("Create Layer 2 account").
    Deposit {
        #[command(subcommand)]
        command: DepositCommand,
    },
    /// A node's view of an address: Layer 2 account and balance, Layer 1 balance (in CKB).
    Balance {
        #[command(flatten)]
        node: NodeArgs,
        /// The ETH address.
        address: String,
    },
    /// Withdraw to Layer 1 with a development key: the nonce is fetched, the request built,
    /// signed, submitted and waited for (until a block includes it).
    Withdraw {
        #[command(flatten)]
        node: NodeArgs,
        /// 0x + 64 hex digits. Development keys only.
        #[arg(long)]
        private_key: String,
        /// CKB to withdraw (decimals allowed; at least 265).
        #[arg(long, default_value = "400")]
        amount: String,
        /// Fee in CKB.
        #[arg(long, default_value = "0")]
        fee: String,
        /// Return once submitted, without waiting for a block.
        #[arg(long)]
        no_wait: bool,
    },
    /// Decode molecule bytes.
    Decode {
        #[command(subcommand)]
        command: DecodeCommand,
    },
}

#[derive(Subcommand, Debug)]
enum WithdrawalCommand {
    /// Build and sign a CKB withdrawal with a development private key.
    Build {
        /// testnet, mainnet or devnet.
        #[arg(long)]
        network: String,
        /// 0x + 64 hex digits. Development keys only.
        #[arg(long)]
        private_key: String,
        /// The account's current nonce (decimal).
        #[arg(long)]
        nonce: String,
        /// Shannons to withdraw (decimal; 1 CKB = 100000000).
        #[arg(long)]
        capacity: String,
        /// Fee in shannons (decimal).
        #[arg(long, default_value = "0")]
        fee: String,
        /// Sell capacity in shannons (decimal).
        #[arg(long, default_value = "0")]
        sell_capacity: String,
        /// Sell amount (decimal).
        #[arg(long, default_value = "0")]
        sell_amount: String,
    },
}

/// Where the node is.
#[derive(clap::Args, Debug)]
struct NodeArgs {
    /// The node's JSON-RPC URL (the devnet answers Godwoken, CKB and indexer methods there).
    #[arg(long, env = "GW_RPC_URL", default_value = crate::gw_node::DEFAULT_RPC_URL)]
    rpc_url: String,
    /// testnet or devnet: the rollup's constants.
    #[arg(long, default_value = "devnet")]
    network: String,
}

#[derive(Subcommand, Debug)]
enum DepositCommand {
    /// Deposit from Layer 1 with a development key: its plain PW-lock cells are fetched,
    /// pw-core's deposit built, signed and sent, and waited for until Layer 2 credits it.
    Send {
        #[command(flatten)]
        node: NodeArgs,
        /// 0x + 64 hex digits. Development keys only.
        #[arg(long)]
        private_key: String,
        /// CKB to deposit (decimals allowed; at least 290).
        #[arg(long, default_value = "400")]
        amount: String,
        /// Return once sent, without waiting for Layer 2.
        #[arg(long)]
        no_wait: bool,
    },
    /// Build and sign pw-core's deposit transaction with a development private key: the amount to
    /// the deposit lock, the change back to the key's PW-lock, fee = size. Prints the transaction
    /// ready for `send_transaction(tx, "passthrough")`.
    Build {
        /// testnet or devnet (Layer 1 constants are known for the 2021 testnet, which the devnet uses).
        #[arg(long)]
        network: String,
        /// 0x + 64 hex digits. Development keys only.
        #[arg(long)]
        private_key: String,
        /// CKB to deposit (decimals allowed; at least 290).
        #[arg(long, default_value = "400")]
        amount: String,
        /// A plain PW-lock cell of the key's address to spend, `0x<tx_hash>:<index>=<CKB>`; repeat
        /// it, in the order the cells are to be used (e.g. the indexer's).
        #[arg(long = "input", required = true)]
        inputs: Vec<String>,
        /// The deposit's cancel timeout, a `since` value (default: the 2021 client's 48 hours).
        #[arg(long, default_value = "0xc00000000002a300")]
        cancel_timeout: String,
    },
}

#[derive(Subcommand, Debug)]
enum DecodeCommand {
    /// A CKB transaction in JSON (as `send_transaction` takes it): hash, size, minimum fee, and
    /// each output's lock with its args decoded.
    Transaction {
        /// testnet or devnet (names the locks).
        #[arg(long)]
        network: String,
        /// The transaction's JSON.
        json: String,
    },
    /// A 281-byte WithdrawalRequest: every field and the recovered signer.
    WithdrawalRequest {
        /// testnet, mainnet or devnet (the rollup type hash is part of the signed message).
        #[arg(long)]
        network: String,
        /// 0x + hex of the molecule bytes.
        bytes: String,
    },
    /// WithdrawalLockArgs: 192 bytes, or 224 with the rollup type hash prefix.
    WithdrawalLockArgs {
        /// 0x + hex.
        bytes: String,
    },
}

fn network(name: &str) -> Result<NetworkConfig, CliError> {
    preset_by_name(name).ok_or_else(|| bad("--network", format!("unknown network '{name}': use testnet, mainnet or devnet")))
}

fn decimal<T: std::str::FromStr>(option: &'static str, text: &str) -> Result<T, CliError> {
    if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad(option, format!("'{text}' is not a non-negative decimal integer")));
    }
    text.parse().map_err(|_| bad(option, format!("'{text}' is too large")))
}

fn account(network: &NetworkConfig, address: &EthAddress) -> Value {
    let script_hash = account_script_hash(&network.constants, address);
    json!({
        "network": network.name,
        "eth_address": address.to_checksum(),
        "account_script_hash": script_hash,
        "short_address": hex::encode(short_address(&script_hash)),
        "owner_lock_hash": owner_lock_hash(&network.constants, address),
        "layer1_address": encode_address(network.address_prefix, &owner_lock(&network.constants, address)),
    })
}

fn describe_request(network: &NetworkConfig, request: &WithdrawalRequest) -> Value {
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

fn lock_args(args: &WithdrawalLockArgs, rollup: Option<godwoken_core::H256>) -> Value {
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

fn layer1(network: &NetworkConfig) -> Result<Layer1Constants, CliError> {
    match network.kind {
        NetworkKind::Devnet | NetworkKind::Testnet2021 => Ok(testnet_2021_layer1()),
        _ => Err(bad("--network", "Layer 1 constants are known for testnet and devnet only")),
    }
}

/// `0x<tx_hash>:<index>=<CKB>`.
fn spendable(text: &str) -> Result<Spendable, CliError> {
    let reason = || bad("--input", format!("'{text}': expected 0x<tx_hash>:<index>=<CKB>"));
    let (out_point, amount) = text.split_once('=').ok_or_else(reason)?;
    let (tx_hash, index) = out_point.split_once(':').ok_or_else(reason)?;
    Ok(Spendable {
        out_point: OutPoint {
            tx_hash: tx_hash.parse().map_err(|_| reason())?,
            index: decimal("--input", index)?,
        },
        capacity: parse_ckb(amount).map_err(|err| bad("--input", format!("'{amount}': {err}")))?,
    })
}

fn since(option: &'static str, text: &str) -> Result<u64, CliError> {
    let digits = text.strip_prefix("0x").ok_or_else(|| bad(option, format!("'{text}': expected 0x + hex")))?;
    u64::from_str_radix(digits, 16).map_err(|err| bad(option, format!("'{text}': {err}")))
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

fn describe_transaction(network: &NetworkConfig, layer1: &Layer1Constants, tx: &Transaction) -> Value {
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

/// Runs `gw` with `args` (the program name first) and returns the JSON to print.
pub fn run<I, T>(args: I) -> Result<Value, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    match cli.command {
        Command::Account { network: name, address } => {
            let network = network(&name)?;
            let address = EthAddress::parse(&address).map_err(|err| bad("address", err))?;
            Ok(account(&network, &address))
        }
        Command::Withdrawal { command: WithdrawalCommand::Build { network: name, private_key, nonce, capacity, fee, sell_capacity, sell_amount } } => {
            let network = network(&name)?;
            let signer = DevSigner::from_hex(&private_key).map_err(|err| bad("--private-key", err))?;
            let params = WithdrawalParams {
                nonce: decimal("--nonce", &nonce)?,
                capacity: decimal("--capacity", &capacity)?,
                fee: decimal("--fee", &fee)?,
                sell_capacity: decimal("--sell-capacity", &sell_capacity)?,
                sell_amount: decimal("--sell-amount", &sell_amount)?,
            };
            let address = signer.address();
            let raw = withdrawal::build_raw_request(&network.constants, &address, &params);
            let request = withdrawal::sign_with_dev_key(&signer, &network.constants.rollup_type_hash, raw)
                .map_err(|err| bad("--private-key", err))?;
            let message = withdrawal::signing_message(&network.constants.rollup_type_hash, &raw);
            Ok(json!({
                "eth_address": address.to_checksum(),
                "raw": hex::encode(raw.to_bytes()),
                "raw_json": RawWithdrawalRequestJson::from(&raw),
                "message": message,
                "personal_sign_params": withdrawal::personal_sign_params(&message, &address),
                "signature": hex::encode(request.signature),
                "request": hex::encode(request.to_bytes()),
                "request_json": WithdrawalRequestJson::from(&request),
                "hash": request.hash(),
            }))
        }
        Command::Decode { command: DecodeCommand::WithdrawalRequest { network: name, bytes } } => {
            let network = network(&name)?;
            let bytes = hex::decode(&bytes).map_err(|err| bad("bytes", err))?;
            let request = WithdrawalRequest::from_bytes(&bytes).map_err(|err| bad("bytes", err))?;
            Ok(describe_request(&network, &request))
        }
        Command::Deposit { command: DepositCommand::Build { network: name, private_key, amount, inputs, cancel_timeout } } => {
            let network = network(&name)?;
            let layer1 = layer1(&network)?;
            let signer = DevSigner::from_hex(&private_key).map_err(|err| bad("--private-key", err))?;
            let amount = parse_ckb(&amount).map_err(|err| bad("--amount", format!("'{amount}': {err}")))?;
            let cells = inputs.iter().map(|text| spendable(text)).collect::<Result<Vec<_>, _>>()?;
            let cancel_timeout = since("--cancel-timeout", &cancel_timeout)?;
            let owner = signer.address();
            let unsigned = build::deposit(&network.constants, &layer1, &owner, &cells, amount, cancel_timeout)
                .map_err(|err| bad("--amount", err))?;
            let signature = signer.personal_sign(&unsigned.message.0).map_err(|err| bad("--private-key", err))?;
            let tx = unsigned.signed(&signature);
            Ok(json!({
                "eth_address": owner.to_checksum(),
                "hash": unsigned.hash,
                "signing_message": unsigned.message,
                "personal_sign_params": [owner.to_lower_hex(), unsigned.message],
                "fee": format_ckb_plain(unsigned.fee.into()),
                "layer2_account_script_hash": account_script_hash(&network.constants, &owner),
                "transaction": tx,
                "send_transaction_params": [tx, "passthrough"],
            }))
        }
        Command::Balance { node, address } => {
            let network = network(&node.network)?;
            let address = EthAddress::parse(&address).map_err(|err| bad("address", err))?;
            Ok(gw_online::balance(&NodeClient::new(&node.rpc_url), &network, &address)?)
        }
        Command::Withdraw { node, private_key, amount, fee, no_wait } => {
            let network = network(&node.network)?;
            let signer = DevSigner::from_hex(&private_key).map_err(|err| bad("--private-key", err))?;
            let capacity = parse_ckb(&amount).map_err(|err| bad("--amount", format!("'{amount}': {err}")))?;
            let fee = parse_ckb(&fee).map_err(|err| bad("--fee", format!("'{fee}': {err}")))?;
            let client = NodeClient::new(&node.rpc_url);
            Ok(gw_online::withdraw(&client, &network, &signer, capacity, fee.into(), !no_wait)?)
        }
        Command::Deposit { command: DepositCommand::Send { node, private_key, amount, no_wait } } => {
            let network = network(&node.network)?;
            let layer1 = layer1(&network)?;
            let signer = DevSigner::from_hex(&private_key).map_err(|err| bad("--private-key", err))?;
            let amount = parse_ckb(&amount).map_err(|err| bad("--amount", format!("'{amount}': {err}")))?;
            Ok(gw_online::deposit(&NodeClient::new(&node.rpc_url), &network, &layer1, &signer, amount, !no_wait)?)
        }
        Command::Decode { command: DecodeCommand::Transaction { network: name, json } } => {
            let network = network(&name)?;
            let layer1 = layer1(&network)?;
            let tx: Transaction = serde_json::from_str(&json).map_err(|err| bad("json", err))?;
            Ok(describe_transaction(&network, &layer1, &tx))
        }
        Command::Decode { command: DecodeCommand::WithdrawalLockArgs { bytes } } => {
            let bytes = hex::decode(&bytes).map_err(|err| bad("bytes", err))?;
            let (rollup, args) = WithdrawalLockArgs::from_lock_args(&bytes).map_err(|err| bad("bytes", err))?;
            Ok(lock_args(&args, rollup))
        }
    }
}
