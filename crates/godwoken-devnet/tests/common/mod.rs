//! Test harness: a real devnet on an ephemeral loopback port, driven over HTTP.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

use godwoken_core::account::owner_lock;
use godwoken_core::ckb::build::{self, BuildError, Spendable};
use godwoken_core::ckb::constants::testnet_2021_layer1;
use godwoken_core::ckb::Transaction;
use godwoken_core::eth::DevSigner;
use godwoken_core::rpc::{IndexerCell, Pagination};
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::rpc::ErrorObject;
use godwoken_core::withdrawal::{build_raw_request, sign_with_dev_key, WithdrawalParams};
use godwoken_core::{hex, H256};
use godwoken_devnet::config::Args;
use godwoken_devnet::dev_accounts::HARDHAT_KEYS;
use godwoken_devnet::node::Node;
use godwoken_devnet::devnet::system_clock;
use serde_json::{json, Value};

pub const CKB: u64 = 100_000_000;

pub struct TestNode {
    pub node: Node,
    pub client: reqwest::Client,
}

pub fn args(data_dir: Option<PathBuf>) -> Args {
    let mut argv = vec![
        "godwoken-devnet".to_owned(),
        "--listen".into(),
        "127.0.0.1:0".into(),
        "--block-interval-ms".into(),
        "0".into(),
        "--finality-blocks".into(),
        "10".into(),
        "--indexer-lag-blocks".into(),
        "2".into(),
        "--dist".into(),
        "/nonexistent".into(),
    ];
    match data_dir {
        Some(dir) => argv.extend(["--data-dir".into(), dir.display().to_string()]),
        None => argv.push("--ephemeral".into()),
    }
    <Args as clap::Parser>::parse_from(argv)
}

impl TestNode {
    pub async fn start() -> TestNode {
        Self::start_with(args(None)).await
    }

    pub async fn start_with(args: Args) -> TestNode {
        Self::start_with_clock(args, system_clock()).await
    }

    pub async fn start_with_clock(args: Args, clock: godwoken_devnet::devnet::Clock) -> TestNode {
        let node = Node::start(&args, clock).await.expect("devnet starts");
        TestNode { node, client: reqwest::Client::new() }
    }

    pub async fn post(&self, path: &str, body: &Value) -> Value {
        self.client
            .post(format!("{}/{path}", self.node.url()))
            .json(body)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON answer")
    }

    async fn call(&self, path: &str, method: &str, params: Value) -> Result<Value, ErrorObject> {
        let answer = self.post(path, &json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})).await;
        assert_eq!(answer["id"], 1);
        match answer.get("error") {
            Some(error) => Err(serde_json::from_value(error.clone()).expect("error object")),
            None => Ok(answer["result"].clone()),
        }
    }

    pub async fn rpc(&self, method: &str, params: Value) -> Result<Value, ErrorObject> {
        self.call("rpc", method, params).await
    }

    pub async fn indexer(&self, method: &str, params: Value) -> Result<Value, ErrorObject> {
        self.call("indexer", method, params).await
    }

    /// A call to the CKB node endpoint (`/ckb`).
    pub async fn ckb(&self, method: &str, params: Value) -> Result<Value, ErrorObject> {
        self.call("ckb", method, params).await
    }

    pub async fn mine(&self, blocks: u64) -> u64 {
        let tip = self.rpc("dev_mine", json!([format!("{blocks:#x}")])).await.expect("mines");
        quantity(&tip) as u64
    }

    pub async fn nonce_of(&self, key: usize) -> u32 {
        let id = self.account_id(key).await.expect("has an account");
        quantity(&self.rpc("gw_get_nonce", json!([id])).await.expect("nonce")) as u32
    }

    pub async fn account_id(&self, key: usize) -> Option<String> {
        let constants = testnet_2021_constants();
        let address = signer(key).address();
        let hash = godwoken_core::account::account_script_hash(&constants, &address);
        self.rpc("gw_get_account_id_by_script_hash", json!([hash])).await.expect("id").as_str().map(str::to_owned)
    }

    pub async fn balance_of(&self, key: usize) -> u128 {
        let address = signer(key).address();
        quantity(&self.rpc("eth_getBalance", json!([address.to_lower_hex(), "latest"])).await.expect("balance"))
    }

    pub async fn submit(&self, request: &[u8]) -> Result<Value, ErrorObject> {
        self.rpc("gw_submit_withdrawal_request", json!([hex::encode(request)])).await
    }

    pub async fn audit(&self) -> Value {
        self.rpc("dev_audit", json!([])).await.expect("audit")
    }
}

