//! Devnet benchmark: verified withdrawal submissions and verified Layer 1 `send_transaction`s
//! (PW-lock-signed deposits, distinct senders) per second with their latency at 1, 8 and 32
//! concurrent clients, a Layer 2 block that collects 50 deposits, and the indexer's prefix query
//! for one account's cells among 1 000 000 cells of other accounts (withdrawal cells at 100,
//! 1 000 and 10 000; PW-lock cells as pw-core asks). The Layer 1 figures are taken again on the
//! large chain, to show how they grow. Loopback only.
//!
//! `cargo run --release -p godwoken-devnet --example devnet_bench [-- --foreign-cells N]`
//! prints Markdown rows: `| figure | value | budget | ok |`. Run by `scripts/bench`.

use std::time::{Duration, Instant};

use godwoken_core::account::{account_script_hash, owner_lock};
use godwoken_core::ckb::build::{self, Spendable};
use godwoken_core::ckb::constants::testnet_2021_layer1;
use godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021;
use godwoken_core::eth::DevSigner;
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::rpc::{withdrawal_cells_search_key, IndexerCell, Pagination};
use godwoken_core::withdrawal::{build_raw_request, sign_with_dev_key, WithdrawalParams};
use godwoken_devnet::config::Args;
use godwoken_devnet::node::Node;
use serde_json::{json, Value};

const CKB: u64 = 100_000_000;
const REQUESTS_PER_CLIENT: usize = 150;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(figure: &str, value: String, budget: &str, ok: Option<bool>) {
    let verdict = match ok { Some(true) => "yes", Some(false) => "**NO**", None => "" };
    println!("| {figure} | {value} | {budget} | {verdict} |");
}

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> Value {
    client.post(url).json(body).send().await.expect("answer").json().await.expect("JSON")
}

/// Submits `REQUESTS_PER_CLIENT` pre-signed requests per client, clients in parallel.
async fn submissions(node: &Node, clients: usize, key_offset: usize) -> (f64, Duration, Duration, bool) {
    let constants = testnet_2021_constants();
    let client = reqwest::Client::new();
    let rpc = format!("{}/rpc", node.url());
    // Distinct funded accounts, requests signed beforehand: the figure is the devnet's, not the signer's.
    let mut batches = Vec::new();
    for c in 0..clients {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&((key_offset + c + 1) as u64).to_be_bytes());
        key[31] = 1;
        let signer = DevSigner::from_bytes(&key).expect("key");
        let funded = post(&client, &rpc, &json!({"jsonrpc": "2.0", "id": 1, "method": "dev_fund",
            "params": [signer.address().to_lower_hex(), format!("{:#x}", 1_000_000 * CKB)]})).await;
        assert!(funded.get("error").is_none(), "{funded}");
        let requests: Vec<String> = (0..REQUESTS_PER_CLIENT as u32)
            .map(|nonce| {
                let raw = build_raw_request(&constants, &signer.address(), &WithdrawalParams { nonce, capacity: 300 * CKB, ..Default::default() });
                let request = sign_with_dev_key(&signer, &constants.rollup_type_hash, raw).expect("sign");
                godwoken_core::hex::encode(request.to_bytes())
            })
            .collect();
        batches.push(requests);
    }
    let batches: Vec<Vec<Value>> = batches
        .into_iter()
        .map(|requests| requests.into_iter().map(|request| json!([request])).collect())
        .collect();
    let (per_second, latencies, all_ok) = drive(&client, &rpc, "gw_submit_withdrawal_request", batches).await;
    // Empty the mempool for the next round.
    post(&client, &rpc, &json!({"jsonrpc": "2.0", "id": 1, "method": "dev_mine", "params": ["0x1"]})).await;
    (per_second, percentile(&latencies, 0.5), percentile(&latencies, 0.99), all_ok)
}

