//! End-to-end support: a minimal WebDriver client for chromedriver, the devnet serving the built
//! page, and the test wallet whose signatures the harness makes with a Hardhat dev key.
#![allow(dead_code, unreachable_pub)]

pub mod process;
pub mod proxy;

use std::path::PathBuf;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use godwoken_core::eth::DevSigner;
use godwoken_devnet::config::Args;
use godwoken_devnet::dev_accounts::HARDHAT_KEYS;
use godwoken_devnet::node::Node;
use process::free_port;
use serde_json::{json, Value};

/// How long a condition may take to become true before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The devnet serving `dist/`, blocks only on `dev_mine`.
pub async fn start_devnet(finality: u64) -> Node {
    let dist = project_root().join("dist");
    assert!(dist.join("index.html").is_file(), "the page is not built: run `trunk build --release` (scripts/test does)");
    let args = <Args as clap::Parser>::parse_from([
        "godwoken-devnet", "--listen", "127.0.0.1:0", "--ephemeral", "--block-interval-ms", "0",
        "--finality-blocks", &finality.to_string(), "--indexer-lag-blocks", "2", "--dist", &dist.display().to_string(),
    ]);
    Node::start(&args, godwoken_devnet::devnet::system_clock()).await.expect("devnet starts")
}

/// A devnet serving `dist` (another page), blocks only on `dev_mine`, with more `flags`.
pub async fn start_devnet_serving(finality: u64, dist: &std::path::Path, flags: &[&str]) -> Node {
    let finality = finality.to_string();
    let dist = dist.display().to_string();
    let mut argv = vec![
        "godwoken-devnet", "--listen", "127.0.0.1:0", "--ephemeral", "--block-interval-ms", "0",
        "--finality-blocks", &finality, "--indexer-lag-blocks", "2", "--dist", &dist,
    ];
    argv.extend_from_slice(flags);
    let args = <Args as clap::Parser>::parse_from(argv);
    Node::start(&args, godwoken_devnet::devnet::system_clock()).await.expect("devnet starts")
}

/// A devnet serving the page, blocks only on `dev_mine`, on a clock the test moves (ms since the
/// Unix epoch; it starts at the time now).
pub async fn start_devnet_on_manual_clock(finality: u64) -> (Node, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    let dist = project_root().join("dist");
    let args = <Args as clap::Parser>::parse_from([
        "godwoken-devnet", "--listen", "127.0.0.1:0", "--ephemeral", "--block-interval-ms", "0",
        "--finality-blocks", &finality.to_string(), "--indexer-lag-blocks", "2", "--dist", &dist.display().to_string(),
    ]);
    let start = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
    let now = std::sync::Arc::new(AtomicU64::new(start));
    let reader = now.clone();
    let node = Node::start(&args, std::sync::Arc::new(move || reader.load(Ordering::SeqCst))).await.expect("devnet starts");
    (node, now)
}

/// Asserts that the devnet's audit holds: both layers conserve CKB.
pub async fn assert_conserved(node: &Node) {
    assert_conserved_at(&node.url()).await;
}

/// The same for the devnet at `url`.
pub async fn assert_conserved_at(url: &str) {
    let audit = devnet_rpc_at(url, "dev_audit", json!([])).await;
    assert_eq!(audit["holds"], true, "both layers conserve: {audit}");
}

/// A JSON-RPC call to the devnet.
pub async fn devnet_rpc(node: &Node, method: &str, params: Value) -> Value {
    devnet_rpc_at(&node.url(), method, params).await
}

/// A JSON-RPC call to the devnet at `url` (one this test did not start, e.g. `bash scripts/run`'s).
pub async fn devnet_rpc_at(url: &str, method: &str, params: Value) -> Value {
    let answer: Value = reqwest::Client::new()
        .post(format!("{url}/rpc"))
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        .send()
        .await
        .expect("devnet answers")
        .json()
        .await
        .expect("JSON");
    assert!(answer.get("error").is_none(), "{method}: {answer}");
    answer["result"].clone()
}

pub fn dev_signer(index: usize) -> DevSigner {
    DevSigner::from_hex(HARDHAT_KEYS[index]).expect("key")
}

