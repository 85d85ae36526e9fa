//! The devnet's chain: accounts, mempool, Layer 2 blocks and the Layer 1 cells they cause, all in
//! one SQLite database (a file with `--data-dir`, memory with `--ephemeral`).
//!
//! Every change is one SQLite transaction committed before the caller is answered, so whatever a
//! client was told survives `kill -9`. SQLite is the only copy of the state: reads go to it too,
//! and the indexer's prefix queries run on its B-tree indexes.

use std::path::Path;

use godwoken_core::account::{account_script, eth_address_of_account_script, owner_lock, short_address};
use godwoken_core::eth::EthAddress;
use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::{HexBytes, H256};
use godwoken_core::mol::{
    GlobalState, GlobalStateLayout, HashType, RawWithdrawalRequest, Script, WithdrawalLockArgs,
    WithdrawalRequest,
};
use godwoken_core::network::NetworkConstants;
use godwoken_core::rpc::{
    CellOutput, CellsCapacity, IndexerCell, IndexerTip, L2BlockJson, Order, OutPoint, Pagination,
    RawL2BlockJson, ScriptType, SearchKey, SearchKeyFilter, WithdrawalRequestJson,
    WithdrawalStatus, WithdrawalWithStatus,
};
use godwoken_core::verify::{self, Prepared, Rejection, WithdrawalState};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The most shannons the devnet will ever hold (10^18 = 10 billion CKB): keeps every sum inside
/// SQLite's 64-bit integers.
pub const MAX_SUPPLY: u128 = 1_000_000_000_000_000_000;
/// The most cells one `get_cells` page returns.
pub const MAX_PAGE_LIMIT: u64 = 10_000;
/// The most blocks one `dev_mine` call produces.
pub const MAX_MINE_BLOCKS: u64 = 100_000;
/// The most withdrawals one block includes; the rest wait for the next block.
pub const MAX_WITHDRAWALS_PER_BLOCK: usize = 10_000;

/// Account ids the genesis reserves before user accounts.
const META_ACCOUNT_ID: u32 = 0;
const CKB_SUDT_ACCOUNT_ID: u32 = 1;
const BLOCK_PRODUCER_ID: u32 = 2;

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
}

/// A fault of the devnet itself (not of the caller's input).
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// SQLite failed.
    #[error("devnet database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The data dir belongs to a chain with other constants.
    #[error("the data dir holds a chain with rollup type hash {found}, not {expected}: use another --data-dir")]
    WrongChain {
        /// What the config says.
        expected: H256,
        /// What the data dir holds.
        found: String,
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

/// The audit of CKB conservation: `layer2 + pending + released == supply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Conservation {
    /// Genesis plus every funding.
    pub supply: u128,
    /// Sum of Layer 2 balances (the block producer's fees included).
    pub layer2: u128,
    /// Withdrawn but not yet released on Layer 1.
    pub pending: u128,
    /// Released to owners' cells on Layer 1.
    pub released: u128,
}

