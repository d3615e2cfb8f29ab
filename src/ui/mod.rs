//! The window: egui/eframe panels over the same library functions the CLI uses. The only
//! module that imports egui, eframe or rfd.
//!
//! Views return [`Action`]s; [`app::FactdeskApp::apply`] is the one place that changes
//! state (store writes, undo, dialogs), after drawing.

pub mod app;
pub mod article_view;
pub mod claims_panel;
pub mod format;
mod jobs;
pub mod library;
pub mod suggestions;
pub mod team;
pub mod theme;
mod windows;

use std::path::PathBuf;

use crate::model::{ArticleId, CharRange, ClaimId};
use crate::store::write::ClaimPatch;

/// Something the user asked for, applied after the frame is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show this article.
    SelectArticle(ArticleId),
    /// Select a claim (or none).
    SelectClaim(Option<ClaimId>),
    /// Select a claim, scroll the article to it and flash it.
    RevealClaim(ClaimId),
    /// Make a claim of this char range of the current article.
    CreateClaim(CharRange),
    /// Change a claim's fields.
    Patch(ClaimId, ClaimPatch),
    /// Add an evidence link to a claim.
    AddEvidence {
        /// The claim.
        claim_id: ClaimId,
        /// Link.
        url: String,
        /// Title.
        title: String,
        /// What it shows.
        note: String,
    },
    /// Remove an evidence link.
    RemoveEvidence {
        /// The claim.
        claim_id: ClaimId,
        /// The link's id.
        evidence_id: String,
    },
    /// Delete a claim (undoable).
    DeleteClaim(ClaimId),
    /// Decline the verdict waiting for sign-off on a claim.
    DeclineProposal(ClaimId),
    /// Put an orphaned claim on this range of the current text.
    Reattach(ClaimId, CharRange),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Select the next claim in the list.
    NextClaim,
    /// Select the previous claim in the list.
    PreviousClaim,
    /// Open a workspace file.
    OpenWorkspace(PathBuf),
    /// Create a workspace file and open it.
    NewWorkspace(PathBuf),
    /// Write a consistent copy of the workspace.
    SaveCopy(PathBuf),
    /// Read an article file and show the import form.
    ImportFile(PathBuf),
    /// Take pasted text and show the import form.
    ImportText(String),
    /// Import what the import form holds (a new article, or a new revision of one).
    ConfirmImport,
    /// Close the import form without importing.
    CancelImport,
    /// Ask the OS for a path (runs on a thread; never in tests).
    PickFile(FileDialog),
    /// What an OS file dialog answered (sent back from its thread): a chosen path becomes
    /// the action for it; a dialog that never showed (it answered nothing at once, or
    /// failed) opens the path field in the window instead.
    FileDialogAnswered(FileDialog, DialogAnswer),
    /// Look for final verdicts with nothing behind them in the export form's report: none,
    /// and the path is asked for; some, and the form lists them first.
    CheckExport,
    /// Write the report described by the export form to this path.
    ExportTo(PathBuf),
    /// Fetch a web page (on a worker thread) and show the import form.
    ImportUrl(String),
    /// Fetch an article's page again; a changed text becomes a new revision.
    CheckForUpdates(ArticleId),
    /// Stop the fetch under way.
    CancelFetch,
    /// Open the revisions window of an article (what each correction changed).
    ShowRevisions(ArticleId),
    /// Merge a colleague's copy of the workspace into this one.
    MergeFrom(PathBuf),
    /// Open the conflict review window.
    ShowConflicts,
    /// Settle one merge conflict (by its id).
    ResolveConflict(String, crate::store::merge::Resolution),
    /// Select a suggestion of the claim assistant (or none) and show it in the text.
    SelectSuggestion(Option<suggestions::SuggestionKey>),
    /// Make a suggestion a claim, with this speaker (as edited; empty for none; undoable).
    AcceptSuggestion(suggestions::SuggestionKey, String),
    /// Dismiss a suggestion: it is not suggested again for this article (undoable).
    DismissSuggestion(suggestions::SuggestionKey),
    /// Credit every suggestion of the article shown credited to `from` to `to` instead
    /// (nothing is written: the speakers are the assistant's until a suggestion is accepted).
    RenameSuggestedSpeaker {
        /// The name the assistant gave.
        from: String,
        /// The checker's name for that speaker.
        to: String,
    },
    /// The Suggested list's filter or order changed: put the list in order again.
    ArrangeSuggestions,
    /// Take back the dismissal of these words of an article: they are suggested again
    /// (undoable).
    RestoreSuggestion(ArticleId, String),
    /// Give a claim and every claim linked to it (the same statement in other articles)
    /// this verdict.
    SetStatusLinked(ClaimId, crate::model::Status),
    /// Open the window of a speaker's claims across articles (or close it).
    ShowSpeaker(Option<String>),
    /// Open the form to connect the workspace to a team workspace on a server.
    ShowTeamForm,
    /// Start syncing with the server the form names (linking the file first if needed).
    TeamConnect(team::TeamForm),
    /// Stop syncing (the file keeps its link and everything in it).
    TeamStop,
}

