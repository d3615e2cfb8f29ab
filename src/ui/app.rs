//! The application: its state, the one place where actions change it ([`FactdeskApp::apply`]),
//! the menu, dialogs, status bar and keyboard shortcuts.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::model::{Article, Claim, HistoryEntry, Speaker, Status};
use crate::store::Workspace;
use crate::store::merge::{self, MergeReport, StoredConflict};
use crate::store::read::{self, ArticleSummary};
use crate::store::write::{self, ClaimPatch, NewArticle, ReanchorReport};
use crate::text::import::{self, ImportedText};
use crate::ui::article_view::{self, ArticleView};
use crate::ui::claims_panel::{self, EditorState, ListFilter, PanelData};
use crate::ui::library::{self, LibraryState};
use crate::ui::suggestions::{self, SuggestState};
use crate::ui::team::{self, TeamJob, TeamState};
use crate::ui::{Action, FileDialog, theme};
use crate::{Error, Result};

/// Key of the settings in eframe's storage.
pub const SETTINGS_KEY: &str = "factdesk-settings";

/// Seconds of no typing after which summary and notes are saved.
const IDLE_SAVE_SECONDS: f64 = 1.5;

/// How often to look for edits made by another window on the same file.
const POLL_SECONDS: f64 = 1.0;

/// What the app remembers between runs (eframe persistence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Name stamped on every edit; empty until asked.
    pub reviewer: String,
    /// Dark theme.
    pub dark: bool,
    /// Article text size in points.
    pub text_size: f32,
    /// Recently opened workspaces, newest first.
    pub recent: Vec<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            reviewer: String::new(),
            dark: false,
            text_size: theme::DEFAULT_TEXT_SIZE,
            recent: Vec::new(),
        }
    }
}

/// Where the demo workspace lives (the user's data directory, never the repository).
pub fn demo_path() -> Option<PathBuf> {
    crate::files::data_dir().map(|d| d.join("demo.factdesk"))
}

/// The metadata form shown after an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportForm {
    /// The normalised text.
    pub body: String,
    /// Where it came from.
    pub source: String,
    /// Headline.
    pub title: String,
    /// Publication.
    pub outlet: String,
    /// URL.
    pub url: String,
    /// Byline.
    pub author: String,
    /// YYYY-MM-DD.
    pub published: String,
    /// A new revision of this article instead of a new article.
    pub replaces: Option<String>,
    /// The fetched page, kept with the article when the form is confirmed.
    pub page: Option<crate::web::Fetched>,
    /// Why this text may not be an article (a short web page): shown above the buttons,
    /// which then say "Import anyway".
    pub warning: Option<String>,
}

/// The revisions window: two revisions of one article and the word-level diff between them.
#[derive(Debug)]
pub struct RevisionsView {
    /// The article.
    pub article_id: String,
    /// Its title.
    pub title: String,
    /// Every revision, oldest first.
    pub revisions: Vec<crate::model::Revision>,
    /// Index of the older revision compared.
    pub from: usize,
    /// Index of the newer revision compared.
    pub to: usize,
    /// The diff drawn for (from, to): the text, words inserted, words deleted.
    cached: Option<((usize, usize), egui::text::LayoutJob, usize, usize)>,
}

/// A web page being fetched on a worker thread.
#[derive(Debug)]
pub struct FetchJob {
    /// The address.
    pub url: String,
    /// The article whose page this is ("Check for updates"), or `None` for a new import.
    pub refresh_of: Option<String>,
    /// Set to stop the fetch.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// When it started (egui time).
    pub started: f64,
    result: Receiver<Result<(crate::web::Fetched, ImportedText)>>,
}

/// One undoable edit, enough to apply it in either direction.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    Patch {
        claim_id: String,
        before: ClaimPatch,
        after: ClaimPatch,
    },
    Create {
        claim_id: String,
    },
    Delete {
        claim_id: String,
    },
    Evidence {
        claim_id: String,
        evidence_id: String,
        added: bool,
    },
}

/// What became of an edit applied in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Performed {
    /// Written.
    Done,
    /// An undo or redo not written, because someone changed the claim since.
    Skipped(write::ChangedSince),
    /// Not written; the error is shown.
    Failed,
}

impl Edit {
    fn claim_id(&self) -> &str {
        match self {
            Self::Patch { claim_id, .. }
            | Self::Create { claim_id }
            | Self::Delete { claim_id }
            | Self::Evidence { claim_id, .. } => claim_id,
        }
    }
}

/// The export form (File → Export report…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportForm {
    /// Format.
    pub format: crate::report::Format,
    /// Only the current article (else every article).
    pub current_article_only: bool,
    /// Every claim (else the final verdicts only).
    pub all_statuses: bool,
    /// Only this speaker (empty: all).
    pub speaker: String,
    /// Only claims last changed by this reviewer (empty: all).
    pub reviewer: String,
    /// Only claims last changed on or after this date, `YYYY-MM-DD` (empty: no limit).
    pub from: String,
    /// Only claims last changed on or before this date, `YYYY-MM-DD` (empty: no limit).
    pub to: String,
    /// Organisation name, saved to the workspace.
    pub org_name: String,
    /// Organisation URL, saved to the workspace.
    pub org_url: String,
}

/// An open merge conflict with what the review window shows of it.
#[derive(Debug, Clone)]
pub struct ConflictRow {
    /// The conflict as stored.
    pub stored: StoredConflict,
    /// The claim's article.
    pub article_id: String,
    /// The claim's words.
    pub quote: String,
    /// My value, as people read it.
    pub mine: String,
    /// Their value, as people read it.
    pub theirs: String,
}

fn conflict_rows(conn: &rusqlite::Connection) -> Result<Vec<ConflictRow>> {
    let mut out = Vec::new();
    for stored in merge::conflicts(conn)? {
        let c = &stored.conflict;
        let (article_id, quote) = crate::store::dump::export_claim(conn, &c.claim_id)?
            .map(|row| (row.article_id, row.quote))
            .unwrap_or_default();
        out.push(ConflictRow {
            article_id,
            quote,
            mine: merge::display_value(conn, c.field, &c.mine)?,
            theirs: merge::display_value(conn, c.field, &c.theirs)?,
            stored,
        });
    }
    Ok(out)
}

/// A path chosen in an OS file dialog, sent back from its thread.
type PickedFile = (FileDialog, PathBuf);

/// Open dialogs.
#[derive(Debug, Default)]
struct Dialogs {
    import: Option<ImportForm>,
    paste: Option<String>,
    settings: bool,
    shortcuts: bool,
    export: Option<ExportForm>,
    /// The last report written, offered to open.
    exported: Option<PathBuf>,
    /// The conflict review window is open.
    conflicts: bool,
    /// Text being written to settle a conflict, by conflict id.
    conflict_edits: HashMap<String, String>,
    /// The "Import from URL" field, while that dialog is open.
    url: Option<String>,
    reviewer: Option<String>,
}

/// The factdesk window's state.
pub struct FactdeskApp {
    /// The open workspace.
    pub ws: Option<Workspace>,
    /// Remembered settings.
    pub settings: Settings,
    /// The article library.
    pub articles: Vec<ArticleSummary>,
    /// The article shown.
    pub current: Option<Article>,
    /// Its claims, in text order.
    pub claims: Vec<Claim>,
    /// Every speaker of the workspace.
    pub speakers: Vec<Speaker>,
    /// The selected claim's id.
    pub selected: Option<String>,
    /// The article text view.
    pub article_view: ArticleView,
    /// The claim editor's buffers.
    pub editor: EditorState,
    /// The claim list's filter.
    pub filter: ListFilter,
    /// The library's search.
    pub library: LibraryState,
    /// The error shown in the window, if any.
    pub error: Option<String>,
    /// A notice (import done, re-anchoring report).
    pub notice: Option<String>,
    /// The last re-anchoring report.
    pub last_reanchor: Option<ReanchorReport>,
    /// Open merge conflicts of the workspace, by claim and field.
    pub conflicts: Vec<ConflictRow>,
    /// The last merge's report, shown until dismissed.
    pub last_merge: Option<MergeReport>,
    /// The web page being fetched, if any.
    pub fetching: Option<FetchJob>,
    /// The revisions window, when open.
    pub revisions: Option<RevisionsView>,
    /// The claim assistant's suggestions for the article shown.
    pub suggest: SuggestState,
    /// Claims in other articles quoting the selected claim's statement, with their titles.
    pub linked: Vec<(Claim, String)>,
    /// The speaker whose claims across articles are shown in a window.
    pub speaker_view: Option<String>,
    /// That speaker's claims, read when the window opens and when the file changes (not
    /// every frame).
    speaker_claims: Vec<Claim>,
    /// The team workspace: its link, the sync worker and its state.
    pub team: TeamState,
    history: Vec<HistoryEntry>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    dialogs: Dialogs,
    dialog_results: (Sender<PickedFile>, Receiver<PickedFile>),
    data_version: i64,
    last_poll: f64,
    /// Actions queued by code outside a frame (tests, menus), applied next frame.
    pub queued: Vec<Action>,
    applied_dark: Option<bool>,
}

impl FactdeskApp {
    /// An app with no workspace open yet.
    pub fn new(settings: Settings) -> Self {
        let mut app = Self {
            ws: None,
            settings,
            articles: Vec::new(),
            current: None,
            claims: Vec::new(),
            speakers: Vec::new(),
            selected: None,
            article_view: ArticleView::default(),
            editor: EditorState::default(),
            filter: ListFilter::default(),
            library: LibraryState::default(),
            error: None,
            notice: None,
            last_reanchor: None,
            conflicts: Vec::new(),
            last_merge: None,
            fetching: None,
            revisions: None,
            suggest: SuggestState {
                open: true,
                ..SuggestState::default()
            },
            linked: Vec::new(),
            speaker_view: None,
            speaker_claims: Vec::new(),
            team: TeamState::default(),
            history: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            dialogs: Dialogs::default(),
            dialog_results: channel(),
            data_version: 0,
            last_poll: 0.0,
            queued: Vec::new(),
            applied_dark: None,
        };
        if app.settings.reviewer.trim().is_empty() {
            app.dialogs.reviewer = Some(crate::identity::reviewer(None));
        }
        app
    }

