//! The Godwoken and ckb-indexer client: JSON-RPC over a [`Transport`]; the only module (with its
//! [`http`] transport, the only HTTP of the page) that talks to a node.
//!
//! One generic [`NodeClient::call`] plus one typed function per method. Errors keep apart what the
//! node said, what could not be read, and a node that did not answer (alloy's split). The client
//! is generic over its transport so that the services can be tested natively with a fake node;
//! the page has one transport, [`http::HttpTransport`], so it ships one copy of the client.

pub mod http;

use std::cell::Cell;
use std::rc::Rc;

use godwoken_core::hex::HexBytes;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{
    method, BlockWithdrawals, BlockchainInfoJson, CellsCapacity, HeaderJson, IndexerCell, LiveCellStatusJson, Order, OutPoint, Pagination, SearchKey,
    TransactionStatusJson, TxStatusJson, WithdrawalStatusJson,
};
use godwoken_core::verify::Rejection;
use godwoken_core::json::{self, FromJson, Json, JsonError, ToJson};
use godwoken_core::mol::WithdrawalRequest;
use godwoken_core::quantity::Quantity;
use godwoken_core::H256;

/// The params of a method that takes none: `[]`.
const NO_PARAMS: [u64; 0] = [];

/// How long a call may take before the page gives up on it.
pub const TIMEOUT_MS: i32 = 15_000;

/// Which of a network's endpoints a call goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// The Godwoken (web3) RPC.
    Godwoken,
    /// The ckb-indexer.
    Indexer,
    /// The CKB node (Layer 1).
    Ckb,
}

/// Carries one JSON-RPC exchange to a node and back: the request text out, the answer text in.
/// HTTP on the page ([`http::HttpTransport`]); a scripted node in native tests.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Posts `body` to `endpoint` and returns the answer's text (any HTTP status whose body is
    /// JSON, so that JSON-RPC errors are read), or why there was none.
    async fn exchange(&self, endpoint: Endpoint, body: String) -> Result<String, RpcError>;
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RpcError {
    /// No connection (node down, wrong URL, blocked by the browser).
    #[error("The node at {url} cannot be reached. Check that it is running (for the devnet: bash scripts/run), then retry.")]
    Unreachable {
        /// The URL.
        url: String,
    },
    /// No answer in time.
    #[error("The node at {url} did not answer within {} s. Retry in a moment.", TIMEOUT_MS / 1000)]
    Timeout {
        /// The URL.
        url: String,
    },
    /// An HTTP error status.
    #[error("The node answered with HTTP status {status}. Retry in a moment or choose another node.")]
    Http {
        /// Status code.
        status: u16,
    },
    /// An answer that is not the JSON-RPC the method promises.
    #[error("The node sent an answer this page cannot read ({detail}). It may not be a Godwoken v0 node.")]
    Malformed {
        /// What was wrong.
        detail: String,
    },
    /// The node's own error.
    #[error("{}", describe_node_error(.0))]
    Node(NodeError),
}

/// The node's error in words, with Godwoken's known rejections explained.
pub fn describe_node_error(error: &NodeError) -> String {
    match Rejection::from_node_message(&error.message) {
        Some(Rejection::InvalidNonce { .. }) => format!(
            "The node refused the request: {}. Another transaction changed your nonce meanwhile; click the button again to sign a fresh request.",
            error.message
        ),
        Some(Rejection::OverWithdrawal) => format!(
            "The node refused the request: {}. Your balance no longer covers the amount plus the fee.",
            error.message
        ),
        Some(Rejection::InvalidSignature) => format!(
            "The node refused the request: {}. The signature does not belong to this account; make sure the wallet signs with the connected address.",
            error.message
        ),
        Some(Rejection::Duplicated) => "The node already has this exact request; it is waiting for a block.".to_owned(),
        _ => format!("The node refused the request: {} (code {}).", error.message, error.code),
    }
}

