//! The root component: wires the hooks to the sections and owns the one status region.

use yew::prelude::*;

use crate::components::account_panel::AccountPanel;
use crate::components::network_select::NetworkSelect;
use crate::components::pending_table::PendingTable;
use crate::components::wallet_panel::WalletPanel;
use crate::components::withdraw_view::WithdrawView;
use crate::hooks::use_account::{use_account, AccountState};
use crate::hooks::use_network::{use_network, NodeStatus};
use crate::hooks::use_pending::use_pending;
use crate::hooks::use_wallet::use_wallet;
use crate::hooks::use_withdrawal::use_withdrawal;
use godwoken_core::network::NetworkKind;

/// The whole page.
#[component(App)]
pub fn app() -> Html {
    let net = use_network();
    let wallet = use_wallet();
    let node_ready = net.status == NodeStatus::Ready;
    let account = use_account(net.client.clone(), net.network.clone(), wallet.state.address, node_ready);
    let withdraw_open = use_state(|| false);
    let info = match &account.state {
        AccountState::Loaded(info) => Some(info.clone()),
        _ => None,
    };
    let pending = use_pending(
        net.client.clone(),
        net.network.clone(),
        wallet.state.address,
        info.as_ref().map(|i| i.script_hash),
        *withdraw_open && node_ready,
    );
    let on_done = {
        let (refresh_account, refresh_pending) = (account.refresh.clone(), pending.refresh.clone());
        Callback::from(move |()| {
            refresh_account.emit(());
            refresh_pending.emit(());
        })
    };
    let withdrawal = use_withdrawal(on_done);

    // A new account, chain or network abandons whatever was in flight.
    {
        let reset = withdrawal.reset.clone();
        use_effect_with((wallet.state.generation, net.network.clone()), move |_| reset.emit(()));
    }
    // Balances follow each refresh of the pending list (a release changes the Layer 1 balance).
    {
        let refresh = account.refresh.clone();
        use_effect_with(pending.view.fetched_at_ms, move |fetched| {
            if *fetched > 0 {
                refresh.emit(());
            }
        });
    }

    // The one status region announces the latest stage.
    let announcement = use_state(String::new);
    {
        let announcement = announcement.clone();
        let message = match &net.status {
            NodeStatus::Checking => Some(format!("Checking the node of {}…", net.network.name)),
            NodeStatus::Ready => Some(format!("{}: the node answers and its rollup constants match.", net.network.name)),
            NodeStatus::Unreachable(reason) | NodeStatus::Mismatch(reason) => Some(reason.clone()),
        };
        use_effect_with(message, move |message| {
            if let Some(message) = message {
                announcement.set(message.clone());
            }
        });
    }
    {
        let announcement = announcement.clone();
        use_effect_with((wallet.state.address, wallet.state.error.clone()), move |(address, error)| {
            if let Some(error) = error {
                announcement.set(error.to_string());
            } else if let Some(address) = address {
                announcement.set(format!("Connected ETH address: {}", address.to_checksum()));
            }
        });
    }
    {
        let announcement = announcement.clone();
        use_effect_with(withdrawal.submission.clone(), move |submission| {
            if let Some(message) = submission.stage.announcement() {
                announcement.set(message);
            }
        });
    }
    {
        let announcement = announcement.clone();
        // Only fetches the user asked for are announced; automatic refreshes stay quiet.
        let view = &pending.view;
        let summary = (view.requested && !view.loading)
            .then(|| (view.rows.len(), view.chain.map_or(0, |c| c.last_finalized), view.error.clone(), view.fetched_at_ms));
        use_effect_with(summary, move |summary| match summary {
            Some((_, _, Some(error), _)) => announcement.set(error.clone()),
            Some((0, _, None, _)) => announcement.set("No pending withdrawal requests.".into()),
            Some((n, finalized, None, _)) => announcement.set(format!("{n} withdrawal request(s). Last finalized block: {finalized}.")),
            None => {}
        });
    }

    let toggle = {
        let open = withdraw_open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let withdraw = match (&info, &wallet.state.wallet, *withdraw_open) {
        (Some(info), Some(w), true) => html! {
            <>
                <WithdrawView network={net.network.clone()} client={net.client.clone()} node_ready={node_ready}
                    account={info.clone()} wallet={w.clone()} withdrawal={withdrawal.clone()} />
                <PendingTable view={pending.view.clone()} block_time_ms={net.network.block_time_ms} on_fetch={pending.fetch.clone()} />
            </>
        },
        (_, _, true) => html! {
            <section id="withdraw-view" class="withdraw">
                <p class="muted">{ "Connect your wallet to a reachable node of the selected network to withdraw." }</p>
            </section>
        },
        _ => html! {},
    };
    html! {
        <>
            <header class="topbar">
                <span class="brand">{ "CKB.tools" }</span>
                <nav aria-label="Tools"><span class="tab active" aria-current="page">{ "Create Layer 2 Account" }</span></nav>
            </header>
            <main>
                <h1>{ "Create Layer 2 Account" }</h1>
                <NetworkSelect handle={net.clone()} />
                <WalletPanel handle={wallet.clone()} />
                if wallet.state.address.is_some() {
                    <AccountPanel state={account.state.clone()} on_retry={account.refresh.clone()} devnet={net.network.kind == NetworkKind::Devnet} />
                }
                <hr />
                <button type="button" class="toggle" aria-expanded={withdraw_open.to_string()} aria-controls="withdraw-view" onclick={toggle}>
                    { "Toggle Withdraw view" }
                </button>
                { withdraw }
                <p id="status" class="status" role="status" aria-live="polite">{ (*announcement).clone() }</p>
            </main>
        </>
    }
}
