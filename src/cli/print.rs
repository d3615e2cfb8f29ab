//! How the command line prints what it did: plain lines for people, `--json` for scripts.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::model::{AnchorState, Claim};
use crate::store::write::ReanchorReport;

pub(crate) fn print_sync(out: &mut impl Write, r: &crate::sync::SyncReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "pushed {}, pulled {}, {} new conflicts ({} open), at change {}",
        r.pushed, r.pulled, r.new_conflicts, r.open_conflicts, r.cursor
    )?;
    if r.recovered > 0 {
        writeln!(
            out,
            "{} changes sent before an interruption were found applied",
            r.recovered
        )?;
    }
    if r.held_for_signoff > 0 {
        writeln!(
            out,
            "{} final verdicts sent as proposals for an editor's sign-off",
            r.held_for_signoff
        )?;
    }
    if r.awaiting_signoff > 0 {
        writeln!(
            out,
            "{} claims have a verdict awaiting sign-off (factdesk list shows them)",
            r.awaiting_signoff
        )?;
    }
    for why in &r.rejected {
        writeln!(out, "not applied: {why}")?;
    }
    Ok(())
}

pub(crate) fn print_json(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    // A closed pipe (`| head`) must surface as the io::Error it is.
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

pub(crate) fn print_reanchor_report(
    out: &mut impl Write,
    report: &ReanchorReport,
) -> anyhow::Result<()> {
    if !report.changed {
        writeln!(
            out,
            "article {}: text unchanged (revision {})",
            report.article_id, report.revision
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "article {}: revision {}; {} claims: {} placed, {} moved, {} quote changed, {} orphaned",
        report.article_id,
        report.revision,
        report.claims.len(),
        report.count(AnchorState::Placed),
        report.count(AnchorState::Moved),
        report.count(AnchorState::QuoteChanged),
        report.count(AnchorState::Orphaned),
    )?;
    for c in report
        .claims
        .iter()
        .filter(|c| c.state != AnchorState::Placed)
    {
        match c.state {
            AnchorState::QuoteChanged => writeln!(
                out,
                "  {}  quote changed ({:.0}% similar): “{}” → “{}”",
                c.claim_id,
                c.similarity * 100.0,
                c.old_quote,
                c.new_quote
            )?,
            AnchorState::Orphaned => {
                writeln!(out, "  {}  orphaned: “{}”", c.claim_id, c.old_quote)?;
            }
            _ => writeln!(
                out,
                "  {}  moved {}..{} → {}..{}",
                c.claim_id, c.old_range.start, c.old_range.end, c.new_range.start, c.new_range.end
            )?,
        }
    }
    Ok(())
}

/// A claim as `list --json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct ClaimLine<'a> {
    id: &'a str,
    article_id: &'a str,
    start: usize,
    end: usize,
    quote: &'a str,
    speaker: Option<&'a str>,
    status: &'static str,
    anchor_state: &'static str,
    summary: &'a str,
    notes: &'a str,
    evidence: Vec<&'a str>,
    updated_by: &'a str,
    updated_at: &'a str,
    /// A verdict waiting for sign-off (left out when none waits).
    #[serde(skip_serializing_if = "Option::is_none")]
    proposal: Option<ProposalLine<'a>>,
}

/// A verdict waiting for sign-off, in `list --json`.
#[derive(Debug, Serialize)]
pub(crate) struct ProposalLine<'a> {
    status: &'static str,
    by: &'a str,
}

impl<'a> From<&'a Claim> for ClaimLine<'a> {
    fn from(c: &'a Claim) -> Self {
        Self {
            id: &c.id,
            article_id: &c.article_id,
            start: c.anchor.range.start,
            end: c.anchor.range.end,
            quote: &c.anchor.quote,
            speaker: c.speaker.as_ref().map(|s| s.name.as_str()),
            status: c.status.code(),
            anchor_state: c.anchor_state.code(),
            summary: &c.summary,
            notes: &c.notes,
            evidence: c.evidence.iter().map(|e| e.url.as_str()).collect(),
            updated_by: &c.updated_by,
            updated_at: &c.updated_at,
            proposal: c.proposal.as_ref().map(|p| ProposalLine {
                status: p.status.code(),
                by: &p.by,
            }),
        }
    }
}

