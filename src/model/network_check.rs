//! Whether a node belongs to the network the user chose: its rollup constants must match before
//! the page lets anyone sign (a request signed for one rollup must never go to another).

use godwoken_core::network::NetworkConstants;
use godwoken_core::H256;

/// A node's constants that differ from the chosen network's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "This node belongs to another Godwoken network: its {what} is {found}, but the selected network expects {expected}. \
     Signing is disabled; choose the matching network or another node."
)]
pub struct ConstantsMismatch {
    /// Which constant.
    pub what: &'static str,
    /// The network's value.
    pub expected: H256,
    /// The node's value.
    pub found: H256,
}

/// Compares what the node answered to `poly_getRollupTypeHash` and `poly_getEthAccountLockHash`
/// with the chosen network.
pub fn check_node_constants(
    expected: &NetworkConstants,
    rollup_type_hash: H256,
    eth_account_lock_hash: H256,
) -> Result<(), ConstantsMismatch> {
    if rollup_type_hash != expected.rollup_type_hash {
        return Err(ConstantsMismatch {
            what: "rollup type hash",
            expected: expected.rollup_type_hash,
            found: rollup_type_hash,
        });
    }
    if eth_account_lock_hash != expected.eth_account_lock_code_hash {
        return Err(ConstantsMismatch {
            what: "ETH account lock hash",
            expected: expected.eth_account_lock_code_hash,
            found: eth_account_lock_hash,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use godwoken_core::network::{mainnet_2021_constants, testnet_2021_constants};

    #[test]
    fn matches_and_mismatches() {
        let testnet = testnet_2021_constants();
        let mainnet = mainnet_2021_constants();
        assert_eq!(check_node_constants(&testnet, testnet.rollup_type_hash, testnet.eth_account_lock_code_hash), Ok(()));
        let err = check_node_constants(&testnet, mainnet.rollup_type_hash, testnet.eth_account_lock_code_hash)
            .expect_err("mismatch");
        assert_eq!(err.what, "rollup type hash");
        assert!(err.to_string().contains("Signing is disabled"));
        let err = check_node_constants(&testnet, testnet.rollup_type_hash, mainnet.eth_account_lock_code_hash)
            .expect_err("mismatch");
        assert_eq!(err.what, "ETH account lock hash");
    }
}