    /// Opens `file`, else the most recent workspace, else the demo workspace at `demo`
    /// (created on first run). Failures are shown in the window.
    pub fn open_initial(&mut self, file: Option<&Path>, demo: Option<&Path>) {
        if let Some(file) = file {
            self.open_workspace(file);
            return;
        }
        if let Some(last) = self.settings.recent.first().cloned()
            && last.exists()
        {
            self.open_workspace(&last);
            if self.ws.is_some() {
                return;
            }
        }
        let Some(demo) = demo else {
            return;
        };
        if demo.exists() {
            self.open_workspace(demo);
            return;
        }
        if let Some(dir) = demo.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.error = Some(format!(
                "cannot create the data folder ({e}): {}",
                dir.display()
            ));
            return;
        }
        match crate::demo::create(demo, "factdesk demo") {
            Ok(ws) => self.set_workspace(ws),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn reviewer(&self) -> String {
        if self.settings.reviewer.trim().is_empty() {
            crate::identity::reviewer(None)
        } else {
            self.settings.reviewer.trim().to_owned()
        }
    }

    fn open_workspace(&mut self, path: &Path) {
        match Workspace::open(path) {
            Ok(ws) => self.set_workspace(ws),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Switches to `ws` (after saving what is being typed in the old one).
    pub fn set_workspace(&mut self, ws: Workspace) {
        self.flush_editor();
        let path = ws.path().to_owned();
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path);
        self.settings.recent.truncate(8);
        // The worker syncs the file it was started on: stop it before switching.
        self.team = TeamState::default();
        self.ws = Some(ws);
        self.undo.clear();
        self.redo.clear();
        self.current = None;
        self.selected = None;
        self.claims.clear();
        self.history.clear();
        self.editor = EditorState::default();
        self.article_view = ArticleView::default();
        self.error = None;
        self.reload_all();
        if let Some(first) = self.articles.first().map(|a| a.id.clone()) {
            self.show_article(&first);
        }
    }

    fn data_version(&self) -> i64 {
        self.ws
            .as_ref()
            .and_then(|ws| {
                ws.conn()
                    .pragma_query_value(None, "data_version", |r| r.get(0))
                    .ok()
            })
            .unwrap_or_default()
    }

    /// Re-reads everything from the file (after opening it, or after another window wrote).
    pub fn reload_all(&mut self) {
        let Some(ws) = &self.ws else {
            return;
        };
        self.team.link = crate::sync::link(ws.conn()).ok().flatten();
        let result = (|| -> Result<_> {
            Ok((
                read::articles(ws.conn())?,
                read::speakers(ws.conn())?,
                conflict_rows(ws.conn())?,
            ))
        })();
        match result {
            Ok((articles, speakers, conflicts)) => {
                self.articles = articles;
                self.speakers = speakers;
                self.conflicts = conflicts;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.load_speaker_claims();
        self.data_version = self.data_version();
        if let Some(id) = self.current.as_ref().map(|a| a.id.clone()) {
            self.show_article(&id);
        }
    }

    fn show_article(&mut self, article_id: &str) {
        let Some(ws) = &self.ws else {
            return;
        };
        let filter = read::ClaimFilter {
            article_id: Some(article_id.to_owned()),
            ..read::ClaimFilter::default()
        };
        match read::article(ws.conn(), article_id)
            .and_then(|a| Ok((a, read::claims(ws.conn(), &filter)?)))
        {
            Ok((article, claims)) => {
                self.article_view.set_article(&article.id, &article.body);
                self.article_view
                    .set_claims(&claims, &article.current_revision_id);
                if self.current.as_ref().map(|a| &a.id) != Some(&article.id) {
                    self.selected = None;
                }
                let changed_article = self.current.as_ref().map(|a| &a.id) != Some(&article.id);
                self.current = Some(article);
                self.claims = claims;
                if self.selected_index().is_none() {
                    self.selected = None;
                }
                self.load_suggestions(changed_article);
                self.load_editor();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Runs the claim assistant on the article shown (suggestions already made into claims
    /// or dismissed are left out). Keeps the selected suggestion unless the article changed.
    fn load_suggestions(&mut self, changed_article: bool) {
        let (Some(ws), Some(article)) = (&self.ws, &self.current) else {
            self.suggest.items.clear();
            return;
        };
        match crate::store::assist::suggestions(ws.conn(), &article.id) {
            Ok(list) => {
                let index = crate::text::offsets::CharIndex::new(&article.body);
                self.suggest.items = list
                    .into_iter()
                    .map(|s| {
                        let words = index.slice(s.range).unwrap_or_default().to_owned();
                        (s, words)
                    })
                    .collect();
            }
            Err(e) => {
                self.suggest.items.clear();
                self.error = Some(e.to_string());
            }
        }
        let keep = if changed_article {
            None
        } else {
            self.suggest.selected
        };
        let speaker = std::mem::take(&mut self.suggest.speaker);
        self.suggest.select(keep);
        if !changed_article && self.suggest.selected.is_some() {
            self.suggest.speaker = speaker;
        }
        self.show_suggestions();
    }

    fn show_suggestions(&mut self) {
        let ranges = self.suggest.items.iter().map(|(s, _)| s.range).collect();
        self.article_view
            .set_suggestions(ranges, self.suggest.selected);
    }

    fn accept_suggestion(&mut self, index: usize, speaker: &str) {
        let (Some(ws), Some(article)) = (&mut self.ws, &self.current) else {
            return;
        };
        let Some((suggestion, words)) = self.suggest.items.get(index).cloned() else {
            return;
        };
        let who = self.settings.reviewer.clone();
        let article_id = article.id.clone();
        match ws.write(|tx| {
            crate::store::assist::accept(tx, &article_id, &suggestion, &words, Some(speaker), &who)
        }) {
            Ok(id) => {
                self.drop_suggestion(index);
                self.refresh_claim(&id);
                self.notice = Some(format!(
                    "claim made from the suggestion «{}»",
                    crate::ui::format::excerpt(&words, 50)
                ));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Takes suggestion `index` off the list (accepted or dismissed) and selects the next
    /// one, scrolled into view, so Enter and Delete go through the list.
    fn drop_suggestion(&mut self, index: usize) {
        if index < self.suggest.items.len() {
            self.suggest.items.remove(index);
        }
        self.suggest
            .select((index < self.suggest.items.len()).then_some(index));
        if let Some((next, _)) = self.suggest.items.get(index) {
            self.article_view.scroll_to_range(next.range);
            self.suggest.reveal = Some(index);
        }
        self.show_suggestions();
    }

    fn dismiss_suggestion(&mut self, index: usize) {
        let (Some(ws), Some(article)) = (&mut self.ws, &self.current) else {
            return;
        };
        let Some((_, words)) = self.suggest.items.get(index).cloned() else {
            return;
        };
        let who = self.settings.reviewer.clone();
        let article_id = article.id.clone();
        match ws.write(|tx| crate::store::assist::dismiss(tx, &article_id, &words, &who)) {
            Ok(()) => {
                self.drop_suggestion(index);
                self.data_version = self.data_version();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Index of the selected claim in [`Self::claims`].
    pub fn selected_index(&self) -> Option<usize> {
        let id = self.selected.as_deref()?;
        self.claims.iter().position(|c| c.id == id)
    }

    fn load_editor(&mut self) {
        let Some(claim) = self.selected_index().and_then(|i| self.claims.get(i)) else {
            self.editor = EditorState::default();
            self.history.clear();
            self.linked.clear();
            return;
        };
        let linked = self
            .ws
            .as_ref()
            .and_then(|ws| crate::store::assist::linked_claims(ws.conn(), &claim.id).ok())
            .unwrap_or_default();
        self.linked = linked
            .into_iter()
            .map(|c| {
                let title = self
                    .articles
                    .iter()
                    .find(|a| a.id == c.article_id)
                    .map(|a| a.title.clone())
                    .unwrap_or_default();
                (c, title)
            })
            .collect();
        if self.editor.claim_id.as_deref() == Some(claim.id.as_str()) {
            self.editor.rebase(claim);
        } else {
            let focus = self.editor.focus_speaker;
            self.editor.load(claim);
            self.editor.focus_speaker = focus;
        }
        self.history = self
            .ws
            .as_ref()
            .and_then(|ws| read::history(ws.conn(), &claim.id).ok())
            .unwrap_or_default();
    }

    /// Saves whatever is typed in the editor but not yet saved (summary, notes, speaker).
    pub fn flush_editor(&mut self) {
        let Some(claim) = self
            .editor
            .claim_id
            .as_deref()
            .and_then(|id| self.claims.iter().find(|c| c.id == id))
            .cloned()
        else {
            return;
        };
        let mut patch = self.editor.pending_text().unwrap_or_default();
        if let Some(speaker) = self.editor.pending_speaker() {
            patch.speaker = speaker.speaker;
        }
        self.editor.speaker_commit_at = None;
        if patch != ClaimPatch::default() {
            self.edit_patch(&claim.id, patch);
        }
    }

    /// Re-reads one claim after an edit and updates the in-memory state (no full reload).
    fn refresh_claim(&mut self, claim_id: &str) {
        let Some(ws) = &self.ws else {
            return;
        };
        let found = match read::claim_any(ws.conn(), claim_id) {
            Ok(found) => found,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let existing = self.claims.iter().position(|c| c.id == claim_id);
        let current_article = self.current.as_ref().map(|a| a.id.clone());
        match (found, existing) {
            (Some((claim, false)), Some(i)) => {
                if let Some(slot) = self.claims.get_mut(i) {
                    *slot = claim;
                }
            }
            (Some((claim, false)), None) if Some(&claim.article_id) == current_article.as_ref() => {
                let at = self.claims.partition_point(|c| {
                    (c.anchor.range.start, c.anchor.range.end)
                        <= (claim.anchor.range.start, claim.anchor.range.end)
                });
                self.claims.insert(at, claim);
            }
            (Some((_, true)) | None, Some(i)) => {
                self.claims.remove(i);
                if self.selected.as_deref() == Some(claim_id) {
                    self.selected = None;
                }
            }
            _ => {}
        }
        let revision = self
            .current
            .as_ref()
            .map(|a| a.current_revision_id.clone())
            .unwrap_or_default();
        self.article_view.set_claims(&self.claims, &revision);
        if let Some(article) = current_article
            && let Some(summary) = self.articles.iter_mut().find(|a| a.id == article)
        {
            summary.claims = self.claims.len() as i64;
            summary.claims_by_status.clear();
            for c in &self.claims {
                *summary
                    .claims_by_status
                    .entry(c.status.code().to_owned())
                    .or_default() += 1;
            }
        }
        if let Ok(speakers) = read::speakers(ws.conn()) {
            self.speakers = speakers;
        }
        if self.speaker_view.is_some() {
            self.load_speaker_claims();
        }
        self.data_version = self.data_version();
        // Buffers of the selected claim follow the file where the user is not typing.
        self.load_editor();
    }

    fn write<T>(
        &mut self,
        edit: impl FnOnce(&rusqlite::Transaction<'_>, &str) -> Result<T>,
    ) -> Option<T> {
        let who = self.reviewer();
        let Some(ws) = self.ws.as_mut() else {
            self.error = Some("no workspace is open".into());
            return None;
        };
        match ws.write(|tx| edit(tx, &who)) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error = Some(format!("not saved: {e}"));
                None
            }
        }
    }

    /// Applies an edit in one direction. An undo or redo (`taking_back`) writes only over
    /// the values its step left: when someone changed a field since, nothing is written and
    /// the step is reported as skipped.
    fn perform(&mut self, edit: &Edit, forward: bool, taking_back: bool) -> Performed {
        let done = self.write(|tx, who| {
            let skipped = match (edit, forward) {
                (
                    Edit::Patch {
                        claim_id,
                        after,
                        before,
                    },
                    true,
                ) if taking_back => {
                    write::update_claim_if_unchanged(tx, claim_id, before, after, who)?
                }
                (
                    Edit::Patch {
                        claim_id,
                        after,
                        before,
                    },
                    false,
                ) => write::update_claim_if_unchanged(tx, claim_id, after, before, who)?,
                (
                    Edit::Patch {
                        claim_id, after, ..
                    },
                    true,
                ) => {
                    write::update_claim(tx, claim_id, after, who)?;
                    None
                }
                (Edit::Create { claim_id }, true) | (Edit::Delete { claim_id }, false) => {
                    write::restore_claim(tx, claim_id, who)?;
                    None
                }
                (Edit::Create { claim_id }, false) | (Edit::Delete { claim_id }, true) => {
                    let others = if taking_back {
                        write::changed_by_others(tx, claim_id, who)?
                    } else {
                        None
                    };
                    if others.is_none() {
                        write::delete_claim(tx, claim_id, who)?;
                    }
                    others
                }
                (
                    Edit::Evidence {
                        evidence_id, added, ..
                    },
                    forward,
                ) => {
                    if *added == forward {
                        write::restore_evidence(tx, evidence_id, who)?;
                    } else {
                        write::remove_evidence(tx, evidence_id, who)?;
                    }
                    None
                }
            };
            Ok(skipped)
        });
        match done {
            Some(None) => {
                self.refresh_claim(edit.claim_id());
                Performed::Done
            }
            Some(Some(changed)) => {
                self.refresh_claim(edit.claim_id());
                Performed::Skipped(changed)
            }
            None => Performed::Failed,
        }
    }

    fn record(&mut self, edit: Edit) {
        self.undo.push(edit);
        self.redo.clear();
    }

    fn edit_patch(&mut self, claim_id: &str, after: ClaimPatch) {
        let Some(claim) = self.claims.iter().find(|c| c.id == claim_id) else {
            return;
        };
        let before = ClaimPatch {
            speaker: after
                .speaker
                .as_ref()
                .map(|_| claim.speaker.as_ref().map(|s| s.name.clone())),
            status: after.status.map(|_| claim.status),
            summary: after.summary.as_ref().map(|_| claim.summary.clone()),
            notes: after.notes.as_ref().map(|_| claim.notes.clone()),
        };
        let edit = Edit::Patch {
            claim_id: claim_id.to_owned(),
            before,
            after,
        };
        if self.perform(&edit, true, false) == Performed::Done {
            self.record(edit);
        }
    }

    /// Does what an action asks. The one place state changes.
    pub fn apply(&mut self, action: Action, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        match action {
            Action::SelectArticle(id) => {
                self.flush_editor();
                self.show_article(&id);
            }
            Action::SelectClaim(id) => self.select_claim(id),
            Action::RevealClaim(id) => {
                self.select_claim(Some(id));
                if let Some(i) = self.selected_index()
                    && let Some(claim) = self.claims.get(i)
                {
                    self.article_view.reveal(claim.anchor.range, i, now);
                }
            }
            Action::CreateClaim(range) => self.create_claim(range),
            Action::Patch(id, patch) => self.edit_patch(&id, patch),
            Action::AddEvidence {
                claim_id,
                url,
                title,
                note,
            } => {
                let added = self
                    .write(|tx, who| write::add_evidence(tx, &claim_id, &url, &title, &note, who));
                if let Some(evidence_id) = added {
                    self.refresh_claim(&claim_id);
                    self.record(Edit::Evidence {
                        claim_id,
                        evidence_id,
                        added: true,
                    });
                }
            }
            Action::RemoveEvidence {
                claim_id,
                evidence_id,
            } => {
                let edit = Edit::Evidence {
                    claim_id,
                    evidence_id,
                    added: false,
                };
                if self.perform(&edit, true, false) == Performed::Done {
                    self.record(edit);
                }
            }
            Action::DeleteClaim(id) => {
                self.flush_editor();
                let edit = Edit::Delete { claim_id: id };
                if self.perform(&edit, true, false) == Performed::Done {
                    self.record(edit);
                    self.notice = Some("Claim deleted (Ctrl+Z brings it back)".into());
                }
            }
            Action::DeclineProposal(id) => {
                if self
                    .write(|tx, who| write::decline_proposal(tx, &id, who))
                    .is_some()
                {
                    self.refresh_claim(&id);
                    self.notice = Some("Proposed verdict declined".into());
                }
            }
            Action::Reattach(id, range) => {
                // An orphan goes onto the text selected now; a changed quote stays where it is.
                let orphan = self
                    .claims
                    .iter()
                    .any(|c| c.id == id && c.anchor_state == crate::model::AnchorState::Orphaned);
                let target = if orphan {
                    self.article_view.selection
                } else {
                    Some(range)
                };
                if let Some(range) = target
                    && self
                        .write(|tx, who| write::reattach_claim(tx, &id, range, who))
                        .is_some()
                {
                    self.refresh_claim(&id);
                }
            }
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::NextClaim => self.step_claim(1, now),
            Action::PreviousClaim => self.step_claim(-1, now),
            Action::OpenWorkspace(path) => self.open_workspace(&path),
            Action::NewWorkspace(path) => match Workspace::create(&path) {
                Ok(ws) => self.set_workspace(ws),
                Err(e) => self.error = Some(e.to_string()),
            },
            Action::SaveCopy(path) => match self.ws.as_ref().map(|ws| ws.save_copy(&path)) {
                Some(Ok(())) => self.notice = Some(format!("Saved a copy to {}", path.display())),
                Some(Err(e)) => self.error = Some(e.to_string()),
                None => {}
            },
            Action::ImportFile(path) => match import::import_file(&path, None) {
                Ok(imported) => {
                    let source = format!("file:{}", path.display());
                    self.start_import_form(imported, source);
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            // A pasted address is fetched, not imported as text.
            Action::ImportText(text)
                if crate::web::is_url(&text) && !text.trim().contains(char::is_whitespace) =>
            {
                self.start_fetch(text.trim().to_owned(), None, ctx);
            }
            Action::ImportText(text) => match import::from_text(&text) {
                Ok(imported) => self.start_import_form(imported, "paste".into()),
                Err(e) => self.error = Some(e.to_string()),
            },
            Action::ImportUrl(url) => self.start_fetch(url.trim().to_owned(), None, ctx),
            Action::CheckForUpdates(article_id) => {
                let url = self.ws.as_ref().and_then(|ws| {
                    let last = read::fetches(ws.conn(), &article_id)
                        .ok()?
                        .pop()
                        .map(|f| f.url);
                    last.or_else(|| read::article(ws.conn(), &article_id).ok().map(|a| a.url))
                });
                match url.filter(|u| crate::web::is_url(u)) {
                    Some(url) => self.start_fetch(url, Some(article_id), ctx),
                    None => {
                        self.error =
                            Some("This article was not imported from a web address.".into());
                    }
                }
            }
            Action::ShowRevisions(article_id) => {
                let loaded = self.ws.as_ref().map(|ws| {
                    read::revisions(ws.conn(), &article_id)
                        .and_then(|r| read::article(ws.conn(), &article_id).map(|a| (r, a.title)))
                });
                match loaded {
                    Some(Ok((revisions, title))) => {
                        let to = revisions.len().saturating_sub(1);
                        self.revisions = Some(RevisionsView {
                            article_id,
                            title,
                            revisions,
                            from: to.saturating_sub(1),
                            to,
                            cached: None,
                        });
                    }
                    Some(Err(e)) => self.error = Some(e.to_string()),
                    None => {}
                }
            }
            Action::CancelFetch => {
                // The worker stops at its next read; its result, if any, is dropped.
                if let Some(job) = self.fetching.take() {
                    job.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                    self.notice = Some(format!("Fetch of {} cancelled; nothing changed.", job.url));
                }
            }
            Action::PickFile(kind) => self.pick_file(kind, ctx),
            Action::ExportTo(path) => self.export_to(&path),
            Action::MergeFrom(path) => self.merge_from(&path),
            Action::ShowConflicts => self.dialogs.conflicts = true,
            Action::ShowTeamForm => {
                self.team.form = Some(
                    self.team
                        .link
                        .as_ref()
                        .map(team::TeamForm::for_link)
                        .unwrap_or_default(),
                );
            }
            Action::TeamConnect(form) => self.team_connect(&form),
            Action::TeamStop => {
                if let Some(mut job) = self.team.job.take() {
                    job.stop();
                }
                self.team.state = None;
            }
            Action::ResolveConflict(id, choice) => self.resolve_conflict(&id, &choice),
            Action::SelectSuggestion(index) => {
                self.suggest.select(index);
                if index.is_some() {
                    self.select_claim(None);
                }
                if let Some((s, _)) = self
                    .suggest
                    .selected
                    .and_then(|i| self.suggest.items.get(i))
                {
                    self.article_view.scroll_to_range(s.range);
                }
                self.show_suggestions();
            }
            Action::AcceptSuggestion(index, speaker) => self.accept_suggestion(index, &speaker),
            Action::DismissSuggestion(index) => self.dismiss_suggestion(index),
            Action::SetStatusLinked(id, status) => {
                let who = self.settings.reviewer.clone();
                if let Some(ws) = &mut self.ws {
                    match ws
                        .write(|tx| crate::store::assist::set_status_linked(tx, &id, status, &who))
                    {
                        Ok(changed) => {
                            self.notice = Some(format!(
                                "verdict {} set on {} claims",
                                status.label(),
                                changed.len()
                            ));
                            self.reload_all();
                        }
                        Err(e) => self.error = Some(e.to_string()),
                    }
                }
            }
            Action::ShowSpeaker(name) => {
                self.speaker_view = name;
                self.load_speaker_claims();
            }
        }
    }

    /// Merges a colleague's file into the open workspace and shows what it did.
    pub fn merge_from(&mut self, path: &Path) {
        self.flush_editor();
        let who = self.reviewer();
        let Some(ws) = self.ws.as_mut() else {
            self.error =
                Some("Open a workspace first, then merge a colleague's file into it.".into());
            return;
        };
        match merge::merge_file(ws, path, None, &who) {
            Ok(report) => {
                // Merged rows are not part of the undo history: the merge is one step of its own.
                self.undo.clear();
                self.redo.clear();
                self.error = None;
                self.notice = Some(merge_notice(&report));
                if !report.conflicts.is_empty() {
                    self.dialogs.conflicts = true;
                }
                self.last_merge = Some(report);
                self.reload_all();
                if self.current.is_none()
                    && let Some(first) = self.articles.first().map(|a| a.id.clone())
                {
                    self.show_article(&first);
                }
            }
            Err(e) => self.error = Some(format!("Nothing was merged: {e}")),
        }
    }

    fn resolve_conflict(&mut self, id: &str, choice: &merge::Resolution) {
        self.flush_editor();
        let who = self.reviewer();
        let Some(ws) = self.ws.as_mut() else {
            return;
        };
        match ws.write(|tx| merge::resolve(tx, id, choice, &who)) {
            Ok(()) => {
                self.dialogs.conflict_edits.remove(id);
                self.reload_all();
                if let Some(selected) = self.selected.clone() {
                    self.refresh_claim(&selected);
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn select_claim(&mut self, id: Option<String>) {
        if self.selected != id {
            self.flush_editor();
            if id.is_some() && self.suggest.selected.is_some() {
                self.suggest.select(None);
                self.show_suggestions();
            }
            self.selected = id;
            self.load_editor();
        }
    }

    fn step_claim(&mut self, step: isize, now: f64) {
        let visible = claims_panel::visible_claims(&self.claims, &self.filter);
        if visible.is_empty() {
            return;
        }
        let at = self
            .selected_index()
            .and_then(|i| visible.iter().position(|v| *v == i));
        let next = match at {
            Some(p) => p.saturating_add_signed(step).min(visible.len() - 1),
            None if step > 0 => 0,
            None => visible.len() - 1,
        };
        if let Some(&index) = visible.get(next)
            && let Some(claim) = self.claims.get(index)
        {
            let (id, range) = (claim.id.clone(), claim.anchor.range);
            self.select_claim(Some(id));
            self.article_view.reveal(range, index, now);
        }
    }

    fn create_claim(&mut self, range: crate::model::CharRange) {
        let Some(article_id) = self.current.as_ref().map(|a| a.id.clone()) else {
            self.error = Some("open an article first".into());
            return;
        };
        self.flush_editor();
        let created = self
            .write(|tx, who| write::add_claim(tx, &article_id, range, &ClaimPatch::default(), who));
        if let Some(id) = created {
            self.refresh_claim(&id);
            self.record(Edit::Create {
                claim_id: id.clone(),
            });
            self.selected = Some(id);
            self.editor.focus_speaker = true;
            self.load_editor();
            self.article_view.selection = None;
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        self.flush_editor();
        let from = if undo { &mut self.undo } else { &mut self.redo };
        let Some(edit) = from.pop() else {
            return;
        };
        match self.perform(&edit, !undo, true) {
            Performed::Done => {
                let claim_id = edit.claim_id().to_owned();
                if undo {
                    self.redo.push(edit);
                } else {
                    self.undo.push(edit);
                }
                if self.claims.iter().any(|c| c.id == claim_id) {
                    self.selected = Some(claim_id);
                    self.load_editor();
                }
            }
            // Someone changed it since: their value stands, and the step is dropped (taking
            // it back later would write over them just the same).
            Performed::Skipped(changed) => {
                let verb = if undo { "Undo" } else { "Redo" };
                self.notice = Some(format!(
                    "{verb} skipped, nothing written: {}",
                    changed.message()
                ));
            }
            Performed::Failed if undo => self.undo.push(edit),
            Performed::Failed => self.redo.push(edit),
        }
    }

    /// Number of edits that can be undone / redone.
    pub fn undo_depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// Starts fetching `url` on a worker thread; the window keeps drawing meanwhile.
    fn start_fetch(&mut self, url: String, refresh_of: Option<String>, ctx: &egui::Context) {
        if self.fetching.is_some() {
            self.error = Some("A page is already being fetched; cancel it first.".into());
            return;
        }
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        let flag = std::sync::Arc::clone(&cancel);
        let address = url.clone();
        std::thread::spawn(move || {
            let result = crate::web::fetch(&address, &crate::web::FetchOptions::from_env(), &flag)
                .and_then(|page| crate::web::extract_any_length(&page).map(|text| (page, text)));
            let _ = tx.send(result);
            repaint.request_repaint();
        });
        self.error = None;
        self.fetching = Some(FetchJob {
            url,
            refresh_of,
            cancel,
            started: ctx.input(|i| i.time),
            result: rx,
        });
    }

    /// Starts syncing with the server the Connect form names (linking the file first when
    /// it is not linked). A link made on another machine is trusted here only because the
    /// user confirmed its host in the form.
    fn team_connect(&mut self, form: &team::TeamForm) {
        let Some(ws) = &self.ws else {
            return;
        };
        if form.linked
            && form.untrusted_host.is_some()
            && let Some(link) = &self.team.link
            && let Err(e) = crate::sync::trust::trust(&link.url, &link.workspace_id)
        {
            self.error = Some(e.to_string());
            return;
        }
        let url = match TeamState::url_of(form) {
            Ok(url) => url,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        let connect = (!form.linked).then(|| {
            let desk = form.desk.trim();
            (
                form.workspace.trim().to_owned(),
                (!desk.is_empty()).then(|| desk.to_owned()),
            )
        });
        if let Some(mut old) = self.team.job.take() {
            old.stop();
        }
        self.team.stopped = None;
        self.team.state = None;
        self.team.last_form = Some(team::TeamForm {
            password: String::new(),
            untrusted_host: None,
            ..form.clone()
        });
        self.team.job = Some(TeamJob::start(ws.path().to_owned(), url, connect));
    }

    /// Takes the sync worker's news: a sync that pulled something is shown at once.
    fn poll_team(&mut self, ctx: &egui::Context, now: f64) {
        let Some(job) = &self.team.job else {
            return;
        };
        let events = job.drain();
        let running = job.running();
        for event in events {
            match event {
                team::TeamEvent::State(state) => {
                    if let crate::sync::SyncState::Online { report } = &state {
                        self.team.last_sync = Some(chrono::Local::now());
                        if report.pulled > 0 || report.new_conflicts > 0 {
                            self.last_poll = f64::NEG_INFINITY;
                        }
                    }
                    self.team.state = Some((state, now));
                }
                team::TeamEvent::Linked { created } => {
                    self.last_poll = f64::NEG_INFINITY;
                    self.error = None;
                    self.notice = Some(if created {
                        "Team workspace created from this file; it now syncs.".to_owned()
                    } else {
                        "Linked to the team workspace; it now syncs.".to_owned()
                    });
                }
                team::TeamEvent::Stopped(why) => {
                    self.error = Some(format!("Team workspace: {why}"));
                    self.team.stopped = Some(why);
                    // Let them correct what they typed.
                    self.team.form = self.team.last_form.clone();
                }
            }
        }
        if running {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        } else {
            self.team.job = None;
        }
    }

    /// Takes the fetch's result when it has arrived.
    fn poll_fetch(&mut self) {
        let Some(job) = &self.fetching else {
            return;
        };
        let result = match job.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(Error::import("the fetch stopped unexpectedly"))
            }
        };
        let Some(job) = self.fetching.take() else {
            return;
        };
        match (result, job.refresh_of) {
            (Err(e), _) => self.error = Some(e.to_string()),
            (Ok((page, text)), None) => {
                let source = format!("url:{}", page.url);
                // A short page (a paywall? a consent page?) opens the form with the warning:
                // the user has seen it and may import it anyway.
                let warning = crate::web::too_short(&page, &text);
                self.start_import_form(text, source);
                if let Some(form) = self.dialogs.import.as_mut() {
                    form.page = Some(page);
                    form.warning = warning;
                }
            }
            (Ok((page, text)), Some(article_id)) => {
                // A correction is never taken from a page that no longer looks like the
                // article (a paywall put up since).
                if let Some(warning) = crate::web::too_short(&page, &text) {
                    self.error = Some(format!("not checked for updates: {warning}"));
                    return;
                }
                self.flush_editor();
                let source = format!("url:{}", page.url);
                let report = self.write(|tx, who| {
                    let report =
                        write::replace_article_text(tx, &article_id, &text.body, &source, who)?;
                    keep_page(tx, &article_id, &page, who)?;
                    Ok(report)
                });
                if let Some(report) = report {
                    self.notice = Some(reanchor_notice(&report));
                    self.last_reanchor = Some(report);
                    self.reload_all();
                    self.show_article(&article_id);
                }
            }
        }
    }

    fn start_import_form(&mut self, imported: ImportedText, source: String) {
        let title = imported.title.unwrap_or_default();
        let url = imported.url.unwrap_or_default();
        let replaces = self
            .articles
            .iter()
            // Only a matching URL says "same article"; titles and file names repeat.
            .find(|a| !url.is_empty() && a.url == url)
            .map(|a| a.id.clone());
        self.dialogs.import = Some(ImportForm {
            body: imported.body,
            source,
            title,
            outlet: imported.outlet.unwrap_or_default(),
            url,
            author: imported.author.unwrap_or_default(),
            published: imported.published.unwrap_or_default(),
            replaces,
            page: None,
            warning: None,
        });
    }

    /// The import form, when one is open (tests fill it in).
    pub fn import_form_mut(&mut self) -> Option<&mut ImportForm> {
        self.dialogs.import.as_mut()
    }

    /// Imports what the form holds: a new article, or a new revision of one.
    pub fn confirm_import(&mut self) {
        let Some(form) = self.dialogs.import.take() else {
            return;
        };
        self.flush_editor();
        if let Some(target) = form.replaces.clone() {
            let report = self.write(|tx, who| {
                let report =
                    write::replace_article_text(tx, &target, &form.body, &form.source, who)?;
                if let Some(page) = &form.page {
                    keep_page(tx, &target, page, who)?;
                }
                Ok(report)
            });
            if let Some(report) = report {
                self.notice = Some(reanchor_notice(&report));
                self.filter.attention_only = report.claims.iter().any(|c| {
                    matches!(
                        c.state,
                        crate::model::AnchorState::Orphaned
                            | crate::model::AnchorState::QuoteChanged
                    )
                });
                self.last_reanchor = Some(report);
                self.reload_all();
                self.show_article(&target);
            }
            return;
        }
        let new = NewArticle {
            title: form.title.clone(),
            outlet: form.outlet.clone(),
            url: form.url.clone(),
            author: form.author.clone(),
            published: form.published.trim().to_owned(),
            body: form.body.clone(),
            source: form.source.clone(),
        };
        let who = self.reviewer();
        let result = match self.ws.as_mut() {
            Some(ws) => ws.write(|tx| {
                let id = write::import_article(tx, &new, &who)?;
                if let Some(page) = &form.page {
                    keep_page(tx, &id, page, &who)?;
                }
                Ok(id)
            }),
            None => Err(Error::invalid("workspace", "no workspace is open")),
        };
        match result {
            Ok(id) => {
                self.notice = Some(format!("Imported “{}”", new.title));
                self.reload_all();
                self.show_article(&id);
            }
            Err(Error::DuplicateArticle { existing_id, title }) => {
                self.notice = Some(format!(
                    "This text is already in the workspace as “{title}”"
                ));
                self.show_article(&existing_id);
            }
            Err(e @ Error::InvalidInput { .. }) => {
                self.error = Some(e.to_string());
                self.dialogs.import = Some(form);
            }
            Err(e) => self.error = Some(format!("not imported: {e}")),
        }
    }

    /// Opens the export form.
    pub fn open_export_form(&mut self) {
        let org = self
            .ws
            .as_ref()
            .and_then(|ws| read::organisation(ws.conn()).ok())
            .unwrap_or_default();
        self.dialogs.export = Some(ExportForm {
            format: crate::report::Format::Html,
            current_article_only: self.current.is_some(),
            all_statuses: false,
            speaker: String::new(),
            reviewer: String::new(),
            from: String::new(),
            to: String::new(),
            org_name: org.name,
            org_url: org.url,
        });
    }

    /// The export form, when open (tests fill it in).
    pub fn export_form_mut(&mut self) -> Option<&mut ExportForm> {
        self.dialogs.export.as_mut()
    }

    /// Writes the report the export form describes to `path`.
    pub fn export_to(&mut self, path: &Path) {
        let Some(form) = self.dialogs.export.clone() else {
            return;
        };
        let scope = crate::model::report::ReportScope {
            article_ids: match (&self.current, form.current_article_only) {
                (Some(a), true) => vec![a.id.clone()],
                _ => Vec::new(),
            },
            all_statuses: form.all_statuses,
            speakers: Some(form.speaker.trim().to_owned())
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
            reviewers: Some(form.reviewer.trim().to_owned())
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
            changed_from: Some(form.from.trim().to_owned()).filter(|s| !s.is_empty()),
            changed_to: Some(form.to.trim().to_owned()).filter(|s| !s.is_empty()),
            ..crate::model::report::ReportScope::default()
        };
        for date in [&scope.changed_from, &scope.changed_to]
            .into_iter()
            .flatten()
        {
            if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
                self.error = Some(format!("the date \"{date}\" is not of the form YYYY-MM-DD"));
                return;
            }
        }
        let saved_org = self.write(|tx, _| {
            write::set_meta(tx, "organisation_name", form.org_name.trim())?;
            write::set_meta(tx, "organisation_url", form.org_url.trim())
        });
        if saved_org.is_none() {
            return;
        }
        let result = self.ws.as_ref().map(|ws| {
            let data = read::report_data(ws.conn(), &scope)?;
            crate::report::write_file(form.format, &data, path, ws.path())?;
            Ok::<usize, Error>(data.claim_count())
        });
        match result {
            Some(Ok(count)) => {
                self.dialogs.export = None;
                self.dialogs.exported = Some(path.to_owned());
                self.notice = Some(format!("Exported {count} claims to {}", path.display()));
            }
            Some(Err(e)) => self.error = Some(format!("report not written: {e}")),
            None => {}
        }
    }

    fn pick_file(&self, kind: FileDialog, ctx: &egui::Context) {
        let tx = self.dialog_results.0.clone();
        let report_name = self.dialogs.export.as_ref().map_or_else(
            || "report.html".to_owned(),
            |f| format!("report.{}", f.format.extension()),
        );
        let ctx = ctx.clone();
        let start_dir = self
            .ws
            .as_ref()
            .and_then(|ws| ws.path().parent().map(Path::to_owned));
        // A thread, so the window keeps drawing while the OS dialog is open.
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new();
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let workspace = ["factdesk", "sqlite", "db"];
            let path = match kind {
                FileDialog::Open => dialog
                    .add_filter("factdesk workspace", &workspace)
                    .pick_file(),
                FileDialog::New => dialog
                    .add_filter("factdesk workspace", &workspace)
                    .set_file_name("workspace.factdesk")
                    .save_file(),
                FileDialog::SaveCopy => dialog
                    .add_filter("factdesk workspace", &workspace)
                    .set_file_name("copy.factdesk")
                    .save_file(),
                FileDialog::Import => dialog
                    .add_filter("Articles", &["txt", "md", "markdown", "html", "htm"])
                    .pick_file(),
                FileDialog::Export => dialog.set_file_name(report_name).save_file(),
                FileDialog::Merge => dialog
                    .set_title("Merge a colleague's copy of the workspace")
                    .add_filter("factdesk workspace", &workspace)
                    .pick_file(),
            };
            if let Some(path) = path {
                let _ = tx.send((kind, path));
                ctx.request_repaint();
            }
        });
    }

    /// Draws one frame and applies what the user asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if self.applied_dark != Some(self.settings.dark) {
            theme::apply(&ctx, self.settings.dark);
            self.applied_dark = Some(self.settings.dark);
        }
        let now_time = ctx.input(|i| i.time);
        let mut actions = std::mem::take(&mut self.queued);

        while let Ok((kind, path)) = self.dialog_results.1.try_recv() {
            actions.push(match kind {
                FileDialog::Open => Action::OpenWorkspace(path),
                FileDialog::New => Action::NewWorkspace(path),
                FileDialog::SaveCopy => Action::SaveCopy(path),
                FileDialog::Import => Action::ImportFile(path),
                FileDialog::Export => Action::ExportTo(path),
                FileDialog::Merge => Action::MergeFrom(path),
            });
        }
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path();
            if !path.as_os_str().is_empty() {
                actions.push(Action::ImportFile(path.to_owned()));
            }
        }
        self.keyboard(&ctx, &mut actions);
        self.poll_team(&ctx, now_time);
        self.poll_other_writers(now_time);
        self.poll_fetch();

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        self.banner_ui(ui);
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        egui::Panel::left("library")
            .default_size(theme::LIBRARY_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(library::library_ui(
                    ui,
                    &mut self.library,
                    &self.articles,
                    self.current.as_ref().map(|a| a.id.as_str()),
                ));
            });
        let conflicted: HashSet<String> = self
            .conflicts
            .iter()
            .map(|c| c.stored.conflict.claim_id.clone())
            .collect();
        egui::Panel::right("claims")
            .default_size(theme::CLAIMS_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(suggestions::suggestions_ui(ui, &mut self.suggest));
                ui.separator();
                let data = PanelData {
                    linked: &self.linked,
                    claims: &self.claims,
                    speakers: &self.speakers,
                    selected: self.selected_index(),
                    history: &self.history,
                    has_text_selection: self.article_view.selection.is_some(),
                    revision: self.current.as_ref().map_or(1, |a| a.revision_number),
                    conflicted: &conflicted,
                    open_conflicts: self.conflicts.len(),
                    now: chrono::Utc::now(),
                    time: now_time,
                };
                actions.extend(claims_panel::claims_panel_ui(
                    ui,
                    &mut self.filter,
                    &mut self.editor,
                    &data,
                ));
            });
        egui::CentralPanel::default().show(ui, |ui| self.article_ui(ui, &mut actions));
        self.dialogs_ui(&ctx, &mut actions);

        // Summary and notes are saved once typing pauses.
        if self.editor.claim_id.is_some() && now_time - self.editor.last_typed > IDLE_SAVE_SECONDS {
            if let Some(claim) = self.selected_index().and_then(|i| self.claims.get(i))
                && self.editor.claim_id.as_deref() == Some(claim.id.as_str())
                && let Some(patch) = self.editor.pending_text()
            {
                actions.push(Action::Patch(claim.id.clone(), patch));
            }
        } else if self.editor.claim_id.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(300));
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            self.flush_editor();
        }
        if !actions.is_empty() {
            // What the actions changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for action in actions {
            self.apply(action, &ctx);
        }
        if self.library.query_changed {
            self.library.query_changed = false;
            self.library.text_matches = self
                .ws
                .as_ref()
                .and_then(|ws| read::search_articles(ws.conn(), &self.library.query).ok())
                .map(|ids| ids.into_iter().collect::<HashSet<_>>());
        }
    }

    fn poll_other_writers(&mut self, now: f64) {
        if now - self.last_poll < POLL_SECONDS {
            return;
        }
        self.last_poll = now;
        let version = self.data_version();
        if self.ws.is_some() && version != self.data_version {
            self.reload_all();
        }
    }

    fn typing_elsewhere(ctx: &egui::Context) -> bool {
        ctx.egui_wants_keyboard_input()
            && ctx.memory(egui::Memory::focused) != Some(article_view::text_id())
    }

    fn keyboard(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let command_shift = |key| KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, key);
        let typing = Self::typing_elsewhere(ctx);
        ctx.input_mut(|i| {
            if i.consume_shortcut(&command(Key::Enter))
                && let Some(range) = self.article_view.selection
            {
                actions.push(Action::CreateClaim(range));
            }
            if i.consume_shortcut(&command(Key::F)) {
                self.filter.focus_text = true;
            }
            if i.consume_shortcut(&command_shift(Key::F)) {
                self.library.focus_search = true;
            }
            if i.consume_shortcut(&command(Key::I)) {
                actions.push(Action::PickFile(FileDialog::Import));
            }
            if i.consume_shortcut(&command(Key::O)) {
                actions.push(Action::PickFile(FileDialog::Open));
            }
            if i.consume_shortcut(&command_shift(Key::V)) {
                self.dialogs.paste = Some(String::new());
            }
            if i.consume_key(Modifiers::NONE, Key::F1) {
                self.dialogs.shortcuts = true;
            }
            if typing {
                return;
            }
            if i.consume_shortcut(&command_shift(Key::Z)) || i.consume_shortcut(&command(Key::Y)) {
                actions.push(Action::Redo);
            }
            if i.consume_shortcut(&command(Key::Z)) {
                actions.push(Action::Undo);
            }
            if i.consume_key(Modifiers::NONE, Key::J)
                || i.consume_key(Modifiers::ALT, Key::ArrowDown)
            {
                actions.push(Action::NextClaim);
            }
            if i.consume_key(Modifiers::NONE, Key::K) || i.consume_key(Modifiers::ALT, Key::ArrowUp)
            {
                actions.push(Action::PreviousClaim);
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                actions.push(Action::SelectClaim(None));
            }
            if let Some(index) = self.suggest.selected {
                if i.consume_key(Modifiers::NONE, Key::Enter) {
                    actions.push(Action::AcceptSuggestion(
                        index,
                        self.suggest.speaker.clone(),
                    ));
                }
                if i.consume_key(Modifiers::NONE, Key::Delete) {
                    actions.push(Action::DismissSuggestion(index));
                }
            }
            let Some(selected) = self.selected.clone() else {
                return;
            };
            if i.consume_key(Modifiers::NONE, Key::Delete) {
                actions.push(Action::DeleteClaim(selected.clone()));
            }
            for status in Status::ALL {
                let key = match status.digit() {
                    '1' => Key::Num1,
                    '2' => Key::Num2,
                    '3' => Key::Num3,
                    '4' => Key::Num4,
                    '5' => Key::Num5,
                    '6' => Key::Num6,
                    '7' => Key::Num7,
                    '8' => Key::Num8,
                    '9' => Key::Num9,
                    _ => Key::Num0,
                };
                if i.consume_key(Modifiers::NONE, key) {
                    actions.push(Action::Patch(
                        selected.clone(),
                        ClaimPatch {
                            status: Some(status),
                            ..ClaimPatch::default()
                        },
                    ));
                }
            }
        });
    }

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New workspace…").clicked() {
                    actions.push(Action::PickFile(FileDialog::New));
                }
                if ui.button("Open…  (Ctrl+O)").clicked() {
                    actions.push(Action::PickFile(FileDialog::Open));
                }
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label("Nothing yet");
                    }
                    for path in &self.settings.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            actions.push(Action::OpenWorkspace(path.clone()));
                        }
                    }
                });
                if ui.button("Save a copy as…").clicked() {
                    actions.push(Action::PickFile(FileDialog::SaveCopy));
                }
                ui.separator();
                if ui.button("Import article…  (Ctrl+I)").clicked() {
                    actions.push(Action::PickFile(FileDialog::Import));
                }
                if ui.button("Import from URL…").clicked() {
                    self.dialogs.url = Some(String::new());
                }
                if ui
                    .button("New article from clipboard…  (Ctrl+Shift+V)")
                    .clicked()
                {
                    self.dialogs.paste = Some(String::new());
                }
                ui.separator();
                if ui.button("Export report…").clicked() {
                    self.open_export_form();
                }
                ui.separator();
                if ui
                    .add_enabled(
                        self.ws.is_some(),
                        egui::Button::new("Merge a colleague's file…"),
                    )
                    .clicked()
                {
                    actions.push(Action::PickFile(FileDialog::Merge));
                }
                let review = format!("Review merge conflicts ({})", self.conflicts.len());
                if ui
                    .add_enabled(!self.conflicts.is_empty(), egui::Button::new(review))
                    .clicked()
                {
                    actions.push(Action::ShowConflicts);
                }
                ui.separator();
                let syncing = self.team.job.is_some();
                if ui
                    .add_enabled(
                        self.ws.is_some() && !syncing,
                        egui::Button::new("Connect to a team workspace…"),
                    )
                    .clicked()
                {
                    actions.push(Action::ShowTeamForm);
                }
                if ui
                    .add_enabled(syncing, egui::Button::new("Stop syncing"))
                    .clicked()
                {
                    actions.push(Action::TeamStop);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = self.undo_depth();
                if ui
                    .add_enabled(undo > 0, egui::Button::new("Undo  (Ctrl+Z)"))
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(redo > 0, egui::Button::new("Redo  (Ctrl+Shift+Z)"))
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                ui.separator();
                if ui.button("Settings…").clicked() {
                    self.dialogs.settings = true;
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts  (F1)").clicked() {
                    self.dialogs.shortcuts = true;
                }
            });
        });
    }

    fn banner_ui(&mut self, ui: &mut Ui) {
        if self.error.is_none() && self.notice.is_none() {
            return;
        }
        egui::Panel::top("banner").show(ui, |ui| {
            if let Some(error) = self.error.clone() {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        theme::ERROR,
                        RichText::new(format!("Error: {error}")).strong(),
                    );
                    if ui.small_button("Dismiss").clicked() {
                        self.error = None;
                    }
                });
            }
            if let Some(notice) = self.notice.clone() {
                ui.horizontal(|ui| {
                    ui.label(notice);
                    if let Some(path) = self.dialogs.exported.clone()
                        && ui.small_button("Open report").clicked()
                    {
                        ui.ctx()
                            .open_url(egui::OpenUrl::new_tab(format!("file://{}", path.display())));
                    }
                    if ui.small_button("OK").clicked() {
                        self.notice = None;
                        self.dialogs.exported = None;
                    }
                });
            }
        });
    }

    fn status_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            match &self.ws {
                Some(ws) => {
                    let typing = self
                        .selected_index()
                        .and_then(|i| self.claims.get(i))
                        .is_some_and(|_| self.editor.pending_text().is_some());
                    if typing {
                        ui.label("Typing… saved when you pause");
                    } else {
                        ui.label("All changes saved");
                    }
                    ui.label(RichText::new(ws.path().display().to_string()).weak());
                }
                None => {
                    ui.label("No workspace open");
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(format!("Reviewer: {}", self.reviewer()));
                if let Some(a) = team::indicator_ui(ui, &self.team, self.conflicts.len()) {
                    actions.push(a);
                }
            });
        });
    }

    fn article_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(article) = &self.current else {
            ui.centered_and_justified(|ui| {
                ui.label("Import an article to begin: File → Import article…, drop a file here, or Ctrl+Shift+V to paste.");
            });
            return;
        };
        ui.heading(&article.title);
        let meta: Vec<String> = [
            article.outlet.clone(),
            article.author.clone(),
            article.published.clone(),
            format!("revision {}", article.revision_number),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        ui.horizontal(|ui| {
            ui.label(RichText::new(meta.join(" · ")).weak());
            if article.revision_number > 1
                && ui
                    .button(format!("Revisions ({})…", article.revision_number))
                    .on_hover_text("What each correction changed, word by word")
                    .clicked()
            {
                actions.push(Action::ShowRevisions(article.id.clone()));
            }
            if crate::web::is_url(&article.url)
                && ui
                    .add_enabled(
                        self.fetching.is_none(),
                        egui::Button::new("Check for updates"),
                    )
                    .on_hover_text("Fetch the page again; a changed text becomes a new revision")
                    .clicked()
            {
                actions.push(Action::CheckForUpdates(article.id.clone()));
            }
        });
        ui.horizontal_wrapped(|ui| {
            let selection = self.article_view.selection;
            if ui
                .add_enabled(
                    selection.is_some(),
                    egui::Button::new("Create claim  (Ctrl+Enter)"),
                )
                .on_hover_text("Make the selected text a claim")
                .clicked()
                && let Some(range) = selection
            {
                actions.push(Action::CreateClaim(range));
            }
            ui.separator();
            for status in Status::ALL {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, theme::status_color(status));
                ui.label(RichText::new(status.label()).small());
            }
        });
        ui.separator();
        let selected = self.selected_index();
        actions.extend(self.article_view.ui(
            ui,
            &self.claims,
            selected,
            self.settings.text_size,
            self.settings.dark,
        ));
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(a) = team::form_ui(ctx, &mut self.team.form) {
            actions.push(a);
        }
        if let Some(name) = &mut self.dialogs.reviewer {
            let mut done = false;
            egui::Modal::new(egui::Id::unique("reviewer-prompt")).show(ctx, |ui| {
                ui.heading("Welcome to factdesk");
                ui.label("Your name is stamped on every claim and edit you make:");
                let r = ui.text_edit_singleline(name);
                done = ui.button("Continue").clicked()
                    || (r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)));
            });
            if done && !name.trim().is_empty() {
                self.settings.reviewer = name.trim().to_owned();
                self.dialogs.reviewer = None;
            }
        }
        if let Some(text) = &mut self.dialogs.paste {
            let mut result = None;
            egui::Window::new("New article from clipboard")
                .collapsible(false)
                .show(ctx, |ui| {
                    let label =
                        ui.label("Paste the article text, or the address of a web page (Ctrl+V):");
                    egui::ScrollArea::vertical()
                        .max_height(300.0)
                        .show(ui, |ui| {
                            ui.add(
                                egui::TextEdit::multiline(text)
                                    .desired_rows(12)
                                    .desired_width(560.0),
                            )
                            .labelled_by(label.id);
                        });
                    ui.horizontal(|ui| {
                        if ui.button("Continue").clicked() {
                            result = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            result = Some(false);
                        }
                    });
                });
            match result {
                Some(true) => {
                    let text = std::mem::take(text);
                    self.dialogs.paste = None;
                    actions.push(Action::ImportText(text));
                }
                Some(false) => self.dialogs.paste = None,
                None => {}
            }
        }
        if let Some(url) = &mut self.dialogs.url {
            let mut result = None;
            egui::Window::new("Import from URL")
                .collapsible(false)
                .show(ctx, |ui| {
                    let label = ui.label("Address of the article (https://…):");
                    let field = ui
                        .add(egui::TextEdit::singleline(url).desired_width(480.0))
                        .labelled_by(label.id);
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.horizontal(|ui| {
                        if ui.button("Fetch").clicked() || enter {
                            result = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            result = Some(false);
                        }
                    });
                });
            match result {
                Some(true) => {
                    let url = std::mem::take(url);
                    self.dialogs.url = None;
                    actions.push(Action::ImportUrl(url));
                }
                Some(false) => self.dialogs.url = None,
                None => {}
            }
        }
        if let Some(job) = &self.fetching {
            let elapsed = ctx.input(|i| i.time) - job.started;
            egui::Window::new("Fetching")
                .collapsible(false)
                .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
                .show(ctx, |ui| {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Fetching {} … {elapsed:.0} s", job.url));
                    });
                    if ui.button("Cancel fetch").clicked() {
                        actions.push(Action::CancelFetch);
                    }
                });
            // Keep the elapsed time moving while waiting.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        let mut confirm = None;
        if let Some(form) = &mut self.dialogs.import {
            egui::Window::new("Import article")
                .collapsible(false)
                .show(ctx, |ui| {
                    egui::Grid::new("import-form")
                        .num_columns(2)
                        .show(ui, |ui| {
                            for (label, value) in [
                                ("Title", &mut form.title),
                                ("Outlet", &mut form.outlet),
                                ("URL", &mut form.url),
                                ("Author", &mut form.author),
                                ("Published (YYYY-MM-DD)", &mut form.published),
                            ] {
                                let name = ui.label(label);
                                ui.add(egui::TextEdit::singleline(value).desired_width(360.0))
                                    .labelled_by(name.id);
                                ui.end_row();
                            }
                            let import_as = ui.label("Import as");
                            let current = form
                                .replaces
                                .as_ref()
                                .and_then(|id| self.articles.iter().find(|a| &a.id == id))
                                .map_or_else(
                                    || "a new article".to_owned(),
                                    |a| format!("new version of “{}”", a.title),
                                );
                            egui::ComboBox::new("import-replaces", "")
                                .selected_text(current)
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(&mut form.replaces, None, "a new article");
                                    for a in &self.articles {
                                        ui.selectable_value(
                                            &mut form.replaces,
                                            Some(a.id.clone()),
                                            format!("new version of “{}”", a.title),
                                        );
                                    }
                                })
                                .response
                                .labelled_by(import_as.id);
                            ui.end_row();
                        });
                    ui.label(
                        RichText::new(format!(
                            "{} characters · {}",
                            form.body.chars().count(),
                            crate::ui::format::excerpt(&form.body, 80)
                        ))
                        .weak(),
                    );
                    if let Some(warning) = &form.warning {
                        ui.colored_label(ui.visuals().warn_fg_color, warning);
                    }
                    let import_label = if form.warning.is_some() {
                        "Import anyway"
                    } else {
                        "Import"
                    };
                    ui.horizontal(|ui| {
                        if ui.button(import_label).clicked() {
                            confirm = Some(true);
                        }
                        if ui.button("Cancel").clicked() {
                            confirm = Some(false);
                        }
                    });
                });
        }
        match confirm {
            Some(true) => self.confirm_import(),
            Some(false) => self.dialogs.import = None,
            None => {}
        }
        let mut export_now = false;
        if let Some(form) = &mut self.dialogs.export {
            let mut open = true;
            egui::Window::new("Export report")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    let format_label = ui.label("Format");
                    egui::ComboBox::new("export-format", "")
                        .selected_text(form.format.label())
                        .show_ui(ui, |ui| {
                            for f in crate::report::Format::ALL {
                                ui.selectable_value(&mut form.format, f, f.label());
                            }
                        })
                        .response
                        .labelled_by(format_label.id);
                    ui.radio_value(&mut form.current_article_only, true, "This article");
                    ui.radio_value(&mut form.current_article_only, false, "All articles");
                    ui.separator();
                    ui.radio_value(
                        &mut form.all_statuses,
                        false,
                        "Verified claims (final verdicts)",
                    );
                    ui.radio_value(&mut form.all_statuses, true, "All claims");
                    ui.separator();
                    let org_label = ui.label("Your fact-checking organisation");
                    ui.add(
                        egui::TextEdit::singleline(&mut form.org_name)
                            .hint_text("Organisation name"),
                    )
                    .labelled_by(org_label.id);
                    ui.add(
                        egui::TextEdit::singleline(&mut form.org_url).hint_text("Organisation URL"),
                    )
                    .labelled_by(org_label.id);
                    // ClaimReview names its author: without one, Fact Check Explorer and
                    // Data Commons cannot use it.
                    let missing_org = form.format == crate::report::Format::ClaimReview
                        && form.org_name.trim().is_empty();
                    if missing_org {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            "ClaimReview needs the name of your organisation: type it above.",
                        );
                    }
                    if ui
                        .add_enabled(!missing_org, egui::Button::new("Export…"))
                        .clicked()
                    {
                        export_now = true;
                    }
                });
            if !open {
                self.dialogs.export = None;
            }
        }
        if export_now {
            actions.push(Action::PickFile(FileDialog::Export));
        }
        self.merge_windows_ui(ctx, actions);
        self.revisions_ui(ctx);
        self.speaker_window_ui(ctx, actions);
        if self.dialogs.settings {
            let mut open = true;
            egui::Window::new("Settings")
                .open(&mut open)
                .show(ctx, |ui| {
                    ui.horizontal(|ui| {
                        ui.label("Your name");
                        ui.text_edit_singleline(&mut self.settings.reviewer);
                    });
                    ui.checkbox(&mut self.settings.dark, "Dark theme");
                    ui.add(
                        egui::Slider::new(&mut self.settings.text_size, 11.0..=28.0)
                            .text("Article text size"),
                    );
                });
            self.dialogs.settings = open;
        }
        if self.dialogs.shortcuts {
            let mut open = true;
            egui::Window::new("Keyboard shortcuts")
                .open(&mut open)
                .show(ctx, |ui| {
                    egui::Grid::new("shortcuts")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for (keys, what) in SHORTCUTS {
                                ui.label(RichText::new(*keys).monospace());
                                ui.label(*what);
                                ui.end_row();
                            }
                        });
                });
            self.dialogs.shortcuts = open;
        }
    }
}

