//! Loading the account: Layer 2 id, balance and nonce, the Layer 1 address and balance, and the
//! deposits still on Layer 1.

use godwoken_core::account::{account_script_hash, owner_lock, short_address};
use godwoken_core::address::encode_address;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::owner_cells_search_key;

use crate::model::account::AccountInfo;
use crate::rpc::{NodeClient, RpcError, Transport};
use crate::services::deposit::live_deposits;

/// Reads everything the account view shows.
pub async fn load_account<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, address: EthAddress) -> Result<AccountInfo, RpcError> {
    let constants = &network.constants;
    let script_hash = account_script_hash(constants, &address);
    let account_id = client.account_id(&script_hash).await?;
    let (balance, nonce) = match account_id {
        Some(id) => (client.ckb_balance(&short_address(&script_hash), constants.ckb_sudt_id).await?, client.nonce(id).await?),
        None => (0, 0),
    };
    let layer1 = client.cells_capacity(&owner_cells_search_key(constants, &address)).await?;
    let deposits = live_deposits(client, network, &address).await;
    Ok(AccountInfo {
        address,
        script_hash,
        account_id,
        balance,
        nonce,
        layer1_address: encode_address(network.address_prefix, &owner_lock(constants, &address)),
        layer1_balance: layer1.capacity,
        deposits,
    })
}
