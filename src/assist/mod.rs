//! The claim assistant: reads an article and proposes the statements worth checking, with
//! who made them. Direct quotations and reported speech with their attribution ("X said",
//! "said X", "according to X", a quote whose speaker is named after it or in the sentence
//! before), and check-worthy factual sentences (numbers, quantities, comparisons, records).
//!
//! Rule-based and offline: word lists ([`lexicon`]), a segmenter that knows news typography
//! ([`segment`]) and a resolver that turns "Ms Lind", "the chair" and "she" into the person
//! an article introduced ([`speaker`]). Depends on [`crate::model`] only; suggestions are
//! proposals: nothing here writes anything.

mod attribution;
pub mod eval;
mod factual;
mod lexicon;
mod reported;
mod segment;
mod speaker;

use serde::Serialize;

use crate::model::CharRange;
use attribution::*;
use factual::*;
use reported::*;
use segment::{Doc, Kind, fold};
use speaker::{Mention, Registry};

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// Words inside quotation marks, attributed to someone.
    DirectQuote,
    /// What someone said, in the reporter's words ("Lind said the pier would open in May").
    ReportedSpeech,
    /// A sentence with numbers, quantities, comparisons or records, attributed to no one.
    FactualStatement,
}

impl SuggestionKind {
    /// Short label for lists and reports.
    pub const fn label(self) -> &'static str {
        match self {
            Self::DirectQuote => "quote",
            Self::ReportedSpeech => "reported",
            Self::FactualStatement => "factual",
        }
    }
}

/// A speaker already in the workspace, so suggestions reuse it.
#[derive(Debug, Clone, Default)]
pub struct KnownSpeaker {
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
}

/// Who a suggestion is by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestedSpeaker {
    /// Full name ("Maria Lind"), or the workspace speaker's canonical name when it is known.
    pub name: String,
    /// Title or role from the article ("Harbour Authority chair").
    pub role: String,
    /// An organisation rather than a person.
    pub organisation: bool,
    /// Other names the article uses for it ("Lind", "Ms Lind").
    pub aliases: Vec<String>,
    /// True when it matched a speaker already in the workspace.
    pub known: bool,
    /// Known only by a description ("a student", "a senior official", "Romney's
    /// associates"): the article gives no name, and none was borrowed from nearby.
    pub unnamed: bool,
    /// Why the assistant thinks it is this speaker's statement.
    pub evidence: Option<SpeakerEvidence>,
}

/// Why a statement is given to a speaker: the words that name the speaker at the statement
/// and the chain from them to the name, so a checker can see it at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerEvidence {
    /// The words that name the speaker for the statement ("he", "the chair", "Lind").
    pub mention: String,
    /// Their chars in the article.
    pub range: CharRange,
    /// Where the article first names the speaker (a char offset), when that is not here.
    pub named_at: Option<usize>,
    /// The chain in words: "“he” → Yevgeny Zinichev, named 2 sentences before".
    pub chain: String,
}

/// A proposed claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The statement's chars in the article.
    pub range: CharRange,
    /// Quote, reported speech or factual statement.
    pub kind: SuggestionKind,
    /// Who made it, when the article says.
    pub speaker: Option<SuggestedSpeaker>,
    /// 0–1: how sure the assistant is of the statement and its speaker together.
    pub confidence: f32,
    /// The attribution words it relied on ("said", "according to"), empty for factual ones.
    pub cue: String,
    /// Who passed the statement on, when the article says so beside the speaker: "X said
    /// …, according to state media" has X as the speaker and state media here.
    pub reported_by: Option<ReportedBy>,
}

/// The outlet or body a statement reached the article through ("according to Reuters").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedBy {
    /// Its words as the article writes them ("state media", "the Associated Press").
    pub name: String,
    /// Their chars in the article.
    pub range: CharRange,
}

impl Suggestion {
    /// Why it is suggested, in a line: its cue and how the speaker was found ("cue “said”;
    /// “He” → Yevgeny Zinichev, named 2 sentences before"); the speaker line says when
    /// there is none.
    pub fn reason(&self) -> String {
        let speaker = match &self.speaker {
            Some(SuggestedSpeaker {
                evidence: Some(e), ..
            }) => e.chain.clone(),
            Some(p) => format!("speaker {}", p.name),
            None if self.kind == SuggestionKind::FactualStatement => {
                "a check-worthy figure, attributed to no one".into()
            }
            None => "speaker left empty: no words here name who said it with certainty".into(),
        };
        let through = self
            .reported_by
            .as_ref()
            .map(|r| format!("; reported by “{}”, not its speaker", r.name))
            .unwrap_or_default();
        if self.cue.is_empty() {
            format!("{speaker}{through}")
        } else {
            format!("cue “{}”; {speaker}{through}", self.cue)
        }
    }
}

/// The words of a text for loose comparison, as hashes of their folded forms (lower case,
/// no diacritics, letters and digits only). No allocation for ASCII text: "also in" runs it
/// over every claim of a workspace.
pub fn word_keys(text: &str) -> Vec<u64> {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut keys = Vec::new();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut in_word = false;
    let mix = |hash: &mut u64, c: char| {
        *hash ^= u64::from(c);
        *hash = hash.wrapping_mul(PRIME);
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                mix(&mut hash, c.to_ascii_lowercase());
            } else {
                for f in fold(c.encode_utf8(&mut [0; 4])).chars() {
                    mix(&mut hash, f);
                }
            }
        } else if in_word {
            keys.push(hash);
            hash = 0xcbf2_9ce4_8422_2325;
            in_word = false;
        }
    }
    if in_word {
        keys.push(hash);
    }
    keys
}

