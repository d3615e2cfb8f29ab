//! Guards on the paths a user or a received file names: only regular files are read, and no
//! write ever lands on the open workspace (under any of its names) or its journal.
//! Also where factdesk's own files live ([`data_dir`]). Depends on nothing but
//! [`crate::error`]; every front end reaches these through the store
//! and report functions that read and write files, so none can forget them.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The folder where factdesk keeps its own files (the demo workspace, the servers this
/// machine's user trusts): `$FACTDESK_DATA_DIR` when set, else the OS's data folder
/// (`~/.local/share/factdesk` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FACTDESK_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "factdesk", "factdesk").map(|d| d.data_dir().to_owned())
}

/// Side files SQLite keeps beside a database: writing over one corrupts the workspace.
const SQLITE_SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// Refuses, at once and without opening it, anything at `path` that is not a regular file
/// (a FIFO would block the reader for ever; a device or socket is never an article).
/// A path that does not exist passes: the caller's own open reports that.
///
/// # Errors
/// [`Error::NotRegularFile`] naming what was found and `what` the file was meant to be.
pub fn require_regular_file(path: &Path, what: &'static str) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_file() {
        return Ok(());
    }
    Err(Error::NotRegularFile {
        what,
        found: file_kind(&meta.file_type()),
        path: path.to_owned(),
    })
}

/// What kind of non-regular file this is, in words.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// `path` with symbolic links and `..` resolved as far as it exists: the file itself when
/// it does, else its resolved folder joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(name))
}

/// Whether two existing paths are one file (hard links included).
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses a write to `dest` when it is the workspace at `workspace` (by another name too:
/// a symbolic or hard link, a path through `..`) or one of SQLite's side files beside it.
///
/// # Errors
/// [`Error::WouldOverwriteWorkspace`] naming `dest`.
pub fn refuse_workspace_target(dest: &Path, workspace: &Path) -> Result<()> {
    let refuse = || {
        Err(Error::WouldOverwriteWorkspace {
            path: dest.to_owned(),
        })
    };
    if same_inode(dest, workspace) {
        return refuse();
    }
    let (Some(dest_real), Some(ws_real)) = (resolved(dest), resolved(workspace)) else {
        return Ok(());
    };
    if dest_real == ws_real {
        return refuse();
    }
    for side in SQLITE_SIDE_FILES {
        let mut name = ws_real.as_os_str().to_owned();
        name.push(side);
        if dest_real == Path::new(&name) {
            return refuse();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let err = require_regular_file(&fifo, "article")
            .unwrap_err()
            .to_string();
        assert!(err.contains("FIFO"), "{err}");
        assert!(err.ends_with(&fifo.display().to_string()), "{err}");
        let err = require_regular_file(dir.path(), "workspace")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a folder"), "{err}");
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, "x").unwrap();
        require_regular_file(&plain, "article").unwrap();
        require_regular_file(&dir.path().join("missing"), "article").unwrap();
    }

    #[test]
    fn every_name_of_the_workspace_and_its_journal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("desk.factdesk");
        std::fs::write(&ws, "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let via_dots = dir.path().join("sub").join("..").join("desk.factdesk");
        let link = dir.path().join("link.factdesk");
        let hard = dir.path().join("hard.factdesk");
        std::fs::hard_link(&ws, &hard).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&ws, &link).unwrap();
        for bad in [
            ws.clone(),
            via_dots,
            hard,
            dir.path().join("desk.factdesk-journal"),
            dir.path().join("sub/../desk.factdesk-wal"),
        ] {
            let err = refuse_workspace_target(&bad, &ws).unwrap_err().to_string();
            assert!(err.ends_with(&bad.display().to_string()), "{err}");
        }
        #[cfg(unix)]
        assert!(refuse_workspace_target(&link, &ws).is_err());
        refuse_workspace_target(&dir.path().join("report.html"), &ws).unwrap();
        refuse_workspace_target(&dir.path().join("desk.factdesk.html"), &ws).unwrap();
    }
}
