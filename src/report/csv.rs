//! CSV for spreadsheets: one row per claim, UTF-8, a header, and this stable column order:
//!
//! `article_id, article_title, outlet, article_url, published, revision, claim_id, start,
//! end, quote, speaker, status, verdict, summary, notes, evidence_urls, reviewer,
//! reviewed_at, created_by, created_at, anchor_state`
//!
//! `start`/`end` are Unicode character offsets; `evidence_urls` are separated by spaces.
//! Cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'`, so
//! no spreadsheet runs them as formulas; so do cells where one of those follows leading
//! spaces or quotation marks (`  =1+1`, `"=1+1`, `'=cmd`), which some spreadsheets skip.

use std::io::Write;

use crate::model::report::ReportData;
use crate::{Error, Result};

/// The header row.
pub const COLUMNS: [&str; 21] = [
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "published",
    "revision",
    "claim_id",
    "start",
    "end",
    "quote",
    "speaker",
    "status",
    "verdict",
    "summary",
    "notes",
    "evidence_urls",
    "reviewer",
    "reviewed_at",
    "created_by",
    "created_at",
    "anchor_state",
];

/// Neutralises a cell a spreadsheet would treat as a formula, also behind leading
/// whitespace and `"` or `'` characters.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let unquoted = cell.trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
    if cell.starts_with(['\t', '\r']) || unquoted.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes the CSV report.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_csv(data: &ReportData, out: &mut impl Write) -> Result<()> {
    let err = |e: ::csv::Error| Error::Io {
        action: "writing the CSV report",
        path: std::path::PathBuf::from("(output)"),
        source: std::io::Error::other(e.to_string()),
    };
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS).map_err(err)?;
    for ra in &data.articles {
        let a = &ra.article;
        for c in &ra.claims {
            let evidence: Vec<&str> = c.evidence.iter().map(|e| e.url.as_str()).collect();
            // The revision the claim's words are in (an orphan stays on an older one).
            let revision = c.revision_number.to_string();
            let start = c.anchor.range.start.to_string();
            let end = c.anchor.range.end.to_string();
            let evidence = evidence.join(" ");
            let row: [&str; 21] = [
                &a.id,
                &a.title,
                &a.outlet,
                &a.url,
                &a.published,
                &revision,
                &c.id,
                &start,
                &end,
                &c.anchor.quote,
                c.speaker.as_ref().map_or("", |s| s.name.as_str()),
                c.status.code(),
                c.status.label(),
                &c.summary,
                &c.notes,
                &evidence,
                &c.updated_by,
                &c.updated_at,
                &c.created_by,
                &c.created_at,
                c.anchor_state.code(),
            ];
            w.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
                .map_err(err)?;
        }
    }
    w.flush().map_err(|e| Error::Io {
        action: "writing the CSV report",
        path: std::path::PathBuf::from("(output)"),
        source: e,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_matches_golden_file_and_neutralises_formulas() {
        let mut out = Vec::new();
        super::write_csv(&crate::report::sample::data(), &mut out).unwrap();
        crate::report::golden::check("report.csv", &out);
        let mut reader = ::csv::Reader::from_reader(out.as_slice());
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[2][9], "'=SUM(A1)");
        assert_eq!(&rows[2][13], "'-2+3");
        assert_eq!(&rows[2][14], "'@cmd");
        assert_eq!(&rows[1][9], "Visitors from 東京 rose 12% 😀");
    }

    #[test]
    fn formulas_behind_spaces_or_quotes_are_neutralised() {
        for cell in [
            "  =1+1",
            "\"=1+1",
            "'=cmd",
            "\t@SUM(A1)",
            "\r1",
            " \"' -1",
            "\u{a0}+1",
        ] {
            assert_eq!(super::neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "  ", "\"quoted\"", "“=curly”", "a=b", "12"] {
            assert_eq!(super::neutralise(cell), cell, "{cell:?}");
        }
    }
}
