//! The team workspace against real PostgreSQL servers that tests/pg/server.sh starts and
//! stops: administration, sync between laptops, conflicts, sign-off, row-level security in
//! raw SQL, and crashes of either side mid-sync. Without PostgreSQL installed each test says
//! how to run it and skips (CI sets FACTDESK_REQUIRE_PG=1, so there they fail instead).

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

mod team;
mod team_crash;
