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
use godwoken_core::ckb::Transaction;
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::hex;
use godwoken_core::mol::{WithdrawalLockArgs, WithdrawalRequest};
use godwoken_core::network::{preset_by_name, NetworkConfig, NetworkKind};
use godwoken_core::rpc::{OutPoint, RawWithdrawalRequestJson, WithdrawalRequestJson};
use godwoken_core::withdrawal::{self, WithdrawalParams};
use serde_json::{json, Value};

use crate::gw_decode::{describe_request, describe_transaction, lock_args};
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
    version,
    about = "Godwoken v0 tool: accounts, balances, withdrawals and deposits, decoding",
    long_about = "Godwoken v0 tool: accounts, balances, withdrawals and deposits, decoding.\n\n\
        It signs with a private key given on the command line: use development keys only, never a \
        key that holds real funds. Amounts are CKB with up to 8 decimals (e.g. 400.5), or shannons \
        with a suffix (e.g. 40000000000shannons). Output is `key: value` lines; --json prints JSON."
)]
struct Cli {
    /// Print JSON (for scripts) instead of `key: value` lines.
    #[arg(long, global = true)]
    json: bool,
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
        signer: SignerArgs,
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
    /// A shell completion script: `gw completions bash > ~/.local/share/bash-completion/completions/gw`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
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

/// A node and the development key that signs for it.
#[derive(clap::Args, Debug)]
struct SignerArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// 0x + 64 hex digits. Development keys only.
    #[arg(long)]
    private_key: String,
}

#[derive(Subcommand, Debug)]
enum DepositCommand {
    /// Deposit from Layer 1 with a development key: its plain PW-lock cells are fetched,
    /// pw-core's deposit built, signed and sent, and waited for until Layer 2 credits it.
    Send {
        #[command(flatten)]
        signer: SignerArgs,
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
        #[arg(value_name = "JSON")]
        transaction: String,
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
        capacity: self::amount("--input", amount)?,
    })
}

fn since(option: &'static str, text: &str) -> Result<u64, CliError> {
    let digits = text.strip_prefix("0x").ok_or_else(|| bad(option, format!("'{text}': expected 0x + hex")))?;
    u64::from_str_radix(digits, 16).map_err(|err| bad(option, format!("'{text}': {err}")))
}

/// Runs `gw` with `args` (the program name first) and returns its answer as JSON.
pub fn run<I, T>(args: I) -> Result<Value, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    dispatch(Cli::try_parse_from(args)?.command)
}

/// Runs `gw` with `args` and returns the text to print: `key: value` lines, JSON with `--json`,
/// or a completion script.
pub fn execute<I, T>(args: I) -> Result<String, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    if let Command::Completions { shell } = cli.command {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "gw", &mut script);
        return Ok(String::from_utf8_lossy(&script).into_owned());
    }
    let json = cli.json;
    let value = dispatch(cli.command)?;
    Ok(if json { format!("{value:#}\n") } else { plain(&value) })
}

/// `key: value` lines, nested keys joined with dots and list items numbered.
pub fn plain(value: &Value) -> String {
    fn walk(value: &Value, path: &str, out: &mut String) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    walk(member, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{index}]"), out);
                }
            }
            Value::String(text) => out.push_str(&format!("{path}: {text}\n")),
            other => out.push_str(&format!("{path}: {other}\n")),
        }
    }
    let mut out = String::new();
    walk(value, "", &mut out);
    out
}

/// An amount option: CKB with up to 8 decimals, or shannons with the suffix `shannons`.
fn amount(option: &'static str, text: &str) -> Result<u64, CliError> {
    match text.strip_suffix("shannons").or_else(|| text.strip_suffix("shannon")) {
        Some(shannons) => decimal(option, shannons.trim_end()),
        None => parse_ckb(text).map_err(|err| bad(option, format!("'{text}': {err}"))),
    }
}

fn dispatch(command: Command) -> Result<Value, CliError> {
    match command {
        Command::Completions { .. } => Err(bad("completions", "completion scripts are text: use gw's main entry")),
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
            let amount = self::amount("--amount", &amount)?;
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
        Command::Withdraw { signer: SignerArgs { node, private_key }, amount, fee, no_wait } => {
            let network = network(&node.network)?;
            let signer = DevSigner::from_hex(&private_key).map_err(|err| bad("--private-key", err))?;
            let capacity = self::amount("--amount", &amount)?;
            let fee = self::amount("--fee", &fee)?;
            let client = NodeClient::new(&node.rpc_url);
            Ok(gw_online::withdraw(&client, &network, &signer, capacity, fee.into(), !no_wait)?)
        }
        Command::Deposit { command: DepositCommand::Send { signer: SignerArgs { node, private_key }, amount, no_wait } } => {
            let network = network(&node.network)?;
            let layer1 = layer1(&network)?;
            let signer = DevSigner::from_hex(&private_key).map_err(|err| bad("--private-key", err))?;
            let amount = self::amount("--amount", &amount)?;
            Ok(gw_online::deposit(&NodeClient::new(&node.rpc_url), &network, &layer1, &signer, amount, !no_wait)?)
        }
        Command::Decode { command: DecodeCommand::Transaction { network: name, transaction } } => {
            let network = network(&name)?;
            let layer1 = layer1(&network)?;
            let tx: Transaction = serde_json::from_str(&transaction).map_err(|err| bad("JSON", err))?;
            Ok(describe_transaction(&network, &layer1, &tx))
        }
        Command::Decode { command: DecodeCommand::WithdrawalLockArgs { bytes } } => {
            let bytes = hex::decode(&bytes).map_err(|err| bad("bytes", err))?;
            let (rollup, args) = WithdrawalLockArgs::from_lock_args(&bytes).map_err(|err| bad("bytes", err))?;
            Ok(lock_args(&args, rollup))
        }
    }
}
