//! Merge review: the window listing fields changed both here and by a colleague (each to be
//! kept, taken or rewritten), and the report of the last merge.

use std::collections::HashMap;

use egui::{RichText, Ui};

use crate::Result;
use crate::model::{ArticleId, Status};
use crate::store::merge::{self, MergeReport, StoredConflict};
use crate::ui::{Action, theme};

/// An open merge conflict with what the review window shows of it.
#[derive(Debug, Clone)]
pub struct ConflictRow {
    /// The conflict as stored.
    pub stored: StoredConflict,
    /// The claim's article.
    pub article_id: ArticleId,
    /// The claim's words.
    pub quote: String,
    /// My value, as people read it.
    pub mine: String,
    /// Their value, as people read it.
    pub theirs: String,
}

/// Reads the open merge conflicts of the workspace as the review window shows them.
pub(crate) fn conflict_rows(conn: &rusqlite::Connection) -> Result<Vec<ConflictRow>> {
    let mut out = Vec::new();
    for stored in merge::conflicts(conn)? {
        let c = &stored.conflict;
        let (article_id, quote) = crate::store::dump::export_claim(conn, &c.claim_id)?
            .map(|row| (ArticleId::from(row.article_id), row.quote))
            .unwrap_or_default();
        out.push(ConflictRow {
            article_id,
            quote,
            mine: merge::display_value(conn, c.field, &c.mine)?,
            theirs: merge::display_value(conn, c.field, &c.theirs)?,
            stored,
        });
    }
    Ok(out)
}

/// The conflict review window (while `open`) and the last merge's report (until closed).
pub(crate) fn merge_windows_ui(
    ctx: &egui::Context,
    conflicts_open: &mut bool,
    rows: &[ConflictRow],
    edits: &mut HashMap<String, String>,
    last_merge: &mut Option<MergeReport>,
    actions: &mut Vec<Action>,
) {
    if *conflicts_open {
        let mut open = true;
        egui::Window::new("Merge conflicts")
            .open(&mut open)
            .default_width(720.0)
            .default_height(480.0)
            .vscroll(true)
            .show(ctx, |ui| {
                if rows.is_empty() {
                    ui.label("No open conflicts: every merged change is settled.");
                    return;
                }
                ui.label(match rows.len() {
                    1 => "1 field was changed both here and by a colleague. Until you choose, your value stays and theirs is kept here.".to_owned(),
                    n => format!("{n} fields were changed both here and by a colleague. Until you choose, your value stays and theirs is kept here."),
                });
                ui.horizontal(|ui| {
                    if ui
                        .button("Keep all mine")
                        .on_hover_text("Settle every conflict with your value")
                        .clicked()
                    {
                        actions.extend(rows.iter().map(|r| {
                            Action::ResolveConflict(r.stored.id.clone(), merge::Resolution::KeepMine)
                        }));
                    }
                    if ui
                        .button("Take all theirs")
                        .on_hover_text("Settle every conflict with your colleague's value")
                        .clicked()
                    {
                        actions.extend(rows.iter().map(|r| {
                            Action::ResolveConflict(
                                r.stored.id.clone(),
                                merge::Resolution::TakeTheirs,
                            )
                        }));
                    }
                });
                for row in rows {
                    ui.separator();
                    conflict_ui(ui, row, edits, actions);
                }
            });
        *conflicts_open = open;
    }
    if let Some(report) = last_merge.as_ref() {
        let mut open = true;
        egui::Window::new(format!("Merged {}", report.source))
            .open(&mut open)
            .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -36.0])
            .collapsible(true)
            .default_open(true)
            .show(ctx, |ui| merge_report_ui(ui, report));
        if !open {
            *last_merge = None;
        }
    }
}

fn merge_report_ui(ui: &mut Ui, report: &MergeReport) {
    egui::Grid::new("merge-report")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for head in ["", "added", "updated", "unchanged", "conflicting"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for (name, c) in report.rows() {
                ui.label(crate::ui::format::capitalised(name));
                for n in [c.added, c.updated, c.unchanged, c.conflicting] {
                    ui.label(n.to_string());
                }
                ui.end_row();
            }
        });
    ui.label(format!(
        "Re-anchored onto a newer text: {}; orphaned: {}. Unified: {} articles, {} speakers.",
        report.reanchored, report.orphaned, report.unified_articles, report.unified_speakers
    ));
}