impl Conservation {
    /// Whether no shannon was created or lost.
    pub fn holds(&self) -> bool {
        self.layer2 + self.pending + self.released == self.supply
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY,
    script_hash BLOB NOT NULL UNIQUE,
    script BLOB NOT NULL,
    short_address BLOB NOT NULL UNIQUE,
    nonce INTEGER NOT NULL,
    balance BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS blocks (
    number INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    parent_hash BLOB NOT NULL,
    timestamp INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS withdrawals (
    hash BLOB PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    request BLOB NOT NULL,
    account_id INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    block_number INTEGER,
    block_hash BLOB,
    released INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS withdrawals_by_block ON withdrawals(block_number, seq);
CREATE TABLE IF NOT EXISTS cells (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tx_hash BLOB NOT NULL,
    output_index INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    lock_code_hash BLOB NOT NULL,
    lock_hash_type INTEGER NOT NULL,
    lock_args BLOB NOT NULL,
    type_code_hash BLOB,
    type_hash_type INTEGER,
    type_args BLOB,
    data BLOB NOT NULL,
    block_number INTEGER NOT NULL,
    tx_index INTEGER NOT NULL,
    withdrawal_hash BLOB,
    withdrawal_block INTEGER,
    released_from BLOB
);
CREATE INDEX IF NOT EXISTS cells_by_lock ON cells(lock_code_hash, lock_hash_type, lock_args, seq);
CREATE INDEX IF NOT EXISTS cells_by_type ON cells(type_code_hash, type_hash_type, type_args, seq)
    WHERE type_code_hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS cells_withdrawal ON cells(withdrawal_block)
    WHERE withdrawal_block IS NOT NULL;
";

fn i64_of(value: u64) -> i64 {
    // Every stored number is bounded by MAX_SUPPLY or by block counts, far below i64::MAX.
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn u64_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn u128_from_blob(blob: &[u8]) -> Result<u128, ChainError> {
    <[u8; 16]>::try_from(blob)
        .map(u128::from_be_bytes)
        .map_err(|_| ChainError::Corrupt("a balance is not 16 bytes".into()))
}

fn h256_from_blob(blob: &[u8]) -> Result<H256, ChainError> {
    <[u8; 32]>::try_from(blob)
        .map(H256)
        .map_err(|_| ChainError::Corrupt("a hash is not 32 bytes".into()))
}

fn hash_type_of(value: i64) -> Result<HashType, ChainError> {
    u8::try_from(value)
        .ok()
        .and_then(|byte| HashType::from_byte(byte).ok())
        .ok_or_else(|| ChainError::Corrupt(format!("hash type {value}")))
}

/// The smallest byte string greater than every string starting with `prefix`, if any.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut bound = prefix.to_vec();
    while let Some(last) = bound.pop() {
        if last < 0xff {
            bound.push(last + 1);
            return Some(bound);
        }
    }
    None
}

/// A Layer 1 cell to insert.
struct NewCell<'a> {
    tx_hash: H256,
    capacity: u64,
    lock: &'a Script,
    type_: Option<&'a Script>,
    data: &'a [u8],
    block_number: u64,
    withdrawal_hash: Option<&'a H256>,
    withdrawal_block: Option<u64>,
    released_from: Option<&'a H256>,
}

fn insert_cell(tx: &Transaction<'_>, cell: &NewCell<'_>) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO cells (tx_hash, output_index, capacity, lock_code_hash, lock_hash_type, lock_args,
            type_code_hash, type_hash_type, type_args, data, block_number, tx_index,
            withdrawal_hash, withdrawal_block, released_from)
         VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12, ?13)",
        params![
            cell.tx_hash.0.as_slice(),
            i64_of(cell.capacity),
            cell.lock.code_hash.0.as_slice(),
            cell.lock.hash_type.to_byte(),
            cell.lock.args.0.as_slice(),
            cell.type_.map(|s| s.code_hash.0.to_vec()),
            cell.type_.map(|s| s.hash_type.to_byte()),
            cell.type_.map(|s| s.args.0.clone()),
            cell.data,
            i64_of(cell.block_number),
            cell.withdrawal_hash.map(|h| h.0.to_vec()),
            cell.withdrawal_block.map(i64_of),
            cell.released_from.map(|h| h.0.to_vec()),
        ],
    )?;
    Ok(())
}

/// The state a withdrawal's verification reads, loaded from the database beforehand.
struct Snapshot {
    pending: bool,
    script: Option<Script>,
    account: Option<(u32, u128, u32)>,
}

impl WithdrawalState for Snapshot {
    fn is_pending(&self, _: &H256) -> bool {
        self.pending
    }
    fn script(&self, _: &H256) -> Option<Script> {
        self.script.clone()
    }
    fn account_id(&self, _: &H256) -> Option<u32> {
        self.account.map(|(id, _, _)| id)
    }
    fn ckb_balance(&self, _: u32) -> u128 {
        self.account.map_or(0, |(_, balance, _)| balance)
    }
    fn nonce(&self, _: u32) -> u32 {
        self.account.map_or(0, |(_, _, nonce)| nonce)
    }
}

/// An account row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Numeric id.
    pub id: u32,
    /// Script hash.
    pub script_hash: H256,
    /// The script.
    pub script: Script,
    /// Nonce.
    pub nonce: u32,
    /// CKB balance in shannons.
    pub balance: u128,
}

/// A Layer 2 block row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRow {
    /// Number.
    pub number: u64,
    /// Hash.
    pub hash: H256,
    /// Parent hash.
    pub parent_hash: H256,
    /// Milliseconds since the Unix epoch.
    pub timestamp: u64,
}

