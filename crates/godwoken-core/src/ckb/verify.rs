//! `send_transaction`'s verification, by rule, in CKB's order (L1 §1.5): structure, then — after
//! the node has resolved the cells and checked its pool — capacity and fee, `since`, and each
//! script group. The devnet runs no RISC-V: each lock it knows is checked by its rules, and any
//! other script fails with exit code −1 (never silently accepted).

use std::collections::HashSet;

use super::error::{ScriptRole, Source, TxError, MAX_TX_SIZE, MIN_FEE_RATE};
use super::resolved::ResolvedTransaction;
use super::since::{is_mature, Epoch, MaturityContext, Since};
use super::tx::{min_fee, Transaction};
use super::{deposit, occupied_bytes, pw_lock, withdrawal_lock};
use crate::hex::H256;
use crate::mol::{HashType, Script};

/// Shannons per CKB byte of occupied capacity.
const SHANNONS_PER_BYTE: u64 = 100_000_000;
/// The exit code of a script the devnet cannot run.
pub const UNPROVABLE: i32 = -1;

/// The lock scripts a user transaction may unlock, by code hash (all `hash_type: type`).
#[derive(Debug, Clone, Copy)]
pub struct KnownLocks<'a> {
    /// PW-lock (§2).
    pub pw_lock: &'a H256,
    /// The deposit lock (§4.4).
    pub deposit_lock: &'a H256,
    /// The withdrawal lock (§5.3).
    pub withdrawal_lock: &'a H256,
    /// The rollup the deposit and withdrawal locks belong to.
    pub rollup_type_hash: &'a H256,
}

/// The block that would include the transaction: where `since` is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncludingBlock {
    /// Its number (the devnet commits in the next block: tip + 1).
    pub number: u64,
    /// Its epoch.
    pub epoch: Epoch,
    /// Median time of the 37 blocks ending at its parent, ms.
    pub median_time_ms: u64,
}

/// Step 1: the checks that need no chain state.
pub fn check_structure(tx: &Transaction) -> Result<(), TxError> {
    if tx.inputs.is_empty() {
        return Err(TxError::Empty(Source::Inputs));
    }
    if tx.outputs.is_empty() {
        return Err(TxError::Empty(Source::Outputs));
    }
    if tx.outputs_data.len() != tx.outputs.len() {
        return Err(TxError::OutputsDataLengthMismatch { outputs: tx.outputs.len(), outputs_data: tx.outputs_data.len() });
    }
    let mut deps = HashSet::new();
    if let Some(dep) = tx.cell_deps.iter().find(|dep| !deps.insert(&dep.out_point)) {
        return Err(TxError::DuplicateCellDeps(dep.out_point.clone()));
    }
    let mut headers = HashSet::new();
    if let Some(hash) = tx.header_deps.iter().find(|hash| !headers.insert(hash.0)) {
        return Err(TxError::DuplicateHeaderDeps(*hash));
    }
    if tx.version != 0 {
        return Err(TxError::MismatchedVersion(tx.version));
    }
    let size = tx.size_in_block();
    if size > MAX_TX_SIZE {
        return Err(TxError::TooLarge(size));
    }
    for (index, (output, data)) in tx.outputs.iter().zip(&tx.outputs_data).enumerate() {
        let occupied = occupied_bytes(&output.lock, output.type_.as_ref(), data.0.len()).saturating_mul(SHANNONS_PER_BYTE);
        if output.capacity < occupied {
            return Err(TxError::InsufficientCellCapacity { index, occupied, capacity: output.capacity });
        }
    }
    Ok(())
}

/// The default outputs validator (`well_known_scripts_only`): every output lock must be one of
/// `well_known` (the secp256k1 sighash and multisig locks) and carry no type but the DAO's; the
/// 2021 clients send `"passthrough"`, which skips this.
pub fn check_outputs_validator(tx: &Transaction, well_known: &[H256]) -> Result<(), TxError> {
    let known = |script: &Script| script.hash_type == HashType::Type && well_known.contains(&script.code_hash);
    match tx.outputs.iter().position(|output| !known(&output.lock) || output.type_.is_some()) {
        Some(index) => Err(TxError::NotWellKnownLockScript(index)),
        None => Ok(()),
    }
}

