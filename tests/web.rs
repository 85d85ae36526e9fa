//! Component tests in headless Chromium (wasm-bindgen-test): the real `App` mounted into the page,
//! with a fake EIP-1193 wallet and a fake transport (`window.fetch` answering JSON-RPC), so each
//! state can be reached without a node. Run by scripts/test:
//! `cargo test --target wasm32-unknown-unknown --test web` with wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The fake node: answers the JSON-RPC methods the page uses for Hardhat account #0 with
/// 1,234.5 CKB, and 404 for /config.json (so the page uses its default devnet preset).
const FAKE_TRANSPORT: &str = r#"
window.__rpcCalls = [];
// gloo-net calls fetch(Request) through the Window prototype: patch it there.
Window.prototype.fetch = window.fetch = async (input, init) => {
  const json = (v) => new Response(JSON.stringify(v), { status: 200, headers: { "content-type": "application/json" } });
  const url = typeof input === "string" ? input : input.url;
  if (String(url).endsWith("config.json")) return new Response("not found", { status: 404 });
  const body = init && init.body ? init.body : await input.text();
  const request = JSON.parse(body);
  window.__rpcCalls.push(request.method);
  const results = {
    poly_getRollupTypeHash: "0x4cc2e6526204ae6a2e8fcf12f7ad472f41a1606d5b9624beebd215d780809f6a",
    poly_getEthAccountLockHash: "0xdeec13a7b8e100579541384ccaf4b5223733e4a5483c3aec95ddc4c1d5ea5b22",
    gw_get_account_id_by_script_hash: "0x3",
    gw_get_balance: "0x1cbe318280",
    gw_get_nonce: "0x2",
    get_cells_capacity: { capacity: "0x0", block_hash: "0x" + "00".repeat(32), block_number: "0x5" },
  };
  Object.assign(results, window.__fakeResults || {});
  if (!(request.method in results)) return json({ jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "Method not found" } });
  return json({ jsonrpc: "2.0", id: request.id, result: results[request.method] });
};
"#;

fn fake_wallet(name: &str, uuid: &str) -> String {
    format!(
        r#"(() => {{
  const provider = {{
    async request({{ method }}) {{
      if (method === "eth_requestAccounts") return ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"];
      if (method === "eth_accounts") return [];
      throw {{ code: 4200, message: "unsupported" }};
    }},
    on() {{}}, removeListener() {{}},
  }};
  const info = {{ uuid: {uuid:?}, name: {name:?}, icon: "javascript:alert(1)", rdns: "test.wallet" }};
  const announce = () => window.__walletsOff || window.dispatchEvent(new CustomEvent("eip6963:announceProvider", {{ detail: {{ info, provider }} }}));
  window.addEventListener("eip6963:requestProvider", announce);
}})();"#
    )
}

fn run_js(source: &str) {
    js_sys::eval(source).expect("test JavaScript runs");
}

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// Mounts a fresh App into its own element.
fn mount() -> web_sys::Element {
    let host = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&host).expect("append");
    yew::Renderer::<ckb_l2_withdraw::app::App>::with_root(host.clone()).render();
    host
}

/// Waits for the node check, connects Wallet A and waits for the account; the page's text then.
async fn connect_wallet_a(host: &web_sys::Element) -> String {
    until(host, "the node check", |t| t.contains("rollup constants match")).await;
    // Other tests of this page may have announced wallets too: pick Wallet A either way.
    let connect = if host.text_content().unwrap_or_default().contains("Connect Wallet A") { "Connect Wallet A" } else { "Connect wallet" };
    button(host, connect).click();
    until(host, "the balance", |t| t.contains("Your Layer 2 balance is:")).await
}

/// Lets renders and the page's async work (promises, fetches) run until `condition` holds.
async fn until(host: &web_sys::Element, what: &str, condition: impl Fn(&str) -> bool) -> String {
    for _ in 0..500 {
        yew::scheduler::flush().await;
        let text = host.text_content().unwrap_or_default();
        if condition(&text) {
            return text;
        }
        // Yield to the event loop so promises settle; no fixed wall-clock wait.
        yew::platform::time::sleep(Duration::ZERO).await;
    }
    panic!("never reached: {what}; the page says: {}", host.text_content().unwrap_or_default());
}

