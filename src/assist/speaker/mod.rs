//! Who is speaking: noun phrases read as names with their titles ("Harbour Authority chair
//! Maria Lind" → name and role), roles ("the chair"), organisations ("the ministry") and
//! pronouns, resolved to the people and organisations an article introduces.

use super::lexicon;
use super::segment::{Doc, Kind, Token, fold};

mod registry;

pub use registry::{Entity, Registry};

/// One word of a noun phrase.
#[derive(Debug, Clone)]
pub struct Word {
    /// As written.
    pub text: String,
    /// Folded.
    pub low: String,
    /// Starts with a capital letter.
    pub cap: bool,
    /// A comma (appositions are split there).
    pub comma: bool,
}

impl Word {
    fn possessive(&self) -> bool {
        self.low.ends_with("'s") || (self.low.ends_with("s'") && self.low.len() > 2)
    }
    fn stem(&self) -> &str {
        self.text
            .strip_suffix("'s")
            .or_else(|| self.text.strip_suffix("\u{2019}s"))
            .unwrap_or(&self.text)
    }
    fn acronym(&self) -> bool {
        let letters = self.text.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 2
            && self
                .text
                .chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '&')
    }
}

/// Words of `tokens` for phrase parsing: words, commas and bracketed acronyms.
pub fn words(doc: &Doc, tokens: &[Token]) -> Vec<Word> {
    // Asides in brackets ("the Syrian Democratic Forces (SDF)") are not part of the name.
    let mut depth = 0usize;
    tokens
        .iter()
        .filter(|t| {
            match t.kind {
                Kind::Punct('(') => depth += 1,
                Kind::Punct(')') => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .filter_map(|t| match t.kind {
            Kind::Word => Some(Word {
                text: doc.tok(*t),
                low: doc.low(*t).to_string(),
                cap: doc.is_cap(*t),
                comma: false,
            }),
            Kind::Punct(',') => Some(Word {
                text: ",".into(),
                low: ",".into(),
                cap: false,
                comma: true,
            }),
            _ => None,
        })
        .collect()
}

/// What a noun phrase names.
#[derive(Debug, Clone, PartialEq)]
pub enum Mention {
    /// A name, with the title or role written with it.
    Name {
        /// "Maria Lind", "Syrian Democratic Forces", "Lind".
        name: String,
        /// "Harbour Authority chair".
        role: String,
        /// An organisation rather than a person.
        org: bool,
        /// Gender the words imply (`Some(true)` female).
        female: Option<bool>,
        /// Other names written with it ("SDF").
        aliases: Vec<String>,
    },
    /// A role or body without a name: "the chair", "the foreign minister", "police".
    Role {
        /// The folded words, determiners dropped.
        words: Vec<String>,
        /// As written, determiners dropped.
        text: String,
        /// An organisation or group noun.
        org: bool,
        /// Gender the words imply.
        female: Option<bool>,
        /// Known only by a description no word list knows ("the actress", "some
        /// advocates"): trusted only as the direct subject or object of a verb of saying.
        described: bool,
    },
    /// "he", "she", "they", "it".
    Pronoun {
        /// The folded pronoun.
        word: String,
    },
}

const PARTICLES: &[&str] = &[
    "bin", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "la", "le",
    "del", "dos", "das", "y", "st", "mac", "ben", "abu",
];
const CONNECTORS: &[&str] = &["of", "for", "to", "in", "on", "and", "the", "at", "&"];
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam"];
/// Heads after a possessive that speak for the possessor ("Erdogan's office").
const VOICE_OF: &[&str] = &[
    "office",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "campaign",
    "press",
    "team",
    "account",
    "aides",
    "administration",
    "government",
    "website",
    "site",
    "page",
    "feed",
    "channel",
    "statement",
    "lawyer",
    "lawyers",
    "attorney",
    "representative",
];

fn is_name_word(w: &Word) -> bool {
    w.cap
        && !w.possessive()
        && !lexicon::is_role_word(&w.low)
        && !lexicon::is_org_word(&w.low)
        && !lexicon::is_not_name_cap(&w.low)
        && !w
            .text
            .chars()
            .all(|c| c.is_uppercase() && c.is_alphabetic() && w.text.chars().count() > 4)
}

fn gender(words: &[Word]) -> Option<bool> {
    words
        .iter()
        .find_map(|w| lexicon::gender_of(&w.low))
        .or_else(|| {
            // The first name of "Maria Lind".
            let first = words.iter().rev().take_while(|w| is_name_word(w)).last()?;
            lexicon::first_name_gender(&first.low)
        })
}

fn join(words: &[Word]) -> String {
    let mut out = String::new();
    for w in words {
        if w.comma {
            out.push(',');
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.text);
    }
    out
}

fn strip_determiners(words: &[Word]) -> (&[Word], bool) {
    let mut w = words;
    let mut had_the = false;
    while let Some((first, rest)) = w.split_first() {
        // "Several delegate candidates", "some voters": a quantifier is not part of who.
        let quantifier = matches!(
            first.low.as_str(),
            "some" | "several" | "many" | "most" | "few" | "both" | "other" | "two" | "three"
        ) && !rest.is_empty();
        if matches!(first.low.as_str(), "the" | "a" | "an") || quantifier {
            had_the |= first.low == "the";
            w = rest;
        } else {
            break;
        }
    }
    (w, had_the)
}

fn trim_connectors(mut words: &[Word]) -> &[Word] {
    while let Some((last, rest)) = words.split_last() {
        if CONNECTORS.contains(&last.low.as_str()) || last.comma {
            words = rest;
        } else {
            break;
        }
    }
    while let Some((first, rest)) = words.split_first() {
        if CONNECTORS.contains(&first.low.as_str()) || first.comma {
            words = rest;
        } else {
            break;
        }
    }
    words
}

fn role_text(words: &[Word]) -> String {
    let words = trim_connectors(words);
    let (words, _) = strip_determiners(words);
    let kept: Vec<Word> = words
        .iter()
        .filter(|w| !HONORIFICS.contains(&w.low.as_str()))
        .cloned()
        .collect();
    join(trim_connectors(&kept))
}

/// Reads one comma-free part of a noun phrase.
fn parse_part(words: &[Word]) -> Option<Mention> {
    // "the authority’s (survey)": the owner is the source.
    let owned: Vec<Word>;
    let words = match words.split_last() {
        Some((last, rest)) if last.possessive() => {
            let stem = last.stem().to_string();
            let mut v = rest.to_vec();
            v.push(Word {
                low: fold(&stem),
                text: stem,
                cap: last.cap,
                comma: false,
            });
            owned = v;
            &owned[..]
        }
        _ => words,
    };
    let all = words;
    let (words, had_the) = strip_determiners(words);
    // A determiner or quantifier was there: the words may describe someone unnamed.
    let stripped = words.len() < all.len()
        || all
            .first()
            .is_some_and(|w| matches!(w.low.as_str(), "one" | "another"));
    let words = trim_connectors(words);
    // "Suman Haripriya of the Hajo assembly", "Prince Mohammad bin Salman of Saudi Arabia":
    // a name, then where the person is from.
    if let Some(of) = words
        .iter()
        .position(|w| matches!(w.low.as_str(), "of" | "from"))
        && let Some(before) = words.get(..of)
        && before.last().is_some_and(is_name_word)
        && let Some(Mention::Name {
            name,
            role,
            female,
            aliases,
            org: false,
        }) = parse_part(before)
        && name.split_whitespace().count() >= 2
    {
        let place = join(words.get(of..).unwrap_or_default());
        let role = if role.is_empty() {
            place
        } else {
            format!("{role} {place}")
        };
        return Some(Mention::Name {
            name,
            role,
            org: false,
            female,
            aliases,
        });
    }
    let [.., last] = words else { return None };
    if words.len() == 1 && lexicon::is_pronoun(&last.low) {
        return Some(Mention::Pronoun {
            word: last.low.clone(),
        });
    }
    // "A Department of Health and Social Care spokesperson": the body speaks.
    if let [rest @ .., head] = words
        && matches!(
            head.low.as_str(),
            "spokesperson" | "spokesman" | "spokeswoman" | "spokespeople"
        )
        && rest.len() >= 2
        && rest
            .iter()
            .all(|w| w.cap || CONNECTORS.contains(&w.low.as_str()))
        && rest.iter().any(|w| lexicon::is_org_word(&w.low))
    {
        return Some(Mention::Name {
            name: join(trim_connectors(rest)),
            role: String::new(),
            org: true,
            female: None,
            aliases: Vec::new(),
        });
    }
    // "Erdogan's office", "the WHO's website": the possessor speaks.
    if let [.., owner, head] = words
        && owner.possessive()
        && VOICE_OF.contains(&head.low.as_str())
        && owner.cap
    {
        let name = owner.stem().to_string();
        return Some(Mention::Name {
            name,
            role: String::new(),
            org: false,
            female: None,
            aliases: vec![join(words)],
        });
    }
    if lexicon::is_document_noun(&last.low) && !last.cap {
        return None;
    }
    // The name: the longest run of name words at the end, with particles inside it.
    let mut start = words.len();
    while start > 0 {
        let Some(w) = words.get(start - 1) else { break };
        let particle_inside = PARTICLES.contains(&w.low.as_str())
            && start < words.len()
            && start >= 2
            && words.get(start - 2).is_some_and(is_name_word);
        if is_name_word(w) || particle_inside {
            start -= 1;
        } else {
            break;
        }
    }
    let name_words = words.get(start..).unwrap_or_default();
    let before = words.get(..start).unwrap_or_default();
    let all_caps_phrase = words.iter().all(|w| {
        w.cap || CONNECTORS.contains(&w.low.as_str()) || PARTICLES.contains(&w.low.as_str())
    });
    let org_phrase = all_caps_phrase
        && !lexicon::is_role_word(&last.low)
        && (words.iter().any(|w| lexicon::is_org_word(&w.low))
            || (words.len() == 1 && last.acronym())
            || (had_the && words.len() <= 4 && name_words.len() == words.len()));
    // "Mayor of London Sadiq Khan": after a role's "of", the place is not the name.
    let after_connector = before
        .last()
        .is_some_and(|w| CONNECTORS.contains(&w.low.as_str()));
    let name_words = if name_words.len() > 4 || (after_connector && name_words.len() >= 3) {
        name_words.get(name_words.len() - 2..).unwrap_or_default()
    } else {
        name_words
    };
    if after_connector
        && name_words.len() <= 2
        && start + name_words.len() == words.len()
        && !org_phrase
    {
        // "the mayor of London": the place of a role, not a name.
        return Some(Mention::Role {
            words: words.iter().map(|w| w.low.clone()).collect(),
            text: join(words),
            org: false,
            female: gender(words),
            described: false,
        });
    }
    let has_role_before = before.iter().any(|w| {
        lexicon::is_role_word(&w.low) || HONORIFICS.contains(&w.low.as_str()) || w.possessive()
    });
    // "the Republican Party of Wyoming" is the party, not a person called Wyoming.
    if !name_words.is_empty() && (!org_phrase || (has_role_before && !after_connector)) {
        let org = name_words.len() == 1 && name_words.first().is_some_and(Word::acronym);
        return Some(Mention::Name {
            name: join(name_words),
            role: role_text(before),
            org,
            female: gender(words),
            aliases: Vec::new(),
        });
    }
    if org_phrase {
        return Some(Mention::Name {
            name: join(words),
            role: String::new(),
            org: true,
            female: None,
            aliases: Vec::new(),
        });
    }
    if lexicon::is_role_word(&last.low)
        || lexicon::is_org_noun(&last.low)
        || lexicon::is_people_noun(&last.low)
    {
        if lexicon::is_document_noun(&last.low) {
            return None;
        }
        let folded: Vec<String> = words
            .iter()
            .filter(|w| !w.possessive() && !CONNECTORS.contains(&w.low.as_str()))
            .map(|w| w.low.clone())
            .collect();
        let org = lexicon::is_org_noun(&last.low) && !lexicon::is_role_word(&last.low)
            || matches!(last.low.as_str(), "police" | "officials" | "spokesperson");
        return Some(Mention::Role {
            words: folded,
            text: join(words),
            org,
            female: gender(words),
            described: false,
        });
    }
    described(words, stripped)
}

/// "the actress", "the network", "some advocates for stem cell research": someone the
/// article describes without naming, when a determiner or quantifier opened the words
/// (`described_by`) and the rest are lower-case words, the head noun last or before
/// "for"/"of"/"at". Not a document ("the report"), a time or a pronoun: the description
/// is the speaker, and nobody's name is borrowed for it.
fn described(words: &[Word], described_by: bool) -> Option<Mention> {
    let words = match words.split_first() {
        Some((first, rest)) if matches!(first.low.as_str(), "one" | "another") => rest,
        _ => words,
    };
    if !described_by || words.is_empty() || words.len() > 6 {
        return None;
    }
    let head_at = words
        .iter()
        .position(|w| CONNECTORS.contains(&w.low.as_str()) || w.low == "at")
        .unwrap_or(words.len());
    let head = words.get(head_at.checked_sub(1)?)?;
    let plain = |w: &Word| !w.cap && w.low.chars().all(|c| c.is_alphabetic() || c == '-');
    if !words.get(..head_at)?.iter().all(plain)
        || lexicon::is_document_noun(&head.low)
        || lexicon::is_pronoun(&head.low)
        || lexicon::is_time_word(&head.low)
        || head.low.len() < 3
        || !crate::assist::attribution::person_like(&head.low)
    {
        return None;
    }
    Some(Mention::Role {
        words: words
            .iter()
            .filter(|w| !CONNECTORS.contains(&w.low.as_str()))
            .map(|w| w.low.clone())
            .collect(),
        text: join(words),
        org: false,
        female: gender(words),
        described: true,
    })
}

/// Reads a noun phrase (commas allowed for appositions: "Nancy Pelosi, the Speaker of the
/// House"; "Dunn's mother, Charlotte Charles").
pub fn parse(words: &[Word]) -> Option<Mention> {
    // Bracketed acronyms were dropped by `words`; commas split appositions.
    let parts: Vec<&[Word]> = words.split(|w| w.comma).filter(|p| !p.is_empty()).collect();
    let mentions: Vec<(Option<Mention>, &[Word])> =
        parts.iter().map(|p| (parse_part(p), *p)).collect();
    let name = mentions
        .iter()
        .find(|(m, _)| matches!(m, Some(Mention::Name { .. })));
    let role = mentions
        .iter()
        .find(|(m, _)| matches!(m, Some(Mention::Role { .. })));
    match (name, role) {
        (
            Some((
                Some(Mention::Name {
                    name,
                    role,
                    org,
                    female,
                    aliases,
                }),
                _,
            )),
            Some((Some(Mention::Role { female: rf, .. }), rwords)),
        ) => {
            let role = if role.is_empty() {
                role_text(rwords)
            } else {
                role.clone()
            };
            Some(Mention::Name {
                name: name.clone(),
                role,
                org: *org,
                female: female.or(*rf),
                aliases: aliases.clone(),
            })
        }
        (Some((m, _)), _) => m.clone(),
        (None, Some((m, _))) => m.clone(),
        (None, None) => mentions.into_iter().find_map(|(m, _)| m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(np: &str) -> Option<Mention> {
        let doc = Doc::new(np);
        let tokens: Vec<Token> = doc
            .paragraphs
            .iter()
            .flat_map(|p| p.sentences.iter().flat_map(|s| s.tokens.clone()))
            .collect();
        parse(&words(&doc, &tokens))
    }

    fn name_role(np: &str) -> (String, String, bool) {
        match mention(np) {
            Some(Mention::Name {
                name, role, org, ..
            }) => (name, role, org),
            other => panic!("{np}: {other:?}"),
        }
    }

    #[test]
    fn titles_and_roles_are_split_from_names() {
        assert_eq!(
            name_role("Harbour Authority chair Maria Lind"),
            ("Maria Lind".into(), "Harbour Authority chair".into(), false)
        );
        assert_eq!(
            name_role("Interior Minister Joachim Brudziński"),
            (
                "Joachim Brudziński".into(),
                "Interior Minister".into(),
                false
            )
        );
        assert_eq!(
            name_role("Former US Ambassador to the United Nations Nikki Haley"),
            (
                "Nikki Haley".into(),
                "Former US Ambassador to the United Nations".into(),
                false
            )
        );
        assert_eq!(
            name_role("Nancy Pelosi, the Speaker of the House"),
            ("Nancy Pelosi".into(), "Speaker of the House".into(), false)
        );
        assert_eq!(
            name_role("Dunn's mother, Charlotte Charles"),
            ("Charlotte Charles".into(), "Dunn's mother".into(), false)
        );
        assert_eq!(
            name_role("Mexican President Andrés Manuel López Obrador"),
            (
                "Andrés Manuel López Obrador".into(),
                "Mexican President".into(),
                false
            )
        );
        assert_eq!(name_role("the BBC"), ("BBC".into(), String::new(), true));
        assert_eq!(
            name_role("Northfield Borough Council"),
            ("Northfield Borough Council".into(), String::new(), true)
        );
        assert_eq!(name_role("Ms Lind").0, "Lind");
        assert_eq!(
            name_role("A Department of Health and Social Care spokesperson"),
            (
                "Department of Health and Social Care".into(),
                String::new(),
                true
            )
        );
    }

    #[test]
    fn roles_pronouns_and_documents() {
        assert!(matches!(
            mention("the chair"),
            Some(Mention::Role { org: false, .. })
        ));
        assert!(matches!(
            mention("police"),
            Some(Mention::Role { org: true, .. })
        ));
        assert!(matches!(
            mention("the ministry"),
            Some(Mention::Role { org: true, .. })
        ));
        assert!(matches!(mention("she"), Some(Mention::Pronoun { .. })));
        assert_eq!(mention("the statement"), None);
    }

    #[test]
    fn later_mentions_resolve_to_the_full_name() {
        let doc = Doc::new(
            "Harbour Authority chair Maria Lind opened the meeting. Later Ms Lind left. The chair spoke.",
        );
        let mut reg = Registry::prepass(&doc);
        let ms_lind = mention("Ms Lind").expect("a name");
        let (i, _) = reg.resolve(&ms_lind, 60, Some(1)).expect("resolved");
        assert_eq!(
            reg.entities.get(i).map(|e| e.name.as_str()),
            Some("Maria Lind")
        );
        let chair = mention("the chair").expect("a role");
        let (j, _) = reg.resolve(&chair, 80, Some(2)).expect("resolved");
        assert_eq!(i, j);
        let she = mention("she").expect("a pronoun");
        let (k, _) = reg.resolve(&she, 90, Some(3)).expect("resolved");
        assert_eq!(i, k);
    }
}
