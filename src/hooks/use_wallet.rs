//! The wallet connection: discovery, connect on click, silent restore, account and chain changes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use godwoken_core::eth::EthAddress;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::wallet::{self, Wallet, WalletError};

/// The wallet handle.
#[derive(Clone, PartialEq)]
pub struct WalletHandle {
    /// Wallets found (EIP-6963, else `window.ethereum`); empty: none installed.
    pub wallets: Vec<Wallet>,
    /// Whether discovery has had its chance (so "not detected" is not shown too early).
    pub discovery_done: bool,
    /// The wallet in use.
    pub wallet: Option<Wallet>,
    /// The connected account.
    pub address: Option<EthAddress>,
    /// Asking the wallet.
    pub connecting: bool,
    /// The last wallet error.
    pub error: Option<WalletError>,
    /// Connects the given wallet (on a click only).
    pub connect: Callback<Wallet>,
    /// Increases whenever the account or chain changes, so that dependents reset.
    pub generation: u32,
}

/// Discovers wallets and follows the connected account.
#[hook]
pub fn use_wallet() -> WalletHandle {
    let wallets = use_state(Vec::<Wallet>::new);
    let discovery_done = use_state(|| false);
    let wallet = use_state(|| None::<Wallet>);
    let address = use_state(|| None::<EthAddress>);
    let connecting = use_state(|| false);
    let error = use_state(|| None::<WalletError>);
    let generation = use_state(|| 0u32);
    // Handles captured by closures see the value of their render; the counter must not go stale.
    let generation_counter = use_mut_ref(|| Cell::new(0u32));
    let bump = {
        let generation = generation.clone();
        let counter = generation_counter.clone();
        Rc::new(move || {
            let next = counter.borrow().get() + 1;
            counter.borrow().set(next);
            generation.set(next);
        })
    };

    // Discovery: EIP-6963 announcements, then `window.ethereum` if nobody announced.
    {
        let wallets = wallets.clone();
        let discovery_done = discovery_done.clone();
        let wallet = wallet.clone();
        let address = address.clone();
        use_effect_with((), move |_| {
            let announced: Rc<RefCell<Vec<Wallet>>> = Rc::default();
            let on_found = {
                let wallets = wallets.clone();
                let announced = announced.clone();
                move |found: Vec<Wallet>| {
                    announced.replace(found.clone());
                    wallets.set(found);
                }
            };
            let discovery = wallet::discover(on_found);
            // Wallets that listen announce themselves synchronously, during the request event.
            // Only when none did (and there is no `window.ethereum`) is one more turn of the event
            // loop given to late ones before saying that no wallet is installed; otherwise the
            // page is usable at once.
            let settled = !announced.borrow().is_empty() || wallet::injected().is_some();
            spawn_local(async move {
                if !settled {
                    yew::platform::time::sleep(std::time::Duration::from_millis(0)).await;
                }
                let mut found = announced.borrow().clone();
                if found.is_empty() {
                    if let Some(injected) = wallet::injected() {
                        found.push(injected);
                        wallets.set(found.clone());
                    }
                }
                discovery_done.set(true);
                // Silent restore: only if exactly one wallet and it already shares an account.
                if let [only] = found.as_slice() {
                    if let Ok(Some(account)) = only.connected_account().await {
                        wallet.set(Some(only.clone()));
                        address.set(Some(account));
                    }
                }
            });
            move || drop(discovery)
        });
    }

    // Follow the connected wallet's events; listeners are removed when the wallet changes or the
    // page unmounts.
    {
        let address = address.clone();
        let bump = bump.clone();
        use_effect_with((*wallet).clone(), move |current: &Option<Wallet>| {
            let listeners = current.as_ref().map(|w| {
                let on_accounts = {
                    let address = address.clone();
                    let bump = bump.clone();
                    move |account: Option<EthAddress>| {
                        address.set(account);
                        bump();
                    }
                };
                let on_chain = {
                    let bump = bump.clone();
                    move || bump()
                };
                (w.on_accounts_changed(on_accounts), w.on_chain_changed(on_chain))
            });
            move || drop(listeners)
        });
    }

    let connect = {
        let wallet = wallet.clone();
        let address = address.clone();
        let connecting = connecting.clone();
        let error = error.clone();
        let bump = bump.clone();
        Callback::from(move |chosen: Wallet| {
            if *connecting {
                return;
            }
            connecting.set(true);
            error.set(None);
            let (wallet, address, connecting, error, bump) =
                (wallet.clone(), address.clone(), connecting.clone(), error.clone(), bump.clone());
            spawn_local(async move {
                match chosen.request_accounts().await {
                    Ok(account) => {
                        wallet.set(Some(chosen));
                        address.set(Some(account));
                        bump();
                    }
                    Err(err) => error.set(Some(err)),
                }
                connecting.set(false);
            });
        })
    };

    WalletHandle {
        wallets: (*wallets).clone(),
        discovery_done: *discovery_done,
        wallet: (*wallet).clone(),
        address: *address,
        connecting: *connecting,
        error: (*error).clone(),
        connect,
        generation: *generation,
    }
}

