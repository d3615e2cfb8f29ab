//! The "Suggested" list (right panel, above the claims): the claim assistant's proposals for
//! the article, each with its kind, speaker and confidence. The selected one can have its
//! speaker edited, then be accepted (Enter) or dismissed (Delete).

use egui::{RichText, ScrollArea, Ui};

use crate::assist::{Suggestion, SuggestionKind};
use crate::model::{ArticleId, CharRange};
use crate::ui::format::excerpt;
use crate::ui::{Action, theme};

/// Which suggestion an action means: the article it was made for and the range of its
/// words. A list index would not do: the list can change (an accept, a reload, another
/// article) between the frame that drew a row and the one that applies its action, and an
/// index would then name another statement. A key that no longer matches names nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SuggestionKey {
    /// The article the suggestion is for.
    pub article: ArticleId,
    /// Its words' char range in that article's current text.
    pub range: CharRange,
}

/// What the list shows and edits.
#[derive(Debug, Clone, Default)]
pub struct SuggestState {
    /// The article the suggestions are for.
    pub article: Option<ArticleId>,
    /// The suggestions for the current article, with their words.
    pub items: Vec<(Suggestion, String)>,
    /// The selected one.
    pub selected: Option<SuggestionKey>,
    /// The speaker as the checker edited it before accepting.
    pub speaker: String,
    /// Whether the list is open.
    pub open: bool,
    /// Scroll the list to this row on the next frame.
    pub reveal: Option<usize>,
    /// Whether the dismissed suggestions are listed, to be restored.
    pub show_dismissed: bool,
    /// The words dismissed for the article, the latest first.
    pub dismissed: Vec<String>,
}

impl SuggestState {
    /// The key of the suggestion at `index` of the list.
    pub fn key(&self, index: usize) -> Option<SuggestionKey> {
        Some(SuggestionKey {
            article: self.article.clone()?,
            range: self.items.get(index)?.0.range,
        })
    }

    /// Where the suggestion `key` names is in the list; `None` when it is not there (any
    /// more), or the list is for another article.
    pub fn position(&self, key: &SuggestionKey) -> Option<usize> {
        if self.article.as_ref() != Some(&key.article) {
            return None;
        }
        self.items.iter().position(|(s, _)| s.range == key.range)
    }

    /// The selected suggestion's place in the list.
    pub fn selected_index(&self) -> Option<usize> {
        self.selected.as_ref().and_then(|k| self.position(k))
    }

    /// Selects the suggestion `key` names (or none, when it names nothing in the list),
    /// filling the speaker field with its speaker.
    pub fn select(&mut self, key: Option<&SuggestionKey>) {
        let index = key.and_then(|k| self.position(k));
        self.selected = index.and_then(|i| self.key(i));
        self.speaker = index
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
            } else {
                list_ui(ui, state, &mut actions);
            }
            dismissed_ui(ui, state, &mut actions);
        });
    if response.header_response.clicked() {
        state.open = !state.open;
    }
    actions
}

/// "Show dismissed (N)": the words dismissed for the article, each with Restore.
fn dismissed_ui(ui: &mut Ui, state: &mut SuggestState, actions: &mut Vec<Action>) {
    if state.dismissed.is_empty() && !state.show_dismissed {
        return;
    }
    ui.checkbox(
        &mut state.show_dismissed,
        format!("Show dismissed ({})", state.dismissed.len()),
    );
    let (true, Some(article)) = (state.show_dismissed, &state.article) else {
        return;
    };
    ScrollArea::vertical()
        .id_salt("dismissed-list")
        .max_height(120.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for words in &state.dismissed {
                ui.horizontal(|ui| {
                    if ui
                        .small_button("Restore")
                        .on_hover_text("Suggest it again (Ctrl+Z takes it back)")
                        .clicked()
                    {
                        actions.push(Action::RestoreSuggestion(article.clone(), words.clone()));
                    }
                    ui.add(
                        egui::Label::new(RichText::new(format!("«{}»", excerpt(words, 70))).weak())
                            .truncate(),
                    )
                    .on_hover_text(words);
                });
            }
        });
}

