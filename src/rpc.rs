//! The Godwoken and ckb-indexer client: the only module that does HTTP.
//!
//! One generic [`NodeClient::call`] plus one typed function per method. Errors keep apart what the
//! node said, what could not be read, and a node that did not answer (alloy's split).

use std::cell::Cell;
use std::rc::Rc;

use godwoken_core::hex::HexBytes;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{
    method, BlockWithdrawals, CellsCapacity, IndexerCell, Order, Pagination, SearchKey, WithdrawalStatusJson,
};
use godwoken_core::verify::Rejection;
use godwoken_core::json::{self, FromJson, Json, JsonError, ToJson};
use godwoken_core::mol::WithdrawalRequest;
use godwoken_core::quantity::Quantity;
use godwoken_core::H256;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The params of a method that takes none: `[]`.
const NO_PARAMS: [u64; 0] = [];

/// How long a call may take before the page gives up on it.
pub const TIMEOUT_MS: i32 = 15_000;

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
/// error its code and message.
fn response_result<'j>(response: &'j Json<'j>, id: u64) -> Result<&'j Json<'j>, RpcError> {
    if let Some(error) = json::member::<Option<NodeError>>(response, "error").map_err(not_json_rpc)? {
        return Err(RpcError::Node(error));
    }
    if json::member::<Option<u64>>(response, "id").map_err(not_json_rpc)? != Some(id) {
        return Err(RpcError::Malformed { detail: "the answer is for another request".into() });
    }
    Ok(response.get("result").unwrap_or(&Json::Null))
}

/// An answer that is not a JSON-RPC response at all.
fn not_json_rpc(error: JsonError) -> RpcError {
    RpcError::Malformed { detail: format!("not a JSON-RPC response: {error}") }
}

/// A client of one network's Godwoken RPC and indexer.
#[derive(Debug, Clone)]
pub struct NodeClient {
    /// Godwoken (web3) RPC URL.
    pub rpc_url: String,
    /// ckb-indexer URL.
    pub indexer_url: String,
    next_id: Rc<Cell<u64>>,
}

/// Two clients are the same when they talk to the same endpoints; the request counter is not part
/// of the identity (comparing it would re-run every effect that depends on a client after each call).
impl PartialEq for NodeClient {
    fn eq(&self, other: &Self) -> bool {
        self.rpc_url == other.rpc_url && self.indexer_url == other.indexer_url
    }
}

async fn post(url: &str, body: String) -> Result<String, RpcError> {
    let controller = web_sys::AbortController::new().ok();
    // Abort the fetch when the timer fires; the closure lives until the call ends.
    let abort = controller.clone().map(|c| Closure::<dyn Fn()>::new(move || c.abort()));
    let timer = match (web_sys::window(), &abort) {
        (Some(window), Some(abort)) => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(abort.as_ref().unchecked_ref(), TIMEOUT_MS)
            .ok(),
        _ => None,
    };
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let result = async {
        let request = gloo_net::http::Request::post(url)
            .header("content-type", "application/json")
            .abort_signal(signal.as_ref())
            .body(body)
            .map_err(|e| match e {
                // The browser refused to build the request (e.g. a URL it cannot fetch).
                gloo_net::Error::JsError(js) => RpcError::Unreachable { url: format!("{url} ({js})") },
                // Not matched as a whole: gloo-net's error text would ship serde_json's messages.
                _ => RpcError::Unreachable { url: url.to_owned() },
            })?;
        let response = request.send().await.map_err(|_| {
            if signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                RpcError::Timeout { url: url.to_owned() }
            } else {
                RpcError::Unreachable { url: url.to_owned() }
            }
        })?;
        let status = response.status();
        let text = response.text().await.map_err(|_| RpcError::Unreachable { url: url.to_owned() })?;
        // JSON-RPC errors may come with a non-200 status; read the body first when it is JSON.
        if !(200..300).contains(&status) && Json::parse(&text).is_err() {
            return Err(RpcError::Http { status });
        }
        Ok(text)
    }
    .await;
    if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
        window.clear_timeout_with_handle(timer);
    }
    drop(abort);
    result
}

impl NodeClient {
    /// A client of `network`'s endpoints.
    pub fn new(network: &NetworkConfig) -> Self {
        NodeClient { rpc_url: network.rpc_url.clone(), indexer_url: network.indexer_url.clone(), next_id: Rc::default() }
    }

    /// One JSON-RPC call with positional `params` (a tuple), its result read as `T`.
    pub async fn call<T: FromJson>(&self, indexer: bool, method: &str, params: &dyn ToJson) -> Result<T, RpcError> {
        let (id, text) = self.call_raw(indexer, method, params).await?;
        let response = Json::parse(&text).map_err(not_json_rpc)?;
        T::from_json(response_result(&response, id)?).map_err(|e| RpcError::Malformed { detail: format!("{method}: {e}") })
    }

