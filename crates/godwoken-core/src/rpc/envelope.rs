//! JSON-RPC 2.0 envelopes as serde types: what the devnet reads and writes, and the tests' client.
//! The page writes its requests with `json::request_text` and reads responses member by member.

use serde::{Deserialize, Serialize};
use serde_json::Value;

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

impl<P> Request<P> {
    /// A request with positional params.
    pub fn new(id: u64, method: &str, params: P) -> Self {
        Request { jsonrpc: "2.0".into(), id: Id::Number(id), method: method.into(), params }
    }
}

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

impl ErrorObject {
    /// An error with no data.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        ErrorObject { code, message: message.into(), data: None }
    }
}

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
