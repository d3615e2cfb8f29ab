//! The team workspace: a workspace file kept in step with one shared workspace on a
//! PostgreSQL server (`factdesk connect`, `factdesk sync`, Team → Connect in the window).
//!
//! The model is Zotero's: every synced row has a server version, writes are conditional on
//! it, and a row changed on both sides is merged three ways on the client against the last
//! synced copy of it (the **base**, kept in `sync_base`).
//!
//! One sync:
//! 1. **Recover**: changes sent before a crash whose answer never arrived (`sync_pending`)
//!    are looked up on the server by change id; those it applied become the base.
//! 2. **Pull**: the entries changed since the file's cursor (the workspace's change counter
//!    at the last pull) are read in one snapshot and applied in one local transaction,
//!    together with the new cursor. A row not changed here takes the server's; a row changed
//!    on both sides is merged field by field. A claim field changed on both sides to different
//!    values becomes a conflict in the same review as a file merge (`merge_conflict`): my
//!    value stays, theirs waits.
//! 3. **Push**: rows that differ from their base go up in one server transaction of
//!    conditional writes (`factdesk.push`), each with a change id recorded first in
//!    `sync_pending`. A conflicted field goes up with the server's value until someone
//!    settles it; so does a final verdict a checker sets where the workspace requires
//!    sign-off. A write refused because the row moved on comes back down at the next pull
//!    (the sync repeats pull and push until nothing is refused, at most four times).

mod merge3;
mod pull;
mod push;
pub mod server;
pub mod trust;

use merge3::*;
pub use merge3::{Merged, canonical, merge3};
use pull::*;
use push::*;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator as _;
use serde::Serialize;

use crate::model::{new_id, now_timestamp};
use crate::store::{Workspace, sync_state};
use crate::{Error, Result};

pub use crate::store::sync_state::{Link, link};

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The server workspace.
    pub workspace: String,
    /// Changes of mine the server took.
    pub pushed: usize,
    /// Changes of others applied here.
    pub pulled: usize,
    /// Claim fields found changed on both sides in this sync (now in the conflict review).
    pub new_conflicts: usize,
    /// Conflicts open in the file after the sync.
    pub open_conflicts: usize,
    /// Final verdicts set here that went up as proposals for an editor to sign off (the
    /// workspace requires sign-off).
    pub held_for_signoff: usize,
    /// Claims whose proposed verdict waits for an editor's sign-off, after the sync.
    pub awaiting_signoff: usize,
    /// Changes sent before an interruption, found applied by the server.
    pub recovered: usize,
    /// Entries from the server that could not be applied, with why (and local changes that
    /// could not be sent).
    pub rejected: Vec<String>,
    /// Writes refused because the row had moved on: merged with the server's row and sent
    /// again.
    pub refused: usize,
    /// Claims made here on an older text that moved onto a colleague's newer one.
    pub reanchored: usize,
    /// Speakers made separately for the same person (same name), made one.
    pub unified_speakers: usize,
    /// The cursor after the sync.
    pub cursor: i64,
}

impl SyncReport {
    fn absorb(&mut self, other: &Self) {
        self.pushed += other.pushed;
        self.pulled += other.pulled;
        self.new_conflicts += other.new_conflicts;
        self.held_for_signoff = other.held_for_signoff;
        self.recovered += other.recovered;
        self.reanchored += other.reanchored;
        self.unified_speakers += other.unified_speakers;
        self.rejected.extend(other.rejected.iter().cloned());
    }
}

/// What the connected login may do in the workspace.
#[derive(Debug, Clone)]
struct Access {
    requires_signoff: bool,
    role: Option<String>,
}

impl Access {
    fn may_sign_off(&self) -> bool {
        !self.requires_signoff || matches!(self.role.as_deref(), Some("editor" | "admin"))
    }
}

fn no_access(name: &str) -> Error {
    Error::server(format!(
        "workspace {name} is not visible to this login: it was removed from the workspace's desk, or never was on it"
    ))
}

fn access(client: &mut Client, link: &Link) -> Result<Access> {
    let row = client
        .query_opt(
            "SELECT requires_signoff, factdesk.my_role(desk_id) FROM factdesk.workspace
             WHERE id = $1 AND id IN (SELECT factdesk.my_workspaces())",
            &[&link.workspace_id],
        )?
        .ok_or_else(|| no_access(&link.workspace))?;
    Ok(Access {
        requires_signoff: row.try_get(0)?,
        role: row.try_get(1)?,
    })
}

