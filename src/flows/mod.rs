//! Use cases both front ends call, so the command line and the window cannot drift apart:
//! composed from `store`, `web` and `report`, with no egui and no clap. The front ends only
//! gather what the user asked and show what happened.
//!
//! - [`import`]: a text as a new article or a new revision, with its web page; the rule for
//!   naming a file's source.
//! - [`refresh`]: which address Check for updates fetches, and when a fetched page is taken.
//! - [`export`]: a report's scope (the `YYYY-MM-DD` rule, blanks, prefixes) and writing it.

pub mod export;
pub mod import;
pub mod refresh;
