//! factdesk: a desktop workstation for fact-checkers.
//!
//! A fact-checker imports a news article, selects statements in it and turns them into
//! claims: anchored in the text by Unicode scalar (char) offsets plus the quoted words,
//! tagged with a speaker and a verdict, with evidence and notes. Everything lives in one
//! SQLite workspace file that is complete after every edit.
//!
//! Layers, from the bottom: [`model`] (domain types) ← [`text`] (offsets, anchors,
//! import) ← [`store`] (the SQLite file) ← [`cli`] and [`ui`] (the window, the only module
//! that imports egui, eframe or rfd).

pub mod assist;
pub mod cli;
pub mod demo;
pub mod error;
pub mod files;
pub mod model;
pub mod report;
pub mod store;
pub mod sync;
pub mod text;
pub mod ui;
pub mod web;

pub use error::{Error, Result};
