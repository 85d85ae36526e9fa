//! JSON-RPC 2.0 envelopes and the DTOs of every Godwoken and ckb-indexer method the page and the
//! devnet use (spec §5, §6). One definition serves both, so they cannot drift.

use crate::eth::EthAddress;
use crate::hex::{HexBytes, H256};
use crate::mol::{self, Script, WithdrawalRequest};
use crate::quantity::Quantity;
use crate::wire::{wire_enum, wire_struct};

#[cfg(feature = "serde")]
mod envelope;
#[cfg(feature = "serde")]
mod results;

#[cfg(feature = "serde")]
pub use envelope::{ErrorObject, Id, Request, Response};
#[cfg(feature = "serde")]
pub use results::{
    ChainInfo, FeeJson, IndexerTip, L2BlockJson, RawL2BlockJson, RawWithdrawalRequestJson, WithdrawalRequestJson,
    WithdrawalWithStatus,
};

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
    /// `[]` → `"pong"`: the node is up.
    pub const PING: &str = "gw_ping";
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
    /// Devnet only: `[]` → the id of a snapshot of the whole chain.
    pub const DEV_SNAPSHOT: &str = "dev_snapshot";
    /// Devnet only: `[id]` → whether the chain went back to that snapshot.
    pub const DEV_REVERT: &str = "dev_revert";
    /// Devnet only: `[]` → `true`: the chain starts anew from its genesis.
    pub const DEV_RESET: &str = "dev_reset";
    /// Devnet only: `[eth_address, shannons]` → the hash of the transaction that made the PW-lock cell.
    pub const DEV_FUND_LAYER1: &str = "dev_fund_layer1";
    /// `[]` → the Polyjuice creator account id (web3 v0).
    pub const POLY_GET_CREATOR_ID: &str = "poly_getCreatorId";
    /// `[]` → the configured default `from` address (web3 v0).
    pub const POLY_GET_DEFAULT_FROM_ADDRESS: &str = "poly_getDefaultFromAddress";
    /// `[]` → `[]`: the node holds no keys.
    pub const ETH_ACCOUNTS: &str = "eth_accounts";
    /// CKB: `[]` → chain name, median time, epoch, ….
    pub const CKB_GET_BLOCKCHAIN_INFO: &str = "get_blockchain_info";
    /// CKB: `[]` → the tip's number.
    pub const CKB_GET_TIP_BLOCK_NUMBER: &str = "get_tip_block_number";
    /// CKB: `[verbosity?]` → the tip's header.
    pub const CKB_GET_TIP_HEADER: &str = "get_tip_header";
    /// CKB: `[block_hash, verbosity?]` → a header or null.
    pub const CKB_GET_HEADER: &str = "get_header";
    /// CKB: `[number, verbosity?]` → a header or null.
    pub const CKB_GET_HEADER_BY_NUMBER: &str = "get_header_by_number";
    /// CKB: `[out_point, with_data]` → the cell and `"live"`, or `"unknown"`.
    pub const CKB_GET_LIVE_CELL: &str = "get_live_cell";
    /// CKB: `[tx_hash, verbosity?]` → the transaction and its status.
    pub const CKB_GET_TRANSACTION: &str = "get_transaction";
    /// CKB: `[transaction, outputs_validator?]` → the transaction hash.
    pub const CKB_SEND_TRANSACTION: &str = "send_transaction";
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

/// The search key selecting the deposit cells `owner` made into their own Layer 2 account, whatever
/// the cancel timeout: deposit lock with args prefix `rollup_type_hash ‖ DepositLockArgs` up to
/// its last field (the table's header and offsets depend only on the fixed-size account script).
pub fn own_deposits_search_key(
    constants: &crate::network::NetworkConstants,
    deposit_lock_code_hash: &H256,
    owner: &EthAddress,
) -> SearchKey {
    let args = crate::ckb::deposit::DepositLockArgs {
        owner_lock_hash: crate::account::owner_lock(constants, owner).hash(),
        layer2_lock: crate::account::account_script(constants, owner),
        cancel_timeout: 0,
    };
    let mut prefix = args.to_lock_args(&constants.rollup_type_hash);
    prefix.truncate(prefix.len() - 8);
    SearchKey {
        script: Script::of_type(*deposit_lock_code_hash, prefix),
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

/// The search key pw-core's collector uses for the cells that can pay: `address`'s PW-lock cells
/// with empty data (L1 §3.2). Cells with a type script must still be left out by the caller.
pub fn plain_cells_search_key(
    constants: &crate::network::NetworkConstants,
    address: &EthAddress,
) -> SearchKey {
    SearchKey {
        filter: Some(SearchKeyFilter {
            output_data_len_range: Some([crate::quantity::Quantity(0), crate::quantity::Quantity(1)]),
            ..SearchKeyFilter::default()
        }),
        ..owner_cells_search_key(constants, address)
    }
}

wire_struct! {
    /// Where a Layer 1 transaction stands (`get_transaction`'s `tx_status`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TxStatusJson {
        /// `pending`, `proposed`, `committed`, `unknown` or `rejected`.
        status: String,
        /// The committing block, once committed.
        block_hash: Option<H256>,
    }
}

wire_struct! {
    /// `get_transaction`'s answer, as far as the page reads it (its status).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TransactionStatusJson {
        /// Where it stands.
        tx_status: TxStatusJson,
    }
}

wire_struct! {
    /// A CKB header (`get_header`, `get_header_by_number`, `get_tip_header`), as far as the page
    /// reads it: where the block is in number, time and epoch.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct HeaderJson {
        /// The block number.
        number: u64 as quantity,
        /// Its timestamp, ms since the Unix epoch.
        timestamp: u64 as quantity,
        /// Its epoch, packed (number, index, length).
        epoch: u64 as quantity,
    }
}

wire_struct! {
    /// `get_blockchain_info`'s answer, as far as the page reads it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BlockchainInfoJson {
        /// Median time of the last 37 blocks, ms: what relative-time `since` is measured against.
        median_time: u64 as quantity,
    }
}

wire_struct! {
    /// `get_live_cell`'s answer, as far as the page reads it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LiveCellStatusJson {
        /// `live`, or `unknown` when the cell was consumed or never existed.
        status: String,
    }
}

/// A withdrawal cell read back: its lock args decoded.
pub fn decode_withdrawal_cell(
    cell: &IndexerCell,
) -> Result<(Option<H256>, mol::WithdrawalLockArgs), mol::DecodeError> {
    mol::WithdrawalLockArgs::from_lock_args(cell.output.lock.args.as_ref())
}
