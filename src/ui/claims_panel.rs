//! The claims panel (right): the current article's claims with filter and sort, and the
//! editor of the selected claim (speaker, verdict, summary, notes, evidence, history).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use egui::{RichText, ScrollArea, Ui};

use crate::model::{
    AnchorState, Claim, ClaimId, HistoryEntry, HistoryField, Proposal, Speaker, Status,
};
use crate::store::write::ClaimPatch;
use crate::ui::format::{ago, excerpt};
use crate::ui::{Action, theme};

/// The right panel's sections as the user left them (remembered between runs): which are
/// open, and how tall the Suggested and claim lists are; the editor takes the rest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Sections {
    /// The Suggested section is open.
    pub suggested_open: bool,
    /// Height of the Suggested list, points.
    pub suggested_height: f32,
    /// The claim list (with its filter) is open.
    pub claims_open: bool,
    /// Height of the claim list, points.
    pub claims_height: f32,
}

impl Default for Sections {
    fn default() -> Self {
        Self {
            suggested_open: true,
            suggested_height: theme::SUGGESTED_LIST_HEIGHT,
            claims_open: true,
            claims_height: theme::CLAIM_LIST_HEIGHT,
        }
    }
}

/// A bar under a list that the mouse drags to make the list taller or shorter; `height` is
/// kept between the least a list needs and `max`. `name` is what it resizes, for screen
/// readers ("Resize the claim list").
pub fn splitter_ui(ui: &mut Ui, height: &mut f32, max: f32, name: &str) {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 8.0), egui::Sense::drag());
    let response = response.on_hover_cursor(egui::CursorIcon::ResizeVertical);
    if response.dragged() {
        *height = (*height + response.drag_delta().y)
            .clamp(theme::MIN_LIST_HEIGHT, max.max(theme::MIN_LIST_HEIGHT));
    }
    let stroke = if response.hovered() || response.dragged() {
        ui.visuals().widgets.active.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    let y = rect.center().y;
    ui.painter().hline(
        rect.x_range(),
        y,
        egui::Stroke::new(stroke.width, stroke.color),
    );
    let grip = egui::Rect::from_center_size(rect.center(), egui::vec2(28.0, 3.0));
    ui.painter().rect_filled(grip, 1.5, stroke.color);
    let name = name.to_owned();
    response.widget_info(move || egui::WidgetInfo::labeled(egui::Role::Splitter, true, &name));
}

/// How the claim list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// As they appear in the article.
    #[default]
    TextOrder,
    /// By verdict, in scale order.
    Status,
    /// By speaker name.
    Speaker,
    /// Most recently changed first.
    LastChanged,
}

impl SortOrder {
    const ALL: [Self; 4] = [
        Self::TextOrder,
        Self::Status,
        Self::Speaker,
        Self::LastChanged,
    ];

    const fn label(self) -> &'static str {
        match self {
            Self::TextOrder => "Text order",
            Self::Status => "Verdict",
            Self::Speaker => "Speaker",
            Self::LastChanged => "Last changed",
        }
    }
}

/// The claim list's filter.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only these statuses (all when empty).
    pub statuses: BTreeSet<Status>,
    /// Only this speaker (all when empty).
    pub speaker: String,
    /// Only claims whose quote, summary or notes contain this.
    pub text: String,
    /// Order.
    pub sort: SortOrder,
    /// Only claims whose quote changed or that are orphaned.
    pub attention_only: bool,
    /// Ask to focus the filter box next frame.
    pub focus_text: bool,
}

