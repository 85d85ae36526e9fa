//! The deposit dialog's state ("Create Layer 2 account", "Deposit to Layer 2"): which dialog is
//! open, the amount as typed and what it would build, the cells that can pay, and where the
//! attempt stands. The reducer decides every change; events of another attempt change nothing.

use godwoken_core::amount::{format_ckb, parse_ckb, AmountError};
use godwoken_core::ckb::build::{self, BuildError, Spendable, Unsigned, MIN_CHANGE};
use godwoken_core::ckb::constants::Layer1Constants;
use godwoken_core::ckb::deposit::{DepositRejection, CANCEL_TIMEOUT_2021, MIN_CKB_DEPOSIT};
use godwoken_core::ckb::Transaction;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConstants;
use godwoken_core::json::{member, FromJson, Json, JsonError, ObjectWriter, ToJson};
use godwoken_core::H256;

use crate::rpc::RpcError;
use crate::services::layer1::Layer1Error;

/// The amount the field starts with (the 2021 page's deposit).
pub const DEFAULT_DEPOSIT_CKB: &str = "400";

/// Which dialog: the first deposit creates the account, later ones add to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DepositPurpose {
    /// No Layer 2 account yet.
    #[default]
    CreateAccount,
    /// The account exists.
    TopUp,
}

impl DepositPurpose {
    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            DepositPurpose::CreateAccount => "Create Nervos Layer 2 Account",
            DepositPurpose::TopUp => "Deposit to Layer 2",
        }
    }

    /// The button that signs and sends.
    pub fn confirm_label(self) -> &'static str {
        match self {
            DepositPurpose::CreateAccount => "Create account",
            DepositPurpose::TopUp => "Deposit",
        }
    }
}

/// Why the amount typed cannot be deposited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepositProblem {
    /// Not a CKB amount at all.
    #[error("{0}")]
    Unparsable(AmountError),
    /// Below what Godwoken collects (L1 §4.3).
    #[error("A deposit must be at least {} CKB: Godwoken leaves smaller ones on Layer 1.", format_ckb(MIN_CKB_DEPOSIT.into()))]
    BelowMinimum,
    /// More than the Layer 1 cells can pay with the change cell and the fee.
    #[error("You can deposit at most {} CKB: your Layer 1 balance minus the {} CKB change cell and the fee.", format_ckb((*max).into()), format_ckb(MIN_CHANGE.into()))]
    AboveMaximum {
        /// The largest deposit, shannons.
        max: u64,
    },
    /// The Layer 1 cells cannot pay even the smallest deposit.
    #[error(
        "Not enough CKB on Layer 1: a deposit needs at least {} CKB plus the {} CKB change cell and the fee, and your Layer 1 address can spend {} CKB. Send CKB to your Layer 1 address first.",
        format_ckb(MIN_CKB_DEPOSIT.into()), format_ckb(MIN_CHANGE.into()), format_ckb((*spendable).into())
    )]
    NotEnoughLayer1 {
        /// What the plain cells hold, shannons.
        spendable: u64,
    },
}

/// Who deposits, with the constants the transaction is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Depositor {
    /// The rollup's constants.
    pub constants: NetworkConstants,
    /// Layer 1's code hashes and deps.
    pub layer1: Layer1Constants,
    /// The ETH address whose cells pay and whose Layer 2 account is funded.
    pub owner: EthAddress,
}

impl Depositor {
    /// The transaction the text `amount` would build from `cells` (the 2021 client's 48-hour
    /// cancel timeout), or why there is none.
    pub fn plan(&self, amount: &str, cells: &[Spendable]) -> Result<Unsigned, DepositProblem> {
        let amount = parse_ckb(amount.trim()).map_err(DepositProblem::Unparsable)?;
        let max = build::max_deposit(&self.constants, &self.layer1, &self.owner, cells, CANCEL_TIMEOUT_2021);
        let Some(max) = max.filter(|max| *max >= MIN_CKB_DEPOSIT) else {
            return Err(DepositProblem::NotEnoughLayer1 { spendable: cells.iter().map(|cell| cell.capacity).sum() });
        };
        if amount < MIN_CKB_DEPOSIT {
            return Err(DepositProblem::BelowMinimum);
        }
        if amount > max {
            return Err(DepositProblem::AboveMaximum { max });
        }
        build::deposit(&self.constants, &self.layer1, &self.owner, cells, amount, CANCEL_TIMEOUT_2021).map_err(|error| match error {
            BuildError::BelowMinimum { .. } => DepositProblem::BelowMinimum,
            BuildError::InsufficientCapacity { .. } => DepositProblem::AboveMaximum { max },
        })
    }
}