/// A clock the test moves by hand (ms since the Unix epoch).
pub fn manual_clock(start_ms: u64) -> (godwoken_devnet::devnet::Clock, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    let now = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(start_ms));
    let reader = now.clone();
    (std::sync::Arc::new(move || reader.load(std::sync::atomic::Ordering::SeqCst)), now)
}

/// The plain PW-lock cells of `signer`, as pw-core's collector asks for them.
pub async fn spendable(node: &TestNode, signer: &DevSigner) -> Vec<Spendable> {
    let lock = owner_lock(&testnet_2021_constants(), &signer.address());
    let key = json!({"script": lock, "script_type": "lock", "filter": {"output_data_len_range": ["0x0", "0x1"]}});
    let page: Pagination<IndexerCell> =
        serde_json::from_value(node.ckb("get_cells", json!([key, "asc", "0x100", null])).await.expect("cells")).expect("page");
    page.objects.into_iter().filter_map(Spendable::from_indexer_cell).collect()
}

/// A signed deposit of `amount` from `signer`'s PW-lock cells, if they cover it.
pub async fn try_deposit(node: &TestNode, signer: &DevSigner, amount: u64, cancel_timeout: u64) -> Result<Transaction, BuildError> {
    let cells = spendable(node, signer).await;
    let unsigned = build::deposit(&testnet_2021_constants(), &testnet_2021_layer1(), &signer.address(), &cells, amount, cancel_timeout)?;
    Ok(unsigned.signed(&signer.personal_sign(&unsigned.message.0).expect("signs")))
}

/// A signed deposit of `amount` from `signer`'s PW-lock cells.
pub async fn deposit(node: &TestNode, signer: &DevSigner, amount: u64, cancel_timeout: u64) -> Transaction {
    try_deposit(node, signer, amount, cancel_timeout).await.expect("builds")
}

pub fn signer(key: usize) -> DevSigner {
    DevSigner::from_hex(HARDHAT_KEYS[key]).expect("hardhat key")
}

/// A signed CKB withdrawal from Hardhat account `key`.
pub fn withdrawal(key: usize, nonce: u32, capacity: u64, fee: u128) -> Vec<u8> {
    let constants = testnet_2021_constants();
    let signer = signer(key);
    let params = WithdrawalParams { nonce, capacity, fee, ..Default::default() };
    let raw = build_raw_request(&constants, &signer.address(), &params);
    sign_with_dev_key(&signer, &constants.rollup_type_hash, raw).expect("signs").to_bytes()
}

pub fn quantity(value: &Value) -> u128 {
    let text = value.as_str().unwrap_or_else(|| panic!("quantity, got {value}"));
    u128::from_str_radix(text.strip_prefix("0x").expect("0x"), 16).expect("hex")
}

pub fn withdrawal_hash(request: &[u8]) -> H256 {
    godwoken_core::mol::WithdrawalRequest::from_bytes(request).expect("request").hash()
}

/// The `godwoken-devnet` binary as a separate process (for tests that kill it or read its memory).
pub struct DevnetProcess {
    /// The process.
    pub child: std::process::Child,
    /// Its base URL.
    pub url: String,
}

impl Drop for DevnetProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a free loopback port with `args` and reads its URL from what it prints.
pub fn spawn_devnet(args: &[&str]) -> DevnetProcess {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_godwoken-devnet"))
        .args(["--listen", "127.0.0.1:0", "--dist", "/nonexistent"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the devnet binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("the devnet prints its URLs").expect("utf-8");
        if let Some(rest) = line.trim().strip_prefix("JSON-RPC") {
            break rest.trim().trim_end_matches("/rpc").to_owned();
        }
    };
    // Keep draining stdout so the process never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    DevnetProcess { child, url }
}