/// Indices into `claims` of the claims the filter shows, in its order.
pub fn visible_claims(claims: &[Claim], filter: &ListFilter) -> Vec<usize> {
    let text = filter.text.trim().to_lowercase();
    let mut out: Vec<usize> = claims
        .iter()
        .enumerate()
        .filter(|(_, c)| filter.statuses.is_empty() || filter.statuses.contains(&c.status))
        .filter(|(_, c)| {
            filter.speaker.is_empty()
                || c.speaker.as_ref().is_some_and(|s| s.name == filter.speaker)
        })
        .filter(|(_, c)| !filter.attention_only || needs_attention(c))
        .filter(|(_, c)| {
            text.is_empty()
                || c.anchor.quote.to_lowercase().contains(&text)
                || c.summary.to_lowercase().contains(&text)
                || c.notes.to_lowercase().contains(&text)
                || c.speaker
                    .as_ref()
                    .is_some_and(|s| s.name.to_lowercase().contains(&text))
        })
        .map(|(i, _)| i)
        .collect();
    let key_name = |i: &usize| {
        claims
            .get(*i)
            .and_then(|c| c.speaker.as_ref())
            .map(|s| s.name.to_lowercase())
            .unwrap_or_default()
    };
    match filter.sort {
        SortOrder::TextOrder => {}
        SortOrder::Status => out.sort_by_key(|i| claims.get(*i).map(|c| c.status)),
        SortOrder::Speaker => out.sort_by_key(key_name),
        SortOrder::LastChanged => out.sort_by(|a, b| {
            let at = |i: &usize| {
                claims
                    .get(*i)
                    .map(|c| c.updated_at.clone())
                    .unwrap_or_default()
            };
            at(b).cmp(&at(a))
        }),
    }
    out
}

/// True for claims whose words changed or that could not be placed.
pub fn needs_attention(claim: &Claim) -> bool {
    matches!(
        claim.anchor_state,
        AnchorState::QuoteChanged | AnchorState::Orphaned
    )
}

/// The editor's text buffers for the selected claim.
#[derive(Debug, Clone, Default)]
pub struct EditorState {
    /// The claim the buffers belong to.
    pub claim_id: Option<ClaimId>,
    /// Speaker field.
    pub speaker: String,
    /// Summary field.
    pub summary: String,
    /// Notes field.
    pub notes: String,
    /// New evidence: URL.
    pub evidence_url: String,
    /// New evidence: title.
    pub evidence_title: String,
    /// New evidence: note.
    pub evidence_note: String,
    /// When the user last typed in summary or notes (egui time, seconds).
    pub last_typed: f64,
    /// Commit the speaker field at this time (deferred so a click on a suggestion wins).
    pub speaker_commit_at: Option<f64>,
    /// Ask to focus the speaker field next frame.
    pub focus_speaker: bool,
    /// With the focus, select the speaker's name (it came from a suggestion: typing
    /// replaces it, Enter keeps it).
    pub select_speaker: bool,
    /// A claim was just selected: scroll the editor to its top and the claim's row into
    /// view on the next frame.
    pub newly_selected: bool,
    /// Scroll the claim list to this offset on the next frame (to show the selected row).
    pub list_offset: Option<f32>,
    /// The stored speaker when the buffers were last in step with the file.
    pub base_speaker: String,
    /// The stored summary when the buffers were last in step with the file.
    pub base_summary: String,
    /// The stored notes when the buffers were last in step with the file.
    pub base_notes: String,
}

impl EditorState {
    /// Loads the buffers from a claim.
    pub fn load(&mut self, claim: &Claim) {
        *self = Self {
            claim_id: Some(claim.id.clone()),
            speaker: speaker_name(claim),
            summary: claim.summary.clone(),
            notes: claim.notes.clone(),
            base_speaker: speaker_name(claim),
            base_summary: claim.summary.clone(),
            base_notes: claim.notes.clone(),
            focus_speaker: self.focus_speaker,
            select_speaker: self.select_speaker,
            newly_selected: true,
            ..Self::default()
        };
    }

    /// The claim changed in the file (our save, or another window's): fields the user has
    /// not touched follow it; fields being typed in keep the typing. Evidence fields and
    /// pending commits are left alone.
    pub fn rebase(&mut self, claim: &Claim) {
        let follow = |buffer: &mut String, base: &mut String, stored: String| {
            if buffer == base {
                buffer.clone_from(&stored);
            }
            *base = stored;
        };
        follow(
            &mut self.speaker,
            &mut self.base_speaker,
            speaker_name(claim),
        );
        follow(
            &mut self.summary,
            &mut self.base_summary,
            claim.summary.clone(),
        );
        follow(&mut self.notes, &mut self.base_notes, claim.notes.clone());
    }

