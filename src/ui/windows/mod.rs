//! The window's dialogs and secondary windows. Each is a function over the state it shows
//! that returns (or pushes) [`Action`](crate::ui::Action)s: none of them writes the store.

pub mod about;
pub mod conflicts;
pub mod export_form;
pub mod getting_started;
pub mod import_form;
pub mod path_prompt;
pub mod revisions;
pub mod settings;
pub mod speaker;
