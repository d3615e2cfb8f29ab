//! Helpers shared by the integration tests: run the real binary, hash files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "integration tests: a failed assertion is the point"
)]
#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod edits;
pub mod pg;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Path of the built `factdesk` binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_factdesk"))
}

/// Runs `factdesk ARGS` as reviewer "tester" and returns its output.
pub fn factdesk(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("FACTDESK_REVIEWER", "tester")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Runs `factdesk ARGS`, asserts success and returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = factdesk(args);
    assert!(
        out.status.success(),
        "factdesk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `factdesk ARGS`, asserts a failure with exactly one line on stderr, returns it.
pub fn fails(args: &[&str]) -> String {
    let out = factdesk(args);
    assert!(
        !out.status.success(),
        "factdesk {args:?} should have failed"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().count(),
        1,
        "one-line error expected, got: {stderr}"
    );
    assert!(stderr.starts_with("factdesk: error: "), "{stderr}");
    stderr.trim_end().to_owned()
}

/// All bytes of a file, to prove it was not changed.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A news-style article with curly quotes, accents, emoji and CJK.
pub const ARTICLE: &str = "Harbour pier “over budget”, critics say\n\n\
Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”\n\n\
Councillor José Núñez disagreed. “The café owners’ figures show €6.1 million,” said Núñez. \
Visitors from 東京 rose 12% 😀, according to the tourist office.\n\n\
Lind later wrote on X that the pier was “the best-value project since 2009”.\n";