    /// The summary/notes typed but not yet saved, as a patch.
    pub fn pending_text(&self) -> Option<ClaimPatch> {
        let summary = (self.summary != self.base_summary).then(|| self.summary.clone());
        let notes = (self.notes != self.base_notes).then(|| self.notes.clone());
        (summary.is_some() || notes.is_some()).then(|| ClaimPatch {
            summary,
            notes,
            ..ClaimPatch::default()
        })
    }

    /// The speaker typed but not yet saved, as a patch.
    pub fn pending_speaker(&self) -> Option<ClaimPatch> {
        let typed = self.speaker.trim();
        (typed != self.base_speaker.trim()).then(|| ClaimPatch {
            speaker: Some(Some(typed.to_owned()).filter(|s| !s.is_empty())),
            ..ClaimPatch::default()
        })
    }
}

fn speaker_name(claim: &Claim) -> String {
    claim
        .speaker
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// Everything the panel shows, borrowed from the app.
pub struct PanelData<'a> {
    /// The current article's claims, text order.
    pub claims: &'a [Claim],
    /// Every speaker of the workspace.
    pub speakers: &'a [Speaker],
    /// Index of the selected claim.
    pub selected: Option<usize>,
    /// History of the selected claim.
    pub history: &'a [HistoryEntry],
    /// Whether there is a text selection in the article.
    pub has_text_selection: bool,
    /// Current revision number of the article.
    pub revision: i64,
    /// Claims with an open merge conflict.
    pub conflicted: &'a std::collections::HashSet<ClaimId>,
    /// Open merge conflicts in the whole workspace.
    pub open_conflicts: usize,
    /// Claims in other articles quoting the selected claim's statement, with their titles.
    pub linked: &'a [(Claim, String)],
    /// Wall-clock time, for "5 min ago".
    pub now: DateTime<Utc>,
    /// egui time, seconds.
    pub time: f64,
}

/// Draws the panel: the claim list (collapsible, its height dragged with the bar under it,
/// both in `sections`) and the selected claim's editor below it.
pub fn claims_panel_ui(
    ui: &mut Ui,
    filter: &mut ListFilter,
    editor: &mut EditorState,
    sections: &mut Sections,
    data: &PanelData<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let header = egui::CollapsingHeader::new(
        RichText::new(format!("Claims ({})", data.claims.len())).strong(),
    )
    .id_salt("claims-section")
    .open(Some(sections.claims_open))
    .show(ui, |ui| {
        claim_list_ui(ui, filter, editor, sections, data, &mut actions);
    });
    if header.header_response.clicked() {
        sections.claims_open = !sections.claims_open;
    }
    ui.separator();
    match data.selected.and_then(|i| data.claims.get(i)) {
        Some(claim) => {
            let mut area = ScrollArea::vertical()
                .id_salt("claim-editor")
                .auto_shrink(false);
            // Every selection shows the editor from its top (the quote, speaker and
            // verdict), not where the previous claim was scrolled to.
            if editor.newly_selected {
                area = area.vertical_scroll_offset(0.0);
                editor.newly_selected = false;
            }
            area.show(ui, |ui| {
                editor_ui(ui, editor, claim, data, &mut actions);
            });
        }
        None => {
            ui.label(RichText::new("Select a claim to edit it.").weak());
        }
    }
    actions
}

