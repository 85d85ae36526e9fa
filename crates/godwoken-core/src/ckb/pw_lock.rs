//! PW-lock in its Ethereum mode: the message a wallet signs for a transaction, and the witness lock
//! made of its signature (L1 §2).

use super::resolved::ResolvedTransaction;
use super::witness::WitnessArgs;
use crate::eth::{keccak, personal_message_digest, recover_signer, EthAddress};
use crate::hex::H256;

/// Which PW-lock witness form a network uses: testnet prefixes a chain byte (`0x01`, Ethereum),
/// mainnet does not (L1 §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WitnessForm {
    /// `0x01 ‖ r ‖ s ‖ v`: 66 bytes.
    Testnet,
    /// `r ‖ s ‖ v`: 65 bytes.
    Mainnet,
}

impl WitnessForm {
    /// The length of the lock (and of pw-core's all-zero placeholder).
    pub fn lock_len(self) -> usize {
        match self {
            WitnessForm::Testnet => 66,
            WitnessForm::Mainnet => 65,
        }
    }

    /// The placeholder witness pw-core builds the transaction with: `WitnessArgs{lock: zeros}`.
    pub fn placeholder(self) -> Vec<u8> {
        WitnessArgs { lock: Some(vec![0; self.lock_len()]), ..WitnessArgs::default() }.to_bytes()
    }

    /// The witness lock of a wallet signature `r ‖ s ‖ v` (v = 27/28 or 0/1).
    pub fn witness_lock(self, signature: &[u8; 65]) -> Vec<u8> {
        let mut rsv = *signature;
        if rsv[64] >= 27 {
            rsv[64] -= 27;
        }
        match self {
            WitnessForm::Testnet => [&[1u8][..], &rsv].concat(),
            WitnessForm::Mainnet => rsv.to_vec(),
        }
    }
}

/// Why a signing message cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    /// The group has no input.
    #[error("the lock group has no input")]
    EmptyGroup,
    /// A group input has no witness.
    #[error("input {0} of the lock group has no witness")]
    MissingWitness(usize),
    /// The first witness of the group is not a `WitnessArgs` with a lock.
    #[error("the witness of input {0} is not a WitnessArgs with a lock")]
    NotWitnessArgs(usize),
}

/// The 32-byte message of the lock group whose inputs are `group` (in order), for transaction
/// `tx_hash` with `witnesses` and `input_count` inputs:
/// `keccak(tx_hash ‖ len‖w[i0] with its lock zeroed ‖ len‖w[j] for the group's other inputs ‖
/// len‖w[k] for every witness past the inputs)`, lengths as u64 little-endian (L1 §2.2).
pub fn signing_message(tx_hash: &H256, witnesses: &[Vec<u8>], group: &[usize], input_count: usize) -> Result<H256, MessageError> {
    let (&first, others) = group.split_first().ok_or(MessageError::EmptyGroup)?;
    let witness = |index: usize| witnesses.get(index).ok_or(MessageError::MissingWitness(index));
    let mut args = WitnessArgs::from_bytes(witness(first)?).ok_or(MessageError::NotWitnessArgs(first))?;
    let lock = args.lock.as_mut().ok_or(MessageError::NotWitnessArgs(first))?;
    lock.iter_mut().for_each(|byte| *byte = 0);
    let mut message = tx_hash.0.to_vec();
    let mut push = |data: &[u8]| {
        message.extend_from_slice(&(data.len() as u64).to_le_bytes());
        message.extend_from_slice(data);
    };
    push(&args.to_bytes());
    for &index in others {
        push(witness(index)?);
    }
    for extra in witnesses.iter().skip(input_count) {
        push(extra);
    }
    Ok(keccak(&message))
}

/// The secp256k1 group order: r and s must be below it.
const CURVE_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc,
    0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// PW-lock's exit codes (L1 §2.5).
pub mod exit {
    /// The lock is not 65 or 66 bytes.
    pub const WRONG_LENGTH: i32 = -1;
    /// The group's first witness is not a WitnessArgs with a lock.
    pub const NOT_WITNESS_ARGS: i32 = -2;
    /// r or s is not below the curve order.
    pub const SIGNATURE_PARSE: i32 = -14;
    /// Public key recovery failed.
    pub const RECOVERY: i32 = -11;
    /// The recovered address is not the lock's args.
    pub const WRONG_SIGNER: i32 = -31;
    /// Anyone-can-pay: an output holds less than its input.
    pub const ACP_AMOUNT: i32 = -42;
    /// Anyone-can-pay: an input has no output of the same lock and type.
    pub const ACP_NO_PAIR: i32 = -44;
    /// Anyone-can-pay: two inputs of the same lock and type.
    pub const ACP_DUPLICATED_INPUTS: i32 = -45;
    /// Anyone-can-pay: two outputs of the same lock and type.
    pub const ACP_DUPLICATED_OUTPUTS: i32 = -46;
    /// A 66-byte lock whose chain byte is not 1 (Ethereum); EOS and TRON are not verified here.
    pub const UNKNOWN_CHAIN: i32 = -101;
    /// A recovery id above 3 (an unconverted v = 27/28): libsecp256k1's illegal-argument callback.
    pub const ILLEGAL_RECOVERY_ID: i32 = -102;
}

