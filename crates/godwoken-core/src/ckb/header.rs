//! CKB block headers: the 208-byte `Header` struct and the block hash (L1 §1.1, §1.2).

use crate::hash::ckb_hash;
use crate::hex::H256;
use crate::wire::wire_struct;

wire_struct! {
    /// A block header as the CKB RPC shows it (`HeaderView` without its `hash`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Header {
        /// Always 0.
        version: u32 as quantity,
        /// The difficulty target, compact.
        compact_target: u32 as quantity,
        /// Milliseconds since the Unix epoch.
        timestamp: u64 as quantity,
        /// Height.
        number: u64 as quantity,
        /// `number | index << 24 | length << 40` of the epoch (L1 §1.4).
        epoch: u64 as quantity,
        /// The previous block's hash.
        parent_hash: H256,
        /// Merkle root of the block's transactions.
        transactions_root: H256,
        /// Hash of the block's proposals.
        proposals_hash: H256,
        /// Hash of uncles and extension.
        extra_hash: H256,
        /// The Nervos DAO fields.
        dao: H256,
        /// Proof of work.
        nonce: u128 as quantity,
    }
}

impl Header {
    /// The 208 bytes: the raw header's fields in order, then the nonce.
    pub fn to_bytes(&self) -> [u8; 208] {
        let mut out = [0u8; 208];
        let parts: [&[u8]; 11] = [
            &self.version.to_le_bytes(),
            &self.compact_target.to_le_bytes(),
            &self.timestamp.to_le_bytes(),
            &self.number.to_le_bytes(),
            &self.epoch.to_le_bytes(),
            &self.parent_hash.0,
            &self.transactions_root.0,
            &self.proposals_hash.0,
            &self.extra_hash.0,
            &self.dao.0,
            &self.nonce.to_le_bytes(),
        ];
        let mut at = 0;
        for part in parts {
            out[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        out
    }

    /// The block hash: `ckb_hash` of the 208 bytes.
    pub fn hash(&self) -> H256 {
        ckb_hash(&self.to_bytes())
    }
}