/// The conflicts button, the filter and the claim rows, with the bar that resizes them.
fn claim_list_ui(
    ui: &mut Ui,
    filter: &mut ListFilter,
    editor: &mut EditorState,
    sections: &mut Sections,
    data: &PanelData<'_>,
    actions: &mut Vec<Action>,
) {
    if data.open_conflicts > 0
        && ui
            .button(
                RichText::new(if data.open_conflicts == 1 {
                    "⚠ 1 conflict to review".to_owned()
                } else {
                    format!("⚠ {} conflicts to review", data.open_conflicts)
                })
                .color(theme::WARNING),
            )
            .clicked()
    {
        actions.push(Action::ShowConflicts);
    }
    filter_ui(ui, filter, data);
    let visible = visible_claims(data.claims, filter);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
    let mut list = ScrollArea::vertical()
        .id_salt("claim-list")
        .max_height(sections.claims_height)
        .auto_shrink([false, true]);
    if let Some(offset) = editor.list_offset.take() {
        list = list.vertical_scroll_offset(offset);
    }
    let reveal = editor.newly_selected;
    let output = list.show_rows(ui, row_height, visible.len(), |ui, rows| {
        for &index in visible.get(rows).unwrap_or_default() {
            let Some(claim) = data.claims.get(index) else {
                continue;
            };
            let conflicted = data.conflicted.contains(&claim.id);
            if claim_row_ui(
                ui,
                claim,
                data.selected == Some(index),
                conflicted,
                row_height,
            )
            .clicked()
            {
                actions.push(Action::RevealClaim(claim.id.clone()));
            }
        }
    });
    // A newly selected claim's row is scrolled into view when it is outside the list's
    // window (next frame; a row in view stays where it is).
    if reveal
        && let Some(at) = data
            .selected
            .and_then(|s| visible.iter().position(|v| *v == s))
    {
        let step = row_height + ui.spacing().item_spacing.y;
        let top = at as f32 * step;
        let offset = output.state.clamped_offset().y;
        let shown = offset..=offset + output.inner_rect.height();
        if !shown.contains(&top) || !shown.contains(&(top + row_height)) {
            editor.list_offset = Some((top - output.inner_rect.height() / 3.0).max(0.0));
            ui.ctx().request_repaint();
        }
    }
    if visible.is_empty() {
        ui.label(if data.claims.is_empty() {
            "No claims yet. Select a statement in the text and press Ctrl+Enter."
        } else {
            "No claim matches the filter."
        });
    }
    let max = (ui.available_height() + sections.claims_height - 80.0).max(theme::MIN_LIST_HEIGHT);
    splitter_ui(
        ui,
        &mut sections.claims_height,
        max,
        "Resize the claim list",
    );
}

/// "Also in: …": the same statement quoted in other articles, and one verdict for all.
fn linked_ui(ui: &mut Ui, claim: &Claim, data: &PanelData<'_>, actions: &mut Vec<Action>) {
    if data.linked.is_empty() {
        return;
    }
    ui.label(RichText::new(format!("Also in {} other articles:", data.linked.len())).strong());
    for (other, title) in data.linked {
        ui.horizontal(|ui| {
            ui.label(RichText::new(other.status.label()).color(theme::status_color(other.status)));
            if ui.link(excerpt(title, 48)).clicked() {
                actions.push(Action::SelectArticle(other.article_id.clone()));
                actions.push(Action::RevealClaim(other.id.clone()));
            }
        });
    }
    let differ = data.linked.iter().any(|(c, _)| c.status != claim.status);
    if differ
        && ui
            .button(format!(
                "Give all {} the verdict “{}”",
                data.linked.len() + 1,
                claim.status.label()
            ))
            .clicked()
    {
        actions.push(Action::SetStatusLinked(claim.id.clone(), claim.status));
    }
}