/// The outcome of checking one witness lock: the script's exit code (0 = pass) and the address
/// the signature recovered to, when it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureVerdict {
    /// 0, or the exit code of [`exit`].
    pub exit_code: i32,
    /// The signer, when recovery succeeded.
    pub recovered: Option<EthAddress>,
}

/// Checks a PW-lock witness lock (65 or 66 bytes) over `message` for the owner `args`, in the
/// script's order (L1 §2.5).
pub fn verify_signature(lock: &[u8], message: &H256, args: &[u8]) -> SignatureVerdict {
    let fail = |exit_code| SignatureVerdict { exit_code, recovered: None };
    let rsv: &[u8] = match lock.len() {
        65 => lock,
        66 if lock[0] == 1 => &lock[1..],
        66 => return fail(exit::UNKNOWN_CHAIN),
        _ => return fail(exit::WRONG_LENGTH),
    };
    let mut signature = [0u8; 65];
    signature.copy_from_slice(rsv);
    if signature[64] > 3 {
        return fail(exit::ILLEGAL_RECOVERY_ID);
    }
    if signature[..32] >= CURVE_ORDER[..] || signature[32..64] >= CURVE_ORDER[..] {
        return fail(exit::SIGNATURE_PARSE);
    }
    let Ok(signer) = recover_signer(&personal_message_digest(&message.0), &signature) else {
        return fail(exit::RECOVERY);
    };
    let exit_code = if signer.0[..] == *args { 0 } else { exit::WRONG_SIGNER };
    SignatureVerdict { exit_code, recovered: Some(signer) }
}

/// Runs PW-lock for the lock group `group` (input indexes, in order) of `rtx`, whose lock args are
/// `args` (L1 §2.2, §2.5): the signature path when the first witness carries a lock, the
/// anyone-can-pay path when it carries none. Returns the exit code (0 = pass).
pub fn verify_group(rtx: &ResolvedTransaction<'_>, group: &[usize], args: &[u8]) -> i32 {
    let Some(&first) = group.first() else { return exit::NOT_WITNESS_ARGS };
    let witness = rtx.tx.witnesses.get(first).map(|w| w.0.as_slice()).unwrap_or_default();
    if witness.is_empty() {
        return anyone_can_pay(rtx, group);
    }
    let Some(lock) = WitnessArgs::from_bytes(witness).and_then(|w| w.lock) else {
        return exit::NOT_WITNESS_ARGS;
    };
    if lock.is_empty() {
        return anyone_can_pay(rtx, group);
    }
    let witnesses: Vec<Vec<u8>> = rtx.tx.witnesses.iter().map(|w| w.0.clone()).collect();
    match signing_message(&rtx.hash, &witnesses, group, rtx.tx.inputs.len()) {
        Ok(message) => verify_signature(&lock, &message, args).exit_code,
        Err(_) => exit::NOT_WITNESS_ARGS,
    }
}

/// The anyone-can-pay path: every input of the group is paired with exactly one output of the
/// same lock and type that holds at least as much (plus 10^x shannons when the args carry a 21st
/// byte x), with empty data for CKB-only cells.
fn anyone_can_pay(rtx: &ResolvedTransaction<'_>, group: &[usize]) -> i32 {
    let Some(lock) = group.first().and_then(|&i| rtx.inputs.get(i)).map(|cell| &cell.output.lock) else {
        return exit::ACP_NO_PAIR;
    };
    let minimum_extra = match lock.args.0.get(20) {
        Some(&x) => 10u64.checked_pow(u32::from(x)).unwrap_or(u64::MAX),
        None => 0,
    };
    let type_of = |output: &crate::rpc::CellOutput| output.type_.as_ref().map(|script| script.hash());
    let mut paired = Vec::new();
    for &index in group {
        let Some(input) = rtx.inputs.get(index) else { return exit::ACP_NO_PAIR };
        let kind = type_of(&input.output);
        if paired.contains(&kind) {
            return exit::ACP_DUPLICATED_INPUTS;
        }
        let outputs: Vec<usize> = (0..rtx.tx.outputs.len())
            .filter(|&o| rtx.tx.outputs[o].lock == *lock && type_of(&rtx.tx.outputs[o]) == kind)
            .collect();
        let [output] = outputs.as_slice() else {
            return if outputs.is_empty() { exit::ACP_NO_PAIR } else { exit::ACP_DUPLICATED_OUTPUTS };
        };
        let data_ok = kind.is_some() || rtx.tx.outputs_data.get(*output).is_none_or(|data| data.0.is_empty());
        if !data_ok || rtx.tx.outputs[*output].capacity < input.output.capacity.saturating_add(minimum_extra) {
            return exit::ACP_AMOUNT;
        }
        paired.push(kind);
    }
    0
}
