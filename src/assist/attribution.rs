//! Who said it: the attributions of a sentence ("X said", "said X", "according to X",
//! "X told reporters", passives), found by walking the words around the verb of saying.

use super::segment::{Doc, Kind, Sentence};
use super::speaker::Mention;
use super::*;

/// How an attribution names its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
    /// "… ,” said Lind".
    Inverted,
    /// "Lind said".
    Subject,
    /// "according to Lind".
    AccordingTo,
    /// "described as … by police".
    By,
}

#[derive(Debug, Clone)]
pub(super) struct Attribution {
    pub(super) mention: Mention,
    pub(super) np_start: usize,
    /// The verb's token index in the sentence.
    pub(super) verb_idx: usize,
    /// The token index where the noun phrase ends (exclusive) or starts, for clauses.
    pub(super) np_tokens: (usize, usize),
    /// The chars of the words that name the speaker ("Lind", "the ministry", "she").
    pub(super) np_range: CharRange,
    pub(super) how: How,
    pub(super) cue: String,
}

impl Attribution {
    pub(super) fn new(
        s: &Sentence,
        mention: Mention,
        np: (usize, usize),
        verb_idx: usize,
        how: How,
        cue: String,
    ) -> Self {
        let np_range = np_chars(s, np);
        Self {
            mention,
            np_start: np_range.start,
            verb_idx,
            np_tokens: np,
            np_range,
            how,
            cue,
        }
    }
}

/// The chars of the tokens `np.0..np.1` of a sentence.
pub(super) fn np_chars(s: &Sentence, np: (usize, usize)) -> CharRange {
    let start = tok_start(s, np.0);
    let end =
        np.1.checked_sub(1)
            .and_then(|i| s.tokens.get(i))
            .map_or(start, |t| t.end.max(start));
    CharRange::new(start, end)
}

pub(super) fn word_count(doc: &Doc, (s, e): (usize, usize)) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for i in s..e {
        let w = doc.at(i).is_some_and(char::is_alphanumeric);
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// The quote's words without the comma and spaces at its edges ("…justice," → "…justice").
pub(super) fn trim_inner(doc: &Doc, (mut s, mut e): (usize, usize)) -> (usize, usize) {
    while s < e && doc.at(s).is_some_and(char::is_whitespace) {
        s += 1;
    }
    while e > s
        && doc
            .at(e - 1)
            .is_some_and(|c| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
    {
        e -= 1;
    }
    (s, e)
}

pub(super) fn low<'a>(doc: &'a Doc, s: &Sentence, i: usize) -> &'a str {
    s.tokens.get(i).map_or("", |t| doc.low(*t))
}

pub(super) fn is_word(s: &Sentence, i: usize) -> bool {
    s.tokens.get(i).is_some_and(|t| t.kind == Kind::Word)
}

pub(super) fn is_punct(s: &Sentence, i: usize, c: char) -> bool {
    s.tokens.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
}

/// True when a comma ends what stands before token `i`: a comma, or a quotation whose
/// last mark is one ("“New York values,” saying …").
pub(super) fn comma_before(doc: &Doc, s: &Sentence, i: usize) -> bool {
    i > 0
        && (is_punct(s, i - 1, ',')
            || s.tokens.get(i - 1).is_some_and(|t| {
                matches!(t.kind, Kind::Quote(_))
                    && doc
                        .text(t.start, t.end)
                        .trim_end_matches(['"', '\u{201d}', '\''])
                        .ends_with(',')
            }))
}

pub(super) fn is_quote(s: &Sentence, i: usize) -> bool {
    s.tokens
        .get(i)
        .is_some_and(|t| matches!(t.kind, Kind::Quote(_)))
}

/// A quotation that names something: a title after "the book", a nickname after
/// "dubbed", a scare-quoted term after "so-called".
pub(super) fn is_title(doc: &Doc, s: &Sentence, qi: usize) -> bool {
    let Some(prev) = qi.checked_sub(1) else {
        return false;
    };
    let w = low(doc, s, prev);
    let q = s.tokens.get(qi).copied();
    if let Some(q) = q {
        let words: Vec<String> = doc
            .text(q.start, q.end)
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let small = ["of", "the", "and", "a", "an", "in", "on", "for", "to", "at"];
        let title_case = words.len() <= 4
            && words
                .iter()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || small.contains(&w.as_str())
            });
        // "a program … called “Learning Together”" names it; "Trump called it “Fake News”"
        // says something.
        let naming = matches!(w, "called" | "named" | "dubbed" | "titled" | "entitled")
            && !matches!(
                low(doc, s, prev.wrapping_sub(1)),
                "it" | "them" | "him" | "her" | "this" | "that" | "they" | "he" | "she"
            );
        if title_case && ((!lexicon::is_speech_verb(w) && w != "as") || naming) {
            // “Learning Together”, “Harbour Lights”: a name or a title.
            return true;
        }
    }
    let question = s
        .tokens
        .get(qi)
        .is_some_and(|t| doc.at(t.end.saturating_sub(2)) == Some('?'));
    (w == "asked" && question)
        || w == "so-called"
        || (lexicon::is_title_cue(w) && !lexicon::is_speech_verb(w))
}

