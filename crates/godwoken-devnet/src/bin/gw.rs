//! `gw`: account facts, balances, withdrawals and deposits signed with development keys, and
//! decoding; `key: value` lines, or JSON with `--json`.

use std::process::ExitCode;

fn main() -> ExitCode {
    match godwoken_devnet::gw_cli::execute(std::env::args_os()) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(godwoken_devnet::gw_cli::CliError::Usage(err)) => {
            // clap prints help/version to stdout and usage errors to stderr itself.
            let _ = err.print();
            ExitCode::from(if err.use_stderr() { 2 } else { 0 })
        }
        Err(err) => {
            eprintln!("gw: {err}");
            ExitCode::from(2)
        }
    }
}
