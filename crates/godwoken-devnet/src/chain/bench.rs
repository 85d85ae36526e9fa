//! Bulk data for the benchmarks: many withdrawal cells inserted straight into Layer 1.

use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::{Script, WithdrawalLockArgs};

use super::storage::{insert_cell, CellKind, NewCell};
use super::{Chain, ChainError};

impl Chain {
    /// Benchmarks only: inserts `count` withdrawal cells straight into Layer 1, as if Layer 2
    /// blocks had created them, for the account `account_script_hash` (or, with `None`, each for
    /// a different made-up account). No withdrawal stands behind them, so they are never released
    /// and the audit does not count them.
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
                output_index: 0,
                capacity: 30_000_000_000,
                lock: &lock,
                type_: None,
                data: &[],
                block_number: 1,
                tx_index: 0,
                kind: CellKind::Bench,
                withdrawal_hash: None,
                withdrawal_block: None,
                released_from: None,
            })?;
        }
        tx.commit()?;
        Ok(())
    }
}
