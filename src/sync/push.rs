//! Pushing: the local rows that differ from their base go up in one server transaction of
//! conditional writes, with sign-off and authorship applied as the server will.

use std::collections::HashMap;

use postgres::Client;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::*;
use crate::Result;
use crate::model::{ClaimId, Status, new_id, now_timestamp};
use crate::store::Workspace;
use crate::store::merge::Field;
use crate::store::rows::{self, Data, Kind};

pub(super) struct Change {
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
pub(super) fn propose_held_verdicts(ws: &mut Workspace, access: &Access) -> Result<usize> {
    if access.may_sign_off() {
        return Ok(0);
    }
    let conflicted = held_fields(ws.conn())?;
    let is_final = |code: &str| Status::from_code(code).is_some_and(Status::is_final);
    let mut todo = Vec::new();
    {
        for sync_state::ClaimBase {
            id,
            status,
            updated_by: by,
            base,
        } in sync_state::claims_with_base(ws.conn())?
        {
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
                todo.push((ClaimId::from(id), keep, by));
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
            let by = crate::store::read::last_status_change_by(tx, id)?
                .unwrap_or_else(|| updated_by.clone());
            if crate::store::write::propose_verdict(tx, id, *keep, &by)? {
                n += 1;
            }
        }
        Ok(n)
    })
}

/// Open conflicts by claim: their fields go up as the server has them until settled.
pub(super) fn held_fields(conn: &Connection) -> Result<HashMap<String, Vec<Field>>> {
    crate::store::conflict::held_fields(conn)
}

/// What the next push sends, and what this file learns from preparing it.
#[derive(Default)]
pub(super) struct LocalChanges {
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
pub(super) fn stamp_authorship(
    kind: Kind,
    data: &mut Data,
    base: Option<&Data>,
    login: &str,
) -> bool {
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
pub(super) const PROPOSAL_KEYS: [&str; 4] =
    ["proposed_status", "proposed_by", "updated_at", "updated_by"];

pub(super) fn local_changes(
    conn: &Connection,
    access: &Access,
    login: &str,
) -> Result<LocalChanges> {
    let mut bases: HashMap<(String, String), (i64, String)> = HashMap::new();
    {
        bases.extend(sync_state::bases(conn)?);
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

pub(super) fn has_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(a) => a.iter().any(has_nul),
        Value::Object(m) => m.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// Pushes local changes; returns what was pushed and the rows whose writes the server
/// refused because they had moved on.
pub(super) fn push(
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
        let pending: Vec<sync_state::Pending> = changes
            .iter()
            .map(|c| sync_state::Pending {
                change_id: c.change_id.clone(),
                kind: c.kind.code().to_owned(),
                id: c.id.clone(),
                base_version: c.base,
                data: c.text.clone(),
            })
            .collect();
        sync_state::add_pending(tx, &pending, &now)
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
    crate::test_support::crash_after_push();
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
                    sync_state::set_base(tx, c.kind.code(), &c.id, v, &c.text)?;
                    report.pushed += 1;
                }
                _ => refused.push((c.kind, c.id.clone())),
            }
        }
        for c in &changes {
            sync_state::remove_pending(tx, &c.change_id)?;
        }
        Ok(())
    })?;
    Ok((report, refused))
}
