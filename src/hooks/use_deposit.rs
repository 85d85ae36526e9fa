//! Adapts the deposit service to Yew: the dialog's state in the deposit reducer, the cells read
//! when it opens (and again when the Layer 1 balance moves), one attempt at a time, and the sent
//! transaction followed until Layer 2 has collected it.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use godwoken_core::account::account_script_hash;
use godwoken_core::ckb::build::Unsigned;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::H256;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::deposit::{Cells, DepositEvent, DepositFlow, DepositProblem, DepositPurpose, DepositStage, SentDeposit};
use crate::rpc::NodeClient;
use crate::services::deposit::{deposit_status, depositor, spendable_cells, DepositStatus};
use crate::services::layer1::{recheck_constants, send_signed, sign_transaction, Layer1Error};
use crate::store::SentDeposits;
use crate::wallet::Wallet;

/// How often a sent deposit is looked at.
const FOLLOW_PERIOD: Duration = Duration::from_millis(1_500);

struct Reduced(DepositFlow);

impl Reducible for Reduced {
    type Action = DepositEvent;
    fn reduce(self: Rc<Self>, action: DepositEvent) -> Rc<Self> {
        Rc::new(Reduced(self.0.apply(action)))
    }
}

/// The deposit handle.
#[derive(Clone, PartialEq)]
pub struct DepositHandle {
    /// The dialog and the attempt.
    pub flow: DepositFlow,
    /// Why this page cannot build deposits here (another network's constants).
    pub unsupported: Option<Layer1Error>,
    /// What the amount typed would build, once the cells are read, while a new deposit may be built.
    pub plan: Option<Result<Unsigned, DepositProblem>>,
    /// Opens the dialog.
    pub open: Callback<DepositPurpose>,
    /// Closes it (ignored while a step is in flight).
    pub close: Callback<()>,
    /// The amount field changed.
    pub amount: Callback<String>,
    /// Signs and sends the planned deposit (ignored while one is in flight or of unknown fate).
    pub confirm: Callback<()>,
    /// Sends the transaction of unknown fate again, as it is.
    pub resend: Callback<()>,
    /// Gives up on the transaction of unknown fate.
    pub forget: Callback<()>,
    /// Stops waiting for the wallet: a signature that comes later sends nothing.
    pub cancel_signing: Callback<()>,
}

/// Everything the deposit needs from the page, captured at each render.
#[derive(Clone, PartialEq)]
pub struct DepositContext {
    /// The node.
    pub client: NodeClient,
    /// Its network.
    pub network: NetworkConfig,
    /// The connected address.
    pub address: Option<EthAddress>,
    /// The wallet that signs.
    pub wallet: Option<Wallet>,
    /// Whether the node's constants were confirmed (signing allowed).
    pub node_ready: bool,
    /// The Layer 1 balance shown (a change reloads the cells).
    pub layer1_balance: Option<u64>,
}

