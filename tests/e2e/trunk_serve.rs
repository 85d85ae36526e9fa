//! README, "Developing the page": a devnet and `trunk serve`, each started with the README's own
//! lines, and the page that `trunk serve` builds reaching the devnet from another origin.
//! (Trunk's output goes to a folder of the test's, through Trunk's `TRUNK_BUILD_DIST`, so the
//! release build in dist/ that the other tests serve is left alone.)

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::connect;
use crate::support::process::ProcessGroup;
use crate::support::*;

/// The first `trunk serve` compiles the page's debug build; the devnet may need its release build.
const START_DEADLINE: Duration = Duration::from_secs(20 * 60);

/// The lines of the README's block under "Developing the page".
fn readme_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(project_root().join("README.md")).expect("README.md");
    let section = readme.split("### Developing the page").nth(1).expect("the section \"Developing the page\"");
    let block = section.split("```sh\n").nth(1).and_then(|rest| rest.split("```").next()).expect("its code block");
    block.lines().map(str::to_owned).collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromedriver and ports 8024 and 8080: run by scripts/test"]
async fn trunk_serve_beside_a_devnet_as_the_readme_prints_it() {
    let lines = readme_lines();
    let [env, devnet, trunk] = lines.as_slice() else { panic!("the README's block has three lines: {lines:?}") };
    assert!(env.starts_with("source scripts/env.sh"), "{env}");
    assert!(devnet.starts_with("cargo run --release -p godwoken-devnet -- "), "{devnet}");
    assert!(trunk.starts_with("trunk serve --port 8080"), "{trunk}");
    for port in [8024, 8080] {
        assert!(
            TcpListener::bind(("127.0.0.1", port)).is_ok(),
            "port {port} is in use: this test runs the README's commands, which use it; stop what listens there"
        );
    }
    let dist = tempfile::tempdir().expect("a folder for Trunk's output");
    let trunk_dist = [("TRUNK_BUILD_DIST", dist.path().as_os_str())];
    let mut devnet = ProcessGroup::bash(&format!("{env}\n{devnet}"), &project_root(), &trunk_dist);
    let mut trunk = ProcessGroup::bash(&format!("{env}\n{trunk}"), &project_root(), &trunk_dist);

    // The page's origin answers /config.json through Trunk's proxy, with the devnet's endpoints.
    let client = reqwest::Client::new();
    let deadline = Instant::now() + START_DEADLINE;
    let config = loop {
        if let Ok(response) = client.get("http://127.0.0.1:8080/config.json").send().await {
            if let Ok(config) = response.json::<Value>().await {
                break config;
            }
        }
        devnet.assert_running("the devnet");
        trunk.assert_running("trunk serve");
        assert!(Instant::now() < deadline, "trunk serve and the devnet did not serve within {START_DEADLINE:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(config["rpc_url"], "http://127.0.0.1:8024/rpc", "{config}");
    let page = client.get("http://127.0.0.1:8080/").send().await.expect("the page").text().await.expect("text");
    assert!(!page.contains("<script>"), "no inline script, which the Content-Security-Policy would refuse: {page}");

    // In the browser: the node is reached across origins, the wallet connects, balances load, and
    // nothing is refused by the Content-Security-Policy or sent anywhere but the two origins.
    let browser = Browser::start("trunk-serve", 0).await;
    browser
        .add_init_script("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));")
        .await;
    browser.goto("http://127.0.0.1:8080/").await;
    browser.wait_for_text("the node answers and its rollup constants match").await;
    connect(&browser).await;
    browser.wait_for_text("Layer 1 balance: 10,000 CKB").await;
    assert_eq!(browser.js("return window.__cspViolations").await, serde_json::json!([]));
    let requested = browser.js("return performance.getEntriesByType('resource').map(entry => entry.name)").await;
    let requested = requested.as_array().expect("resource entries");
    assert!(requested.iter().any(|url| url.as_str().is_some_and(|url| url.starts_with("http://127.0.0.1:8024/"))), "{requested:?}");
    for url in requested {
        let url = url.as_str().unwrap_or_default();
        assert!(
            url.starts_with("http://127.0.0.1:8080/") || url.starts_with("http://127.0.0.1:8024/"),
            "a request to neither the page's origin nor the devnet: {url}"
        );
    }
    browser.screenshot("01-connected").await;
    browser.quit().await;
}
