//! Storage: the SQLite schema with its version, and the codecs between rows and the core's types.
//!
//! SQLite is the only copy of the chain's state. Numbers are stored as SQLite integers where they
//! fit 63 bits (block numbers, capacities: bounded by [`super::MAX_SUPPLY`]) and balances as
//! 16-byte big-endian blobs; a stored value that does not decode is [`ChainError::Corrupt`].

use godwoken_core::hex::H256;
use godwoken_core::mol::{HashType, Script};
use rusqlite::{params, Connection, Transaction};

use super::ChainError;

/// The schema version this build writes and reads (`PRAGMA user_version`). Raise it with every
/// change of the tables below: a data dir written by another version is refused at start with
/// [`ChainError::SchemaVersion`] rather than misread.
pub const SCHEMA_VERSION: i64 = 2;

pub(super) const SCHEMA: &str = "
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
    on_layer1 INTEGER NOT NULL DEFAULT 0,
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
    kind INTEGER NOT NULL,
    withdrawal_hash BLOB,
    withdrawal_block INTEGER,
    released_from BLOB,
    pool_spender BLOB
);
CREATE UNIQUE INDEX IF NOT EXISTS cells_by_out_point ON cells(tx_hash, output_index);
CREATE INDEX IF NOT EXISTS cells_by_lock ON cells(lock_code_hash, lock_hash_type, lock_args, seq);
CREATE INDEX IF NOT EXISTS cells_by_type ON cells(type_code_hash, type_hash_type, type_args, seq)
    WHERE type_code_hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS cells_withdrawal ON cells(withdrawal_block)
    WHERE withdrawal_block IS NOT NULL;
CREATE INDEX IF NOT EXISTS cells_by_kind ON cells(kind, seq);
CREATE TABLE IF NOT EXISTS l1_blocks (
    number INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    parent_hash BLOB NOT NULL,
    timestamp INTEGER NOT NULL,
    transactions_root BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS l1_transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    hash BLOB NOT NULL UNIQUE,
    json TEXT NOT NULL,
    fee INTEGER NOT NULL,
    block_number INTEGER,
    tx_index INTEGER
);
CREATE INDEX IF NOT EXISTS l1_pool ON l1_transactions(seq) WHERE block_number IS NULL;
CREATE INDEX IF NOT EXISTS l1_by_block ON l1_transactions(block_number, tx_index);
";

/// Creates the tables of a new database, or checks that an existing one has this build's schema.
pub(super) fn prepare_schema(conn: &Connection) -> Result<(), ChainError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_tables: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'meta')", [], |r| r.get(0))?;
    match (found, has_tables) {
        (_, false) => {
            conn.execute_batch(SCHEMA)?;
            conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            Ok(())
        }
        (version, true) if version == SCHEMA_VERSION => Ok(()),
        // Data dirs written before the schema was versioned hold version 1.
        (0, true) => Err(ChainError::SchemaVersion { found: 1, expected: SCHEMA_VERSION }),
        (version, true) => Err(ChainError::SchemaVersion { found: version, expected: SCHEMA_VERSION }),
    }
}

/// A stored count or number as `i64`. Every one is bounded by [`super::MAX_SUPPLY`] or by block
/// counts, far below `i64::MAX`; saturating keeps a comparison with it meaningful regardless.
pub(super) fn i64_of(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A stored non-negative number; a negative one means the database was edited.
pub(super) fn u64_of(value: i64) -> Result<u64, ChainError> {
    u64::try_from(value).map_err(|_| ChainError::Corrupt(format!("a stored number is negative ({value})")))
}

/// A stored `u32` (account ids, nonces, output indexes).
pub(super) fn u32_of(value: i64, what: &str) -> Result<u32, ChainError> {
    u32::try_from(value).map_err(|_| ChainError::Corrupt(format!("{what} {value} is out of range")))
}

pub(super) fn u128_from_blob(blob: &[u8]) -> Result<u128, ChainError> {
    <[u8; 16]>::try_from(blob)
        .map(u128::from_be_bytes)
        .map_err(|_| ChainError::Corrupt("a balance is not 16 bytes".into()))
}

/// Column `index` of `row` as a blob, read in place (no copy).
pub(super) fn blob_at<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'r [u8]> {
    Ok(row.get_ref(index)?.as_blob()?)
}

/// Column `index` of `row` as a nullable blob, read in place.
pub(super) fn optional_blob_at<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<&'r [u8]>> {
    Ok(row.get_ref(index)?.as_blob_or_null()?)
}

