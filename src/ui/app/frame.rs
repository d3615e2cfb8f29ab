//! The per-frame drawing of the window: the panels (library, claims, article), the menu,
//! the banner of errors and notices, the status bar, and the dialogs in their order. What is
//! drawn pushes [`Action`]s; nothing here writes the store.

use std::collections::HashSet;

use egui::{RichText, Ui};

use crate::model::{ClaimId, Status};
use crate::ui::claims_panel::{self, PanelData};
use crate::ui::windows::{
    about, conflicts, export_form, import_form, revisions, settings, speaker,
};
use crate::ui::{Action, FileDialog, library, suggestions, team, theme};

use super::FactdeskApp;
use super::keyboard::{self, Command, with_keys};

impl FactdeskApp {
    /// The menu, banner and status bar, the library, the claims panel with the assistant's
    /// suggestions, and the article in the middle.
    pub(super) fn panels_ui(&mut self, ui: &mut Ui, now_time: f64, actions: &mut Vec<Action>) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, actions));
        if self.is_demo() {
            egui::Panel::top("demo").show(ui, |ui| demo_notice_ui(ui, actions));
        }
        self.banner_ui(ui);
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, actions));
        egui::Panel::left("library")
            .default_size(theme::LIBRARY_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(library::library_ui(
                    ui,
                    &mut self.library,
                    &self.doc.articles,
                    self.doc.current.as_ref().map(|a| a.id.as_str()),
                ));
            });
        let conflicted: HashSet<ClaimId> = self
            .doc
            .conflicts
            .iter()
            .map(|c| c.stored.conflict.claim_id.clone())
            .collect();
        egui::Panel::right("claims")
            .default_size(theme::CLAIMS_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(suggestions::suggestions_ui(
                    ui,
                    &mut self.suggest,
                    &mut self.settings.sections,
                    &self.doc.speakers,
                ));
                ui.separator();
                let data = PanelData {
                    linked: &self.doc.linked,
                    claims: &self.doc.claims,
                    speakers: &self.doc.speakers,
                    selected: self.selected_index(),
                    history: &self.doc.history,
                    has_text_selection: self.article_view.selection.is_some(),
                    revision: self.doc.current.as_ref().map_or(1, |a| a.revision_number),
                    conflicted: &conflicted,
                    open_conflicts: self.doc.conflicts.len(),
                    now: chrono::Utc::now(),
                    time: now_time,
                };
                actions.extend(claims_panel::claims_panel_ui(
                    ui,
                    &mut self.filter,
                    &mut self.editor,
                    &mut self.settings.sections,
                    &data,
                ));
            });
        egui::CentralPanel::default().show(ui, |ui| self.article_ui(ui, actions));
    }

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New workspace…").clicked() {
                    actions.push(Action::PickFile(FileDialog::New));
                }
                if ui.button(with_keys("Open…", Command::Open)).clicked() {
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
                if ui
                    .button(with_keys("Import article…", Command::Import))
                    .clicked()
                {
                    actions.push(Action::PickFile(FileDialog::Import));
                }
                if ui.button("Import from URL…").clicked() {
                    self.dialogs.url = Some(String::new());
                }
                if ui
                    .button(with_keys("New article from clipboard…", Command::Paste))
                    .clicked()
                {
                    self.open_paste_dialog();
                }
                ui.separator();
                if ui.button("Export report…").clicked() {
                    self.open_export_form();
                }
                ui.separator();
                if ui
                    .add_enabled(
                        self.doc.ws.is_some(),
                        egui::Button::new("Merge a colleague's file…"),
                    )
                    .clicked()
                {
                    actions.push(Action::PickFile(FileDialog::Merge));
                }
                let review = format!("Review merge conflicts ({})", self.doc.conflicts.len());
                if ui
                    .add_enabled(!self.doc.conflicts.is_empty(), egui::Button::new(review))
                    .clicked()
                {
                    actions.push(Action::ShowConflicts);
                }
                ui.separator();
                let syncing = self.team.job.is_some();
                if ui
                    .add_enabled(
                        self.doc.ws.is_some() && !syncing,
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
                    .add_enabled(
                        undo > 0,
                        egui::Button::new(with_keys("Undo", Command::Undo)),
                    )
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(
                        redo > 0,
                        egui::Button::new(with_keys("Redo", Command::Redo)),
                    )
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
                if ui.button("Getting started").clicked() {
                    self.dialogs.getting_started = true;
                }
                if ui
                    .button(with_keys("Keyboard shortcuts", Command::Help))
                    .clicked()
                {
                    self.dialogs.shortcuts = true;
                }
                if ui.button("About factdesk").clicked() {
                    self.dialogs.about = true;
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
            match &self.doc.ws {
                Some(ws) => {
                    let typing = self
                        .selected_index()
                        .and_then(|i| self.doc.claims.get(i))
                        .is_some_and(|_| self.editor.pending_text().is_some());
                    if typing {
                        ui.label("Typing… saved when you pause");
                    } else {
                        ui.label("All changes saved");
                    }
                    if let Some(step) = &self.last_undo {
                        ui.label(RichText::new(step).strong());
                    }
                    ui.label(RichText::new(ws.path().display().to_string()).weak());
                }
                None => {
                    ui.label("No workspace open");
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(format!("Reviewer: {}", self.reviewer()));
                if let Some(a) = team::indicator_ui(ui, &self.team, self.doc.conflicts.len()) {
                    actions.push(a);
                }
            });
        });
    }

    fn article_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(article) = &self.doc.current else {
            ui.centered_and_justified(|ui| {
                ui.label("Import an article to begin: File → Import article…, drop a file here, or Ctrl+Shift+V to paste.");
            });
            return;
        };
        // Every piece of the header wraps: a row that cannot wrap makes the centre wider
        // than its space, and the article text then runs on under the right panel.
        ui.add(egui::Label::new(RichText::new(&article.title).heading()).wrap());
        let meta: Vec<String> = [
            article.outlet.clone(),
            article.author.clone(),
            article.published.clone(),
            format!("revision {}", article.revision_number),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        ui.horizontal_wrapped(|ui| {
            ui.add(egui::Label::new(RichText::new(meta.join(" · ")).weak()).wrap());
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
                    egui::Button::new(with_keys("Create claim", Command::CreateClaim)),
                )
                .on_hover_text("Make the selected text a claim")
                .clicked()
                && let Some(range) = selection
            {
                actions.push(Action::CreateClaim(range));
            }
            ui.separator();
            for status in Status::ALL {
                legend_item_ui(ui, status);
            }
        });
        ui.separator();
        let selected = self.selected_index();
        actions.extend(self.article_view.ui(
            ui,
            &self.doc.claims,
            selected,
            self.settings.text_size,
            self.settings.dark,
        ));
    }

    /// The open dialogs and windows, in a fixed order (later ones are drawn on top).
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        actions.extend(team::form_ui(ctx, &mut self.team.form));
        settings::reviewer_prompt_ui(ctx, &mut self.dialogs.reviewer, &mut self.settings);
        actions.extend(import_form::paste_ui(
            ctx,
            &mut self.dialogs.paste,
            &mut self.dialogs.paste_fresh,
        ));
        actions.extend(import_form::url_ui(ctx, &mut self.dialogs.url));
        if let Some(job) = &self.fetching {
            actions.extend(import_form::fetching_ui(ctx, job));
        }
        if let Some(form) = &mut self.dialogs.import {
            actions.extend(import_form::import_form_ui(ctx, form, &self.doc.articles));
        }
        actions.extend(export_form::export_form_ui(ctx, &mut self.dialogs.export));
        conflicts::merge_windows_ui(
            ctx,
            &mut self.dialogs.conflicts,
            &self.doc.conflicts,
            &mut self.dialogs.conflict_edits,
            &mut self.last_merge,
            actions,
        );
        revisions::revisions_ui(ctx, &mut self.revisions, self.settings.dark);
        speaker::speaker_window_ui(
            ctx,
            &mut self.speaker_view,
            &self.speaker_claims,
            &self.doc.speakers,
            &self.doc.articles,
            actions,
        );
        settings::settings_ui(ctx, &mut self.dialogs.settings, &mut self.settings);
        keyboard::shortcuts_ui(ctx, &mut self.dialogs.shortcuts);
        about::about_ui(ctx, &mut self.dialogs.about);
        crate::ui::windows::getting_started::getting_started_ui(
            ctx,
            &mut self.dialogs.getting_started,
        );
        actions.extend(crate::ui::windows::path_prompt::path_prompt_ui(
            ctx,
            &mut self.dialogs.path_prompt,
        ));
    }
}