/// Suggestions for `text`, sorted by position and never overlapping. `known` are the
/// workspace's speakers, reused by name or alias.
pub fn suggest(text: &str, known: &[KnownSpeaker]) -> Vec<Suggestion> {
    let doc = Doc::new(text);
    let mut reg = Registry::prepass(&doc);
    let mut found: Vec<Found> = Vec::new();
    let mut sentence_no = 0usize;
    // A speaker carried on to the next statement: entity, sureness, and where it was named.
    let mut prev_para_speaker: Option<(usize, f32, Option<CharRange>)> = None;
    let mut prev_para_colon = false;
    for p in &doc.paragraphs {
        let mut prev_quote_speaker: Option<(usize, f32, Option<CharRange>)> = None;
        let mut prev_subject: Option<(Mention, usize, CharRange)> = None;
        let mut skip_next = false;
        let sentences = &p.sentences;
        // A verb of saying or an introducing colon in the paragraph: its quotations are
        // someone's words even where the words naming the speaker are not understood.
        // (Read only when a quotation needs it: most paragraphs never ask.)
        let said_nearby_once = std::cell::OnceCell::new();
        let said_nearby = || {
            *said_nearby_once.get_or_init(|| {
                prev_para_colon
                    || sentences.iter().any(|s| {
                        s.tokens.iter().any(|t| {
                            t.kind == Kind::Punct(':')
                                || (t.kind == Kind::Word && lexicon::is_speech_verb(doc.low(*t)))
                        })
                    })
            })
        };
        for (si, s) in sentences.iter().enumerate() {
            sentence_no += 1;
            reg.start_sentence(s.start);
            if std::mem::take(&mut skip_next) {
                continue;
            }
            let attrs = attributions(&doc, s);
            let first_new = found.len();
            let mut quoted_any = false;
            for (qi, t) in s.tokens.iter().enumerate() {
                let Kind::Quote(q) = t.kind else { continue };
                let Some(quote) = p.quotes.get(q) else {
                    continue;
                };
                let inner = trim_inner(&doc, quote.inner);
                let n_words = word_count(&doc, inner);
                if n_words == 0 || is_title(&doc, s, qi) {
                    continue;
                }
                let best = attrs
                    .iter()
                    .filter(|a| a.verb_idx != qi)
                    .min_by_key(|a| a.verb_idx.abs_diff(qi));
                if n_words == 1 {
                    // One quoted word (he “can” and “may”) is emphasis, not a statement.
                    continue;
                }
                let short = n_words <= 3;
                // "“All the way!” Dawson shouted, …": the mark ended the sentence, and the
                // attribution opens the next one.
                let exclaimed = s.tokens.len() == 1
                    && (quote.inner.0..quote.inner.1)
                        .rev()
                        .filter_map(|i| doc.at(i))
                        .find(|c| !c.is_whitespace())
                        .is_some_and(|c| matches!(c, '!' | '?'));
                // "Ms. Brainard is ''not a backslapper,'' said Mr. Sperling": words of the
                // reporter's lead into the quote, and the attribution right after it. The
                // statement is the whole clause, not the quoted fragment.
                let mut lead_in: Option<usize> = None;
                let (speaker, base, cue, evidence) = if let Some(a) = best {
                    let near = a.verb_idx.abs_diff(qi) <= 5 || a.how == How::AccordingTo;
                    if short && !near {
                        continue;
                    }
                    let attribution_start = a.verb_idx.min(a.np_tokens.0);
                    if attribution_start > qi
                        && (qi + 1..attribution_start).all(|i| !is_word(s, i) && !is_quote(s, i))
                        && (0..qi).filter(|i| is_word(s, *i)).count() >= 2
                        && !(0..qi).any(|i| is_quote(s, i) || is_punct(s, i, ':'))
                    {
                        lead_in = (0..qi).find(|i| is_word(s, *i));
                    }
                    let base = match a.how {
                        How::Inverted | How::Subject => 0.9,
                        How::AccordingTo | How::By => 0.85,
                    };
                    let r = reg.resolve(&a.mention, a.np_start, Some(sentence_no));
                    (r, base, a.cue.clone(), Some(a.np_range))
                } else if let Some((m, np)) = qi
                    .checked_sub(1)
                    .filter(|c| *c >= 1 && is_punct(s, *c, ':'))
                    .and_then(|c| np_before(&doc, s, c).filter(|np| np.1 == c))
                    // Not a headline's last capitalised words ("CNN President On Trump:").
                    .filter(|np| {
                        np.0 == 0
                            || s.tokens.get(np.0 - 1).is_some_and(|t| {
                                t.kind != Kind::Word
                                    || !(doc.is_cap(*t)
                                        // "telling CNBC:", "told Fox News:": the listener.
                                        || matches!(
                                            doc.low(*t),
                                            "told"
                                                | "tell"
                                                | "tells"
                                                | "telling"
                                                | "asked"
                                                | "asking"
                                                | "with"
                                                | "to"
                                                | "informed"
                                        ))
                            })
                    })
                    .and_then(|np| mention_of(&doc, s, np).map(|m| (m, np)))
                    .filter(|(m, _)| matches!(m, Mention::Name { .. }))
                {
                    // "Republican pollster Daron Shaw: “…”": a name, a colon, the quote.
                    let a = Attribution::new(s, m.clone(), np, np.1, How::Subject, ":".into());
                    (
                        reg.resolve(&m, a.np_start, Some(sentence_no)),
                        0.75,
                        ":".into(),
                        Some(a.np_range),
                    )
                } else if qi == 0 && (!short || prev_quote_speaker.is_some() || exclaimed) {
                    // A free-standing quotation: the speaker is named in the next sentence
                    // ("Lind said."), or spoke just before, or introduced it with a colon.
                    let next = sentences.get(si + 1).and_then(|n| {
                        bare_attribution(&doc, n)
                            .or_else(|| exclaimed.then(|| opening_attribution(&doc, n)).flatten())
                    });
                    if let Some(a) = next {
                        skip_next = true;
                        (
                            reg.resolve(&a.mention, a.np_start, Some(sentence_no)),
                            0.85,
                            a.cue,
                            Some(a.np_range),
                        )
                    } else if let Some((e, sure, at)) = prev_quote_speaker {
                        (Some((e, sure)), 0.7, "continues".into(), at)
                    } else if let Some((m, pos, range)) = prev_subject.clone() {
                        (
                            reg.resolve(&m, pos, Some(sentence_no)),
                            0.6,
                            "subject before".into(),
                            Some(range),
                        )
                    } else if si == 0 && (prev_para_speaker.is_some() || prev_para_colon) {
                        (
                            prev_para_speaker.map(|(e, sure, _)| (e, sure)),
                            0.55,
                            "continues".into(),
                            prev_para_speaker.and_then(|(_, _, at)| at),
                        )
                    } else {
                        (None, 0.0, String::new(), None)
                    }
                } else {
                    (None, 0.0, String::new(), None)
                };
                let Some((entity, sure)) = speaker else {
                    // Nobody named for it: a statement in quotation marks still deserves
                    // checking, so it is suggested with the speaker left empty (never a
                    // guess), when it reads as one: several words, not a fragment.
                    if !short && quote_reads_as_statement(&doc, quote) && said_nearby() {
                        quoted_any = true;
                        found.push(Found {
                            range: CharRange::new(inner.0, inner.1),
                            kind: SuggestionKind::DirectQuote,
                            entity: None,
                            evidence: None,
                            confidence: 0.4,
                            cue: cue.clone(),
                            priority: 1,
                            reported_by: None,
                        });
                    }
                    continue;
                };
                let confidence = base * sure * if short { 0.85 } else { 1.0 };
                prev_quote_speaker = Some((entity, sure, evidence));
                quoted_any = true;
                // The mixed statement ends with the quote's closing mark.
                let (range, kind) = match lead_in {
                    Some(first) => (
                        CharRange::new(tok_start(s, first), quote.end),
                        SuggestionKind::ReportedSpeech,
                    ),
                    None => (
                        CharRange::new(inner.0, inner.1),
                        SuggestionKind::DirectQuote,
                    ),
                };
                found.push(Found {
                    range,
                    kind,
                    entity: Some(entity),
                    evidence,
                    confidence,
                    cue,
                    priority: if short { 2 } else { 0 },
                    reported_by: None,
                });
            }
            let statements = reported(&doc, s, &attrs, &mut reg, sentence_no);
            if let Some(f) = statements.first() {
                if !quoted_any {
                    prev_quote_speaker = f.entity.map(|e| (e, 0.9, f.evidence));
                }
                found.extend(statements);
            } else if !quoted_any && let Some(f) = colon_statement(&doc, s, &mut reg, sentence_no) {
                found.push(f);
            } else if !quoted_any && let Some(f) = factual(&doc, s) {
                found.push(f);
            }
            // "X said …, according to state media": X is the speaker, the outlet only
            // passed the words on.
            if let Some(outlet) = attrs.iter().find(|a| a.how == How::AccordingTo) {
                for f in found.iter_mut().skip(first_new) {
                    if f.cue != "according to"
                        && f.entity.is_some()
                        && f.evidence.is_some_and(|e| !e.overlaps(outlet.np_range))
                    {
                        f.reported_by = Some(outlet.np_range);
                    }
                }
            }
            let subjects = leading_subject(&doc, s);
            prev_subject = subjects.first().cloned();
            let pronouns = |set: &[&str]| s.tokens.iter().any(|t| set.contains(&doc.low(*t)));
            let she = pronouns(&["she", "her", "hers", "herself"]);
            let he = pronouns(&["he", "him", "his", "himself"]);
            reg.prefer(
                subjects.into_iter().map(|(m, pos, _)| (m, pos)).collect(),
                (she != he).then_some(she),
            );
        }
        prev_para_speaker = prev_quote_speaker;
        prev_para_colon = p
            .sentences
            .last()
            .and_then(|s| s.tokens.last())
            .is_some_and(|t| t.kind == Kind::Punct(':'))
            || p.quotes.last().is_some_and(|q| q.runs_on);
    }
    finish(&doc, &reg, found, known)
}