/// The node's error object, without its free-form `data` (the page shows code and message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeError {
    /// The JSON-RPC error code.
    pub code: i64,
    /// The node's text, e.g. one of Godwoken's rejections.
    pub message: String,
}

impl FromJson for NodeError {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(NodeError { code: json::member(json, "code")?, message: json::member(json, "message")? })
    }
}

/// The result of a JSON-RPC response to request `id`. Only what the page uses is read: the id
/// (the page only sends numbers; `null` when the node could not read the request), and of an
/// error its code and message. A response holds exactly one of `result` and `error` (JSON-RPC
/// 2.0): an answer with neither is malformed, never read as a `null` result ("no account", or a
/// submission taken without a hash).
fn response_result<'j>(response: &'j Json<'j>, id: u64) -> Result<&'j Json<'j>, RpcError> {
    let error = json::member::<Option<NodeError>>(response, "error").map_err(not_json_rpc)?;
    let result = response.get("result");
    match (error, result) {
        (Some(_), Some(_)) => return Err(malformed("the answer has both a result and an error")),
        (Some(error), None) => return Err(RpcError::Node(error)),
        (None, None) => return Err(malformed("the answer has neither a result nor an error")),
        (None, Some(_)) => {}
    }
    if json::member::<Option<u64>>(response, "id").map_err(not_json_rpc)? != Some(id) {
        return Err(malformed("the answer is for another request"));
    }
    Ok(result.unwrap_or(&Json::Null))
}

fn malformed(detail: &str) -> RpcError {
    RpcError::Malformed { detail: detail.to_owned() }
}

/// An answer that is not a JSON-RPC response at all.
fn not_json_rpc(error: JsonError) -> RpcError {
    RpcError::Malformed { detail: format!("not a JSON-RPC response: {error}") }
}

/// A JSON-RPC client of one network's Godwoken RPC and indexer.
#[derive(Debug, Clone)]
pub struct NodeClient<T = http::HttpTransport> {
    transport: T,
    next_id: Rc<Cell<u64>>,
}

/// Two clients are the same when they talk to the same endpoints; the request counter is not part
/// of the identity (comparing it would re-run every effect that depends on a client after each call).
impl<T: PartialEq> PartialEq for NodeClient<T> {
    fn eq(&self, other: &Self) -> bool {
        self.transport == other.transport
    }
}

impl NodeClient {
    /// A client of `network`'s endpoints over HTTP.
    pub fn new(network: &NetworkConfig) -> Self {
        NodeClient::over(http::HttpTransport::new(network))
    }
}

impl<T: Transport> NodeClient<T> {
    /// A client over `transport`.
    pub fn over(transport: T) -> Self {
        NodeClient { transport, next_id: Rc::default() }
    }

    /// One JSON-RPC call with positional `params` (a tuple), its result read as `T`.
    pub async fn call<R: FromJson>(&self, endpoint: Endpoint, method: &str, params: &dyn ToJson) -> Result<R, RpcError> {
        let (id, text) = self.call_raw(endpoint, method, params).await?;
        let response = Json::parse(&text).map_err(not_json_rpc)?;
        R::from_json(response_result(&response, id)?).map_err(|e| RpcError::Malformed { detail: format!("{method}: {e}") })
    }

    /// One JSON-RPC exchange: the request's id and the response text. Not generic: one copy of
    /// the exchange serves every method (each typed wrapper only adds its reader), which keeps
    /// the page small.
    async fn call_raw(&self, endpoint: Endpoint, method: &str, params: &dyn ToJson) -> Result<(u64, String), RpcError> {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        Ok((id, self.transport.exchange(endpoint, json::request_text(id, method, params)).await?))
    }

    /// `poly_getRollupTypeHash`.
    pub async fn rollup_type_hash(&self) -> Result<H256, RpcError> {
        self.call(Endpoint::Godwoken, method::POLY_GET_ROLLUP_TYPE_HASH, &NO_PARAMS).await
    }

