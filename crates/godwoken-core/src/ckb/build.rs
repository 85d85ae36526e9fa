//! Building and signing PW-lock transactions the way pw-core did (L1 §4.2): a deposit from an
//! ETH address's plain PW-lock cells, its signing message, and the signed witness. Shared by the
//! page, `gw` and the tests, so that what is signed is what the devnet verifies.

use super::constants::Layer1Constants;
use super::deposit::DepositLockArgs;
use super::pw_lock::{signing_message, WitnessForm};
use super::tx::{CellDep, CellInput, DepType, Transaction};
use super::witness::WitnessArgs;
use crate::account::{account_script, owner_lock};
use crate::eth::EthAddress;
use crate::hex::{HexBytes, H256};
use crate::mol::Script;
use crate::network::NetworkConstants;
use crate::rpc::{CellOutput, IndexerCell, OutPoint};

/// The least a PW-lock change cell holds: its occupied capacity, 61 CKB (pw-core's `MIN_CHANGE`).
pub const MIN_CHANGE: u64 = 6_100_000_000;

/// A plain PW-lock cell that can pay: its out point and capacity (no type, empty data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spendable {
    /// Where it is.
    pub out_point: OutPoint,
    /// Its capacity, shannons.
    pub capacity: u64,
}

impl Spendable {
    /// The cell as pw-core's collector takes it from the indexer: only a plain cell (no type
    /// script, empty data) can pay; any other is `None`.
    pub fn from_indexer_cell(cell: IndexerCell) -> Option<Spendable> {
        (cell.output.type_.is_none() && cell.output_data.0.is_empty())
            .then_some(Spendable { out_point: cell.out_point, capacity: cell.output.capacity })
    }
}

/// Why a transaction cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The cells do not cover the amount, the change cell and the fee.
    #[error("input capacity not enough: need {need} shannons, the cells hold {got}")]
    InsufficientCapacity {
        /// Amount + 61 CKB change + fee.
        need: u64,
        /// What the cells hold.
        got: u64,
    },
    /// The amount is below what Godwoken collects, or zero.
    #[error("a deposit must be at least {minimum} shannons")]
    BelowMinimum {
        /// The minimum.
        minimum: u64,
    },
}

/// A transaction ready for the wallet: what to sign and where the signature goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsigned {
    /// The transaction, with pw-core's placeholder witness at the signer's first input.
    pub tx: Transaction,
    /// Its hash.
    pub hash: H256,
    /// The 32 bytes the wallet signs with `personal_sign`.
    pub message: H256,
    /// The fee it pays (= its size in block, as pw-core pays).
    pub fee: u64,
    /// The inputs' total.
    pub inputs_capacity: u64,
    /// The witness form the placeholder was made for.
    pub form: WitnessForm,
    /// The signer's first input.
    pub signer_input: usize,
}

impl Unsigned {
    /// The transaction with the wallet's signature (`r ‖ s ‖ v`, v = 27/28 or 0/1) in place.
    pub fn signed(&self, signature: &[u8; 65]) -> Transaction {
        let mut tx = self.tx.clone();
        let witness = WitnessArgs { lock: Some(self.form.witness_lock(signature)), ..WitnessArgs::default() };
        tx.witnesses[self.signer_input] = HexBytes(witness.to_bytes());
        tx
    }
}

/// The deposit lock of `owner` depositing into their own Layer 2 account (L1 §4.1).
pub fn deposit_lock(constants: &NetworkConstants, layer1: &Layer1Constants, owner: &EthAddress, cancel_timeout: u64) -> Script {
    let args = DepositLockArgs {
        owner_lock_hash: owner_lock(constants, owner).hash(),
        layer2_lock: account_script(constants, owner),
        cancel_timeout,
    };
    Script::of_type(layer1.deposit_lock_code_hash, args.to_lock_args(&constants.rollup_type_hash))
}

