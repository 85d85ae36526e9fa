//! The Unlock of a final withdrawal (manual release): which cell, and where the attempt stands.

use godwoken_core::rpc::OutPoint;
use godwoken_core::H256;

use crate::services::layer1::Layer1Error;

/// Where the last Unlock stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum UnlockStage {
    /// None asked.
    #[default]
    Idle,
    /// Reading the rollup cell and a fee cell, then waiting for the wallet.
    Signing,
    /// Sending it.
    Sending,
    /// The CKB node has it: the CKB are the owner's with the next Layer 1 block.
    Sent(H256),
    /// Ended without the node taking it, or of unknown fate (its words say which).
    Failed(Layer1Error),
}

/// The last Unlock: the withdrawal cell it spends, its stage, and its attempt (a repeated
/// outcome is announced again).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unlock {
    /// The withdrawal cell.
    pub cell: Option<OutPoint>,
    /// Its stage.
    pub stage: UnlockStage,
    /// Increases with each Unlock.
    pub attempt: u64,
}

impl Unlock {
    /// Whether an Unlock is in flight (every Unlock button is off).
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, UnlockStage::Signing | UnlockStage::Sending)
    }

    /// What the status region says about it.
    pub fn announcement(&self) -> Option<String> {
        Some(match &self.stage {
            UnlockStage::Idle => return None,
            UnlockStage::Signing => "Sign the Unlock in your wallet.".to_owned(),
            UnlockStage::Sending => "Sending the Unlock to the CKB node…".to_owned(),
            UnlockStage::Sent(hash) => format!("Unlock sent: Layer 1 transaction {hash}. The CKB are yours on Layer 1 with the next Layer 1 block."),
            UnlockStage::Failed(error) => format!("Unlock failed: {error}"),
        })
    }
}
