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

pub mod rows;
pub mod server;
pub mod trust;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator as _;
use postgres::{Client, IsolationLevel};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{Status, new_id, now_timestamp};
use crate::store::Workspace;
use crate::store::dump::ClaimRow;
use crate::store::merge::{Field, field_value};
use crate::{Error, Result};
use rows::{Data, Kind};

/// The link of a file to a server workspace (`sync_link`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The server's URL, without a password.
    pub url: String,
    /// The workspace's id on the server.
    pub workspace_id: String,
    /// Its name.
    pub workspace: String,
    /// The server sequence of the last change pulled.
    pub cursor: i64,
    /// When the file was linked (RFC 3339).
    pub linked_at: String,
    /// When it last synced ('' before the first).
    pub synced_at: String,
}

/// The file's link, if it has one.
///
/// # Errors
/// SQLite errors.
pub fn link(conn: &Connection) -> Result<Option<Link>> {
    Ok(conn
        .query_row(
            "SELECT url, workspace_id, workspace, cursor, linked_at, synced_at FROM sync_link",
            [],
            |r| {
                Ok(Link {
                    url: r.get(0)?,
                    workspace_id: r.get(1)?,
                    workspace: r.get(2)?,
                    cursor: r.get(3)?,
                    linked_at: r.get(4)?,
                    synced_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

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
    ws.write(|tx| {
        tx.execute(
            "INSERT INTO sync_link (only_row, url, workspace_id, workspace, cursor, linked_at)
             VALUES (1, ?1, ?2, ?3, 0, ?4) ON CONFLICT (only_row) DO NOTHING",
            params![shown, id, name, now],
        )?;
        Ok(())
    })?;
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
    ws.write(|tx| {
        let n = tx.execute("DELETE FROM sync_link", [])?;
        tx.execute("DELETE FROM sync_base", [])?;
        tx.execute("DELETE FROM sync_pending", [])?;
        Ok(n > 0)
    })
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
    test_gate_before_push();
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
        tx.execute("UPDATE sync_link SET synced_at = ?1", [&now])?;
        // A colleague's file merged here later holds its final verdicts for sign-off too.
        let signoff = if access.requires_signoff { "1" } else { "0" };
        crate::store::write::set_meta(tx, crate::store::merge::SIGNOFF_META, signoff)
    })?;
    report.cursor = link(ws.conn())?.map_or(0, |l| l.cursor);
    report.open_conflicts = ws
        .conn()
        .query_row("SELECT count(*) FROM merge_conflict", [], |r| {
            r.get::<_, i64>(0)
        })?
        .try_into()
        .unwrap_or(0);
    report.awaiting_signoff = ws
        .conn()
        .query_row(
            "SELECT count(*) FROM claim WHERE proposed_status <> '' AND deleted = 0",
            [],
            |r| r.get::<_, i64>(0),
        )?
        .try_into()
        .unwrap_or(0);
    Ok(report)
}

/// Test hook (tests/team/team.rs): with `FACTDESK_TEST_GATE_BEFORE_PUSH=PATH`, a sync stops
/// between its pull and its push, writes `PATH.waiting`, and goes on when `PATH` exists (at
/// most a minute later), so that a colleague's push can land in between.
fn test_gate_before_push() {
    let Some(gate) = std::env::var_os("FACTDESK_TEST_GATE_BEFORE_PUSH") else {
        return;
    };
    let gate = std::path::PathBuf::from(gate);
    let mut waiting = gate.clone().into_os_string();
    waiting.push(".waiting");
    let _ = std::fs::write(&waiting, b"");
    let until = Instant::now() + Duration::from_secs(60);
    while !gate.exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
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
    let pending: Vec<(String, String, String, String)> = {
        let mut stmt = ws
            .conn()
            .prepare("SELECT change_id, kind, id, data FROM sync_pending")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    if pending.is_empty() {
        return Ok(0);
    }
    let ids: Vec<&str> = pending.iter().map(|p| p.0.as_str()).collect();
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
        for (change_id, kind, id, data) in &pending {
            if let Some(version) = applied.get(change_id) {
                set_base(tx, kind, id, *version, data)?;
                n += 1;
            }
            tx.execute("DELETE FROM sync_pending WHERE change_id = ?1", [change_id])?;
        }
        Ok(n)
    })
}

fn set_base(tx: &Transaction<'_>, kind: &str, id: &str, version: i64, data: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_base (kind, id, server_version, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, id) DO UPDATE SET server_version = excluded.server_version,
             data = excluded.data
         WHERE excluded.server_version > sync_base.server_version",
    )?
    .execute(params![kind, id, version, data])?;
    Ok(())
}

/// The canonical JSON text of a row's data: its kind's columns in order (and a speaker's
/// aliases), so equal rows give equal texts whichever side built them.
pub fn canonical(kind: Kind, data: &Data) -> String {
    if !kind.mutable() {
        return String::new();
    }
    let mut out = serde_json::Map::new();
    for key in keys(kind) {
        let value = data.get(*key).cloned().unwrap_or(Value::Null);
        // Keys added later are left out when empty, as entries from before them are.
        if kind.is_later(key) && (value.is_null() || value.as_str() == Some("")) {
            continue;
        }
        out.insert((*key).to_owned(), value);
    }
    Value::Object(out).to_string()
}

/// The keys of a mutable kind's entry that merge and compare: its synced columns
/// ([`Kind::col_names`]) and a speaker's aliases; none for kinds that never change.
fn keys(kind: Kind) -> Vec<&'static &'static str> {
    static ALIASES: &str = "aliases";
    if !kind.mutable() {
        return Vec::new();
    }
    let mut out: Vec<_> = kind.col_names().collect();
    if kind == Kind::Speaker {
        out.push(&ALIASES);
    }
    out
}

/// The columns of a claim that make up each field a person settles.
const fn field_keys(field: Field) -> &'static [&'static str] {
    match field {
        Field::Speaker => &["speaker_id"],
        Field::Status => &["status"],
        Field::Summary => &["summary"],
        Field::Notes => &["notes"],
        Field::Deleted => &["deleted"],
        Field::Anchor => &[
            "revision_id",
            "start_char",
            "end_char",
            "quote",
            "prefix",
            "suffix",
            "anchor_state",
            "previous_quote",
        ],
    }
}

