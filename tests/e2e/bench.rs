//! `bash scripts/bench`, as the README prints it: it builds, measures and prints every figure of
//! its table, and says whether each budget holds. (Its table goes to a file of the test's, through
//! `BENCHMARKS_MD`, so the clone's BENCHMARKS.md is left as it is.) Nothing here judges a figure:
//! budgets are the benchmark's own verdict, not a test's.

use std::process::Command;

use crate::support::project_root;

/// Rows the table must have, each with a value.
const FIGURES: [&str; 11] = [
    "| shipped: total (raw / gzip / brotli) |",
    "| devnet: verified submissions/s, 32 client(s) |",
    "| devnet: verified send_transaction/s (PW-lock), 32 client(s) |",
    "| devnet: a Layer 2 block collecting 50 deposits |",
    "| devnet: get_cells for one PW-lock address (100 cells) among",
    "| devnet: get_cells page of up to 1000, account with 10000 cells (p50 / p99) |",
    "| page: cold start to \"Connect wallet\" enabled (median of 10) |",
    "| page: click to personal_sign in the wallet (median of 10) |",
    "| page: signature to \"Success!\" (median of 10) |",
    "| page: fetch all pages and render 10000 withdrawals (median of 5) |",
    "| page: longest frame while scrolling the 10 000 rows |",
];

#[test]
#[ignore = "needs Chromium and several minutes: run by scripts/test"]
fn scripts_bench_prints_and_writes_every_figure() {
    let committed = std::fs::read_to_string(project_root().join("BENCHMARKS.md")).expect("BENCHMARKS.md");
    let out = tempfile::tempdir().expect("a folder for the table");
    let table = out.path().join("BENCHMARKS.md");
    let output = Command::new("bash")
        .args(["scripts/bench"])
        .current_dir(project_root())
        .env("BENCHMARKS_MD", &table)
        .output()
        .expect("bash runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let verdict = match output.status.code() {
        Some(0) => "every measured budget holds",
        Some(1) => "a budget is broken (see **NO** above)",
        other => panic!("bash scripts/bench could not measure ({other:?}):\n{stdout}\n{stderr}"),
    };
    assert!(stdout.trim_end().ends_with(verdict), "{stdout}");
    assert_eq!(stdout.contains("| **NO** |"), output.status.code() == Some(1), "the exit code follows the table: {stdout}");
    let written = std::fs::read_to_string(&table).expect("the table was written");
    for figure in FIGURES {
        let row = written.lines().find(|line| line.starts_with(figure)).unwrap_or_else(|| panic!("no row {figure}:\n{written}"));
        let value = row[figure.len()..].split('|').next().unwrap_or_default().trim();
        assert!(value.chars().any(|c| c.is_ascii_digit()), "{row}");
        assert!(stdout.contains(row), "printed as written: {row}");
    }
    assert!(written.contains("\n## History\n"), "the hand-written history is kept");
    let unchanged = std::fs::read_to_string(project_root().join("BENCHMARKS.md")).expect("BENCHMARKS.md");
    assert!(unchanged == committed, "the clone's BENCHMARKS.md is left as it is");
}
