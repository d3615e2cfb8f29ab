//! The team workspace in the window: the Connect form, the worker thread that keeps the
//! file in step with the server (`sync::watch`, on its own connection to the file, so the
//! window picks up what it pulls like another window's edits), and the status indicator.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use egui::{RichText, Ui};

use crate::store::Workspace;
use crate::sync::{self, Link, SyncState, server};
use crate::ui::{Action, theme};

/// How often the worker syncs when no notification arrives.
pub const POLL: Duration = Duration::from_secs(10);

/// The Connect form's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamForm {
    /// postgres://LOGIN@HOST:PORT/DATABASE (a password typed here is used, never stored).
    pub url: String,
    /// The password (kept in memory only while connected).
    pub password: String,
    /// The workspace's name on the server.
    pub workspace: String,
    /// The desk, for a new workspace when the login is an editor on several.
    pub desk: String,
    /// Whether the file is already linked (then the URL and workspace are the link's).
    pub linked: bool,
    /// The server of a link made on another machine (a received file): the user confirms
    /// it before the password goes there.
    pub untrusted_host: Option<String>,
}

impl TeamForm {
    /// The form for a linked file: its URL and workspace, the password to type.
    pub fn for_link(link: &Link) -> Self {
        let trusted = sync::trust::is_trusted(&link.url, &link.workspace_id);
        Self {
            url: link.url.clone(),
            workspace: link.workspace.clone(),
            linked: true,
            untrusted_host: (!trusted).then(|| server::host_of(&link.url)),
            ..Self::default()
        }
    }
}

/// What the worker reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamEvent {
    /// The link's state changed, or a sync finished.
    State(SyncState),
    /// The file was linked to the workspace (`created`: made from the file).
    Linked {
        /// The workspace was created.
        created: bool,
    },
    /// The worker stopped with this error (a file error, or connecting was refused).
    Stopped(String),
}

/// The worker thread keeping the file in step with the server.
#[derive(Debug)]
pub struct TeamJob {
    stop: Arc<AtomicBool>,
    events: Receiver<TeamEvent>,
    handle: Option<JoinHandle<()>>,
}

impl TeamJob {
    /// Starts syncing the file at `path` with the server at `url` (password included);
    /// `connect` first links it to workspace (name, desk) when it is not linked yet.
    pub fn start(path: PathBuf, url: String, connect: Option<(String, Option<String>)>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, events) = channel();
        let flag = Arc::clone(&stop);
        let handle = std::thread::Builder::new()
            .name("factdesk-sync".to_owned())
            .spawn(move || work(&path, &url, connect, &flag, &tx))
            .ok();
        Self {
            stop,
            events,
            handle,
        }
    }

    /// The events since the last call.
    pub fn drain(&self) -> Vec<TeamEvent> {
        self.events.try_iter().collect()
    }

    /// Whether the worker is still running.
    pub fn running(&self) -> bool {
        self.handle.as_ref().is_some_and(|h| !h.is_finished())
    }

    /// Asks the worker to stop. It finishes the sync under way (the server's timeouts bound
    /// it) and ends on its own: the window never waits for the network.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.handle = None;
    }
}

impl Drop for TeamJob {
    fn drop(&mut self) {
        self.stop();
    }
}

fn work(
    path: &std::path::Path,
    url: &str,
    connect: Option<(String, Option<String>)>,
    stop: &AtomicBool,
    tx: &Sender<TeamEvent>,
) {
    let mut ws = match Workspace::open(path) {
        Ok(ws) => ws,
        Err(e) => {
            let _ = tx.send(TeamEvent::Stopped(e.to_string()));
            return;
        }
    };
    if let Some((name, desk)) = connect {
        let _ = tx.send(TeamEvent::State(SyncState::Syncing));
        match sync::connect(&mut ws, url, &name, desk.as_deref()) {
            Ok(done) => {
                let _ = tx.send(TeamEvent::Linked {
                    created: done.created,
                });
                let _ = tx.send(TeamEvent::State(SyncState::Online { report: done.sync }));
            }
            Err(e) => {
                let _ = tx.send(TeamEvent::Stopped(e.to_string()));
                return;
            }
        }
    }
    let sent = |s: &SyncState| {
        let _ = tx.send(TeamEvent::State(s.clone()));
    };
    if let Err(e) = sync::watch(&mut ws, url, POLL, stop, sent) {
        let _ = tx.send(TeamEvent::Stopped(e.to_string()));
    }
}

/// The team state of the window.
#[derive(Debug, Default)]
pub struct TeamState {
    /// The Connect form, when open.
    pub form: Option<TeamForm>,
    /// The worker, while syncing.
    pub job: Option<TeamJob>,
    /// The last state the worker reported, and when (egui time).
    pub state: Option<(SyncState, f64)>,
    /// When the last sync that changed something finished, for the indicator.
    pub last_sync: Option<chrono::DateTime<chrono::Local>>,
    /// Why the worker stopped, if it did.
    pub stopped: Option<String>,
    /// The file's link, read with the rest of the file.
    pub link: Option<Link>,
    /// The form last submitted (without its password): shown again when connecting fails.
    pub last_form: Option<TeamForm>,
}

impl TeamState {
    /// Builds the worker's URL from the form.
    ///
    /// # Errors
    /// A message for the form when the URL is not a PostgreSQL URL with a login.
    pub fn url_of(form: &TeamForm) -> Result<String, String> {
        let url = form.url.trim();
        if form.password.is_empty() {
            server::redact(url).map_err(|e| e.to_string())?;
            return Ok(url.to_owned());
        }
        server::with_password(url, &form.password).map_err(|e| e.to_string())
    }
}

