//! W3C Web Annotation JSON-LD: each claim an `Annotation` whose target carries a
//! `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (start, end in
//! Unicode code points, which is what factdesk's char offsets are), with bodies for the
//! verdict, the speaker and the notes.

use std::io::Write;

use serde_json::{Value, json};

use crate::Result;
use crate::model::report::ReportData;
use crate::report::claimreview::write_json;

/// The Annotation objects of a report.
pub fn annotations(data: &ReportData) -> Vec<Value> {
    let mut out = Vec::with_capacity(data.claim_count());
    for ra in &data.articles {
        let a = &ra.article;
        let source = if a.url.is_empty() {
            format!("urn:uuid:{}", a.id)
        } else {
            a.url.clone()
        };
        for c in &ra.claims {
            let mut body = vec![json!({
                "type": "TextualBody",
                "purpose": "assessing",
                "value": c.status.label(),
                "format": "text/plain",
            })];
            if let Some(s) = &c.speaker {
                body.push(json!({ "type": "TextualBody", "purpose": "identifying", "value": format!("Speaker: {}", s.name), "format": "text/plain" }));
            }
            for (purpose, text) in [("describing", &c.summary), ("commenting", &c.notes)] {
                if !text.is_empty() {
                    body.push(json!({ "type": "TextualBody", "purpose": purpose, "value": text, "format": "text/plain" }));
                }
            }
            for e in &c.evidence {
                body.push(json!({ "id": e.url, "type": "Text", "purpose": "linking" }));
            }
            out.push(json!({
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": format!("urn:uuid:{}", c.id),
                "type": "Annotation",
                "motivation": "assessing",
                "created": c.created_at,
                "modified": c.updated_at,
                "creator": { "type": "Person", "name": c.created_by },
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        { "type": "TextQuoteSelector", "exact": c.anchor.quote, "prefix": c.anchor.prefix, "suffix": c.anchor.suffix },
                        { "type": "TextPositionSelector", "start": c.anchor.range.start, "end": c.anchor.range.end },
                    ],
                },
            }));
        }
    }
    out
}

/// Writes a JSON array of Annotations.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_webannotation(data: &ReportData, out: &mut impl Write) -> Result<()> {
    write_json(&Value::Array(annotations(data)), out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn webannotation_matches_golden_file_and_offsets_count_code_points() {
        let data = crate::report::sample::data();
        let mut out = Vec::new();
        super::write_webannotation(&data, &mut out).unwrap();
        crate::report::golden::check("report.annotations.jsonld", &out);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let body = &data.articles[0].article.body;
        for (i, a) in v.as_array().unwrap().iter().enumerate() {
            let sel = &a["target"]["selector"];
            let (start, end) = (
                sel[1]["start"].as_u64().unwrap() as usize,
                sel[1]["end"].as_u64().unwrap() as usize,
            );
            let by_position: String = body.chars().skip(start).take(end - start).collect();
            assert_eq!(
                by_position,
                sel[0]["exact"].as_str().unwrap(),
                "annotation {i}"
            );
        }
    }
}