fn project(data: &Data, keys: &[&str]) -> Vec<Value> {
    keys.iter()
        .map(|k| data.get(*k).cloned().unwrap_or(Value::Null))
        .collect()
}

fn text<'a>(data: &'a Data, key: &str) -> &'a str {
    data.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The result of merging a row changed on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The row to keep here.
    pub data: Data,
    /// Claim fields changed on both sides to different values: mine is in `data`.
    pub conflicts: Vec<Field>,
}

/// Three-way merge of one row: `base` is the last synced copy (empty when both sides made
/// the row independently), `mine` the local row, `theirs` the server's. A field changed on
/// one side only takes that side. A claim field changed on both sides to different values
/// is a conflict for a person (mine kept); for the other kinds, which the window does not
/// edit field by field, the later change wins (by `updated_at`), a deletion loses to a
/// keep, and a speaker's aliases are united.
pub fn merge3(kind: Kind, base: &Data, mine: &Data, theirs: &Data) -> Merged {
    let mut data = mine.clone();
    let mut conflicts = Vec::new();
    let theirs_later = text(theirs, "updated_at") > text(mine, "updated_at");
    let mut person_fields: Vec<(&[&str], Option<Field>)> = Vec::new();
    if kind == Kind::Claim {
        for f in Field::ALL {
            person_fields.push((field_keys(f), Some(f)));
        }
        for ks in [&["article_id"], &["created_at"], &["created_by"]] {
            person_fields.push((ks, None));
        }
        // A verdict waiting for sign-off: the later change of it stands.
        person_fields.push((&["proposed_status", "proposed_by"], None));
    } else {
        for k in keys(kind) {
            if !matches!(*k, "updated_at" | "updated_by" | "aliases") {
                person_fields.push((std::slice::from_ref(k), None));
            }
        }
    }
    for (ks, field) in person_fields {
        let (b, m, t) = (project(base, ks), project(mine, ks), project(theirs, ks));
        if m == t || t == b {
            continue;
        }
        let take_theirs = if m == b {
            true
        } else if let Some(f) = field {
            conflicts.push(f);
            false
        } else if ks == ["deleted"] {
            // One side deleted, the other kept it: keep (nothing is lost).
            t.first() == Some(&Value::Bool(false))
        } else {
            theirs_later
        };
        if take_theirs {
            for k in ks {
                data.insert(
                    (*k).to_owned(),
                    theirs.get(*k).cloned().unwrap_or(Value::Null),
                );
            }
        }
    }
    if kind == Kind::Claim && !conflicts.contains(&Field::Deleted) {
        // A deletion on one side against an edit on the other is for a person to settle,
        // as in a file merge.
        let flag = |d: &Data| d.get("deleted") == Some(&Value::Bool(true));
        let edited = |d: &Data| {
            Field::ALL.iter().any(|f| {
                *f != Field::Deleted && project(d, field_keys(*f)) != project(base, field_keys(*f))
            })
        };
        let (b, m, t) = (flag(base), flag(mine), flag(theirs));
        if !b && ((t && !m && edited(mine)) || (m && !t && edited(theirs))) {
            data.insert("deleted".to_owned(), Value::Bool(m));
            conflicts.push(Field::Deleted);
        }
    }
    if kind != Kind::Claim {
        // Deleted on one side, edited on the other: kept (nothing is lost; the window does
        // not review these kinds field by field).
        let flag = |d: &Data| d.get("deleted") == Some(&Value::Bool(true));
        let edited = |d: &Data| {
            keys(kind)
                .into_iter()
                .filter(|k| !matches!(**k, "deleted" | "updated_at" | "updated_by"))
                .any(|k| d.get(*k) != base.get(*k))
        };
        let (b, m, t) = (flag(base), flag(mine), flag(theirs));
        if !b && ((t && !m && edited(mine)) || (m && !t && edited(theirs))) {
            data.insert("deleted".to_owned(), Value::Bool(false));
        }
    }
    if kind == Kind::Speaker {
        let list = |d: &Data| -> HashSet<String> {
            d.get("aliases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let (b, m, t) = (list(base), list(mine), list(theirs));
        let mut all: Vec<String> = m
            .union(&t)
            .filter(|a| !(b.contains(*a) && (!m.contains(*a) || !t.contains(*a))))
            .cloned()
            .collect();
        all.sort();
        data.insert(
            "aliases".to_owned(),
            Value::Array(all.into_iter().map(Value::String).collect()),
        );
    }
    // Who changed the row last: three ways like the rest, the later change when both did.
    let stamp: &[&str] = &["updated_at", "updated_by"];
    let (b, m, t) = (
        project(base, stamp),
        project(mine, stamp),
        project(theirs, stamp),
    );
    if m != t && t != b && (m == b || theirs_later) {
        for k in stamp {
            if let Some(v) = theirs.get(*k) {
                data.insert((*k).to_owned(), v.clone());
            }
        }
    }
    Merged { data, conflicts }
}

fn claim_row(id: &str, data: &Data) -> Result<ClaimRow> {
    let mut v = data.clone();
    v.insert("id".to_owned(), json!(id));
    v.insert("version".to_owned(), json!(0));
    v.insert("evidence".to_owned(), json!([]));
    v.insert("history".to_owned(), json!([]));
    serde_json::from_value(Value::Object(v))
        .map_err(|e| Error::invalid("team workspace entry", format!("claim {id}: {e}")))
}

struct Pulled {
    kind: Kind,
    id: String,
    version: i64,
    author: String,
    data: Data,
}

fn pull(ws: &mut Workspace, client: &mut Client, l: &Link) -> Result<SyncReport> {
    let cursor = link(ws.conn())?.map_or(0, |l| l.cursor);
    let mut report = SyncReport::default();
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let head: i64 = tx
        .query_opt(
            "SELECT change_counter FROM factdesk.workspace WHERE id = $1",
            &[&l.workspace_id],
        )?
        .ok_or_else(|| no_access(&l.workspace))?
        .try_get(0)?;
    if head == cursor {
        tx.commit()?;
        return Ok(report);
    }
    if head < cursor {
        return Err(Error::server(format!(
            "the server's workspace {} is at change {head}, behind this file's {cursor}: was the server restored from a backup? Ask its administrator; this file keeps everything",
            l.workspace
        )));
    }
    let rows = tx.query(
        "SELECT kind, id, version, author, data FROM factdesk.entry
         WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
        &[&l.workspace_id, &cursor, &head],
    )?;
    tx.commit()?;
    let mut entries = entries_of(&rows, &mut report)?;
    // Parents first; within a kind, in server order.
    entries.sort_by_key(|e| e.kind);
    ws.write(|tx| {
        let (articles, _) = apply_entries(tx, l, &entries, false, &mut report)?;
        follow_texts(tx, &articles, &mut report)?;
        unify_speakers(tx, &mut report)?;
        tx.execute("UPDATE sync_link SET cursor = ?1", [head])?;
        Ok(())
    })?;
    Ok(report)
}

/// Two laptops that each made a speaker for the same person (accepting the assistant's
/// suggestions offline, say) end up with two speakers of one name once they sync. As in a
/// file merge, speakers whose names agree (any case, any spacing) become one: the one with
/// the smallest id, which every copy picks alike, so they all converge. The others' claims
/// move to it, their names and aliases become its aliases, and they are deleted
/// (tombstones); these changes go up like any other.
fn unify_speakers(tx: &Transaction<'_>, report: &mut SyncReport) -> Result<()> {
    let speakers: Vec<(String, String)> = tx
        .prepare("SELECT id, name FROM speaker WHERE deleted = 0 ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut first: HashMap<String, (String, String)> = HashMap::new();
    let now = now_timestamp();
    let who = "factdesk sync";
    for (id, name) in speakers {
        let key = crate::store::merge::speaker_key(&name);
        let Some((winner, winner_name)) = first.get(&key).cloned() else {
            first.insert(key, (id, name));
            continue;
        };
        tx.execute(
            "UPDATE claim SET speaker_id = ?1, updated_at = ?3, updated_by = ?4,
                 version = version + 1
             WHERE speaker_id = ?2",
            params![winner, id, now, who],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias)
             SELECT ?1, alias FROM speaker_alias WHERE speaker_id = ?2",
            params![winner, id],
        )?;
        if name != winner_name {
            tx.execute(
                "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
                params![winner, name],
            )?;
        }
        tx.execute(
            "UPDATE speaker SET deleted = 1, updated_at = ?2, updated_by = ?3,
                 version = version + 1
             WHERE id = ?1",
            params![id, now, who],
        )?;
        report.unified_speakers += 1;
    }
    Ok(())
}

/// Claims made here on an older text of an article a colleague has since updated follow
/// the newer text, as in a file merge (or are kept as orphans); the moves go up as changes.
fn follow_texts(tx: &Transaction<'_>, articles: &[String], report: &mut SyncReport) -> Result<()> {
    for id in articles {
        tx.execute_batch("SAVEPOINT follow")?;
        match crate::store::write::follow_current_revision(tx, id, "factdesk sync") {
            Ok(moved) => {
                tx.execute_batch("RELEASE follow")?;
                report.reanchored += moved.claims.len();
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO follow; RELEASE follow")?;
                report.rejected.push(format!(
                    "claims of article {id} could not follow its new text: {e}"
                ));
            }
        }
    }
    Ok(())
}

fn entries_of(rows: &[postgres::Row], report: &mut SyncReport) -> Result<Vec<Pulled>> {
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        let code: String = r.try_get(0)?;
        let id: String = r.try_get(1)?;
        let Some(kind) = Kind::parse(&code) else {
            report
                .rejected
                .push(format!("{code} {id}: a kind this build does not know"));
            continue;
        };
        let Value::Object(data) = r.try_get::<_, Value>(4)? else {
            report.rejected.push(format!("{code} {id}: not an object"));
            continue;
        };
        let version: i64 = r.try_get(2)?;
        if !(1..=crate::model::MAX_COUNTER).contains(&version) {
            report
                .rejected
                .push(format!("{code} {id}: version {version} is out of range"));
            continue;
        }
        entries.push(Pulled {
            kind,
            id,
            version,
            author: r.try_get(3)?,
            data,
        });
    }
    Ok(entries)
}

/// The server's current rows for writes it refused, merged here in one transaction. A
/// malformed row this build cannot apply still becomes the base, so the next push replaces
/// it; a row whose parent (a revision, an article, a speaker) has not been pulled yet does
/// not, and the second value says a full pull is needed.
fn fetch_and_merge(
    ws: &mut Workspace,
    client: &mut Client,
    l: &Link,
    refused: &[(Kind, String)],
) -> Result<(SyncReport, bool)> {
    let mut report = SyncReport::default();
    let kinds: Vec<&str> = refused.iter().map(|(k, _)| k.code()).collect();
    let ids: Vec<&str> = refused.iter().map(|(_, id)| id.as_str()).collect();
    let rows = client.query(
        "SELECT e.kind, e.id, e.version, e.author, e.data
         FROM factdesk.entry e
         JOIN unnest($2::text[], $3::text[]) AS r (kind, id) ON r.kind = e.kind AND r.id = e.id
         WHERE e.workspace_id = $1",
        &[&l.workspace_id, &kinds, &ids],
    )?;
    let mut entries = entries_of(&rows, &mut report)?;
    entries.sort_by_key(|e| e.kind);
    let parents_missing = ws.write(|tx| {
        let (articles, parents_missing) = apply_entries(tx, l, &entries, true, &mut report)?;
        follow_texts(tx, &articles, &mut report)?;
        unify_speakers(tx, &mut report)?;
        Ok(parents_missing)
    })?;
    Ok((report, parents_missing > 0))
}

/// Whether applying an entry failed because a row it refers to is not in this copy (yet),
/// as opposed to the entry being malformed.
fn parent_missing(err: &Error) -> bool {
    match err {
        Error::InvalidInput { what, .. } => *what == rows::PARENT_MISSING,
        Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
            e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
        }
        _ => false,
    }
}

