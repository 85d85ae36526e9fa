//! Who is who: the Layer 2 account script of an ETH address and the Layer 1 owner lock (spec §2).

use crate::eth::EthAddress;
use crate::hex::H256;
use crate::mol::Script;
use crate::network::NetworkConstants;

/// The Layer 2 account script of `address`: ETH account lock, args `rollup_type_hash ‖ address`.
pub fn account_script(constants: &NetworkConstants, address: &EthAddress) -> Script {
    let mut args = Vec::with_capacity(52);
    args.extend_from_slice(&constants.rollup_type_hash.0);
    args.extend_from_slice(&address.0);
    Script::of_type(constants.eth_account_lock_code_hash, args)
}

/// `ckb_hash` of the account script: what a withdrawal request names as its account.
pub fn account_script_hash(constants: &NetworkConstants, address: &EthAddress) -> H256 {
    account_script(constants, address).hash()
}

/// The "short address" of an account: the first 20 bytes of its script hash.
pub fn short_address(script_hash: &H256) -> [u8; 20] {
    let mut out = [0u8; 20];
    out.copy_from_slice(&script_hash.0[..20]);
    out
}

/// The Layer 1 PW-lock of `address`: where withdrawn funds arrive.
pub fn owner_lock(constants: &NetworkConstants, address: &EthAddress) -> Script {
    Script::of_type(constants.pw_lock_code_hash, address.0.to_vec())
}

/// `ckb_hash` of the owner lock.
pub fn owner_lock_hash(constants: &NetworkConstants, address: &EthAddress) -> H256 {
    owner_lock(constants, address).hash()
}

/// The ETH address an account script belongs to, if it is an ETH account of this rollup.
pub fn eth_address_of_account_script(
    constants: &NetworkConstants,
    script: &Script,
) -> Option<EthAddress> {
    let args = script.args.as_ref();
    let is_eth_account = script.code_hash == constants.eth_account_lock_code_hash
        && script.hash_type == crate::mol::HashType::Type
        && args.len() == 52
        && args[..32] == constants.rollup_type_hash.0;
    is_eth_account.then(|| {
        let mut out = [0u8; 20];
        out.copy_from_slice(&args[32..]);
        EthAddress(out)
    })
}