/// True when quoted words read as someone's statement rather than a title, a term or a
/// headline: in double marks or guillemets (single ones mostly name things in US news), at
/// least four words, ending as a sentence or a clause does inside the marks.
fn quote_reads_as_statement(doc: &Doc, quote: &segment::Quotation) -> bool {
    if matches!(doc.at(quote.open), Some('\u{2018}' | '\'')) {
        return false;
    }
    let (start, end) = quote.inner;
    if word_count(doc, (start, end)) < 4 {
        return false;
    }
    let last = (start..end)
        .rev()
        .filter_map(|i| doc.at(i))
        .find(|c| !c.is_whitespace());
    quote.runs_on || matches!(last, Some('.' | '!' | '?' | ',' | ';' | '\u{2026}'))
}

/// "Graham: Trump's rhetoric is destroying the party", the headline's way of saying who
/// said it: a name of at least two words, or one the article names in full, then a colon
/// and the statement. "Update:", "Photo:" and datelines are not names.
fn colon_statement(
    doc: &Doc,
    s: &segment::Sentence,
    reg: &mut Registry,
    sentence_no: usize,
) -> Option<Found> {
    let colon = (1..s.tokens.len().min(7)).find(|i| is_punct(s, *i, ':'))?;
    if !(0..colon).all(|i| is_word(s, i)) || !s.tokens.first().is_some_and(|t| doc.is_cap(*t)) {
        return None;
    }
    let np = (0, colon);
    let m = mention_of(doc, s, np)?;
    let speaker::Mention::Name { name, .. } = &m else {
        return None;
    };
    let key = fold(name);
    let known = reg.entities.iter().any(|e| {
        let full = fold(&e.name);
        full != key
            && (full.ends_with(&format!(" {key}")) || e.aliases.iter().any(|a| fold(a) == key))
    });
    if name.split_whitespace().count() < 2 && !known {
        return None;
    }
    let from = colon + 1;
    let words = (from..s.tokens.len())
        .filter(|i| {
            is_word(s, *i) || matches!(s.tokens.get(*i).map(|t| t.kind), Some(Kind::Quote(_)))
        })
        .count();
    if words < 3 {
        return None;
    }
    let start = tok_start(s, from);
    let end = s.tokens.last().map_or(start, |t| t.end);
    let (start, end) = trim_inner(doc, (start, end));
    let a = Attribution::new(s, m.clone(), np, colon, How::Subject, ":".into());
    let (entity, sure) = reg.resolve(&m, a.np_start, Some(sentence_no))?;
    Some(Found {
        range: CharRange::new(start, end),
        kind: SuggestionKind::ReportedSpeech,
        entity: Some(entity),
        evidence: Some(a.np_range),
        confidence: 0.6 * sure,
        cue: ":".into(),
        priority: 1,
        reported_by: None,
    })
}

