//! The page with the keyboard alone: connect, withdraw and fetch the pending list with Tab and
//! Enter, the focus visible at every stop (the wallet's own approval aside).

use serde_json::json;

use super::support::*;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built page and chromedriver: run by scripts/test"]
async fn keyboard_alone_connects_withdraws_and_fetches() {
    let node = start_devnet(10).await;
    let browser = Browser::start("keyboard", 0).await;
    browser.goto(&node.url()).await;
    browser.wait_for_text("the node answers and its rollup constants match").await;

    browser.tab_to("Connect wallet").await;
    browser.press(ENTER).await;
    browser.wait_for_text("Your Layer 2 balance is: 10,000 CKB").await;

    browser.tab_to("Toggle Withdraw view").await;
    browser.press(ENTER).await;
    browser.wait_for("the create button", "const b = document.getElementById('create-withdrawal'); return b && !b.disabled").await;
    // The amount field keeps its default of 400 CKB; the keyboard passes it on the way.
    browser.tab_to("Create new withdrawal request").await;
    browser.press(ENTER).await;
    let (id, params) = browser.next_sign_request(0).await;
    browser.sign(id, &params, &dev_signer(0)).await;
    browser.wait_for_text("Success! Withdrawal request sent.").await;

    devnet_rpc(&node, "dev_mine", json!(["0x3"])).await;
    browser.tab_to("Fetch pending withdrawal requests").await;
    browser.press(ENTER).await;
    browser.wait_for("the pending row", "const r = document.querySelector('tbody tr'); return r && r.innerText.endsWith('Pending')").await;
    browser.wait_for_text("Last finalized block: 0.").await;
    browser.screenshot("keyboard-pending").await;
    browser.assert_fits_a_phone("keyboard-pending-320px").await;
    browser.quit().await;
    node.stop().await;
}
