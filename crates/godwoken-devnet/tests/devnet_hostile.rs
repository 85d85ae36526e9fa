//! Hostile input against the real devnet process: oversized and deep bodies, invalid UTF-8, wrong
//! content types, batch floods, 1000 connections opened and dropped. Each is answered or refused
//! cleanly, the process stays up and its memory stays bounded. Loopback only.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{json, Value};

mod common;

use common::{spawn_devnet, DevnetProcess};

fn start() -> (DevnetProcess, String) {
    let devnet = spawn_devnet(&["--ephemeral", "--block-interval-ms", "0"]);
    let address = devnet.url.trim_start_matches("http://").to_owned();
    (devnet, address)
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

async fn post(client: &reqwest::Client, url: &str, content_type: Option<&str>, body: Vec<u8>) -> (u16, Value) {
    let mut request = client.post(format!("{url}/rpc")).body(body).timeout(Duration::from_secs(20));
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn still_answers(client: &reqwest::Client, devnet: &DevnetProcess) {
    let (status, body) = post(client, &devnet.url, Some("application/json"),
        br#"{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}"#.to_vec()).await;
    assert_eq!((status, &body["result"]), (200, &json!("0x116e1")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_is_refused_cleanly_and_memory_stays_bounded() {
    let (devnet, address) = start();
    let client = reqwest::Client::new();
    still_answers(&client, &devnet).await;
    let rss_before = rss_kib(devnet.child.id());

    // Oversized: refused before it is read whole.
    let (status, _) = post(&client, &devnet.url, Some("application/json"), vec![b'['; 4 * 1024 * 1024]).await;
    assert_eq!(status, 413);
    // Deep nesting within the size limit: a parse error, not a stack overflow.
    let (status, body) = post(&client, &devnet.url, Some("application/json"), vec![b'['; 500_000]).await;
    assert_eq!((status, &body["error"]["code"]), (200, &json!(-32700)));
    // Invalid UTF-8.
    let (_, body) = post(&client, &devnet.url, Some("application/json"), vec![b'"', 0xff, 0xfe, b'"']).await;
    assert_eq!(body["error"]["code"], -32700);
    // Wrong or missing content types.
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data; boundary=x"), None] {
        let (status, _) = post(&client, &devnet.url, content_type, b"{}".to_vec()).await;
        assert_eq!(status, 415, "{content_type:?}");
    }
    // Batch floods: the limit is clear, a full batch is served.
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []});
    let (_, body) = post(&client, &devnet.url, Some("application/json"), serde_json::to_vec(&vec![call.clone(); 101]).expect("json")).await;
    assert_eq!(body["error"]["code"], -32600);
    let (_, body) = post(&client, &devnet.url, Some("application/json"), serde_json::to_vec(&vec![call; 100]).expect("json")).await;
    assert_eq!(body.as_array().map(Vec::len), Some(100));
    // A huge (but allowed) parameter: Godwoken's own refusal, no panic.
    let huge = json!({"jsonrpc": "2.0", "id": 1, "method": "gw_submit_withdrawal_request", "params": [format!("0x{}", "ab".repeat(400_000))]});
    let (_, body) = post(&client, &devnet.url, Some("application/json"), serde_json::to_vec(&huge).expect("json")).await;
    assert_eq!(body["error"]["code"], 0, "{body}");
    // Many concurrent bodies of garbage.
    let mut tasks = Vec::new();
    for i in 0..200u32 {
        let (client, url) = (client.clone(), devnet.url.clone());
        tasks.push(tokio::spawn(async move {
            let body: Vec<u8> = (0..4096u32).map(|j| (i.wrapping_mul(31).wrapping_add(j.wrapping_mul(17)) % 256) as u8).collect();
            post(&client, &url, Some("application/json"), body).await.0
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), 200);
    }
    still_answers(&client, &devnet).await;

    // 1000 connections: half send half a request and hang, half connect and drop at once.
    let mut held = Vec::new();
    for i in 0..1000 {
        let mut stream = TcpStream::connect(&address).expect("connect");
        if i % 2 == 0 {
            let _ = stream.write_all(b"POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"");
            held.push(stream);
        }
    }
    still_answers(&client, &devnet).await;
    drop(held);
    still_answers(&client, &devnet).await;

    let rss_after = rss_kib(devnet.child.id());
    assert!(rss_after < rss_before + 96 * 1024, "memory grew from {rss_before} KiB to {rss_after} KiB");
}