/// The keyboard shortcuts, as listed in Help → Keyboard shortcuts.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Enter", "Create a claim from the selected text"),
    ("Shift+arrows", "Extend the selection in the article"),
    (
        "1 … 9, 0",
        "Set the selected claim's verdict (Unreviewed … Not checkable)",
    ),
    ("J / Alt+↓", "Next claim"),
    ("K / Alt+↑", "Previous claim"),
    ("Esc", "Deselect the claim"),
    (
        "Delete",
        "Delete the selected claim, or dismiss the selected suggestion",
    ),
    ("Enter", "Make the selected suggestion a claim"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Ctrl+F", "Filter claims"),
    ("Ctrl+Shift+F", "Search articles"),
    ("Ctrl+I", "Import an article"),
    ("Ctrl+Shift+V", "New article from clipboard"),
    ("Ctrl+O", "Open a workspace"),
    ("F1", "This list"),
];

impl FactdeskApp {
    /// The conflict review window and the last merge's report.
    fn merge_windows_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if self.dialogs.conflicts {
            let mut open = true;
            egui::Window::new("Merge conflicts")
                .open(&mut open)
                .default_width(720.0)
                .default_height(480.0)
                .vscroll(true)
                .show(ctx, |ui| {
                    if self.conflicts.is_empty() {
                        ui.label("No open conflicts: every merged change is settled.");
                        return;
                    }
                    ui.label(match self.conflicts.len() {
                        1 => "1 field was changed both here and by a colleague. Until you choose, your value stays and theirs is kept here.".to_owned(),
                        n => format!("{n} fields were changed both here and by a colleague. Until you choose, your value stays and theirs is kept here."),
                    });
                    for row in &self.conflicts {
                        ui.separator();
                        conflict_ui(ui, row, &mut self.dialogs.conflict_edits, actions);
                    }
                });
            self.dialogs.conflicts = open;
        }
        if let Some(report) = &self.last_merge {
            let mut open = true;
            egui::Window::new(format!("Merged {}", report.source))
                .open(&mut open)
                .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -36.0])
                .collapsible(true)
                .default_open(true)
                .show(ctx, |ui| merge_report_ui(ui, report));
            if !open {
                self.last_merge = None;
            }
        }
    }
}