    /// `poly_getEthAccountLockHash`.
    pub async fn eth_account_lock_hash(&self) -> Result<H256, RpcError> {
        self.call(Endpoint::Godwoken, method::POLY_GET_ETH_ACCOUNT_LOCK_HASH, &NO_PARAMS).await
    }

    /// `gw_get_account_id_by_script_hash`: `None` when the address has no Layer 2 account.
    pub async fn account_id(&self, script_hash: &H256) -> Result<Option<u32>, RpcError> {
        let id: Option<Quantity<u32>> = self.call(Endpoint::Godwoken, method::GET_ACCOUNT_ID_BY_SCRIPT_HASH, &(script_hash,)).await?;
        Ok(id.map(|id| id.0))
    }

    /// `gw_get_nonce`.
    pub async fn nonce(&self, account_id: u32) -> Result<u32, RpcError> {
        let nonce: Quantity<u32> = self.call(Endpoint::Godwoken, method::GET_NONCE, &(Quantity(account_id),)).await?;
        Ok(nonce.0)
    }

    /// `gw_get_balance` of CKB (sUDT `sudt_id`), in shannons.
    pub async fn ckb_balance(&self, short_address: &[u8; 20], sudt_id: u32) -> Result<u128, RpcError> {
        let params = godwoken_core::rpc::get_balance_params(short_address, sudt_id);
        let balance: Quantity<u128> = self.call(Endpoint::Godwoken, method::GET_BALANCE, &params).await?;
        Ok(balance.0)
    }

    /// `gw_submit_withdrawal_request`: the withdrawal hash the node took (a `null` answer is
    /// malformed: it proves nothing).
    pub async fn submit_withdrawal(&self, request: &WithdrawalRequest) -> Result<H256, RpcError> {
        self.call(Endpoint::Godwoken, method::SUBMIT_WITHDRAWAL_REQUEST, &godwoken_core::rpc::submit_withdrawal_params(request)).await
    }

    /// `gw_get_withdrawal`: the request's status, `None` when the node does not know it.
    pub async fn withdrawal(&self, hash: &H256) -> Result<Option<WithdrawalStatusJson>, RpcError> {
        self.call(Endpoint::Godwoken, method::GET_WITHDRAWAL, &(hash,)).await
    }

    /// `gw_get_block_by_number`: the block's withdrawal requests, `None` past the tip.
    pub async fn block_by_number(&self, number: u64) -> Result<Option<BlockWithdrawals>, RpcError> {
        self.call(Endpoint::Godwoken, method::GET_BLOCK_BY_NUMBER, &(Quantity(number),)).await
    }

    /// Indexer `get_cells`, one page.
    pub async fn cells_page(&self, key: &SearchKey, order: Order, limit: u64, cursor: Option<&HexBytes>) -> Result<Pagination<IndexerCell>, RpcError> {
        let limit = Quantity(limit);
        match cursor {
            Some(cursor) => self.call(Endpoint::Indexer, method::INDEXER_GET_CELLS, &(key, order, limit, cursor)).await,
            None => self.call(Endpoint::Indexer, method::INDEXER_GET_CELLS, &(key, order, limit)).await,
        }
    }

    /// Indexer `get_cells`, every page (until a short page), at most `max_cells` cells. A page
    /// longer than asked, or a cursor that does not move on, is a malformed answer: a node that
    /// ignores the bounds is never followed further.
    pub async fn all_cells(&self, key: &SearchKey, page_size: u64, max_cells: usize) -> Result<Vec<IndexerCell>, RpcError> {
        let mut cells = Vec::new();
        let mut cursor: Option<HexBytes> = None;
        loop {
            let page = self.cells_page(key, Order::Asc, page_size, cursor.as_ref()).await?;
            if page.objects.len() as u64 > page_size {
                return Err(RpcError::Malformed { detail: format!("get_cells: {} cells in a page of at most {page_size}", page.objects.len()) });
            }
            if cursor.as_ref() == Some(&page.last_cursor) {
                return Err(malformed("get_cells: the indexer repeated its cursor"));
            }
            let short = (page.objects.len() as u64) < page_size;
            cells.extend(page.objects);
            if short || page.last_cursor.0.is_empty() || cells.len() >= max_cells {
                return Ok(cells);
            }
            cursor = Some(page.last_cursor);
        }
    }