/// The noun phrase that ends just before token `end` (exclusive): names, titles, roles and
/// possessives, or an apposition closed by a comma ("Nancy Pelosi, the Speaker of the
/// House," / "the company's chief executive, Anna Berg,").
pub(super) fn np_before(doc: &Doc, s: &Sentence, end: usize) -> Option<(usize, usize)> {
    // "Mark Holden, chairman of the board of Freedom Partners, the network's funding arm,
    // said": a name opens the sentence and appositions run up to the verb. The speaker is
    // the name; the appositions are its role (the nearest noun, "arm" or "Davis", is not).
    if end > 1
        && is_punct(s, end - 1, ',')
        && let Some(lead) = leading_np(doc, s)
        && is_punct(s, lead.1, ',')
        && lead.1 + 1 < end - 1
        && end - lead.1 <= 25
        && !(lead.1..end - 1).any(|i| {
            // A verb of its own (an auxiliary, a past tense) makes it a clause, not an
            // apposition; capitalised words are names.
            s.tokens.get(i).is_some_and(|t| !doc.is_cap(*t)) && clause_has_verb(doc, s, i, i + 1)
        })
        && !(lead.1..end).any(|i| is_quote(s, i) || low(doc, s, i) == "who")
        && matches!(
            mention_of(doc, s, lead),
            Some(Mention::Name { org: false, .. })
        )
    {
        return Some((lead.0, end - 1));
    }
    // "Thomas Gray, 24, who …": an age between commas.
    if end >= 3
        && is_punct(s, end - 1, ',')
        && matches!(s.tokens.get(end - 2).map(|t| t.kind), Some(Kind::Number))
        && is_punct(s, end - 3, ',')
    {
        return walk_back(doc, s, end - 3);
    }
    // "A U.S. law enforcement official familiar with the investigation said", "people close
    // to the campaign said": the speaker is the noun before the qualifier (the qualifier is
    // not part of the speaker's name).
    if let Some(q) = (end.saturating_sub(10)..end).rev().find(|i| {
        matches!(
            (low(doc, s, *i), low(doc, s, i + 1)),
            ("familiar", "with")
                | ("close", "to")
                | ("briefed", "on")
                | ("involved", "in")
                | ("with", "knowledge")
        )
    }) && (q..end).all(|i| is_word(s, i))
        && let Some(head) = walk_back(doc, s, q)
    {
        let whole = (head.0, end);
        return Some(if mention_of(doc, s, whole).is_some() {
            whole
        } else {
            head
        });
    }
    if end > 0 && is_punct(s, end - 1, ',') {
        let inner = walk_back(doc, s, end - 1)?;
        let open = inner.0.checked_sub(1).filter(|c| is_punct(s, *c, ','));
        return match open.and_then(|o| walk_back(doc, s, o)) {
            Some(head) => Some((head.0, end - 1)),
            // "The other, Anders Kvist, said": the apposition alone.
            None => Some(inner),
        };
    }
    walk_back(doc, s, end)
}

pub(super) fn walk_back(doc: &Doc, s: &Sentence, end: usize) -> Option<(usize, usize)> {
    let mut j = end;
    let mut start = end;
    let mut words = 0;
    while j > 0 {
        let k = j - 1;
        let Some(t) = s.tokens.get(k) else { break };
        match t.kind {
            Kind::Word => {
                let w = doc.low(*t);
                let cap = doc.is_cap(*t);
                if words == 0 && lexicon::is_pronoun(w) {
                    return Some((k, end));
                }
                let ok = if cap {
                    !lexicon::is_not_name_cap(w)
                } else {
                    lexicon::is_role_word(w)
                        || lexicon::is_org_noun(w)
                        || lexicon::is_document_noun(w)
                        || lexicon::is_people_noun(w)
                        || (words > 0
                            && [
                                "of", "the", "for", "to", "in", "at", "and", "a", "an", "&", "bin",
                                "al", "de", "van", "von", "da", "del", "la", "le", "ibn",
                                "current", "then", "new", "interim", "outgoing", "incoming",
                                "longtime", "own", "local", "top", "lead", "some", "several",
                                "many", "most", "few", "both", "other", "two", "three", "one",
                            ]
                            .contains(&w))
                        || w.ends_with("'s")
                };
                if !ok {
                    if words == 0
                        && !cap
                        && let Some(det) = described_from(doc, s, k)
                    {
                        // "the actress said", "some advocates said": a description.
                        return Some((det, end));
                    }
                    break;
                }
                words += 1;
                start = k;
                j = k;
                if words > 14 {
                    break;
                }
            }
            Kind::Punct('.')
                if k > 0
                    && s.tokens
                        .get(k - 1)
                        .is_some_and(|p| p.end == t.start && is_abbrev(doc.low(*p))) =>
            {
                j = k;
            }
            Kind::Punct(')') => {
                // "the Syrian Democratic Forces (SDF)": skip the bracket.
                match (0..k).rev().find(|i| is_punct(s, *i, '(')) {
                    Some(o) if k - o <= 4 => j = o,
                    _ => break,
                }
            }
            _ => break,
        }
    }
    // Do not start on a connector.
    while start < end && ["of", "and", "for", "to", "in", "at"].contains(&low(doc, s, start)) {
        start += 1;
    }
    // "the rights group", "the billionaire real estate magnate": plain words before the
    // head, back to their determiner.
    if words > 0
        && start > 0
        && !doc.is_cap(*s.tokens.get(start)?)
        && let Some(det) = described_from(doc, s, start - 1)
        && (det..start).all(|i| s.tokens.get(i).is_some_and(|t| !doc.is_cap(*t)))
    {
        start = det;
    }
    (start < end && words > 0).then_some((start, end))
}

