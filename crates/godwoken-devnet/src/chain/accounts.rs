//! Layer 2 accounts: lookups by id, script hash and short address, credits, and the faucets of
//! both layers (`dev_fund`, `dev_fund_layer1`).

use godwoken_core::account::{account_script, owner_lock, short_address};
use godwoken_core::eth::EthAddress;
use godwoken_core::hex::H256;
use godwoken_core::mol::Script;
use godwoken_core::network::NetworkConstants;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, OptionalExtension, Transaction};

use godwoken_core::rpc::CellOutput;

use super::layer1::{commit_into_tip, minting_transaction, OutputMeta};
use super::rollup::merged_custodian_lock;
use super::storage::{get_supply, h256_from_blob, script_of, set_supply, u128_from_blob, u32_of, CellKind};
use super::{Chain, ChainError, RequestError, MAX_SUPPLY};

/// A Layer 2 account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id (the GlobalState's account count when it was created).
    pub id: u32,
    /// The hash of its lock script, by which clients look it up.
    pub script_hash: H256,
    /// Its ETH account lock script.
    pub script: Script,
    /// The nonce its next withdrawal must carry.
    pub nonce: u32,
    /// CKB in shannons.
    pub balance: u128,
}

impl Chain {
    fn account_where(&self, column: &str, value: SqlValue) -> Result<Option<Account>, ChainError> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT id, script_hash, script, nonce, balance FROM accounts WHERE {column} = ?1"))?
            .query_row([value], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?, r.get::<_, Vec<u8>>(4)?))
            })
            .optional()?;
        row.map(|(id, hash, script, nonce, balance)| {
            Ok(Account {
                id: u32_of(id, "account id")?,
                script_hash: h256_from_blob(&hash)?,
                script: script_of(&script)?,
                nonce: u32_of(nonce, "nonce")?,
                balance: u128_from_blob(&balance)?,
            })
        })
        .transpose()
    }

    /// The account of a script hash.
    pub fn account_by_script_hash(&self, hash: &H256) -> Result<Option<Account>, ChainError> {
        self.account_where("script_hash", SqlValue::Blob(hash.0.to_vec()))
    }

    /// The account of an id.
    pub fn account_by_id(&self, id: u32) -> Result<Option<Account>, ChainError> {
        self.account_where("id", SqlValue::Integer(i64::from(id)))
    }

    /// The account of a short address (first 20 bytes of the script hash).
    pub fn account_by_short_address(&self, short: &[u8; 20]) -> Result<Option<Account>, ChainError> {
        self.account_where("short_address", SqlValue::Blob(short.to_vec()))
    }

    /// Adds `shannons` to `address`'s Layer 2 balance, creating its account, and the custodian
    /// cell that backs them to Layer 1 (in the tip block). Returns the balance.
    pub fn fund(&mut self, address: &EthAddress, shannons: u128) -> Result<u128, RequestError> {
        let capacity = u64::try_from(shannons).map_err(|_| RequestError::SupplyCap)?;
        let tx = self.conn.transaction()?;
        let new_supply = raise_supply(&tx, shannons)?;
        let balance = credit(&tx, &self.config.constants, address, shannons)?;
        let custodian = CellOutput { capacity, lock: merged_custodian_lock(&self.config), type_: None };
        commit_into_tip(&tx, &minting_transaction(new_supply_salt(new_supply), vec![(custodian, Vec::new())]), &[OutputMeta::of(CellKind::Custodian)])?;
        tx.commit()?;
        Ok(balance)
    }

    /// The Layer 1 faucet: a PW-lock cell of `shannons` for `address`, live at once (committed in
    /// the tip block). Returns the transaction hash.
    pub fn fund_layer1(&mut self, address: &EthAddress, shannons: u64) -> Result<H256, RequestError> {
        if shannons < MIN_FAUCET_CELL {
            return Err(RequestError::OutOfBounds("the faucet gives at least 61 CKB (a PW-lock cell's occupied capacity)".into()));
        }
        let tx = self.conn.transaction()?;
        let new_supply = raise_supply(&tx, shannons.into())?;
        let cell = CellOutput { capacity: shannons, lock: owner_lock(&self.config.constants, address), type_: None };
        let hash = commit_into_tip(&tx, &minting_transaction(new_supply_salt(new_supply), vec![(cell, Vec::new())]), &[OutputMeta::PLAIN])?;
        tx.commit()?;
        Ok(hash)
    }
}

/// A PW-lock cell's occupied capacity: the least a faucet cell may hold.
const MIN_FAUCET_CELL: u64 = 6_100_000_000;

/// Adds `shannons` to the supply, within [`MAX_SUPPLY`]; returns the new supply.
fn raise_supply(tx: &Transaction<'_>, shannons: u128) -> Result<u128, RequestError> {
    let supply = get_supply(tx)?;
    let new_supply = supply.checked_add(shannons).filter(|s| *s <= MAX_SUPPLY).ok_or(RequestError::SupplyCap)?;
    set_supply(tx, new_supply)?;
    Ok(new_supply)
}

/// Each minting transaction is told apart by the supply it brings the chain to (strictly rising).
fn new_supply_salt(supply: u128) -> u64 {
    u64::try_from(supply).unwrap_or(u64::MAX)
}

pub(super) fn insert_account(tx: &Transaction<'_>, id: u32, script: &Script, balance: u128) -> rusqlite::Result<()> {
    let hash = script.hash();
    tx.execute(
        "INSERT INTO accounts (id, script_hash, script, short_address, nonce, balance) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![id, hash.0.as_slice(), script.to_bytes(), short_address(&hash).as_slice(), balance.to_be_bytes().as_slice()],
    )?;
    Ok(())
}

/// Adds `amount` to account `id`'s balance; returns the new balance.
pub(super) fn add_to_balance(tx: &Transaction<'_>, id: u32, amount: u128) -> Result<u128, ChainError> {
    let balance: Vec<u8> =
        tx.prepare_cached("SELECT balance FROM accounts WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let balance = u128_from_blob(&balance)?.saturating_add(amount);
    tx.prepare_cached("UPDATE accounts SET balance = ?1 WHERE id = ?2")?
        .execute(params![balance.to_be_bytes().as_slice(), id])?;
    Ok(balance)
}

/// Credits `address`'s account, creating it with the next id if it has none.
pub(super) fn credit(tx: &Transaction<'_>, constants: &NetworkConstants, address: &EthAddress, shannons: u128) -> Result<u128, ChainError> {
    credit_script(tx, &account_script(constants, address), shannons)
}

/// Credits the account of `script`, creating it with the next id (the account count) if it has
/// none, as a deposit does. Returns the new balance.
pub(super) fn credit_script(tx: &Transaction<'_>, script: &Script, shannons: u128) -> Result<u128, ChainError> {
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM accounts WHERE script_hash = ?1", [script.hash().0.as_slice()], |r| r.get(0))
        .optional()?;
    let id = match existing {
        Some(id) => u32_of(id, "account id")?,
        None => {
            let next: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM accounts", [], |r| r.get(0))?;
            let id = u32_of(next, "next account id")?;
            insert_account(tx, id, script, 0)?;
            id
        }
    };
    add_to_balance(tx, id, shannons)
}
