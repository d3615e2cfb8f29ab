//! The revisions window: two revisions of an article side by side as one word diff, so a
//! fact-checker sees what each correction changed.

use crate::model::ArticleId;
use crate::ui::theme;

/// The revisions window: two revisions of one article and the word-level diff between them.
#[derive(Debug)]
pub struct RevisionsView {
    /// The article.
    pub article_id: ArticleId,
    /// Its title.
    pub title: String,
    /// Every revision, oldest first.
    pub revisions: Vec<crate::model::Revision>,
    /// Index of the older revision compared.
    pub from: usize,
    /// Index of the newer revision compared.
    pub to: usize,
    /// The diff drawn for (from, to): the text, words inserted, words deleted.
    cached: Option<((usize, usize), egui::text::LayoutJob, usize, usize)>,
}

impl RevisionsView {
    /// The window on `revisions` (oldest first), comparing the last correction.
    pub(crate) fn new(
        article_id: ArticleId,
        title: String,
        revisions: Vec<crate::model::Revision>,
    ) -> Self {
        let to = revisions.len().saturating_sub(1);
        Self {
            article_id,
            title,
            revisions,
            from: to.saturating_sub(1),
            to,
            cached: None,
        }
    }
}

/// The revisions window, while `revisions` holds one: pick two revisions, see what
/// changed between them.
pub(crate) fn revisions_ui(ctx: &egui::Context, revisions: &mut Option<RevisionsView>, dark: bool) {
    let Some(view) = revisions else {
        return;
    };
    let mut open = true;
    egui::Window::new(format!("Revisions of “{}”", view.title))
        .open(&mut open)
        .default_width(760.0)
        .default_height(560.0)
        .show(ctx, |ui| {
            let describe = |r: &crate::model::Revision| {
                let source = crate::model::TextSource::parse(&r.source).describe();
                format!(
                    "revision {} · {} · {}",
                    r.number,
                    r.created_at
                        .get(..16)
                        .unwrap_or(&r.created_at)
                        .replace('T', " "),
                    crate::ui::format::excerpt(&source, 40)
                )
            };
            ui.horizontal(|ui| {
                for (label, slot) in [("From", &mut view.from), ("To", &mut view.to)] {
                    let current = view.revisions.get(*slot).map(describe).unwrap_or_default();
                    egui::ComboBox::new(("revision", label), label)
                        .selected_text(current)
                        .show_ui(ui, |ui| {
                            for (i, r) in view.revisions.iter().enumerate() {
                                ui.selectable_value(slot, i, describe(r));
                            }
                        });
                }
            });
            let key = (view.from, view.to);
            if view.cached.as_ref().is_none_or(|(k, ..)| *k != key) {
                let (old, new) = (
                    view.revisions
                        .get(view.from)
                        .map_or("", |r| r.body.as_str()),
                    view.revisions.get(view.to).map_or("", |r| r.body.as_str()),
                );
                let (job, inserted, deleted) = diff_job(old, new, dark);
                view.cached = Some((key, job, inserted, deleted));
            }
            if let Some((_, job, inserted, deleted)) = &view.cached {
                ui.label(format!(
                    "{inserted} words inserted (green), {deleted} deleted (struck out)"
                ));
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink(false)
                    .show(ui, |ui| ui.add(egui::Label::new(job.clone()).wrap()));
            }
        });
    if !open {
        *revisions = None;
    }
}

/// The word diff of two texts as one layout: deletions struck out in red, insertions on
/// green; with the number of words inserted and deleted.
fn diff_job(old: &str, new: &str, dark: bool) -> (egui::text::LayoutJob, usize, usize) {
    use crate::text::reanchor::{DiffPiece, word_diff};
    let body = egui::FontId::proportional(15.0);
    let plain = egui::TextFormat::simple(body.clone(), theme::diff_text(dark));
    let deleted = egui::TextFormat {
        color: theme::DIFF_DELETED,
        strikethrough: egui::Stroke::new(1.5, theme::DIFF_DELETED),
        ..plain.clone()
    };
    let inserted = egui::TextFormat {
        background: theme::DIFF_INSERTED_FILL,
        underline: egui::Stroke::new(1.0, theme::DIFF_INSERTED_LINE),
        ..plain.clone()
    };
    let words = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    };
    let mut job = egui::text::LayoutJob::default();
    let (mut n_ins, mut n_del) = (0, 0);
    for piece in word_diff(old, new) {
        match piece {
            DiffPiece::Same(t) => job.append(&t, 0.0, plain.clone()),
            DiffPiece::Deleted(t) => {
                n_del += words(&t);
                job.append(&t, 0.0, deleted.clone());
            }
            DiffPiece::Inserted(t) => {
                n_ins += words(&t);
                job.append(&t, 0.0, inserted.clone());
            }
        }
    }
    (job, n_ins, n_del)
}
