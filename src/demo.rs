//! The demo workspace shown on first run: a news-style article written for factdesk
//! (`assets/demo/`) with a handful of claims in several statuses and speakers.

use std::path::Path;

use serde::Deserialize;

use crate::model::Status;
use crate::store::Workspace;
use crate::store::write::{self, ClaimPatch, NewArticle};
use crate::text::anchor::find_quote;
use crate::{Error, Result};

/// The demo article's text.
pub const ARTICLE: &str = include_str!("../assets/demo/article.txt");

/// The corrected version published a day later (one quote reworded, one paragraph cut).
pub const ARTICLE_V2: &str = include_str!("../assets/demo/article-v2.txt");

const CLAIMS: &str = include_str!("../assets/demo/claims.json");

#[derive(Deserialize)]
struct DemoClaim {
    quote: String,
    #[serde(default = "one")]
    occurrence: usize,
    speaker: String,
    status: String,
    summary: String,
    notes: String,
    evidence: Vec<DemoEvidence>,
}

const fn one() -> usize {
    1
}

#[derive(Deserialize)]
struct DemoEvidence {
    url: String,
    title: String,
}

/// Creates the demo workspace at `path` (which must not exist) in one transaction.
///
/// # Errors
/// [`Error::AlreadyExists`], or any store error.
pub fn create(path: &Path, who: &str) -> Result<Workspace> {
    let claims: Vec<DemoClaim> =
        serde_json::from_str(CLAIMS).map_err(|e| Error::invalid("demo claims", e.to_string()))?;
    let imported = crate::text::import::from_text(ARTICLE)?;
    let mut ws = Workspace::create(path)?;
    ws.write(|tx| {
        let article = NewArticle {
            title: imported.title.clone().unwrap_or_default(),
            outlet: "Port Wenlow Gazette".into(),
            url: "https://example.org/port-wenlow/pier-budget-row".into(),
            author: "Ana Whitcombe".into(),
            published: "2026-03-04".into(),
            body: imported.body.clone(),
            source: crate::model::TextSource::Demo,
        };
        let article_id = write::import_article(tx, &article, who)?;
        for c in &claims {
            let range = find_quote(&imported.body, &c.quote, c.occurrence)?;
            let patch = ClaimPatch {
                speaker: Some(Some(c.speaker.clone())),
                status: Status::from_code(&c.status),
                summary: Some(c.summary.clone()),
                notes: Some(c.notes.clone()),
            };
            let id = write::add_claim(tx, &article_id, range, &patch, who)?;
            for e in &c.evidence {
                write::add_evidence(tx, &id, &e.url, &e.title, "", who)?;
            }
        }
        write::set_organisation(tx, Some("Port Wenlow Fact Desk"), None)?;
        Ok(())
    })?;
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use crate::store::read::{self, ClaimFilter};

    #[test]
    fn demo_workspace_has_claims_in_several_statuses_and_speakers() {
        let dir = tempfile::tempdir().unwrap();
        let ws = super::create(&dir.path().join("demo.factdesk"), "demo").unwrap();
        let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
        assert!(claims.len() >= 5);
        let statuses: std::collections::HashSet<_> = claims.iter().map(|c| c.status).collect();
        let speakers: std::collections::HashSet<_> = claims
            .iter()
            .filter_map(|c| c.speaker.as_ref())
            .map(|s| s.name.clone())
            .collect();
        assert!(statuses.len() >= 4 && speakers.len() >= 4);
        assert!(claims.iter().all(|c| !c.anchor.quote.is_empty()));
    }

    #[test]
    fn corrected_demo_version_reanchors_with_one_changed_and_one_orphaned() {
        use crate::model::AnchorState;
        let dir = tempfile::tempdir().unwrap();
        let mut ws = super::create(&dir.path().join("demo.factdesk"), "demo").unwrap();
        let article = read::articles(ws.conn()).unwrap().remove(0);
        let v2 = crate::text::import::from_text(super::ARTICLE_V2).unwrap();
        let report = ws
            .write(|tx| {
                crate::store::write::replace_article_text(
                    tx,
                    &article.id,
                    &v2.body,
                    &crate::model::TextSource::Demo,
                    "demo",
                )
            })
            .unwrap();
        assert_eq!(report.count(AnchorState::QuoteChanged), 1, "{report:#?}");
        assert_eq!(report.count(AnchorState::Orphaned), 1, "{report:#?}");
        assert_eq!(report.claims.len(), 7);
    }
}
