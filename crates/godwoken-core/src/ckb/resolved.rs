//! A transaction with the cells it consumes and reads: what every verification rule after
//! resolution looks at (L1 §1.5).

use super::since::Epoch;
use super::tx::Transaction;
use crate::hex::H256;
use crate::rpc::CellOutput;

/// A live cell, with the block that committed it (for `since`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedCell {
    /// The output.
    pub output: CellOutput,
    /// Its data.
    pub data: Vec<u8>,
    /// The committing block's number.
    pub block_number: u64,
    /// That block's timestamp, ms.
    pub block_timestamp_ms: u64,
    /// That block's epoch.
    pub block_epoch: Epoch,
}

/// A transaction whose inputs and cell deps were found live.
#[derive(Debug, Clone, Copy)]
pub struct ResolvedTransaction<'a> {
    /// The transaction.
    pub tx: &'a Transaction,
    /// Its hash.
    pub hash: H256,
    /// One cell per input, in order.
    pub inputs: &'a [ResolvedCell],
    /// The cell deps with every dep group expanded to its members, in order.
    pub deps: &'a [ResolvedCell],
}

impl ResolvedTransaction<'_> {
    /// The lock groups: input indexes by lock hash, groups in the order of their first input.
    pub fn lock_groups(&self) -> Vec<(H256, Vec<usize>)> {
        let mut groups: Vec<(H256, Vec<usize>)> = Vec::new();
        for (index, cell) in self.inputs.iter().enumerate() {
            let hash = cell.output.lock.hash();
            match groups.iter_mut().find(|(group_hash, _)| *group_hash == hash) {
                Some((_, members)) => members.push(index),
                None => groups.push((hash, vec![index])),
            }
        }
        groups
    }

    /// Whether some input is locked by the script with hash `lock_hash`.
    pub fn has_input_with_lock(&self, lock_hash: &H256) -> bool {
        self.inputs.iter().any(|cell| cell.output.lock.hash() == *lock_hash)
    }
}
