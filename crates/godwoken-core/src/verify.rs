//! Godwoken v0.6's synchronous withdrawal verification: the rules, their order and their error
//! texts (spec §5). The devnet enforces them; the page maps a node's text back to a
//! [`Rejection`] to explain it.

use crate::eth::EthAddress;
use crate::hex::H256;
use crate::mol::{self, RawWithdrawalRequest, WithdrawalRequest, SIGNATURE_LEN};
use crate::network::{NetworkConstants, MIN_WITHDRAWAL_CAPACITY};
use crate::withdrawal;

/// The largest withdrawal request Godwoken accepts, in bytes.
pub const MAX_WITHDRAWAL_SIZE: usize = 50_000;

/// Why Godwoken refused a withdrawal; `Display` is the node's exact text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The molecule bytes do not parse strictly (molecule's own wording, as Godwoken forwards it).
    #[error("{0}")]
    Malformed(String),
    /// More than [`MAX_WITHDRAWAL_SIZE`] bytes.
    #[error("withdrawal over size")]
    OverSize,
    /// The same raw request is already waiting in the mempool.
    #[error("duplicated withdrawal")]
    Duplicated,
    /// No script is known for the request's account script hash.
    #[error("State error MissingKey")]
    MissingKey,
    /// The signature is malformed, has v ≠ 0/1, or recovers to someone else.
    #[error("Unlock error Invalid signature")]
    InvalidSignature,
    /// Below 265 CKB.
    #[error("Account error InsufficientCapacity {{ expected: {expected}, actual: {actual} }}")]
    InsufficientCapacity {
        /// The minimum.
        expected: u64,
        /// The request's capacity.
        actual: u64,
    },
    /// The script has no account id.
    #[error("Account error UnknownAccount")]
    UnknownAccount,
    /// Balance below capacity + fee.
    #[error("Withdrawal error Over withdrawal")]
    OverWithdrawal,
    /// A CKB withdrawal with a non-zero sUDT amount.
    #[error("Withdrawal error Withdrawal Faked CKB")]
    FakedCkb,
    /// The nonce is not the account's current one.
    #[error("Withdrawal error Invalid withdrawal nonce expected {expected} actual {actual}")]
    InvalidNonce {
        /// The account's nonce.
        expected: u32,
        /// The request's nonce.
        actual: u32,
    },
}

impl Rejection {
    /// Reads a node's error text back into a rejection (for explaining it to the user).
    pub fn from_node_message(text: &str) -> Option<Rejection> {
        let number_after = |key: &str| -> Option<u64> {
            // A byte-window search: `str::find` with a `&str` pattern brings the two-way
            // searcher, about 2 KB of the shipped page's code, for two short messages.
            let at = text.as_bytes().windows(key.len()).position(|window| window == key.as_bytes())?;
            let rest = text.get(at + key.len()..)?;
            let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        };
        Some(match text.trim() {
            "withdrawal over size" => Rejection::OverSize,
            "duplicated withdrawal" => Rejection::Duplicated,
            "State error MissingKey" => Rejection::MissingKey,
            "Unlock error Invalid signature" => Rejection::InvalidSignature,
            "Account error UnknownAccount" => Rejection::UnknownAccount,
            "Withdrawal error Over withdrawal" => Rejection::OverWithdrawal,
            "Withdrawal error Withdrawal Faked CKB" => Rejection::FakedCkb,
            t if t.starts_with("Account error InsufficientCapacity") => Rejection::InsufficientCapacity {
                expected: number_after("expected:")?,
                actual: number_after("actual:")?,
            },
            t if t.starts_with("Withdrawal error Invalid withdrawal nonce") => Rejection::InvalidNonce {
                expected: u32::try_from(number_after("expected")?).ok()?,
                actual: u32::try_from(number_after("actual")?).ok()?,
            },
            _ => return None,
        })
    }
}

/// What the verifier needs to know of the chain's state.
pub trait WithdrawalState {
    /// Whether a withdrawal with this hash is already waiting in the mempool.
    fn is_pending(&self, withdrawal_hash: &H256) -> bool;
    /// The script stored for a script hash.
    fn script(&self, script_hash: &H256) -> Option<mol::Script>;
    /// The account id of a script hash.
    fn account_id(&self, script_hash: &H256) -> Option<u32>;
    /// The account's CKB balance in shannons.
    fn ckb_balance(&self, account_id: u32) -> u128;
    /// The account's nonce.
    fn nonce(&self, account_id: u32) -> u32;
}

/// A parsed request whose signer has been recovered: the costly, state-free part of the
/// verification, which a server can run before it takes any lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The raw request.
    pub raw: RawWithdrawalRequest,
    /// The signature as sent (any length).
    pub signature: Vec<u8>,
    /// Bytes on the wire.
    pub size: usize,
    /// `ckb_hash(raw)`.
    pub hash: H256,
    /// Who signed, if the signature is 65 bytes with v = 0/1 and recovers.
    pub signer: Option<EthAddress>,
}