impl FactdeskApp {
    /// Reads the claims of the speaker whose window is open.
    fn load_speaker_claims(&mut self) {
        self.speaker_claims = match (&self.ws, &self.speaker_view) {
            (Some(ws), Some(name)) => {
                let filter = read::ClaimFilter {
                    speaker: Some(name.clone()),
                    ..read::ClaimFilter::default()
                };
                read::claims(ws.conn(), &filter).unwrap_or_default()
            }
            _ => Vec::new(),
        };
    }

    /// A speaker's claims across every article, with verdicts; a click shows the claim.
    fn speaker_window_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(name) = self.speaker_view.clone() else {
            return;
        };
        let claims = &self.speaker_claims;
        let mut open = true;
        egui::Window::new(format!("Claims by {name}"))
            .open(&mut open)
            .default_width(620.0)
            .default_height(420.0)
            .show(ctx, |ui| {
                if let Some(s) = self.speakers.iter().find(|s| s.name == name) {
                    if !s.role.is_empty() {
                        ui.label(RichText::new(&s.role).weak());
                    }
                    if !s.aliases.is_empty() {
                        ui.label(
                            RichText::new(format!("Also named: {}", s.aliases.join(", "))).weak(),
                        );
                    }
                }
                ui.label(format!("{} claims in {} articles", claims.len(), {
                    let mut ids: Vec<&str> = claims.iter().map(|c| c.article_id.as_str()).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    ids.len()
                }));
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("speaker-claims")
                        .striped(true)
                        .show(ui, |ui| {
                            for c in claims {
                                let title = self
                                    .articles
                                    .iter()
                                    .find(|a| a.id == c.article_id)
                                    .map_or("", |a| a.title.as_str());
                                ui.label(
                                    RichText::new(c.status.label())
                                        .color(theme::status_color(c.status)),
                                );
                                ui.label(crate::ui::format::excerpt(title, 40));
                                if ui
                                    .link(crate::ui::format::excerpt(&c.anchor.quote, 60))
                                    .clicked()
                                {
                                    actions.push(Action::SelectArticle(c.article_id.clone()));
                                    actions.push(Action::RevealClaim(c.id.clone()));
                                }
                                ui.end_row();
                            }
                        });
                });
            });
        if !open {
            self.speaker_view = None;
        }
    }

    /// The revisions window: pick two revisions, see what changed between them.
    fn revisions_ui(&mut self, ctx: &egui::Context) {
        let Some(view) = &mut self.revisions else {
            return;
        };
        let mut open = true;
        let dark = self.settings.dark;
        egui::Window::new(format!("Revisions of “{}”", view.title))
            .open(&mut open)
            .default_width(760.0)
            .default_height(560.0)
            .show(ctx, |ui| {
                let describe = |r: &crate::model::Revision| {
                    let source = r
                        .source
                        .split_once(':')
                        .map_or(r.source.as_str(), |(_, s)| s);
                    format!(
                        "revision {} · {} · {}",
                        r.number,
                        r.created_at
                            .get(..16)
                            .unwrap_or(&r.created_at)
                            .replace('T', " "),
                        crate::ui::format::excerpt(source, 40)
                    )
                };
                ui.horizontal(|ui| {
                    for (label, slot) in [("From", &mut view.from), ("To", &mut view.to)] {
                        let current = view.revisions.get(*slot).map(describe).unwrap_or_default();
                        egui::ComboBox::new(("revision", label), label)
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                for (i, r) in view.revisions.iter().enumerate() {
                                    ui.selectable_value(slot, i, describe(r));
                                }
                            });
                    }
                });
                let key = (view.from, view.to);
                if view.cached.as_ref().is_none_or(|(k, ..)| *k != key) {
                    let (old, new) = (
                        view.revisions
                            .get(view.from)
                            .map_or("", |r| r.body.as_str()),
                        view.revisions.get(view.to).map_or("", |r| r.body.as_str()),
                    );
                    let (job, inserted, deleted) = diff_job(old, new, dark);
                    view.cached = Some((key, job, inserted, deleted));
                }
                if let Some((_, job, inserted, deleted)) = &view.cached {
                    ui.label(format!(
                        "{inserted} words inserted (green), {deleted} deleted (struck out)"
                    ));
                    ui.separator();
                    egui::ScrollArea::vertical()
                        .auto_shrink(false)
                        .show(ui, |ui| ui.add(egui::Label::new(job.clone()).wrap()));
                }
            });
        if !open {
            self.revisions = None;
        }
    }
}