/// Which file dialog to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileDialog {
    /// Open a workspace.
    Open,
    /// Create a workspace.
    New,
    /// Save a copy of the workspace.
    SaveCopy,
    /// Import an article.
    Import,
    /// Where to write a report (the export form says which format).
    Export,
    /// A colleague's workspace to merge.
    Merge,
}

/// The window's icon: the 256 px rendering of `assets/icons/factdesk.svg`.
const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../assets/icons/factdesk-256.png");

impl FileDialog {
    /// The action that takes the path this dialog asked for.
    pub fn action(self, path: PathBuf) -> Action {
        match self {
            Self::Open => Action::OpenWorkspace(path),
            Self::New => Action::NewWorkspace(path),
            Self::SaveCopy => Action::SaveCopy(path),
            Self::Import => Action::ImportFile(path),
            Self::Export => Action::ExportTo(path),
            Self::Merge => Action::MergeFrom(path),
        }
    }

    /// What the dialog is for, as a window title.
    pub const fn title(self) -> &'static str {
        match self {
            Self::Open => "Open a workspace",
            Self::New => "New workspace",
            Self::SaveCopy => "Save a copy of the workspace",
            Self::Import => "Import an article",
            Self::Export => "Export the report to",
            Self::Merge => "Merge a colleague's file",
        }
    }
}

/// What an OS file dialog answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    /// The user chose this path.
    Chosen(PathBuf),
    /// No path, after this many milliseconds: the user cancelled, or (when it came at
    /// once) no dialog was ever shown.
    Nothing {
        /// How long the dialog call took.
        after_ms: u64,
    },
    /// The dialog could not be shown (the message says why).
    Failed(String),
}

/// An answer with no path faster than this means no dialog appeared: nobody cancels a file
/// dialog within 300 ms.
pub const DIALOG_MISSING_MS: u64 = 300;

impl DialogAnswer {
    /// Why the window asks for a path itself instead: `None` when the dialog worked (a path,
    /// or a cancel that took a person's time).
    pub fn fallback_reason(&self) -> Option<String> {
        match self {
            Self::Chosen(_) => None,
            Self::Nothing { after_ms } if *after_ms >= DIALOG_MISSING_MS => None,
            Self::Nothing { after_ms } => Some(format!(
                "No file dialog appeared (the system answered in {after_ms} ms without showing \
                 one: no desktop file-chooser portal, or a remote session)."
            )),
            Self::Failed(why) => Some(format!("The file dialog could not be shown: {why}.")),
        }
    }
}

/// Starts the window on `file`, or on the last workspace, or on the demo workspace;
/// `reviewer` overrides the remembered name for this run.
///
/// # Errors
/// When the window cannot be created (no display).
pub fn run_native(file: Option<PathBuf>, reviewer: Option<String>) -> anyhow::Result<()> {
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("factdesk")
            .with_app_id("factdesk")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..eframe::NativeOptions::default()
    };
    // The icon X11, Windows and macOS show for the window (on Wayland the compositor takes
    // the desktop entry's, found by the app id). Should the embedded PNG ever fail to
    // decode, the window opens with eframe's default icon rather than not at all.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG) {
        options.viewport = options.viewport.with_icon(icon);
    }
    eframe::run_native(
        "factdesk",
        options,
        Box::new(move |cc| {
            let mut settings: app::Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, app::SETTINGS_KEY))
                .unwrap_or_default();
            if let Some(name) = reviewer.filter(|n| !n.trim().is_empty()) {
                settings.reviewer = name;
            }
            let mut app = app::FactdeskApp::new(settings);
            app.open_initial(file.as_deref(), app::demo_path().as_deref());
            app.welcome();
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_icon_decodes_at_256_px() {
        let icon = eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG).unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }

    #[test]
    fn only_a_dialog_that_answered_nothing_at_once_or_failed_falls_back() {
        let chosen = DialogAnswer::Chosen(PathBuf::from("/tmp/a.factdesk"));
        assert_eq!(chosen.fallback_reason(), None);
        let cancelled = DialogAnswer::Nothing { after_ms: 2_500 };
        assert_eq!(cancelled.fallback_reason(), None, "a person cancelled");
        let missing = DialogAnswer::Nothing { after_ms: 4 };
        assert!(
            missing
                .fallback_reason()
                .unwrap()
                .contains("No file dialog appeared")
        );
        let failed = DialogAnswer::Failed("no display".into());
        assert!(failed.fallback_reason().unwrap().contains("no display"));
    }
}