pub(super) fn h256_from_blob(blob: &[u8]) -> Result<H256, ChainError> {
    <[u8; 32]>::try_from(blob)
        .map(H256)
        .map_err(|_| ChainError::Corrupt("a hash is not 32 bytes".into()))
}

pub(super) fn hash_type_of(value: i64) -> Result<HashType, ChainError> {
    u8::try_from(value)
        .ok()
        .and_then(|byte| HashType::from_byte(byte).ok())
        .ok_or_else(|| ChainError::Corrupt(format!("hash type {value}")))
}

/// A script stored as its three columns (code hash, hash type, args).
pub(super) fn script_from_columns(code_hash: &[u8], hash_type: i64, args: Vec<u8>) -> Result<Script, ChainError> {
    Ok(Script { code_hash: h256_from_blob(code_hash)?, hash_type: hash_type_of(hash_type)?, args: args.into() })
}

/// A cell's type script from its three nullable columns: all present, or none.
pub(super) fn type_from_columns(code_hash: Option<&[u8]>, hash_type: Option<i64>, args: Option<Vec<u8>>) -> Result<Option<Script>, ChainError> {
    match (code_hash, hash_type, args) {
        (Some(code_hash), Some(hash_type), Some(args)) => script_from_columns(code_hash, hash_type, args).map(Some),
        (None, None, None) => Ok(None),
        _ => Err(ChainError::Corrupt("a cell's type script is partly missing".into())),
    }
}

pub(super) fn script_of(bytes: &[u8]) -> Result<Script, ChainError> {
    Script::from_bytes(bytes).map_err(|err| ChainError::Corrupt(err.to_string()))
}

/// What a Layer 1 cell is to the devnet's bookkeeping (the audit sums by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CellKind {
    /// Anyone's cell.
    Plain = 0,
    /// A genesis code cell, dep group or config cell: never spent.
    System = 1,
    /// Custodian cells: the Layer 1 backing of Layer 2 balances.
    Custodian = 2,
    /// A withdrawal cell.
    Withdrawal = 3,
    /// Benchmark filler: outside conservation.
    Bench = 4,
    /// The rollup cell (its capacity is the devnet's own).
    Rollup = 5,
}

/// A Layer 1 cell to insert, with its out point and the devnet's bookkeeping.
pub(super) struct NewCell<'a> {
    pub(super) tx_hash: H256,
    pub(super) output_index: u32,
    pub(super) capacity: u64,
    pub(super) lock: &'a Script,
    pub(super) type_: Option<&'a Script>,
    pub(super) data: &'a [u8],
    pub(super) block_number: u64,
    pub(super) tx_index: u32,
    pub(super) kind: CellKind,
    /// The withdrawal this cell holds while it is under the withdrawal lock.
    pub(super) withdrawal_hash: Option<&'a H256>,
    /// That withdrawal's Layer 2 block: the release looks for cells by it.
    pub(super) withdrawal_block: Option<u64>,
    /// The withdrawal whose release created this cell (counted by the audit).
    pub(super) released_from: Option<&'a H256>,
}

pub(super) fn insert_cell(tx: &Transaction<'_>, cell: &NewCell<'_>) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO cells (tx_hash, output_index, capacity, lock_code_hash, lock_hash_type, lock_args,
            type_code_hash, type_hash_type, type_args, data, block_number, tx_index, kind,
            withdrawal_hash, withdrawal_block, released_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        cell.tx_hash.0.as_slice(),
        cell.output_index,
        i64_of(cell.capacity),
        cell.lock.code_hash.0.as_slice(),
        cell.lock.hash_type.to_byte(),
        cell.lock.args.0.as_slice(),
        cell.type_.map(|s| s.code_hash.0.to_vec()),
        cell.type_.map(|s| s.hash_type.to_byte()),
        cell.type_.map(|s| s.args.0.clone()),
        cell.data,
        i64_of(cell.block_number),
        cell.tx_index,
        cell.kind as i64,
        cell.withdrawal_hash.map(|h| h.0.to_vec()),
        cell.withdrawal_block.map(i64_of),
        cell.released_from.map(|h| h.0.to_vec()),
    ])?;
    Ok(())
}

/// Genesis plus every funding, in shannons.
pub(super) fn get_supply(conn: &Connection) -> Result<u128, ChainError> {
    let blob: Vec<u8> = conn.query_row("SELECT value FROM meta WHERE key = 'supply'", [], |r| r.get(0))?;
    u128_from_blob(&blob)
}

pub(super) fn set_supply(tx: &Transaction<'_>, supply: u128) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('supply', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [supply.to_be_bytes().as_slice()],
    )?;
    Ok(())
}
