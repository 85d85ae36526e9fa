//! The page's flows, one module each: load the account, get CKB from the devnet faucet, deposit
//! from Layer 1, sign and send Layer 1 transactions, load and reconcile the pending withdrawals,
//! submit a withdrawal, unlock a final withdrawal. A flow asks the core for bytes and rules, the node through a
//! [`NodeClient`](crate::rpc::NodeClient) over any [`Transport`](crate::rpc::Transport), the
//! wallet through a [`Signer`], and remembers through a [`SubmittedStore`]: small traits with one
//! implementation each on the page (so one copy of each flow is shipped) and fakes in the native
//! tests (`tests/services.rs`). Flows return typed outcomes; hooks turn them into state.

pub mod account;
pub mod deposit;
pub mod faucet;
pub mod layer1;
pub mod outcome;
pub mod pending;
pub mod unlock;
pub mod withdraw;

use godwoken_core::eth::EthAddress;

use crate::model::pending::SubmittedWithdrawal;
use crate::wallet::WalletError;

/// The wallet as the flows need it. The page's [`Wallet`](crate::wallet::Wallet) implements it
/// with EIP-1193 requests.
#[allow(async_fn_in_trait)]
pub trait Signer {
    /// The account the wallet shares now, without prompting (`eth_accounts`).
    async fn connected_account(&self) -> Result<Option<EthAddress>, WalletError>;
    /// `personal_sign` with `params` as the core builds them (data first); the signature's hex.
    async fn personal_sign(&self, params: [String; 2]) -> Result<String, WalletError>;
}

/// The requests this page submitted for one network and account, remembered across reloads.
/// The page's [`crate::store::SubmittedRequests`] is the one owner of that localStorage entry.
pub trait SubmittedStore {
    /// What is remembered (empty if nothing, or unreadable).
    fn load(&self) -> Vec<SubmittedWithdrawal>;
    /// Merges `updates` by hash into what is remembered now (not into a list read earlier) and
    /// drops released requests beyond the newest ones (`last_finalized`, when known). Returns what
    /// is remembered afterwards (also when the browser refused to keep it, e.g. private browsing).
    fn merge(&self, updates: &[SubmittedWithdrawal], last_finalized: Option<u64>) -> Vec<SubmittedWithdrawal>;
}
