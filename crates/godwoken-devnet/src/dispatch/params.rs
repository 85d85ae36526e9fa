//! What every handler shares: strict positional params, the failure kinds with their JSON-RPC
//! codes, and results encoded once, straight from their types.

use godwoken_core::json::ToJson;
use godwoken_core::rpc::{code, ErrorObject};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::chain::{ChainError, RequestError};

/// A failed call, before it is put in an envelope.
#[derive(Debug)]
pub(crate) enum Failure {
    /// `-32602`, with what was wrong.
    InvalidParams(String),
    /// `-32601`, with the method's name.
    MethodNotFound(String),
    /// Godwoken's own refusal: code 0 and its text.
    Node(String),
    /// The devnet cannot take more now (mempool full).
    Busy(String),
    /// The devnet itself failed.
    Internal(String),
    /// A CKB node's refusal of a transaction, with CKB's code, text and data.
    Ckb(godwoken_core::ckb::TxError),
}

impl Failure {
    pub(crate) fn into_error(self) -> ErrorObject {
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
            Failure::Ckb(error) => ErrorObject { code: error.code(), message: error.message(), data: error.data().map(Value::String) },
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

impl From<crate::chain::SendError> for Failure {
    fn from(err: crate::chain::SendError) -> Self {
        match err {
            crate::chain::SendError::Refused(error) => Failure::Ckb(error),
            crate::chain::SendError::Devnet(err) => err.into(),
        }
    }
}

/// A method's result, already encoded: a page of 1 000 cells is written once, straight from its
/// types, with no intermediate `Value` tree.
pub(crate) type CallResult = Result<JsonText, Failure>;

/// A method's result as JSON text, written by one of the two encoders below from the result's
/// own type (never from outside input), so it is put into the response as it is.
#[derive(Debug)]
pub(crate) struct JsonText(pub(crate) String);

/// Encodes a handler's result.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> CallResult {
    serde_json::to_string(value).map(JsonText).map_err(|err| Failure::Internal(err.to_string()))
}

/// Encodes a large result with the core's writer, byte for byte as [`to_json`] would
/// (`godwoken-core/tests/json_writers.rs`): an indexer page is hundreds of kilobytes, mostly hex,
/// which this writes in one pass where serde_json scans every digit for characters to escape.
pub(crate) fn to_json_text<T: ToJson + ?Sized>(value: &T) -> CallResult {
    Ok(JsonText(godwoken_core::json::to_string(value)))
}

/// Positional params, read one by one with strict types.
pub(crate) struct Params<'a> {
    values: &'a [Value],
}

impl<'a> Params<'a> {
    pub(crate) fn new(params: &'a Value) -> Result<Self, Failure> {
        match params {
            Value::Array(values) => Ok(Params { values }),
            Value::Null => Ok(Params { values: &[] }),
            _ => Err(Failure::InvalidParams("params must be an array".into())),
        }
    }

    pub(crate) fn at_most(&self, count: usize) -> Result<(), Failure> {
        if self.values.len() > count {
            return Err(Failure::InvalidParams(format!("expected at most {count} params, got {}", self.values.len())));
        }
        Ok(())
    }

    pub(crate) fn required<T: DeserializeOwned>(&self, index: usize, what: &str) -> Result<T, Failure> {
        let value = self
            .values
            .get(index)
            .ok_or_else(|| Failure::InvalidParams(format!("missing param {index} ({what})")))?;
        T::deserialize(value).map_err(|err| Failure::InvalidParams(format!("param {index} ({what}): {err}")))
    }

    pub(crate) fn optional<T: DeserializeOwned>(&self, index: usize, what: &str) -> Result<Option<T>, Failure> {
        match self.values.get(index) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.required(index, what).map(Some),
        }
    }
}
