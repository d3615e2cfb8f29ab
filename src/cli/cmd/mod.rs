//! One file per command (or pair of related commands) of the command line.

pub mod check;
pub mod claim;
pub mod conflicts;
pub mod export;
pub mod import;
pub mod server;
#[cfg(feature = "test-support")]
pub mod stress;
pub mod suggest;
pub mod sync;