/// Finishes a transaction spending the signer's PW-lock cells `inputs` into `outputs`: the
/// placeholder witness, the change to the signer, fee = size. `None` when the change would be
/// below 61 CKB.
fn finish(
    form: WitnessForm,
    deps: Vec<CellDep>,
    inputs: &[Spendable],
    mut outputs: Vec<CellOutput>,
    change_lock: Script,
) -> Option<Unsigned> {
    let inputs_capacity: u64 = inputs.iter().map(|cell| cell.capacity).sum();
    let paid: u64 = outputs.iter().map(|output| output.capacity).sum();
    outputs.push(CellOutput { capacity: 0, lock: change_lock, type_: None });
    let mut witnesses = vec![HexBytes(form.placeholder())];
    witnesses.resize(inputs.len(), HexBytes(Vec::new()));
    let mut tx = Transaction {
        version: 0,
        cell_deps: deps,
        header_deps: Vec::new(),
        inputs: inputs.iter().map(|cell| CellInput { since: 0, previous_output: cell.out_point.clone() }).collect(),
        outputs_data: vec![HexBytes(Vec::new()); outputs.len()],
        outputs,
        witnesses,
    };
    // The change's capacity does not change the size, so one pass fixes the fee.
    let fee = tx.size_in_block();
    let change = inputs_capacity.checked_sub(paid)?.checked_sub(fee)?;
    if change < MIN_CHANGE {
        return None;
    }
    if let Some(last) = tx.outputs.last_mut() {
        last.capacity = change;
    }
    let hash = tx.hash();
    let witnesses: Vec<Vec<u8>> = tx.witnesses.iter().map(|w| w.0.clone()).collect();
    let group: Vec<usize> = (0..tx.inputs.len()).collect();
    let message = signing_message(&hash, &witnesses, &group, tx.inputs.len()).ok()?;
    Some(Unsigned { tx, hash, message, fee, inputs_capacity, form, signer_input: 0 })
}

/// The deposit cell of `amount` and the cell deps a deposit needs.
fn deposit_parts(
    constants: &NetworkConstants,
    layer1: &Layer1Constants,
    owner: &EthAddress,
    amount: u64,
    cancel_timeout: u64,
) -> (CellOutput, Vec<CellDep>) {
    let deposit = CellOutput { capacity: amount, lock: deposit_lock(constants, layer1, owner, cancel_timeout), type_: None };
    (deposit, vec![layer1.secp256k1_dep_group.clone(), layer1.pw_lock_dep.clone()])
}

/// The most [`deposit`] can move from `cells`: all of them less the 61 CKB change and the fee of
/// a transaction spending every one (the fee does not depend on the amount). `None` when the
/// cells do not even cover the change and that fee.
pub fn max_deposit(
    constants: &NetworkConstants,
    layer1: &Layer1Constants,
    owner: &EthAddress,
    cells: &[Spendable],
    cancel_timeout: u64,
) -> Option<u64> {
    if cells.is_empty() {
        return None;
    }
    let (deposit, deps) = deposit_parts(constants, layer1, owner, 0, cancel_timeout);
    let all = finish(layer1.witness_form(), deps, cells, vec![deposit], owner_lock(constants, owner))?;
    all.tx.outputs.last()?.capacity.checked_sub(MIN_CHANGE)
}

/// pw-core's deposit (L1 §4.2): `amount` to the deposit lock, the rest back to the owner's
/// PW-lock, inputs taken from `cells` in order until they cover amount + 61 CKB + fee.
pub fn deposit(
    constants: &NetworkConstants,
    layer1: &Layer1Constants,
    owner: &EthAddress,
    cells: &[Spendable],
    amount: u64,
    cancel_timeout: u64,
) -> Result<Unsigned, BuildError> {
    let minimum = super::deposit::MIN_CKB_DEPOSIT;
    if amount < minimum {
        return Err(BuildError::BelowMinimum { minimum });
    }
    let (deposit, deps) = deposit_parts(constants, layer1, owner, amount, cancel_timeout);
    let mut got: u64 = 0;
    for (taken, cell) in cells.iter().enumerate() {
        got = got.saturating_add(cell.capacity);
        if got < amount.saturating_add(MIN_CHANGE) {
            continue;
        }
        let built = finish(layer1.witness_form(), deps.clone(), &cells[..=taken], vec![deposit.clone()], owner_lock(constants, owner));
        if let Some(unsigned) = built {
            return Ok(unsigned);
        }
    }
    // What the last attempt would have needed: the amount, the change cell and a fee of about
    // the size of a transaction with every cell.
    let fee_estimate = 600 + 44 * cells.len() as u64;
    Err(BuildError::InsufficientCapacity { need: amount + MIN_CHANGE + fee_estimate, got })
}

/// The fee the 2021 page's Unlock paid: 10 000 shannons, whatever the size.
pub const UNLOCK_FEE_2021: u64 = 10_000;

/// What an Unlock spends and depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlockParts<'a> {
    /// The final withdrawal cell.
    pub withdrawal: OutPoint,
    /// Its capacity, shannons (all of it goes to the owner).
    pub withdrawal_capacity: u64,
    /// A plain cell of the owner: the withdrawal lock wants an input of the owner; it pays the fee.
    pub owner_cell: &'a Spendable,
    /// The live rollup cell, a dep whose GlobalState proves finality.
    pub rollup_cell: OutPoint,
    /// The fee, shannons.
    pub fee: u64,
}

