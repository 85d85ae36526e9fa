//! What the page shows. Stateful sections are components that own their form state (the network
//! selector, the withdraw form, the pending table, the deposit dialog); stateless ones are view
//! functions over the hooks' handles (the wallet and account sections, the deposits list, the copy
//! and stop-signing buttons).

pub mod account_panel;
pub mod copy_button;
pub mod deposit_dialog;
pub mod deposits_list;
pub mod network_select;
pub mod pending_table;
pub mod stop_signing;
pub mod wallet_panel;
pub mod withdraw_form;
