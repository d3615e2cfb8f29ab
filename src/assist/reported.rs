//! Reported speech: the clause a verb of saying introduces ("Lind said the pier cost
//! more"), kept only when it has a likely finite verb of its own.

use super::segment::{Doc, Kind, Sentence, fold};
use super::speaker::Registry;
use super::*;
use crate::model::CharRange;

/// Reported speech: "Lind said the pier would open in May", "According to police, …",
/// "…, the ministry said."
pub(super) fn reported(
    doc: &Doc,
    s: &Sentence,
    attrs: &[Attribution],
    reg: &mut Registry,
    sentence_no: usize,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // Token index where the last statement found ends: a later one starts past it ("He
    // denied that …, but said …": two statements).
    let mut taken_to = 0usize;
    let n = s.tokens.len();
    // Headlines and captions (no closing stop) hold no reported speech: the body says it.
    let closed = s.tokens.last().is_some_and(|t| {
        matches!(t.kind, Kind::Punct('.' | '!' | '?' | '…' | ')'))
            || matches!(t.kind, Kind::Quote(_))
    });
    if !closed {
        return out;
    }
    let end_tok = (0..n)
        .rev()
        .find(|i| {
            !matches!(
                s.tokens.get(*i).map(|t| t.kind),
                Some(Kind::Punct('.' | '!' | '?' | '…' | ')' | ']'))
            )
        })
        .map_or(0, |i| i + 1);
    for a in attrs {
        if !out.is_empty() && a.verb_idx < taken_to {
            continue;
        }
        let verb = low(doc, s, a.verb_idx);
        let negated = (a.verb_idx.saturating_sub(3)..a.verb_idx).any(|i| {
            matches!(
                low(doc, s, i),
                "not" | "never" | "declined" | "refused" | "n't"
            ) || low(doc, s, i).ends_with("n't")
        });
        if negated {
            // "would not say whether …", "declined to say": nothing was said.
            continue;
        }
        let (from, to) = match a.how {
            How::AccordingTo => {
                if a.verb_idx == 0
                    || (a.verb_idx <= 3 && is_punct(s, a.verb_idx.saturating_sub(1), ','))
                {
                    // "According to X, CLAUSE."
                    let Some(comma) = (a.np_tokens.1..n).find(|i| is_punct(s, *i, ',')) else {
                        break;
                    };
                    (comma + 1, end_tok)
                } else {
                    // "CLAUSE, according to X."
                    let mut to = a.verb_idx;
                    while to > 0 && is_punct(s, to - 1, ',') {
                        to -= 1;
                    }
                    (0, to)
                }
            }
            How::Subject | How::Inverted if lexicon::is_reporting(verb) => {
                let tail_start = match a.how {
                    How::Inverted => a.np_tokens.1,
                    _ => a.verb_idx + 1,
                };
                let rest_is_tail = s
                    .tokens
                    .iter()
                    .skip(tail_start)
                    .take_while(|t| !matches!(t.kind, Kind::Punct('—' | '–')))
                    .all(|t| match t.kind {
                        Kind::Word => {
                            lexicon::is_time_word(doc.low(*t))
                                || [
                                    "to",
                                    "reporters",
                                    "in",
                                    "a",
                                    "statement",
                                    "interview",
                                    "at",
                                    "on",
                                    "news",
                                    "conference",
                                    "briefing",
                                    "press",
                                ]
                                .contains(&doc.low(*t))
                        }
                        Kind::Punct(_) | Kind::Number => true,
                        Kind::Quote(_) => false,
                    });
                let subject_first = a.np_tokens.0.min(a.verb_idx);
                let attribution_end = a.np_tokens.1.max(a.verb_idx + 1);
                let parenthetical = subject_first > 1
                    && is_punct(s, subject_first - 1, ',')
                    && is_punct(s, attribution_end, ',')
                    && a.np_tokens.1 - a.np_tokens.0 <= 4;
                let words_in =
                    |from: usize, to: usize| (from..to).filter(|i| is_word(s, *i)).count();
                if parenthetical
                    && !rest_is_tail
                    && words_in(attribution_end + 1, end_tok) >= 3
                    // "…, said Dante Scala, a professor at …": an apposition, not more words.
                    && clause_has_verb(doc, s, attribution_end + 1, end_tok)
                {
                    // "The goal, he said, is to forge a cease-fire": the statement runs on
                    // around the attribution. "Even then, he said, he has …": an adverbial
                    // before it is not part of the statement.
                    let determiner = (0..subject_first).any(|i| {
                        matches!(
                            low(doc, s, i),
                            "the"
                                | "a"
                                | "an"
                                | "this"
                                | "that"
                                | "these"
                                | "those"
                                | "his"
                                | "her"
                                | "its"
                                | "their"
                                | "our"
                                | "my"
                        )
                    });
                    if words_in(0, subject_first - 1) <= 3 && !determiner {
                        (attribution_end + 1, end_tok)
                    } else {
                        // "As China builds islands …, it is his job, he said, to …": a
                        // subordinate clause opening the sentence is the reporter's.
                        let opener = matches!(
                            low(doc, s, 0),
                            "as" | "while"
                                | "when"
                                | "after"
                                | "before"
                                | "since"
                                | "although"
                                | "though"
                                | "because"
                                | "if"
                        );
                        let first_comma = (1..subject_first - 1).find(|i| is_punct(s, *i, ','));
                        match first_comma {
                            Some(c) if opener && words_in(c + 1, subject_first - 1) >= 2 => {
                                (c + 1, end_tok)
                            }
                            _ => (0, end_tok),
                        }
                    }
                } else if (rest_is_tail || parenthetical)
                    && subject_first > 1
                    && is_punct(s, subject_first - 1, ',')
                {
                    // "CLAUSE, Lind said." / "CLAUSE, said Lind."
                    (0, subject_first - 1)
                } else if a.how == How::Subject {
                    let mut from = a.verb_idx + 1;
                    // "told the Post and Courier newspaper of Charleston on Saturday that …":
                    // a listener can take many words before the clause.
                    let reach = if matches!(verb, "told" | "tells" | "informed" | "informs") {
                        16
                    } else {
                        9
                    };
                    let that = (from..(from + reach).min(n))
                        .find(|i| low(doc, s, *i) == "that")
                        .filter(|t| !clause_has_verb(doc, s, from, *t + 1));
                    let mut has_that = false;
                    if let Some(t) = that {
                        from = t + 1;
                        has_that = true;
                    } else {
                        if matches!(verb, "told" | "tells" | "informed" | "informs") {
                            // "told reporters", "told the BBC": the listener, then the clause,
                            // which starts with its subject; "told a rally on …" has none.
                            let capped = |np: &(usize, usize)| {
                                (np.0..np.1)
                                    .any(|i| s.tokens.get(i).is_some_and(|t| doc.is_cap(*t)))
                            };
                            if let Some(np) = np_after(doc, s, from).filter(capped) {
                                from = np.1;
                            } else if is_word(s, from) {
                                let det = matches!(
                                    low(doc, s, from),
                                    "the" | "a" | "an" | "his" | "her" | "their" | "its"
                                );
                                from += if det { 2 } else { 1 };
                            }
                        }
                        while from < n
                            && is_word(s, from)
                            && lexicon::is_time_word(low(doc, s, from))
                            && low(doc, s, from) != "the"
                        {
                            from += 1;
                        }
                        if ["on", "in", "via"].contains(&low(doc, s, from)) {
                            // "said on Twitter the plan …", "said in a statement the …".
                            let mut j = from + 1;
                            while j < n
                                && j < from + 5
                                && is_word(s, j)
                                && !["the", "he", "she", "they", "it", "there"]
                                    .contains(&low(doc, s, j))
                            {
                                j += 1;
                            }
                            from = j;
                        }
                    }
                    // "says, win or lose in Tuesday's primary, he's staying": an aside
                    // between commas, then the clause.
                    if is_punct(s, from, ',')
                        && let Some(close) =
                            (from + 2..(from + 12).min(n)).find(|i| is_punct(s, *i, ','))
                        && !(from + 1..close).any(|i| is_quote(s, i))
                        && clause_has_verb(doc, s, close + 1, end_tok)
                        && matches!(
                            low(doc, s, close + 1)
                                .split(['\'', '\u{2019}'])
                                .next()
                                .unwrap_or_default(),
                            "he" | "she" | "they" | "it" | "we" | "i" | "the" | "there"
                        )
                    {
                        from = close + 1;
                    }
                    if is_punct(s, from, ',') || is_punct(s, from, ':') || is_quote(s, from) {
                        continue;
                    }
                    if !has_that && !clause_has_verb(doc, s, from, end_tok) {
                        // "She added a row of heart emojis": an object, not a statement.
                        continue;
                    }
                    (from, end_tok)
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        if from >= to {
            continue;
        }
        // A clause starts with a word or a number, never with "to …" or "at the …"; an
        // opening adverbial ("in December, …") is stepped over.
        let mut from = from;
        if is_preposition(low(doc, s, from))
            && let Some(comma) = (from..(from + 7).min(to)).find(|i| is_punct(s, *i, ','))
        {
            from = comma + 1;
        }
        let opener = low(doc, s, from);
        let before_number = matches!(
            s.tokens.get(from + 1).map(|t| t.kind),
            Some(Kind::Number | Kind::Punct('$' | '€' | '£'))
        );
        let opener = if before_number { "" } else { opener };
        let word_first = matches!(
            s.tokens.get(from).map(|t| t.kind),
            Some(Kind::Word | Kind::Number | Kind::Quote(_))
        );
        let introduced = a.how == How::AccordingTo || low(doc, s, from.saturating_sub(1)) == "that";
        if from >= to || !word_first || (is_preposition(opener) && !introduced) {
            continue;
        }
        // "… had found the leak, “not because …”": the reporter's words end where a
        // quotation of more than a few words begins; the quotation is a suggestion of its own.
        let mut to = to;
        if let Some(q) = (from + 1..to).find(|i| {
            s.tokens.get(*i).is_some_and(|t| {
                matches!(t.kind, Kind::Quote(_)) && word_count(doc, (t.start, t.end)) > 3
            })
        }) {
            let mut end = q;
            while end > from
                && matches!(
                    s.tokens.get(end - 1).map(|t| t.kind),
                    Some(Kind::Punct(',' | ':' | '—' | '–'))
                )
            {
                end -= 1;
            }
            // Only a quote set off by a comma or a dash: "was given “assurances …”" is one
            // statement, the quote being its object.
            if end < q && (from..end).filter(|i| is_word(s, *i)).count() >= 4 {
                to = end;
            }
        }
        // "Lind said the pier was late, but cautioned against …": the speaker's next verb of
        // saying starts a statement of its own; this one ends before it.
        if let Some(c) = (from + 1..to).find(|i| ends_statement(doc, s, from, *i)) {
            let mut end = c;
            while end > from && is_punct(s, end - 1, ',') {
                end -= 1;
            }
            to = end;
        }
        // Quoted words count as the clause's words ("he voted “uncommitted.”").
        let clause_words: usize = (from..to)
            .map(|i| match s.tokens.get(i).map(|t| t.kind) {
                Some(Kind::Word | Kind::Number) => 1,
                Some(Kind::Quote(_)) => s
                    .tokens
                    .get(i)
                    .map_or(0, |t| word_count(doc, (t.start, t.end))),
                _ => 0,
            })
            .sum();
        // "it would cooperate", "she's with them": three words with a verb are a statement.
        if clause_words < 3 || (clause_words == 3 && !clause_has_verb(doc, s, from, to)) {
            continue;
        }
        let start = tok_start(s, from);
        let end = s.tokens.get(to - 1).map_or(start, |t| t.end);
        let (start, end) = trim_inner(doc, (start, end));
        let resolved = reg.resolve(&a.mention, a.np_start, Some(sentence_no));
        let (entity, sure) = match resolved {
            Some((entity, sure)) => (Some(entity), sure),
            // "he said …" with nobody named before that fits: the statement is still
            // worth checking; its speaker is left empty rather than guessed.
            None if matches!(a.mention, Mention::Pronoun { .. }) => (None, 0.6),
            None => continue,
        };
        if a.how != How::AccordingTo
            && entity
                .and_then(|e| reg.entities.get(e))
                .is_some_and(|e| lexicon::is_document_noun(&fold(&e.name)))
        {
            continue;
        }
        let base = if a.how == How::AccordingTo { 0.75 } else { 0.8 };
        out.push(Found {
            range: CharRange::new(start, end),
            kind: SuggestionKind::ReportedSpeech,
            entity,
            evidence: entity.map(|_| a.np_range),
            confidence: base * sure,
            cue: a.cue.clone(),
            priority: 1,
            reported_by: None,
        });
        if to >= end_tok {
            break;
        }
        taken_to = to;
    }
    out
}

/// True when token `i` of a statement that started at `from` begins something else:
/// the speaker's next verb of saying ("…, but cautioned …", "and did not say …", ",
/// adding …"), another speaker's ("…, as has Gimenez"), or the main clause after a
/// subordinate one ("While Ramos said that …, he appears …").
fn ends_statement(doc: &Doc, s: &Sentence, from: usize, i: usize) -> bool {
    let w = low(doc, s, i);
    // After a comma, or a quotation whose last mark is one ("“…,” adding, “…”").
    let after_comma = i > from && comma_before(doc, s, i);
    if matches!(w, "and" | "but" | "while") {
        let mut j = i + 1;
        while matches!(low(doc, s, j), "also" | "then" | "later" | "again") {
            j += 1;
        }
        if matches!(
            low(doc, s, j),
            "did" | "does" | "would" | "could" | "has" | "had" | "was"
        ) && matches!(low(doc, s, j + 1), "not" | "n't" | "never")
        {
            j += 2;
        }
        let next = low(doc, s, j);
        return is_word(s, j)
            && (lexicon::is_speech_verb(next) || matches!(next, "declined" | "refused"));
    }
    let finite = w.ends_with("ed") || w.ends_with('s') || matches!(w, "said" | "wrote" | "told");
    if after_comma
        && ((w.ends_with("ing") && lexicon::is_speech_verb(w))
            || (i > from + 2 && finite && lexicon::is_invertible(w)))
    {
        // ", adding …", and "…, said one candidate he likes …": the next statement.
        return true;
    }
    if after_comma
        && w == "as"
        && matches!(
            low(doc, s, i + 1),
            "has" | "have" | "had" | "did" | "does" | "do" | "is" | "was"
        )
    {
        return true;
    }
    let subordinate = matches!(
        low(doc, s, 0),
        "while" | "although" | "though" | "as" | "because" | "if" | "when" | "since" | "whereas"
    );
    subordinate
        && after_comma
        && matches!(w, "he" | "she" | "they" | "it" | "we" | "i" | "there")
        && !(from..i - 1).any(|k| is_punct(s, k, ','))
}

/// A preposition (or infinitive "to") that cannot open a reported clause.
pub(super) fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "to" | "at"
            | "on"
            | "in"
            | "outside"
            | "inside"
            | "with"
            | "from"
            | "for"
            | "by"
            | "near"
            | "during"
            | "after"
            | "before"
            | "into"
            | "onto"
            | "under"
            | "over"
            | "through"
            | "across"
            | "behind"
            | "about"
            | "against"
            | "without"
            | "via"
            | "of"
            | "among"
            | "between"
            | "towards"
            | "toward"
    )
}

/// True when `[from, to)` has a word that is likely a finite verb: an auxiliary, a modal, a
/// copula, a past tense, or a third-person present after a pronoun.
pub(super) fn clause_has_verb(doc: &Doc, s: &Sentence, from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        let w = low(doc, s, i);
        let prev = if i > from { low(doc, s, i - 1) } else { "" };
        is_word(s, i)
            && (matches!(
                w,
                "is" | "was"
                    | "are"
                    | "were"
                    | "be"
                    | "been"
                    | "has"
                    | "had"
                    | "have"
                    | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "should"
                    | "may"
                    | "might"
                    | "must"
                    | "did"
                    | "does"
                    | "do"
                    | "won't"
                    | "wouldn't"
                    | "can't"
                    | "couldn't"
                    | "isn't"
                    | "wasn't"
                    | "aren't"
                    | "weren't"
                    | "hasn't"
                    | "hadn't"
                    | "haven't"
                    | "didn't"
                    | "doesn't"
                    | "don't"
                    | "shall"
                    | "went"
                    | "came"
                    | "took"
                    | "made"
                    | "gave"
                    | "got"
                    | "saw"
                    | "knew"
                    | "thought"
                    | "found"
                    | "left"
                    | "kept"
                    | "began"
                    | "became"
                    | "paid"
                    | "lost"
                    | "won"
                    | "held"
                    | "ran"
                    | "rose"
                    | "fell"
                    | "grew"
                    | "brought"
                    | "bought"
                    | "sent"
                    | "spent"
                    | "met"
                    | "built"
                    | "led"
                    | "felt"
                    | "heard"
                    | "meant"
                    | "stood"
                    | "told"
                    | "said"
                    | "wrote"
                    | "drove"
                    | "broke"
                    | "spoke"
                    | "chose"
                    | "sold"
                    | "shot"
                    | "fled"
                    | "hid"
                    | "struck"
                    | "sought"
                    | "fought"
                    | "caught"
                    | "taught"
                    | "shut"
                    | "put"
                    | "set"
                    | "cut"
                    | "hit"
                    | "let"
                    | "quit"
                    | "spread"
                    | "cost"
                    | "hurt"
                    | "beat"
                    | "threw"
                    | "drew"
                    | "flew"
                    | "wore"
                    | "forgot"
                    | "sat"
                    | "owed"
            ) || (w.len() >= 4 && w.ends_with("ed"))
                // A word right after a subject pronoun is its verb ("they want", "we need").
                || (matches!(prev, "i" | "we" | "you" | "they" | "he" | "she" | "it" | "who")
                    && w.chars().all(char::is_alphabetic))
                // "it’s", "they’re", "we’ve", "she’ll", "he’d": a verb inside.
                || ((w.ends_with("'re") || w.ends_with("'ve") || w.ends_with("'ll") || w.ends_with("'d"))
                    || (w.ends_with("'s") && matches!(w, "it's" | "he's" | "she's" | "that's" | "there's" | "what's" | "who's")))
                || (w.len() >= 4
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && !w.ends_with("ous")
                    && !w.ends_with("ics")
                    && i > from
                    && i + 1 < to
                    && !matches!(
                        prev,
                        "the"
                            | "a"
                            | "an"
                            | "its"
                            | "his"
                            | "her"
                            | "their"
                            | "our"
                            | "my"
                            | "many"
                            | "some"
                            | "several"
                            | "few"
                            | "these"
                            | "those"
                            | "of"
                            | "all"
                            | "more"
                            | "other"
                            | "two"
                            | "three"
                            | "both"
                            | "no"
                            | "in"
                            | "on"
                            | "at"
                            | "for"
                            | "with"
                            | "by"
                            | "to"
                            | "from"
                    )))
    })
}
