//! `factdesk stress-edits` (hidden): the editor the crash test kills at random moments.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::Error;
use crate::model::CharRange;
use crate::store::Workspace;
use crate::store::read::{self, ClaimFilter};
use crate::store::write::{self, ClaimPatch};

/// Edits forever, printing `committed N CLAIM_ID` after each commit; the crash-safety test
/// kills it at random moments and checks that every printed edit is in the file.
pub(crate) fn stress_edits(
    file: &Path,
    article: &str,
    who: &str,
    pause_ms: u64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let article_id = read::resolve_article(ws.conn(), article)?;
    let len = read::article(ws.conn(), &article_id)?.body.chars().count();
    if len < 2 {
        bail!("the article is too short");
    }
    let mut latest: Option<crate::model::ClaimId> = read::claims(
        ws.conn(),
        &ClaimFilter {
            article_id: Some(article_id.clone()),
            ..ClaimFilter::default()
        },
    )?
    .into_iter()
    .max_by(|a, b| a.created_at.cmp(&b.created_at))
    .map(|c| c.id);
    let mut n: u64 = read::meta(ws.conn(), "stress_edits")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    loop {
        n += 1;
        let summary = format!("edit {n}");
        let patch = ClaimPatch {
            summary: Some(summary),
            ..ClaimPatch::default()
        };
        let target = latest.clone().filter(|_| !n.is_multiple_of(3));
        let id = ws.write(|tx| {
            write::set_meta(tx, "stress_edits", &n.to_string())?;
            match &target {
                Some(id) => {
                    write::update_claim(tx, id, &patch, who)?;
                    Ok(id.clone())
                }
                None => {
                    let start = usize::try_from(n).unwrap_or_default() % (len - 1);
                    let end = (start + 1 + usize::try_from(n % 40).unwrap_or_default()).min(len);
                    write::add_claim(tx, &article_id, CharRange::new(start, end), &patch, who)
                }
            }
        });
        let id = match id {
            Ok(id) => id,
            // A range of only whitespace cannot be a claim: skip that edit.
            Err(Error::InvalidAnchor(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        writeln!(out, "committed {n} {id}")?;
        out.flush()?;
        latest = Some(id);
        if pause_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(pause_ms));
        }
    }
}