/// The rows of the suggestions, and the selected one's speaker and buttons.
fn list_ui(ui: &mut Ui, state: &mut SuggestState, actions: &mut Vec<Action>) {
    let selected_index = state.selected_index();
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
                (Some(p), _) if p.unnamed => format!(" · {} (unnamed)", p.name),
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
            let selected = selected_index == Some(i);
            let row = ui
                .add(egui::Button::selectable(selected, text).truncate())
                .on_hover_text(format!("{words}\n\nWhy: {}", s.reason()));
            if row.clicked() {
                // Keyboard focus stays with the list, not on the row: Enter and
                // Delete are the app's keys for the selected suggestion.
                row.surrender_focus();
                actions.extend(state.key(i).map(|k| Action::SelectSuggestion(Some(k))));
            }
        }
    });
    if let Some(i) = selected_index
        && let Some((s, _)) = state.items.get(i)
        && let Some(key) = state.key(i)
    {
        ui.horizontal(|ui| {
            ui.label("Speaker");
            let field = ui.add(
                egui::TextEdit::singleline(&mut state.speaker)
                    .hint_text("who said it")
                    .desired_width(180.0),
            );
            if crate::ui::claims_panel::escaped(ui, &field) {
                // Escape cancels the edit: the assistant's speaker comes back.
                state.speaker = s
                    .speaker
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
            } else if field.lost_focus() && ui.input(|inp| inp.key_pressed(egui::Key::Enter)) {
                actions.push(Action::AcceptSuggestion(key.clone(), state.speaker.clone()));
            }
        });
        if let Some(p) = s.speaker.as_ref().filter(|p| !p.role.is_empty()) {
            ui.label(RichText::new(format!("Role: {}", p.role)).weak());
        }
        ui.horizontal(|ui| {
            let accept = ui.button("Accept (Enter)");
            if accept.clicked() {
                accept.surrender_focus();
                actions.push(Action::AcceptSuggestion(key.clone(), state.speaker.clone()));
            }
            let dismiss = ui.button(RichText::new("Dismiss (Delete)").color(theme::WARNING));
            if dismiss.clicked() {
                dismiss.surrender_focus();
                actions.push(Action::DismissSuggestion(key.clone()));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(article: &str, text: &str) -> SuggestState {
        let items: Vec<(Suggestion, String)> = crate::assist::suggest(text, &[])
            .into_iter()
            .map(|s| (s, String::new()))
            .collect();
        SuggestState {
            article: Some(article.into()),
            items,
            ..SuggestState::default()
        }
    }

    const TEXT: &str = "Mayor Åsa Lind said the ferry “will run again in May.”\n\n\
        The minister, José Núñez, told reporters that 40 beds had been closed.";

    #[test]
    fn a_key_names_its_statement_even_after_the_list_changed() {
        let mut s = state("a1", TEXT);
        assert!(s.items.len() >= 2, "{:?}", s.items);
        let second = s.key(1).unwrap();
        s.select(Some(&second));
        assert_eq!(s.selected_index(), Some(1));
        // The first suggestion is accepted elsewhere and leaves the list: the key still
        // names the same statement, now first, where an index would name the next one.
        s.items.remove(0);
        assert_eq!(s.position(&second), Some(0));
        assert_eq!(s.selected_index(), Some(0));
    }

    #[test]
    fn a_stale_key_names_nothing() {
        let mut s = state("a1", TEXT);
        let first = s.key(0).unwrap();
        s.items.remove(0);
        assert_eq!(s.position(&first), None, "its statement left the list");
        s.select(Some(&first));
        assert_eq!(s.selected, None);
        let other_article = SuggestionKey {
            article: "a2".into(),
            range: s.items[0].0.range,
        };
        assert_eq!(
            s.position(&other_article),
            None,
            "a key for another article"
        );
    }
}
