//! Godwoken's side of Layer 1: for each Layer 2 block, one transaction that consumes the rollup
//! cell and makes the next one (its data is the GlobalState), turns the deposits the block
//! collects into custodian cells, pays the withdrawal cells that reach Layer 1 out of custodian
//! cells, and — with automatic release — spends final withdrawal cells to their owners' PW-lock.
//! It is committed in the Layer 1 block produced with the Layer 2 block, after the pool's
//! transactions. The devnet does not verify its own transaction (Godwoken's scripts are not
//! modelled), but it conserves capacity exactly: the audit checks it.

use godwoken_core::account::{eth_address_of_account_script, owner_lock};
use godwoken_core::ckb::deposit::{judge_deposit, CustodianLockArgs, DepositLockArgs, DEPOSIT_SEARCH_BLOCKS, MAX_DEPOSITS_PER_BLOCK};
use godwoken_core::ckb::{CellInput, Transaction};
use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::{GlobalState, GlobalStateLayout, HashType, RawWithdrawalRequest, Script, WithdrawalLockArgs, WithdrawalRequest};
use godwoken_core::rpc::{CellOutput, OutPoint};
use rusqlite::{params, Transaction as Db};

use super::layer1::{OpenBlock, OutputMeta};
use super::storage::{h256_from_blob, i64_of, script_of, type_from_columns, u32_of, u64_of, CellKind};
use super::{ChainConfig, ChainError, UnlockMode};

/// The rollup cell's capacity (the devnet's own, never spent elsewhere).
pub(super) const ROLLUP_CELL_CAPACITY: u64 = 1_000_000_000_000;

/// The lock of cells only the devnet's own transactions spend (the rollup cell, system cells):
/// no user transaction can prove it.
pub(super) fn devnet_only_lock() -> Script {
    Script::of_type(ckb_hash_parts(&[b"godwoken-devnet rollup lock"]), Vec::new())
}

/// The custodian lock of funds that back Layer 2 without a deposit of their own (genesis balances,
/// `dev_fund`, merged change): default args, as Godwoken writes merged custodians.
pub(super) fn merged_custodian_lock(config: &ChainConfig) -> Script {
    let args = CustodianLockArgs {
        deposit_lock_args: DepositLockArgs {
            owner_lock_hash: H256::ZERO,
            layer2_lock: Script { code_hash: H256::ZERO, hash_type: HashType::Data, args: Vec::new().into() },
            cancel_timeout: 0,
        },
        deposit_block_hash: H256::ZERO,
        deposit_block_number: 0,
    };
    args.lock(&config.layer1.custodian_lock_code_hash, &config.constants.rollup_type_hash)
}

/// A deposit cell the next Layer 2 block collects.
#[derive(Debug, Clone)]
pub(super) struct Deposit {
    out_point: OutPoint,
    capacity: u64,
    type_: Option<Script>,
    data: Vec<u8>,
    /// The account to credit.
    pub(super) layer2_lock: Script,
    custodian_lock: Script,
}

impl Deposit {
    /// Shannons credited.
    pub(super) fn capacity(&self) -> u64 {
        self.capacity
    }
}

