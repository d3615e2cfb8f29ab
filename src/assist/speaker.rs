//! Who is speaking: noun phrases read as names with their titles ("Harbour Authority chair
//! Maria Lind" → name and role), roles ("the chair"), organisations ("the ministry") and
//! pronouns, resolved to the people and organisations an article introduces.

use std::collections::HashMap;

use super::lexicon;
use super::segment::{Doc, Kind, Token, fold};

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
        if matches!(first.low.as_str(), "the" | "a" | "an") {
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
    let (words, had_the) = strip_determiners(words);
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
        });
    }
    let has_role_before = before.iter().any(|w| {
        lexicon::is_role_word(&w.low) || HONORIFICS.contains(&w.low.as_str()) || w.possessive()
    });
    if !name_words.is_empty() && (!org_phrase || has_role_before) {
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
    if lexicon::is_role_word(&last.low) || lexicon::is_org_noun(&last.low) {
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
        });
    }
    None
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

/// A person or organisation of the article.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Full name.
    pub name: String,
    /// Title or role.
    pub role: String,
    /// An organisation.
    pub org: bool,
    /// Known gender.
    pub female: Option<bool>,
    /// Other forms it was named by in this article ("Lind", "Ms Lind").
    pub aliases: Vec<String>,
    /// Char positions of its mentions, in order.
    mentions: Vec<usize>,
    /// The last sentence (ordinal) in which it spoke.
    pub last_spoke: Option<usize>,
    /// `name` folded, kept with it.
    folded: String,
    /// The folded words a role mention ("the chair", "the ministry") is matched against:
    /// the role's for a person, the name's for an organisation.
    hay: Vec<String>,
}

impl Entity {
    /// Recomputes the folded forms after the name or the role changed.
    fn refresh(&mut self) {
        self.folded = fold(&self.name);
        let source = if self.org {
            &self.folded
        } else {
            &fold(&self.role)
        };
        self.hay = source
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
    }
}

/// The people and organisations of one article.
#[derive(Debug, Default)]
pub struct Registry {
    /// Entities in the order first met.
    pub entities: Vec<Entity>,
    by_key: HashMap<String, Vec<usize>>,
    /// Subjects of the sentence just read: the first choices for "he", "she" or "it".
    preferred: Vec<usize>,
    /// Where the sentence being read starts.
    sentence_start: usize,
}

fn surname(name: &str) -> Option<String> {
    name.split_whitespace().last().map(fold)
}

