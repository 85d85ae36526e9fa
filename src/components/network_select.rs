//! "Nervos CKB Chain Type": Devnet, Testnet (2021), Mainnet (2021) or a custom node, with the
//! node's status.

use godwoken_core::network::{self, NetworkConfig, NetworkKind};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::network::{default_devnet, CustomNodeDraft, DraftEvent, NetworkState, NodeStatus};

/// Props of [`NetworkSelect`].
#[derive(Properties, PartialEq)]
pub struct NetworkSelectProps {
    /// The choice and the node's state.
    pub state: NetworkState,
    /// Chooses a network.
    pub on_select: Callback<NetworkConfig>,
    /// Checks the node again.
    pub on_retry: Callback<()>,
}

/// The custom-node form's control that `event` came from: its name and its value.
fn control_value(event: &Event) -> Option<(String, String)> {
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        Some((input.name(), input.value()))
    } else {
        target.dyn_ref::<HtmlSelectElement>().map(|select| (select.name(), select.value()))
    }
}

/// The chain type selector with the node's status. Owns the custom-node form while it is typed.
#[component]
pub fn NetworkSelect(props: &NetworkSelectProps) -> Html {
    let NetworkSelectProps { state, on_select, on_retry } = props;
    let draft = use_reducer(CustomNodeDraft::default);
    let current = state.network.kind;

    let choose = |kind: NetworkKind| {
        let select = on_select.clone();
        let served = state.served_devnet.clone();
        let draft = draft.dispatcher();
        Callback::from(move |_| {
            draft.dispatch(DraftEvent::Shown(kind == NetworkKind::Custom));
            match kind {
                NetworkKind::Devnet => select.emit(served.clone().unwrap_or_else(default_devnet)),
                NetworkKind::Testnet2021 => select.emit(network::testnet_2021()),
                NetworkKind::Mainnet2021 => select.emit(network::mainnet_2021()),
                NetworkKind::Custom => {}
            }
        })
    };
    // One listener for the whole form: `input` and `change` bubble up from each control.
    let on_field = {
        let draft = draft.dispatcher();
        Callback::from(move |event: Event| {
            if let Some((name, value)) = control_value(&event) {
                draft.dispatch(DraftEvent::Field(name, value));
            }
        })
    };
    let use_custom = {
        let (select, dispatcher, checked) = (on_select.clone(), draft.dispatcher(), draft.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // Yew renders after each keystroke, before the next event: `checked` is the draft as typed.
            let network = checked.network(&crate::browser::page_origin());
            dispatcher.dispatch(DraftEvent::Checked(network.as_ref().err().cloned()));
            if let Ok(network) = network {
                select.emit(network);
            }
        })
    };
    let options = [
        (NetworkKind::Devnet, "Devnet"),
        (NetworkKind::Testnet2021, "Testnet (2021)"),
        (NetworkKind::Mainnet2021, "Mainnet (2021)"),
        (NetworkKind::Custom, "Custom"),
    ];
    let selected = |kind: NetworkKind| if draft.open { kind == NetworkKind::Custom } else { kind == current };
    let message = state.status.message(&state.network.name);
    let status = match &state.status {
        NodeStatus::Checking => html! { <p class="muted">{ message }</p> },
        NodeStatus::Ready => html! { <p class="ok">{ message }</p> },
        NodeStatus::Unreachable(_) | NodeStatus::Mismatch(_) => {
            let retry = on_retry.clone();
            html! {
                <div class="error-box">
                    <p class="error">{ message }</p>
                    <button type="button" class="secondary" onclick={Callback::from(move |_| retry.emit(()))}>{ "Retry" }</button>
                </div>
            }
        }
    };
    let offline_note = matches!(current, NetworkKind::Testnet2021 | NetworkKind::Mainnet2021).then(|| html! {
        <p class="muted">{ "The public Godwoken v0 networks were shut down in 2025; their endpoints are kept for reference and a node of your own." }</p>
    });
    html! {
        <section class="network" aria-labelledby="network-legend">
            <fieldset class="segmented">
                <legend id="network-legend">{ "Nervos CKB Chain Type" }</legend>
                { for options.iter().map(|(kind, label)| {
                    let id = format!("network-{}", id_suffix(*kind));
                    html! {
                        <>
                            <input type="radio" name="network" id={id.clone()} checked={selected(*kind)} onchange={choose(*kind)} />
                            <label for={id}>{ *label }</label>
                        </>
                    }
                }) }
            </fieldset>
            if draft.open {
                <form class="custom-node" onsubmit={use_custom} oninput={on_field.reform(Event::from)} onchange={on_field}>
                    <label for="custom-rpc">{ "Godwoken RPC URL" }</label>
                    <input id="custom-rpc" name="rpc" type="url" required=true placeholder="http://127.0.0.1:8024/rpc" value={draft.rpc.clone()} />
                    <label for="custom-indexer">{ "CKB indexer URL" }</label>
                    <input id="custom-indexer" name="indexer" type="url" required=true placeholder="http://127.0.0.1:8024/indexer" value={draft.indexer.clone()} />
                    <label for="custom-ckb">{ "CKB node RPC URL (empty: the Godwoken RPC URL)" }</label>
                    <input id="custom-ckb" name="ckb" type="url" placeholder="http://127.0.0.1:8024/ckb" value={draft.ckb.clone()} />
                    <label for="custom-constants">{ "Rollup constants" }</label>
                    <select id="custom-constants" name="constants">
                        <option value="testnet" selected={!draft.mainnet}>{ "Testnet 2021 (also the devnet)" }</option>
                        <option value="mainnet" selected={draft.mainnet}>{ "Mainnet 2021" }</option>
                    </select>
                    <label for="custom-release">{ "Final withdrawals" }</label>
                    <select id="custom-release" name="release">
                        <option value="auto" selected={!draft.manual_unlock}>{ "Released by the node (a devnet's default)" }</option>
                        <option value="manual" selected={draft.manual_unlock}>{ "Unlocked by their owner (the 2021 networks, --unlock manual)" }</option>
                    </select>
                    <button type="submit">{ "Use this node" }</button>
                    <p class="error" id="custom-node-error">{ draft.problem.as_ref().map(ToString::to_string).unwrap_or_default() }</p>
                </form>
            }
            { status }
            { offline_note.unwrap_or_default() }
        </section>
    }
}

/// The stable part of each option's element id (tests and labels refer to these ids).
fn id_suffix(kind: NetworkKind) -> &'static str {
    match kind {
        NetworkKind::Devnet => "devnet",
        NetworkKind::Testnet2021 => "testnet2021",
        NetworkKind::Mainnet2021 => "mainnet2021",
        NetworkKind::Custom => "custom",
    }
}
