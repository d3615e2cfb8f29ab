//! Attribution corpora in brat standoff, the layout of PolNeAR (`text/NAME.txt` beside
//! `attributions/NAME_ANNOTATOR.ann`): the attributions, and which of them are statements.
//!
//! A statement is an attribution whose cue is a verb or phrase of saying (said, told,
//! according to, wrote, tweeted, insisted, denied, "in a statement" …): not a thought, a
//! poll, a plan or a wish. [`is_saying`] draws that line; it was drawn on PolNeAR's train
//! split, from the distribution of its cues.
//!
//! Offsets in the `.ann` files count code points (brat is Python), which are factdesk's
//! chars. Nothing of a corpus is copied: it is read where it lies.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::CharRange;

/// One annotated attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// What was attributed, in fragments (a quote interrupted by "he said" has two).
    pub content: Vec<CharRange>,
    /// The cue's words ("said", "according to").
    pub cue: String,
    /// The source's words and fragments, when the annotation names one.
    pub source: Option<(String, Vec<CharRange>)>,
}

/// The spans of one attribution event as read: fragments and words, by role.
type Roles<'a> = (
    Vec<CharRange>,
    Option<&'a str>,
    Option<(&'a str, Vec<CharRange>)>,
);

impl Attribution {
    /// From the content's first char to its last.
    pub fn content_hull(&self) -> Option<CharRange> {
        let start = self.content.iter().map(|r| r.start).min()?;
        let end = self.content.iter().map(|r| r.end).max()?;
        Some(CharRange::new(start, end))
    }
}

/// An article and its attributions.
#[derive(Debug, Clone)]
pub struct Article {
    /// File name without `.txt`.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Its attributions, statements or not.
    pub attributions: Vec<Attribution>,
}

/// Reads every article of a brat folder (`DIR/text`, `DIR/attributions`). An article
/// annotated by several people is read once, with the annotation that agrees most with
/// the others (the medoid: in PolNeAR the first by name is often the outlier).
///
/// # Errors
/// A folder or file that cannot be read, or an annotation whose spans do not fit its text.
pub fn read_folder(dir: &Path) -> Result<Vec<Article>, String> {
    let ann_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    let entries = std::fs::read_dir(&ann_dir).map_err(|e| format!("{}: {e}", ann_dir.display()))?;
    let mut by_article: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        // NAME_ANNOTATOR.ann: the annotator is the last `_` part.
        let name = stem.rsplit_once('_').map_or(stem, |(n, _)| n).to_string();
        by_article.entry(name).or_default().push(path);
    }
    let mut out = Vec::new();
    for (name, mut files) in by_article {
        files.sort();
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path)
            .map_err(|e| format!("{}: {e}", text_path.display()))?;
        let mut versions = Vec::new();
        for f in &files {
            let raw = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            versions.push(parse_ann(&raw));
        }
        let pick = medoid(&versions);
        let (Some(ann), true) = (files.get(pick), pick < versions.len()) else {
            continue;
        };
        let attributions = versions.swap_remove(pick);
        let chars = text.chars().count();
        if let Some(bad) = attributions
            .iter()
            .flat_map(|a| a.content.iter())
            .find(|r| r.end > chars || r.start > r.end)
        {
            return Err(format!(
                "{}: span {}..{} outside a text of {chars} chars",
                ann.display(),
                bad.start,
                bad.end
            ));
        }
        out.push(Article {
            name,
            text,
            attributions,
        });
    }
    Ok(out)
}

/// Of several annotations of one article, the one with the highest mean agreement (F1 of
/// attributions matched by overlapping cues) with the others.
fn medoid(versions: &[Vec<Attribution>]) -> usize {
    if versions.len() < 2 {
        return 0;
    }
    let f1 = |a: &[Attribution], b: &[Attribution]| {
        let matched = a
            .iter()
            .filter(|x| {
                b.iter().any(|y| {
                    x.content_hull()
                        .zip(y.content_hull())
                        .is_some_and(|(p, q)| p.overlaps(q))
                        && x.cue == y.cue
                })
            })
            .count();
        if a.is_empty() && b.is_empty() {
            1.0
        } else {
            2.0 * matched as f64 / (a.len() + b.len()) as f64
        }
    };
    let mut best = (f64::MIN, 0);
    for (i, v) in versions.iter().enumerate() {
        let mean = versions
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, w)| f1(v, w))
            .sum::<f64>()
            / (versions.len() - 1) as f64;
        if mean > best.0 {
            best = (mean, i);
        }
    }
    best.1
}

