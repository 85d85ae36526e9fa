//! The withdrawal submission as a state machine: one attempt at a time, stray or late events
//! ignored, every failure ends the busy state with a reason.

use godwoken_core::H256;

/// Where the current attempt is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
        /// What happened and what to do, in words.
        reason: String,
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
            Stage::Failed { reason } => Some(reason.clone()),
        }
    }
}

/// The submission with the number of its attempt, so that a late answer to an abandoned attempt
/// (the user switched account or network meanwhile) cannot change the current one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Submission {
    /// The attempt events must name.
    pub attempt: u64,
    /// Its stage.
    pub stage: Stage,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        reason: String,
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
            (stage, Event::Failed { attempt, reason }) if same(attempt) && stage.is_busy() => Stage::Failed { reason },
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
        assert_eq!(reset.apply(Event::Failed { attempt: 1, reason: "late".into() }), reset);
    }

    #[test]
    fn failures_end_the_busy_state_with_the_reason() {
        let s = Submission::default().apply(Event::Start);
        let failed = s.apply(Event::Failed { attempt: 1, reason: "You cancelled the signature.".into() });
        assert!(!failed.stage.is_busy());
        assert_eq!(failed.stage.announcement().as_deref(), Some("You cancelled the signature."));
        // And the user can try again.
        assert_eq!(failed.apply(Event::Start).stage, Stage::Preparing);
        // A failure after success is ignored.
        let done = Submission { attempt: 3, stage: Stage::Succeeded { hash: H256::ZERO } };
        assert_eq!(done.apply(Event::Failed { attempt: 3, reason: "x".into() }), done);
    }
}
