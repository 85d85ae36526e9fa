//! The core's own BLAKE2b against the `ckb-hash` crate (random messages, split anywhere) and
//! against RFC 7693's test vector.

use godwoken_core::blake2b::Blake2b;
use godwoken_core::hash::{ckb_hash, ckb_hash_parts};
use proptest::prelude::*;

/// `ckb-hash`'s BLAKE2b-256 with CKB's personalization.
fn reference(data: &[u8]) -> [u8; 32] {
    let mut hasher = ckb_hash::new_blake2b();
    hasher.update(data);
    let mut digest = [0u8; 32];
    hasher.finalize(&mut digest);
    digest
}

#[test]
fn rfc_7693_appendix_a() {
    let mut hasher = Blake2b::new(64, &[0; 16]);
    hasher.update(b"abc");
    let mut digest = [0u8; 64];
    hasher.finalize(&mut digest);
    assert_eq!(
        godwoken_core::hex::encode(digest),
        "0xba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
         7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
    );
}

#[test]
fn block_boundaries_match_ckb_hash() {
    for len in [0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 383, 384, 385, 1000, 4096] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        assert_eq!(ckb_hash(&data).0, reference(&data), "{len} bytes");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn matches_ckb_hash_however_the_message_is_split(
        data in proptest::collection::vec(any::<u8>(), 0..700),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(data.len() + 1)).collect();
        points.sort_unstable();
        let mut parts = Vec::new();
        let mut start = 0;
        for point in points {
            parts.push(&data[start..point]);
            start = point;
        }
        parts.push(&data[start..]);
        prop_assert_eq!(ckb_hash_parts(&parts).0, reference(&data));
    }
}
