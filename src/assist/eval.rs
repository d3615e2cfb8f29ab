//! Measures the assistant against hand-labelled articles: a folder of `NAME.txt` articles
//! and a labels file in the format of `tests/assist/labels.json` (also the Wikinews
//! development set's `attributions.json`). Used by the quality test and the bench.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{Suggestion, SuggestionKind, fold, suggest};
use crate::model::CharRange;

/// One labelled statement.
#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    /// Article file name without `.txt`.
    pub article: String,
    /// `direct_quote`, `reported_speech`, `factual`; absent means attributed.
    #[serde(default)]
    pub kind: Option<String>,
    /// Canonical speaker, `null` for factual statements.
    #[serde(default)]
    pub speaker: Option<String>,
    /// Words from inside the statement, found once in the article.
    pub contains: String,
}

/// A labels file.
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    /// Canonical speaker → the forms the articles name it by.
    #[serde(default)]
    pub speakers: BTreeMap<String, Vec<String>>,
    /// The statements.
    pub statements: Vec<Label>,
}

/// A labelled statement the assistant missed or gave the wrong speaker.
#[derive(Debug, Clone)]
pub struct Miss {
    /// Article.
    pub article: String,
    /// The labelled words.
    pub contains: String,
    /// Labelled speaker.
    pub speaker: String,
    /// What the assistant said instead (empty when it found nothing there).
    pub got: String,
}

/// Figures of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Attributed statements labelled.
    pub labelled: usize,
    /// Of those, found by a quote or reported-speech suggestion.
    pub found: usize,
    /// Of those, found with the right speaker.
    pub right_speaker: usize,
    /// Quote and reported-speech suggestions made.
    pub suggested: usize,
    /// Of those, on a labelled statement.
    pub suggested_right: usize,
    /// Factual statements labelled, and found by any suggestion.
    pub factual_labelled: usize,
    /// Factual labels found.
    pub factual_found: usize,
    /// Factual suggestions made.
    pub factual_suggested: usize,
    /// Missed statements and wrong speakers.
    pub misses: Vec<Miss>,
    /// Suggestions on no labelled statement (article, words).
    pub false_positives: Vec<(String, String)>,
}

impl Score {
    /// Share of labelled statements found.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.labelled)
    }
    /// Share of labelled statements found with the right speaker.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.right_speaker, self.labelled)
    }
    /// Share of quote and reported-speech suggestions on a labelled statement.
    pub fn precision(&self) -> f64 {
        ratio(self.suggested_right, self.suggested)
    }
    /// One line of figures.
    pub fn summary(&self) -> String {
        format!(
            "{} attributed statements: recall {:.3} ({}), right speaker {:.3} ({}), precision {:.3} ({} of {} suggestions); factual: {} of {} labelled found, {} suggested",
            self.labelled,
            self.recall(),
            self.found,
            self.speaker_accuracy(),
            self.right_speaker,
            self.precision(),
            self.suggested_right,
            self.suggested,
            self.factual_found,
            self.factual_labelled,
            self.factual_suggested
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// True when the suggestion points at the labelled words: they overlap by at least half of
/// the shorter of the two.
fn hits(s: CharRange, label: CharRange) -> bool {
    let overlap = s
        .end
        .min(label.end)
        .saturating_sub(s.start.max(label.start));
    overlap * 2 >= s.len().min(label.len()) && overlap > 0
}

fn name_key(name: &str) -> String {
    let f = fold(name.trim());
    ["the ", "an ", "a "]
        .iter()
        .find_map(|p| f.strip_prefix(p))
        .map_or(f.clone(), str::to_string)
}

/// Evaluates the suggestions for every article in `dir` named by `labels`.
///
/// # Errors
/// An article that cannot be read, or a label whose words are not in its article.
pub fn evaluate(dir: &Path, labels: &Labels) -> Result<Score, String> {
    let mut score = Score::default();
    let mut articles: Vec<&str> = labels
        .statements
        .iter()
        .map(|l| l.article.as_str())
        .collect();
    articles.sort_unstable();
    articles.dedup();
    for name in articles {
        let path = dir.join(format!("{name}.txt"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let suggestions = suggest(&text, &[]);
        score_article(&mut score, name, &text, &suggestions, labels)?;
    }
    Ok(score)
}

fn score_article(
    score: &mut Score,
    name: &str,
    text: &str,
    suggestions: &[Suggestion],
    labels: &Labels,
) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let words = |r: CharRange| -> String {
        chars
            .get(r.start..r.end)
            .unwrap_or_default()
            .iter()
            .collect()
    };
    let mut attributed: Vec<(CharRange, &Label)> = Vec::new();
    for l in labels.statements.iter().filter(|l| l.article == name) {
        let r = crate::text::anchor::find_quote(text, &l.contains, 1)
            .map_err(|_| format!("{name}: label words not in the article: {}", l.contains))?;
        if l.kind.as_deref() == Some("factual") {
            score.factual_labelled += 1;
            if suggestions.iter().any(|s| hits(s.range, r)) {
                score.factual_found += 1;
            }
        } else {
            attributed.push((r, l));
        }
    }
    let is_attr = |s: &&Suggestion| s.kind != SuggestionKind::FactualStatement;
    for (r, l) in &attributed {
        score.labelled += 1;
        let canonical = l.speaker.clone().unwrap_or_default();
        let mut forms: Vec<String> = vec![name_key(&canonical)];
        if let Some(f) = labels.speakers.get(&canonical) {
            forms.extend(f.iter().map(|f| name_key(f)));
        }
        let found: Vec<&Suggestion> = suggestions
            .iter()
            .filter(is_attr)
            .filter(|s| hits(s.range, *r))
            .collect();
        if found.is_empty() {
            score.misses.push(Miss {
                article: name.into(),
                contains: l.contains.clone(),
                speaker: canonical,
                got: String::new(),
            });
            continue;
        }
        score.found += 1;
        let right = found.iter().any(|s| {
            s.speaker
                .as_ref()
                .is_some_and(|p| forms.contains(&name_key(&p.name)))
        });
        if right {
            score.right_speaker += 1;
        } else {
            let got = found
                .iter()
                .map(|s| {
                    s.speaker
                        .as_ref()
                        .map_or("(none)".to_string(), |p| p.name.clone())
                })
                .collect::<Vec<_>>()
                .join(" / ");
            score.misses.push(Miss {
                article: name.into(),
                contains: l.contains.clone(),
                speaker: canonical,
                got,
            });
        }
    }
    for s in suggestions {
        if s.kind == SuggestionKind::FactualStatement {
            score.factual_suggested += 1;
            continue;
        }
        score.suggested += 1;
        if attributed.iter().any(|(r, _)| hits(s.range, *r)) {
            score.suggested_right += 1;
        } else {
            score.false_positives.push((name.into(), words(s.range)));
        }
    }
    Ok(())
}

/// Reads a labels file.
///
/// # Errors
/// A file that cannot be read or parsed.
pub fn read_labels(path: &Path) -> Result<Labels, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