/// The devnet chain.
pub struct Chain {
    conn: Connection,
    config: ChainConfig,
    /// Requests waiting for a block, kept beside the table so that the mempool limit costs no
    /// query per submission (counting them was a scan that grew with the mempool). Changed only
    /// after a commit.
    mempool_len: u64,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Chain {
    /// Opens the chain in `data_dir` (or in memory), creating the genesis with `funding` and
    /// the clock's `now_ms` if the database is new.
    pub fn open(
        data_dir: Option<&Path>,
        config: ChainConfig,
        funding: &[(EthAddress, u128)],
        now_ms: u64,
    ) -> Result<Self, ChainError> {
        let conn = match data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|err| {
                    ChainError::Corrupt(format!("cannot create data dir {}: {err}", dir.display()))
                })?;
                Connection::open(dir.join("devnet.sqlite3"))?
            }
            None => Connection::open_in_memory()?,
        };
        // WAL with synchronous=NORMAL: a committed transaction survives a killed process (it is in
        // the OS page cache and the WAL); only a power cut could lose the last commits.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        let mut chain = Chain { conn, config, mempool_len: 0 };
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
            None => chain.genesis(funding, now_ms)?,
        }
        let waiting: i64 =
            chain.conn.query_row("SELECT COUNT(*) FROM withdrawals WHERE block_number IS NULL", [], |r| r.get(0))?;
        chain.mempool_len = u64_of(waiting);
        Ok(chain)
    }

    /// The settings.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    fn genesis(&mut self, funding: &[(EthAddress, u128)], now_ms: u64) -> Result<(), ChainError> {
        let constants = &self.config.constants;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('rollup_type_hash', ?1)",
            [constants.rollup_type_hash.0.as_slice()],
        )?;
        // Reserved accounts: the meta contract, CKB as sUDT 1, and the block producer (which
        // collects fees). Their scripts only need to be distinct.
        let reserved = [
            (META_ACCOUNT_ID, Script::of_type(ckb_hash_parts(&[b"godwoken-devnet meta"]), constants.rollup_type_hash.0.to_vec())),
            (CKB_SUDT_ACCOUNT_ID, Script::of_type(ckb_hash_parts(&[b"godwoken-devnet sudt"]), [constants.rollup_type_hash.0, [0; 32]].concat())),
            (BLOCK_PRODUCER_ID, account_script(constants, &EthAddress([0; 20]))),
        ];
        for (id, script) in &reserved {
            insert_account(&tx, *id, script, 0)?;
        }
        let mut supply: u128 = 0;
        for (address, shannons) in funding {
            supply = supply.saturating_add(*shannons);
            credit(&tx, constants, address, *shannons)?;
        }
        if supply > MAX_SUPPLY {
            return Err(ChainError::Corrupt("genesis funding exceeds the devnet's supply cap".into()));
        }
        set_supply(&tx, supply)?;
        let hash = ckb_hash_parts(&[b"godwoken-devnet genesis", &constants.rollup_type_hash.0]);
        tx.execute(
            "INSERT INTO blocks (number, hash, parent_hash, timestamp) VALUES (0, ?1, ?2, ?3)",
            params![hash.0.as_slice(), H256::ZERO.0.as_slice(), i64_of(now_ms)],
        )?;
        write_rollup_cell(&tx, &self.config, 0, &hash, now_ms)?;
        tx.commit()?;
        Ok(())
    }

    /// The tip block.
    pub fn tip(&self) -> Result<BlockRow, ChainError> {
        self.conn
            .query_row(
                "SELECT number, hash, parent_hash, timestamp FROM blocks ORDER BY number DESC LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?)),
            )
            .map_err(ChainError::from)
            .and_then(|(n, h, p, t)| {
                Ok(BlockRow { number: u64_of(n), hash: h256_from_blob(&h)?, parent_hash: h256_from_blob(&p)?, timestamp: u64_of(t) })
            })
    }

    fn account_where(&self, clause: &str, value: SqlValue) -> Result<Option<Account>, ChainError> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT id, script_hash, script, nonce, balance FROM accounts WHERE {clause} = ?1"),
                [value],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?, r.get::<_, Vec<u8>>(4)?)),
            )
            .optional()?;
        row.map(|(id, hash, script, nonce, balance)| {
            Ok(Account {
                id: u32::try_from(id).map_err(|_| ChainError::Corrupt("account id".into()))?,
                script_hash: h256_from_blob(&hash)?,
                script: Script::from_bytes(&script).map_err(|err| ChainError::Corrupt(err.to_string()))?,
                nonce: u32::try_from(nonce).map_err(|_| ChainError::Corrupt("nonce".into()))?,
                balance: u128_from_blob(&balance)?,
            })
        })
        .transpose()
    }

    /// The account of a script hash.
    pub fn account_by_script_hash(&self, hash: &H256) -> Result<Option<Account>, ChainError> {
        self.account_where("script_hash", SqlValue::Blob(hash.0.to_vec()))
    }

    /// The account of an id.
    pub fn account_by_id(&self, id: u32) -> Result<Option<Account>, ChainError> {
        self.account_where("id", SqlValue::Integer(i64::from(id)))
    }

    /// The account of a short address (first 20 bytes of the script hash).
    pub fn account_by_short_address(&self, short: &[u8; 20]) -> Result<Option<Account>, ChainError> {
        self.account_where("short_address", SqlValue::Blob(short.to_vec()))
    }

    /// Verifies a prepared withdrawal with Godwoken's rules and, if accepted, applies it at once:
    /// nonce + 1, balance − (capacity + fee), fee to the block producer, request into the mempool.
    pub fn submit(&mut self, prepared: &Prepared) -> Result<H256, RequestError> {
        let constants = &self.config.constants;
        // Statements are cached: this is the devnet's hottest path, and parsing SQL on every
        // submission cost more than running it.
        let tx = self.conn.transaction()?;
        let pending: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM withdrawals WHERE hash = ?1 AND block_number IS NULL)")?
            .query_row([prepared.hash.0.as_slice()], |r| r.get(0))?;
        let account = tx
            .prepare_cached("SELECT id, script, balance, nonce FROM accounts WHERE script_hash = ?1")?
            .query_row([prepared.raw.account_script_hash.0.as_slice()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?))
            })
            .optional()?;
        let snapshot = match account {
            None => Snapshot { pending, script: None, account: None },
            Some((id, script, balance, nonce)) => Snapshot {
                pending,
                script: Some(Script::from_bytes(&script).map_err(|err| ChainError::Corrupt(err.to_string()))?),
                account: Some((
                    u32::try_from(id).map_err(|_| ChainError::Corrupt("account id".into()))?,
                    u128_from_blob(&balance)?,
                    u32::try_from(nonce).map_err(|_| ChainError::Corrupt("nonce".into()))?,
                )),
            },
        };
        let accepted = verify::verify(constants, prepared, &snapshot).map_err(RequestError::Rejected)?;
        if self.mempool_len >= self.config.mempool_limit {
            return Err(RequestError::MempoolFull(self.mempool_len));
        }
        let (_, balance, nonce) = snapshot.account.unwrap_or_default();
        let fee = accepted.debit - u128::from(accepted.request.raw.capacity);
        tx.prepare_cached("UPDATE accounts SET nonce = ?1, balance = ?2 WHERE id = ?3")?.execute(params![
            i64::from(nonce) + 1,
            (balance - accepted.debit).to_be_bytes().as_slice(),
            accepted.account_id
        ])?;
        add_to_balance(&tx, BLOCK_PRODUCER_ID, fee)?;
        // A replay of a request that already made it into a block fails on the nonce above, so the
        // hash is new here; `OR REPLACE` is never needed.
        tx.prepare_cached(
            "INSERT INTO withdrawals (hash, seq, request, account_id, capacity)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM withdrawals), ?2, ?3, ?4)",
        )?
        .execute(params![
            accepted.hash.0.as_slice(),
            accepted.request.to_bytes(),
            accepted.account_id,
            i64_of(accepted.request.raw.capacity)
        ])?;
        tx.commit()?;
        self.mempool_len += 1;
        Ok(accepted.hash)
    }

    /// Adds `shannons` to `address`'s Layer 2 balance, creating its account. Returns the balance.
    pub fn fund(&mut self, address: &EthAddress, shannons: u128) -> Result<u128, RequestError> {
        let constants = &self.config.constants;
        let tx = self.conn.transaction()?;
        let supply = get_supply(&tx)?;
        let new_supply = supply.checked_add(shannons).filter(|s| *s <= MAX_SUPPLY).ok_or(RequestError::SupplyCap)?;
        let balance = credit(&tx, constants, address, shannons)?;
        set_supply(&tx, new_supply)?;
        tx.commit()?;
        Ok(balance)
    }

    /// Produces `count` blocks; `now_ms` is the clock. Returns the new tip number.
    pub fn produce_blocks(&mut self, count: u64, now_ms: u64) -> Result<u64, ChainError> {
        let mut tip = self.tip()?;
        for _ in 0..count {
            tip = self.produce_block(&tip, now_ms)?;
        }
        Ok(tip.number)
    }

    fn produce_block(&mut self, parent: &BlockRow, now_ms: u64) -> Result<BlockRow, ChainError> {
        let config = &self.config;
        let number = parent.number + 1;
        // Timestamps only move forward, even if the wall clock steps back.
        let timestamp = now_ms.max(parent.timestamp + 1);
        let tx = self.conn.transaction()?;
        let included: Vec<Vec<u8>> = {
            let mut stmt = tx.prepare_cached(
                "SELECT hash FROM withdrawals WHERE block_number IS NULL ORDER BY seq LIMIT ?1",
            )?;
            let rows = stmt.query_map([i64_of(MAX_WITHDRAWALS_PER_BLOCK as u64)], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut parts: Vec<&[u8]> = vec![b"godwoken-devnet block", &parent.hash.0];
        let number_bytes = number.to_le_bytes();
        let timestamp_bytes = timestamp.to_le_bytes();
        parts.push(&number_bytes);
        parts.push(&timestamp_bytes);
        parts.extend(included.iter().map(Vec::as_slice));
        let hash = ckb_hash_parts(&parts);
        tx.execute(
            "INSERT INTO blocks (number, hash, parent_hash, timestamp) VALUES (?1, ?2, ?3, ?4)",
            params![i64_of(number), hash.0.as_slice(), parent.hash.0.as_slice(), i64_of(timestamp)],
        )?;
        for withdrawal in &included {
            tx.execute(
                "UPDATE withdrawals SET block_number = ?1, block_hash = ?2 WHERE hash = ?3",
                params![i64_of(number), hash.0.as_slice(), withdrawal],
            )?;
        }
        // Layer 1 sees a Layer 2 block `indexer_lag_blocks` later: create the withdrawal cells of
        // the block that is now that far behind.
        if let Some(on_layer1) = number.checked_sub(config.indexer_lag_blocks) {
            create_withdrawal_cells(&tx, config, on_layer1, number)?;
        }
        let last_finalized = number.saturating_sub(config.finality_blocks);
        release_final_withdrawals(&tx, config, last_finalized, number)?;
        write_rollup_cell(&tx, config, number, &hash, timestamp)?;
        tx.commit()?;
        self.mempool_len = self.mempool_len.saturating_sub(included.len() as u64);
        Ok(BlockRow { number, hash, parent_hash: parent.hash, timestamp })
    }

    /// A block with its withdrawals, or `None` past the tip.
    pub fn block_by_number(&self, number: u64) -> Result<Option<L2BlockJson>, ChainError> {
        let row = self
            .conn
            .query_row(
                "SELECT hash, parent_hash, timestamp FROM blocks WHERE number = ?1",
                [i64_of(number)],
                |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, i64>(2)?)),
            )
            .optional()?;
        let Some((hash, parent, timestamp)) = row else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT request FROM withdrawals WHERE block_number = ?1 ORDER BY seq",
        )?;
        let requests = stmt
            .query_map([i64_of(number)], |r| r.get::<_, Vec<u8>>(0))?
            .map(|bytes| {
                let bytes = bytes?;
                let request = WithdrawalRequest::from_bytes(&bytes).map_err(|err| ChainError::Corrupt(err.to_string()))?;
                Ok(WithdrawalRequestJson::from(&request))
            })
            .collect::<Result<Vec<_>, ChainError>>()?;
        Ok(Some(L2BlockJson {
            hash: h256_from_blob(&hash)?,
            raw: RawL2BlockJson {
                number,
                parent_block_hash: h256_from_blob(&parent)?,
                timestamp: u64_of(timestamp),
                block_producer_id: BLOCK_PRODUCER_ID,
            },
            transactions: Vec::new(),
            withdrawal_requests: requests,
        }))
    }

    /// A withdrawal and its status, or `None` if unknown.
    pub fn withdrawal(&self, hash: &H256) -> Result<Option<WithdrawalWithStatus>, ChainError> {
        let row = self
            .conn
            .query_row(
                "SELECT request, block_number FROM withdrawals WHERE hash = ?1",
                [hash.0.as_slice()],
                |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .optional()?;
        row.map(|(bytes, block)| {
            let request = WithdrawalRequest::from_bytes(&bytes).map_err(|err| ChainError::Corrupt(err.to_string()))?;
            Ok(WithdrawalWithStatus {
                withdrawal: WithdrawalRequestJson::from(&request),
                status: if block.is_some() { WithdrawalStatus::Committed } else { WithdrawalStatus::Pending },
            })
        })
        .transpose()
    }

    /// The indexer's tip: Layer 1 advances one block per Layer 2 block.
    pub fn indexer_tip(&self) -> Result<IndexerTip, ChainError> {
        let tip = self.tip()?;
        Ok(IndexerTip { block_hash: layer1_block_hash(tip.number), block_number: tip.number })
    }

    /// ckb-indexer `get_cells`: live cells whose lock (or type) matches the search key's script
    /// with its args as a prefix, paged by `after_cursor`.
    pub fn get_cells(
        &self,
        key: &SearchKey,
        order: Order,
        limit: u64,
        after_cursor: Option<&[u8]>,
    ) -> Result<Pagination<IndexerCell>, RequestError> {
        if limit == 0 || limit > MAX_PAGE_LIMIT {
            return Err(RequestError::OutOfBounds(format!("limit must be between 1 and {MAX_PAGE_LIMIT}")));
        }
        let (mut sql, mut values, args_column) = search_conditions(key);
        if let Some(cursor) = after_cursor.filter(|c| !c.is_empty()) {
            if cursor.len() < 8 {
                return Err(RequestError::OutOfBounds("invalid after_cursor".into()));
            }
            let (args, seq) = cursor.split_at(cursor.len() - 8);
            let mut seq_bytes = [0u8; 8];
            seq_bytes.copy_from_slice(seq);
            let comparison = if order == Order::Asc { ">" } else { "<" };
            sql.push_str(&format!(" AND ({args_column}, seq) {comparison} (?, ?)"));
            values.push(SqlValue::Blob(args.to_vec()));
            values.push(SqlValue::Integer(i64::from_be_bytes(seq_bytes)));
        }
        let direction = if order == Order::Asc { "ASC" } else { "DESC" };
        let query = format!(
            "SELECT seq, tx_hash, output_index, capacity, lock_code_hash, lock_hash_type, lock_args,
                    type_code_hash, type_hash_type, type_args, data, block_number, tx_index
             FROM cells WHERE {sql} ORDER BY {args_column} {direction}, seq {direction} LIMIT {limit}"
        );
        let mut stmt = self.conn.prepare_cached(&query)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut objects = Vec::new();
        let mut last_cursor = Vec::new();
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let lock = Script {
                code_hash: h256_from_blob(&row.get::<_, Vec<u8>>(4)?)?,
                hash_type: hash_type_of(row.get(5)?)?,
                args: HexBytes(row.get(6)?),
            };
            let type_code: Option<Vec<u8>> = row.get(7)?;
            let type_ = match type_code {
                Some(code) => Some(Script {
                    code_hash: h256_from_blob(&code)?,
                    hash_type: hash_type_of(row.get::<_, Option<i64>>(8)?.unwrap_or(-1))?,
                    args: HexBytes(row.get::<_, Option<Vec<u8>>>(9)?.unwrap_or_default()),
                }),
                None => None,
            };
            last_cursor = match key.script_type {
                ScriptType::Lock => lock.args.0.clone(),
                ScriptType::Type => type_.as_ref().map(|s| s.args.0.clone()).unwrap_or_default(),
            };
            last_cursor.extend_from_slice(&seq.to_be_bytes());
            objects.push(IndexerCell {
                output: CellOutput { capacity: u64_of(row.get(3)?), lock, type_ },
                output_data: HexBytes(row.get(10)?),
                out_point: OutPoint {
                    tx_hash: h256_from_blob(&row.get::<_, Vec<u8>>(1)?)?,
                    index: u32::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
                },
                block_number: u64_of(row.get(11)?),
                tx_index: u32::try_from(row.get::<_, i64>(12)?).unwrap_or(0),
            });
        }
        Ok(Pagination { objects, last_cursor: HexBytes(last_cursor) })
    }

    /// ckb-indexer `get_cells_capacity`: the total capacity of the matching live cells.
    pub fn get_cells_capacity(&self, key: &SearchKey) -> Result<CellsCapacity, RequestError> {
        let (sql, values, _) = search_conditions(key);
        let capacity: i64 = self.conn.query_row(
            &format!("SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE {sql}"),
            rusqlite::params_from_iter(values),
            |r| r.get(0),
        )?;
        let tip = self.indexer_tip()?;
        Ok(CellsCapacity { capacity: u64_of(capacity), block_hash: tip.block_hash, block_number: tip.block_number })
    }

    /// Benchmarks only: inserts `count` withdrawal cells straight into Layer 1, as if Layer 2
    /// blocks had created them, for the account `account_script_hash` (or, with `None`, each for
    /// a different made-up account). No withdrawal stands behind them, so they are never released
    /// and conservation does not count them.
    pub fn bench_insert_withdrawal_cells(&mut self, account_script_hash: Option<H256>, count: u64, seed: u64) -> Result<(), ChainError> {
        let config = &self.config;
        let tx = self.conn.transaction()?;
        for i in 0..count {
            let tag = ckb_hash_parts(&[b"bench cell", &seed.to_le_bytes(), &i.to_le_bytes()]);
            let args = WithdrawalLockArgs {
                account_script_hash: account_script_hash.unwrap_or(tag),
                withdrawal_block_hash: tag,
                withdrawal_block_number: 1_000_000 + i,
                sudt_script_hash: H256::ZERO,
                sell_amount: 0,
                sell_capacity: 0,
                owner_lock_hash: tag,
                payment_lock_hash: H256::ZERO,
            };
            let lock = Script::of_type(config.constants.withdrawal_lock_code_hash, args.to_lock_args(&config.constants.rollup_type_hash));
            insert_cell(&tx, &NewCell {
                tx_hash: tag,
                capacity: 30_000_000_000,
                lock: &lock,
                type_: None,
                data: &[],
                block_number: 1,
                withdrawal_hash: None,
                withdrawal_block: None,
                released_from: None,
            })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The conservation audit.
    pub fn conservation(&self) -> Result<Conservation, ChainError> {
        let supply = get_supply(&self.conn)?;
        let mut layer2: u128 = 0;
        let mut stmt = self.conn.prepare_cached("SELECT balance FROM accounts")?;
        for balance in stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))? {
            layer2 += u128_from_blob(&balance?)?;
        }
        let pending: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(capacity), 0) FROM withdrawals WHERE released = 0",
            [],
            |r| r.get(0),
        )?;
        let released: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE released_from IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(Conservation { supply, layer2, pending: u64_of(pending).into(), released: u64_of(released).into() })
    }
}

