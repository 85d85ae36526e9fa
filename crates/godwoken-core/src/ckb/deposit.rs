//! Deposits (L1 §4): the deposit lock's args, the custodian cell Godwoken turns a deposit into,
//! which deposits Godwoken collects, and the deposit lock's cancel rule.

use super::encode::{items, table};
use super::resolved::ResolvedTransaction;
use super::since::{Epoch, Metric, Since};
use super::occupied_bytes;
use crate::hex::H256;
use crate::mol::{HashType, Script};

/// The cancel timeout the 2021 client writes: relative, timestamp, 172 800 s = 48 h (L1 §4.2).
pub const CANCEL_TIMEOUT_2021: u64 = 0xc000_0000_0002_a300;
/// The least capacity Godwoken collects from a CKB-only deposit: the custodian cell's occupied
/// capacity, 290 CKB (L1 §1.3, §4.3).
pub const MIN_CKB_DEPOSIT: u64 = 29_000_000_000;
/// The same with an sUDT type: 371 CKB.
pub const MIN_SUDT_DEPOSIT: u64 = 37_100_000_000;
/// The most deposits one Layer 2 block collects.
pub const MAX_DEPOSITS_PER_BLOCK: usize = 50;
/// How far back (in Layer 1 blocks) Godwoken v0.7 searches for deposits.
pub const DEPOSIT_SEARCH_BLOCKS: u64 = 2000;

/// `table DepositLockArgs { owner_lock_hash, layer2_lock, cancel_timeout }` (L1 §4.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepositLockArgs {
    /// Hash of the lock a cancel returns the funds to (the depositor's PW-lock).
    pub owner_lock_hash: H256,
    /// The Layer 2 account script to credit.
    pub layer2_lock: Script,
    /// The `since` a cancel must carry at least.
    pub cancel_timeout: u64,
}

impl DepositLockArgs {
    /// The molecule table.
    pub fn to_bytes(&self) -> Vec<u8> {
        table(&[&self.owner_lock_hash.0, &self.layer2_lock.to_bytes(), &self.cancel_timeout.to_le_bytes()])
    }

    /// Reads the table strictly, as the deposit lock and Godwoken do: exactly three fields of the
    /// right sizes (v1's four-field table is not a v0 deposit).
    pub fn from_bytes(data: &[u8]) -> Option<DepositLockArgs> {
        let fields = items(data)?;
        let [owner, layer2_lock, timeout] = fields.as_slice() else { return None };
        Some(DepositLockArgs {
            owner_lock_hash: H256(<[u8; 32]>::try_from(*owner).ok()?),
            layer2_lock: Script::from_bytes(layer2_lock).ok()?,
            cancel_timeout: u64::from_le_bytes(<[u8; 8]>::try_from(*timeout).ok()?),
        })
    }

    /// The full args of a deposit cell's lock: `rollup_type_hash ‖ DepositLockArgs`.
    pub fn to_lock_args(&self, rollup_type_hash: &H256) -> Vec<u8> {
        [&rollup_type_hash.0[..], &self.to_bytes()].concat()
    }

    /// Splits a deposit cell's lock args into the rollup type hash and the strict table.
    pub fn from_lock_args(args: &[u8]) -> Option<(H256, DepositLockArgs)> {
        let (rollup, rest) = args.split_at_checked(32)?;
        Some((H256(rollup.try_into().ok()?), DepositLockArgs::from_bytes(rest)?))
    }
}

/// `table CustodianLockArgs { deposit_lock_args, deposit_block_hash, deposit_block_number }`:
/// what a collected deposit's custodian cell remembers (L1 §4.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodianLockArgs {
    /// The deposit's args, verbatim.
    pub deposit_lock_args: DepositLockArgs,
    /// The Layer 2 block that collected it.
    pub deposit_block_hash: H256,
    /// Its number: the custodian may fund withdrawals once this is final.
    pub deposit_block_number: u64,
}