struct Found {
    range: CharRange,
    kind: SuggestionKind,
    entity: Option<usize>,
    /// The words that name the speaker for this statement (in it, beside it, or at the
    /// statement it continues).
    evidence: Option<CharRange>,
    confidence: f32,
    cue: String,
    priority: u8,
    /// The words of an "according to" beside the speaker's own attribution.
    reported_by: Option<CharRange>,
}

fn finish(
    doc: &Doc,
    reg: &Registry,
    mut found: Vec<Found>,
    known: &[KnownSpeaker],
) -> Vec<Suggestion> {
    // A quote inside reported speech ("She acknowledged that there are still “some people”
    // who feel that way") is part of one statement, the clause: the fragment alone would
    // be the wrong words to check. Kept when it is most of the clause ("Lind said: “…”").
    let clauses: Vec<(CharRange, Option<usize>)> = found
        .iter()
        .filter(|f| f.kind == SuggestionKind::ReportedSpeech)
        .map(|f| (f.range, f.entity))
        .collect();
    found.retain(|f| {
        f.kind != SuggestionKind::DirectQuote
            || !clauses.iter().any(|(r, entity)| {
                *entity == f.entity
                    && r.start <= f.range.start
                    && f.range.end <= r.end
                    && attribution::word_count(doc, (r.start, f.range.start))
                        + attribution::word_count(doc, (f.range.end, r.end))
                        >= 3
            })
    });
    found.sort_by_key(|f| (f.priority, f.range.start));
    // Kept ranges never overlap, so by start they are also ordered by end: the neighbours
    // of a new range are the only ones it can overlap.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        let r = f.range;
        let before = taken
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, end)| *end > r.start);
        if r.is_empty() || before {
            continue;
        }
        taken.insert(r.start, r.end);
        kept.push(f);
    }
    kept.sort_by_key(|f| f.range.start);
    let sentence_starts: Vec<usize> = doc
        .paragraphs
        .iter()
        .flat_map(|p| &p.sentences)
        .map(|s| s.start)
        .collect();
    let known_keys: Vec<(String, &KnownSpeaker)> = known
        .iter()
        .flat_map(|k| {
            std::iter::once(fold(&k.name))
                .chain(k.aliases.iter().map(|a| fold(a)))
                .map(move |key| (key, k))
        })
        .collect();
    kept.into_iter()
        .map(|f| {
            let speaker = f.entity.and_then(|i| reg.entities.get(i)).map(|e| {
                let key = fold(&e.name);
                let by_alias = || {
                    e.aliases.iter().find_map(|a| {
                        let k = fold(a);
                        known_keys.iter().find(|(kk, _)| *kk == k).map(|(_, s)| *s)
                    })
                };
                let hit = known_keys
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, s)| *s)
                    .or_else(by_alias);
                let mut aliases: Vec<String> = e
                    .aliases
                    .iter()
                    .filter(|a| fold(a) != key && a.chars().next().is_some_and(char::is_uppercase))
                    .cloned()
                    .collect();
                aliases.sort();
                aliases.dedup();
                SuggestedSpeaker {
                    name: hit.map_or_else(|| e.name.clone(), |k| k.name.clone()),
                    role: e.role.clone(),
                    organisation: e.org,
                    aliases,
                    known: hit.is_some(),
                    unnamed: e.described && !e.org && hit.is_none(),
                    evidence: f
                        .evidence
                        .map(|r| evidence(doc, &sentence_starts, e, r, &f.cue)),
                }
            });
            Suggestion {
                range: f.range,
                kind: f.kind,
                speaker,
                confidence: (f.confidence * 100.0).round() / 100.0,
                cue: f.cue,
                reported_by: f.reported_by.map(|r| ReportedBy {
                    name: doc.text(r.start, r.end),
                    range: r,
                }),
            }
        })
        .collect()
}

