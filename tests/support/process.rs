//! Commands the tests start as a user would (`bash scripts/run`, `trunk serve`), each leading its
//! own process group, and free ports for them.
// Included by several test crates (`#[path]`), each using part of it.
#![allow(dead_code, unreachable_pub)]

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running command and everything it started, ended (TERM to the whole group) when dropped.
pub struct ProcessGroup(pub Child);

impl ProcessGroup {
    /// Runs `script` in bash from `dir`, silently, as the leader of a new process group, with
    /// `env` added to the environment.
    pub fn bash(script: &str, dir: &Path, env: &[(&str, &std::ffi::OsStr)]) -> ProcessGroup {
        let child = Command::new("bash")
            .args(["-c", script])
            .current_dir(dir)
            .envs(env.iter().copied())
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bash runs");
        ProcessGroup(child)
    }

    /// Panics if the command has ended already, naming it `what`.
    pub fn assert_running(&mut self, what: &str) {
        if let Ok(Some(status)) = self.0.try_wait() {
            panic!("{what} ended with {status} before serving");
        }
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        let group = self.0.id();
        // `--` is required: without it procps' kill reads "-<pgid>" as options, not as a group.
        let _ = Command::new("kill").args(["-s", "TERM", "--", &format!("-{group}")]).status();
        let _ = self.0.wait();
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}
