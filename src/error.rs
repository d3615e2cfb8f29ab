//! The library's one error type. Messages say what failed and why, with the file path last,
//! and fit on one line so the CLI can print them as they are.

use std::path::PathBuf;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in factdesk's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file does not start with the SQLite header.
    #[error("not a factdesk workspace (not an SQLite database): {}", .path.display())]
    NotSqlite {
        /// The file that was refused.
        path: PathBuf,
    },
    /// The file exists but holds no bytes at all.
    #[error("not a factdesk workspace (the file is empty): {}", .path.display())]
    EmptyFile {
        /// The file that was refused.
        path: PathBuf,
    },
    /// An SQLite database made by another program.
    #[error(
        "not a factdesk workspace (an SQLite database of another application, application_id {found:#010x}): {}",
        .path.display()
    )]
    ForeignDatabase {
        /// The file that was refused.
        path: PathBuf,
        /// The `application_id` found in the file.
        found: i32,
    },
    /// A workspace written by a newer factdesk.
    #[error(
        "workspace is from a newer factdesk (schema version {found}; this build reads versions 1 to {supported}); update factdesk to open it: {}",
        .path.display()
    )]
    NewerVersion {
        /// The file that was refused.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest schema version this build understands.
        supported: i64,
    },
    /// The file is shorter than its own header says.
    #[error(
        "workspace file is truncated ({actual_bytes} bytes, its header says {expected_bytes}): {}",
        .path.display()
    )]
    Truncated {
        /// The file that was refused.
        path: PathBuf,
        /// Size on disk.
        actual_bytes: u64,
        /// Size the SQLite header promises.
        expected_bytes: u64,
    },
    /// SQLite's own consistency check failed.
    #[error("workspace file is corrupt ({detail}): {}", .path.display())]
    Corrupt {
        /// The file that was refused.
        path: PathBuf,
        /// First problem SQLite reported.
        detail: String,
    },
    /// The file carries schema objects factdesk did not create (they would run on our writes).
    #[error(
        "workspace contains a {kind} \"{name}\" that factdesk did not create; refusing to open it: {}",
        .path.display()
    )]
    ForeignSchemaObject {
        /// The file that was refused.
        path: PathBuf,
        /// `trigger`, `view`, `table`, `index` or `virtual table`.
        kind: String,
        /// The object's name.
        name: String,
    },
    /// A path that should name a file names a FIFO, socket, device or folder.
    #[error(
        "cannot use this as the {what}: it is {found}, not a regular file: {}",
        .path.display()
    )]
    NotRegularFile {
        /// What the file was meant to be: "workspace", "article", "JSON file"…
        what: &'static str,
        /// What it is, e.g. "a FIFO (named pipe)".
        found: &'static str,
        /// The path given.
        path: PathBuf,
    },
    /// A write (report, copy, export) would replace the open workspace or its journal.
    #[error(
        "refusing to overwrite the workspace itself (this path is the open workspace or its journal): {}",
        .path.display()
    )]
    WouldOverwriteWorkspace {
        /// The destination that was refused.
        path: PathBuf,
    },
    /// `new` on a path that already exists.
    #[error("will not overwrite an existing file: {}", .path.display())]
    AlreadyExists {
        /// The existing file.
        path: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("{action} failed ({source}): {}", .path.display())]
    Io {
        /// What was being done, e.g. "reading the article".
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// An article could not be turned into text.
    #[error("cannot import article: {reason}")]
    Import {
        /// Why, in words a fact-checker can act on.
        reason: String,
    },
    /// A web page could not be fetched.
    #[error("cannot fetch {url}: {reason}")]
    Fetch {
        /// The address asked for.
        url: String,
        /// Why, in words a fact-checker can act on.
        reason: String,
    },
    /// The same text is already in the workspace.
    #[error("this text is already in the workspace as article {existing_id} (\"{title}\")")]
    DuplicateArticle {
        /// The article that already holds this text.
        existing_id: crate::model::ArticleId,
        /// Its title.
        title: String,
    },
    /// No row of that kind with that id (or id prefix).
    #[error("no {kind} with id {id}")]
    NotFound {
        /// `article`, `claim`, `speaker`, `evidence`.
        kind: &'static str,
        /// The id or prefix asked for.
        id: String,
    },
    /// An id prefix matched several rows.
    #[error("id prefix {prefix} matches {count} {kind}s; give more characters")]
    AmbiguousId {
        /// `article` or `claim`.
        kind: &'static str,
        /// The prefix asked for.
        prefix: String,
        /// How many rows it matched.
        count: usize,
    },
    /// A claim's range or quote does not fit the article.
    #[error("invalid claim anchor: {0}")]
    InvalidAnchor(String),
    /// A value given by the user is not acceptable.
    #[error("invalid {what}: {message}")]
    InvalidInput {
        /// Which value, e.g. "status".
        what: &'static str,
        /// What is wrong and what would be accepted.
        message: String,
    },
    /// The team server (PostgreSQL) refused a request or could not be reached.
    #[error("team server: {reason}")]
    Server {
        /// The server's message, or why it could not be reached.
        reason: String,
        /// Whether the server could not be reached at all (the app is offline), as opposed
        /// to a refusal (no permission, a rule of the workspace).
        offline: bool,
    },
    /// SQLite reported an error (includes a full disk: "database or disk is full").
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            let mut reason = db.message().trim_start_matches("factdesk: ").to_owned();
            if let Some(detail) = db.detail() {
                reason.push_str(" (");
                reason.push_str(detail);
                reason.push(')');
            }
            return Self::Server {
                reason,
                offline: false,
            };
        }
        let mut reason = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            let more = s.to_string();
            if !reason.contains(&more) {
                reason.push_str(": ");
                reason.push_str(&more);
            }
            source = s.source();
        }
        Self::Server {
            reason,
            offline: true,
        }
    }
}

impl Error {
    /// Builds an [`Error::Server`] for a refusal.
    pub fn server(reason: impl Into<String>) -> Self {
        Self::Server {
            reason: reason.into(),
            offline: false,
        }
    }

    /// Builds an [`Error::Import`].
    pub fn import(reason: impl Into<String>) -> Self {
        Self::Import {
            reason: reason.into(),
        }
    }

    /// Builds an [`Error::InvalidInput`].
    pub fn invalid(what: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            what,
            message: message.into(),
        }
    }
}
