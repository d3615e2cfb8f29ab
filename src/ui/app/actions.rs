//! [`FactdeskApp::apply`]: every [`Action`] is applied here, after the frame is drawn: the
//! one door through which the window writes the store, with the undo and redo stacks.

use std::path::Path;

use crate::model::{ArticleId, ClaimId, TextSource};
use crate::store::Workspace;
use crate::store::merge::{self, MergeReport};
use crate::store::read;
use crate::store::write::{self, ClaimPatch, NewArticle};
use crate::text::import;
use crate::ui::claims_panel;
use crate::ui::format::excerpt;
use crate::ui::jobs::{self, FetchJob};
use crate::ui::suggestions::SuggestionKey;
use crate::ui::team::{self, TeamJob, TeamState};
use crate::ui::{Action, FileDialog};
use crate::{Error, Result};

use super::{ExportForm, FactdeskApp, RevisionsView};
use crate::ui::windows::export_form::Unsupported;
use crate::ui::windows::path_prompt::PathPrompt;

/// One undoable edit, enough to apply it in either direction.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Edit {
    Patch {
        claim_id: ClaimId,
        before: ClaimPatch,
        after: ClaimPatch,
    },
    Create {
        claim_id: ClaimId,
    },
    Delete {
        claim_id: ClaimId,
    },
    Evidence {
        claim_id: ClaimId,
        evidence_id: String,
        added: bool,
    },
    /// A claim made from a suggestion: taking it back deletes the claim, and the
    /// suggestion of `words` is listed again.
    Accept {
        claim_id: ClaimId,
        words: String,
    },
    /// A suggestion dismissed (or, `dismissed` false, a dismissal taken back).
    Dismissal {
        article_id: ArticleId,
        words: String,
        dismissed: bool,
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
    /// The claim the edit changes; none for a dismissal.
    fn claim_id(&self) -> Option<&ClaimId> {
        match self {
            Self::Patch { claim_id, .. }
            | Self::Create { claim_id }
            | Self::Delete { claim_id }
            | Self::Accept { claim_id, .. }
            | Self::Evidence { claim_id, .. } => Some(claim_id),
            Self::Dismissal { .. } => None,
        }
    }

    /// The suggested words an accept or a dismissal is about.
    fn suggestion_words(&self) -> Option<&str> {
        match self {
            Self::Accept { words, .. } | Self::Dismissal { words, .. } => Some(words),
            Self::Patch { .. }
            | Self::Create { .. }
            | Self::Delete { .. }
            | Self::Evidence { .. } => None,
        }
    }
}

/// What a patch sets, in words: "verdict of «…» to False" (`back` adds "back").
fn describe_patch(patch: &ClaimPatch, quote: &str, back: bool) -> String {
    let to = if back { "back to" } else { "to" };
    let text = |value: &str| {
        if value.is_empty() {
            "empty".to_owned()
        } else {
            format!("“{}”", excerpt(value, 30))
        }
    };
    let mut parts = Vec::new();
    if let Some(status) = patch.status {
        parts.push(format!("verdict of «{quote}» {to} {}", status.label()));
    }
    if let Some(speaker) = &patch.speaker {
        let name = speaker.as_deref().unwrap_or("no speaker");
        parts.push(format!("speaker of «{quote}» {to} {name}"));
    }
    if let Some(summary) = &patch.summary {
        parts.push(format!("summary of «{quote}» {to} {}", text(summary)));
    }
    if let Some(notes) = &patch.notes {
        parts.push(format!("notes of «{quote}» {to} {}", text(notes)));
    }
    parts.join("; ")
}

