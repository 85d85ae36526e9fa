//! Adapts the faucet service to Yew: one request at a time, the account refreshed once paid.

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::faucet::{Faucet, FaucetStage};
use crate::rpc::NodeClient;
use crate::services::faucet::request_faucet;

/// The faucet handle.
#[derive(Clone, PartialEq)]
pub struct FaucetHandle {
    /// The last request.
    pub state: Faucet,
    /// Asks for CKB (ignored while a request is in flight).
    pub request: Callback<()>,
}

/// The faucet of `network` for `address`; `on_paid` runs once the cell exists.
#[hook]
pub fn use_faucet(client: NodeClient, network: NetworkConfig, address: Option<EthAddress>, on_paid: Callback<()>) -> FaucetHandle {
    let state = use_state(Faucet::default);
    // Outcomes of a request made for another account or network are dropped.
    let current = use_mut_ref(|| 0u64);
    // One request at a time, whatever the timing of renders (this callback may see an older state).
    let in_flight = use_mut_ref(|| false);
    {
        let (state, current, in_flight) = (state.clone(), current.clone(), in_flight.clone());
        use_effect_with((network.clone(), address), move |_| {
            *current.borrow_mut() += 1;
            *in_flight.borrow_mut() = false;
            state.set(Faucet { attempt: state.attempt + 1, stage: FaucetStage::Idle });
        });
    }
    let request = {
        let state = state.clone();
        Callback::from(move |()| {
            let Some(address) = address else { return };
            if in_flight.replace(true) {
                return;
            }
            let attempt = state.attempt + 1;
            state.set(Faucet { attempt, stage: FaucetStage::Asking });
            let (state, client, network, on_paid) = (state.clone(), client.clone(), network.clone(), on_paid.clone());
            let (current, in_flight) = (current.clone(), in_flight.clone());
            let generation = *current.borrow();
            spawn_local(async move {
                let outcome = request_faucet(&client, &network, &address).await;
                if *current.borrow() != generation {
                    return;
                }
                *in_flight.borrow_mut() = false;
                let stage = match outcome {
                    Ok(_) => {
                        on_paid.emit(());
                        FaucetStage::Paid
                    }
                    Err(error) => FaucetStage::Failed(error),
                };
                state.set(Faucet { attempt, stage });
            });
        })
    };
    FaucetHandle { state: (*state).clone(), request }
}
