//! The devnet server (comes with the devnet issue).
fn main() {}
