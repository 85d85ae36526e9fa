//! The wallet: EIP-6963 discovery, `window.ethereum` as fallback, EIP-1193 requests and events.
//!
//! This is the only module that touches `window.ethereum`, provider objects or `JsValue`s from a
//! wallet; everything else sees [`Wallet`], [`EthAddress`] and [`WalletError`].

use std::cell::RefCell;
use std::rc::Rc;

use godwoken_core::eth::EthAddress;
use js_sys::{Function, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::services::Signer;

/// How long the page waits for a wallet request that needs no user action (`eth_accounts`):
/// a wallet that never answers must not leave the page busy forever.
pub const ANSWER_DEADLINE_MS: u64 = 10_000;

/// What went wrong with the wallet, mapped from EIP-1193 error codes in one place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletError {
    /// No EIP-1193 wallet in this browser.
    #[error("A MetaMask compatible browser extension was not detected. This tool will not function without one installed.")]
    NotInstalled,
    /// 4001: the user said no.
    #[error("You cancelled the request in your wallet. Nothing was signed or sent.")]
    Rejected,
    /// 4100: the site is not authorised.
    #[error("The wallet has not authorised this page. Click \"Connect wallet\" and allow the connection.")]
    Unauthorized,
    /// 4200: the wallet lacks the method.
    #[error("Your wallet does not support {0}. Try MetaMask or another EIP-1193 wallet.")]
    Unsupported(String),
    /// 4900: the wallet is disconnected from every chain.
    #[error("Your wallet is disconnected. Unlock it or reconnect it, then try again.")]
    Disconnected,
    /// 4901: the wallet is not connected to the requested chain.
    #[error("Your wallet is not connected to this chain. Switch networks in the wallet, then try again.")]
    ChainDisconnected,
    /// -32002: a request is already waiting in the wallet.
    #[error("A request is already open in your wallet. Open the wallet and answer it first.")]
    RequestPending,
    /// The wallet returned no account.
    #[error("The wallet returned no account. Unlock it and allow this page to see an account.")]
    NoAccount,
    /// Any other error, with the wallet's own words.
    #[error("The wallet reported an error ({code}): {message}")]
    Other {
        /// EIP-1193 or JSON-RPC code.
        code: i64,
        /// The wallet's message.
        message: String,
    },
    /// No answer in time to a request that needs no user action.
    #[error("Your wallet did not answer within {} s. Open it (it may be locked, or showing another request), then try again.", ANSWER_DEADLINE_MS / 1000)]
    NoAnswer,
    /// An answer that is not what EIP-1193 promises.
    #[error("The wallet gave an unexpected answer: {0}")]
    BadResponse(String),
}

impl WalletError {
    /// Maps an EIP-1193 error code to the error.
    pub fn from_code(code: i64, message: String, method: &str) -> WalletError {
        match code {
            4001 => WalletError::Rejected,
            4100 => WalletError::Unauthorized,
            4200 => WalletError::Unsupported(method.to_owned()),
            4900 => WalletError::Disconnected,
            4901 => WalletError::ChainDisconnected,
            -32002 => WalletError::RequestPending,
            _ => WalletError::Other { code, message },
        }
    }
}

/// What an EIP-6963 wallet says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletInfo {
    /// Unique per page load.
    pub uuid: String,
    /// For people.
    pub name: String,
    /// A `data:image/…` URI, or empty when the wallet gave anything else (never a remote URL).
    pub icon: String,
    /// Reverse domain name.
    pub rdns: String,
}

/// An EIP-1193 provider.
#[derive(Clone)]
pub struct Wallet {
    provider: JsValue,
    /// Its EIP-6963 description; `None` for the `window.ethereum` fallback.
    pub info: Option<WalletInfo>,
}

