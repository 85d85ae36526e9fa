//! Snapshots for test authors, as Anvil has them: `dev_snapshot` copies the whole database into
//! memory and returns an id, `dev_revert` copies it back (and forgets it and every later one),
//! `dev_reset` starts a new chain from the same genesis. Snapshots live in memory only: they do
//! not survive a restart.

use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;

use super::{Chain, ChainError};

/// The most snapshots kept; the oldest is dropped beyond it.
const MAX_SNAPSHOTS: usize = 64;

/// The tables a reset empties, children before parents.
const TABLES: [&str; 6] = ["cells", "withdrawals", "accounts", "blocks", "l1_transactions", "l1_blocks"];

fn copy(from: &Connection, to: &mut Connection) -> Result<(), ChainError> {
    Backup::new(from, to)?.run_to_completion(i32::MAX, Duration::ZERO, None)?;
    Ok(())
}

impl Chain {
    /// Copies the chain as it is now; returns the snapshot's id.
    pub fn snapshot(&mut self) -> Result<u64, ChainError> {
        let mut copy_of = Connection::open_in_memory()?;
        copy(&self.conn, &mut copy_of)?;
        let id = self.next_snapshot;
        self.next_snapshot += 1;
        self.snapshots.push((id, copy_of));
        if self.snapshots.len() > MAX_SNAPSHOTS {
            self.snapshots.remove(0);
        }
        Ok(id)
    }

    /// Puts the chain back as it was at snapshot `id`, which is then forgotten with every later
    /// one. `false` when there is no such snapshot (nothing changes).
    pub fn revert(&mut self, id: u64) -> Result<bool, ChainError> {
        let Some(position) = self.snapshots.iter().position(|(snapshot, _)| *snapshot == id) else { return Ok(false) };
        let mut later = self.snapshots.split_off(position);
        let (_, snapshot) = later.remove(0);
        copy(&snapshot, &mut self.conn)?;
        self.mempool_len = self.count_waiting()?;
        Ok(true)
    }

    /// Starts the chain anew from its genesis (the same funding), at `now_ms`. Snapshots are
    /// forgotten.
    pub fn reset(&mut self, now_ms: u64) -> Result<(), ChainError> {
        let db = self.conn.transaction()?;
        for table in TABLES {
            db.execute(&format!("DELETE FROM {table}"), [])?;
        }
        db.execute("DELETE FROM meta", [])?;
        db.execute("DELETE FROM sqlite_sequence", [])?;
        db.commit()?;
        let funding = self.genesis_funding.clone();
        self.genesis(&funding.layer2, &funding.layer1, now_ms)?;
        self.snapshots.clear();
        self.mempool_len = self.count_waiting()?;
        Ok(())
    }
}
