//! Layer 1 (CKB) as the devnet keeps it: blocks with real headers and hashes, numbered from the
//! configured start (0x350000, the 2021 testnet's range), transactions with real hashes, and the
//! live-cell set they change.
//!
//! A Layer 1 block commits, in order, the pool's transactions (oldest first) and then, when a
//! Layer 2 block is produced with it, Godwoken's own transaction for that block. A transaction
//! accepted by `send_transaction` is therefore committed in the very next Layer 1 block, and its
//! `since` is checked against that block (L1 §1.4 allows it; a real node checks tip + 3).

use godwoken_core::ckb::since::Epoch;
use godwoken_core::ckb::{Header, Transaction};
use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::rpc::CellOutput;
use rusqlite::{params, Connection, OptionalExtension};

use super::storage::{h256_from_blob, i64_of, insert_cell, script_from_columns, type_from_columns, u64_of, CellKind, NewCell};
use super::ChainError;

/// Blocks per epoch (the 2021 testnet's: around 1800).
pub const EPOCH_LENGTH: u64 = 1800;
/// How many blocks the median time is taken over.
const MEDIAN_TIME_BLOCKS: u64 = 37;
/// The difficulty target every devnet header carries.
const COMPACT_TARGET: u32 = 0x1e01_5555;

/// The epoch of Layer 1 block `number`: `number / 1800`, `number % 1800` blocks into it.
pub fn epoch_of(number: u64) -> Epoch {
    Epoch { number: number / EPOCH_LENGTH, index: number % EPOCH_LENGTH, length: EPOCH_LENGTH }
}

/// A Layer 1 block as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layer1Block {
    /// Height.
    pub number: u64,
    /// ckb_hash of the header.
    pub hash: H256,
    /// The parent's hash.
    pub parent_hash: H256,
    /// Milliseconds since the Unix epoch.
    pub timestamp: u64,
    /// Commits to the block's transaction hashes.
    pub transactions_root: H256,
}

impl Layer1Block {
    /// The header whose hash is [`Layer1Block::hash`].
    pub fn header(&self) -> Header {
        header_of(self.number, &self.parent_hash, self.timestamp, &self.transactions_root)
    }
}

fn header_of(number: u64, parent_hash: &H256, timestamp: u64, transactions_root: &H256) -> Header {
    Header {
        version: 0,
        compact_target: COMPACT_TARGET,
        timestamp,
        number,
        epoch: epoch_of(number).packed(),
        parent_hash: *parent_hash,
        transactions_root: *transactions_root,
        proposals_hash: H256::ZERO,
        extra_hash: H256::ZERO,
        dao: H256::ZERO,
        nonce: 0,
    }
}

type BlockColumns = (i64, Vec<u8>, Vec<u8>, i64, Vec<u8>);

fn block_of((number, hash, parent, timestamp, root): BlockColumns) -> Result<Layer1Block, ChainError> {
    Ok(Layer1Block {
        number: u64_of(number)?,
        hash: h256_from_blob(&hash)?,
        parent_hash: h256_from_blob(&parent)?,
        timestamp: u64_of(timestamp)?,
        transactions_root: h256_from_blob(&root)?,
    })
}

const BLOCK_COLUMNS: &str = "number, hash, parent_hash, timestamp, transactions_root";

fn read_block(row: &rusqlite::Row<'_>) -> rusqlite::Result<BlockColumns> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
}

/// The Layer 1 tip.
pub(super) fn layer1_tip(conn: &Connection) -> Result<Layer1Block, ChainError> {
    let row = conn
        .prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM l1_blocks ORDER BY number DESC LIMIT 1"))?
        .query_row([], read_block)?;
    block_of(row)
}

/// A Layer 1 block by number.
pub(super) fn layer1_block(conn: &Connection, number: u64) -> Result<Option<Layer1Block>, ChainError> {
    let row = conn
        .prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM l1_blocks WHERE number = ?1"))?
        .query_row([i64_of(number)], read_block)
        .optional()?;
    row.map(block_of).transpose()
}

/// A Layer 1 block by hash.
pub(super) fn layer1_block_by_hash(conn: &Connection, hash: &H256) -> Result<Option<Layer1Block>, ChainError> {
    let row = conn
        .prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM l1_blocks WHERE hash = ?1"))?
        .query_row([hash.0.as_slice()], read_block)
        .optional()?;
    row.map(block_of).transpose()
}

