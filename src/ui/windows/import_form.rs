//! Bringing an article in: the paste and "Import from URL" prompts, the progress window of a
//! page being fetched, and the metadata form shown before the import is written.

use egui::{Key, RichText};

use crate::model::ArticleId;
use crate::store::read::ArticleSummary;
use crate::ui::Action;
use crate::ui::jobs::FetchJob;

/// The metadata form shown after an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportForm {
    /// The normalised text.
    pub body: String,
    /// Where it came from.
    pub source: crate::model::TextSource,
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
    pub replaces: Option<ArticleId>,
    /// The fetched page, kept with the article when the form is confirmed.
    pub page: Option<crate::web::Fetched>,
    /// The body's first paragraph is the title again (a pasted headline).
    pub headline_repeated: bool,
    /// Leave that first paragraph out of the imported text.
    pub drop_headline: bool,
    /// Why this text may not be an article (a short web page): shown above the buttons,
    /// which then say "Import anyway".
    pub warning: Option<String>,
}

impl ImportForm {
    /// The text the import writes: the body, without the repeated headline when asked.
    pub fn body_to_import(&self) -> String {
        if self.drop_headline
            && let Some(rest) = crate::text::import::without_headline(&self.body, &self.title)
        {
            return rest;
        }
        self.body.clone()
    }
}

/// The "New article from clipboard" window, while `text` holds what is pasted so far. When
/// `fresh` (just opened), its box takes the keyboard and the clipboard is pasted into it.
pub(crate) fn paste_ui(
    ctx: &egui::Context,
    text: &mut Option<String>,
    fresh: &mut bool,
) -> Option<Action> {
    let typed = text.as_mut()?;
    let mut result = None;
    egui::Window::new("New article from clipboard")
        .collapsible(false)
        .show(ctx, |ui| {
            let label = ui.label("Paste the article text, or the address of a web page (Ctrl+V):");
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    let field = ui
                        .add(
                            egui::TextEdit::multiline(typed)
                                .desired_rows(12)
                                .desired_width(560.0),
                        )
                        .labelled_by(label.id);
                    if std::mem::take(fresh) {
                        // The clipboard arrives as a paste into the focused box (the same
                        // as Ctrl+V), so what was copied is there to check at once.
                        field.request_focus();
                        ui.ctx()
                            .send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                    }
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
        Some(true) => text.take().map(Action::ImportText),
        Some(false) => {
            *text = None;
            None
        }
        None => None,
    }
}

/// The "Import from URL" window, while `url` holds the address typed so far.
pub(crate) fn url_ui(ctx: &egui::Context, url: &mut Option<String>) -> Option<Action> {
    let typed = url.as_mut()?;
    let mut result = None;
    egui::Window::new("Import from URL")
        .collapsible(false)
        .show(ctx, |ui| {
            let label = ui.label("Address of the article (https://…):");
            let field = ui
                .add(egui::TextEdit::singleline(typed).desired_width(480.0))
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
        Some(true) => url.take().map(Action::ImportUrl),
        Some(false) => {
            *url = None;
            None
        }
        None => None,
    }
}

/// The progress window of the page being fetched, with its Cancel button.
pub(crate) fn fetching_ui(ctx: &egui::Context, job: &FetchJob) -> Option<Action> {
    let mut action = None;
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
                action = Some(Action::CancelFetch);
            }
        });
    // Keep the elapsed time moving while waiting.
    ctx.request_repaint_after(std::time::Duration::from_millis(250));
    action
}

/// The import form: the article's metadata and whether it is a new version of one of
/// `articles`. Confirming or cancelling is an action, applied after drawing.
pub(crate) fn import_form_ui(
    ctx: &egui::Context,
    form: &mut ImportForm,
    articles: &[ArticleSummary],
) -> Option<Action> {
    let mut confirm = None;
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
                        .and_then(|id| articles.iter().find(|a| &a.id == id))
                        .map_or_else(
                            || "a new article".to_owned(),
                            |a| format!("new version of “{}”", a.title),
                        );
                    egui::ComboBox::new("import-replaces", "")
                        .selected_text(current)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut form.replaces, None, "a new article");
                            for a in articles {
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
            if form.headline_repeated {
                ui.checkbox(
                    &mut form.drop_headline,
                    "Leave out the first paragraph: it repeats the title",
                );
            }
            let body = form.body_to_import();
            ui.label(
                RichText::new(format!(
                    "{} characters · {}",
                    body.chars().count(),
                    crate::ui::format::excerpt(&body, 80)
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
    match confirm {
        Some(true) => Some(Action::ConfirmImport),
        Some(false) => Some(Action::CancelImport),
        None => None,
    }
}
