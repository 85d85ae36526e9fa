//! End to end: the real page, built by Trunk, served by the real devnet, in headless Chromium,
//! with a test EIP-1193 wallet that signs with Hardhat dev key #0.
//!
//! Needs the built page and chromedriver, so `scripts/test` runs it after `trunk build --release`:
//! `cargo test --test e2e -- --ignored --test-threads=1`. Screenshots land in test-output/e2e/.

#![cfg(not(target_arch = "wasm32"))]

mod support;

/// The keyboard-only path.
#[path = "e2e/keyboard.rs"]
mod keyboard;

/// The December 2021 CKB Tools page against the devnet (run by scripts/interop-ckb-tools).
#[path = "e2e/ckb_tools_2021.rs"]
mod ckb_tools_2021;

/// The round trip through the deposit dialog.
#[path = "e2e/deposit.rs"]
mod deposit;

/// README's `bash scripts/bench`.
#[path = "e2e/bench.rs"]
mod bench;

/// README's `trunk serve` beside a devnet.
#[path = "e2e/trunk_serve.rs"]
mod trunk_serve;

use godwoken_core::network::testnet_2021_constants;
use godwoken_core::withdrawal::{build_raw_request, signing_message, WithdrawalParams};
use serde_json::json;
use support::*;

const CKB: u64 = 100_000_000;
const CHECKSUM_0: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

fn quantity(value: &serde_json::Value) -> u128 {
    u128::from_str_radix(value.as_str().expect("quantity").trim_start_matches("0x"), 16).expect("hex")
}

pub(crate) async fn connect(browser: &Browser) {
    browser.click_button("Connect wallet").await;
    browser.wait_for_text(&format!("Connected ETH address: {CHECKSUM_0}")).await;
    browser.wait_for_text("Your Layer 2 balance is: 10,000 CKB").await;
}

async fn open_withdraw_view(browser: &Browser) {
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for("the create button", "const b = document.getElementById('create-withdrawal'); return b && !b.disabled").await;
}