/// The median of the timestamps of the 37 blocks ending at `number` (fewer near genesis), ms.
pub(super) fn median_time(conn: &Connection, number: u64) -> Result<u64, ChainError> {
    let mut stmt = conn.prepare_cached("SELECT timestamp FROM l1_blocks WHERE number <= ?1 ORDER BY number DESC LIMIT ?2")?;
    let mut times = stmt
        .query_map(params![i64_of(number), i64_of(MEDIAN_TIME_BLOCKS)], |r| r.get::<_, i64>(0))?
        .map(|time| u64_of(time?))
        .collect::<Result<Vec<u64>, ChainError>>()?;
    times.sort_unstable();
    Ok(times.get(times.len() / 2).copied().unwrap_or(0))
}

/// What the devnet records about each output of a transaction it commits.
#[derive(Debug, Clone, Copy)]
pub(super) struct OutputMeta<'a> {
    pub(super) kind: CellKind,
    pub(super) withdrawal_hash: Option<&'a H256>,
    pub(super) withdrawal_block: Option<u64>,
    pub(super) released_from: Option<&'a H256>,
}

impl OutputMeta<'_> {
    pub(super) const PLAIN: OutputMeta<'static> =
        OutputMeta { kind: CellKind::Plain, withdrawal_hash: None, withdrawal_block: None, released_from: None };

    pub(super) fn of(kind: CellKind) -> OutputMeta<'static> {
        OutputMeta { kind, ..OutputMeta::PLAIN }
    }
}

/// A Layer 1 block being filled: transactions are recorded into it, then it is sealed.
pub(super) struct OpenBlock {
    pub(super) parent: Layer1Block,
    pub(super) number: u64,
    tx_hashes: Vec<H256>,
}

impl OpenBlock {
    /// Starts the block after the tip.
    pub(super) fn after_tip(conn: &Connection) -> Result<OpenBlock, ChainError> {
        let parent = layer1_tip(conn)?;
        Ok(OpenBlock { number: parent.number + 1, parent, tx_hashes: Vec::new() })
    }

