//! The page's transport: JSON-RPC over HTTP with `fetch` (gloo-net), a deadline per call, and the
//! devnet's `/config.json`. The only HTTP of the page.

use godwoken_core::json::{self, Json};
use godwoken_core::network::NetworkConfig;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{Endpoint, RpcError, Transport, TIMEOUT_MS};

/// A network's endpoints, reached over HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTransport {
    /// Godwoken (web3) RPC URL.
    pub rpc_url: String,
    /// ckb-indexer URL.
    pub indexer_url: String,
    /// CKB node URL.
    pub ckb_url: String,
}

impl HttpTransport {
    /// The endpoints of `network`.
    pub fn new(network: &NetworkConfig) -> Self {
        HttpTransport {
            rpc_url: network.rpc_url.clone(),
            indexer_url: network.indexer_url.clone(),
            ckb_url: network.ckb_url.clone(),
        }
    }
}

impl Transport for HttpTransport {
    async fn exchange(&self, endpoint: Endpoint, body: String) -> Result<String, RpcError> {
        let url = match endpoint {
            Endpoint::Godwoken => &self.rpc_url,
            Endpoint::Indexer => &self.indexer_url,
            Endpoint::Ckb => &self.ckb_url,
        };
        post(url, body).await
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