/// Sends each batch of `method` calls (their params) from its own client, clients in parallel,
/// calls one after another within a client: calls per second, sorted latencies, whether all
/// succeeded.
async fn drive(client: &reqwest::Client, url: &str, method: &'static str, batches: Vec<Vec<Value>>) -> (f64, Vec<Duration>, bool) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for calls in batches {
        let (client, url) = (client.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(calls.len());
            let mut all_ok = true;
            for params in calls {
                let sent = Instant::now();
                let answer = post(&client, &url, &json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})).await;
                latencies.push(sent.elapsed());
                all_ok &= answer.get("result").is_some();
            }
            (latencies, all_ok)
        }));
    }
    let mut latencies = Vec::new();
    let mut all_ok = true;
    for task in tasks {
        let (mut l, ok) = task.await.expect("client");
        latencies.append(&mut l);
        all_ok &= ok;
    }
    let per_second = latencies.len() as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    (per_second, latencies, all_ok)
}

/// A fresh development key per Layer 1 client.
fn layer1_signer(offset: usize, client: usize) -> DevSigner {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&((offset + client + 1) as u64).to_be_bytes());
    key[31] = 2;
    DevSigner::from_bytes(&key).expect("key")
}

/// Gives `signer` `count` PW-lock cells of 400 CKB and returns them, as the indexer lists them.
async fn fund_layer1(client: &reqwest::Client, node: &Node, signer: &DevSigner, count: usize) -> Vec<Spendable> {
    let rpc = format!("{}/rpc", node.url());
    for _ in 0..count {
        let funded = post(client, &rpc, &json!({"jsonrpc": "2.0", "id": 1, "method": "dev_fund_layer1",
            "params": [signer.address().to_lower_hex(), format!("{:#x}", 400 * CKB)]})).await;
        assert!(funded.get("error").is_none(), "{funded}");
    }
    let lock = owner_lock(&testnet_2021_constants(), &signer.address());
    let key = json!({"script": lock, "script_type": "lock", "filter": {"output_data_len_range": ["0x0", "0x1"]}});
    let page = post(client, &format!("{}/ckb", node.url()), &json!({"jsonrpc": "2.0", "id": 1, "method": "get_cells", "params": [key, "asc", "0x2710"]})).await;
    let page: Pagination<IndexerCell> = serde_json::from_value(page["result"].clone()).expect("page");
    page.objects.into_iter().filter_map(Spendable::from_indexer_cell).collect()
}

/// Signed deposits of 290 CKB, one per cell, each spending one cell of `signer`'s.
fn signed_deposits(signer: &DevSigner, cells: &[Spendable]) -> Vec<Value> {
    let (constants, layer1) = (testnet_2021_constants(), testnet_2021_layer1());
    cells
        .iter()
        .map(|cell| {
            let unsigned = build::deposit(&constants, &layer1, &signer.address(), std::slice::from_ref(cell), 290 * CKB, CANCEL_TIMEOUT_2021)
                .expect("builds");
            json!([unsigned.signed(&signer.personal_sign(&unsigned.message.0).expect("signs")), "passthrough"])
        })
        .collect()
}

/// Sends `REQUESTS_PER_CLIENT` pre-signed Layer 1 transactions per client, clients in parallel.
async fn layer1_sends(node: &Node, clients: usize, offset: usize) -> (f64, Duration, Duration, bool) {
    let client = reqwest::Client::new();
    let mut batches = Vec::new();
    for c in 0..clients {
        let signer = layer1_signer(offset, c);
        let cells = fund_layer1(&client, node, &signer, REQUESTS_PER_CLIENT).await;
        batches.push(signed_deposits(&signer, &cells));
    }
    let ckb = format!("{}/ckb", node.url());
    let (per_second, latencies, all_ok) = drive(&client, &ckb, "send_transaction", batches).await;
    // Commit the pool (and let Godwoken collect what it takes) before the next round.
    post(&client, &format!("{}/rpc", node.url()), &json!({"jsonrpc": "2.0", "id": 1, "method": "dev_mine", "params": ["0x4"]})).await;
    (per_second, percentile(&latencies, 0.5), percentile(&latencies, 0.99), all_ok)
}

