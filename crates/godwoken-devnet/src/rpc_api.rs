//! JSON-RPC 2.0 for the devnet's two endpoints: Godwoken/web3 (`/rpc`) and ckb-indexer
//! (`/indexer`). Envelopes, batches and error codes follow the JSON-RPC 2.0 specification; method
//! params follow Godwoken's parsing (positional arrays, strict quantities).

use std::sync::Arc;

use parking_lot::FairMutex;

use godwoken_core::eth::EthAddress;
use godwoken_core::hex::{HexBytes, H256};
use godwoken_core::network::NetworkConfig;
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::{code, method, ChainInfo, ErrorObject, Id, Order, Response, SearchKey};
use godwoken_core::verify::{self, Rejection};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::chain::{Chain, ChainError, RequestError, MAX_MINE_BLOCKS};

/// The most requests in one batch.
pub const MAX_BATCH_LEN: usize = 100;

/// Which endpoint a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Godwoken and web3 methods.
    Rpc,
    /// ckb-indexer methods.
    Indexer,
}

/// A clock in milliseconds since the Unix epoch; tests may substitute their own.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The wall clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    })
}

/// The running devnet: the chain behind a lock, and what it tells clients about itself.
pub struct Devnet {
    chain: FairMutex<Chain>,
    /// The network description served as `/config.json` (URLs rewritten per request).
    pub network: NetworkConfig,
    clock: Clock,
}

impl std::fmt::Debug for Devnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Devnet").field("network", &self.network).finish_non_exhaustive()
    }
}

impl Devnet {
    /// Wraps an opened chain.
    pub fn new(chain: Chain, network: NetworkConfig, clock: Clock) -> Self {
        Devnet { chain: FairMutex::new(chain), network, clock }
    }

    /// Runs `f` with the chain locked. Waiters are served in arrival order (a fair lock), so a
    /// request never waits behind a stream of later ones. A panic while the lock was held cannot
    /// leave the database half-written (the SQLite transaction rolls back), so the lock has no
    /// poisoning.
    pub fn with_chain<T>(&self, f: impl FnOnce(&mut Chain) -> T) -> T {
        let mut chain = self.chain.lock();
        f(&mut chain)
    }

    /// The clock's time.
    pub fn now_ms(&self) -> u64 {
        (self.clock)()
    }

    /// Produces `count` blocks now.
    pub fn mine(&self, count: u64) -> Result<u64, ChainError> {
        let now = self.now_ms();
        self.with_chain(|chain| chain.produce_blocks(count, now))
    }
}

/// A failed call, before it is put in an envelope.
#[derive(Debug)]
enum Failure {
    InvalidParams(String),
    MethodNotFound(String),
    Node(String),
    Busy(String),
    Internal(String),
}

impl Failure {
    fn into_error(self) -> ErrorObject {
        match self {
            Failure::InvalidParams(detail) => ErrorObject {
                code: code::INVALID_PARAMS,
                message: "Invalid params".into(),
                data: Some(Value::String(detail)),
            },
            Failure::MethodNotFound(name) => ErrorObject {
                code: code::METHOD_NOT_FOUND,
                message: "Method not found".into(),
                data: Some(Value::String(name)),
            },
            Failure::Node(text) => ErrorObject::new(code::GODWOKEN_ERROR, text),
            Failure::Busy(text) => ErrorObject::new(code::SERVER_BUSY, text),
            Failure::Internal(text) => ErrorObject::new(code::INTERNAL_ERROR, text),
        }
    }
}

impl From<ChainError> for Failure {
    fn from(err: ChainError) -> Self {
        Failure::Internal(err.to_string())
    }
}

impl From<RequestError> for Failure {
    fn from(err: RequestError) -> Self {
        match err {
            RequestError::Rejected(rejection) => Failure::Node(rejection.to_string()),
            RequestError::MempoolFull(_) => Failure::Busy(err.to_string()),
            RequestError::SupplyCap | RequestError::OutOfBounds(_) => Failure::InvalidParams(err.to_string()),
            RequestError::Chain(err) => Failure::Internal(err.to_string()),
        }
    }
}

/// A method's result, already encoded: a page of 1 000 cells is written once, straight from its
/// types, with no intermediate `Value` tree.
type CallResult = Result<Box<RawValue>, Failure>;

/// Positional params, read one by one with strict types.
struct Params<'a> {
    values: &'a [Value],
}

impl<'a> Params<'a> {
    fn new(params: &'a Value) -> Result<Self, Failure> {
        match params {
            Value::Array(values) => Ok(Params { values }),
            Value::Null => Ok(Params { values: &[] }),
            _ => Err(Failure::InvalidParams("params must be an array".into())),
        }
    }

    fn at_most(&self, count: usize) -> Result<(), Failure> {
        if self.values.len() > count {
            return Err(Failure::InvalidParams(format!("expected at most {count} params, got {}", self.values.len())));
        }
        Ok(())
    }