/// The deposit flow; `on_done` runs after each step that changes balances.
#[hook]
pub fn use_deposit(context: DepositContext, on_done: Callback<()>) -> DepositHandle {
    let state = use_reducer(|| Reduced(DepositFlow::default()));
    let flow = &state.0;
    // Set synchronously on click, so a double click cannot start two attempts.
    let in_flight = use_mut_ref(|| Rc::new(Cell::new(false)));
    // The attempt allowed to go on; a reset moves it, so late answers and signatures do nothing.
    let current = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let (in_flight, current) = (in_flight.borrow().clone(), current.borrow().clone());
    let DepositContext { client, network, address, wallet, node_ready, layer1_balance } = context;

    let follower = Follower { dispatcher: state.dispatcher(), client: client.clone(), network: network.clone(), current: current.clone(), on_done };
    let store = address.map(|address| SentDeposits::new(&network.rpc_url, &address));
    // Another account or network, or the page just loaded: what was in flight is abandoned, and a
    // deposit signed for this account earlier is taken up again (followed, or offered to be sent
    // again), never built a second time.
    {
        let (dispatcher, in_flight, current, follower, store) = (state.dispatcher(), in_flight.clone(), current.clone(), follower.clone(), store.clone());
        let attempt = flow.attempt + 1;
        use_effect_with((network.clone(), address), move |(_, address)| {
            in_flight.set(false);
            let stored = store.as_ref().and_then(SentDeposits::load);
            current.set(if stored.is_some() { attempt } else { 0 });
            dispatcher.dispatch(DepositEvent::Reset(stored.clone()));
            if let (Some(sent), Some(address), Some(store)) = (stored, *address, store) {
                if sent.confirmed {
                    spawn_local(async move { follower.follow(attempt, sent.tx.hash(), address, store).await });
                }
            }
        });
    }
    let depositor = use_memo((network.clone(), address), |(network, address)| address.map(|address| depositor(network, address)));
    let supported = matches!(*depositor, Some(Ok(_)));
    // The cells are read when the dialog opens (where this page builds deposits) and again when the
    // Layer 1 balance moves.
    {
        let (dispatcher, client, network) = (state.dispatcher(), client.clone(), network.clone());
        use_effect_with((flow.open && supported, layer1_balance, address), move |(open, _, address)| {
            // A read begun for another account, or before the dialog closed, is dropped.
            let alive = Rc::new(Cell::new(true));
            if let (true, Some(address)) = (*open, *address) {
                let still = alive.clone();
                spawn_local(async move {
                    let cells = spendable_cells(&client, &network, &address).await;
                    if still.get() {
                        dispatcher.dispatch(DepositEvent::Cells(cells));
                    }
                });
            }
            move || alive.set(false)
        });
    }

    // Planned (two transactions built and hashed) only when what it depends on changes, and only
    // while the dialog is open: the page renders far more often than the amount is typed. Not
    // while a deposit is on its way or of unknown fate: its inputs are spent, and no new one may
    // be built anyway.
    let plan = use_memo(
        ((*depositor).clone(), flow.open && flow.may_build(), flow.amount.clone(), flow.cells.clone()),
        |(depositor, plannable, amount, cells)| match (plannable, depositor, cells) {
            (true, Some(Ok(depositor)), Cells::Loaded(cells)) => Some(depositor.plan(amount, cells)),
            _ => None,
        },
    );
    let plan = (*plan).clone();
    let unsupported = (*depositor).clone().and_then(Result::err);

    let creates_account = flow.purpose == DepositPurpose::CreateAccount;
    let confirm = {
        let (dispatcher, in_flight, current, follower, store) = (state.dispatcher(), in_flight.clone(), current.clone(), follower.clone(), store.clone());
        let (client, network) = (client.clone(), network.clone());
        let attempt = flow.attempt + 1;
        let may_build = flow.may_build();
        let unsigned = plan.clone().and_then(Result::ok);
        Callback::from(move |()| {
            let (Some(unsigned), Some(address), Some(wallet), Some(store)) = (unsigned.clone(), address, wallet.clone(), store.clone()) else { return };
            if !node_ready || !may_build || in_flight.replace(true) {
                return;
            }
            current.set(attempt);
            dispatcher.dispatch(DepositEvent::Signing { attempt, message: unsigned.message });
            // Another tab of this page may have signed one since this tab read the store.
            if let Some(other) = store.load() {
                in_flight.set(false);
                dispatcher.dispatch(DepositEvent::Failed { attempt, error: Layer1Error::OtherTab(other.tx.hash()) });
                return;
            }
            let (dispatcher, in_flight, current, follower, client) = (dispatcher.clone(), in_flight.clone(), current.clone(), follower.clone(), client.clone());
            let network = network.clone();
            spawn_local(async move {
                let still_current = || current.get() == attempt;
                let signed = match recheck_constants(&client, &network).await {
                    Ok(()) => sign_transaction(&unsigned, &address, &wallet, &still_current).await,
                    Err(error) => Err(error),
                };
                if !still_current() {
                    return;
                }
                let amount = unsigned.tx.outputs[0].capacity;
                match signed {
                    Ok(tx) => {
                        dispatcher.dispatch(DepositEvent::Sending { attempt });
                        let sent = SentDeposit { tx, amount, creates_account, confirmed: false };
                        follower.send(attempt, sent, address, store).await;
                    }
                    Err(error) => dispatcher.dispatch(DepositEvent::Failed { attempt, error }),
                }
                in_flight.set(false);
            });
        })
    };
    let unknown = match &flow.stage {
        DepositStage::Unknown { tx, amount, .. } => Some(SentDeposit { tx: tx.clone(), amount: *amount, creates_account, confirmed: false }),
        _ => None,
    };
    let resend = {
        let (dispatcher, in_flight, follower, store) = (state.dispatcher(), in_flight.clone(), follower, store.clone());
        let attempt = flow.attempt;
        Callback::from(move |()| {
            let (Some(sent), Some(address), Some(store)) = (unknown.clone(), address, store.clone()) else { return };
            if in_flight.replace(true) {
                return;
            }
            dispatcher.dispatch(DepositEvent::Sending { attempt });
            let (in_flight, follower) = (in_flight.clone(), follower.clone());
            spawn_local(async move {
                follower.send(attempt, sent, address, store).await;
                in_flight.set(false);
            });
        })
    };
    let cancel_signing = {
        let (dispatcher, in_flight, current) = (state.dispatcher(), in_flight.clone(), current.clone());
        let signing = matches!(flow.stage, DepositStage::Signing { .. }).then_some(flow.attempt);
        Callback::from(move |()| {
            let Some(attempt) = signing else { return };
            // The attempt is no longer current: the wallet's late answer is dropped.
            current.set(0);
            in_flight.set(false);
            dispatcher.dispatch(DepositEvent::Failed { attempt, error: Layer1Error::Cancelled });
        })
    };
    let forget = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            if let Some(store) = &store {
                store.clear();
            }
            dispatcher.dispatch(DepositEvent::Forget);
        })
    };
    let close = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(DepositEvent::Close))
    };
    let open = {
        let dispatcher = state.dispatcher();
        Callback::from(move |purpose| dispatcher.dispatch(DepositEvent::Open(purpose)))
    };
    let amount = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text| dispatcher.dispatch(DepositEvent::Amount(text)))
    };
    DepositHandle {
        flow: flow.clone(),
        unsupported,
        plan,
        open,
        close,
        amount,
        confirm,
        resend,
        forget,
        cancel_signing,
    }
}

