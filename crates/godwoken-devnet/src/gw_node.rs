//! `gw`'s calls to a node (`--rpc-url`, like cast's): JSON-RPC over blocking HTTP, one call at a
//! time, every failure in words. The devnet answers Godwoken, CKB and indexer methods on `/rpc`,
//! so one URL reaches all three.

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The devnet's JSON-RPC URL, the default of `--rpc-url` and `GW_RPC_URL`.
pub const DEFAULT_RPC_URL: &str = "http://127.0.0.1:8024/rpc";

/// Why a call to the node failed.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// No answer.
    #[error("the node at {url} cannot be reached ({reason}); is the devnet running (bash scripts/run)?")]
    Unreachable {
        /// The URL.
        url: String,
        /// What the HTTP client said.
        reason: String,
    },
    /// The node's own error.
    #[error("{method}: the node refused: {message} (code {code})")]
    Refused {
        /// The method.
        method: String,
        /// JSON-RPC code.
        code: i64,
        /// Its message.
        message: String,
    },
    /// An answer that is not what the method returns.
    #[error("{method}: unexpected answer: {detail}")]
    Malformed {
        /// The method.
        method: String,
        /// What was wrong.
        detail: String,
    },
    /// Waited in vain.
    #[error("{0}")]
    TimedOut(String),
}

/// A node reached at one URL.
pub struct NodeClient {
    url: String,
    http: reqwest::blocking::Client,
}

impl NodeClient {
    /// The node at `url`.
    pub fn new(url: &str) -> NodeClient {
        let http = reqwest::blocking::Client::builder().timeout(Duration::from_secs(15)).build().unwrap_or_default();
        NodeClient { url: url.to_owned(), http }
    }

    /// Calls `method` with `params` and reads its result as `T`.
    pub fn call<T: DeserializeOwned>(&self, method: &str, params: Value) -> Result<T, NodeError> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let unreachable = |reason: reqwest::Error| NodeError::Unreachable { url: self.url.clone(), reason: reason.to_string() };
        let answer: Value = self.http.post(&self.url).json(&body).send().map_err(unreachable)?.json().map_err(unreachable)?;
        let malformed = |detail: String| NodeError::Malformed { method: method.to_owned(), detail };
        match (answer.get("result"), answer.get("error")) {
            (Some(result), None) => serde_json::from_value(result.clone()).map_err(|err| malformed(err.to_string())),
            (None, Some(error)) => Err(NodeError::Refused {
                method: method.to_owned(),
                code: error["code"].as_i64().unwrap_or_default(),
                message: error["message"].as_str().unwrap_or_default().to_owned(),
            }),
            _ => Err(malformed("not a JSON-RPC 2.0 answer (exactly one of result and error)".into())),
        }
    }

    /// Asks `check` until it returns `Some`, every half second, for at most `timeout`; `what`
    /// names the wait in the error and in the progress line printed to stderr.
    pub fn wait_for<T>(&self, what: &str, timeout: Duration, mut check: impl FnMut(&Self) -> Result<Option<T>, NodeError>) -> Result<T, NodeError> {
        let started = Instant::now();
        loop {
            if let Some(found) = check(self)? {
                return Ok(found);
            }
            if started.elapsed() >= timeout {
                return Err(NodeError::TimedOut(format!("{what}: not done after {} s", timeout.as_secs())));
            }
            eprintln!("gw: waiting: {what} ({} s)", started.elapsed().as_secs());
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}
