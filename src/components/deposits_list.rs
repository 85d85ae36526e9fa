//! "Your deposits": the deposit on its way, and the deposits still on Layer 1, each with where it
//! stands and, for one Godwoken leaves behind, why, and "Cancel deposit" once its cancel timeout
//! has passed.

use godwoken_core::amount::format_ckb;
use godwoken_core::rpc::OutPoint;
use godwoken_core::H256;
use yew::prelude::*;

use crate::components::stop_signing::stop_signing_button;
use crate::model::deposit::why_left;
use crate::model::time::format_duration;
use crate::rpc::RpcError;
use crate::services::deposit::LiveDeposit;

/// The list: the deposit this page is following (`in_flight`: hash, amount, where it stands),
/// until its cell is among `deposits`, then `deposits` (nothing when both are empty).
/// `on_cancel` cancels one, `cancelling` is the deposit whose cancel is in flight (every Cancel
/// button is off meanwhile), `on_stop_signing` stops waiting for the wallet, `resend` is the
/// deposit whose cancel of unknown fate the next click sends again. A view function.
pub fn deposits_list(
    deposits: &Result<Vec<LiveDeposit>, RpcError>,
    in_flight: Option<(H256, u64, String)>,
    on_cancel: &Callback<LiveDeposit>,
    cancelling: Option<&OutPoint>,
    busy: bool,
    on_stop_signing: Option<&Callback<()>>,
    resend: Option<&OutPoint>,
) -> Html {
    let (deposits, problem) = match deposits {
        Ok(deposits) => (deposits.as_slice(), None),
        Err(error) => (&[][..], Some(format!("Your deposits on Layer 1 could not be read: {error}"))),
    };
    let in_flight = in_flight.filter(|(hash, _, _)| !deposits.iter().any(|deposit| deposit.out_point.tx_hash == *hash));
    if deposits.is_empty() && in_flight.is_none() {
        return problem.map_or_else(Html::default, |problem| html! { <p class="error">{ problem }</p> });
    }
    let in_flight = in_flight.map(|(_, amount, state)| html! { <li>{ format!("{} CKB: {state}", format_ckb(amount.into())) }</li> });
    let rows = deposits.iter().map(|deposit| {
        let state = if deposit.left_because.is_empty() {
            html! { "Waiting for Layer 2 to collect it." }
        } else {
            let reasons: Vec<&str> = deposit.left_because.iter().map(|r| why_left(*r)).collect();
            let cancel = match deposit.cancel_in_ms {
                _ if cancelling == Some(&deposit.out_point) => html! { <>{ " Cancelling… " }{ stop_signing_button(on_stop_signing) }</> },
                Some(ms) if ms > 0 => html! { format!(" You can cancel it in about {}.", format_duration(ms)) },
                _ => {
                    let label = if resend == Some(&deposit.out_point) { "Send the cancel again" } else { "Cancel deposit" };
                    let (cancel, deposit) = (on_cancel.clone(), deposit.clone());
                    html! {
                        <>{ " " }<button type="button" class="secondary small" disabled={busy} onclick={Callback::from(move |_| cancel.emit(deposit.clone()))}>
                            { label }
                        </button></>
                    }
                }
            };
            html! { <>{ format!("Not collected: {}.", reasons.join("; ")) }{ cancel }</> }
        };
        html! {
            <li>{ format!("{} CKB, Layer 1 block {}: ", format_ckb(deposit.capacity.into()), deposit.block_number) }{ state }</li>
        }
    });
    html! {
        <section class="deposits" aria-labelledby="deposits-heading">
            <h2 id="deposits-heading">{ "Your deposits" }</h2>
            <ul>{ in_flight.unwrap_or_default() }{ for rows }</ul>
            if let Some(problem) = problem { <p class="error">{ problem }</p> }
        </section>
    }
}
