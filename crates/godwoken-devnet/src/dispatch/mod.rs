//! JSON-RPC 2.0 dispatch for the devnet's endpoints: Godwoken/web3 (`/rpc`), the CKB node
//! (`/ckb`, whose methods `/rpc` also answers: no names collide) and ckb-indexer (`/indexer`, and
//! on `/ckb` as CKB ≥ 0.106 nodes serve it). Envelopes, batches and error codes follow the
//! JSON-RPC 2.0 specification; method params follow Godwoken's and CKB's parsing (positional
//! arrays, strict quantities). Each namespace has its own handler: [`gw`], [`poly`], [`eth`]
//! (with `net_`), [`dev`], [`ckb`] and the [`indexer`].

mod ckb;
mod dev;
mod eth;
mod gw;
mod indexer;
mod params;
mod poly;

use godwoken_core::rpc::{code, ErrorObject, Id, Response};
use serde::Deserialize;
use serde_json::Value;

use crate::devnet::Devnet;
use params::{CallResult, Failure, JsonText, Params};

/// The most requests in one batch.
pub const MAX_BATCH_LEN: usize = 100;

/// Which endpoint a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Godwoken and web3 methods, and the CKB node's.
    Rpc,
    /// The CKB node's methods and the indexer's.
    Ckb,
    /// ckb-indexer methods.
    Indexer,
}

/// A response as the devnet writes it.
enum Reply {
    /// The method's result, in its own encoding.
    Success {
        /// The request's id.
        id: Id,
        /// The result.
        result: JsonText,
    },
    /// The error.
    Error(Response),
}

impl Reply {
    fn failure(id: Id, error: ErrorObject) -> Self {
        Reply::Error(Response::failure(id, error))
    }

    /// Room for the reply's text: an answer of megabytes is written without being copied again
    /// as it grows.
    fn size_hint(&self) -> usize {
        match self {
            Reply::Success { result, .. } => result.0.len() + 64,
            Reply::Error(_) => 256,
        }
    }

    /// Appends the response's JSON text, as serde_json writes a [`Response`].
    fn write(&self, out: &mut String) {
        match self {
            // Encoding our own types into a string cannot fail (no maps with non-string keys).
            Reply::Success { id, result } => {
                out.push_str(r#"{"jsonrpc":"2.0","id":"#);
                out.push_str(&serde_json::to_string(id).unwrap_or_else(|_| "null".into()));
                out.push_str(r#","result":"#);
                out.push_str(&result.0);
                out.push('}');
            }
            Reply::Error(response) => out.push_str(&serde_json::to_string(response).unwrap_or_default()),
        }
    }
}

/// Routes one call of the Godwoken/web3 endpoint to its namespace.
fn call_rpc(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    let namespace = name.split_once('_').map_or("", |(namespace, _)| namespace);
    match namespace {
        "gw" => gw::call(devnet, name, params),
        "poly" => poly::call(devnet, name, params),
        "eth" | "net" => eth::call(devnet, name, params),
        "dev" => dev::call(devnet, name, params),
        _ => call_ckb(devnet, name, params),
    }
}

/// Routes one call of the CKB endpoint: node methods, then the indexer's.
fn call_ckb(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    if ckb::serves(name) { ckb::call(devnet, name, params) } else { indexer::call(devnet, name, params) }
}

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
    let started = std::time::Instant::now();
    let outcome = Params::new(params_value).and_then(|params| match endpoint {
        Endpoint::Rpc => call_rpc(devnet, name, &params),
        Endpoint::Ckb => call_ckb(devnet, name, &params),
        Endpoint::Indexer => indexer::call(devnet, name, &params),
    });
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let outcome = outcome.map_err(Failure::into_error);
    match &outcome {
        Ok(_) => tracing::info!("{name} {ms:.2} ms"),
        Err(error) => tracing::info!("{name} {ms:.2} ms error {}: {}", error.code, error.message),
    }
    let id = id?;
    Some(match outcome {
        Ok(result) => Reply::Success { id, result },
        Err(error) => Reply::failure(id, error),
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
            return Some(encode(&Reply::failure(Id::Null, error)));
        }
    };
    match parsed {
        Value::Array(batch) if batch.is_empty() => Some(encode(&invalid_request(Id::Null, "empty batch"))),
        Value::Array(batch) if batch.len() > MAX_BATCH_LEN => {
            Some(encode(&invalid_request(Id::Null, &format!("a batch holds at most {MAX_BATCH_LEN} requests"))))
        }
        Value::Array(batch) => {
            let replies: Vec<Reply> =
                batch.iter().filter_map(|request| handle_one(devnet, endpoint, request)).collect();
            if replies.is_empty() { None } else { Some(encode_batch(&replies)) }
        }
        single => handle_one(devnet, endpoint, &single).map(|reply| encode(&reply)),
    }
}

/// The text of one response.
fn encode(reply: &Reply) -> String {
    let mut out = String::with_capacity(reply.size_hint());
    reply.write(&mut out);
    out
}

/// The text of a batch's responses: an array of them.
fn encode_batch(replies: &[Reply]) -> String {
    let mut out = String::with_capacity(replies.iter().map(|reply| reply.size_hint() + 1).sum::<usize>() + 1);
    out.push('[');
    for (index, reply) in replies.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        reply.write(&mut out);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_written_as_serde_json_writes_a_response() {
        // Members in serde_json's own (sorted) order, so that the result reads back unchanged.
        let result = r#"{"last_cursor":"0x\u0001","objects":[1,"two",null]}"#;
        for id in [Id::Number(7), Id::String("a \"quoted\" id".into()), Id::Null] {
            let reply = Reply::Success { id: id.clone(), result: JsonText(result.into()) };
            let expected = Response::success(id.clone(), serde_json::from_str::<Value>(result).expect("JSON"));
            assert_eq!(encode(&reply), serde_json::to_string(&expected).expect("JSON"));
            let error = ErrorObject::new(code::INVALID_REQUEST, "Invalid Request");
            let both = [reply, Reply::failure(id.clone(), error.clone())];
            let expected_batch = [expected, Response::failure(id, error)];
            assert_eq!(encode_batch(&both), serde_json::to_string(&expected_batch).expect("JSON"));
        }
    }
}
