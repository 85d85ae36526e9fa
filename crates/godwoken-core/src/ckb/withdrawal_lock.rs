//! The withdrawal lock's `UnlockWithdrawalViaFinalize` path: the manual unlock the 2021 page sent
//! once a withdrawal was final (L1 §5).

use super::encode::{items, table};
use super::resolved::ResolvedTransaction;
use super::witness::WitnessArgs;
use crate::hex::H256;
use crate::mol::{GlobalState, WithdrawalLockArgs};

/// The withdrawal lock's exit codes (godwoken-scripts gw-utils error codes).
pub mod exit {
    /// The witness is not a WitnessArgs (or the GlobalState does not parse).
    pub const INVALID_ENCODING: i32 = 4;
    /// Bad args, no witness lock, or not finalized yet.
    pub const INVALID_ARGS: i32 = 5;
    /// No input is locked by the owner.
    pub const OWNER_CELL_NOT_FOUND: i32 = 8;
    /// No rollup cell among the deps or inputs.
    pub const ROLLUP_CELL_NOT_FOUND: i32 = 9;
    /// The witness lock is not a known `UnlockWithdrawalWitness`.
    pub const INVALID_WITNESS: i32 = 11;
}

/// The union item id of `UnlockWithdrawalViaFinalize`.
const VIA_FINALIZE: u32 = 0;

/// The witness lock of a finalize unlock: the union `UnlockWithdrawalWitness` holding the empty
/// table `UnlockWithdrawalViaFinalize` (`00000000 04000000`).
pub fn via_finalize_witness_lock() -> Vec<u8> {
    [&VIA_FINALIZE.to_le_bytes()[..], &table(&[])].concat()
}

/// The whole witness at the withdrawal input: `WitnessArgs{lock: via_finalize}`.
pub fn via_finalize_witness() -> Vec<u8> {
    WitnessArgs { lock: Some(via_finalize_witness_lock()), ..WitnessArgs::default() }.to_bytes()
}

/// Which unlock a witness lock asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unlock {
    ViaFinalize,
    /// Revert (1) and trade (2): never valid for a user's transaction on the devnet.
    Other,
}

fn parse_unlock(lock: &[u8]) -> Option<Unlock> {
    let (id, item) = lock.split_at_checked(4)?;
    match u32::from_le_bytes(id.try_into().ok()?) {
        VIA_FINALIZE if items(item)?.is_empty() => Some(Unlock::ViaFinalize),
        1 | 2 => Some(Unlock::Other),
        _ => None,
    }
}

/// Runs the withdrawal lock for the group `group` of `rtx`, whose lock args are `args`
/// (`rollup_type_hash ‖ WithdrawalLockArgs`), in the script's order (L1 §5.3). Returns the exit
/// code (0 = pass).
pub fn verify_group(rtx: &ResolvedTransaction<'_>, group: &[usize], args: &[u8], rollup_type_hash: &H256) -> i32 {
    let Ok((Some(rollup), lock_args)) = WithdrawalLockArgs::from_lock_args(args) else { return exit::INVALID_ARGS };
    if rollup != *rollup_type_hash {
        return exit::INVALID_ARGS;
    }
    let Some(&first) = group.first() else { return exit::INVALID_ARGS };
    let witness = rtx.tx.witnesses.get(first).map(|w| w.0.as_slice()).unwrap_or_default();
    let Some(witness) = WitnessArgs::from_bytes(witness) else { return exit::INVALID_ENCODING };
    let Some(lock) = witness.lock else { return exit::INVALID_ARGS };
    match parse_unlock(&lock) {
        Some(Unlock::ViaFinalize) => {}
        Some(Unlock::Other) => return exit::INVALID_ARGS,
        None => return exit::INVALID_WITNESS,
    }
    let is_rollup = |cell: &&super::resolved::ResolvedCell| {
        cell.output.type_.as_ref().is_some_and(|script| script.hash() == *rollup_type_hash)
    };
    let Some(rollup_cell) = rtx.deps.iter().find(is_rollup).or_else(|| rtx.inputs.iter().find(is_rollup)) else {
        return exit::ROLLUP_CELL_NOT_FOUND;
    };
    let Ok(state) = GlobalState::from_bytes(&rollup_cell.data) else { return exit::INVALID_ENCODING };
    if lock_args.withdrawal_block_number > state.last_finalized_block_number {
        return exit::INVALID_ARGS;
    }
    if !rtx.has_input_with_lock(&lock_args.owner_lock_hash) {
        return exit::OWNER_CELL_NOT_FOUND;
    }
    0
}
