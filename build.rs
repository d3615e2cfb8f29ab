//! Build script: gives the crate `FACTDESK_VERSION`, the version and build that
//! `factdesk --version` and Help → About show (`factdesk::VERSION`): `0.1.0 (git 1a2b3c4)`
//! when built from a git checkout, plain `0.1.0` when git or `.git` is absent (a source
//! tarball, a copy without history). It never fails the build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let full = match git_hash(&crate_dir) {
        Some(hash) => format!("{version} (git {hash})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=FACTDESK_VERSION={full}");
}

/// The short hash of HEAD when `crate_dir` is a git checkout and git runs. Watches the files
/// that move with HEAD (HEAD itself, its branch's ref, the packed refs), so a commit or a
/// checkout refreshes the hash.
fn git_hash(crate_dir: &Path) -> Option<String> {
    // This crate's own checkout only (`.git` is a folder, or a file in a worktree): a
    // tarball unpacked inside some other repository must not take that repository's hash.
    if !crate_dir.join(".git").exists() {
        return None;
    }
    let hash = git(crate_dir, &["rev-parse", "--short", "HEAD"])?;
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    // Detached HEAD has no branch: HEAD itself then names the commit.
    if let Some(branch_ref) = git(crate_dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch_ref);
    }
    for name in watched {
        let Some(path) = git(crate_dir, &["rev-parse", "--git-path", &name]) else {
            continue;
        };
        let path = crate_dir.join(path);
        // Only files that exist: cargo reruns the script, and rebuilds the crate, on every
        // build while a watched path is missing (a branch whose ref sits in packed-refs).
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(hash)
}

/// Runs `git ARGS` in `dir`; its first output line, or `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_owned())
}