impl FactdeskApp {
    /// Runs `edit` in one transaction as the reviewer; a failure is shown and gives `None`.
    pub(super) fn write<T>(
        &mut self,
        edit: impl FnOnce(&rusqlite::Transaction<'_>, &str) -> Result<T>,
    ) -> Option<T> {
        let who = self.reviewer();
        let Some(ws) = self.doc.ws.as_mut() else {
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
                (Edit::Create { claim_id } | Edit::Accept { claim_id, .. }, true)
                | (Edit::Delete { claim_id }, false) => {
                    write::restore_claim(tx, claim_id, who)?;
                    None
                }
                (Edit::Create { claim_id } | Edit::Accept { claim_id, .. }, false)
                | (Edit::Delete { claim_id }, true) => {
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
                (
                    Edit::Dismissal {
                        article_id,
                        words,
                        dismissed,
                    },
                    forward,
                ) => {
                    if *dismissed == forward {
                        crate::store::assist::dismiss(tx, article_id, words, who)?;
                    } else {
                        crate::store::assist::undismiss(tx, article_id, words)?;
                    }
                    None
                }
            };
            Ok(skipped)
        });
        let performed = match done {
            Some(None) => Performed::Done,
            Some(Some(changed)) => Performed::Skipped(changed),
            None => return Performed::Failed,
        };
        if let Some(claim_id) = edit.claim_id() {
            self.refresh_claim(claim_id);
        }
        if edit.suggestion_words().is_some() {
            self.load_suggestions(false);
            self.doc.data_version = self.data_version();
        }
        performed
    }

    /// The quote of a claim, cut for a message (read from the file when it is not shown).
    fn quote_of(&self, claim_id: &ClaimId) -> String {
        let quote = self
            .doc
            .claims
            .iter()
            .find(|c| c.id == *claim_id)
            .map(|c| c.anchor.quote.clone())
            .or_else(|| {
                let ws = self.doc.ws.as_ref()?;
                read::claim_any(ws.conn(), claim_id)
                    .ok()
                    .flatten()
                    .map(|(c, _)| c.anchor.quote)
            })
            .unwrap_or_default();
        excerpt(&quote, 40)
    }

    /// What undoing (`undo`) or redoing `edit` does, for the status bar.
    fn describe(&self, edit: &Edit, undo: bool) -> String {
        let quote = || {
            edit.claim_id()
                .map(|id| self.quote_of(id))
                .unwrap_or_default()
        };
        let what = match edit {
            Edit::Patch { before, after, .. } => {
                describe_patch(if undo { before } else { after }, &quote(), undo)
            }
            Edit::Create { .. } => format!("new claim «{}»", quote()),
            Edit::Delete { .. } => format!("deletion of the claim «{}»", quote()),
            Edit::Evidence { added: true, .. } => {
                format!("evidence link added to «{}»", quote())
            }
            Edit::Evidence { added: false, .. } => {
                format!("evidence link removed from «{}»", quote())
            }
            Edit::Accept { words, .. } => {
                format!("claim made from the suggestion «{}»", excerpt(words, 40))
            }
            Edit::Dismissal {
                words,
                dismissed: true,
                ..
            } => format!("dismissal of the suggestion «{}»", excerpt(words, 40)),
            Edit::Dismissal { words, .. } => {
                format!("restore of the suggestion «{}»", excerpt(words, 40))
            }
        };
        format!("{}: {what}", if undo { "Undid" } else { "Redid" })
    }

    /// Puts a done edit on the undo stack; a new edit ends what could be redone.
    fn record(&mut self, edit: Edit) {
        self.undo.push(edit);
        self.redo.clear();
        self.last_undo = None;
    }