fn filter_ui(ui: &mut Ui, filter: &mut ListFilter, data: &PanelData<'_>) {
    let text = ui.add(
        egui::TextEdit::singleline(&mut filter.text)
            .hint_text("Filter claims (Ctrl+F)")
            .desired_width(f32::INFINITY),
    );
    if filter.focus_text {
        text.request_focus();
        filter.focus_text = false;
    }
    ui.horizontal_wrapped(|ui| {
        let status_label = if filter.statuses.is_empty() {
            "All".to_owned()
        } else {
            format!("{} chosen", filter.statuses.len())
        };
        egui::ComboBox::new("filter-status", "verdicts")
            .selected_text(status_label)
            .show_ui(ui, |ui| {
                for status in Status::ALL {
                    let mut on = filter.statuses.contains(&status);
                    if ui.checkbox(&mut on, status.label()).changed() {
                        if on {
                            filter.statuses.insert(status);
                        } else {
                            filter.statuses.remove(&status);
                        }
                    }
                }
            });
        let mut names: Vec<&str> = data
            .claims
            .iter()
            .filter_map(|c| c.speaker.as_ref().map(|s| s.name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        let speaker_label = if filter.speaker.is_empty() {
            "All".to_owned()
        } else {
            filter.speaker.clone()
        };
        egui::ComboBox::new("filter-speaker", "speakers")
            .selected_text(speaker_label)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.speaker, String::new(), "All speakers");
                for name in names {
                    ui.selectable_value(&mut filter.speaker, name.to_owned(), name);
                }
            });
        egui::ComboBox::new("sort", "order")
            .selected_text(filter.sort.label())
            .show_ui(ui, |ui| {
                for order in SortOrder::ALL {
                    ui.selectable_value(&mut filter.sort, order, order.label());
                }
            });
        let attention = data.claims.iter().filter(|c| needs_attention(c)).count();
        if attention > 0 || filter.attention_only {
            ui.checkbox(
                &mut filter.attention_only,
                format!("Needs re-check ({attention})"),
            );
        }
    });
}

/// A verdict badge: the label on the verdict's colour.
pub fn status_badge(ui: &mut Ui, status: Status) -> egui::Response {
    ui.label(
        RichText::new(format!(" {} ", status.label()))
            .small()
            .strong()
            .background_color(theme::status_color(status))
            .color(theme::badge_text(status)),
    )
}

fn claim_row_ui(
    ui: &mut Ui,
    claim: &Claim,
    selected: bool,
    conflicted: bool,
    height: f32,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::click(),
    );
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected || response.hovered() {
        ui.painter().rect_filled(rect, 4.0, visuals.weak_bg_fill);
    }
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(4.0)));
    // Text in the row must not take the click (selectable labels would): a click anywhere
    // on the row selects the claim.
    child.style_mut().interaction.selectable_labels = false;
    child.horizontal(|ui| {
        status_badge(ui, claim.status);
        let speaker = claim
            .speaker
            .as_ref()
            .map_or("no speaker", |s| s.name.as_str());
        ui.label(RichText::new(speaker).strong());
        match claim.anchor_state {
            AnchorState::Orphaned => {
                ui.label(RichText::new("orphaned").color(theme::WARNING));
            }
            AnchorState::QuoteChanged => {
                ui.label(RichText::new("re-check").color(theme::WARNING));
            }
            AnchorState::Placed | AnchorState::Moved => {}
        }
        if conflicted {
            ui.label(RichText::new("conflict").color(theme::WARNING));
        }
        if let Some(p) = &claim.proposal {
            ui.label(
                RichText::new(format!("awaiting sign-off: {}", p.status.label()))
                    .color(theme::WARNING),
            );
        }
    });
    child.add(egui::Label::new(format!("“{}”", excerpt(&claim.anchor.quote, 90))).truncate());
    let mut label = format!(
        "{}: {} — {}",
        claim.status.label(),
        claim
            .speaker
            .as_ref()
            .map_or("no speaker", |s| s.name.as_str()),
        excerpt(&claim.anchor.quote, 60)
    );
    if conflicted {
        label.push_str(" (merge conflict)");
    }
    if let Some(p) = &claim.proposal {
        label.push_str(&format!(" (awaiting sign-off: {})", p.status.label()));
    }
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::Role::ListItem, true, selected, &label));
    response
}

