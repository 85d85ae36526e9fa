//! The account view: Layer 2 account and balance, the Layer 1 address that receives withdrawals.

use godwoken_core::amount::{format_ckb, format_grouped};
use yew::prelude::*;

use crate::components::copy_button::copy_button;
use crate::hooks::use_clipboard::Clipboard;
use crate::model::account::AccountState;
use crate::model::faucet::Faucet;

/// The account section: `state` as loaded, `on_retry` to reload, the devnet's `faucet` (its state
/// and request; `None` on other networks), the page's `clipboard` for the copy button. A view
/// function: it keeps no state (the explanation is a native `<details>`, keyboard and
/// screen-reader support included).
pub fn account_panel(state: &AccountState, on_retry: &Callback<()>, faucet: Option<(&Faucet, &Callback<()>)>, clipboard: &Clipboard) -> Html {
    let devnet = faucet.is_some();
    let info = match state {
        AccountState::None => return html! {},
        AccountState::Loading => return html! { <section class="account"><p class="muted">{ "Loading your Layer 2 account…" }</p></section> },
        AccountState::Failed(error) => {
            let retry = on_retry.clone();
            return html! {
                <section class="account error-box">
                    <p class="error">{ error.to_string() }</p>
                    <button type="button" class="secondary" onclick={Callback::from(move |_| retry.emit(()))}>{ "Retry" }</button>
                </section>
            };
        }
        AccountState::Loaded(info) => info,
    };
    let layer1 = html! {
        <div class="layer1">
            <p>
                { "Withdrawals arrive at your Layer 1 address: " }<code class="wrap">{ info.layer1_address.clone() }</code>{ " " }
                { copy_button(clipboard, info.layer1_address.clone().into(), "Copy Layer 1 address") }
            </p>
            <p>{ format!("Layer 1 balance: {} CKB", format_ckb(info.layer1_balance.into())) }</p>
            if let Some((faucet, request)) = faucet {
                { faucet_button(faucet, request) }
            }
        </div>
    };
    let Some(id) = info.account_id else {
        let hint = if devnet {
            "On the devnet, get Layer 1 CKB from the devnet faucet below; to fund Layer 2 directly, use the dev_fund method (see the README), or restart the devnet with --fund <address>=<CKB>."
        } else {
            "Send CKB to your Layer 1 address above, then deposit it to Layer 2 with a Godwoken bridge; the account is created by the first deposit."
        };
        return html! {
            <section class="account">
                <p>{ "You don't have a Nervos Layer 2 account yet." }</p>
                <details id="create-account-help">
                    <summary class="button">{ "Create Layer 2 account" }</summary>
                    <div class="help">
                        <h2>{ "Create Nervos Layer 2 Account" }</h2>
                        <p>{ "A Layer 2 account is created when CKB is first deposited for your ETH address." }</p>
                        <p>{ hint }</p>
                    </div>
                </details>
                { layer1 }
            </section>
        };
    };
    html! {
        <section class="account">
            <p>{ "You already have a Nervos Layer 2 account with CKB." }</p>
            <p>{ format!("Layer 2 account id: {id}") }</p>
            <p class="balance">
                { "Your Layer 2 balance is: " }<strong>{ format!("{} CKB", format_ckb(info.balance)) }</strong>
                <span class="muted">{ format!(" ({} Shannon)", format_grouped(info.balance)) }</span>
            </p>
            <p class="note"><em>{ "1 Shannon is 1 / 10 ^ 8 of CKB." }</em></p>
            { layer1 }
        </section>
    }
}

/// The devnet faucet's button: off while a request is in flight.
fn faucet_button(faucet: &Faucet, request: &Callback<()>) -> Html {
    let request = request.clone();
    let busy = faucet.is_busy();
    html! {
        <p>
            <button type="button" id="faucet" class="secondary" disabled={busy} onclick={Callback::from(move |_| request.emit(()))}>
                { if busy { "Asking the faucet…" } else { "Get CKB from the devnet faucet" } }
            </button>
        </p>
    }
}
