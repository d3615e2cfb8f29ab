//! Measures the assistant against hand-labelled articles: a folder of `NAME.txt` articles
//! and a labels file in the format of `tests/assist/labels.json` (also the Wikinews
//! development set's `attributions.json`), or an attribution corpus in brat standoff
//! (PolNeAR's layout, [`brat`]). Used by the quality test and the `assist_eval` bench.

pub mod brat;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{Suggestion, SuggestionKind, fold, lexicon, suggest};
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
    /// The labelled cue, when the labels give one ("said", "according to").
    pub cue: String,
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
    /// Found, with another person's name (the worst error).
    pub wrong_speaker: usize,
    /// Found, with no speaker.
    pub no_speaker: usize,
    /// Found statements whose labelled source is only a pronoun ("he", "they"): the corpus
    /// does not say who it stands for, so they are in none of the three speaker counts.
    pub pronoun_found: usize,
    /// Of those, suggested with a speaker named from that very pronoun (the resolution to a
    /// name cannot be checked against the labels).
    pub pronoun_mention_right: usize,
    /// Of the bare-pronoun ones, those with a named source labelled earlier in the article
    /// (the nearest is taken as the pronoun's antecedent: about 83 % right on a hand check
    /// of PolNeAR's train split, so an approximation).
    pub pronoun_antecedent: usize,
    /// Of those, suggested with that antecedent as speaker.
    pub pronoun_agrees: usize,
    /// Found statements the labels give no source: in none of the speaker counts.
    pub unsourced_found: usize,
    /// Attributions with a cue of saying whose source is a poll's share ("24 percent
    /// said", "almost half say", "those surveyed"): polls, not statements, so left out of
    /// the statements (brat sets).
    pub polls_left_out: usize,
    /// Statements only partly suggested (a fragment, or a suggestion running far outside
    /// them): counted as missed.
    pub partial: usize,
    /// Quote and reported-speech suggestions made.
    pub suggested: usize,
    /// Of those, on a labelled statement.
    pub suggested_right: usize,
    /// Of those, on a labelled attribution of any cue, a statement or not ("she believes
    /// that …"): a lenient precision (brat sets only; equal to `suggested_right` otherwise).
    pub suggested_on_attribution: usize,
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
    /// Suggestions on an annotated attribution that is not a statement (a thought, a plan,
    /// a poll): article and words. They count against precision, not `prec(any)`.
    pub off_statement: Vec<(String, String)>,
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
    /// Share of statements found with another person's name as speaker.
    pub fn wrong_share(&self) -> f64 {
        ratio(self.wrong_speaker, self.labelled)
    }
    /// Share of statements found with no speaker.
    pub fn no_speaker_share(&self) -> f64 {
        ratio(self.no_speaker, self.labelled)
    }
    /// Right speaker among found statements whose labelled source is checkable (a name or a
    /// description, not a bare pronoun, not missing).
    pub fn right_of_checkable(&self) -> f64 {
        ratio(
            self.right_speaker,
            self.right_speaker + self.wrong_speaker + self.no_speaker,
        )
    }

    /// A table row: statements, recall, right, wrong, no speaker, precision.
    pub fn row(&self, name: &str) -> String {
        format!(
            "{name:<28} {:>6} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>9.3}",
            self.labelled,
            self.recall(),
            self.speaker_accuracy(),
            self.wrong_share(),
            self.no_speaker_share(),
            self.precision(),
            ratio(self.suggested_on_attribution, self.suggested),
        )
    }

    /// The header of [`Self::row`].
    pub fn header() -> String {
        format!(
            "{:<28} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9}",
            "set", "stmts", "recall", "right", "wrong", "none", "prec", "prec(any)"
        )
    }

    /// What the speaker shares leave out, in a line.
    pub fn speaker_notes(&self) -> String {
        format!(
            "of {} found: {} right, {} wrong, {} no speaker (right {:.3} of those with a checkable source); {} with a bare-pronoun source ({} named from that pronoun; {} of {} agree with the nearest earlier named source); {} with no source labelled; {} only partly suggested; {} poll answers left out",
            self.found,
            self.right_speaker,
            self.wrong_speaker,
            self.no_speaker,
            self.right_of_checkable(),
            self.pronoun_found,
            self.pronoun_mention_right,
            self.pronoun_agrees,
            self.pronoun_antecedent,
            self.unsourced_found,
            self.partial,
            self.polls_left_out
        )
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

/// The chars of `r` (none past the text's end).
fn slice(chars: &[char], r: CharRange) -> String {
    chars
        .get(r.start..r.end.min(chars.len()))
        .unwrap_or_default()
        .iter()
        .collect()
}

impl Miss {
    /// One line: the article, the words (cut to `width` chars), the labelled speaker and
    /// cue, and what the assistant said.
    pub fn line(&self, width: usize) -> String {
        let what: String = self.contains.chars().take(width).collect();
        let cue = if self.cue.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.cue)
        };
        let got = if self.got.is_empty() {
            "not found"
        } else {
            &self.got
        };
        format!(
            "[{}] «{what}» by {}{cue} → {got}",
            self.article, self.speaker
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
    let words = |r: CharRange| slice(&chars, r);
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
                cue: String::new(),
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
            if found.iter().any(|s| s.speaker.is_some()) {
                score.wrong_speaker += 1;
            } else {
                score.no_speaker += 1;
            }
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
                cue: String::new(),
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
            score.suggested_on_attribution += 1;
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

/// Pronouns a source can be ("he", "they", "its"): a bare one names nobody by itself.
const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "you",
    "your",
    "he",
    "him",
    "his",
    "she",
    "her",
    "they",
    "them",
    "their",
    "it",
    "its",
    "who",
    "which",
    "that",
    "himself",
    "herself",
    "themselves",
    "itself",
    "one",
    "this",
    "these",
    "those",
];

/// Words of a source that do not tell one speaker from another.
const SOURCE_STOP: &[&str] = &[
    "the", "a", "an", "of", "for", "and", "in", "at", "on", "to", "with", "by", "from", "mr",
    "mrs", "ms", "dr", "sen", "rep", "gov", "s", "who", "said", "says", "his", "her", "their",
    "its", "our", "former", "new", "u", "us",
];

fn folded_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How a suggestion's speaker compares with a labelled source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Judged {
    Wrong,
    NoSpeaker,
    Right,
}