fn editor_ui(
    ui: &mut Ui,
    editor: &mut EditorState,
    claim: &Claim,
    data: &PanelData<'_>,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new(format!("“{}”", claim.anchor.quote)).italics());
    if data.conflicted.contains(&claim.id) {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                theme::WARNING,
                "A colleague changed this claim too: a merge conflict waits for your choice.",
            );
            if ui.small_button("Review").clicked() {
                actions.push(Action::ShowConflicts);
            }
        });
    }
    match claim.anchor_state {
        AnchorState::QuoteChanged => {
            ui.colored_label(
                theme::WARNING,
                format!(
                    "The quoted words changed in revision {}. Before: “{}”. Re-check the verdict.",
                    data.revision, claim.previous_quote
                ),
            );
            if ui.button("Mark as re-checked").clicked() {
                actions.push(Action::Reattach(claim.id.clone(), claim.anchor.range));
            }
        }
        AnchorState::Orphaned => {
            ui.colored_label(
                theme::WARNING,
                "These words are not in the current text. Select where the claim now stands and re-attach it.",
            );
            if ui
                .add_enabled(
                    data.has_text_selection,
                    egui::Button::new("Re-attach to selected text"),
                )
                .clicked()
            {
                actions.push(Action::Reattach(claim.id.clone(), claim.anchor.range));
            }
        }
        AnchorState::Placed | AnchorState::Moved => {}
    }
    ui.add_space(theme::SECTION_GAP);

    // Speaker, with suggestions from the workspace's speakers and aliases.
    ui.label("Speaker");
    let speaker = ui.add(
        egui::TextEdit::singleline(&mut editor.speaker)
            .hint_text("Who said it?")
            .desired_width(f32::INFINITY),
    );
    let speaker = speaker.on_hover_text("Type a name; pick a known speaker below");
    if editor.focus_speaker {
        speaker.request_focus();
        editor.focus_speaker = false;
    }
    if editor.select_speaker && speaker.has_focus() {
        editor.select_speaker = false;
        // A name already there (from the suggestion the words were in) is selected, so
        // typing replaces it and Enter keeps it.
        let mut state = egui::TextEdit::load_state(ui.ctx(), speaker.id).unwrap_or_default();
        let end = egui::text::CCursor::new(editor.speaker.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                end,
            )));
        state.store(ui.ctx(), speaker.id);
    }
    let entered = speaker.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if escaped(ui, &speaker) {
        // Escape cancels: the saved name comes back and nothing is written.
        editor.speaker.clone_from(&editor.base_speaker);
        editor.speaker_commit_at = None;
    } else if entered {
        editor.speaker_commit_at = Some(data.time);
    } else if speaker.lost_focus() {
        editor.speaker_commit_at = Some(data.time + 0.3);
    }
    let suggestions_open = speaker.has_focus() || editor.speaker_commit_at.is_some();
    if suggestions_open {
        let known = data
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.role.as_str(), s.aliases.as_slice()));
        if let Some(name) = speaker_choices_ui(ui, known, &editor.speaker) {
            editor.speaker = name;
            editor.speaker_commit_at = Some(data.time);
        }
    }
    if let Some(at) = editor.speaker_commit_at
        && data.time >= at
    {
        editor.speaker_commit_at = None;
        if let Some(patch) = editor.pending_speaker() {
            actions.push(Action::Patch(claim.id.clone(), patch));
        }
    } else if editor.speaker_commit_at.is_some() {
        ui.ctx().request_repaint();
    }
    if let Some(speaker) = &claim.speaker
        && ui
            .small_button(format!("All claims by {}…", speaker.name))
            .clicked()
    {
        actions.push(Action::ShowSpeaker(Some(speaker.name.clone())));
    }
    linked_ui(ui, claim, data, actions);

    ui.add_space(theme::SECTION_GAP);
    ui.horizontal(|ui| {
        let mut status = claim.status;
        egui::ComboBox::new("claim-status", "Verdict")
            .selected_text(status.label())
            .show_ui(ui, |ui| {
                for s in Status::ALL {
                    ui.selectable_value(&mut status, s, format!("{}  {}", s.digit(), s.label()));
                }
            });
        if status != claim.status {
            actions.push(Action::Patch(
                claim.id.clone(),
                ClaimPatch {
                    status: Some(status),
                    ..ClaimPatch::default()
                },
            ));
        }
        status_badge(ui, claim.status);
    });
    if let Some(proposal) = &claim.proposal {
        proposal_ui(ui, claim, proposal, actions);
    }

    ui.add_space(theme::SECTION_GAP);
    let summary_label = ui.label("Summary");
    let summary = ui
        .add(
            egui::TextEdit::multiline(&mut editor.summary)
                .hint_text("What the evidence shows")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(summary_label.id);
    let notes_label = ui.label("Notes");
    let notes = ui
        .add(
            egui::TextEdit::multiline(&mut editor.notes)
                .hint_text("Working notes")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(notes_label.id);
    if summary.changed() || notes.changed() {
        editor.last_typed = data.time;
    }
    if escaped(ui, &summary) {
        editor.summary.clone_from(&editor.base_summary);
    }
    if escaped(ui, &notes) {
        editor.notes.clone_from(&editor.base_notes);
    }
    if (summary.lost_focus() || notes.lost_focus())
        && let Some(patch) = editor.pending_text()
    {
        actions.push(Action::Patch(claim.id.clone(), patch));
    }

    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Evidence").strong());
    for ev in &claim.evidence {
        ui.horizontal_wrapped(|ui| {
            let title = if ev.title.is_empty() {
                &ev.url
            } else {
                &ev.title
            };
            // Only web addresses open: a `file://host/share` link would hand the user's
            // login hash to that host on Windows, and other schemes start other programs.
            if let Some(url) = crate::text::web_url(&ev.url) {
                ui.hyperlink_to(title, url).on_hover_text(url);
            } else {
                ui.label(format!("{title} (not a web address: not opened)"))
                    .on_hover_text(&ev.url);
            }
            if !ev.note.is_empty() {
                ui.label(RichText::new(&ev.note).weak());
            }
            if ui
                .small_button("Remove")
                .on_hover_text("Remove this link")
                .clicked()
            {
                actions.push(Action::RemoveEvidence {
                    claim_id: claim.id.clone(),
                    evidence_id: ev.id.clone(),
                });
            }
        });
    }
    let fields = [
        ui.add(
            egui::TextEdit::singleline(&mut editor.evidence_url)
                .hint_text("https://… (evidence link)"),
        ),
        ui.add(egui::TextEdit::singleline(&mut editor.evidence_title).hint_text("Title")),
        ui.add(egui::TextEdit::singleline(&mut editor.evidence_note).hint_text("What it shows")),
    ];
    // Enter in any of the three fields adds the link, as the button does.
    let entered = fields.iter().any(egui::Response::lost_focus)
        && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let has_url = !editor.evidence_url.trim().is_empty();
    if ui
        .add_enabled(has_url, egui::Button::new("Add evidence"))
        .clicked()
        || (entered && has_url)
    {
        actions.push(Action::AddEvidence {
            claim_id: claim.id.clone(),
            url: std::mem::take(&mut editor.evidence_url),
            title: std::mem::take(&mut editor.evidence_title),
            note: std::mem::take(&mut editor.evidence_note),
        });
    }

    ui.add_space(theme::SECTION_GAP);
    ui.label(
        RichText::new(format!(
            "Created by {}, {} · last changed by {}, {}",
            claim.created_by,
            ago(&claim.created_at, data.now),
            claim.updated_by,
            ago(&claim.updated_at, data.now)
        ))
        .small()
        .weak(),
    );
    egui::CollapsingHeader::new(format!("History ({})", data.history.len()))
        .id_salt("claim-history")
        .show(ui, |ui| {
            for entry in data.history.iter().rev() {
                ui.label(RichText::new(history_line(entry, data.now)).small());
            }
        });
    ui.add_space(theme::SECTION_GAP);
    if ui
        .button(RichText::new("Delete claim").color(theme::ERROR))
        .on_hover_text("Delete this claim (Ctrl+Z brings it back)")
        .clicked()
    {
        actions.push(Action::DeleteClaim(claim.id.clone()));
    }
}

/// The known speakers whose name or alias contains what is `typed` (up to six), as buttons
/// under a speaker field; returns the name clicked. Each candidate is (name, role, aliases).
/// Shared by the claim editor and the suggestion's speaker field.
pub fn speaker_choices_ui<'a>(
    ui: &mut Ui,
    candidates: impl Iterator<Item = (&'a str, &'a str, &'a [String])>,
    typed: &str,
) -> Option<String> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let matches: Vec<(&str, &str)> = candidates
        .filter(|(name, _, aliases)| {
            let name = name.to_lowercase();
            name != typed
                && (name.contains(&typed)
                    || aliases.iter().any(|a| a.to_lowercase().contains(&typed)))
        })
        .map(|(name, role, _)| (name, role))
        .take(6)
        .collect();
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        for (name, role) in matches {
            let text = if role.is_empty() {
                name.to_owned()
            } else {
                format!("{name} ({role})")
            };
            if ui.small_button(text).clicked() {
                chosen = Some(name.to_owned());
            }
        }
    });
    chosen
}

