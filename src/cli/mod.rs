//! The command line: clap subcommands that call the same library functions as the window.
//! Output goes to any `io::Write` so tests can capture it; `--json` where data is printed.
//! `args` holds the clap definitions, `cmd/` one file per command, `print` the printers;
//! this file dispatches. Never imports `ui`: `main.rs` starts the window.

mod args;
mod cmd;
mod print;

pub use args::*;
use cmd::check::check_cmd;
use cmd::claim::{claim_add, claim_set};
use cmd::conflicts::conflicts_cmd;
use cmd::export::export_cmd;
use cmd::import::{import_cmd, refresh_cmd};
use cmd::server::server_cmd;
#[cfg(feature = "test-support")]
use cmd::stress::stress_edits;
use cmd::suggest::suggest_cmd;
use cmd::sync::{linked_cmd, sync_cmd};
use print::{ClaimLine, print_claim_line, print_json, print_sync, write_merge_report};

use std::io::Write;

use anyhow::{Context as _, bail};

use crate::Error;
use crate::store::Workspace;
use crate::store::read::{self, ClaimFilter};
use crate::store::write;

/// Runs one parsed command, writing its output to `out`.
///
/// # Errors
/// Any failure, with context; the binary prints it on one line.
pub fn run(cli: Cli, out: &mut impl Write) -> anyhow::Result<()> {
    let who = crate::identity::reviewer(cli.reviewer.as_deref());
    let Some(command) = cli.command else {
        bail!("no command given (see factdesk --help)");
    };
    match command {
        Command::New { file } => {
            Workspace::create(&file)?;
            writeln!(out, "created workspace {}", file.display())?;
        }
        Command::Import(args) => import_cmd(&args, &who, out)?,
        Command::Claim(ClaimCommand::Add(args)) => claim_add(&args, &who, out)?,
        Command::Claim(ClaimCommand::Set(args)) => claim_set(&args, &who, out)?,
        Command::Claim(ClaimCommand::Rm { file, claim_id }) => {
            let mut ws = Workspace::open(&file)?;
            let id = read::resolve_claim(ws.conn(), &claim_id)?;
            ws.write(|tx| write::delete_claim(tx, &id, &who))?;
            writeln!(out, "deleted claim {id}")?;
        }
        Command::Claim(ClaimCommand::Decline { file, claim_id }) => {
            let mut ws = Workspace::open(&file)?;
            let id = read::resolve_claim(ws.conn(), &claim_id)?;
            if ws.write(|tx| write::decline_proposal(tx, &id, &who))? {
                writeln!(out, "declined the verdict proposed for claim {id}")?;
            } else {
                writeln!(out, "no verdict waits for sign-off on claim {id}")?;
            }
        }
        Command::List {
            file,
            article,
            status,
            speaker,
            json,
        } => {
            let ws = Workspace::open(&file)?;
            let article_id = article
                .map(|a| read::resolve_article(ws.conn(), &a))
                .transpose()?;
            let statuses = status
                .iter()
                .map(|s| parse_status(s))
                .collect::<crate::Result<Vec<_>>>()?;
            let filter = ClaimFilter {
                article_id,
                statuses,
                speaker,
            };
            let claims = read::claims(ws.conn(), &filter)?;
            if json {
                print_json(out, &claims.iter().map(ClaimLine::from).collect::<Vec<_>>())?;
            } else {
                for c in &claims {
                    print_claim_line(out, c)?;
                }
            }
        }
        Command::Articles { file, json } => {
            let ws = Workspace::open(&file)?;
            let articles = read::articles(ws.conn())?;
            if json {
                print_json(out, &articles)?;
            } else {
                for a in &articles {
                    let meta: Vec<&str> = [a.outlet.as_str(), a.published.as_str()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect();
                    writeln!(
                        out,
                        "{}  r{}  {:>4} claims  {}{}",
                        a.id,
                        a.revision,
                        a.claims,
                        a.title,
                        if meta.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", meta.join(", "))
                        }
                    )?;
                }
            }
        }
        Command::Check { file, json } => check_cmd(&file, json, out)?,
        Command::Export(args) => export_cmd(&args, out)?,
        Command::Copy { file, out: dest } => {
            let ws = Workspace::open(&file)?;
            ws.save_copy(&dest)?;
            writeln!(out, "copied {} to {}", file.display(), dest.display())?;
        }
        Command::Merge {
            mine,
            theirs,
            prefer,
            json,
        } => {
            let mut ws = Workspace::open(&mine)?;
            let report =
                crate::store::merge::merge_file(&mut ws, &theirs, prefer.map(Into::into), &who)?;
            if json {
                print_json(out, &report)?;
            } else {
                write_merge_report(out, ws.conn(), &report, &mine)?;
            }
        }
        Command::Refresh {
            file,
            article,
            json,
        } => refresh_cmd(&file, article.as_deref(), json, &who, out)?,
        Command::Conflicts {
            file,
            resolve,
            take,
            json,
        } => conflicts_cmd(&file, resolve.as_deref(), take, json, &who, out)?,
        Command::Server(cmd) => server_cmd(cmd, out)?,
        Command::Connect {
            file,
            url,
            workspace,
            desk,
            json,
        } => {
            let mut ws = Workspace::open(&file)?;
            let done = crate::sync::connect(&mut ws, &url, &workspace, desk.as_deref())?;
            if json {
                print_json(out, &done)?;
            } else {
                let verb = if done.created { "created" } else { "linked to" };
                writeln!(out, "{verb} team workspace {workspace}")?;
                print_sync(out, &done.sync)?;
            }
        }
        Command::Sync {
            file,
            url,
            watch,
            poll,
            json,
        } => sync_cmd(&file, url.as_deref(), watch, poll, json, out)?,
        Command::Disconnect { file } => {
            let mut ws = Workspace::open(&file)?;
            if crate::sync::disconnect(&mut ws)? {
                writeln!(out, "unlinked {} from its team workspace", file.display())?;
            } else {
                writeln!(out, "{} was not linked to a team workspace", file.display())?;
            }
        }
        Command::Suggest {
            file,
            article,
            accept_all,
            min_confidence,
            json,
        } => suggest_cmd(&file, &article, accept_all, min_confidence, json, &who, out)?,
        Command::Linked {
            file,
            claim_id,
            status,
            json,
        } => linked_cmd(&file, &claim_id, status.as_deref(), json, &who, out)?,
        Command::ImportJson {
            file,
            json_file,
            json,
        } => {
            let io = |source| Error::Io {
                action: "reading the JSON file",
                path: json_file.clone(),
                source,
            };
            crate::files::require_regular_file(&json_file, "JSON file")?;
            let size = std::fs::metadata(&json_file).map_err(io)?.len();
            if size > 2 * 1024 * 1024 * 1024 {
                bail!(
                    "the JSON file is {size} bytes; over 2 GiB is refused: {}",
                    json_file.display()
                );
            }
            let text = std::fs::read(&json_file).map_err(io)?;
            let dump: crate::store::dump::Dump = serde_json::from_slice(&text)
                .with_context(|| format!("not a factdesk JSON export: {}", json_file.display()))?;
            let mut ws = Workspace::open(&file)?;
            let counts = ws.write(|tx| crate::store::dump::import(tx, &dump))?;
            if json {
                print_json(out, &counts)?;
            } else {
                writeln!(
                    out,
                    "added {} articles ({} revisions), {} claims, {} speakers, {} evidence links, {} history entries; {} rows already present",
                    counts.articles,
                    counts.revisions,
                    counts.claims,
                    counts.speakers,
                    counts.evidence,
                    counts.history,
                    counts.skipped
                )?;
            }
        }
        Command::Org { file, name, url } => {
            let mut ws = Workspace::open(&file)?;
            if name.is_some() || url.is_some() {
                ws.write(|tx| write::set_organisation(tx, name.as_deref(), url.as_deref()))?;
            }
            let org = read::organisation(ws.conn())?;
            writeln!(out, "{}\t{}", org.name, org.url)?;
        }
        #[cfg(feature = "test-support")]
        Command::StressEdits {
            file,
            article,
            pause_ms,
        } => stress_edits(&file, &article, &who, pause_ms, out)?,
    }
    Ok(())
}
