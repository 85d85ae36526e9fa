//! Starting a devnet: open the chain, bind, produce blocks on the clock, serve.

use std::sync::Arc;
use std::time::Duration;

use godwoken_core::eth::EthAddress;
use godwoken_core::network::{self, NetworkConfig};

use godwoken_core::ckb::constants::testnet_2021_layer1;

use crate::chain::{Chain, ChainConfig, ChainError, UnlockMode, LAYER1_START_BLOCK};
use crate::config::Args;
use crate::dev_accounts::hardhat_accounts;
use crate::devnet::{Clock, Devnet};

/// Layer 2 CKB of each Hardhat account at genesis: 10 000 CKB.
pub const DEFAULT_DEV_BALANCE: u128 = 10_000 * 100_000_000;
/// Layer 1 CKB of each Hardhat account at genesis, in its PW-lock cell: 10 000 CKB.
pub const DEFAULT_DEV_LAYER1_BALANCE: u64 = 10_000 * 100_000_000;

/// A running devnet.
#[derive(Debug)]
pub struct Node {
    /// Where it listens.
    pub address: std::net::SocketAddr,
    /// The chain and RPC.
    pub devnet: Arc<Devnet>,
    shutdown: tokio::sync::watch::Sender<bool>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The block clocks (Layer 2, and Layer 1's own), for those that run on an interval.
    producers: Vec<tokio::task::JoinHandle<()>>,
}

/// Why a devnet could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The chain could not be opened.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// Opening the chain panicked (a bug of the devnet).
    #[error("opening the chain failed unexpectedly: {0}")]
    Panicked(String),
    /// The address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Genesis funding: every Hardhat account with 10 000 CKB, overridden or extended by `--fund`.
pub fn genesis_funding(extra: &[(EthAddress, u128)]) -> Vec<(EthAddress, u128)> {
    let mut funding: Vec<(EthAddress, u128)> =
        hardhat_accounts().iter().map(|a| (a.address, DEFAULT_DEV_BALANCE)).collect();
    for (address, amount) in extra {
        match funding.iter_mut().find(|(a, _)| a == address) {
            Some(entry) => entry.1 = *amount,
            None => funding.push((*address, *amount)),
        }
    }
    funding
}

/// Layer 1 genesis funding: a PW-lock cell of 10 000 CKB for every Hardhat account, then one per
/// `--fund-layer1`.
pub fn genesis_layer1_funding(extra: &[(EthAddress, u64)]) -> Vec<(EthAddress, u64)> {
    let mut funding: Vec<(EthAddress, u64)> =
        hardhat_accounts().iter().map(|a| (a.address, DEFAULT_DEV_LAYER1_BALANCE)).collect();
    funding.extend_from_slice(extra);
    funding
}

impl Node {
    /// Opens the chain described by `args` and starts serving.
    pub async fn start(args: &Args, clock: Clock) -> Result<Node, StartError> {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|source| StartError::Bind { address: args.listen.clone(), source })?;
        let address = listener.local_addr().map_err(|source| StartError::Bind { address: args.listen.clone(), source })?;
        let block_interval_ms = args.block_interval_ms();
        let network = NetworkConfig {
            manual_unlock: args.unlock_mode() == UnlockMode::Manual,
            ..network::devnet(&format!("http://{address}"), args.finality_blocks(), block_interval_ms)
        };
        let chain_config = ChainConfig {
            constants: network.constants.clone(),
            finality_blocks: args.finality_blocks(),
            indexer_lag_blocks: args.indexer_lag_blocks,
            mempool_limit: args.mempool_limit,
            layer1: testnet_2021_layer1(),
            layer1_start_block: LAYER1_START_BLOCK,
            unlock: args.unlock_mode(),
        };
        let data_dir = (!args.ephemeral).then_some(args.data_dir.as_path());
        let funding = genesis_funding(&args.fund);
        let layer1_funding = genesis_layer1_funding(&args.fund_layer1);
        let now = clock();
        let chain = tokio::task::spawn_blocking({
            let data_dir = data_dir.map(std::path::Path::to_path_buf);
            move || Chain::open(data_dir.as_deref(), chain_config, &funding, &layer1_funding, now)
        })
        .await
        .map_err(|err| StartError::Panicked(err.to_string()))??;
        let devnet = Arc::new(Devnet::new(chain, network, clock).with_automine(args.automine));
        let (shutdown, mut stop) = tokio::sync::watch::channel(false);
        let mut producers = Vec::new();
        if block_interval_ms > 0 {
            producers.push(spawn_clock(devnet.clone(), shutdown.subscribe(), block_interval_ms, Devnet::mine));
        }
        // Layer 1 blocks of its own, when they come more often than Layer 2's (which make one each).
        let l1_interval_ms = args.l1_block_interval_ms();
        if l1_interval_ms > 0 && (block_interval_ms == 0 || l1_interval_ms < block_interval_ms) {
            producers.push(spawn_clock(devnet.clone(), shutdown.subscribe(), l1_interval_ms, Devnet::mine_layer1));
        }
        let router = crate::server::router(devnet.clone(), Some(args.dist.clone()));
        let server = tokio::spawn(crate::server::serve(listener, router, async move {
            let _ = stop.changed().await;
        }));
        Ok(Node { address, devnet, shutdown, server, producers })
    }

    /// The base URL, e.g. `http://127.0.0.1:8024`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops serving and producing blocks, and waits for both to finish, so that the chain (and
    /// its data dir) is released when this returns.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
        for producer in self.producers {
            let _ = producer.await;
        }
    }

    /// Waits until the server ends (it ends on [`Node::stop`] or an I/O failure).
    pub async fn wait(&mut self) -> std::io::Result<()> {
        match (&mut self.server).await {
            Ok(result) => result,
            Err(err) => Err(std::io::Error::other(err)),
        }
    }
}

/// Calls `produce(devnet, 1)` every `interval_ms` until `stop` changes.
fn spawn_clock(
    devnet: Arc<Devnet>,
    mut stop: tokio::sync::watch::Receiver<bool>,
    interval_ms: u64,
    produce: fn(&Devnet, u64) -> Result<u64, ChainError>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_millis(interval_ms));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await;
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = stop.changed() => break,
            }
            let devnet = devnet.clone();
            match tokio::task::spawn_blocking(move || produce(&devnet, 1)).await {
                Ok(Ok(_)) => {}
                Ok(Err(err)) => tracing::error!("block production failed: {err}"),
                Err(err) => tracing::error!("block production panicked: {err}"),
            }
        }
    })
}