/// Sends a signed deposit and follows it: what one attempt needs after the wallet has signed.
#[derive(Clone)]
struct Follower {
    dispatcher: UseReducerDispatcher<Reduced>,
    client: NodeClient,
    network: NetworkConfig,
    current: Rc<Cell<u64>>,
    on_done: Callback<()>,
}

impl Follower {
    /// Sends `sent` (again, if it was sent before: the same bytes, the same hash), remembered in
    /// `store` before it leaves so that a reload cannot lose it, and once the node has it, follows
    /// it until Layer 2 has collected it into `address`'s account.
    async fn send(&self, attempt: u64, sent: SentDeposit, address: EthAddress, store: SentDeposits) {
        let still_current = || self.current.get() == attempt;
        let dispatch = |event| {
            if still_current() {
                self.dispatcher.dispatch(event);
            }
        };
        store.save(&sent);
        let (hash, earlier) = match send_signed(&self.client, &sent.tx).await {
            Ok(taken) => (taken.hash, taken.earlier),
            Err(cause @ (Layer1Error::OutcomeUnknown { .. } | Layer1Error::HashMismatch { .. })) => {
                return dispatch(DepositEvent::Unknown { attempt, tx: sent.tx, amount: sent.amount, cause });
            }
            Err(error) => {
                // Not taken: nothing to remember.
                store.clear();
                return dispatch(DepositEvent::Failed { attempt, error });
            }
        };
        store.save(&SentDeposit { confirmed: true, ..sent.clone() });
        dispatch(DepositEvent::Sent { attempt, hash, amount: sent.amount, earlier });
        self.on_done.emit(());
        self.follow(attempt, hash, address, store).await;
    }

    /// Follows deposit `hash` into a Layer 1 block and into Layer 2; forgets it once collected.
    async fn follow(&self, attempt: u64, hash: H256, address: EthAddress, store: SentDeposits) {
        let still_current = || self.current.get() == attempt;
        let dispatch = |event| {
            if still_current() {
                self.dispatcher.dispatch(event);
            }
        };
        // The change cell is spendable once committed: balances are read again then.
        let mut committed = false;
        while still_current() {
            yew::platform::time::sleep(FOLLOW_PERIOD).await;
            if !still_current() {
                return;
            }
            let event = match deposit_status(&self.client, &hash).await {
                Ok(DepositStatus::Pending) => DepositEvent::Followed { attempt, block: None, trouble: None },
                Ok(DepositStatus::Committed { block }) => {
                    if !std::mem::replace(&mut committed, true) {
                        self.on_done.emit(());
                    }
                    DepositEvent::Followed { attempt, block: Some(block), trouble: None }
                }
                Ok(DepositStatus::Collected { block }) => {
                    // Said only once the account really exists.
                    let script_hash = account_script_hash(&self.network.constants, &address);
                    match self.client.account_id(&script_hash).await {
                        Ok(Some(_)) => {
                            store.clear();
                            dispatch(DepositEvent::Collected { attempt });
                            self.on_done.emit(());
                            return;
                        }
                        Ok(_) => DepositEvent::Followed { attempt, block: Some(block), trouble: None },
                        Err(error) => DepositEvent::Followed { attempt, block: Some(block), trouble: Some(error) },
                    }
                }
                Ok(DepositStatus::Unknown) => {
                    store.clear();
                    return dispatch(DepositEvent::Failed { attempt, error: Layer1Error::Dropped(hash) });
                }
                Err(error) => DepositEvent::Followed { attempt, block: None, trouble: Some(error) },
            };
            dispatch(event);
        }
    }
}
