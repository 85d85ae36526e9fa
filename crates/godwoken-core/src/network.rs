//! The networks the page knows: the 2021 testnet and mainnet (offline since 2025, kept for
//! fidelity) and the local devnet, which runs with the 2021 testnet's constants (spec §7).

use crate::address::AddressPrefix;
use crate::hex::H256;
use crate::mol::Script;

crate::wire::wire_struct! {
    /// The on-chain constants that decide every byte of a withdrawal.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NetworkConstants {
        /// Hash of the rollup cell's type script; prefixes the signing message and the lock args.
        rollup_type_hash: H256,
        /// The rollup cell's type script (its hash is `rollup_type_hash`).
        rollup_type_script: Script,
        /// Code hash of the ETH account lock (Layer 2 accounts).
        eth_account_lock_code_hash: H256,
        /// Code hash of the withdrawal lock (Layer 1 withdrawal cells).
        withdrawal_lock_code_hash: H256,
        /// Code hash of PW-lock (the Layer 1 owner of withdrawn funds).
        pw_lock_code_hash: H256,
        /// Layer 2 account id of CKB as an sUDT (1 on every v0 network).
        ckb_sudt_id: u32,
    }
}

crate::wire::wire_enum! {
    /// Which preset a network is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum NetworkKind {
        /// The local devnet (default when the page is served by it).
        Devnet = "devnet",
        /// Godwoken v0 testnet as of 2021.
        Testnet2021 = "testnet2021",
        /// Godwoken v0 mainnet as of 2021.
        Mainnet2021 = "mainnet2021",
        /// A node the user named.
        Custom = "custom",
    }
}

crate::wire::wire_struct! {
    /// Everything the page needs to talk to a network and explain it to the user.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NetworkConfig {
        /// Which preset.
        kind: NetworkKind,
        /// A name for people.
        name: String,
        /// The Godwoken (web3) JSON-RPC endpoint.
        rpc_url: String,
        /// The Layer 1 ckb-indexer endpoint.
        indexer_url: String,
        /// The Layer 1 CKB node endpoint.
        ckb_url: String,
        /// On-chain constants.
        constants: NetworkConstants,
        /// Layer 2 blocks until a withdrawal is final.
        finality_blocks: u64,
        /// Typical Layer 2 block interval, for time estimates; 0 where blocks are made on demand
        /// (a devnet without a block interval), which allows no estimate.
        block_time_ms: u64,
        /// The web3 chain id (not used by v0 signing; shown to the user).
        web3_chain_id: u64,
        /// Prefix of Layer 1 addresses.
        address_prefix: AddressPrefix,
        /// Whether final withdrawals wait for their owner's Unlock transaction (the 2021 networks,
        /// a devnet with `--unlock manual`) rather than being released by the node.
        manual_unlock: bool,
    }
}

/// Withdrawal capacity minimum for a CKB-only withdrawal cell: 265 CKB (spec §4).
pub const MIN_WITHDRAWAL_CAPACITY: u64 = 26_500_000_000;

fn h256(text: &str) -> H256 {
    // Only called on the literal constants below, which the tests check.
    text.parse().unwrap_or(H256::ZERO)
}

fn rollup_type_script(code_hash: &str, args: &str) -> Script {
    Script::of_type(h256(code_hash), h256(args).0.to_vec())
}

/// The 2021 testnet's constants (also the devnet's).
pub fn testnet_2021_constants() -> NetworkConstants {
    NetworkConstants {
        rollup_type_hash: h256("0x4cc2e6526204ae6a2e8fcf12f7ad472f41a1606d5b9624beebd215d780809f6a"),
        rollup_type_script: rollup_type_script(
            "0x5c365147bb6c40e817a2a53e0dec3661f7390cc77f0c02db138303177b12e9fb",
            "0x213743d13048e9f36728c547ab736023a7426e15a3d7d1c82f43ec3b5f266df2",
        ),
        eth_account_lock_code_hash: h256(
            "0xdeec13a7b8e100579541384ccaf4b5223733e4a5483c3aec95ddc4c1d5ea5b22",
        ),
        withdrawal_lock_code_hash: h256(
            "0x170ef156e9f6132dbca6069dfd3e436f7d91c29d3ac7332c4b33e633b6a299b5",
        ),
        pw_lock_code_hash: h256("0x58c5f491aba6d61678b7cf7edf4910b1f5e00ec0cde2f42e0abb4fd9aff25a63"),
        ckb_sudt_id: 1,
    }
}

