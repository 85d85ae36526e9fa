//! The withdraw view: explanation, amount, summary of what will be signed, the button, the result,
//! and the table of pending requests.

use std::time::Duration;

use godwoken_core::amount::{format_ckb, format_ckb_plain, format_grouped};
use godwoken_core::network::NetworkConfig;
use godwoken_core::withdrawal::{build_raw_request, signing_message, WithdrawalParams};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::pending_table::{pending_table, TableScroll};
use crate::hooks::use_account::AccountInfo;
use crate::hooks::use_clock::use_clock;
use crate::hooks::use_pending::PendingHandle;
use crate::hooks::use_withdrawal::{WithdrawalHandle, WithdrawalInput};
use crate::model::amount_input::{max_withdrawable, validate_amount, DEFAULT_AMOUNT_CKB, WITHDRAWAL_FEE_SHANNONS};
use crate::model::submission::Stage;
use crate::model::time::format_duration;
use crate::rpc::NodeClient;
use crate::wallet::Wallet;

/// What the withdraw view shows and acts on, all owned by the page's hooks.
pub struct WithdrawContext<'a> {
    /// The network.
    pub network: &'a NetworkConfig,
    /// Its client.
    pub client: &'a NodeClient,
    /// Whether the node's constants match (signing allowed).
    pub node_ready: bool,
    /// The account.
    pub account: &'a AccountInfo,
    /// The wallet.
    pub wallet: &'a Wallet,
    /// The submission flow.
    pub withdrawal: &'a WithdrawalHandle,
    /// The pending requests.
    pub pending: &'a PendingHandle,
}

/// What the view keeps while it is used: the amount being typed, the countdown's clock, the
/// table's scroll position.
#[derive(Clone, PartialEq)]
pub struct WithdrawForm {
    amount_text: UseStateHandle<String>,
    now_ms: u64,
    table_scroll: TableScroll,
}

/// The withdraw view's state; its clock ticks only while the view is `shown`.
#[hook]
pub fn use_withdraw_form(shown: bool) -> WithdrawForm {
    WithdrawForm {
        amount_text: use_state(|| DEFAULT_AMOUNT_CKB.to_owned()),
        now_ms: use_clock(Duration::from_secs(1), shown),
        table_scroll: TableScroll { element: use_node_ref(), scrolled: use_state(|| 0) },
    }
}