/// What `connect` did.
#[derive(Debug, Clone, Serialize)]
pub struct Connected {
    /// The workspace was created from the file.
    pub created: bool,
    /// The first sync.
    pub sync: SyncReport,
}

/// Links the workspace file to the server workspace `name` at `url` and syncs it once
/// (`factdesk connect`). A workspace that does not exist yet is created from the file's
/// content, on `desk` or the one desk where the login is an editor or admin.
///
/// # Errors
/// [`Error::InvalidInput`] when the file is linked to another workspace;
/// [`Error::Server`] when the server is unreachable, the login may not create the
/// workspace, or the name is taken by a desk the login cannot see.
pub fn connect(ws: &mut Workspace, url: &str, name: &str, desk: Option<&str>) -> Result<Connected> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("workspace", "give the workspace's name"));
    }
    let shown = server::redact(url)?;
    if let Some(l) = link(ws.conn())?
        && (l.workspace != name || l.url != shown)
    {
        return Err(Error::invalid(
            "connect",
            format!(
                "this file is linked to workspace {} at {}; `factdesk disconnect FILE` unlinks it first",
                l.workspace, l.url
            ),
        ));
    }
    let mut client = server::connect(url)?;
    server::check_version(&mut client)?;
    let found: Option<String> = client
        .query_opt(
            "SELECT id FROM factdesk.workspace WHERE name = $1",
            &[&name],
        )?
        .map(|r| r.try_get(0))
        .transpose()?;
    let created = found.is_none();
    let id = match found {
        Some(id) => id,
        None => create_workspace(&mut client, name, desk)?,
    };
    // The user typed this URL: from now on this machine uses it for this workspace.
    trust::trust(&shown, &id)?;
    let now = now_timestamp();
    ws.write(|tx| sync_state::set_link(tx, &shown, &id, name, &now))?;
    let sync = sync(ws, &mut client)?;
    Ok(Connected { created, sync })
}

fn create_workspace(client: &mut Client, name: &str, desk: Option<&str>) -> Result<String> {
    let desks: Vec<(String, String, Option<String>)> = client
        .query(
            "SELECT id, name, factdesk.my_role(id) FROM factdesk.desk
             WHERE id IN (SELECT factdesk.my_desks()) ORDER BY name",
            &[],
        )?
        .into_iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_>>()?;
    let may_create = |role: &Option<String>| matches!(role.as_deref(), Some("editor" | "admin"));
    let chosen = match desk {
        Some(d) => desks
            .iter()
            .find(|(_, n, _)| n == d.trim())
            .ok_or_else(|| Error::server(format!("this login is not a member of desk {d}")))?,
        None => {
            let mut able = desks.iter().filter(|(_, _, r)| may_create(r));
            match (able.next(), able.next()) {
                (Some(one), None) => one,
                (None, _) => {
                    return Err(Error::server(format!(
                        "there is no workspace {name}, and only a desk's editor or admin can create one"
                    )));
                }
                (Some(_), Some(_)) => {
                    return Err(Error::invalid(
                        "desk",
                        "this login is an editor on several desks: say which with --desk",
                    ));
                }
            }
        }
    };
    if !may_create(&chosen.2) {
        return Err(Error::server(format!(
            "there is no workspace {name}, and only an editor or admin of desk {} can create one",
            chosen.1
        )));
    }
    let id = new_id();
    client
        .execute(
            "INSERT INTO factdesk.workspace (id, name, desk_id) VALUES ($1, $2, $3)",
            &[&id, &name, &chosen.0],
        )
        .map_err(|e| {
            if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) {
                Error::server(format!(
                    "a workspace named {name} already exists on a desk this login is not on"
                ))
            } else {
                e.into()
            }
        })?;
    Ok(id)
}

/// Unlinks the file from its server workspace (`factdesk disconnect`): the file keeps all
/// its content and becomes an ordinary workspace again. Returns whether it was linked.
///
/// # Errors
/// SQLite errors.
pub fn disconnect(ws: &mut Workspace) -> Result<bool> {
    ws.write(sync_state::unlink)
}

