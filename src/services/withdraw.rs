//! Submitting a withdrawal: settle earlier requests of unknown fate → check the account → nonce,
//! chain point and the node's constants → message → `personal_sign` → assemble → submit → the
//! outcome, decided as every submission's ([`crate::services::outcome`]) → remember.

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::withdrawal::{self, WithdrawalParams};
use godwoken_core::H256;

use crate::model::network_check::check_node_constants;
use crate::model::pending::{first_unconfirmed, SubmittedWithdrawal};
use crate::model::submission::WithdrawError;
use crate::rpc::{NodeClient, Transport};
use crate::services::outcome::{settle, Outcome};
use crate::services::pending::chain_point;
use crate::services::{Signer, SubmittedStore};

/// What one attempt withdraws, captured at the click.
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawalOrder {
    /// Whether the node's constants were checked and match.
    pub node_ready: bool,
    /// The address the page shows.
    pub address: EthAddress,
    /// Its Layer 2 account id.
    pub account_id: u32,
    /// Shannons to withdraw (validated).
    pub capacity: u64,
    /// Fee in shannons.
    pub fee: u128,
}

/// Where an attempt is, for the page to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The wallet was asked to sign this message.
    SignatureRequested(H256),
    /// The wallet signed; the request is being sent.
    Signed,
}

/// What the flow needs from the page besides the node and the wallet.
pub struct AttemptCallbacks<'a> {
    /// Whether this attempt may still submit (false once the user cancelled or switched account
    /// or network).
    pub still_current: &'a dyn Fn() -> bool,
    /// Called as the attempt moves on.
    pub progress: &'a dyn Fn(Progress),
    /// The clock, in ms since the Unix epoch.
    pub now_ms: &'a dyn Fn() -> u64,
}

/// Runs one attempt. `Ok(hash)` only when the node's answer proves it took this request: it
/// returned this request's hash, or, after a lost answer, it knows the request by that hash.
pub async fn submit_withdrawal<T: Transport>(
    order: &WithdrawalOrder,
    network: &NetworkConfig,
    client: &NodeClient<T>,
    signer: &impl Signer,
    store: &impl SubmittedStore,
    callbacks: &AttemptCallbacks<'_>,
) -> Result<H256, WithdrawError> {
    let address = &order.address;
    if !order.node_ready {
        return Err(WithdrawError::NodeNotConfirmed);
    }
    settle_unconfirmed(client, store).await?;
    // Never sign for an account other than the one shown.
    match signer.connected_account().await? {
        Some(current) if current == *address => {}
        _ => return Err(WithdrawError::AccountSwitched(*address)),
    }
    // The nonce is fetched again right before signing: it must match exactly. The tip (where to
    // look for the request's block later) and the node's constants (checked again: the node may
    // have changed since the page checked it) come in the same round trip.
    let (nonce, chain, rollup, lock) = futures_util::join!(
        client.nonce(order.account_id),
        chain_point(client, network),
        client.rollup_type_hash(),
        client.eth_account_lock_hash()
    );
    check_node_constants(&network.constants, rollup?, lock?)?;
    let (nonce, tip) = (nonce?, chain?.tip);
    let params = WithdrawalParams { nonce, capacity: order.capacity, fee: order.fee, ..Default::default() };
    let raw = withdrawal::build_raw_request(&network.constants, address, &params);
    let message = withdrawal::signing_message(&network.constants.rollup_type_hash, &raw);
    (callbacks.progress)(Progress::SignatureRequested(message));
    let signature = signer.personal_sign(withdrawal::personal_sign_params(&message, address)).await?;
    let request = withdrawal::assemble(raw, withdrawal::parse_wallet_signature(&signature)?);
    if !(callbacks.still_current)() {
        return Err(WithdrawError::Cancelled);
    }
    (callbacks.progress)(Progress::Signed);
    let hash = request.hash();
    let entry = SubmittedWithdrawal {
        hash,
        capacity: order.capacity,
        nonce,
        submitted_at_ms: (callbacks.now_ms)(),
        tip_at_submit: tip,
        block_number: None,
        unknown_to_node: false,
        unconfirmed: false,
    };
    // Kept in sight, and blocking new requests, until the node says whether it took it.
    let unconfirmed = SubmittedWithdrawal { unconfirmed: true, ..entry.clone() };
    let answer = client.submit_withdrawal(&request).await;
    match settle(answer, hash, || async { Ok(client.withdrawal(&hash).await?.is_some()) }).await {
        Outcome::Accepted(_) | Outcome::AlreadyKnown(_) => {}
        Outcome::HashMismatch { returned, expected } => {
            // The node took something: remember the request so its fate stays in sight.
            store.merge(std::slice::from_ref(&unconfirmed), None);
            return Err(WithdrawError::HashMismatch { returned, expected });
        }
        // The node's own refusal: nothing was accepted.
        Outcome::Refused(refusal) => return Err(refusal.into()),
        Outcome::NotReceived(cause) => return Err(WithdrawError::NotReceived(cause)),
        // It may have been accepted: kept in sight, and no new request until the node tells.
        Outcome::Unknown { cause, hash } => {
            store.merge(std::slice::from_ref(&unconfirmed), None);
            return Err(WithdrawError::OutcomeUnknown { cause, hash });
        }
    }
    store.merge(std::slice::from_ref(&entry), None);
    Ok(hash)
}

/// Asks the node about each remembered request of unknown fate. A request the node knows is
/// taken; one it does not know never will be (it was not taken). Either way it stops blocking. If
/// the node cannot tell for one of them, no new request may be built.
pub async fn settle_unconfirmed<T: Transport>(client: &NodeClient<T>, store: &impl SubmittedStore) -> Result<(), WithdrawError> {
    let remembered = store.load();
    let mut settled = Vec::new();
    let mut still_unknown = None;
    for request in remembered.iter().filter(|r| r.unconfirmed) {
        match client.withdrawal(&request.hash).await {
            Ok(found) => settled.push(SubmittedWithdrawal { unconfirmed: false, unknown_to_node: found.is_none(), ..request.clone() }),
            Err(_) => still_unknown = still_unknown.or(Some(request.hash)),
        }
    }
    if !settled.is_empty() {
        store.merge(&settled, None);
    }
    match still_unknown {
        Some(hash) => Err(WithdrawError::PreviousUnconfirmed(hash)),
        None => Ok(()),
    }
}

/// The user's explicit choice to stop waiting for request `hash`: it no longer blocks new
/// requests, and stays listed for what the node may still say about it.
pub fn stop_waiting(store: &impl SubmittedStore, hash: H256) {
    let remembered = store.load();
    if let Some(request) = first_unconfirmed(&remembered).filter(|r| r.hash == hash) {
        store.merge(&[SubmittedWithdrawal { unconfirmed: false, ..request.clone() }], None);
    }
}
