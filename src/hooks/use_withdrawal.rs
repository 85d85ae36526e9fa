//! Adapts the withdrawal service to Yew: one attempt at a time, its progress in the submission
//! reducer, and a reset that stops a late signature from being sent.

use std::cell::Cell;
use std::rc::Rc;

use godwoken_core::network::NetworkConfig;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::model::submission::{Event, Submission};
use crate::rpc::NodeClient;
use crate::services::withdraw::{submit_withdrawal, AttemptCallbacks, Progress, WithdrawalOrder};
use crate::store::SubmittedRequests;
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
    /// The wallet that signs.
    pub wallet: Wallet,
    /// What to withdraw.
    pub order: WithdrawalOrder,
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

/// The submission flow; `on_done` runs after every attempt that reached its end.
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
                let WithdrawalInput { network, client, wallet, order } = input;
                let store = SubmittedRequests::new(&network.rpc_url, &order.address);
                let still_current = || current.get() == next_attempt;
                let progress = |step: Progress| {
                    dispatcher.dispatch(match step {
                        Progress::SignatureRequested(message) => Event::SignatureRequested { attempt: next_attempt, message },
                        Progress::Signed => Event::Signed { attempt: next_attempt },
                    })
                };
                let callbacks = AttemptCallbacks { still_current: &still_current, progress: &progress, now_ms: &browser::now_ms };
                let outcome = submit_withdrawal(&order, &network, &client, &wallet, &store, &callbacks).await;
                if still_current() {
                    in_flight.set(false);
                }
                dispatcher.dispatch(match outcome {
                    Ok(hash) => Event::Accepted { attempt: next_attempt, hash },
                    Err(error) => Event::Failed { attempt: next_attempt, error },
                });
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
