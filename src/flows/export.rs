//! Reports: what a report covers, from the command line's flags or the window's export form,
//! under one set of rules, and writing it where the user asked.

use std::path::Path;

use rusqlite::Connection;

use crate::model::Status;
use crate::model::report::ReportScope;
use crate::report::Format;
use crate::store::read;
use crate::{Error, Result};

/// What the user asked a report to cover, as typed: article id prefixes, names, dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeRequest {
    /// Article ids or unique prefixes of them; empty: every article.
    pub articles: Vec<String>,
    /// Verdicts to include; empty: the default set.
    pub statuses: Vec<Status>,
    /// Every verdict, unverified ones included.
    pub all_statuses: bool,
    /// Speakers by name; empty or blank entries are ignored.
    pub speakers: Vec<String>,
    /// Reviewers by name; empty or blank entries are ignored.
    pub reviewers: Vec<String>,
    /// Only claims last changed on or after this date, `YYYY-MM-DD` (blank: no limit).
    pub from: Option<String>,
    /// Only claims last changed on or before this date, `YYYY-MM-DD` (blank: no limit).
    pub to: Option<String>,
    /// Print the claims' working notes (private by default).
    pub include_notes: bool,
}

/// Checks a report date: `YYYY-MM-DD`, a real day.
///
/// # Errors
/// [`Error::InvalidInput`] naming the date.
pub fn check_date(date: &str) -> Result<()> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| Error::invalid("date", format!("\"{date}\" is not of the form YYYY-MM-DD")))
}

/// The report scope a request describes: names and dates trimmed, blanks dropped, dates
/// checked, article prefixes resolved to ids.
///
/// # Errors
/// [`Error::InvalidInput`] for a date, [`Error::NotFound`] or an ambiguous prefix for an
/// article; SQLite errors.
pub fn scope(conn: &Connection, request: &ScopeRequest) -> Result<ReportScope> {
    let names = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect()
    };
    let date = |d: &Option<String>| -> Result<Option<String>> {
        match d.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => check_date(d).map(|()| Some(d.to_owned())),
            None => Ok(None),
        }
    };
    let changed_from = date(&request.from)?;
    let changed_to = date(&request.to)?;
    Ok(ReportScope {
        article_ids: request
            .articles
            .iter()
            .map(|a| read::resolve_article(conn, a))
            .collect::<Result<_>>()?,
        statuses: request.statuses.clone(),
        all_statuses: request.all_statuses,
        speakers: names(&request.speakers),
        reviewers: names(&request.reviewers),
        changed_from,
        changed_to,
        include_notes: request.include_notes,
    })
}

/// Writes the report of `scope` in `format` to `path` (never over the workspace at
/// `workspace`), through a temporary file and a rename. Returns how many claims it holds.
///
/// # Errors
/// SQLite errors, [`Error::Io`] naming the path, a refusal to write over the workspace.
pub fn write_report(
    conn: &Connection,
    workspace: &Path,
    format: Format,
    scope: &ReportScope,
    path: &Path,
) -> Result<usize> {
    let data = read::report_data(conn, scope)?;
    crate::report::write_file(format, &data, path, workspace)?;
    Ok(data.claim_count())
}

/// The claims a report would publish with a final verdict but nothing to back it: no
/// summary (the "Why") and no evidence link. Each with its article's title, in report order.
///
/// # Errors
/// SQLite errors.
pub fn unsupported_verdicts(
    conn: &Connection,
    scope: &ReportScope,
) -> Result<Vec<(crate::model::Claim, String)>> {
    let data = read::report_data(conn, scope)?;
    Ok(data
        .articles
        .into_iter()
        .flat_map(|a| {
            let title = a.article.title;
            a.claims
                .into_iter()
                .filter(|c| {
                    c.status.is_final() && c.summary.trim().is_empty() && c.evidence.is_empty()
                })
                .map(move |c| (c, title.clone()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_date_is_a_real_day_in_iso_form() {
        assert!(check_date("2026-02-28").is_ok());
        for bad in [
            "2026-02-30",
            "28/02/2026",
            "2026-2-28x",
            "",
            "２０２６-01-01",
        ] {
            let e = check_date(bad).unwrap_err().to_string();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn blanks_are_no_limit_and_names_are_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let ws = crate::store::Workspace::create(&dir.path().join("w.factdesk")).unwrap();
        let scope = scope(
            ws.conn(),
            &ScopeRequest {
                speakers: vec!["  Zoë Ménard ".into(), "   ".into()],
                reviewers: vec![String::new()],
                from: Some("  ".into()),
                to: Some(" 2026-12-04 ".into()),
                ..ScopeRequest::default()
            },
        )
        .unwrap();
        assert_eq!(scope.speakers, ["Zoë Ménard"]);
        assert!(scope.reviewers.is_empty());
        assert_eq!(scope.changed_from, None);
        assert_eq!(scope.changed_to.as_deref(), Some("2026-12-04"));
    }

    #[test]
    fn a_bad_date_is_refused_whichever_end_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let ws = crate::store::Workspace::create(&dir.path().join("w.factdesk")).unwrap();
        let request = ScopeRequest {
            from: Some("2026-13-01".into()),
            ..ScopeRequest::default()
        };
        let e = scope(ws.conn(), &request).unwrap_err().to_string();
        assert!(
            e.contains("\"2026-13-01\" is not of the form YYYY-MM-DD"),
            "{e}"
        );
    }
}