    fn required<T: DeserializeOwned>(&self, index: usize, what: &str) -> Result<T, Failure> {
        let value = self
            .values
            .get(index)
            .ok_or_else(|| Failure::InvalidParams(format!("missing param {index} ({what})")))?;
        T::deserialize(value).map_err(|err| Failure::InvalidParams(format!("param {index} ({what}): {err}")))
    }

    fn optional<T: DeserializeOwned>(&self, index: usize, what: &str) -> Result<Option<T>, Failure> {
        match self.values.get(index) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.required(index, what).map(Some),
        }
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> CallResult {
    serde_json::value::to_raw_value(value).map_err(|err| Failure::Internal(err.to_string()))
}

/// Answers one call of the Godwoken/web3 endpoint.
fn call_rpc(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    let constants = &devnet.network.constants;
    match name {
        method::GET_ACCOUNT_ID_BY_SCRIPT_HASH => {
            params.at_most(1)?;
            let hash: H256 = params.required(0, "script hash")?;
            let account = devnet.with_chain(|c| c.account_by_script_hash(&hash))?;
            to_json(&account.map(|a| Quantity(a.id)))
        }
        method::GET_NONCE => {
            params.at_most(1)?;
            let Quantity::<u32>(id) = params.required(0, "account id")?;
            let account = devnet.with_chain(|c| c.account_by_id(id))?;
            to_json(&Quantity(account.map_or(0, |a| a.nonce)))
        }
        method::GET_BALANCE => {
            params.at_most(2)?;
            let short: HexBytes = params.required(0, "short address")?;
            let short = <[u8; 20]>::try_from(short.0.as_slice())
                .map_err(|_| Failure::InvalidParams("param 0 (short address): expected 20 bytes".into()))?;
            let Quantity::<u32>(sudt_id) = params.required(1, "sudt id")?;
            let account = devnet.with_chain(|c| c.account_by_short_address(&short))?;
            let balance = if sudt_id == constants.ckb_sudt_id { account.map_or(0, |a| a.balance) } else { 0 };
            to_json(&Quantity(balance))
        }
        method::ETH_GET_BALANCE => {
            params.at_most(2)?;
            let address: EthAddress = params.required(0, "address")?;
            let _block: Option<Value> = params.optional(1, "block tag")?;
            let hash = godwoken_core::account::account_script_hash(constants, &address);
            let account = devnet.with_chain(|c| c.account_by_script_hash(&hash))?;
            to_json(&Quantity(account.map_or(0, |a| a.balance)))
        }
        method::GET_SCRIPT_HASH => {
            params.at_most(1)?;
            let Quantity::<u32>(id) = params.required(0, "account id")?;
            let account = devnet.with_chain(|c| c.account_by_id(id))?;
            to_json(&account.map_or(H256::ZERO, |a| a.script_hash))
        }
        method::GET_TIP_BLOCK_HASH => {
            params.at_most(0)?;
            to_json(&devnet.with_chain(|c| c.tip())?.hash)
        }
        method::GET_BLOCK_BY_NUMBER => {
            params.at_most(1)?;
            let Quantity::<u64>(number) = params.required(0, "block number")?;
            let block = devnet.with_chain(|c| c.block_by_number(number))?;
            to_json(&block)
        }
        method::SUBMIT_WITHDRAWAL_REQUEST => {
            params.at_most(1)?;
            let bytes: HexBytes = params.required(0, "withdrawal request")?;
            // Parsing and signature recovery need no state: do them before taking the lock.
            let prepared = verify::prepare(constants, &bytes.0).map_err(|err| match err {
                Rejection::Malformed(text) => Failure::Node(text),
                other => Failure::Node(other.to_string()),
            })?;
            let hash = devnet.with_chain(|c| c.submit(&prepared))?;
            to_json(&hash)
        }
        method::GET_WITHDRAWAL => {
            params.at_most(1)?;
            let hash: H256 = params.required(0, "withdrawal hash")?;
            to_json(&devnet.with_chain(|c| c.withdrawal(&hash))?)
        }
        method::ETH_CHAIN_ID => {
            params.at_most(0)?;
            to_json(&Quantity(devnet.network.web3_chain_id))
        }
        method::NET_VERSION => {
            params.at_most(0)?;
            to_json(&devnet.network.web3_chain_id.to_string())
        }
        method::POLY_GET_ROLLUP_TYPE_HASH => {
            params.at_most(0)?;
            to_json(&constants.rollup_type_hash)
        }
        method::POLY_GET_ETH_ACCOUNT_LOCK_HASH => {
            params.at_most(0)?;
            to_json(&constants.eth_account_lock_code_hash)
        }
        method::POLY_GET_CHAIN_INFO => {
            params.at_most(0)?;
            to_json(&ChainInfo {
                rollup_script_hash: constants.rollup_type_hash,
                eth_account_lock_type_hash: constants.eth_account_lock_code_hash,
                withdrawal_lock_type_hash: constants.withdrawal_lock_code_hash,
                pw_lock_type_hash: constants.pw_lock_code_hash,
                rollup_type_script: constants.rollup_type_script.clone(),
                finality_blocks: devnet.network.finality_blocks,
                chain_id: devnet.network.web3_chain_id,
            })
        }
        method::DEV_MINE => {
            params.at_most(1)?;
            let count = params.optional::<Quantity<u64>>(0, "block count")?.map_or(1, |Quantity(n)| n);
            if count == 0 || count > MAX_MINE_BLOCKS {
                return Err(Failure::InvalidParams(format!("block count must be between 1 and {MAX_MINE_BLOCKS}")));
            }
            to_json(&Quantity(devnet.mine(count)?))
        }
        method::DEV_FUND => {
            params.at_most(2)?;
            let address: EthAddress = params.required(0, "address")?;
            let Quantity::<u128>(shannons) = params.required(1, "shannons")?;
            let balance = devnet.with_chain(|c| c.fund(&address, shannons))?;
            to_json(&Quantity(balance))
        }
        "dev_audit" => {
            params.at_most(0)?;
            let audit = devnet.with_chain(|c| c.conservation())?;
            to_json(&json!({
                "supply": Quantity(audit.supply),
                "layer2": Quantity(audit.layer2),
                "pending": Quantity(audit.pending),
                "released": Quantity(audit.released),
                "holds": audit.holds(),
            }))
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}

/// Answers one call of the ckb-indexer endpoint.
fn call_indexer(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    match name {
        method::INDEXER_GET_TIP => {
            params.at_most(0)?;
            to_json(&devnet.with_chain(|c| c.indexer_tip())?)
        }
        method::INDEXER_GET_CELLS => {
            params.at_most(4)?;
            let key: SearchKey = params.required(0, "search key")?;
            let order: Order = params.required(1, "order")?;
            let Quantity::<u64>(limit) = params.required(2, "limit")?;
            let cursor: Option<HexBytes> = params.optional(3, "after cursor")?;
            let page = devnet.with_chain(|c| c.get_cells(&key, order, limit, cursor.as_ref().map(|c| c.0.as_slice())))?;
            to_json(&page)
        }
        method::INDEXER_GET_CELLS_CAPACITY => {
            params.at_most(1)?;
            let key: SearchKey = params.required(0, "search key")?;
            to_json(&devnet.with_chain(|c| c.get_cells_capacity(&key))?)
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}

/// A response as the devnet writes it: the result is the method's own encoding.
pub(crate) type Reply = Response<Box<RawValue>>;

fn invalid_request(id: Id, detail: &str) -> Reply {
    Reply::failure(id, ErrorObject {
        code: code::INVALID_REQUEST,
        message: "Invalid Request".into(),
        data: Some(Value::String(detail.into())),
    })
}

/// Answers one request object; `None` for a notification (no `id`).
fn handle_one(devnet: &Devnet, endpoint: Endpoint, request: &Value) -> Option<Reply> {
    let Value::Object(object) = request else {
        return Some(invalid_request(Id::Null, "a request must be an object"));
    };
    let id = match object.get("id") {
        None => None,
        Some(value) => match Id::deserialize(value) {
            Ok(id) => Some(id),
            Err(_) => return Some(invalid_request(Id::Null, "id must be a number, a string or null")),
        },
    };
    let reply_id = id.clone().unwrap_or(Id::Null);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Some(invalid_request(reply_id, "jsonrpc must be \"2.0\""));
    }
    let Some(name) = object.get("method").and_then(Value::as_str) else {
        return Some(invalid_request(reply_id, "method must be a string"));
    };
    let params_value = object.get("params").unwrap_or(&Value::Null);
    let outcome = Params::new(params_value).and_then(|params| match endpoint {
        Endpoint::Rpc => call_rpc(devnet, name, &params),
        Endpoint::Indexer => call_indexer(devnet, name, &params),
    });
    let id = id?;
    Some(match outcome {
        Ok(result) => Reply::success(id, result),
        Err(failure) => Reply::failure(id, failure.into_error()),
    })
}

/// Answers a request body (a single request or a batch) with the JSON text to send back. `None`
/// means nothing to send back (only notifications).
pub fn handle_body(devnet: &Devnet, endpoint: Endpoint, body: &[u8]) -> Option<String> {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => {
            let error = ErrorObject {
                code: code::PARSE_ERROR,
                message: "Parse error".into(),
                data: Some(Value::String(err.to_string())),
            };
            return encode(&Reply::failure(Id::Null, error));
        }
    };
    match parsed {
        Value::Array(batch) if batch.is_empty() => encode(&invalid_request(Id::Null, "empty batch")),
        Value::Array(batch) if batch.len() > MAX_BATCH_LEN => {
            encode(&invalid_request(Id::Null, &format!("a batch holds at most {MAX_BATCH_LEN} requests")))
        }
        Value::Array(batch) => {
            let replies: Vec<Reply> =
                batch.iter().filter_map(|request| handle_one(devnet, endpoint, request)).collect();
            if replies.is_empty() { None } else { encode(&replies) }
        }
        single => handle_one(devnet, endpoint, &single).and_then(|reply| encode(&reply)),
    }
}

fn encode<T: Serialize + ?Sized>(reply: &T) -> Option<String> {
    // Encoding our own types into a string cannot fail (no maps with non-string keys).
    serde_json::to_string(reply).ok()
}
