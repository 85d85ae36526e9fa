//! Adapts the Unlock service to Yew: one Unlock at a time, the pending list and balances
//! refreshed once the node has it.

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::pending::PendingRow;
use crate::model::unlock::{Unlock, UnlockStage};
use crate::rpc::NodeClient;
use crate::services::layer1::{send_signed, sign_transaction};
use crate::services::unlock::prepare_unlock;
use crate::wallet::Wallet;

/// The Unlock handle.
#[derive(Clone, PartialEq)]
pub struct UnlockHandle {
    /// The last Unlock.
    pub state: Unlock,
    /// Unlocks a final row's withdrawal cell (ignored while one is in flight).
    pub unlock: Callback<PendingRow>,
}

/// Unlocks for `address` on `network`, signed by `wallet`; `on_sent` runs once the node has it.
#[hook]
pub fn use_unlock(client: NodeClient, network: NetworkConfig, address: Option<EthAddress>, wallet: Option<Wallet>, on_sent: Callback<()>) -> UnlockHandle {
    let state = use_state(Unlock::default);
    // Outcomes of an Unlock begun for another account or network are dropped.
    let current = use_mut_ref(|| 0u64);
    let in_flight = use_mut_ref(|| false);
    {
        let (state, current, in_flight) = (state.clone(), current.clone(), in_flight.clone());
        use_effect_with((network.clone(), address), move |_| {
            *current.borrow_mut() += 1;
            *in_flight.borrow_mut() = false;
            state.set(Unlock { attempt: state.attempt + 1, ..Unlock::default() });
        });
    }
    let unlock = {
        let state = state.clone();
        Callback::from(move |row: PendingRow| {
            let (Some(address), Some(wallet), Some(cell)) = (address, wallet.clone(), row.cell) else { return };
            if in_flight.replace(true) {
                return;
            }
            let attempt = state.attempt + 1;
            state.set(Unlock { cell: Some(cell.clone()), stage: UnlockStage::Signing, attempt });
            let (state, client, network, on_sent) = (state.clone(), client.clone(), network.clone(), on_sent.clone());
            let (current, in_flight) = (current.clone(), in_flight.clone());
            let generation = *current.borrow();
            spawn_local(async move {
                let still_current = || *current.borrow() == generation;
                let set = |stage| state.set(Unlock { cell: Some(cell.clone()), stage, attempt });
                let signed = match prepare_unlock(&client, &network, &address, &cell, row.capacity).await {
                    Ok(unsigned) => sign_transaction(&unsigned, &address, &wallet, &still_current).await,
                    Err(error) => Err(error),
                };
                if !still_current() {
                    return;
                }
                let outcome = match signed {
                    Ok(tx) => {
                        set(UnlockStage::Sending);
                        send_signed(&client, &tx).await
                    }
                    Err(error) => Err(error),
                };
                if !still_current() {
                    return;
                }
                *in_flight.borrow_mut() = false;
                match outcome {
                    Ok(hash) => {
                        set(UnlockStage::Sent(hash));
                        on_sent.emit(());
                    }
                    Err(error) => set(UnlockStage::Failed(error)),
                }
            });
        })
    };
    UnlockHandle { state: (*state).clone(), unlock }
}