/// Why Godwoken leaves a deposit on Layer 1, for its owner.
pub fn why_left(rejection: DepositRejection) -> &'static str {
    match rejection {
        DepositRejection::CapacityBelowMinimum => "it is below the 290 CKB Godwoken collects",
        DepositRejection::CancelTimeoutTooShort => "its cancel timeout is shorter than Godwoken accepts (20 minutes)",
        DepositRejection::UnsupportedType => "it carries a token, which this rollup does not collect here",
        DepositRejection::Layer2LockNotAllowed => "its Layer 2 account lock is not one this rollup allows",
        DepositRejection::CustodianDoesNotFit => "it is too small to become a custodian cell",
        DepositRejection::BadArgs | DepositRejection::NotThisRollup => "its lock is not a deposit of this rollup",
    }
}

/// The deposit this page signed and has not seen collected yet, kept in localStorage per network
/// and account, so that a reload neither loses it nor builds a second one: the signed
/// transaction itself, to be followed, or sent again as it is while its fate is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentDeposit {
    /// The signed transaction.
    pub tx: Transaction,
    /// What it deposits, shannons.
    pub amount: u64,
    /// Whether it creates the account (the words said once collected).
    pub creates_account: bool,
    /// Whether the CKB node has confirmed having it.
    pub confirmed: bool,
}

impl ToJson for SentDeposit {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .member("tx", &self.tx)
            .member("amount", &self.amount)
            .member("creates_account", &self.creates_account)
            .member("confirmed", &self.confirmed)
            .end();
    }
}

impl FromJson for SentDeposit {
    fn from_json(json: &Json<'_>) -> Result<Self, JsonError> {
        Ok(SentDeposit {
            tx: member(json, "tx")?,
            amount: member(json, "amount")?,
            creates_account: member(json, "creates_account")?,
            confirmed: member(json, "confirmed")?,
        })
    }
}

/// The cells that can pay, as loaded from the indexer.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cells {
    /// Asking the indexer.
    #[default]
    Loading,
    /// This address's plain PW-lock cells, none spent by a pending transaction.
    Loaded(Vec<Spendable>),
    /// The indexer could not tell.
    Failed(RpcError),
}

/// Where the attempt stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum DepositStage {
    /// Choosing the amount.
    #[default]
    Editing,
    /// The wallet shows the message.
    Signing {
        /// The 32 bytes being signed.
        message: H256,
    },
    /// Sending the signed transaction.
    Sending,
    /// The node has it; following it into a Layer 1 block and into Layer 2.
    Following {
        /// The Layer 1 transaction.
        hash: H256,
        /// What it deposits, shannons.
        amount: u64,
        /// Its Layer 1 block, once committed.
        block: Option<u64>,
        /// The last question the node did not answer (asked again).
        trouble: Option<RpcError>,
        /// The node had it from an earlier send: sending it again changed nothing.
        earlier: bool,
    },
    /// Layer 2 collected it.
    Collected {
        /// What was added, shannons.
        amount: u64,
    },
    /// Ended without sending anything, or refused.
    Failed(Layer1Error),
    /// The answer was lost and the node could not say: the signed transaction is kept, to be sent
    /// again as it is, and no new one is built.
    Unknown {
        /// The signed transaction.
        tx: Transaction,
        /// What it deposits, shannons.
        amount: u64,
        /// Why its fate is unknown.
        cause: Layer1Error,
    },
}