/// The deposits Layer 2 block `l2_number` (hash `l2_hash`) collects: live deposit cells of this
/// rollup that no pool transaction spends, committed in the last 2000 Layer 1 blocks up to
/// `visible_up_to` (the indexer's view), oldest first, at most 50, each judged as Godwoken does.
pub(super) fn find_deposits(db: &Db<'_>, config: &ChainConfig, visible_up_to: u64, l2_number: u64, l2_hash: &H256) -> Result<Vec<Deposit>, ChainError> {
    // Args that start with the rollup type hash: at least the hash, below the hash plus one (as a
    // 256-bit number; a hash of all 0xff bytes has no such bound, and then none is needed).
    let rollup = config.constants.rollup_type_hash.0;
    let mut upper = rollup.to_vec();
    while upper.last() == Some(&0xff) {
        upper.pop();
    }
    let upper = match upper.last_mut() {
        Some(last) => {
            *last += 1;
            Some(upper)
        }
        None => None,
    };
    let mut stmt = db.prepare_cached(
        "SELECT tx_hash, output_index, capacity, lock_args, type_code_hash, type_hash_type, type_args, data
         FROM cells WHERE lock_code_hash = ?1 AND lock_hash_type = 1 AND lock_args >= ?2 AND (?3 IS NULL OR lock_args < ?3)
           AND pool_spender IS NULL AND block_number >= ?4 AND block_number <= ?5 ORDER BY seq",
    )?;
    type Row = (Vec<u8>, i64, i64, Vec<u8>, Option<Vec<u8>>, Option<i64>, Option<Vec<u8>>, Vec<u8>);
    let rows = stmt.query_map(
        params![
            config.layer1.deposit_lock_code_hash.0.as_slice(),
            rollup.as_slice(),
            upper,
            i64_of(visible_up_to.saturating_sub(DEPOSIT_SEARCH_BLOCKS)),
            i64_of(visible_up_to)
        ],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
    )?;
    let rules = config.layer1.collect_rules(&config.constants.rollup_type_hash);
    let mut deposits = Vec::new();
    for row in rows {
        let (tx_hash, index, capacity, args, type_code, type_hash_type, type_args, data): Row = row?;
        let lock = Script::of_type(config.layer1.deposit_lock_code_hash, args);
        let type_ = type_from_columns(type_code.as_deref(), type_hash_type, type_args)?;
        let capacity = u64_of(capacity)?;
        let Ok(collected) = judge_deposit(&rules, &lock, type_.as_ref(), data.len(), capacity, l2_hash, l2_number) else {
            continue;
        };
        deposits.push(Deposit {
            out_point: OutPoint { tx_hash: h256_from_blob(&tx_hash)?, index: u32_of(index, "output index")? },
            capacity,
            type_,
            data,
            layer2_lock: collected.args.layer2_lock,
            custodian_lock: collected.custodian_lock,
        });
        if deposits.len() == MAX_DEPOSITS_PER_BLOCK {
            break;
        }
    }
    Ok(deposits)
}

/// One Layer 2 block's step on Layer 1.
pub(super) struct Step<'a> {
    /// The Layer 2 block.
    pub(super) number: u64,
    /// Its hash.
    pub(super) hash: &'a H256,
    /// Its timestamp.
    pub(super) timestamp: u64,
    /// The deposits it collects (already credited on Layer 2).
    pub(super) deposits: &'a [Deposit],
}

/// Inputs and outputs of Godwoken's transaction as it is assembled.
#[derive(Default)]
struct Assembly {
    inputs: Vec<OutPoint>,
    outputs: Vec<(CellOutput, Vec<u8>)>,
    /// Bookkeeping per output: kind and the withdrawal hash index it refers to.
    metas: Vec<(CellKind, Option<usize>, Option<u64>, bool)>,
    /// Withdrawal hashes the metas point into.
    withdrawals: Vec<H256>,
}

impl Assembly {
    fn output(&mut self, capacity: u64, lock: Script, type_: Option<Script>, data: Vec<u8>, kind: CellKind) {
        self.outputs.push((CellOutput { capacity, lock, type_ }, data));
        self.metas.push((kind, None, None, false));
    }
}

fn decode_request(bytes: &[u8]) -> Result<WithdrawalRequest, ChainError> {
    WithdrawalRequest::from_bytes(bytes).map_err(|err| ChainError::Corrupt(err.to_string()))
}

