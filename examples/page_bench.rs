//! Page benchmark in headless Chromium on loopback: cold start until "Connect wallet" is
//! enabled (median of 10, and the same markup as a static page, for the ratio), click on
//! "Create new withdrawal request" until the wallet gets `personal_sign`, the signature until
//! the success text, and a big account (10 000 withdrawals among 1 000 000 foreign cells):
//! fetch and render (also at 100 and 1 000), the longest frame while scrolling, the JS heap and
//! the WebAssembly memory. Prints Markdown rows `| figure | value | budget | ok |`; exit code 1
//! when a budget is broken. Run by `scripts/bench` (needs the built page in dist/).

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::json;
use support::{dev_signer, start_devnet, Browser};

/// Records, from the first moment, when the page becomes interactive and when the user clicks.
const PROBE: &str = r#"
  window.__marks = {};
  const mark = (name) => { if (!(name in window.__marks)) window.__marks[name] = performance.now(); };
  new MutationObserver(() => {
    for (const b of document.querySelectorAll('button')) if (b.textContent.trim() === 'Connect wallet' && !b.disabled) mark('interactive');
    if (document.querySelector('.success')) mark('success');
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  document.addEventListener('click', (e) => { if (e.target.id === 'create-withdrawal') window.__marks.click = performance.now(); }, true);
"#;

/// The markup without its preload links (the static page must not fetch the app's code).
fn without_preloads(markup: &str) -> String {
    let mut rest = markup;
    let mut out = String::with_capacity(markup.len());
    while let Some(start) = rest.find("<link ") {
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[..start]);
        if !rest[start..end].contains("preload") {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Opens the page as dev account `dev_index`, which holds `withdrawals` withdrawal cells, and
/// times "Fetch pending withdrawal requests" until every row is rendered (median of 5).
async fn fetch_and_render(url: &str, dev_index: usize, withdrawals: u64) -> (f64, Browser) {
    let browser = Browser::start("bench-big", dev_index).await;
    browser.add_init_script(PROBE).await;
    browser.goto(url).await;
    browser.click_button("Connect wallet").await;
    browser.click_button("Toggle Withdraw view").await;
    let rendered = format!(
        "const t = document.querySelector('.pending table'); return !document.querySelector('.pending').innerText.includes('Fetching') && t && Number(t.getAttribute('aria-rowcount')) >= {}",
        withdrawals + 1
    );
    browser.wait_for("the first fetch of the account", &rendered).await;
    // The click and the clock start in the page; a mutation observer stops the clock when the
    // list has been rendered after the fetch ("Fetching…" is shown while it runs), however
    // short the fetch is.
    let measure = format!(
        "const section = document.querySelector('.pending'); const button = section.querySelector('button');
         const f = window.__fetch = {{ seen: false, end: 0, start: 0 }};
         const observer = new MutationObserver(() => {{
           if (section.querySelector('#pending-fetching')) {{ f.seen = true; return; }}
           const t = section.querySelector('table');
           if (f.seen && t && Number(t.getAttribute('aria-rowcount')) >= {}) {{ f.end = performance.now(); observer.disconnect(); }}
         }});
         observer.observe(section, {{ subtree: true, childList: true, attributes: true, characterData: true }});
         f.start = performance.now(); button.click(); return true",
        withdrawals + 1
    );
    let mut fetches = Vec::new();
    for _ in 0..5 {
        browser.js(&measure).await;
        let took = browser.wait_for("the fetch to be rendered", "const f = window.__fetch; return f.end > 0 && f.end - f.start").await;
        fetches.push(took.as_f64().unwrap_or(f64::NAN));
    }
    (median(fetches), browser)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn row(figure: &str, value: String, budget: &str, ok: Option<bool>) {
    let verdict = match ok { Some(true) => "yes", Some(false) => "**NO**", None => "" };
    println!("| {figure} | {value} | {budget} | {verdict} |");
}

#[tokio::main]
async fn main() {
    let node = start_devnet(10).await;
    let url = node.url();

    // Cold starts: a fresh browser profile each time.
    let mut starts = Vec::new();
    let mut markup = String::new();
    for _ in 0..10 {
        let browser = Browser::start("bench-start", 0).await;
        browser.add_init_script(PROBE).await;
        browser.goto(&url).await;
        let at = browser.wait_for("interactive", "return window.__marks.interactive").await;
        starts.push(at.as_f64().unwrap_or(f64::NAN));
        if markup.is_empty() {
            markup = browser.js("return document.documentElement.outerHTML").await.as_str().unwrap_or_default().to_owned();
        }
        browser.quit().await;
    }
    // The same markup as a static page (no scripts), served the same way.
    let static_dir = tempfile::tempdir().expect("dir");
    let without_scripts = without_preloads(&markup.replace("<script type=\"module\" src=\"boot.js\"></script>", ""));
    std::fs::write(static_dir.path().join("index.html"), format!("<!doctype html>{without_scripts}")).expect("write");
    std::fs::copy(support::project_root().join("dist/style.css"), static_dir.path().join("style.css")).expect("css");
    let static_node = {
        let args = <godwoken_devnet::config::Args as clap::Parser>::parse_from([
            "godwoken-devnet", "--listen", "127.0.0.1:0", "--ephemeral", "--block-interval-ms", "0", "--dist", &static_dir.path().display().to_string(),
        ]);
        godwoken_devnet::node::Node::start(&args, godwoken_devnet::devnet::system_clock()).await.expect("static server")
    };
    let mut statics = Vec::new();
    for _ in 0..10 {
        let browser = Browser::start("bench-static", 0).await;
        browser.goto(&static_node.url()).await;
        let load = browser.wait_for("load", "const n = performance.getEntriesByType('navigation')[0]; return n && n.loadEventEnd > 0 && n.loadEventEnd").await;
        statics.push(load.as_f64().unwrap_or(f64::NAN));
        browser.quit().await;
    }
    let (start, baseline) = (median(starts), median(statics));
    let mut failed = false;
    let start_ok = start <= 150.0 && start <= 3.0 * baseline;
    failed |= !start_ok;
    row("page: cold start to \"Connect wallet\" enabled (median of 10)", format!("{start:.0} ms"), "<= 150 ms", Some(start <= 150.0));
    row("page: the same markup as static HTML, load event (median of 10)", format!("{baseline:.0} ms (ratio {:.1}x)", start / baseline), "ratio <= 3x", Some(start <= 3.0 * baseline));

    // Click to wallet and signature to success, 10 withdrawals.
    let browser = Browser::start("bench-click", 0).await;
    browser.add_init_script(PROBE).await;
    browser.goto(&url).await;
    browser.click_button("Connect wallet").await;
    browser.click_button("Toggle Withdraw view").await;
    let (mut to_wallet, mut to_success) = (Vec::new(), Vec::new());
    for attempt in 0..10usize {
        browser.wait_for("the create button", "const b = document.getElementById('create-withdrawal'); return b && !b.disabled && b.textContent.includes('Create')").await;
        browser.js("delete window.__marks.success; delete window.__marks.click; return true").await;
        browser.click("#create-withdrawal").await;
        let (id, params) = browser.next_sign_request(attempt).await;
        let asked = browser.js(&format!("return window.__testWallet.signRequests[{attempt}].at - window.__marks.click")).await;
        to_wallet.push(asked.as_f64().unwrap_or(f64::NAN));
        let message = godwoken_core::hex::decode(params[0].as_str().expect("message")).expect("hex");
        let signature = dev_signer(0).personal_sign(&message).expect("sign");
        let answered = browser
            .js(&format!("window.__signedAt = performance.now(); window.__testWallet.resolve({id}, {}); return true", json!(godwoken_core::hex::encode(signature))))
            .await;
        assert_eq!(answered, true);
        let done = browser.wait_for("success", "return window.__marks.success && (window.__marks.success - window.__signedAt)").await;
        to_success.push(done.as_f64().unwrap_or(f64::NAN));
        browser.js("document.querySelector('.success').remove(); return true").await;
    }
    let (wallet, success) = (median(to_wallet), median(to_success));
    failed |= wallet > 30.0;
    row("page: click to personal_sign in the wallet (median of 10)", format!("{wallet:.1} ms"), "<= 30 ms (one RPC round trip)", Some(wallet <= 30.0));
    row("page: signature to \"Success!\" (median of 10)", format!("{success:.1} ms"), "", None);
    browser.quit().await;

    // Big accounts among 1 000 000 cells of other accounts: 100, 1 000 and 10 000 withdrawals
    // (dev accounts #1, #2 and #0), to show how the cost grows; the budget is on 10 000.
    let constants = godwoken_core::network::testnet_2021_constants();
    node.devnet.with_chain(|c| c.bench_insert_withdrawal_cells(None, 1_000_000, 7)).expect("foreign cells");
    let mut browser = None;
    for (dev_index, withdrawals, seed) in [(1usize, 100u64, 9u64), (2, 1_000, 10), (0, 10_000, 8)] {
        let account = godwoken_core::account::account_script_hash(&constants, &dev_signer(dev_index).address());
        node.devnet.with_chain(|c| c.bench_insert_withdrawal_cells(Some(account), withdrawals, seed)).expect("own cells");
        let (fetch, open) = fetch_and_render(&url, dev_index, withdrawals).await;
        let budget = withdrawals == 10_000;
        failed |= budget && fetch > 1000.0;
        row(
            &format!("page: fetch all pages and render {withdrawals} withdrawals (median of 5)"),
            format!("{fetch:.0} ms"),
            if budget { "<= 1 s" } else { "" },
            budget.then_some(fetch <= 1000.0),
        );
        if let Some(previous) = browser.replace(open) {
            previous.quit().await;
        }
    }
    let browser = browser.expect("the 10 000-withdrawal account is open");
    let rendered_rows = browser.js("return document.querySelectorAll('.pending tbody tr:not(.spacer)').length").await;
    row("page: table rows in the DOM for 10 000 withdrawals", format!("{rendered_rows}"), "only what is visible", None);
    let worst = browser
        .js_async(
            "const done = arguments[arguments.length - 1]; const box = document.querySelector('.table-scroll.windowed');
             let last = performance.now(), worst = 0, step = 0;
             const tick = (now) => { worst = Math.max(worst, now - last); last = now; box.scrollTop += 700;
               if (++step < 120) requestAnimationFrame(tick); else done(worst); };
             requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });",
        )
        .await
        .as_f64()
        .unwrap_or(f64::NAN);
    failed |= worst > 50.0;
    row("page: longest frame while scrolling the 10 000 rows", format!("{worst:.1} ms"), "<= 50 ms", Some(worst <= 50.0));
    let heap = browser.js("return performance.memory ? performance.memory.usedJSHeapSize : 0").await.as_f64().unwrap_or(0.0);
    row("page: JS heap with the big account open", format!("{:.1} MiB", heap / 1_048_576.0), "", None);
    // The WebAssembly memory: importing the glue again gives the same module, whose init returns
    // the running instance's exports (it does not start a second app).
    let linear = browser
        .js_async(
            "const done = arguments[arguments.length - 1];
             import('./ckb-l2-withdraw.js').then((glue) => glue.default()).then((wasm) => done(wasm.memory.buffer.byteLength), () => done(0));",
        )
        .await
        .as_f64()
        .unwrap_or(0.0);
    row("page: WebAssembly memory with the big account open", format!("{:.1} MiB", linear / 1_048_576.0), "", None);
    browser.quit().await;
    static_node.stop().await;
    node.stop().await;
    std::process::exit(i32::from(failed));
}
