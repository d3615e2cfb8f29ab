//! [`Document`]: the open workspace as the window holds it. The file, the article library,
//! the article shown with its claims, the speakers, the selected claim and what is read
//! about it (history, linked claims), and the open merge conflicts.
//!
//! Only the app room (`ui/app/`) changes it, reading from the store after each write or
//! poll; everything else reads it through [`super::FactdeskApp`]'s accessors.

use crate::model::{Article, Claim, ClaimId, HistoryEntry, Speaker};
use crate::store::Workspace;
use crate::store::read::ArticleSummary;
use crate::ui::windows::conflicts::ConflictRow;

/// The open workspace and what the window shows of it.
#[derive(Default)]
pub(super) struct Document {
    /// The open workspace.
    pub(super) ws: Option<Workspace>,
    /// The article library.
    pub(super) articles: Vec<ArticleSummary>,
    /// The article shown.
    pub(super) current: Option<Article>,
    /// Its claims, in text order.
    pub(super) claims: Vec<Claim>,
    /// Every speaker of the workspace.
    pub(super) speakers: Vec<Speaker>,
    /// The selected claim's id.
    pub(super) selected: Option<ClaimId>,
    /// The selected claim's history.
    pub(super) history: Vec<HistoryEntry>,
    /// Claims in other articles quoting the selected claim's statement, with their titles.
    pub(super) linked: Vec<(Claim, String)>,
    /// Open merge conflicts of the workspace, by claim and field.
    pub(super) conflicts: Vec<ConflictRow>,
    /// The file's data version when it was last read (another writer changes it).
    pub(super) data_version: i64,
    /// The file is the demo workspace (it holds the demo article).
    pub(super) demo: bool,
}

impl Document {
    /// Index of the selected claim in the article's claims.
    pub(super) fn selected_index(&self) -> Option<usize> {
        let id = self.selected.as_ref()?;
        self.claims.iter().position(|c| c.id == *id)
    }
}