/// The word diff of two texts as one layout: deletions struck out in red, insertions on
/// green; with the number of words inserted and deleted.
fn diff_job(old: &str, new: &str, dark: bool) -> (egui::text::LayoutJob, usize, usize) {
    use crate::text::reanchor::{DiffPiece, word_diff};
    let body = egui::FontId::proportional(15.0);
    let text = if dark {
        egui::Color32::from_gray(220)
    } else {
        egui::Color32::from_gray(30)
    };
    let plain = egui::TextFormat::simple(body.clone(), text);
    let deleted = egui::TextFormat {
        color: egui::Color32::from_rgb(190, 40, 40),
        strikethrough: egui::Stroke::new(1.5, egui::Color32::from_rgb(190, 40, 40)),
        ..plain.clone()
    };
    let inserted = egui::TextFormat {
        background: egui::Color32::from_rgba_unmultiplied(60, 170, 80, 70),
        underline: egui::Stroke::new(1.0, egui::Color32::from_rgb(40, 130, 60)),
        ..plain.clone()
    };
    let words = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    };
    let mut job = egui::text::LayoutJob::default();
    let (mut n_ins, mut n_del) = (0, 0);
    for piece in word_diff(old, new) {
        match piece {
            DiffPiece::Same(t) => job.append(&t, 0.0, plain.clone()),
            DiffPiece::Deleted(t) => {
                n_del += words(&t);
                job.append(&t, 0.0, deleted.clone());
            }
            DiffPiece::Inserted(t) => {
                n_ins += words(&t);
                job.append(&t, 0.0, inserted.clone());
            }
        }
    }
    (job, n_ins, n_del)
}

