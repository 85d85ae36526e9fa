//! Building, signing and checking a CKB withdrawal request (spec §3, §4).
//!
//! The flow: [`build_raw_request`] → [`signing_message`] → the wallet's `personal_sign` with
//! [`personal_sign_params`] → [`normalize_signature`] → [`assemble`] → submit the bytes.

use crate::account::{account_script_hash, owner_lock_hash};
use crate::eth::{self, EthAddress, SignatureError};
use crate::hash::ckb_hash_parts;
use crate::hex::{self, H256};
use crate::mol::{Fee, RawWithdrawalRequest, WithdrawalRequest, SIGNATURE_LEN};
use crate::network::NetworkConstants;

/// What the user chooses; everything else in the request follows from the network and address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WithdrawalParams {
    /// The account's current nonce (`gw_get_nonce`).
    pub nonce: u32,
    /// CKB to withdraw, in shannons (≥ 265 CKB).
    pub capacity: u64,
    /// Fee in shannons, paid in CKB (sUDT id 1).
    pub fee: u128,
    /// For sale: 0 for a plain withdrawal.
    pub sell_capacity: u64,
    /// For sale: 0 for a plain withdrawal.
    pub sell_amount: u128,
}

/// The raw request of a CKB withdrawal from `address`'s Layer 2 account to its PW-lock on Layer 1.
pub fn build_raw_request(
    constants: &NetworkConstants,
    address: &EthAddress,
    params: &WithdrawalParams,
) -> RawWithdrawalRequest {
    RawWithdrawalRequest {
        nonce: params.nonce,
        capacity: params.capacity,
        amount: 0,
        sudt_script_hash: H256::ZERO,
        account_script_hash: account_script_hash(constants, address),
        sell_amount: params.sell_amount,
        sell_capacity: params.sell_capacity,
        owner_lock_hash: owner_lock_hash(constants, address),
        payment_lock_hash: H256::ZERO,
        fee: Fee { sudt_id: constants.ckb_sudt_id, amount: params.fee },
    }
}

/// The 32-byte message the wallet shows and signs: `ckb_hash(rollup_type_hash ‖ raw)`.
pub fn signing_message(rollup_type_hash: &H256, raw: &RawWithdrawalRequest) -> H256 {
    ckb_hash_parts(&[&rollup_type_hash.0, &raw.to_bytes()])
}

/// The params of `personal_sign`: `[message as 0x-hex, address]`, data first (spec §3).
pub fn personal_sign_params(message: &H256, address: &EthAddress) -> [String; 2] {
    [message.to_string(), address.to_lower_hex()]
}

/// The EIP-191 digest the wallet actually signs for `message`.
pub fn signing_digest(message: &H256) -> H256 {
    eth::personal_message_digest(&message.0)
}

/// Why a wallet's signature cannot go into a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletSignatureError {
    /// Not hex.
    #[error("the wallet returned a signature that is not hex: {0}")]
    NotHex(hex::HexError),
    /// Not 65 bytes.
    #[error("the wallet returned a {0}-byte signature; expected 65 bytes")]
    WrongLength(usize),
    /// v other than 0, 1, 27, 28.
    #[error("the wallet returned a signature with recovery byte {0}; expected 27 or 28")]
    BadRecoveryByte(u8),
}

/// Normalises a wallet signature to Godwoken's v = 0/1: 27/28 become 0/1, 0/1 stay, anything
/// else is refused (spec §3 step 4, §8).
pub fn normalize_signature(signature: &[u8]) -> Result<[u8; SIGNATURE_LEN], WalletSignatureError> {
    let mut out = <[u8; SIGNATURE_LEN]>::try_from(signature)
        .map_err(|_| WalletSignatureError::WrongLength(signature.len()))?;
    out[64] = match out[64] {
        v @ (0 | 1) => v,
        v @ (27 | 28) => v - 27,
        v => return Err(WalletSignatureError::BadRecoveryByte(v)),
    };
    Ok(out)
}

/// Parses and normalises the hex signature a wallet returned.
pub fn parse_wallet_signature(text: &str) -> Result<[u8; SIGNATURE_LEN], WalletSignatureError> {
    let bytes = hex::decode(text).map_err(WalletSignatureError::NotHex)?;
    normalize_signature(&bytes)
}

/// The signed request.
pub fn assemble(raw: RawWithdrawalRequest, signature: [u8; SIGNATURE_LEN]) -> WithdrawalRequest {
    WithdrawalRequest { raw, signature }
}

/// Who signed `request`, as Godwoken's ETH account lock checks it (v must already be 0/1).
pub fn recover_signer(
    rollup_type_hash: &H256,
    request: &WithdrawalRequest,
) -> Result<EthAddress, SignatureError> {
    let digest = signing_digest(&signing_message(rollup_type_hash, &request.raw));
    eth::recover_signer(&digest, &request.signature)
}

/// Signs a raw request with a development key, as a wallet would and normalised (the `gw` tool
/// and tests; the page always asks the wallet).
pub fn sign_with_dev_key(
    signer: &eth::DevSigner,
    rollup_type_hash: &H256,
    raw: RawWithdrawalRequest,
) -> Result<WithdrawalRequest, SignatureError> {
    let message = signing_message(rollup_type_hash, &raw);
    let signature = signer.sign_digest(&signing_digest(&message))?;
    Ok(assemble(raw, signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_recovery_bytes() {
        let mut signature = [7u8; 65];
        for (v, expected) in [(27, 0), (28, 1), (0, 0), (1, 1)] {
            signature[64] = v;
            assert_eq!(normalize_signature(&signature).map(|s| s[64]), Ok(expected));
        }
        for v in [2, 26, 29, 35, 36, 255] {
            signature[64] = v;
            assert_eq!(
                normalize_signature(&signature),
                Err(WalletSignatureError::BadRecoveryByte(v))
            );
        }
        assert_eq!(normalize_signature(&[0; 64]), Err(WalletSignatureError::WrongLength(64)));
        assert!(matches!(parse_wallet_signature("xyz"), Err(WalletSignatureError::NotHex(_))));
    }
}
