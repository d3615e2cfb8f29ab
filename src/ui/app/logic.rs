//! What the app does without drawing: opening and re-reading the file, the article and
//! claim shown, the claim assistant's list, polling the workers (fetch, team sync, file
//! dialogs) and other writers of the same file, and autosave. Nothing here takes a `Ui`.

use std::collections::HashSet;
use std::path::Path;

use crate::Result;
use crate::model::{ArticleId, ClaimId, TextSource};
use crate::store::Workspace;
use crate::store::read;
use crate::store::write::{ClaimPatch, ReanchorReport};
use crate::text::import::ImportedText;
use crate::ui::Action;
use crate::ui::article_view::ArticleView;
use crate::ui::claims_panel::EditorState;
use crate::ui::team::{self, TeamState};
use crate::ui::windows::conflicts::conflict_rows;

use super::{FactdeskApp, ImportForm};

/// Seconds of no typing after which summary and notes are saved.
const IDLE_SAVE_SECONDS: f64 = 1.5;

/// How often to look for edits made by another window on the same file.
const POLL_SECONDS: f64 = 1.0;

impl FactdeskApp {
    /// The name stamped on edits: the remembered one, else who the OS says is editing.
    pub(super) fn reviewer(&self) -> String {
        if self.settings.reviewer.trim().is_empty() {
            crate::identity::reviewer(None)
        } else {
            self.settings.reviewer.trim().to_owned()
        }
    }

