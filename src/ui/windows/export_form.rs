//! The export form (File → Export report…): format, scope and the organisation named in
//! the report. Its Export button asks for a path; the report is written by the app.

use egui::RichText;

use crate::model::{ArticleId, ClaimId};
use crate::ui::format::excerpt;
use crate::ui::{Action, FileDialog, theme};

/// A claim the report would publish with a final verdict and nothing behind it (no summary,
/// no evidence), listed before export so it can be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// Its article.
    pub article_id: ArticleId,
    /// The claim.
    pub claim_id: ClaimId,
    /// What the row says: verdict, quote and article.
    pub label: String,
}

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
    /// The final verdicts with no summary and no evidence found when Export… was pressed;
    /// `None` until then (the list is checked again on every press).
    pub unsupported: Option<Vec<Unsupported>>,
}

/// The export form, while one is open; closing its window sets `form` to `None`.
pub(crate) fn export_form_ui(ctx: &egui::Context, form: &mut Option<ExportForm>) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(shown) = form.as_mut() else {
        return actions;
    };
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
            if let Some(list) = shown.unsupported.as_ref().filter(|l| !l.is_empty()) {
                unsupported_ui(ui, list, missing_org, &mut actions);
            } else if ui
                .add_enabled(!missing_org, egui::Button::new("Export…"))
                .clicked()
            {
                actions.push(Action::CheckExport);
            }
        });
    if !open {
        *form = None;
    }
    actions
}

/// The warning about final verdicts with nothing behind them: each claim (a click selects
/// it, to fix it), "Check again" and "Export anyway".
fn unsupported_ui(
    ui: &mut egui::Ui,
    list: &[Unsupported],
    missing_org: bool,
    actions: &mut Vec<Action>,
) {
    ui.separator();
    let count = if list.len() == 1 {
        "1 claim has".to_owned()
    } else {
        format!("{} claims have", list.len())
    };
    ui.label(
        RichText::new(format!(
            "⚠ {count} a final verdict but no summary (“Why”) and no evidence. \
             Readers will see a verdict with nothing behind it."
        ))
        .color(theme::WARNING),
    );
    egui::ScrollArea::vertical()
        .id_salt("unsupported-claims")
        .max_height(160.0)
        .show(ui, |ui| {
            for claim in list {
                if ui
                    .link(&claim.label)
                    .on_hover_text("Select this claim to add its summary or evidence")
                    .clicked()
                {
                    actions.push(Action::SelectArticle(claim.article_id.clone()));
                    actions.push(Action::RevealClaim(claim.claim_id.clone()));
                }
            }
        });
    ui.horizontal(|ui| {
        if ui
            .button("Check again")
            .on_hover_text("After fixing them: look again, and export if all is well")
            .clicked()
        {
            actions.push(Action::CheckExport);
        }
        if ui
            .add_enabled(!missing_org, egui::Button::new("Export anyway…"))
            .clicked()
        {
            actions.push(Action::PickFile(FileDialog::Export));
        }
    });
}

impl Unsupported {
    /// The row for `claim` of the article titled `title`.
    pub fn new(claim: &crate::model::Claim, title: &str) -> Self {
        Self {
            article_id: claim.article_id.clone(),
            claim_id: claim.id.clone(),
            label: format!(
                "{}: «{}» — {}",
                claim.status.label(),
                excerpt(&claim.anchor.quote, 50),
                excerpt(title, 30)
            ),
        }
    }
}
