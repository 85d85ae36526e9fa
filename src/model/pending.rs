//! Pending withdrawals: the rows of the table, derived from this account's withdrawal cells on
//! Layer 1 and the requests this page submitted (remembered locally until the chain shows them).

use godwoken_core::json::{member, FromJson, Json, JsonError, ObjectWriter, ToJson};
use godwoken_core::rpc::{decode_withdrawal_cell, IndexerCell, OutPoint};
use godwoken_core::H256;

use crate::rpc::RpcError;

/// A withdrawal this page submitted, kept in localStorage per network and account so that it is
/// shown at once and never lost on reload.
// Natively it is also a serde type: the reference its hand-written writer is tested against.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize))]
pub struct SubmittedWithdrawal {
    /// The withdrawal hash the node returned.
    pub hash: H256,
    /// Shannons withdrawn.
    pub capacity: u64,
    /// The nonce it used.
    pub nonce: u32,
    /// When it was sent (ms since the Unix epoch).
    pub submitted_at_ms: u64,
    /// The Layer 2 tip when it was sent: its block is after this one.
    pub tip_at_submit: u64,
    /// Its Layer 2 block, once found.
    pub block_number: Option<u64>,
    /// The node no longer knows it (e.g. a devnet that was reset). Absent in what older
    /// versions of the page remembered.
    pub unknown_to_node: bool,
    /// It is not known whether the node took it (its answer was lost and the node could not be
    /// asked, or it answered with another hash). While any request is unconfirmed no new one is
    /// built; the node is asked again until it tells. Absent in older records.
    pub unconfirmed: bool,
}

/// What localStorage keeps: the fields in order, as serde's derive would write them (the
/// derive stays as the reference the tests compare with; the page ships only this writer).
impl ToJson for SubmittedWithdrawal {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .member("hash", &self.hash)
            .member("capacity", &self.capacity)
            .member("nonce", &self.nonce)
            .member("submitted_at_ms", &self.submitted_at_ms)
            .member("tip_at_submit", &self.tip_at_submit)
            .member("block_number", &self.block_number)
            .member("unknown_to_node", &self.unknown_to_node)
            .member("unconfirmed", &self.unconfirmed)
            .end();
    }
}

/// Reads back what [`ToJson`] wrote to localStorage.
impl FromJson for SubmittedWithdrawal {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(SubmittedWithdrawal {
            hash: member(json, "hash")?,
            capacity: member(json, "capacity")?,
            nonce: member(json, "nonce")?,
            submitted_at_ms: member(json, "submitted_at_ms")?,
            tip_at_submit: member(json, "tip_at_submit")?,
            block_number: member(json, "block_number")?,
            unknown_to_node: member::<Option<bool>>(json, "unknown_to_node")?.unwrap_or(false),
            unconfirmed: member::<Option<bool>>(json, "unconfirmed")?.unwrap_or(false),
        })
    }
}

/// What this account has on Layer 1 right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalCell {
    /// Shannons (read from the cell's capacity, which every Godwoken version sets).
    pub capacity: u64,
    /// The Layer 2 block that included the withdrawal.
    pub block_number: u64,
    /// Where the cell is (what an Unlock spends).
    pub out_point: OutPoint,
}

/// Reads the withdrawal cells of an indexer page, skipping any whose lock args do not decode or
/// belong to another account (a node that ignores the prefix must not put others' cells here).
pub fn withdrawal_cells(cells: &[IndexerCell], account_script_hash: &H256) -> Vec<WithdrawalCell> {
    cells
        .iter()
        .filter_map(|cell| {
            let (_, args) = decode_withdrawal_cell(cell).ok()?;
            (args.account_script_hash == *account_script_hash).then_some(WithdrawalCell {
                capacity: cell.output.capacity,
                block_number: args.withdrawal_block_number,
                out_point: cell.out_point.clone(),
            })
        })
        .collect()
}

