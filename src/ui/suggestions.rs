//! The "Suggested" list (right panel, above the claims): the claim assistant's proposals for
//! the article, each with its kind, speaker and confidence, filtered and sorted (quotes
//! first by default). The selected one can have its speaker edited (with the workspace's
//! names to pick from, and the rename offered to every suggestion credited to the same
//! name), then be accepted (Enter) or dismissed (Delete). A speaker that is likely wrong (a
//! description, a generic word, the outlet) is flagged in its row.

use egui::{RichText, ScrollArea, Ui};

use crate::assist::{SuggestedSpeaker, Suggestion, SuggestionKind};
use crate::model::{ArticleId, CharRange, Speaker};
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
    /// Scroll the list to this row on the next frame.
    pub reveal: Option<usize>,
    /// Whether the dismissed suggestions are listed, to be restored.
    pub show_dismissed: bool,
    /// The words dismissed for the article, the latest first.
    pub dismissed: Vec<String>,
    /// The order of the list.
    pub sort: SuggestSort,
    /// Kinds left out of the list (and the text's outlines).
    pub hidden_kinds: Vec<SuggestionKind>,
    /// Suggestions below this confidence (in percent) are left out.
    pub min_confidence_pct: u8,
    /// Speakers renamed for every suggestion of the article (`from` → `to`), kept while the
    /// article is shown so a re-read of the suggestions keeps the checker's names.
    pub renamed: Vec<(String, String)>,
    /// The article's outlet: a speaker of that name is likely the reporter's byline.
    pub outlet: String,
}

/// The order of the Suggested list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SuggestSort {
    /// Quotes, then reported speech, then factual statements; the surest first in each.
    #[default]
    KindThenConfidence,
    /// The surest first, whatever the kind.
    Confidence,
    /// As they appear in the text.
    TextOrder,
}

impl SuggestSort {
    const ALL: [Self; 3] = [Self::KindThenConfidence, Self::Confidence, Self::TextOrder];

    /// The order's name in the list's menu.
    pub const fn label(self) -> &'static str {
        match self {
            Self::KindThenConfidence => "Quotes first",
            Self::Confidence => "Confidence",
            Self::TextOrder => "Text order",
        }
    }
}

/// Where a kind goes in the "quotes first" order.
const fn kind_rank(kind: SuggestionKind) -> u8 {
    match kind {
        SuggestionKind::DirectQuote => 0,
        SuggestionKind::ReportedSpeech => 1,
        SuggestionKind::FactualStatement => 2,
    }
}

/// Every kind, in the "quotes first" order.
const KINDS: [SuggestionKind; 3] = [
    SuggestionKind::DirectQuote,
    SuggestionKind::ReportedSpeech,
    SuggestionKind::FactualStatement,
];

/// Words that describe someone rather than name them: a suggestion credited to one of them
/// is very likely to need the person's real name (or is the assistant mistaking a noun for
/// a speaker).
const GENERIC_SPEAKERS: &[&str] = &[
    "student",
    "students",
    "mother",
    "father",
    "parent",
    "parents",
    "son",
    "daughter",
    "wife",
    "husband",
    "man",
    "woman",
    "men",
    "women",
    "boy",
    "girl",
    "child",
    "resident",
    "residents",
    "neighbour",
    "neighbor",
    "witness",
    "witnesses",
    "source",
    "sources",
    "official",
    "officials",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "police",
    "search",
    "report",
    "reports",
    "study",
    "survey",
    "statement",
    "people",
    "someone",
    "critics",
    "experts",
    "expert",
    "analysts",
    "observers",
    "friend",
    "teacher",
    "doctor",
    "nurse",
    "worker",
    "workers",
    "driver",
    "passenger",
    "victim",
    "customer",
    "user",
];