fn conflict_ui(
    ui: &mut Ui,
    row: &ConflictRow,
    edits: &mut HashMap<String, String>,
    actions: &mut Vec<Action>,
) {
    use crate::store::merge::{Field, Resolution};
    let c = &row.stored.conflict;
    let id = &row.stored.id;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(field_label(c.field))
                .strong()
                .color(theme::WARNING),
        );
        ui.label(RichText::new(crate::ui::format::excerpt(&row.quote, 80)).italics());
        if ui.small_button("Show claim").clicked() {
            actions.push(Action::SelectArticle(row.article_id.clone()));
            actions.push(Action::RevealClaim(c.claim_id.clone()));
        }
    });
    egui::Grid::new(("conflict", id.as_str()))
        .num_columns(2)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "Mine — {} {}",
                    c.mine_by,
                    crate::ui::format::ago(&c.mine_at, chrono::Utc::now())
                ))
                .weak(),
            );
            ui.label(
                RichText::new(format!(
                    "Theirs — {} {} ({})",
                    c.theirs_by,
                    crate::ui::format::ago(&c.theirs_at, chrono::Utc::now()),
                    row.stored.source
                ))
                .weak(),
            );
            ui.end_row();
            for (value, shown) in [(&c.mine, &row.mine), (&c.theirs, &row.theirs)] {
                value_ui(ui, c.field, value, shown);
            }
            ui.end_row();
        });
    let editable = matches!(c.field, Field::Summary | Field::Notes | Field::Status);
    ui.horizontal(|ui| {
        if ui.button("Keep mine").clicked() {
            actions.push(Action::ResolveConflict(id.clone(), Resolution::KeepMine));
        }
        if ui.button("Take theirs").clicked() {
            actions.push(Action::ResolveConflict(id.clone(), Resolution::TakeTheirs));
        }
        if editable && !edits.contains_key(id) && ui.button("Edit…").clicked() {
            let start = match (&c.field, &c.mine) {
                // A verdict is chosen from the scale, starting from mine.
                (Field::Status, serde_json::Value::String(code)) => code.clone(),
                // Text starts as both, to be cut down to what stands.
                _ => format!("{}\n{}", row.mine, row.theirs),
            };
            edits.insert(id.clone(), start);
        }
    });
    if let Some(text) = edits.get_mut(id) {
        if c.field == Field::Status {
            let current = Status::parse(text).unwrap_or(Status::Unreviewed);
            egui::ComboBox::new(("conflict-verdict", id.as_str()), "New verdict")
                .selected_text(current.label())
                .show_ui(ui, |ui| {
                    for status in Status::ALL {
                        if ui
                            .selectable_label(status == current, status.label())
                            .clicked()
                        {
                            *text = status.code().to_owned();
                        }
                    }
                });
        } else {
            let label = ui.label("New text");
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        let mut cancel = false;
        ui.horizontal(|ui| {
            if ui.button("Save this").clicked() {
                actions.push(Action::ResolveConflict(
                    id.clone(),
                    Resolution::Edited(serde_json::Value::String(text.clone())),
                ));
            }
            cancel = ui.button("Cancel").clicked();
        });
        if cancel {
            edits.remove(id);
        }
    }
}

fn field_label(field: crate::store::merge::Field) -> &'static str {
    use crate::store::merge::Field;
    match field {
        Field::Speaker => "Speaker",
        Field::Status => "Verdict",
        Field::Summary => "Summary",
        Field::Notes => "Notes",
        Field::Anchor => "Position in the text",
        Field::Deleted => "Deleted or kept",
    }
}

/// One side's value: a verdict as its badge, a place in the text in words, the rest as text.
fn value_ui(
    ui: &mut Ui,
    field: crate::store::merge::Field,
    value: &serde_json::Value,
    shown: &str,
) {
    use crate::store::merge::Field;
    match (field, value) {
        (Field::Status, serde_json::Value::String(code)) if Status::parse(code).is_some() => {
            if let Some(status) = Status::parse(code) {
                crate::ui::claims_panel::status_badge(ui, status);
            }
        }
        (Field::Anchor, v) => {
            let quote = v.get("quote").and_then(serde_json::Value::as_str);
            let state = v
                .get("state")
                .and_then(serde_json::Value::as_str)
                .map(crate::ui::format::anchor_state_words)
                .unwrap_or_default();
            let text = match quote {
                Some(q) if state.is_empty() => format!("on «{q}»"),
                Some(q) => format!("on «{q}» ({state})"),
                None => value_text(shown),
            };
            ui.add(egui::Label::new(text).wrap());
        }
        _ => {
            ui.add(egui::Label::new(value_text(shown)).wrap());
        }
    }
}

fn value_text(value: &str) -> String {
    if value.is_empty() {
        "(empty)".to_owned()
    } else {
        value.to_owned()
    }
}