/// The attributions of one `.ann` file: its `E` lines of type `Attribution` (or
/// `Attribution-no-source`) with their `Content`, `Cue` and `Source` text spans. Lines
/// that are not understood are skipped.
pub fn parse_ann(ann: &str) -> Vec<Attribution> {
    // T id → (fragments, words).
    let mut spans: BTreeMap<&str, (Vec<CharRange>, &str)> = BTreeMap::new();
    let mut events: Vec<&str> = Vec::new();
    for line in ann.lines() {
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(what)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let words = cols.next().unwrap_or_default();
            let Some((_, offsets)) = what.split_once(' ') else {
                continue;
            };
            let fragments: Option<Vec<CharRange>> = offsets
                .split(';')
                .map(|f| {
                    let (a, b) = f.trim().split_once(' ')?;
                    Some(CharRange::new(a.parse().ok()?, b.parse().ok()?))
                })
                .collect();
            if let Some(fragments) = fragments {
                spans.insert(id, (fragments, words));
            }
        } else if id.starts_with('E') && what.starts_with("Attribution") {
            events.push(what);
        }
    }
    let mut out = Vec::new();
    for event in events {
        // Content2 and the like add fragments to the content.
        let mut roles: Roles<'_> = (Vec::new(), None, None);
        for arg in event.split_whitespace().skip(1) {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let Some((fragments, words)) = spans.get(id) else {
                continue;
            };
            match role {
                r if r.starts_with("Content") => roles.0.extend(fragments.iter().copied()),
                r if r.starts_with("Cue") => roles.1 = Some(words),
                r if r.starts_with("Source") => roles.2 = Some((words, fragments.clone())),
                _ => {}
            }
        }
        let (mut content, Some(cue), source) = roles else {
            continue;
        };
        if content.is_empty() {
            continue;
        }
        content.sort();
        out.push(Attribution {
            content,
            cue: cue.to_string(),
            source: source.map(|(w, r)| (w.to_string(), r)),
        });
    }
    out
}

/// Verbs of saying, as lemmas: the head of a cue ("has repeatedly said" → "say").
const SAYING: &[&str] = &[
    "say",
    "tell",
    "write",
    "tweet",
    "add",
    "insist",
    "deny",
    "claim",
    "warn",
    "concede",
    "boast",
    "promise",
    "argue",
    "announce",
    "ask",
    "explain",
    "note",
    "state",
    "reply",
    "respond",
    "answer",
    "retort",
    "counter",
    "rebut",
    "dispute",
    "declare",
    "proclaim",
    "acknowledge",
    "admit",
    "confirm",
    "disclose",
    "assert",
    "contend",
    "maintain",
    "allege",
    "affirm",
    "reiterate",
    "repeat",
    "stress",
    "emphasize",
    "emphasise",
    "observe",
    "remark",
    "comment",
    "mention",
    "recount",
    "recall",
    "describe",
    "call",
    "suggest",
    "predict",
    "vow",
    "pledge",
    "swear",
    "assure",
    "reassure",
    "inform",
    "remind",
    "joke",
    "quip",
    "complain",
    "lament",
    "testify",
    "report",
    "quote",
    "post",
    "conclude",
    "echo",
    "caution",
    "advise",
    "apologize",
    "apologise",
    "brag",
    "scoff",
    "exclaim",
    "yell",
    "shout",
    "whisper",
];

/// Phrases of saying, matched anywhere in a cue.
const SAYING_PHRASES: &[&str] = &[
    "according to",
    "go on to say",
    "point out",
    "put it",
    "make clear",
    "in a statement",
    "in an interview",
    "in a tweet",
    "in a post",
    "in a letter",
    "in a speech",
    "in an email",
    "in remarks",
    "saying",
    "statement",
];

/// Cues that look like saying and are not ("called for", "declined to", "asked for").
const NOT_SAYING: &[&str] = &[
    "call for",
    "call on",
    "call into",
    "decline to",
    "refuse to",
    "ask for",
    "continue to",
    "point to",
    "so call",
];

/// Words before a cue's head that are not the head ("has also said", "would later tell").
const BEFORE_HEAD: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "will",
    "would",
    "could",
    "can",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "did",
    "do",
    "does",
    "also",
    "later",
    "then",
    "again",
    "previously",
    "recently",
    "publicly",
    "repeatedly",
    "often",
    "once",
    "just",
    "still",
    "already",
    "even",
    "further",
    "privately",
    "openly",
    "frequently",
    "now",
    "first",
    "ever",
    "initially",
    "flatly",
    "explicitly",
    "directly",
    "simply",
    "strongly",
    "widely",
    "falsely",
    "wrongly",
    "correctly",
    "famously",
    "loudly",
    "proudly",
    "angrily",
    "sharply",
    "bluntly",
    "candidly",
    "frankly",
    "plainly",
    "clearly",
    "to",
    "'s",
    "'ve",
    "'d",
    "'ll",
    "a",
    "an",
    "the",
    "his",
    "her",
    "their",
    "its",
    "who",
];

