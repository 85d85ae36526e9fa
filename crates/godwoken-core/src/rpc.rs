//! JSON-RPC 2.0 envelopes and the DTOs of every Godwoken and ckb-indexer method the page and the
//! devnet use (spec §5, §6). One definition serves both, so they cannot drift.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};
#[cfg(feature = "serde")]
use serde_json::Value;

use crate::eth::EthAddress;
use crate::hex::{HexBytes, H256};
#[cfg(feature = "serde")]
use crate::mol::{Fee, RawWithdrawalRequest};
use crate::mol::{self, Script, WithdrawalRequest};
use crate::quantity::Quantity;
use crate::wire::{wire_enum, wire_struct};

/// Method names.
pub mod method {
    /// `[script_hash]` → account id or null.
    pub const GET_ACCOUNT_ID_BY_SCRIPT_HASH: &str = "gw_get_account_id_by_script_hash";
    /// `[account_id]` → nonce.
    pub const GET_NONCE: &str = "gw_get_nonce";
    /// `[short_address, sudt_id]` → balance.
    pub const GET_BALANCE: &str = "gw_get_balance";
    /// `[account_id]` → script hash.
    pub const GET_SCRIPT_HASH: &str = "gw_get_script_hash";
    /// `[]` → tip block hash.
    pub const GET_TIP_BLOCK_HASH: &str = "gw_get_tip_block_hash";
    /// `[number]` → block or null.
    pub const GET_BLOCK_BY_NUMBER: &str = "gw_get_block_by_number";
    /// `[withdrawal_request_bytes]` → withdrawal hash.
    pub const SUBMIT_WITHDRAWAL_REQUEST: &str = "gw_submit_withdrawal_request";
    /// `[withdrawal_hash]` → withdrawal with status, or null.
    pub const GET_WITHDRAWAL: &str = "gw_get_withdrawal";
    /// `[eth_address, "latest"]` → balance in shannons (v0).
    pub const ETH_GET_BALANCE: &str = "eth_getBalance";
    /// `[]` → chain id.
    pub const ETH_CHAIN_ID: &str = "eth_chainId";
    /// `[]` → chain id in decimal.
    pub const NET_VERSION: &str = "net_version";
    /// `[]` → rollup type hash.
    pub const POLY_GET_ROLLUP_TYPE_HASH: &str = "poly_getRollupTypeHash";
    /// `[]` → ETH account lock type hash.
    pub const POLY_GET_ETH_ACCOUNT_LOCK_HASH: &str = "poly_getEthAccountLockHash";
    /// `[]` → [`super::ChainInfo`].
    pub const POLY_GET_CHAIN_INFO: &str = "poly_getChainInfo";
    /// Devnet only: `[count?]` → new tip number.
    pub const DEV_MINE: &str = "dev_mine";
    /// Devnet only: `[eth_address, shannons]` → new balance.
    pub const DEV_FUND: &str = "dev_fund";
    /// Devnet only: `[]` → the conservation audit.
    pub const DEV_AUDIT: &str = "dev_audit";
    /// Indexer: `[]` → [`super::IndexerTip`].
    pub const INDEXER_GET_TIP: &str = "get_tip";
    /// Indexer: `[search_key, order, limit, after_cursor?]` → [`super::Pagination`] of cells.
    pub const INDEXER_GET_CELLS: &str = "get_cells";
    /// Indexer: `[search_key]` → [`super::CellsCapacity`].
    pub const INDEXER_GET_CELLS_CAPACITY: &str = "get_cells_capacity";
}

/// Standard JSON-RPC error codes.
pub mod code {
    /// Invalid JSON.
    pub const PARSE_ERROR: i64 = -32700;
    /// Not a valid request object.
    pub const INVALID_REQUEST: i64 = -32600;
    /// No such method.
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// Wrong params.
    pub const INVALID_PARAMS: i64 = -32602;
    /// Server fault.
    pub const INTERNAL_ERROR: i64 = -32603;
    /// Godwoken v0 reports verification failures with code 0 and the error text.
    pub const GODWOKEN_ERROR: i64 = 0;
    /// Server busy (mempool full, too many requests).
    pub const SERVER_BUSY: i64 = -32000;
}

#[cfg(feature = "serde")]
/// A request id: number, string or null.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Id {
    /// Numeric id.
    Number(u64),
    /// String id.
    String(String),
    /// Null id (also used when the request's id could not be read).
    Null,
}

