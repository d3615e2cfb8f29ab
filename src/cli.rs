//! The command line: clap subcommands that call the same library functions as the window.
//! Output goes to any `io::Write` so tests can capture it; `--json` where data is printed.

use std::io::{IsTerminal as _, Read as _, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::Error;
use crate::model::{AnchorState, CharRange, Claim, Status};
use crate::store::read::{self, ClaimFilter};
use crate::store::write::{self, ClaimPatch, NewArticle, ReanchorReport};
use crate::store::{SCHEMA_VERSION, Workspace};
use crate::text::anchor::find_quote;
use crate::text::import::{self, ImportedText};

/// factdesk: claims anchored in news articles, with speakers and verdicts, in one SQLite file.
#[derive(Debug, Parser)]
#[command(name = "factdesk", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Workspace to open in the window [default: the last one, or a demo workspace]
    pub file: Option<PathBuf>,

    /// Who makes the edits [default: $FACTDESK_REVIEWER, else the OS user name]
    #[arg(long, global = true, value_name = "NAME")]
    pub reviewer: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty workspace file.
    New {
        /// Workspace file to create.
        file: PathBuf,
    },
    /// Import an article (.txt, .md, .html; "-" reads a paste from standard input).
    Import(ImportArgs),
    /// Add, change or remove claims.
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// List claims.
    List {
        /// Workspace file.
        file: PathBuf,
        /// Only this article (id or unique id prefix).
        #[arg(long)]
        article: Option<String>,
        /// Only these statuses (repeatable).
        #[arg(long)]
        status: Vec<String>,
        /// Only this speaker (name or alias).
        #[arg(long)]
        speaker: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List articles with their claim counts.
    Articles {
        /// Workspace file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check a workspace: schema version, integrity, counts.
    Check {
        /// Workspace file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export a verified-claim report (final verdicts unless --status/--all-statuses).
    Export(ExportArgs),
    /// Write one consistent copy of a workspace (safe while it is open and being edited).
    Copy {
        /// Workspace file.
        file: PathBuf,
        /// The copy to write (replaced if it exists).
        out: PathBuf,
    },
    /// Merge a colleague's copy of the workspace into mine, in one transaction. Fields
    /// changed on both sides become conflicts, kept for review unless --prefer says how.
    Merge {
        /// My workspace file (written).
        mine: PathBuf,
        /// Their workspace file (only read).
        theirs: PathBuf,
        /// Settle every conflict this way instead of keeping it for review.
        #[arg(long, value_enum)]
        prefer: Option<PreferArg>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fetch the web page of every article imported from a URL (or of one) again, and add a
    /// new revision where the text changed; prints a re-anchoring report per article.
    Refresh {
        /// Workspace file.
        file: PathBuf,
        /// Only this article (id or unique prefix).
        #[arg(long)]
        article: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Suggest the statements worth checking in an article, with their speakers.
    Suggest {
        /// Workspace file.
        file: PathBuf,
        /// Article (id or unique id prefix).
        #[arg(long)]
        article: String,
        /// Make every suggestion a claim (batch use).
        #[arg(long)]
        accept_all: bool,
        /// Only suggestions at least this sure (0 to 1).
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The same statement in other articles: list it, or give them all one verdict.
    Linked {
        /// Workspace file.
        file: PathBuf,
        /// Claim (id or unique id prefix).
        claim_id: String,
        /// Set this verdict on the claim and on every linked claim.
        #[arg(long)]
        status: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the conflicts open in a workspace, or settle one.
    Conflicts {
        /// Workspace file.
        file: PathBuf,
        /// Settle this conflict (id or unique prefix) with --take.
        #[arg(long, value_name = "ID", requires = "take")]
        resolve: Option<String>,
        /// Which value stays.
        #[arg(long, value_enum, requires = "resolve")]
        take: Option<PreferArg>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Bring a full JSON export (`export --format json`) into a workspace.
    ImportJson {
        /// Workspace file.
        file: PathBuf,
        /// The JSON file.
        json_file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show or set the fact-checking organisation named in reports.
    Org {
        /// Workspace file.
        file: PathBuf,
        /// Organisation name.
        #[arg(long)]
        name: Option<String>,
        /// Organisation home page.
        #[arg(long)]
        url: Option<String>,
    },
    /// Administer a team server (PostgreSQL): install or upgrade its schema, add people.
    #[command(subcommand)]
    Server(ServerCommand),
    /// Link a workspace file to a team workspace on a PostgreSQL server and sync it once.
    /// The workspace is created from the file when it does not exist yet (editors and desk
    /// admins may create one). The password comes from the URL or PGPASSWORD; the file
    /// keeps the URL without it.
    Connect {
        /// Workspace file.
        file: PathBuf,
        /// postgres://LOGIN[:PASSWORD]@HOST:PORT/DATABASE[?sslmode=require]
        url: String,
        /// The team workspace's name.
        #[arg(long)]
        workspace: String,
        /// The desk a new workspace belongs to (when the login is an editor on several).
        #[arg(long)]
        desk: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sync a linked workspace file with its team workspace: push my changes, pull the
    /// others', and list the conflicts found (settle them with `factdesk conflicts`).
    Sync {
        /// Workspace file.
        file: PathBuf,
        /// Server URL to use this time [default: the file's, with PGPASSWORD].
        #[arg(long)]
        url: Option<String>,
        /// Keep syncing: a colleague's change arrives within about a second.
        #[arg(long)]
        watch: bool,
        /// With --watch: sync at least this often, in seconds.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        poll: u64,
        /// Print JSON (with --watch, one object per line).
        #[arg(long)]
        json: bool,
    },
    /// Unlink a workspace file from its team workspace; the file keeps everything.
    Disconnect {
        /// Workspace file.
        file: PathBuf,
    },
    /// Test helper: edit in a loop, printing each committed edit (crash-safety test).
    #[command(name = "__stress-edits", hide = true)]
    StressEdits {
        /// Workspace file.
        file: PathBuf,
        /// Article to add claims to.
        #[arg(long)]
        article: String,
        /// Pause between edits, as a person would (a tight loop starves other writers).
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
}

/// The team server's administration (`factdesk server …`).
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Install factdesk's schema in a PostgreSQL database (as its owner, with CREATEROLE).
    Init {
        /// postgres://ADMIN[:PASSWORD]@HOST:PORT/DATABASE
        url: String,
    },
    /// Upgrade the schema installed by an older factdesk.
    Migrate {
        /// postgres://ADMIN[:PASSWORD]@HOST:PORT/DATABASE
        url: String,
    },
    /// Add a person to a desk (created if new) with a role; a new login gets the password
    /// read from standard input (stored by the server as scram-sha-256).
    AddMember {
        /// postgres://ADMIN[:PASSWORD]@HOST:PORT/DATABASE
        url: String,
        /// Their PostgreSQL login.
        login: String,
        /// The desk.
        #[arg(long)]
        desk: String,
        /// Their role on the desk.
        #[arg(long, value_enum)]
        role: crate::sync::server::Role,
    },
    /// Remove a person from a desk: from their next sync on they no longer see its
    /// workspaces.
    RemoveMember {
        /// postgres://ADMIN[:PASSWORD]@HOST:PORT/DATABASE
        url: String,
        /// Their PostgreSQL login.
        login: String,
        /// The desk.
        #[arg(long)]
        desk: String,
    },
    /// Require (on) or stop requiring (off) an editor's sign-off for final verdicts in a
    /// workspace.
    Signoff {
        /// postgres://ADMIN[:PASSWORD]@HOST:PORT/DATABASE
        url: String,
        /// The workspace's name.
        workspace: String,
        /// on or off.
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
}

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Workspace file.
    pub file: PathBuf,
    /// Article file, "-" for standard input, or an http(s) URL to fetch.
    pub article_path: PathBuf,
    /// Headline [default: found in the article].
    #[arg(long)]
    pub title: Option<String>,
    /// Publication.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Source URL.
    #[arg(long)]
    pub url: Option<String>,
    /// Byline.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<String>,
    /// Encoding of a file that is not UTF-8 (any WHATWG label, e.g. windows-1252).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Make this text a new revision of an existing article and re-anchor its claims.
    #[arg(long, value_name = "ARTICLE_ID")]
    pub replaces: Option<String>,
    /// Import a web page even when it has less text than an article usually has (the
    /// warning is still printed).
    #[arg(long)]
    pub allow_short: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Workspace file.
    pub file: PathBuf,
    /// md, html, csv, json (the full workspace), claimreview or webannotation.
    #[arg(long)]
    pub format: String,
    /// Only these articles (repeatable; id or unique prefix).
    #[arg(long)]
    pub article: Vec<String>,
    /// Only these statuses (repeatable) [default: the final verdicts].
    #[arg(long)]
    pub status: Vec<String>,
    /// Every status, final or not.
    #[arg(long, conflicts_with = "status")]
    pub all_statuses: bool,
    /// Only claims of this speaker (repeatable).
    #[arg(long)]
    pub speaker: Vec<String>,
    /// Only claims last changed by this reviewer (repeatable).
    #[arg(long)]
    pub reviewed_by: Vec<String>,
    /// Only claims last changed on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Only claims last changed on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// `claim` subcommands.
#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Add a claim by quote or by char offsets; prints its id.
    Add(ClaimAddArgs),
    /// Change a claim's speaker, status, summary or notes, or add evidence.
    Set(ClaimSetArgs),
    /// Delete a claim (kept as a tombstone in the file).
    Rm {
        /// Workspace file.
        file: PathBuf,
        /// Claim id or unique prefix.
        claim_id: String,
    },
    /// Decline the verdict waiting for sign-off on a claim (the claim keeps its status). To
    /// sign it off instead, set it: `claim set FILE CLAIM --status VERDICT`.
    Decline {
        /// Workspace file.
        file: PathBuf,
        /// Claim id or unique prefix.
        claim_id: String,
    },
}

/// Fields a claim can be given on `add` and `set`.
#[derive(Debug, Args)]
pub struct ClaimFieldArgs {
    /// Who made the statement (created if new).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Verdict: unreviewed, in_progress, true, mostly_true, half_true, mostly_false, false,
    /// misleading, unsupported, not_checkable.
    #[arg(long)]
    pub status: Option<String>,
    /// The verdict's explanation.
    #[arg(long)]
    pub summary: Option<String>,
    /// Working notes.
    #[arg(long)]
    pub note: Option<String>,
}

/// Arguments of `claim add`.
#[derive(Debug, Args)]
pub struct ClaimAddArgs {
    /// Workspace file.
    pub file: PathBuf,
    /// Article id or unique prefix.
    #[arg(long)]
    pub article: String,
    /// The exact words (curly and straight quotes match each other).
    #[arg(long, required_unless_present = "start", conflicts_with_all = ["start", "end"])]
    pub quote: Option<String>,
    /// Which occurrence of the quote, from 1.
    #[arg(long, default_value_t = 1, requires = "quote")]
    pub occurrence: usize,
    /// First char (Unicode scalar offset, from 0).
    #[arg(long, requires = "end")]
    pub start: Option<usize>,
    /// One past the last char.
    #[arg(long, requires = "start")]
    pub end: Option<usize>,
    /// Speaker, status, summary, notes.
    #[command(flatten)]
    pub fields: ClaimFieldArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `claim set`.
#[derive(Debug, Args)]
pub struct ClaimSetArgs {
    /// Workspace file.
    pub file: PathBuf,
    /// Claim id or unique prefix.
    pub claim_id: String,
    /// Speaker, status, summary, notes.
    #[command(flatten)]
    pub fields: ClaimFieldArgs,
    /// Add an evidence link.
    #[arg(long)]
    pub evidence: Option<String>,
    /// Title of the evidence link.
    #[arg(long, requires = "evidence")]
    pub evidence_title: Option<String>,
    /// What the evidence shows.
    #[arg(long, requires = "evidence")]
    pub evidence_note: Option<String>,
}

/// `--prefer` / `--take` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PreferArg {
    /// My value.
    Mine,
    /// Their value.
    Theirs,
}

impl From<PreferArg> for crate::store::merge::Prefer {
    fn from(p: PreferArg) -> Self {
        match p {
            PreferArg::Mine => Self::Mine,
            PreferArg::Theirs => Self::Theirs,
        }
    }
}

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
            let id = read::resolve_id(ws.conn(), "claim", &claim_id)?;
            ws.write(|tx| write::delete_claim(tx, &id, &who))?;
            writeln!(out, "deleted claim {id}")?;
        }
        Command::Claim(ClaimCommand::Decline { file, claim_id }) => {
            let mut ws = Workspace::open(&file)?;
            let id = read::resolve_id(ws.conn(), "claim", &claim_id)?;
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
                .map(|a| read::resolve_id(ws.conn(), "article", &a))
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
                ws.write(|tx| {
                    if let Some(name) = &name {
                        write::set_meta(tx, "organisation_name", name.trim())?;
                    }
                    if let Some(url) = &url {
                        write::set_meta(tx, "organisation_url", url.trim())?;
                    }
                    Ok(())
                })?;
            }
            let org = read::organisation(ws.conn())?;
            writeln!(out, "{}\t{}", org.name, org.url)?;
        }
        Command::StressEdits {
            file,
            article,
            pause_ms,
        } => stress_edits(&file, &article, &who, pause_ms, out)?,
    }
    Ok(())
}

/// The report scope that `export`'s flags describe.
fn export_scope(
    ws: &Workspace,
    args: &ExportArgs,
) -> crate::Result<crate::model::report::ReportScope> {
    for date in [&args.from, &args.to].into_iter().flatten() {
        if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
            return Err(Error::invalid(
                "date",
                format!("\"{date}\" is not of the form YYYY-MM-DD"),
            ));
        }
    }
    Ok(crate::model::report::ReportScope {
        article_ids: args
            .article
            .iter()
            .map(|a| read::resolve_id(ws.conn(), "article", a))
            .collect::<crate::Result<_>>()?,
        statuses: args
            .status
            .iter()
            .map(|s| parse_status(s))
            .collect::<crate::Result<_>>()?,
        all_statuses: args.all_statuses,
        speakers: args.speaker.clone(),
        reviewers: args.reviewed_by.clone(),
        changed_from: args.from.clone(),
        changed_to: args.to.clone(),
    })
}

fn export_cmd(args: &ExportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if args.format.eq_ignore_ascii_case("json") {
        let ws = Workspace::open(&args.file)?;
        let ids: Vec<String> = args
            .article
            .iter()
            .map(|a| read::resolve_id(ws.conn(), "article", a))
            .collect::<crate::Result<_>>()?;
        let dump = crate::store::dump::export(ws.conn(), &ids)?;
        match &args.output {
            Some(path) => {
                let text = serde_json::to_string_pretty(&dump)? + "\n";
                crate::report::write_file_with(path, ws.path(), |w| {
                    w.write_all(text.as_bytes()).map_err(|source| Error::Io {
                        action: "writing the report",
                        path: path.clone(),
                        source,
                    })
                })?;
                eprintln!("wrote {} claims to {}", dump.claims.len(), path.display());
            }
            None => print_json(out, &dump)?,
        }
        return Ok(());
    }
    let format = crate::report::Format::parse(&args.format).ok_or_else(|| {
        let codes: Vec<&str> = crate::report::Format::ALL
            .iter()
            .map(|f| f.code())
            .collect();
        Error::invalid(
            "format",
            format!("\"{}\" is not one of {}", args.format, codes.join(", ")),
        )
    })?;
    let ws = Workspace::open(&args.file)?;
    let scope = export_scope(&ws, args)?;
    let data = read::report_data(ws.conn(), &scope)?;
    match &args.output {
        Some(path) => {
            crate::report::write_file(format, &data, path, ws.path())?;
            eprintln!("wrote {} claims to {}", data.claim_count(), path.display());
        }
        None => crate::report::write(format, &data, out)?,
    }
    Ok(())
}

/// A suggestion as `suggest --json` prints it: the words with the char range.
#[derive(Serialize)]
struct SuggestionOut<'a> {
    quote: &'a str,
    #[serde(flatten)]
    suggestion: &'a crate::assist::Suggestion,
    /// The claim made from it (`--accept-all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_id: Option<String>,
}

fn suggest_cmd(
    file: &Path,
    article: &str,
    accept_all: bool,
    min_confidence: f32,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let article_id = read::resolve_id(ws.conn(), "article", article)?;
    let body = read::article(ws.conn(), &article_id)?.body;
    let index = crate::text::offsets::CharIndex::new(&body);
    let suggestions: Vec<_> = crate::store::assist::suggestions(ws.conn(), &article_id)?
        .into_iter()
        .filter(|s| s.confidence >= min_confidence)
        .collect();
    let claim_ids: Vec<Option<String>> = if accept_all {
        ws.write(|tx| {
            suggestions
                .iter()
                .map(|s| {
                    let words = index.slice(s.range).unwrap_or_default();
                    crate::store::assist::accept(tx, &article_id, s, words, None, who).map(Some)
                })
                .collect()
        })?
    } else {
        vec![None; suggestions.len()]
    };
    if json {
        let rows: Vec<SuggestionOut<'_>> = suggestions
            .iter()
            .zip(claim_ids)
            .map(|(s, claim_id)| SuggestionOut {
                quote: index.slice(s.range).unwrap_or_default(),
                suggestion: s,
                claim_id,
            })
            .collect();
        return print_json(out, &rows);
    }
    for s in &suggestions {
        let speaker = s.speaker.as_ref().map_or_else(String::new, |p| {
            if p.role.is_empty() {
                p.name.clone()
            } else {
                format!("{} ({})", p.name, p.role)
            }
        });
        writeln!(
            out,
            "{}..{}  {:<8}  {:.2}  {:<30}  «{}»",
            s.range.start,
            s.range.end,
            s.kind.label(),
            s.confidence,
            speaker,
            index.slice(s.range).unwrap_or_default()
        )?;
    }
    if accept_all {
        writeln!(out, "{} suggestions made into claims", suggestions.len())?;
    } else {
        writeln!(out, "{} suggestions", suggestions.len())?;
    }
    Ok(())
}

fn server_cmd(cmd: ServerCommand, out: &mut impl Write) -> anyhow::Result<()> {
    use crate::sync::server;
    match cmd {
        ServerCommand::Init { url } => {
            server::init(&url)?;
            writeln!(
                out,
                "installed factdesk server schema {} at {}",
                server::SERVER_VERSION,
                server::redact(&url)?
            )?;
        }
        ServerCommand::Migrate { url } => {
            let (from, to) = server::migrate(&url)?;
            if from == to {
                writeln!(out, "server schema {to} is current")?;
            } else {
                writeln!(out, "upgraded server schema {from} to {to}")?;
            }
        }
        ServerCommand::AddMember {
            url,
            login,
            desk,
            role,
        } => {
            let line = if std::io::stdin().is_terminal() {
                // Typed by hand: asked for on the terminal, not echoed.
                rpassword::prompt_password(format!(
                    "Password for {login} (not shown; empty keeps an existing one): "
                ))
                .context("reading the password from the terminal")?
            } else {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .context("reading the password from standard input")?;
                line
            };
            let password = line.trim_end_matches(['\r', '\n']);
            let password = (!password.is_empty()).then_some(password);
            let added = server::add_member(&url, &login, &desk, role, password)?;
            writeln!(
                out,
                "{login} is {} on desk {desk}{}{}",
                role.code(),
                if added.created_login {
                    " (new login)"
                } else {
                    ""
                },
                if added.created_desk {
                    " (new desk)"
                } else {
                    ""
                }
            )?;
        }
        ServerCommand::RemoveMember { url, login, desk } => {
            if server::remove_member(&url, &login, &desk)? {
                writeln!(out, "removed {login} from desk {desk}")?;
            } else {
                writeln!(out, "{login} was not on desk {desk}")?;
            }
        }
        ServerCommand::Signoff {
            url,
            workspace,
            state,
        } => {
            let on = state == "on";
            server::set_signoff(&url, &workspace, on)?;
            writeln!(
                out,
                "workspace {workspace}: final verdicts {}",
                if on {
                    "need an editor's sign-off"
                } else {
                    "may be set by every member"
                }
            )?;
        }
    }
    Ok(())
}

fn print_sync(out: &mut impl Write, r: &crate::sync::SyncReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "pushed {}, pulled {}, {} new conflicts ({} open), at change {}",
        r.pushed, r.pulled, r.new_conflicts, r.open_conflicts, r.cursor
    )?;
    if r.recovered > 0 {
        writeln!(
            out,
            "{} changes sent before an interruption were found applied",
            r.recovered
        )?;
    }
    if r.held_for_signoff > 0 {
        writeln!(
            out,
            "{} final verdicts sent as proposals for an editor's sign-off",
            r.held_for_signoff
        )?;
    }
    if r.awaiting_signoff > 0 {
        writeln!(
            out,
            "{} claims have a verdict awaiting sign-off (factdesk list shows them)",
            r.awaiting_signoff
        )?;
    }
    for why in &r.rejected {
        writeln!(out, "not applied: {why}")?;
    }
    Ok(())
}

fn sync_cmd(
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

fn linked_cmd(
    file: &Path,
    claim: &str,
    status: Option<&str>,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let id = read::resolve_id(ws.conn(), "claim", claim)?;
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

fn parse_status(text: &str) -> crate::Result<Status> {
    Status::parse(text).ok_or_else(|| {
        let codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
        Error::invalid(
            "status",
            format!("\"{text}\" is not one of {}", codes.join(", ")),
        )
    })
}

fn print_json(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    // A closed pipe (`| head`) must surface as the io::Error it is.
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

fn import_cmd(args: &ImportArgs, who: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let as_text = args.article_path.to_string_lossy().into_owned();
    let mut page = None;
    let (imported, source) = if crate::web::is_url(&as_text) {
        let fetched = crate::web::fetch(
            &as_text,
            &crate::web::FetchOptions::from_env(),
            &std::sync::atomic::AtomicBool::new(false),
        )?;
        let imported = if args.allow_short {
            let imported = crate::web::extract_any_length(&fetched)?;
            if let Some(warning) = crate::web::too_short(&fetched, &imported) {
                eprintln!("factdesk: warning: {warning} (imported as asked by --allow-short)");
            }
            imported
        } else {
            crate::web::extract(&fetched)?
        };
        let source = format!("url:{}", fetched.url);
        page = Some(fetched);
        (imported, source)
    } else if args.article_path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading the article from standard input")?;
        let text = import::decode(&bytes, args.encoding.as_deref())?;
        (import::from_text(&text)?, "paste".to_owned())
    } else {
        let imported = import::import_file(&args.article_path, args.encoding.as_deref())?;
        let source =
            std::fs::canonicalize(&args.article_path).unwrap_or_else(|_| args.article_path.clone());
        (imported, format!("file:{}", source.display()))
    };
    let mut ws = Workspace::open(&args.file)?;
    if let Some(target) = &args.replaces {
        let id = read::resolve_id(ws.conn(), "article", target)?;
        let report = ws.write(|tx| {
            let report = write::replace_article_text(tx, &id, &imported.body, &source, who)?;
            if let Some(page) = &page {
                keep_page(tx, &id, page, who)?;
            }
            Ok(report)
        })?;
        if args.json {
            print_json(out, &report)?;
        } else {
            print_reanchor_report(out, &report)?;
        }
        return Ok(());
    }
    let new = new_article(args, imported, source);
    let id = ws.write(|tx| {
        let id = write::import_article(tx, &new, who)?;
        if let Some(page) = &page {
            keep_page(tx, &id, page, who)?;
        }
        Ok(id)
    })?;
    if args.json {
        print_json(
            out,
            &serde_json::json!({ "article_id": id, "title": new.title, "url": new.url,
                "author": new.author, "outlet": new.outlet, "published": new.published }),
        )?;
    } else {
        writeln!(out, "{id}")?;
    }
    Ok(())
}

/// Keeps the raw page with the article's current revision (the one its text gave).
fn keep_page(
    tx: &rusqlite::Transaction<'_>,
    article_id: &str,
    page: &crate::web::Fetched,
    who: &str,
) -> crate::Result<()> {
    let article = read::article(tx, article_id)?;
    write::record_fetch(
        tx,
        article_id,
        &article.current_revision_id,
        &write::NewFetch {
            url: &page.url,
            final_url: &page.final_url,
            content_type: &page.content_type,
            raw: &page.bytes,
        },
        who,
    )?;
    Ok(())
}

/// What `refresh` did for one article.
#[derive(Debug, Serialize)]
struct RefreshOutcome {
    article_id: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<ReanchorReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn refresh_cmd(
    file: &Path,
    only: Option<&str>,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let ids: Vec<String> = match only {
        Some(prefix) => vec![read::resolve_id(ws.conn(), "article", prefix)?],
        None => read::articles(ws.conn())?
            .into_iter()
            .map(|a| a.id)
            .collect(),
    };
    let mut outcomes = Vec::new();
    for id in ids {
        // The address last fetched, else the article's own URL.
        let last = read::fetches(ws.conn(), &id)?.pop().map(|f| f.url);
        let url = match last {
            Some(u) => u,
            None => read::article(ws.conn(), &id)?.url,
        };
        if !crate::web::is_url(&url) {
            if only.is_some() {
                bail!("article {id} was not imported from a web address; nothing to refresh");
            }
            continue;
        }
        let result = crate::web::fetch(
            &url,
            &crate::web::FetchOptions::from_env(),
            &std::sync::atomic::AtomicBool::new(false),
        )
        .and_then(|page| {
            let text = crate::web::extract(&page)?;
            ws.write(|tx| {
                let report =
                    write::replace_article_text(tx, &id, &text.body, &format!("url:{url}"), who)?;
                keep_page(tx, &id, &page, who)?;
                Ok(report)
            })
        });
        outcomes.push(match result {
            Ok(report) => RefreshOutcome {
                article_id: id,
                url,
                report: Some(report),
                error: None,
            },
            Err(e) => RefreshOutcome {
                article_id: id,
                url,
                report: None,
                error: Some(e.to_string()),
            },
        });
    }
    if json {
        print_json(out, &outcomes)?;
    } else if outcomes.is_empty() {
        writeln!(out, "no article was imported from a web address")?;
    } else {
        for o in &outcomes {
            match (&o.report, &o.error) {
                (Some(report), _) => print_reanchor_report(out, report)?,
                (None, Some(error)) => writeln!(out, "article {}: {error}", o.article_id)?,
                (None, None) => {}
            }
        }
    }
    let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
    if failed > 0 {
        bail!(
            "{failed} of {} articles could not be refreshed (see above); nothing of them changed",
            outcomes.len()
        );
    }
    Ok(())
}

fn new_article(args: &ImportArgs, imported: ImportedText, source: String) -> NewArticle {
    let pick =
        |flag: &Option<String>, found: Option<String>| flag.clone().or(found).unwrap_or_default();
    NewArticle {
        title: pick(&args.title, imported.title),
        outlet: pick(&args.outlet, imported.outlet),
        url: pick(&args.url, imported.url),
        author: pick(&args.author, imported.author),
        published: pick(&args.published, imported.published),
        body: imported.body,
        source,
    }
}

fn print_reanchor_report(out: &mut impl Write, report: &ReanchorReport) -> anyhow::Result<()> {
    if !report.changed {
        writeln!(
            out,
            "article {}: text unchanged (revision {})",
            report.article_id, report.revision
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "article {}: revision {}; {} claims: {} placed, {} moved, {} quote changed, {} orphaned",
        report.article_id,
        report.revision,
        report.claims.len(),
        report.count(AnchorState::Placed),
        report.count(AnchorState::Moved),
        report.count(AnchorState::QuoteChanged),
        report.count(AnchorState::Orphaned),
    )?;
    for c in report
        .claims
        .iter()
        .filter(|c| c.state != AnchorState::Placed)
    {
        match c.state {
            AnchorState::QuoteChanged => writeln!(
                out,
                "  {}  quote changed ({:.0}% similar): “{}” → “{}”",
                c.claim_id,
                c.similarity * 100.0,
                c.old_quote,
                c.new_quote
            )?,
            AnchorState::Orphaned => {
                writeln!(out, "  {}  orphaned: “{}”", c.claim_id, c.old_quote)?;
            }
            _ => writeln!(
                out,
                "  {}  moved {}..{} → {}..{}",
                c.claim_id, c.old_range.start, c.old_range.end, c.new_range.start, c.new_range.end
            )?,
        }
    }
    Ok(())
}

fn patch_from(fields: &ClaimFieldArgs) -> crate::Result<ClaimPatch> {
    Ok(ClaimPatch {
        speaker: fields
            .speaker
            .clone()
            .map(|s| Some(s).filter(|s| !s.trim().is_empty())),
        status: fields.status.as_deref().map(parse_status).transpose()?,
        summary: fields.summary.clone(),
        notes: fields.note.clone(),
    })
}

fn claim_add(args: &ClaimAddArgs, who: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let mut ws = Workspace::open(&args.file)?;
    let article_id = read::resolve_id(ws.conn(), "article", &args.article)?;
    let article = read::article(ws.conn(), &article_id)?;
    let range = match (&args.quote, args.start, args.end) {
        (Some(quote), _, _) => find_quote(&article.body, quote, args.occurrence)?,
        (None, Some(start), Some(end)) => CharRange::new(start, end),
        _ => bail!("give --quote TEXT or --start N --end N"),
    };
    let patch = patch_from(&args.fields)?;
    let id = ws.write(|tx| write::add_claim(tx, &article_id, range, &patch, who))?;
    if args.json {
        let claim = read::claim(ws.conn(), &id)?;
        print_json(out, &ClaimLine::from(&claim))?;
    } else {
        writeln!(out, "{id}")?;
    }
    Ok(())
}

fn claim_set(args: &ClaimSetArgs, who: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let mut ws = Workspace::open(&args.file)?;
    let id = read::resolve_id(ws.conn(), "claim", &args.claim_id)?;
    let patch = patch_from(&args.fields)?;
    let changed = ws.write(|tx| {
        let mut changed = write::update_claim(tx, &id, &patch, who)?;
        if let Some(url) = &args.evidence {
            write::add_evidence(
                tx,
                &id,
                url,
                args.evidence_title.as_deref().unwrap_or_default(),
                args.evidence_note.as_deref().unwrap_or_default(),
                who,
            )?;
            changed = true;
        }
        Ok(changed)
    })?;
    if changed {
        writeln!(out, "updated claim {id}")?;
    } else {
        writeln!(out, "claim {id} unchanged")?;
    }
    Ok(())
}

/// A claim as `list --json` prints it.
#[derive(Debug, Serialize)]
struct ClaimLine<'a> {
    id: &'a str,
    article_id: &'a str,
    start: usize,
    end: usize,
    quote: &'a str,
    speaker: Option<&'a str>,
    status: &'static str,
    anchor_state: &'static str,
    summary: &'a str,
    notes: &'a str,
    evidence: Vec<&'a str>,
    updated_by: &'a str,
    updated_at: &'a str,
    /// A verdict waiting for sign-off (left out when none waits).
    #[serde(skip_serializing_if = "Option::is_none")]
    proposal: Option<ProposalLine<'a>>,
}

/// A verdict waiting for sign-off, in `list --json`.
#[derive(Debug, Serialize)]
struct ProposalLine<'a> {
    status: &'static str,
    by: &'a str,
}

impl<'a> From<&'a Claim> for ClaimLine<'a> {
    fn from(c: &'a Claim) -> Self {
        Self {
            id: &c.id,
            article_id: &c.article_id,
            start: c.anchor.range.start,
            end: c.anchor.range.end,
            quote: &c.anchor.quote,
            speaker: c.speaker.as_ref().map(|s| s.name.as_str()),
            status: c.status.code(),
            anchor_state: c.anchor_state.code(),
            summary: &c.summary,
            notes: &c.notes,
            evidence: c.evidence.iter().map(|e| e.url.as_str()).collect(),
            updated_by: &c.updated_by,
            updated_at: &c.updated_at,
            proposal: c.proposal.as_ref().map(|p| ProposalLine {
                status: p.status.code(),
                by: &p.by,
            }),
        }
    }
}

fn print_claim_line(out: &mut impl Write, c: &Claim) -> anyhow::Result<()> {
    const EXCERPT_CHARS: usize = 70;
    let mut quote: String = c.anchor.quote.chars().take(EXCERPT_CHARS).collect();
    if c.anchor.quote.chars().count() > EXCERPT_CHARS {
        quote.push('…');
    }
    let quote = quote.replace('\n', " ");
    let mut flag = match c.anchor_state {
        AnchorState::Orphaned => "  [orphaned]",
        AnchorState::QuoteChanged => "  [quote changed: re-check]",
        AnchorState::Placed | AnchorState::Moved => "",
    }
    .to_owned();
    if let Some(p) = &c.proposal {
        flag.push_str(&format!(
            "  [awaiting sign-off: {} by {}]",
            p.status.code(),
            p.by
        ));
    }
    writeln!(
        out,
        "{}  {}..{}  {:<13}  {:<20}  «{quote}»{flag}",
        c.id,
        c.anchor.range.start,
        c.anchor.range.end,
        c.status.code(),
        c.speaker.as_ref().map_or("-", |s| s.name.as_str()),
    )?;
    Ok(())
}

/// What `check --json` prints.
#[derive(Debug, Serialize)]
struct CheckReport {
    file: String,
    schema_version: i64,
    integrity: Vec<String>,
    workspace_id: Option<String>,
    counts: read::Counts,
    /// The team workspace the file syncs with, if linked.
    team: Option<crate::sync::Link>,
}

fn check_cmd(file: &Path, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
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

/// Edits forever, printing `committed N CLAIM_ID` after each commit; the crash-safety test
/// kills it at random moments and checks that every printed edit is in the file.
fn stress_edits(
    file: &Path,
    article: &str,
    who: &str,
    pause_ms: u64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let article_id = read::resolve_id(ws.conn(), "article", article)?;
    let len = read::article(ws.conn(), &article_id)?.body.chars().count();
    if len < 2 {
        bail!("the article is too short");
    }
    let mut latest: Option<String> = read::claims(
        ws.conn(),
        &ClaimFilter {
            article_id: Some(article_id.clone()),
            ..ClaimFilter::default()
        },
    )?
    .into_iter()
    .max_by(|a, b| a.created_at.cmp(&b.created_at))
    .map(|c| c.id);
    let mut n: u64 = read::meta(ws.conn(), "stress_edits")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    loop {
        n += 1;
        let summary = format!("edit {n}");
        let patch = ClaimPatch {
            summary: Some(summary),
            ..ClaimPatch::default()
        };
        let target = latest.clone().filter(|_| !n.is_multiple_of(3));
        let id = ws.write(|tx| {
            write::set_meta(tx, "stress_edits", &n.to_string())?;
            match &target {
                Some(id) => {
                    write::update_claim(tx, id, &patch, who)?;
                    Ok(id.clone())
                }
                None => {
                    let start = usize::try_from(n).unwrap_or_default() % (len - 1);
                    let end = (start + 1 + usize::try_from(n % 40).unwrap_or_default()).min(len);
                    write::add_claim(tx, &article_id, CharRange::new(start, end), &patch, who)
                }
            }
        });
        let id = match id {
            Ok(id) => id,
            // A range of only whitespace cannot be a claim: skip that edit.
            Err(Error::InvalidAnchor(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        writeln!(out, "committed {n} {id}")?;
        out.flush()?;
        latest = Some(id);
        if pause_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(pause_ms));
        }
    }
}

fn write_merge_report(
    out: &mut impl Write,
    conn: &rusqlite::Connection,
    report: &crate::store::merge::MergeReport,
    mine: &Path,
) -> anyhow::Result<()> {
    writeln!(out, "merged {} into {}", report.source, mine.display())?;
    writeln!(
        out,
        "{:<10} {:>7} {:>8} {:>10} {:>12}",
        "", "added", "updated", "unchanged", "conflicting"
    )?;
    for (name, c) in [
        ("articles", report.articles),
        ("revisions", report.revisions),
        ("speakers", report.speakers),
        ("claims", report.claims),
        ("evidence", report.evidence),
        ("history", report.history),
        ("web pages", report.pages),
    ] {
        writeln!(
            out,
            "{name:<10} {:>7} {:>8} {:>10} {:>12}",
            c.added, c.updated, c.unchanged, c.conflicting
        )?;
    }
    writeln!(
        out,
        "re-anchored {} claims onto newer text, {} orphaned; unified {} articles and {} speakers imported separately",
        report.reanchored, report.orphaned, report.unified_articles, report.unified_speakers
    )?;
    if report.held_for_signoff > 0 {
        writeln!(
            out,
            "{} final verdicts of theirs wait for an editor's sign-off (the team workspace requires it; factdesk list shows them)",
            report.held_for_signoff
        )?;
    }
    if report.conflicts.is_empty() {
        writeln!(out, "no conflicts")?;
    } else if report.resolved > 0 {
        writeln!(out, "{} conflicts settled by --prefer:", report.resolved)?;
    } else {
        writeln!(
            out,
            "{} conflicts need review (factdesk conflicts FILE, or File → Review merge conflicts in the window):",
            report.conflicts.len()
        )?;
    }
    for c in &report.conflicts {
        write_conflict(out, conn, None, c)?;
    }
    Ok(())
}

fn write_conflict(
    out: &mut impl Write,
    conn: &rusqlite::Connection,
    id: Option<&str>,
    c: &crate::store::merge::Conflict,
) -> anyhow::Result<()> {
    use crate::store::merge::display_value;
    let short = |s: &str| s.chars().take(8).collect::<String>();
    let id = id.map(|i| format!("[{}] ", short(i))).unwrap_or_default();
    writeln!(
        out,
        "  {id}claim {} {}: mine {:?} ({}, {}) | theirs {:?} ({}, {})",
        short(&c.claim_id),
        c.field.code(),
        display_value(conn, c.field, &c.mine)?,
        c.mine_by,
        c.mine_at,
        display_value(conn, c.field, &c.theirs)?,
        c.theirs_by,
        c.theirs_at
    )?;
    Ok(())
}

fn conflicts_cmd(
    file: &Path,
    resolve: Option<&str>,
    take: Option<PreferArg>,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    use crate::store::merge::{self, Resolution};
    let mut ws = Workspace::open(file)?;
    if let (Some(prefix), Some(take)) = (resolve, take) {
        let open = merge::conflicts(ws.conn())?;
        let matching: Vec<_> = open.iter().filter(|c| c.id.starts_with(prefix)).collect();
        let found = match matching.as_slice() {
            [one] => (*one).clone(),
            [] => bail!("no open conflict has an id starting with {prefix:?}"),
            _ => bail!(
                "{prefix:?} matches {} conflicts: give more of the id",
                matching.len()
            ),
        };
        let choice = match take {
            PreferArg::Mine => Resolution::KeepMine,
            PreferArg::Theirs => Resolution::TakeTheirs,
        };
        ws.write(|tx| merge::resolve(tx, &found.id, &choice, who))?;
        if !json {
            writeln!(
                out,
                "settled the {} conflict on claim {}: {}",
                found.conflict.field.code(),
                found.conflict.claim_id,
                if take == PreferArg::Mine {
                    "kept mine"
                } else {
                    "took theirs"
                }
            )?;
        }
    }
    let open = merge::conflicts(ws.conn())?;
    if json {
        print_json(out, &open)?;
    } else if open.is_empty() {
        writeln!(out, "no open conflicts")?;
    } else {
        writeln!(out, "{} open conflicts:", open.len())?;
        for c in &open {
            write_conflict(out, ws.conn(), Some(&c.id), &c.conflict)?;
        }
    }
    Ok(())
}
