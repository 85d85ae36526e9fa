//! Adapts the account service to Yew: loads the account whenever the address, network or a
//! refresh asks for it.

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::account::AccountState;
use crate::rpc::NodeClient;
use crate::services::account::load_account;

/// The account handle.
#[derive(Clone, PartialEq)]
pub struct AccountHandle {
    /// The account as loaded.
    pub state: AccountState,
    /// Loads it again.
    pub refresh: Callback<()>,
}

/// Loads the account of `address` once the node is `ready`, and again on `refresh`.
#[hook]
pub fn use_account(client: NodeClient, network: NetworkConfig, address: Option<EthAddress>, ready: bool) -> AccountHandle {
    let state = use_state(|| AccountState::None);
    let round = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((client, network, address, ready, *round), move |(client, network, address, ready, _)| {
            let alive = std::rc::Rc::new(std::cell::Cell::new(true));
            match (address, ready) {
                (Some(address), true) => {
                    // Keep showing the old figures while refreshing the same account.
                    if !matches!(&*state, AccountState::Loaded(info) if info.address == *address) {
                        state.set(AccountState::Loading);
                    }
                    let (client, network, address, still) = (client.clone(), network.clone(), *address, alive.clone());
                    spawn_local(async move {
                        let outcome = load_account(&client, &network, address).await;
                        if still.get() {
                            state.set(match outcome {
                                Ok(info) => AccountState::Loaded(info),
                                Err(err) => AccountState::Failed(err),
                            });
                        }
                    });
                }
                _ => state.set(AccountState::None),
            }
            move || alive.set(false)
        });
    }
    let refresh = {
        let round = round.clone();
        Callback::from(move |()| round.set(*round + 1))
    };
    AccountHandle { state: (*state).clone(), refresh }
}
