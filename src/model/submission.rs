//! The withdrawal submission as a state machine: one attempt at a time, stray or late events
//! ignored, every failure ends the busy state with a typed reason, put in words only when shown.

use godwoken_core::eth::EthAddress;
use godwoken_core::withdrawal::WalletSignatureError;
use godwoken_core::H256;

use crate::model::network_check::ConstantsMismatch;
use crate::rpc::RpcError;
use crate::wallet::WalletError;

/// Why an attempt to withdraw ended without the node taking the request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WithdrawError {
    /// The node's constants were not confirmed: nothing may be signed for it.
    #[error("The node has not been confirmed to belong to the selected network, so signing is disabled. Retry the node check or choose another network.")]
    NodeNotConfirmed,
    /// The node answered the check before signing with another rollup's constants.
    #[error(transparent)]
    Mismatch(#[from] ConstantsMismatch),
    /// An earlier request's fate is not known yet: building another could withdraw twice.
    #[error(
        "It is not known yet whether the node took your previous request ({0}), so no new one is built: it could withdraw twice. \
         The page keeps asking the node and will let you withdraw as soon as it answers."
    )]
    PreviousUnconfirmed(H256),
    /// The wallet's account is no longer the one the page shows.
    #[error("Your wallet's account is no longer {0}. Switch back to it in the wallet, or reconnect.")]
    AccountSwitched(EthAddress),
    /// The wallet refused or failed.
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// The wallet's signature cannot go into a request.
    #[error(transparent)]
    Signature(#[from] WalletSignatureError),
    /// The node could not be asked (before anything was sent), or refused the request.
    #[error(transparent)]
    Node(#[from] RpcError),
    /// The user cancelled, or switched account or network, while the wallet was open.
    #[error("This request was cancelled before it was sent.")]
    Cancelled,
    /// The node took a request but named another hash.
    #[error("The node returned withdrawal hash {returned} but the request's hash is {expected}.")]
    HashMismatch {
        /// What the node answered.
        returned: H256,
        /// The hash of the request that was sent.
        expected: H256,
    },
    /// The answer was lost and the node does not know the request: nothing was withdrawn.
    #[error("{0} The request did not reach the node; nothing was withdrawn. You can try again.")]
    NotReceived(RpcError),
    /// The answer was lost and the node could not be asked: the request may have been taken.
    #[error("{cause} It is not known whether the node received the request ({hash}); check \"Fetch pending withdrawal requests\" before trying again.")]
    OutcomeUnknown {
        /// Why the answer was lost.
        cause: RpcError,
        /// The request's hash, to look for.
        hash: H256,
    },
}

/// Where the current attempt is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Stage {
    /// Nothing in flight.
    #[default]
    Idle,
    /// Reading the account's nonce and the node's constants.
    Preparing,
    /// The wallet shows the message; waiting for the user.
    AwaitingSignature {
        /// The 32-byte message.
        message: H256,
    },
    /// Sending the signed request to the node.
    Submitting,
    /// The node accepted the request.
    Succeeded {
        /// The withdrawal hash.
        hash: H256,
    },
    /// The attempt failed.
    Failed {
        /// What happened (turned into words by its `Display`).
        error: WithdrawError,
    },
}

impl Stage {
    /// Whether an attempt is in flight (the button is disabled).
    pub fn is_busy(&self) -> bool {
        matches!(self, Stage::Preparing | Stage::AwaitingSignature { .. } | Stage::Submitting)
    }

    /// What the status region announces.
    pub fn announcement(&self) -> Option<String> {
        match self {
            Stage::Idle => None,
            Stage::Preparing => Some("Preparing the withdrawal request…".into()),
            Stage::AwaitingSignature { .. } => {
                Some("Please sign the withdrawal request in your wallet.".into())
            }
            Stage::Submitting => Some("Sending the signed withdrawal request…".into()),
            Stage::Succeeded { .. } => Some("Success! Withdrawal request sent.".into()),
            Stage::Failed { error } => Some(error.to_string()),
        }
    }
}

/// The submission with the number of its attempt, so that a late answer to an abandoned attempt
/// (the user switched account or network meanwhile) cannot change the current one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Submission {
    /// The attempt events must name.
    pub attempt: u64,
    /// Its stage.
    pub stage: Stage,
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The user clicked the button.
    Start,
    /// The message is computed and the wallet asked.
    SignatureRequested {
        /// Attempt.
        attempt: u64,
        /// The message.
        message: H256,
    },
    /// The wallet signed; sending.
    Signed {
        /// Attempt.
        attempt: u64,
    },
    /// The node accepted.
    Accepted {
        /// Attempt.
        attempt: u64,
        /// Withdrawal hash.
        hash: H256,
    },
    /// Something failed.
    Failed {
        /// Attempt.
        attempt: u64,
        /// Why.
        error: WithdrawError,
    },
    /// Account or network changed: abandon whatever is in flight.
    Reset,
}

