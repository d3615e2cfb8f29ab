//! The application: the window's state ([`FactdeskApp`]), the settings it remembers, and
//! the frame loop. The rest of the app is split by job: [`logic`] (reading the file,
//! polling workers and other writers: nothing drawn), [`frame`] (the panels, menu and
//! status bar of each frame), [`keyboard`] (the one table of shortcuts), and [`actions`]
//! (`FactdeskApp::apply`, the one place actions change state, after drawing; undo).

mod actions;
mod document;
mod frame;
mod keyboard;
mod logic;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::Ui;
use serde::{Deserialize, Serialize};

use crate::model::{Article, Claim, ClaimId};
use crate::store::Workspace;
use crate::store::merge::MergeReport;
use crate::store::write::ReanchorReport;
use crate::ui::article_view::ArticleView;
pub use crate::ui::claims_panel::Sections;
use crate::ui::claims_panel::{EditorState, ListFilter};
use crate::ui::jobs::PickedFile;
use crate::ui::library::LibraryState;
use crate::ui::suggestions::SuggestState;
use crate::ui::team::TeamState;
use crate::ui::{Action, theme};

use actions::Edit;
use document::Document;
use logic::take_dropped_files;

pub use crate::ui::jobs::FetchJob;
pub use crate::ui::windows::conflicts::ConflictRow;
pub use crate::ui::windows::export_form::ExportForm;
pub use crate::ui::windows::import_form::ImportForm;
pub use crate::ui::windows::revisions::RevisionsView;

/// Key of the settings in eframe's storage.
pub const SETTINGS_KEY: &str = "factdesk-settings";

/// What the app remembers between runs (eframe persistence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Name stamped on every edit; empty until asked.
    pub reviewer: String,
    /// Dark theme.
    pub dark: bool,
    /// Article text size in points.
    pub text_size: f32,
    /// Size of the rest of the window's text in points (labels, buttons, lists); the small
    /// text (legend, badges, metadata, history) follows it.
    pub ui_text_size: f32,
    /// The right panel's sections: which are open and how tall their lists are.
    pub sections: Sections,
    /// Recently opened workspaces, newest first.
    pub recent: Vec<PathBuf>,
    /// Getting started was shown (it opens by itself once, on the first run).
    pub welcomed: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            reviewer: String::new(),
            dark: false,
            text_size: theme::DEFAULT_TEXT_SIZE,
            ui_text_size: theme::DEFAULT_UI_TEXT_SIZE,
            sections: Sections::default(),
            recent: Vec::new(),
            welcomed: false,
        }
    }
}

/// Where the demo workspace lives (the user's data directory, never the repository).
pub fn demo_path() -> Option<PathBuf> {
    crate::files::data_dir().map(|d| d.join("demo.factdesk"))
}

/// Open dialogs.
#[derive(Debug, Default)]
struct Dialogs {
    import: Option<ImportForm>,
    paste: Option<String>,
    /// The paste window was just opened: focus its box and ask for the clipboard.
    paste_fresh: bool,
    settings: bool,
    shortcuts: bool,
    /// Help → About is open.
    about: bool,
    /// Help → Getting started is open.
    getting_started: bool,
    export: Option<ExportForm>,
    /// The last report written, offered to open.
    exported: Option<PathBuf>,
    /// The conflict review window is open.
    conflicts: bool,
    /// Text being written to settle a conflict, by conflict id.
    conflict_edits: HashMap<String, String>,
    /// The "Import from URL" field, while that dialog is open.
    url: Option<String>,
    /// The path field standing in for an OS file dialog that did not appear.
    path_prompt: Option<crate::ui::windows::path_prompt::PathPrompt>,
    reviewer: Option<String>,
}

