//! The `gw` command line: parses arguments, computes with `godwoken-core`, returns JSON.
//!
//! Like Foundry's `cast`, it signs with a development key given on the command line; the page never
//! does that, it asks the wallet.

use std::ffi::OsString;

use clap::{Parser, Subcommand};
use godwoken_core::account::{account_script_hash, owner_lock, owner_lock_hash, short_address};
use godwoken_core::address::encode_address;
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::hex;
use godwoken_core::mol::{WithdrawalLockArgs, WithdrawalRequest};
use godwoken_core::network::{preset_by_name, NetworkConfig};
use godwoken_core::quantity;
use godwoken_core::rpc::{RawWithdrawalRequestJson, WithdrawalRequestJson};
use godwoken_core::withdrawal::{self, WithdrawalParams};
use serde_json::{json, Value};

/// Why `gw` could not answer; every variant is bad input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
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
#[command(name = "gw", about = "Godwoken v0 withdrawal tool: accounts, dev signing, decoding (JSON on stdout)")]
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

#[derive(Subcommand, Debug)]
enum DecodeCommand {
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
        Command::Decode { command: DecodeCommand::WithdrawalLockArgs { bytes } } => {
            let bytes = hex::decode(&bytes).map_err(|err| bad("bytes", err))?;
            let (rollup, args) = WithdrawalLockArgs::from_lock_args(&bytes).map_err(|err| bad("bytes", err))?;
            Ok(lock_args(&args, rollup))
        }
    }
}
