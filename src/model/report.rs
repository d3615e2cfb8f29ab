//! What a report holds: chosen articles with their chosen claims, and the fact-checking
//! organisation that publishes it. Filled by the store, written by [`crate::report`].

use serde::{Deserialize, Serialize};

use super::{Article, Claim, Status};

/// Which claims a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportScope {
    /// Only these articles (all when empty).
    pub article_ids: Vec<super::ArticleId>,
    /// Only these statuses; when empty, the final verdicts ("verified claims").
    pub statuses: Vec<Status>,
    /// Every status, final or not (overrides `statuses`).
    pub all_statuses: bool,
    /// Only these speakers, by canonical name (all when empty).
    pub speakers: Vec<String>,
    /// Only claims last changed by these reviewers (all when empty).
    pub reviewers: Vec<String>,
    /// Only claims last changed on or after this date (`YYYY-MM-DD`).
    pub changed_from: Option<String>,
    /// Only claims last changed on or before this date (`YYYY-MM-DD`).
    pub changed_to: Option<String>,
    /// Print each claim's working notes. Off unless asked for: the notes are the
    /// fact-checker's private scratchpad ("emailed the press office, no reply yet"), not
    /// something to publish.
    pub include_notes: bool,
}

impl ReportScope {
    /// Whether `claim` belongs in the report (articles are chosen by the caller).
    pub fn admits(&self, claim: &Claim) -> bool {
        let status_ok = if self.all_statuses {
            true
        } else if self.statuses.is_empty() {
            claim.status.is_final()
        } else {
            self.statuses.contains(&claim.status)
        };
        let speaker_ok = self.speakers.is_empty()
            || claim.speaker.as_ref().is_some_and(|s| {
                self.speakers
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&s.name))
            });
        let reviewer_ok = self.reviewers.is_empty()
            || self
                .reviewers
                .iter()
                .any(|r| r.eq_ignore_ascii_case(&claim.updated_by));
        let day = claim.updated_at.get(..10).unwrap_or_default();
        let from_ok = self.changed_from.as_deref().is_none_or(|from| day >= from);
        let to_ok = self.changed_to.as_deref().is_none_or(|to| day <= to);
        status_ok && speaker_ok && reviewer_ok && from_ok && to_ok
    }
}

/// The organisation publishing fact-checks (workspace settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Name, e.g. "Port Wenlow Fact Desk".
    pub name: String,
    /// Home page.
    pub url: String,
}

/// One article of a report with its claims in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportArticle {
    /// The article (current revision).
    pub article: Article,
    /// Its claims in the report, in text order.
    pub claims: Vec<Claim>,
}

/// Everything a report writer needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportData {
    /// Who publishes it.
    pub organisation: Organisation,
    /// Articles in import order, each with at least one claim.
    pub articles: Vec<ReportArticle>,
}

impl ReportData {
    /// Number of claims in the report.
    pub fn claim_count(&self) -> usize {
        self.articles.iter().map(|a| a.claims.len()).sum()
    }
}
