//! The two signature recovery engines — k256 (the page's) and libsecp256k1 (the devnet's and
//! `gw`'s, feature `native-secp256k1`) — give the same answer for every signature: valid ones of
//! random keys and messages, their high-S twins, and malformed ones (wrong v, r or s out of range).

use godwoken_core::eth::{native, recover_signer_k256, DevSigner};
use godwoken_core::hex::H256;
use proptest::prelude::*;

fn both(digest: &H256, signature: &[u8; 65]) {
    assert_eq!(native::recover_signer(digest, signature), recover_signer_k256(digest, signature), "{signature:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn valid_signatures(key in prop::array::uniform32(1u8..), message in prop::array::uniform32(any::<u8>())) {
        let signer = DevSigner::from_bytes(&key).expect("key");
        let digest = H256(message);
        let mut signature = signer.sign_digest(&digest).expect("signs");
        if signature[64] >= 27 {
            signature[64] -= 27;
        }
        prop_assert_eq!(native::recover_signer(&digest, &signature), Ok(signer.address()));
        both(&digest, &signature);
        // The other recovery id recovers another key (or none), the same in both.
        signature[64] ^= 1;
        both(&digest, &signature);
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 65), digest in prop::array::uniform32(any::<u8>())) {
        let mut signature = [0u8; 65];
        signature.copy_from_slice(&bytes);
        signature[64] %= 4;
        both(&H256(digest), &signature);
    }
}

#[test]
fn edge_cases() {
    let signer = DevSigner::from_bytes(&[3; 32]).expect("key");
    let digest = H256([9; 32]);
    let mut good = signer.sign_digest(&digest).expect("signs");
    good[64] = good[64].saturating_sub(27);
    both(&digest, &good);
    // High S: s' = n − s, with either recovery id.
    let order: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc,
        0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
    ];
    let mut high = good;
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let difference = i16::from(order[i]) - i16::from(good[32 + i]) - borrow;
        high[32 + i] = difference.rem_euclid(256) as u8;
        borrow = i16::from(difference < 0);
    }
    both(&digest, &high);
    high[64] ^= 1;
    both(&digest, &high);
    for (at, value) in [(0, 0u8), (32, 0), (0, 0xff), (32, 0xff)] {
        let mut broken = good;
        broken[at..at + 32].fill(value);
        both(&digest, &broken);
    }
    let mut wrong_v = good;
    wrong_v[64] = 27;
    both(&digest, &wrong_v);
}
