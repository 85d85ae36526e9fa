//! Connecting the wallet: the button, a picker when several wallets announce, the address.

use yew::prelude::*;

use crate::components::copy_button::copy_button;
use crate::hooks::use_clipboard::Clipboard;
use crate::hooks::use_wallet::WalletHandle;
use crate::wallet::WalletError;

/// The wallet section. A view function: the wallet hook keeps the connection's state.
pub fn wallet_panel(handle: &WalletHandle, clipboard: &Clipboard) -> Html {
    let WalletHandle { state, connect } = handle;
    let error = state.error.as_ref().map(|e| html! { <p class="error">{ e.to_string() }</p> });
    if let Some(address) = state.address {
        let checksum = address.to_checksum();
        return html! {
            <section class="wallet">
                <p class="address">
                    { "Connected ETH address: " }<code>{ checksum.clone() }</code>{ " " }
                    { copy_button(clipboard, checksum.into(), "Copy ETH address") }
                </p>
                { error.clone().unwrap_or_default() }
            </section>
        };
    }
    if !state.discovery_done {
        return html! { <section class="wallet"><p class="muted">{ "Looking for a wallet…" }</p></section> };
    }
    if state.wallets.is_empty() {
        return html! { <section class="wallet"><p class="warning">{ WalletError::NotInstalled.to_string() }</p></section> };
    }
    let buttons = state.wallets.iter().map(|wallet| {
        let connect = connect.clone();
        let chosen = wallet.clone();
        let onclick = Callback::from(move |_| connect.emit(chosen.clone()));
        let icon = wallet.info.as_ref().filter(|i| !i.icon.is_empty()).map(|i| html! {
            <img src={i.icon.clone()} alt="" width="20" height="20" />
        });
        let label = if state.wallets.len() == 1 { "Connect wallet".to_owned() } else { format!("Connect {}", wallet.name()) };
        html! { <button type="button" class="connect" disabled={state.connecting} {onclick}>{ icon.unwrap_or_default() }{ label }</button> }
    });
    html! {
        <section class="wallet">
            if state.wallets.len() > 1 { <p>{ "Several wallets are installed. Choose one:" }</p> }
            <div class="wallet-buttons">{ for buttons }</div>
            if state.connecting {
                <p class="muted">{ "Please connect Ethereum account. Check for \"Connect account\" modal in your wallet extension." }</p>
            }
            { error.clone().unwrap_or_default() }
        </section>
    }
}