fn merge_report_ui(ui: &mut Ui, report: &MergeReport) {
    egui::Grid::new("merge-report")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for head in ["", "added", "updated", "unchanged", "conflicting"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for (name, c) in [
                ("Articles", report.articles),
                ("Revisions", report.revisions),
                ("Speakers", report.speakers),
                ("Claims", report.claims),
                ("Evidence", report.evidence),
                ("History", report.history),
                ("Web pages", report.pages),
            ] {
                ui.label(name);
                for n in [c.added, c.updated, c.unchanged, c.conflicting] {
                    ui.label(n.to_string());
                }
                ui.end_row();
            }
        });
    ui.label(format!(
        "Re-anchored onto a newer text: {}; orphaned: {}. Unified: {} articles, {} speakers.",
        report.reanchored, report.orphaned, report.unified_articles, report.unified_speakers
    ));
}

fn conflict_ui(
    ui: &mut Ui,
    row: &ConflictRow,
    edits: &mut HashMap<String, String>,
    actions: &mut Vec<Action>,
) {
    use crate::store::merge::{Field, Resolution};
    let c = &row.stored.conflict;
    let id = &row.stored.id;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(field_label(c.field))
                .strong()
                .color(theme::WARNING),
        );
        ui.label(RichText::new(crate::ui::format::excerpt(&row.quote, 80)).italics());
        if ui.small_button("Show claim").clicked() {
            actions.push(Action::SelectArticle(row.article_id.clone()));
            actions.push(Action::RevealClaim(c.claim_id.clone()));
        }
    });
    egui::Grid::new(("conflict", id.as_str()))
        .num_columns(2)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "Mine — {} {}",
                    c.mine_by,
                    crate::ui::format::ago(&c.mine_at, chrono::Utc::now())
                ))
                .weak(),
            );
            ui.label(
                RichText::new(format!(
                    "Theirs — {} {} ({})",
                    c.theirs_by,
                    crate::ui::format::ago(&c.theirs_at, chrono::Utc::now()),
                    row.stored.source
                ))
                .weak(),
            );
            ui.end_row();
            ui.add(egui::Label::new(value_text(&row.mine)).wrap());
            ui.add(egui::Label::new(value_text(&row.theirs)).wrap());
            ui.end_row();
        });
    let editable = matches!(c.field, Field::Summary | Field::Notes | Field::Status);
    ui.horizontal(|ui| {
        if ui.button("Keep mine").clicked() {
            actions.push(Action::ResolveConflict(id.clone(), Resolution::KeepMine));
        }
        if ui.button("Take theirs").clicked() {
            actions.push(Action::ResolveConflict(id.clone(), Resolution::TakeTheirs));
        }
        if editable && !edits.contains_key(id) && ui.button("Edit…").clicked() {
            let start = match (&c.field, &c.mine) {
                // A verdict is chosen from the scale, starting from mine.
                (Field::Status, serde_json::Value::String(code)) => code.clone(),
                // Text starts as both, to be cut down to what stands.
                _ => format!("{}\n{}", row.mine, row.theirs),
            };
            edits.insert(id.clone(), start);
        }
    });
    if let Some(text) = edits.get_mut(id) {
        if c.field == Field::Status {
            let current = Status::parse(text).unwrap_or(Status::Unreviewed);
            egui::ComboBox::new(("conflict-verdict", id.as_str()), "New verdict")
                .selected_text(current.label())
                .show_ui(ui, |ui| {
                    for status in Status::ALL {
                        if ui
                            .selectable_label(status == current, status.label())
                            .clicked()
                        {
                            *text = status.code().to_owned();
                        }
                    }
                });
        } else {
            let label = ui.label("New text");
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        let mut cancel = false;
        ui.horizontal(|ui| {
            if ui.button("Save this").clicked() {
                actions.push(Action::ResolveConflict(
                    id.clone(),
                    Resolution::Edited(serde_json::Value::String(text.clone())),
                ));
            }
            cancel = ui.button("Cancel").clicked();
        });
        if cancel {
            edits.remove(id);
        }
    }
}