impl PartialEq for Wallet {
    fn eq(&self, other: &Self) -> bool {
        self.info == other.info && Object::is(&self.provider, &other.provider)
    }
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Wallet({:?})", self.info.as_ref().map(|i| i.name.as_str()))
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(target: &JsValue, key: &str) -> String {
    get(target, key).as_string().unwrap_or_default()
}

fn js_error_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| get(value, "message").as_string())
        .or_else(|| JSON::stringify(value).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

impl Wallet {
    /// The display name.
    pub fn name(&self) -> String {
        self.info.as_ref().map_or_else(|| "Browser wallet".into(), |i| i.name.clone())
    }

    /// Sends an EIP-1193 request (every method used here takes strings) and returns its result.
    async fn request(&self, method: &str, params: &[&str]) -> Result<JsValue, WalletError> {
        let request: Function = get(&self.provider, "request")
            .dyn_into()
            .map_err(|_| WalletError::BadResponse("the provider has no request() method".into()))?;
        let args = Object::new();
        let params: js_sys::Array = params.iter().map(|p| JsValue::from_str(p)).collect();
        let _ = Reflect::set(&args, &"method".into(), &JsValue::from_str(method));
        let _ = Reflect::set(&args, &"params".into(), &params);
        let promise = request.call1(&self.provider, &args).map_err(|e| error_of(&e, method))?;
        let promise: js_sys::Promise = js_sys::Promise::resolve(&promise);
        JsFuture::from(promise).await.map_err(|e| error_of(&e, method))
    }

    /// `eth_requestAccounts`: asks the user to connect (only ever on a click).
    pub async fn request_accounts(&self) -> Result<EthAddress, WalletError> {
        first_account(&self.request("eth_requestAccounts", &[]).await?)
    }

    /// Calls `on_change` with the new first account (or `None`) on `accountsChanged`.
    pub fn on_accounts_changed(&self, on_change: impl Fn(Option<EthAddress>) + 'static) -> Listener {
        self.listen("accountsChanged", move |accounts| on_change(first_account(&accounts).ok()))
    }

    /// Calls `on_change` on `chainChanged`.
    pub fn on_chain_changed(&self, on_change: impl Fn() + 'static) -> Listener {
        self.listen("chainChanged", move |_| on_change())
    }

    fn listen(&self, event: &'static str, handler: impl Fn(JsValue) + 'static) -> Listener {
        let closure = Closure::<dyn Fn(JsValue)>::new(handler);
        if let Ok(on) = get(&self.provider, "on").dyn_into::<Function>() {
            let _ = on.call2(&self.provider, &JsValue::from_str(event), closure.as_ref());
        }
        Listener { provider: self.provider.clone(), event, closure: Some(closure) }
    }
}

fn error_of(value: &JsValue, method: &str) -> WalletError {
    match get(value, "code").as_f64() {
        Some(code) => WalletError::from_code(code as i64, js_error_text(value), method),
        None => WalletError::Other { code: 0, message: js_error_text(value) },
    }
}

fn first_account(value: &JsValue) -> Result<EthAddress, WalletError> {
    if !js_sys::Array::is_array(value) {
        return Err(WalletError::BadResponse("accounts are not a list".into()));
    }
    let first = js_sys::Array::from(value).get(0);
    if first.is_undefined() {
        return Err(WalletError::NoAccount);
    }
    let text = first.as_string().ok_or_else(|| WalletError::BadResponse("an account is not a string".into()))?;
    EthAddress::parse(&text).map_err(|e| WalletError::BadResponse(e.to_string()))
}

impl Signer for Wallet {
    /// `eth_accounts`: the connected account, without prompting (silent restore, the check
    /// before signing).
    async fn connected_account(&self) -> Result<Option<EthAddress>, WalletError> {
        let deadline = yew::platform::time::sleep(std::time::Duration::from_millis(ANSWER_DEADLINE_MS));
        let accounts = match futures_util::future::select(std::pin::pin!(self.request("eth_accounts", &[])), std::pin::pin!(deadline)).await {
            futures_util::future::Either::Left((answer, _)) => answer?,
            futures_util::future::Either::Right(_) => return Err(WalletError::NoAnswer),
        };
        match first_account(&accounts) {
            Ok(address) => Ok(Some(address)),
            Err(WalletError::NoAccount) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// `personal_sign` with the params as given (the core orders them: data first, spec §3).
    async fn personal_sign(&self, params: [String; 2]) -> Result<String, WalletError> {
        let [message, address] = params;
        let signature = self.request("personal_sign", &[&message, &address]).await?;
        signature
            .as_string()
            .ok_or_else(|| WalletError::BadResponse("personal_sign did not return a signature".into()))
    }
}

/// A provider event listener; removed from the provider when dropped (e.g. on unmount).
pub struct Listener {
    provider: JsValue,
    event: &'static str,
    closure: Option<Closure<dyn Fn(JsValue)>>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(closure) = self.closure.take() {
            if let Ok(remove) = get(&self.provider, "removeListener").dyn_into::<Function>() {
                let _ = remove.call2(&self.provider, &JsValue::from_str(self.event), closure.as_ref());
            }
        }
    }
}

/// Wallets announced through EIP-6963; keeps listening until dropped.
pub struct Discovery {
    closure: Option<Closure<dyn Fn(web_sys::CustomEvent)>>,
}

impl Drop for Discovery {
    fn drop(&mut self) {
        if let (Some(window), Some(closure)) = (web_sys::window(), self.closure.take()) {
            let _ = window.remove_event_listener_with_callback("eip6963:announceProvider", closure.as_ref().unchecked_ref());
        }
    }
}

fn safe_icon(icon: String) -> String {
    // Icons are shown as <img src>: only inline images, never a URL that would load something.
    if icon.starts_with("data:image/") { icon } else { String::new() }
}

/// Starts EIP-6963 discovery. `on_change` gets the full list each time a wallet announces itself.
/// (A boxed callback: one copy of the announcement handler serves both callers.)
pub fn discover(on_change: Box<dyn Fn(Vec<Wallet>)>) -> Discovery {
    let Some(window) = web_sys::window() else { return Discovery { closure: None } };
    let found: Rc<RefCell<Vec<Wallet>>> = Rc::default();
    let closure = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
        let detail = event.detail();
        let info = get(&detail, "info");
        let provider = get(&detail, "provider");
        if !provider.is_object() {
            return;
        }
        let info = WalletInfo {
            uuid: text(&info, "uuid"),
            name: text(&info, "name"),
            icon: safe_icon(text(&info, "icon")),
            rdns: text(&info, "rdns"),
        };
        let mut list = found.borrow_mut();
        if list.iter().any(|w| w.info.as_ref().map(|i| &i.uuid) == Some(&info.uuid)) {
            return;
        }
        list.push(Wallet { provider, info: Some(info) });
        let snapshot = list.clone();
        drop(list);
        on_change(snapshot);
    });
    let _ = window.add_event_listener_with_callback("eip6963:announceProvider", closure.as_ref().unchecked_ref());
    if let Ok(event) = web_sys::Event::new("eip6963:requestProvider") {
        let _ = window.dispatch_event(&event);
    }
    Discovery { closure: Some(closure) }
}

/// The wallets there are right now: those that announce themselves while the EIP-6963 request
/// is dispatched (installed wallets answer synchronously), else `window.ethereum`. Empty when
/// neither is there yet; a wallet that loads later is found by [`discover`].
pub fn discover_now() -> Vec<Wallet> {
    let found: Rc<RefCell<Vec<Wallet>>> = Rc::default();
    let sink = found.clone();
    drop(discover(Box::new(move |list| *sink.borrow_mut() = list)));
    let mut wallets = found.take();
    if wallets.is_empty() {
        wallets.extend(injected());
    }
    wallets
}

/// `window.ethereum`, for wallets that do not announce themselves.
pub fn injected() -> Option<Wallet> {
    let window = web_sys::window()?;
    let provider = get(&window, "ethereum");
    provider.is_object().then_some(Wallet { provider, info: None })
}
