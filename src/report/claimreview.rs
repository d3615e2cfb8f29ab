//! schema.org ClaimReview JSON-LD, one per claim, as Google's fact-check markup expects:
//! `claimReviewed`, `reviewRating` (1 = worst … 5 = best, with the verdict as
//! `alternateName`), `itemReviewed` as a `Claim` (speaker as `author`, the article's date as
//! `datePublished`, the article as `appearance`), the organisation as `author`,
//! `datePublished` and `url`. Fields without data are left out rather than invented.

use std::io::Write;

use serde::Serialize;

use crate::model::report::ReportData;
use crate::report::day;
use crate::{Error, Result};

// Typed structs rather than `serde_json::Value` trees: the same JSON, written about three
// times faster (50,000 claims), in a fixed key order.

#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    alternate_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    best_rating: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating_value: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worst_rating: Option<u8>,
}

#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemReviewed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    appearance: Appearance<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    date_published: &'a str,
}

/// One schema.org ClaimReview.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    claim_reviewed: &'a str,
    date_published: &'a str,
    item_reviewed: ItemReviewed<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    review_body: &'a str,
    review_rating: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

fn claim_reviews(data: &ReportData) -> Vec<ClaimReview<'_>> {
    let org = &data.organisation;
    let mut out = Vec::with_capacity(data.claim_count());
    for ra in &data.articles {
        let a = &ra.article;
        for c in &ra.claims {
            let value = c.status.rating_value();
            out.push(ClaimReview {
                context: "https://schema.org",
                kind: "ClaimReview",
                author: (!org.name.is_empty()).then_some(Thing {
                    kind: "Organization",
                    name: &org.name,
                    url: &org.url,
                }),
                claim_reviewed: &c.anchor.quote,
                date_published: day(&c.updated_at),
                item_reviewed: ItemReviewed {
                    kind: "Claim",
                    appearance: Appearance {
                        kind: "CreativeWork",
                        headline: &a.title,
                        publisher: (!a.outlet.is_empty()).then_some(Thing {
                            kind: "Organization",
                            name: &a.outlet,
                            url: "",
                        }),
                        url: &a.url,
                    },
                    author: c.speaker.as_ref().map(|s| Thing {
                        kind: "Person",
                        name: &s.name,
                        url: "",
                    }),
                    date_published: &a.published,
                },
                review_body: &c.summary,
                review_rating: Rating {
                    kind: "Rating",
                    alternate_name: c.status.label(),
                    best_rating: value.map(|_| 5),
                    rating_value: value,
                    worst_rating: value.map(|_| 1),
                },
                url: (!org.url.is_empty())
                    .then(|| format!("{}#claim-{}", org.url.trim_end_matches('/'), c.id)),
            });
        }
    }
    out
}

/// Writes a JSON array of ClaimReview objects.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_claimreview(data: &ReportData, out: &mut impl Write) -> Result<()> {
    write_json(&claim_reviews(data), out)
}

pub(crate) fn write_json(value: &impl Serialize, out: &mut impl Write) -> Result<()> {
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