/// The dialog and the attempt.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DepositFlow {
    /// Whether the dialog is open (an attempt goes on while it is closed).
    pub open: bool,
    /// The dialog's purpose, and the current attempt's.
    pub purpose: DepositPurpose,
    /// The amount field's text.
    pub amount: String,
    /// The cells that can pay.
    pub cells: Cells,
    /// The attempt's stage.
    pub stage: DepositStage,
    /// Increases with each attempt; events name theirs.
    pub attempt: u64,
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum DepositEvent {
    /// A dialog was asked for.
    Open(DepositPurpose),
    /// Dismiss or Escape.
    Close,
    /// The amount field changed.
    Amount(String),
    /// The cells were read (again).
    Cells(Result<Vec<Spendable>, RpcError>),
    /// The user confirmed: attempt `attempt` asks the wallet to sign `message`.
    Signing {
        /// Attempt.
        attempt: u64,
        /// The message.
        message: H256,
    },
    /// The wallet signed; sending.
    Sending {
        /// Attempt.
        attempt: u64,
    },
    /// The node has the transaction.
    Sent {
        /// Attempt.
        attempt: u64,
        /// Its hash.
        hash: H256,
        /// What it deposits.
        amount: u64,
        /// The node had it from an earlier send.
        earlier: bool,
    },
    /// A look at the node while following: the block if committed, or the question that failed.
    Followed {
        /// Attempt.
        attempt: u64,
        /// The committing block's number.
        block: Option<u64>,
        /// The question the node did not answer.
        trouble: Option<RpcError>,
    },
    /// Layer 2 collected the deposit.
    Collected {
        /// Attempt.
        attempt: u64,
    },
    /// The attempt ended without the node taking anything.
    Failed {
        /// Attempt.
        attempt: u64,
        /// Why.
        error: Layer1Error,
    },
    /// The answer to a send was lost and the node could not say.
    Unknown {
        /// Attempt.
        attempt: u64,
        /// The signed transaction, kept to be sent again.
        tx: Transaction,
        /// What it deposits.
        amount: u64,
        /// Why.
        cause: Layer1Error,
    },
    /// The user gave up on a transaction of unknown fate (explained in the dialog).
    Forget,
    /// Another account or network (or a page just loaded): close and abandon what was in flight,
    /// and take up the deposit this page signed for that account earlier, if the store has one
    /// (followed if the node confirmed it, of unknown fate otherwise).
    Reset(Option<SentDeposit>),
}

