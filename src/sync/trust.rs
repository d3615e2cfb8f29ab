//! The team servers this machine's user has named or confirmed. A workspace file carries
//! the URL of its team server, and files arrive by email: a received file must never decide
//! where the user's password goes. A link is used only when its (server URL, workspace) pair
//! is in this list, kept outside every workspace in the data folder
//! (`trusted-servers.json`); the user adds to it by typing the URL (`connect`,
//! `sync --url`) or by confirming the host in the window's Connect form.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// One trusted link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// The server URL without its password (as `sync_link.url` holds it).
    url: String,
    /// The workspace's id on that server.
    workspace_id: String,
    /// When the user trusted it (RFC 3339).
    trusted_at: String,
}

fn store_path() -> Option<PathBuf> {
    crate::files::data_dir().map(|d| d.join("trusted-servers.json"))
}

fn load() -> Vec<Entry> {
    let Some(path) = store_path() else {
        return Vec::new();
    };
    std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Whether this machine's user named or confirmed the server `url` (without password) for
/// the workspace `workspace_id`.
pub fn is_trusted(url: &str, workspace_id: &str) -> bool {
    load()
        .iter()
        .any(|e| e.url == url && e.workspace_id == workspace_id)
}

/// Records that the user named or confirmed the server `url` (without password) for the
/// workspace `workspace_id`.
///
/// # Errors
/// [`Error::Io`] when the data folder cannot be written.
pub fn trust(url: &str, workspace_id: &str) -> Result<()> {
    // Two windows (or test threads) may trust at once: one at a time in this process, and
    // a write is checked by reading it back, so another process's write in between cannot
    // drop this entry unnoticed.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for _ in 0..5 {
        if is_trusted(url, workspace_id) {
            return Ok(());
        }
        add(url, workspace_id)?;
    }
    if is_trusted(url, workspace_id) {
        return Ok(());
    }
    Err(Error::invalid(
        "trusted servers",
        "another program keeps rewriting the list of trusted servers; try again",
    ))
}

/// Writes the list with one more entry (through a temporary file and a rename).
fn add(url: &str, workspace_id: &str) -> Result<()> {
    let Some(path) = store_path() else {
        return Err(Error::invalid(
            "data folder",
            "this system names no data folder for factdesk: set FACTDESK_DATA_DIR",
        ));
    };
    let mut entries = load();
    entries.push(Entry {
        url: url.to_owned(),
        workspace_id: workspace_id.to_owned(),
        trusted_at: crate::model::now_timestamp(),
    });
    let io = |source| Error::Io {
        action: "remembering the trusted server",
        path: path.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let text = serde_json::to_string_pretty(&entries)
        .map_err(|e| Error::invalid("trusted servers", e.to_string()))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", crate::model::new_id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Refuses a sync to `url` for the file's link unless this machine's user named or
/// confirmed that server for that workspace.
///
/// # Errors
/// [`Error::InvalidInput`] saying how to confirm it.
pub fn require(url: &str, workspace: &str, workspace_id: &str) -> Result<()> {
    let shown = super::server::redact(url)?;
    if is_trusted(&shown, workspace_id) {
        return Ok(());
    }
    Err(Error::invalid(
        "team link",
        format!(
            "this file's link to team workspace {workspace} at {shown} was made on another machine, and a received file never decides where your password goes: give the server's address yourself (`factdesk sync FILE --url URL`, or confirm the server in Team → Connect)"
        ),
    ))
}
