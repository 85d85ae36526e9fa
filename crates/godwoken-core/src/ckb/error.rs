//! Why a CKB node refuses a transaction, with CKB v0.101's JSON-RPC codes and texts (L1 §3.3):
//! one error enum for the Layer 1 node boundary, turned into its wire words only by
//! [`TxError::message`] and [`TxError::data`].

use crate::hex::{encode, H256};
use crate::rpc::OutPoint;

/// The pool's default minimum fee rate, shannons per 1 000 bytes.
pub const MIN_FEE_RATE: u64 = 1000;
/// The largest transaction a block can hold (CKB's block size limit).
pub const MAX_TX_SIZE: u64 = 597_000;

/// Which part of a transaction a structural error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `inputs`.
    Inputs,
    /// `outputs`.
    Outputs,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Inputs => "Inputs",
            Source::Outputs => "Outputs",
        }
    }
}

/// Which script of a cell failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptRole {
    /// The lock of an input.
    Lock,
    /// The type of an input or output.
    Type,
}

/// A refusal of `send_transaction`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxError {
    /// No inputs or no outputs.
    #[error("the transaction has no {}", .0.name().to_lowercase())]
    Empty(Source),
    /// `outputs_data` and `outputs` differ in length.
    #[error("{outputs_data} outputs data for {outputs} outputs")]
    OutputsDataLengthMismatch {
        /// Outputs.
        outputs: usize,
        /// Outputs data.
        outputs_data: usize,
    },
    /// The same cell dep twice.
    #[error("cell dep {0:?} appears twice")]
    DuplicateCellDeps(OutPoint),
    /// The same header dep twice.
    #[error("header dep {0} appears twice")]
    DuplicateHeaderDeps(H256),
    /// `version` is not 0.
    #[error("version {0} is not 0")]
    MismatchedVersion(u32),
    /// Larger than a block.
    #[error("the transaction is {0} bytes, larger than a block")]
    TooLarge(u64),
    /// An output below its occupied capacity.
    #[error("output {index} holds less than it occupies")]
    InsufficientCellCapacity {
        /// Output index.
        index: usize,
        /// Occupied shannons.
        occupied: u64,
        /// Its capacity.
        capacity: u64,
    },
    /// The same transaction is already in the pool.
    #[error("already in the pool")]
    Duplicated(H256),
    /// An input or dep that is unknown or spent on chain.
    #[error("unknown cell")]
    Unknown(OutPoint),
    /// An input or dep spent by a transaction in the pool.
    #[error("cell spent by a pending transaction")]
    Dead(OutPoint),
    /// Fee below the minimum.
    #[error("fee too low")]
    LowFee {
        /// The least fee.
        min: u64,
        /// The fee paid.
        fee: u64,
    },
    /// Outputs hold more than the inputs.
    #[error("outputs exceed inputs")]
    OutputsSumOverflow {
        /// Σ inputs.
        inputs: u64,
        /// Σ outputs.
        outputs: u64,
    },
    /// A `since` with invalid flags.
    #[error("input {0} has an invalid since")]
    InvalidSince(usize),
    /// A `since` not yet satisfied.
    #[error("input {0} is immature")]
    Immature(usize),
    /// A script group failed.
    #[error("script of {} {index} failed with {exit_code}", if *.output { "output" } else { "input" })]
    Script {
        /// The group's first input (or output, for output type scripts).
        index: usize,
        /// Whether `index` is an output index.
        output: bool,
        /// Lock or type.
        role: ScriptRole,
        /// The script's code hash (names its error-code page).
        code_hash: H256,
        /// Its exit code.
        exit_code: i32,
    },
    /// The default outputs validator refused an output lock.
    #[error("output {0} has a lock that is not well known")]
    NotWellKnownLockScript(usize),
}

/// CKB's debug form of an out point: `OutPoint(0x<tx_hash><index as u32 LE>)`.
fn out_point_debug(out_point: &OutPoint) -> String {
    format!("OutPoint(0x{}{})", &encode(out_point.tx_hash.0)[2..], &encode(out_point.index.to_le_bytes())[2..])
}

impl TxError {
    /// The JSON-RPC error code.
    pub fn code(&self) -> i64 {
        match self {
            TxError::Unknown(_) | TxError::Dead(_) => -301,
            TxError::Duplicated(_) => -1107,
            TxError::LowFee { .. } => -1104,
            TxError::NotWellKnownLockScript(_) => -1102,
            _ => -302,
        }
    }

