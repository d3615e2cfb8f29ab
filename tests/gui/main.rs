//! The window driven headlessly with egui_kittest on the real app state and real files,
//! web articles fetched from a real HTTP server on 127.0.0.1 (the window's fetch too), and
//! the window connected to a real PostgreSQL team workspace. The only test binary that links
//! the GUI stack; it needs the `gui` feature.

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

mod team_window;
mod web;
mod workstation;
