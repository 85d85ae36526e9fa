//! The wallet connection: which wallets were found, the one in use, its account, and the
//! reducer that decides what each wallet event means.

use std::rc::Rc;

use godwoken_core::eth::EthAddress;
use yew::Reducible;

use crate::wallet::{Wallet, WalletError};

/// What the page knows about the wallet connection. Changed only by [`WalletEvent`]s, through
/// [`WalletState::apply`]: the hook reports what happened, the state decides what it means.
#[derive(Clone, PartialEq, Default)]
pub struct WalletState {
    /// Wallets found (EIP-6963, else `window.ethereum`); empty: none installed.
    pub wallets: Vec<Wallet>,
    /// Whether discovery has had its chance (so "not detected" is not shown too early).
    pub discovery_done: bool,
    /// The wallet in use.
    pub wallet: Option<Wallet>,
    /// The connected account.
    pub address: Option<EthAddress>,
    /// Asking the wallet.
    pub connecting: bool,
    /// The last wallet error.
    pub error: Option<WalletError>,
    /// Increases whenever the account or chain changes, so that dependents reset.
    pub generation: u32,
}

/// What happened to the wallet connection.
pub enum WalletEvent {
    /// EIP-6963 announcements so far (the full list).
    Announced(Vec<Wallet>),
    /// Discovery is over; `fallback` (`window.ethereum`) stands in when nobody announced.
    DiscoveryEnded {
        /// The injected provider, if any.
        fallback: Option<Wallet>,
    },
    /// The only wallet already shares an account with the page (no prompt was shown).
    Restored {
        /// The wallet.
        wallet: Wallet,
        /// Its account.
        address: EthAddress,
    },
    /// The user clicked a connect button.
    ConnectStarted,
    /// The wallet gave an account.
    Connected {
        /// The wallet.
        wallet: Wallet,
        /// Its account.
        address: EthAddress,
    },
    /// The wallet refused or failed.
    ConnectFailed(WalletError),
    /// `accountsChanged`.
    AccountChanged(Option<EthAddress>),
    /// `chainChanged`.
    ChainChanged,
}

impl WalletState {
    /// The state at the page's start, with the wallets that answered at once: when there are
    /// some, the page can offer to connect in its first render.
    pub fn at_start(found: Vec<Wallet>) -> Self {
        WalletState { discovery_done: !found.is_empty(), wallets: found, ..WalletState::default() }
    }

    /// The state after `event`.
    pub fn apply(mut self, event: WalletEvent) -> Self {
        match event {
            WalletEvent::Announced(wallets) => self.wallets = wallets,
            WalletEvent::DiscoveryEnded { fallback } => {
                if self.wallets.is_empty() {
                    self.wallets.extend(fallback);
                }
                self.discovery_done = true;
            }
            WalletEvent::Restored { wallet, address } => {
                self.wallet = Some(wallet);
                self.address = Some(address);
            }
            WalletEvent::ConnectStarted => {
                self.connecting = true;
                self.error = None;
            }
            WalletEvent::Connected { wallet, address } => {
                self.wallet = Some(wallet);
                self.address = Some(address);
                self.connecting = false;
                self.generation += 1;
            }
            WalletEvent::ConnectFailed(error) => {
                self.error = Some(error);
                self.connecting = false;
            }
            WalletEvent::AccountChanged(address) => {
                self.address = address;
                self.generation += 1;
            }
            WalletEvent::ChainChanged => self.generation += 1,
        }
        self
    }
}

impl Reducible for WalletState {
    type Action = WalletEvent;
    fn reduce(self: Rc<Self>, event: WalletEvent) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(byte: u8) -> EthAddress {
        EthAddress([byte; 20])
    }

    #[test]
    fn account_and_chain_changes_bump_the_generation() {
        let state = WalletState::default().apply(WalletEvent::AccountChanged(Some(address(1))));
        assert_eq!((state.address, state.generation), (Some(address(1)), 1));
        let state = state.apply(WalletEvent::ChainChanged);
        assert_eq!((state.address, state.generation), (Some(address(1)), 2));
        let state = state.apply(WalletEvent::AccountChanged(None));
        assert_eq!((state.address, state.generation), (None, 3));
    }

    #[test]
    fn a_failed_connect_keeps_the_error_until_the_next_attempt() {
        let state = WalletState::default().apply(WalletEvent::ConnectStarted);
        assert!(state.connecting);
        let state = state.apply(WalletEvent::ConnectFailed(WalletError::Rejected));
        assert!(!state.connecting);
        assert_eq!(state.error, Some(WalletError::Rejected));
        assert_eq!(state.generation, 0, "nothing changed for dependents");
        let state = state.apply(WalletEvent::ConnectStarted);
        assert_eq!((state.connecting, state.error), (true, None));
    }

    #[test]
    fn with_no_wallet_at_start_discovery_waits_for_late_ones() {
        // "No wallet detected" is not said before late wallets had their turn.
        let state = WalletState::at_start(Vec::new());
        assert!(!state.discovery_done);
        assert!(state.wallets.is_empty());
    }

    #[test]
    fn discovery_without_any_wallet_ends_with_none() {
        let state = WalletState::default().apply(WalletEvent::DiscoveryEnded { fallback: None });
        assert!(state.discovery_done);
        assert!(state.wallets.is_empty());
    }
}
