//! The path field shown when the OS file dialog does not appear (no desktop portal answers
//! on a minimal desktop or in a remote session): the note says why, the field takes the
//! path, and its button gives the same action the dialog's answer would have.

use std::path::PathBuf;

use egui::{Key, RichText};

use crate::ui::{Action, FileDialog, theme};

/// The path field of a file dialog that did not appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPrompt {
    /// Which dialog it stands in for.
    pub kind: FileDialog,
    /// The path typed so far (starts at the folder and name the dialog would propose).
    pub path: String,
    /// Why the window asks itself.
    pub why: String,
    /// Put the keyboard in the field on the next frame.
    pub focus: bool,
}

impl PathPrompt {
    /// A prompt for `kind`, starting at `path`, saying `why`.
    pub fn new(kind: FileDialog, path: String, why: String) -> Self {
        Self {
            kind,
            path,
            why,
            focus: true,
        }
    }
}

/// The word on the button that takes the path.
const fn verb(kind: FileDialog) -> &'static str {
    match kind {
        FileDialog::Open => "Open",
        FileDialog::New => "Create",
        FileDialog::SaveCopy => "Save copy",
        FileDialog::Import => "Import",
        FileDialog::Export => "Export",
        FileDialog::Merge => "Merge",
    }
}

/// `~/…` is the home folder, as a shell would read it.
fn expand_home(typed: &str) -> PathBuf {
    if let Some(rest) = typed.strip_prefix("~/")
        && let Some(dirs) = directories::BaseDirs::new()
    {
        return dirs.home_dir().join(rest);
    }
    PathBuf::from(typed)
}

/// The path field while `prompt` holds one; the path typed becomes the dialog's action.
pub(crate) fn path_prompt_ui(
    ctx: &egui::Context,
    prompt: &mut Option<PathPrompt>,
) -> Option<Action> {
    let shown = prompt.as_mut()?;
    let mut submit = false;
    let mut cancel = false;
    let mut open = true;
    egui::Window::new(shown.kind.title())
        .open(&mut open)
        .collapsible(false)
        .min_width(520.0)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            ui.label(RichText::new(&shown.why).color(theme::WARNING));
            let label = ui.label("Type the file's full path instead:");
            let field = ui
                .add(egui::TextEdit::singleline(&mut shown.path).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if std::mem::take(&mut shown.focus) {
                field.request_focus();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                let ready = !shown.path.trim().is_empty();
                submit = ui
                    .add_enabled(ready, egui::Button::new(verb(shown.kind)))
                    .clicked()
                    || (enter && ready);
                cancel = ui.button("Cancel").clicked();
            });
        });
    if submit {
        let taken = prompt.take()?;
        return Some(taken.kind.action(expand_home(taken.path.trim())));
    }
    if cancel || !open {
        *prompt = None;
    }
    None
}