/// Judges a suggestion's speaker against a labelled source's words and chars: right when
/// the speaker was named from those very words, or when its name, aliases or role share a
/// distinctive word with them ("President Obama" and "Barack Obama"; "the spokesman" and
/// a speaker whose role is "campaign spokesman").
fn judge(source_words: &str, source_at: &[CharRange], s: &Suggestion) -> Judged {
    let Some(p) = &s.speaker else {
        return Judged::NoSpeaker;
    };
    if let Some(ev) = &p.evidence
        && source_at.iter().any(|r| r.overlaps(ev.range))
    {
        return Judged::Right;
    }
    let gold: Vec<String> = folded_words(source_words)
        .into_iter()
        .filter(|w| !SOURCE_STOP.contains(&w.as_str()) && !PRONOUNS.contains(&w.as_str()))
        .collect();
    let mut theirs = folded_words(&p.name);
    for a in &p.aliases {
        theirs.extend(folded_words(a));
    }
    theirs.extend(folded_words(&p.role));
    if let Some(ev) = &p.evidence {
        theirs.extend(folded_words(&ev.mention));
    }
    if gold.iter().any(|w| theirs.contains(w)) {
        Judged::Right
    } else {
        Judged::Wrong
    }
}

fn is_bare_pronoun(source: &str) -> bool {
    let words = folded_words(source);
    !words.is_empty() && words.iter().all(|w| PRONOUNS.contains(&w.as_str()))
}

/// A source that is a poll's share of its respondents ("24 percent", "almost half", "six
/// in 10", "those surveyed", "a majority of voters polled").
fn is_poll_source(source: &str) -> bool {
    let words = folded_words(source);
    let has = |w: &str| words.iter().any(|x| x == w);
    source.contains('%')
        || has("percent")
        || has("surveyed")
        || has("polled")
        || has("respondents")
        || has("poll")
        || has("survey")
        || words.windows(2).any(|p| {
            matches!(p, [a, b] if b == "in" && (a.parse::<u32>().is_ok() || lexicon::is_number_word(a)))
        })
        || words.iter().take(3).any(|w| {
            matches!(w.as_str(), "half" | "third" | "thirds" | "quarter" | "quarters" | "majority" | "plurality" | "fifth")
        })
}

/// `r` without the whitespace and quotation marks at its ends (annotators differ on
/// whether a quote's marks are part of it).
fn trim_marks(chars: &[char], r: CharRange) -> CharRange {
    let mark = |c: char| c.is_whitespace() || "\"'“”‘’«»„‚‹›".contains(c);
    let (mut a, mut b) = (r.start, r.end.min(chars.len()));
    while a < b && chars.get(a).is_some_and(|c| mark(*c)) {
        a += 1;
    }
    while b > a && chars.get(b - 1).is_some_and(|c| mark(*c)) {
        b -= 1;
    }
    CharRange::new(a, b)
}