/// Syncs the linked file once with the server `client` is connected to.
///
/// # Errors
/// [`Error::InvalidInput`] when the file is not linked; [`Error::Server`] when the server
/// goes away or refuses (what was committed on either side stays, and the next sync
/// carries on from there); SQLite errors.
pub fn sync(ws: &mut Workspace, client: &mut Client) -> Result<SyncReport> {
    let Some(l) = link(ws.conn())? else {
        return Err(Error::invalid(
            "sync",
            "this file is not linked to a team workspace: `factdesk connect FILE URL --workspace NAME`",
        ));
    };
    server::check_version(client)?;
    let access = access(client, &l)?;
    let mut report = SyncReport {
        workspace: l.workspace.clone(),
        ..SyncReport::default()
    };
    report.recovered = recover(ws, client, &l)?;
    let pulled = pull(ws, client, &l)?;
    report.absorb(&pulled);
    crate::test_support::gate_before_push();
    // A write refused because the row moved on since the pull: the row as the server has it
    // now is merged here, and the merge goes up on the new base.
    for _ in 0..4 {
        let (pushed, refused) = push(ws, client, &l, &access)?;
        report.absorb(&pushed);
        if refused.is_empty() {
            break;
        }
        report.refused += refused.len();
        let (fetched, parents_missing) = fetch_and_merge(ws, client, &l, &refused)?;
        report.absorb(&fetched);
        // The server's row points at rows this copy has not pulled yet (a colleague's newer
        // revision): pull everything new, so the row merges against its real parents,
        // instead of taking it as the base unmerged and pushing over it.
        if parents_missing {
            let pulled = pull(ws, client, &l)?;
            report.absorb(&pulled);
        }
    }
    let now = now_timestamp();
    ws.write(|tx| {
        sync_state::set_synced_at(tx, &now)?;
        // A colleague's file merged here later holds its final verdicts for sign-off too.
        let signoff = if access.requires_signoff { "1" } else { "0" };
        crate::store::write::set_meta(tx, crate::store::merge::SIGNOFF_META, signoff)
    })?;
    report.cursor = link(ws.conn())?.map_or(0, |l| l.cursor);
    report.open_conflicts = crate::store::conflict::count_open(ws.conn())?;
    report.awaiting_signoff = crate::store::read::awaiting_signoff(ws.conn())?;
    Ok(report)
}

/// Connects with `url` and syncs once, if this machine's user named or confirmed that
/// server for the file's workspace ([`trust`]).
///
/// # Errors
/// [`Error::InvalidInput`] for a link this machine does not trust; as [`server::connect`]
/// and [`sync`].
pub fn sync_url(ws: &mut Workspace, url: &str) -> Result<SyncReport> {
    if let Some(l) = link(ws.conn())? {
        trust::require(url, &l.workspace, &l.workspace_id)?;
    }
    let mut client = server::connect(url)?;
    sync(ws, &mut client)
}

fn recover(ws: &mut Workspace, client: &mut Client, l: &Link) -> Result<usize> {
    let pending = sync_state::pending(ws.conn())?;
    if pending.is_empty() {
        return Ok(0);
    }
    let ids: Vec<&str> = pending.iter().map(|p| p.change_id.as_str()).collect();
    let applied: HashMap<String, i64> = client
        .query(
            "SELECT change_id, version FROM factdesk.applied_change
             WHERE workspace_id = $1 AND change_id = ANY($2)",
            &[&l.workspace_id, &ids],
        )?
        .into_iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    ws.write(|tx| {
        let mut n = 0;
        for p in &pending {
            if let Some(version) = applied.get(&p.change_id) {
                sync_state::set_base(tx, &p.kind, &p.id, *version, &p.data)?;
                n += 1;
            }
            sync_state::remove_pending(tx, &p.change_id)?;
        }
        Ok(n)
    })
}

/// How the link to the server is doing, for the window's indicator and `sync --watch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    /// Talking to the server.
    Syncing,
    /// In step with the server after this sync.
    Online {
        /// What the sync did.
        report: SyncReport,
    },
    /// The server cannot be reached; edits wait in the file.
    Offline {
        /// Why.
        reason: String,
    },
    /// The server refused (no access, a rule, a newer schema); retried at the next poll.
    Refused {
        /// Why.
        reason: String,
    },
}

