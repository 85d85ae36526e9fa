//! The Layer 1 transaction pool: `send_transaction` resolves a transaction's cells, verifies it
//! by rule in CKB's order (the core's `ckb::verify`), and keeps it until the next Layer 1 block.
//! Its inputs are marked as spent by the pool at once, so a second transaction spending them is
//! `Dead` and the indexer stops listing them.
//!
//! Resolution and admission hold the chain; the verification between them (signature recovery
//! is most of the work) does not, so concurrent senders verify in parallel. Admission checks that
//! nothing read has changed, else the caller resolves again ([`Admission::Stale`]).

use std::sync::LazyLock;

use godwoken_core::ckb::error::TxError;
use godwoken_core::ckb::tx::{out_point_bytes, DepType};
use godwoken_core::ckb::verify::{check_outputs_validator, check_structure, verify_resolved, IncludingBlock, KnownLocks};
use godwoken_core::ckb::{ResolvedCell, ResolvedTransaction, Transaction};
use godwoken_core::hex::H256;
use godwoken_core::rpc::OutPoint;
use rusqlite::{params, Connection, OptionalExtension};

use super::layer1::{epoch_of, layer1_block, layer1_tip, live_cell, median_time};
use super::storage::i64_of;
use super::{Chain, RequestError};

/// The secp256k1 sighash and multisig lock type hashes: the well-known locks of the default
/// outputs validator.
static WELL_KNOWN_LOCKS: LazyLock<[H256; 2]> = LazyLock::new(|| {
    ["0x9bd7e06f3ecf4be0f2fcd2188b23f1b9fcc88e5d4b65a8637b17723bbda3cce8", "0x5c5069eb0857efc65e1bca0c07df34c31663b3622fd3876c876320fc9634e2a8"]
        .map(|hash| hash.parse().unwrap_or(H256::ZERO))
});

/// `send_transaction`'s second parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputsValidator {
    /// The default: only well-known output locks.
    WellKnownScriptsOnly,
    /// No output checks (what the 2021 clients send).
    Passthrough,
}

/// Why `send_transaction` refused: CKB's own error, or a devnet fault.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// CKB's refusal, with its code and text.
    #[error("{}", .0.message())]
    Refused(TxError),
    /// The devnet failed.
    #[error(transparent)]
    Devnet(#[from] RequestError),
}

impl From<rusqlite::Error> for SendError {
    fn from(err: rusqlite::Error) -> Self {
        SendError::Devnet(err.into())
    }
}

impl From<super::ChainError> for SendError {
    fn from(err: super::ChainError) -> Self {
        SendError::Devnet(err.into())
    }
}

/// How a cell is used by the transaction being resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// A dep: read only.
    Dep,
    /// An input whose `since` is 0: its block's time is not needed.
    Input,
    /// An input with a `since`: its block's time is read for relative time locks.
    InputWithSince,
}

/// Finds a cell for resolution: a live one, else `Dead` when the pool spends an input, `Unknown`
/// when nothing (or a spent cell) is there.
fn resolve(conn: &Connection, out_point: &OutPoint, usage: Use) -> Result<ResolvedCell, SendError> {
    let Some(cell) = live_cell(conn, &out_point.tx_hash, out_point.index)? else {
        return Err(SendError::Refused(TxError::Unknown(out_point.clone())));
    };
    if usage != Use::Dep && cell.pool_spender.is_some() {
        return Err(SendError::Refused(TxError::Dead(out_point.clone())));
    }
    let block_timestamp_ms = match usage {
        Use::InputWithSince => layer1_block(conn, cell.block_number)?.map_or(0, |b| b.timestamp),
        Use::Dep | Use::Input => 0,
    };
    Ok(ResolvedCell {
        output: cell.output,
        data: cell.data,
        block_number: cell.block_number,
        block_timestamp_ms,
        block_epoch: epoch_of(cell.block_number),
    })
}

/// The out points a dep group's data lists (a fixvec of 36-byte out points), or `None`.
fn dep_group_members(data: &[u8]) -> Option<Vec<OutPoint>> {
    let (count, rest) = data.split_at_checked(4)?;
    let count = u32::from_le_bytes(count.try_into().ok()?) as usize;
    if rest.len() != count.checked_mul(36)? {
        return None;
    }
    rest.chunks(36)
        .map(|chunk| {
            let tx_hash = H256(chunk[..32].try_into().ok()?);
            Some(OutPoint { tx_hash, index: u32::from_le_bytes(chunk[32..].try_into().ok()?) })
        })
        .collect()
}

/// The out-point bytes of a dep group's data (for genesis).
pub(super) fn dep_group_data(members: &[OutPoint]) -> Vec<u8> {
    let mut data = (members.len() as u32).to_le_bytes().to_vec();
    for member in members {
        data.extend_from_slice(&out_point_bytes(member));
    }
    data
}

/// A transaction resolved against the chain at one Layer 1 tip: everything its verification
/// reads, so that the verification (signatures above all) runs without the chain's lock.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The transaction's hash.
    pub hash: H256,
    /// Its inputs' cells.
    pub inputs: Vec<ResolvedCell>,
    /// Its deps' cells, dep groups expanded.
    pub deps: Vec<ResolvedCell>,
    /// The block it would be committed in.
    pub block: IncludingBlock,
    /// The locks the devnet knows (code hashes) and the rollup.
    locks: [H256; 4],
    /// Every cell dep out point read (members of dep groups included), to check again on admission.
    read_deps: Vec<OutPoint>,
    /// The tip it was resolved at.
    tip: u64,
}

