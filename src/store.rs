//! localStorage: the one owner of the page's stored values, each kept per network and account:
//! the withdrawals this page submitted, and the deposit it signed and has not seen collected.

use godwoken_core::eth::EthAddress;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::model::deposit::SentDeposit;
use crate::model::pending::{remember, SubmittedWithdrawal};
use crate::services::SubmittedStore;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The submitted withdrawals of one network (by its RPC URL) and account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedRequests {
    key: String,
}

impl SubmittedRequests {
    /// The store of `address` on the network at `rpc_url`.
    pub fn new(rpc_url: &str, address: &EthAddress) -> Self {
        SubmittedRequests { key: format!("ckb-l2-withdraw/v1/submitted/{rpc_url}/{}", address.to_lower_hex()) }
    }
}

impl SubmittedRequests {
    /// Calls `on_change` whenever another tab of this page writes this store (the browser sends
    /// the `storage` event to the other tabs of an origin, never to the writer); stops when the
    /// returned watch is dropped.
    pub fn watch(&self, on_change: impl Fn() + 'static) -> Option<StoreWatch> {
        let window = web_sys::window()?;
        let key = self.key.clone();
        let closure = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            // A `null` key means the whole storage was cleared.
            if event.key().is_none_or(|changed| changed == key) {
                on_change();
            }
        });
        window.add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref()).ok()?;
        Some(StoreWatch { closure })
    }
}

/// A watch on another tab's writes; removed when dropped.
pub struct StoreWatch {
    closure: Closure<dyn Fn(web_sys::StorageEvent)>,
}

impl Drop for StoreWatch {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("storage", self.closure.as_ref().unchecked_ref());
        }
    }
}

impl SubmittedStore for SubmittedRequests {
    fn load(&self) -> Vec<SubmittedWithdrawal> {
        storage()
            .and_then(|s| s.get_item(&self.key).ok().flatten())
            .and_then(|text| godwoken_core::json::read(&text).ok())
            .unwrap_or_default()
    }

    fn merge(&self, updates: &[SubmittedWithdrawal], last_finalized: Option<u64>) -> Vec<SubmittedWithdrawal> {
        // Read, merge and write within one turn of the event loop: no other writer of this page
        // can run in between.
        let kept = remember(self.load(), updates, last_finalized);
        let text = godwoken_core::json::to_string(&kept);
        if let Some(storage) = storage() {
            // Refused in private browsing or when full: the list still serves this page view.
            let _ = storage.set_item(&self.key, &text);
        }
        kept
    }
}

/// The deposit this page signed for one network (by its RPC URL) and account and has not seen
/// collected: written before it is sent, so that a reload never builds a second one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentDeposits {
    key: String,
}

impl SentDeposits {
    /// The store of `address` on the network at `rpc_url`.
    pub fn new(rpc_url: &str, address: &EthAddress) -> Self {
        SentDeposits { key: format!("ckb-l2-withdraw/v1/deposit/{rpc_url}/{}", address.to_lower_hex()) }
    }

    /// What is remembered (`None` if nothing, or unreadable).
    pub fn load(&self) -> Option<SentDeposit> {
        storage()
            .and_then(|s| s.get_item(&self.key).ok().flatten())
            .and_then(|text| godwoken_core::json::read(&text).ok())
    }

    /// Remembers `sent` (refused in private browsing or when full: this view still has it).
    pub fn save(&self, sent: &SentDeposit) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(&self.key, &godwoken_core::json::to_string(sent));
        }
    }

    /// Forgets it: collected, refused, or given up.
    pub fn clear(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}
