//! The block producers. A Layer 2 block includes the mempool's withdrawals and collects the
//! deposits Layer 1 shows; it is produced together with a Layer 1 block, which commits the Layer 1
//! pool and then Godwoken's transaction for the Layer 2 block (`rollup`). Layer 1 also makes
//! blocks of its own on its own clock. Also the block reads of `gw_get_block_by_number`.

use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::WithdrawalRequest;
use godwoken_core::rpc::{L2BlockJson, RawL2BlockJson, WithdrawalRequestJson};
use rusqlite::{params, OptionalExtension};

use super::accounts::credit_script;
use super::genesis::BLOCK_PRODUCER_ID;
use super::layer1::{layer1_tip, Layer1Block, OpenBlock};
use super::rollup::{commit_rollup_step, find_deposits, Step};
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

    /// Produces `count` Layer 1 blocks of Layer 1 alone (the pool's transactions); returns the
    /// new Layer 1 tip.
    pub fn produce_layer1_blocks(&mut self, count: u64, now_ms: u64) -> Result<Layer1Block, ChainError> {
        let mut tip = layer1_tip(&self.conn)?;
        for _ in 0..count {
            let db = self.conn.transaction()?;
            let mut block = OpenBlock::after_tip(&db)?;
            block.commit_pool(&db)?;
            tip = block.seal(&db, now_ms)?;
            db.commit()?;
        }
        Ok(tip)
    }

    /// Produces `count` Layer 2 blocks, each with its Layer 1 block; `now_ms` is the clock.
    /// Returns the new tip number.
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
        let mut layer1 = OpenBlock::after_tip(&tx)?;
        layer1.commit_pool(&tx)?;
        // Godwoken sees Layer 1 through its indexer, `indexer_lag_blocks` behind.
        let visible = layer1.parent.number.saturating_sub(config.indexer_lag_blocks);
        let deposits = find_deposits(&tx, config, visible, number, &hash)?;
        for deposit in &deposits {
            credit_script(&tx, &deposit.layer2_lock, deposit.capacity().into())?;
        }
        commit_rollup_step(&tx, config, &mut layer1, &Step { number, hash: &hash, timestamp, deposits: &deposits })?;
        layer1.seal(&tx, now_ms)?;
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
