//! A local Godwoken v0 chain for development and tests, and the `gw` development tool.

pub mod gw_cli;