/// Where a description of someone opens, when token `head` (a lower-case noun right
/// before a verb) ends one: a determiner or quantifier ("the", "some", "another") at most
/// three plain lower-case words before it.
fn described_from(doc: &Doc, s: &Sentence, head: usize) -> Option<usize> {
    let plain = |i: usize| {
        s.tokens.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && !doc.is_cap(*t)
                && doc.low(*t).chars().all(|c| c.is_alphabetic() || c == '-')
        })
    };
    if !plain(head) || doc.low(*s.tokens.get(head)?).len() < 3 {
        return None;
    }
    let w = low(doc, s, head);
    if lexicon::is_pronoun(w)
        || lexicon::is_time_word(w)
        || w.ends_with("ly")
        || matches!(
            w,
            "and"
                | "but"
                | "or"
                | "nor"
                | "that"
                | "which"
                | "who"
                | "whom"
                | "then"
                | "also"
                | "not"
                | "never"
                | "have"
                | "has"
                | "had"
                | "was"
                | "were"
                | "are"
                | "is"
                | "this"
                | "these"
                | "those"
                | "there"
                | "here"
                | "yet"
                | "still"
                | "both"
                | "all"
        )
    {
        return None;
    }
    let opens = |head: usize| {
        (head.saturating_sub(4)..head).rev().find(|i| {
            matches!(
                low(doc, s, *i),
                "the"
                    | "a"
                    | "an"
                    | "some"
                    | "many"
                    | "several"
                    | "one"
                    | "another"
                    | "most"
                    | "few"
                    | "both"
            ) && (i + 1..head).all(plain)
        })
    };
    let mut det = opens(head)?;
    // "a man at the back", "some advocates for stem cell research": the description is
    // the outer noun phrase, its head before the preposition.
    while det >= 2
        && matches!(
            low(doc, s, det - 1),
            "at" | "of" | "for" | "in" | "from" | "with" | "on" | "near" | "outside" | "inside"
        )
        && plain(det - 2)
        && let Some(outer) = opens(det - 1)
    {
        det = outer;
    }
    // The head: the noun before the first preposition ("man" in "a man at the back").
    let head_noun = (det + 1..=head)
        .find(|i| {
            matches!(
                low(doc, s, i + 1),
                "at" | "of" | "for" | "in" | "from" | "with" | "on" | "near" | "outside" | "inside"
            )
        })
        .unwrap_or(head);
    let capped_before = det > 0 && s.tokens.get(det - 1).is_some_and(|t| doc.is_cap(*t));
    (!capped_before && person_like(low(doc, s, head_noun))).then_some(det)
}

/// A noun that can name people by what they do or are ("actress", "supporter",
/// "resident", "advocates", "groups"), by its ending, or a plural; not a thing that
/// happens to end the same way ("deck", "redevelopment", "letter", "figures").
pub(in crate::assist) fn person_like(noun: &str) -> bool {
    const THINGS: &[&str] = &[
        "letter",
        "paper",
        "number",
        "matter",
        "order",
        "center",
        "centre",
        "corner",
        "border",
        "chapter",
        "quarter",
        "summer",
        "winter",
        "power",
        "water",
        "cover",
        "tower",
        "computer",
        "poster",
        "banner",
        "filter",
        "folder",
        "register",
        "trailer",
        "flier",
        "flyer",
        "door",
        "floor",
        "error",
        "sector",
        "factor",
        "motor",
        "mirror",
        "color",
        "colour",
        "honor",
        "event",
        "incident",
        "accident",
        "content",
        "extent",
        "intent",
        "percent",
        "element",
        "talent",
        "restaurant",
        "plant",
        "grant",
        "initiative",
        "incentive",
        "alternative",
        "narrative",
        "objective",
        "figures",
        "numbers",
        "results",
        "data",
        "records",
        "polls",
        "surveys",
        "reports",
        "documents",
        "emails",
        "papers",
        "files",
        "statistics",
        "estimates",
        "news",
        "series",
        "rules",
        "laws",
        "plans",
        "talks",
        "terms",
        "words",
        "headlines",
        "comments",
        "remarks",
        "ads",
        "signs",
        "messages",
        "tweets",
        "posts",
        "letters",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "times",
        "others",
        "things",
        "ones",
        "costs",
        "prices",
    ];
    if THINGS.contains(&noun) || noun.ends_with("ment") || noun.ends_with("ness") {
        return false;
    }
    let plural = noun.ends_with('s') && !noun.ends_with("ss") && !noun.ends_with("us");
    plural
        || [
            "er",
            "or",
            "ist",
            "ess",
            "ant",
            "ent",
            "ian",
            "man",
            "woman",
            "person",
            "people",
            "ee",
            "ive",
            "crowd",
            "family",
            "couple",
            "group",
            "network",
            "team",
            "source",
            "magnate",
            "candidate",
            "delegate",
            "advocate",
            "graduate",
            "associate",
            "surrogate",
            "diplomat",
            "democrat",
            "official",
            "insider",
            "aide",
            "spouse",
            "tycoon",
            "chief",
        ]
        .iter()
        .any(|e| noun.ends_with(e))
}