/// The factdesk window's state.
pub struct FactdeskApp {
    /// The open workspace and what is shown of it.
    doc: Document,
    /// Remembered settings.
    pub settings: Settings,
    /// The article text view.
    pub article_view: ArticleView,
    /// The claim editor's buffers.
    pub editor: EditorState,
    /// The claim list's filter.
    pub filter: ListFilter,
    /// The library's search.
    library: LibraryState,
    /// The error shown in the window, if any.
    pub error: Option<String>,
    /// A notice (import done, re-anchoring report).
    pub notice: Option<String>,
    /// The last re-anchoring report.
    last_reanchor: Option<ReanchorReport>,
    /// The last merge's report, shown until dismissed.
    last_merge: Option<MergeReport>,
    /// The web page being fetched, if any.
    pub fetching: Option<FetchJob>,
    /// The revisions window, when open.
    pub revisions: Option<RevisionsView>,
    /// The claim assistant's suggestions for the article shown.
    pub suggest: SuggestState,
    /// The speaker whose claims across articles are shown in a window.
    pub speaker_view: Option<String>,
    /// That speaker's claims, read when the window opens and when the file changes (not
    /// every frame).
    speaker_claims: Vec<Claim>,
    /// The team workspace: its link, the sync worker and its state.
    pub team: TeamState,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// What the last undo or redo did ("Undid: verdict of «…» back to In progress"), shown
    /// in the status bar until the next edit.
    pub last_undo: Option<String>,
    dialogs: Dialogs,
    dialog_results: (Sender<PickedFile>, Receiver<PickedFile>),
    last_poll: f64,
    /// Actions queued by code outside a frame (tests, menus), applied next frame.
    pub queued: Vec<Action>,
    /// The theme and UI text size last applied.
    applied_theme: Option<(bool, f32)>,
    /// The widget that had the keyboard at the end of the last frame. egui drops the focus
    /// on Escape before the frame is drawn: this says whether the Escape was typed in a field.
    focused_last_frame: Option<egui::Id>,
    /// Input events held back for the next frame (see [`Self::sequence_input`]).
    held_input: Vec<egui::Event>,
    /// The window title last sent to the OS.
    title_sent: Option<String>,
    /// Test hook: every file dialog answers this path at once, without showing (tests must
    /// never open a real one).
    #[cfg(feature = "test-support")]
    pub dialog_answer: Option<PathBuf>,
}

impl FactdeskApp {
    /// An app with no workspace open yet.
    pub fn new(settings: Settings) -> Self {
        let mut app = Self {
            doc: Document::default(),
            settings,
            article_view: ArticleView::default(),
            editor: EditorState::default(),
            filter: ListFilter::default(),
            library: LibraryState::default(),
            error: None,
            notice: None,
            last_reanchor: None,
            last_merge: None,
            fetching: None,
            revisions: None,
            suggest: SuggestState::default(),
            speaker_view: None,
            speaker_claims: Vec::new(),
            team: TeamState::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_undo: None,
            dialogs: Dialogs::default(),
            dialog_results: channel(),
            last_poll: 0.0,
            queued: Vec::new(),
            applied_theme: None,
            focused_last_frame: None,
            held_input: Vec::new(),
            title_sent: None,
            #[cfg(feature = "test-support")]
            dialog_answer: None,
        };
        if app.settings.reviewer.trim().is_empty() {
            app.dialogs.reviewer = Some(crate::identity::reviewer(None));
        }
        app
    }

    /// Opens `file`, else the most recent workspace, else the demo workspace at `demo`
    /// (created on first run). Failures are shown in the window.
    pub fn open_initial(&mut self, file: Option<&Path>, demo: Option<&Path>) {
        if let Some(file) = file {
            self.open_workspace(file);
            return;
        }
        if let Some(last) = self.settings.recent.first().cloned()
            && last.exists()
        {
            self.open_workspace(&last);
            if self.doc.ws.is_some() {
                return;
            }
        }
        let Some(demo) = demo else {
            return;
        };
        if demo.exists() {
            self.open_workspace(demo);
            return;
        }
        if let Some(dir) = demo.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.error = Some(format!(
                "cannot create the data folder ({e}): {}",
                dir.display()
            ));
            return;
        }
        match crate::demo::create(demo, "factdesk demo") {
            Ok(ws) => self.set_workspace(ws),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Index of the selected claim in [`Self::claims`].
    pub fn selected_index(&self) -> Option<usize> {
        self.doc.selected_index()
    }

    /// The open workspace.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.doc.ws.as_ref()
    }

    /// The article shown.
    pub fn current(&self) -> Option<&Article> {
        self.doc.current.as_ref()
    }

    /// The claims of the article shown, in text order.
    pub fn claims(&self) -> &[Claim] {
        &self.doc.claims
    }

    /// The selected claim's id.
    pub fn selected(&self) -> Option<&ClaimId> {
        self.doc.selected.as_ref()
    }

    /// Claims in other articles quoting the selected claim's statement, with their titles.
    pub fn linked(&self) -> &[(Claim, String)] {
        &self.doc.linked
    }

