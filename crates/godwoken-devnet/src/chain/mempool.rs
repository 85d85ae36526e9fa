//! The mempool: withdrawals verified with Godwoken's rules, applied to their account at once and
//! waiting for a block; and the lookup of a withdrawal by hash.

use godwoken_core::hex::H256;
use godwoken_core::mol::{Script, WithdrawalRequest};
use godwoken_core::rpc::{WithdrawalRequestJson, WithdrawalStatus, WithdrawalWithStatus};
use godwoken_core::verify::{self, Prepared, WithdrawalState};
use rusqlite::{params, OptionalExtension};

use super::accounts::add_to_balance;
use super::genesis::BLOCK_PRODUCER_ID;
use super::storage::{i64_of, script_of, u128_from_blob, u32_of, u64_of};
use super::{Chain, ChainError, RequestError};

/// The state one withdrawal's verification reads, loaded from the database beforehand.
struct Snapshot {
    pending: bool,
    script: Option<Script>,
    /// Id, balance and nonce of the account, if it exists.
    account: Option<(u32, u128, u32)>,
}

impl WithdrawalState for Snapshot {
    fn is_pending(&self, _: &H256) -> bool {
        self.pending
    }
    fn script(&self, _: &H256) -> Option<Script> {
        self.script.clone()
    }
    fn account_id(&self, _: &H256) -> Option<u32> {
        self.account.map(|(id, _, _)| id)
    }
    fn ckb_balance(&self, _: u32) -> u128 {
        self.account.map_or(0, |(_, balance, _)| balance)
    }
    fn nonce(&self, _: u32) -> u32 {
        self.account.map_or(0, |(_, _, nonce)| nonce)
    }
}

impl Chain {
    /// Verifies a prepared withdrawal with Godwoken's rules and, if accepted, applies it at once:
    /// nonce + 1, balance − (capacity + fee), fee to the block producer, request into the mempool.
    pub fn submit(&mut self, prepared: &Prepared) -> Result<H256, RequestError> {
        let constants = &self.config.constants;
        // Statements are cached: this is the devnet's hottest path, and parsing SQL on every
        // submission cost more than running it.
        let tx = self.conn.transaction()?;
        let pending: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM withdrawals WHERE hash = ?1 AND block_number IS NULL)")?
            .query_row([prepared.hash.0.as_slice()], |r| r.get(0))?;
        let account = tx
            .prepare_cached("SELECT id, script, balance, nonce FROM accounts WHERE script_hash = ?1")?
            .query_row([prepared.raw.account_script_hash.0.as_slice()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?))
            })
            .optional()?;
        let snapshot = match account {
            None => Snapshot { pending, script: None, account: None },
            Some((id, script, balance, nonce)) => Snapshot {
                pending,
                script: Some(script_of(&script)?),
                account: Some((u32_of(id, "account id")?, u128_from_blob(&balance)?, u32_of(nonce, "nonce")?)),
            },
        };
        let accepted = verify::verify(constants, prepared, &snapshot).map_err(RequestError::Rejected)?;
        if self.mempool_len >= self.config.mempool_limit {
            return Err(RequestError::MempoolFull(self.mempool_len));
        }
        // verify() accepted, so the account exists and covers the debit.
        let (_, balance, nonce) = snapshot.account.ok_or_else(|| ChainError::Corrupt("an accepted withdrawal has no account".into()))?;
        let fee = accepted.debit - u128::from(accepted.request.raw.capacity);
        tx.prepare_cached("UPDATE accounts SET nonce = ?1, balance = ?2 WHERE id = ?3")?.execute(params![
            i64::from(nonce) + 1,
            (balance - accepted.debit).to_be_bytes().as_slice(),
            accepted.account_id
        ])?;
        add_to_balance(&tx, BLOCK_PRODUCER_ID, fee)?;
        // A replay of a request that already made it into a block fails on the nonce above, so the
        // hash is new here; `OR REPLACE` is never needed.
        tx.prepare_cached(
            "INSERT INTO withdrawals (hash, seq, request, account_id, capacity)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM withdrawals), ?2, ?3, ?4)",
        )?
        .execute(params![
            accepted.hash.0.as_slice(),
            accepted.request.to_bytes(),
            accepted.account_id,
            i64_of(accepted.request.raw.capacity)
        ])?;
        tx.commit()?;
        self.mempool_len += 1;
        Ok(accepted.hash)
    }

    /// How many withdrawals wait for a block (counted once, at open).
    pub(super) fn count_waiting(&self) -> Result<u64, ChainError> {
        let waiting: i64 =
            self.conn.query_row("SELECT COUNT(*) FROM withdrawals WHERE block_number IS NULL", [], |r| r.get(0))?;
        u64_of(waiting)
    }

    /// A withdrawal and its status, or `None` if unknown.
    pub fn withdrawal(&self, hash: &H256) -> Result<Option<WithdrawalWithStatus>, ChainError> {
        let row = self
            .conn
            .prepare_cached("SELECT request, block_number FROM withdrawals WHERE hash = ?1")?
            .query_row([hash.0.as_slice()], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Option<i64>>(1)?)))
            .optional()?;
        row.map(|(bytes, block)| {
            let request = WithdrawalRequest::from_bytes(&bytes).map_err(|err| ChainError::Corrupt(err.to_string()))?;
            Ok(WithdrawalWithStatus {
                withdrawal: WithdrawalRequestJson::from(&request),
                status: if block.is_some() { WithdrawalStatus::Committed } else { WithdrawalStatus::Pending },
            })
        })
        .transpose()
    }
}
