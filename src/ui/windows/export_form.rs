//! The export form (File → Export report…): format, scope and the organisation named in
//! the report. Its Export button asks for a path; the report is written by the app.

use crate::ui::{Action, FileDialog};

/// The export form (File → Export report…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportForm {
    /// Format.
    pub format: crate::report::Format,
    /// Only the current article (else every article).
    pub current_article_only: bool,
    /// Every claim (else the final verdicts only).
    pub all_statuses: bool,
    /// Only this speaker (empty: all).
    pub speaker: String,
    /// Only claims last changed by this reviewer (empty: all).
    pub reviewer: String,
    /// Only claims last changed on or after this date, `YYYY-MM-DD` (empty: no limit).
    pub from: String,
    /// Only claims last changed on or before this date, `YYYY-MM-DD` (empty: no limit).
    pub to: String,
    /// Print the claims' working notes (off by default: they are private).
    pub include_notes: bool,
    /// Organisation name, saved to the workspace.
    pub org_name: String,
    /// Organisation URL, saved to the workspace.
    pub org_url: String,
}

/// The export form, while one is open; closing its window sets `form` to `None`.
pub(crate) fn export_form_ui(ctx: &egui::Context, form: &mut Option<ExportForm>) -> Option<Action> {
    let shown = form.as_mut()?;
    let mut action = None;
    let mut open = true;
    egui::Window::new("Export report")
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            let format_label = ui.label("Format");
            egui::ComboBox::new("export-format", "")
                .selected_text(shown.format.label())
                .show_ui(ui, |ui| {
                    for f in crate::report::Format::ALL {
                        ui.selectable_value(&mut shown.format, f, f.label());
                    }
                })
                .response
                .labelled_by(format_label.id);
            ui.radio_value(&mut shown.current_article_only, true, "This article");
            ui.radio_value(&mut shown.current_article_only, false, "All articles");
            ui.separator();
            ui.radio_value(
                &mut shown.all_statuses,
                false,
                "Verified claims (final verdicts)",
            );
            ui.radio_value(&mut shown.all_statuses, true, "All claims");
            ui.checkbox(&mut shown.include_notes, "Include working notes")
                .on_hover_text(
                    "Notes are your private scratchpad: left out of reports unless you tick this.",
                );
            ui.separator();
            let org_label = ui.label("Your fact-checking organisation");
            ui.add(egui::TextEdit::singleline(&mut shown.org_name).hint_text("Organisation name"))
                .labelled_by(org_label.id);
            ui.add(egui::TextEdit::singleline(&mut shown.org_url).hint_text("Organisation URL"))
                .labelled_by(org_label.id);
            // ClaimReview names its author: without one, Fact Check Explorer and
            // Data Commons cannot use it.
            let missing_org = shown.format == crate::report::Format::ClaimReview
                && shown.org_name.trim().is_empty();
            if missing_org {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "ClaimReview needs the name of your organisation: type it above.",
                );
            }
            if ui
                .add_enabled(!missing_org, egui::Button::new("Export…"))
                .clicked()
            {
                action = Some(Action::PickFile(FileDialog::Export));
            }
        });
    if !open {
        *form = None;
    }
    action
}
