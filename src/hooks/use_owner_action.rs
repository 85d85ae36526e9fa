//! Adapts the owner's Layer 1 actions (Unlock, cancel of a deposit) to Yew: one at a time, the
//! balances and lists refreshed once the node has it.

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::OutPoint;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::owner_action::{ActionStage, ActionState, OwnerAction};
use crate::model::pending::PendingRow;
use crate::rpc::NodeClient;
use crate::services::deposit::{prepare_cancel, LiveDeposit};
use crate::services::layer1::{recheck_constants, send_signed, sign_transaction, Layer1Error};
use crate::services::unlock::prepare_unlock;
use crate::wallet::Wallet;

/// What to send.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnerJob {
    /// Unlock this final withdrawal.
    Unlock(PendingRow),
    /// Cancel this deposit.
    Cancel(LiveDeposit),
}

/// The handle.
#[derive(Clone, PartialEq)]
pub struct OwnerActionHandle {
    /// The last action.
    pub state: ActionState,
    /// Starts one (ignored while one is in flight).
    pub start: Callback<OwnerJob>,
    /// Stops waiting for the wallet (`None` unless it is open): a late signature sends nothing.
    pub cancel_signing: Option<Callback<()>>,
}

/// The owner's actions for `address` on `network`, signed by `wallet`; `on_sent` runs once the
/// node has one.
#[hook]
pub fn use_owner_action(
    client: NodeClient,
    network: NetworkConfig,
    address: Option<EthAddress>,
    wallet: Option<Wallet>,
    on_sent: Callback<()>,
) -> OwnerActionHandle {
    let state = use_state(ActionState::default);
    // Outcomes of an action begun for another account or network are dropped.
    let current = use_mut_ref(|| 0u64);
    let in_flight = use_mut_ref(|| false);
    {
        let (state, current, in_flight) = (state.clone(), current.clone(), in_flight.clone());
        use_effect_with((network.clone(), address), move |_| {
            *current.borrow_mut() += 1;
            *in_flight.borrow_mut() = false;
            state.set(ActionState { attempt: state.attempt + 1, ..ActionState::default() });
        });
    }
    let start = {
        let (state, current, in_flight) = (state.clone(), current.clone(), in_flight.clone());
        Callback::from(move |job: OwnerJob| {
            let (Some(address), Some(wallet)) = (address, wallet.clone()) else { return };
            let (action, cell): (OwnerAction, Option<OutPoint>) = match &job {
                OwnerJob::Unlock(row) => (OwnerAction::Unlock, row.cell.clone()),
                OwnerJob::Cancel(deposit) => (OwnerAction::CancelDeposit, Some(deposit.out_point.clone())),
            };
            if cell.is_none() || in_flight.replace(true) {
                return;
            }
            let attempt = state.attempt + 1;
            // A transaction of unknown fate for this cell is sent again as it is, never rebuilt.
            let resend = cell.as_ref().and_then(|cell| state.resend_for(cell));
            let set = {
                let state = state.clone();
                move |stage, unsure| state.set(ActionState { action, cell: cell.clone(), stage, attempt, unsure })
            };
            set(if resend.is_some() { ActionStage::Sending } else { ActionStage::Signing }, resend.clone());
            let (client, network, on_sent) = (client.clone(), network.clone(), on_sent.clone());
            let (current, in_flight) = (current.clone(), in_flight.clone());
            let generation = *current.borrow();
            spawn_local(async move {
                let still_current = || *current.borrow() == generation;
                let signed = match resend {
                    Some(tx) => Ok(tx),
                    None => {
                        let prepared = match &job {
                            OwnerJob::Unlock(row) => match &row.cell {
                                Some(cell) => prepare_unlock(&client, &network, &address, cell, row.capacity).await,
                                None => return,
                            },
                            OwnerJob::Cancel(deposit) => prepare_cancel(&client, &network, &address, deposit).await,
                        };
                        // The node's constants are asked again only for something to sign.
                        let checked = match prepared {
                            Ok(unsigned) => recheck_constants(&client, &network).await.map(|()| unsigned),
                            Err(error) => Err(error),
                        };
                        match checked {
                            Ok(unsigned) => sign_transaction(&unsigned, &address, &wallet, &still_current).await,
                            Err(error) => Err(error),
                        }
                    }
                };
                if !still_current() {
                    return;
                }
                let (outcome, tx) = match signed {
                    Ok(tx) => {
                        set(ActionStage::Sending, Some(tx.clone()));
                        (send_signed(&client, &tx).await, Some(tx))
                    }
                    Err(error) => (Err(error), None),
                };
                if !still_current() {
                    return;
                }
                *in_flight.borrow_mut() = false;
                match outcome {
                    Ok(taken) => {
                        set(ActionStage::Sent(taken), None);
                        on_sent.emit(());
                    }
                    // It may be in: kept, to be sent again as it is.
                    Err(error @ (Layer1Error::OutcomeUnknown { .. } | Layer1Error::HashMismatch { .. })) => set(ActionStage::Failed(error), tx),
                    Err(error) => set(ActionStage::Failed(error), None),
                }
            });
        })
    };
    let cancel_signing = (state.stage == ActionStage::Signing).then(|| {
        let state = state.clone();
        Callback::from(move |()| {
            // A new generation: the wallet's late answer is dropped.
            *current.borrow_mut() += 1;
            *in_flight.borrow_mut() = false;
            state.set(ActionState { stage: ActionStage::Failed(Layer1Error::Cancelled), unsure: None, ..(*state).clone() });
        })
    });
    OwnerActionHandle { state: (*state).clone(), start, cancel_signing }
}
