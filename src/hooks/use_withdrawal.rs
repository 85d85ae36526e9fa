//! Creating a withdrawal request: nonce → message → `personal_sign` → checks → submit → remember.

use std::cell::Cell;
use std::rc::Rc;

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::withdrawal::{self, WithdrawalParams};
use godwoken_core::H256;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::hooks::use_pending::chain_status;
use crate::model::pending::SubmittedWithdrawal;
use crate::model::submission::{Event, Submission};
use crate::rpc::{NodeClient, RpcError};
use crate::wallet::Wallet;

struct Reduced(Submission);

impl Reducible for Reduced {
    type Action = Event;
    fn reduce(self: Rc<Self>, action: Event) -> Rc<Self> {
        Rc::new(Reduced(self.0.apply(action)))
    }
}

/// Everything one attempt needs, captured at the click.
#[derive(Clone)]
pub struct WithdrawalInput {
    /// The network (its constants go into the message).
    pub network: NetworkConfig,
    /// Its client.
    pub client: NodeClient,
    /// Whether the node's constants were checked and match.
    pub node_ready: bool,
    /// The wallet.
    pub wallet: Wallet,
    /// The address the page shows.
    pub address: EthAddress,
    /// The Layer 2 account id.
    pub account_id: u32,
    /// Shannons to withdraw (validated).
    pub capacity: u64,
    /// Fee in shannons.
    pub fee: u128,
}

/// The withdrawal handle.
#[derive(Clone, PartialEq)]
pub struct WithdrawalHandle {
    /// The current attempt.
    pub submission: Submission,
    /// Starts an attempt (ignored while one is in flight).
    pub start: Callback<WithdrawalInput>,
    /// Abandons whatever is in flight (account or network changed, or the user gave up waiting).
    pub reset: Callback<()>,
}

async fn attempt(
    input: &WithdrawalInput,
    attempt: u64,
    current: &Cell<u64>,
    dispatch: &UseReducerDispatcher<Reduced>,
) -> Result<H256, String> {
    let WithdrawalInput { network, client, wallet, address, .. } = input;
    if !input.node_ready {
        return Err("The node has not been confirmed to belong to the selected network, so signing is disabled. Retry the node check or choose another network.".into());
    }
    // Never sign for an account other than the one shown.
    match wallet.connected_account().await {
        Ok(Some(current)) if current == *address => {}
        Ok(_) => return Err(format!("Your wallet's account is no longer {address}. Switch back to it in the wallet, or reconnect.")),
        Err(err) => return Err(err.to_string()),
    }
    // The nonce is fetched again right before signing: it must match exactly. The tip (where to
    // look for the request's block later) comes in the same round trip.
    let (nonce, chain) = futures_util::join!(client.nonce(input.account_id), chain_status(client, network));
    let nonce = nonce.map_err(|e| e.to_string())?;
    let tip = chain.map_err(|e| e.to_string())?.tip;
    let params = WithdrawalParams { nonce, capacity: input.capacity, fee: input.fee, ..Default::default() };
    let raw = withdrawal::build_raw_request(&network.constants, address, &params);
    let message = withdrawal::signing_message(&network.constants.rollup_type_hash, &raw);
    dispatch.dispatch(Event::SignatureRequested { attempt, message });
    let signature = wallet.personal_sign(&message, address).await.map_err(|e| e.to_string())?;
    let signature = withdrawal::parse_wallet_signature(&signature).map_err(|e| e.to_string())?;
    let request = withdrawal::assemble(raw, signature);
    // The user may have cancelled, or switched account or network, while the wallet was open.
    if current.get() != attempt {
        return Err("This request was cancelled before it was sent.".into());
    }
    dispatch.dispatch(Event::Signed { attempt });
    let hash = request.hash();
    let entry = SubmittedWithdrawal {
        hash,
        capacity: input.capacity,
        nonce,
        submitted_at_ms: browser::now_ms(),
        tip_at_submit: tip,
        block_number: None,
        unknown_to_node: false,
    };
    match client.submit_withdrawal(&request).await {
        Ok(Some(returned)) if returned != hash => {
            return Err(format!("The node returned withdrawal hash {returned} but the request's hash is {hash}."));
        }
        Ok(_) => {}
        // The node's own refusal: nothing was accepted.
        Err(err @ RpcError::Node(_)) => return Err(err.to_string()),
        // The answer was lost (reset, timeout, garbled): the request may still have been accepted.
        // Ask the node before saying anything, so that a retry cannot withdraw twice.
        Err(err) => match client.withdrawal(&hash).await {
            Ok(Some(_)) => {}
            Ok(None) => return Err(format!("{err} The request did not reach the node; nothing was withdrawn. You can try again.")),
            Err(_) => {
                // Remembered either way: the pending list reconciles it with the chain.
                remember(network, address, entry);
                return Err(format!(
                    "{err} It is not known whether the node received the request ({hash}); check \"Fetch pending withdrawal requests\" before trying again."
                ));
            }
        },
    }
    remember(network, address, entry);
    Ok(hash)
}

/// Adds a request to the ones remembered for this network and account.
fn remember(network: &NetworkConfig, address: &EthAddress, request: SubmittedWithdrawal) {
    let mut remembered = browser::load_submitted(&network.rpc_url, address);
    if !remembered.iter().any(|r| r.hash == request.hash) {
        remembered.push(request);
    }
    browser::save_submitted(&network.rpc_url, address, &remembered);
}

/// The submission flow; `on_done` runs after every attempt that reached the node.
#[hook]
pub fn use_withdrawal(on_done: Callback<()>) -> WithdrawalHandle {
    let state = use_reducer(|| Reduced(Submission::default()));
    // Set synchronously on click, so a double click cannot start two attempts even before the
    // button re-renders as disabled.
    let in_flight = use_mut_ref(|| Rc::new(Cell::new(false)));
    // The attempt allowed to submit; a reset moves it on, so a late signature sends nothing.
    let current = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let start = {
        let dispatcher = state.dispatcher();
        let next_attempt = state.0.attempt + 1;
        let in_flight = in_flight.borrow().clone();
        let current = current.borrow().clone();
        Callback::from(move |input: WithdrawalInput| {
            if in_flight.get() {
                return;
            }
            in_flight.set(true);
            current.set(next_attempt);
            dispatcher.dispatch(Event::Start);
            let (dispatcher, in_flight, current, on_done) = (dispatcher.clone(), in_flight.clone(), current.clone(), on_done.clone());
            spawn_local(async move {
                let outcome = attempt(&input, next_attempt, &current, &dispatcher).await;
                if current.get() == next_attempt {
                    in_flight.set(false);
                }
                match outcome {
                    Ok(hash) => dispatcher.dispatch(Event::Accepted { attempt: next_attempt, hash }),
                    Err(reason) => dispatcher.dispatch(Event::Failed { attempt: next_attempt, reason }),
                }
                on_done.emit(());
            });
        })
    };
    let reset = {
        let dispatcher = state.dispatcher();
        let in_flight = in_flight.borrow().clone();
        let current = current.borrow().clone();
        Callback::from(move |()| {
            in_flight.set(false);
            // Attempts count from 1: after a reset, none may submit until the next click.
            current.set(0);
            dispatcher.dispatch(Event::Reset);
        })
    };
    WithdrawalHandle { submission: state.0.clone(), start, reset }
}
