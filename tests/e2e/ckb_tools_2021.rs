//! The December 2021 CKB Tools page itself ("Create Layer 2 Account", jordanmack/ckb-tools at
//! e6aeabf8, built unchanged) against the devnet with `--unlock manual`: the 2021 page and its
//! libraries (pw-core 0.4.0-alpha.12, nervos-godwoken-integration 0.0.14, @polyjuice-provider
//! 0.1.1) talk to the 2021 testnet host names, which an init script routes to the devnet, and
//! every other host name fails to resolve (no public network is touched).
//!
//! The page's source is not on a package registry and carries no licence to copy it here, so
//! this test runs only where `scripts/interop-ckb-tools` has built it (it needs GitHub); the
//! README's test command leaves it out.

use serde_json::json;

use super::support::*;

/// Routes the 2021 testnet endpoints (hard-coded in the page's config and in
/// nervos-godwoken-integration) to the devnet, for `fetch` and `XMLHttpRequest` alike.
const ROUTES: &str = r#"(() => {
  const base = "__DEVNET__";
  const routes = {
    "rpc-testnet.ckb.tools": "/ckb", "testnet.ckb.dev": "/ckb", "testnet.ckb.dev/rpc": "/ckb",
    "indexer-testnet.ckb.tools": "/indexer", "testnet.ckb.dev/indexer": "/indexer",
    "godwoken-testnet-web3-rpc.ckbapp.dev": "/rpc",
  };
  window.__routed = {};
  const route = (url) => {
    let u;
    try { u = new URL(String(url), location.href); } catch (e) { return url; }
    const key = u.hostname + (u.pathname === "/" ? "" : u.pathname.replace(/\/$/, ""));
    const path = routes[key];
    if (!path) return url;
    window.__routed[key] = (window.__routed[key] || 0) + 1;
    return base + path;
  };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    if (input instanceof Request) return realFetch.call(this, new Request(route(input.url), input), init);
    return realFetch.call(this, route(input), init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) { return open.call(this, method, route(url), ...rest); };
})();"#;

