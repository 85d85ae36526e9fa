//! The faucet's state: idle, asking, paid or failed, with the attempt that each outcome belongs to.

use crate::services::faucet::FaucetError;

/// Where the last faucet request stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FaucetStage {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// Waiting for the devnet.
    Asking,
    /// Paid.
    Paid,
    /// Refused or unanswered.
    Failed(FaucetError),
}

/// The faucet with its attempt counter (a repeated outcome is announced again).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faucet {
    /// Increases with each request.
    pub attempt: u64,
    /// Its stage.
    pub stage: FaucetStage,
}

impl Faucet {
    /// Whether a request is in flight (the button is off).
    pub fn is_busy(&self) -> bool {
        self.stage == FaucetStage::Asking
    }

    /// What the status region says about it.
    pub fn announcement(&self) -> Option<String> {
        match &self.stage {
            FaucetStage::Idle => None,
            FaucetStage::Asking => Some("Asking the devnet faucet for 1,000 CKB…".to_owned()),
            FaucetStage::Paid => Some("The devnet faucet sent 1,000 CKB to your Layer 1 address.".to_owned()),
            FaucetStage::Failed(error) => Some(error.to_string()),
        }
    }
}
