//! Layer 1 transactions the page signs (a deposit, an unlock): the wallet's `personal_sign` of
//! the core's message, `send_transaction`, and one outcome model (#17): success only when the
//! node's own answer proves it; a lost answer is looked up with `get_transaction` before anything
//! is said, and while the fate is unknown the signed transaction is kept, to be sent again as it
//! is, never rebuilt.

use godwoken_core::ckb::build::Unsigned;
use godwoken_core::ckb::constants::{testnet_2021_layer1, Layer1Constants};
use godwoken_core::ckb::Transaction;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::{testnet_2021_constants, NetworkConfig};
use godwoken_core::withdrawal::{parse_wallet_signature, WalletSignatureError};
use godwoken_core::H256;

use crate::model::network_check::{check_node_constants, ConstantsMismatch};
use crate::rpc::{NodeClient, RpcError, Transport};
use crate::services::outcome::{settle, Outcome};
use crate::services::Signer;
use crate::wallet::WalletError;

/// Why a Layer 1 transaction (a deposit, an unlock) was not sent, or its fate is not known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Layer1Error {
    /// Layer 1 constants are known for the 2021 testnet (and the devnet) only.
    #[error("Layer 1 transactions from this page work on the devnet and with the 2021 testnet's constants only.")]
    Unsupported,
    /// No plain cell of the owner can pay an Unlock's fee and keep 61 CKB.
    #[error("Unlocking needs a plain Layer 1 cell of at least 61.0001 CKB at your Layer 1 address to pay its fee. Get or send CKB there first.")]
    NoFeeCell,
    /// A cancel needs an input of the owner (the deposit lock's rule), and there is none.
    #[error("Cancelling a deposit needs a plain Layer 1 cell at your Layer 1 address besides the deposit (the deposit lock's rule). Get or send CKB there first.")]
    NoOwnerCell,
    /// The node answered the check right before signing with another rollup's constants.
    #[error(transparent)]
    Mismatch(#[from] ConstantsMismatch),
    /// The wallet now shares another account.
    #[error("Your wallet switched to another account; nothing was signed for {0}. Connect it again.")]
    AccountSwitched(EthAddress),
    /// The wallet refused or failed.
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// The wallet's signature is not 65 bytes of hex.
    #[error("The wallet returned a signature this page cannot use ({0}). Nothing was sent.")]
    BadSignature(#[from] WalletSignatureError),
    /// The user cancelled, or switched account or network, while the wallet was open.
    #[error("Cancelled: nothing was sent.")]
    Cancelled,
    /// The cells could not be read.
    #[error(transparent)]
    Rpc(RpcError),
    /// The node refused the transaction, in CKB's words and what to do about it.
    #[error("The CKB node refused the transaction: {0} {advice}", advice = what_to_do(.0))]
    Refused(RpcError),
    /// The node answered with another transaction's hash.
    #[error("The CKB node answered with transaction {returned}, not {expected}, the one it was sent. The page keeps watching {expected}.")]
    HashMismatch {
        /// What the node said.
        returned: H256,
        /// The transaction's hash.
        expected: H256,
    },
    /// The node had the transaction and no longer has it (dropped from its pool).
    #[error("The CKB node dropped transaction {0} before it reached a block (a cell it spends may have been spent meanwhile). Nothing happened on Layer 1; try again.")]
    Dropped(H256),
    /// The answer was lost and the node does not know the transaction: it was not taken.
    #[error("The transaction did not reach the CKB node ({0}). Nothing was sent; try again.")]
    NotReceived(RpcError),
    /// Another tab of this page signed a deposit that is not settled yet.
    #[error("Another tab of this page has deposit {0} on its way or of unknown fate, so no new one is built. Reload this tab to follow it here.")]
    OtherTab(H256),
    /// The page was reloaded or closed while the transaction was being sent.
    #[error("The page was closed or reloaded while transaction {0} was being sent, so it is not known whether the CKB node took it.")]
    Interrupted(H256),
    /// The answer was lost and the node could not be asked: the transaction may or may not be in.
    #[error("The CKB node's answer was lost ({cause}) and it cannot be asked now. Transaction {hash} may have been sent: the page asks again before anything is re-sent.")]
    OutcomeUnknown {
        /// What went wrong.
        cause: RpcError,
        /// The transaction's hash.
        hash: H256,
    },
}

/// What the user can do about a refusal of `send_transaction` (CKB v0.101's codes and texts, L1 §3.3).
fn what_to_do(error: &RpcError) -> &'static str {
    let RpcError::Node(error) = error else { return "" };
    match error.code {
        -301 => "A Layer 1 cell it spends is already spent or unknown (another transaction used it): close the dialog and try again with your current cells.",
        -1107 => "The node already has this transaction.",
        -1104 => "Its fee is below the node's minimum: try again with more CKB on Layer 1.",
        _ if error.message.contains("Immature") => "It is too early: the timeout has not passed yet on Layer 1. Try again later.",
        -302 => "The node's scripts reject it (the signature, or a rule of the lock): make sure the wallet signs with the connected account, and try again.",
        _ => "Nothing was sent.",
    }
}

