//! The one outcome model of every submission the page makes (a withdrawal request, a deposit, an
//! Unlock, a cancel; #17): accepted only when the node's own answer proves it (the right hash, or
//! the submission found by its hash), refused when the node says so and does not have it, and
//! otherwise not received or unknown, never guessed.

use std::future::Future;

use godwoken_core::H256;

use crate::rpc::RpcError;

/// What became of a submission of `hash`.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The node has it.
    Accepted(H256),
    /// The node refused it as one it already has: it was sent before (an answer lost, the page
    /// reloaded), and this send changed nothing.
    AlreadyKnown(H256),
    /// The node refused it, and does not have it.
    Refused(RpcError),
    /// The answer was lost and the node does not have it: nothing was taken.
    NotReceived(RpcError),
    /// The answer was lost and the node could not be asked: it may or may not have it.
    Unknown {
        /// Why the answer was lost.
        cause: RpcError,
        /// The submission's hash.
        hash: H256,
    },
    /// The node answered with another hash: it took something, not provably this.
    HashMismatch {
        /// What the node said.
        returned: H256,
        /// The submission's hash.
        expected: H256,
    },
}

/// Decides the outcome of submitting `hash` from the node's `answer`; whenever the answer does not
/// prove it (a refusal may be of a submission sent again; a lost answer may hide an acceptance),
/// the node is asked with `find` (`Ok(true)`: it has it) before anything is said.
pub async fn settle<F, Fut>(answer: Result<H256, RpcError>, hash: H256, find: F) -> Outcome
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<bool, RpcError>>,
{
    match answer {
        Ok(returned) if returned == hash => Outcome::Accepted(hash),
        Ok(returned) => Outcome::HashMismatch { returned, expected: hash },
        Err(refusal @ RpcError::Node(_)) => match find().await {
            Ok(true) => Outcome::AlreadyKnown(hash),
            _ => Outcome::Refused(refusal),
        },
        Err(cause) => match find().await {
            Ok(true) => Outcome::Accepted(hash),
            Ok(false) => Outcome::NotReceived(cause),
            Err(_) => Outcome::Unknown { cause, hash },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::NodeError;

    /// Runs a future that never waits (the lookups below answer at once).
    fn now<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the lookup waited"),
        }
    }

    fn lost() -> RpcError {
        RpcError::Malformed { detail: "connection reset".into() }
    }

    #[test]
    fn only_the_nodes_own_answer_makes_an_acceptance() {
        let hash = H256([1; 32]);
        let refusal = RpcError::Node(NodeError { code: -301, message: "Dead".into() });
        let never = || async { panic!("no lookup needed") };
        assert_eq!(now(settle(Ok(hash), hash, never)), Outcome::Accepted(hash));
        assert_eq!(now(settle(Ok(H256([2; 32])), hash, never)), Outcome::HashMismatch { returned: H256([2; 32]), expected: hash });
        // A refusal of something the node has (sent again): already known; otherwise refused.
        assert_eq!(now(settle(Err(refusal.clone()), hash, || async { Ok(true) })), Outcome::AlreadyKnown(hash));
        assert_eq!(now(settle(Err(refusal.clone()), hash, || async { Ok(false) })), Outcome::Refused(refusal.clone()));
        assert_eq!(now(settle(Err(refusal.clone()), hash, || async { Err(lost()) })), Outcome::Refused(refusal));
        // A lost answer: looked up before anything is said.
        assert_eq!(now(settle(Err(lost()), hash, || async { Ok(true) })), Outcome::Accepted(hash));
        assert_eq!(now(settle(Err(lost()), hash, || async { Ok(false) })), Outcome::NotReceived(lost()));
        assert_eq!(now(settle(Err(lost()), hash, || async { Err(lost()) })), Outcome::Unknown { cause: lost(), hash });
    }
}
