//! schema.org ClaimReview JSON-LD, one per claim, as Google's fact-check markup expects:
//! `claimReviewed`, `reviewRating` (1 = worst … 5 = best, with the verdict as
//! `alternateName`), `itemReviewed` as a `Claim` (speaker as `author`, the article's date as
//! `datePublished`, the article as `appearance`), the organisation as `author`,
//! `datePublished` and `url`. Fields without data are left out rather than invented.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::model::report::ReportData;
use crate::report::day;
use crate::{Error, Result};

/// The ClaimReview objects of a report.
pub fn claim_reviews(data: &ReportData) -> Vec<Value> {
    let org = &data.organisation;
    let mut out = Vec::with_capacity(data.claim_count());
    for ra in &data.articles {
        let a = &ra.article;
        for c in &ra.claims {
            let mut rating = Map::new();
            rating.insert("@type".into(), json!("Rating"));
            rating.insert("alternateName".into(), json!(c.status.label()));
            if let Some(value) = c.status.rating_value() {
                rating.insert("ratingValue".into(), json!(value));
                rating.insert("bestRating".into(), json!(5));
                rating.insert("worstRating".into(), json!(1));
            }
            let mut claim = Map::new();
            claim.insert("@type".into(), json!("Claim"));
            if let Some(s) = &c.speaker {
                claim.insert(
                    "author".into(),
                    json!({ "@type": "Person", "name": s.name }),
                );
            }
            if !a.published.is_empty() {
                claim.insert("datePublished".into(), json!(a.published));
            }
            let mut appearance = Map::new();
            appearance.insert("@type".into(), json!("CreativeWork"));
            appearance.insert("headline".into(), json!(a.title));
            if !a.url.is_empty() {
                appearance.insert("url".into(), json!(a.url));
            }
            if !a.outlet.is_empty() {
                appearance.insert(
                    "publisher".into(),
                    json!({ "@type": "Organization", "name": a.outlet }),
                );
            }
            claim.insert("appearance".into(), Value::Object(appearance));

            let mut review = Map::new();
            review.insert("@context".into(), json!("https://schema.org"));
            review.insert("@type".into(), json!("ClaimReview"));
            review.insert("claimReviewed".into(), json!(c.anchor.quote));
            review.insert("reviewRating".into(), Value::Object(rating));
            review.insert("itemReviewed".into(), Value::Object(claim));
            review.insert("datePublished".into(), json!(day(&c.updated_at)));
            if !org.name.is_empty() {
                let mut author = Map::new();
                author.insert("@type".into(), json!("Organization"));
                author.insert("name".into(), json!(org.name));
                if !org.url.is_empty() {
                    author.insert("url".into(), json!(org.url));
                }
                review.insert("author".into(), Value::Object(author));
            }
            if !org.url.is_empty() {
                review.insert(
                    "url".into(),
                    json!(format!("{}#claim-{}", org.url.trim_end_matches('/'), c.id)),
                );
            }
            if !c.summary.is_empty() {
                review.insert("reviewBody".into(), json!(c.summary));
            }
            out.push(Value::Object(review));
        }
    }
    out
}

/// Writes a JSON array of ClaimReview objects.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_claimreview(data: &ReportData, out: &mut impl Write) -> Result<()> {
    write_json(&Value::Array(claim_reviews(data)), out)
}

pub(crate) fn write_json(value: &Value, out: &mut impl Write) -> Result<()> {
    let io = |source| Error::Io {
        action: "writing the report",
        path: std::path::PathBuf::from("(output)"),
        source,
    };
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io(e.into()))?;
    out.write_all(b"\n").map_err(io)
}

#[cfg(test)]
mod tests {
    #[test]
    fn claimreview_matches_golden_file_with_google_fields() {
        let mut out = Vec::new();
        super::write_claimreview(&crate::report::sample::data(), &mut out).unwrap();
        crate::report::golden::check("report.claimreview.jsonld", &out);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let first = &v[0];
        assert_eq!(first["@type"], "ClaimReview");
        assert_eq!(
            first["claimReviewed"],
            "“The pier cost €4 million — not a cent more.”"
        );
        assert_eq!(first["reviewRating"]["ratingValue"], 1);
        assert_eq!(first["reviewRating"]["alternateName"], "False");
        assert_eq!(first["itemReviewed"]["author"]["name"], "Maria Lind");
        assert_eq!(
            first["itemReviewed"]["appearance"]["url"],
            "https://example.org/pier"
        );
        assert_eq!(first["author"]["name"], "Port Wenlow Fact Desk");
        assert_eq!(first["datePublished"], "2026-03-06");
        assert!(
            first["url"]
                .as_str()
                .unwrap()
                .starts_with("https://factdesk.example.org#claim-")
        );
    }
}
