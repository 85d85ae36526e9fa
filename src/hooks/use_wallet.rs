//! The wallet connection: discovery, connect on click, silent restore, account and chain changes.

use std::cell::RefCell;
use std::rc::Rc;

use godwoken_core::eth::EthAddress;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::wallet::{WalletEvent, WalletState};
use crate::services::Signer;
use crate::wallet::{self, Wallet};

/// The wallet handle.
#[derive(Clone, PartialEq)]
pub struct WalletHandle {
    /// The connection as it stands.
    pub state: WalletState,
    /// Connects the given wallet (on a click only).
    pub connect: Callback<Wallet>,
}

/// Discovers wallets and follows the connected account.
#[hook]
pub fn use_wallet() -> WalletHandle {
    let state = use_reducer(|| WalletState::at_start(wallet::discover_now()));

    // Discovery goes on: EIP-6963 announcements (late ones too), then `window.ethereum` if
    // nobody announced.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let announced: Rc<RefCell<Vec<Wallet>>> = Rc::default();
            let on_found = {
                let dispatch = dispatch.clone();
                let announced = announced.clone();
                move |found: Vec<Wallet>| {
                    announced.replace(found.clone());
                    dispatch.dispatch(WalletEvent::Announced(found));
                }
            };
            let discovery = wallet::discover(Box::new(on_found));
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
                let fallback = if found.is_empty() { wallet::injected() } else { None };
                found.extend(fallback.clone());
                dispatch.dispatch(WalletEvent::DiscoveryEnded { fallback });
                // Silent restore: only if exactly one wallet and it already shares an account.
                if let [only] = found.as_slice() {
                    if let Ok(Some(address)) = only.connected_account().await {
                        dispatch.dispatch(WalletEvent::Restored { wallet: only.clone(), address });
                    }
                }
            });
            move || drop(discovery)
        });
    }

    // Follow the connected wallet's events; listeners are removed when the wallet changes or the
    // page unmounts.
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.wallet.clone(), move |current: &Option<Wallet>| {
            let listeners = current.as_ref().map(|w| {
                let on_accounts = {
                    let dispatch = dispatch.clone();
                    move |account: Option<EthAddress>| dispatch.dispatch(WalletEvent::AccountChanged(account))
                };
                let on_chain = move || dispatch.dispatch(WalletEvent::ChainChanged);
                (w.on_accounts_changed(on_accounts), w.on_chain_changed(on_chain))
            });
            move || drop(listeners)
        });
    }

    let connect = {
        let dispatch = state.dispatcher();
        let connecting = state.connecting;
        Callback::from(move |chosen: Wallet| {
            if connecting {
                return;
            }
            dispatch.dispatch(WalletEvent::ConnectStarted);
            let dispatch = dispatch.clone();
            spawn_local(async move {
                dispatch.dispatch(match chosen.request_accounts().await {
                    Ok(address) => WalletEvent::Connected { wallet: chosen, address },
                    Err(err) => WalletEvent::ConnectFailed(err),
                });
            });
        })
    };

    WalletHandle { state: (*state).clone(), connect }
}