fn overlap(a: CharRange, b: CharRange) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// True when the suggestions `parts` together are the statement `x`: each lies mostly in
/// it, and together they cover it with a char Jaccard of at least one half (the rule two
/// annotators of PolNeAR meet on 97.7 % of their shared statements).
fn covers(parts: &[CharRange], x: CharRange) -> bool {
    if parts.is_empty() || x.is_empty() {
        return false;
    }
    let inside: usize = parts.iter().map(|p| overlap(*p, x)).sum();
    let outside: usize = parts.iter().map(|p| p.len() - overlap(*p, x)).sum();
    let union = x.len() + outside;
    inside * 2 >= union
}

/// Evaluates the suggestions on every article of a brat corpus ([`brat::read_folder`]):
/// recall, speakers and precision on its statements (attributions with a cue of saying,
/// [`brat::is_saying`]).
pub fn evaluate_brat(articles: &[brat::Article]) -> Score {
    let mut score = Score::default();
    for a in articles {
        let suggestions = suggest(&a.text, &[]);
        let chars: Vec<char> = a.text.chars().collect();
        let words = |r: CharRange| slice(&chars, r);
        let mut statements: Vec<(CharRange, &brat::Attribution)> = Vec::new();
        let mut others: Vec<CharRange> = Vec::new();
        for att in &a.attributions {
            let Some(hull) = att.content_hull() else {
                continue;
            };
            let poll = att.source.as_ref().is_some_and(|(w, _)| is_poll_source(w));
            if brat::is_saying(&att.cue) && poll {
                score.polls_left_out += 1;
                others.push(hull);
            } else if brat::is_saying(&att.cue) {
                statements.push((hull, att));
            } else {
                others.push(hull);
            }
        }
        let trimmed: Vec<CharRange> = suggestions
            .iter()
            .map(|s| trim_marks(&chars, s.range))
            .collect();
        for (hull, att) in &statements {
            score.labelled += 1;
            let x = trim_marks(&chars, *hull);
            let found: Vec<&Suggestion> = suggestions
                .iter()
                .zip(&trimmed)
                .filter(|(s, t)| {
                    s.kind != SuggestionKind::FactualStatement && overlap(**t, x) * 2 > t.len()
                })
                .map(|(s, _)| s)
                .collect();
            let source = att.source.as_ref().map(|(w, r)| (w.as_str(), r.as_slice()));
            let miss = |got: String| Miss {
                article: a.name.clone(),
                contains: words(*hull),
                speaker: source.map_or_else(|| "(no source)".into(), |(w, _)| w.to_string()),
                got,
                cue: att.cue.clone(),
            };
            let parts: Vec<CharRange> = found.iter().map(|s| trim_marks(&chars, s.range)).collect();
            if !covers(&parts, x) {
                let touched = suggestions
                    .iter()
                    .any(|s| s.kind != SuggestionKind::FactualStatement && s.range.overlaps(x));
                if touched {
                    score.partial += 1;
                }
                score.misses.push(miss(if touched {
                    "(partly)".into()
                } else {
                    String::new()
                }));
                continue;
            }
            score.found += 1;
            let Some((source_words, source_at)) = source else {
                score.unsourced_found += 1;
                continue;
            };
            if is_bare_pronoun(source_words) {
                score.pronoun_found += 1;
                if found.iter().any(|s| {
                    s.speaker
                        .as_ref()
                        .and_then(|p| p.evidence.as_ref())
                        .is_some_and(|e| source_at.iter().any(|r| r.overlaps(e.range)))
                }) {
                    score.pronoun_mention_right += 1;
                }
                let at = source_at.iter().map(|r| r.start).min().unwrap_or(0);
                let antecedent = a
                    .attributions
                    .iter()
                    .filter_map(|o| o.source.as_ref())
                    .filter(|(w, r)| {
                        r.iter().all(|r| r.end <= at)
                            && !is_bare_pronoun(w)
                            && w.split_whitespace()
                                .any(|t| t.chars().next().is_some_and(char::is_uppercase))
                    })
                    .max_by_key(|(_, r)| r.iter().map(|r| r.end).max().unwrap_or(0));
                if let Some((w, r)) = antecedent {
                    score.pronoun_antecedent += 1;
                    if found.iter().any(|s| judge(w, r, s) == Judged::Right) {
                        score.pronoun_agrees += 1;
                    } else {
                        let got = found
                            .iter()
                            .filter_map(|s| s.speaker.as_ref().map(|p| p.name.clone()))
                            .collect::<Vec<_>>()
                            .join(" / ");
                        score.misses.push(miss(format!(
                            "(pronoun) {got}; nearest named source before: {w}"
                        )));
                    }
                }
                continue;
            }
            // "“…,” Welch said, according to Vermont Edition": the outlet is the source of
            // the outer attribution, and the speaker is the source of the one nested in it.
            // Either is the right speaker (the assistant names the speaker).
            let nested: Vec<(&str, &[CharRange])> = a
                .attributions
                .iter()
                .filter(|o| !std::ptr::eq(*o, *att))
                .filter(|o| {
                    o.content_hull()
                        .is_some_and(|h| hull.start <= h.start && h.end <= hull.end)
                })
                .filter_map(|o| o.source.as_ref().map(|(w, r)| (w.as_str(), r.as_slice())))
                .filter(|(w, _)| !is_bare_pronoun(w))
                .collect();
            let best = found
                .iter()
                .map(|s| {
                    let direct = judge(source_words, source_at, s);
                    // Or named inside the attributed words themselves ("“…,” Welch said"
                    // inside what Vermont Edition reported).
                    let named_inside = s
                        .speaker
                        .as_ref()
                        .and_then(|p| p.evidence.as_ref())
                        .is_some_and(|e| hull.start <= e.range.start && e.range.end <= hull.end);
                    if direct == Judged::Wrong
                        && (named_inside
                            || nested.iter().any(|(w, r)| judge(w, r, s) == Judged::Right))
                    {
                        Judged::Right
                    } else {
                        direct
                    }
                })
                .max()
                .unwrap_or(Judged::NoSpeaker);
            match best {
                Judged::Right => score.right_speaker += 1,
                Judged::Wrong => {
                    score.wrong_speaker += 1;
                    let got = found
                        .iter()
                        .filter_map(|s| s.speaker.as_ref().map(|p| p.name.clone()))
                        .collect::<Vec<_>>()
                        .join(" / ");
                    score.misses.push(miss(got));
                }
                Judged::NoSpeaker => {
                    score.no_speaker += 1;
                    score.misses.push(miss("(none)".into()));
                }
            }
        }
        for s in &suggestions {
            if s.kind == SuggestionKind::FactualStatement {
                score.factual_suggested += 1;
                continue;
            }
            score.suggested += 1;
            let t = trim_marks(&chars, s.range);
            let mostly_in = |r: &CharRange| overlap(t, trim_marks(&chars, *r)) * 2 > t.len();
            let on_statement = statements.iter().any(|(r, _)| mostly_in(r));
            if on_statement {
                score.suggested_right += 1;
            }
            if on_statement || others.iter().any(mostly_in) {
                score.suggested_on_attribution += 1;
                if !on_statement {
                    score
                        .off_statement
                        .push((a.name.clone(), format!("⟨{}⟩ {}", s.cue, words(s.range))));
                }
            } else {
                score
                    .false_positives
                    .push((a.name.clone(), format!("⟨{}⟩ {}", s.cue, words(s.range))));
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_answers_are_not_statements_but_people_are() {
        for poll in [
            "24 percent",
            "Almost half",
            "About four in 10",
            "six in 10 Republicans",
            "those surveyed",
            "49%",
            "a majority of voters polled",
        ] {
            assert!(is_poll_source(poll), "{poll}");
        }
        for who in [
            "Maria Lind",
            "the ministry",
            "four senators",
            "Zoë Ng, the mayor",
        ] {
            assert!(!is_poll_source(who), "{who}");
        }
    }

    #[test]
    fn statements_are_covered_by_their_suggestions_not_by_a_fragment() {
        let x = CharRange::new(10, 60);
        assert!(covers(&[CharRange::new(10, 60)], x));
        assert!(
            covers(&[CharRange::new(10, 33), CharRange::new(40, 60)], x),
            "a split quote"
        );
        assert!(!covers(&[CharRange::new(30, 40)], x), "a fragment");
        assert!(
            !covers(&[CharRange::new(0, 200)], x),
            "a suggestion far larger"
        );
        let chars: Vec<char> = "“Ça va,” dit-il.".chars().collect();
        assert_eq!(
            trim_marks(&chars, CharRange::new(0, 8)),
            CharRange::new(1, 7)
        );
    }
}
