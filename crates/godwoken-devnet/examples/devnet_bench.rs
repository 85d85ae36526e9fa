//! Devnet benchmark: verified submissions per second and latency at 1, 8 and 32 concurrent
//! clients (distinct accounts), and the indexer's prefix query for one account's withdrawal cells
//! at 100, 1 000 and 10 000 of them among 1 000 000 cells of other accounts. Loopback only.
//!
//! `cargo run --release -p godwoken-devnet --example devnet_bench [-- --foreign-cells N]`
//! prints Markdown rows: `| figure | value | budget | ok |`. Run by `scripts/bench`.

use std::time::{Duration, Instant};

use godwoken_core::account::account_script_hash;
use godwoken_core::eth::DevSigner;
use godwoken_core::network::testnet_2021_constants;
use godwoken_core::rpc::withdrawal_cells_search_key;
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
    let started = Instant::now();
    let mut tasks = Vec::new();
    for requests in batches {
        let (client, rpc) = (client.clone(), rpc.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(requests.len());
            let mut all_ok = true;
            for request in requests {
                let sent = Instant::now();
                let answer = post(&client, &rpc, &json!({"jsonrpc": "2.0", "id": 1, "method": "gw_submit_withdrawal_request", "params": [request]})).await;
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
    let elapsed = started.elapsed();
    latencies.sort();
    let per_second = latencies.len() as f64 / elapsed.as_secs_f64();
    // Empty the mempool for the next round.
    post(&client, &rpc, &json!({"jsonrpc": "2.0", "id": 1, "method": "dev_mine", "params": ["0x1"]})).await;
    (per_second, percentile(&latencies, 0.5), percentile(&latencies, 0.99), all_ok)
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

    // The prefix query: one account's cells among `foreign` cells of other accounts.
    let constants = testnet_2021_constants();
    let loading = Instant::now();
    node.devnet.with_chain(|chain| chain.bench_insert_withdrawal_cells(None, foreign, 1)).expect("foreign cells");
    row("devnet: loading foreign cells", format!("{foreign} in {:.1} s", loading.elapsed().as_secs_f64()), "", None);
    let client = reqwest::Client::new();
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