/// Why `speaker` is likely not who said it, in a few words; `None` when it looks like a
/// name. `outlet` is the article's outlet (a quote credited to it is usually the byline).
pub fn doubtful_speaker(speaker: &SuggestedSpeaker, outlet: &str) -> Option<&'static str> {
    let name = speaker.name.trim().to_lowercase();
    let bare = ["a ", "an ", "the ", "one "]
        .iter()
        .find_map(|article| name.strip_prefix(article))
        .unwrap_or(&name);
    let outlet = outlet.trim().to_lowercase();
    if !outlet.is_empty() && (name == outlet || bare == outlet.trim_start_matches("the ")) {
        Some("the outlet's name, not a speaker")
    } else if GENERIC_SPEAKERS.contains(&bare) {
        Some("a generic word, not a name")
    } else if speaker.unnamed {
        Some("unnamed: the article gives no name")
    } else {
        None
    }
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

    /// Whether the filter lets suggestion `s` into the list.
    pub fn shows(&self, s: &Suggestion) -> bool {
        !self.hidden_kinds.contains(&s.kind)
            && s.confidence * 100.0 + 0.5 >= f32::from(self.min_confidence_pct)
    }

    /// Indices into [`Self::items`] of the suggestions the filter lets in, in list order.
    pub fn visible(&self) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| self.shows(s))
            .map(|(i, _)| i)
            .collect()
    }

    /// The first suggestion the filter lets in at or after `index` (then before it): where
    /// the selection goes when the one at `index` leaves the list.
    pub fn next_visible(&self, index: usize) -> Option<usize> {
        let visible = self.visible();
        visible
            .iter()
            .find(|i| **i >= index)
            .or_else(|| visible.last())
            .copied()
    }

    /// Puts the items in the chosen order; the selection stays on its statement.
    pub fn arrange(&mut self) {
        let by_text = |a: &Suggestion, b: &Suggestion| a.range.start.cmp(&b.range.start);
        let surest = |a: &Suggestion, b: &Suggestion| b.confidence.total_cmp(&a.confidence);
        match self.sort {
            SuggestSort::TextOrder => self.items.sort_by(|(a, _), (b, _)| by_text(a, b)),
            SuggestSort::Confidence => self
                .items
                .sort_by(|(a, _), (b, _)| surest(a, b).then_with(|| by_text(a, b))),
            SuggestSort::KindThenConfidence => self.items.sort_by(|(a, _), (b, _)| {
                kind_rank(a.kind)
                    .cmp(&kind_rank(b.kind))
                    .then_with(|| surest(a, b))
                    .then_with(|| by_text(a, b))
            }),
        }
    }

    /// How many suggestions other than the selected one are credited to `name`.
    pub fn others_credited_to(&self, name: &str) -> usize {
        let selected = self.selected_index();
        self.items
            .iter()
            .enumerate()
            .filter(|(i, (s, _))| {
                Some(*i) != selected && s.speaker.as_ref().is_some_and(|p| p.name == name)
            })
            .count()
    }

    /// Credits every suggestion of `from` to `to` (remembered for the article, so a re-read
    /// keeps it); returns how many changed.
    pub fn rename_speaker(&mut self, from: &str, to: &str) -> usize {
        let to = to.trim();
        if to.is_empty() || from == to {
            return 0;
        }
        self.renamed.retain(|(f, _)| f != from);
        for (_, later) in &mut self.renamed {
            if later == from {
                to.clone_into(later);
            }
        }
        self.renamed.push((from.to_owned(), to.to_owned()));
        let changed = self.apply_renames();
        if let Some(i) = self.selected_index()
            && let Some(p) = self.items.get(i).and_then(|(s, _)| s.speaker.as_ref())
        {
            self.speaker.clone_from(&p.name);
        }
        changed
    }

    /// Applies the remembered renames to the items; returns how many changed.
    pub fn apply_renames(&mut self) -> usize {
        let mut changed = 0;
        for (s, _) in &mut self.items {
            let Some(p) = s.speaker.as_mut() else {
                continue;
            };
            if let Some((_, to)) = self.renamed.iter().find(|(from, _)| *from == p.name) {
                p.name.clone_from(to);
                p.unnamed = false;
                p.aliases.clear();
                changed += 1;
            }
        }
        changed
    }

    /// The selected suggestion's range and whose words it is ("quote · Maria Lind"), for the
    /// text view.
    pub fn outlines(&self) -> (Vec<(CharRange, String)>, Option<CharRange>) {
        let mut ranges: Vec<(CharRange, String)> = self
            .items
            .iter()
            .filter(|(s, _)| self.shows(s))
            .map(|(s, _)| (s.range, whose_words(s)))
            .collect();
        ranges.sort_by_key(|(r, _)| (r.start, r.end));
        let selected = self
            .selected_index()
            .and_then(|i| self.items.get(i))
            .map(|(s, _)| s.range);
        (ranges, selected)
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

/// Whose words a suggestion is, in a line ("quote by Maria Lind · 82 %").
pub fn whose_words(s: &Suggestion) -> String {
    let who = match &s.speaker {
        Some(p) if p.unnamed => format!("by {} (unnamed)", p.name),
        Some(p) => format!("by {}", p.name),
        None if s.kind == SuggestionKind::FactualStatement => "attributed to no one".into(),
        None => "speaker unknown".into(),
    };
    format!(
        "Suggested {} {who} · {:.0} %",
        s.kind.label(),
        s.confidence * 100.0
    )
}

/// Draws the list and the selected suggestion's controls. `speakers` are the workspace's,
/// offered as the speaker field is typed in.
pub fn suggestions_ui(
    ui: &mut Ui,
    state: &mut SuggestState,
    sections: &mut crate::ui::claims_panel::Sections,
    speakers: &[Speaker],
) -> Vec<Action> {
    let mut actions = Vec::new();
    let shown = state.visible().len();
    let header = if shown == state.items.len() {
        format!("Suggested ({})", state.items.len())
    } else {
        format!("Suggested ({shown} of {})", state.items.len())
    };
    let response = egui::CollapsingHeader::new(RichText::new(header).strong())
        .id_salt("suggested")
        .open(Some(sections.suggested_open))
        .show(ui, |ui| {
            if state.items.is_empty() {
                ui.label(RichText::new("No suggestions for this article.").weak());
            } else {
                filter_ui(ui, state, &mut actions);
                list_ui(ui, state, sections.suggested_height, speakers, &mut actions);
            }
            dismissed_ui(ui, state, &mut actions);
            let max = (ui.available_height() + sections.suggested_height - 160.0)
                .max(crate::ui::theme::MIN_LIST_HEIGHT);
            crate::ui::claims_panel::splitter_ui(
                ui,
                &mut sections.suggested_height,
                max,
                "Resize the Suggested list",
            );
        });
    if response.header_response.clicked() {
        sections.suggested_open = !sections.suggested_open;
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

/// The list's kinds, lowest confidence and order.
fn filter_ui(ui: &mut Ui, state: &mut SuggestState, actions: &mut Vec<Action>) {
    let before = (
        state.sort,
        state.hidden_kinds.clone(),
        state.min_confidence_pct,
    );
    ui.horizontal_wrapped(|ui| {
        for kind in KINDS {
            let count = state.items.iter().filter(|(s, _)| s.kind == kind).count();
            let mut on = !state.hidden_kinds.contains(&kind);
            if ui
                .checkbox(&mut on, format!("{} ({count})", kind.label()))
                .changed()
            {
                state.hidden_kinds.retain(|k| *k != kind);
                if !on {
                    state.hidden_kinds.push(kind);
                }
            }
        }
        egui::ComboBox::new("suggest-confidence", "confidence")
            .selected_text(if state.min_confidence_pct == 0 {
                "any".to_owned()
            } else {
                format!("≥ {} %", state.min_confidence_pct)
            })
            .show_ui(ui, |ui| {
                for pct in [0, 50, 60, 70, 80] {
                    let label = if pct == 0 {
                        "any".to_owned()
                    } else {
                        format!("≥ {pct} %")
                    };
                    ui.selectable_value(&mut state.min_confidence_pct, pct, label);
                }
            });
        egui::ComboBox::new("suggest-sort", "order")
            .selected_text(state.sort.label())
            .show_ui(ui, |ui| {
                for sort in SuggestSort::ALL {
                    ui.selectable_value(&mut state.sort, sort, sort.label());
                }
            });
    });
    if before
        != (
            state.sort,
            state.hidden_kinds.clone(),
            state.min_confidence_pct,
        )
    {
        actions.push(Action::ArrangeSuggestions);
    }
}

/// The rows of the suggestions, and the selected one's speaker and buttons.
fn list_ui(
    ui: &mut Ui,
    state: &mut SuggestState,
    height: f32,
    speakers: &[Speaker],
    actions: &mut Vec<Action>,
) {
    let selected_index = state.selected_index();
    let visible = state.visible();
    // One row per suggestion, cut to the panel's width; only the rows in view are built: a long
    // article has thousands of suggestions.
    let row_height =
        ui.text_style_height(&egui::TextStyle::Body) + 2.0 * ui.spacing().button_padding.y;
    let mut list = ScrollArea::vertical()
        .id_salt("suggested-list")
        .max_height(height)
        .auto_shrink([false, true]);
    if let Some(row) = state.reveal.take() {
        let spacing = ui.spacing().item_spacing.y;
        list = list.vertical_scroll_offset(row as f32 * (row_height + spacing));
    }
    list.show_rows(ui, row_height, visible.len(), |ui, rows| {
        for &i in visible.get(rows).unwrap_or_default() {
            let Some((s, words)) = state.items.get(i) else {
                continue;
            };
            let doubt = s
                .speaker
                .as_ref()
                .and_then(|p| doubtful_speaker(p, &state.outlet));
            let speaker = match (&s.speaker, s.kind) {
                (Some(p), _) if doubt.is_some() => format!(" · ⚠ {}", p.name),
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
            let mut hover = format!("{words}\n\nWhy: {}", s.reason());
            if let Some(why) = doubt {
                hover.push_str(&format!("\n\n⚠ Check the speaker: {why}."));
            }
            let mut text = RichText::new(text);
            if doubt.is_some() && !selected {
                text = text.color(theme::WARNING);
            }
            let row = ui
                .add(egui::Button::selectable(selected, text).truncate())
                .on_hover_text(hover);
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
        let suggested = s.speaker.as_ref().map(|p| p.name.clone());
        let field = ui
            .horizontal(|ui| {
                ui.label("Speaker");
                ui.add(
                    egui::TextEdit::singleline(&mut state.speaker)
                        .hint_text("who said it")
                        .desired_width(180.0),
                )
            })
            .inner;
        if crate::ui::claims_panel::escaped(ui, &field) {
            // Escape cancels the edit: the assistant's speaker comes back.
            state.speaker = suggested.clone().unwrap_or_default();
        } else if field.lost_focus() && ui.input(|inp| inp.key_pressed(egui::Key::Enter)) {
            actions.push(Action::AcceptSuggestion(key.clone(), state.speaker.clone()));
        }
        // The choices stay while the typed name differs from the assistant's, so a click
        // on one (which takes the keyboard from the field first) still lands.
        if field.has_focus() || Some(state.speaker.trim()) != suggested.as_deref() {
            let names = speaker_names(speakers, &state.items);
            if let Some(name) = crate::ui::claims_panel::speaker_choices_ui(
                ui,
                names
                    .iter()
                    .map(|(n, r, a)| (n.as_str(), r.as_str(), a.as_slice())),
                &state.speaker,
            ) {
                state.speaker = name;
            }
        }
        if let Some(p) = &s.speaker
            && let Some(why) = doubtful_speaker(p, &state.outlet)
        {
            ui.label(
                RichText::new(format!("⚠ Check the speaker “{}”: {why}.", p.name))
                    .color(theme::WARNING),
            );
        }
        if let Some(p) = s.speaker.as_ref().filter(|p| !p.role.is_empty()) {
            ui.label(RichText::new(format!("Role: {}", p.role)).weak());
        }
        // A rename of one suggestion's speaker is offered to every other suggestion credited
        // to the same name: an article quotes "the student" many times.
        let typed = state.speaker.trim().to_owned();
        if let Some(from) = suggested
            && !typed.is_empty()
            && typed != from
        {
            let others = state.others_credited_to(&from);
            if others > 0 {
                let label = if others == 1 {
                    format!("Apply “{typed}” to the 1 other suggestion credited to “{from}”")
                } else {
                    format!(
                        "Apply “{typed}” to the {others} other suggestions credited to “{from}”"
                    )
                };
                if ui.button(label).clicked() {
                    actions.push(Action::RenameSuggestedSpeaker { from, to: typed });
                }
            }
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

/// The names offered in the speaker field: the workspace's speakers (with their roles), then
/// the names the assistant found in this article.
fn speaker_names(
    speakers: &[Speaker],
    items: &[(Suggestion, String)],
) -> Vec<(String, String, Vec<String>)> {
    let mut names: Vec<(String, String, Vec<String>)> = speakers
        .iter()
        .map(|s| (s.name.clone(), s.role.clone(), s.aliases.clone()))
        .collect();
    for (s, _) in items {
        if let Some(p) = &s.speaker
            && !p.unnamed
            && !names.iter().any(|(n, _, _)| *n == p.name)
        {
            names.push((p.name.clone(), p.role.clone(), p.aliases.clone()));
        }
    }
    names
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

    fn speaker(name: &str, unnamed: bool) -> SuggestedSpeaker {
        SuggestedSpeaker {
            name: name.into(),
            role: String::new(),
            organisation: false,
            aliases: Vec::new(),
            known: false,
            unnamed,
            evidence: None,
        }
    }

    #[test]
    fn generic_words_the_outlet_and_unnamed_speakers_are_doubtful() {
        let outlet = "Coastal Times";
        for name in [
            "Student",
            "Mother",
            "Search",
            "the student",
            "Coastal Times",
        ] {
            assert!(
                doubtful_speaker(&speaker(name, false), outlet).is_some(),
                "{name}"
            );
        }
        assert!(doubtful_speaker(&speaker("A senior official", true), outlet).is_some());
        assert_eq!(
            doubtful_speaker(&speaker("Maria Lind", false), outlet),
            None
        );
        assert_eq!(doubtful_speaker(&speaker("Lind", false), ""), None);
    }

    #[test]
    fn quotes_come_before_factual_statements_and_the_surest_first() {
        let mut s = state("a1", TEXT);
        s.items[0].0.kind = SuggestionKind::FactualStatement;
        s.items[0].0.confidence = 0.4;
        s.arrange();
        assert_eq!(
            s.items.last().map(|(x, _)| x.kind),
            Some(SuggestionKind::FactualStatement)
        );
        s.hidden_kinds.push(SuggestionKind::FactualStatement);
        assert_eq!(s.visible().len(), s.items.len() - 1);
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