    /// Changes a claim's fields as one undoable step (the step keeps the old values).
    pub(super) fn edit_patch(&mut self, claim_id: &ClaimId, after: ClaimPatch) {
        let Some(claim) = self.doc.claims.iter().find(|c| c.id == *claim_id) else {
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
            claim_id: claim_id.clone(),
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
                    && let Some(claim) = self.doc.claims.get(i)
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
                let orphan =
                    self.doc.claims.iter().any(|c| {
                        c.id == id && c.anchor_state == crate::model::AnchorState::Orphaned
                    });
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
            Action::SaveCopy(path) => match self.doc.ws.as_ref().map(|ws| ws.save_copy(&path)) {
                Some(Ok(())) => self.notice = Some(format!("Saved a copy to {}", path.display())),
                Some(Err(e)) => self.error = Some(e.to_string()),
                None => {}
            },
            Action::ImportFile(path) => match import::import_file(&path, None) {
                Ok(imported) => {
                    self.start_import_form(imported, crate::flows::import::file_source(&path));
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            // A pasted address is fetched, not imported as text.
            Action::ImportText(text)
                if crate::web::is_url(&text) && !text.trim().contains(char::is_whitespace) =>
            {
                self.start_fetch(text.trim(), None, ctx);
            }
            Action::ImportText(text) => match import::from_text(&text) {
                Ok(imported) => self.start_import_form(imported, TextSource::Paste),
                Err(e) => self.error = Some(e.to_string()),
            },
            Action::ImportUrl(url) => self.start_fetch(url.trim(), None, ctx),
            Action::CheckForUpdates(article_id) => {
                let url = self.doc.ws.as_ref().and_then(|ws| {
                    crate::flows::refresh::address(ws.conn(), &article_id)
                        .ok()
                        .flatten()
                });
                match url {
                    Some(url) => self.start_fetch(&url, Some(article_id), ctx),
                    None => {
                        self.error =
                            Some("This article was not imported from a web address.".into());
                    }
                }
            }
            Action::ShowRevisions(article_id) => {
                let loaded = self.doc.ws.as_ref().map(|ws| {
                    read::revisions(ws.conn(), &article_id)
                        .and_then(|r| read::article(ws.conn(), &article_id).map(|a| (r, a.title)))
                });
                match loaded {
                    Some(Ok((revisions, title))) => {
                        self.revisions = Some(RevisionsView::new(article_id, title, revisions));
                    }
                    Some(Err(e)) => self.error = Some(e.to_string()),
                    None => {}
                }
            }
            Action::CancelFetch => {
                // The worker stops at its next read; its result, if any, is dropped.
                if let Some(job) = self.fetching.take() {
                    job.cancel();
                    self.notice = Some(format!("Fetch of {} cancelled; nothing changed.", job.url));
                }
            }
            Action::ConfirmImport => self.confirm_import(),
            Action::CancelImport => self.dialogs.import = None,
            Action::PickFile(kind) => self.pick_file(kind, ctx),
            Action::FileDialogAnswered(kind, answer) => match answer {
                crate::ui::DialogAnswer::Chosen(path) => self.apply(kind.action(path), ctx),
                answer => {
                    if let Some(why) = answer.fallback_reason() {
                        self.ask_for_path(kind, why);
                    }
                }
            },
            Action::CheckExport => self.check_export(ctx),
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
            Action::SelectSuggestion(key) => {
                self.suggest.select(key.as_ref());
                if self.suggest.selected.is_some() {
                    self.select_claim(None);
                }
                if let Some((s, _)) = self
                    .suggest
                    .selected_index()
                    .and_then(|i| self.suggest.items.get(i))
                {
                    self.article_view.scroll_to_range(s.range);
                }
                self.show_suggestions();
            }
            Action::AcceptSuggestion(key, speaker) => self.accept_suggestion(&key, &speaker),
            Action::DismissSuggestion(key) => self.dismiss_suggestion(&key),
            Action::RenameSuggestedSpeaker { from, to } => {
                let changed = self.suggest.rename_speaker(&from, &to);
                if changed > 0 {
                    self.notice = Some(format!(
                        "{changed} suggestions now credited to {} instead of {from}",
                        to.trim()
                    ));
                }
                self.show_suggestions();
            }
            Action::ArrangeSuggestions => {
                self.suggest.arrange();
                if let Some(i) = self.suggest.selected_index() {
                    let shown = self
                        .suggest
                        .items
                        .get(i)
                        .is_some_and(|(s, _)| self.suggest.shows(s));
                    if shown {
                        self.suggest.reveal = self.suggest.visible().iter().position(|v| *v == i);
                    } else {
                        self.suggest.select(None);
                    }
                }
                self.show_suggestions();
            }
            Action::RestoreSuggestion(article_id, words) => {
                self.restore_suggestion(article_id, words);
            }
            Action::SetStatusLinked(id, status) => {
                let who = self.reviewer();
                if let Some(ws) = &mut self.doc.ws {
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

    /// Selects a claim (saving what is typed for the previous one first).
    fn select_claim(&mut self, id: Option<ClaimId>) {
        if self.doc.selected != id {
            self.flush_editor();
            if id.is_some() && self.suggest.selected.is_some() {
                self.suggest.select(None);
                self.show_suggestions();
            }
            self.doc.selected = id;
            self.load_editor();
        }
    }

    /// Selects the next (`step` 1) or previous (-1) claim of the filtered list and shows it.
    fn step_claim(&mut self, step: isize, now: f64) {
        let visible = claims_panel::visible_claims(&self.doc.claims, &self.filter);
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
            && let Some(claim) = self.doc.claims.get(index)
        {
            let (id, range) = (claim.id.clone(), claim.anchor.range);
            self.select_claim(Some(id));
            self.article_view.reveal(range, index, now);
        }
    }

    /// Makes a claim of `range` of the article shown and puts the keyboard in its speaker.
    fn create_claim(&mut self, range: crate::model::CharRange) {
        let Some(article_id) = self.doc.current.as_ref().map(|a| a.id.clone()) else {
            self.error = Some("open an article first".into());
            return;
        };
        self.flush_editor();
        // Words chosen inside a suggestion are that speaker's (as the checker renamed them).
        let speaker = self.suggestion_speaker_at(range);
        let patch = ClaimPatch {
            speaker: speaker.map(Some),
            ..ClaimPatch::default()
        };
        let created = self.write(|tx, who| write::add_claim(tx, &article_id, range, &patch, who));
        if let Some(id) = created {
            self.refresh_claim(&id);
            self.record(Edit::Create {
                claim_id: id.clone(),
            });
            self.doc.selected = Some(id);
            self.editor.focus_speaker = true;
            self.editor.select_speaker = patch.speaker.is_some();
            self.load_editor();
            self.article_view.selection = None;
        }
    }

    /// The speaker of the suggestion whose words hold `range` (the selected suggestion's
    /// field as typed, when it is that one); `None` when no suggestion holds it or it has no
    /// speaker.
    fn suggestion_speaker_at(&self, range: crate::model::CharRange) -> Option<String> {
        let selected = self.suggest.selected_index();
        let (i, (s, _)) = self
            .suggest
            .items
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| s.range.start <= range.start && range.end <= s.range.end)
            .min_by_key(|(_, (s, _))| s.range.len())?;
        let name = if selected == Some(i) {
            self.suggest.speaker.trim().to_owned()
        } else {
            s.speaker.as_ref()?.name.clone()
        };
        (!name.is_empty()).then_some(name)
    }

    /// Takes back (or does again) the last step, unless someone changed the claim since.
    fn undo_redo(&mut self, undo: bool) {
        self.flush_editor();
        let from = if undo { &mut self.undo } else { &mut self.redo };
        let Some(edit) = from.pop() else {
            return;
        };
        let description = self.describe(&edit, undo);
        match self.perform(&edit, !undo, true) {
            Performed::Done => {
                self.last_undo = Some(description);
                let claim_id = edit.claim_id().cloned();
                let words = edit.suggestion_words().map(str::to_owned);
                if undo {
                    self.redo.push(edit);
                } else {
                    self.undo.push(edit);
                }
                if let Some(claim_id) = claim_id
                    && self.doc.claims.iter().any(|c| c.id == claim_id)
                {
                    self.select_claim(Some(claim_id));
                } else if let Some(words) = words {
                    self.select_suggestion_of(&words);
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

    /// Makes suggestion `index` a claim with `speaker`.
    fn accept_suggestion(&mut self, key: &SuggestionKey, speaker: &str) {
        // A key that names nothing in the list (it changed since the frame drew the row)
        // does nothing, rather than accept another statement.
        let Some(index) = self.suggest.position(key) else {
            return;
        };
        let who = self.reviewer();
        let (Some(ws), Some(article)) = (&mut self.doc.ws, &self.doc.current) else {
            return;
        };
        let Some((suggestion, words)) = self.suggest.items.get(index).cloned() else {
            return;
        };
        let article_id = article.id.clone();
        match ws.write(|tx| {
            crate::store::assist::accept(tx, &article_id, &suggestion, &words, Some(speaker), &who)
        }) {
            Ok(id) => {
                self.drop_suggestion(index);
                self.refresh_claim(&id);
                self.notice = Some(format!(
                    "claim made from the suggestion «{}» (Ctrl+Z takes it back)",
                    excerpt(&words, 50)
                ));
                self.record(Edit::Accept {
                    claim_id: id,
                    words,
                });
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
        // The next row the filter shows, not a hidden one.
        let next = self.suggest.next_visible(index);
        let key = next.and_then(|i| self.suggest.key(i));
        self.suggest.select(key.as_ref());
        if let Some(next) = next
            && let Some((s, _)) = self.suggest.items.get(next)
        {
            self.article_view.scroll_to_range(s.range);
            self.suggest.reveal = self.suggest.visible().iter().position(|v| *v == next);
        }
        self.show_suggestions();
    }

    /// Dismisses suggestion `index`: it is not suggested again for this article.
    fn dismiss_suggestion(&mut self, key: &SuggestionKey) {
        let Some(index) = self.suggest.position(key) else {
            return;
        };
        let who = self.reviewer();
        let (Some(ws), Some(article)) = (&mut self.doc.ws, &self.doc.current) else {
            return;
        };
        let Some((_, words)) = self.suggest.items.get(index).cloned() else {
            return;
        };
        let article_id = article.id.clone();
        match ws.write(|tx| crate::store::assist::dismiss(tx, &article_id, &words, &who)) {
            Ok(()) => {
                self.drop_suggestion(index);
                self.load_dismissed();
                self.doc.data_version = self.data_version();
                self.record(Edit::Dismissal {
                    article_id,
                    words,
                    dismissed: true,
                });
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Lists the dismissed suggestion of `words` again, as an undoable step, and selects it.
    fn restore_suggestion(&mut self, article_id: ArticleId, words: String) {
        let edit = Edit::Dismissal {
            article_id,
            words,
            dismissed: false,
        };
        if self.perform(&edit, true, false) == Performed::Done {
            if let Some(words) = edit.suggestion_words() {
                self.select_suggestion_of(words);
            }
            self.record(edit);
        }
    }

    /// Selects the listed suggestion of `words` (after an undo brought it back) and scrolls
    /// the list and the text to it.
    fn select_suggestion_of(&mut self, words: &str) {
        let Some(index) = self.suggest.items.iter().position(|(_, w)| w == words) else {
            return;
        };
        let key = self.suggest.key(index);
        self.select_claim(None);
        self.suggest.select(key.as_ref());
        if let Some((s, _)) = self.suggest.items.get(index) {
            self.article_view.scroll_to_range(s.range);
        }
        self.suggest.reveal = self.suggest.visible().iter().position(|v| *v == index);
        self.show_suggestions();
    }

    /// Merges a colleague's file into the open workspace and shows what it did.
    fn merge_from(&mut self, path: &Path) {
        self.flush_editor();
        let who = self.reviewer();
        let Some(ws) = self.doc.ws.as_mut() else {
            self.error =
                Some("Open a workspace first, then merge a colleague's file into it.".into());
            return;
        };
        match merge::merge_file(ws, path, None, &who) {
            Ok(report) => {
                // Merged rows are not part of the undo history: the merge is one step of its own.
                self.undo.clear();
                self.redo.clear();
                self.last_undo = None;
                self.error = None;
                self.notice = Some(merge_notice(&report));
                if !report.conflicts.is_empty() {
                    self.dialogs.conflicts = true;
                }
                self.last_merge = Some(report);
                self.reload_all();
                if self.doc.current.is_none()
                    && let Some(first) = self.doc.articles.first().map(|a| a.id.clone())
                {
                    self.show_article(&first);
                }
            }
            Err(e) => self.error = Some(format!("Nothing was merged: {e}")),
        }
    }

    /// Settles one merge conflict and re-reads what it changed.
    fn resolve_conflict(&mut self, id: &str, choice: &merge::Resolution) {
        self.flush_editor();
        let who = self.reviewer();
        let Some(ws) = self.doc.ws.as_mut() else {
            return;
        };
        match ws.write(|tx| merge::resolve(tx, id, choice, &who)) {
            Ok(()) => {
                self.dialogs.conflict_edits.remove(id);
                self.reload_all();
                if let Some(selected) = self.doc.selected.clone() {
                    self.refresh_claim(&selected);
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Starts syncing with the server the Connect form names (linking the file first when
    /// it is not linked). A link made on another machine is trusted here only because the
    /// user confirmed its host in the form.
    fn team_connect(&mut self, form: &team::TeamForm) {
        let Some(ws) = &self.doc.ws else {
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

    /// Imports what the form holds: a new article, or a new revision of one.
    pub fn confirm_import(&mut self) {
        let Some(form) = self.dialogs.import.take() else {
            return;
        };
        self.flush_editor();
        let body = form.body_to_import();
        if let Some(target) = form.replaces.clone() {
            let report = self.write(|tx, who| {
                crate::flows::import::new_revision(
                    tx,
                    &target,
                    &body,
                    &form.source,
                    form.page.as_ref(),
                    who,
                )
            });
            if let Some(report) = report {
                self.show_new_revision(report, &target);
            }
            return;
        }
        let new = NewArticle {
            title: form.title.clone(),
            outlet: form.outlet.clone(),
            url: form.url.clone(),
            author: form.author.clone(),
            published: form.published.trim().to_owned(),
            body,
            source: form.source.clone(),
        };
        let who = self.reviewer();
        let result = match self.doc.ws.as_mut() {
            Some(ws) => {
                ws.write(|tx| crate::flows::import::add_article(tx, &new, form.page.as_ref(), &who))
            }
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
            .doc
            .ws
            .as_ref()
            .and_then(|ws| read::organisation(ws.conn()).ok())
            .unwrap_or_default();
        self.dialogs.export = Some(ExportForm {
            format: crate::report::Format::Html,
            current_article_only: self.doc.current.is_some(),
            all_statuses: false,
            speaker: String::new(),
            reviewer: String::new(),
            from: String::new(),
            to: String::new(),
            include_notes: false,
            org_name: org.name,
            org_url: org.url,
            unsupported: None,
        });
    }

    /// Before asking where to write the report: lists in the form the final verdicts it
    /// would publish with no summary and no evidence, or, when there are none, asks for the
    /// path.
    fn check_export(&mut self, ctx: &egui::Context) {
        self.flush_editor();
        let Some(form) = self.dialogs.export.clone() else {
            return;
        };
        let Some(scope) = self.export_scope(&form) else {
            return;
        };
        let found = self
            .doc
            .ws
            .as_ref()
            .map(|ws| crate::flows::export::unsupported_verdicts(ws.conn(), &scope));
        match found {
            Some(Ok(list)) if list.is_empty() => {
                if let Some(form) = &mut self.dialogs.export {
                    form.unsupported = None;
                }
                self.pick_file(FileDialog::Export, ctx);
            }
            Some(Ok(list)) => {
                if let Some(form) = &mut self.dialogs.export {
                    form.unsupported = Some(
                        list.iter()
                            .map(|(c, title)| Unsupported::new(c, title))
                            .collect(),
                    );
                }
            }
            Some(Err(e)) => self.error = Some(e.to_string()),
            None => {}
        }
    }

    /// The report scope the export form describes; a bad date is shown and gives `None`.
    fn export_scope(&mut self, form: &ExportForm) -> Option<crate::model::report::ReportScope> {
        let request = crate::flows::export::ScopeRequest {
            articles: match (&self.doc.current, form.current_article_only) {
                (Some(a), true) => vec![a.id.to_string()],
                _ => Vec::new(),
            },
            all_statuses: form.all_statuses,
            speakers: vec![form.speaker.clone()],
            reviewers: vec![form.reviewer.clone()],
            from: Some(form.from.clone()),
            to: Some(form.to.clone()),
            include_notes: form.include_notes,
            ..crate::flows::export::ScopeRequest::default()
        };
        match self
            .doc
            .ws
            .as_ref()
            .map(|ws| crate::flows::export::scope(ws.conn(), &request))
        {
            Some(Ok(scope)) => Some(scope),
            Some(Err(e)) => {
                self.error = Some(e.to_string());
                None
            }
            None => None,
        }
    }

    /// Writes the report the export form describes to `path`.
    fn export_to(&mut self, path: &Path) {
        let Some(form) = self.dialogs.export.clone() else {
            return;
        };
        let Some(scope) = self.export_scope(&form) else {
            return;
        };
        let saved_org = self
            .write(|tx, _| write::set_organisation(tx, Some(&form.org_name), Some(&form.org_url)));
        if saved_org.is_none() {
            return;
        }
        let result = self.doc.ws.as_ref().map(|ws| {
            crate::flows::export::write_report(ws.conn(), ws.path(), form.format, &scope, path)
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

    /// Starts fetching `url` on a worker thread; the window keeps drawing meanwhile.
    fn start_fetch(&mut self, url: &str, refresh_of: Option<ArticleId>, ctx: &egui::Context) {
        if self.fetching.is_some() {
            self.error = Some("A page is already being fetched; cancel it first.".into());
            return;
        }
        match FetchJob::start(url.to_owned(), refresh_of, ctx) {
            Ok(job) => {
                self.error = None;
                self.fetching = Some(job);
            }
            Err(e) => self.error = Some(format!("cannot start fetching {url}: {e}")),
        }
    }

    /// Where the file dialog for `kind` starts, and the file name it proposes.
    fn dialog_defaults(&self, kind: FileDialog) -> (Option<std::path::PathBuf>, String) {
        let start_dir = self
            .doc
            .ws
            .as_ref()
            .and_then(|ws| ws.path().parent().map(Path::to_owned));
        let name = match kind {
            FileDialog::New => "workspace.factdesk".to_owned(),
            FileDialog::SaveCopy => "copy.factdesk".to_owned(),
            FileDialog::Export => self.dialogs.export.as_ref().map_or_else(
                || "report.html".to_owned(),
                |f| format!("report.{}", f.format.extension()),
            ),
            FileDialog::Open | FileDialog::Import | FileDialog::Merge => String::new(),
        };
        (start_dir, name)
    }

    /// Shows an OS file dialog on its own thread; its answer comes back as an action.
    fn pick_file(&mut self, kind: FileDialog, ctx: &egui::Context) {
        #[cfg(feature = "test-support")]
        if let Some(path) = self.dialog_answer.clone() {
            self.apply(kind.action(path), ctx);
            return;
        }
        let tx = self.dialog_results.0.clone();
        let (start_dir, name) = self.dialog_defaults(kind);
        if let Err(e) = jobs::pick_file(kind, start_dir, name, tx, ctx) {
            self.ask_for_path(kind, format!("The file dialog could not be started: {e}."));
        }
    }

    /// Opens the path field in the window in place of the file dialog `kind`, saying why;
    /// it starts at the folder and name the dialog would have proposed.
    fn ask_for_path(&mut self, kind: FileDialog, why: String) {
        let (start_dir, name) = self.dialog_defaults(kind);
        let path = match start_dir {
            Some(dir) if name.is_empty() => {
                format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR)
            }
            Some(dir) => dir.join(name).display().to_string(),
            None => name,
        };
        self.dialogs.path_prompt = Some(PathPrompt::new(kind, path, why));
    }
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