/// Keeps the file in step with the server until `stop` is set (`sync --watch`, the
/// window's worker thread), telling `on_state` about every sync and every change of state.
/// A colleague's change arrives within about a second of its commit: the loop listens for
/// the workspace's notifications (LISTEN/NOTIFY), and also syncs every `poll` (in case a
/// notification is lost, e.g. behind a connection pooler) and whenever the file is changed
/// by another connection. When the server is unreachable it says so and retries with a
/// growing pause (at most `poll`); edits made meanwhile go up on reconnect.
///
/// # Errors
/// [`Error::InvalidInput`] when the file is not linked; SQLite errors on the file.
pub fn watch(
    ws: &mut Workspace,
    url: &str,
    poll: Duration,
    stop: &AtomicBool,
    mut on_state: impl FnMut(&SyncState),
) -> Result<()> {
    let Some(l) = link(ws.conn())? else {
        return Err(Error::invalid(
            "sync",
            "this file is not linked to a team workspace: `factdesk connect FILE URL --workspace NAME`",
        ));
    };
    trust::require(url, &l.workspace, &l.workspace_id)?;
    let channel = format!("factdesk_{}", l.workspace_id.replace('-', ""));
    if !channel
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(Error::invalid("sync link", "the workspace id is malformed"));
    }
    let tick = Duration::from_millis(200);
    let mut retry = Duration::from_millis(250);
    let pause = |d: Duration| {
        let until = Instant::now() + d;
        while Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(tick.min(until.saturating_duration_since(Instant::now())));
        }
    };
    while !stop.load(Ordering::Relaxed) {
        let connected = server::connect(url).and_then(|mut c| {
            c.batch_execute(&format!("LISTEN {channel}"))?;
            Ok(c)
        });
        let mut client = match connected {
            Ok(c) => c,
            Err(e) => {
                on_state(&offline_or_refused(e));
                pause(retry);
                retry = (retry * 2).min(poll);
                continue;
            }
        };
        let mut seen = crate::store::read::data_version(ws.conn())?;
        let mut last = Instant::now();
        let mut due = true;
        while !stop.load(Ordering::Relaxed) {
            if due {
                on_state(&SyncState::Syncing);
                let outcome = sync(ws, &mut client);
                seen = crate::store::read::data_version(ws.conn())?;
                last = Instant::now();
                match outcome {
                    Ok(report) => {
                        retry = Duration::from_millis(250);
                        on_state(&SyncState::Online { report });
                    }
                    Err(e @ Error::Server { .. }) => {
                        let state = offline_or_refused(e);
                        let offline = matches!(state, SyncState::Offline { .. });
                        on_state(&state);
                        if offline || client.is_closed() {
                            break; // reconnect
                        }
                    }
                    // The file itself (busy for longer than the timeout, full disk):
                    // said, and tried again at the next poll.
                    Err(other) => on_state(&SyncState::Refused {
                        reason: other.to_string(),
                    }),
                }
            }
            let mut notified = false;
            let mut lost = None;
            {
                let mut n = client.notifications();
                match n.timeout_iter(tick).next() {
                    Ok(Some(_)) => notified = true,
                    Err(e) => lost = Some(e),
                    Ok(None) => {}
                }
                // One sync covers every notification already here.
                let mut drained = 0;
                while drained < 1000 && matches!(n.iter().next(), Ok(Some(_))) {
                    drained += 1;
                }
            }
            if let Some(e) = lost {
                on_state(&offline_or_refused(e.into()));
                break;
            }
            if client.is_closed() {
                on_state(&SyncState::Offline {
                    reason: "the connection to the server was lost".to_owned(),
                });
                break;
            }
            due = notified
                || crate::store::read::data_version(ws.conn())? != seen
                || last.elapsed() >= poll;
        }
        // The connection broke: wait before the next try, longer each time it breaks again
        // before a sync succeeds.
        pause(retry);
        retry = (retry * 2).min(poll);
    }
    Ok(())
}

fn offline_or_refused(e: Error) -> SyncState {
    match e {
        Error::Server {
            reason,
            offline: true,
        } => SyncState::Offline { reason },
        other => SyncState::Refused {
            reason: other.to_string(),
        },
    }
}
