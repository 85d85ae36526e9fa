//! `godwoken-devnet`: starts the local chain and serves the page.

use std::process::ExitCode;

use clap::Parser;
use godwoken_core::amount::format_ckb;
use godwoken_devnet::config::Args;
use godwoken_devnet::dev_accounts::hardhat_accounts;
use godwoken_devnet::node::{genesis_funding, genesis_layer1_funding, Node};
use godwoken_devnet::devnet::system_clock;

/// A line per request and per block on stderr, unless `--silent`; `RUST_LOG` overrides the level.
fn init_logging(silent: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = if silent {
        EnvFilter::new("off")
    } else {
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("godwoken_devnet=info"))
    };
    // Fails only if a subscriber is already set, which this process never does twice.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).try_init();
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    init_logging(args.silent);
    let mut node = match Node::start(&args, system_clock()).await {
        Ok(node) => node,
        Err(err) => {
            eprintln!("godwoken-devnet: {err}");
            return ExitCode::from(1);
        }
    };
    let url = node.url();
    println!("Godwoken v0 devnet ({} preset)", args.preset);
    println!("  page      {url}/");
    println!("  JSON-RPC  {url}/rpc");
    println!("  CKB node  {url}/ckb  (Layer 1: CKB RPC and indexer; also on /rpc)");
    println!("  indexer   {url}/indexer");
    println!("  config    {url}/config.json");
    println!("  health    {url}/health");
    println!(
        "  chain     {} ms blocks (Layer 1: {} ms), finality {} blocks, release {}, indexer lag {} blocks, data: {}",
        args.block_interval_ms(),
        args.l1_block_interval_ms(),
        args.finality_blocks(),
        if args.unlock_mode() == godwoken_devnet::chain::UnlockMode::Manual { "manual (unlock transaction)" } else { "automatic" },
        args.indexer_lag_blocks,
        if args.ephemeral { "in memory".to_owned() } else { args.data_dir.display().to_string() }
    );
    println!();
    println!("Funded development accounts, Layer 2 / Layer 1 (well-known keys: never use them for real funds):");
    let keys = hardhat_accounts();
    let layer1 = genesis_layer1_funding(&args.fund_layer1);
    for (index, (address, shannons)) in genesis_funding(&args.fund).iter().enumerate() {
        let key = keys.iter().find(|k| k.address == *address).map_or("(key not known)", |k| k.private_key);
        let on_layer1: u128 = layer1.iter().filter(|(a, _)| a == address).map(|(_, s)| u128::from(*s)).sum();
        println!("  ({index}) {} {} / {} CKB  key {key}", address.to_checksum(), format_ckb(*shannons), format_ckb(on_layer1));
    }
    println!();
    let stop = tokio::signal::ctrl_c();
    tokio::select! {
        result = node.wait() => {
            if let Err(err) = result {
                eprintln!("godwoken-devnet: server failed: {err}");
                return ExitCode::from(1);
            }
        }
        _ = stop => {
            println!("stopping");
            node.stop().await;
        }
    }
    ExitCode::SUCCESS
}
