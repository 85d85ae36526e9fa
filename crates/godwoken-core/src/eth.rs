//! Everything Ethereum: addresses with EIP-55 checksums, keccak, EIP-191 and secp256k1.
//!
//! This is the only module that touches `ethers-core`. ethers-rs is deprecated in favour of
//! alloy; swapping the backend must only change this file.

use std::fmt;
use std::str::FromStr;

use ethers_core::k256::ecdsa::SigningKey;
use ethers_core::types::{Address, RecoveryMessage, Signature, H256 as EthersH256, U256};
use ethers_core::utils::{hash_message, keccak256, to_checksum};
#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::hex::{self, HexError, H256};

/// Why a text is not an Ethereum address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EthAddressError {
    /// Not `0x` + 40 hex digits.
    #[error("an Ethereum address is 0x followed by 40 hex digits: {0}")]
    Malformed(HexError),
    /// Mixed case that is not the EIP-55 checksum: most likely a typo.
    #[error("the address has mixed case but its EIP-55 checksum is wrong (a typo?)")]
    BadChecksum,
}

/// A 20-byte Ethereum address; displayed with its EIP-55 checksum.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EthAddress(pub [u8; 20]);

impl EthAddress {
    /// The EIP-55 checksummed form.
    pub fn to_checksum(&self) -> String {
        to_checksum(&Address::from(self.0), None)
    }

    /// The all-lower-case form, as wallets pass it in `personal_sign`.
    pub fn to_lower_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses `0x` + 40 hex digits. All-lower and all-upper digits are accepted; mixed case must be
    /// the EIP-55 checksum.
    pub fn parse(text: &str) -> Result<Self, EthAddressError> {
        let bytes = hex::decode_array::<20>(text).map_err(EthAddressError::Malformed)?;
        let address = EthAddress(bytes);
        let digits = &text[2..];
        let has_lower = digits.bytes().any(|c| c.is_ascii_lowercase());
        let has_upper = digits.bytes().any(|c| c.is_ascii_uppercase());
        if has_lower && has_upper && address.to_checksum()[2..] != *digits {
            return Err(EthAddressError::BadChecksum);
        }
        Ok(address)
    }
}

impl fmt::Display for EthAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_checksum())
    }
}

impl fmt::Debug for EthAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EthAddress({})", self.to_checksum())
    }
}

impl FromStr for EthAddress {
    type Err = EthAddressError;
    fn from_str(text: &str) -> Result<Self, EthAddressError> {
        EthAddress::parse(text)
    }
}

#[cfg(feature = "serde")]
impl Serialize for EthAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_lower_hex())
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for EthAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// keccak256 of `data`.
pub fn keccak(data: &[u8]) -> H256 {
    H256(keccak256(data))
}

/// The EIP-191 digest a wallet signs for `personal_sign` of `message`:
/// `keccak256("\x19Ethereum Signed Message:\n" ‖ len ‖ message)`.
pub fn personal_message_digest(message: &[u8]) -> H256 {
    H256(hash_message(message).0)
}

/// Why a signature could not be made or checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The recovery byte is not 0 or 1 (after normalisation).
    #[error("signature recovery byte must be 0 or 1, got {0}")]
    BadRecoveryId(u8),
    /// r or s is not a valid secp256k1 scalar, or recovery failed.
    #[error("the signature does not recover to a public key")]
    Unrecoverable,
    /// The private key is not a valid secp256k1 scalar.
    #[error("invalid private key: must be 32 bytes, non-zero and below the curve order")]
    BadPrivateKey,
}

/// Recovers the address that produced `signature` (r ‖ s ‖ v, v = 0/1) over `digest`. A high-S
/// signature recovers like its low-S twin, as in libsecp256k1 (which the 2021 scripts used).
///
/// With the `native-secp256k1` feature (the devnet, `gw`) libsecp256k1 does the work, several
/// times faster than k256, which the page uses; both give the same answers (tested).
pub fn recover_signer(digest: &H256, signature: &[u8; 65]) -> Result<EthAddress, SignatureError> {
    #[cfg(feature = "native-secp256k1")]
    return native::recover_signer(digest, signature);
    #[cfg(not(feature = "native-secp256k1"))]
    return recover_signer_k256(digest, signature);
}

/// [`recover_signer`] with k256 (pure Rust; what the page ships).
pub fn recover_signer_k256(digest: &H256, signature: &[u8; 65]) -> Result<EthAddress, SignatureError> {
    let v = signature[64];
    if v > 1 {
        return Err(SignatureError::BadRecoveryId(v));
    }
    let signature = Signature {
        r: U256::from_big_endian(&signature[..32]),
        s: U256::from_big_endian(&signature[32..64]),
        v: u64::from(v),
    };
    signature
        .recover(RecoveryMessage::Hash(EthersH256(digest.0)))
        .map(|address| EthAddress(address.0))
        .map_err(|_| SignatureError::Unrecoverable)
}

