//! Background work of the window, each on a named thread that reports over a channel and
//! wakes the window when done: the page fetch (with a cancel flag) and the OS file dialog.
//! The team worker, which also runs on its own named thread, lives in [`super::team`].

use std::path::PathBuf;

use crate::model::ArticleId;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::text::import::ImportedText;
use crate::ui::{DialogAnswer, FileDialog};
use crate::{Error, Result};

/// What a fetch brings back: the page and the article text found in it.
type Fetched = Result<(crate::web::Fetched, ImportedText)>;

/// A web page being fetched on a worker thread.
#[derive(Debug)]
pub struct FetchJob {
    /// The address.
    pub url: String,
    /// The article whose page this is ("Check for updates"), or `None` for a new import.
    pub refresh_of: Option<ArticleId>,
    /// Set to stop the fetch.
    pub cancel: Arc<AtomicBool>,
    /// When it started (egui time).
    pub started: f64,
    result: Receiver<Fetched>,
}

impl FetchJob {
    /// Starts fetching `url` on the thread `factdesk-fetch`; `ctx` is repainted when the
    /// result is in.
    ///
    /// # Errors
    /// When the thread cannot be started.
    pub(crate) fn start(
        url: String,
        refresh_of: Option<ArticleId>,
        ctx: &egui::Context,
    ) -> std::io::Result<Self> {
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        let flag = Arc::clone(&cancel);
        let address = url.clone();
        std::thread::Builder::new()
            .name("factdesk-fetch".to_owned())
            .spawn(move || {
                let result =
                    crate::web::fetch(&address, &crate::web::FetchOptions::from_env(), &flag)
                        .and_then(|page| {
                            crate::web::extract_any_length(&page).map(|text| (page, text))
                        });
                let _ = tx.send(result);
                repaint.request_repaint();
            })?;
        Ok(Self {
            url,
            refresh_of,
            cancel,
            started: ctx.input(|i| i.time),
            result: rx,
        })
    }

    /// The result, once it has arrived (`None` while the fetch runs).
    pub(crate) fn result(&self) -> Option<Fetched> {
        match self.result.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(Error::import("the fetch stopped unexpectedly")))
            }
        }
    }

    /// Asks the worker to stop at its next read; its result, if any, is dropped.
    pub(crate) fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// What an OS file dialog answered, sent back from its thread.
pub(crate) type PickedFile = (FileDialog, DialogAnswer);

/// Shows the OS file dialog `kind` on the thread `factdesk-file-dialog`, so the window
/// keeps drawing while it is open. Its answer (a path, nothing and how fast, or a crash) is
/// sent on `tx` and `ctx` repainted: an answer of nothing at once means no dialog was shown
/// (no portal answers on a minimal desktop or a remote session), and the window then asks
/// for the path itself. `start_dir` is where the dialog opens; `file_name` the name it
/// proposes for a new file.
///
/// # Errors
/// When the thread cannot be started.
pub(crate) fn pick_file(
    kind: FileDialog,
    start_dir: Option<PathBuf>,
    file_name: String,
    tx: Sender<PickedFile>,
    ctx: &egui::Context,
) -> std::io::Result<()> {
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name("factdesk-file-dialog".to_owned())
        .spawn(move || {
            let started = std::time::Instant::now();
            let shown = std::panic::catch_unwind(move || show_dialog(kind, start_dir, file_name));
            let answer = match shown {
                Ok(Some(path)) => DialogAnswer::Chosen(path),
                Ok(None) => DialogAnswer::Nothing {
                    after_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                },
                Err(_) => DialogAnswer::Failed("the dialog stopped with an internal error".into()),
            };
            let _ = tx.send((kind, answer));
            ctx.request_repaint();
        })?;
    Ok(())
}

/// Shows the OS dialog and waits for it (blocking: only on the dialog thread).
fn show_dialog(kind: FileDialog, start_dir: Option<PathBuf>, file_name: String) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new();
    if let Some(dir) = start_dir {
        dialog = dialog.set_directory(dir);
    }
    let workspace = ["factdesk", "sqlite", "db"];
    match kind {
        FileDialog::Open => dialog
            .add_filter("factdesk workspace", &workspace)
            .pick_file(),
        FileDialog::New | FileDialog::SaveCopy => dialog
            .add_filter("factdesk workspace", &workspace)
            .set_file_name(file_name)
            .save_file(),
        FileDialog::Import => dialog
            .add_filter("Articles", &["txt", "md", "markdown", "html", "htm"])
            .pick_file(),
        FileDialog::Export => dialog.set_file_name(file_name).save_file(),
        FileDialog::Merge => dialog
            .set_title("Merge a colleague's copy of the workspace")
            .add_filter("factdesk workspace", &workspace)
            .pick_file(),
    }
}
