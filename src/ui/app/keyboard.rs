//! The keyboard shortcuts: one table, [`SHORTCUTS`], that both binds the keys
//! ([`FactdeskApp::keyboard`]) and fills Help → Keyboard shortcuts ([`shortcuts_ui`]), so the
//! list the user reads is the list the window obeys.

use egui::{InputState, Key, Modifiers, RichText};

use crate::model::Status;
use crate::store::write::ClaimPatch;
use crate::ui::{Action, FileDialog, article_view};

use super::FactdeskApp;

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    CreateClaim,
    SetVerdict,
    NextClaim,
    PreviousClaim,
    /// Close the dialog or window on top.
    CloseWindow,
    Deselect,
    /// Delete the selected claim, or dismiss the selected suggestion.
    Delete,
    AcceptSuggestion,
    Undo,
    Redo,
    FilterClaims,
    SearchArticles,
    Import,
    Paste,
    Open,
    Help,
}

/// Which key presses trigger a shortcut.
#[derive(Debug, Clone, Copy)]
enum Keys {
    /// These presses.
    Presses(&'static [(Modifiers, Key)]),
    /// The digit of each verdict ([`Status::digit`]).
    VerdictDigits,
    /// Handled by the article text itself (listed, not bound here).
    TextView,
    /// Handled by the field being typed in (listed, not bound here).
    Field,
}

/// One row of the table.
#[derive(Debug)]
struct Shortcut {
    /// As shown in the shortcuts window.
    keys: &'static str,
    /// What it does, as shown in the shortcuts window.
    what: &'static str,
    bound: Keys,
    /// Whether it works while typing in a field other than the article text.
    while_typing: bool,
    command: Option<Command>,
}

const NONE: Modifiers = Modifiers::NONE;
const ALT: Modifiers = Modifiers::ALT;
const COMMAND: Modifiers = Modifiers::COMMAND;
const COMMAND_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

/// Every shortcut, in the order Help → Keyboard shortcuts lists them.
const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        keys: "Ctrl+Enter",
        what: "Create a claim from the selected text",
        bound: Keys::Presses(&[(COMMAND, Key::Enter)]),
        while_typing: true,
        command: Some(Command::CreateClaim),
    },
    Shortcut {
        keys: "Shift+arrows",
        what: "Extend the selection in the article",
        bound: Keys::TextView,
        while_typing: true,
        command: None,
    },
    Shortcut {
        keys: "1 … 9, 0",
        what: "Set the selected claim's verdict (Unreviewed … Not checkable)",
        bound: Keys::VerdictDigits,
        while_typing: false,
        command: Some(Command::SetVerdict),
    },
    Shortcut {
        keys: "J / Alt+↓",
        what: "Next claim",
        bound: Keys::Presses(&[(NONE, Key::J), (ALT, Key::ArrowDown)]),
        while_typing: false,
        command: Some(Command::NextClaim),
    },
    Shortcut {
        keys: "K / Alt+↑",
        what: "Previous claim",
        bound: Keys::Presses(&[(NONE, Key::K), (ALT, Key::ArrowUp)]),
        while_typing: false,
        command: Some(Command::PreviousClaim),
    },
    Shortcut {
        keys: "Esc",
        what: "Cancel what is typed in a claim field (the saved value comes back)",
        bound: Keys::Field,
        while_typing: true,
        command: None,
    },
    Shortcut {
        keys: "Esc",
        what: "Close the window on top (Help, forms, Settings)",
        bound: Keys::Presses(&[(NONE, Key::Escape)]),
        while_typing: true,
        command: Some(Command::CloseWindow),
    },
    Shortcut {
        keys: "Esc",
        what: "Deselect the claim",
        bound: Keys::Presses(&[(NONE, Key::Escape)]),
        while_typing: false,
        command: Some(Command::Deselect),
    },
    Shortcut {
        keys: "Delete",
        what: "Delete the selected claim, or dismiss the selected suggestion",
        bound: Keys::Presses(&[(NONE, Key::Delete)]),
        while_typing: false,
        command: Some(Command::Delete),
    },
    Shortcut {
        keys: "Enter",
        what: "Make the selected suggestion a claim",
        bound: Keys::Presses(&[(NONE, Key::Enter)]),
        while_typing: false,
        command: Some(Command::AcceptSuggestion),
    },
    Shortcut {
        keys: "Ctrl+Z",
        what: "Undo",
        bound: Keys::Presses(&[(COMMAND, Key::Z)]),
        while_typing: false,
        command: Some(Command::Undo),
    },
    Shortcut {
        keys: "Ctrl+Shift+Z, Ctrl+Y",
        what: "Redo",
        bound: Keys::Presses(&[(COMMAND_SHIFT, Key::Z), (COMMAND, Key::Y)]),
        while_typing: false,
        command: Some(Command::Redo),
    },
    Shortcut {
        keys: "Ctrl+F",
        what: "Filter claims",
        bound: Keys::Presses(&[(COMMAND, Key::F)]),
        while_typing: true,
        command: Some(Command::FilterClaims),
    },
    Shortcut {
        keys: "Ctrl+Shift+F",
        what: "Search articles",
        bound: Keys::Presses(&[(COMMAND_SHIFT, Key::F)]),
        while_typing: true,
        command: Some(Command::SearchArticles),
    },
    Shortcut {
        keys: "Ctrl+I",
        what: "Import an article",
        bound: Keys::Presses(&[(COMMAND, Key::I)]),
        while_typing: true,
        command: Some(Command::Import),
    },
    Shortcut {
        keys: "Ctrl+Shift+V",
        what: "New article from clipboard",
        bound: Keys::Presses(&[(COMMAND_SHIFT, Key::V)]),
        while_typing: true,
        command: Some(Command::Paste),
    },
    Shortcut {
        keys: "Ctrl+O",
        what: "Open a workspace",
        bound: Keys::Presses(&[(COMMAND, Key::O)]),
        while_typing: true,
        command: Some(Command::Open),
    },
    Shortcut {
        keys: "F1",
        what: "This list",
        bound: Keys::Presses(&[(NONE, Key::F1)]),
        while_typing: true,
        command: Some(Command::Help),
    },
];