fn search_conditions(key: &SearchKey) -> (String, Vec<SqlValue>, &'static str) {
    let mut sql = String::new();
    let mut values = Vec::new();
    let args_column = match key.script_type {
        ScriptType::Lock => {
            push_script_conditions(&mut sql, &mut values, "lock", &key.script);
            "lock_args"
        }
        ScriptType::Type => {
            push_script_conditions(&mut sql, &mut values, "type", &key.script);
            "type_args"
        }
    };
    if let Some(filter) = &key.filter {
        push_filter_conditions(&mut sql, &mut values, key.script_type, filter);
    }
    (sql, values, args_column)
}

fn push_script_conditions(sql: &mut String, values: &mut Vec<SqlValue>, prefix: &str, script: &Script) {
    if !sql.is_empty() {
        sql.push_str(" AND ");
    }
    sql.push_str(&format!("{prefix}_code_hash = ? AND {prefix}_hash_type = ? AND {prefix}_args >= ?"));
    values.push(SqlValue::Blob(script.code_hash.0.to_vec()));
    values.push(SqlValue::Integer(i64::from(script.hash_type.to_byte())));
    values.push(SqlValue::Blob(script.args.0.clone()));
    if let Some(bound) = prefix_upper_bound(&script.args.0) {
        sql.push_str(&format!(" AND {prefix}_args < ?"));
        values.push(SqlValue::Blob(bound));
    }
}

