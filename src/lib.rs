//! factdesk: a desktop workstation for fact-checkers.
//!
//! A fact-checker imports a news article, selects statements in it and turns them into
//! claims: anchored in the text by Unicode scalar (char) offsets plus the quoted words,
//! tagged with a speaker and a verdict, with evidence and notes. Everything lives in one
//! SQLite workspace file that is complete after every edit.
//!
//! Layers, from the bottom (ARCHITECTURE.md has the rooms, what each may import, and where
//! each kind of change goes): [`model`] (domain types) ← [`text`] (offsets, anchors, import)
//! and [`assist`] (the claim assistant) ← [`store`] (the SQLite file), [`report`] (exporters),
//! [`sync`] (the team server) and [`web`] (fetching pages) ← [`cli`] and `ui` (the window,
//! behind the `gui` feature: the only module that imports egui, eframe or rfd). [`files`]
//! (path guards, the data folder) and [`identity`] (who is editing) serve every layer.

pub mod assist;
pub mod cli;
pub mod demo;
pub mod error;
pub mod files;
pub mod flows;
pub mod identity;
pub mod model;
pub mod report;
pub mod store;
pub mod sync;
pub mod test_support;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
pub mod web;

pub use error::{Error, Result};

/// The version and build, as `factdesk --version` and Help → About show them:
/// `0.1.0 (git 1a2b3c4)` when built from a git checkout, else `0.1.0` (set by `build.rs`).
pub const VERSION: &str = env!("FACTDESK_VERSION");
