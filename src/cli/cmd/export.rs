//! `factdesk export`: reports and the whole-workspace JSON, to stdout or a file.

use std::io::Write;

use crate::Error;
use crate::cli::print::*;
use crate::cli::*;
use crate::store::Workspace;
use crate::store::read;

/// The report scope that `export`'s flags describe.
pub(crate) fn export_scope(
    ws: &Workspace,
    args: &ExportArgs,
) -> crate::Result<crate::model::report::ReportScope> {
    let request = crate::flows::export::ScopeRequest {
        articles: args.article.clone(),
        statuses: args
            .status
            .iter()
            .map(|s| parse_status(s))
            .collect::<crate::Result<_>>()?,
        all_statuses: args.all_statuses,
        speakers: args.speaker.clone(),
        reviewers: args.reviewed_by.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        include_notes: args.include_notes,
    };
    crate::flows::export::scope(ws.conn(), &request)
}

pub(crate) fn export_cmd(args: &ExportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if args.format.eq_ignore_ascii_case("json") {
        let ws = Workspace::open(&args.file)?;
        let ids: Vec<crate::model::ArticleId> = args
            .article
            .iter()
            .map(|a| read::resolve_article(ws.conn(), a))
            .collect::<crate::Result<_>>()?;
        let dump = crate::store::dump::export(ws.conn(), &ids)?;
        match &args.output {
            Some(path) => {
                let text = serde_json::to_string_pretty(&dump)? + "\n";
                crate::report::write_file_with(path, ws.path(), |w| {
                    w.write_all(text.as_bytes()).map_err(|source| Error::Io {
                        action: "writing the report",
                        path: path.clone(),
                        source,
                    })
                })?;
                eprintln!("wrote {} claims to {}", dump.claims.len(), path.display());
            }
            None => print_json(out, &dump)?,
        }
        return Ok(());
    }
    let format = crate::report::Format::parse(&args.format).ok_or_else(|| {
        let codes: Vec<&str> = crate::report::Format::ALL
            .iter()
            .map(|f| f.code())
            .collect();
        Error::invalid(
            "format",
            format!("\"{}\" is not one of {}", args.format, codes.join(", ")),
        )
    })?;
    let ws = Workspace::open(&args.file)?;
    let scope = export_scope(&ws, args)?;
    match &args.output {
        Some(path) => {
            let count =
                crate::flows::export::write_report(ws.conn(), ws.path(), format, &scope, path)?;
            eprintln!("wrote {count} claims to {}", path.display());
        }
        None => crate::report::write(format, &read::report_data(ws.conn(), &scope)?, out)?,
    }
    Ok(())
}
