//! The running devnet's state: the chain behind a fair lock, the network it describes to clients,
//! and its clock. Every handler reaches the chain through this one handle.

use std::sync::Arc;

use godwoken_core::network::NetworkConfig;
use parking_lot::FairMutex;

use godwoken_core::ckb::Transaction;
use godwoken_core::hex::H256;

use crate::chain::pool::{check_alone, Admission};
use crate::chain::{Chain, ChainError, OutputsValidator, RequestError, SendError};

/// How often `send_transaction` resolves again when blocks keep changing what it read.
const MAX_ADMISSION_ATTEMPTS: usize = 8;

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
    /// Mine a block on each accepted withdrawal or Layer 1 transaction (`--automine`).
    automine: bool,
}

impl std::fmt::Debug for Devnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Devnet").field("network", &self.network).finish_non_exhaustive()
    }
}

impl Devnet {
    /// Wraps an opened chain.
    pub fn new(chain: Chain, network: NetworkConfig, clock: Clock) -> Self {
        Devnet { chain: FairMutex::new(chain), network, clock, automine: false }
    }

    /// The same devnet, mining a block (on both layers) on each accepted withdrawal and each
    /// accepted Layer 1 transaction, as Anvil mines one per transaction.
    pub fn with_automine(self, automine: bool) -> Self {
        Devnet { automine, ..self }
    }

    /// Called after a withdrawal or transaction was accepted: mines a block with automine. The
    /// acceptance stands whatever the block does (a failure is logged), so the client is never
    /// told "refused" about something the chain took.
    pub fn accepted(&self) {
        if self.automine {
            if let Err(err) = self.mine(1) {
                tracing::error!("automine: block production failed: {err}");
            }
        }
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

    /// `send_transaction`: checks the transaction alone, resolves it under the chain's lock,
    /// verifies it without the lock, and admits it under the lock if nothing it read changed
    /// meanwhile (else again, a bounded number of times). Returns its hash.
    pub fn send_transaction(&self, transaction: &Transaction, validator: OutputsValidator) -> Result<H256, SendError> {
        check_alone(transaction, validator).map_err(SendError::Refused)?;
        let hash = transaction.hash();
        let json = serde_json::to_string(transaction).map_err(|err| ChainError::Corrupt(err.to_string()))?;
        for _ in 0..MAX_ADMISSION_ATTEMPTS {
            let candidate = self.with_chain(|chain| chain.resolve_for_pool(transaction, &hash))?;
            let fee = candidate.verify(transaction).map_err(SendError::Refused)?;
            if self.with_chain(|chain| chain.admit_to_pool(transaction, &candidate, fee, &json))? == Admission::Admitted {
                self.accepted();
                return Ok(hash);
            }
        }
        Err(SendError::Devnet(RequestError::OutOfBounds(
            "the chain kept changing while the transaction was verified; send it again".into(),
        )))
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
