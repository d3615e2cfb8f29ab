//! Bringing articles in: a text as a new article or as a new revision of one, with the web
//! page it came from, and the rule for naming where a file's text came from.

use std::path::Path;

use rusqlite::Transaction;

use crate::Result;
use crate::model::{ArticleId, TextSource};
use crate::store::read;
use crate::store::write::{self, NewArticle, ReanchorReport};
use crate::web::Fetched;

/// The source recorded for an article file: its canonical path, so one file reached by two
/// names (a relative path, a symlink) is one source, from the command line and the window
/// alike. A path that cannot be resolved is kept as given.
#[must_use]
pub fn file_source(path: &Path) -> TextSource {
    TextSource::File(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()))
}

/// Writes `new` as a new article, with the web page its text was found in, in the caller's
/// transaction. Returns the article's id.
///
/// # Errors
/// [`crate::Error::DuplicateArticle`] when the same text is already there,
/// [`crate::Error::InvalidInput`] for a bad date, SQLite errors.
pub fn add_article(
    tx: &Transaction<'_>,
    new: &NewArticle,
    page: Option<&Fetched>,
    who: &str,
) -> Result<ArticleId> {
    let id = write::import_article(tx, new, who)?;
    if let Some(page) = page {
        keep_page(tx, &id, page, who)?;
    }
    Ok(id)
}

/// Makes `body` the next revision of an article and re-anchors its claims, keeping the web
/// page it came from, in the caller's transaction: `import --replaces`, `refresh`, the
/// window's import form on a known article and its Check for updates alike.
///
/// # Errors
/// [`crate::Error::NotFound`], [`crate::Error::Import`] for an empty body, SQLite errors.
pub fn new_revision(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    body: &str,
    source: &TextSource,
    page: Option<&Fetched>,
    who: &str,
) -> Result<ReanchorReport> {
    let report = write::replace_article_text(tx, article_id, body, source, who)?;
    if let Some(page) = page {
        keep_page(tx, article_id, page, who)?;
    }
    Ok(report)
}

/// Keeps the raw page with the article's current revision (the one its text gave), in the
/// caller's transaction.
///
/// # Errors
/// [`crate::Error::NotFound`] for the article; SQLite errors.
pub fn keep_page(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    page: &Fetched,
    who: &str,
) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reached_by_a_relative_name_is_recorded_by_its_full_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Zürich — déjà vu.txt");
        std::fs::write(&file, "text").unwrap();
        let by_dots = dir.path().join(".").join("Zürich — déjà vu.txt");
        let expected = TextSource::File(std::fs::canonicalize(&file).unwrap());
        assert_eq!(file_source(&by_dots), expected);
        assert_eq!(file_source(&file), expected);
    }

    #[test]
    fn a_missing_file_keeps_the_name_it_was_given() {
        let path = Path::new("no/such/dir/a.txt");
        assert_eq!(file_source(path), TextSource::File(path.to_owned()));
    }
}
