//! The README's commands, run as printed. Each code block after a `<!-- readme-test: NAME -->`
//! line runs in bash against a devnet — the README's `cargo run … --bin gw --` and its `gw()`
//! function stand for the built `gw`, and the devnet's address replaces `127.0.0.1:8024` — and
//! must succeed. The devnet's synopsis may name only flags its `--help` knows.

mod common;

use std::process::Command;

use common::TestNode;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("README.md")
}

/// The text after each of `markers` in turn, up to the next code fence.
fn block_after<'r>(readme: &'r str, markers: &[&str]) -> Option<&'r str> {
    let mut rest = readme;
    for marker in markers {
        rest = rest.split_once(marker)?.1;
    }
    rest.split("```").next()
}

/// The `--flag` words of `text`.
fn flags(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|word| word.starts_with("--") && word.len() > 2)
}

/// The blocks marked for testing: (name, code).
fn marked_blocks(readme: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("<!-- readme-test: ").and_then(|rest| rest.strip_suffix(" -->")) else { continue };
        let fence = lines.next().unwrap_or_default();
        assert!(fence.starts_with("```"), "the marker of {name} must be followed by a code block");
        let code: Vec<&str> = lines.by_ref().take_while(|line| !line.starts_with("```")).collect();
        blocks.push((name.to_owned(), code.join("\n")));
    }
    blocks
}

#[tokio::test]
async fn the_readmes_walkthroughs_run_as_printed() {
    let readme = readme();
    let blocks = marked_blocks(&readme);
    let names: Vec<&str> = blocks.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["curl", "gw"], "the README's tested blocks");
    let mut args = common::args(None);
    args.automine = true;
    let node = TestNode::start_with(args).await;
    let url = node.node.url();
    for (name, code) in blocks {
        let code = code
            .lines()
            .filter(|line| !line.starts_with("gw() {"))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("cargo run -q --release -p godwoken-devnet --bin gw --", "\"$GW_BIN\"")
            .replace("http://127.0.0.1:8024", &url);
        let script = format!("set -euo pipefail\ngw() {{ \"$GW_BIN\" \"$@\"; }}\n{code}\n");
        let rpc_url = format!("{url}/rpc");
        let output = tokio::task::spawn_blocking(move || {
            Command::new("bash")
                .args(["-c", &script])
                .env("GW_BIN", env!("CARGO_BIN_EXE_gw"))
                .env("GW_RPC_URL", rpc_url)
                .output()
                .expect("bash runs")
        })
        .await
        .expect("joined");
        let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "README block {name} failed:\n{stdout}\n{stderr}");
        match name.as_str() {
            "curl" => assert!(stdout.contains("\"result\":\"0x"), "the submission was accepted: {stdout}"),
            _ => {
                assert!(stdout.contains("status: committed"), "gw withdraw waited for its block: {stdout}");
                assert!(stdout.contains("\"layer2\""), "--json prints JSON: {stdout}");
            }
        }
    }
    node.node.stop().await;
}

#[test]
fn the_devnet_synopsis_names_only_flags_it_knows() {
    let readme = readme();
    let synopsis = block_after(&readme, &["```\ncargo run --release -p godwoken-devnet -- "]).expect("the devnet's synopsis block");
    let help = Command::new(env!("CARGO_BIN_EXE_godwoken-devnet")).arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&help.stdout);
    let flags: Vec<&str> = flags(synopsis).collect();
    assert!(flags.len() > 10, "{flags:?}");
    for flag in flags {
        assert!(help.contains(flag), "the README names {flag}, which `godwoken-devnet --help` does not know");
    }
}

#[test]
fn the_gw_synopsis_names_only_commands_and_flags_gw_knows() {
    let readme = readme();
    let synopsis = block_after(&readme, &["Synopsis (", "```text\n"]).expect("gw's synopsis block");
    let lines: Vec<&str> = synopsis.lines().map(|line| line.split('#').next().unwrap_or_default().trim()).collect();
    assert!(lines.len() >= 10, "{lines:?}");
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(&"gw"), "{line}");
        // The command path: the words before the first flag, value or choice.
        let path: Vec<&str> = words[1..]
            .iter()
            .take_while(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !word.starts_with('-'))
            .copied()
            .collect();
        assert!(!path.is_empty(), "{line}");
        let help = Command::new(env!("CARGO_BIN_EXE_gw")).args(&path).arg("--help").output().expect("runs");
        assert!(help.status.success(), "`gw {} --help` fails: the README names a command gw does not know", path.join(" "));
        let help = String::from_utf8_lossy(&help.stdout);
        for flag in flags(line) {
            assert!(help.contains(flag), "the README names `gw {} {flag}`, which its --help does not know", path.join(" "));
        }
    }
}
