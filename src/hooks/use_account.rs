//! The connected address's Layer 2 account and Layer 1 balance on the chosen network.

use godwoken_core::account::{account_script_hash, owner_lock, short_address};
use godwoken_core::address::encode_address;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::owner_cells_search_key;
use godwoken_core::H256;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::rpc::{NodeClient, RpcError};

/// What the page shows about the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// The ETH address.
    pub address: EthAddress,
    /// Its Layer 2 account script hash.
    pub script_hash: H256,
    /// Its account id, `None` without a Layer 2 account.
    pub account_id: Option<u32>,
    /// Layer 2 CKB balance in shannons.
    pub balance: u128,
    /// The account's nonce (the next withdrawal's; fetched again right before signing).
    pub nonce: u32,
    /// The Layer 1 address that receives withdrawals (PW-lock).
    pub layer1_address: String,
    /// Its Layer 1 balance in shannons.
    pub layer1_balance: u64,
}

/// Loading state.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountState {
    /// No address or node yet.
    None,
    /// Loading.
    Loading,
    /// Loaded.
    Loaded(AccountInfo),
    /// Failed (in words).
    Failed(String),
}

/// Reads everything the account view shows.
pub async fn load_account(client: &NodeClient, network: &NetworkConfig, address: EthAddress) -> Result<AccountInfo, RpcError> {
    let constants = &network.constants;
    let script_hash = account_script_hash(constants, &address);
    let account_id = client.account_id(&script_hash).await?;
    let (balance, nonce) = match account_id {
        Some(id) => (client.ckb_balance(&short_address(&script_hash), constants.ckb_sudt_id).await?, client.nonce(id).await?),
        None => (0, 0),
    };
    let layer1 = client.cells_capacity(&owner_cells_search_key(constants, &address)).await?;
    Ok(AccountInfo {
        address,
        script_hash,
        account_id,
        balance,
        nonce,
        layer1_address: encode_address(network.address_prefix, &owner_lock(constants, &address)),
        layer1_balance: layer1.capacity,
    })
}

/// The account handle.
#[derive(Clone, PartialEq)]
pub struct AccountHandle {
    /// State.
    pub state: AccountState,
    /// Reloads.
    pub refresh: Callback<()>,
}

/// Loads the account whenever the address, network or `refresh` changes.
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
                                Err(err) => AccountState::Failed(err.to_string()),
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