/// Skips a parenthetical clause before a verb ("McGurk, who was …, criticized"): returns
/// the index just after the subject.
pub(super) fn skip_parenthetical_back(doc: &Doc, s: &Sentence, mut j: usize) -> usize {
    loop {
        while j > 0 && is_word(s, j - 1) && lexicon::skips_before_verb(low(doc, s, j - 1)) {
            j -= 1;
        }
        if j == 0 || !is_punct(s, j - 1, ',') {
            return j;
        }
        // Find the opening comma of "…, who was …," or "…, also on Twitter,".
        let close = j - 1;
        // "Gabe Sorensen, who runs a chain of bakeries in Columbus, Ohio, posted": a
        // relative clause may hold commas of its own.
        // ("Marco Rubio, whose hometown, Miami, is projected to be … , argues": long.)
        if let Some(rel) = (close.saturating_sub(40)..close).rev().find(|i| {
            is_punct(s, *i, ',') && matches!(low(doc, s, *i + 1), "who" | "which" | "whose")
        }) {
            j = rel;
            continue;
        }
        let Some(open) = (close.saturating_sub(22)..close)
            .rev()
            .find(|i| is_punct(s, *i, ','))
        else {
            return j;
        };
        let first = low(doc, s, open + 1);
        let relative = [
            "who",
            "which",
            "whose",
            "also",
            "speaking",
            "writing",
            "in",
            "on",
            "at",
            "during",
            "after",
            "when",
            "while",
            "however",
            "too",
            "meanwhile",
            "though",
            "earlier",
            "later",
            "for",
            "like",
            "as",
        ]
        .contains(&first);
        // An apposition ("Lind, the chair,") belongs to the subject; any other clause
        // between commas ("Lind, asked whether …,") is skipped.
        let apposition = walk_back(doc, s, close).is_some_and(|(a, _)| a == open + 1);
        if apposition && !relative {
            return j;
        }
        j = open;
    }
}

/// The noun phrase that starts at token `start`, walking forward.
pub(super) fn np_after(doc: &Doc, s: &Sentence, start: usize) -> Option<(usize, usize)> {
    // "62-year-old Brenda Johnson": an age before the name is not part of it.
    let age = if matches!(s.tokens.get(start).map(|t| t.kind), Some(Kind::Number))
        && is_punct(s, start + 1, '-')
        && low(doc, s, start + 2) == "year-old"
    {
        3
    } else {
        usize::from(low(doc, s, start).ends_with("-year-old"))
    };
    let start = if age > 0 && s.tokens.get(start + age).is_some_and(|t| doc.is_cap(*t)) {
        start + age
    } else {
        start
    };
    let mut j = start;
    let mut words = 0;
    let mut end = start;
    while let Some(t) = s.tokens.get(j) {
        match t.kind {
            Kind::Word => {
                let w = doc.low(*t);
                let cap = doc.is_cap(*t);
                let ok = cap
                    && !(words == 0 && lexicon::is_not_name_cap(w) && !lexicon::is_pronoun(w))
                    || lexicon::is_role_word(w)
                    || lexicon::is_org_noun(w)
                    || (["the", "a", "an"].contains(&w) && words == 0)
                    || (words > 0
                        && [
                            "of", "the", "for", "in", "at", "and", "&", "bin", "al", "de", "van",
                            "von", "da", "del", "la", "le",
                        ]
                        .contains(&w))
                    || w.ends_with("'s")
                    || (words == 0 && lexicon::is_pronoun(w));
                if !ok {
                    break;
                }
                words += 1;
                j += 1;
                if !["of", "the", "for", "in", "at", "and", "a", "an"].contains(&w) {
                    end = j;
                }
                if words == 1 && lexicon::is_pronoun(w) {
                    return Some((start, end));
                }
                if words > 14 {
                    break;
                }
            }
            Kind::Punct('.')
                if j > 0
                    && s.tokens
                        .get(j - 1)
                        .is_some_and(|p| p.end == t.start && is_abbrev(doc.low(*p)))
                    && s.tokens.get(j + 1).is_some_and(|n| doc.is_cap(*n)) =>
            {
                j += 1;
            }
            Kind::Punct('(') => {
                let close = (j..(j + 5).min(s.tokens.len())).find(|i| is_punct(s, *i, ')'));
                match close {
                    Some(c) => {
                        j = c + 1;
                        end = j;
                    }
                    None => break,
                }
            }
            Kind::Punct(',') if words > 0 => {
                // "said Lind, the harbour chair," or "according to the mayor, Dee Margo,":
                // take the apposition when a name or a "the …" role follows.
                let next = low(doc, s, j + 1);
                let next_cap = s.tokens.get(j + 1).is_some_and(|t| doc.is_cap(*t))
                    && !lexicon::is_not_name_cap(next);
                if (next == "the" || next_cap) && !matches!(next, "who" | "which") {
                    let save = (j, end, words);
                    j += 1;
                    let mut inner = 0;
                    while let Some(t) = s.tokens.get(j) {
                        if t.kind != Kind::Word {
                            break;
                        }
                        let w = doc.low(*t);
                        let ok = doc.is_cap(*t)
                            || lexicon::is_role_word(w)
                            || ["of", "the", "for", "in", "and"].contains(&w)
                            || w.ends_with("'s");
                        if !ok {
                            break;
                        }
                        j += 1;
                        inner += 1;
                    }
                    let closed = s
                        .tokens
                        .get(j)
                        .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '.' | ';' | ':' | ')')));
                    if inner > 0 && inner < 10 && closed {
                        end = j;
                        words += inner;
                        continue;
                    }
                    (_, end, words) = save;
                }
                break;
            }
            _ => break,
        }
    }
    (words > 0 && end > start).then_some((start, end))
}