    /// One JSON-RPC exchange: the request's id and the response text. Not generic: one copy of
    /// the exchange serves every method (each typed wrapper only adds its reader), which keeps
    /// the page small.
    async fn call_raw(&self, indexer: bool, method: &str, params: &dyn ToJson) -> Result<(u64, String), RpcError> {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        let url = if indexer { &self.indexer_url } else { &self.rpc_url };
        Ok((id, post(url, json::request_text(id, method, params)).await?))
    }

    /// `poly_getRollupTypeHash`.
    pub async fn rollup_type_hash(&self) -> Result<H256, RpcError> {
        self.call(false, method::POLY_GET_ROLLUP_TYPE_HASH, &NO_PARAMS).await
    }

    /// `poly_getEthAccountLockHash`.
    pub async fn eth_account_lock_hash(&self) -> Result<H256, RpcError> {
        self.call(false, method::POLY_GET_ETH_ACCOUNT_LOCK_HASH, &NO_PARAMS).await
    }

    /// `gw_get_account_id_by_script_hash`: `None` when the address has no Layer 2 account.
    pub async fn account_id(&self, script_hash: &H256) -> Result<Option<u32>, RpcError> {
        let id: Option<Quantity<u32>> = self.call(false, method::GET_ACCOUNT_ID_BY_SCRIPT_HASH, &(script_hash,)).await?;
        Ok(id.map(|id| id.0))
    }

    /// `gw_get_nonce`.
    pub async fn nonce(&self, account_id: u32) -> Result<u32, RpcError> {
        let nonce: Quantity<u32> = self.call(false, method::GET_NONCE, &(Quantity(account_id),)).await?;
        Ok(nonce.0)
    }

    /// `gw_get_balance` of CKB (sUDT `sudt_id`), in shannons.
    pub async fn ckb_balance(&self, short_address: &[u8; 20], sudt_id: u32) -> Result<u128, RpcError> {
        let params = godwoken_core::rpc::get_balance_params(short_address, sudt_id);
        let balance: Quantity<u128> = self.call(false, method::GET_BALANCE, &params).await?;
        Ok(balance.0)
    }

    /// `gw_submit_withdrawal_request`: the withdrawal hash, when the node returns one.
    pub async fn submit_withdrawal(&self, request: &WithdrawalRequest) -> Result<Option<H256>, RpcError> {
        self.call(false, method::SUBMIT_WITHDRAWAL_REQUEST, &godwoken_core::rpc::submit_withdrawal_params(request)).await
    }

    /// `gw_get_withdrawal`: the request's status, `None` when the node does not know it.
    pub async fn withdrawal(&self, hash: &H256) -> Result<Option<WithdrawalStatusJson>, RpcError> {
        self.call(false, method::GET_WITHDRAWAL, &(hash,)).await
    }

    /// `gw_get_block_by_number`: the block's withdrawal requests, `None` past the tip.
    pub async fn block_by_number(&self, number: u64) -> Result<Option<BlockWithdrawals>, RpcError> {
        self.call(false, method::GET_BLOCK_BY_NUMBER, &(Quantity(number),)).await
    }

    /// Indexer `get_cells`, one page.
    pub async fn cells_page(&self, key: &SearchKey, order: Order, limit: u64, cursor: Option<&HexBytes>) -> Result<Pagination<IndexerCell>, RpcError> {
        let limit = Quantity(limit);
        match cursor {
            Some(cursor) => self.call(true, method::INDEXER_GET_CELLS, &(key, order, limit, cursor)).await,
            None => self.call(true, method::INDEXER_GET_CELLS, &(key, order, limit)).await,
        }
    }

    /// Indexer `get_cells`, every page (until a short page), at most `max_cells` cells.
    pub async fn all_cells(&self, key: &SearchKey, page_size: u64, max_cells: usize) -> Result<Vec<IndexerCell>, RpcError> {
        let mut cells = Vec::new();
        let mut cursor: Option<HexBytes> = None;
        loop {
            let page = self.cells_page(key, Order::Asc, page_size, cursor.as_ref()).await?;
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
        self.call(true, method::INDEXER_GET_CELLS_CAPACITY, &(key,)).await
    }
}

/// Reads `/config.json` of the origin that served the page (present when the devnet serves it).
pub async fn served_config() -> Result<NetworkConfig, RpcError> {
    let response = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|_| RpcError::Unreachable { url: "config.json".into() })?;
    if !response.ok() {
        return Err(RpcError::Http { status: response.status() });
    }
    let text = response.text().await.map_err(|_| RpcError::Unreachable { url: "config.json".into() })?;
    json::read(&text).map_err(|e| RpcError::Malformed { detail: format!("config.json: {e}") })
}
