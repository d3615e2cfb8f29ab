//! The people and organisations an article introduces, and resolving a later mention
//! ("Ms Lind", "the chair", "she") to one of them.

use std::collections::HashMap;

use super::super::lexicon;
use super::super::segment::{Doc, Kind, Token, fold};
use super::*;

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
    /// Known only by a description ("a student", "a senior official"): no name was given.
    pub described: bool,
    /// Described by words no list knows ("the actress", "the nomination"): a pronoun
    /// stands for it only when its gender is known and agrees.
    pub loosely_described: bool,
    /// `name` folded, kept with it.
    folded: String,
    /// The folded words a role mention ("the chair", "the ministry") is matched against:
    /// the role's for a person, the name's for an organisation.
    hay: Vec<String>,
}

impl Entity {
    /// Where the article first mentions it (a char position).
    pub fn first_mention(&self) -> Option<usize> {
        self.mentions.first().copied()
    }

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

pub(super) fn surname(name: &str) -> Option<String> {
    name.split_whitespace().last().map(fold)
}

pub(super) const ROLE_SYNONYMS: &[(&str, &str)] = &[
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

pub(super) fn role_head(w: &str) -> &str {
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
            described: false,
            loosely_described: false,
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
                described: loose,
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
                            None => {
                                let i = self.register(&name, "", *org, *female, pos);
                                if let Some(e) = self.entities.get_mut(i) {
                                    e.described = true;
                                    e.loosely_described = *loose;
                                }
                                i
                            }
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
                    if e.loosely_described && (female.is_none() || e.female != female) {
                        false
                    } else if want_org {
                        e.org
                    } else if word == "they" {
                        true
                    } else {
                        // "he" and "she" are one person: not a group described in the plural
                        // ("attorneys", "Hispanics").
                        let plural = e.described
                            && e.name.split_whitespace().last().is_some_and(|w| {
                                w.ends_with('s') && !w.ends_with("ss") && w.len() > 3
                            });
                        !e.org
                            && !plural
                            && (female.is_none() || e.female.is_none() || e.female == female)
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