/// The withdraw view and the table of pending requests. A view function, not a component: the
/// page's hooks own its state, and each component costs the page about 0.4 KB of brotli.
pub fn withdraw_view(context: &WithdrawContext<'_>, form: &WithdrawForm) -> Html {
    let WithdrawForm { amount_text, now_ms, table_scroll } = form;
    let account = context.account;
    let fee = WITHDRAWAL_FEE_SHANNONS;
    let validation = validate_amount(amount_text, account.balance, fee);
    let stage = &context.withdrawal.submission.stage;
    let busy = stage.is_busy();
    let wait_ms = context.network.finality_blocks.saturating_mul(context.network.block_time_ms);

    let oninput = {
        let amount_text = amount_text.clone();
        Callback::from(move |e: InputEvent| amount_text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let max = max_withdrawable(account.balance, fee);
    let on_max = {
        let amount_text = amount_text.clone();
        Callback::from(move |_| {
            if let Some(max) = max {
                amount_text.set(format_ckb_plain(max.into()));
            }
        })
    };
    let can_sign = context.node_ready && account.account_id.is_some() && validation.is_ok() && !busy;
    let onclick = {
        let start = context.withdrawal.start.clone();
        let input = match (&validation, account.account_id) {
            (Ok(capacity), Some(account_id)) => Some(WithdrawalInput {
                network: (*context.network).clone(),
                client: (*context.client).clone(),
                node_ready: context.node_ready,
                wallet: (*context.wallet).clone(),
                address: account.address,
                account_id,
                capacity: *capacity,
                fee,
            }),
            _ => None,
        };
        Callback::from(move |_| {
            if let Some(input) = input.clone() {
                start.emit(input);
            }
        })
    };
    let cancel = { let reset = context.withdrawal.reset.clone(); Callback::from(move |_| reset.emit(())) };

    // What the wallet will be asked to sign, with the nonce known now (fetched again at the click).
    let summary = validation.as_ref().ok().map(|capacity| {
        let params = WithdrawalParams { nonce: account.nonce, capacity: *capacity, fee, ..Default::default() };
        let raw = build_raw_request(&context.network.constants, &account.address, &params);
        let message = signing_message(&context.network.constants.rollup_type_hash, &raw);
        html! {
            <dl class="summary" aria-label="Withdrawal summary">
                <dt>{ "Amount" }</dt><dd>{ format!("{} CKB ({} Shannon)", format_ckb(u128::from(*capacity)), format_grouped(u128::from(*capacity))) }</dd>
                <dt>{ "Fee" }</dt><dd>{ format!("{} CKB", format_ckb(fee)) }</dd>
                <dt>{ "Destination (Layer 1)" }</dt><dd><code class="wrap">{ account.layer1_address.clone() }</code></dd>
                <dt>{ "Nonce" }</dt><dd>{ account.nonce }</dd>
                <dt>{ "Message your wallet will show" }</dt><dd><code class="wrap" id="signing-message">{ message.to_string() }</code></dd>
            </dl>
        }
    });
    let invalid = validation.as_ref().err().map(ToString::to_string);
    let blocked_reason = if !context.node_ready {
        Some("Signing is disabled until the node is confirmed to belong to the selected network.")
    } else if account.account_id.is_none() {
        Some("You need a Layer 2 account with CKB to withdraw.")
    } else {
        None
    };
    let outcome = match stage {
        Stage::Succeeded { hash } => html! {
            <div class="success">
                <p>{ "Success! Withdrawal request sent." }</p>
                <p>{ "Withdrawal hash: " }<code class="wrap" id="withdrawal-hash">{ hash.to_string() }</code></p>
            </div>
        },
        Stage::Failed { reason } => html! { <p class="error" id="withdrawal-error">{ reason.clone() }</p> },
        Stage::AwaitingSignature { .. } => html! {
            <p class="muted">
                { "Waiting for your signature in the wallet. " }
                <button type="button" class="secondary small" onclick={cancel}>{ "Cancel" }</button>
            </p>
        },
        Stage::Preparing | Stage::Submitting | Stage::Idle => html! {},
    };
    html! {
        <>
        <section id="withdraw-view" class="withdraw" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{ "Withdraw" }</h2>
            <p>
                { "Withdrawal from Godwoken is a 2 step process. First you have to initiate withdrawal by creating withdrawal request. " }
                { format!(
                    "Then you need to wait about {} ({} blocks on {}) for the challenge period to end; after that the funds are released to your Layer 1 address automatically.",
                    format_duration(wait_ms), context.network.finality_blocks, context.network.name
                ) }
            </p>
            <div class="field">
                <label for="withdraw-amount">{ "Withdraw amount (CKB)" }</label>
                <div class="input-row">
                    <input id="withdraw-amount" type="text" inputmode="decimal" autocomplete="off" spellcheck="false"
                        value={(**amount_text).clone()} {oninput} disabled={busy}
                        aria-invalid={invalid.is_some().to_string()} aria-describedby="amount-hint amount-error" />
                    <button type="button" class="secondary" onclick={on_max} disabled={busy || max.is_none()}>{ "Max" }</button>
                </div>
                <p id="amount-hint" class="muted">{ "At least 265 CKB, at most your balance minus the fee; up to 8 decimals." }</p>
                <p id="amount-error" class="error">{ invalid.unwrap_or_default() }</p>
            </div>
            { summary.unwrap_or_default() }
            if let Some(reason) = blocked_reason { <p class="warning">{ reason }</p> }
            <button type="button" id="create-withdrawal" class="primary" disabled={!can_sign} {onclick}>
                { if busy { "Working…" } else { "Create new withdrawal request" } }
            </button>
            { outcome }
        </section>
        { pending_table(&context.pending.view, context.network.block_time_ms, &context.pending.fetch, *now_ms, table_scroll) }
        </>
    }
}