fn push_filter_conditions(
    sql: &mut String,
    values: &mut Vec<SqlValue>,
    searched: ScriptType,
    filter: &SearchKeyFilter,
) {
    if let Some(script) = &filter.script {
        let other = if searched == ScriptType::Lock { "type" } else { "lock" };
        push_script_conditions(sql, values, other, script);
    }
    let ranges = [
        ("length(data)", filter.output_data_len_range),
        ("capacity", filter.output_capacity_range),
        ("block_number", filter.block_range),
    ];
    for (column, range) in ranges {
        if let Some([min, max]) = range {
            sql.push_str(&format!(" AND {column} >= ? AND {column} < ?"));
            values.push(SqlValue::Integer(i64_of(min.0)));
            values.push(SqlValue::Integer(i64_of(max.0)));
        }
    }
}

fn layer1_block_hash(number: u64) -> H256 {
    ckb_hash_parts(&[b"godwoken-devnet layer1 block", &number.to_le_bytes()])
}

fn insert_account(tx: &Transaction<'_>, id: u32, script: &Script, balance: u128) -> rusqlite::Result<()> {
    let hash = script.hash();
    tx.execute(
        "INSERT INTO accounts (id, script_hash, script, short_address, nonce, balance) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![id, hash.0.as_slice(), script.to_bytes(), short_address(&hash).as_slice(), balance.to_be_bytes().as_slice()],
    )?;
    Ok(())
}

