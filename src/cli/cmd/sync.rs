//! `factdesk sync` and `factdesk linked`: keeping a file in step with its team workspace,
//! and the claims linked across articles.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::cli::print::*;
use crate::cli::*;
use crate::store::Workspace;
use crate::store::read;

pub(crate) fn sync_cmd(
    file: &Path,
    url: Option<&str>,
    watch: bool,
    poll: u64,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let url = match url {
        Some(u) => {
            // Typed by the user: this machine may use it for the file's workspace.
            if let Some(l) = crate::sync::link(ws.conn())? {
                crate::sync::trust::trust(&crate::sync::server::redact(u)?, &l.workspace_id)?;
            }
            u.to_owned()
        }
        None => match crate::sync::link(ws.conn())? {
            Some(l) => l.url,
            None => bail!(
                "{} is not linked to a team workspace: `factdesk connect FILE URL --workspace NAME`",
                file.display()
            ),
        },
    };
    if !watch {
        let report = crate::sync::sync_url(&mut ws, &url)?;
        if json {
            return print_json(out, &report);
        }
        return print_sync(out, &report);
    }
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut failed = None;
    crate::sync::watch(
        &mut ws,
        &url,
        std::time::Duration::from_secs(poll.max(1)),
        &stop,
        |state| {
            let written = if json {
                serde_json::to_string(state)
                    .map_err(std::io::Error::other)
                    .and_then(|line| writeln!(out, "{line}"))
            } else {
                match state {
                    crate::sync::SyncState::Syncing => Ok(()),
                    crate::sync::SyncState::Online { report } => {
                        if report.pushed + report.pulled + report.new_conflicts > 0 {
                            print_sync(out, report).map_err(std::io::Error::other)
                        } else {
                            Ok(())
                        }
                    }
                    crate::sync::SyncState::Offline { reason } => {
                        writeln!(out, "offline: {reason}")
                    }
                    crate::sync::SyncState::Refused { reason } => {
                        writeln!(out, "refused: {reason}")
                    }
                }
            };
            let flushed = written.and_then(|()| out.flush());
            if let Err(e) = flushed {
                failed = Some(e);
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
    )?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    Ok(())
}

pub(crate) fn linked_cmd(
    file: &Path,
    claim: &str,
    status: Option<&str>,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let id = read::resolve_claim(ws.conn(), claim)?;
    if let Some(status) = status {
        let status = parse_status(status)?;
        let changed =
            ws.write(|tx| crate::store::assist::set_status_linked(tx, &id, status, who))?;
        if json {
            return print_json(out, &changed);
        }
        writeln!(
            out,
            "verdict {} set on {} claims",
            status.code(),
            changed.len()
        )?;
        return Ok(());
    }
    let linked = crate::store::assist::linked_claims(ws.conn(), &id)?;
    if json {
        return print_json(out, &linked);
    }
    let articles = read::articles(ws.conn())?;
    for c in &linked {
        let title = articles
            .iter()
            .find(|a| a.id == c.article_id)
            .map_or("", |a| a.title.as_str());
        writeln!(
            out,
            "{}  {:<13}  {}  «{}»",
            c.id,
            c.status.code(),
            title,
            c.anchor.quote
        )?;
    }
    writeln!(out, "also in {} other articles", linked.len())?;
    Ok(())
}