/// The Layer 1 constants of `network`, if this page can build deposits there.
pub fn layer1_constants(network: &NetworkConfig) -> Option<Layer1Constants> {
    (network.constants == testnet_2021_constants()).then(testnet_2021_layer1)
}

/// Has the wallet sign `unsigned` (standard `personal_sign` order, message first) for `address`,
/// after checking that the wallet still shares that account. `still_current` is asked once the
/// wallet answers. Returns the signed transaction.
pub async fn sign_transaction(
    unsigned: &Unsigned,
    address: &EthAddress,
    signer: &impl Signer,
    still_current: &dyn Fn() -> bool,
) -> Result<Transaction, Layer1Error> {
    match signer.connected_account().await? {
        Some(current) if current == *address => {}
        _ => return Err(Layer1Error::AccountSwitched(*address)),
    }
    let signature = signer.personal_sign([unsigned.message.to_string(), address.to_lower_hex()]).await?;
    let signature = parse_wallet_signature(&signature)?;
    if !still_current() {
        return Err(Layer1Error::Cancelled);
    }
    Ok(unsigned.signed(&signature))
}

/// Asks the node for its rollup constants again, right before the wallet opens: a node that
/// changed since the page checked it must not receive what is signed for another rollup.
pub async fn recheck_constants<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig) -> Result<(), Layer1Error> {
    let (rollup, lock) = futures_util::join!(client.rollup_type_hash(), client.eth_account_lock_hash());
    check_node_constants(&network.constants, rollup.map_err(Layer1Error::Rpc)?, lock.map_err(Layer1Error::Rpc)?)?;
    Ok(())
}

/// A transaction the CKB node has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Its hash.
    pub hash: H256,
    /// The node had it from an earlier send (sent again after a lost answer or a reload): this
    /// send changed nothing, and the page says so.
    pub earlier: bool,
}

/// Sends a signed transaction (or sends it again: the same bytes, the same hash), its outcome
/// decided as every submission's ([`settle`]). `Ok` only when the node has it.
pub async fn send_signed<T: Transport>(client: &NodeClient<T>, tx: &Transaction) -> Result<Sent, Layer1Error> {
    let hash = tx.hash();
    let answer = client.send_transaction(tx).await;
    match settle(answer, hash, || async { Ok(client.layer1_transaction(&hash).await?.is_some()) }).await {
        Outcome::Accepted(hash) => Ok(Sent { hash, earlier: false }),
        Outcome::AlreadyKnown(hash) => Ok(Sent { hash, earlier: true }),
        Outcome::Refused(refusal) => Err(Layer1Error::Refused(refusal)),
        Outcome::NotReceived(cause) => Err(Layer1Error::NotReceived(cause)),
        Outcome::Unknown { cause, hash } => Err(Layer1Error::OutcomeUnknown { cause, hash }),
        Outcome::HashMismatch { returned, expected } => Err(Layer1Error::HashMismatch { returned, expected }),
    }
}