/// Whether `field` lost the keyboard to Escape this frame: the typing is cancelled.
pub fn escaped(ui: &Ui, field: &egui::Response) -> bool {
    field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape))
}

/// A verdict waiting for sign-off: what it is, who proposed it, and the editor's two answers
/// (the server refuses a sign-off from anyone else, and the sync says so).
fn proposal_ui(ui: &mut Ui, claim: &Claim, proposal: &Proposal, actions: &mut Vec<Action>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Awaiting sign-off:").color(theme::WARNING));
            status_badge(ui, proposal.status);
            ui.label(format!("proposed by {}", proposal.by));
        });
        ui.horizontal(|ui| {
            if ui
                .button(format!("Sign off as {}", proposal.status.label()))
                .on_hover_text("Make the proposed verdict the claim's verdict (editors)")
                .clicked()
            {
                actions.push(Action::Patch(
                    claim.id.clone(),
                    ClaimPatch {
                        status: Some(proposal.status),
                        ..ClaimPatch::default()
                    },
                ));
            }
            if ui
                .button("Decline")
                .on_hover_text("Keep the current verdict; the proposal is dropped")
                .clicked()
            {
                actions.push(Action::DeclineProposal(claim.id.clone()));
            }
        });
    });
}

fn status_label(code: &str) -> String {
    Status::from_code(code).map_or_else(|| code.to_owned(), |s| s.label().to_owned())
}

