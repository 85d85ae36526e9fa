//! The devnet's chain: Layer 2 accounts, the mempool, blocks and the Layer 1 cells they cause,
//! all in one SQLite database (a file with `--data-dir`, memory with `--ephemeral`).
//!
//! Every change is one SQLite transaction committed before the caller is answered, so whatever a
//! client was told survives `kill -9`. SQLite is the only copy of the state: reads go to it too,
//! and the indexer's prefix queries run on its B-tree indexes.
//!
//! One room per job: [`storage`] (schema and row codecs), `genesis` (both layers), `accounts`,
//! `mempool` (verification and admission of withdrawals), `producer` (Layer 2 and Layer 1
//! blocks), `layer1` (Layer 1 blocks, transactions and the live-cell set), `pool` (Layer 1
//! transactions: `send_transaction`), `rollup` (Godwoken's Layer 1 transaction per Layer 2 block:
//! deposits, custodians, withdrawal cells, release), `indexer` (ckb-indexer queries), `audit`
//! (conservation across both layers), `snapshot` (`dev_snapshot`, `dev_revert`, `dev_reset`) and
//! `bench` (bulk data for benchmarks).

mod accounts;
mod audit;
mod bench;
mod genesis;
mod indexer;
pub mod layer1;
mod mempool;
pub mod pool;
mod producer;
mod rollup;
mod snapshot;
pub mod storage;

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use godwoken_core::ckb::constants::Layer1Constants;
use godwoken_core::eth::EthAddress;
use godwoken_core::hex::H256;
use godwoken_core::network::NetworkConstants;
use godwoken_core::verify::Rejection;
use rusqlite::{Connection, OptionalExtension};

pub use accounts::Account;
pub use audit::Conservation;
pub use layer1::{Layer1Block, LiveCell, TxStatus};
pub use pool::{OutputsValidator, SendError};
pub use producer::BlockRow;

/// The most shannons the devnet will ever hold (10^18 = 10 billion CKB): keeps every sum inside
/// SQLite's 64-bit integers.
pub const MAX_SUPPLY: u128 = 1_000_000_000_000_000_000;
/// The most cells one `get_cells` page returns.
pub const MAX_PAGE_LIMIT: u64 = 10_000;
/// The most blocks one `dev_mine` call produces.
pub const MAX_MINE_BLOCKS: u64 = 100_000;
/// The most withdrawals one block includes; the rest wait for the next block.
pub const MAX_WITHDRAWALS_PER_BLOCK: usize = 10_000;

/// The chain's fixed settings.
#[derive(Debug, Clone)]
pub struct ChainConfig {
    /// Rollup constants (the 2021 testnet's).
    pub constants: NetworkConstants,
    /// Blocks until a withdrawal is final.
    pub finality_blocks: u64,
    /// Blocks between a withdrawal's Layer 2 block and its cell on Layer 1.
    pub indexer_lag_blocks: u64,
    /// The most withdrawals waiting for a block.
    pub mempool_limit: u64,
    /// Layer 1 scripts and deps.
    pub layer1: Layer1Constants,
    /// The number of the Layer 1 genesis block.
    pub layer1_start_block: u64,
    /// Who releases final withdrawals on Layer 1.
    pub unlock: UnlockMode,
}

impl ChainConfig {
    /// The devnet's settings with the 2021 testnet's constants on both layers, Layer 1 from
    /// [`LAYER1_START_BLOCK`] and automatic release.
    pub fn testnet_2021(finality_blocks: u64, indexer_lag_blocks: u64, mempool_limit: u64) -> ChainConfig {
        ChainConfig {
            constants: godwoken_core::network::testnet_2021_constants(),
            finality_blocks,
            indexer_lag_blocks,
            mempool_limit,
            layer1: godwoken_core::ckb::constants::testnet_2021_layer1(),
            layer1_start_block: LAYER1_START_BLOCK,
            unlock: UnlockMode::Auto,
        }
    }
}

/// Who spends a final withdrawal cell (L1 §5.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockMode {
    /// The devnet, in its own transaction, to the owner's PW-lock (the tutorial's "unlocked
    /// automatically").
    Auto,
    /// The owner, with the unlock transaction of the 2021 page (what the 2021 testnet did).
    Manual,
}

/// Layer 1 blocks start at the 2021 testnet's range: the 2021 page lists only withdrawal cells
/// from block 0x34ffff on (L1 §7).
pub const LAYER1_START_BLOCK: u64 = 0x35_0000;

/// A fault of the devnet itself (not of the caller's input).
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// SQLite failed.
    #[error("devnet database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The data directory could not be created or opened.
    #[error("cannot use the data dir {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// Another devnet process has the data dir open.
    #[error(
        "the data dir {} is in use by another godwoken-devnet process: stop that one, or start this one with \
         another --data-dir (or --ephemeral)", path.display()
    )]
    DataDirInUse {
        /// The directory.
        path: PathBuf,
    },
    /// The data dir belongs to a chain with other constants.
    #[error("the data dir holds a chain with rollup type hash {found}, not {expected}: use another --data-dir")]
    WrongChain {
        /// What the config says.
        expected: H256,
        /// What the data dir holds.
        found: String,
    },
    /// The data dir was written by a devnet with another storage layout.
    #[error(
        "the data dir was written by another version of the devnet (schema {found}, this one reads {expected}): \
         use another --data-dir, or delete this one to start a new chain"
    )]
    SchemaVersion {
        /// The data dir's `user_version`.
        found: i64,
        /// This build's [`storage::SCHEMA_VERSION`].
        expected: i64,
    },
    /// Stored bytes that do not decode: the database was edited or damaged.
    #[error("the devnet database is damaged: {0}")]
    Corrupt(String),
}

