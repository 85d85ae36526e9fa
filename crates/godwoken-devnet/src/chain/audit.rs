//! The audit: CKB is conserved, `layer2 + pending + released == supply` (`dev_audit`).

use super::storage::{get_supply, u128_from_blob, u64_of};
use super::{Chain, ChainError};

/// The audit's figures, in shannons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Conservation {
    /// Genesis plus every funding.
    pub supply: u128,
    /// Sum of Layer 2 balances (the block producer's fees included).
    pub layer2: u128,
    /// Withdrawn but not yet released on Layer 1.
    pub pending: u128,
    /// Released to owners' cells on Layer 1.
    pub released: u128,
}

impl Conservation {
    /// Whether no shannon was created or lost.
    pub fn holds(&self) -> bool {
        self.layer2 + self.pending + self.released == self.supply
    }
}

impl Chain {
    /// The conservation audit.
    pub fn conservation(&self) -> Result<Conservation, ChainError> {
        let supply = get_supply(&self.conn)?;
        let mut layer2: u128 = 0;
        let mut stmt = self.conn.prepare_cached("SELECT balance FROM accounts")?;
        for balance in stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))? {
            layer2 += u128_from_blob(&balance?)?;
        }
        let pending: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(capacity), 0) FROM withdrawals WHERE released = 0",
            [],
            |r| r.get(0),
        )?;
        let released: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE released_from IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(Conservation { supply, layer2, pending: u64_of(pending)?.into(), released: u64_of(released)?.into() })
    }
}
