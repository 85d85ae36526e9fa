//! The deposit dialog ("Create Nervos Layer 2 Account" / "Deposit to Layer 2"): the Layer 1
//! address and balance, the amount, a summary of what will be signed, the attempt's progress.
//! A native modal `<dialog>`: the rest of the page is inert while it is open, so focus stays in.

use godwoken_core::amount::{format_ckb, format_grouped};
use godwoken_core::ckb::build::Unsigned;
use godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021;
use web_sys::{HtmlDialogElement, HtmlInputElement};
use yew::prelude::*;

use crate::browser;
use crate::components::account_panel::faucet_button;
use crate::components::copy_button::copy_button;
use crate::components::stop_signing::stop_signing_button;
use crate::hooks::use_clipboard::Clipboard;
use crate::hooks::use_deposit::DepositHandle;
use crate::model::account::AccountInfo;
use crate::model::deposit::{Cells, DepositProblem, DepositStage};
use crate::model::faucet::Faucet;
use crate::model::time::format_duration;

/// Props of [`DepositDialog`].
#[derive(Properties, PartialEq)]
pub struct DepositDialogProps {
    /// The deposit flow.
    pub deposit: DepositHandle,
    /// The account depositing.
    pub account: AccountInfo,
    /// Whether the node's constants were confirmed (signing allowed).
    pub node_ready: bool,
    /// The devnet faucet (its state and request), offered when Layer 1 CKB is short.
    pub faucet: Option<(Faucet, Callback<()>)>,
    /// The page's clipboard.
    pub clipboard: Clipboard,
}

/// The deposit dialog. Shown and closed to follow the flow's `open`; Escape and "Dismiss" ask the
/// flow to close, which it refuses while a step is in flight.
#[component]
pub fn DepositDialog(props: &DepositDialogProps) -> Html {
    let deposit = &props.deposit;
    let flow = &deposit.flow;
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(flow.open, move |open| {
            if let Some(dialog) = dialog.cast::<HtmlDialogElement>() {
                if *open {
                    browser::show_modal(&dialog);
                } else {
                    dialog.close();
                }
            }
        });
    }
    let oncancel = {
        let close = deposit.close.clone();
        // Escape: the flow decides (the browser would close the dialog whatever the state).
        Callback::from(move |event: Event| {
            event.prevent_default();
            close.emit(());
        })
    };
    let onclose = {
        let (dialog, open, busy) = (dialog.clone(), flow.open, flow.is_busy());
        // Closed by the browser anyway (a second Escape cannot be refused): shown again while a
        // step is in flight, otherwise the flow closes too.
        let close = deposit.close.clone();
        Callback::from(move |_: Event| {
            let Some(dialog) = dialog.cast::<HtmlDialogElement>() else { return };
            // A close event queued before the dialog was shown again is stale.
            if dialog.open() || !open {
                return;
            }
            if busy {
                browser::show_modal(&dialog);
            } else {
                close.emit(());
            }
        })
    };
    let body = flow.open.then(|| dialog_body(props));
    html! {
        <dialog ref={dialog} id="deposit-dialog" class="modal" aria-labelledby="deposit-title" {oncancel} {onclose}>
            { body.unwrap_or_default() }
        </dialog>
    }
}

