//! The block producer: Layer 2 blocks that include the mempool's withdrawals, and what each block
//! causes on Layer 1 (withdrawal cells after the indexer lag, releases after finality, the new
//! rollup cell). Also the block reads of `gw_get_block_by_number`.

use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::WithdrawalRequest;
use godwoken_core::rpc::{L2BlockJson, RawL2BlockJson, WithdrawalRequestJson};
use rusqlite::{params, OptionalExtension};

use super::genesis::BLOCK_PRODUCER_ID;
use super::layer1::{create_withdrawal_cells, release_final_withdrawals, write_rollup_cell};
use super::storage::{h256_from_blob, i64_of, u64_of};
use super::{Chain, ChainError, MAX_WITHDRAWALS_PER_BLOCK};

/// A Layer 2 block header as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRow {
    /// Its height; genesis is 0.
    pub number: u64,
    /// Its hash.
    pub hash: H256,
    /// The previous block's hash (zero for genesis).
    pub parent_hash: H256,
    /// Milliseconds since the Unix epoch.
    pub timestamp: u64,
}

impl Chain {
    /// The tip block.
    pub fn tip(&self) -> Result<BlockRow, ChainError> {
        let (number, hash, parent, timestamp) = self
            .conn
            .prepare_cached("SELECT number, hash, parent_hash, timestamp FROM blocks ORDER BY number DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?)))?;
        Ok(BlockRow {
            number: u64_of(number)?,
            hash: h256_from_blob(&hash)?,
            parent_hash: h256_from_blob(&parent)?,
            timestamp: u64_of(timestamp)?,
        })
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
            tx.prepare_cached("UPDATE withdrawals SET block_number = ?1, block_hash = ?2 WHERE hash = ?3")?
                .execute(params![i64_of(number), hash.0.as_slice(), withdrawal])?;
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
            .prepare_cached("SELECT hash, parent_hash, timestamp FROM blocks WHERE number = ?1")?
            .query_row([i64_of(number)], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, i64>(2)?)))
            .optional()?;
        let Some((hash, parent, timestamp)) = row else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached("SELECT request FROM withdrawals WHERE block_number = ?1 ORDER BY seq")?;
        let requests = stmt
            .query_map([i64_of(number)], |r| r.get::<_, Vec<u8>>(0))?
            .map(|bytes| {
                let request = WithdrawalRequest::from_bytes(&bytes?).map_err(|err| ChainError::Corrupt(err.to_string()))?;
                Ok(WithdrawalRequestJson::from(&request))
            })
            .collect::<Result<Vec<_>, ChainError>>()?;
        Ok(Some(L2BlockJson {
            hash: h256_from_blob(&hash)?,
            raw: RawL2BlockJson {
                number,
                parent_block_hash: h256_from_blob(&parent)?,
                timestamp: u64_of(timestamp)?,
                block_producer_id: BLOCK_PRODUCER_ID,
            },
            transactions: Vec::new(),
            withdrawal_requests: requests,
        }))
    }
}