/// Why a caller's request cannot be served (answered as a JSON-RPC error).
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// Godwoken's own rejection, with its text.
    #[error("{0}")]
    Rejected(Rejection),
    /// The mempool is full.
    #[error("mempool is full ({0} withdrawals waiting); try again after the next block")]
    MempoolFull(u64),
    /// Funding past [`MAX_SUPPLY`].
    #[error("funding refused: the devnet holds at most 10000000000 CKB in total")]
    SupplyCap,
    /// A parameter outside its bounds.
    #[error("{0}")]
    OutOfBounds(String),
    /// The devnet failed.
    #[error(transparent)]
    Chain(#[from] ChainError),
}

impl From<rusqlite::Error> for RequestError {
    fn from(err: rusqlite::Error) -> Self {
        RequestError::Chain(ChainError::Database(err))
    }
}

/// What genesis gave: shannons on Layer 2 and in PW-lock cells on Layer 1, by address.
#[derive(Debug, Clone, Default)]
struct GenesisFunding {
    layer2: Vec<(EthAddress, u128)>,
    layer1: Vec<(EthAddress, u64)>,
}

/// The devnet chain.
pub struct Chain {
    conn: Connection,
    /// Held while the chain is open: two processes writing one database would each see the
    /// other's writes as `database is locked` failures, so the second one refuses to start.
    _data_dir_lock: Option<File>,
    config: ChainConfig,
    /// Requests waiting for a block, kept beside the table so that the mempool limit costs no
    /// query per submission (counting them was a scan that grew with the mempool). Changed only
    /// after a commit.
    mempool_len: u64,
    /// The genesis funding on both layers, for `dev_reset`.
    genesis_funding: GenesisFunding,
    /// `dev_snapshot`s, oldest first: id and an in-memory copy of the database.
    snapshots: Vec<(u64, Connection)>,
    /// The id the next snapshot gets.
    next_snapshot: u64,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Chain {
    /// Opens the chain in `data_dir` (or in memory), creating the genesis if the database is new:
    /// `funding` on Layer 2 (backed by a custodian cell), `layer1_funding` as PW-lock cells, at
    /// the clock's `now_ms`.
    pub fn open(
        data_dir: Option<&Path>,
        config: ChainConfig,
        funding: &[(EthAddress, u128)],
        layer1_funding: &[(EthAddress, u64)],
        now_ms: u64,
    ) -> Result<Self, ChainError> {
        let (conn, data_dir_lock) = match data_dir {
            Some(dir) => {
                let lock = lock_data_dir(dir)?;
                (Connection::open(dir.join("devnet.sqlite3"))?, Some(lock))
            }
            None => (Connection::open_in_memory()?, None),
        };
        // WAL with synchronous=NORMAL: a committed transaction survives a killed process (it is in
        // the OS page cache and the WAL); only a power cut could lose the last commits.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 64 MiB of page cache (the default is 2 MiB): a chain of a million cells keeps its
        // indexes' upper levels in memory, so a lookup costs the same on a large chain.
        conn.pragma_update(None, "cache_size", -65_536)?;
        storage::prepare_schema(&conn)?;
        let mut chain = Chain {
            conn,
            _data_dir_lock: data_dir_lock,
            config,
            mempool_len: 0,
            genesis_funding: GenesisFunding { layer2: funding.to_vec(), layer1: layer1_funding.to_vec() },
            snapshots: Vec::new(),
            next_snapshot: 1,
        };
        let stored: Option<Vec<u8>> = chain
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'rollup_type_hash'", [], |r| r.get(0))
            .optional()?;
        match stored {
            Some(found) if found != chain.config.constants.rollup_type_hash.0 => {
                return Err(ChainError::WrongChain {
                    expected: chain.config.constants.rollup_type_hash,
                    found: godwoken_core::hex::encode(found),
                });
            }
            Some(_) => {}
            None => chain.genesis(funding, layer1_funding, now_ms)?,
        }
        chain.mempool_len = chain.count_waiting()?;
        Ok(chain)
    }

    /// The settings.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }
}

/// Creates `dir` if needed and takes its lock file; the lock ends with the process, however it ends.
fn lock_data_dir(dir: &Path) -> Result<File, ChainError> {
    let io_error = |source| ChainError::DataDir { path: dir.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(io_error)?;
    let file = File::options().create(true).truncate(false).write(true).open(dir.join("devnet.lock")).map_err(io_error)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(ChainError::DataDirInUse { path: dir.to_path_buf() }),
        Err(TryLockError::Error(source)) => Err(io_error(source)),
    }
}