pub(super) fn is_abbrev(w: &str) -> bool {
    lexicon::is_abbreviation(w) || w.contains('.')
}

pub(super) fn mention_of(doc: &Doc, s: &Sentence, (a, b): (usize, usize)) -> Option<Mention> {
    let toks = s.tokens.get(a..b)?;
    let m = speaker::parse(&speaker::words(doc, toks))?;
    Some(m)
}

pub(super) fn tok_start(s: &Sentence, i: usize) -> usize {
    s.tokens.get(i).map_or(s.start, |t| t.start)
}

/// Every attribution in a sentence: speech verbs with their subject (before the verb or,
/// inverted, after it), "according to X", and "… by X".
pub(super) fn attributions(doc: &Doc, s: &Sentence) -> Vec<Attribution> {
    let mut out = Vec::new();
    let has_quote = s.tokens.iter().any(|t| matches!(t.kind, Kind::Quote(_)));
    for (k, t) in s.tokens.iter().enumerate() {
        if t.kind != Kind::Word {
            continue;
        }
        let w = doc.low(*t);
        if k > 0 && doc.is_cap(*t) {
            // "the United States": a capitalised word mid-sentence is a name, not a verb.
            continue;
        }
        if w == "according" && low(doc, s, k + 1) == "to" {
            let mut from = k + 2;
            // "according to a statement released by X", "data from X", "a spokesperson for X".
            let upto = (from + 8).min(s.tokens.len());
            if let Some(by) =
                (from..upto).find(|i| ["by", "from", "for", "of"].contains(&low(doc, s, *i)))
            {
                // "figures published by X", "a statement released by X", "data from X".
                let source = (from..by)
                    .filter(|i| is_word(s, *i))
                    .map(|i| low(doc, s, i))
                    .any(|w| {
                        lexicon::is_document_noun(w)
                            || matches!(
                                w,
                                "spokesperson"
                                    | "spokesman"
                                    | "spokeswoman"
                                    | "figures"
                                    | "data"
                                    | "analysis"
                                    | "estimates"
                                    | "reports"
                            )
                    });
                if source {
                    from = by + 1;
                }
            }
            // "according to a preliminary incident report Lumora published": the
            // publisher named right after the document.
            if let Some(doc_noun) =
                (from..upto).find(|i| lexicon::is_document_noun(low(doc, s, *i)))
                && s.tokens.get(doc_noun + 1).is_some_and(|t| doc.is_cap(*t))
                && !(from..doc_noun).any(|i| s.tokens.get(i).is_some_and(|t| doc.is_cap(*t)))
            {
                from = doc_noun + 1;
            }
            let named =
                np_after(doc, s, from).and_then(|np| mention_of(doc, s, np).map(|m| (np, m)));
            let described = || {
                let np = described_np_after(doc, s, from)?;
                mention_of(doc, s, np)
                    .or_else(|| document_source(doc, s, np))
                    .map(|m| (np, m))
            };
            if let Some((np, m)) = named.or_else(described) {
                out.push(Attribution::new(
                    s,
                    m,
                    np,
                    k,
                    How::AccordingTo,
                    "according to".into(),
                ));
            }
            continue;
        }
        // "he jokes", "Lind quips": after a pronoun or a name, a noun-like form is a verb.
        let after_subject = k > 0
            && s.tokens.get(k - 1).is_some_and(|p| {
                p.kind == Kind::Word
                    && (matches!(doc.low(*p), "he" | "she" | "they" | "i" | "we")
                        || (doc.is_cap(*p) && k > 1))
            });
        let speech = lexicon::is_speech_verb(w)
            || (after_subject && lexicon::is_speech_verb_after_subject(w))
            // "as Milbank puts it", "as the prosecutor put it".
            || (matches!(w, "put" | "puts") && low(doc, s, k + 1) == "it");
        let stance = !speech
            && lexicon::is_stance_verb(w)
            && has_quote
            && (k + 1..(k + 8).min(s.tokens.len())).any(|i| is_quote(s, i));
        if !speech && !stance {
            continue;
        }
        // Words used as nouns or adjectives ("a report", "the said"): a verb follows a
        // subject or a quote, or starts an inverted attribution.
        if [
            "call",
            "calls",
            "report",
            "reports",
            "post",
            "posts",
            "note",
            "notes",
            "state",
            "states",
            "claim",
            "claims",
            "answer",
            "tweet",
            "tweets",
            "comment",
            "estimate",
            "estimates",
            "promise",
            "vow",
            "cut",
        ]
        .contains(&w)
            && k > 0
            && [
                "the", "a", "an", "his", "her", "their", "its", "this", "that",
            ]
            .contains(&low(doc, s, k - 1))
        {
            continue;
        }
        // "his home state": "state" is a verb only where a verb goes ("to state", "they
        // state", "would state").
        if w == "state"
            && !matches!(
                low(doc, s, k.wrapping_sub(1)),
                "to" | "will"
                    | "would"
                    | "can"
                    | "could"
                    | "should"
                    | "must"
                    | "may"
                    | "might"
                    | "did"
                    | "not"
                    | "they"
                    | "we"
                    | "i"
                    | "you"
                    | "also"
            )
        {
            continue;
        }
        let before = skip_parenthetical_back(doc, s, k);
        let after_quote = before > 0
            && (is_quote(s, before - 1)
                || (is_punct(s, before - 1, ',') && before >= 2 && is_quote(s, before - 2)));
        if w == "quoted"
            && let Some(np) = np_after(doc, s, k + 1)
            && low(doc, s, np.1) == "as"
            && let Some(m) = mention_of(doc, s, np)
        {
            // "…,” the statement quoted chief executive Graham Pike as saying.
            out.push(Attribution::new(
                s,
                m,
                np,
                k,
                How::Inverted,
                "quoted as saying".into(),
            ));
            continue;
        }
        // "CLAUSE, said Lind." / "CLAUSE, said Dante Scala, a professor at …": inverted
        // after a comma when the speaker ends the sentence or an appositive follows.
        let after_comma = before > 0 && is_punct(s, before - 1, ',');
        let closes = |np: (usize, usize)| {
            s.tokens
                .get(np.1)
                .is_none_or(|t| matches!(t.kind, Kind::Punct('.' | ',' | '!' | '?' | ')' | ';')))
        };
        // "said the man who built his career …", "says a narrator", "said the second
        // official": a description after the verb.
        let inverted = || {
            np_after(doc, s, k + 1)
                .and_then(|np| mention_of(doc, s, np).map(|m| (np, m)))
                .or_else(|| {
                    let np = described_np_after(doc, s, k + 1)?;
                    mention_of(doc, s, np).map(|m| (np, m))
                })
        };
        // "…,” he said, telling CNBC": the one told is the listener, not the speaker.
        if lexicon::is_invertible(w)
            && !matches!(w, "told" | "tell" | "tells" | "telling")
            && let Some((np, m)) = inverted()
            && (after_quote || before == 0 || (after_comma && closes(np)))
        {
            out.push(Attribution::new(
                s,
                m,
                np,
                k,
                How::Inverted,
                format!(
                    "{w} {}",
                    doc.text(
                        tok_start(s, np.0),
                        s.tokens.get(np.1 - 1).map_or(0, |t| t.end)
                    )
                ),
            ));
            continue;
        }
        let prev = low(doc, s, before.saturating_sub(1));
        let passive = k > 0
            && ["was", "were", "been", "be", "is", "are", "being"].contains(&low(doc, s, k - 1));
        if passive && let Some(a) = by_agent(doc, s, k, w) {
            // "who was described as “knife-obsessed” by the police".
            out.push(a);
            continue;
        }
        let participle = w.ends_with("ing") && comma_before(doc, s, before);
        if participle && let Some(last) = out.last().cloned() {
            // "…,” she said, asking Cengiz to be “patient”": the same speaker.
            out.push(Attribution {
                verb_idx: k,
                cue: w.to_string(),
                ..last
            });
            continue;
        }
        let subject = if prev == "who" && before > 1 {
            // "tour manager Thomas Gray, 24, who cited …": the noun before "who".
            np_before(doc, s, before - 1)
        } else if participle {
            // "Carson said he saw no need to change his campaign, telling …": the one who
            // tells is the sentence's subject, not the noun before the comma.
            leading_np(doc, s)
        } else {
            np_before(doc, s, before)
        };
        let subject = subject.or_else(|| {
            // "… opposed the withdrawal and said …", "…, stating, “…”": the sentence's subject.
            (before > 0 && (prev == "and" || prev == "but" || participle))
                .then(|| leading_np(doc, s))
                .flatten()
        });
        // A description no word list knows ("the actress") speaks only as the verb's own
        // subject, right before it: not as a sentence's subject reached over a participle
        // or a conjunction ("the nomination …, saying …").
        // "a response saying …", "a sign reading …": a noun right before an -ing form
        // carries the words; it is not who said them.
        let adjacent = subject.is_some_and(|np| np.1 == before) && !w.ends_with("ing");
        if let Some(np) = subject
            && let Some(m) = mention_of(doc, s, np)
            && (adjacent
                || !matches!(
                    m,
                    Mention::Role {
                        described: true,
                        ..
                    }
                ))
        {
            out.push(Attribution::new(s, m, np, k, How::Subject, w.to_string()));
            continue;
        }
        if let Some(a) = by_agent(doc, s, k, w) {
            out.push(a);
        }
    }
    out
}