/// Rows for the Layer 1 sends at 1, 8 and 32 clients; returns whether the 32-client budget holds.
async fn layer1_rows(node: &Node, label: &str, offset: usize) -> bool {
    let mut held = true;
    for (clients, step) in [(1usize, 0usize), (8, 10), (32, 50)] {
        let (per_second, p50, p99, all_ok) = layer1_sends(node, clients, offset + step).await;
        let budget_applies = clients == 32;
        let ok = all_ok && per_second >= 1000.0 && ms(p99) <= 20.0;
        held &= !budget_applies || ok;
        row(&format!("devnet: verified send_transaction/s (PW-lock), {clients} client(s){label}"), format!("{per_second:.0}/s"), if budget_applies { ">= 1000/s" } else { "" }, budget_applies.then_some(per_second >= 1000.0 && all_ok));
        row(&format!("devnet: send_transaction latency p50 / p99, {clients} client(s){label}"), format!("{:.2} / {:.2} ms", ms(p50), ms(p99)), if budget_applies { "p99 <= 20 ms" } else { "" }, budget_applies.then_some(ms(p99) <= 20.0));
    }
    held
}

/// The Layer 2 block that collects 50 deposits; returns whether it took at most 50 ms.
async fn deposit_block_row(node: &Node, label: &str, offset: usize) -> bool {
    let client = reqwest::Client::new();
    let rpc = format!("{}/rpc", node.url());
    let ckb = format!("{}/ckb", node.url());
    let mine = |count: &'static str| json!({"jsonrpc": "2.0", "id": 1, "method": "dev_mine", "params": [count]});
    for c in 0..50 {
        let signer = layer1_signer(offset, c);
        let cells = fund_layer1(&client, node, &signer, 1).await;
        let params = signed_deposits(&signer, &cells).remove(0);
        let answer = post(&client, &ckb, &json!({"jsonrpc": "2.0", "id": 1, "method": "send_transaction", "params": params})).await;
        assert!(answer.get("result").is_some(), "{answer}");
    }
    // Commit them, then let the indexer lag (2 blocks) pass: the next block collects all 50.
    post(&client, &rpc, &mine("0x3")).await;
    let started = Instant::now();
    post(&client, &rpc, &mine("0x1")).await;
    let took = started.elapsed();
    let audit = post(&client, &rpc, &json!({"jsonrpc": "2.0", "id": 1, "method": "dev_audit", "params": []})).await;
    assert_eq!(audit["result"]["holds"], true, "{audit}");
    let ok = ms(took) <= 50.0;
    row(&format!("devnet: a Layer 2 block collecting 50 deposits{label}"), format!("{:.1} ms", ms(took)), "<= 50 ms", Some(ok));
    ok
}