    /// The open merge conflicts.
    pub fn conflicts(&self) -> &[ConflictRow] {
        &self.doc.conflicts
    }

    /// Number of edits that can be undone / redone.
    pub fn undo_depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// The import form, when one is open (tests fill it in).
    pub fn import_form_mut(&mut self) -> Option<&mut ImportForm> {
        self.dialogs.import.as_mut()
    }

    /// The export form, when open (tests fill it in).
    pub fn export_form_mut(&mut self) -> Option<&mut ExportForm> {
        self.dialogs.export.as_mut()
    }

    /// Opens Help → Getting started.
    pub fn open_getting_started(&mut self) {
        self.dialogs.getting_started = true;
    }

    /// Whether Help → Getting started is open.
    pub fn getting_started_open(&self) -> bool {
        self.dialogs.getting_started
    }

    /// On the first run, opens Getting started (once: the settings remember it).
    pub fn welcome(&mut self) {
        if !self.settings.welcomed {
            self.settings.welcomed = true;
            self.open_getting_started();
        }
    }

    /// Opens "New article from clipboard": its box takes the keyboard and the clipboard.
    pub fn open_paste_dialog(&mut self) {
        self.dialogs.paste = Some(String::new());
        self.dialogs.paste_fresh = true;
    }

    /// The window's title: the workspace file's name ("desk.factdesk — factdesk"), so the
    /// task bar and window switcher say which file is open.
    pub fn window_title(&self) -> String {
        self.doc
            .ws
            .as_ref()
            .and_then(|ws| ws.path().file_name())
            .map_or_else(
                || "factdesk".to_owned(),
                |name| format!("{} — factdesk", name.to_string_lossy()),
            )
    }

    /// Whether the open workspace is the demo (a notice says so, with a way out).
    pub fn is_demo(&self) -> bool {
        self.doc.ws.is_some() && self.doc.demo
    }

    /// Draws one frame and applies what the user asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let title = self.window_title();
        if self.title_sent.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = Some(title);
        }
        let wanted = (self.settings.dark, self.settings.ui_text_size);
        if self.applied_theme != Some(wanted) {
            theme::apply(&ctx, wanted.0, wanted.1);
            self.applied_theme = Some(wanted);
        }
        let now_time = ctx.input(|i| i.time);
        let mut actions = std::mem::take(&mut self.queued);

        self.take_picked_files(&mut actions);
        take_dropped_files(&ctx, &mut actions);
        self.keyboard(&ctx, &mut actions);
        self.poll_team(&ctx, now_time);
        self.poll_other_writers(&ctx, now_time);
        self.poll_fetch();

        self.panels_ui(ui, now_time, &mut actions);
        self.dialogs_ui(&ctx, &mut actions);

        self.autosave(&ctx, now_time, &mut actions);
        if ctx.input(|i| i.viewport().close_requested()) {
            self.flush_editor();
        }
        if !actions.is_empty() {
            // What the actions changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for action in actions {
            self.apply(action, &ctx);
        }
        self.search_library();
        self.focused_last_frame = ctx.memory(egui::Memory::focused);
    }

    /// Keeps keys typed before a click in the frame of the field they were typed into.
    ///
    /// When the last letters typed and a click on another field arrive in one frame, egui
    /// moves the focus first when the clicked field is drawn above the one being typed in,
    /// and the letters are lost ("Wikinews" saved as "Wikine"). So the events from the first
    /// press after typed text on are held back and come at the start of the next frame: the
    /// field takes its letters, then loses the focus and is saved. Returns whether events
    /// were held back (the caller asks for the next frame at once).
    pub fn sequence_input(&mut self, raw: &mut egui::RawInput) -> bool {
        if !self.held_input.is_empty() {
            let mut events = std::mem::take(&mut self.held_input);
            events.append(&mut raw.events);
            raw.events = events;
        }
        let typed_then_pressed = raw
            .events
            .iter()
            .position(|e| matches!(e, egui::Event::Text(_) | egui::Event::Paste(_)))
            .and_then(|typed| {
                raw.events
                    .iter()
                    .skip(typed)
                    .position(|e| matches!(e, egui::Event::PointerButton { pressed: true, .. }))
                    .map(|press| typed + press)
            });
        if let Some(at) = typed_then_pressed {
            self.held_input = raw.events.split_off(at);
        }
        !self.held_input.is_empty()
    }
}

impl eframe::App for FactdeskApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.sequence_input(raw_input) {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_editor();
    }
}