fn add_to_balance(tx: &Transaction<'_>, id: u32, amount: u128) -> Result<u128, ChainError> {
    let balance: Vec<u8> =
        tx.prepare_cached("SELECT balance FROM accounts WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let balance = u128_from_blob(&balance)?.saturating_add(amount);
    tx.prepare_cached("UPDATE accounts SET balance = ?1 WHERE id = ?2")?
        .execute(params![balance.to_be_bytes().as_slice(), id])?;
    Ok(balance)
}

/// Credits `address`'s account, creating it with the next id if it has none.
fn credit(tx: &Transaction<'_>, constants: &NetworkConstants, address: &EthAddress, shannons: u128) -> Result<u128, ChainError> {
    let script = account_script(constants, address);
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM accounts WHERE script_hash = ?1", [script.hash().0.as_slice()], |r| r.get(0))
        .optional()?;
    let id = match existing {
        Some(id) => u32::try_from(id).map_err(|_| ChainError::Corrupt("account id".into()))?,
        None => {
            let next: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM accounts", [], |r| r.get(0))?;
            let id = u32::try_from(next).map_err(|_| ChainError::Corrupt("account ids exhausted".into()))?;
            insert_account(tx, id, &script, 0)?;
            id
        }
    };
    add_to_balance(tx, id, shannons)
}

fn get_supply(conn: &Connection) -> Result<u128, ChainError> {
    let blob: Vec<u8> = conn.query_row("SELECT value FROM meta WHERE key = 'supply'", [], |r| r.get(0))?;
    u128_from_blob(&blob)
}

fn set_supply(tx: &Transaction<'_>, supply: u128) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('supply', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [supply.to_be_bytes().as_slice()],
    )?;
    Ok(())
}

