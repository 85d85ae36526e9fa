//! What an owner sends on Layer 1 besides deposits: the Unlock of a final withdrawal (manual
//! release) and the cancel of a deposit Godwoken left; which cell, where the attempt stands, and
//! the signed transaction to send again while its fate is unknown.

use godwoken_core::ckb::Transaction;
use godwoken_core::rpc::OutPoint;

use crate::services::layer1::{Layer1Error, Sent};

/// Which transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OwnerAction {
    /// Releases a final withdrawal to the owner.
    #[default]
    Unlock,
    /// Takes a deposit back after its cancel timeout.
    CancelDeposit,
}

impl OwnerAction {
    /// Its name in sentences.
    fn name(self) -> &'static str {
        match self {
            OwnerAction::Unlock => "Unlock",
            OwnerAction::CancelDeposit => "cancel of the deposit",
        }
    }
}

/// Where the last action stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ActionStage {
    /// None asked.
    #[default]
    Idle,
    /// Reading the cells it needs, then waiting for the wallet.
    Signing,
    /// Sending it.
    Sending,
    /// The CKB node has it (from this send, or an earlier one): the CKB are the owner's with the
    /// next Layer 1 block.
    Sent(Sent),
    /// Ended without the node taking it, or of unknown fate (its words say which).
    Failed(Layer1Error),
}

/// The last action: what, on which cell, its stage and its attempt (a repeated outcome is
/// announced again).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionState {
    /// Which transaction.
    pub action: OwnerAction,
    /// The cell it spends (the withdrawal or the deposit).
    pub cell: Option<OutPoint>,
    /// Its stage.
    pub stage: ActionStage,
    /// Increases with each action.
    pub attempt: u64,
    /// The signed transaction whose fate is unknown (the node's answer was lost): the next action
    /// on the same cell sends it again as it is, never a new one.
    pub unsure: Option<Transaction>,
}

impl ActionState {
    /// Whether an action is in flight (every Unlock and Cancel button is off).
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, ActionStage::Signing | ActionStage::Sending)
    }

    /// The signed transaction to send again instead of building one for `cell`, if its fate is
    /// unknown.
    pub fn resend_for(&self, cell: &OutPoint) -> Option<Transaction> {
        self.unsure.clone().filter(|_| self.cell.as_ref() == Some(cell))
    }

    /// The cell whose transaction of unknown fate the next click sends again.
    pub fn unsure_cell(&self) -> Option<&OutPoint> {
        self.unsure.as_ref().and(self.cell.as_ref())
    }

    /// The cell of the action in flight.
    pub fn busy_cell(&self) -> Option<OutPoint> {
        self.is_busy().then(|| self.cell.clone()).flatten()
    }

    /// What the status region says about it.
    pub fn announcement(&self) -> Option<String> {
        let name = self.action.name();
        Some(match &self.stage {
            ActionStage::Idle => return None,
            ActionStage::Signing => format!("Sign the {name} in your wallet."),
            ActionStage::Sending => format!("Sending the {name} to the CKB node…"),
            ActionStage::Sent(Sent { hash, earlier: false }) => {
                format!("The CKB node took the {name}: Layer 1 transaction {hash}. The CKB are yours on Layer 1 with the next Layer 1 block.")
            }
            ActionStage::Sent(Sent { hash, earlier: true }) => format!(
                "The {name} was already sent: the CKB node has had Layer 1 transaction {hash} since the earlier send, so nothing was sent twice. The CKB are yours on Layer 1 with the next Layer 1 block."
            ),
            ActionStage::Failed(error) => format!("The {name} failed: {error}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use godwoken_core::H256;

    #[test]
    fn each_stage_in_words() {
        let mut state = ActionState { action: OwnerAction::CancelDeposit, cell: Some(OutPoint { tx_hash: H256([1; 32]), index: 0 }), ..ActionState::default() };
        assert_eq!(state.announcement(), None);
        state.stage = ActionStage::Signing;
        assert_eq!(state.announcement().as_deref(), Some("Sign the cancel of the deposit in your wallet."));
        assert_eq!(state.busy_cell(), state.cell);
        state.stage = ActionStage::Failed(Layer1Error::NoOwnerCell);
        assert!(state.announcement().is_some_and(|text| text.starts_with("The cancel of the deposit failed: Cancelling a deposit needs")));
        assert_eq!(state.busy_cell(), None, "nothing in flight");
        state = ActionState { action: OwnerAction::Unlock, stage: ActionStage::Sent(Sent { hash: H256([2; 32]), earlier: false }), ..state };
        assert!(state.announcement().is_some_and(|text| text.starts_with("The CKB node took the Unlock: Layer 1 transaction 0x0202")));
        state.stage = ActionStage::Sent(Sent { hash: H256([2; 32]), earlier: true });
        assert!(state.announcement().is_some_and(|text| text.starts_with("The Unlock was already sent: the CKB node has had Layer 1 transaction 0x0202")));
    }

    #[test]
    fn a_transaction_of_unknown_fate_is_sent_again_for_its_cell_only() {
        let cell = OutPoint { tx_hash: H256([1; 32]), index: 0 };
        let tx = Transaction::default();
        let hash = tx.hash();
        let cause = crate::rpc::RpcError::Malformed { detail: "reset".into() };
        let state = ActionState {
            action: OwnerAction::Unlock,
            cell: Some(cell.clone()),
            stage: ActionStage::Failed(Layer1Error::OutcomeUnknown { cause, hash }),
            attempt: 1,
            unsure: Some(tx.clone()),
        };
        assert_eq!(state.resend_for(&cell), Some(tx));
        assert_eq!(state.resend_for(&OutPoint { index: 1, ..cell }), None, "another cell gets its own transaction");
        assert_eq!(ActionState { unsure: None, ..state }.resend_for(&OutPoint { tx_hash: H256([1; 32]), index: 0 }), None);
    }
}
