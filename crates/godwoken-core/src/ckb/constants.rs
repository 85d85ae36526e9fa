//! The Layer 1 side of a network's constants: the scripts and cell deps the 2021 clients used,
//! and the chain name pw-core chooses its signing form by (L1 §7).

use super::deposit::CollectRules;
use super::pw_lock::WitnessForm;
use super::tx::{CellDep, DepType};
use crate::hex::H256;
use crate::rpc::OutPoint;

/// Layer 1 constants of one network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer1Constants {
    /// What `get_blockchain_info` answers as `chain`.
    pub chain: &'static str,
    /// Type hash of the deposit lock.
    pub deposit_lock_code_hash: H256,
    /// Type hash of the custodian lock.
    pub custodian_lock_code_hash: H256,
    /// Layer 2 account lock code hashes a deposit may create (ETH, TRON).
    pub allowed_eoa_type_hashes: [H256; 2],
    /// The PW-lock code cell.
    pub pw_lock_dep: CellDep,
    /// The secp256k1 dep group PW-lock reads its precomputed table from.
    pub secp256k1_dep_group: CellDep,
    /// The deposit lock code cell.
    pub deposit_lock_dep: CellDep,
    /// The withdrawal lock code cell.
    pub withdrawal_lock_dep: CellDep,
    /// The custodian lock code cell.
    pub custodian_lock_dep: CellDep,
    /// The out points the secp256k1 dep group lists (sighash code and secp data, L1 §11).
    pub secp256k1_group_members: [OutPoint; 2],
    /// The rollup config cell.
    pub rollup_config_dep: CellDep,
}

impl Layer1Constants {
    /// The PW-lock witness form of this chain: the chain byte everywhere but mainnet (L1 §2.4).
    pub fn witness_form(&self) -> WitnessForm {
        if self.chain == "ckb" { WitnessForm::Mainnet } else { WitnessForm::Testnet }
    }

    /// What Godwoken judges deposits of the rollup `rollup_type_hash` by, on this chain.
    pub fn collect_rules<'a>(&'a self, rollup_type_hash: &'a H256) -> CollectRules<'a> {
        CollectRules {
            rollup_type_hash,
            deposit_lock_code_hash: &self.deposit_lock_code_hash,
            custodian_lock_code_hash: &self.custodian_lock_code_hash,
            allowed_eoa_type_hashes: &self.allowed_eoa_type_hashes,
        }
    }
}

fn h256(text: &str) -> H256 {
    // Only called on the literal constants below, which the tests check against the vectors.
    text.parse().unwrap_or(H256::ZERO)
}

fn dep(tx_hash: &str, index: u32, dep_type: DepType) -> CellDep {
    CellDep { out_point: OutPoint { tx_hash: h256(tx_hash), index }, dep_type }
}

/// The 2021 testnet's (Aggron's) Layer 1 constants; also the devnet's.
pub fn testnet_2021_layer1() -> Layer1Constants {
    let genesis = "0x8f8c79eb6671709633fe6a46de93c0fedc9c1b8a6527a18d3983879542635c9f";
    Layer1Constants {
        chain: "ckb_testnet",
        deposit_lock_code_hash: h256("0x5a2506bb68d81a11dcadad4cb7eae62a17c43c619fe47ac8037bc8ce2dd90360"),
        custodian_lock_code_hash: h256("0x50fde68430caf9b2cb856cdecf9f35ea46f369ec02aa88d3237ca88620193fa0"),
        allowed_eoa_type_hashes: [
            h256("0xdeec13a7b8e100579541384ccaf4b5223733e4a5483c3aec95ddc4c1d5ea5b22"),
            h256("0x28380fadb43a6f139d61a2509b69ecd2fbb2f61847ef6d39371b4f906c151ab5"),
        ],
        pw_lock_dep: dep("0x57a62003daeab9d54aa29b944fc3b451213a5ebdf2e232216a3cfed0dde61b38", 0, DepType::Code),
        secp256k1_dep_group: dep(
            "0xf8de3bb47d055cdf460d93a2a6e1b05f7432f9777c8c474abf4eec1d4aee5d37",
            0,
            DepType::DepGroup,
        ),
        deposit_lock_dep: dep("0x97614145cdec9ba924001c11cd49f1c424927437b40ed3ca3b82fff358f2e3de", 0, DepType::Code),
        withdrawal_lock_dep: dep("0xb4b07dcd1571ac18683b515ada40e13b99bd0622197b6817047adc9f407f4828", 0, DepType::Code),
        custodian_lock_dep: dep("0x2f18c40ccf63191b4e0234607139aa9cfe7cc20e90e630efd768788e5721965d", 0, DepType::Code),
        secp256k1_group_members: [OutPoint { tx_hash: h256(genesis), index: 1 }, OutPoint { tx_hash: h256(genesis), index: 3 }],
        rollup_config_dep: dep("0x1377bbb66cc242a50c190ff754f7dba09ca8ecb6766df38c567242b88e2ca18b", 0, DepType::Code),
    }
}