/// Creates the Layer 1 withdrawal cells of Layer 2 block `layer2_block` in Layer 1 block `layer1_block`.
fn create_withdrawal_cells(tx: &Transaction<'_>, config: &ChainConfig, layer2_block: u64, layer1_block: u64) -> Result<(), ChainError> {
    let rows: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT hash, request, block_hash FROM withdrawals WHERE block_number = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([i64_of(layer2_block)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (hash, request, block_hash) in rows {
        let hash = h256_from_blob(&hash)?;
        let raw: RawWithdrawalRequest = WithdrawalRequest::from_bytes(&request)
            .map_err(|err| ChainError::Corrupt(err.to_string()))?
            .raw;
        let args = WithdrawalLockArgs {
            account_script_hash: raw.account_script_hash,
            withdrawal_block_hash: h256_from_blob(&block_hash)?,
            withdrawal_block_number: layer2_block,
            sudt_script_hash: raw.sudt_script_hash,
            sell_amount: raw.sell_amount,
            // Godwoken ≤ v0.9 wrote the withdrawn capacity here (spec §6); the page reads the
            // amount from the cell's capacity, as ≥ v0.10 requires.
            sell_capacity: raw.capacity,
            owner_lock_hash: raw.owner_lock_hash,
            payment_lock_hash: raw.payment_lock_hash,
        };
        let lock = Script::of_type(
            config.constants.withdrawal_lock_code_hash,
            args.to_lock_args(&config.constants.rollup_type_hash),
        );
        insert_cell(tx, &NewCell {
            tx_hash: ckb_hash_parts(&[b"godwoken-devnet withdrawal cell", &hash.0]),
            capacity: raw.capacity,
            lock: &lock,
            type_: None,
            data: &[],
            block_number: layer1_block,
            withdrawal_hash: Some(&hash),
            withdrawal_block: Some(layer2_block),
            released_from: None,
        })?;
    }
    Ok(())
}

/// Releases every withdrawal cell whose Layer 2 block is final: the cell is consumed and a cell
/// with the owner's PW-lock and the same capacity appears. A withdrawal whose owner lock hash is not
/// the PW-lock of the account's own address stays locked: the devnet cannot know that lock script.
fn release_final_withdrawals(tx: &Transaction<'_>, config: &ChainConfig, last_finalized: u64, layer1_block: u64) -> Result<(), ChainError> {
    type Row = (i64, Vec<u8>, i64, Vec<u8>, Vec<u8>);
    let rows: Vec<Row> = {
        let mut stmt = tx.prepare_cached(
            "SELECT c.seq, c.withdrawal_hash, c.capacity, a.script, w.request
             FROM cells c JOIN withdrawals w ON w.hash = c.withdrawal_hash
             JOIN accounts a ON a.id = w.account_id
             WHERE c.withdrawal_block IS NOT NULL AND c.withdrawal_block <= ?1",
        )?;
        let rows = stmt.query_map([i64_of(last_finalized)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (seq, hash, capacity, account_script, request) in rows {
        let hash = h256_from_blob(&hash)?;
        let script = Script::from_bytes(&account_script).map_err(|err| ChainError::Corrupt(err.to_string()))?;
        let raw = WithdrawalRequest::from_bytes(&request).map_err(|err| ChainError::Corrupt(err.to_string()))?.raw;
        let Some(owner) = eth_address_of_account_script(&config.constants, &script)
            .map(|address| owner_lock(&config.constants, &address))
            .filter(|lock| lock.hash() == raw.owner_lock_hash)
        else {
            // Mark it so it is not looked at again every block.
            tx.execute("UPDATE cells SET withdrawal_block = NULL WHERE seq = ?1", [seq])?;
            continue;
        };
        tx.execute("DELETE FROM cells WHERE seq = ?1", [seq])?;
        insert_cell(tx, &NewCell {
            tx_hash: ckb_hash_parts(&[b"godwoken-devnet release", &hash.0]),
            capacity: u64_of(capacity),
            lock: &owner,
            type_: None,
            data: &[],
            block_number: layer1_block,
            withdrawal_hash: None,
            withdrawal_block: None,
            released_from: Some(&hash),
        })?;
        tx.execute("UPDATE withdrawals SET released = 1 WHERE hash = ?1", [hash.0.as_slice()])?;
    }
    Ok(())
}

/// Replaces the rollup cell with one whose data is the GlobalState after block `number`.
fn write_rollup_cell(tx: &Transaction<'_>, config: &ChainConfig, number: u64, hash: &H256, timestamp: u64) -> Result<(), ChainError> {
    let rollup = &config.constants.rollup_type_script;
    tx.execute(
        "DELETE FROM cells WHERE type_code_hash = ?1 AND type_hash_type = ?2 AND type_args = ?3",
        params![rollup.code_hash.0.as_slice(), rollup.hash_type.to_byte(), rollup.args.0.as_slice()],
    )?;
    let accounts: i64 = tx.query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?;
    let state = GlobalState {
        rollup_config_hash: ckb_hash_parts(&[b"godwoken-devnet rollup config"]),
        account_merkle_root: H256::ZERO,
        account_count: u32::try_from(accounts).unwrap_or(u32::MAX),
        block_merkle_root: H256::ZERO,
        block_count: number + 1,
        reverted_block_root: H256::ZERO,
        tip_block_hash: *hash,
        tip_block_timestamp: timestamp,
        last_finalized_block_number: number.saturating_sub(config.finality_blocks),
        status: 0,
        version: 1,
        layout: GlobalStateLayout::V1,
    };
    // The rollup cell is locked by a lock nobody has on the devnet.
    let lock = Script::of_type(ckb_hash_parts(&[b"godwoken-devnet rollup lock"]), Vec::new());
    let data = state.to_bytes();
    insert_cell(tx, &NewCell {
        tx_hash: ckb_hash_parts(&[b"godwoken-devnet rollup", &hash.0]),
        capacity: 1_000_000_000_000,
        lock: &lock,
        type_: Some(rollup),
        data: &data,
        block_number: number,
        withdrawal_hash: None,
        withdrawal_block: None,
        released_from: None,
    })?;
    Ok(())
}
