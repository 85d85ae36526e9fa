//! "Nervos CKB Chain Type": Devnet, Testnet (2021), Mainnet (2021) or a custom node, with the
//! node's status.

use godwoken_core::network::{self, NetworkConfig, NetworkKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::network::{default_devnet, NetworkState, NodeStatus};
use crate::model::network_check::{check_node_url, NodeUrlProblem};

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

fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

/// The chain type selector with the node's status. Owns the custom-node form while it is typed.
#[component]
pub fn NetworkSelect(props: &NetworkSelectProps) -> Html {
    let NetworkSelectProps { state, on_select, on_retry } = props;
    let custom_rpc = use_state(String::new);
    let custom_indexer = use_state(String::new);
    let custom_ckb = use_state(String::new);
    // "testnet" or "mainnet": whose rollup constants the node must have.
    let custom_constants = use_state(|| "testnet".to_owned());
    // "auto" (the node releases final withdrawals, as a devnet does by default) or "manual" (their
    // owner unlocks them, as on the 2021 networks).
    let custom_release = use_state(|| "auto".to_owned());
    let show_custom = use_state(|| false);
    let custom_problem = use_state(|| None::<NodeUrlProblem>);
    let current = state.network.kind;

    let choose = |kind: NetworkKind| {
        let select = on_select.clone();
        let served = state.served_devnet.clone();
        let show_custom = show_custom.clone();
        Callback::from(move |_| match kind {
            NetworkKind::Devnet => {
                show_custom.set(false);
                select.emit(served.clone().unwrap_or_else(default_devnet));
            }
            NetworkKind::Testnet2021 => {
                show_custom.set(false);
                select.emit(network::testnet_2021());
            }
            NetworkKind::Mainnet2021 => {
                show_custom.set(false);
                select.emit(network::mainnet_2021());
            }
            NetworkKind::Custom => show_custom.set(true),
        })
    };
    let use_custom = {
        let select = on_select.clone();
        let (rpc, indexer, constants) = (custom_rpc.clone(), custom_indexer.clone(), custom_constants.clone());
        let manual_unlock = *custom_release == "manual";
        // Empty: the Godwoken RPC URL answers CKB's methods too (as the devnet does).
        let ckb = if custom_ckb.trim().is_empty() { custom_rpc.clone() } else { custom_ckb.clone() };
        let problem = custom_problem.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let origin = crate::browser::page_origin();
            let checked = check_node_url(&rpc, &origin).and_then(|()| check_node_url(&indexer, &origin)).and_then(|()| check_node_url(&ckb, &origin));
            problem.set(checked.as_ref().err().cloned());
            if checked.is_err() {
                return;
            }
            let base = if *constants == "mainnet" { network::mainnet_2021() } else { network::testnet_2021() };
            select.emit(NetworkConfig {
                kind: NetworkKind::Custom,
                name: format!("Custom node ({} constants)", if *constants == "mainnet" { "mainnet" } else { "testnet" }),
                rpc_url: rpc.trim().to_owned(),
                indexer_url: indexer.trim().to_owned(),
                ckb_url: ckb.trim().to_owned(),
                manual_unlock,
                ..base
            });
        })
    };
    let options = [
        (NetworkKind::Devnet, "Devnet"),
        (NetworkKind::Testnet2021, "Testnet (2021)"),
        (NetworkKind::Mainnet2021, "Mainnet (2021)"),
        (NetworkKind::Custom, "Custom"),
    ];
    let selected = |kind: NetworkKind| if *show_custom { kind == NetworkKind::Custom } else { kind == current };
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
            if *show_custom {
                <form class="custom-node" onsubmit={use_custom}>
                    <label for="custom-rpc">{ "Godwoken RPC URL" }</label>
                    <input id="custom-rpc" type="url" required=true placeholder="http://127.0.0.1:8024/rpc" value={(*custom_rpc).clone()}
                        oninput={let s = custom_rpc.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
                    <label for="custom-indexer">{ "CKB indexer URL" }</label>
                    <input id="custom-indexer" type="url" required=true placeholder="http://127.0.0.1:8024/indexer" value={(*custom_indexer).clone()}
                        oninput={let s = custom_indexer.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
                    <label for="custom-ckb">{ "CKB node RPC URL (empty: the Godwoken RPC URL)" }</label>
                    <input id="custom-ckb" type="url" placeholder="http://127.0.0.1:8024/ckb" value={(*custom_ckb).clone()}
                        oninput={let s = custom_ckb.clone(); Callback::from(move |e: InputEvent| s.set(input_value(&e)))} />
                    <label for="custom-constants">{ "Rollup constants" }</label>
                    <select id="custom-constants" onchange={let s = custom_constants.clone(); Callback::from(move |e: Event| s.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))}>
                        <option value="testnet" selected={*custom_constants == "testnet"}>{ "Testnet 2021 (also the devnet)" }</option>
                        <option value="mainnet" selected={*custom_constants == "mainnet"}>{ "Mainnet 2021" }</option>
                    </select>
                    <label for="custom-release">{ "Final withdrawals" }</label>
                    <select id="custom-release" onchange={let s = custom_release.clone(); Callback::from(move |e: Event| s.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))}>
                        <option value="auto" selected={*custom_release == "auto"}>{ "Released by the node (a devnet's default)" }</option>
                        <option value="manual" selected={*custom_release == "manual"}>{ "Unlocked by their owner (the 2021 networks, --unlock manual)" }</option>
                    </select>
                    <button type="submit">{ "Use this node" }</button>
                    <p class="error" id="custom-node-error">{ custom_problem.as_ref().map(ToString::to_string).unwrap_or_default() }</p>
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
