//! The withdraw form: explanation, amount, summary of what will be signed, the button, the result.

use godwoken_core::amount::{format_ckb, format_ckb_plain, format_grouped};
use godwoken_core::network::NetworkConfig;
use godwoken_core::withdrawal::{build_raw_request, signing_message, WithdrawalParams};
use godwoken_core::H256;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::account::AccountInfo;
use crate::model::amount_input::{max_withdrawable, validate_amount, DEFAULT_AMOUNT_CKB, WITHDRAWAL_FEE_SHANNONS};
use crate::model::submission::{Stage, Submission};
use crate::model::time::{block_count, format_duration};

/// Props of [`WithdrawForm`].
#[derive(Properties, PartialEq)]
pub struct WithdrawFormProps {
    /// The network (its constants go into the message; its finality into the explanation).
    pub network: NetworkConfig,
    /// Whether the node's constants were checked and match (signing allowed).
    pub node_ready: bool,
    /// The account withdrawing.
    pub account: AccountInfo,
    /// The current attempt.
    pub submission: Submission,
    /// "Create new withdrawal request" with a valid amount, in shannons.
    pub on_submit: Callback<u64>,
    /// "Cancel" while the wallet is open.
    pub on_cancel: Callback<()>,
    /// A request whose fate is not known yet: no new one is offered until the node tells.
    pub waiting_for: Option<H256>,
    /// "Stop waiting" for that request.
    pub on_stop_waiting: Callback<H256>,
}

/// The withdraw form: explanation, amount, summary of what will be signed, the button and the
/// result. Owns the amount being typed.
#[component]
pub fn WithdrawForm(props: &WithdrawFormProps) -> Html {
    let WithdrawFormProps { network, node_ready, account, submission, on_submit, on_cancel, waiting_for, on_stop_waiting } = props;
    let node_ready = *node_ready;
    let amount_text = use_state(|| DEFAULT_AMOUNT_CKB.to_owned());
    let fee = WITHDRAWAL_FEE_SHANNONS;
    let validation = validate_amount(&amount_text, account.balance, fee);
    let stage = &submission.stage;
    let busy = stage.is_busy();
    let blocks = format!("{} on {}", block_count(network.finality_blocks), network.name);
    let challenge = match network.block_time_ms {
        0 => format!("Then you need to wait for the challenge period to end: {blocks}, made on demand; "),
        block_time_ms => format!(
            "Then you need to wait about {} for the challenge period to end: {blocks}; ",
            format_duration(network.finality_blocks.saturating_mul(block_time_ms))
        ),
    };

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
    let can_sign = node_ready && account.account_id.is_some() && validation.is_ok() && !busy && waiting_for.is_none();
    let onclick = {
        let submit = on_submit.clone();
        let capacity = validation.as_ref().ok().copied();
        Callback::from(move |_| {
            if let Some(capacity) = capacity {
                submit.emit(capacity);
            }
        })
    };
    let cancel = { let cancel = on_cancel.clone(); Callback::from(move |_| cancel.emit(())) };

    // What the wallet will be asked to sign, with the nonce known now (fetched again at the click).
    let summary = validation.as_ref().ok().map(|capacity| {
        let params = WithdrawalParams { nonce: account.nonce, capacity: *capacity, fee, ..Default::default() };
        let raw = build_raw_request(&network.constants, &account.address, &params);
        let message = signing_message(&network.constants.rollup_type_hash, &raw);
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
    let waiting = waiting_for.map(|hash| {
        let stop = on_stop_waiting.clone();
        html! {
            <div class="warning-box" id="unconfirmed-request">
                <p class="warning">
                    { "It is not known yet whether the node took your request " }<code class="wrap">{ hash.to_string() }</code>
                    { ". The page asks the node again every few seconds; a new request is offered only once the node tells, so nothing is withdrawn twice." }
                </p>
                <p class="muted">{ "Stop waiting only if you are sure this node will never answer: if it did take that request, a new one withdraws again." }</p>
                <button type="button" class="secondary" onclick={Callback::from(move |_| stop.emit(hash))}>{ "Stop waiting" }</button>
            </div>
        }
    });
    let blocked_reason = if !node_ready {
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
        Stage::Failed { error } => html! { <p class="error" id="withdrawal-error">{ error.to_string() }</p> },
        Stage::AwaitingSignature { .. } => html! {
            <p class="muted">
                { "Waiting for your signature in the wallet. " }
                <button type="button" class="secondary small" onclick={cancel}>{ "Cancel" }</button>
            </p>
        },
        Stage::Preparing | Stage::Submitting | Stage::Idle => html! {},
    };
    html! {
        <section id="withdraw-view" class="withdraw" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{ "Withdraw" }</h2>
            <p>
                { "Withdrawal from Godwoken is a 2 step process. First you have to initiate withdrawal by creating withdrawal request. " }
                { challenge }
                { if network.manual_unlock {
                    "after that you unlock the funds with \"Unlock\" in the list below, and they arrive at your Layer 1 address."
                } else {
                    "after that the funds are released to your Layer 1 address automatically."
                } }
            </p>
            <div class="field">
                <label for="withdraw-amount">{ "Withdraw amount (CKB)" }</label>
                <div class="input-row">
                    <input id="withdraw-amount" type="text" inputmode="decimal" autocomplete="off" spellcheck="false"
                        value={(*amount_text).clone()} {oninput} disabled={busy}
                        aria-invalid={invalid.is_some().to_string()} aria-describedby="amount-hint amount-error" />
                    <button type="button" class="secondary" onclick={on_max} disabled={busy || max.is_none()}>{ "Max" }</button>
                </div>
                <p id="amount-hint" class="muted">{ "At least 265 CKB, at most your balance minus the fee; up to 8 decimals." }</p>
                <p id="amount-error" class="error">{ invalid.unwrap_or_default() }</p>
            </div>
            { summary.unwrap_or_default() }
            if let Some(reason) = blocked_reason { <p class="warning">{ reason }</p> }
            { waiting.unwrap_or_default() }
            <button type="button" id="create-withdrawal" class="primary" disabled={!can_sign} {onclick}>
                { if busy { "Working…" } else { "Create new withdrawal request" } }
            </button>
            { outcome }
        </section>
    }
}
