//! The devnet's HTTP surface besides JSON-RPC: the page, `/config.json` and CORS.

mod common;

use common::*;

#[tokio::test]
async fn serves_the_page_config_and_cors() {
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>page</title>").expect("write");
    std::fs::write(dist.path().join("app_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    std::fs::write(dist.path().join("style.css"), "body{}").expect("write");
    let mut args = args(None);
    args.dist = dist.path().to_path_buf();
    let node = TestNode::start_with(args).await;
    let url = node.node.url();

    let get = |path: &str| node.client.get(format!("{url}{path}")).send();
    let page = get("/").await.expect("page");
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    assert_eq!(get("/app_bg.wasm").await.expect("wasm").headers()["content-type"], "application/wasm");
    assert!(get("/style.css").await.expect("css").headers()["content-type"].to_str().expect("ascii").starts_with("text/css"));
    assert_eq!(get("/missing.js").await.expect("404").status().as_u16(), 404);

    let config: godwoken_core::network::NetworkConfig = get("/config.json").await.expect("config").json().await.expect("JSON");
    assert_eq!(config.kind, godwoken_core::network::NetworkKind::Devnet);
    assert_eq!(config.rpc_url, format!("{url}/rpc"));
    assert_eq!(config.indexer_url, format!("{url}/indexer"));
    assert_eq!(config.ckb_url, format!("{url}/ckb"));
    assert_eq!(config.constants, godwoken_core::network::testnet_2021_constants());
    // Through a proxy that names no port (trunk serve's), the devnet's own address is kept.
    let proxied: godwoken_core::network::NetworkConfig =
        node.client.get(format!("{url}/config.json")).header("host", "127.0.0.1").send().await.expect("config").json().await.expect("JSON");
    assert_eq!(proxied.rpc_url, format!("{url}/rpc"));
    let named: godwoken_core::network::NetworkConfig =
        node.client.get(format!("{url}/config.json")).header("host", "localhost:9999").send().await.expect("config").json().await.expect("JSON");
    assert_eq!(named.ckb_url, "http://localhost:9999/ckb", "a host with a port is the page's origin");
    assert_eq!(config.finality_blocks, 10);

    // `trunk serve` on another origin may call the RPC: the preflight is answered.
    let preflight = node
        .client
        .request(reqwest::Method::OPTIONS, format!("{url}/rpc"))
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success());
    assert!(preflight.headers().contains_key("access-control-allow-origin"));
    node.node.stop().await;
}

#[tokio::test]
async fn health_and_ping_say_the_node_is_up() {
    let node = TestNode::start().await;
    let health: serde_json::Value =
        node.client.get(format!("{}/health", node.node.url())).send().await.expect("health").json().await.expect("JSON");
    assert_eq!(health, serde_json::json!({"status": "ok", "layer2_tip": "0x0", "layer1_tip": "0x350000"}));
    node.mine(3).await;
    let health: serde_json::Value =
        node.client.get(format!("{}/health", node.node.url())).send().await.expect("health").json().await.expect("JSON");
    assert_eq!(health["layer2_tip"], "0x3");
    assert_eq!(health["layer1_tip"], "0x350003", "each Layer 2 block comes with a Layer 1 block");
    assert_eq!(node.rpc("gw_ping", serde_json::json!([])).await.expect("pong"), "pong");
    node.node.stop().await;
}

#[tokio::test]
async fn without_a_built_page_it_says_how_to_build_it() {
    let node = TestNode::start().await;
    let page = node.client.get(format!("{}/", node.node.url())).send().await.expect("page");
    assert_eq!(page.status().as_u16(), 404);
    assert!(page.text().await.expect("text").contains("scripts/run"));
    node.node.stop().await;
}
