//! A fault-injecting HTTP proxy in front of the devnet, for the page's fault tests. Loopback only.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What the proxy does to the calls it is told to disturb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Pass everything through.
    None,
    /// Answer 500 without forwarding: the node never sees the call.
    Status500,
    /// Forward, then answer with broken JSON: the node acted, the answer is garbage.
    Malformed,
    /// Forward, then answer with half the body.
    Truncated,
    /// Forward, then cut the connection in the middle of the answer.
    Reset,
    /// Forward, and answer after this many milliseconds.
    Delay(u64),
}

/// Faults and the method each applies to (`None`: every method); the first match wins.
type Rules = Arc<Mutex<Vec<(Fault, Option<String>)>>>;

#[derive(Clone)]
struct Shared {
    upstream: String,
    client: reqwest::Client,
    rules: Rules,
    disturbed: Arc<std::sync::atomic::AtomicUsize>,
}

/// The running proxy.
pub struct FaultProxy {
    /// Its base URL (`/rpc` and `/indexer` below it).
    pub url: String,
    /// What to disturb: the first rule naming a call's method (or naming none) applies.
    rules: Rules,
    disturbed: Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(state: &Shared, uri: &Uri, body: Bytes) -> Result<Bytes, Response> {
    let answer = state
        .client
        .post(format!("{}{}", state.upstream, uri.path()))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY.into_response())?;
    answer.bytes().await.map_err(|_| StatusCode::BAD_GATEWAY.into_response())
}

async fn handle(State(state): State<Shared>, uri: Uri, body: Bytes) -> Response {
    let method = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["method"].as_str().map(str::to_owned));
    let fault = state
        .rules
        .lock()
        .ok()
        .and_then(|rules| rules.iter().find(|(_, only)| only.is_none() || *only == method).map(|(fault, _)| *fault))
        .unwrap_or(Fault::None);
    if fault != Fault::None {
        state.disturbed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    let json = |bytes: Bytes| ([("content-type", "application/json")], bytes).into_response();
    if fault == Fault::Status500 {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
    }
    let answer = match forward(&state, &uri, body).await {
        Ok(answer) => answer,
        Err(response) => return response,
    };
    match fault {
        Fault::None | Fault::Status500 => json(answer),
        Fault::Malformed => json(Bytes::from_static(b"{\"jsonrpc\": \"2.0\", \"id\": <html>oops")),
        Fault::Truncated => json(answer.slice(..answer.len() / 2)),
        Fault::Delay(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            json(answer)
        }
        Fault::Reset => {
            let half = answer.slice(..answer.len() / 2);
            let chunks: Vec<Result<Bytes, std::io::Error>> =
                vec![Ok(half), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by the proxy"))];
            ([("content-type", "application/json")], Body::from_stream(futures_util::stream::iter(chunks))).into_response()
        }
    }
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (e.g. the devnet's base URL).
    pub async fn start(upstream: &str) -> FaultProxy {
        let rules = Arc::new(Mutex::new(Vec::new()));
        let disturbed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let state = Shared { upstream: upstream.to_owned(), client: reqwest::Client::new(), rules: rules.clone(), disturbed: disturbed.clone() };
        let router = Router::new()
            .fallback(handle)
            .layer(tower_http::cors::CorsLayer::permissive())
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FaultProxy { url, rules, disturbed, task }
    }

    /// How many calls were disturbed so far.
    pub fn disturbed(&self) -> usize {
        self.disturbed.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Disturbs the calls of `only_method` (every call if `None`) with `fault` from now on, and
    /// nothing else.
    pub fn set(&self, fault: Fault, only_method: Option<&str>) {
        if let Ok(mut rules) = self.rules.lock() {
            *rules = vec![(fault, only_method.map(str::to_owned))];
        }
    }

    /// Disturbs the calls of `method` with `fault` too.
    pub fn also(&self, fault: Fault, method: &str) {
        if let Ok(mut rules) = self.rules.lock() {
            rules.push((fault, Some(method.to_owned())));
        }
    }
}
