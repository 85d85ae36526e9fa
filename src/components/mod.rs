//! The page's components: they render what hooks and the model decided.

pub mod account_panel;
pub mod copy_button;
pub mod network_select;
pub mod pending_table;
pub mod wallet_panel;
pub mod withdraw_view;
