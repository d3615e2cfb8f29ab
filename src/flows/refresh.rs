//! Check for updates: fetching an article's page again and taking its corrected text as a
//! new revision, the same way from `factdesk refresh` and the window.

use rusqlite::Connection;

use crate::model::{ArticleId, TextSource};
use crate::store::read;
use crate::text::import::ImportedText;
use crate::web::Fetched;
use crate::{Error, Result};

/// The address a refresh fetches: the one last fetched for the article, else the article's
/// own URL; `None` when neither is a web address (a file or a paste has nothing to refresh).
///
/// # Errors
/// [`crate::Error::NotFound`] for the article; SQLite errors.
pub fn address(conn: &Connection, article_id: &ArticleId) -> Result<Option<String>> {
    let url = match read::fetches(conn, article_id)?.pop() {
        Some(last) => last.url,
        None => read::article(conn, article_id)?.url,
    };
    Ok(crate::web::is_url(&url).then_some(url))
}

/// The text a refresh takes from a fetched page. A correction is never taken from a page
/// that no longer looks like the article (a paywall or a consent page put up since).
///
/// # Errors
/// [`Error::Import`] saying the page is too short to be the article.
pub fn correction(page: &Fetched, text: ImportedText) -> Result<ImportedText> {
    match crate::web::too_short(page, &text) {
        Some(warning) => Err(Error::import(format!("not checked for updates: {warning}"))),
        None => Ok(text),
    }
}

/// The source a refreshed revision records: the address fetched.
#[must_use]
pub fn source(page: &Fetched) -> TextSource {
    TextSource::Url(page.url.clone())
}
