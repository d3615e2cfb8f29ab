//! `factdesk suggest`: the claim assistant's suggestions for one article.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::cli::print::*;
use crate::store::Workspace;
use crate::store::read;

/// A suggestion as `suggest --json` prints it: the words with the char range.
#[derive(Serialize)]
pub(crate) struct SuggestionOut<'a> {
    quote: &'a str,
    #[serde(flatten)]
    suggestion: &'a crate::assist::Suggestion,
    /// The claim made from it (`--accept-all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_id: Option<crate::model::ClaimId>,
}

pub(crate) fn suggest_cmd(
    file: &Path,
    article: &str,
    accept_all: bool,
    min_confidence: f32,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut ws = Workspace::open(file)?;
    let article_id = read::resolve_article(ws.conn(), article)?;
    let body = read::article(ws.conn(), &article_id)?.body;
    let index = crate::text::offsets::CharIndex::new(&body);
    let suggestions: Vec<_> = crate::store::assist::suggestions(ws.conn(), &article_id)?
        .into_iter()
        .filter(|s| s.confidence >= min_confidence)
        .collect();
    let claim_ids: Vec<Option<crate::model::ClaimId>> = if accept_all {
        ws.write(|tx| {
            suggestions
                .iter()
                .map(|s| {
                    let words = index.slice(s.range).unwrap_or_default();
                    crate::store::assist::accept(tx, &article_id, s, words, None, who).map(Some)
                })
                .collect()
        })?
    } else {
        vec![None; suggestions.len()]
    };
    if json {
        let rows: Vec<SuggestionOut<'_>> = suggestions
            .iter()
            .zip(claim_ids)
            .map(|(s, claim_id)| SuggestionOut {
                quote: index.slice(s.range).unwrap_or_default(),
                suggestion: s,
                claim_id,
            })
            .collect();
        return print_json(out, &rows);
    }
    for s in &suggestions {
        let speaker = s.speaker.as_ref().map_or_else(String::new, |p| {
            if p.unnamed {
                format!("{} (unnamed)", p.name)
            } else if p.role.is_empty() {
                p.name.clone()
            } else {
                format!("{} ({})", p.name, p.role)
            }
        });
        let speaker = match &s.reported_by {
            Some(r) => format!("{speaker}, via {}", r.name),
            None => speaker,
        };
        writeln!(
            out,
            "{}..{}  {:<8}  {:.2}  {:<30}  «{}»",
            s.range.start,
            s.range.end,
            s.kind.label(),
            s.confidence,
            speaker,
            index.slice(s.range).unwrap_or_default()
        )?;
    }
    if accept_all {
        writeln!(out, "{} suggestions made into claims", suggestions.len())?;
    } else {
        writeln!(out, "{} suggestions", suggestions.len())?;
    }
    Ok(())
}