#[cfg(feature = "serde")]
/// A JSON-RPC 2.0 request. The params are any serializable positional list: a JSON value for
/// the devnet and tests, a typed tuple for the page (which then ships no generic JSON value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request<P = Value> {
    /// Always `"2.0"`.
    pub jsonrpc: String,
    /// Echoed in the response.
    pub id: Id,
    /// The method.
    pub method: String,
    /// Positional params.
    #[serde(default)]
    pub params: P,
}

#[cfg(feature = "serde")]
impl<P> Request<P> {
    /// A request with positional params.
    pub fn new(id: u64, method: &str, params: P) -> Self {
        Request { jsonrpc: "2.0".into(), id: Id::Number(id), method: method.into(), params }
    }
}

#[cfg(feature = "serde")]
/// The error object of a response; the node's payload is kept as is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} (code {code})")]
pub struct ErrorObject {
    /// The code.
    pub code: i64,
    /// The node's text.
    pub message: String,
    /// Extra data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

#[cfg(feature = "serde")]
impl ErrorObject {
    /// An error with no data.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        ErrorObject { code, message: message.into(), data: None }
    }
}

#[cfg(feature = "serde")]
/// A JSON-RPC 2.0 response: exactly one of `result` and `error`. The result is a JSON value by
/// default; the devnet writes its results already encoded (`Box<RawValue>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response<R = Value> {
    /// Always `"2.0"`.
    pub jsonrpc: String,
    /// The request's id.
    pub id: Id,
    /// Success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<R>,
    /// Failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
}

#[cfg(feature = "serde")]
impl<R> Response<R> {
    /// A success. `result` may be JSON null (e.g. an unknown account).
    pub fn success(id: Id, result: R) -> Self {
        Response { jsonrpc: "2.0".into(), id, result: Some(result), error: None }
    }

    /// A failure.
    pub fn failure(id: Id, error: ErrorObject) -> Self {
        Response { jsonrpc: "2.0".into(), id, result: None, error: Some(error) }
    }
}

#[cfg(feature = "serde")]
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

#[cfg(feature = "serde")]
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

#[cfg(feature = "serde")]
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

#[cfg(feature = "serde")]
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

#[cfg(feature = "serde")]
/// A signed withdrawal request as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalRequestJson {
    /// The raw request.
    pub raw: RawWithdrawalRequestJson,
    /// The 65-byte signature.
    pub signature: HexBytes,
}

#[cfg(feature = "serde")]
impl From<&WithdrawalRequest> for WithdrawalRequestJson {
    fn from(request: &WithdrawalRequest) -> Self {
        WithdrawalRequestJson {
            raw: (&request.raw).into(),
            signature: request.signature.to_vec().into(),
        }
    }
}

wire_enum! {
    /// Where a withdrawal is on Layer 2.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WithdrawalStatus {
        /// Accepted, waiting for a block.
        Pending = "pending",
        /// In a block.
        Committed = "committed",
    }
}

#[cfg(feature = "serde")]
/// Result of `gw_get_withdrawal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalWithStatus {
    /// The request.
    pub withdrawal: WithdrawalRequestJson,
    /// Its status.
    pub status: WithdrawalStatus,
}

#[cfg(feature = "serde")]
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

#[cfg(feature = "serde")]
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

wire_struct! {
    /// What a client reads of a `gw_get_block_by_number` result: who made each withdrawal request
    /// in it. Everything else is skipped unread: a browser needs no Layer 2 transactions, and a
    /// request is identified by its account and nonce (an account's nonce only grows, so at most
    /// one request per account and nonce is ever committed).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BlockWithdrawals {
        /// The block's withdrawal requests, in order.
        withdrawal_requests: Vec<WithdrawalKeyJson>,
    }
}

wire_struct! {
    /// A withdrawal request reduced to its identity (see [`BlockWithdrawals`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct WithdrawalKeyJson {
        /// The identifying fields of the raw request.
        raw: RawWithdrawalKeyJson,
    }
}

wire_struct! {
    /// The identifying fields of a raw withdrawal request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct RawWithdrawalKeyJson {
        /// Account script hash.
        account_script_hash: H256,
        /// Nonce.
        nonce: u32 as quantity,
    }
}

wire_struct! {
    /// What a client reads of a `gw_get_withdrawal` result: the status only.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct WithdrawalStatusJson {
        /// Pending (in the mempool) or committed (in a block).
        status: WithdrawalStatus,
    }
}

#[cfg(feature = "serde")]
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

wire_enum! {
    /// Which script of a cell a search key matches.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ScriptType {
        /// The lock script.
        Lock = "lock",
        /// The type script.
        Type = "type",
    }
}

wire_enum! {
    /// Result order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Order {
        /// Oldest first.
        Asc = "asc",
        /// Newest first.
        Desc = "desc",
    }
}

