//! `bash scripts/run`, as the README prints it, with the README's extra arguments: it sets up,
//! builds the page and serves it from a devnet whose flags it passes on (here on a free port;
//! plain, with `--unlock manual` and with `--block-interval-ms 0`, which `/config.json` then
//! reports to the page), and changes nothing outside the clone when everything is installed.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use process::{free_port, ProcessGroup};

/// The first run may compile the devnet's release build on a fresh machine.
const START_DEADLINE: Duration = Duration::from_secs(20 * 60);

/// Starts `bash scripts/run <args>` and waits until its devnet answers `/health`.
async fn run_script(args: &[&str]) -> (ProcessGroup, String) {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let script = format!("bash scripts/run --ephemeral --silent --listen {listen} {}", args.join(" "));
    let mut running = ProcessGroup::bash(&script, Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    let url = format!("http://{listen}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + START_DEADLINE;
    loop {
        if let Ok(response) = client.get(format!("{url}/health")).send().await {
            if response.status().is_success() {
                return (running, url);
            }
        }
        running.assert_running(&format!("bash scripts/run {args:?}"));
        assert!(Instant::now() < deadline, "bash scripts/run {args:?} did not serve within {START_DEADLINE:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What is at most two levels under `root`: (path, length, modification time), sorted; a path
/// under `except` (a build folder the user chose) is left out.
fn listing(root: &Path, except: Option<&Path>) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut entries = Vec::new();
    let mut folders = vec![(root.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(read) = std::fs::read_dir(&folder) else { continue };
        for entry in read.flatten() {
            let path = entry.path();
            if except.is_some_and(|except| path.starts_with(except)) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() && depth < 1 {
                folders.push((path.clone(), depth + 1));
            }
            entries.push((path, meta.len(), meta.modified().ok()));
        }
    }
    entries.sort();
    entries
}

#[tokio::test]
async fn scripts_run_serves_the_page_and_passes_its_arguments_to_the_devnet() {
    // Outside the clone, nothing but installs: the user's cargo tools and the pinned tools' folder
    // are left as they were (everything is installed already: scripts/test set up first).
    let home = PathBuf::from(std::env::var_os("HOME").expect("HOME"));
    let chosen_target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from);
    let watched = [home.join(".cargo/bin"), home.join(".cache/ckb-l2-withdraw")];
    let before: Vec<_> = watched.iter().map(|root| listing(root, chosen_target.as_deref())).collect();

    // The README's examples: plain (1 s blocks), `--unlock manual` (10 s blocks, the devnet's
    // default then), and its extra arguments `--block-interval-ms 0` (blocks only on `dev_mine`:
    // 0, blocks on demand, so the page promises no time).
    for (args, manual_unlock, block_time_ms) in
        [(&[][..], false, 1000), (&["--unlock", "manual"][..], true, 10_000), (&["--block-interval-ms", "0"][..], false, 0)]
    {
        let (running, url) = run_script(args).await;
        let page = reqwest::get(format!("{url}/")).await.expect("the page").text().await.expect("text");
        assert!(page.contains("<title>Create Layer 2 Account · CKB Tools</title>"), "{page}");
        let config: serde_json::Value = reqwest::get(format!("{url}/config.json")).await.expect("config").json().await.expect("JSON");
        assert_eq!(config["manual_unlock"], manual_unlock, "{args:?}: {config}");
        assert_eq!(config["ckb_url"], format!("{url}/ckb"));
        assert_eq!(config["block_time_ms"], block_time_ms, "{args:?}: {config}");
        drop(running);
    }
    for (root, before) in watched.iter().zip(before) {
        assert!(listing(root, chosen_target.as_deref()) == before, "bash scripts/run changed {}", root.display());
    }
}