/// The 2021 mainnet's constants.
pub fn mainnet_2021_constants() -> NetworkConstants {
    NetworkConstants {
        rollup_type_hash: h256("0x40d73f0d3c561fcaae330eabc030d8d96a9d0af36d0c5114883658a350cb9e3b"),
        rollup_type_script: rollup_type_script(
            "0xa9267ff5a16f38aa9382608eb9022883a78e6a40855107bb59f8406cce00e981",
            "0x2d8d67c8d73453c1a6d6d600e491b303910802e0cc90a709da9b15d26c5c48b3",
        ),
        eth_account_lock_code_hash: h256(
            "0x1563080d175bf8ddd44a48e850cecf0c0b4575835756eb5ffd53ad830931b9f9",
        ),
        withdrawal_lock_code_hash: h256(
            "0xf1717ee388b181fcb14352055c00b7ea7cd7c27350ffd1a2dd231e059dde2fed",
        ),
        pw_lock_code_hash: h256("0xbf43c3602455798c1a61a596e0d95278864c552fafe231c063b3fabf97a8febc"),
        ckb_sudt_id: 1,
    }
}

/// The 2021 testnet preset (endpoints offline since 2025).
pub fn testnet_2021() -> NetworkConfig {
    NetworkConfig {
        kind: NetworkKind::Testnet2021,
        name: "Testnet (2021)".into(),
        rpc_url: "https://godwoken-testnet-web3-rpc.ckbapp.dev".into(),
        indexer_url: "https://indexer-testnet.ckb.tools".into(),
        ckb_url: "https://testnet.ckb.dev".into(),
        constants: testnet_2021_constants(),
        finality_blocks: 10_000,
        block_time_ms: 45_000,
        web3_chain_id: 71_393,
        address_prefix: AddressPrefix::Ckt,
        manual_unlock: true,
    }
}

/// The 2021 mainnet preset (endpoints offline since 2025).
pub fn mainnet_2021() -> NetworkConfig {
    NetworkConfig {
        kind: NetworkKind::Mainnet2021,
        name: "Mainnet (2021)".into(),
        rpc_url: "https://mainnet.godwoken.io/rpc".into(),
        indexer_url: "https://indexer.ckb.tools".into(),
        ckb_url: "https://mainnet.ckb.dev".into(),
        constants: mainnet_2021_constants(),
        finality_blocks: 3_600,
        block_time_ms: 45_000,
        web3_chain_id: 71_394,
        address_prefix: AddressPrefix::Ckb,
        manual_unlock: true,
    }
}

/// The local devnet at `base_url` (e.g. `http://127.0.0.1:8024`): testnet constants, fast blocks,
/// withdrawals released by the node (a devnet with `--unlock manual` says otherwise).
pub fn devnet(base_url: &str, finality_blocks: u64, block_time_ms: u64) -> NetworkConfig {
    let base = base_url.trim_end_matches('/');
    NetworkConfig {
        kind: NetworkKind::Devnet,
        name: "Devnet (local)".into(),
        rpc_url: format!("{base}/rpc"),
        indexer_url: format!("{base}/indexer"),
        ckb_url: format!("{base}/ckb"),
        constants: testnet_2021_constants(),
        finality_blocks,
        block_time_ms,
        web3_chain_id: 71_393,
        address_prefix: AddressPrefix::Ckt,
        manual_unlock: false,
    }
}

/// Default devnet settings: block interval and finality.
pub const DEVNET_DEFAULT_BLOCK_TIME_MS: u64 = 1_000;
/// Default devnet finality in blocks.
pub const DEVNET_DEFAULT_FINALITY_BLOCKS: u64 = 60;
/// Default devnet listen address.
pub const DEVNET_DEFAULT_LISTEN: &str = "127.0.0.1:8024";

/// A preset by its command-line name: `devnet`, `testnet` or `mainnet`.
pub fn preset_by_name(name: &str) -> Option<NetworkConfig> {
    match name {
        "devnet" => Some(devnet(
            &format!("http://{DEVNET_DEFAULT_LISTEN}"),
            DEVNET_DEFAULT_FINALITY_BLOCKS,
            DEVNET_DEFAULT_BLOCK_TIME_MS,
        )),
        "testnet" | "testnet-2021" => Some(testnet_2021()),
        "mainnet" | "mainnet-2021" => Some(mainnet_2021()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollup_type_hashes_match_their_scripts() {
        for constants in [testnet_2021_constants(), mainnet_2021_constants()] {
            assert_ne!(constants.rollup_type_hash, H256::ZERO, "constants parse");
            assert_eq!(constants.rollup_type_script.hash(), constants.rollup_type_hash);
        }
    }
}