/// Step 4: outputs within inputs, then the pool's minimum fee. Returns the fee.
pub fn check_capacity(rtx: &ResolvedTransaction<'_>) -> Result<u64, TxError> {
    let inputs: u64 = rtx.inputs.iter().map(|cell| cell.output.capacity).fold(0, u64::saturating_add);
    let outputs: u64 = rtx.tx.outputs.iter().map(|output| output.capacity).fold(0, u64::saturating_add);
    let Some(fee) = inputs.checked_sub(outputs) else {
        return Err(TxError::OutputsSumOverflow { inputs, outputs });
    };
    let min = min_fee(rtx.tx.size_in_block(), MIN_FEE_RATE);
    if fee < min {
        return Err(TxError::LowFee { min, fee });
    }
    Ok(fee)
}

/// Step 5a: every input's `since`, in input order: invalid flags, then maturity in `block`.
pub fn check_since(rtx: &ResolvedTransaction<'_>, block: &IncludingBlock) -> Result<(), TxError> {
    for (index, (input, cell)) in rtx.tx.inputs.iter().zip(rtx.inputs).enumerate() {
        if input.since == 0 {
            continue;
        }
        if !Since::decode(input.since).flags_valid {
            return Err(TxError::InvalidSince(index));
        }
        let context = MaturityContext {
            block_number: block.number,
            epoch: block.epoch,
            median_time_ms: block.median_time_ms,
            cell_block_number: cell.block_number,
            cell_block_timestamp_ms: cell.block_timestamp_ms,
            cell_epoch: cell.block_epoch,
        };
        if !is_mature(input.since, &context) {
            return Err(TxError::Immature(index));
        }
    }
    Ok(())
}

/// Step 5b: each lock group, then each type script, reported at its first input (or output).
pub fn check_scripts(rtx: &ResolvedTransaction<'_>, locks: &KnownLocks<'_>) -> Result<(), TxError> {
    for (_, group) in rtx.lock_groups() {
        let Some(lock) = group.first().and_then(|&i| rtx.inputs.get(i)).map(|cell| &cell.output.lock) else { continue };
        let args = &lock.args.0;
        let exit_code = match (lock.hash_type, &lock.code_hash) {
            (HashType::Type, code) if code == locks.pw_lock => pw_lock::verify_group(rtx, &group, args),
            (HashType::Type, code) if code == locks.deposit_lock => deposit::verify_group(rtx, &group, args),
            (HashType::Type, code) if code == locks.withdrawal_lock => {
                withdrawal_lock::verify_group(rtx, &group, args, locks.rollup_type_hash)
            }
            _ => UNPROVABLE,
        };
        if exit_code != 0 {
            return Err(TxError::Script {
                index: group[0],
                output: false,
                role: ScriptRole::Lock,
                code_hash: lock.code_hash,
                exit_code,
            });
        }
    }
    // No type script is known to the devnet: a transaction touching one cannot be proven.
    let typed_input = rtx.inputs.iter().position(|cell| cell.output.type_.is_some()).map(|i| (i, false));
    let typed_output = || rtx.tx.outputs.iter().position(|output| output.type_.is_some()).map(|i| (i, true));
    if let Some((index, output)) = typed_input.or_else(typed_output) {
        let script = if output { rtx.tx.outputs[index].type_.as_ref() } else { rtx.inputs[index].output.type_.as_ref() };
        return Err(TxError::Script {
            index,
            output,
            role: ScriptRole::Type,
            code_hash: script.map(|s| s.code_hash).unwrap_or_default(),
            exit_code: UNPROVABLE,
        });
    }
    Ok(())
}

/// Steps 4 and 5 for a resolved transaction. Returns the fee.
pub fn verify_resolved(rtx: &ResolvedTransaction<'_>, block: &IncludingBlock, locks: &KnownLocks<'_>) -> Result<u64, TxError> {
    let fee = check_capacity(rtx)?;
    check_since(rtx, block)?;
    check_scripts(rtx, locks)?;
    Ok(fee)
}
