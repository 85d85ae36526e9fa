//! `ckb_hash`: BLAKE2b-256 with the personalization `ckb-default-hash` (spec §1).

use crate::blake2b::Blake2b;
use crate::hex::H256;

/// The personalization of every hash on CKB.
pub const CKB_PERSONALIZATION: &[u8; 16] = b"ckb-default-hash";

/// BLAKE2b-256 of the concatenation of `parts`, personalised for CKB.
pub fn ckb_hash_parts(parts: &[&[u8]]) -> H256 {
    let mut hasher = Blake2b::new(32, CKB_PERSONALIZATION);
    for part in parts {
        hasher.update(part);
    }
    let mut digest = [0u8; 32];
    hasher.finalize(&mut digest);
    H256(digest)
}

/// BLAKE2b-256 of `data`, personalised for CKB.
pub fn ckb_hash(data: &[u8]) -> H256 {
    ckb_hash_parts(&[data])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_matches_the_spec() {
        assert_eq!(
            ckb_hash(b"").to_string(),
            "0x44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e"
        );
        assert_eq!(ckb_hash_parts(&[b"ab", b"c"]), ckb_hash(b"abc"));
    }
}
