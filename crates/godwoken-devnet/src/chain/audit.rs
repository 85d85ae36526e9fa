//! The audit (`dev_audit`): CKB is conserved across both layers.
//!
//! - Layer 1: every live cell (custodians, withdrawal cells, the rollup and system cells
//!   included) plus every fee paid equals the supply, which only genesis and the faucets raise.
//! - Layer 2 against Layer 1: the Layer 2 balances plus the withdrawals not yet on Layer 1 equal
//!   the custodian cells' capacity.
//!
//! Benchmark filler cells are outside both sums.

use super::storage::{get_supply, u128_from_blob, u64_of, CellKind};
use super::{Chain, ChainError};

/// The audit's figures, in shannons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Conservation {
    /// Genesis plus every faucet.
    pub supply: u128,
    /// Σ live Layer 1 cells.
    pub layer1_cells: u128,
    /// Σ fees of committed Layer 1 transactions.
    pub layer1_fees: u128,
    /// Σ Layer 2 balances (the block producer's fees included).
    pub layer2: u128,
    /// Withdrawn on Layer 2, cell not yet on Layer 1.
    pub in_flight: u128,
    /// Σ custodian cells.
    pub custodians: u128,
    /// Σ withdrawal cells not yet released (part of `layer1_cells`; for information).
    pub withdrawal_cells: u128,
}

impl Conservation {
    /// Whether no shannon was created or lost.
    pub fn holds(&self) -> bool {
        self.layer1_cells + self.layer1_fees == self.supply && self.layer2 + self.in_flight == self.custodians
    }
}

impl Chain {
    /// The conservation audit.
    pub fn conservation(&self) -> Result<Conservation, ChainError> {
        let sum = |sql: &str, kind: Option<CellKind>| -> Result<u128, ChainError> {
            let total: i64 = match kind {
                Some(kind) => self.conn.query_row(sql, [kind as i64], |r| r.get(0))?,
                None => self.conn.query_row(sql, [], |r| r.get(0))?,
            };
            Ok(u64_of(total)?.into())
        };
        let mut layer2: u128 = 0;
        let mut stmt = self.conn.prepare_cached("SELECT balance FROM accounts")?;
        for balance in stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))? {
            layer2 += u128_from_blob(&balance?)?;
        }
        Ok(Conservation {
            supply: get_supply(&self.conn)?,
            layer1_cells: sum("SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE kind != ?1", Some(CellKind::Bench))?,
            layer1_fees: sum("SELECT COALESCE(SUM(fee), 0) FROM l1_transactions WHERE block_number IS NOT NULL", None)?,
            layer2,
            in_flight: sum("SELECT COALESCE(SUM(capacity), 0) FROM withdrawals WHERE on_layer1 = 0", None)?,
            custodians: sum("SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE kind = ?1", Some(CellKind::Custodian))?,
            withdrawal_cells: sum("SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE kind = ?1", Some(CellKind::Withdrawal))?,
        })
    }
}
