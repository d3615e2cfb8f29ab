//! Integration tests that need neither a window nor a server: the command line end to end
//! on real workspace files, bad input, crashes, merging and sharing, the store, migrations
//! from frozen fixtures, reports, the trust regressions of issue 15, and the quality of the
//! assistant and of re-anchoring. One binary (each module was a test binary of its own),
//! so the suite links once; it drives no window.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "integration tests: a failed assertion is the point"
)]
#![allow(clippy::disallowed_methods, reason = "test threads need no names")]

#[path = "../common/mod.rs"]
mod common;

mod assist;
mod assist_quality;
mod bad_input;
mod cli;
mod crash;
mod merge;
mod merge_props;
mod migrate;
mod reanchor_quality;
mod report;
mod sharing;
mod store;
mod trust;