/// The key of a verdict's digit.
const fn digit_key(status: Status) -> Key {
    match status.digit() {
        '1' => Key::Num1,
        '2' => Key::Num2,
        '3' => Key::Num3,
        '4' => Key::Num4,
        '5' => Key::Num5,
        '6' => Key::Num6,
        '7' => Key::Num7,
        '8' => Key::Num8,
        '9' => Key::Num9,
        _ => Key::Num0,
    }
}

/// How many modifiers a press names. egui matches a press ignoring extra Shift and Alt, so
/// Ctrl+Z would also take Ctrl+Shift+Z: the presses naming more modifiers are tried first.
fn specificity(modifiers: Modifiers) -> u8 {
    u8::from(modifiers.alt)
        + u8::from(modifiers.shift)
        + u8::from(modifiers.command || modifiers.ctrl || modifiers.mac_cmd)
}

/// The presses of the table's shortcuts that work `while_typing` (or not), most specific
/// first, each with its command and, for a verdict digit, the verdict.
fn presses(while_typing: bool) -> Vec<(Modifiers, Key, Command, Option<Status>)> {
    let mut out = Vec::new();
    for shortcut in SHORTCUTS.iter().filter(|s| s.while_typing == while_typing) {
        let Some(command) = shortcut.command else {
            continue;
        };
        match shortcut.bound {
            Keys::Presses(presses) => {
                out.extend(presses.iter().map(|&(m, k)| (m, k, command, None)));
            }
            Keys::VerdictDigits => out.extend(
                Status::ALL
                    .into_iter()
                    .map(|s| (NONE, digit_key(s), command, Some(s))),
            ),
            Keys::TextView | Keys::Field => {}
        }
    }
    // Stable: equally specific presses keep the table's order.
    out.sort_by_key(|&(m, ..)| std::cmp::Reverse(specificity(m)));
    out
}

/// `label` with the first key press of `command` after it, as menus and buttons show it
/// ("Open…  (Ctrl+O)"), from the same table the keys obey.
pub(super) fn with_keys(label: &str, command: Command) -> String {
    let first = SHORTCUTS
        .iter()
        .filter(|s| s.command == Some(command))
        .find_map(|s| match s.bound {
            Keys::Presses(presses) => presses.first(),
            Keys::VerdictDigits | Keys::TextView | Keys::Field => None,
        });
    let Some(&(modifiers, key)) = first else {
        return label.to_owned();
    };
    let mut keys = String::new();
    for (held, name) in [
        (modifiers.command || modifiers.ctrl, "Ctrl+"),
        (modifiers.shift, "Shift+"),
        (modifiers.alt, "Alt+"),
    ] {
        if held {
            keys.push_str(name);
        }
    }
    keys.push_str(key.name());
    format!("{label}  ({keys})")
}

/// Whether the keyboard is typing into a field other than the article text.
fn typing_elsewhere(ctx: &egui::Context) -> bool {
    ctx.egui_wants_keyboard_input()
        && ctx.memory(egui::Memory::focused) != Some(article_view::text_id())
}

