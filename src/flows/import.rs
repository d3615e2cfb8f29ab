//! Bringing articles in: what importing or refreshing a web article does besides the text.

use rusqlite::Transaction;

use crate::Result;
use crate::store::{read, write};
use crate::web::Fetched;

/// Keeps the raw page with the article's current revision (the one its text gave), in the
/// caller's transaction: `import URL`, Check for updates and the window's URL import alike.
///
/// # Errors
/// [`crate::Error::NotFound`] for the article; SQLite errors.
pub fn keep_page(tx: &Transaction<'_>, article_id: &str, page: &Fetched, who: &str) -> Result<()> {
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
