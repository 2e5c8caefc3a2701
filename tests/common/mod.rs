//! Helpers shared by the integration tests: the `sahel-events` binary and scratch folders.
// Each test crate uses some of these.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The binary under test, run from the repository root (where `models/` lies).
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sahel-events"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs the tool with `input` on its standard input.
pub fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A fresh scratch folder for one test (per process, so test crates never share one).
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sahel-events-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
