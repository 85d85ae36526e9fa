//! CKB addresses (RFC 0021 full format, bech32m) of Layer 1 lock scripts (spec §2).

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Bech32m, Hrp};

use crate::hex::H256;
use crate::mol::{HashType, Script};

crate::wire::wire_enum! {
    /// The network part of an address: `ckb` (mainnet) or `ckt` (testnet and the devnet).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum AddressPrefix {
        /// `ckb`: CKB mainnet.
        Ckb = "ckb",
        /// `ckt`: CKB testnet (also used by the local devnet).
        Ckt = "ckt",
    }
}

impl AddressPrefix {
    /// The human-readable part.
    pub fn as_str(self) -> &'static str {
        self.json_name()
    }
}

/// Why a text is not a usable CKB address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CkbAddressError {
    /// Not bech32 at all, or a character outside the alphabet.
    #[error("not a CKB address: {0}")]
    Malformed(String),
    /// The checksum does not match: a typo in the address.
    #[error("the address checksum is wrong (a typo?)")]
    BadChecksum,
    /// A prefix other than `ckb`/`ckt`.
    #[error("unknown address prefix '{0}': expected ckb (mainnet) or ckt (testnet)")]
    UnknownPrefix(String),
    /// A short or old full-format address (bech32, payload 0x01/0x02/0x04).
    #[error("this is a deprecated address format; use the full format (RFC 0021, starting ckb1q/ckt1q)")]
    Deprecated,
    /// A payload that is not `0x00 ‖ code_hash ‖ hash_type ‖ args`.
    #[error("the address payload is invalid: {0}")]
    BadPayload(&'static str),
}

/// Encodes `script` as a full-format address: bech32m of `0x00 ‖ code_hash ‖ hash_type ‖ args`.
pub fn encode_address(prefix: AddressPrefix, script: &Script) -> String {
    let mut payload = Vec::with_capacity(34 + script.args.0.len());
    payload.push(0x00);
    payload.extend_from_slice(&script.code_hash.0);
    payload.push(script.hash_type.to_byte());
    payload.extend_from_slice(&script.args.0);
    let hrp = match prefix {
        AddressPrefix::Ckb => Hrp::parse_unchecked("ckb"),
        AddressPrefix::Ckt => Hrp::parse_unchecked("ckt"),
    };
    // Bech32m allows 1023 characters; a lock's args would need ~600 bytes to exceed that, which
    // no lock this crate encodes has. Fall back to the hex payload rather than panicking.
    bech32::encode::<Bech32m>(hrp, &payload).unwrap_or_else(|_| crate::hex::encode(&payload))
}

/// Decodes a full-format address into its prefix and lock script.
pub fn decode_address(text: &str) -> Result<(AddressPrefix, Script), CkbAddressError> {
    let checked = match CheckedHrpstring::new::<Bech32m>(text) {
        Ok(checked) => checked,
        Err(err) => {
            return Err(if CheckedHrpstring::new::<Bech32>(text).is_ok() {
                CkbAddressError::Deprecated
            } else if bech32::primitives::decode::UncheckedHrpstring::new(text).is_ok() {
                CkbAddressError::BadChecksum
            } else {
                CkbAddressError::Malformed(err.to_string())
            });
        }
    };
    let prefix = match checked.hrp().to_lowercase().as_str() {
        "ckb" => AddressPrefix::Ckb,
        "ckt" => AddressPrefix::Ckt,
        other => return Err(CkbAddressError::UnknownPrefix(other.to_owned())),
    };
    let payload: Vec<u8> = checked.byte_iter().collect();
    match payload.first() {
        Some(0x00) => {}
        Some(0x01 | 0x02 | 0x04) => return Err(CkbAddressError::Deprecated),
        _ => return Err(CkbAddressError::BadPayload("unknown format type")),
    }
    if payload.len() < 34 {
        return Err(CkbAddressError::BadPayload("too short for code hash and hash type"));
    }
    let mut code_hash = [0u8; 32];
    code_hash.copy_from_slice(&payload[1..33]);
    let hash_type = HashType::from_byte(payload[33])
        .map_err(|_| CkbAddressError::BadPayload("unknown hash type"))?;
    Ok((
        prefix,
        Script { code_hash: H256(code_hash), hash_type, args: payload[34..].to_vec().into() },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_0021_example() {
        let script = Script {
            code_hash: "0x9bd7e06f3ecf4be0f2fcd2188b23f1b9fcc88e5d4b65a8637b17723bbda3cce8"
                .parse()
                .expect("hash"),
            hash_type: HashType::Type,
            args: "0xb39bbc0b3673c7d36450bc14cfcdad2d559c6c64".parse().expect("args"),
        };
        let text = "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqdnnw7qkdnnclfkg59uzn8umtfd2kwxceqxwquc4";
        assert_eq!(encode_address(AddressPrefix::Ckb, &script), text);
        assert_eq!(decode_address(text), Ok((AddressPrefix::Ckb, script)));
    }

    #[test]
    fn refuses_typos_and_old_formats() {
        let typo = "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqdnnw7qkdnnclfkg59uzn8umtfd2kwxceqxwquc5";
        assert_eq!(decode_address(typo), Err(CkbAddressError::BadChecksum));
        // The RFC's short-format example (bech32, payload 0x01).
        let short = "ckb1qyqt8xaupvm8837nv3gtc9x0ekkj64vud3jqfwyw5v";
        assert_eq!(decode_address(short), Err(CkbAddressError::Deprecated));
        assert!(matches!(decode_address("hello"), Err(CkbAddressError::Malformed(_))));
    }
}