pub(crate) fn print_claim_line(out: &mut impl Write, c: &Claim) -> anyhow::Result<()> {
    const EXCERPT_CHARS: usize = 70;
    let mut quote: String = c.anchor.quote.chars().take(EXCERPT_CHARS).collect();
    if c.anchor.quote.chars().count() > EXCERPT_CHARS {
        quote.push('…');
    }
    let quote = quote.replace('\n', " ");
    let mut flag = match c.anchor_state {
        AnchorState::Orphaned => "  [orphaned]",
        AnchorState::QuoteChanged => "  [quote changed: re-check]",
        AnchorState::Placed | AnchorState::Moved => "",
    }
    .to_owned();
    if let Some(p) = &c.proposal {
        flag.push_str(&format!(
            "  [awaiting sign-off: {} by {}]",
            p.status.code(),
            p.by
        ));
    }
    writeln!(
        out,
        "{}  {}..{}  {:<13}  {:<20}  «{quote}»{flag}",
        c.id,
        c.anchor.range.start,
        c.anchor.range.end,
        c.status.code(),
        c.speaker.as_ref().map_or("-", |s| s.name.as_str()),
    )?;
    Ok(())
}

pub(crate) fn write_merge_report(
    out: &mut impl Write,
    conn: &rusqlite::Connection,
    report: &crate::store::merge::MergeReport,
    mine: &Path,
) -> anyhow::Result<()> {
    writeln!(out, "merged {} into {}", report.source, mine.display())?;
    writeln!(
        out,
        "{:<10} {:>7} {:>8} {:>10} {:>12}",
        "", "added", "updated", "unchanged", "conflicting"
    )?;
    for (name, c) in report.rows() {
        writeln!(
            out,
            "{name:<10} {:>7} {:>8} {:>10} {:>12}",
            c.added, c.updated, c.unchanged, c.conflicting
        )?;
    }
    writeln!(
        out,
        "re-anchored {} claims onto newer text, {} orphaned; unified {} articles and {} speakers imported separately",
        report.reanchored, report.orphaned, report.unified_articles, report.unified_speakers
    )?;
    if report.held_for_signoff > 0 {
        writeln!(
            out,
            "{} final verdicts of theirs wait for an editor's sign-off (the team workspace requires it; factdesk list shows them)",
            report.held_for_signoff
        )?;
    }
    if report.conflicts.is_empty() {
        writeln!(out, "no conflicts")?;
    } else if report.resolved > 0 {
        writeln!(out, "{} conflicts settled by --prefer:", report.resolved)?;
    } else {
        writeln!(
            out,
            "{} conflicts need review (factdesk conflicts FILE, or File → Review merge conflicts in the window):",
            report.conflicts.len()
        )?;
    }
    for c in &report.conflicts {
        write_conflict(out, conn, None, c)?;
    }
    Ok(())
}

pub(crate) fn write_conflict(
    out: &mut impl Write,
    conn: &rusqlite::Connection,
    id: Option<&str>,
    c: &crate::store::merge::Conflict,
) -> anyhow::Result<()> {
    use crate::store::merge::display_value;
    let short = |s: &str| s.chars().take(8).collect::<String>();
    let id = id.map(|i| format!("[{}] ", short(i))).unwrap_or_default();
    writeln!(
        out,
        "  {id}claim {} {}: mine {:?} ({}, {}) | theirs {:?} ({}, {})",
        short(&c.claim_id),
        c.field.code(),
        display_value(conn, c.field, &c.mine)?,
        c.mine_by,
        c.mine_at,
        display_value(conn, c.field, &c.theirs)?,
        c.theirs_by,
        c.theirs_at
    )?;
    Ok(())
}