wire_struct! {
    /// An optional further filter of a search.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct SearchKeyFilter {
        /// The other script (type if searching by lock, and vice versa), prefix-matched on args.
        script: Option<Script> as skip_none,
        /// `[min, max)` of output data length.
        output_data_len_range: Option<[Quantity<u64>; 2]> as skip_none,
        /// `[min, max)` of capacity.
        output_capacity_range: Option<[Quantity<u64>; 2]> as skip_none,
        /// `[min, max)` of block number.
        block_range: Option<[Quantity<u64>; 2]> as skip_none,
    }
}

wire_struct! {
    /// What `get_cells` looks for. Script args are matched as a prefix (spec §6).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SearchKey {
        /// The script; its args are a prefix.
        script: Script,
        /// Lock or type.
        script_type: ScriptType,
        /// Further filter.
        filter: Option<SearchKeyFilter> as skip_none,
    }
}

wire_struct! {
    /// A cell's output.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CellOutput {
        /// Shannons.
        capacity: u64 as quantity,
        /// Lock script.
        lock: Script,
        /// Type script.
        type_ = "type": Option<Script>,
    }
}

wire_struct! {
    /// Where a cell was created.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct OutPoint {
        /// Transaction hash.
        tx_hash: H256,
        /// Output index.
        index: u32 as quantity,
    }
}

wire_struct! {
    /// A live cell as the indexer returns it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct IndexerCell {
        /// The output.
        output: CellOutput,
        /// Its data.
        output_data: HexBytes,
        /// Where it was created.
        out_point: OutPoint,
        /// Layer 1 block number.
        block_number: u64 as quantity,
        /// Index of the transaction in its block.
        tx_index: u32 as quantity,
    }
}

wire_struct! {
    /// One page of results.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Pagination<T> {
        /// The items.
        objects: Vec<T>,
        /// Cursor to pass as `after_cursor` for the next page.
        last_cursor: HexBytes,
    }
}

#[cfg(feature = "serde")]
/// Result of the indexer's `get_tip`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexerTip {
    /// Layer 1 tip hash.
    pub block_hash: H256,
    /// Layer 1 tip number.
    #[serde(with = "crate::quantity::u64")]
    pub block_number: u64,
}

wire_struct! {
    /// Result of `get_cells_capacity`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CellsCapacity {
        /// Total shannons.
        capacity: u64 as quantity,
        /// At this tip.
        block_hash: H256,
        /// At this tip number.
        block_number: u64 as quantity,
    }
}

/// The params of `gw_get_balance`: `[short_address, sudt_id]`.
pub fn get_balance_params(short_address: &[u8; 20], sudt_id: u32) -> (String, String) {
    (crate::hex::encode(short_address), crate::quantity::encode(sudt_id.into()))
}

/// The params of `gw_submit_withdrawal_request`: `[request]`.
pub fn submit_withdrawal_params(request: &WithdrawalRequest) -> (String,) {
    (crate::hex::encode(request.to_bytes()),)
}

/// The search key selecting one account's withdrawal cells: withdrawal lock with args prefix
/// `rollup_type_hash ‖ account_script_hash` (spec §6).
pub fn withdrawal_cells_search_key(
    constants: &crate::network::NetworkConstants,
    account_script_hash: &H256,
) -> SearchKey {
    let mut prefix = Vec::with_capacity(64);
    prefix.extend_from_slice(&constants.rollup_type_hash.0);
    prefix.extend_from_slice(&account_script_hash.0);
    SearchKey {
        script: Script::of_type(constants.withdrawal_lock_code_hash, prefix),
        script_type: ScriptType::Lock,
        filter: None,
    }
}

/// The search key of the rollup cell (by its type script), whose data is the GlobalState.
pub fn rollup_cell_search_key(constants: &crate::network::NetworkConstants) -> SearchKey {
    SearchKey {
        script: constants.rollup_type_script.clone(),
        script_type: ScriptType::Type,
        filter: None,
    }
}

/// The search key of the Layer 1 cells owned by `address`'s PW-lock.
pub fn owner_cells_search_key(
    constants: &crate::network::NetworkConstants,
    address: &EthAddress,
) -> SearchKey {
    SearchKey {
        script: crate::account::owner_lock(constants, address),
        script_type: ScriptType::Lock,
        filter: None,
    }
}

/// A withdrawal cell read back: its lock args decoded.
pub fn decode_withdrawal_cell(
    cell: &IndexerCell,
) -> Result<(Option<H256>, mol::WithdrawalLockArgs), mol::DecodeError> {
    mol::WithdrawalLockArgs::from_lock_args(cell.output.lock.args.as_ref())
}
