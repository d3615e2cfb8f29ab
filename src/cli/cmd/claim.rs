//! `factdesk claim add | set`: making and editing claims from the command line.

use std::io::Write;

use anyhow::bail;

use crate::cli::print::*;
use crate::cli::*;
use crate::model::CharRange;
use crate::store::Workspace;
use crate::store::read;
use crate::store::write::{self, ClaimPatch};
use crate::text::anchor::find_quote;

pub(crate) fn patch_from(fields: &ClaimFieldArgs) -> crate::Result<ClaimPatch> {
    Ok(ClaimPatch {
        speaker: fields
            .speaker
            .clone()
            .map(|s| Some(s).filter(|s| !s.trim().is_empty())),
        status: fields.status.as_deref().map(parse_status).transpose()?,
        summary: fields.summary.clone(),
        notes: fields.note.clone(),
    })
}

pub(crate) fn claim_add(
    args: &ClaimAddArgs,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(&args.file)?;
    let article_id = read::resolve_article(ws.conn(), &args.article)?;
    let article = read::article(ws.conn(), &article_id)?;
    let range = match (&args.quote, args.start, args.end) {
        (Some(quote), _, _) => find_quote(&article.body, quote, args.occurrence)?,
        (None, Some(start), Some(end)) => CharRange::new(start, end),
        _ => bail!("give --quote TEXT or --start N --end N"),
    };
    let patch = patch_from(&args.fields)?;
    let id = ws.write(|tx| write::add_claim(tx, &article_id, range, &patch, who))?;
    if args.json {
        let claim = read::claim(ws.conn(), &id)?;
        print_json(out, &ClaimLine::from(&claim))?;
    } else {
        writeln!(out, "{id}")?;
    }
    Ok(())
}

pub(crate) fn claim_set(
    args: &ClaimSetArgs,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(&args.file)?;
    let id = read::resolve_claim(ws.conn(), &args.claim_id)?;
    let patch = patch_from(&args.fields)?;
    let changed = ws.write(|tx| {
        let mut changed = write::update_claim(tx, &id, &patch, who)?;
        if let Some(url) = &args.evidence {
            write::add_evidence(
                tx,
                &id,
                url,
                args.evidence_title.as_deref().unwrap_or_default(),
                args.evidence_note.as_deref().unwrap_or_default(),
                who,
            )?;
            changed = true;
        }
        Ok(changed)
    })?;
    if changed {
        writeln!(out, "updated claim {id}")?;
    } else {
        writeln!(out, "claim {id} unchanged")?;
    }
    Ok(())
}
