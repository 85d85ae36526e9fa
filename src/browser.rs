//! Small browser services: localStorage of submitted withdrawals, the clipboard, the clock.

use godwoken_core::eth::EthAddress;

use crate::model::pending::SubmittedWithdrawal;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(rpc_url: &str, address: &EthAddress) -> String {
    format!("ckb-l2-withdraw/v1/submitted/{rpc_url}/{}", address.to_lower_hex())
}

/// The withdrawals remembered for this network and account (empty if none or unreadable).
pub fn load_submitted(rpc_url: &str, address: &EthAddress) -> Vec<SubmittedWithdrawal> {
    storage()
        .and_then(|s| s.get_item(&key(rpc_url, address)).ok().flatten())
        .and_then(|text| godwoken_core::json::read(&text).ok())
        .unwrap_or_default()
}

/// Remembers the withdrawals; says whether it could (private browsing may refuse).
pub fn save_submitted(rpc_url: &str, address: &EthAddress, submitted: &[SubmittedWithdrawal]) -> bool {
    let text = godwoken_core::json::to_string(submitted);
    storage().is_some_and(|s| s.set_item(&key(rpc_url, address), &text).is_ok())
}

/// Copies text to the clipboard (fire and forget; the button says "Copied" on success).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The page's own origin, e.g. `http://127.0.0.1:8024`.
pub fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}