/// Applies pulled entries (parents first) in the caller's transaction, each in a
/// savepoint: one that cannot be applied is reported and skipped, and the others go on.
/// Returns the articles that were applied, and how many entries were held back because a
/// row they refer to is missing (those never become a base).
fn apply_entries(
    tx: &Transaction<'_>,
    l: &Link,
    entries: &[Pulled],
    base_even_if_rejected: bool,
    report: &mut SyncReport,
) -> Result<(Vec<String>, usize)> {
    let mut parents_missing = 0;
    let mut articles = Vec::new();
    let source = format!("sync:{}", l.url);
    let mut texts = rows::Texts::default();
    // Articles and revisions refer to each other through foreign keys checked only at
    // commit: each must find the other here or in this batch, or the whole pull would fail.
    let mut batch_articles: HashSet<&str> = HashSet::new();
    let mut batch_revisions: HashSet<&str> = HashSet::new();
    for e in entries {
        if rows::sql_values(e.kind, &e.id, &e.data).is_ok() {
            match e.kind {
                Kind::Article => {
                    batch_articles.insert(e.id.as_str());
                }
                Kind::Revision => {
                    batch_revisions.insert(e.id.as_str());
                }
                _ => {}
            }
        }
    }
    for e in entries {
        let base: Option<(i64, String)> = tx
            .prepare_cached(
                "SELECT server_version, data FROM sync_base WHERE kind = ?1 AND id = ?2",
            )?
            .query_row(params![e.kind.code(), e.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if base.as_ref().is_some_and(|(v, _)| *v >= e.version) {
            continue; // already here: my own push coming back
        }
        let parent_missing = match e.kind {
            Kind::Article => {
                let rev = text(&e.data, "current_revision_id");
                !batch_revisions.contains(rev) && !exists(tx, "revision", rev)?
            }
            Kind::Revision => {
                let art = text(&e.data, "article_id");
                !batch_articles.contains(art) && !exists(tx, "article", art)?
            }
            _ => false,
        };
        tx.execute_batch("SAVEPOINT entry")?;
        let applied = if parent_missing {
            Err(Error::invalid(
                rows::PARENT_MISSING,
                "it refers to a text or article that did not arrive",
            ))
        } else {
            apply_entry(tx, &mut texts, e, base.as_ref(), &source)
        };
        match applied {
            Ok(conflicts) => {
                tx.execute_batch("RELEASE entry")?;
                report.pulled += 1;
                report.new_conflicts += conflicts;
                if e.kind == Kind::Article {
                    articles.push(e.id.clone());
                }
            }
            Err(err) => {
                tx.execute_batch("ROLLBACK TO entry; RELEASE entry")?;
                match e.kind {
                    Kind::Article => {
                        batch_articles.remove(e.id.as_str());
                    }
                    Kind::Revision => {
                        batch_revisions.remove(e.id.as_str());
                    }
                    _ => {}
                }
                if self::parent_missing(&err) {
                    parents_missing += 1;
                } else if base_even_if_rejected {
                    let theirs = canonical(e.kind, &e.data);
                    set_base(tx, e.kind.code(), &e.id, e.version, &theirs)?;
                }
                report
                    .rejected
                    .push(format!("{} {}: {err}", e.kind.code(), e.id));
            }
        }
    }
    Ok((articles, parents_missing))
}

fn exists(tx: &Transaction<'_>, table: &str, id: &str) -> Result<bool> {
    let sql = if table == "revision" {
        "SELECT EXISTS (SELECT 1 FROM revision WHERE id = ?1)"
    } else {
        "SELECT EXISTS (SELECT 1 FROM article WHERE id = ?1)"
    };
    Ok(tx.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
}

/// Applies one pulled entry; returns the number of conflicts it made.
fn apply_entry(
    tx: &Transaction<'_>,
    texts: &mut rows::Texts,
    e: &Pulled,
    base: Option<&(i64, String)>,
    source: &str,
) -> Result<usize> {
    let kind = e.kind;
    let theirs_text = canonical(kind, &e.data);
    let local = rows::read_one(tx, kind, &e.id, &e.data)?;
    let mut conflicts = 0;
    match local {
        None => rows::write(tx, texts, kind, &e.id, &e.data)?,
        Some(_) if !kind.mutable() => {}
        Some(mine) => {
            let base_data: Data = match base {
                Some((_, text)) => match serde_json::from_str(text) {
                    Ok(Value::Object(m)) => m,
                    _ => Data::new(),
                },
                None => Data::new(),
            };
            let merged = merge3(kind, &base_data, &mine, &e.data);
            if merged.data != mine {
                rows::write(tx, texts, kind, &e.id, &merged.data)?;
            }
            if !merged.conflicts.is_empty() {
                let mine_row = claim_row(&e.id, &mine)?;
                let theirs_row = claim_row(&e.id, &e.data)?;
                let now = now_timestamp();
                for f in &merged.conflicts {
                    tx.prepare_cached(
                        "INSERT INTO merge_conflict (id, claim_id, field, mine, theirs, mine_by,
                             mine_at, theirs_by, theirs_at, theirs_history, source, found_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '[]', ?10, ?11)
                         ON CONFLICT (claim_id, field) DO UPDATE SET theirs = excluded.theirs,
                             theirs_by = excluded.theirs_by, theirs_at = excluded.theirs_at,
                             source = excluded.source, found_at = excluded.found_at",
                    )?
                    .execute(params![
                        new_id(),
                        e.id,
                        f.code(),
                        field_value(&mine_row, *f).to_string(),
                        field_value(&theirs_row, *f).to_string(),
                        mine_row.updated_by,
                        mine_row.updated_at,
                        e.author,
                        theirs_row.updated_at,
                        source,
                        now
                    ])?;
                    conflicts += 1;
                }
            }
        }
    }
    set_base(tx, kind.code(), &e.id, e.version, &theirs_text)?;
    Ok(conflicts)
}

struct Change {
    change_id: String,
    kind: Kind,
    id: String,
    base: i64,
    data: Data,
    text: String,
}

/// In a workspace that requires sign-off, a final verdict set here by someone who may not
/// sign off (or a change of one) becomes a proposal: the claim goes back to its synced
/// status and the verdict waits, seen by the whole desk, for an editor to sign it off or
/// decline it. Returns how many verdicts became proposals.
fn propose_held_verdicts(ws: &mut Workspace, access: &Access) -> Result<usize> {
    if access.may_sign_off() {
        return Ok(0);
    }
    let conflicted = held_fields(ws.conn())?;
    let is_final = |code: &str| Status::from_code(code).is_some_and(Status::is_final);
    let mut todo = Vec::new();
    {
        let mut stmt = ws.conn().prepare(
            "SELECT c.id, c.status, c.updated_by, b.data FROM claim c
             LEFT JOIN sync_base b ON b.kind = 'claim' AND b.id = c.id
             WHERE c.deleted = 0",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (id, status, by, base) = row?;
            if conflicted
                .get(&id)
                .is_some_and(|f| f.contains(&Field::Status))
            {
                continue;
            }
            let base_status = base
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .and_then(|v| v.get("status").and_then(Value::as_str).map(str::to_owned));
            if base_status.as_deref() == Some(status.as_str()) {
                continue;
            }
            if is_final(&status) || base_status.as_deref().is_some_and(is_final) {
                let keep = base_status
                    .as_deref()
                    .and_then(Status::from_code)
                    .unwrap_or(Status::InProgress);
                todo.push((id, keep, by));
            }
        }
    }
    if todo.is_empty() {
        return Ok(0);
    }
    ws.write(|tx| {
        let mut n = 0;
        for (id, keep, updated_by) in &todo {
            // The proposer is who set the verdict (a merge may have signed the row since).
            let by: String = tx
                .query_row(
                    "SELECT by FROM claim_history WHERE claim_id = ?1 AND field = 'status'
                     ORDER BY at DESC LIMIT 1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_else(|| updated_by.clone());
            if crate::store::write::propose_verdict(tx, id, *keep, &by)? {
                n += 1;
            }
        }
        Ok(n)
    })
}

/// Open conflicts by claim: their fields go up as the server has them until settled.
fn held_fields(conn: &Connection) -> Result<HashMap<String, Vec<Field>>> {
    let mut stmt = conn.prepare("SELECT claim_id, field FROM merge_conflict")?;
    let mut out: HashMap<String, Vec<Field>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (claim, field) = row?;
        if let Some(f) = Field::parse(&field) {
            out.entry(claim).or_default().push(f);
        }
    }
    Ok(out)
}

/// What the next push sends, and what this file learns from preparing it.
#[derive(Default)]
struct LocalChanges {
    /// The changes to push.
    changes: Vec<Change>,
    /// Final verdicts set here that go up as the synced status (the proposal carries them).
    held_for_signoff: usize,
    /// Claims with a signed-off verdict changed here by a login that may not change them:
    /// the changes stay in this file, unsent.
    held_signed_off: Vec<String>,
    /// Rows whose authorship this file writes as the server will stamp it.
    restamped: Vec<(Kind, String, Data)>,
}

/// The authorship the server stamps on every change (server.sql, `check_entry`): a change's
/// `updated_by`, a new history entry's `by`, a new proposal's `proposed_by` are the login
/// making it. Applied here before pushing, so this file and the server hold the same row.
/// Returns whether `data` changed.
fn stamp_authorship(kind: Kind, data: &mut Data, base: Option<&Data>, login: &str) -> bool {
    let before = data.clone();
    let me = Value::String(login.to_owned());
    match kind {
        Kind::Speaker | Kind::Article => {
            data.insert("updated_by".to_owned(), me);
        }
        Kind::Claim => {
            data.insert("updated_by".to_owned(), me.clone());
            let proposed = text(data, "proposed_status").to_owned();
            if proposed.is_empty() {
                data.remove("proposed_status");
                data.remove("proposed_by");
            } else if base.map(|b| text(b, "proposed_status")) == Some(proposed.as_str()) {
                let kept = base.and_then(|b| b.get("proposed_by")).cloned();
                data.insert("proposed_by".to_owned(), kept.unwrap_or(me));
            } else {
                data.insert("proposed_by".to_owned(), me);
            }
        }
        Kind::History => {
            data.insert("by".to_owned(), me);
        }
        Kind::Revision | Kind::Evidence | Kind::Dismissal => {}
    }
    *data != before
}

/// The keys a checker may still change on a claim with a final verdict in a workspace that
/// requires sign-off: a proposal, and the stamp of who touched it when.
const PROPOSAL_KEYS: [&str; 4] = ["proposed_status", "proposed_by", "updated_at", "updated_by"];

fn local_changes(conn: &Connection, access: &Access, login: &str) -> Result<LocalChanges> {
    let mut bases: HashMap<(String, String), (i64, String)> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT kind, id, server_version, data FROM sync_base")?;
        for row in stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))? {
            let (k, v) = row?;
            bases.insert(k, v);
        }
    }
    let held = held_fields(conn)?;
    let mut out = LocalChanges::default();
    for kind in Kind::ALL {
        for (id, mut data) in rows::read_unsynced(conn, kind)? {
            let base = bases.get(&(kind.code().to_owned(), id.clone()));
            if !kind.mutable() {
                if base.is_none() {
                    if stamp_authorship(kind, &mut data, None, login) {
                        out.restamped.push((kind, id.clone(), data.clone()));
                    }
                    out.changes.push(Change {
                        change_id: new_id(),
                        kind,
                        id,
                        base: 0,
                        text: String::new(),
                        data,
                    });
                }
                continue;
            }
            let mut text_now = canonical(kind, &data);
            if base.is_some_and(|(_, b)| *b == text_now) {
                continue;
            }
            let base_data: Option<Data> = base.and_then(|(_, t)| match serde_json::from_str(t) {
                Ok(Value::Object(m)) => Some(m),
                _ => None,
            });
            if kind == Kind::Claim {
                let mut adjusted = false;
                if let (Some(b), Some(fields)) = (&base_data, held.get(&id)) {
                    for f in fields {
                        for k in field_keys(*f) {
                            data.insert((*k).to_owned(), b.get(*k).cloned().unwrap_or(Value::Null));
                        }
                    }
                    adjusted = true;
                }
                let status = text(&data, "status");
                let base_status = base_data.as_ref().map(|b| text(b, "status").to_owned());
                let is_final = |code: &str| Status::from_code(code).is_some_and(Status::is_final);
                // Setting a final verdict, or changing one, waits for an editor.
                let needs_editor = base_status.as_deref() != Some(status)
                    && (is_final(status) || base_status.as_deref().is_some_and(is_final));
                if needs_editor && !access.may_sign_off() {
                    let keep = base_status
                        .clone()
                        .unwrap_or_else(|| "in_progress".to_owned());
                    data.insert("status".to_owned(), Value::String(keep));
                    out.held_for_signoff += 1;
                    adjusted = true;
                }
                // A signed-off claim changes only by an editor (the server refuses the rest):
                // anything but a proposal stays here, unsent, rather than fail the push.
                if let Some(b) = &base_data
                    && base_status.as_deref().is_some_and(is_final)
                    && !access.may_sign_off()
                {
                    let mut kept = b.clone();
                    for key in PROPOSAL_KEYS {
                        match data.get(key) {
                            Some(v) => kept.insert(key.to_owned(), v.clone()),
                            None => kept.remove(key),
                        };
                    }
                    if kept != data {
                        out.held_signed_off.push(id.clone());
                        data = kept;
                        adjusted = true;
                    }
                }
                if adjusted {
                    text_now = canonical(kind, &data);
                    if base.is_some_and(|(_, b)| *b == text_now) {
                        continue;
                    }
                }
            }
            if stamp_authorship(kind, &mut data, base_data.as_ref(), login) {
                out.restamped.push((kind, id.clone(), data.clone()));
                text_now = canonical(kind, &data);
                if base.is_some_and(|(_, b)| *b == text_now) {
                    continue;
                }
            }
            out.changes.push(Change {
                change_id: new_id(),
                kind,
                id,
                base: base.map_or(0, |(v, _)| *v),
                text: text_now,
                data,
            });
        }
    }
    Ok(out)
}