impl FactdeskApp {
    /// Whether this frame's Escape belongs to a field of the panels (the claim editor, the
    /// suggestion's speaker) that had the keyboard: that field puts its saved value back,
    /// and nothing else happens (no window closes, the claim stays selected). egui has
    /// already taken the focus away by the time the shortcuts are read.
    fn escape_cancels_a_field(&self, ctx: &egui::Context) -> bool {
        let Some(id) = self.focused_last_frame else {
            return false;
        };
        id != article_view::text_id()
            && ctx.input(|i| i.key_pressed(Key::Escape))
            && ctx
                .read_response(id)
                .is_some_and(|r| r.layer_id.order == egui::Order::Background)
    }

    /// Closes the dialog or window drawn on top (the last in `dialogs_ui`'s order); false
    /// when none is open. The first-run name prompt stays: it needs an answer.
    fn close_top_window(&mut self, actions: &mut Vec<Action>) -> bool {
        let dialogs = &mut self.dialogs;
        if dialogs.path_prompt.take().is_some()
            || std::mem::take(&mut dialogs.shortcuts)
            || std::mem::take(&mut dialogs.getting_started)
            || std::mem::take(&mut dialogs.settings)
        {
            return true;
        }
        if self.speaker_view.is_some() {
            actions.push(Action::ShowSpeaker(None));
            self.speaker_view = None;
            return true;
        }
        if self.revisions.take().is_some()
            || self.last_merge.take().is_some()
            || std::mem::take(&mut dialogs.conflicts)
            || dialogs.export.take().is_some()
        {
            return true;
        }
        if dialogs.import.is_some() {
            actions.push(Action::CancelImport);
            dialogs.import = None;
            return true;
        }
        if self.fetching.is_some() {
            actions.push(Action::CancelFetch);
            return true;
        }
        dialogs.url.take().is_some()
            || dialogs.paste.take().is_some()
            || self.team.form.take().is_some()
    }

    /// Takes this frame's shortcut presses ([`SHORTCUTS`]) and turns them into actions.
    pub(super) fn keyboard(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let field_escape = self.escape_cancels_a_field(ctx);
        let typing = typing_elsewhere(ctx) || field_escape;
        ctx.input_mut(|i| {
            for (modifiers, key, command, status) in presses(true) {
                if field_escape && command == Command::CloseWindow {
                    continue;
                }
                self.press(i, (modifiers, key), command, status, actions);
            }
            if typing {
                return;
            }
            for (modifiers, key, command, status) in presses(false) {
                self.press(i, (modifiers, key), command, status, actions);
            }
        });
    }

    /// Takes the press `(modifiers, key)` of `command` when it applies now (a suggestion or
    /// claim selected, for the keys that act on one).
    fn press(
        &mut self,
        i: &mut InputState,
        (modifiers, key): (Modifiers, Key),
        command: Command,
        status: Option<Status>,
        actions: &mut Vec<Action>,
    ) {
        let selected = self.doc.selected.clone();
        // Only a suggestion still in the list: a stale selection names nothing.
        let suggestion = self
            .suggest
            .selected
            .clone()
            .filter(|k| self.suggest.position(k).is_some());
        match command {
            Command::CreateClaim => {
                if i.consume_key(modifiers, key)
                    && let Some(range) = self.article_view.selection
                {
                    actions.push(Action::CreateClaim(range));
                }
            }
            Command::FilterClaims => {
                if i.consume_key(modifiers, key) {
                    self.filter.focus_text = true;
                }
            }
            Command::SearchArticles => {
                if i.consume_key(modifiers, key) {
                    self.library.focus_search = true;
                }
            }
            Command::Import => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::PickFile(FileDialog::Import));
                }
            }
            Command::Open => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::PickFile(FileDialog::Open));
                }
            }
            Command::Paste => {
                if i.consume_key(modifiers, key) {
                    self.open_paste_dialog();
                }
            }
            Command::Help => {
                if i.consume_key(modifiers, key) {
                    self.dialogs.shortcuts = true;
                }
            }
            Command::Redo => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::Redo);
                }
            }
            Command::Undo => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::Undo);
                }
            }
            Command::NextClaim => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::NextClaim);
                }
            }
            Command::PreviousClaim => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::PreviousClaim);
                }
            }
            Command::CloseWindow => {
                if self.dialogs.reviewer.is_none()
                    && i.key_pressed(key)
                    && self.close_top_window(actions)
                {
                    i.consume_key(modifiers, key);
                }
            }
            Command::Deselect => {
                if i.consume_key(modifiers, key) {
                    actions.push(Action::SelectClaim(None));
                }
            }
            Command::AcceptSuggestion => {
                if let Some(k) = suggestion
                    && i.consume_key(modifiers, key)
                {
                    actions.push(Action::AcceptSuggestion(k, self.suggest.speaker.clone()));
                }
            }
            Command::Delete => {
                if let Some(k) = suggestion.clone()
                    && i.consume_key(modifiers, key)
                {
                    actions.push(Action::DismissSuggestion(k));
                }
                if let Some(claim_id) = selected
                    && i.consume_key(modifiers, key)
                {
                    actions.push(Action::DeleteClaim(claim_id));
                }
            }
            Command::SetVerdict => {
                if let (Some(claim_id), Some(status)) = (selected, status)
                    && i.consume_key(modifiers, key)
                {
                    actions.push(Action::Patch(
                        claim_id,
                        ClaimPatch {
                            status: Some(status),
                            ..ClaimPatch::default()
                        },
                    ));
                }
            }
        }
    }
}

