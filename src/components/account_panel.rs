//! The account view: Layer 2 account and balance, the Layer 1 address that receives withdrawals.

use godwoken_core::amount::{format_ckb, format_grouped};
use yew::prelude::*;

use crate::components::copy_button::copy_button;
use crate::hooks::use_clipboard::Clipboard;
use crate::model::account::AccountState;
use crate::model::deposit::DepositPurpose;
use crate::model::faucet::Faucet;

/// The account section: `state` as loaded, `on_retry` to reload, `on_deposit` to open the deposit
/// dialog, the devnet's `faucet` (its state and request; `None` on other networks), the page's
/// `clipboard` for the copy button. A view function: it keeps no state.
pub fn account_panel(
    state: &AccountState,
    on_retry: &Callback<()>,
    on_deposit: &Callback<DepositPurpose>,
    faucet: Option<(&Faucet, &Callback<()>)>,
    clipboard: &Clipboard,
) -> Html {
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
                { faucet_button(faucet, request, Some("faucet")) }
            }
        </div>
    };
    let open = |purpose: DepositPurpose| {
        let open = on_deposit.clone();
        Callback::from(move |_| open.emit(purpose))
    };
    let Some(id) = info.account_id else {
        return html! {
            <section class="account">
                <p>{ "You don't have a Nervos Layer 2 account yet." }</p>
                <p>
                    <button type="button" id="create-account" class="primary" aria-haspopup="dialog" onclick={open(DepositPurpose::CreateAccount)}>
                        { "Create Layer 2 account" }
                    </button>
                </p>
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
            <p>
                <button type="button" id="deposit" class="secondary" aria-haspopup="dialog" onclick={open(DepositPurpose::TopUp)}>
                    { "Deposit to Layer 2" }
                </button>
            </p>
            { layer1 }
        </section>
    }
}

/// The devnet faucet's button (`id` on the account section's own): off while a request is in flight.
pub fn faucet_button(faucet: &Faucet, request: &Callback<()>, id: Option<&'static str>) -> Html {
    let request = request.clone();
    let busy = faucet.is_busy();
    html! {
        <p>
            <button type="button" {id} class="secondary" disabled={busy} onclick={Callback::from(move |_| request.emit(()))}>
                { if busy { "Asking the faucet…" } else { "Get CKB from the devnet faucet" } }
            </button>
        </p>
    }
}
