//! The devnet's HTTP face: `POST /rpc` (Godwoken, web3 and CKB), `POST /ckb` (CKB node and
//! indexer), `POST /indexer`, `GET /config.json`, `GET /health` and the built page.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use godwoken_core::rpc::{code, ErrorObject, Id, Response as RpcResponse};
use tokio::sync::Semaphore;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;

use crate::devnet::Devnet;
use crate::dispatch::{handle_body, Endpoint};

/// The largest request body accepted (a withdrawal request is 281 bytes; a full batch of them
/// stays far below this).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Oversized bodies up to this declared length are read (and dropped) before they are refused;
/// longer ones are refused unread.
pub const MAX_DRAINED_BYTES: u64 = 16 * 1024 * 1024;

/// Refuses a body declared longer than [`MAX_BODY_BYTES`] with 413 after reading it away, frame by
/// frame. Closing a connection with unread data makes the kernel reset it, and a client still
/// sending its body may then lose the 413 it was sent (seen under load as "incomplete message").
/// Bodies without a declared length are still cut by `DefaultBodyLimit`.
async fn refuse_oversized(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    match declared {
        Some(length) if length > MAX_BODY_BYTES as u64 => {
            if length <= MAX_DRAINED_BYTES {
                use http_body_util::BodyExt;
                let mut body = request.into_body();
                while let Some(Ok(_)) = body.frame().await {}
            }
            (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response()
        }
        _ => next.run(request).await,
    }
}

#[derive(Clone)]
struct AppState {
    devnet: Arc<Devnet>,
    /// As many RPC bodies handled at once as there are cores; the rest wait their turn in
    /// arrival order. Handling is CPU work (signature recovery, hashing, SQLite): more threads
    /// than cores only time-slice them, so every answer in a burst would come late, and the
    /// slowest very late.
    handlers: Arc<Semaphore>,
}

fn rpc_error(status: StatusCode, error: ErrorObject) -> Response {
    (status, Json(RpcResponse::<serde_json::Value>::failure(Id::Null, error))).into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

async fn answer(state: AppState, endpoint: Endpoint, headers: HeaderMap, body: Bytes) -> Response {
    // Like geth: JSON-RPC only with a JSON content type, which also keeps cross-site form posts
    // (which cannot set it without a CORS preflight) away from dev_fund and friends.
    if !is_json(&headers) {
        return rpc_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorObject::new(code::INVALID_REQUEST, "Content-Type must be application/json"),
        );
    }
    let devnet = state.devnet.clone();
    let Ok(turn) = state.handlers.acquire_owned().await else {
        return rpc_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorObject::new(code::INTERNAL_ERROR, "internal error: the request queue is closed"));
    };
    // The chain is SQLite behind a lock: run it off the async workers. The turn ends with the
    // work, not with this future (which a client that hangs up drops).
    let work = move || {
        let _turn = turn;
        handle_body(&devnet, endpoint, &body)
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Some(text)) => ([(header::CONTENT_TYPE, "application/json")], text).into_response(),
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => rpc_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorObject::new(code::INTERNAL_ERROR, format!("internal error: {err}")),
        ),
    }
}

async fn rpc(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    answer(state, Endpoint::Rpc, headers, body).await
}

async fn ckb(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    answer(state, Endpoint::Ckb, headers, body).await
}

async fn indexer(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    answer(state, Endpoint::Indexer, headers, body).await
}

/// `/config.json`: the devnet's network description, with URLs on the host the page was loaded
/// from (so `localhost` and `127.0.0.1` both work). A Host without a port (as a proxy such as
/// `trunk serve`'s may send) keeps the devnet's own address, which the page then calls directly.
async fn config(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let mut network = state.devnet.network.clone();
    if let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        let well_formed = host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'));
        let has_port = host.rsplit_once(':').is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
        if well_formed && has_port {
            network.rpc_url = format!("http://{host}/rpc");
            network.indexer_url = format!("http://{host}/indexer");
            network.ckb_url = format!("http://{host}/ckb");
        }
    }
    ([(header::CACHE_CONTROL, "no-store")], Json(network)).into_response()
}

/// `/health`: 200 with the tips while the chain answers, 503 with the reason when it does not.
async fn health(State(state): State<AppState>) -> Response {
    let devnet = state.devnet.clone();
    let tips = tokio::task::spawn_blocking(move || devnet.with_chain(|chain| Ok::<_, crate::chain::ChainError>((chain.tip()?, chain.indexer_tip()?)))).await;
    let tips = tips.map_err(|err| err.to_string()).and_then(|tips| tips.map_err(|err| err.to_string()));
    match tips {
        Ok((layer2, layer1)) => Json(serde_json::json!({
            "status": "ok",
            "layer2_tip": godwoken_core::quantity::Quantity(layer2.number),
            "layer1_tip": godwoken_core::quantity::Quantity(layer1.block_number),
        }))
        .into_response(),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "failing", "error": reason}))).into_response(),
    }
}

async fn page_missing() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(
            "<!doctype html><html lang=\"en\"><title>Page not built</title><body style=\"font-family:sans-serif\">\
             <h1>The page is not built</h1><p>The devnet is running (JSON-RPC at <code>/rpc</code>, indexer at \
             <code>/indexer</code>), but it found no built page. Run <code>bash scripts/run</code>, or \
             <code>trunk build --release</code> and start the devnet with <code>--dist dist</code>.</p>",
        ),
    )
        .into_response()
}

/// The router of a devnet serving `dist` (the built page), if it exists.
pub fn router(devnet: Arc<Devnet>, dist: Option<PathBuf>) -> Router {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let state = AppState { devnet, handlers: Arc::new(Semaphore::new(cores)) };
    let api = Router::new()
        .route("/rpc", post(rpc))
        .route("/ckb", post(ckb))
        .route("/indexer", post(indexer))
        .route("/config.json", get(config))
        .route("/health", get(health))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(refuse_oversized))
        // The page may be served by `trunk serve` on another port during development.
        .layer(CorsLayer::permissive().max_age(Duration::from_secs(600)))
        .with_state(state);
    match dist.filter(|dir| dir.join("index.html").is_file()) {
        Some(dir) => api.fallback_service(ServeDir::new(dir)),
        None => api.fallback(page_missing),
    }
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