#[tokio::main]
async fn main() {
    let foreign: u64 = std::env::args()
        .skip_while(|a| a != "--foreign-cells")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let args = <Args as clap::Parser>::parse_from([
        "godwoken-devnet", "--listen", "127.0.0.1:0", "--ephemeral", "--block-interval-ms", "0", "--dist", "/nonexistent",
        "--mempool-limit", "1000000",
    ]);
    let node = Node::start(&args, godwoken_devnet::devnet::system_clock()).await.expect("devnet");
    let mut failed = false;

    for (clients, offset) in [(1usize, 0usize), (8, 100), (32, 200)] {
        let (per_second, p50, p99, all_ok) = submissions(&node, clients, offset).await;
        let budget_applies = clients == 32;
        let ok = all_ok && (!budget_applies || (per_second >= 2000.0 && ms(p99) <= 20.0));
        failed |= budget_applies && !ok;
        row(&format!("devnet: verified submissions/s, {clients} client(s)"), format!("{per_second:.0}/s"), if budget_applies { ">= 2000/s" } else { "" }, budget_applies.then_some(per_second >= 2000.0 && all_ok));
        row(&format!("devnet: submission latency p50 / p99, {clients} client(s)"), format!("{:.2} / {:.2} ms", ms(p50), ms(p99)), if budget_applies { "p99 <= 20 ms" } else { "" }, budget_applies.then_some(ms(p99) <= 20.0));
    }

    failed |= !layer1_rows(&node, "", 1_000).await;
    failed |= !deposit_block_row(&node, "", 2_000).await;

    // The prefix query: one account's cells among `foreign` cells of other accounts.
    let constants = testnet_2021_constants();
    let loading = Instant::now();
    node.devnet.with_chain(|chain| chain.bench_insert_withdrawal_cells(None, foreign, 1)).expect("foreign cells");
    row("devnet: loading foreign cells", format!("{foreign} in {:.1} s", loading.elapsed().as_secs_f64()), "", None);
    let client = reqwest::Client::new();

    // pw-core's collector query for one address with 100 PW-lock cells, among them.
    let owner = layer1_signer(3_000, 0);
    let cells = fund_layer1(&client, &node, &owner, 100).await;
    assert_eq!(cells.len(), 100);
    let lock = owner_lock(&constants, &owner.address());
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "get_cells", "params": [
        {"script": lock, "script_type": "lock", "filter": {"output_data_len_range": ["0x0", "0x1"]}}, "asc", "0x100", null]});
    let mut latencies = Vec::new();
    for _ in 0..200 {
        let sent = Instant::now();
        let bytes = client.post(format!("{}/ckb", node.url())).json(&body).send().await.expect("answer").bytes().await.expect("body");
        latencies.push(sent.elapsed());
        let page: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(page["result"]["objects"].as_array().map(Vec::len), Some(100));
    }
    latencies.sort();
    let p99 = percentile(&latencies, 0.99);
    failed |= ms(p99) > 10.0;
    row(&format!("devnet: get_cells for one PW-lock address (100 cells) among {foreign} others (p50 / p99)"), format!("{:.2} / {:.2} ms", ms(percentile(&latencies, 0.5)), ms(p99)), "p99 <= 10 ms", Some(ms(p99) <= 10.0));
    let large = format!(", {foreign} more cells");
    failed |= !layer1_rows(&node, &large, 4_000).await;
    failed |= !deposit_block_row(&node, &large, 5_000).await;

    let indexer = format!("{}/indexer", node.url());
    let mut inserted = 0u64;
    for (step, target) in [100u64, 1_000, 10_000].into_iter().enumerate() {
        let account = account_script_hash(&constants, &DevSigner::from_bytes(&[7; 32]).expect("key").address());
        node.devnet.with_chain(|chain| chain.bench_insert_withdrawal_cells(Some(account), target - inserted, 100 + step as u64)).expect("cells");
        inserted = target;
        let key = withdrawal_cells_search_key(&constants, &account);
        // One page of 1 000 (what the page asks for), repeated.
        let mut latencies = Vec::new();
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": "get_cells", "params": [key, "asc", "0x3e8"]});
        for _ in 0..200 {
            // The devnet's latency: request sent to the last byte of the answer received. Parsing
            // the answer is the client's work, done after the clock stops (and checked).
            let sent = Instant::now();
            let bytes = client.post(&indexer).json(&body).send().await.expect("answer").bytes().await.expect("body");
            latencies.push(sent.elapsed());
            let page: Value = serde_json::from_slice(&bytes).expect("JSON");
            assert_eq!(page["result"]["objects"].as_array().map(Vec::len), Some(target.min(1000) as usize));
        }
        latencies.sort();
        let p99 = percentile(&latencies, 0.99);
        let ok = ms(p99) <= 10.0;
        failed |= !ok;
        row(&format!("devnet: get_cells page of up to 1000, account with {target} cells (p50 / p99)"), format!("{:.2} / {:.2} ms", ms(percentile(&latencies, 0.5)), ms(p99)), "p99 <= 10 ms", Some(ok));
        // All pages, as the page fetches them.
        let sent = Instant::now();
        let mut cursor: Option<String> = None;
        let mut seen = 0;
        loop {
            let mut params = vec![json!(key), json!("asc"), json!("0x3e8")];
            if let Some(cursor) = &cursor {
                params.push(json!(cursor));
            }
            let page = post(&client, &indexer, &json!({"jsonrpc": "2.0", "id": 1, "method": "get_cells", "params": params})).await;
            let objects = page["result"]["objects"].as_array().map_or(0, Vec::len);
            seen += objects;
            if objects < 1000 {
                break;
            }
            cursor = page["result"]["last_cursor"].as_str().map(str::to_owned);
        }
        assert_eq!(seen as u64, target);
        row(&format!("devnet: all pages of an account with {target} cells"), format!("{:.1} ms", ms(sent.elapsed())), "", None);
    }
    node.stop().await;
    std::process::exit(i32::from(failed));
}