/// Where a withdrawal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Sent, but not yet on Layer 1 (in the mempool, or in a block the indexer has not reached).
    WaitingForIndexer,
    /// On Layer 1, in its challenge period.
    Pending {
        /// Blocks until its block is final.
        blocks_remaining: u64,
    },
    /// Final; the release on Layer 1 follows.
    Final,
    /// Final and gone from the withdrawal lock: the funds are the owner's on Layer 1.
    Released,
    /// The node does not know this request (it may have been reset).
    UnknownToNode,
    /// It is not yet known whether the node took this request.
    Unconfirmed,
}

impl RowStatus {
    /// The words in the Status column.
    pub fn label(&self) -> &'static str {
        match self {
            RowStatus::WaitingForIndexer => "Waiting for the Layer 1 indexer",
            RowStatus::Pending { .. } => "Pending",
            RowStatus::Final => "Final, releasing on Layer 1",
            RowStatus::Released => "Released on Layer 1",
            RowStatus::UnknownToNode => "Not known to this node",
            RowStatus::Unconfirmed => "Unknown: asking the node whether it took it",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRow {
    /// Shannons.
    pub capacity: u64,
    /// Layer 2 block, when known.
    pub block_number: Option<u64>,
    /// Status.
    pub status: RowStatus,
    /// The withdrawal hash, when this page submitted it.
    pub hash: Option<H256>,
    /// Its withdrawal cell, while on Layer 1.
    pub cell: Option<OutPoint>,
}

/// What the pending table shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PendingView {
    /// The rows, oldest block first.
    pub rows: Vec<PendingRow>,
    /// Where the chain was at the last fetch.
    pub chain: Option<ChainPoint>,
    /// When the last fetch ended (ms since the Unix epoch); the countdown runs from it.
    pub fetched_at_ms: u64,
    /// A fetch is under way.
    pub loading: bool,
    /// Why the last fetch failed; the rows of the fetch before stay.
    pub error: Option<RpcError>,
    /// The user asked for this fetch (it is announced; automatic refreshes are not).
    pub requested: bool,
}

/// Where the chain is, as the rollup cell tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChainPoint {
    /// The Layer 2 tip number.
    pub tip: u64,
    /// Blocks up to and including this one are final.
    pub last_finalized: u64,
    /// The network's challenge period in blocks.
    pub finality_blocks: u64,
}

impl ChainPoint {
    /// The status of a withdrawal in `block` whose cell is on Layer 1. Final when
    /// `block ≤ last_finalized`; otherwise final at tip `block + finality`, which on a chain younger
    /// than the finality window is later than `block − last_finalized` suggests.
    pub fn status_of(&self, block: u64) -> RowStatus {
        if block <= self.last_finalized {
            RowStatus::Final
        } else {
            let by_tip = (block + self.finality_blocks).saturating_sub(self.tip);
            RowStatus::Pending { blocks_remaining: by_tip.max(block - self.last_finalized).max(1) }
        }
    }
}

/// The rows: every cell, plus every remembered request that no cell stands for yet (or any more).
/// A remembered request matches a cell of the same block and capacity.
pub fn derive_rows(cells: &[WithdrawalCell], submitted: &[SubmittedWithdrawal], chain: ChainPoint) -> Vec<PendingRow> {
    let last_finalized = chain.last_finalized;
    let mut rows: Vec<PendingRow> = cells
        .iter()
        .map(|cell| PendingRow {
            capacity: cell.capacity,
            block_number: Some(cell.block_number),
            status: chain.status_of(cell.block_number),
            hash: None,
            cell: Some(cell.out_point.clone()),
        })
        .collect();
    for request in submitted {
        let matching = rows.iter_mut().find(|row| {
            row.hash.is_none() && row.block_number == request.block_number && row.capacity == request.capacity
        });
        if let Some(row) = matching {
            row.hash = Some(request.hash);
            continue;
        }
        let status = match request.block_number {
            _ if request.unconfirmed => RowStatus::Unconfirmed,
            _ if request.unknown_to_node => RowStatus::UnknownToNode,
            // Final and no cell under the withdrawal lock any more: released.
            Some(block) if block <= last_finalized => RowStatus::Released,
            _ => RowStatus::WaitingForIndexer,
        };
        rows.push(PendingRow { capacity: request.capacity, block_number: request.block_number, status, hash: Some(request.hash), cell: None });
    }
    // Known blocks first, oldest first. The key is total, so the cheaper unstable sort gives
    // the same order on every refresh.
    rows.sort_unstable_by_key(|row| (row.block_number.is_none(), row.block_number, row.capacity, row.hash));
    rows
}