fn button(host: &web_sys::Element, text: &str) -> web_sys::HtmlElement {
    let buttons = host.query_selector_all("button").expect("query");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

#[wasm_bindgen_test]
async fn one_status_region_one_heading_and_no_wallet_message() {
    run_js(FAKE_TRANSPORT);
    // Tests share one page: silence wallets other tests announced.
    run_js("window.__walletsOff = true");
    let host = mount();
    until(&host, "the no-wallet message", |t| t.contains("A MetaMask compatible browser extension was not detected. This tool will not function without one installed.")).await;
    assert_eq!(host.query_selector_all("[role=status]").expect("q").length(), 1);
    assert_eq!(host.query_selector_all("h1").expect("q").length(), 1);
    assert!(host.text_content().unwrap_or_default().contains("Nervos CKB Chain Type"));
    host.remove();
    run_js("window.__walletsOff = false");
}

#[wasm_bindgen_test]
async fn connect_shows_address_account_and_balance() {
    run_js(FAKE_TRANSPORT);
    run_js(&fake_wallet("Wallet A", "uuid-a"));
    let host = mount();
    let text = connect_wallet_a(&host).await;
    assert!(text.contains("Connected ETH address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "{text}");
    assert!(text.contains("1,234.5 CKB"), "{text}");
    assert!(text.contains("(123,450,000,000 Shannon)"), "{text}");
    assert!(text.contains("Layer 2 account id: 3"), "{text}");

    // Copy: the browser's clipboard is stubbed (headless Chromium has no focus to grant it).
    run_js("Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t) => { window.__copied = t; } } })");
    let copy_button = |label: &str| {
        host.query_selector(&format!("button[aria-label='{label}']")).expect("query").unwrap_or_else(|| panic!("no {label} button"))
    };
    let said = |label: &str| copy_button(label).text_content().unwrap_or_default();
    assert_eq!((said("Copy ETH address"), said("Copy Layer 1 address")), ("Copy".to_owned(), "Copy".to_owned()));
    copy_button("Copy ETH address").dyn_into::<web_sys::HtmlElement>().expect("element").click();
    until(&host, "the copy", |_| said("Copy ETH address") == "Copied").await;
    let copied = js_sys::Reflect::get(&js_sys::global(), &"__copied".into()).expect("get").as_string();
    assert_eq!(copied.as_deref(), Some("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assert_eq!(said("Copy Layer 1 address"), "Copy", "only the copied value's button says so");
    // A refusing clipboard is said too, on the button that was clicked.
    run_js("Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async () => { throw new Error('denied'); } } })");
    copy_button("Copy Layer 1 address").dyn_into::<web_sys::HtmlElement>().expect("element").click();
    until(&host, "the refused copy", |_| said("Copy Layer 1 address") == "Copy failed").await;
    assert_eq!(said("Copy ETH address"), "Copy");
    host.remove();
}

#[wasm_bindgen_test]
async fn several_wallets_get_a_picker_and_names_stay_text() {
    run_js(FAKE_TRANSPORT);
    run_js(&fake_wallet("Wallet B", "uuid-b"));
    run_js(&fake_wallet("<img src=x onerror=window.__pwned=1>", "uuid-c"));
    // What the wallet section says when it first appears (a mutation observer runs right after
    // the render that made it, before later turns of the page's async work).
    run_js(
        "window.__firstWalletText = null; const seen = new MutationObserver(() => { const w = document.querySelector('.wallet');
         if (w) { window.__firstWalletText = w.textContent; seen.disconnect(); } }); seen.observe(document.body, { childList: true, subtree: true });",
    );
    let host = mount();
    until(&host, "the wallet section", |t| t.contains("Connect")).await;
    // Installed wallets answer discovery at once, so the first render already offers them: no
    // "Looking for a wallet…" first.
    let first = js_sys::Reflect::get(&js_sys::global(), &"__firstWalletText".into()).expect("get").as_string().unwrap_or_default();
    assert!(first.contains("Connect Wallet B") && !first.contains("Looking for a wallet"), "{first}");
    let text = until(&host, "the picker", |t| t.contains("Several wallets are installed. Choose one:")).await;
    assert!(text.contains("Connect Wallet B"), "{text}");
    // Markup from a wallet is shown as text, never parsed, and a non-data: icon is not loaded.
    assert!(text.contains("Connect <img src=x onerror=window.__pwned=1>"), "{text}");
    assert!(host.query_selector("button img").expect("q").is_none(), "javascript: icons are dropped");
    assert!(js_sys::Reflect::get(&js_sys::global(), &"__pwned".into()).expect("get").is_undefined());
    host.remove();
}

/// A wallet that shares Hardhat #0 and never answers `personal_sign` (the user is still reading).
const SLOW_SIGNER: &str = r#"(() => {
  const provider = {
    async request({ method }) {
      if (method === "eth_requestAccounts") { window.__slowConnected = true; return ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"]; }
      if (method === "eth_accounts") return window.__slowConnected ? ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"] : [];
      if (method === "personal_sign") { window.__signAsked = true; return new Promise(() => {}); }
      throw { code: 4200, message: "unsupported" };
    },
    on() {}, removeListener() {},
  };
  const info = { uuid: "uuid-slow", name: "Slow Signer", icon: "", rdns: "test.slow" };
  window.addEventListener("eip6963:requestProvider", () =>
    window.__walletsOff || window.__slowSignerOff || window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: { info, provider } })));
})();"#;