fn has_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(a) => a.iter().any(has_nul),
        Value::Object(m) => m.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// Pushes local changes; returns what was pushed and the rows whose writes the server
/// refused because they had moved on.
fn push(
    ws: &mut Workspace,
    client: &mut Client,
    l: &Link,
    access: &Access,
) -> Result<(SyncReport, Vec<(Kind, String)>)> {
    let mut report = SyncReport::default();
    let proposed = propose_held_verdicts(ws, access)?;
    let login: String = client
        .query_one("SELECT session_user::text", &[])?
        .try_get(0)?;
    let LocalChanges {
        mut changes,
        held_for_signoff: held,
        held_signed_off,
        restamped,
    } = local_changes(ws.conn(), access, &login)?;
    report.held_for_signoff = proposed + held;
    for id in held_signed_off {
        report.rejected.push(format!(
            "claim {id}: it has a signed-off verdict and only an editor can change it; your change stays in this file"
        ));
    }
    // PostgreSQL's JSON cannot hold a NUL character: such a row stays here, said, rather
    // than failing the whole push.
    changes.retain(|c| {
        let bad = c.data.values().any(has_nul);
        if bad {
            report.rejected.push(format!(
                "{} {}: not sent, it contains a NUL character",
                c.kind.code(),
                c.id
            ));
        }
        !bad
    });
    if !restamped.is_empty() {
        ws.write(|tx| {
            for (kind, id, data) in &restamped {
                rows::write_authorship(tx, *kind, id, data)?;
            }
            Ok(())
        })?;
    }
    if changes.is_empty() {
        return Ok((report, Vec::new()));
    }
    let now = now_timestamp();
    ws.write(|tx| {
        let mut stmt = tx.prepare(
            "INSERT INTO sync_pending (change_id, kind, id, base_version, data, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for c in &changes {
            stmt.execute(params![
                c.change_id,
                c.kind.code(),
                c.id,
                c.base,
                c.text,
                now
            ])?;
        }
        Ok(())
    })?;
    let payload = Value::Array(
        changes
            .iter()
            .map(|c| {
                json!({
                    "change_id": c.change_id,
                    "kind": c.kind.code(),
                    "id": c.id,
                    "base": c.base,
                    "data": c.data,
                })
            })
            .collect(),
    );
    // One statement in its own implicit transaction: the workspace's lock is released when
    // it ends, never held across a round trip.
    let answers = client.query(
        "SELECT change_id, outcome, version FROM factdesk.push($1, $2)",
        &[&l.workspace_id, &payload],
    )?;
    // Test hook (tests/team/team_crash.rs): die as a laptop would, after the server committed the
    // push and before this file recorded its answer.
    if std::env::var_os("FACTDESK_TEST_CRASH_AFTER_PUSH").is_some() {
        std::process::abort();
    }
    let by_id: HashMap<&str, &Change> = changes.iter().map(|c| (c.change_id.as_str(), c)).collect();
    let mut refused = Vec::new();
    ws.write(|tx| {
        for a in &answers {
            let change_id: String = a.try_get(0)?;
            let outcome: String = a.try_get(1)?;
            let version: Option<i64> = a.try_get(2)?;
            let Some(c) = by_id.get(change_id.as_str()) else {
                continue;
            };
            match (outcome.as_str(), version) {
                ("applied" | "duplicate", Some(v)) => {
                    set_base(tx, c.kind.code(), &c.id, v, &c.text)?;
                    report.pushed += 1;
                }
                _ => refused.push((c.kind, c.id.clone())),
            }
        }
        let mut done = tx.prepare("DELETE FROM sync_pending WHERE change_id = ?1")?;
        for c in &changes {
            done.execute([&c.change_id])?;
        }
        Ok(())
    })?;
    Ok((report, refused))
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
        let mut seen = data_version(ws.conn())?;
        let mut last = Instant::now();
        let mut due = true;
        while !stop.load(Ordering::Relaxed) {
            if due {
                on_state(&SyncState::Syncing);
                let outcome = sync(ws, &mut client);
                seen = data_version(ws.conn())?;
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
            due = notified || data_version(ws.conn())? != seen || last.elapsed() >= poll;
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

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use super::*;

    fn claim(status: &str, summary: &str, notes: &str, deleted: bool, at: &str) -> Data {
        let v = json!({
            "article_id": "a", "revision_id": "r", "start_char": 0, "end_char": 3,
            "quote": "abc", "prefix": "", "suffix": "", "anchor_state": "placed",
            "previous_quote": "", "speaker_id": null, "status": status, "summary": summary,
            "notes": notes, "created_at": "t0", "created_by": "x", "updated_at": at,
            "updated_by": at, "deleted": deleted,
        });
        v.as_object().unwrap().clone()
    }

    #[test]
    fn one_sided_changes_merge_and_both_sided_ones_conflict() {
        let base = claim("unreviewed", "", "", false, "t1");
        let mine = claim("false", "", "my note", false, "t3");
        let theirs = claim("misleading", "their summary", "", false, "t2");
        let m = merge3(Kind::Claim, &base, &mine, &theirs);
        assert_eq!(m.conflicts, vec![Field::Status]);
        assert_eq!(m.data["status"], "false", "mine kept while open");
        assert_eq!(m.data["summary"], "their summary");
        assert_eq!(m.data["notes"], "my note");
        assert_eq!(m.data["updated_at"], "t3", "the later change signs the row");
        // The same change on both sides is no conflict.
        let same = merge3(Kind::Claim, &base, &mine, &mine);
        assert!(same.conflicts.is_empty());
        assert_eq!(same.data, mine);
        // Unchanged here: theirs, stamps included.
        let taken = merge3(Kind::Claim, &base, &base, &theirs);
        assert_eq!(taken.data, theirs);
    }

    #[test]
    fn a_proposal_travels_and_entries_written_before_it_existed_still_fit() {
        // Entries from before schema 5 have no proposal keys: they still make a full row.
        let base = claim("in_progress", "", "", false, "t1");
        let values = rows::sql_values(Kind::Claim, "c1", &base).unwrap();
        assert_eq!(values.len(), base.len() + 2);
        assert_eq!(
            canonical(Kind::Claim, &base),
            canonical(Kind::Claim, &{
                let mut d = base.clone();
                d.insert("proposed_status".into(), json!(""));
                d.insert("proposed_by".into(), Value::Null);
                d
            }),
            "an empty proposal reads as none"
        );
        assert_eq!(
            values.last(),
            Some(&rusqlite::types::Value::Text(String::new()))
        );
        // A checker's proposal arrives where nothing else changed.
        let mut proposed = base.clone();
        proposed.insert("proposed_status".into(), json!("false"));
        proposed.insert("proposed_by".into(), json!("bob"));
        let m = merge3(Kind::Claim, &base, &base, &proposed);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.data["proposed_status"], "false");
        assert_eq!(m.data["proposed_by"], "bob");
        // An editor's sign-off clears it (the keys go) while the other side only wrote a
        // note: both stand, and the cleared proposal is written as empty.
        let mut signed = base.clone();
        signed.insert("status".into(), json!("false"));
        signed.insert("updated_at".into(), json!("t3"));
        let mut noted = proposed.clone();
        noted.insert("notes".into(), json!("source called back"));
        let m = merge3(Kind::Claim, &proposed, &noted, &signed);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.data["status"], "false");
        assert_eq!(m.data["notes"], "source called back");
        let values = rows::sql_values(Kind::Claim, "c1", &m.data).unwrap();
        assert_eq!(
            values.last(),
            Some(&rusqlite::types::Value::Text(String::new()))
        );
        let bad = {
            let mut d = base;
            d.insert("proposed_status".into(), json!(7));
            d
        };
        assert!(rows::sql_values(Kind::Claim, "c1", &bad).is_err());
    }

    #[test]
    fn a_deletion_against_an_edit_is_a_conflict_for_claims_and_a_keep_for_the_rest() {
        let base = claim("unreviewed", "", "", false, "t1");
        let edited = claim("unreviewed", "checked", "", false, "t2");
        let deleted = claim("unreviewed", "", "", true, "t3");
        let m = merge3(Kind::Claim, &base, &edited, &deleted);
        assert_eq!(m.conflicts, vec![Field::Deleted]);
        assert_eq!(m.data["deleted"], false);
        let m = merge3(Kind::Claim, &base, &deleted, &edited);
        assert_eq!(m.conflicts, vec![Field::Deleted]);
        assert_eq!(m.data["deleted"], true, "mine (deleted) kept while open");
        assert_eq!(m.data["summary"], "checked", "their edit is kept under it");

        let link = |note: &str, deleted: bool| {
            json!({"claim_id": "c", "url": "u", "title": "", "note": note,
                   "added_at": "t", "added_by": "x", "deleted": deleted})
            .as_object()
            .unwrap()
            .clone()
        };
        let m = merge3(
            Kind::Evidence,
            &link("", false),
            &link("minutes", false),
            &link("", true),
        );
        assert!(m.conflicts.is_empty());
        assert_eq!(m.data["deleted"], false);
        assert_eq!(m.data["note"], "minutes");
    }

    #[test]
    fn speaker_aliases_are_merged_as_sets() {
        let sp = |aliases: &[&str]| {
            json!({"name": "Maria Lind", "role": "", "aliases": aliases, "created_at": "t",
                   "created_by": "x", "updated_at": "t", "updated_by": "x", "deleted": false})
            .as_object()
            .unwrap()
            .clone()
        };
        let m = merge3(
            Kind::Speaker,
            &sp(&["Lind", "Ms Lind"]),
            &sp(&["Lind", "Ms Lind", "the chair"]),
            &sp(&["Lind"]),
        );
        assert_eq!(
            m.data["aliases"],
            json!(["Lind", "the chair"]),
            "added here, removed there"
        );
    }
}