    /// Opens the file at `path`; a refused file is shown and the open workspace kept.
    pub(super) fn open_workspace(&mut self, path: &Path) {
        match Workspace::open(path) {
            Ok(ws) => self.set_workspace(ws),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Switches to `ws` (after saving what is being typed in the old one).
    pub(super) fn set_workspace(&mut self, ws: Workspace) {
        self.flush_editor();
        let path = ws.path().to_owned();
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path);
        self.settings.recent.truncate(8);
        // The worker syncs the file it was started on: stop it before switching.
        self.team = TeamState::default();
        self.doc.ws = Some(ws);
        self.undo.clear();
        self.redo.clear();
        self.last_undo = None;
        self.doc.current = None;
        self.doc.selected = None;
        self.doc.claims.clear();
        self.doc.history.clear();
        self.editor = EditorState::default();
        self.article_view = ArticleView::default();
        self.error = None;
        self.reload_all();
        if let Some(first) = self.doc.articles.first().map(|a| a.id.clone()) {
            self.show_article(&first);
        }
    }

    /// SQLite's `data_version`: it changes when another connection wrote the file.
    pub(super) fn data_version(&self) -> i64 {
        self.doc
            .ws
            .as_ref()
            .and_then(|ws| read::data_version(ws.conn()).ok())
            .unwrap_or_default()
    }

    /// Re-reads everything from the file (after opening it, or after another window wrote).
    pub(super) fn reload_all(&mut self) {
        let Some(ws) = &self.doc.ws else {
            return;
        };
        self.team.link = crate::sync::link(ws.conn()).ok().flatten();
        self.doc.demo = read::is_demo(ws.conn()).unwrap_or(false);
        let result = (|| -> Result<_> {
            Ok((
                read::articles(ws.conn())?,
                read::speakers(ws.conn())?,
                conflict_rows(ws.conn())?,
            ))
        })();
        match result {
            Ok((articles, speakers, conflicts)) => {
                self.doc.articles = articles;
                self.doc.speakers = speakers;
                self.doc.conflicts = conflicts;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self.load_speaker_claims();
        self.doc.data_version = self.data_version();
        if let Some(id) = self.doc.current.as_ref().map(|a| a.id.clone()) {
            self.show_article(&id);
        }
    }

    /// Shows an article with its claims, keeping the selected claim if it is one of them.
    pub(super) fn show_article(&mut self, article_id: &ArticleId) {
        let Some(ws) = &self.doc.ws else {
            return;
        };
        let filter = read::ClaimFilter {
            article_id: Some(article_id.clone()),
            ..read::ClaimFilter::default()
        };
        match read::article(ws.conn(), article_id)
            .and_then(|a| Ok((a, read::claims(ws.conn(), &filter)?)))
        {
            Ok((article, claims)) => {
                self.article_view.set_article(&article.id, &article.body);
                self.article_view
                    .set_claims(&claims, &article.current_revision_id);
                if self.doc.current.as_ref().map(|a| &a.id) != Some(&article.id) {
                    self.doc.selected = None;
                }
                let changed_article = self.doc.current.as_ref().map(|a| &a.id) != Some(&article.id);
                self.doc.current = Some(article);
                self.doc.claims = claims;
                if self.selected_index().is_none() {
                    self.doc.selected = None;
                }
                self.load_suggestions(changed_article);
                self.load_editor();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Runs the claim assistant on the article shown (suggestions already made into claims
    /// or dismissed are left out). Keeps the selected suggestion unless the article changed.
    pub(super) fn load_suggestions(&mut self, changed_article: bool) {
        let (Some(ws), Some(article)) = (&self.doc.ws, &self.doc.current) else {
            self.suggest.items.clear();
            self.suggest.dismissed.clear();
            self.suggest.article = None;
            return;
        };
        if changed_article || self.suggest.article.as_ref() != Some(&article.id) {
            self.suggest.renamed.clear();
        }
        self.suggest.article = Some(article.id.clone());
        self.suggest.outlet.clone_from(&article.outlet);
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
        self.suggest.apply_renames();
        self.suggest.arrange();
        self.load_dismissed();
        let keep = if changed_article {
            None
        } else {
            self.suggest.selected.clone()
        };
        let speaker = std::mem::take(&mut self.suggest.speaker);
        self.suggest.select(keep.as_ref());
        if !changed_article && self.suggest.selected.is_some() {
            self.suggest.speaker = speaker;
        }
        self.show_suggestions();
    }

    /// Reads the words dismissed for the article shown (the "Show dismissed" list).
    pub(super) fn load_dismissed(&mut self) {
        self.suggest.dismissed = match (&self.doc.ws, &self.suggest.article) {
            (Some(ws), Some(article)) => crate::store::assist::dismissed(ws.conn(), article)
                .unwrap_or_else(|e| {
                    self.error = Some(e.to_string());
                    Vec::new()
                }),
            _ => Vec::new(),
        };
    }

    /// Hands the assistant's ranges to the text view, to be outlined.
    pub(super) fn show_suggestions(&mut self) {
        let (ranges, selected) = self.suggest.outlines();
        self.article_view.set_suggestions(ranges, selected);
    }

    /// Fills the editor, history and linked claims from the selected claim.
    pub(super) fn load_editor(&mut self) {
        let Some(claim) = self.selected_index().and_then(|i| self.doc.claims.get(i)) else {
            self.editor = EditorState::default();
            self.doc.history.clear();
            self.doc.linked.clear();
            return;
        };
        let linked = self
            .doc
            .ws
            .as_ref()
            .and_then(|ws| crate::store::assist::linked_claims(ws.conn(), &claim.id).ok())
            .unwrap_or_default();
        self.doc.linked = linked
            .into_iter()
            .map(|c| {
                let title = self
                    .doc
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
        self.doc.history = self
            .doc
            .ws
            .as_ref()
            .and_then(|ws| read::history(ws.conn(), &claim.id).ok())
            .unwrap_or_default();
    }

    /// Saves whatever is typed in the editor but not yet saved (summary, notes, speaker).
    pub(super) fn flush_editor(&mut self) {
        let Some(claim) = self
            .editor
            .claim_id
            .as_deref()
            .and_then(|id| self.doc.claims.iter().find(|c| c.id == id))
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
    pub(super) fn refresh_claim(&mut self, claim_id: &ClaimId) {
        let Some(ws) = &self.doc.ws else {
            return;
        };
        let found = match read::claim_any(ws.conn(), claim_id) {
            Ok(found) => found,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let existing = self.doc.claims.iter().position(|c| c.id == *claim_id);
        let current_article = self.doc.current.as_ref().map(|a| a.id.clone());
        match (found, existing) {
            (Some((claim, false)), Some(i)) => {
                if let Some(slot) = self.doc.claims.get_mut(i) {
                    *slot = claim;
                }
            }
            (Some((claim, false)), None) if Some(&claim.article_id) == current_article.as_ref() => {
                let at = self.doc.claims.partition_point(|c| {
                    (c.anchor.range.start, c.anchor.range.end)
                        <= (claim.anchor.range.start, claim.anchor.range.end)
                });
                self.doc.claims.insert(at, claim);
            }
            (Some((_, true)) | None, Some(i)) => {
                self.doc.claims.remove(i);
                if self.doc.selected.as_deref() == Some(claim_id) {
                    self.doc.selected = None;
                }
            }
            _ => {}
        }
        let revision = self
            .doc
            .current
            .as_ref()
            .map(|a| a.current_revision_id.clone())
            .unwrap_or_default();
        self.article_view.set_claims(&self.doc.claims, &revision);
        if let Some(article) = current_article
            && let Some(summary) = self.doc.articles.iter_mut().find(|a| a.id == article)
        {
            summary.claims = self.doc.claims.len() as i64;
            summary.claims_by_status.clear();
            for c in &self.doc.claims {
                *summary.claims_by_status.entry(c.status).or_default() += 1;
            }
        }
        if let Ok(speakers) = read::speakers(ws.conn()) {
            self.doc.speakers = speakers;
        }
        if self.speaker_view.is_some() {
            self.load_speaker_claims();
        }
        self.doc.data_version = self.data_version();
        // Buffers of the selected claim follow the file where the user is not typing.
        self.load_editor();
    }

    /// Reads the claims of the speaker whose window is open.
    pub(super) fn load_speaker_claims(&mut self) {
        self.speaker_claims = match (&self.doc.ws, &self.speaker_view) {
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

    pub(super) fn start_import_form(&mut self, imported: ImportedText, source: TextSource) {
        let title = imported.title.unwrap_or_default();
        let url = imported.url.unwrap_or_default();
        let same_title = |a: &str| {
            !title.trim().is_empty() && a.trim().to_lowercase() == title.trim().to_lowercase()
        };
        let replaces = self
            .doc
            .articles
            .iter()
            // A matching URL says "same article"; failing that, the same headline most
            // likely is a corrected version (the form lets the user say otherwise).
            .find(|a| !url.is_empty() && a.url == url)
            .or_else(|| self.doc.articles.iter().find(|a| same_title(&a.title)))
            .map(|a| a.id.clone());
        // A date line near the top ("Friday, September 6, 2019") when the source named none.
        let published = imported
            .published
            .filter(|p| !p.trim().is_empty())
            .or_else(|| crate::text::import::dateline(&imported.body))
            .unwrap_or_default();
        let headline_repeated =
            crate::text::import::without_headline(&imported.body, &title).is_some();
        self.dialogs.import = Some(ImportForm {
            body: imported.body,
            source,
            title,
            outlet: imported.outlet.unwrap_or_default(),
            url,
            author: imported.author.unwrap_or_default(),
            published,
            // A new version keeps the text as it was before, headline and all, so the
            // claims follow it word for word.
            drop_headline: headline_repeated && replaces.is_none(),
            headline_repeated,
            replaces,
            page: None,
            warning: None,
        });
    }

    /// Takes the sync worker's news: a sync that pulled something is shown at once.
    pub(super) fn poll_team(&mut self, ctx: &egui::Context, now: f64) {
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
    pub(super) fn poll_fetch(&mut self) {
        let Some(job) = &self.fetching else {
            return;
        };
        let Some(result) = job.result() else {
            return;
        };
        let Some(job) = self.fetching.take() else {
            return;
        };
        match (result, job.refresh_of) {
            (Err(e), _) => self.error = Some(e.to_string()),
            (Ok((page, text)), None) => {
                let source = crate::flows::refresh::source(&page);
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
                let text = match crate::flows::refresh::correction(&page, text) {
                    Ok(text) => text,
                    Err(e) => {
                        self.error = Some(e.to_string());
                        return;
                    }
                };
                self.flush_editor();
                let source = crate::flows::refresh::source(&page);
                let report = self.write(|tx, who| {
                    crate::flows::import::new_revision(
                        tx,
                        &article_id,
                        &text.body,
                        &source,
                        Some(&page),
                        who,
                    )
                });
                if let Some(report) = report {
                    self.show_new_revision(report, &article_id);
                }
            }
        }
    }

    /// Re-reads the file, at most every [`POLL_SECONDS`], when another window or the team
    /// worker wrote it. An idle window draws no frames, so while a workspace is open each
    /// frame asks for one at the next poll: a change made by the CLI or a second window shows
    /// within about a second without the mouse moving.
    pub(super) fn poll_other_writers(&mut self, ctx: &egui::Context, now: f64) {
        if self.doc.ws.is_none() {
            return;
        }
        let since = now - self.last_poll;
        if since < POLL_SECONDS {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (POLL_SECONDS - since).clamp(0.0, POLL_SECONDS),
            ));
            return;
        }
        self.last_poll = now;
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(POLL_SECONDS));
        if self.data_version() != self.doc.data_version {
            self.reload_all();
            // Drawn in this frame already; the next one settles what depends on the new
            // state (the editor's buffers, the list's scroll).
            ctx.request_repaint();
        }
    }

    /// Takes the answers of OS file dialogs (sent back from their threads) as actions.
    pub(super) fn take_picked_files(&self, actions: &mut Vec<Action>) {
        while let Ok((kind, answer)) = self.dialog_results.1.try_recv() {
            actions.push(Action::FileDialogAnswered(kind, answer));
        }
    }

    /// Summary and notes are saved once typing pauses: pushes their patch when it has.
    pub(super) fn autosave(&self, ctx: &egui::Context, now: f64, actions: &mut Vec<Action>) {
        if self.editor.claim_id.is_some() && now - self.editor.last_typed > IDLE_SAVE_SECONDS {
            if let Some(claim) = self.selected_index().and_then(|i| self.doc.claims.get(i))
                && self.editor.claim_id.as_deref() == Some(claim.id.as_str())
                && let Some(patch) = self.editor.pending_text()
            {
                actions.push(Action::Patch(claim.id.clone(), patch));
            }
        } else if self.editor.claim_id.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(300));
        }
    }

    /// Runs the library's full-text search when its query changed this frame.
    pub(super) fn search_library(&mut self) {
        if self.library.query_changed {
            self.library.query_changed = false;
            self.library.text_matches = self
                .doc
                .ws
                .as_ref()
                .and_then(|ws| read::search_articles(ws.conn(), &self.library.query).ok())
                .map(|ids| ids.into_iter().collect::<HashSet<_>>());
        }
    }
}

/// Files dropped on the window are imported.
pub(super) fn take_dropped_files(ctx: &egui::Context, actions: &mut Vec<Action>) {
    for file in ctx.input(|i| i.raw.dropped_files.clone()) {
        let path = file.path();
        if !path.as_os_str().is_empty() {
            actions.push(Action::ImportFile(path.to_owned()));
        }
    }
}

impl FactdeskApp {
    /// After a new revision of `article_id` (an import form on a known article, Check for
    /// updates): the re-anchoring summary in the banner, the claims that need a look
    /// filtered when there are any, and the article shown.
    pub(super) fn show_new_revision(&mut self, report: ReanchorReport, article_id: &ArticleId) {
        self.notice = Some(reanchor_notice(&report));
        if report.needs_recheck() {
            self.filter.attention_only = true;
        }
        self.last_reanchor = Some(report);
        self.reload_all();
        self.show_article(article_id);
    }
}

/// What re-anchoring did, in one line for the banner.
pub(super) fn reanchor_notice(report: &ReanchorReport) -> String {
    use crate::model::AnchorState as S;
    if !report.changed {
        return "The text is unchanged: no new revision.".into();
    }
    let mut parts = Vec::new();
    let mut part = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    };
    part(report.count(S::Placed), "in place");
    part(report.count(S::Moved), "kept (text around them changed)");
    part(
        report.count(S::QuoteChanged),
        "need re-checking (their words changed)",
    );
    part(report.count(S::Orphaned), "orphaned (their words are gone)");
    if parts.is_empty() {
        format!("Revision {}: no claims to carry over.", report.revision)
    } else {
        format!("Revision {}: {}.", report.revision, parts.join(", "))
    }
}