/// Forms no suffix rule finds.
const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("tells", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("read", "read"),
    ("quipped", "quip"),
    ("bragged", "brag"),
    ("rebutted", "rebut"),
    ("admitted", "admit"),
    ("testified", "testify"),
    ("replied", "reply"),
    ("denied", "deny"),
];

/// Candidate lemmas of an English verb form: "argued" → argu, argue; "denies" → deny.
fn lemmas(word: &str) -> Vec<String> {
    if let Some((_, l)) = IRREGULAR.iter().find(|(w, _)| *w == word) {
        return vec![(*l).to_string()];
    }
    let mut out = vec![word.to_string()];
    let mut push = |stem: &str, add: &str| {
        if stem.len() >= 2 {
            out.push(format!("{stem}{add}"));
        }
    };
    if let Some(s) = word.strip_suffix("ied") {
        push(s, "y");
    }
    if let Some(s) = word.strip_suffix("ies") {
        push(s, "y");
    }
    if let Some(s) = word.strip_suffix("ed") {
        push(s, "");
        push(s, "e");
    }
    if let Some(s) = word.strip_suffix("ing") {
        push(s, "");
        push(s, "e");
    }
    if let Some(s) = word.strip_suffix("es") {
        push(s, "");
    }
    if let Some(s) = word.strip_suffix('s') {
        push(s, "");
    }
    out
}

fn cue_words(cue: &str) -> Vec<String> {
    cue.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn has_phrase(words: &[String], phrase: &str) -> bool {
    let want: Vec<&str> = phrase.split(' ').collect();
    words.windows(want.len()).any(|w| {
        w.iter()
            .zip(&want)
            .all(|(a, b)| a == b || lemmas(a).iter().any(|l| l == b))
    })
}

/// True when a cue is a verb or phrase of saying: "said", "has repeatedly told",
/// "according to", "in a statement"; not "thinks", "wants", "did not say" or "called for".
pub fn is_saying(cue: &str) -> bool {
    let words = cue_words(cue);
    if cue.trim() == ":" {
        // A headline's colon: "Ryan: the decision defies explanation".
        return true;
    }
    if NOT_SAYING.iter().any(|p| has_phrase(&words, p)) {
        return false;
    }
    let mut head = None;
    for w in &words {
        if matches!(w.as_str(), "not" | "never" | "no") || w.ends_with("n't") {
            return false;
        }
        if !BEFORE_HEAD.contains(&w.as_str()) {
            head = Some(w);
            break;
        }
    }
    if head.is_some_and(|h| lemmas(h).iter().any(|l| SAYING.contains(&l.as_str()))) {
        return true;
    }
    SAYING_PHRASES.iter().any(|p| has_phrase(&words, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_of_saying_and_not() {
        for cue in [
            "said",
            "has repeatedly said",
            "told reporters",
            "according to",
            "wrote on Twitter",
            "tweeted",
            "insisted",
            "denied",
            "would later claim",
            "in a statement",
            "issued a statement saying",
            "argued",
            "testified",
            "replied",
            ":",
        ] {
            assert!(is_saying(cue), "{cue}");
        }
        for cue in [
            "thinks",
            "believes",
            "wants",
            "figures",
            "did not say",
            "never told",
            "called for",
            "declined to",
            "hopes",
            "poll",
            "plans",
        ] {
            assert!(!is_saying(cue), "{cue}");
        }
    }

    #[test]
    fn an_annotation_file_gives_its_attributions() {
        let ann = "T1\tSource 0 4\tLind\nT2\tCue 5 9\tsaid\nT3\tContent 10 20;25 30\tthe pier w…\n\
                   T4\tAttribution 5 9\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
                   T5\tCue 40 46\tthinks\nT6\tContent 47 50\tso\nT7\tAttribution 40 46\tthinks\n\
                   E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n#1\tAnnotatorNotes T1\tnote\nbroken line";
        let got = parse_ann(ann);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].content,
            vec![CharRange::new(10, 20), CharRange::new(25, 30)]
        );
        assert_eq!(got[0].content_hull(), Some(CharRange::new(10, 30)));
        assert_eq!(got[0].cue, "said");
        assert_eq!(
            got[0].source,
            Some(("Lind".to_string(), vec![CharRange::new(0, 4)]))
        );
        assert_eq!(got[1].source, None);
        assert_eq!(got[1].cue, "thinks");
    }
}