/// A devnet, and a browser with account #0 connected and the withdraw view open.
async fn ready_to_withdraw(test_name: &str) -> (godwoken_devnet::node::Node, Browser) {
    let node = start_devnet(10).await;
    let browser = Browser::start(test_name, 0).await;
    browser.goto(&node.url()).await;
    connect(&browser).await;
    open_withdraw_view(&browser).await;
    (node, browser)
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
    assert!(text.contains("Layer 1 balance: 10,000 CKB"), "the genesis PW-lock cell: {text}");
    browser.screenshot("02-connected").await;
    // The devnet faucet adds 1 000 CKB on Layer 1.
    browser.click_button("Get CKB from the devnet faucet").await;
    browser.wait_for_text("The devnet faucet sent 1,000 CKB to your Layer 1 address.").await;
    browser.wait_for_text("Layer 1 balance: 11,000 CKB").await;

    open_withdraw_view(&browser).await;
    // The 2021 explanation, with this network's challenge period (this devnet makes blocks on
    // demand: no time is promised).
    let view = browser.js("return document.getElementById('withdraw-view').innerText").await;
    assert!(
        view.as_str().unwrap_or_default().contains("Then you need to wait for the challenge period to end: 10 blocks on Devnet (local), made on demand; after that the funds are released to your Layer 1 address automatically."),
        "{view}"
    );
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
    let row = browser
        .wait_for("the pending row", "const r = document.querySelector('tbody tr'); return r && r.innerText.endsWith('Pending') && r.innerText")
        .await;
    let row = row.as_str().unwrap_or_default().to_owned();
    assert!(row.contains("400 CKB") && row.contains("40,000,000,000 Shannon") && row.contains("\t1\t"), "{row}");
    assert!(row.contains("8 blocks, made on demand"), "withdrawal block 1 is final at tip 1 + 10; the tip is 3; this devnet promises no time: {row}");
    browser.wait_for_text("Last finalized block: 0.").await;
    browser.screenshot("06-pending").await;

    // Past the challenge period the devnet releases the funds on Layer 1.
    devnet_rpc(&node, "dev_mine", json!(["0xa"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Released on Layer 1").await;
    // Genesis and the faucet gave the account 11 000 CKB on Layer 1; the release adds the 400.
    browser.wait_for_text("Layer 1 balance: 11,400 CKB").await;
    browser.screenshot("07-released").await;

    // The Content-Security-Policy held the whole way without getting in the way, and it is in
    // force: an injected inline script does not run.
    assert_eq!(browser.js("return window.__cspViolations").await, json!([]));
    browser.js("const s = document.createElement('script'); s.textContent = 'window.__inlineRan = 1'; document.body.appendChild(s); return true").await;
    browser.wait_for("the CSP to report the inline script", "return window.__cspViolations.length > 0").await;
    assert_eq!(browser.js("return window.__inlineRan === undefined").await, true);

    browser.assert_fits_a_phone("08-narrow-320px").await;
    browser.quit().await;
    node.stop().await;
}

async fn nonce_of_account_0(node: &godwoken_devnet::node::Node) -> u128 {
    quantity(&devnet_rpc(node, "gw_get_nonce", json!(["0x3"])).await)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_rejected_signature_says_so_and_nothing_is_sent() {
    let (node, browser) = ready_to_withdraw("rejected-signature").await;
    browser.js("window.__testWallet.mode = 'reject'; return true").await;
    browser.click_button("Create new withdrawal request").await;
    browser.wait_for_text("You cancelled the request in your wallet. Nothing was signed or sent.").await;
    // The busy state is over: the button works again, and the chain did not move.
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    assert_eq!(nonce_of_account_0(&node).await, 0);
    browser.screenshot("rejected").await;
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn invalid_amounts_are_explained_as_you_type() {
    let (node, browser) = ready_to_withdraw("invalid-amounts").await;
    // The field must survive re-renders (a re-created input loses focus and keystrokes).
    browser.js("window.__replaced = 0; new MutationObserver((m) => { for (const r of m) for (const n of r.removedNodes) if (n.querySelector && n.querySelector('#withdraw-amount')) window.__replaced++; }).observe(document.body, {childList: true, subtree: true}); return true").await;
    let cases = [
        ("1.123456789", "CKB has at most 8 decimal places; this amount has 9."),
        ("100", "The minimum withdrawal is 265 CKB"),
        ("20000", "You can withdraw at most 10,000 CKB"),
        ("1,000", "Use a dot for decimals and no thousands separators"),
        ("-400", "Enter the amount without a sign."),
        ("1e3", "no exponent"),
    ];
    for (typed, reason) in cases {
        browser.type_into("#withdraw-amount", typed).await;
        let script = format!("return document.getElementById('amount-error').textContent.includes({})", json!(reason));
        browser.wait_for(&format!("the reason for {typed:?}"), &script).await;
        assert_eq!(browser.js("return document.getElementById('create-withdrawal').disabled").await, true, "{typed}");
        assert_eq!(browser.js("return document.getElementById('withdraw-amount').getAttribute('aria-invalid')").await, "true");
    }
    assert_eq!(browser.js("return window.__replaced").await, 0, "the amount field was re-created while typing");
    browser.screenshot("invalid").await;
    browser.assert_fits_a_phone("invalid-320px").await;
    browser.click_button("Max").await;
    browser.wait_for("Max to fill the balance", "return document.getElementById('withdraw-amount').value === '10000'").await;
    assert_eq!(browser.js("return document.getElementById('create-withdrawal').disabled").await, false);
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn wrong_rollup_constants_or_a_dead_node_refuse_to_sign() {
    let node = start_devnet(10).await;
    let browser = Browser::start("wrong-network", 0).await;
    browser.goto(&node.url()).await;
    connect(&browser).await;
    // A node outside the page's Content-Security-Policy is explained, not attempted.
    browser.click("label[for='network-custom']").await;
    browser.type_into("#custom-rpc", "https://example.org/rpc").await;
    browser.type_into("#custom-indexer", "https://example.org/indexer").await;
    browser.click_button("Use this node").await;
    browser.wait_for_text("so it cannot reach https://example.org").await;
    // The devnet, named as a custom node with the 2021 mainnet's constants: a mismatch.
    browser.type_into("#custom-rpc", &format!("{}/rpc", node.url())).await;
    browser.type_into("#custom-indexer", &format!("{}/indexer", node.url())).await;
    browser.js("const s = document.getElementById('custom-constants'); s.value = 'mainnet'; s.dispatchEvent(new Event('change', {bubbles: true})); return true").await;
    browser.click_button("Use this node").await;
    browser.wait_for_text("This node belongs to another Godwoken network").await;
    browser.wait_for_text("Signing is disabled").await;
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for_text("Connect your wallet to a reachable node of the selected network to withdraw.").await;
    assert_eq!(browser.js("return document.getElementById('create-withdrawal')").await, serde_json::Value::Null);
    browser.screenshot("mismatch").await;
    browser.assert_fits_a_phone("mismatch-320px").await;

    // A node that is down: a clear message and a retry, never a blank page.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    browser.type_into("#custom-rpc", &format!("http://127.0.0.1:{closed}/rpc")).await;
    browser.type_into("#custom-indexer", &format!("http://127.0.0.1:{closed}/indexer")).await;
    browser.js("const s = document.getElementById('custom-constants'); s.value = 'testnet'; s.dispatchEvent(new Event('change', {bubbles: true})); return true").await;
    browser.click_button("Use this node").await;
    browser.wait_for_text(&format!("The node at http://127.0.0.1:{closed}/rpc cannot be reached.")).await;
    browser.wait_for("a Retry button", "return [...document.querySelectorAll('button')].some(b => b.textContent === 'Retry')").await;
    browser.screenshot("node-down").await;
    browser.assert_fits_a_phone("node-down-320px").await;
    // Back to the devnet: everything works again.
    browser.click("label[for='network-devnet']").await;
    browser.wait_for_text("Devnet (local): the node answers and its rollup constants match.").await;
    browser.wait_for("the create button", "const b = document.getElementById('create-withdrawal'); return b && !b.disabled").await;
    assert_eq!(nonce_of_account_0(&node).await, 0);
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_reload_keeps_the_submitted_request_and_double_clicks_submit_once() {
    let (node, browser) = ready_to_withdraw("reload").await;
    // Three clicks in one go: one signature request, one submission.
    browser.js("const b = document.getElementById('create-withdrawal'); b.click(); b.click(); b.click(); return true").await;
    browser.sign_next(0, &dev_signer(0)).await;
    browser.wait_for_text("Success! Withdrawal request sent.").await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 1);
    assert_eq!(nonce_of_account_0(&node).await, 1);

    // After a reload the wallet is restored silently and the request is shown at once.
    browser.reload().await;
    browser.wait_for_text(&format!("Connected ETH address: {CHECKSUM_0}")).await;
    assert_eq!(browser.js("return window.__testWallet.calls.includes('eth_requestAccounts')").await, false);
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for_text("Waiting for the Layer 1 indexer").await;
    browser.screenshot("after-reload").await;
    devnet_rpc(&node, "dev_mine", json!(["0x3"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for("the pending row", "const r = document.querySelector('tbody tr'); return r && r.innerText.includes('Pending')").await;
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn switching_account_while_the_wallet_is_open_sends_nothing() {
    let (node, browser) = ready_to_withdraw("account-switch").await;
    browser.click_button("Create new withdrawal request").await;
    let (id, params) = browser.next_sign_request(0).await;
    let other = dev_signer(1).address();
    browser.js(&format!("window.__testWallet.switchAccount({}); return true", json!(other.to_lower_hex()))).await;
    browser.wait_for_text(&format!("Connected ETH address: {}", other.to_checksum())).await;
    // The old signature arrives late: it must not be sent.
    browser.sign(id, &params, &dev_signer(0)).await;
    browser.wait_for_text("Your Layer 2 balance is: 10,000 CKB").await;
    assert_eq!(nonce_of_account_0(&node).await, 0);
    assert!(!browser.page_text().await.contains("Success!"));
    // Listeners are kept to one per event (removed and added again on change, not piled up).
    assert_eq!(browser.js("return window.__testWallet.listenerCount('accountsChanged')").await, 1);
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_long_list_renders_the_rows_in_view_and_a_reopened_table_starts_at_the_top() {
    let (node, browser) = ready_to_withdraw("long-list").await;
    let account = godwoken_core::account::account_script_hash(&testnet_2021_constants(), &dev_signer(0).address());
    node.devnet.with_chain(|c| c.bench_insert_withdrawal_cells(Some(account), 500, 3)).expect("cells");
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("500 withdrawal request(s).").await;
    let first_row = "return [...document.querySelectorAll('.pending tbody tr:not(.spacer)')].map(r => +r.getAttribute('aria-rowindex'))";
    let rows = browser.js(first_row).await;
    let rows = rows.as_array().expect("row indexes");
    assert!(rows.len() < 60, "only the rows in view and the overscan: {rows:?}");
    assert_eq!(rows[0], 2, "the first data row (row 1 is the header)");

    // Scrolled down to data row 200, the rows around it are rendered and the first ones are not.
    browser.js("document.querySelector('.table-scroll.windowed').scrollTop = 200 * 56; return true").await;
    browser.wait_for("row 202 rendered", "return !!document.querySelector('.pending tr[aria-rowindex=\"202\"]')").await;
    assert_eq!(browser.js("return !!document.querySelector('.pending tr[aria-rowindex=\"2\"]')").await, false);

    // Hidden and shown again, the table is a new element at the top, and shows the top rows.
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for("the view hidden", "return !document.querySelector('.pending')").await;
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for("the table again", "return !!document.querySelector('.table-scroll.windowed')").await;
    assert_eq!(browser.js("return document.querySelector('.table-scroll.windowed').scrollTop").await, 0);
    let rows = browser.js(first_row).await;
    assert_eq!(rows.as_array().and_then(|r| r.first()).cloned(), Some(json!(2)), "{rows:?}");
    // On a phone the table scrolls inside its own box; the page does not widen.
    browser.assert_fits_a_phone("long-list-320px").await;
    browser.quit().await;
    node.stop().await;
}

/// Points the page at `proxy` (a Custom node with the devnet's constants) and connects.
async fn through_proxy(browser: &Browser, proxy: &support::proxy::FaultProxy) {
    choose_proxy_node(browser, proxy).await;
    connect(browser).await;
    open_withdraw_view(browser).await;
}

/// Chooses the proxy as a custom node.
pub(crate) async fn choose_proxy_node(browser: &Browser, proxy: &support::proxy::FaultProxy) {
    // After a reload the page's WebAssembly may not have rendered yet.
    browser.wait_for("the network selector", "return !!document.querySelector(\"label[for='network-custom']\")").await;
    browser.click("label[for='network-custom']").await;
    browser.type_into("#custom-rpc", &format!("{}/rpc", proxy.url)).await;
    browser.type_into("#custom-indexer", &format!("{}/indexer", proxy.url)).await;
    browser.click_button("Use this node").await;
    browser.wait_for_text("Custom node (testnet constants): the node answers and its rollup constants match.").await;
}

/// Clicks create, signs whatever the wallet is asked, and waits for the outcome text.
async fn withdraw_and_expect(browser: &Browser, signed_so_far: usize, outcome: &str) {
    browser.click_button("Create new withdrawal request").await;
    browser.sign_next(signed_so_far, &dev_signer(0)).await;
    browser.wait_for_text(outcome).await;
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn node_faults_are_explained_and_nothing_is_lost_or_doubled() {
    use support::proxy::{Fault, FaultProxy};
    let node = start_devnet(10).await;
    let proxy = FaultProxy::start(&node.url()).await;
    let browser = Browser::start("node-faults", 0).await;
    browser.goto(&node.url()).await;
    through_proxy(&browser, &proxy).await;
    const SUBMIT: Option<&str> = Some("gw_submit_withdrawal_request");

    // A 500 before the node saw it: said so, nothing withdrawn, free to retry.
    proxy.set(Fault::Status500, SUBMIT);
    withdraw_and_expect(&browser, 0, "The request did not reach the node; nothing was withdrawn. You can try again.").await;
    assert!(browser.page_text().await.contains("HTTP status 500"));
    assert_eq!(proxy.disturbed(), 1);
    assert_eq!(nonce_of_account_0(&node).await, 0);
    browser.screenshot("submit-500").await;

    // The node accepted but the answer was cut, garbled or truncated: the page asks the node and
    // reports the success it would otherwise have missed (and a retry would have been refused).
    for (round, fault) in [Fault::Reset, Fault::Malformed, Fault::Truncated].into_iter().enumerate() {
        let before = proxy.disturbed();
        proxy.set(fault, SUBMIT);
        withdraw_and_expect(&browser, round + 1, "Success! Withdrawal request sent.").await;
        assert_eq!(nonce_of_account_0(&node).await, round as u128 + 1, "{fault:?}");
        // At least once: Chromium may retry a POST whose answer was cut; the node's duplicate
        // check and the nonce above show that it still counted once.
        assert!(proxy.disturbed() > before, "{fault:?} hit the submission");
        browser.js("document.querySelector('.success').remove(); return true").await;
    }

    // A slow node: busy the whole time, extra clicks do nothing, one submission.
    let before = proxy.disturbed();
    proxy.set(Fault::Delay(1500), SUBMIT);
    browser.click_button("Create new withdrawal request").await;
    browser.sign_next(4, &dev_signer(0)).await;
    browser.js("const b = document.getElementById('create-withdrawal'); b.click(); b.click(); return true").await;
    browser.wait_for_text("Success! Withdrawal request sent.").await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 5);
    assert_eq!(nonce_of_account_0(&node).await, 4);
    assert_eq!(proxy.disturbed(), before + 1, "one delayed submission");

    // A node that does not answer in time: the page gives up with a message (fake timers make
    // its 15 s timeout fire after 300 ms), and recovers.
    browser.js("window.__fastTimeouts = true; return true").await;
    proxy.set(Fault::Delay(5_000), Some("get_cells"));
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("did not answer within 15 s").await;
    browser.js("window.__fastTimeouts = false; return true").await;

    // The indexer answers garbage, then recovers.
    proxy.set(Fault::Truncated, Some("get_cells"));
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("The node sent an answer this page cannot read").await;
    browser.screenshot("indexer-truncated").await;
    browser.assert_fits_a_phone("indexer-truncated-320px").await;
    proxy.set(Fault::None, None);
    devnet_rpc(&node, "dev_mine", json!(["0x3"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for("four pending rows", "return [...document.querySelectorAll('tbody tr')].filter(r => r.innerText.endsWith('Pending')).length === 4").await;
    assert!(!browser.page_text().await.contains("cannot read"), "the error is gone once the node recovers");
    browser.screenshot("recovered").await;
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn an_unknown_outcome_blocks_a_second_withdrawal_until_the_node_tells() {
    use support::proxy::{Fault, FaultProxy};
    let node = start_devnet(10).await;
    let proxy = FaultProxy::start(&node.url()).await;
    let browser = Browser::start("unknown-outcome", 0).await;
    browser.goto(&node.url()).await;
    through_proxy(&browser, &proxy).await;

    // The node takes the request, the answer is cut, and the node cannot be asked afterwards.
    proxy.set(Fault::Reset, Some("gw_submit_withdrawal_request"));
    proxy.also(Fault::Status500, "gw_get_withdrawal");
    browser.click_button("Create new withdrawal request").await;
    browser.sign_next(0, &dev_signer(0)).await;
    browser.wait_for_text("It is not known whether the node received the request").await;
    assert_eq!(nonce_of_account_0(&node).await, 1, "the node did take it");

    // No second withdrawal while its fate is unknown: the button stays off and says why.
    browser.wait_for_text("It is not known yet whether the node took your request").await;
    assert_eq!(browser.js("return document.getElementById('create-withdrawal').disabled").await, true);
    browser.js("document.getElementById('create-withdrawal').click(); return true").await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 1, "no second signature was asked");
    browser.screenshot("unknown-outcome").await;

    // A reload keeps it blocked: the fate is remembered, not the button's state.
    browser.reload().await;
    choose_proxy_node(&browser, &proxy).await;
    browser.wait_for_text(&format!("Connected ETH address: {CHECKSUM_0}")).await;
    browser.click_button("Toggle Withdraw view").await;
    browser.wait_for_text("It is not known yet whether the node took your request").await;

    // The node can be asked again: the page's own refresh finds the request and frees the form.
    proxy.set(Fault::None, None);
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    assert!(!browser.page_text().await.contains("It is not known yet"));
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 0, "nothing signed since the reload");
    assert_eq!(nonce_of_account_0(&node).await, 1, "nothing was withdrawn twice");
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_misbehaving_wallet_never_leaves_the_page_stuck() {
    let (node, browser) = ready_to_withdraw("misbehaving-wallet").await;
    for (mode, text) in [
        ("pending", "A request is already open in your wallet. Open the wallet and answer it first."),
        ("disconnected", "Your wallet is disconnected. Unlock it or reconnect it, then try again."),
    ] {
        browser.js(&format!("window.__testWallet.mode = '{mode}'; return true")).await;
        browser.click_button("Create new withdrawal request").await;
        browser.wait_for_text(text).await;
        browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    }
    // A wallet that hangs on the account check before signing: the page stops waiting with a
    // message (fake timers make its 10 s deadline fire after 300 ms) instead of "Working…" forever.
    browser.js("window.__testWallet.mode = 'silent'; window.__fastTimeouts = true; return true").await;
    browser.click_button("Create new withdrawal request").await;
    browser.wait_for_text("Your wallet did not answer within 10 s.").await;
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    browser.js("window.__fastTimeouts = false; return true").await;
    browser.js("window.__testWallet.mode = 'normal'; return true").await;

    // A wallet that never answers: the user can cancel, and a late signature sends nothing.
    browser.click_button("Create new withdrawal request").await;
    let (id, params) = browser.next_sign_request(0).await;
    browser.screenshot("waiting-for-wallet").await;
    browser.assert_fits_a_phone("waiting-for-wallet-320px").await;
    browser.click_button("Cancel").await;
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    browser.sign(id, &params, &dev_signer(0)).await;

    // The chain switched in the wallet while it was open: abandoned, nothing sent.
    browser.click_button("Create new withdrawal request").await;
    let (id, params) = browser.next_sign_request(1).await;
    browser.js("window.__testWallet.switchChain('0x1'); return true").await;
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    browser.sign(id, &params, &dev_signer(0)).await;
    browser.wait_for_text("Your Layer 2 balance is: 10,000 CKB").await;
    assert_eq!(nonce_of_account_0(&node).await, 0);
    assert!(!browser.page_text().await.contains("Success!"));

    // The wallet's account changed without an event: the page refuses to sign for an account
    // other than the one it shows, and never asks for the signature.
    let other = dev_signer(1).address();
    browser.js(&format!("window.__testWallet.switchAccountSilently({}); return true", json!(other.to_lower_hex()))).await;
    browser.click_button("Create new withdrawal request").await;
    browser.wait_for_text(&format!("Your wallet's account is no longer {CHECKSUM_0}.")).await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 2, "no signature asked");
    browser.js(&format!("window.__testWallet.switchAccountSilently({}); return true", json!(dev_signer(0).address().to_lower_hex()))).await;

    // A wallet that signs with another key: the node refuses the request (the page leaves
    // signer recovery to the node, which checks it anyway) and says what to do; nothing moves.
    browser.click_button("Create new withdrawal request").await;
    browser.sign_next(2, &dev_signer(1)).await;
    browser
        .wait_for_text("The node refused the request: Unlock error Invalid signature. The signature does not belong to this account")
        .await;
    browser.wait_for("the button enabled again", "return !document.getElementById('create-withdrawal').disabled").await;
    assert_eq!(nonce_of_account_0(&node).await, 0);

    // And after all that, a normal withdrawal works.
    withdraw_and_expect(&browser, 3, "Success! Withdrawal request sent.").await;
    assert_eq!(nonce_of_account_0(&node).await, 1);
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn with_manual_release_unlock_sends_a_final_withdrawal_home() {
    let node = start_devnet_serving(10, &project_root().join("dist"), &["--unlock", "manual"]).await;
    let browser = Browser::start("manual-unlock", 0).await;
    browser.goto(&node.url()).await;
    connect(&browser).await;
    open_withdraw_view(&browser).await;
    browser.click_button("Create new withdrawal request").await;
    browser.sign_next(0, &dev_signer(0)).await;
    browser.wait_for_text("Success! Withdrawal request sent.").await;

    assert!(browser.page_text().await.contains("after that you unlock the funds with \"Unlock\" in the list below"));
    // Final after the challenge period, and left to its owner: "Unlock".
    devnet_rpc(&node, "dev_mine", json!(["0xe"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Final: ready to unlock").await;
    browser.screenshot("01-ready-to-unlock").await;
    browser.assert_fits_a_phone("01-ready-to-unlock-320px").await;
    // The wallet left open: "Cancel" ends the wait, and nothing is sent.
    browser.click_button("Unlock").await;
    browser.next_sign_request(1).await;
    browser.click_button("Cancel").await;
    browser.wait_for_text("The Unlock failed: Cancelled: nothing was sent.").await;
    browser.click_button("Unlock").await;
    let (id, params) = browser.next_sign_request(2).await;
    assert_eq!(params[1], json!(dev_signer(0).address().to_lower_hex()), "personal_sign([message, address])");
    browser.sign(id, &params, &dev_signer(0)).await;
    browser.wait_for_text("The CKB node took the Unlock: Layer 1 transaction").await;
    devnet_rpc(&node, "dev_mine", json!(["0x1"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Released on Layer 1").await;
    // 10 000 CKB at genesis, the 400 back, less the 2021 page's 10 000 shannon fee.
    browser.wait_for_text("Layer 1 balance: 10,399.9999 CKB").await;
    browser.screenshot("02-released").await;
    assert_conserved(&node).await;
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn an_unlock_of_unknown_fate_is_sent_again_never_rebuilt() {
    use support::proxy::{Fault, FaultProxy};
    let node = start_devnet_serving(10, &project_root().join("dist"), &["--unlock", "manual"]).await;
    let proxy = FaultProxy::start(&node.url()).await;
    let browser = Browser::start("unlock-unknown", 0).await;
    browser.goto(&node.url()).await;
    // A custom node with the testnet constants whose owner unlocks final withdrawals.
    browser.wait_for("the network selector", "return !!document.querySelector(\"label[for='network-custom']\")").await;
    browser.click("label[for='network-custom']").await;
    browser.js("const s = document.getElementById('custom-release'); s.value = 'manual'; s.dispatchEvent(new Event('change', {bubbles: true})); return true").await;
    through_proxy(&browser, &proxy).await;
    withdraw_and_expect(&browser, 0, "Success! Withdrawal request sent.").await;
    devnet_rpc(&node, "dev_mine", json!(["0xe"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Final: ready to unlock").await;

    // The node takes the Unlock, the answer is cut, and the node cannot be asked.
    proxy.set(Fault::Reset, Some("send_transaction"));
    proxy.also(Fault::Status500, "get_transaction");
    browser.click_button("Unlock").await;
    browser.sign_next(1, &dev_signer(0)).await;
    browser.wait_for_text("may have been sent").await;
    // Unlock again: the same signed transaction goes out, no new signature is asked.
    proxy.set(Fault::None, None);
    browser.click_button("Send the Unlock again").await;
    // The node had it from the first send: said so, nothing sent twice.
    browser.wait_for_text("The Unlock was already sent: the CKB node has had Layer 1 transaction").await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 2, "one signature for the withdrawal, one for the Unlock");
    devnet_rpc(&node, "dev_mine", json!(["0x1"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Released on Layer 1").await;
    assert_conserved(&node).await;
    browser.quit().await;
    node.stop().await;
}
