//! End to end: the real page, built by Trunk, served by the real devnet, in headless Chromium,
//! with a test EIP-1193 wallet that signs with Hardhat dev key #0.
//!
//! Needs the built page and chromedriver, so `scripts/test` runs it after `trunk build --release`:
//! `cargo test --test e2e -- --ignored --test-threads=1`. Screenshots land in test-output/e2e/.

mod support;

use godwoken_core::network::testnet_2021_constants;
use godwoken_core::withdrawal::{build_raw_request, signing_message, WithdrawalParams};
use serde_json::json;
use support::*;

const CKB: u64 = 100_000_000;
const CHECKSUM_0: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

fn quantity(value: &serde_json::Value) -> u128 {
    u128::from_str_radix(value.as_str().expect("quantity").trim_start_matches("0x"), 16).expect("hex")
}

async fn connect(browser: &Browser) {
    browser.click_button("Connect wallet").await;
    browser.wait_for_text(&format!("Connected ETH address: {CHECKSUM_0}")).await;
    browser.wait_for_text("Your Layer 2 balance is: 10,000 CKB").await;
}

async fn open_withdraw_view(browser: &Browser) {
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for("the create button", "const b = document.getElementById('create-withdrawal'); return b && !b.disabled").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn the_tutorial_from_connect_to_release_on_layer1() {
    let node = start_devnet(10).await;
    let browser = Browser::start("tutorial", 0).await;
    browser.goto(&node.url()).await;
    browser.wait_for_text("Nervos CKB Chain Type").await;
    browser.wait_for_text("the node answers and its rollup constants match").await;
    // No prompt on load: the page waits for a click.
    assert_eq!(browser.js("return window.__testWallet.calls.includes('eth_requestAccounts')").await, false);
    browser.screenshot("01-before-connect").await;

    connect(&browser).await;
    let text = browser.page_text().await;
    assert!(text.contains("(1,000,000,000,000 Shannon)"), "{text}");
    assert!(text.contains("1 Shannon is 1 / 10 ^ 8 of CKB."));
    assert!(text.contains("ckt1qpvvtay34wndv9nckl8hah6fzzcltcqwcrx79apwp2a5lkd07fdxxq0nnltw2x4d3rm0fnn2hzp8y7w0l7ujyesj0hj3d"));
    browser.screenshot("02-connected").await;

    open_withdraw_view(&browser).await;
    // The message the page shows is the one it will ask the wallet to sign.
    let constants = testnet_2021_constants();
    let signer = dev_signer(0);
    let raw = build_raw_request(&constants, &signer.address(), &WithdrawalParams { nonce: 0, capacity: 400 * CKB, ..Default::default() });
    let message = signing_message(&constants.rollup_type_hash, &raw);
    assert_eq!(browser.js("return document.getElementById('signing-message').textContent").await, json!(message));
    browser.screenshot("03-withdraw-view").await;

    browser.click_button("Create new withdrawal request").await;
    let (id, params) = browser.next_sign_request(0).await;
    assert_eq!(params, json!([message, signer.address().to_lower_hex()]), "personal_sign([message, address])");
    // Busy: the button is disabled while the wallet is open.
    assert_eq!(browser.js("return document.getElementById('create-withdrawal').disabled").await, true);
    browser.screenshot("04-awaiting-signature").await;
    browser.sign(id, &params, &signer).await;

    browser.wait_for_text("Success! Withdrawal request sent.").await;
    assert_eq!(browser.js("return document.getElementById('withdrawal-hash').textContent").await, json!(raw.hash()));
    assert_eq!(browser.js("return document.getElementById('status').textContent").await, "Success! Withdrawal request sent.");
    // The chain changed exactly.
    assert_eq!(quantity(&devnet_rpc(&node, "gw_get_nonce", json!(["0x3"])).await), 1);
    let balance = devnet_rpc(&node, "eth_getBalance", json!([signer.address().to_lower_hex(), "latest"])).await;
    assert_eq!(quantity(&balance), u128::from(9_600 * CKB));
    browser.wait_for_text("Waiting for the Layer 1 indexer").await;
    browser.wait_for_text("Your Layer 2 balance is: 9,600 CKB").await;
    browser.screenshot("05-success").await;

    // In a block, then on Layer 1 after the indexer lag: a pending row with its block.
    devnet_rpc(&node, "dev_mine", json!(["0x3"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Pending").await;
    let row = browser.wait_for("the pending row", "const r = document.querySelector('tbody tr'); return r && r.innerText").await;
    let row = row.as_str().unwrap_or_default().to_owned();
    assert!(row.contains("400 CKB") && row.contains("40,000,000,000 Shannon") && row.contains("\t1\t"), "{row}");
    assert!(row.contains("8 blocks"), "withdrawal block 1 is final at tip 1 + 10; the tip is 3: {row}");
    browser.wait_for_text("Last finalized block: 0.").await;
    browser.screenshot("06-pending").await;

    // Past the challenge period the devnet releases the funds on Layer 1.
    devnet_rpc(&node, "dev_mine", json!(["0xa"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Released on Layer 1").await;
    browser.wait_for_text("Layer 1 balance: 400 CKB").await;
    browser.screenshot("07-released").await;
    browser.quit().await;
    node.stop().await;
}