/// Builds and commits Godwoken's transaction for `step` into `block`.
pub(super) fn commit_rollup_step(db: &Db<'_>, config: &ChainConfig, block: &mut OpenBlock, step: &Step<'_>) -> Result<(), ChainError> {
    let mut assembly = Assembly::default();
    // The rollup cell.
    let rollup: (Vec<u8>, i64) = db
        .prepare_cached("SELECT tx_hash, output_index FROM cells WHERE kind = ?1")?
        .query_row([CellKind::Rollup as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
    assembly.inputs.push(OutPoint { tx_hash: h256_from_blob(&rollup.0)?, index: u32_of(rollup.1, "output index")? });
    let state = global_state(db, config, step.number, step.hash, step.timestamp)?;
    assembly.output(ROLLUP_CELL_CAPACITY, devnet_only_lock(), Some(config.constants.rollup_type_script.clone()), state.to_bytes(), CellKind::Rollup);
    // Deposits become custodians.
    for deposit in step.deposits {
        assembly.inputs.push(deposit.out_point.clone());
        assembly.output(deposit.capacity, deposit.custodian_lock.clone(), deposit.type_.clone(), deposit.data.clone(), CellKind::Custodian);
    }
    if let Some(on_layer1) = step.number.checked_sub(config.indexer_lag_blocks) {
        pay_withdrawals(db, config, &mut assembly, on_layer1)?;
    }
    if config.unlock == UnlockMode::Auto {
        release_final_withdrawals(db, config, &mut assembly, step.number.saturating_sub(config.finality_blocks))?;
    }
    let transaction = Transaction {
        version: 0,
        cell_deps: vec![
            config.layer1.rollup_config_dep.clone(),
            config.layer1.custodian_lock_dep.clone(),
            config.layer1.deposit_lock_dep.clone(),
            config.layer1.withdrawal_lock_dep.clone(),
        ],
        header_deps: Vec::new(),
        inputs: assembly.inputs.iter().map(|out_point| CellInput { since: 0, previous_output: out_point.clone() }).collect(),
        outputs_data: assembly.outputs.iter().map(|(_, data)| data.clone().into()).collect(),
        outputs: assembly.outputs.into_iter().map(|(output, _)| output).collect(),
        witnesses: Vec::new(),
    };
    let withdrawals = &assembly.withdrawals;
    let metas: Vec<OutputMeta<'_>> = assembly
        .metas
        .iter()
        .map(|&(kind, withdrawal, withdrawal_block, released)| {
            let hash = withdrawal.map(|i| &withdrawals[i]);
            OutputMeta {
                kind,
                withdrawal_hash: if released { None } else { hash },
                withdrawal_block,
                released_from: if released { hash } else { None },
            }
        })
        .collect();
    let hash = transaction.hash();
    block.commit(db, &transaction, &hash, 0, &metas)
}

/// The GlobalState after Layer 2 block `number`.
pub(super) fn global_state(db: &Db<'_>, config: &ChainConfig, number: u64, hash: &H256, timestamp: u64) -> Result<GlobalState, ChainError> {
    let accounts: i64 = db.query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?;
    Ok(GlobalState {
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
    })
}

/// The withdrawal cells of Layer 2 block `layer2_block`, paid out of custodian cells (oldest
/// first; the rest returns as one merged custodian).
fn pay_withdrawals(db: &Db<'_>, config: &ChainConfig, assembly: &mut Assembly, layer2_block: u64) -> Result<(), ChainError> {
    let rows: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = {
        let mut stmt = db.prepare_cached("SELECT hash, request, block_hash FROM withdrawals WHERE block_number = ?1 ORDER BY seq")?;
        let rows = stmt.query_map([i64_of(layer2_block)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if rows.is_empty() {
        return Ok(());
    }
    let mut total: u64 = 0;
    for (hash, request, block_hash) in rows {
        let hash = h256_from_blob(&hash)?;
        let raw: RawWithdrawalRequest = decode_request(&request)?.raw;
        let args = WithdrawalLockArgs {
            account_script_hash: raw.account_script_hash,
            withdrawal_block_hash: h256_from_blob(&block_hash)?,
            withdrawal_block_number: layer2_block,
            sudt_script_hash: raw.sudt_script_hash,
            sell_amount: raw.sell_amount,
            // Godwoken ≤ v0.9 wrote the withdrawn capacity here; the 2021 Unlock pays it out.
            sell_capacity: raw.capacity,
            owner_lock_hash: raw.owner_lock_hash,
            payment_lock_hash: raw.payment_lock_hash,
        };
        let lock = Script::of_type(config.constants.withdrawal_lock_code_hash, args.to_lock_args(&config.constants.rollup_type_hash));
        total = total.checked_add(raw.capacity).ok_or_else(|| ChainError::Corrupt("withdrawals overflow".into()))?;
        assembly.withdrawals.push(hash);
        assembly.outputs.push((CellOutput { capacity: raw.capacity, lock, type_: None }, Vec::new()));
        assembly.metas.push((CellKind::Withdrawal, Some(assembly.withdrawals.len() - 1), Some(layer2_block), false));
        db.prepare_cached("UPDATE withdrawals SET on_layer1 = 1 WHERE hash = ?1")?.execute([hash.0.as_slice()])?;
    }
    let mut taken: u64 = 0;
    {
        let mut stmt = db.prepare_cached("SELECT tx_hash, output_index, capacity FROM cells WHERE kind = ?1 ORDER BY seq")?;
        let mut custodians = stmt.query([CellKind::Custodian as i64])?;
        while taken < total {
            let Some(row) = custodians.next()? else {
                return Err(ChainError::Corrupt(format!("custodian cells hold {taken} shannons, withdrawals need {total}")));
            };
            let tx_hash: Vec<u8> = row.get(0)?;
            assembly.inputs.push(OutPoint { tx_hash: h256_from_blob(&tx_hash)?, index: u32_of(row.get(1)?, "output index")? });
            taken += u64_of(row.get(2)?)?;
        }
    }
    if taken > total {
        assembly.output(taken - total, merged_custodian_lock(config), None, Vec::new(), CellKind::Custodian);
    }
    Ok(())
}

/// Spends every final withdrawal cell to its owner's PW-lock, capacity unchanged. A withdrawal
/// whose owner lock hash is not the PW-lock of the account's own address stays locked: the devnet
/// cannot know that lock script.
fn release_final_withdrawals(db: &Db<'_>, config: &ChainConfig, assembly: &mut Assembly, last_finalized: u64) -> Result<(), ChainError> {
    type Row = (i64, Vec<u8>, i64, Vec<u8>, i64, Vec<u8>, Vec<u8>);
    let rows: Vec<Row> = {
        let mut stmt = db.prepare_cached(
            "SELECT c.seq, c.tx_hash, c.output_index, c.withdrawal_hash, c.capacity, a.script, w.request
             FROM cells c JOIN withdrawals w ON w.hash = c.withdrawal_hash
             JOIN accounts a ON a.id = w.account_id
             WHERE c.withdrawal_block IS NOT NULL AND c.withdrawal_block <= ?1 AND c.pool_spender IS NULL",
        )?;
        let rows = stmt.query_map([i64_of(last_finalized)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (seq, tx_hash, index, hash, capacity, account_script, request) in rows {
        let hash = h256_from_blob(&hash)?;
        let script = script_of(&account_script)?;
        let raw = decode_request(&request)?.raw;
        let Some(owner) = eth_address_of_account_script(&config.constants, &script)
            .map(|address| owner_lock(&config.constants, &address))
            .filter(|lock| lock.hash() == raw.owner_lock_hash)
        else {
            // Not looked at again every block.
            db.execute("UPDATE cells SET withdrawal_block = NULL WHERE seq = ?1", [seq])?;
            continue;
        };
        assembly.inputs.push(OutPoint { tx_hash: h256_from_blob(&tx_hash)?, index: u32_of(index, "output index")? });
        assembly.withdrawals.push(hash);
        assembly.outputs.push((CellOutput { capacity: u64_of(capacity)?, lock: owner, type_: None }, Vec::new()));
        assembly.metas.push((CellKind::Plain, Some(assembly.withdrawals.len() - 1), None, true));
    }
    Ok(())
}
