//! The pending withdrawals table with a live countdown.

use std::time::Duration;

use godwoken_core::amount::{format_ckb, format_grouped};
use yew::prelude::*;

use crate::components::stop_signing::stop_signing_button;
use crate::hooks::use_clock::use_clock;
use godwoken_core::rpc::OutPoint;

use crate::model::pending::{PendingRow, PendingView, RowStatus};
use crate::model::time::blocks_to_wait;
use crate::model::window::{visible_rows, ROW_HEIGHT_PX, VIEWPORT_PX, WINDOW_THRESHOLD};

/// Props of [`PendingTable`].
#[derive(Properties, PartialEq)]
pub struct PendingTableProps {
    /// What was fetched.
    pub view: PendingView,
    /// The network's block time, for the countdown.
    pub block_time_ms: u64,
    /// "Fetch pending withdrawal requests".
    pub on_fetch: Callback<()>,
    /// Where the owner releases final withdrawals (manual release): "Unlock" on a final row.
    #[prop_or_default]
    pub on_unlock: Option<Callback<PendingRow>>,
    /// The Unlock under way, if any: its cell (every Unlock button is off meanwhile).
    #[prop_or_default]
    pub unlocking: Option<OutPoint>,
    /// Stops waiting for the wallet, while it is open for an Unlock.
    #[prop_or_default]
    pub on_stop_signing: Option<Callback<()>>,
    /// The cell whose Unlock of unknown fate the next click sends again (said on its button).
    #[prop_or_default]
    pub resend_cell: Option<OutPoint>,
}

/// "Fetch pending withdrawal requests" and the table, with a live countdown. Long lists render
/// only the rows in view. Owns its clock (ticking only while it is shown) and its scroll: the
/// scrolling element itself holds the position, so a table shown again starts at the top, as the
/// browser shows it (a position kept in state would outlive the element).
#[component]
pub fn PendingTable(props: &PendingTableProps) -> Html {
    let PendingTableProps { view, block_time_ms, on_fetch, on_unlock, unlocking, on_stop_signing, resend_cell } = props;
    let block_time_ms = *block_time_ms;
    let now_ms = use_clock(Duration::from_secs(1), true);
    let scroller = use_node_ref();
    // Set by each scroll event, so that the render that follows shows the rows now in view.
    let scrolled = use_state(|| 0);
    let scroll_top = scroller.cast::<web_sys::Element>().map_or(0, |element| element.scroll_top());
    let elapsed = now_ms.saturating_sub(view.fetched_at_ms);
    let fetch = { let f = on_fetch.clone(); Callback::from(move |_| f.emit(())) };
    // Long lists render only the rows in view (plus some overscan); spacer rows keep the height.
    let windowed = view.rows.len() > WINDOW_THRESHOLD;
    let range = if windowed { visible_rows(view.rows.len(), scroll_top, VIEWPORT_PX, ROW_HEIGHT_PX) } else { 0..view.rows.len() };
    let spacer = |rows: usize| {
        if !windowed {
            return Html::default();
        }
        let height = (rows as u64 * u64::from(ROW_HEIGHT_PX)).to_string();
        // The height attribute, not a style: the Content-Security-Policy allows no inline styles.
        html! { <tr class="spacer" aria-hidden="true"><td colspan="4" height={height}></td></tr> }
    };
    let (above, below) = (spacer(range.start), spacer(view.rows.len() - range.end));
    let onscroll = {
        let scrolled = scrolled.clone();
        Callback::from(move |e: Event| scrolled.set(e.target_unchecked_into::<web_sys::Element>().scroll_top()))
    };
    let first = range.start;
    let rows = view.rows[range].iter().enumerate().map(|(offset, row)| {
        let remaining = match row.status {
            RowStatus::Pending { blocks_remaining } => blocks_to_wait(blocks_remaining, block_time_ms, elapsed),
            RowStatus::WaitingForIndexer => "—".to_owned(),
            _ => "0".to_owned(),
        };
        html! {
            <tr aria-rowindex={(first + offset + 2).to_string()}>
                <td>{ format!("{} CKB", format_ckb(row.capacity.into())) }<br/><span class="muted">{ format!("{} Shannon", format_grouped(row.capacity.into())) }</span></td>
                <td>{ row.block_number.map_or_else(|| "—".to_owned(), |b| b.to_string()) }</td>
                <td>{ remaining }</td>
                <td>{ status_cell(row, on_unlock.as_ref(), unlocking.as_ref(), on_stop_signing.as_ref(), resend_cell.as_ref()) }</td>
            </tr>
        }
    });
    html! {
        <section class="pending" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{ "Pending withdrawal requests" }</h2>
            // Never disabled: the automatic refresh would take the keyboard focus away from it every
            // few seconds. A click while fetching starts the fetch again, which is harmless.
            <button type="button" onclick={fetch} aria-describedby={view.loading.then_some("pending-fetching")}>{ "Fetch pending withdrawal requests" }</button>
            if view.loading { <span id="pending-fetching" class="muted">{ " Fetching…" }</span> }
            if let Some(error) = &view.error { <p class="error">{ error.to_string() }</p> }
            if view.rows.is_empty() {
                if view.chain.is_some() { <p>{ "No pending withdrawal requests." }</p> }
            } else {
                // Scrolls sideways on narrow screens and down with many rows: reachable by keyboard.
                <div class={if windowed { "table-scroll windowed" } else { "table-scroll" }} tabindex="0" role="region"
                    aria-label="Withdrawal requests, scrollable" {onscroll} ref={scroller}>
                    <table aria-rowcount={(view.rows.len() + 1).to_string()}>
                        <caption class="visually-hidden">{ "Your withdrawal requests" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Amount" }</th>
                            <th scope="col">{ "Withdrawal block" }</th>
                            <th scope="col">{ "Blocks remaining / estimated time" }</th>
                            <th scope="col">{ "Status" }</th>
                        </tr></thead>
                        <tbody>{ above }{ for rows }{ below }</tbody>
                    </table>
                </div>
            }
            if let Some(chain) = view.chain {
                <p class="finalized">
                    { format!("Last finalized block: {}. ", chain.last_finalized) }
                    <span class="muted">{ "A withdrawal can be released on Layer 1 once its withdrawal block is less than or equal to the last finalized block." }</span>
                </p>
            }
        </section>
    }
}

/// The Status column: the status, and where the owner releases final withdrawals, "Unlock".
fn status_cell(
    row: &PendingRow,
    on_unlock: Option<&Callback<PendingRow>>,
    unlocking: Option<&OutPoint>,
    on_stop_signing: Option<&Callback<()>>,
    resend_cell: Option<&OutPoint>,
) -> Html {
    let (Some(on_unlock), RowStatus::Final, Some(cell)) = (on_unlock, row.status, &row.cell) else {
        return html! { row.status.label() };
    };
    if unlocking == Some(cell) {
        return html! { <>{ "Unlocking… " }{ stop_signing_button(on_stop_signing) }</> };
    }
    let unlock = { let (unlock, row) = (on_unlock.clone(), row.clone()); Callback::from(move |_| unlock.emit(row.clone())) };
    html! {
        <>
            { "Final: ready to unlock " }
            <button type="button" class="secondary small" disabled={unlocking.is_some()} onclick={unlock}>
                { if resend_cell == Some(cell) { "Send the Unlock again" } else { "Unlock" } }
            </button>
        </>
    }
}