    /// Records `transaction` as committed in this block (see [`commit_transaction`]).
    pub(super) fn commit(
        &mut self,
        db: &rusqlite::Transaction<'_>,
        transaction: &Transaction,
        hash: &H256,
        fee: u64,
        metas: &[OutputMeta<'_>],
    ) -> Result<(), ChainError> {
        let tx_index = u32::try_from(self.tx_hashes.len()).map_err(|_| ChainError::Corrupt("too many transactions".into()))?;
        commit_transaction(db, transaction, hash, fee, self.number, tx_index, metas)?;
        self.tx_hashes.push(*hash);
        Ok(())
    }

    /// Commits every transaction waiting in the pool, oldest first.
    pub(super) fn commit_pool(&mut self, db: &rusqlite::Transaction<'_>) -> Result<usize, ChainError> {
        let waiting: Vec<(Vec<u8>, String, i64)> = {
            let mut stmt = db.prepare_cached("SELECT hash, json, fee FROM l1_transactions WHERE block_number IS NULL ORDER BY seq")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (hash, json, fee) in &waiting {
            let transaction: Transaction = serde_json::from_str(json).map_err(|err| ChainError::Corrupt(err.to_string()))?;
            self.commit(db, &transaction, &h256_from_blob(hash)?, u64_of(*fee)?, &[])?;
        }
        Ok(waiting.len())
    }

    /// Seals the block at `now_ms` (never before its parent).
    pub(super) fn seal(self, db: &rusqlite::Transaction<'_>, now_ms: u64) -> Result<Layer1Block, ChainError> {
        let timestamp = now_ms.max(self.parent.timestamp + 1);
        let parts: Vec<&[u8]> = self.tx_hashes.iter().map(|hash| hash.0.as_slice()).collect();
        let transactions_root = if parts.is_empty() { H256::ZERO } else { ckb_hash_parts(&parts) };
        let header = header_of(self.number, &self.parent.hash, timestamp, &transactions_root);
        let block = Layer1Block { number: self.number, hash: header.hash(), parent_hash: self.parent.hash, timestamp, transactions_root };
        db.prepare_cached("INSERT INTO l1_blocks (number, hash, parent_hash, timestamp, transactions_root) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![
                i64_of(block.number),
                block.hash.0.as_slice(),
                block.parent_hash.0.as_slice(),
                i64_of(timestamp),
                transactions_root.0.as_slice()
            ])?;
        Ok(block)
    }
}

/// Records `transaction` (hash `hash`, paying `fee`) as committed in block `block_number` at
/// `tx_index`: its inputs leave the live set (a consumed withdrawal cell marks its withdrawal
/// released), its outputs join it with `metas` (one per output; missing ones are plain).
pub(super) fn commit_transaction(
    db: &rusqlite::Transaction<'_>,
    transaction: &Transaction,
    hash: &H256,
    fee: u64,
    block_number: u64,
    tx_index: u32,
    metas: &[OutputMeta<'_>],
) -> Result<(), ChainError> {
    for input in &transaction.inputs {
        let out_point = &input.previous_output;
        db.prepare_cached(
            "UPDATE withdrawals SET released = 1 WHERE hash = (SELECT withdrawal_hash FROM cells
             WHERE tx_hash = ?1 AND output_index = ?2 AND withdrawal_hash IS NOT NULL)",
        )?
        .execute(params![out_point.tx_hash.0.as_slice(), out_point.index])?;
        db.prepare_cached("DELETE FROM cells WHERE tx_hash = ?1 AND output_index = ?2")?
            .execute(params![out_point.tx_hash.0.as_slice(), out_point.index])?;
    }
    for (index, (output, data)) in transaction.outputs.iter().zip(&transaction.outputs_data).enumerate() {
        let meta = metas.get(index).copied().unwrap_or(OutputMeta::PLAIN);
        insert_cell(db, &NewCell {
            tx_hash: *hash,
            output_index: u32::try_from(index).map_err(|_| ChainError::Corrupt("too many outputs".into()))?,
            capacity: output.capacity,
            lock: &output.lock,
            type_: output.type_.as_ref(),
            data: &data.0,
            block_number,
            tx_index,
            kind: meta.kind,
            withdrawal_hash: meta.withdrawal_hash,
            withdrawal_block: meta.withdrawal_block,
            released_from: meta.released_from,
        })?;
    }
    let json = serde_json::to_string(transaction).map_err(|err| ChainError::Corrupt(err.to_string()))?;
    db.prepare_cached(
        "INSERT INTO l1_transactions (hash, json, fee, block_number, tx_index) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(hash) DO UPDATE SET block_number = excluded.block_number, tx_index = excluded.tx_index",
    )?
    .execute(params![hash.0.as_slice(), json, i64_of(fee), i64_of(block_number), tx_index])?;
    Ok(())
}

/// Records a devnet-made transaction (a faucet's) as committed in the tip block, after the
/// block's other transactions: its cells are live at once.
pub(super) fn commit_into_tip(db: &rusqlite::Transaction<'_>, transaction: &Transaction, metas: &[OutputMeta<'_>]) -> Result<H256, ChainError> {
    let tip = layer1_tip(db)?;
    let count: i64 = db
        .prepare_cached("SELECT COUNT(*) FROM l1_transactions WHERE block_number = ?1")?
        .query_row([i64_of(tip.number)], |r| r.get(0))?;
    let tx_index = u32::try_from(count).map_err(|_| ChainError::Corrupt("too many transactions".into()))?;
    let hash = transaction.hash();
    commit_transaction(db, transaction, &hash, 0, tip.number, tx_index, metas)?;
    Ok(hash)
}

/// A transaction that creates `outputs` from nothing, as a block reward does: one input with the
/// null out point, whose `since` carries `salt` so that two such transactions differ.
pub(super) fn minting_transaction(salt: u64, outputs: Vec<(CellOutput, Vec<u8>)>) -> Transaction {
    use godwoken_core::ckb::CellInput;
    use godwoken_core::rpc::OutPoint;
    let (outputs, data): (Vec<CellOutput>, Vec<Vec<u8>>) = outputs.into_iter().unzip();
    Transaction {
        version: 0,
        cell_deps: Vec::new(),
        header_deps: Vec::new(),
        inputs: vec![CellInput { since: salt, previous_output: OutPoint { tx_hash: H256::ZERO, index: u32::MAX } }],
        witnesses: Vec::new(),
        outputs,
        outputs_data: data.into_iter().map(Into::into).collect(),
    }
}

/// Inserts the genesis block `number` (no parent) at `now_ms`, committing `genesis`.
pub(super) fn insert_genesis_block(db: &rusqlite::Transaction<'_>, number: u64, now_ms: u64, root: &H256) -> Result<Layer1Block, ChainError> {
    let header = header_of(number, &H256::ZERO, now_ms, root);
    let block = Layer1Block { number, hash: header.hash(), parent_hash: H256::ZERO, timestamp: now_ms, transactions_root: *root };
    db.execute(
        "INSERT INTO l1_blocks (number, hash, parent_hash, timestamp, transactions_root) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![i64_of(number), block.hash.0.as_slice(), H256::ZERO.0.as_slice(), i64_of(now_ms), root.0.as_slice()],
    )?;
    Ok(block)
}