impl Candidate {
    /// Steps 4 and 5 of the verification (no chain access): returns the fee.
    pub fn verify(&self, transaction: &Transaction) -> Result<u64, TxError> {
        let [pw_lock, deposit_lock, withdrawal_lock, rollup_type_hash] = &self.locks;
        let locks = KnownLocks { pw_lock, deposit_lock, withdrawal_lock, rollup_type_hash };
        let rtx = ResolvedTransaction { tx: transaction, hash: self.hash, inputs: &self.inputs, deps: &self.deps };
        verify_resolved(&rtx, &self.block, &locks)
    }
}

/// Whether a verified candidate entered the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// It did.
    Admitted,
    /// A block or another transaction changed what it was verified against: resolve it again.
    Stale,
}

/// The checks of `send_transaction` that read nothing of the chain: structure and the outputs
/// validator.
pub fn check_alone(transaction: &Transaction, validator: OutputsValidator) -> Result<(), TxError> {
    check_structure(transaction)?;
    if validator == OutputsValidator::WellKnownScriptsOnly {
        check_outputs_validator(transaction, &*WELL_KNOWN_LOCKS)?;
    }
    Ok(())
}

impl Chain {
    /// Steps 2 and 3 of `send_transaction`: not already in the pool, then every input and dep
    /// resolved (reads only).
    pub fn resolve_for_pool(&self, transaction: &Transaction, hash: &H256) -> Result<Candidate, SendError> {
        let db = &self.conn;
        if in_pool(db, hash)? {
            return Err(SendError::Refused(TxError::Duplicated(*hash)));
        }
        let inputs = transaction
            .inputs
            .iter()
            .map(|input| resolve(db, &input.previous_output, if input.since == 0 { Use::Input } else { Use::InputWithSince }))
            .collect::<Result<Vec<_>, _>>()?;
        let mut deps = Vec::new();
        let mut read_deps = Vec::new();
        for dep in &transaction.cell_deps {
            let cell = resolve(db, &dep.out_point, Use::Dep)?;
            read_deps.push(dep.out_point.clone());
            if dep.dep_type == DepType::DepGroup {
                let members = dep_group_members(&cell.data)
                    .ok_or_else(|| SendError::Refused(TxError::Unknown(dep.out_point.clone())))?;
                for member in members {
                    deps.push(resolve(db, &member, Use::Dep)?);
                    read_deps.push(member);
                }
            } else {
                deps.push(cell);
            }
        }
        for header in &transaction.header_deps {
            if super::layer1::layer1_block_by_hash(db, header)?.is_none() {
                return Err(SendError::Refused(TxError::Unknown(OutPoint { tx_hash: *header, index: 0 })));
            }
        }
        let tip = layer1_tip(db)?;
        // The median time is only needed by a `since`.
        let median_time_ms = if transaction.inputs.iter().any(|input| input.since != 0) { median_time(db, tip.number)? } else { 0 };
        let constants = &self.config.constants;
        Ok(Candidate {
            hash: *hash,
            inputs,
            deps,
            block: IncludingBlock { number: tip.number + 1, epoch: epoch_of(tip.number + 1), median_time_ms },
            locks: [
                constants.pw_lock_code_hash,
                self.config.layer1.deposit_lock_code_hash,
                constants.withdrawal_lock_code_hash,
                constants.rollup_type_hash,
            ],
            read_deps,
            tip: tip.number,
        })
    }

    /// Admits a verified candidate, if nothing it read has changed since it was resolved: the tip
    /// is the same, its inputs are still live and unspent by the pool, its deps still live.
    pub fn admit_to_pool(&mut self, transaction: &Transaction, candidate: &Candidate, fee: u64, json: &str) -> Result<Admission, SendError> {
        let db = self.conn.transaction()?;
        if layer1_tip(&db)?.number != candidate.tip || in_pool(&db, &candidate.hash)? {
            return Ok(Admission::Stale);
        }
        for out_point in &candidate.read_deps {
            if live_cell(&db, &out_point.tx_hash, out_point.index)?.is_none() {
                return Ok(Admission::Stale);
            }
        }
        for input in &transaction.inputs {
            let marked = db
                .prepare_cached("UPDATE cells SET pool_spender = ?1 WHERE tx_hash = ?2 AND output_index = ?3 AND pool_spender IS NULL")?
                .execute(params![candidate.hash.0.as_slice(), input.previous_output.tx_hash.0.as_slice(), input.previous_output.index])?;
            if marked != 1 {
                // Dropping `db` rolls back the inputs marked so far.
                return Ok(Admission::Stale);
            }
        }
        db.prepare_cached("INSERT INTO l1_transactions (hash, json, fee) VALUES (?1, ?2, ?3)")?
            .execute(params![candidate.hash.0.as_slice(), json, i64_of(fee)])?;
        db.commit()?;
        Ok(Admission::Admitted)
    }
}

fn in_pool(db: &Connection, hash: &H256) -> Result<bool, rusqlite::Error> {
    Ok(db
        .prepare_cached("SELECT 1 FROM l1_transactions WHERE hash = ?1 AND block_number IS NULL")?
        .query_row([hash.0.as_slice()], |_| Ok(true))
        .optional()?
        .unwrap_or(false))
}
