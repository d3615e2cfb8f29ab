//! Use cases both front ends call, so the command line and the window cannot drift apart:
//! composed from `store`, `web`, `report` and `sync`, with no egui and no clap. Both front
//! ends go through here for what is here; more moves in (import, refresh, export scope).

pub mod import;