/// Where `scripts/interop-ckb-tools` left the 2021 page's build.
fn ckb_tools_build() -> std::path::PathBuf {
    let dir = std::env::var_os("CKB_TOOLS_2021_BUILD")
        .map(std::path::PathBuf::from)
        .expect("CKB_TOOLS_2021_BUILD names the 2021 page's build: run `bash scripts/interop-ckb-tools`");
    assert!(dir.join("index.html").is_file(), "{} has no index.html", dir.display());
    dir
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the 2021 CKB Tools build: run by scripts/interop-ckb-tools"]
async fn the_2021_page_creates_an_account_withdraws_and_unlocks_on_the_devnet() {
    the_2021_page_round_trip(true).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the 2021 CKB Tools build: run by scripts/interop-ckb-tools"]
async fn the_2021_page_works_on_the_default_devnet_which_releases_withdrawals_itself() {
    the_2021_page_round_trip(false).await;
}

/// The 2021 page's whole path; with `manual_unlock` (the 2021 networks' release) it ends with its
/// Unlock, otherwise the devnet releases the withdrawal itself after finality.
async fn the_2021_page_round_trip(manual_unlock: bool) {
    let flags: &[&str] = if manual_unlock { &["--unlock", "manual"] } else { &[] };
    // The page is served by a devnet of this test; its chain is that devnet's, or the one at
    // CKB_TOOLS_2021_CHAIN (e.g. `bash scripts/run --unlock manual --block-interval-ms 0
    // --finality-blocks 10`, as scripts/interop-ckb-tools starts it).
    let node = start_devnet_serving(10, &ckb_tools_build(), flags).await;
    let chain = std::env::var("CKB_TOOLS_2021_CHAIN").unwrap_or_else(|_| node.url());
    let signer = fresh_signer();
    let browser = Browser::start_with(
        if manual_unlock { "ckb-tools-2021-manual" } else { "ckb-tools-2021-auto" },
        &signer,
        &["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--disable-features=HttpsUpgrades"],
    )
    .await;
    browser.add_init_script(&ROUTES.replace("__DEVNET__", &chain)).await;
    browser.goto(&node.url()).await;
    // hookrouter follows the History API: open the tool without a server-side route.
    browser.wait_for("the app", "return !!document.querySelector('section.main')").await;
    browser.js("history.pushState(null, '', '/create-layer2-account'); dispatchEvent(new PopStateEvent('popstate')); return true").await;

    // Loads (pw-core reads get_blockchain_info and the wallet), shows the Layer 2 balance.
    let address = signer.address().to_lower_hex();
    browser.wait_for_text(&format!("Connected ETH address: {address}")).await;
    browser.wait_for_text("You don't have a Nervos Layer 2 account yet.").await;
    browser.screenshot_unaudited("01-loaded").await;

    // Layer 1 CKB for the new wallet (the 2021 page links to the public faucet), then its modal.
    devnet_rpc_at(&chain, "dev_fund_layer1", json!([address, "0x174876e800"])).await;
    browser.click_button("Create Layer 2 account").await;
    browser.wait_for_text("Create Nervos Layer 2 Account").await;
    browser.click_button("Create account").await;
    browser.sign_next(0, &signer).await;
    browser.wait_for_text("Please wait between 3 - 5 minutes for account to be created.").await;
    devnet_rpc_at(&chain, "dev_mine", json!(["0x5"])).await;
    browser.wait_for_text("You have successfully created and funded your Layer 2 account!").await;
    browser.wait_for_text("Your Layer 2 balance is: 40000000000 Shannon.").await;
    browser.screenshot_unaudited("02-account-created").await;

    // Withdraws its fixed 400 CKB with a request signed through @polyjuice-provider.
    browser.click_button("Toggle Withdraw view").await;
    browser.click_button("Create new withdrawal request of 400 CKB").await;
    browser.sign_next(1, &signer).await;
    browser.wait_for_text("Withdrawal successfully requested!").await;
    // Layer 1 before the withdrawal comes home.
    let owner = godwoken_core::account::owner_lock(&godwoken_core::network::testnet_2021_constants(), &signer.address());
    let layer1_capacity = |answer: serde_json::Value| u64::from_str_radix(answer["capacity"].as_str().expect("capacity").trim_start_matches("0x"), 16).expect("hex");
    let key = json!({"script": owner, "script_type": "lock"});
    let before = layer1_capacity(devnet_rpc_at(&chain, "get_cells_capacity", json!([key])).await);
    devnet_rpc_at(&chain, "dev_mine", json!(["0x3"])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    // On a chain of its own, nothing is final yet; `scripts/run`'s chain may have history.
    browser.wait_for_text(if chain == node.url() { "Last finalized block: 0." } else { "Last finalized block: " }).await;
    let row = browser.js("return document.querySelector('.withdrawal-table tbody tr').innerText").await;
    assert!(row.as_str().is_some_and(|row| row.starts_with("40000000000\t") && row.ends_with("Not available")), "{row}");
    browser.screenshot_unaudited("03-pending").await;

    // After finality: the 2021 Unlock (GodwokenUnlockBuilder, signed by pw-core) releases it, or
    // the devnet does.
    // Past the chain's challenge period (its /config.json says how long) and the indexer lag.
    let config: serde_json::Value = reqwest::get(format!("{chain}/config.json")).await.expect("config").json().await.expect("JSON");
    let finality = config["finality_blocks"].as_u64().expect("finality_blocks");
    devnet_rpc_at(&chain, "dev_mine", json!([format!("{:#x}", finality + 2)])).await;
    browser.click_button("Fetch pending withdrawal requests").await;
    let fee = if manual_unlock {
        browser.click_button("Unlock").await;
        browser.sign_next(2, &signer).await;
        browser.wait_for_text("(Layer 1 transaction)").await;
        browser.screenshot_unaudited("04-unlocked").await;
        devnet_rpc_at(&chain, "dev_mine", json!(["0x3"])).await;
        browser.click_button("Fetch pending withdrawal requests").await;
        10_000
    } else {
        // Nothing to do: the devnet released it after finality, as the 2021 tutorial's
        // "unlocked automatically" said.
        0
    };
    browser.wait_for_text("No pending withdrawal requests.").await;
    let after = layer1_capacity(devnet_rpc_at(&chain, "get_cells_capacity", json!([key])).await);
    assert_eq!(after - before, 40_000_000_000 - fee, "the 400 CKB are back on Layer 1 (less the 2021 Unlock's 10 000 shannon fee)");
    assert_conserved_at(&chain).await;
    let routed = browser.js("return window.__routed").await;
    assert!(routed.as_object().is_some_and(|r| r.len() >= 3), "the 2021 host names were routed: {routed}");
    browser.quit().await;
    node.stop().await;
}