fn set_input(host: &web_sys::Element, css: &str, text: &str) {
    let input: web_sys::HtmlInputElement = host.query_selector(css).expect("query").expect("the input").dyn_into().expect("an input");
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
}

fn is_disabled(host: &web_sys::Element, css: &str) -> bool {
    host.query_selector(css).expect("query").expect("the element").has_attribute("disabled")
}

#[wasm_bindgen_test]
async fn the_deposit_dialog_is_a_modal_that_checks_the_amount_and_stays_while_the_wallet_is_open() {
    run_js(FAKE_TRANSPORT);
    // No Layer 2 account; one plain 1 000 CKB cell on Layer 1.
    run_js(r#"window.__fakeResults = { gw_get_account_id_by_script_hash: null,
      get_cells_capacity: { capacity: "0x174876e800", block_hash: "0x" + "00".repeat(32), block_number: "0x5" },
      get_cells: { last_cursor: "0x", objects: [{ output: { capacity: "0x174876e800",
        lock: { code_hash: "0x" + "11".repeat(32), hash_type: "type", args: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266" }, type: null },
        output_data: "0x", out_point: { tx_hash: "0x" + "22".repeat(32), index: "0x0" }, block_number: "0x350001", tx_index: "0x1" }] } }"#);
    run_js("window.__walletsOff = true");
    run_js(SLOW_SIGNER);
    run_js("window.__walletsOff = false; window.__signAsked = false");
    let host = mount();
    until(&host, "the node check", |t| t.contains("rollup constants match")).await;
    let connect = if host.text_content().unwrap_or_default().contains("Connect Slow Signer") { "Connect Slow Signer" } else { "Connect wallet" };
    button(&host, connect).click();
    until(&host, "the no-account message", |t| t.contains("You don't have a Nervos Layer 2 account yet.")).await;
    let dialog = || -> web_sys::HtmlDialogElement {
        host.query_selector("dialog#deposit-dialog").expect("query").expect("the dialog").dyn_into().expect("a dialog")
    };
    assert!(!dialog().open(), "closed at first");
    let opener = button(&host, "Create Layer 2 account");
    assert_eq!(opener.get_attribute("aria-haspopup").as_deref(), Some("dialog"));
    opener.click();
    until(&host, "the summary", |t| t.contains("Message your wallet will show")).await;
    assert!(dialog().open() && dialog().matches(":modal").expect("matches"), "a modal: the rest of the page is inert");
    assert_eq!(dialog().get_attribute("aria-labelledby").as_deref(), Some("deposit-title"));
    assert_eq!(host.query_selector("#deposit-title").expect("q").expect("title").text_content().as_deref(), Some("Create Nervos Layer 2 Account"));
    let active = document().active_element().map(|e| e.id());
    assert_eq!(active.as_deref(), Some("deposit-amount"), "the focus moves to the amount");
    let label = host.query_selector("label[for=deposit-amount]").expect("q").expect("a label");
    assert_eq!(label.text_content().as_deref(), Some("Deposit amount (CKB)"));
    let input = host.query_selector("#deposit-amount").expect("q").expect("input");
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("deposit-hint deposit-error"));

    // Validated as typed, with the reason; the button waits for a valid amount.
    set_input(&host, "#deposit-amount", "12");
    let text = until(&host, "the minimum", |t| t.contains("A deposit must be at least 290 CKB")).await;
    assert!(!text.contains("Message your wallet will show"), "no summary for an amount that cannot be sent");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(is_disabled(&host, "#confirm-deposit"));
    set_input(&host, "#deposit-amount", "940");
    until(&host, "the maximum", |t| t.contains("You can deposit at most 938.99")).await;
    set_input(&host, "#deposit-amount", "400");
    until(&host, "the summary", |t| t.contains("400 CKB (40,000,000,000 Shannon)")).await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));

    // Escape (the dialog's cancel event) closes it while nothing is in flight.
    let cancel = || run_js("document.getElementById('deposit-dialog').dispatchEvent(new Event('cancel', { cancelable: true }))");
    cancel();
    until(&host, "the dialog to close", |_| !dialog().open()).await;
    button(&host, "Create Layer 2 account").click();
    until(&host, "the dialog again", |t| t.contains("Message your wallet will show") && dialog().open()).await;
    assert!(host.text_content().unwrap_or_default().contains("400 CKB (40,000,000,000 Shannon)"), "the amount typed is kept");

    // While the wallet is open, neither Escape nor Dismiss closes it, and a second click signs nothing more.
    button(&host, "Create account").click();
    until(&host, "the wallet", |t| t.contains("Sign the deposit in your wallet")).await;
    assert!(is_disabled(&host, "#confirm-deposit"));
    cancel();
    yew::scheduler::flush().await;
    assert!(dialog().open(), "Escape waits for the wallet");
    let dismiss = button(&host, "Dismiss");
    assert!(dismiss.has_attribute("disabled"));
    // A wallet that never answers is not a trap: "Cancel" ends the wait, and nothing is sent.
    button(&host, "Cancel").click();
    until(&host, "the cancel", |t| t.contains("Cancelled: nothing was sent.")).await;
    assert!(!button(&host, "Dismiss").has_attribute("disabled"));
    assert!(!is_disabled(&host, "#confirm-deposit"), "free to try again");
    let calls = js_sys::eval("JSON.stringify(window.__rpcCalls)").expect("calls").as_string().unwrap_or_default();
    assert!(!calls.contains("send_transaction"), "{calls}");
    // Another tab of this page signed a deposit meanwhile: nothing new is built here.
    run_js(r#"localStorage.setItem("ckb-l2-withdraw/v1/deposit/http://127.0.0.1:8024/rpc/0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
      JSON.stringify({ tx: { version: "0x0", cell_deps: [], header_deps: [], inputs: [], outputs: [], outputs_data: [], witnesses: [] },
        amount: 40000000000, creates_account: true, confirmed: true }))"#);
    run_js("window.__signAsked = false");
    button(&host, "Create account").click();
    until(&host, "the other tab's deposit", |t| t.contains("Another tab of this page has deposit 0x")).await;
    assert_eq!(js_sys::eval("window.__signAsked").expect("flag").as_bool(), Some(false), "the wallet was not asked");
    run_js("localStorage.clear()");
    button(&host, "Dismiss").click();
    until(&host, "the dialog to close", |_| !dialog().open()).await;
    run_js("window.__fakeResults = {}; window.__slowSignerOff = true; window.__slowConnected = false");
    host.remove();
}

