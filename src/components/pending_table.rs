//! The pending withdrawals table with a live countdown.

use godwoken_core::amount::{format_ckb, format_grouped};
use yew::prelude::*;

use crate::hooks::use_pending::PendingView;
use crate::model::pending::RowStatus;
use crate::model::time::{format_duration, remaining_ms};
use crate::model::window::{visible_rows, ROW_HEIGHT_PX, VIEWPORT_PX, WINDOW_THRESHOLD};

/// The scroll position of a windowed table. The scrolling element itself holds it, so a table
/// that is removed and shown again starts at the top, as the browser shows it (a position kept
/// in state would outlive the element and render rows far below the ones in view).
#[derive(Clone, PartialEq)]
pub struct TableScroll {
    /// The scrolling element, while it is in the page.
    pub element: NodeRef,
    /// Set by each scroll event, so that the render that follows shows the rows now in view.
    pub scrolled: UseStateHandle<i32>,
}

impl TableScroll {
    fn top(&self) -> i32 {
        self.element.cast::<web_sys::Element>().map_or(0, |element| element.scroll_top())
    }
}

/// "Fetch pending withdrawal requests" and the table of `view`: `now_ms` runs the countdown,
/// `scroll` is the table's scroll position (its owner keeps both). A view function, not a
/// component: Yew's per-component machinery costs the page about 0.4 KB of brotli each.
pub fn pending_table(view: &PendingView, block_time_ms: u64, on_fetch: &Callback<()>, now_ms: u64, scroll: &TableScroll) -> Html {
    let elapsed = now_ms.saturating_sub(view.fetched_at_ms);
    let fetch = { let f = on_fetch.clone(); Callback::from(move |_| f.emit(())) };
    // Long lists render only the rows in view (plus some overscan); spacer rows keep the height.
    let windowed = view.rows.len() > WINDOW_THRESHOLD;
    let range = if windowed { visible_rows(view.rows.len(), scroll.top(), VIEWPORT_PX, ROW_HEIGHT_PX) } else { 0..view.rows.len() };
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
        let scrolled = scroll.scrolled.clone();
        Callback::from(move |e: Event| scrolled.set(e.target_unchecked_into::<web_sys::Element>().scroll_top()))
    };
    let first = range.start;
    let rows = view.rows[range].iter().enumerate().map(|(offset, row)| {
        let remaining = match row.status {
            RowStatus::Pending { blocks_remaining } => format!(
                "{blocks_remaining} blocks, about {}",
                format_duration(remaining_ms(blocks_remaining, block_time_ms, elapsed))
            ),
            RowStatus::WaitingForIndexer => "—".to_owned(),
            _ => "0".to_owned(),
        };
        html! {
            <tr aria-rowindex={(first + offset + 2).to_string()}>
                <td>{ format!("{} CKB", format_ckb(row.capacity.into())) }<br/><span class="muted">{ format!("{} Shannon", format_grouped(row.capacity.into())) }</span></td>
                <td>{ row.block_number.map_or_else(|| "—".to_owned(), |b| b.to_string()) }</td>
                <td>{ remaining }</td>
                <td>{ row.status.label() }</td>
            </tr>
        }
    });
    html! {
        <section class="pending" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{ "Pending withdrawal requests" }</h2>
            <button type="button" onclick={fetch} disabled={view.loading}>{ "Fetch pending withdrawal requests" }</button>
            if view.loading { <span class="muted">{ " Fetching…" }</span> }
            if let Some(error) = &view.error { <p class="error">{ error.clone() }</p> }
            if view.rows.is_empty() {
                if view.chain.is_some() { <p>{ "No pending withdrawal requests." }</p> }
            } else {
                <div class={if windowed { "table-scroll windowed" } else { "table-scroll" }} tabindex={windowed.then_some("0")}
                    aria-label={windowed.then_some("Withdrawal requests, scrollable")} {onscroll} ref={scroll.element.clone()}>
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
