//! Durability: a storm of valid and invalid submissions against the real `godwoken-devnet`
//! process, killed with SIGKILL at chosen moments and restarted on the same data dir. Every
//! withdrawal acknowledged to a client must be there afterwards, none twice, and CKB is conserved.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use common::{quantity, signer, spawn_devnet, withdrawal, withdrawal_hash, DevnetProcess, CKB};
use serde_json::{json, Value};

fn start(data_dir: &std::path::Path) -> DevnetProcess {
    let dir = data_dir.display().to_string();
    spawn_devnet(&["--block-interval-ms", "0", "--finality-blocks", "5", "--data-dir", &dir])
}

async fn call(client: &reqwest::Client, url: &str, method: &str, params: Value) -> Result<Value, Option<Value>> {
    let response = client
        .post(format!("{url}/rpc"))
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .map_err(|_| None)?;
    let answer: Value = response.json().await.map_err(|_| None)?;
    match answer.get("error") {
        Some(error) => Err(Some(error.clone())),
        None => Ok(answer["result"].clone()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_withdrawals_survive_sigkill_and_are_never_doubled() {
    let dir = tempfile::tempdir().expect("data dir");
    let client = reqwest::Client::new();
    let constants = godwoken_core::network::testnet_2021_constants();
    // Every acknowledged hash, with the account and nonce it used.
    let mut acknowledged: BTreeMap<String, (usize, u32)> = BTreeMap::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let accounts = [0usize, 1, 2, 3];
    for round in 0..6u32 {
        let mut devnet = start(dir.path());
        let url = devnet.url.clone();
        // What the chain says now, after the previous kill.
        let mut nonces = BTreeMap::new();
        for &key in &accounts {
            let hash = godwoken_core::account::account_script_hash(&constants, &signer(key).address());
            let id = call(&client, &url, "gw_get_account_id_by_script_hash", json!([hash])).await.expect("id");
            let nonce = call(&client, &url, "gw_get_nonce", json!([id])).await.expect("nonce");
            nonces.insert(key, quantity(&nonce) as u32);
        }
        // Everything acknowledged before is still there, exactly once (one per nonce).
        for (hash, (key, nonce)) in &acknowledged {
            let found = call(&client, &url, "gw_get_withdrawal", json!([hash])).await.expect("lookup");
            assert!(!found.is_null(), "round {round}: acknowledged withdrawal {hash} of #{key} nonce {nonce} was lost");
            assert!(nonces[key] > *nonce, "round {round}: nonce of #{key} went back");
        }
        let audit = call(&client, &url, "dev_audit", json!([])).await.expect("audit");
        assert_eq!(audit["holds"], true, "round {round}: {audit}");
        // Top the accounts up so that balances never run out over the rounds (40 steps of 270
        // CKB each could spend 10 800 CKB per round); funding too must survive the kills.
        for &key in &accounts {
            let address = signer(key).address().to_lower_hex();
            call(&client, &url, "dev_fund", json!([address, format!("{:#x}", 12_000 * CKB)])).await.expect("fund");
        }

        // The storm: concurrent clients per account, valid requests mixed with invalid ones and
        // blocks; the kill comes after a number of acknowledgements that differs per round.
        let kill_after = 5 + (round as usize * 7) % 13;
        let mut tasks = Vec::new();
        for &key in &accounts {
            let (client, url, start_nonce) = (client.clone(), url.clone(), nonces[&key]);
            tasks.push(tokio::spawn(async move {
                let mut acked = Vec::new();
                let mut nonce = start_nonce;
                for step in 0..40u32 {
                    let request = if step % 5 == 4 {
                        withdrawal(key, nonce + 7, 300 * CKB, 0) // wrong nonce: refused
                    } else {
                        withdrawal(key, nonce, 270 * CKB, u128::from(step))
                    };
                    match call(&client, &url, "gw_submit_withdrawal_request", json!([godwoken_core::hex::encode(&request)])).await {
                        Ok(hash) => {
                            assert_eq!(hash, json!(withdrawal_hash(&request)));
                            acked.push((hash.as_str().unwrap_or_default().to_owned(), key, nonce));
                            nonce += 1;
                        }
                        Err(Some(_)) => {}
                        Err(None) => break, // the process is gone
                    }
                    if step % 6 == 0 {
                        let _ = call(&client, &url, "dev_mine", json!(["0x1"])).await;
                    }
                }
                acked
            }));
        }
        // Kill once enough acknowledgements may have happened: poll the devnet's nonces.
        loop {
            let mut total = 0;
            for &key in &accounts {
                let hash = godwoken_core::account::account_script_hash(&constants, &signer(key).address());
                let id = match call(&client, &url, "gw_get_account_id_by_script_hash", json!([hash])).await { Ok(id) => id, Err(_) => break };
                if let Ok(nonce) = call(&client, &url, "gw_get_nonce", json!([id])).await {
                    total += quantity(&nonce) as usize - nonces[&key] as usize;
                }
            }
            let all_done = tasks.iter().all(|t| t.is_finished());
            if total >= kill_after || all_done || Instant::now() > deadline {
                break;
            }
            tokio::task::yield_now().await;
        }
        devnet.child.kill().expect("SIGKILL");
        let _ = devnet.child.wait();
        for task in tasks {
            for (hash, key, nonce) in task.await.expect("client task") {
                assert!(acknowledged.insert(hash.clone(), (key, nonce)).is_none(), "hash {hash} acknowledged twice");
            }
        }
        assert!(Instant::now() < deadline, "the storm took too long");
    }
    // No nonce was acknowledged twice for an account.
    let pairs: HashSet<(usize, u32)> = acknowledged.values().copied().collect();
    assert_eq!(pairs.len(), acknowledged.len());
    assert!(acknowledged.len() >= 20, "the storm acknowledged {} withdrawals", acknowledged.len());

    // A last clean start: mine past finality; every acknowledged withdrawal is committed and
    // conservation holds with everything released.
    let mut devnet = start(dir.path());
    call(&client, &devnet.url, "dev_mine", json!(["0x14"])).await.expect("mine");
    for hash in acknowledged.keys() {
        let found = call(&client, &devnet.url, "gw_get_withdrawal", json!([hash])).await.expect("lookup");
        assert_eq!(found["status"], "committed", "{hash}");
    }
    let audit = call(&client, &devnet.url, "dev_audit", json!([])).await.expect("audit");
    assert_eq!(audit["holds"], true, "{audit}");
    assert_eq!((&audit["in_flight"], &audit["withdrawal_cells"]), (&json!("0x0"), &json!("0x0")), "{audit}");
    devnet.child.kill().expect("stop");
    let _ = devnet.child.wait();
}

/// Two processes on one data dir would each fail the other's writes ("database is locked"): the
/// second one refuses to start and says which directory is taken.
#[test]
fn a_second_devnet_process_on_the_same_data_dir_refuses_to_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = start(dir.path());
    let second = std::process::Command::new(env!("CARGO_BIN_EXE_godwoken-devnet"))
        .args(["--listen", "127.0.0.1:0", "--dist", "/nonexistent", "--block-interval-ms", "0"])
        .args(["--data-dir", &dir.path().display().to_string()])
        .output()
        .expect("the devnet binary runs");
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("is in use by another godwoken-devnet process"), "{stderr}");
    assert!(stderr.contains(&dir.path().display().to_string()), "{stderr}");
    drop(first);
}

/// The binary logs a line per request (method, duration, error code) and per block to stderr, and
/// nothing with `--silent`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_and_blocks_are_logged_unless_silent() {
    use std::io::BufRead;
    for silent in [false, true] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_godwoken-devnet"));
        command.args(["--listen", "127.0.0.1:0", "--dist", "/nonexistent", "--ephemeral", "--block-interval-ms", "0"]);
        if silent {
            command.arg("--silent");
        }
        let mut child = command
            .env_remove("RUST_LOG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| line.trim().strip_prefix("JSON-RPC").map(|rest| rest.trim().trim_end_matches("/rpc").to_owned()))
            .expect("the devnet prints its URL");
        // Keep draining stdout so the process never writes to a closed pipe.
        std::thread::spawn(move || for _ in lines {});
        let client = reqwest::Client::new();
        assert_eq!(call(&client, &url, "gw_ping", json!([])).await.ok(), Some(json!("pong")));
        assert!(call(&client, &url, "dev_mine", json!(["0x2"])).await.is_ok());
        assert!(call(&client, &url, "gw_get_nonce", json!(["not a number"])).await.is_err());
        let _ = child.kill();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr).expect("reads");
        let _ = child.wait();
        if silent {
            assert_eq!(stderr, "", "--silent logs nothing");
        } else {
            assert!(stderr.lines().any(|l| l.contains("gw_ping") && l.contains(" ms")), "{stderr}");
            assert!(stderr.lines().any(|l| l.contains("blocks 1..=2")), "{stderr}");
            assert!(stderr.lines().any(|l| l.contains("gw_get_nonce") && l.contains("error -32602")), "{stderr}");
        }
    }
}