#[wasm_bindgen_test]
async fn markup_in_a_nodes_answer_is_shown_as_text() {
    run_js(FAKE_TRANSPORT);
    // A hostile node: its error text carries markup.
    run_js(r#"window.__fakeResults = {}; const realFetch = Window.prototype.fetch;
      Window.prototype.fetch = window.fetch = async (input, init) => {
        const body = init && init.body ? init.body : await input.clone().text();
        if (body.includes("poly_getRollupTypeHash")) {
          const id = JSON.parse(body).id;
          return new Response(JSON.stringify({ jsonrpc: "2.0", id, error: { code: 1, message: "<img src=x onerror=window.__pwned2=1><b>bold</b>" } }),
            { status: 200, headers: { "content-type": "application/json" } });
        }
        return realFetch(input, init);
      };"#);
    let host = mount();
    let text = until(&host, "the node's error", |t| t.contains("<b>bold</b>")).await;
    assert!(text.contains("<img src=x onerror=window.__pwned2=1>"), "{text}");
    assert!(host.query_selector("b, img").expect("q").is_none(), "no element was made from the node's text");
    assert!(js_sys::Reflect::get(&js_sys::global(), &"__pwned2".into()).expect("get").is_undefined());
    host.remove();
    run_js(FAKE_TRANSPORT);
}

#[wasm_bindgen_test]
async fn a_request_of_unknown_fate_written_by_another_tab_blocks_this_one() {
    run_js(FAKE_TRANSPORT);
    run_js(&fake_wallet("Wallet A", "uuid-a"));
    let host = mount();
    connect_wallet_a(&host).await;
    button(&host, "Toggle Withdraw view").click();
    until(&host, "the withdraw form", |t| t.contains("Create new withdrawal request")).await;
    // The view's first fetch has ended (this fake node has no indexer); the next one is seconds
    // away, so only the storage event can bring the other tab's request in before `until` gives up.
    until(&host, "the first fetch", |t| t.contains("Method not found")).await;
    let create = || host.query_selector("#create-withdrawal").expect("query").expect("the button");
    assert!(!create().has_attribute("disabled"), "free to withdraw at first");

    // Another tab of this page lost the answer to its submission and remembers it as unconfirmed;
    // the browser tells this tab with a `storage` event.
    run_js(r#"(() => {
        const key = "ckb-l2-withdraw/v1/submitted/http://127.0.0.1:8024/rpc/0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        const value = JSON.stringify([{ hash: "0x" + "11".repeat(32), capacity: 40000000000, nonce: 2, submitted_at_ms: 1,
            tip_at_submit: 0, block_number: null, unknown_to_node: false, unconfirmed: true }]);
        localStorage.setItem(key, value);
        window.dispatchEvent(new StorageEvent("storage", { key, newValue: value }));
    })()"#);
    until(&host, "the block", |t| t.contains("It is not known yet whether the node took your request")).await;
    assert!(create().has_attribute("disabled"), "no second request while the first one's fate is unknown");

    // The user stops waiting (the node still cannot be asked): the form is free again.
    button(&host, "Stop waiting").click();
    until(&host, "the form freed", |t| !t.contains("It is not known yet whether the node took your request")).await;
    assert!(!create().has_attribute("disabled"));
    run_js("localStorage.clear()");
}