/// The 2021 page's Unlock (its GodwokenUnlockBuilder, L1 §5): the withdrawal cell and the owner's
/// cell go back to the owner's PW-lock, the withdrawal whole, the owner's cell less the fee.
/// `None` when the owner's cell cannot pay the fee and keep 61 CKB.
pub fn unlock_withdrawal(constants: &NetworkConstants, layer1: &Layer1Constants, owner: &EthAddress, parts: UnlockParts<'_>) -> Option<Unsigned> {
    let UnlockParts { withdrawal, withdrawal_capacity, owner_cell, rollup_cell, fee } = parts;
    let change = owner_cell.capacity.checked_sub(fee).filter(|change| *change >= MIN_CHANGE)?;
    let form = layer1.witness_form();
    let lock = owner_lock(constants, owner);
    let tx = Transaction {
        version: 0,
        cell_deps: vec![
            layer1.withdrawal_lock_dep.clone(),
            CellDep { out_point: rollup_cell, dep_type: DepType::Code },
            layer1.secp256k1_dep_group.clone(),
            layer1.pw_lock_dep.clone(),
        ],
        header_deps: Vec::new(),
        inputs: vec![
            CellInput { since: 0, previous_output: withdrawal },
            CellInput { since: 0, previous_output: owner_cell.out_point.clone() },
        ],
        outputs: vec![
            CellOutput { capacity: withdrawal_capacity, lock: lock.clone(), type_: None },
            CellOutput { capacity: change, lock, type_: None },
        ],
        outputs_data: vec![HexBytes(Vec::new()), HexBytes(Vec::new())],
        witnesses: vec![HexBytes(super::withdrawal_lock::via_finalize_witness()), HexBytes(form.placeholder())],
    };
    let hash = tx.hash();
    let witnesses: Vec<Vec<u8>> = tx.witnesses.iter().map(|w| w.0.clone()).collect();
    let message = signing_message(&hash, &witnesses, &[1], tx.inputs.len()).ok()?;
    let inputs_capacity = withdrawal_capacity.checked_add(owner_cell.capacity)?;
    Some(Unsigned { tx, hash, message, fee, inputs_capacity, form, signer_input: 1 })
}

/// Cancels `owner`'s deposit cell at `deposit` (`deposit_capacity` shannons, its lock's
/// `cancel_timeout`) once that timeout has passed (L1 §4.4): the deposit, with `since` =
/// `cancel_timeout`, and the owner's plain cell `owner_cell` (the deposit lock wants an input of
/// the owner; it carries the signature) go back to the owner's PW-lock as one cell, less a fee of
/// the transaction's size. `None` when the cells cannot pay the fee.
pub fn cancel_deposit(
    constants: &NetworkConstants,
    layer1: &Layer1Constants,
    owner: &EthAddress,
    deposit: CellInput,
    deposit_capacity: u64,
    owner_cell: &Spendable,
) -> Option<Unsigned> {
    let form = layer1.witness_form();
    let inputs_capacity = deposit_capacity.checked_add(owner_cell.capacity)?;
    let mut tx = Transaction {
        version: 0,
        cell_deps: vec![layer1.deposit_lock_dep.clone(), layer1.secp256k1_dep_group.clone(), layer1.pw_lock_dep.clone()],
        header_deps: Vec::new(),
        inputs: vec![deposit, CellInput { since: 0, previous_output: owner_cell.out_point.clone() }],
        outputs: vec![CellOutput { capacity: 0, lock: owner_lock(constants, owner), type_: None }],
        outputs_data: vec![HexBytes(Vec::new())],
        witnesses: vec![HexBytes(Vec::new()), HexBytes(form.placeholder())],
    };
    // The capacity does not change the size, so one pass fixes the fee.
    let fee = tx.size_in_block();
    tx.outputs[0].capacity = inputs_capacity.checked_sub(fee).filter(|rest| *rest >= MIN_CHANGE)?;
    let hash = tx.hash();
    let witnesses: Vec<Vec<u8>> = tx.witnesses.iter().map(|w| w.0.clone()).collect();
    let message = signing_message(&hash, &witnesses, &[1], tx.inputs.len()).ok()?;
    Some(Unsigned { tx, hash, message, fee, inputs_capacity, form, signer_input: 1 })
}