impl CustodianLockArgs {
    /// The molecule table.
    pub fn to_bytes(&self) -> Vec<u8> {
        table(&[&self.deposit_lock_args.to_bytes(), &self.deposit_block_hash.0, &self.deposit_block_number.to_le_bytes()])
    }

    /// The custodian cell's lock: `{custodian lock, type, rollup_type_hash ‖ args}`.
    pub fn lock(&self, custodian_lock_code_hash: &H256, rollup_type_hash: &H256) -> Script {
        Script::of_type(*custodian_lock_code_hash, [&rollup_type_hash.0[..], &self.to_bytes()].concat())
    }
}

/// Why Godwoken leaves a deposit cell on Layer 1 (the owner may cancel it). The words are the
/// vectors' (`godwoken_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DepositRejection {
    /// The lock is not the deposit lock, or its args do not start with the rollup type hash.
    #[error("not a deposit of this rollup")]
    NotThisRollup,
    /// The args are not a strict v0 `DepositLockArgs`.
    #[error("deposit lock args do not parse")]
    BadArgs,
    /// `cancel_timeout` is absolute, or relative and shorter than 150 blocks / 1200 s / 1 epoch.
    #[error("cancel_timeout too short or absolute")]
    CancelTimeoutTooShort,
    /// A type script (sUDT deposits are not collected by this devnet).
    #[error("type script not accepted")]
    UnsupportedType,
    /// `layer2_lock` is not an allowed account lock of this rollup.
    #[error("layer2 lock not allowed")]
    Layer2LockNotAllowed,
    /// Below 290 CKB (371 CKB with a type).
    #[error("capacity below minimum")]
    CapacityBelowMinimum,
    /// The custodian cell would not fit in the capacity.
    #[error("cannot build custodian cell")]
    CustodianDoesNotFit,
}

/// What Godwoken needs to know to judge a deposit.
#[derive(Debug, Clone, Copy)]
pub struct CollectRules<'a> {
    /// The rollup's type hash.
    pub rollup_type_hash: &'a H256,
    /// The deposit lock's code hash.
    pub deposit_lock_code_hash: &'a H256,
    /// The custodian lock's code hash.
    pub custodian_lock_code_hash: &'a H256,
    /// Account lock code hashes a deposit may create (ETH, TRON).
    pub allowed_eoa_type_hashes: &'a [H256],
}

/// A deposit Godwoken takes: the account to credit and the custodian cell's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// The parsed args.
    pub args: DepositLockArgs,
    /// The custodian cell's lock.
    pub custodian_lock: Script,
}

/// Judges a deposit cell as Godwoken v0.7 does (L1 §4.3), for collection in Layer 2 block
/// `l2_block_number` / `l2_block_hash`. Every reason to leave it is reported, in the order the
/// vectors list them; the first parse failure stops the judgement.
pub fn judge_deposit(
    rules: &CollectRules<'_>,
    lock: &Script,
    type_: Option<&Script>,
    data_len: usize,
    capacity: u64,
    l2_block_hash: &H256,
    l2_block_number: u64,
) -> Result<Collected, Vec<DepositRejection>> {
    if lock.code_hash != *rules.deposit_lock_code_hash || lock.hash_type != HashType::Type {
        return Err(vec![DepositRejection::NotThisRollup]);
    }
    let Some((rollup, args)) = DepositLockArgs::from_lock_args(&lock.args.0) else {
        return Err(if lock.args.0.starts_with(&rules.rollup_type_hash.0) {
            vec![DepositRejection::BadArgs]
        } else {
            vec![DepositRejection::NotThisRollup]
        });
    };
    if rollup != *rules.rollup_type_hash {
        return Err(vec![DepositRejection::NotThisRollup]);
    }
    let mut rejections = Vec::new();
    if !godwoken_accepts_cancel_timeout(args.cancel_timeout) {
        rejections.push(DepositRejection::CancelTimeoutTooShort);
    }
    if type_.is_some() {
        rejections.push(DepositRejection::UnsupportedType);
    }
    let layer2 = &args.layer2_lock;
    if layer2.hash_type != HashType::Type
        || !rules.allowed_eoa_type_hashes.contains(&layer2.code_hash)
        || !layer2.args.0.starts_with(&rules.rollup_type_hash.0)
    {
        rejections.push(DepositRejection::Layer2LockNotAllowed);
    }
    let minimum = if type_.is_some() { MIN_SUDT_DEPOSIT } else { MIN_CKB_DEPOSIT };
    if capacity < minimum {
        rejections.push(DepositRejection::CapacityBelowMinimum);
    }
    let custodian_args = CustodianLockArgs {
        deposit_lock_args: args.clone(),
        deposit_block_hash: *l2_block_hash,
        deposit_block_number: l2_block_number,
    };
    let custodian_lock = custodian_args.lock(rules.custodian_lock_code_hash, rules.rollup_type_hash);
    let occupied = occupied_bytes(&custodian_lock, type_, data_len).saturating_mul(100_000_000);
    if capacity < occupied {
        rejections.push(DepositRejection::CustodianDoesNotFit);
    }
    if rejections.is_empty() { Ok(Collected { args, custodian_lock }) } else { Err(rejections) }
}

