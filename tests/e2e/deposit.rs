//! The round trip with a brand-new wallet and no terminal: the devnet faucet, "Create Layer 2
//! account", a withdrawal released on Layer 1, and a second deposit.

use serde_json::json;

use super::support::*;

/// Opens the deposit dialog with `button` and checks it is a modal with the focus inside.
async fn open_dialog(browser: &Browser, button: &str, title: &str) {
    browser.click_button(button).await;
    browser.wait_for("the open modal", "const d = document.getElementById('deposit-dialog'); return d.open && d.matches(':modal')").await;
    assert_eq!(browser.js("return document.getElementById('deposit-title').textContent").await, title);
    assert_eq!(browser.js("return document.activeElement.id").await, "deposit-amount", "the focus moves into the dialog");
    browser.wait_for("the summary", "return document.getElementById('deposit-message')").await;
}

/// Signs the deposit the dialog shows and checks the wallet was asked for exactly that message.
async fn confirm_and_sign(browser: &Browser, label: &str, signer: &godwoken_core::eth::DevSigner, seen: usize) {
    let shown = browser.js("return document.getElementById('deposit-message').textContent").await;
    browser.click_button(label).await;
    let (id, params) = browser.next_sign_request(seen).await;
    assert_eq!(params, json!([shown, signer.address().to_lower_hex()]), "personal_sign([message shown, address])");
    // While the wallet is open, Escape does not close the dialog.
    browser.press(ESCAPE).await;
    assert_eq!(browser.js("return document.getElementById('deposit-dialog').open").await, true);
    browser.sign(id, &params, signer).await;
    browser.wait_for_text("Deposit sent: Layer 1 transaction").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_new_wallet_creates_its_account_withdraws_and_deposits_again() {
    let node = start_devnet(10).await;
    let signer = fresh_signer();
    let browser = Browser::start_for("deposit-round-trip", &signer).await;
    browser.goto(&node.url()).await;
    browser.click_button("Connect wallet").await;
    browser.wait_for_text("You don't have a Nervos Layer 2 account yet.").await;
    browser.wait_for_text("Layer 1 balance: 0 CKB").await;

    // Nothing to deposit yet: the dialog says so and offers the faucet.
    browser.click_button("Create Layer 2 account").await;
    browser.wait_for_text("Not enough CKB on Layer 1").await;
    assert_eq!(browser.js("return document.getElementById('confirm-deposit').disabled").await, true);
    browser.screenshot("01-dialog-without-ckb").await;
    browser.click_button("Get CKB from the devnet faucet").await;
    browser.wait_for_text("Layer 1 balance: 1,000 CKB").await;
    browser.wait_for("the summary", "return document.getElementById('deposit-message')").await;
    // Escape closes it when nothing is in flight; the button opens it again with the focus inside.
    browser.press(ESCAPE).await;
    browser.wait_for("the dialog to close", "return !document.getElementById('deposit-dialog').open").await;
    assert_eq!(browser.js("return document.activeElement.id").await, "create-account", "the focus returns to the button that opened it");
    open_dialog(&browser, "Create Layer 2 account", "Create Nervos Layer 2 Account").await;
    browser.type_into("#deposit-amount", "289").await;
    browser.wait_for_text("A deposit must be at least 290 CKB").await;
    browser.type_into("#deposit-amount", "400").await;
    browser.wait_for("the summary", "return document.getElementById('deposit-message')").await;
    let summary = browser.page_text().await;
    assert!(summary.contains("400 CKB (40,000,000,000 Shannon)") && summary.contains("A new account for"), "{summary}");
    browser.screenshot("02-create-account-dialog").await;
    browser.assert_fits_a_phone("02b-create-account-dialog-320px").await;

    confirm_and_sign(&browser, "Create account", &signer, 0).await;
    // Its inputs are spent now: the dialog does not say Layer 1 CKB is short, nor offer the faucet.
    let dialog = browser.js("return document.getElementById('deposit-dialog').innerText").await;
    let dialog = dialog.as_str().unwrap_or_default();
    assert!(!dialog.contains("Not enough CKB") && !dialog.contains("devnet faucet"), "{dialog}");
    browser.screenshot("03-deposit-sent").await;
    browser.assert_fits_a_phone("03b-deposit-sent-320px").await;
    // Committed in the next Layer 1 block, seen by Godwoken 2 blocks later (the indexer lag).
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("You have successfully created and funded your Layer 2 account!").await;
    browser.wait_for_text("Your Layer 2 balance is: 400 CKB").await;
    let text = browser.page_text().await;
    assert!(text.contains("Layer 2 account id: "), "{text}");
    // 1 000 CKB less the deposit and a fee of a few hundred shannons.
    assert!(text.contains("Layer 1 balance: 599.99"), "{text}");
    browser.screenshot("04-account-created").await;
    browser.click_button("Dismiss").await;
    browser.wait_for("the dialog to close", "return !document.getElementById('deposit-dialog').open").await;
    // The button that opened it is gone (the account exists): the focus goes to its successor.
    assert_eq!(browser.js("return document.activeElement.id").await, "deposit", "the focus lands on \"Deposit to Layer 2\"");

    // Withdraw 300 CKB and see it released on Layer 1.
    browser.click_button("Toggle Withdraw view").await;
    browser.type_into("#withdraw-amount", "300").await;
    browser.click_button("Create new withdrawal request").await;
    browser.sign_next(1, &signer).await;
    browser.wait_for_text("Success! Withdrawal request sent.").await;
    devnet_rpc(&node, "dev_mine", json!(["0xe"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    browser.wait_for_text("Released on Layer 1").await;
    browser.wait_for_text("Your Layer 2 balance is: 100 CKB").await;
    browser.wait_for_text("Layer 1 balance: 899.99").await;

    // And deposit again, from the account that now exists.
    open_dialog(&browser, "Deposit to Layer 2", "Deposit to Layer 2").await;
    assert!(browser.page_text().await.contains("Account id "), "the summary names the account it funds");
    confirm_and_sign(&browser, "Deposit", &signer, 2).await;
    // Committed in the next Layer 1 block, seen by Godwoken 2 blocks later (the indexer lag).
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("Deposit collected: 400 CKB added to your Layer 2 balance.").await;
    browser.wait_for_text("Your Layer 2 balance is: 500 CKB").await;
    browser.screenshot("05-deposited-again").await;
    assert_eq!(browser.js("return window.__cspViolations").await, json!([]));
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_refused_signature_or_a_lost_answer_never_deposits_twice() {
    use super::support::proxy::{Fault, FaultProxy};
    let node = start_devnet(10).await;
    let proxy = FaultProxy::start(&node.url()).await;
    let signer = dev_signer(0);
    let browser = Browser::start("deposit-faults", 0).await;
    browser.goto(&node.url()).await;
    super::choose_proxy_node(&browser, &proxy).await;
    super::connect(&browser).await;

    // The wallet refuses: said in words, nothing sent, free to try again.
    browser.js("window.__testWallet.mode = 'reject'; return true").await;
    open_dialog(&browser, "Deposit to Layer 2", "Deposit to Layer 2").await;
    browser.click_button("Deposit").await;
    browser.wait_for_text("You cancelled the request in your wallet.").await;
    browser.wait_for("the button again", "return !document.getElementById('confirm-deposit').disabled").await;
    browser.screenshot("01-signature-refused").await;
    browser.js("window.__testWallet.mode = 'normal'; return true").await;

    // The node takes it but the answer is cut: the page asks get_transaction and follows it.
    proxy.set(Fault::Reset, Some("send_transaction"));
    confirm_and_sign(&browser, "Deposit", &signer, 0).await;
    proxy.set(Fault::None, None);
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("Deposit collected: 400 CKB added to your Layer 2 balance.").await;
    browser.wait_for_text("Your Layer 2 balance is: 10,400 CKB").await;

    // Cut again, and the node cannot be asked: the signed transaction is kept, nothing new is
    // built, and sending it again deposits once.
    proxy.set(Fault::Reset, Some("send_transaction"));
    proxy.also(Fault::Status500, "get_transaction");
    browser.wait_for("the button again", "return !document.getElementById('confirm-deposit').disabled").await;
    browser.click_button("Deposit").await;
    browser.sign_next(1, &signer).await;
    browser.wait_for_text("The CKB node's answer was lost").await;
    assert_eq!(browser.js("return document.getElementById('confirm-deposit').disabled").await, true, "no new deposit is built");
    browser.screenshot("02-outcome-unknown").await;
    browser.assert_fits_a_phone("02b-outcome-unknown-320px").await;
    proxy.set(Fault::None, None);
    browser.click_button("Send again").await;
    // The node took it the first time: a resend is reported as already sent.
    browser.wait_for_text("Deposit already sent: the CKB node has had Layer 1 transaction").await;
    browser.screenshot("02c-already-sent").await;
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("Deposit collected: 400 CKB added to your Layer 2 balance.").await;
    browser.wait_for_text("Your Layer 2 balance is: 10,800 CKB").await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 2, "two signatures, two deposits");
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    let balance = devnet_rpc(&node, "eth_getBalance", json!([signer.address().to_lower_hex(), "latest"])).await;
    assert_eq!(balance, json!(format!("{:#x}", 10_800u64 * 100_000_000)), "each deposit counted once");

    // A reload while the deposit is on its way: the page takes it up again and sees it collected.
    confirm_and_sign(&browser, "Deposit", &signer, 2).await;
    browser.reload().await;
    super::choose_proxy_node(&browser, &proxy).await;
    browser.wait_for_text("Deposit sent: Layer 1 transaction").await;
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("Deposit collected: 400 CKB added to your Layer 2 balance.").await;
    browser.wait_for_text("Your Layer 2 balance is: 11,200 CKB").await;

    // A reload while the fate is unknown: the signed transaction is still there, to be sent
    // again as it is, and nothing new can be built.
    proxy.set(Fault::Reset, Some("send_transaction"));
    proxy.also(Fault::Status500, "get_transaction");
    open_dialog(&browser, "Deposit to Layer 2", "Deposit to Layer 2").await;
    browser.click_button("Deposit").await;
    // The wallet's list starts again with each page load.
    browser.sign_next(0, &signer).await;
    browser.wait_for_text("The CKB node's answer was lost").await;
    browser.reload().await;
    proxy.set(Fault::None, None);
    super::choose_proxy_node(&browser, &proxy).await;
    browser.wait_for_text("The page was closed or reloaded while transaction").await;
    browser.click_button("Deposit to Layer 2").await;
    assert_eq!(browser.js("return document.getElementById('confirm-deposit').disabled").await, true, "no new deposit is built");
    browser.screenshot("03-unknown-after-reload").await;
    browser.click_button("Send again").await;
    // The node took it the first time: a resend is reported as already sent.
    browser.wait_for_text("Deposit already sent: the CKB node has had Layer 1 transaction").await;
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("Deposit collected: 400 CKB added to your Layer 2 balance.").await;
    browser.wait_for_text("Your Layer 2 balance is: 11,600 CKB").await;
    assert_eq!(browser.js("return window.__testWallet.signRequests.length").await, 0, "nothing signed again after the reload");
    let balance = devnet_rpc(&node, "eth_getBalance", json!([signer.address().to_lower_hex(), "latest"])).await;
    assert_eq!(balance, json!(format!("{:#x}", 11_600u64 * 100_000_000)), "each deposit counted once");
    browser.quit().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn a_deposit_godwoken_leaves_is_listed_and_cancelled_after_its_timeout() {
    use std::sync::atomic::Ordering;
    let (node, clock) = start_devnet_on_manual_clock(10).await;
    let key = fresh_key();
    let signer = godwoken_core::eth::DevSigner::from_hex(&key).expect("key");
    let address = signer.address().to_lower_hex();
    devnet_rpc(&node, "dev_fund_layer1", json!([address, format!("{:#x}", 1_000u64 * 100_000_000)])).await;

    // The real 2021 client (pw-core, under Node.js) deposits 250 CKB: below the 290 Godwoken
    // collects (the complaint of godwoken#574), with the 2021 client's 48-hour cancel timeout.
    let (constants, layer1) = (godwoken_core::network::testnet_2021_constants(), godwoken_core::ckb::constants::testnet_2021_layer1());
    let lock = godwoken_core::ckb::build::deposit_lock(&constants, &layer1, &signer.address(), godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021);
    let ckb_url = format!("{}/ckb", node.url());
    let npm = project_root().join("tests/npm");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .current_dir(npm)
            .args(["pw_core_deposit.js", &ckb_url, &ckb_url, &key, &lock.code_hash.to_string(), &lock.args.to_string(), "250"])
            .output()
            .expect("node runs (scripts/setup --browser installs the npm tests)")
    })
    .await
    .expect("joined");
    assert!(output.status.success(), "pw-core: {} {}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    devnet_rpc(&node, "dev_mine", json!(["0x5"])).await;

    let browser = Browser::start_for("deposit-left-and-cancelled", &signer).await;
    browser.goto(&node.url()).await;
    browser.click_button("Connect wallet").await;
    browser.wait_for_text("Your deposits").await;
    browser.wait_for_text("250 CKB, Layer 1 block").await;
    browser.wait_for_text("Not collected: it is below the 290 CKB Godwoken collects; it is too small to become a custodian cell. You can cancel it in about 2 d").await;
    assert!(!browser.page_text().await.contains("Cancel deposit"), "not before its timeout");
    browser.screenshot("01-not-collected").await;
    browser.assert_fits_a_phone("01b-not-collected-320px").await;

    // 48 hours later (the median of the last 37 Layer 1 blocks has passed the timeout too).
    clock.fetch_add(48 * 3_600_000 + 60_000, Ordering::SeqCst);
    devnet_rpc(&node, "dev_mine", json!(["0x28"])).await;
    // After a reload the wallet that already shared its account is restored without a prompt.
    browser.reload().await;
    browser.click_button("Cancel deposit").await;
    browser.sign_next(0, &signer).await;
    browser.wait_for_text("The CKB node took the cancel of the deposit").await;
    browser.screenshot("02-cancel-sent").await;
    devnet_rpc(&node, "dev_mine", json!(["0x1"])).await;
    browser.click_button("Get CKB from the devnet faucet").await;
    browser.wait_for("the list to empty", "return !document.body.innerText.includes('Your deposits')").await;
    // 1 000 + 1 000 from the faucet, less the two fees of a few hundred shannons each.
    browser.wait_for_text("Layer 1 balance: 1,999.99").await;
    assert_conserved(&node).await;
    browser.quit().await;
    node.stop().await;
}