impl Prepared {
    /// The signed request, when the signature has the right length.
    pub fn request(&self) -> Option<WithdrawalRequest> {
        let signature = <[u8; SIGNATURE_LEN]>::try_from(self.signature.as_slice()).ok()?;
        Some(WithdrawalRequest { raw: self.raw, signature })
    }
}

/// Parses strictly and recovers the signer. Fails only for bytes that are not a WithdrawalRequest.
pub fn prepare(constants: &NetworkConstants, bytes: &[u8]) -> Result<Prepared, Rejection> {
    let (raw, signature) =
        mol::parse_withdrawal_request_as_godwoken(bytes).map_err(Rejection::Malformed)?;
    let signer = <[u8; SIGNATURE_LEN]>::try_from(signature.as_slice()).ok().and_then(|signature| {
        let digest =
            withdrawal::signing_digest(&withdrawal::signing_message(&constants.rollup_type_hash, &raw));
        crate::eth::recover_signer(&digest, &signature).ok()
    });
    Ok(Prepared { hash: raw.hash(), raw, signature, size: bytes.len(), signer })
}

/// An accepted withdrawal: what the chain must apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The request.
    pub request: WithdrawalRequest,
    /// `ckb_hash(raw)`.
    pub hash: H256,
    /// The withdrawing account.
    pub account_id: u32,
    /// Shannons to debit: capacity + fee.
    pub debit: u128,
}

/// Checks a prepared request against the state, in Godwoken v0.6's order.
pub fn verify(
    constants: &NetworkConstants,
    prepared: &Prepared,
    state: &impl WithdrawalState,
) -> Result<Accepted, Rejection> {
    let raw = &prepared.raw;
    if prepared.size > MAX_WITHDRAWAL_SIZE {
        return Err(Rejection::OverSize);
    }
    if state.is_pending(&prepared.hash) {
        return Err(Rejection::Duplicated);
    }
    let script = state.script(&raw.account_script_hash).ok_or(Rejection::MissingKey)?;
    let owner = crate::account::eth_address_of_account_script(constants, &script);
    match (owner, prepared.signer) {
        (Some(owner), Some(signer)) if owner == signer => {}
        _ => return Err(Rejection::InvalidSignature),
    }
    if raw.capacity < MIN_WITHDRAWAL_CAPACITY {
        return Err(Rejection::InsufficientCapacity {
            expected: MIN_WITHDRAWAL_CAPACITY,
            actual: raw.capacity,
        });
    }
    let account_id = state.account_id(&raw.account_script_hash).ok_or(Rejection::UnknownAccount)?;
    // Only CKB exists on the devnet: a fee in another sUDT cannot be paid from any balance.
    let fee_in_ckb = if raw.fee.sudt_id == constants.ckb_sudt_id { raw.fee.amount } else { 0 };
    let fee_elsewhere = raw.fee.sudt_id != constants.ckb_sudt_id && raw.fee.amount > 0;
    let debit = u128::from(raw.capacity).saturating_add(fee_in_ckb);
    if state.ckb_balance(account_id) < debit || fee_elsewhere {
        return Err(Rejection::OverWithdrawal);
    }
    if raw.sudt_script_hash == H256::ZERO && raw.amount != 0 {
        return Err(Rejection::FakedCkb);
    }
    if raw.sudt_script_hash != H256::ZERO && raw.amount > 0 {
        // No sUDT balances exist on the devnet.
        return Err(Rejection::OverWithdrawal);
    }
    let expected = state.nonce(account_id);
    if raw.nonce != expected {
        return Err(Rejection::InvalidNonce { expected, actual: raw.nonce });
    }
    let request = prepared.request().ok_or(Rejection::InvalidSignature)?;
    Ok(Accepted { request, hash: prepared.hash, account_id, debit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_texts_read_back() {
        let all = [
            Rejection::OverSize,
            Rejection::Duplicated,
            Rejection::MissingKey,
            Rejection::InvalidSignature,
            Rejection::InsufficientCapacity { expected: 26_500_000_000, actual: 100 },
            Rejection::UnknownAccount,
            Rejection::OverWithdrawal,
            Rejection::FakedCkb,
            Rejection::InvalidNonce { expected: 3, actual: 2 },
        ];
        for rejection in all {
            assert_eq!(Rejection::from_node_message(&rejection.to_string()), Some(rejection));
        }
        assert_eq!(
            Rejection::InsufficientCapacity { expected: 26_500_000_000, actual: 7 }.to_string(),
            "Account error InsufficientCapacity { expected: 26500000000, actual: 7 }"
        );
        assert_eq!(
            Rejection::InvalidNonce { expected: 3, actual: 2 }.to_string(),
            "Withdrawal error Invalid withdrawal nonce expected 3 actual 2"
        );
        assert_eq!(Rejection::from_node_message("something else"), None);
        // Cut short or garbled numbers are not guessed at.
        assert_eq!(Rejection::from_node_message("Withdrawal error Invalid withdrawal nonce expected"), None);
        assert_eq!(Rejection::from_node_message("Withdrawal error Invalid withdrawal nonce expected 3 actual x"), None);
        assert_eq!(Rejection::from_node_message("Account error InsufficientCapacity { expected: 1 }"), None);
    }
}
