//! Helpers shared by the integration tests: the `sahel-events` binary and scratch folders.
// Each test crate uses some of these.
#![allow(dead_code)]

use std::io::Write;
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

/// A fresh scratch folder for one test, removed with everything in it when the returned
/// guard is dropped (at the end of the test, pass or fail).
pub fn tmp(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("sahel-events-test-{name}-"))
        .tempdir()
        .expect("a scratch folder in the system's temporary directory")
}
