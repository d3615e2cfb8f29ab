//! The article library (left panel): every article with its claim counts by verdict, a
//! search over titles and text, and the Import button.

use std::collections::HashSet;

use egui::{RichText, ScrollArea, Ui};

use crate::model::Status;
use crate::store::read::ArticleSummary;
use crate::ui::theme;
use crate::ui::{Action, FileDialog};

/// Library state that outlives a frame.
#[derive(Debug, Default)]
pub struct LibraryState {
    /// The search box.
    pub query: String,
    /// Articles whose text matches `query` (from the store), when a query is set.
    pub text_matches: Option<HashSet<String>>,
    /// Set when `query` changed and `text_matches` must be recomputed.
    pub query_changed: bool,
    /// Ask to focus the search box next frame.
    pub focus_search: bool,
}

/// Draws the library.
pub fn library_ui(
    ui: &mut Ui,
    state: &mut LibraryState,
    articles: &[ArticleSummary],
    current: Option<&str>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Articles");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Import…")
                .on_hover_text("Import an article from a file (Ctrl+I)")
                .clicked()
            {
                actions.push(Action::PickFile(FileDialog::Import));
            }
        });
    });
    let search = ui.add(
        egui::TextEdit::singleline(&mut state.query)
            .hint_text("Search titles and text")
            .desired_width(f32::INFINITY),
    );
    let search = search.on_hover_text("Search article titles, outlets and full text");
    if state.focus_search {
        search.request_focus();
        state.focus_search = false;
    }
    if search.changed() {
        state.query_changed = true;
    }
    ui.add_space(theme::SECTION_GAP);

    let query = state.query.trim().to_lowercase();
    let shown: Vec<&ArticleSummary> = articles
        .iter()
        .filter(|a| {
            query.is_empty()
                || a.title.to_lowercase().contains(&query)
                || a.outlet.to_lowercase().contains(&query)
                || a.author.to_lowercase().contains(&query)
                || state
                    .text_matches
                    .as_ref()
                    .is_some_and(|m| m.contains(a.id.as_str()))
        })
        .collect();
    if shown.is_empty() {
        ui.label(if articles.is_empty() {
            "No articles yet. Import one, drop a file here, or paste one (File menu)."
        } else {
            "No article matches the search."
        });
    }
    ScrollArea::vertical()
        .id_salt("library-scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            for article in shown {
                let selected = current == Some(article.id.as_str());
                let response = ui
                    .scope(|ui| {
                        let title = RichText::new(&article.title).strong();
                        let r = ui.selectable_label(selected, title);
                        let meta: Vec<&str> = [article.outlet.as_str(), article.published.as_str()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect();
                        if !meta.is_empty() {
                            ui.label(RichText::new(meta.join(" · ")).small().weak());
                        }
                        status_counts_ui(ui, article);
                        r
                    })
                    .inner;
                if response.clicked() && !selected {
                    actions.push(Action::SelectArticle(article.id.clone()));
                }
                ui.separator();
            }
        });
    actions
}

fn status_counts_ui(ui: &mut Ui, article: &ArticleSummary) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(RichText::new(format!("{} claims", article.claims)).small());
        for status in Status::ALL {
            let Some(n) = article.claims_by_status.get(&status) else {
                continue;
            };
            ui.label(
                RichText::new(format!(" {n} "))
                    .small()
                    .background_color(theme::status_color(status))
                    .color(theme::badge_text(status)),
            )
            .on_hover_text(format!("{n} {}", status.label()));
        }
    });
}