#[wasm_bindgen_test]
async fn the_faucet_is_offered_on_the_devnet_only_and_a_refusal_is_said() {
    run_js(FAKE_TRANSPORT);
    run_js(&fake_wallet("Wallet A", "uuid-a"));
    let host = mount();
    connect_wallet_a(&host).await;
    // This fake node has no dev_fund_layer1: the refusal is said, and the button is usable again.
    // A double click asks once.
    let faucet = button(&host, "Get CKB from the devnet faucet");
    faucet.click();
    faucet.click();
    until(&host, "the refusal", |t| t.contains("The devnet faucet did not pay")).await;
    let calls = js_sys::eval("window.__rpcCalls.filter(m => m === 'dev_fund_layer1').length").expect("count");
    assert_eq!(calls.as_f64(), Some(1.0), "one request for two clicks");
    let status = host.query_selector("[role=status]").expect("q").expect("status").text_content().unwrap_or_default();
    assert!(status.contains("The devnet faucet did not pay"), "{status}");
    assert!(!button(&host, "Get CKB from the devnet faucet").has_attribute("disabled"));
    // Another network: no faucet.
    let testnet = host.query_selector("#network-testnet2021").expect("q").expect("the testnet choice");
    testnet.dyn_into::<web_sys::HtmlElement>().expect("element").click();
    until(&host, "the account on the testnet", |t| t.contains("Testnet (2021)") && t.contains("Your Layer 2 balance is:")).await;
    assert!(!host.text_content().unwrap_or_default().contains("Get CKB from the devnet faucet"));
    host.remove();
}