impl Submission {
    /// The next state. Events of another attempt, or out of order, change nothing.
    pub fn apply(&self, event: Event) -> Submission {
        let same = |attempt: u64| attempt == self.attempt;
        let stage = match (&self.stage, event) {
            (stage, Event::Start) if stage.is_busy() => return self.clone(),
            (_, Event::Start) => return Submission { attempt: self.attempt + 1, stage: Stage::Preparing },
            (_, Event::Reset) => return Submission { attempt: self.attempt + 1, stage: Stage::Idle },
            (Stage::Preparing, Event::SignatureRequested { attempt, message }) if same(attempt) => {
                Stage::AwaitingSignature { message }
            }
            (Stage::AwaitingSignature { .. }, Event::Signed { attempt }) if same(attempt) => Stage::Submitting,
            (Stage::Submitting, Event::Accepted { attempt, hash }) if same(attempt) => Stage::Succeeded { hash },
            (stage, Event::Failed { attempt, error }) if same(attempt) && stage.is_busy() => Stage::Failed { error },
            _ => return self.clone(),
        };
        Submission { attempt: self.attempt, stage }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path() {
        let s = Submission::default().apply(Event::Start);
        assert_eq!((s.attempt, &s.stage), (1, &Stage::Preparing));
        assert!(s.stage.is_busy());
        let s = s.apply(Event::SignatureRequested { attempt: 1, message: H256([7; 32]) });
        let s = s.apply(Event::Signed { attempt: 1 });
        assert_eq!(s.stage, Stage::Submitting);
        let s = s.apply(Event::Accepted { attempt: 1, hash: H256([9; 32]) });
        assert_eq!(s.stage, Stage::Succeeded { hash: H256([9; 32]) });
        assert_eq!(s.stage.announcement().as_deref(), Some("Success! Withdrawal request sent."));
        assert!(!s.stage.is_busy());
    }

    #[test]
    fn errors_keep_their_kind_and_read_as_before() {
        let hash = H256([9; 32]);
        let cause = RpcError::Timeout { url: "http://127.0.0.1:8024/rpc".into() };
        let unknown = WithdrawError::OutcomeUnknown { cause: cause.clone(), hash };
        assert!(unknown.to_string().starts_with(&cause.to_string()));
        assert!(unknown.to_string().contains(&format!("({hash}); check \"Fetch pending withdrawal requests\" before trying again.")));
        assert_eq!(
            WithdrawError::Cancelled.to_string(),
            "This request was cancelled before it was sent."
        );
        // A cancelled signature and a dead node are told apart by kind, not by text.
        assert!(matches!(WithdrawError::from(WalletError::Rejected), WithdrawError::Wallet(WalletError::Rejected)));
        assert!(matches!(WithdrawError::from(cause), WithdrawError::Node(RpcError::Timeout { .. })));
    }

    #[test]
    fn double_clicks_and_stray_events_change_nothing() {
        let busy = Submission::default().apply(Event::Start);
        assert_eq!(busy.apply(Event::Start), busy, "a second click while busy");
        let waiting = busy.apply(Event::SignatureRequested { attempt: 1, message: H256::ZERO });
        // A wallet that answers twice: the second answer is out of order and ignored.
        let submitting = waiting.apply(Event::Signed { attempt: 1 });
        assert_eq!(submitting.apply(Event::Signed { attempt: 1 }), submitting);
        // A late answer of an abandoned attempt.
        let reset = submitting.apply(Event::Reset);
        assert_eq!(reset.stage, Stage::Idle);
        assert_eq!(reset.apply(Event::Accepted { attempt: 1, hash: H256::ZERO }), reset);
        assert_eq!(reset.apply(Event::Failed { attempt: 1, error: WithdrawError::Cancelled }), reset);
    }

    #[test]
    fn failures_end_the_busy_state_with_the_reason() {
        let s = Submission::default().apply(Event::Start);
        let failed = s.apply(Event::Failed { attempt: 1, error: WithdrawError::Wallet(WalletError::Rejected) });
        assert!(!failed.stage.is_busy());
        assert_eq!(failed.stage.announcement().as_deref(), Some("You cancelled the request in your wallet. Nothing was signed or sent."));
        // And the user can try again.
        assert_eq!(failed.apply(Event::Start).stage, Stage::Preparing);
        // A failure after success is ignored.
        let done = Submission { attempt: 3, stage: Stage::Succeeded { hash: H256::ZERO } };
        assert_eq!(done.apply(Event::Failed { attempt: 3, error: WithdrawError::Cancelled }), done);
    }
}
