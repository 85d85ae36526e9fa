//! The root component: wires the hooks to the sections and owns the one status region.

use godwoken_core::network::NetworkKind;
use yew::prelude::*;

use crate::components::account_panel::account_panel;
use crate::components::deposit_dialog::DepositDialog;
use crate::components::deposits_list::deposits_list;
use crate::components::network_select::NetworkSelect;
use crate::components::pending_table::PendingTable;
use crate::components::wallet_panel::wallet_panel;
use crate::components::withdraw_form::WithdrawForm;
use crate::hooks::use_account::use_account;
use crate::hooks::use_clipboard::use_clipboard;
use crate::hooks::use_deposit::{use_deposit, DepositContext};
use crate::hooks::use_faucet::use_faucet;
use crate::hooks::use_network::use_network;
use crate::hooks::use_pending::use_pending;
use crate::hooks::use_owner_action::{use_owner_action, OwnerJob};
use crate::hooks::use_wallet::use_wallet;
use crate::hooks::use_withdrawal::{use_withdrawal, WithdrawalInput};
use crate::model::amount_input::WITHDRAWAL_FEE_SHANNONS;
use crate::model::announce::Announcer;
use crate::model::pending::RowStatus;
use crate::services::withdraw::WithdrawalOrder;

/// The whole page.
#[component(App)]
pub fn app() -> Html {
    let net = use_network();
    let wallet = use_wallet();
    let node_ready = net.node_ready();
    let network = &net.state.network;
    let account = use_account(net.client.clone(), network.clone(), wallet.state.address, node_ready);
    let faucet = use_faucet(net.client.clone(), network.clone(), wallet.state.address, account.refresh.clone());
    let withdraw_open = use_state(|| false);
    let clipboard = use_clipboard();
    let info = account.state.info();
    let pending = use_pending(
        net.client.clone(),
        network.clone(),
        wallet.state.address,
        info.map(|i| i.script_hash),
        *withdraw_open && node_ready,
    );
    let on_done = {
        let (refresh_account, refresh_pending) = (account.refresh.clone(), pending.refresh.clone());
        Callback::from(move |()| {
            refresh_account.emit(());
            refresh_pending.emit(());
        })
    };
    let withdrawal = use_withdrawal(on_done.clone());
    let owner_action = use_owner_action(net.client.clone(), network.clone(), wallet.state.address, wallet.state.wallet.clone(), on_done.clone());
    let deposit = use_deposit(
        DepositContext {
            client: net.client.clone(),
            network: network.clone(),
            address: wallet.state.address,
            wallet: wallet.state.wallet.clone(),
            node_ready,
            layer1_balance: info.map(|info| info.layer1_balance),
        },
        on_done,
    );

    // A new account, chain or network abandons whatever was in flight.
    {
        let reset = withdrawal.reset.clone();
        use_effect_with((wallet.state.generation, network.clone()), move |_| reset.emit(()));
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

    // The one status region announces the latest stage (decided by the Announcer, in order:
    // node, wallet, faucet, deposit, withdrawal, Unlock or cancel, pending list).
    let announcer = use_mut_ref(Announcer::default);
    let node_message = net.state.status.message(&network.name);
    let wallet_message = match (&wallet.state.error, wallet.state.address) {
        (Some(error), _) => Some(error.to_string()),
        (None, Some(address)) => Some(format!("Connected ETH address: {}", address.to_checksum())),
        (None, None) => None,
    };
    let submission = &withdrawal.submission;
    // Only fetches the user asked for are announced; automatic refreshes stay quiet.
    let view = &pending.view;
    let pending_message = (view.requested && !view.loading).then(|| match (&view.error, view.rows.len()) {
        (Some(error), _) => error.to_string(),
        (None, 0) => "No pending withdrawal requests.".to_owned(),
        (None, n) => format!("{n} withdrawal request(s). Last finalized block: {}.", view.chain.map_or(0, |c| c.last_finalized)),
    });
    let announcement = announcer
        .borrow_mut()
        .observe([
            Some((0, node_message)),
            wallet_message.map(|m| (0, m)),
            faucet.state.announcement().map(|m| (faucet.state.attempt, m)),
            deposit.flow.announcement().map(|m| (deposit.flow.attempt, m)),
            submission.stage.announcement().map(|m| (submission.attempt, m)),
            owner_action.state.announcement().map(|m| (owner_action.state.attempt, m)),
            pending_message.map(|m| (view.fetched_at_ms, m)),
        ])
        .to_owned();

    // A request of unknown fate blocks new ones until the node tells (or the user stops waiting).
    let waiting_for = view.rows.iter().find(|row| row.status == RowStatus::Unconfirmed).and_then(|row| row.hash);

    let devnet_faucet = (network.kind == NetworkKind::Devnet).then(|| (faucet.state.clone(), faucet.request.clone()));
    let toggle = {
        let open = withdraw_open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let withdraw = match (info, &wallet.state.wallet, *withdraw_open) {
        (Some(info), Some(signer), true) => {
            let on_submit = {
                let (start, network, client, wallet) = (withdrawal.start.clone(), network.clone(), net.client.clone(), signer.clone());
                let (address, account_id) = (info.address, info.account_id);
                Callback::from(move |capacity: u64| {
                    // The form offers the button only to an account that exists.
                    let Some(account_id) = account_id else { return };
                    start.emit(WithdrawalInput {
                        network: network.clone(),
                        client: client.clone(),
                        wallet: wallet.clone(),
                        order: WithdrawalOrder { node_ready, address, account_id, capacity, fee: WITHDRAWAL_FEE_SHANNONS },
                    });
                })
            };
            html! {
                <>
                    <WithdrawForm network={network.clone()} {node_ready} account={info.clone()} submission={submission.clone()}
                        {on_submit} on_cancel={withdrawal.reset.clone()} waiting_for={waiting_for}
                        on_stop_waiting={pending.stop_waiting.clone()} />
                    <PendingTable view={view.clone()} block_time_ms={network.block_time_ms} on_fetch={pending.fetch.clone()}
                        on_unlock={network.manual_unlock.then(|| owner_action.start.reform(OwnerJob::Unlock))}
                        unlocking={owner_action.state.busy_cell()} on_stop_signing={owner_action.cancel_signing.clone()}
                        resend_cell={owner_action.state.unsure_cell().cloned()} />
                </>
            }
        }
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
                <NetworkSelect state={net.state.clone()} on_select={net.select.clone()} on_retry={net.retry.clone()} />
                { wallet_panel(&wallet, &clipboard) }
                if wallet.state.address.is_some() {
                    { account_panel(&account.state, &account.refresh, &deposit.open, devnet_faucet.as_ref().map(|(state, request)| (state, request)), &clipboard) }
                }
                if let Some(info) = info {
                    { deposits_list(&info.deposits, deposit.flow.in_flight(), &owner_action.start.reform(OwnerJob::Cancel), owner_action.state.busy_cell().as_ref(), owner_action.state.is_busy(), owner_action.cancel_signing.as_ref(), owner_action.state.unsure_cell()) }
                    <DepositDialog deposit={deposit.clone()} account={info.clone()} {node_ready} faucet={devnet_faucet.clone()} clipboard={clipboard.clone()} />
                }
                <hr />
                <button type="button" class="toggle" aria-expanded={withdraw_open.to_string()} aria-controls="withdraw-view" onclick={toggle}>
                    { "Toggle Withdraw view" }
                </button>
                { withdraw }
                <p id="status" class="status" role="status" aria-live="polite">{ announcement }</p>
            </main>
        </>
    }
}