/// "described as “…” by police": the agent after "by".
pub(super) fn by_agent(doc: &Doc, s: &Sentence, k: usize, w: &str) -> Option<Attribution> {
    let by = (k + 1..(k + 6).min(s.tokens.len())).find(|i| low(doc, s, *i) == "by")?;
    let np = np_after(doc, s, by + 1)?;
    let m = mention_of(doc, s, np)?;
    Some(Attribution::new(s, m, np, k, How::By, format!("{w} by")))
}

/// The noun phrase a sentence opens with, after an opening adverbial clause.
pub(super) fn leading_np(doc: &Doc, s: &Sentence) -> Option<(usize, usize)> {
    // "WASHINGTON — Sen. Bernie Sanders …", "PARIS (AP) — …": a dateline is no subject.
    if let Some(dash) = (1..s.tokens.len().min(8)).find(|i| {
        s.tokens
            .get(*i)
            .is_some_and(|t| matches!(t.kind, Kind::Punct('—' | '–')))
    }) && (0..dash).all(|i| {
        s.tokens.get(i).is_some_and(|t| match t.kind {
            Kind::Word => doc.text(t.start, t.end).chars().all(|c| !c.is_lowercase()),
            Kind::Punct(_) | Kind::Number => true,
            Kind::Quote(_) => false,
        })
    }) {
        let rest = Sentence {
            tokens: s.tokens.get(dash + 1..)?.to_vec(),
            ..s.clone()
        };
        return leading_np(doc, &rest).map(|(a, b)| (a + dash + 1, b + dash + 1));
    }
    let first = low(doc, s, 0);
    // "Walking to the next address, Ebeling …": a participle opens the sentence (a name
    // ending in -ing, "Manning said", is followed by its verb).
    let second = low(doc, s, 1);
    let participle = first.ends_with("ing")
        && first.len() >= 6
        && !lexicon::is_speech_verb(second)
        && !lexicon::skips_before_verb(second)
        && (1..s.tokens.len().min(12)).any(|i| is_punct(s, i, ','));
    if (lexicon::is_not_name_cap(first) && !lexicon::is_pronoun(first) && first != "the")
        || participle
    {
        // "On Tuesday, Lind …", "Speaking to reporters, she …", "At an event in St.
        // Clairsville, Ohio, 62-year-old Brenda Johnson also railed …": the subject is the
        // first noun phrase after a comma that its verb follows.
        return (0..s.tokens.len().min(30))
            .filter(|i| is_punct(s, *i, ','))
            .take(3)
            .find_map(|comma| {
                let np = np_after(doc, s, comma + 1)?;
                let lower = |i: usize| {
                    s.tokens
                        .get(i)
                        .is_some_and(|t| t.kind == Kind::Word && !doc.is_cap(*t))
                };
                // Its verb, or an apposition's closing comma and then the verb ("One of
                // these groups, the SDF, opposed …").
                (lower(np.1) || (is_punct(s, np.1, ',') && lower(np.1 + 1))).then_some(np)
            });
    }
    let start = 0;
    let np = np_after(doc, s, start)?;
    // The subject must be followed by its verb (a lower-case word), not be the whole sentence.
    let next = s.tokens.get(np.1)?;
    ((next.kind == Kind::Word && !doc.is_cap(*next)) || next.kind == Kind::Punct(',')).then_some(np)
}

