//! The "Suggested" list (right panel, above the claims): the claim assistant's proposals for
//! the article, each with its kind, speaker and confidence. The selected one can have its
//! speaker edited, then be accepted (Enter) or dismissed (Delete).

use egui::{RichText, ScrollArea, Ui};

use crate::assist::{Suggestion, SuggestionKind};
use crate::ui::format::excerpt;
use crate::ui::{Action, theme};

/// What the list shows and edits.
#[derive(Debug, Clone, Default)]
pub struct SuggestState {
    /// The suggestions for the current article, with their words.
    pub items: Vec<(Suggestion, String)>,
    /// The selected one.
    pub selected: Option<usize>,
    /// The speaker as the checker edited it before accepting.
    pub speaker: String,
    /// Whether the list is open.
    pub open: bool,
    /// Scroll the list to this row on the next frame.
    pub reveal: Option<usize>,
}

impl SuggestState {
    /// Selects suggestion `index` (or none), filling the speaker field with its speaker.
    pub fn select(&mut self, index: Option<usize>) {
        self.selected = index.filter(|i| *i < self.items.len());
        self.speaker = self
            .selected
            .and_then(|i| self.items.get(i))
            .and_then(|(s, _)| s.speaker.as_ref())
            .map(|p| p.name.clone())
            .unwrap_or_default();
    }
}

/// Draws the list and the selected suggestion's controls.
pub fn suggestions_ui(ui: &mut Ui, state: &mut SuggestState) -> Vec<Action> {
    let mut actions = Vec::new();
    let header = format!("Suggested ({})", state.items.len());
    let response = egui::CollapsingHeader::new(RichText::new(header).strong())
        .id_salt("suggested")
        .open(Some(state.open))
        .show(ui, |ui| {
            if state.items.is_empty() {
                ui.label(RichText::new("No suggestions for this article.").weak());
                return;
            }
            // One row per suggestion, cut to the panel's width; only the rows in view are built: a long
            // article has thousands of suggestions.
            let row_height =
                ui.text_style_height(&egui::TextStyle::Body) + 2.0 * ui.spacing().button_padding.y;
            let mut list = ScrollArea::vertical()
                .id_salt("suggested-list")
                .max_height((ui.available_height() * 0.25).max(90.0))
                .auto_shrink([false, true]);
            if let Some(row) = state.reveal.take() {
                let spacing = ui.spacing().item_spacing.y;
                list = list.vertical_scroll_offset(row as f32 * (row_height + spacing));
            }
            list.show_rows(ui, row_height, state.items.len(), |ui, rows| {
                for i in rows {
                    let Some((s, words)) = state.items.get(i) else {
                        continue;
                    };
                    let speaker = match (&s.speaker, s.kind) {
                        (Some(p), _) => format!(" · {}", p.name),
                        (None, SuggestionKind::FactualStatement) => String::new(),
                        (None, _) => " · speaker unknown".into(),
                    };
                    let text = format!(
                        "{}{} · {:.0}% «{}»",
                        s.kind.label(),
                        speaker,
                        s.confidence * 100.0,
                        excerpt(words, 70)
                    );
                    let selected = state.selected == Some(i);
                    let row = ui
                        .add(egui::Button::selectable(selected, text).truncate())
                        .on_hover_text(words.as_str());
                    if row.clicked() {
                        // Keyboard focus stays with the list, not on the row: Enter and
                        // Delete are the app's keys for the selected suggestion.
                        row.surrender_focus();
                        actions.push(Action::SelectSuggestion(Some(i)));
                    }
                }
            });
            if let Some(i) = state.selected
                && let Some((s, _)) = state.items.get(i)
            {
                ui.horizontal(|ui| {
                    ui.label("Speaker");
                    let field = ui.add(
                        egui::TextEdit::singleline(&mut state.speaker)
                            .hint_text("who said it")
                            .desired_width(180.0),
                    );
                    if field.lost_focus() && ui.input(|inp| inp.key_pressed(egui::Key::Enter)) {
                        actions.push(Action::AcceptSuggestion(i, state.speaker.clone()));
                    }
                });
                if let Some(p) = s.speaker.as_ref().filter(|p| !p.role.is_empty()) {
                    ui.label(RichText::new(format!("Role: {}", p.role)).weak());
                }
                ui.horizontal(|ui| {
                    let accept = ui.button("Accept (Enter)");
                    if accept.clicked() {
                        accept.surrender_focus();
                        actions.push(Action::AcceptSuggestion(i, state.speaker.clone()));
                    }
                    let dismiss =
                        ui.button(RichText::new("Dismiss (Delete)").color(theme::WARNING));
                    if dismiss.clicked() {
                        dismiss.surrender_focus();
                        actions.push(Action::DismissSuggestion(i));
                    }
                });
            }
        });
    if response.header_response.clicked() {
        state.open = !state.open;
    }
    actions
}