/// A key no one has used before, as hex: a brand-new wallet (from the process's random hasher
/// seeds).
pub fn fresh_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut key = String::from("0x");
    for _ in 0..4 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(std::process::id().into());
        key.push_str(&format!("{:016x}", hasher.finish()));
    }
    key
}

/// A brand-new wallet.
pub fn fresh_signer() -> DevSigner {
    DevSigner::from_hex(&fresh_key()).expect("a random 32-byte key is a valid secp256k1 key")
}

/// WebDriver's Tab key.
pub const TAB: &str = "\u{E004}";
/// WebDriver's Escape key.
pub const ESCAPE: &str = "\u{E00C}";
/// WebDriver's Enter key.
pub const ENTER: &str = "\u{E007}";

/// Headless Chromium driven through chromedriver.
pub struct Browser {
    http: reqwest::Client,
    base: String,
    session: String,
    driver: Child,
    _profile: tempfile::TempDir,
    shots: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver leads its own process group, which Chromium and its helpers join: killing
        // the group leaves no browser behind, even when a test panicked before `quit`.
        // (`--` is required: without it procps' kill reads "-<pgid>" as options, not as a group.)
        let group = self.driver.id();
        if group > 1 {
            let _ = Command::new("kill").args(["-s", "KILL", "--", &format!("-{group}")]).status();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium with the test wallet for Hardhat
    /// `account`.
    pub async fn start(test_name: &str, account: usize) -> Browser {
        Browser::start_for(test_name, &dev_signer(account)).await
    }

    /// The same with the test wallet for `signer`'s address.
    pub async fn start_for(test_name: &str, signer: &DevSigner) -> Browser {
        Browser::start_with(test_name, signer, &[]).await
    }

    /// The same with more Chromium switches.
    pub async fn start_with(test_name: &str, signer: &DevSigner, extra_args: &[&str]) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (scripts/setup installs it)");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = http.get(format!("{base}/status")).send().await.ok();
            if let Some(response) = ready {
                let status: Value = response.json().await.unwrap_or_default();
                if status["value"]["ready"] == true {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,1800"]
            .map(String::from)
            .into();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra_args.iter().map(|arg| arg.to_string()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args
            }
        }}});
        let session: Value = http.post(format!("{base}/session")).json(&capabilities).send().await.expect("session").json().await.expect("JSON");
        let session = session["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {session}")).to_owned();
        let shots = project_root().join("test-output").join("e2e").join(test_name);
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        let browser = Browser { http, base, session, driver, _profile: profile, shots };
        let wallet = include_str!("test_wallet.js").replace("__ADDRESS__", &signer.address().to_lower_hex());
        browser.add_init_script(&wallet).await;
        browser
    }

    /// Runs `source` in every new document before the page's own scripts.
    pub async fn add_init_script(&self, source: &str) {
        self.cmd("POST", "goog/cdp/execute", json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": source}})).await;
    }

    async fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let answer: Value = request.send().await.expect("webdriver").json().await.expect("JSON");
        if let Some(error) = answer["value"].get("error") {
            panic!("webdriver {path}: {error}: {}", answer["value"]["message"]);
        }
        answer["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.cmd("POST", "url", json!({"url": url})).await;
    }

    pub async fn reload(&self) {
        self.cmd("POST", "refresh", json!({})).await;
    }

    /// Resizes the window (the viewport follows).
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.cmd("POST", "window/rect", json!({"width": width, "height": height})).await;
    }

    /// On a phone 320 px wide, nothing overflows sideways: not the page, not an open dialog, and
    /// no open dialog leaves the viewport. Saves screenshot `name` there, then restores the window.
    pub async fn assert_fits_a_phone(&self, name: &str) {
        self.set_window_size(320, 1800).await;
        self.wait_for("a 320 px viewport", "return window.innerWidth <= 320").await;
        let overflow = self
            .js("const page = document.documentElement.scrollWidth - document.documentElement.clientWidth; \
                 const dialogs = [...document.querySelectorAll('dialog[open]')].map(d => { const r = d.getBoundingClientRect(); \
                   return [d.scrollWidth - d.clientWidth, r.left < 0 || r.right > window.innerWidth]; }); \
                 const outside = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 || (e.scrollWidth > e.clientWidth && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible')) \
                   .slice(-5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ': ' + (e.textContent || '').slice(0, 60)); \
                 return [page, dialogs, outside]")
            .await;
        let (page, dialogs) = (&overflow[0], overflow[1].as_array().map(Vec::as_slice).unwrap_or_default());
        assert_eq!(page, &json!(0), "{name}: the page overflows sideways at 320 px; sticking out: {}", overflow[2]);
        for dialog in dialogs {
            assert_eq!(dialog, &json!([0, false]), "{name}: a dialog overflows ([sideways px, outside the viewport]) at 320 px; sticking out: {}", overflow[2]);
        }
        self.screenshot(name).await;
        self.set_window_size(1200, 1800).await;
    }

    /// Runs JavaScript in the page (`return …` gives a value).
    pub async fn js(&self, script: &str) -> Value {
        self.cmd("POST", "execute/sync", json!({"script": script, "args": []})).await
    }

    /// Runs asynchronous JavaScript; it calls its last argument with the result.
    pub async fn js_async(&self, script: &str) -> Value {
        self.cmd("POST", "execute/async", json!({"script": script, "args": []})).await
    }

    /// Waits until `script` returns a truthy value, and returns it.
    pub async fn wait_for(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let value = self.js(script).await;
            if !(value.is_null() || value == false || value == "" || value == 0) {
                return value;
            }
            if Instant::now() > deadline {
                let body = self.js("return document.body.innerText").await;
                panic!("timed out waiting for {what}; the page says:\n{}", body.as_str().unwrap_or_default());
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }

    /// Waits until the page's text contains `text`.
    pub async fn wait_for_text(&self, text: &str) {
        let script = format!("return document.body.innerText.includes({})", json!(text));
        self.wait_for(&format!("the text {text:?}"), &script).await;
    }

    pub async fn page_text(&self) -> String {
        self.js("return document.body.innerText").await.as_str().unwrap_or_default().to_owned()
    }

    async fn element(&self, css: &str) -> String {
        let found = self.cmd("POST", "element", json!({"using": "css selector", "value": css})).await;
        found[ELEMENT_KEY].as_str().unwrap_or_else(|| panic!("no element id in {found}")).to_owned()
    }

    /// Clicks like a user (WebDriver element click).
    pub async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.cmd("POST", &format!("element/{id}/click"), json!({})).await;
    }

    /// Clicks the button whose text is `text`, once it is enabled: inside the open modal dialog
    /// if there is one (the rest of the page is inert then, as for a user).
    pub async fn click_button(&self, text: &str) {
        const BUTTONS: &str = "(document.querySelector('dialog:modal') || document).querySelectorAll('button')";
        let script = format!("return [...{BUTTONS}].some(b => b.textContent.trim() === {} && !b.disabled)", json!(text));
        self.wait_for(&format!("an enabled button {text:?}"), &script).await;
        let mark = format!(
            "const b = [...{BUTTONS}].find(b => b.textContent.trim() === {} && !b.disabled); b.setAttribute('data-e2e-target', '1'); return true",
            json!(text)
        );
        self.js(&mark).await;
        self.click("[data-e2e-target]").await;
        self.js("document.querySelectorAll('[data-e2e-target]').forEach(e => e.removeAttribute('data-e2e-target'))").await;
    }

    /// Presses `key` (a WebDriver key code, e.g. [`TAB`], [`ENTER`]) on whatever has the focus.
    pub async fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.cmd("POST", "actions", actions).await;
    }

    /// Presses Tab until the focused element's own text, label or id is `text` (at most 60 times),
    /// and checks that the focus is visible there.
    pub async fn tab_to(&self, text: &str) {
        let focused = format!(
            "const e = document.activeElement; return !!e && e !== document.body && [e.textContent.trim(), e.getAttribute('aria-label'), e.id].includes({})",
            json!(text)
        );
        for _ in 0..60 {
            self.press(TAB).await;
            if self.js(&focused).await == true {
                let outline = self.js("return getComputedStyle(document.activeElement).outlineStyle").await;
                assert_ne!(outline, "none", "the keyboard focus on {text:?} is visible");
                return;
            }
        }
        panic!("Tab never reached {text:?}; the page says:\n{}", self.page_text().await);
    }

    /// Replaces an input's text by typing.
    pub async fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.cmd("POST", &format!("element/{id}/clear"), json!({})).await;
        self.cmd("POST", &format!("element/{id}/value"), json!({"text": text})).await;
    }

    /// Saves a screenshot under test-output/e2e/<test>/<name>.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // The screenshots mark the page's main states: each is audited for accessibility too.
        self.assert_accessible(name).await;
        self.screenshot_unaudited(name).await
    }

    /// Saves a screenshot of a page that is not ours (no accessibility audit).
    pub async fn screenshot_unaudited(&self, name: &str) -> PathBuf {
        let data = self.cmd("GET", "screenshot", Value::Null).await;
        let png = base64::engine::general_purpose::STANDARD.decode(data.as_str().expect("base64")).expect("PNG");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Runs axe-core (from `tests/npm`, installed by `scripts/setup --browser`) on the page as it
    /// is and fails on any serious or critical violation, naming the page `state`.
    pub async fn assert_accessible(&self, state: &str) {
        let path = project_root().join("tests/npm/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{}: {err}; run `bash scripts/setup --browser` (scripts/test does)", path.display()));
        // WebDriver runs scripts outside the page's Content-Security-Policy; this defines `axe`.
        assert_eq!(self.js(&format!("{axe}\n;return typeof window.axe")).await, "object", "axe-core loaded");
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))
              .catch(e => done([{ id: 'axe-failed', help: String(e) }]));";
        let violations = self.js_async(script).await;
        assert_eq!(violations, json!([]), "accessibility of state {state}: {violations:#}");
    }

    /// Waits for the next personal_sign (or eth_sign) request: (id, params).
    pub async fn next_sign_request(&self, seen: usize) -> (u64, Value) {
        let script = format!("const r = window.__testWallet.signRequests[{seen}]; return r ? r : null");
        let request = self.wait_for("a personal_sign request in the wallet", &script).await;
        let mut params = request["params"].clone();
        if request["method"] == "eth_sign" {
            // Marked for `sign`: the digest itself is signed, without the EIP-191 prefix.
            params = json!({"eth_sign": params});
        }
        (request["id"].as_u64().expect("id"), params)
    }

    /// Waits for the next signing request after the first `seen`, signs it with `signer` and
    /// returns its parameters.
    pub async fn sign_next(&self, seen: usize, signer: &DevSigner) -> Value {
        let (id, params) = self.next_sign_request(seen).await;
        self.sign(id, &params, signer).await;
        params
    }

    /// Signs a request with the dev key, like MetaMask would (v = 27/28). Like MetaMask, takes
    /// both parameter orders: `[message, address]` and pw-core's `[address, message]`.
    pub async fn sign(&self, id: u64, params: &Value, signer: &DevSigner) {
        if let Some([_, digest]) = params["eth_sign"].as_array().map(Vec::as_slice) {
            let digest = godwoken_core::hex::decode(digest.as_str().expect("digest")).expect("hex");
            let digest = godwoken_core::H256(digest.try_into().expect("32 bytes"));
            let mut signature = signer.sign_digest(&digest).expect("signs");
            signature[64] += 27; // as MetaMask answers
            self.js(&format!("window.__testWallet.resolve({id}, {}); return true", json!(godwoken_core::hex::encode(signature)))).await;
            return;
        }
        let address = signer.address().to_lower_hex();
        let message = if params[0].as_str().map(str::to_ascii_lowercase) == Some(address) { &params[1] } else { &params[0] };
        let message = godwoken_core::hex::decode(message.as_str().expect("message")).expect("hex");
        let signature = signer.personal_sign(&message).expect("signs");
        self.js(&format!("window.__testWallet.resolve({id}, {}); return true", json!(godwoken_core::hex::encode(signature)))).await;
    }

    pub async fn quit(self) {
        let _ = self.http.delete(format!("{}/session/{}", self.base, self.session)).send().await;
    }
}