/// Whether Godwoken (≥ v0.6.10) takes a deposit with this `cancel_timeout`: invalid flags pass
/// (such a deposit can never be cancelled), absolute ones do not, relative ones must wait at
/// least 150 blocks, 1200 s or one epoch — so that a cancel cannot race the collection.
pub fn godwoken_accepts_cancel_timeout(cancel_timeout: u64) -> bool {
    let since = Since::decode(cancel_timeout);
    if !since.flags_valid {
        return true;
    }
    since.relative
        && match since.metric {
            Metric::BlockNumber => since.value >= 150,
            Metric::Timestamp => since.value >= 1200,
            Metric::Epoch => Epoch::from_packed(since.value).number >= 1,
            Metric::Invalid => true,
        }
}

/// The deposit lock's cancel rule on the `since` of its group's first input (L1 §4.4 step 3):
/// the same flags byte as `cancel_timeout` and at least its value, else exit 6.
pub fn cancel_since_accepted(input_since: u64, cancel_timeout: u64) -> bool {
    input_since >> 56 == cancel_timeout >> 56 && input_since >= cancel_timeout
}

/// The deposit lock's exit codes (godwoken-scripts gw-utils error codes).
pub mod exit {
    /// The args are not `rollup_type_hash ‖ DepositLockArgs`.
    pub const INVALID_ARGS: i32 = 5;
    /// The `since` does not honour the cancel timeout.
    pub const INVALID_SINCE: i32 = 6;
    /// No input is locked by the owner.
    pub const OWNER_CELL_NOT_FOUND: i32 = 8;
}

/// Runs the deposit lock for the group `group` of `rtx` with lock args `args` (L1 §4.4): Godwoken's
/// path when the rollup cell is an input, else the owner's cancel. Returns the exit code.
pub fn verify_group(rtx: &ResolvedTransaction<'_>, group: &[usize], args: &[u8]) -> i32 {
    let Some((rollup_type_hash, args)) = DepositLockArgs::from_lock_args(args) else { return exit::INVALID_ARGS };
    let rollup_is_input =
        rtx.inputs.iter().any(|cell| cell.output.type_.as_ref().is_some_and(|script| script.hash() == rollup_type_hash));
    if rollup_is_input {
        return 0;
    }
    let since = group.first().and_then(|&i| rtx.tx.inputs.get(i)).map_or(0, |input| input.since);
    if !cancel_since_accepted(since, args.cancel_timeout) {
        return exit::INVALID_SINCE;
    }
    if !rtx.has_input_with_lock(&args.owner_lock_hash) {
        return exit::OWNER_CELL_NOT_FOUND;
    }
    0
}