impl DepositFlow {
    /// Whether a step is in flight (the wallet is open or the transaction is being sent): the
    /// dialog cannot be closed and nothing can start.
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, DepositStage::Signing { .. } | DepositStage::Sending)
    }

    /// Whether a new transaction may be built: not while one is in flight, followed, or of
    /// unknown fate.
    pub fn may_build(&self) -> bool {
        matches!(self.stage, DepositStage::Editing | DepositStage::Collected { .. } | DepositStage::Failed(_))
    }

    /// The next state.
    pub fn apply(&self, event: DepositEvent) -> DepositFlow {
        let mut next = self.clone();
        let same = |attempt: u64| attempt == self.attempt;
        match event {
            DepositEvent::Open(purpose) if !self.open => {
                next.open = true;
                next.cells = Cells::Loading;
                // An attempt still going on keeps its purpose; otherwise the dialog starts afresh.
                if self.may_build() {
                    next.purpose = purpose;
                    next.stage = DepositStage::Editing;
                }
                if next.amount.is_empty() {
                    next.amount = DEFAULT_DEPOSIT_CKB.to_owned();
                }
            }
            DepositEvent::Close if !self.is_busy() => next.open = false,
            DepositEvent::Amount(text) => next.amount = text,
            DepositEvent::Cells(cells) => {
                next.cells = match cells {
                    Ok(cells) => Cells::Loaded(cells),
                    Err(error) => Cells::Failed(error),
                }
            }
            DepositEvent::Signing { attempt, message } if self.may_build() && attempt == self.attempt + 1 => {
                next.attempt = attempt;
                next.stage = DepositStage::Signing { message };
            }
            DepositEvent::Sending { attempt } if same(attempt) => {
                // A resend of a transaction of unknown fate goes straight to sending.
                if matches!(self.stage, DepositStage::Signing { .. } | DepositStage::Unknown { .. }) {
                    next.stage = DepositStage::Sending;
                }
            }
            DepositEvent::Sent { attempt, hash, amount, earlier } if same(attempt) && self.stage == DepositStage::Sending => {
                next.stage = DepositStage::Following { hash, amount, block: None, trouble: None, earlier };
            }
            DepositEvent::Followed { attempt, block, trouble } if same(attempt) => {
                if let DepositStage::Following { block: known, trouble: last, .. } = &mut next.stage {
                    *known = block.or(*known);
                    *last = trouble;
                }
            }
            DepositEvent::Collected { attempt } if same(attempt) => {
                if let DepositStage::Following { amount, .. } = self.stage {
                    next.stage = DepositStage::Collected { amount };
                }
            }
            DepositEvent::Failed { attempt, error } if same(attempt) && !self.may_build() => next.stage = DepositStage::Failed(error),
            DepositEvent::Unknown { attempt, tx, amount, cause } if same(attempt) && !self.may_build() => {
                next.stage = DepositStage::Unknown { tx, amount, cause };
            }
            DepositEvent::Forget if matches!(self.stage, DepositStage::Unknown { .. }) => next.stage = DepositStage::Editing,
            DepositEvent::Reset(sent) => {
                let mut next = DepositFlow { attempt: self.attempt + 1, ..DepositFlow::default() };
                if let Some(sent) = sent {
                    next.purpose = if sent.creates_account { DepositPurpose::CreateAccount } else { DepositPurpose::TopUp };
                    let hash = sent.tx.hash();
                    next.stage = if sent.confirmed {
                        DepositStage::Following { hash, amount: sent.amount, block: None, trouble: None, earlier: false }
                    } else {
                        DepositStage::Unknown { tx: sent.tx, amount: sent.amount, cause: Layer1Error::Interrupted(hash) }
                    };
                }
                return next;
            }
            _ => {}
        }
        next
    }

    /// The deposit on its way or of unknown fate: its hash, amount and where it stands, in words
    /// (listed under "Your deposits" until Layer 2 collects it).
    pub fn in_flight(&self) -> Option<(H256, u64, String)> {
        let (hash, amount) = match &self.stage {
            DepositStage::Following { hash, amount, .. } => (*hash, *amount),
            DepositStage::Unknown { tx, amount, .. } => (tx.hash(), *amount),
            _ => return None,
        };
        Some((hash, amount, self.announcement()?))
    }

    /// What the status region says about the attempt (`None` while editing).
    pub fn announcement(&self) -> Option<String> {
        Some(match &self.stage {
            DepositStage::Editing => return None,
            DepositStage::Signing { message } => format!("Sign the deposit in your wallet: it shows the message {message}."),
            DepositStage::Sending => "Sending the deposit to the CKB node…".to_owned(),
            DepositStage::Following { hash, block, trouble, earlier, .. } => {
                let step = match block {
                    None if *earlier => format!(
                        "Deposit already sent: the CKB node has had Layer 1 transaction {hash} since the earlier send, so nothing was sent twice. Waiting for a Layer 1 block…"
                    ),
                    None => format!("Deposit sent: Layer 1 transaction {hash}. Waiting for a Layer 1 block…"),
                    Some(block) => format!("Deposit in Layer 1 block {block}. Waiting for Layer 2 to collect it…"),
                };
                match trouble {
                    None => step,
                    Some(error) => format!("{step} The node did not answer ({error}); asking again."),
                }
            }
            DepositStage::Collected { amount } => match self.purpose {
                DepositPurpose::CreateAccount => "You have successfully created and funded your Layer 2 account!".to_owned(),
                DepositPurpose::TopUp => format!("Deposit collected: {} CKB added to your Layer 2 balance.", format_ckb((*amount).into())),
            },
            DepositStage::Failed(error) => error.to_string(),
            DepositStage::Unknown { cause, .. } => format!(
                "{cause} Send the same transaction again (harmless if the node has it), or wait and reopen this dialog."
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use godwoken_core::ckb::constants::testnet_2021_layer1;
    use godwoken_core::network::testnet_2021_constants;
    use godwoken_core::rpc::OutPoint;

    const CKB: u64 = 100_000_000;

    fn opened(purpose: DepositPurpose) -> DepositFlow {
        DepositFlow::default().apply(DepositEvent::Open(purpose))
    }

    fn signing(flow: &DepositFlow) -> DepositFlow {
        flow.apply(DepositEvent::Signing { attempt: flow.attempt + 1, message: H256([1; 32]) })
    }

    fn following(purpose: DepositPurpose) -> DepositFlow {
        let flow = signing(&opened(purpose));
        let flow = flow.apply(DepositEvent::Sending { attempt: 1 });
        flow.apply(DepositEvent::Sent { attempt: 1, hash: H256([2; 32]), amount: 400 * CKB, earlier: false })
    }

    #[test]
    fn the_dialog_opens_with_400_ckb_and_reads_the_cells() {
        let flow = opened(DepositPurpose::CreateAccount);
        assert!(flow.open);
        assert_eq!((flow.amount.as_str(), &flow.cells), ("400", &Cells::Loading));
        let flow = flow.apply(DepositEvent::Amount("512.5".into())).apply(DepositEvent::Cells(Ok(Vec::new())));
        assert_eq!(flow.apply(DepositEvent::Open(DepositPurpose::TopUp)), flow, "opening an open dialog changes nothing");
        let closed = flow.apply(DepositEvent::Close);
        assert!(!closed.open);
        let reopened = closed.apply(DepositEvent::Open(DepositPurpose::TopUp));
        assert_eq!((reopened.amount.as_str(), reopened.purpose, &reopened.cells), ("512.5", DepositPurpose::TopUp, &Cells::Loading));
    }

    #[test]
    fn one_attempt_at_a_time_and_no_closing_while_the_wallet_is_open() {
        let flow = signing(&opened(DepositPurpose::CreateAccount));
        assert!(flow.is_busy() && !flow.may_build());
        assert_eq!(flow.apply(DepositEvent::Close), flow, "Escape and Dismiss wait for the wallet");
        assert_eq!(signing(&flow), flow, "a second click starts nothing");
        let sending = flow.apply(DepositEvent::Sending { attempt: 1 });
        assert_eq!(sending.stage, DepositStage::Sending);
        assert_eq!(sending.apply(DepositEvent::Close), sending);
        let refused = sending.apply(DepositEvent::Failed { attempt: 1, error: Layer1Error::Cancelled });
        assert!(refused.may_build() && !refused.is_busy());
        assert!(!refused.apply(DepositEvent::Close).open);
    }

    #[test]
    fn a_deposit_is_followed_to_the_words_of_its_purpose() {
        let flow = following(DepositPurpose::CreateAccount);
        assert!(!flow.is_busy() && !flow.may_build(), "closable, but no second deposit while one is on its way");
        assert!(flow.announcement().expect("said").starts_with("Deposit sent: Layer 1 transaction 0x0202"));
        let flow = flow.apply(DepositEvent::Followed { attempt: 1, block: Some(0x350003), trouble: None });
        assert_eq!(flow.announcement().as_deref(), Some("Deposit in Layer 1 block 3473411. Waiting for Layer 2 to collect it…"));
        let down = flow.apply(DepositEvent::Followed { attempt: 1, block: None, trouble: Some(RpcError::Malformed { detail: "x".into() }) });
        assert!(down.announcement().expect("said").starts_with("Deposit in Layer 1 block 3473411."), "the block is not forgotten");
        let done = down.apply(DepositEvent::Collected { attempt: 1 });
        assert_eq!(done.announcement().as_deref(), Some("You have successfully created and funded your Layer 2 account!"));
        let topped = following(DepositPurpose::TopUp).apply(DepositEvent::Collected { attempt: 1 });
        assert_eq!(topped.announcement().as_deref(), Some("Deposit collected: 400 CKB added to your Layer 2 balance."));
        assert!(topped.may_build());
    }

    #[test]
    fn a_transaction_of_unknown_fate_is_kept_and_only_sent_again() {
        let flow = signing(&opened(DepositPurpose::CreateAccount)).apply(DepositEvent::Sending { attempt: 1 });
        let tx = Transaction::default();
        let cause = Layer1Error::OutcomeUnknown { cause: RpcError::Malformed { detail: "reset".into() }, hash: tx.hash() };
        let unknown = flow.apply(DepositEvent::Unknown { attempt: 1, tx: tx.clone(), amount: 400 * CKB, cause });
        assert!(!unknown.may_build() && !unknown.is_busy());
        assert_eq!(signing(&unknown), unknown, "no new transaction while the old one's fate is unknown");
        assert!(unknown.announcement().expect("said").contains("Send the same transaction again"));
        // Closing and reopening keeps it.
        let reopened = unknown.apply(DepositEvent::Close).apply(DepositEvent::Open(DepositPurpose::TopUp));
        assert!(matches!(reopened.stage, DepositStage::Unknown { .. }));
        assert_eq!(reopened.purpose, DepositPurpose::CreateAccount);
        let resent = reopened.apply(DepositEvent::Sending { attempt: 1 });
        assert_eq!(resent.stage, DepositStage::Sending);
        // The node had it from the first send: said so, and followed as any deposit.
        let followed = resent.apply(DepositEvent::Sent { attempt: 1, hash: tx.hash(), amount: 400 * CKB, earlier: true });
        assert!(matches!(followed.stage, DepositStage::Following { earlier: true, .. }));
        let said = followed.announcement().expect("said");
        assert!(said.starts_with(&format!("Deposit already sent: the CKB node has had Layer 1 transaction {} since the earlier send", tx.hash())), "{said}");
        assert_eq!(unknown.apply(DepositEvent::Forget).stage, DepositStage::Editing, "given up explicitly");
    }

    #[test]
    fn after_a_reset_the_old_attempts_answers_change_nothing() {
        let flow = signing(&opened(DepositPurpose::CreateAccount));
        let reset = flow.apply(DepositEvent::Reset(None));
        assert!(!reset.open && reset.may_build());
        for late in [
            DepositEvent::Sending { attempt: 1 },
            DepositEvent::Sent { attempt: 1, hash: H256([2; 32]), amount: 1, earlier: false },
            DepositEvent::Failed { attempt: 1, error: Layer1Error::Cancelled },
            DepositEvent::Collected { attempt: 1 },
        ] {
            assert_eq!(reset.apply(late), reset);
        }
    }

    fn a_transaction() -> Transaction {
        Transaction { witnesses: vec![godwoken_core::hex::HexBytes(vec![1, 2, 3])], ..Transaction::default() }
    }

    #[test]
    fn a_deposit_signed_before_a_reload_is_taken_up_never_built_again() {
        let sent = SentDeposit { tx: a_transaction(), amount: 400 * CKB, creates_account: false, confirmed: true };
        let text = godwoken_core::json::to_string(&sent);
        assert_eq!(godwoken_core::json::read::<SentDeposit>(&text), Ok(sent.clone()), "{text}");
        // The node had confirmed it: followed, in the words of its purpose.
        let taken_up = DepositFlow::default().apply(DepositEvent::Reset(Some(sent.clone())));
        assert_eq!(taken_up.stage, DepositStage::Following { hash: sent.tx.hash(), amount: 400 * CKB, block: None, trouble: None, earlier: false });
        assert_eq!((taken_up.purpose, taken_up.attempt, taken_up.open), (DepositPurpose::TopUp, 1, false));
        assert!(!taken_up.may_build());
        // Its fate was unknown: kept to be sent again, and no new one is built meanwhile.
        let unsure = DepositFlow::default().apply(DepositEvent::Reset(Some(SentDeposit { confirmed: false, creates_account: true, ..sent.clone() })));
        assert!(matches!(&unsure.stage, DepositStage::Unknown { cause: Layer1Error::Interrupted(hash), .. } if *hash == sent.tx.hash()));
        assert_eq!(signing(&unsure), unsure);
        assert!(unsure.announcement().is_some_and(|text| text.starts_with("The page was closed or reloaded while transaction")));
        assert_eq!(unsure.purpose, DepositPurpose::CreateAccount);
    }

    #[test]
    fn the_plan_checks_the_amount_as_typed() {
        let depositor = Depositor { constants: testnet_2021_constants(), layer1: testnet_2021_layer1(), owner: EthAddress([5; 20]) };
        let cell = |n: u8, ckb: u64| Spendable { out_point: OutPoint { tx_hash: H256([n; 32]), index: 0 }, capacity: ckb * CKB };
        let cells = [cell(1, 300), cell(2, 300)];
        let plan = depositor.plan(" 400 ", &cells).expect("builds");
        assert_eq!((plan.tx.inputs.len(), plan.tx.outputs[0].capacity), (2, 400 * CKB));
        assert_eq!(plan.tx.outputs[1].capacity, 600 * CKB - 400 * CKB - plan.fee, "the rest comes back as change");
        assert_eq!(depositor.plan("289.99999999", &cells), Err(DepositProblem::BelowMinimum));
        let Err(DepositProblem::AboveMaximum { max }) = depositor.plan("540", &cells) else { panic!("540 + 61 > 600") };
        assert!(depositor.plan(&format_ckb(max.into()).replace(',', ""), &cells).is_ok(), "the maximum itself builds");
        assert_eq!(depositor.plan("400", &cells[..1]), Err(DepositProblem::NotEnoughLayer1 { spendable: 300 * CKB }), "290 + 61 + fee > 300");
        assert_eq!(depositor.plan("1e3", &cells), Err(DepositProblem::Unparsable(AmountError::Exponent)));
        assert!(DepositProblem::NotEnoughLayer1 { spendable: 300 * CKB }.to_string().contains("can spend 300 CKB"));
    }
}