fn history_line(entry: &HistoryEntry, now: DateTime<Utc>) -> String {
    let when = ago(&entry.at, now);
    let what = match &entry.field {
        HistoryField::Created => "created the claim".to_owned(),
        HistoryField::Deleted => "deleted the claim".to_owned(),
        HistoryField::Restored => "restored the claim".to_owned(),
        HistoryField::Evidence if entry.old_value.is_empty() => {
            format!("added evidence {}", entry.new_value)
        }
        HistoryField::Evidence => format!("removed evidence {}", entry.old_value),
        HistoryField::Status => format!(
            "verdict {} → {}",
            status_label(&entry.old_value),
            status_label(&entry.new_value)
        ),
        HistoryField::Proposal if entry.new_value.is_empty() => format!(
            "declined the proposed verdict {}",
            status_label(&entry.old_value)
        ),
        HistoryField::Suggested => format!(
            "made it from the assistant's suggestion: {}",
            entry.new_value
        ),
        HistoryField::Proposal => format!(
            "proposed the verdict {} for sign-off",
            status_label(&entry.new_value)
        ),
        HistoryField::Anchor => {
            crate::ui::format::anchor_change_words(&entry.old_value, &entry.new_value)
        }
        field => format!(
            "{field}: “{}” → “{}”",
            excerpt(&entry.old_value, 40),
            excerpt(&entry.new_value, 40)
        ),
    };
    format!("{when} — {}: {what}", entry.by)
}
