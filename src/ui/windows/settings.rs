//! The Settings window (name, theme, text size) and the first-run prompt for the reviewer's
//! name. They edit [`Settings`] in place: settings are the window's own, not the store's.

use egui::Key;

use crate::ui::app::Settings;

/// Asks for the reviewer's name on first run; `name` is the text typed so far. Once a
/// non-empty name is confirmed it becomes `settings.reviewer` and the prompt closes
/// (`name` becomes `None`).
pub(crate) fn reviewer_prompt_ui(
    ctx: &egui::Context,
    name: &mut Option<String>,
    settings: &mut Settings,
) {
    let Some(typed) = name else {
        return;
    };
    let mut done = false;
    egui::Modal::new(egui::Id::unique("reviewer-prompt")).show(ctx, |ui| {
        ui.heading("Welcome to factdesk");
        ui.label("Your name is stamped on every claim and edit you make:");
        let r = ui.text_edit_singleline(typed);
        done = ui.button("Continue").clicked()
            || (r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)));
    });
    if done && !typed.trim().is_empty() {
        settings.reviewer = typed.trim().to_owned();
        *name = None;
    }
}

/// The Settings window, while `open`.
pub(crate) fn settings_ui(ctx: &egui::Context, open: &mut bool, settings: &mut Settings) {
    if !*open {
        return;
    }
    egui::Window::new("Settings").open(open).show(ctx, |ui| {
        ui.horizontal(|ui| {
            ui.label("Your name");
            ui.text_edit_singleline(&mut settings.reviewer);
        });
        ui.checkbox(&mut settings.dark, "Dark theme");
        ui.add(egui::Slider::new(&mut settings.text_size, 11.0..=28.0).text("Article text size"));
        ui.add(
            egui::Slider::new(&mut settings.ui_text_size, crate::ui::theme::UI_TEXT_SIZES)
                .step_by(0.5)
                .text("UI text size"),
        )
        .on_hover_text("Lists, buttons, the legend, badges, metadata and history");
    });
}