/// The Connect window. Returns the action to start syncing.
pub fn form_ui(ctx: &egui::Context, form: &mut Option<TeamForm>) -> Option<Action> {
    let mut open = form.is_some();
    let mut action = None;
    let mut close = false;
    if let Some(f) = form.as_mut() {
        egui::Window::new("Connect to a team workspace")
            .open(&mut open)
            .default_width(520.0)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("team_form").num_columns(2).show(ui, |ui| {
                    let label = ui.label("Server");
                    ui.add_enabled(
                        !f.linked,
                        egui::TextEdit::singleline(&mut f.url)
                            .hint_text("postgres://you@db.newsroom.example:5432/factdesk")
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("A PostgreSQL URL with your login; ?sslmode=require for TLS");
                    ui.end_row();
                    let label = ui.label("Password");
                    ui.add(
                        egui::TextEdit::singleline(&mut f.password)
                            .password(true)
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("Used while the window is open; never written to the file");
                    ui.end_row();
                    let label = ui.label("Workspace");
                    ui.add_enabled(
                        !f.linked,
                        egui::TextEdit::singleline(&mut f.workspace).desired_width(360.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    if !f.linked {
                        let label = ui.label("Desk");
                        ui.add(
                            egui::TextEdit::singleline(&mut f.desk)
                                .hint_text("only to create a workspace on one of several desks")
                                .desired_width(360.0),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    }
                });
                if !f.linked {
                    ui.label(
                        RichText::new(
                            "A workspace that does not exist yet is created from this file.",
                        )
                        .weak(),
                    );
                }
                let connect_label = match &f.untrusted_host {
                    Some(host) => {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!(
                                "This file was linked on another machine. Its server is {host}: \
                                 your password goes there. Connect only if it is your \
                                 newsroom's server."
                            ),
                        );
                        format!("Trust {host} and connect")
                    }
                    None => "Connect".to_owned(),
                };
                ui.horizontal(|ui| {
                    let ready = !f.url.trim().is_empty() && !f.workspace.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new(connect_label))
                        .clicked()
                    {
                        action = Some(Action::TeamConnect(f.clone()));
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
    }
    if !open || close {
        *form = None;
    }
    action
}

/// The status bar's indicator: workspace, online / offline / syncing, open conflicts. Drawn
/// in the status bar's right-to-left layout, so its parts are added from the right.
pub fn indicator_ui(ui: &mut Ui, team: &TeamState, conflicts: usize) -> Option<Action> {
    if team.link.is_none() && team.job.is_none() {
        return None;
    }
    let mut action = None;
    let name = team
        .link
        .as_ref()
        .map_or_else(String::new, |l| l.workspace.clone());
    let running = team.job.as_ref().is_some_and(TeamJob::running);
    ui.separator();
    if running {
        if ui
            .small_button("Disconnect")
            .on_hover_text("Stop syncing; the file keeps everything and its link")
            .clicked()
        {
            action = Some(Action::TeamStop);
        }
    } else if ui
        .small_button("Connect…")
        .on_hover_text("Sync this file with its team workspace")
        .clicked()
    {
        action = Some(Action::ShowTeamForm);
    }
    if running
        && let Some((SyncState::Online { report }, _)) = &team.state
        && report.awaiting_signoff > 0
    {
        ui.label(
            RichText::new(format!("{} awaiting sign-off", report.awaiting_signoff))
                .color(theme::TEAM_ATTENTION),
        )
        .on_hover_text("Claims with a verdict proposed by a checker: an editor signs it off or declines it in the claim");
    }
    if conflicts > 0
        && ui
            .button(
                RichText::new(if conflicts == 1 {
                    "1 conflict".to_owned()
                } else {
                    format!("{conflicts} conflicts")
                })
                .color(theme::TEAM_ATTENTION),
            )
            .on_hover_text("Fields changed here and by a colleague: review them")
            .clicked()
    {
        action = Some(Action::ShowConflicts);
    }
    let (dot, text, hover) = match (&team.state, running) {
        (_, false) => (
            theme::TEAM_OFF,
            format!("Team {name}: not connected"),
            team.stopped
                .clone()
                .unwrap_or_else(|| "Edits are kept here; connect to sync them".to_owned()),
        ),
        (Some((SyncState::Online { report }, _)), true) => (
            theme::TEAM_ONLINE,
            format!(
                "Team {name}: online{}",
                team.last_sync
                    .map(|t| format!(" · synced {}", t.format("%H:%M:%S")))
                    .unwrap_or_default()
            ),
            format!(
                "Last sync: pushed {}, pulled {}{}",
                report.pushed,
                report.pulled,
                if report.awaiting_signoff > 0 {
                    format!(
                        "; {} verdicts await an editor's sign-off",
                        report.awaiting_signoff
                    )
                } else {
                    String::new()
                }
            ),
        ),
        (Some((SyncState::Offline { reason }, _)), true) => (
            theme::TEAM_TROUBLE,
            format!("Team {name}: offline, edits wait here"),
            format!("{reason}. Retrying."),
        ),
        (Some((SyncState::Refused { reason }, _)), true) => (
            theme::TEAM_TROUBLE,
            format!("Team {name}: refused"),
            reason.clone(),
        ),
        (Some((SyncState::Syncing, _)) | None, true) => (
            theme::TEAM_SYNCING,
            format!("Team {name}: syncing…"),
            "Talking to the server".to_owned(),
        ),
    };
    ui.label(text).on_hover_text(hover);
    ui.label(RichText::new("●").color(dot));
    action
}
