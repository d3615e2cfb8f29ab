//! `factdesk check`: a workspace's schema version, integrity and counts.

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use serde::Serialize;

use crate::cli::print::*;
use crate::store::read;
use crate::store::{SCHEMA_VERSION, Workspace};

/// What `check --json` prints.
#[derive(Debug, Serialize)]
pub(crate) struct CheckReport {
    file: String,
    schema_version: i64,
    integrity: Vec<String>,
    workspace_id: Option<String>,
    counts: read::Counts,
    /// The team workspace the file syncs with, if linked.
    team: Option<crate::sync::Link>,
}

pub(crate) fn check_cmd(file: &Path, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let ws = Workspace::open(file)?;
    let report = CheckReport {
        file: file.display().to_string(),
        schema_version: SCHEMA_VERSION,
        integrity: ws.integrity_problems()?,
        workspace_id: read::meta(ws.conn(), "workspace_id")?,
        counts: read::counts(ws.conn())?,
        team: crate::sync::link(ws.conn())?,
    };
    if json {
        print_json(out, &report)?;
    } else {
        let c = &report.counts;
        writeln!(out, "workspace {}", report.file)?;
        writeln!(out, "schema version {SCHEMA_VERSION} (current)")?;
        if report.integrity.is_empty() {
            writeln!(out, "integrity: ok")?;
        } else {
            writeln!(
                out,
                "integrity: {} problem(s): {}",
                report.integrity.len(),
                report.integrity.join("; ")
            )?;
        }
        writeln!(out, "articles: {} ({} revisions)", c.articles, c.revisions)?;
        writeln!(
            out,
            "claims: {} ({} orphaned, {} deleted)",
            c.claims, c.orphaned_claims, c.deleted_claims
        )?;
        writeln!(out, "speakers: {}", c.speakers)?;
        writeln!(out, "evidence links: {}", c.evidence)?;
        writeln!(out, "history entries: {}", c.history)?;
        writeln!(out, "open merge conflicts: {}", c.open_conflicts)?;
        if let Some(t) = &report.team {
            writeln!(
                out,
                "team workspace: {} at {} (change {}, last synced {})",
                t.workspace,
                t.url,
                t.cursor,
                if t.synced_at.is_empty() {
                    "never"
                } else {
                    &t.synced_at
                }
            )?;
        }
    }
    if !report.integrity.is_empty() {
        bail!("integrity check failed: {}", file.display());
    }
    Ok(())
}
