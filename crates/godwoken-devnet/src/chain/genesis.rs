//! Genesis on both layers: the reserved Layer 2 accounts and the funded development accounts,
//! Layer 2 block 0; on Layer 1 the system cells the 2021 clients reference as deps (stand-ins at
//! the 2021 testnet's out points: their contents are not the real scripts, but they resolve as
//! live cells), and one genesis transaction with the rollup cell, each development account's
//! PW-lock cells and the custodian cell that backs the Layer 2 balances.

use godwoken_core::account::{account_script, owner_lock};
use godwoken_core::ckb::occupied_bytes;
use godwoken_core::eth::EthAddress;
use godwoken_core::hash::ckb_hash_parts;
use godwoken_core::hex::H256;
use godwoken_core::mol::Script;
use godwoken_core::rpc::{CellOutput, OutPoint};
use rusqlite::params;

use super::accounts::{credit, insert_account};
use super::layer1::{commit_transaction, insert_genesis_block, minting_transaction, OutputMeta};
use super::pool::dep_group_data;
use super::rollup::{devnet_only_lock, global_state, merged_custodian_lock, ROLLUP_CELL_CAPACITY};
use super::storage::{i64_of, insert_cell, set_supply, CellKind, NewCell};
use super::{Chain, ChainError, MAX_SUPPLY};

/// The meta contract's account.
const META_ACCOUNT_ID: u32 = 0;
/// CKB as sUDT 1.
const CKB_SUDT_ACCOUNT_ID: u32 = 1;
/// The block producer, which collects the fees.
pub(super) const BLOCK_PRODUCER_ID: u32 = 2;
/// Shannons per CKB.
const SHANNONS_PER_CKB: u64 = 100_000_000;

impl Chain {
    pub(super) fn genesis(&mut self, funding: &[(EthAddress, u128)], layer1_funding: &[(EthAddress, u64)], now_ms: u64) -> Result<(), ChainError> {
        let config = &self.config;
        let constants = &config.constants;
        let db = self.conn.transaction()?;
        db.execute("INSERT INTO meta (key, value) VALUES ('rollup_type_hash', ?1)", [constants.rollup_type_hash.0.as_slice()])?;
        // The reserved accounts' scripts only need to be distinct.
        let reserved = [
            (META_ACCOUNT_ID, Script::of_type(ckb_hash_parts(&[b"godwoken-devnet meta"]), constants.rollup_type_hash.0.to_vec())),
            (CKB_SUDT_ACCOUNT_ID, Script::of_type(ckb_hash_parts(&[b"godwoken-devnet sudt"]), [constants.rollup_type_hash.0, [0; 32]].concat())),
            (BLOCK_PRODUCER_ID, account_script(constants, &EthAddress([0; 20]))),
        ];
        for (id, script) in &reserved {
            insert_account(&db, *id, script, 0)?;
        }
        let mut layer2_total: u128 = 0;
        for (address, shannons) in funding {
            layer2_total = layer2_total.saturating_add(*shannons);
            credit(&db, constants, address, *shannons)?;
        }
        let hash = ckb_hash_parts(&[b"godwoken-devnet genesis", &constants.rollup_type_hash.0]);
        db.execute(
            "INSERT INTO blocks (number, hash, parent_hash, timestamp) VALUES (0, ?1, ?2, ?3)",
            params![hash.0.as_slice(), H256::ZERO.0.as_slice(), i64_of(now_ms)],
        )?;

        // Layer 1: the system cells, straight into the genesis block.
        let start = config.layer1_start_block;
        let layer1 = &config.layer1;
        let stand_in = |name: &str| format!("godwoken-devnet stand-in for {name}").into_bytes();
        let mut system: Vec<(OutPoint, Vec<u8>)> = vec![
            (layer1.pw_lock_dep.out_point.clone(), stand_in("PW-lock")),
            (layer1.deposit_lock_dep.out_point.clone(), stand_in("the deposit lock")),
            (layer1.withdrawal_lock_dep.out_point.clone(), stand_in("the withdrawal lock")),
            (layer1.custodian_lock_dep.out_point.clone(), stand_in("the custodian lock")),
            (layer1.rollup_config_dep.out_point.clone(), stand_in("the rollup config")),
            (layer1.secp256k1_dep_group.out_point.clone(), dep_group_data(&layer1.secp256k1_group_members)),
        ];
        system.extend(layer1.secp256k1_group_members.iter().map(|member| (member.clone(), stand_in("secp256k1"))));
        let lock = devnet_only_lock();
        let mut supply: u128 = 0;
        for (out_point, data) in &system {
            let capacity = occupied_bytes(&lock, None, data.len()) * SHANNONS_PER_CKB;
            supply += u128::from(capacity);
            insert_cell(&db, &NewCell {
                tx_hash: out_point.tx_hash,
                output_index: out_point.index,
                capacity,
                lock: &lock,
                type_: None,
                data,
                block_number: start,
                tx_index: 0,
                kind: CellKind::System,
                withdrawal_hash: None,
                withdrawal_block: None,
                released_from: None,
            })?;
        }

        // The genesis transaction.
        let state = global_state(&db, config, 0, &hash, now_ms)?;
        let mut outputs = vec![(
            CellOutput { capacity: ROLLUP_CELL_CAPACITY, lock, type_: Some(constants.rollup_type_script.clone()) },
            state.to_bytes(),
        )];
        let mut metas = vec![OutputMeta::of(CellKind::Rollup)];
        for (address, shannons) in layer1_funding {
            outputs.push((CellOutput { capacity: *shannons, lock: owner_lock(constants, address), type_: None }, Vec::new()));
            metas.push(OutputMeta::PLAIN);
        }
        if layer2_total > 0 {
            let capacity = u64::try_from(layer2_total).map_err(|_| ChainError::Corrupt("genesis funding exceeds the devnet's supply cap".into()))?;
            outputs.push((CellOutput { capacity, lock: merged_custodian_lock(config), type_: None }, Vec::new()));
            metas.push(OutputMeta::of(CellKind::Custodian));
        }
        supply += outputs.iter().map(|(output, _)| u128::from(output.capacity)).sum::<u128>();
        if supply > MAX_SUPPLY {
            return Err(ChainError::Corrupt("genesis funding exceeds the devnet's supply cap".into()));
        }
        let genesis = minting_transaction(0, outputs);
        let genesis_hash = genesis.hash();
        insert_genesis_block(&db, start, now_ms, &genesis_hash)?;
        commit_transaction(&db, &genesis, &genesis_hash, 0, start, 0, &metas)?;
        set_supply(&db, supply)?;
        db.commit()?;
        Ok(())
    }
}