fn field_label(field: crate::store::merge::Field) -> &'static str {
    use crate::store::merge::Field;
    match field {
        Field::Speaker => "Speaker",
        Field::Status => "Verdict",
        Field::Summary => "Summary",
        Field::Notes => "Notes",
        Field::Anchor => "Position in the text",
        Field::Deleted => "Deleted or kept",
    }
}

fn value_text(value: &str) -> String {
    if value.is_empty() {
        "(empty)".to_owned()
    } else {
        value.to_owned()
    }
}

/// Keeps a fetched page with the article's current revision.
fn keep_page(
    tx: &rusqlite::Transaction<'_>,
    article_id: &str,
    page: &crate::web::Fetched,
    who: &str,
) -> Result<()> {
    let article = read::article(tx, article_id)?;
    write::record_fetch(
        tx,
        article_id,
        &article.current_revision_id,
        &write::NewFetch {
            url: &page.url,
            final_url: &page.final_url,
            content_type: &page.content_type,
            raw: &page.bytes,
        },
        who,
    )?;
    Ok(())
}

fn merge_notice(report: &MergeReport) -> String {
    let c = &report.claims;
    let mut text = format!(
        "Merged {}: {} claims added, {} updated, {} unchanged",
        report.source, c.added, c.updated, c.unchanged
    );
    if report.reanchored + report.orphaned > 0 {
        text.push_str(&format!(
            "; {} moved onto the newer text, {} orphaned",
            report.reanchored, report.orphaned
        ));
    }
    if report.held_for_signoff > 0 {
        text.push_str(&format!(
            "; {} of their final verdicts await sign-off",
            report.held_for_signoff
        ));
    }
    if report.conflicts.is_empty() {
        text.push_str(". No conflicts.");
    } else {
        text.push_str(&format!(
            ". {} conflicts need your choice (File → Review merge conflicts).",
            report.conflicts.len()
        ));
    }
    text
}

fn reanchor_notice(report: &ReanchorReport) -> String {
    use crate::model::AnchorState as S;
    if !report.changed {
        return "The text is unchanged: no new revision.".into();
    }
    format!(
        "Revision {}: {} claims followed the text, {} moved, {} need re-checking (words changed), {} orphaned",
        report.revision,
        report.count(S::Placed),
        report.count(S::Moved),
        report.count(S::QuoteChanged),
        report.count(S::Orphaned)
    )
}

impl eframe::App for FactdeskApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_editor();
    }
}
