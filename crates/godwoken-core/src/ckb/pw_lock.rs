//! PW-lock in its Ethereum mode: the message a wallet signs for a transaction, and the witness lock
//! made of its signature (L1 §2).

use super::witness::WitnessArgs;
use crate::eth::keccak;
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
