//! The command line's arguments (clap derive): every command, its flags and their help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::Error;
use crate::model::Status;

/// factdesk: claims anchored in news articles, with speakers and verdicts, in one SQLite file.
#[derive(Debug, Parser)]
#[command(name = "factdesk", version = crate::VERSION, about, long_about = None, args_conflicts_with_subcommands = true)]
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
    /// Test helper: edit in a loop, printing each committed edit (crash-safety test). Only
    /// in builds with the `test-support` feature (`cargo test`).
    #[cfg(feature = "test-support")]
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
        role: RoleArg,
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
    /// Print the claims' working notes too (left out by default: they are private).
    #[arg(long)]
    pub include_notes: bool,
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

pub(crate) fn parse_status(text: &str) -> crate::Result<Status> {
    Status::parse(text).ok_or_else(|| {
        let codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
        Error::invalid(
            "status",
            format!("\"{text}\" is not one of {}", codes.join(", ")),
        )
    })
}

/// `--role` values: a member's role on a desk ([`crate::sync::server::Role`], which knows
/// nothing of clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    /// Makes and edits claims; a final verdict needs an editor where sign-off is required.
    Checker,
    /// Also signs off final verdicts and creates workspaces.
    Editor,
    /// An editor who also manages the desk's workspaces.
    Admin,
}

impl From<RoleArg> for crate::sync::server::Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Checker => Self::Checker,
            RoleArg::Editor => Self::Editor,
            RoleArg::Admin => Self::Admin,
        }
    }
}
