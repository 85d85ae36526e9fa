//! The running devnet's state: the chain behind a fair lock, the network it describes to clients,
//! and its clock. Every handler reaches the chain through this one handle.

use std::sync::Arc;

use godwoken_core::network::NetworkConfig;
use parking_lot::FairMutex;

use crate::chain::{Chain, ChainError};

/// A clock in milliseconds since the Unix epoch; tests may substitute their own.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The wall clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    })
}

/// The running devnet: the chain behind a lock, and what it tells clients about itself.
pub struct Devnet {
    chain: FairMutex<Chain>,
    /// The network description served as `/config.json` (URLs rewritten per request).
    pub network: NetworkConfig,
    clock: Clock,
}

impl std::fmt::Debug for Devnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Devnet").field("network", &self.network).finish_non_exhaustive()
    }
}

impl Devnet {
    /// Wraps an opened chain.
    pub fn new(chain: Chain, network: NetworkConfig, clock: Clock) -> Self {
        Devnet { chain: FairMutex::new(chain), network, clock }
    }

    /// Runs `f` with the chain locked. Waiters are served in arrival order (a fair lock), so a
    /// request never waits behind a stream of later ones. A panic while the lock was held cannot
    /// leave the database half-written (the SQLite transaction rolls back), so the lock has no
    /// poisoning.
    pub fn with_chain<T>(&self, f: impl FnOnce(&mut Chain) -> T) -> T {
        let mut chain = self.chain.lock();
        f(&mut chain)
    }

    /// The clock's time.
    pub fn now_ms(&self) -> u64 {
        (self.clock)()
    }

    /// Produces `count` Layer 1 blocks of Layer 1 alone now; returns the new Layer 1 tip.
    pub fn mine_layer1(&self, count: u64) -> Result<u64, ChainError> {
        let now = self.now_ms();
        let tip = self.with_chain(|chain| chain.produce_layer1_blocks(count, now))?;
        tracing::debug!("layer 1 block {}", tip.number);
        Ok(tip.number)
    }

    /// Produces `count` Layer 2 blocks now, each with its Layer 1 block; returns the new tip.
    pub fn mine(&self, count: u64) -> Result<u64, ChainError> {
        let now = self.now_ms();
        let tip = self.with_chain(|chain| chain.produce_blocks(count, now))?;
        match count {
            1 => tracing::info!("block {tip}"),
            _ => tracing::info!("blocks {}..={tip}", tip + 1 - count),
        }
        Ok(tip)
    }
}
