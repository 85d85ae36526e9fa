//! The `godwoken-devnet` command line and the settings it yields.

use std::path::PathBuf;

use clap::Parser;
use godwoken_core::amount::parse_ckb;
use godwoken_core::eth::EthAddress;

use crate::chain::UnlockMode;

/// A local Godwoken v0 chain: JSON-RPC, ckb-indexer, blocks, challenge period and release on
/// Layer 1, serving the page.
#[derive(Parser, Debug, Clone)]
#[command(name = "godwoken-devnet", version)]
pub struct Args {
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = godwoken_core::network::DEVNET_DEFAULT_LISTEN)]
    pub listen: String,
    /// Keep the chain in this directory (SQLite), so it survives restarts.
    #[arg(long, default_value = "devnet-data", conflicts_with = "ephemeral")]
    pub data_dir: PathBuf,
    /// Keep everything in memory; the chain is gone when the process ends.
    #[arg(long)]
    pub ephemeral: bool,
    /// Milliseconds between blocks; 0 produces blocks only on `dev_mine`.
    #[arg(long)]
    pub block_interval_ms: Option<u64>,
    /// Mine a block on each accepted withdrawal and Layer 1 transaction (as Anvil does); with
    /// `--block-interval-ms 0` blocks come only from transactions and `dev_mine`.
    #[arg(long)]
    pub automine: bool,
    /// Blocks until a withdrawal is final (the challenge period).
    #[arg(long)]
    pub finality_blocks: Option<u64>,
    /// Blocks between a withdrawal's Layer 2 block and its cell on Layer 1.
    #[arg(long, default_value_t = 2)]
    pub indexer_lag_blocks: u64,
    /// Fund an ETH address on Layer 2 at genesis: `0x<address>=<CKB>` (repeatable; replaces the
    /// default 10000 CKB for that address).
    #[arg(long = "fund", value_parser = parse_fund)]
    pub fund: Vec<(EthAddress, u128)>,
    /// Fund an ETH address's PW-lock on Layer 1 at genesis: `0x<address>=<CKB>` (repeatable; in
    /// addition to the default 10000 CKB of each development account).
    #[arg(long = "fund-layer1", value_parser = parse_fund_layer1)]
    pub fund_layer1: Vec<(EthAddress, u64)>,
    /// Milliseconds between Layer 1 blocks of their own; every Layer 2 block also makes one.
    /// Default: the Layer 2 interval. 0: Layer 1 blocks only with Layer 2 blocks and `dev_mine`.
    #[arg(long)]
    pub l1_block_interval_ms: Option<u64>,
    /// Who releases final withdrawals: `auto` (the devnet, to the owner's PW-lock) or `manual`
    /// (the owner sends the 2021 unlock transaction; Layer 2 blocks then default to 10 s, so that
    /// the rollup cell an unlock reads stays live while its owner signs).
    #[arg(long, value_parser = ["auto", "manual"])]
    pub unlock: Option<String>,
    /// The built page to serve at `/`.
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
    /// `devnet` (1 s blocks, 60-block finality) or `testnet-2021` (45 s blocks, 10000 blocks).
    #[arg(long, default_value = "devnet", value_parser = ["devnet", "testnet-2021"])]
    pub preset: String,
    /// The most withdrawals waiting for a block.
    #[arg(long, default_value_t = 100_000)]
    pub mempool_limit: u64,
    /// Log nothing. Otherwise a line per request and per block goes to stderr; RUST_LOG selects
    /// more or less (default `godwoken_devnet=info`).
    #[arg(long)]
    pub silent: bool,
}

fn parse_fund(text: &str) -> Result<(EthAddress, u128), String> {
    let (address, amount) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': expected 0x<address>=<CKB>"))?;
    let address = EthAddress::parse(address).map_err(|err| err.to_string())?;
    let shannons = parse_ckb(amount).map_err(|err| format!("'{amount}': {err}"))?;
    Ok((address, u128::from(shannons)))
}

fn parse_fund_layer1(text: &str) -> Result<(EthAddress, u64), String> {
    let (address, shannons) = parse_fund(text)?;
    Ok((address, u64::try_from(shannons).map_err(|_| format!("'{text}': too much CKB"))?))
}

impl Args {
    /// Block interval: the flag, else the preset's (10 s with manual unlock).
    pub fn block_interval_ms(&self) -> u64 {
        self.block_interval_ms.unwrap_or(match (self.preset.as_str(), self.unlock_mode()) {
            ("testnet-2021", _) => 45_000,
            (_, UnlockMode::Manual) => 10_000,
            _ => 1_000,
        })
    }

    /// Layer 1's own block interval: the flag, else the Layer 2 interval.
    pub fn l1_block_interval_ms(&self) -> u64 {
        self.l1_block_interval_ms.unwrap_or_else(|| self.block_interval_ms())
    }

    /// Release mode: the flag, else manual for the 2021 preset and automatic otherwise.
    pub fn unlock_mode(&self) -> UnlockMode {
        match (self.unlock.as_deref(), self.preset.as_str()) {
            (Some("manual"), _) | (None, "testnet-2021") => UnlockMode::Manual,
            _ => UnlockMode::Auto,
        }
    }

    /// Finality: the flag, else the preset's.
    pub fn finality_blocks(&self) -> u64 {
        self.finality_blocks.unwrap_or(if self.preset == "testnet-2021" { 10_000 } else { 60 })
    }
}