/// Recovery with libsecp256k1, for native builds.
#[cfg(feature = "native-secp256k1")]
pub mod native {
    use std::sync::OnceLock;

    use secp256k1::ecdsa::{RecoverableSignature, RecoveryId};
    use secp256k1::{Message, Secp256k1, VerifyOnly};

    use super::{keccak, EthAddress, SignatureError, H256};

    /// [`super::recover_signer`] with libsecp256k1.
    pub fn recover_signer(digest: &H256, signature: &[u8; 65]) -> Result<EthAddress, SignatureError> {
        static CONTEXT: OnceLock<Secp256k1<VerifyOnly>> = OnceLock::new();
        let v = signature[64];
        if v > 1 {
            return Err(SignatureError::BadRecoveryId(v));
        }
        let id = RecoveryId::from_i32(i32::from(v)).map_err(|_| SignatureError::BadRecoveryId(v))?;
        let recoverable =
            RecoverableSignature::from_compact(&signature[..64], id).map_err(|_| SignatureError::Unrecoverable)?;
        let key = CONTEXT
            .get_or_init(Secp256k1::verification_only)
            .recover_ecdsa(&Message::from_digest(digest.0), &recoverable)
            .map_err(|_| SignatureError::Unrecoverable)?;
        let hash = keccak(&key.serialize_uncompressed()[1..]);
        let mut address = [0u8; 20];
        address.copy_from_slice(&hash.0[12..]);
        Ok(EthAddress(address))
    }
}

/// A secp256k1 private key for development signing (the `gw` tool, tests). Never used by the page.
#[derive(Clone)]
pub struct DevSigner {
    key: SigningKey,
}

impl fmt::Debug for DevSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevSigner({})", self.address())
    }
}

impl DevSigner {
    /// A signer from 32 key bytes.
    pub fn from_bytes(key: &[u8; 32]) -> Result<Self, SignatureError> {
        SigningKey::from_slice(key)
            .map(|key| DevSigner { key })
            .map_err(|_| SignatureError::BadPrivateKey)
    }

    /// A signer from `0x` + 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Self, SignatureError> {
        let bytes = hex::decode_array::<32>(text).map_err(|_| SignatureError::BadPrivateKey)?;
        Self::from_bytes(&bytes)
    }

    /// The signer's address: the last 20 bytes of keccak of the uncompressed public key.
    pub fn address(&self) -> EthAddress {
        let point = self.key.verifying_key().to_encoded_point(false);
        let hash = keccak256(&point.as_bytes()[1..]);
        let mut out = [0u8; 20];
        out.copy_from_slice(&hash[12..]);
        EthAddress(out)
    }

    /// Signs a 32-byte digest as-is: r ‖ s ‖ v with v = 0/1 (RFC 6979, low s).
    pub fn sign_digest(&self, digest: &H256) -> Result<[u8; 65], SignatureError> {
        let (signature, recovery_id) = self
            .key
            .sign_prehash_recoverable(&digest.0)
            .map_err(|_| SignatureError::Unrecoverable)?;
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&signature.to_bytes());
        out[64] = recovery_id.to_byte();
        Ok(out)
    }

    /// What a wallet's `personal_sign` returns for `message`: r ‖ s ‖ v with v = 27/28.
    pub fn personal_sign(&self, message: &[u8]) -> Result<[u8; 65], SignatureError> {
        let mut signature = self.sign_digest(&personal_message_digest(message))?;
        signature[64] += 27;
        Ok(signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HARDHAT_0: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    #[test]
    fn checksum_rules() {
        let lower = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        let checksum = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        let address = EthAddress::parse(lower).expect("lower case is accepted");
        assert_eq!(address.to_checksum(), checksum);
        assert_eq!(EthAddress::parse(checksum), Ok(address));
        assert_eq!(EthAddress::parse(&lower.to_uppercase().replace("0X", "0x")), Ok(address));
        assert_eq!(
            EthAddress::parse("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            Err(EthAddressError::BadChecksum)
        );
        assert!(matches!(EthAddress::parse("0x1234"), Err(EthAddressError::Malformed(_))));
    }

    #[test]
    fn dev_signer_round_trip() {
        let signer = DevSigner::from_hex(HARDHAT_0).expect("valid key");
        assert_eq!(signer.address().to_checksum(), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        let digest = keccak(b"hello");
        let signature = signer.sign_digest(&digest).expect("signs");
        assert_eq!(recover_signer(&digest, &signature), Ok(signer.address()));
        let mut bad_v = signature;
        bad_v[64] += 27;
        assert_eq!(recover_signer(&digest, &bad_v), Err(SignatureError::BadRecoveryId(bad_v[64])));
        assert!(DevSigner::from_hex(&format!("0x{}", "00".repeat(32))).is_err());
    }
}
