//! Genesis: the reserved accounts, the funded development accounts, block 0 and its rollup cell.

use godwoken_core::account::account_script;
use godwoken_core::eth::EthAddress;
use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::Script;
use rusqlite::params;

use super::accounts::{credit, insert_account};
use super::layer1::write_rollup_cell;
use super::storage::{i64_of, set_supply};
use super::{Chain, ChainError, MAX_SUPPLY};

/// The meta contract's account.
const META_ACCOUNT_ID: u32 = 0;
/// CKB as sUDT 1.
const CKB_SUDT_ACCOUNT_ID: u32 = 1;
/// The block producer, which collects the fees.
pub(super) const BLOCK_PRODUCER_ID: u32 = 2;

impl Chain {
    pub(super) fn genesis(&mut self, funding: &[(EthAddress, u128)], now_ms: u64) -> Result<(), ChainError> {
        let constants = &self.config.constants;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('rollup_type_hash', ?1)",
            [constants.rollup_type_hash.0.as_slice()],
        )?;
        // The reserved accounts' scripts only need to be distinct.
        let reserved = [
            (META_ACCOUNT_ID, Script::of_type(ckb_hash_parts(&[b"godwoken-devnet meta"]), constants.rollup_type_hash.0.to_vec())),
            (CKB_SUDT_ACCOUNT_ID, Script::of_type(ckb_hash_parts(&[b"godwoken-devnet sudt"]), [constants.rollup_type_hash.0, [0; 32]].concat())),
            (BLOCK_PRODUCER_ID, account_script(constants, &EthAddress([0; 20]))),
        ];
        for (id, script) in &reserved {
            insert_account(&tx, *id, script, 0)?;
        }
        let mut supply: u128 = 0;
        for (address, shannons) in funding {
            supply = supply.saturating_add(*shannons);
            credit(&tx, constants, address, *shannons)?;
        }
        if supply > MAX_SUPPLY {
            return Err(ChainError::Corrupt("genesis funding exceeds the devnet's supply cap".into()));
        }
        set_supply(&tx, supply)?;
        let hash = ckb_hash_parts(&[b"godwoken-devnet genesis", &constants.rollup_type_hash.0]);
        tx.execute(
            "INSERT INTO blocks (number, hash, parent_hash, timestamp) VALUES (0, ?1, ?2, ?3)",
            params![hash.0.as_slice(), H256::ZERO.0.as_slice(), i64_of(now_ms)],
        )?;
        write_rollup_cell(&tx, &self.config, 0, &hash, now_ms)?;
        tx.commit()?;
        Ok(())
    }
}
