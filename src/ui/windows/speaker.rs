//! The window of one speaker's claims across every article, with their verdicts.

use egui::RichText;

use crate::model::{Claim, Speaker};
use crate::store::read::ArticleSummary;
use crate::ui::{Action, theme};

/// The window of `name`'s claims across every article, with verdicts; a click shows the
/// claim. Closing it sets `name` to `None`.
pub(crate) fn speaker_window_ui(
    ctx: &egui::Context,
    name: &mut Option<String>,
    claims: &[Claim],
    speakers: &[Speaker],
    articles: &[ArticleSummary],
    actions: &mut Vec<Action>,
) {
    let Some(name_shown) = name.clone() else {
        return;
    };
    let mut open = true;
    egui::Window::new(format!("Claims by {name_shown}"))
        .open(&mut open)
        .default_width(620.0)
        .default_height(420.0)
        .show(ctx, |ui| {
            if let Some(s) = speakers.iter().find(|s| s.name == name_shown) {
                if !s.role.is_empty() {
                    ui.label(RichText::new(&s.role).weak());
                }
                if !s.aliases.is_empty() {
                    ui.label(RichText::new(format!("Also named: {}", s.aliases.join(", "))).weak());
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
                            let title = articles
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
        *name = None;
    }
}
