//! Results only the node side writes in full (serde types for the devnet, `gw` and the tests): the
//! page reads its projections of them instead (`BlockWithdrawals`, `WithdrawalStatusJson`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::WithdrawalStatus;
use crate::hex::{HexBytes, H256};
use crate::mol::{Fee, RawWithdrawalRequest, Script, WithdrawalRequest};

/// A raw withdrawal request as JSON (field order here is not byte order; spec §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWithdrawalRequestJson {
    /// Nonce.
    #[serde(with = "crate::quantity::u32")]
    pub nonce: u32,
    /// Shannons.
    #[serde(with = "crate::quantity::u64")]
    pub capacity: u64,
    /// sUDT amount.
    #[serde(with = "crate::quantity::u128")]
    pub amount: u128,
    /// sUDT script hash.
    pub sudt_script_hash: H256,
    /// Account script hash.
    pub account_script_hash: H256,
    /// Sell amount.
    #[serde(with = "crate::quantity::u128")]
    pub sell_amount: u128,
    /// Sell capacity.
    #[serde(with = "crate::quantity::u64")]
    pub sell_capacity: u64,
    /// Owner lock hash.
    pub owner_lock_hash: H256,
    /// Payment lock hash.
    pub payment_lock_hash: H256,
    /// Fee.
    pub fee: FeeJson,
}

/// A fee as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeJson {
    /// sUDT id.
    #[serde(with = "crate::quantity::u32")]
    pub sudt_id: u32,
    /// Amount.
    #[serde(with = "crate::quantity::u128")]
    pub amount: u128,
}

impl From<&RawWithdrawalRequest> for RawWithdrawalRequestJson {
    fn from(raw: &RawWithdrawalRequest) -> Self {
        RawWithdrawalRequestJson {
            nonce: raw.nonce,
            capacity: raw.capacity,
            amount: raw.amount,
            sudt_script_hash: raw.sudt_script_hash,
            account_script_hash: raw.account_script_hash,
            sell_amount: raw.sell_amount,
            sell_capacity: raw.sell_capacity,
            owner_lock_hash: raw.owner_lock_hash,
            payment_lock_hash: raw.payment_lock_hash,
            fee: FeeJson { sudt_id: raw.fee.sudt_id, amount: raw.fee.amount },
        }
    }
}

impl From<&RawWithdrawalRequestJson> for RawWithdrawalRequest {
    fn from(json: &RawWithdrawalRequestJson) -> Self {
        RawWithdrawalRequest {
            nonce: json.nonce,
            capacity: json.capacity,
            amount: json.amount,
            sudt_script_hash: json.sudt_script_hash,
            account_script_hash: json.account_script_hash,
            sell_amount: json.sell_amount,
            sell_capacity: json.sell_capacity,
            owner_lock_hash: json.owner_lock_hash,
            payment_lock_hash: json.payment_lock_hash,
            fee: Fee { sudt_id: json.fee.sudt_id, amount: json.fee.amount },
        }
    }
}

/// A signed withdrawal request as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalRequestJson {
    /// The raw request.
    pub raw: RawWithdrawalRequestJson,
    /// The 65-byte signature.
    pub signature: HexBytes,
}

impl From<&WithdrawalRequest> for WithdrawalRequestJson {
    fn from(request: &WithdrawalRequest) -> Self {
        WithdrawalRequestJson {
            raw: (&request.raw).into(),
            signature: request.signature.to_vec().into(),
        }
    }
}

/// Result of `gw_get_withdrawal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalWithStatus {
    /// The request.
    pub withdrawal: WithdrawalRequestJson,
    /// Its status.
    pub status: WithdrawalStatus,
}

/// The header fields of a Layer 2 block that the devnet reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawL2BlockJson {
    /// Block number.
    #[serde(with = "crate::quantity::u64")]
    pub number: u64,
    /// Parent hash.
    pub parent_block_hash: H256,
    /// Milliseconds since the Unix epoch.
    #[serde(with = "crate::quantity::u64")]
    pub timestamp: u64,
    /// Producer account id.
    #[serde(with = "crate::quantity::u32")]
    pub block_producer_id: u32,
}

/// Result of `gw_get_block_by_number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct L2BlockJson {
    /// Block hash.
    pub hash: H256,
    /// Header fields.
    pub raw: RawL2BlockJson,
    /// Layer 2 transactions (always empty on the devnet).
    pub transactions: Vec<Value>,
    /// Withdrawal requests included in the block.
    pub withdrawal_requests: Vec<WithdrawalRequestJson>,
}

/// Result of `poly_getChainInfo` (the devnet's constants, camelCase like godwoken-web3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainInfo {
    /// Rollup type hash.
    pub rollup_script_hash: H256,
    /// ETH account lock type hash.
    pub eth_account_lock_type_hash: H256,
    /// Withdrawal lock type hash.
    pub withdrawal_lock_type_hash: H256,
    /// PW-lock type hash.
    pub pw_lock_type_hash: H256,
    /// Rollup type script.
    pub rollup_type_script: Script,
    /// Blocks until final.
    #[serde(with = "crate::quantity::u64")]
    pub finality_blocks: u64,
    /// Web3 chain id.
    #[serde(with = "crate::quantity::u64")]
    pub chain_id: u64,
}

/// Result of the indexer's `get_tip`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexerTip {
    /// Layer 1 tip hash.
    pub block_hash: H256,
    /// Layer 1 tip number.
    #[serde(with = "crate::quantity::u64")]
    pub block_number: u64,
}