/// The evidence for `entity` at the mention `at`: the mention's words, and how they lead to
/// the name.
fn evidence(
    doc: &Doc,
    sentence_starts: &[usize],
    entity: &speaker::Entity,
    at: CharRange,
    cue: &str,
) -> SpeakerEvidence {
    let mention: String = doc
        .chars
        .get(at.start..at.end)
        .unwrap_or_default()
        .iter()
        .collect();
    let folded = fold(&mention);
    let names_it = folded.contains(&fold(&entity.name));
    let named_at = entity
        .first_mention()
        .filter(|p| !names_it && *p < at.start);
    let continues = if cue == "continues" {
        "continues the statement before: "
    } else {
        ""
    };
    let chain = if names_it {
        format!("{continues}named here: “{mention}”")
    } else {
        let whence = match named_at {
            Some(p) => {
                // Sentences starting after the naming, up to the mention (binary searches
                // over the article's sentence starts: this runs for every suggestion).
                let between = sentence_starts
                    .partition_point(|s| *s <= at.start)
                    .saturating_sub(sentence_starts.partition_point(|s| *s <= p));
                match between {
                    0 => ", named earlier in the sentence".to_string(),
                    1 => ", named 1 sentence before".to_string(),
                    n => format!(", named {n} sentences before"),
                }
            }
            None => String::new(),
        };
        format!("{continues}“{mention}” → {}{whence}", entity.name)
    };
    SpeakerEvidence {
        mention,
        range: at,
        named_at,
        chain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, SuggestionKind, String)> {
        let chars: Vec<char> = text.chars().collect();
        suggest(text, &[])
            .into_iter()
            .map(|s| {
                let words: String = chars
                    .get(s.range.start..s.range.end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                (words, s.kind, s.speaker.map(|p| p.name).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn quotes_with_speakers_before_after_and_split() {
        let got = run(
            "Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”\n\n“We will open in May,” said Lind. “It is on time,” she added, “and on budget.”",
        );
        assert_eq!(
            got,
            vec![
                (
                    "The pier cost €4 million — not a cent more.".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
                (
                    "We will open in May".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
                (
                    "It is on time".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
                (
                    "and on budget.".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
            ]
        );
    }

    #[test]
    fn reported_speech_and_according_to() {
        let got = run(
            "Police said the suspected gunman surrendered himself to officers. According to the BBC, the militia is largely made up of volunteers. The pier will open in May, the ministry said.",
        );
        assert_eq!(
            got,
            vec![
                (
                    "the suspected gunman surrendered himself to officers".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "Police".to_string()
                ),
                (
                    "the militia is largely made up of volunteers".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "BBC".to_string()
                ),
                (
                    "The pier will open in May".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "Ministry".to_string()
                ),
            ]
        );
    }

    #[test]
    fn scare_quotes_titles_and_captions_are_not_statements() {
        let got = run(
            "The so-called “green corridor” opened. She watched the film “Harbour Lights” again. The “bridge deal” was signed.\n—Maria Lind on Tuesday",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn factual_sentences_need_a_quantity() {
        let got = run(
            "The budget has doubled since 2021 to €48 million. It rained on Tuesday, May 4, 2021 in the city.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got.first().map(|g| g.1),
            Some(SuggestionKind::FactualStatement)
        );
    }

    #[test]
    fn offsets_are_chars_in_multibyte_text() {
        let text = "😀 Søren Ålund, the union’s president, said: “Ça coûte 4 € — 東京 too.”";
        let s = suggest(text, &[]);
        let first = s.first().expect("a suggestion");
        let words: String = text
            .chars()
            .skip(first.range.start)
            .take(first.range.len())
            .collect();
        assert_eq!(words, "Ça coûte 4 € — 東京 too.");
        assert_eq!(
            first.speaker.as_ref().map(|p| p.name.as_str()),
            Some("Søren Ålund")
        );
        assert_eq!(
            first.speaker.as_ref().map(|p| p.role.as_str()),
            Some("union’s president")
        );
    }

    #[test]
    fn workspace_speakers_are_reused_by_alias() {
        let known = [KnownSpeaker {
            name: "Maria Lind".into(),
            aliases: vec!["Lind".into()],
        }];
        let s = suggest("“The pier is on time,” Lind said.", &known);
        let sp = s
            .first()
            .and_then(|s| s.speaker.clone())
            .expect("a speaker");
        assert_eq!(sp.name, "Maria Lind");
        assert!(sp.known);
    }
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    fn chars(text: &str, r: CharRange) -> String {
        text.chars().skip(r.start).take(r.len()).collect()
    }

    #[test]
    fn a_pronoun_speaker_shows_the_chain_to_the_name() {
        let text = "Yevgeny Zinichev, the emergencies minister, arrived in Norilsk on Monday. \
            Officials toured the flooded depot. He said the clean-up “will take years, not months.”";
        let got = suggest(text, &[]);
        let quote = got
            .iter()
            .find(|s| chars(text, s.range).starts_with("will take years"))
            .expect("the quote is suggested");
        let speaker = quote.speaker.as_ref().expect("with a speaker");
        assert_eq!(speaker.name, "Yevgeny Zinichev");
        let ev = speaker.evidence.as_ref().expect("with its evidence");
        assert_eq!(ev.mention, "He");
        assert_eq!(chars(text, ev.range), "He");
        assert_eq!(ev.named_at, Some(0));
        assert_eq!(
            ev.chain,
            "“He” → Yevgeny Zinichev, named 2 sentences before"
        );
        assert_eq!(quote.cue, "said");
    }

    #[test]
    fn a_named_speaker_is_named_here_with_multibyte_offsets() {
        let text = "«Ça ne coûte rien», a déclaré hier. Zürich’s mayor Corine Mauch said the tram “will run every 7 minutes from May.”";
        let got = suggest(text, &[]);
        let quote = got
            .iter()
            .find(|s| chars(text, s.range).starts_with("will run"))
            .expect("the quote is suggested");
        let ev = quote
            .speaker
            .as_ref()
            .and_then(|p| p.evidence.as_ref())
            .expect("with evidence");
        assert!(ev.mention.ends_with("Corine Mauch"), "{ev:?}");
        assert_eq!(chars(text, ev.range), ev.mention);
        assert_eq!(ev.named_at, None);
        assert!(ev.chain.starts_with("named here"), "{}", ev.chain);
    }
}

#[cfg(test)]
mod failure_class_tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, SuggestionKind, String)> {
        suggest(text, &[])
            .into_iter()
            .map(|s| {
                let words: String = text
                    .chars()
                    .skip(s.range.start)
                    .take(s.range.len())
                    .collect();
                (words, s.kind, s.speaker.map(|p| p.name).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn unnamed_people_described_by_role_keep_their_description_and_borrow_no_name() {
        let text = "Police chief Tom Berg arrived at the school on Monday.\n\n\
            “It went off twice before noon,” a student said.\n\n\
            A senior official said 40 beds had been closed in the region.\n\n\
            Romney's associates said he is not planning to offer an endorsement.";
        let got = suggest(text, &[]);
        let speakers: Vec<(String, bool)> = got
            .iter()
            .filter_map(|s| s.speaker.as_ref())
            .map(|p| (p.name.clone(), p.unnamed))
            .collect();
        assert_eq!(
            speakers,
            vec![
                ("Student".to_string(), true),
                ("Senior official".to_string(), true),
                ("Romney's associates".to_string(), true),
            ],
            "{got:#?}"
        );
        let named = suggest(
            "Police chief Tom Berg said the school would reopen on Friday.",
            &[],
        );
        assert_eq!(named.len(), 1);
        let berg = named[0].speaker.as_ref().unwrap();
        assert_eq!((berg.name.as_str(), berg.unnamed), ("Tom Berg", false));
    }

    #[test]
    fn a_clause_then_an_inverted_cue_and_a_participle_keep_the_speaker() {
        let got = run(
            "The tram will not run before 2027, said Dante Scala, a professor at the university.\n\n\
             Ben Carson said he saw no need to change his campaign, telling the host that “we tell the truth.”",
        );
        assert_eq!(got[0].0, "The tram will not run before 2027");
        assert_eq!(got[0].2, "Dante Scala");
        assert!(
            got.iter().skip(1).all(|(_, _, who)| who == "Ben Carson"),
            "the participle's speaker is the sentence's subject, not “campaign”: {got:?}"
        );
    }

    #[test]
    fn a_name_with_appositions_before_its_verb_is_the_speaker_not_the_nearest_noun() {
        let got = run(
            "Mindy Romero, director of the Civic Engagement Project at the University of \
             California, Davis, said Clinton has a strong ground game in the state.",
        );
        assert_eq!(
            got,
            vec![(
                "Clinton has a strong ground game in the state".to_string(),
                SuggestionKind::ReportedSpeech,
                "Mindy Romero".to_string()
            )]
        );
    }

    #[test]
    fn a_headline_names_its_speaker_before_a_colon() {
        let got = run(
            "Lindsey Graham: the tariff plan will cost Ohio 40,000 jobs\n\nUpdate: the road is closed until Monday.",
        );
        assert_eq!(
            got,
            vec![(
                "the tariff plan will cost Ohio 40,000 jobs".to_string(),
                SuggestionKind::ReportedSpeech,
                "Lindsey Graham".to_string()
            )],
            "“Update” is not a speaker"
        );
    }

    #[test]
    fn a_statement_running_on_around_its_attribution_is_whole() {
        let got = run(
            "Barack Obama spoke on Monday. The goal, he said, is to forge a durable cease-fire in the north.\n\n\
             Sylvia Manzano led the poll. Overall, she said, key Republican groups are finding themselves alienated.",
        );
        assert_eq!(
            got,
            vec![
                (
                    "The goal, he said, is to forge a durable cease-fire in the north".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "Barack Obama".to_string()
                ),
                (
                    "key Republican groups are finding themselves alienated".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "Sylvia Manzano".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_quote_the_reporter_leads_into_is_one_statement_with_its_lead() {
        let got = run(
            "Arturo Sarukhán spoke on Friday. The new strategy is a “very welcome tack,” he said.",
        );
        assert_eq!(
            got,
            vec![(
                "The new strategy is a “very welcome tack,”".to_string(),
                SuggestionKind::ReportedSpeech,
                "Arturo Sarukhán".to_string()
            )]
        );
    }

    #[test]
    fn an_official_familiar_with_something_speaks_unnamed() {
        let got = suggest(
            "A senior official familiar with the investigation said that charging anyone would be difficult.",
            &[],
        );
        assert_eq!(got.len(), 1, "{got:#?}");
        let p = got[0].speaker.as_ref().unwrap();
        assert!(p.unnamed, "{p:?}");
        assert!(p.name.to_lowercase().contains("official"), "{p:?}");
    }

    #[test]
    fn new_york_times_doubled_apostrophes_are_quotes() {
        let got = run("Gov. Ana Beltrán defended the budget on Tuesday.\n\n\
             ''We will not raise taxes on families who already pay too much,'' Ms. Beltrán said.");
        assert_eq!(
            got,
            vec![(
                "We will not raise taxes on families who already pay too much".to_string(),
                SuggestionKind::DirectQuote,
                "Ana Beltrán".to_string()
            )]
        );
    }

    #[test]
    fn a_partial_quote_inside_reported_speech_is_one_statement_spanning_the_clause() {
        let got = run(
            "Mayor Inès Okafor spoke to residents on Monday. She acknowledged that there are \
             still “some people” who feel the new tram line is far too slow.",
        );
        assert_eq!(
            got,
            vec![(
                "there are still “some people” who feel the new tram line is far too slow"
                    .to_string(),
                SuggestionKind::ReportedSpeech,
                "Inès Okafor".to_string()
            )]
        );
    }
}
#[cfg(test)]
mod cues_and_unnamed_quotes {
    //! Issue 18's classes, on sentences written for these tests: cues beyond "said" in any
    //! inflection, a statement that ends where the speaker's next verb of saying begins,
    //! and a quotation whose speaker is not understood kept with the speaker left empty.
    use super::*;

    fn one(text: &str) -> Vec<(String, SuggestionKind, Option<String>, String)> {
        suggest(text, &[])
            .into_iter()
            .map(|s| {
                let w: String = text
                    .chars()
                    .skip(s.range.start)
                    .take(s.range.len())
                    .collect();
                (w, s.kind, s.speaker.map(|p| p.name), s.cue)
            })
            .collect()
    }

    #[test]
    fn any_inflection_of_a_verb_of_saying_is_a_cue() {
        assert_eq!(
            one("“Cruz could win the general election in a landslide,” Viguerie concludes."),
            [(
                "Cruz could win the general election in a landslide".into(),
                SuggestionKind::DirectQuote,
                Some("Viguerie".into()),
                "concludes".into()
            )]
        );
        assert_eq!(
            one("Mr Ekberg conceded the leak had gone on for weeks."),
            [(
                "the leak had gone on for weeks".into(),
                SuggestionKind::ReportedSpeech,
                Some("Ekberg".into()),
                "conceded".into()
            )]
        );
        // A noun that is also a verb of saying is not a cue: "the state", "his remarks".
        assert!(one("The state budget rose by a third in the remarks section.").is_empty());
    }

    #[test]
    fn a_statement_ends_where_the_speakers_next_verb_of_saying_begins() {
        let got = one(
            "Maria Lind said the pier was late, but cautioned against reading too much into it.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "the pier was late");
        let got = one(
            "Tomás Ó Ceallaigh denied that the guild was preparing a strike, but said members would refuse overtime.",
        );
        let words: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            words,
            [
                "the guild was preparing a strike",
                "members would refuse overtime"
            ]
        );
    }

    #[test]
    fn someone_described_but_not_named_speaks_as_that_description() {
        let got = suggest(
            "The actress said she was tired of the status quo in Washington.",
            &[],
        );
        let s = got.first().expect("a statement");
        let p = s.speaker.as_ref().expect("a speaker");
        assert_eq!((p.name.as_str(), p.unnamed), ("Actress", true));
        // A message, a sign, a response carry words; they do not say them.
        let got = one(
            "Later that day, the mayor fired back a response saying he would not resign over the pier.",
        );
        assert!(
            got.iter().all(|g| g.2.as_deref() != Some("Response")),
            "{got:?}"
        );
        // "a shake-up" is the object of "rejected", not who "said".
        let got = one(
            "Ms. Conway rejected the idea that the changes amounted to a shake-up and said that Mr. Manafort was not being diminished.",
        );
        assert!(
            got.iter().all(|g| g.2.as_deref() != Some("Shake-up")),
            "{got:?}"
        );
    }

    #[test]
    fn a_statement_stops_at_an_added_statement_another_speaker_or_the_main_clause() {
        let got = one(
            "Ted Cruz said that there is only one strong conservative in the race, adding that it is why his rival attacks him.",
        );
        let words: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            words,
            [
                "there is only one strong conservative in the race",
                "it is why his rival attacks him"
            ]
        );
        let got = one(
            "Two members of Congress, Ileana Ros-Lehtinen and Carlos Curbelo, have said they will not back the nominee, as has the mayor.",
        );
        assert_eq!(
            got.first().map(|g| g.0.as_str()),
            Some("they will not back the nominee")
        );
        let got = one(
            "While Jorge Ramos said that journalists cannot have any political affiliation, he appears uneasy about his daughter's work.",
        );
        assert_eq!(
            got.first().map(|g| g.0.as_str()),
            Some("journalists cannot have any political affiliation")
        );
    }

    #[test]
    fn quotations_news_prints_oddly_keep_their_speaker() {
        // "!" ends the sentence inside the marks; the attribution opens the next one.
        assert_eq!(
            one("“All the way!” Dawson shouted, shorthand for taking the fight to the convention."),
            [(
                "All the way!".into(),
                SuggestionKind::DirectQuote,
                Some("Dawson".into()),
                "shouted".into()
            )]
        );
        // An opening mark printed where the closing one belongs.
        let got = one(
            "“If the pier fails, that could create real problems for her here,“ said Jim Clyburn, a congressman.",
        );
        assert_eq!(
            got.first().map(|g| (g.0.as_str(), g.2.as_deref())),
            Some((
                "If the pier fails, that could create real problems for her here",
                Some("Jim Clyburn")
            ))
        );
        // "as X put it" introduces X's words.
        let got = one(
            "But at the time, as prosecutor Marc Trévidic put it, “there was not much to complain about in strict terms.”",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Marc Trévidic")
        );
    }

    #[test]
    fn a_document_an_article_cites_is_the_source_it_gives() {
        let got = suggest(
            "Hackers also accessed the computer of the chairman's predecessor, Sheila Bair, according to the congressional report.",
            &[],
        );
        let s = got
            .iter()
            .find(|s| s.kind == SuggestionKind::ReportedSpeech)
            .expect("the statement");
        let p = s.speaker.as_ref().expect("its source");
        assert_eq!(
            (p.name.as_str(), p.organisation),
            ("Congressional report", true)
        );
        assert_eq!(s.cue, "according to");
    }

    #[test]
    fn the_subject_after_an_opening_phrase_speaks_not_a_place_or_a_participle() {
        let got = one(
            "At a June campaign event in St. Clairsville, Ohio, 62-year-old Brenda Johnson also railed against immigrants, and explained how much it upset her to hear them.",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Brenda Johnson"),
            "{got:?}"
        );
        let got = one(
            "Walking to the next address, Betsy Ebeling reminisced about her days as a Goldwater girl, and said their views were both changed by the war.",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Betsy Ebeling"),
            "{got:?}"
        );
        let got = one(
            "Marco Rubio, whose hometown, Miami, is projected to be largely underwater within the not too distant future as ice caps shrink and the sea level rises, argues that efforts to combat it will destroy the economy.",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Marco Rubio"),
            "{got:?}"
        );
        // A sentence-opening adverb is nobody's name.
        let got = one(
            "Particularly, Gulf sources admit that the states are powerless if the route closes.",
        );
        assert!(
            got.iter().all(|g| g.2.as_deref() != Some("Particularly")),
            "{got:?}"
        );
    }

    #[test]
    fn sources_people_and_groups_described_at_length_speak() {
        for (text, speaker) in [
            (
                "A source said that Tenney could end up winning by more than ten points.",
                "Source",
            ),
            (
                "People with knowledge of the group's activities said a number of new donors have come aboard.",
                "People",
            ),
            (
                "Julian Assange has been detained by Britain and Sweden since 2010, the rights group says.",
                "Rights group",
            ),
            (
                "The billionaire real estate magnate says a violent hit now draws a penalty.",
                "Billionaire real estate magnate",
            ),
            (
                "WASHINGTON — Sen. Bernie Sanders defended his call to raise the minimum wage, saying the positives would outweigh the losses.",
                "Bernie Sanders",
            ),
            (
                "Republican presidential candidate Marco Rubio says, win or lose in Tuesday's primary, he's staying in the race.",
                "Marco Rubio",
            ),
        ] {
            let got = one(text);
            assert_eq!(
                got.first().and_then(|g| g.2.as_deref()),
                Some(speaker),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn the_reporters_opening_clause_and_an_added_quote_are_not_the_statement() {
        let got = one(
            "As China builds islands in the sea, the threat, Admiral Harris said, is growing every month.",
        );
        assert_eq!(
            got.first().map(|g| g.0.as_str()),
            Some("the threat, Admiral Harris said, is growing every month")
        );
        let got = one(
            "Donald Trump told the paper that Mitt Romney “had a crazy policy of self-deportation,” adding, “He lost all of the Latino vote.”",
        );
        let words: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            words,
            [
                "had a crazy policy of self-deportation",
                "He lost all of the Latino vote."
            ]
        );
    }

    #[test]
    fn a_statement_passed_on_by_an_outlet_keeps_its_speaker_and_names_the_outlet() {
        let text = "“We will not negotiate with anyone,” Yevgeny Zinichev said on Monday, according to state media.";
        let got = suggest(text, &[]);
        let s = got.first().expect("the quote");
        assert_eq!(
            s.speaker.as_ref().map(|p| p.name.as_str()),
            Some("Yevgeny Zinichev")
        );
        let by = s.reported_by.as_ref().expect("the outlet");
        assert_eq!(by.name, "state media");
        let chars: String = text
            .chars()
            .skip(by.range.start)
            .take(by.range.len())
            .collect();
        assert_eq!(chars, "state media");
        assert!(
            s.reason().contains("reported by “state media”"),
            "{}",
            s.reason()
        );
        // With no speaker of its own, the outlet is the source, not a go-between.
        let got = suggest(
            "The ministry will cut 400 jobs next year, according to Reuters.",
            &[],
        );
        let s = got.first().expect("the statement");
        assert_eq!(s.speaker.as_ref().map(|p| p.name.as_str()), Some("Reuters"));
        assert_eq!(s.reported_by, None);
    }

    #[test]
    fn a_name_and_a_colon_introduce_a_quote_and_descriptions_follow_the_verb() {
        let got = one(
            "The timing of the surge doesn’t surprise Republican pollster Daron Shaw: “Lesser-known candidates who win early contests have seen the biggest boost.”",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Daron Shaw"),
            "{got:?}"
        );
        let got = one(
            "“What he is saying to operatives is that the critical mass was finally reached,” said the second official.",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Second official"),
            "{got:?}"
        );
        let got = one(
            "“The great state of Alabama is proud to cast its votes for the next president!” US Senator Jeff Sessions said as he launched the process.",
        );
        assert_eq!(
            got.first().and_then(|g| g.2.as_deref()),
            Some("Jeff Sessions"),
            "{got:?}"
        );
        // The one told is the listener, never the speaker.
        let got = one(
            "Back in 1999, Mr. Trump expressed admiration for his skills, telling CNBC: “I wish I could be like that. I just can't.”",
        );
        assert!(
            got.iter().all(|g| g.2.as_deref() != Some("CNBC")),
            "{got:?}"
        );
        let got = one(
            "Donald Trump has delivered an impassioned defense of “New York values,” saying the city embodied the bravery and soul of America.",
        );
        assert!(
            got.iter().any(
                |g| g.0 == "the city embodied the bravery and soul of America"
                    && g.2.as_deref() == Some("Donald Trump")
            ),
            "{got:?}"
        );
    }

    #[test]
    fn a_pronoun_nobody_named_fits_leaves_the_speaker_empty() {
        let got = suggest(
            "The council met on Tuesday. She said the budget would have to rise by a third.",
            &[],
        );
        let s = got
            .iter()
            .find(|s| s.kind == SuggestionKind::ReportedSpeech)
            .expect("the statement is suggested");
        assert_eq!(s.speaker, None, "never the council, never a guess");
        assert!(s.reason().contains("speaker left empty"), "{}", s.reason());
    }

    #[test]
    fn a_description_with_a_place_is_one_speaker() {
        let text = "The council spokesman confirmed the vote. A man at the back yelled: “This whole thing is a scandal and you know it!”";
        let got = suggest(text, &[]);
        let p = got
            .iter()
            .find(|s| s.kind == SuggestionKind::DirectQuote)
            .and_then(|s| s.speaker.clone())
            .expect("a speaker");
        assert_eq!((p.name.as_str(), p.unnamed), ("Man at the back", true));
    }

    #[test]
    fn short_clauses_contractions_and_irregular_verbs_are_statements() {
        let got = one("William Galvin said the polling location never shut its doors.");
        assert_eq!(
            got.first().map(|g| g.0.as_str()),
            Some("the polling location never shut its doors")
        );
        let got = one("Jack Nicklaus said it’s one of his favorite pictures.");
        assert_eq!(
            got.first().map(|g| g.0.as_str()),
            Some("it’s one of his favorite pictures")
        );
        // An apostrophe before a year opens no quotation.
        let got = one(
            "Rep. Hank Johnson said in ‘08 that white voters had upended every assumption. “I do sense a change,” he said.",
        );
        let words: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            words,
            [
                "white voters had upended every assumption",
                "I do sense a change"
            ]
        );
    }

    #[test]
    fn a_quotation_whose_speaker_is_not_understood_is_kept_with_no_speaker() {
        let text = "The council spokesman was there. Everyone at the hearing was asked to speak. Then came the chair's turn. “We will build the pier and we will pay for it.”";
        let got = suggest(text, &[]);
        let quote = got
            .iter()
            .find(|s| s.kind == SuggestionKind::DirectQuote)
            .expect("the quotation is suggested");
        assert_eq!(quote.speaker, None, "never the spokesman named before");
        assert!(
            quote.reason().contains("speaker left empty"),
            "{}",
            quote.reason()
        );
        // With no verb of saying anywhere near, quoted words are a title or a term.
        assert!(
            one(
                "The exhibition “Harbour Lights of the Northern Coast, 1850 to 1900.” opens today."
            )
            .is_empty()
        );
    }
}