/// The subjects of a sentence, for a quotation that follows it: each mention, where it
/// starts, and its chars.
pub(super) fn leading_subject(doc: &Doc, s: &Sentence) -> Vec<(Mention, usize, CharRange)> {
    let mut out = Vec::new();
    if let Some(np) = leading_np(doc, s)
        && let Some(m) = mention_of(doc, s, np)
        && !matches!(&m, Mention::Role { org: false, words, .. } if words.len() > 3)
    {
        out.push((m, tok_start(s, np.0), np_chars(s, np)));
    }
    // "…, and the mayor, Benoît Lachance, has tried …": subjects of later clauses too.
    for (i, t) in s.tokens.iter().enumerate() {
        let joins = matches!(t.kind, Kind::Punct(';'))
            || (matches!(doc.low(*t), "and" | "but") && is_punct(s, i.wrapping_sub(1), ','));
        if joins
            && let Some(np) = np_after(doc, s, i + 1)
            && s.tokens.get(np.1).is_some_and(|n| {
                (n.kind == Kind::Word && !doc.is_cap(*n)) || n.kind == Kind::Punct(',')
            })
            && let Some(m) = mention_of(doc, s, np)
        {
            out.push((m, tok_start(s, np.0), np_chars(s, np)));
        }
    }
    // "PBS revealed that in December, Crown Prince Mohammad bin Salman accepted …": the
    // subject of the reported clause is the next sentence's "he" as often as the reporter.
    if let Some(that) = s.tokens.iter().position(|t| doc.low(*t) == "that") {
        let mut from = that + 1;
        let comma = (from..(from + 6).min(s.tokens.len())).find(|i| is_punct(s, *i, ','));
        if let Some(c) = comma {
            from = c + 1;
        }
        if let Some(np) = np_after(doc, s, from)
            && s.tokens
                .get(np.1)
                .is_some_and(|t| t.kind == Kind::Word && !doc.is_cap(*t))
            && let Some(m) = mention_of(doc, s, np)
        {
            out.push((m, tok_start(s, np.0), np_chars(s, np)));
        }
    }
    // A description no word list knows ("the presidency", "a fundraising email") is no
    // antecedent for a later "he" or "she".
    out.retain(|(m, ..)| {
        !matches!(
            m,
            Mention::Role {
                described: true,
                ..
            }
        )
    });
    out
}