/// The rows to show after a failed fetch: the last rows, with the remembered requests brought in
/// (`remembered`, as [`derive_rows`] shows them without cells). A request of unknown fate must stay
/// in sight even while the node cannot be asked: it is what blocks a second withdrawal.
pub fn rows_after_failure(mut rows: Vec<PendingRow>, remembered: Vec<PendingRow>) -> Vec<PendingRow> {
    for row in remembered {
        match rows.iter_mut().find(|shown| shown.hash.is_some() && shown.hash == row.hash) {
            // Whether its fate is known is the store's to say, in either direction (an unconfirmed
            // request may have been settled, or the user stopped waiting for it).
            Some(shown) if row.status == RowStatus::Unconfirmed || shown.status == RowStatus::Unconfirmed => *shown = row,
            Some(_) => {}
            None => rows.push(row),
        }
    }
    rows
}

/// The first remembered request whose fate is not known: no new request may be built meanwhile.
pub fn first_unconfirmed(submitted: &[SubmittedWithdrawal]) -> Option<&SubmittedWithdrawal> {
    submitted.iter().find(|s| s.unconfirmed)
}

/// The remembered requests after `updates`: each update replaces the stored request with its
/// hash, or joins the list. Requests the updates do not name stay, so a refresh that read the
/// list before a submission cannot drop the request submitted meanwhile.
pub fn merge_submitted(mut stored: Vec<SubmittedWithdrawal>, updates: &[SubmittedWithdrawal]) -> Vec<SubmittedWithdrawal> {
    for update in updates {
        match stored.iter_mut().find(|s| s.hash == update.hash) {
            Some(entry) => *entry = update.clone(),
            None => stored.push(update.clone()),
        }
    }
    stored
}

/// What a store keeps after `updates`: merged by hash, then pruned once the last finalized block
/// is known (see [`merge_submitted`] and [`prune`]).
pub fn remember(stored: Vec<SubmittedWithdrawal>, updates: &[SubmittedWithdrawal], last_finalized: Option<u64>) -> Vec<SubmittedWithdrawal> {
    let merged = merge_submitted(stored, updates);
    match last_finalized {
        Some(last_finalized) => prune(merged, last_finalized),
        None => merged,
    }
}

