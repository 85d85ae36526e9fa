//! The rollup cell's GlobalState, in both byte layouts Godwoken v0 wrote (spec §6).

use molecule::prelude::{Builder, Entity};

use super::generated as packed;
use super::*;
use crate::hex::H256;

/// Which byte layout a [`GlobalState`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalStateLayout {
    /// 181 bytes: no `tip_block_timestamp`, no `version`.
    V0,
    /// 190 bytes: with `tip_block_timestamp` and `version`.
    V1,
}

/// The rollup cell's data; the page reads `last_finalized_block_number` from it (spec §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalState {
    /// Hash of the rollup config.
    pub rollup_config_hash: H256,
    /// Sparse Merkle root of accounts.
    pub account_merkle_root: H256,
    /// Number of accounts.
    pub account_count: u32,
    /// Merkle root of blocks.
    pub block_merkle_root: H256,
    /// Number of blocks.
    pub block_count: u64,
    /// Root of reverted blocks.
    pub reverted_block_root: H256,
    /// Hash of the Layer 2 tip block.
    pub tip_block_hash: H256,
    /// Timestamp of the tip block in ms (0 in the V0 layout).
    pub tip_block_timestamp: u64,
    /// Blocks up to and including this number are final.
    pub last_finalized_block_number: u64,
    /// 0 running, 1 halting.
    pub status: u8,
    /// Layout version (0 in the V0 layout).
    pub version: u8,
    /// Which layout this was read from or will be written as.
    pub layout: GlobalStateLayout,
}

/// Length of the V1 (current) GlobalState.
pub const GLOBAL_STATE_LEN: usize = 190;
/// Length of the V0 (older) GlobalState.
pub const GLOBAL_STATE_V0_LEN: usize = 181;

impl GlobalState {
    /// The molecule bytes in the state's own layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let account = packed::AccountMerkleState::new_builder()
            .merkle_root(byte32(&self.account_merkle_root))
            .count(uint32(self.account_count))
            .build();
        let block = packed::BlockMerkleState::new_builder()
            .merkle_root(byte32(&self.block_merkle_root))
            .count(uint64(self.block_count))
            .build();
        let status = molecule::prelude::Byte::new(self.status);
        match self.layout {
            GlobalStateLayout::V1 => packed::GlobalState::new_builder()
                .rollup_config_hash(byte32(&self.rollup_config_hash))
                .account(account)
                .block(block)
                .reverted_block_root(byte32(&self.reverted_block_root))
                .tip_block_hash(byte32(&self.tip_block_hash))
                .tip_block_timestamp(uint64(self.tip_block_timestamp))
                .last_finalized_block_number(uint64(self.last_finalized_block_number))
                .status(status)
                .version(molecule::prelude::Byte::new(self.version))
                .build()
                .as_slice()
                .to_vec(),
            GlobalStateLayout::V0 => packed::GlobalStateV0::new_builder()
                .rollup_config_hash(byte32(&self.rollup_config_hash))
                .account(account)
                .block(block)
                .reverted_block_root(byte32(&self.reverted_block_root))
                .tip_block_hash(byte32(&self.tip_block_hash))
                .last_finalized_block_number(uint64(self.last_finalized_block_number))
                .status(status)
                .build()
                .as_slice()
                .to_vec(),
        }
    }

    /// Decodes either layout, chosen by length (spec §1).
    pub fn from_bytes(data: &[u8]) -> Result<Self, DecodeError> {
        match data.len() {
            GLOBAL_STATE_LEN => {
                let r: packed::GlobalStateReader<'_> = strict("GlobalState", data)?;
                Ok(GlobalState {
                    rollup_config_hash: read_h256(r.rollup_config_hash()),
                    account_merkle_root: read_h256(r.account().merkle_root()),
                    account_count: read_u32(r.account().count()),
                    block_merkle_root: read_h256(r.block().merkle_root()),
                    block_count: read_u64(r.block().count()),
                    reverted_block_root: read_h256(r.reverted_block_root()),
                    tip_block_hash: read_h256(r.tip_block_hash()),
                    tip_block_timestamp: read_u64(r.tip_block_timestamp()),
                    last_finalized_block_number: read_u64(r.last_finalized_block_number()),
                    status: r.status().as_slice()[0],
                    version: r.version().as_slice()[0],
                    layout: GlobalStateLayout::V1,
                })
            }
            GLOBAL_STATE_V0_LEN => {
                let r: packed::GlobalStateV0Reader<'_> = strict("GlobalState", data)?;
                Ok(GlobalState {
                    rollup_config_hash: read_h256(r.rollup_config_hash()),
                    account_merkle_root: read_h256(r.account().merkle_root()),
                    account_count: read_u32(r.account().count()),
                    block_merkle_root: read_h256(r.block().merkle_root()),
                    block_count: read_u64(r.block().count()),
                    reverted_block_root: read_h256(r.reverted_block_root()),
                    tip_block_hash: read_h256(r.tip_block_hash()),
                    tip_block_timestamp: 0,
                    last_finalized_block_number: read_u64(r.last_finalized_block_number()),
                    status: r.status().as_slice()[0],
                    version: 0,
                    layout: GlobalStateLayout::V0,
                })
            }
            actual => Err(DecodeError::WrongTotalSize {
                type_name: "GlobalState",
                expected: GLOBAL_STATE_LEN,
                actual,
            }),
        }
    }
}