    /// Indexer `get_cells_capacity`.
    pub async fn cells_capacity(&self, key: &SearchKey) -> Result<CellsCapacity, RpcError> {
        self.call(Endpoint::Indexer, method::INDEXER_GET_CELLS_CAPACITY, &(key,)).await
    }

    /// CKB `send_transaction(tx, "passthrough")`, as the 2021 clients sent it: the transaction hash.
    pub async fn send_transaction(&self, tx: &godwoken_core::ckb::Transaction) -> Result<H256, RpcError> {
        self.call(Endpoint::Ckb, method::CKB_SEND_TRANSACTION, &(tx, "passthrough")).await
    }

    /// CKB `get_transaction`: where the transaction stands; `None` when the node does not have it
    /// (CKB v0.101 answers status `unknown`, older nodes `null`, newer ones also `rejected`).
    pub async fn layer1_transaction(&self, hash: &H256) -> Result<Option<TxStatusJson>, RpcError> {
        let found: Option<TransactionStatusJson> = self.call(Endpoint::Ckb, method::CKB_GET_TRANSACTION, &(hash,)).await?;
        Ok(found.map(|found| found.tx_status).filter(|status| !matches!(status.status.as_str(), "unknown" | "rejected")))
    }

    /// CKB `get_header`: the number of block `hash`, `None` when the node does not know it.
    pub async fn layer1_block_number(&self, hash: &H256) -> Result<Option<u64>, RpcError> {
        let header: Option<HeaderJson> = self.call(Endpoint::Ckb, method::CKB_GET_HEADER, &(hash,)).await?;
        Ok(header.map(|header| header.number))
    }

    /// CKB `get_header_by_number`, `None` past the tip.
    pub async fn layer1_header(&self, number: u64) -> Result<Option<HeaderJson>, RpcError> {
        self.call(Endpoint::Ckb, method::CKB_GET_HEADER_BY_NUMBER, &(Quantity(number),)).await
    }

    /// CKB `get_tip_header`.
    pub async fn layer1_tip(&self) -> Result<HeaderJson, RpcError> {
        self.call(Endpoint::Ckb, method::CKB_GET_TIP_HEADER, &NO_PARAMS).await
    }

    /// CKB `get_blockchain_info`'s median time, ms.
    pub async fn layer1_median_time(&self) -> Result<u64, RpcError> {
        let info: BlockchainInfoJson = self.call(Endpoint::Ckb, method::CKB_GET_BLOCKCHAIN_INFO, &NO_PARAMS).await?;
        Ok(info.median_time)
    }

    /// CKB `get_live_cell` without data: whether the cell is live.
    pub async fn is_live(&self, out_point: &OutPoint) -> Result<bool, RpcError> {
        let answer: LiveCellStatusJson = self.call(Endpoint::Ckb, method::CKB_GET_LIVE_CELL, &(out_point, false)).await?;
        Ok(answer.status == "live")
    }

    /// The devnet's Layer 1 faucet `dev_fund_layer1`: a PW-lock cell of `shannons` for
    /// `address`; the hash of the transaction that made it.
    pub async fn fund_layer1(&self, address: &godwoken_core::eth::EthAddress, shannons: u64) -> Result<H256, RpcError> {
        self.call(Endpoint::Godwoken, method::DEV_FUND_LAYER1, &(address.to_lower_hex(), Quantity(shannons))).await
    }
}

