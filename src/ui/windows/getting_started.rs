//! Help → Getting started: the whole workflow on one short page, shown on first run and
//! always under Help. It shows; it changes nothing.

use egui::RichText;

/// The steps, each a heading and a line. Keys are the ones in Help → Keyboard shortcuts.
const STEPS: &[(&str, &str)] = &[
    (
        "1. Bring in an article",
        "File → Import article… (Ctrl+I), drop a file on the window, or paste text or a web \
         address with Ctrl+Shift+V. Check the title, outlet and date, then Import.",
    ),
    (
        "2. Make a claim",
        "Select a statement in the text and press Ctrl+Enter. Type who said it and press \
         Enter; a number key (1 … 9, 0) sets the verdict.",
    ),
    (
        "3. Or take a suggestion",
        "The Suggested list proposes quotes and figures, outlined dashed in the text. Check \
         the speaker (⚠ marks a doubtful one), then Enter accepts and Delete dismisses.",
    ),
    (
        "4. Say why",
        "Write the summary (the “Why” readers see) and add evidence links. Notes are your \
         private scratchpad: they stay out of reports unless you ask.",
    ),
    (
        "5. Publish",
        "File → Export report… writes HTML, Markdown, CSV or ClaimReview. Verdicts with \
         nothing behind them are listed first.",
    ),
    (
        "6. Share",
        "The workspace is one file: send a copy (File → Save a copy as…), and merge the copy \
         a colleague sends back (File → Merge a colleague's file…).",
    ),
];

/// The Getting started window, while `open`.
pub(crate) fn getting_started_ui(ctx: &egui::Context, open: &mut bool) {
    if !*open {
        return;
    }
    let mut close = false;
    egui::Window::new("Getting started")
        .open(open)
        .collapsible(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(
                "factdesk keeps every claim anchored in the article's words, saved as you go. \
                 Nothing to save by hand; Ctrl+Z takes back any step.",
            );
            for (heading, text) in STEPS {
                ui.add_space(6.0);
                ui.label(RichText::new(*heading).strong());
                ui.label(*text);
            }
            ui.add_space(6.0);
            ui.label(
                RichText::new(
                    "This page is always under Help → Getting started; every key is under \
                     Help → Keyboard shortcuts (F1).",
                )
                .weak(),
            );
            close = ui.button("Start").clicked();
        });
    if close {
        *open = false;
    }
}