    /// The `Transaction(…)` part of a verification failure.
    fn transaction_text(&self) -> Option<String> {
        Some(match self {
            TxError::Empty(source) => format!("Empty({})", source.name()),
            TxError::OutputsDataLengthMismatch { outputs, outputs_data } => format!(
                "OutputsDataLengthMismatch: expected outputs data length ({outputs_data}) = outputs length ({outputs})"
            ),
            TxError::DuplicateCellDeps(out_point) => format!("DuplicateCellDeps({})", out_point_debug(out_point)),
            TxError::DuplicateHeaderDeps(hash) => format!("DuplicateHeaderDeps(Byte32({hash}))"),
            TxError::MismatchedVersion(actual) => format!("MismatchedVersion: expected 0, got {actual}"),
            TxError::TooLarge(actual) => format!(
                "ExceededMaximumBlockBytes: expected transaction serialized size ({actual}) < block size limit ({MAX_TX_SIZE})"
            ),
            TxError::InsufficientCellCapacity { index, occupied, capacity } => format!(
                "InsufficientCellCapacity(Outputs[{index}]): expected occupied capacity ({occupied:#x}) <= capacity ({capacity:#x})"
            ),
            TxError::OutputsSumOverflow { inputs, outputs } => format!(
                "OutputsSumOverflow: expected outputs capacity ({outputs:#x}) <= inputs capacity ({inputs:#x})"
            ),
            TxError::InvalidSince(index) => format!("InvalidSince(Inputs[{index}]): the field since is invalid"),
            TxError::Immature(index) => {
                format!("Immature(Inputs[{index}]): the transaction is immature because of the since requirement")
            }
            _ => return None,
        })
    }

    /// The JSON-RPC error message, as CKB v0.101 words it.
    pub fn message(&self) -> String {
        if let Some(text) = self.transaction_text() {
            return format!("TransactionFailedToVerify: Verification failed Transaction({text})");
        }
        match self {
            TxError::Unknown(out_point) => {
                format!("TransactionFailedToResolve: Resolve failed Unknown({})", out_point_debug(out_point))
            }
            TxError::Dead(out_point) => {
                format!("TransactionFailedToResolve: Resolve failed Dead({})", out_point_debug(out_point))
            }
            TxError::Duplicated(hash) => format!(
                "PoolRejectedDuplicatedTransaction: Transaction(Byte32({hash})) already exist in transaction_pool"
            ),
            TxError::LowFee { min, fee } => format!(
                "PoolRejectedTransactionByMinFeeRate: The min fee rate is {MIN_FEE_RATE} shannons/KB, so the transaction \
                 fee should be {min} shannons at least, but only got {fee}"
            ),
            TxError::NotWellKnownLockScript(_) => "PoolRejectedTransactionByOutputsValidator: The transction is rejected \
                 by OutputsValidator set in params[1]: well_known_scripts_only. Please check the related information in \
                 https://github.com/nervosnetwork/ckb/wiki/Transaction-%C2%BB-Default-Outputs-Validator"
                .to_string(),
            TxError::Script { index, output, role, code_hash, exit_code } => format!(
                "TransactionFailedToVerify: Verification failed Script(TransactionScriptError {{ source: {}[{index}].{}, \
                 cause: ValidationFailure: see the error code {exit_code} in the page \
                 https://nervosnetwork.github.io/ckb-script-error-codes/by-type-hash/{}.html#{exit_code} }})",
                if *output { "Outputs" } else { "Inputs" },
                match role {
                    ScriptRole::Lock => "Lock",
                    ScriptRole::Type => "Type",
                },
                &encode(code_hash.0)[2..],
            ),
            // Every other variant has a `Transaction(…)` text above.
            _ => format!("TransactionFailedToVerify: Verification failed {self}"),
        }
    }

    /// The JSON-RPC error `data`, where CKB's is known (L1 §3.3, §11).
    pub fn data(&self) -> Option<String> {
        match self {
            TxError::Unknown(out_point) => Some(format!("Resolve(Unknown({}))", out_point_debug(out_point))),
            TxError::Dead(out_point) => Some(format!("Resolve(Dead({}))", out_point_debug(out_point))),
            TxError::Duplicated(hash) => Some(format!("Duplicated(Byte32({hash}))")),
            TxError::NotWellKnownLockScript(index) => {
                Some(format!("\"output index: {index}, error: NotWellKnownLockScript\""))
            }
            _ => None,
        }
    }
}