/// A live cell: its output, data and the number of the block that committed it, and the pool
/// transaction that spends it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCell {
    /// The output.
    pub output: CellOutput,
    /// Its data.
    pub data: Vec<u8>,
    /// The committing block.
    pub block_number: u64,
    /// Set when a pending transaction consumes it.
    pub pool_spender: Option<H256>,
}

/// The live cell at `tx_hash:index`, if any.
pub(super) fn live_cell(conn: &Connection, tx_hash: &H256, index: u32) -> Result<Option<LiveCell>, ChainError> {
    type Columns = (i64, Vec<u8>, i64, Vec<u8>, Option<Vec<u8>>, Option<i64>, Option<Vec<u8>>, Vec<u8>, i64, Option<Vec<u8>>);
    let row: Option<Columns> = conn
        .prepare_cached(
            "SELECT capacity, lock_code_hash, lock_hash_type, lock_args, type_code_hash, type_hash_type, type_args,
                    data, block_number, pool_spender
             FROM cells WHERE tx_hash = ?1 AND output_index = ?2",
        )?
        .query_row(params![tx_hash.0.as_slice(), index], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
        })
        .optional()?;
    let Some((capacity, lock_code, lock_type, lock_args, type_code, type_type, type_args, data, block, spender)) = row else {
        return Ok(None);
    };
    Ok(Some(LiveCell {
        output: CellOutput {
            capacity: u64_of(capacity)?,
            lock: script_from_columns(&lock_code, lock_type, lock_args)?,
            type_: type_from_columns(type_code.as_deref(), type_type, type_args)?,
        },
        data,
        block_number: u64_of(block)?,
        pool_spender: spender.as_deref().map(h256_from_blob).transpose()?,
    }))
}

/// Where a transaction stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxStatus {
    /// In the pool.
    Pending,
    /// In block `block_hash`.
    Committed {
        /// The block.
        block_hash: H256,
    },
}

/// A stored transaction and its status.
pub(super) fn stored_transaction(conn: &Connection, hash: &H256) -> Result<Option<(Transaction, TxStatus)>, ChainError> {
    let row: Option<(String, Option<i64>)> = conn
        .prepare_cached("SELECT json, block_number FROM l1_transactions WHERE hash = ?1")?
        .query_row([hash.0.as_slice()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((json, block)) = row else { return Ok(None) };
    let transaction: Transaction = serde_json::from_str(&json).map_err(|err| ChainError::Corrupt(err.to_string()))?;
    let status = match block {
        None => TxStatus::Pending,
        Some(number) => {
            let block = layer1_block(conn, u64_of(number)?)?
                .ok_or_else(|| ChainError::Corrupt(format!("transaction {hash} is in missing block {number}")))?;
            TxStatus::Committed { block_hash: block.hash }
        }
    };
    Ok(Some((transaction, status)))
}

impl super::Chain {
    /// The Layer 1 tip block.
    pub fn layer1_tip(&self) -> Result<Layer1Block, ChainError> {
        layer1_tip(&self.conn)
    }

    /// A Layer 1 block by number.
    pub fn layer1_block(&self, number: u64) -> Result<Option<Layer1Block>, ChainError> {
        layer1_block(&self.conn, number)
    }

    /// A Layer 1 block by hash.
    pub fn layer1_block_by_hash(&self, hash: &H256) -> Result<Option<Layer1Block>, ChainError> {
        layer1_block_by_hash(&self.conn, hash)
    }

    /// The median time of the 37 blocks ending at the Layer 1 tip, ms.
    pub fn layer1_median_time(&self) -> Result<u64, ChainError> {
        median_time(&self.conn, layer1_tip(&self.conn)?.number)
    }

    /// The live cell at an out point (`get_live_cell`).
    pub fn live_cell(&self, tx_hash: &H256, index: u32) -> Result<Option<LiveCell>, ChainError> {
        live_cell(&self.conn, tx_hash, index)
    }

    /// A Layer 1 transaction and where it stands (`get_transaction`).
    pub fn layer1_transaction(&self, hash: &H256) -> Result<Option<(Transaction, TxStatus)>, ChainError> {
        stored_transaction(&self.conn, hash)
    }
}