/// The notice shown while the demo workspace is open: work done here lands in a file made
/// for trying things (its reports carry the demo's organisation), so the way to a file of
/// one's own is at hand.
fn demo_notice_ui(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("This is the demo workspace")
                .strong()
                .color(theme::WARNING),
        );
        ui.label("— try things here; for real work, use a workspace of your own.");
        if ui
            .button("Create your own workspace…")
            .on_hover_text("A new, empty workspace file (as New workspace… in the File menu)")
            .clicked()
        {
            actions.push(Action::PickFile(FileDialog::New));
        }
    });
}

/// One entry of the verdict legend: the swatch and the label as one item, so a wrapping row
/// moves them to the next line together.
fn legend_item_ui(ui: &mut Ui, status: Status) {
    const SWATCH: f32 = 10.0;
    let gap = ui.spacing().item_spacing.x / 2.0;
    let galley = egui::WidgetText::from(RichText::new(status.label()).small()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let size = egui::vec2(SWATCH + gap + galley.size().x, galley.size().y.max(SWATCH));
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let swatch = egui::Rect::from_center_size(
        egui::pos2(rect.min.x + SWATCH / 2.0, rect.center().y),
        egui::vec2(SWATCH, SWATCH),
    );
    ui.painter()
        .rect_filled(swatch, 2.0, theme::status_color(status));
    let text_pos = egui::pos2(swatch.max.x + gap, rect.center().y - galley.size().y / 2.0);
    ui.painter()
        .galley(text_pos, galley, ui.visuals().text_color());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, status.label()));
}
