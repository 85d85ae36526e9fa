//! Layer 1 as the devnet models it: the withdrawal cells Layer 2 blocks create, their release to
//! the owner's PW-lock once final, and the rollup cell whose data is the GlobalState.
//!
//! Layer 1 advances one block per Layer 2 block, so a Layer 1 block number is the Layer 2 block
//! number that caused it.

use godwoken_core::account::{eth_address_of_account_script, owner_lock};
use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::{GlobalState, GlobalStateLayout, RawWithdrawalRequest, Script, WithdrawalLockArgs, WithdrawalRequest};
use rusqlite::{params, Transaction};

use super::storage::{h256_from_blob, i64_of, insert_cell, script_of, u64_of, NewCell};
use super::{ChainConfig, ChainError};

/// The hash of Layer 1 block `number`.
pub(super) fn layer1_block_hash(number: u64) -> H256 {
    ckb_hash_parts(&[b"godwoken-devnet layer1 block", &number.to_le_bytes()])
}

fn decode_request(bytes: &[u8]) -> Result<WithdrawalRequest, ChainError> {
    WithdrawalRequest::from_bytes(bytes).map_err(|err| ChainError::Corrupt(err.to_string()))
}

/// Creates the Layer 1 withdrawal cells of Layer 2 block `layer2_block` in Layer 1 block `layer1_block`.
pub(super) fn create_withdrawal_cells(tx: &Transaction<'_>, config: &ChainConfig, layer2_block: u64, layer1_block: u64) -> Result<(), ChainError> {
    let rows: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT hash, request, block_hash FROM withdrawals WHERE block_number = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([i64_of(layer2_block)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (hash, request, block_hash) in rows {
        let hash = h256_from_blob(&hash)?;
        let raw: RawWithdrawalRequest = decode_request(&request)?.raw;
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
pub(super) fn release_final_withdrawals(tx: &Transaction<'_>, config: &ChainConfig, last_finalized: u64, layer1_block: u64) -> Result<(), ChainError> {
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
        let script = script_of(&account_script)?;
        let raw = decode_request(&request)?.raw;
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
            capacity: u64_of(capacity)?,
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
pub(super) fn write_rollup_cell(tx: &Transaction<'_>, config: &ChainConfig, number: u64, hash: &H256, timestamp: u64) -> Result<(), ChainError> {
    let rollup = &config.constants.rollup_type_script;
    tx.execute(
        "DELETE FROM cells WHERE type_code_hash = ?1 AND type_hash_type = ?2 AND type_args = ?3",
        params![rollup.code_hash.0.as_slice(), rollup.hash_type.to_byte(), rollup.args.0.as_slice()],
    )?;
    let accounts: i64 = tx.query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?;
    let state = GlobalState {
        rollup_config_hash: ckb_hash_parts(&[b"godwoken-devnet rollup config"]),
        account_merkle_root: H256::ZERO,
        account_count: u32::try_from(accounts).map_err(|_| ChainError::Corrupt(format!("{accounts} accounts")))?,
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