/// Help → Keyboard shortcuts, while `open`: the table, row by row.
pub(super) fn shortcuts_ui(ctx: &egui::Context, open: &mut bool) {
    if !*open {
        return;
    }
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for shortcut in SHORTCUTS {
                        ui.label(RichText::new(shortcut.keys).monospace());
                        ui.label(shortcut.what);
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::app::Settings;

    /// The actions and app after one frame in which `modifiers`+`key` was pressed.
    fn press_once(modifiers: Modifiers, key: Key) -> (FactdeskApp, Vec<Action>) {
        let mut app = FactdeskApp::new(Settings {
            reviewer: "test".into(),
            ..Settings::default()
        });
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            }],
            ..egui::RawInput::default()
        };
        let mut actions = Vec::new();
        ctx.begin_pass(input);
        app.keyboard(&ctx, &mut actions);
        // The pass's font textures are not uploaded anywhere: say so, or egui complains.
        ctx.end_pass().textures_delta.clear();
        (app, actions)
    }

    #[test]
    fn presses_naming_more_modifiers_are_tried_first() {
        let position = |list: &[(Modifiers, Key, Command, Option<Status>)], m, k| {
            list.iter()
                .position(|&(lm, lk, ..)| lm == m && lk == k)
                .unwrap()
        };
        let typing = presses(true);
        assert!(position(&typing, COMMAND_SHIFT, Key::F) < position(&typing, COMMAND, Key::F));
        let not_typing = presses(false);
        assert!(
            position(&not_typing, COMMAND_SHIFT, Key::Z) < position(&not_typing, COMMAND, Key::Z)
        );
    }

    #[test]
    fn menu_labels_show_the_first_key_of_their_shortcut() {
        assert_eq!(with_keys("Open…", Command::Open), "Open…  (Ctrl+O)");
        assert_eq!(with_keys("Redo", Command::Redo), "Redo  (Ctrl+Shift+Z)");
        assert_eq!(
            with_keys("Keyboard shortcuts", Command::Help),
            "Keyboard shortcuts  (F1)"
        );
        assert_eq!(with_keys("Verdict", Command::SetVerdict), "Verdict");
    }

    #[test]
    fn every_verdict_has_a_digit_of_its_own() {
        let mut keys: Vec<Key> = Status::ALL.into_iter().map(digit_key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Status::ALL.len());
    }

    #[test]
    fn ctrl_shift_f_searches_articles_and_ctrl_f_filters_claims() {
        let (app, _) = press_once(COMMAND_SHIFT, Key::F);
        assert!(app.library.focus_search);
        assert!(!app.filter.focus_text);
        let (app, _) = press_once(COMMAND, Key::F);
        assert!(app.filter.focus_text);
        assert!(!app.library.focus_search);
    }

    #[test]
    fn ctrl_shift_z_redoes_and_ctrl_z_undoes() {
        assert_eq!(press_once(COMMAND_SHIFT, Key::Z).1, vec![Action::Redo]);
        assert_eq!(press_once(COMMAND, Key::Y).1, vec![Action::Redo]);
        assert_eq!(press_once(COMMAND, Key::Z).1, vec![Action::Undo]);
    }

    #[test]
    fn verdict_digits_and_delete_need_a_selected_claim() {
        assert!(press_once(Modifiers::NONE, Key::Num3).1.is_empty());
        assert!(press_once(Modifiers::NONE, Key::Delete).1.is_empty());
        assert_eq!(
            press_once(Modifiers::NONE, Key::J).1,
            vec![Action::NextClaim]
        );
    }
}