/// The dialog's content while open.
fn dialog_body(props: &DepositDialogProps) -> Html {
    let DepositDialogProps { deposit, account, node_ready, faucet, clipboard } = props;
    let flow = &deposit.flow;
    let busy = flow.is_busy();
    let purpose = flow.purpose;
    let oninput = {
        let amount = deposit.amount.clone();
        Callback::from(move |e: InputEvent| amount.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let problem = match &deposit.plan {
        Some(Err(problem)) => Some(problem),
        _ => None,
    };
    let short = matches!(problem, Some(DepositProblem::NotEnoughLayer1 { .. } | DepositProblem::AboveMaximum { .. }));
    let cells_note = match (&deposit.unsupported, &flow.cells) {
        (Some(error), _) => Some(error.to_string()),
        (None, Cells::Loading) => Some("Reading your Layer 1 cells…".to_owned()),
        (None, Cells::Failed(error)) => Some(format!("Your Layer 1 cells could not be read: {error} Close this dialog and open it again to retry.")),
        (None, Cells::Loaded(_)) => None,
    };
    let unsigned = match &deposit.plan {
        Some(Ok(unsigned)) => Some(unsigned),
        _ => None,
    };
    let can_sign = *node_ready && unsigned.is_some() && !busy;
    let confirm = { let confirm = deposit.confirm.clone(); Callback::from(move |_| confirm.emit(())) };
    let dismiss = { let close = deposit.close.clone(); Callback::from(move |_| close.emit(())) };
    let stop_signing = matches!(flow.stage, DepositStage::Signing { .. }).then_some(&deposit.cancel_signing);
    let stage_class = match flow.stage {
        DepositStage::Failed(_) => "error",
        DepositStage::Collected { .. } => "success",
        DepositStage::Unknown { .. } => "warning",
        _ => "muted",
    };
    let unknown = matches!(flow.stage, DepositStage::Unknown { .. }).then(|| {
        let (resend, forget) = (deposit.resend.clone(), deposit.forget.clone());
        html! {
            <div class="warning-box">
                <p class="muted">{ "Forget it only if you are sure the node never took it: if it did, a new deposit moves CKB a second time." }</p>
                <button type="button" class="primary" disabled={busy} onclick={Callback::from(move |_| resend.emit(()))}>{ "Send again" }</button>
                { " " }
                <button type="button" class="secondary" disabled={busy} onclick={Callback::from(move |_| forget.emit(()))}>{ "Forget this deposit" }</button>
            </div>
        }
    });
    html! {
        <>
            <h2 id="deposit-title">{ purpose.title() }</h2>
            <p>
                { "Layer 2 is funded from Layer 1: your Layer 1 address needs CKB first. A deposit moves it into the Layer 2 account of your ETH address " }
                { "(the first deposit creates that account); Godwoken collects it with its next blocks." }
            </p>
            <p>{ "Your Layer 1 address: " }<code class="wrap">{ account.layer1_address.clone() }</code>{ " " }
                { copy_button(clipboard, account.layer1_address.clone().into(), "Copy Layer 1 address") }</p>
            <p>{ format!("Layer 1 balance: {} CKB", format_ckb(account.layer1_balance.into())) }</p>
            if let (true, Some((faucet, request))) = (short, faucet) {
                { faucet_button(faucet, request, None) }
            }
            if let Some(note) = cells_note { <p class="muted">{ note }</p> }
            <div class="field">
                <label for="deposit-amount">{ "Deposit amount (CKB)" }</label>
                <input id="deposit-amount" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" autofocus=true
                    value={flow.amount.clone()} {oninput} disabled={busy || !flow.may_build()}
                    aria-invalid={problem.is_some().to_string()} aria-describedby="deposit-hint deposit-error" />
                <p id="deposit-hint" class="muted">{ "At least 290 CKB (what Godwoken collects), at most your Layer 1 balance minus the 61 CKB change cell and the fee." }</p>
                <p id="deposit-error" class="error">{ problem.map(ToString::to_string).unwrap_or_default() }</p>
            </div>
            { unsigned.map(|unsigned| summary(unsigned, account)).unwrap_or_default() }
            if !*node_ready { <p class="warning">{ "Signing is disabled until the node is confirmed to belong to the selected network." }</p> }
            <p id="deposit-stage" class={stage_class}>
                { flow.announcement().unwrap_or_default() }
                if stop_signing.is_some() { { " " } }
                { stop_signing_button(stop_signing) }
            </p>
            { unknown.unwrap_or_default() }
            <div class="actions">
                <button type="button" id="confirm-deposit" class="primary" disabled={!can_sign} onclick={confirm}>
                    { if busy { "Working…" } else { purpose.confirm_label() } }
                </button>
                { " " }
                <button type="button" class="secondary" disabled={busy} onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        </>
    }
}

/// What the wallet will be asked to sign.
fn summary(unsigned: &Unsigned, account: &AccountInfo) -> Html {
    let amount = unsigned.tx.outputs[0].capacity;
    let change = unsigned.tx.outputs.last().map_or(0, |change| change.capacity);
    let layer2 = match account.account_id {
        Some(id) => html! { { format!("Account id {id}") } },
        // In code, like every address on the page: it may wrap anywhere (a phone is narrower).
        None => html! { <>{ "A new account for " }<code>{ account.address.to_checksum() }</code></> },
    };
    // The cancel timeout is a relative timestamp `since` in seconds (L1 §4.4).
    let timeout_ms = (CANCEL_TIMEOUT_2021 & 0x00ff_ffff_ffff_ffff) * 1_000;
    html! {
        <dl class="summary" aria-label="Deposit summary">
            <dt>{ "Amount" }</dt><dd>{ format!("{} CKB ({} Shannon)", format_ckb(amount.into()), format_grouped(amount.into())) }</dd>
            <dt>{ "Fee" }</dt><dd>{ format!("{} CKB", format_ckb(unsigned.fee.into())) }</dd>
            <dt>{ "Inputs" }</dt><dd>{ format!("{} Layer 1 cell(s), {} CKB; {} CKB come back as change", unsigned.tx.inputs.len(), format_ckb(unsigned.inputs_capacity.into()), format_ckb(change.into())) }</dd>
            <dt>{ "Layer 2 account funded" }</dt><dd>{ layer2 }</dd>
            <dt>{ "Cancel timeout" }</dt><dd>{ format!("If Layer 2 does not collect it, you can take it back after {}.", format_duration(timeout_ms)) }</dd>
            <dt>{ "Message your wallet will show" }</dt><dd><code class="wrap" id="deposit-message">{ unsigned.message.to_string() }</code></dd>
        </dl>
    }
}