/// "Lind said." or "Graham continued." standing alone after a quotation.
pub(super) fn bare_attribution(doc: &Doc, s: &Sentence) -> Option<Attribution> {
    if s.tokens.iter().any(|t| matches!(t.kind, Kind::Quote(_))) {
        return None;
    }
    let words = s.tokens.iter().filter(|t| t.kind == Kind::Word).count();
    if words > 8 {
        return None;
    }
    attributions(doc, s).into_iter().find(|a| {
        let tail_ok = s
            .tokens
            .iter()
            .skip(a.verb_idx.max(a.np_tokens.1 - 1) + 1)
            .all(|t| match t.kind {
                Kind::Word => {
                    lexicon::is_time_word(doc.low(*t))
                        || ["to", "reporters", "in", "a", "statement", "at", "on"]
                            .contains(&doc.low(*t))
                }
                Kind::Number => true,
                Kind::Punct(_) => true,
                Kind::Quote(_) => false,
            });
        tail_ok && matches!(a.how, How::Subject | How::Inverted)
    })
}

/// "“All the way!” Dawson shouted, shorthand for …": the attribution that opens a
/// sentence, after a quotation whose "!" or "?" ended the sentence before.
pub(super) fn opening_attribution(doc: &Doc, s: &Sentence) -> Option<Attribution> {
    attributions(doc, s).into_iter().find(|a| {
        let (opens, end) = match a.how {
            How::Subject => (
                a.np_tokens.0 == 0 && a.verb_idx == a.np_tokens.1,
                a.verb_idx + 1,
            ),
            How::Inverted => (a.verb_idx == 0, a.np_tokens.1),
            _ => (false, 0),
        };
        opens
            && (s
                .tokens
                .get(end)
                .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '.' | ';')))
                // "… Jeff Sessions said as he launched the process."
                || matches!(
                    low(doc, s, end),
                    "as" | "while" | "when" | "after" | "before" | "in" | "on" | "at"
                ))
    })
}

/// "according to the congressional report", "according to the results": a document is
/// the source the article gives, so it stands as the speaker, described and never an
/// antecedent for a pronoun; the checker sees its words and can name who published it.
fn document_source(doc: &Doc, s: &Sentence, np: (usize, usize)) -> Option<Mention> {
    let head = np.1.checked_sub(1)?;
    let w = low(doc, s, head);
    if !lexicon::is_document_noun(w) || s.tokens.get(head).is_some_and(|t| doc.is_cap(*t)) {
        return None;
    }
    let words: Vec<String> = (np.0..np.1)
        .filter(|i| is_word(s, *i))
        .map(|i| low(doc, s, i).to_string())
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an"))
        .collect();
    let first =
        (np.0..np.1).find(|i| is_word(s, *i) && !matches!(low(doc, s, *i), "the" | "a" | "an"))?;
    let text = doc.text(tok_start(s, first), s.tokens.get(head).map_or(0, |t| t.end));
    Some(Mention::Role {
        words,
        text,
        org: true,
        female: None,
        described: true,
    })
}

/// "the congressional report", "three people", "multiple sources": a determiner or a
/// count and lower-case words after it, up to a comma, a relative or a qualifier ("who",
/// "familiar", "published", "of"): a description the word lists do not know.
fn described_np_after(doc: &Doc, s: &Sentence, from: usize) -> Option<(usize, usize)> {
    let opener = low(doc, s, from);
    let counted = matches!(s.tokens.get(from).map(|t| t.kind), Some(Kind::Number))
        || lexicon::is_number_word(opener);
    if !(counted
        || matches!(
            opener,
            "the" | "a" | "an" | "one" | "some" | "several" | "many" | "multiple" | "two" | "three"
        ))
    {
        return None;
    }
    let stop = |w: &str| {
        matches!(
            w,
            "who"
                | "that"
                | "which"
                | "familiar"
                | "close"
                | "briefed"
                | "involved"
                | "with"
                | "published"
                | "released"
                | "conducted"
                | "obtained"
                | "by"
                | "on"
                | "in"
                | "at"
                | "of"
                | "for"
                | "from"
                | "to"
                | "and"
                | "or"
        )
    };
    let mut end = from + 1;
    while let Some(t) = s.tokens.get(end) {
        let w = doc.low(*t);
        if t.kind != Kind::Word || doc.is_cap(*t) || stop(w) || end - from > 5 {
            break;
        }
        end += 1;
    }
    (end > from + 1).then_some((from, end))
}
