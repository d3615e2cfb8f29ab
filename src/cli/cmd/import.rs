//! `factdesk import` and `factdesk refresh`: articles from files, pastes and the web, and
//! new revisions of them.

use std::io::{Read as _, Write};
use std::path::Path;

use anyhow::{Context as _, bail};
use serde::Serialize;

use crate::cli::print::*;
use crate::cli::*;
use crate::flows;
use crate::model::TextSource;
use crate::store::Workspace;
use crate::store::read;
use crate::store::write::{NewArticle, ReanchorReport};
use crate::text::import::{self, ImportedText};

pub(crate) fn import_cmd(args: &ImportArgs, who: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let as_text = args.article_path.to_string_lossy().into_owned();
    let mut page = None;
    let (imported, source) = if crate::web::is_url(&as_text) {
        let fetched = crate::web::fetch(
            &as_text,
            &crate::web::FetchOptions::from_env(),
            &std::sync::atomic::AtomicBool::new(false),
        )?;
        let imported = if args.allow_short {
            let imported = crate::web::extract_any_length(&fetched)?;
            if let Some(warning) = crate::web::too_short(&fetched, &imported) {
                eprintln!("factdesk: warning: {warning} (imported as asked by --allow-short)");
            }
            imported
        } else {
            crate::web::extract(&fetched)?
        };
        let source = crate::flows::refresh::source(&fetched);
        page = Some(fetched);
        (imported, source)
    } else if args.article_path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading the article from standard input")?;
        let text = import::decode(&bytes, args.encoding.as_deref())?;
        (import::from_text(&text)?, TextSource::Paste)
    } else {
        let imported = import::import_file(&args.article_path, args.encoding.as_deref())?;
        (imported, flows::import::file_source(&args.article_path))
    };
    let mut ws = Workspace::open(&args.file)?;
    if let Some(target) = &args.replaces {
        let id = read::resolve_article(ws.conn(), target)?;
        let report = ws.write(|tx| {
            flows::import::new_revision(tx, &id, &imported.body, &source, page.as_ref(), who)
        })?;
        if args.json {
            print_json(out, &report)?;
        } else {
            print_reanchor_report(out, &report)?;
        }
        return Ok(());
    }
    let new = new_article(args, imported, source);
    let id = ws.write(|tx| flows::import::add_article(tx, &new, page.as_ref(), who))?;
    if args.json {
        print_json(
            out,
            &serde_json::json!({ "article_id": id, "title": new.title, "url": new.url,
                "author": new.author, "outlet": new.outlet, "published": new.published }),
        )?;
    } else {
        writeln!(out, "{id}")?;
    }
    Ok(())
}

/// What `refresh` did for one article.
#[derive(Debug, Serialize)]
pub(crate) struct RefreshOutcome {
    article_id: crate::model::ArticleId,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<ReanchorReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub(crate) fn refresh_cmd(
    file: &Path,
    only: Option<&str>,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let ids: Vec<crate::model::ArticleId> = match only {
        Some(prefix) => vec![read::resolve_article(ws.conn(), prefix)?],
        None => read::articles(ws.conn())?
            .into_iter()
            .map(|a| a.id)
            .collect(),
    };
    let mut outcomes = Vec::new();
    for id in ids {
        let Some(url) = flows::refresh::address(ws.conn(), &id)? else {
            if only.is_some() {
                bail!("article {id} was not imported from a web address; nothing to refresh");
            }
            continue;
        };
        let result = crate::web::fetch(
            &url,
            &crate::web::FetchOptions::from_env(),
            &std::sync::atomic::AtomicBool::new(false),
        )
        .and_then(|page| {
            let text = flows::refresh::correction(&page, crate::web::extract_any_length(&page)?)?;
            let source = flows::refresh::source(&page);
            ws.write(|tx| {
                flows::import::new_revision(tx, &id, &text.body, &source, Some(&page), who)
            })
        });
        outcomes.push(match result {
            Ok(report) => RefreshOutcome {
                article_id: id,
                url,
                report: Some(report),
                error: None,
            },
            Err(e) => RefreshOutcome {
                article_id: id,
                url,
                report: None,
                error: Some(e.to_string()),
            },
        });
    }
    if json {
        print_json(out, &outcomes)?;
    } else if outcomes.is_empty() {
        writeln!(out, "no article was imported from a web address")?;
    } else {
        for o in &outcomes {
            match (&o.report, &o.error) {
                (Some(report), _) => print_reanchor_report(out, report)?,
                (None, Some(error)) => writeln!(out, "article {}: {error}", o.article_id)?,
                (None, None) => {}
            }
        }
    }
    let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
    if failed > 0 {
        bail!(
            "{failed} of {} articles could not be refreshed (see above); nothing of them changed",
            outcomes.len()
        );
    }
    Ok(())
}

pub(crate) fn new_article(
    args: &ImportArgs,
    imported: ImportedText,
    source: TextSource,
) -> NewArticle {
    let pick =
        |flag: &Option<String>, found: Option<String>| flag.clone().or(found).unwrap_or_default();
    NewArticle {
        title: pick(&args.title, imported.title),
        outlet: pick(&args.outlet, imported.outlet),
        url: pick(&args.url, imported.url),
        author: pick(&args.author, imported.author),
        published: pick(&args.published, imported.published),
        body: imported.body,
        source,
    }
}