/// Remembered requests worth keeping: everything not yet released, and the 20 newest released
/// ones (so the user still sees what happened to them).
pub fn prune(mut submitted: Vec<SubmittedWithdrawal>, last_finalized: u64) -> Vec<SubmittedWithdrawal> {
    submitted.sort_unstable_by_key(|s| (std::cmp::Reverse(s.submitted_at_ms), s.hash));
    let mut released_kept = 0;
    submitted.retain(|s| match s.block_number {
        Some(block) if block <= last_finalized => {
            released_kept += 1;
            released_kept <= 20
        }
        _ => true,
    });
    submitted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out_point(n: u8) -> OutPoint {
        OutPoint { tx_hash: H256([n; 32]), index: 0 }
    }

    fn submitted(n: u8, capacity: u64, block: Option<u64>) -> SubmittedWithdrawal {
        SubmittedWithdrawal {
            hash: H256([n; 32]),
            capacity,
            nonce: u32::from(n),
            submitted_at_ms: u64::from(n),
            tip_at_submit: 0,
            block_number: block,
            unknown_to_node: false,
            unconfirmed: false,
        }
    }

    #[test]
    fn remembered_requests_read_back_what_was_stored() {
        let mut stored = vec![submitted(1, 26_500_000_000, None), submitted(2, u64::MAX, Some(u64::MAX))];
        stored[1].unknown_to_node = true;
        let text = godwoken_core::json::to_string(&stored);
        #[cfg(not(target_arch = "wasm32"))]
        assert_eq!(text, serde_json::to_string(&stored).expect("serializes"), "the same bytes as serde's derive");
        assert_eq!(godwoken_core::json::read::<Vec<SubmittedWithdrawal>>(&text), Ok(stored));
        // What the page stored before `unknown_to_node` existed.
        let old = format!(
            r#"[{{"hash":"{}","capacity":1,"nonce":2,"submitted_at_ms":3,"tip_at_submit":4,"block_number":null}}]"#,
            H256([7; 32])
        );
        let read = godwoken_core::json::read::<Vec<SubmittedWithdrawal>>(&old).expect("reads");
        assert!(!read[0].unknown_to_node);
        assert_eq!((read[0].capacity, read[0].nonce, read[0].block_number), (1, 2, None));
    }

    #[test]
    fn a_request_moves_from_waiting_to_pending_to_released() {
        let request = submitted(1, 400, None);
        // Just sent: shown at once.
        let young = ChainPoint { tip: 0, last_finalized: 0, finality_blocks: 10 };
        let rows = derive_rows(&[], std::slice::from_ref(&request), young);
        assert_eq!(rows, vec![PendingRow { capacity: 400, block_number: None, status: RowStatus::WaitingForIndexer, hash: Some(H256([1; 32])), cell: None }]);
        // In block 5, the indexer not there yet.
        let request = SubmittedWithdrawal { block_number: Some(5), ..request };
        assert_eq!(derive_rows(&[], std::slice::from_ref(&request), young)[0].status, RowStatus::WaitingForIndexer);
        // On Layer 1: one row (the cell), carrying the hash. Tip 12, finality 10: finalized 2.
        let cell = WithdrawalCell { capacity: 400, block_number: 5, out_point: out_point(5) };
        let at = |tip: u64| ChainPoint { tip, last_finalized: tip.saturating_sub(10), finality_blocks: 10 };
        let rows = derive_rows(std::slice::from_ref(&cell), std::slice::from_ref(&request), at(12));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].status, RowStatus::Pending { blocks_remaining: 3 });
        assert_eq!(rows[0].hash, Some(H256([1; 32])));
        assert_eq!(rows[0].cell, Some(out_point(5)), "the cell an Unlock spends");
        // withdrawal block <= last finalized: final (the rule is "≤", not "<").
        assert_eq!(derive_rows(std::slice::from_ref(&cell), std::slice::from_ref(&request), at(15))[0].status, RowStatus::Final);
        // The cell is gone once released.
        assert_eq!(derive_rows(&[], std::slice::from_ref(&request), at(16))[0].status, RowStatus::Released);
    }

    #[test]
    fn cells_of_other_origin_and_sorting() {
        let cells = [WithdrawalCell { capacity: 300, block_number: 9, out_point: out_point(9) }, WithdrawalCell { capacity: 300, block_number: 2, out_point: out_point(2) }];
        let mine = [submitted(1, 300, Some(9)), submitted(2, 500, None), submitted(3, 300, Some(9))];
        let rows = derive_rows(&cells, &mine, ChainPoint { tip: 3, last_finalized: 0, finality_blocks: 10 });
        let summary: Vec<(Option<u64>, u64, Option<u8>)> = rows.iter().map(|r| (r.block_number, r.capacity, r.hash.map(|h| h.0[0]))).collect();
        // Block 2 (not ours), block 9 matched to request 1, request 3 (same block and amount, no second
        // cell yet) waiting, request 2 waiting without a block, last.
        assert_eq!(summary, vec![(Some(2), 300, None), (Some(9), 300, Some(1)), (Some(9), 300, Some(3)), (None, 500, Some(2))]);
        assert_eq!(rows[2].status, RowStatus::WaitingForIndexer);
        let unknown = SubmittedWithdrawal { unknown_to_node: true, ..submitted(4, 300, None) };
        assert_eq!(derive_rows(&[], &[unknown], ChainPoint::default())[0].status, RowStatus::UnknownToNode);
        let unconfirmed = SubmittedWithdrawal { unconfirmed: true, ..submitted(5, 300, None) };
        assert_eq!(derive_rows(&[], std::slice::from_ref(&unconfirmed), ChainPoint::default())[0].status, RowStatus::Unconfirmed);
        assert_eq!(first_unconfirmed(&[submitted(1, 300, None), unconfirmed.clone()]), Some(&unconfirmed));
    }

    #[test]
    fn blocks_remaining_on_a_young_chain() {
        // Finality 10, tip 3: nothing is final yet (last finalized saturates at 0). Block 1 becomes
        // final at tip 11, eight blocks from now, not "1 − 0 = 1".
        let young = ChainPoint { tip: 3, last_finalized: 0, finality_blocks: 10 };
        assert_eq!(young.status_of(1), RowStatus::Pending { blocks_remaining: 8 });
        let mature = ChainPoint { tip: 10_050, last_finalized: 50, finality_blocks: 10_000 };
        assert_eq!(mature.status_of(60), RowStatus::Pending { blocks_remaining: 10 });
        assert_eq!(mature.status_of(50), RowStatus::Final);
    }

    #[test]
    fn a_failed_fetch_keeps_the_rows_and_brings_in_remembered_requests() {
        let shown = derive_rows(&[], &[submitted(1, 300, Some(4))], ChainPoint { tip: 5, last_finalized: 0, finality_blocks: 10 });
        let unconfirmed = SubmittedWithdrawal { unconfirmed: true, ..submitted(2, 400, None) };
        let remembered = derive_rows(&[], &[submitted(1, 300, Some(4)), unconfirmed], ChainPoint::default());
        let rows = rows_after_failure(shown.clone(), remembered);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], shown[0], "what the last fetch showed stays");
        assert_eq!((rows[1].hash, rows[1].status), (Some(H256([2; 32])), RowStatus::Unconfirmed));
        // The user stopped waiting for request 2 (or another tab settled it): no longer shown as unconfirmed.
        let stopped = derive_rows(&[], &[submitted(2, 400, None)], ChainPoint::default());
        let rows = rows_after_failure(rows, stopped);
        assert_eq!(rows[1].status, RowStatus::WaitingForIndexer);
    }

    #[test]
    fn merging_replaces_by_hash_and_keeps_what_the_update_does_not_name() {
        let stored = vec![submitted(1, 300, None), submitted(2, 400, None)];
        // A refresh read [1] before request 2 was submitted, and found 1 in block 7.
        let reconciled = [submitted(1, 300, Some(7))];
        let merged = merge_submitted(stored, &reconciled);
        assert_eq!(merged, vec![submitted(1, 300, Some(7)), submitted(2, 400, None)]);
        // A new request joins; the same one twice is kept once.
        let merged = merge_submitted(merged, &[submitted(3, 500, None), submitted(3, 500, None)]);
        assert_eq!(merged.iter().map(|s| s.hash.0[0]).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn pruning_keeps_everything_open_and_recent_released() {
        let mut all: Vec<SubmittedWithdrawal> = (0..30).map(|n| submitted(n, 300, Some(1))).collect();
        all.push(submitted(99, 300, None));
        all.push(submitted(98, 300, Some(50)));
        let kept = prune(all, 10);
        assert_eq!(kept.len(), 22);
        assert!(kept.iter().any(|s| s.hash == H256([99; 32])));
        assert!(kept.iter().any(|s| s.hash == H256([98; 32])));
        assert!(kept.iter().any(|s| s.hash == H256([29; 32])), "newest released kept");
        assert!(!kept.iter().any(|s| s.hash == H256([0; 32])), "oldest released dropped");
    }
}