const ROLE_SYNONYMS: &[(&str, &str)] = &[
    ("minister", "secretary"),
    ("chairman", "chair"),
    ("chairwoman", "chair"),
    ("chairperson", "chair"),
    ("spokesman", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("boss", "executive"),
    ("ceo", "executive"),
    ("head", "chief"),
    ("president", "president"),
];

fn role_head(w: &str) -> &str {
    ROLE_SYNONYMS
        .iter()
        .find(|(a, _)| *a == w)
        .map_or(w, |(_, b)| b)
}

impl Registry {
    /// Registers the named people and organisations of the article (full names of two or
    /// more words), so a later "Lind" finds "Maria Lind" wherever it was introduced.
    pub fn prepass(doc: &Doc) -> Self {
        let mut reg = Self::default();
        for p in &doc.paragraphs {
            for s in &p.sentences {
                let mut run: Vec<Token> = Vec::new();
                for (k, t) in s.tokens.iter().enumerate() {
                    let low = doc.low(*t);
                    let joins = match t.kind {
                        Kind::Word => {
                            doc.is_cap(*t) && !(run.is_empty() && lexicon::is_not_name_cap(low))
                                || (!run.is_empty()
                                    && (CONNECTORS.contains(&low) || PARTICLES.contains(&low)))
                                || lexicon::is_role_word(low)
                        }
                        Kind::Punct('.') => run.last().is_some_and(|l| {
                            l.end == t.start && lexicon::is_abbreviation(doc.low(*l))
                        }),
                        _ => false,
                    };
                    if joins {
                        run.push(*t);
                    }
                    let last = k + 1 == s.tokens.len();
                    if (!joins || last) && !run.is_empty() {
                        let w = words(doc, &run);
                        if let Some(m @ Mention::Name { .. }) = parse(&w) {
                            let pos = run.first().map_or(0, |t| t.start);
                            if let Mention::Name { name, .. } = &m {
                                if name.split_whitespace().count() >= 2 {
                                    reg.resolve(&m, pos, None);
                                } else if let Some(i) = reg.lookup(&fold(name), pos)
                                    && let Some(e) = reg.entities.get_mut(i)
                                {
                                    e.mentions.push(pos);
                                }
                            }
                        }
                        run.clear();
                    }
                }
            }
        }
        for e in &mut reg.entities {
            e.mentions.sort_unstable();
        }
        reg
    }

    /// Notes the subject of the sentence just read (a name; roles and pronouns keep the
    /// earlier choice), for the pronoun of the next sentence.
    pub fn prefer(&mut self, subjects: Vec<(Mention, usize)>, gender_hint: Option<bool>) {
        let mut chosen = Vec::new();
        for (m, pos) in subjects {
            let usable = match &m {
                Mention::Name { .. } => true,
                Mention::Role { org, .. } => *org,
                Mention::Pronoun { .. } => false,
            };
            if usable && let Some((i, _)) = self.resolve(&m, pos, None) {
                chosen.push(i);
            }
        }
        // "Marsh, a Republican in her second term, …": the sentence's only pronouns tell
        // the subject's gender.
        if let Some(female) = gender_hint
            && let Some(e) = chosen.first().and_then(|i| self.entities.get_mut(*i))
            && !e.org
            && e.female.is_none()
        {
            e.female = Some(female);
        }
        self.preferred = chosen;
    }

    /// Marks where the sentence being read starts: a pronoun's antecedent comes before it.
    pub fn start_sentence(&mut self, pos: usize) {
        self.sentence_start = pos;
    }

    fn add_key(&mut self, key: String, i: usize) {
        let list = self.by_key.entry(key).or_default();
        if !list.contains(&i) {
            list.push(i);
        }
    }

    /// The entity a folded name or surname stands for: the most recently mentioned before
    /// `pos`, else the first mentioned after it.
    fn lookup(&self, key: &str, pos: usize) -> Option<usize> {
        let list = self.by_key.get(key)?;
        let last_before = |i: &usize| {
            self.entities
                .get(*i)
                .and_then(|e| e.mentions.iter().rev().find(|m| **m <= pos).copied())
        };
        list.iter()
            .filter_map(|i| last_before(i).map(|p| (p, *i)))
            .max()
            .map(|(_, i)| i)
            .or_else(|| list.first().copied())
    }

    fn register(
        &mut self,
        name: &str,
        role: &str,
        org: bool,
        female: Option<bool>,
        pos: usize,
    ) -> usize {
        let i = self.entities.len();
        self.entities.push(Entity {
            name: name.to_string(),
            role: role.to_string(),
            org,
            female,
            aliases: Vec::new(),
            mentions: vec![pos],
            last_spoke: None,
            folded: String::new(),
            hay: Vec::new(),
        });
        if let Some(e) = self.entities.last_mut() {
            e.refresh();
        }
        self.add_key(fold(name), i);
        if !org {
            if let Some(s) = surname(name) {
                self.add_key(s, i);
            }
        } else {
            // "Northfield Borough Council" is also "the council".
            let initials: String = name
                .split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect();
            // "Lumora" for "Lumora Systems": a company's first word, when it is its own.
            if let Some(first) = name.split_whitespace().next()
                && name.split_whitespace().count() >= 2
                && first.chars().next().is_some_and(char::is_uppercase)
                && !lexicon::is_org_word(&fold(first))
                && !lexicon::is_role_word(&fold(first))
                && !lexicon::is_not_name_cap(&fold(first))
                && fold(first) != "the"
            {
                self.add_key(fold(first), i);
            }
            if initials.chars().count() >= 2 {
                self.add_key(fold(&initials), i);
            }
        }
        i
    }

    /// Resolves a mention at char `pos` to an entity, registering new names. Returns the
    /// entity and how sure the resolution is (1.0 for a full name).
    pub fn resolve(
        &mut self,
        m: &Mention,
        pos: usize,
        sentence: Option<usize>,
    ) -> Option<(usize, f32)> {
        let found = match m {
            Mention::Name {
                name,
                role,
                org,
                female,
                aliases,
            } => {
                let key = fold(name);
                let words = name.split_whitespace().count();
                let hit = self
                    .lookup(&key, pos)
                    .or_else(|| {
                        // "Ó Ceallaigh" after "Tomás Ó Ceallaigh": the end of a full name.
                        (!*org && words >= 2)
                            .then(|| {
                                self.entities
                                    .iter()
                                    .position(|e| !e.org && e.folded.ends_with(&format!(" {key}")))
                            })
                            .flatten()
                    })
                    .or_else(|| {
                        // "Harbour Authority" and "Northfield Harbour Authority" are one body.
                        (*org)
                            .then(|| {
                                self.entities.iter().position(|e| {
                                    let other = &e.folded;
                                    e.org
                                        && (other.ends_with(&format!(" {key}"))
                                            || key.ends_with(&format!(" {other}")))
                                })
                            })
                            .flatten()
                    })
                    .or_else(|| {
                        // "Recep Tayyip Erdoğan" then "Erdogan": the surname key folds alike;
                        // a full name whose surname is known as a bare name joins it.
                        (words >= 2 && !*org)
                            .then(|| surname(name).and_then(|s| self.lookup(&s, pos)))
                            .flatten()
                            .filter(|i| {
                                self.entities
                                    .get(*i)
                                    .is_some_and(|e| e.name.split_whitespace().count() == 1)
                            })
                    });
                let i = match hit {
                    Some(i) => {
                        if let Some(e) = self.entities.get_mut(i) {
                            if words > e.name.split_whitespace().count() {
                                let old = std::mem::replace(&mut e.name, name.clone());
                                e.aliases.push(old);
                            }
                            if e.role.is_empty() && !role.is_empty() {
                                e.role.clone_from(role);
                            }
                            e.female = e.female.or(*female);
                            e.refresh();
                        }
                        i
                    }
                    None => self.register(name, role, *org, *female, pos),
                };
                for a in aliases {
                    self.add_key(fold(a), i);
                    if let Some(e) = self.entities.get_mut(i)
                        && !e.aliases.contains(a)
                    {
                        e.aliases.push(a.clone());
                    }
                }
                if let Some(e) = self.entities.get_mut(i)
                    && e.folded != key
                    && !e.aliases.contains(name)
                {
                    e.aliases.push(name.clone());
                }
                let sure = if words >= 2 || *org { 1.0 } else { 0.95 };
                Some((i, sure))
            }
            Mention::Role {
                words,
                text,
                org,
                female,
            } => {
                let head = words
                    .last()
                    .map(|w| role_head(w).to_string())
                    .unwrap_or_default();
                let modifiers: Vec<&String> = words.iter().rev().skip(1).collect();
                let mut best: Option<(usize, usize, usize)> = None; // (score, last mention, index)
                for (i, e) in self.entities.iter().enumerate() {
                    let first = e.mentions.first().copied().unwrap_or(usize::MAX);
                    if first > pos {
                        continue;
                    }
                    let hay = &e.hay;
                    if !hay.iter().any(|w| role_head(w) == head) {
                        continue;
                    }
                    if *org != e.org && head != "spokesperson" {
                        continue;
                    }
                    let score = modifiers.iter().filter(|m| hay.contains(m)).count();
                    let last = e
                        .mentions
                        .iter()
                        .rev()
                        .find(|m| **m <= pos)
                        .copied()
                        .unwrap_or(0);
                    let key = (score, last, i);
                    if best.is_none_or(|b| key > b) {
                        best = Some(key);
                    }
                }
                match best {
                    Some((_, _, i)) => Some((i, 0.85)),
                    None => {
                        let name = capitalise(text);
                        let key = fold(&name);
                        let i = match self.lookup(&key, pos) {
                            Some(i) => i,
                            None => self.register(&name, "", *org, *female, pos),
                        };
                        Some((i, 0.7))
                    }
                }
            }
            Mention::Pronoun { word } => {
                let want_org = word == "it";
                let female = match word.as_str() {
                    "she" => Some(true),
                    "he" => Some(false),
                    _ => None,
                };
                let fits = |e: &Entity| {
                    if want_org {
                        e.org
                    } else if word == "they" {
                        true
                    } else {
                        !e.org && (female.is_none() || e.female.is_none() || e.female == female)
                    }
                };
                let by_speech = self
                    .entities
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| fits(e) && e.last_spoke.is_some())
                    .max_by_key(|(_, e)| e.last_spoke)
                    .map(|(i, _)| i);
                // The previous sentence's subject first, unless only the last speaker is
                // known to have the pronoun's gender.
                let preferred = self
                    .preferred
                    .iter()
                    .copied()
                    .find(|i| self.entities.get(*i).is_some_and(&fits));
                let exact = |i: &usize| {
                    female.is_some() && self.entities.get(*i).is_some_and(|e| e.female == female)
                };
                let by_speech = match (preferred, by_speech) {
                    (Some(p), Some(s)) if !exact(&p) && exact(&s) => Some(s),
                    (Some(p), _) => Some(p),
                    (None, s) => s,
                };
                let by_mention = || {
                    self.entities
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| fits(e))
                        .filter_map(|(i, e)| {
                            e.mentions
                                .iter()
                                .rev()
                                .find(|m| **m < self.sentence_start.min(pos))
                                .map(|m| (*m, i))
                        })
                        .max()
                        .map(|(_, i)| i)
                };
                let i = by_speech.or_else(by_mention)?;
                if let Some(e) = self.entities.get_mut(i)
                    && e.female.is_none()
                    && !e.org
                {
                    e.female = female;
                }
                Some((i, 0.8))
            }
        };
        if let Some((i, _)) = found
            && let Some(e) = self.entities.get_mut(i)
        {
            if e.mentions.last().is_none_or(|l| *l < pos) {
                e.mentions.push(pos);
            }
            if sentence.is_some() {
                e.last_spoke = sentence;
            }
        }
        found
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
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
