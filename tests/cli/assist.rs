//! The claim assistant on a real workspace: `factdesk suggest` (list, JSON, accept-all),
//! speakers reused across articles with roles and aliases, dismissals remembered, and the
//! same statement linked across articles with one verdict for all.

use crate::common;

use common::ok;
use factdesk::model::ArticleId;
use factdesk::model::Status;
use factdesk::store::Workspace;
use factdesk::store::assist;
use factdesk::store::read::{self, ClaimFilter};
use factdesk::store::write::{self, NewArticle};
use serde_json::Value;

const FIRST: &str = "Pier costs double\n\nHarbour Authority chair Maria Lind said on Tuesday: “The pier cost €4 million — not a cent more.”\n\n“We will open in May,” Ms Lind added.\n\nCritics mocked the so-called “bridge deal”. The ministry said that 40 beds had been closed in the region.";
const SECOND: &str = "Pier row goes on\n\nThe chair of the Harbour Authority, Maria Lind, repeated on Friday that “the pier cost €4 million — not a cent more”, and Lind said the ferries would return.";

fn article(ws: &mut Workspace, title: &str, body: &str) -> ArticleId {
    ws.write(|tx| {
        write::import_article(
            tx,
            &NewArticle {
                title: title.into(),
                body: body.into(),
                source: factdesk::model::TextSource::Paste,
                ..NewArticle::default()
            },
            "tester",
        )
    })
    .unwrap()
}

#[test]
fn suggest_lists_accepts_all_and_reuses_speakers_across_articles() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&file).unwrap();
    let a = article(&mut ws, "Pier costs double", FIRST);
    let b = article(&mut ws, "Pier row goes on", SECOND);
    drop(ws);
    let f = file.to_str().unwrap();

    let listed = ok(&["suggest", f, "--article", &a]);
    assert!(
        listed.contains("Maria Lind (Harbour Authority chair)"),
        "{listed}"
    );
    assert!(
        listed.contains("«The pier cost €4 million — not a cent more.»"),
        "{listed}"
    );
    assert!(
        !listed.contains("bridge deal"),
        "a scare quote is not a statement: {listed}"
    );

    let json: Value =
        serde_json::from_str(&ok(&["suggest", f, "--article", &a, "--json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{json}");
    let first = &rows[0];
    assert_eq!(first["kind"], "direct_quote");
    assert_eq!(first["speaker"]["name"], "Maria Lind");
    // Char offsets: the quote's words are exactly at start..end of the article's text.
    let start = first["range"]["start"].as_u64().unwrap() as usize;
    let end = first["range"]["end"].as_u64().unwrap() as usize;
    let words: String = FIRST.chars().skip(start).take(end - start).collect();
    assert_eq!(words, first["quote"].as_str().unwrap());
    assert_eq!(rows[2]["kind"], "reported_speech");
    assert_eq!(rows[2]["speaker"]["organisation"], true);

    let accepted = ok(&["suggest", f, "--article", &a, "--accept-all"]);
    assert!(
        accepted.contains("3 suggestions made into claims"),
        "{accepted}"
    );
    // Accepted suggestions are claims now: nothing left to suggest.
    assert!(ok(&["suggest", f, "--article", &a]).contains("0 suggestions"));

    let ws = Workspace::open(&file).unwrap();
    let speakers = read::speakers(ws.conn()).unwrap();
    let lind = speakers.iter().find(|s| s.name == "Maria Lind").unwrap();
    assert_eq!(lind.role, "Harbour Authority chair");
    assert!(
        lind.aliases.iter().any(|a| a == "Lind"),
        "{:?}",
        lind.aliases
    );
    let claims = read::claims(
        ws.conn(),
        &ClaimFilter {
            article_id: Some(a.clone()),
            ..ClaimFilter::default()
        },
    )
    .unwrap();
    assert_eq!(claims.len(), 3);
    assert!(
        claims[..2]
            .iter()
            .all(|c| c.speaker.as_ref().unwrap().name == "Maria Lind")
    );

    // The second article's speaker is the same person, known from the workspace.
    let second = assist::suggestions(ws.conn(), &b).unwrap();
    let quote = second
        .iter()
        .find(|s| s.kind == factdesk::assist::SuggestionKind::DirectQuote)
        .unwrap();
    let sp = quote.speaker.as_ref().unwrap();
    assert_eq!(sp.name, "Maria Lind");
    assert!(sp.known);
}

#[test]
fn dismissed_suggestions_stay_dismissed_and_edited_speakers_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&file).unwrap();
    let a = article(&mut ws, "Pier costs double", FIRST);
    let before = assist::suggestions(ws.conn(), &a).unwrap();
    let first = before[0].clone();
    let quote: String = FIRST
        .chars()
        .skip(first.range.start)
        .take(first.range.len())
        .collect();
    ws.write(|tx| assist::dismiss(tx, &a, &quote, "tester"))
        .unwrap();
    drop(ws);
    // Remembered in the file: a new session does not suggest it again.
    let mut ws = Workspace::open(&file).unwrap();
    let after = assist::suggestions(ws.conn(), &a).unwrap();
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|s| s.range != first.range));

    // Accepting with the speaker edited first keeps the checker's choice.
    let second = after[0].clone();
    let id = ws
        .write(|tx| {
            let words: String = FIRST
                .chars()
                .skip(second.range.start)
                .take(second.range.len())
                .collect();
            // Words that are not (or no longer) at the range are refused: no claim on other words.
            let stale = assist::accept(tx, &a, &second, "words from an older text", None, "tester");
            assert!(
                matches!(stale, Err(factdesk::Error::InvalidAnchor(_))),
                "{stale:?}"
            );
            assist::accept(tx, &a, &second, &words, Some("Søren Ålund"), "tester")
        })
        .unwrap();
    let claim = read::claim(ws.conn(), &id).unwrap();
    assert_eq!(claim.speaker.unwrap().name, "Søren Ålund");
    assert_eq!(claim.anchor.range, second.range);
}

#[test]
fn the_same_statement_in_two_articles_is_linked_and_takes_one_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&file).unwrap();
    let a = article(&mut ws, "Pier costs double", FIRST);
    let b = article(&mut ws, "Pier row goes on", SECOND);
    let claim_in = |ws: &mut Workspace, article: &ArticleId, quote: &str| {
        ws.write(|tx| {
            let body = read::article(tx, article)?.body;
            let range = factdesk::text::anchor::find_quote(&body, quote, 1)?;
            write::add_claim(tx, article, range, &write::ClaimPatch::default(), "tester")
        })
        .unwrap()
    };
    let one = claim_in(&mut ws, &a, "The pier cost €4 million — not a cent more.");
    // Different case, no final stop, straight quotes typed: still the same statement.
    let two = claim_in(&mut ws, &b, "the pier cost €4 million — not a cent more");
    let other = claim_in(&mut ws, &b, "the ferries would return");
    let linked = assist::linked_claims(ws.conn(), &one).unwrap();
    assert_eq!(
        linked.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        vec![two.as_str()]
    );
    assert!(assist::linked_claims(ws.conn(), &other).unwrap().is_empty());
    drop(ws);

    let f = file.to_str().unwrap();
    let out = ok(&["linked", f, &one]);
    assert!(out.contains("Pier row goes on"), "{out}");
    assert!(out.contains("also in 1 other articles"), "{out}");
    let out = ok(&["linked", f, &one, "--status", "false"]);
    assert!(out.contains("set on 2 claims"), "{out}");
    let ws = Workspace::open(&file).unwrap();
    assert_eq!(read::claim(ws.conn(), &one).unwrap().status, Status::False);
    assert_eq!(read::claim(ws.conn(), &two).unwrap().status, Status::False);
    assert_eq!(
        read::claim(ws.conn(), &other).unwrap().status,
        Status::Unreviewed
    );
}

#[test]
fn a_colleagues_dismissals_travel_with_a_merge() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.factdesk");
    let mut ws = Workspace::create(&mine).unwrap();
    let a = article(&mut ws, "Pier costs double", FIRST);
    let before = assist::suggestions(ws.conn(), &a).unwrap().len();
    drop(ws);
    let theirs = dir.path().join("theirs.factdesk");
    std::fs::copy(&mine, &theirs).unwrap();
    let mut ws = Workspace::open(&theirs).unwrap();
    let first = assist::suggestions(ws.conn(), &a).unwrap()[0].clone();
    let quote: String = FIRST
        .chars()
        .skip(first.range.start)
        .take(first.range.len())
        .collect();
    ws.write(|tx| assist::dismiss(tx, &a, &quote, "colleague"))
        .unwrap();
    drop(ws);

    let mut ws = Workspace::open(&mine).unwrap();
    factdesk::store::merge::merge_file(&mut ws, &theirs, None, "tester").unwrap();
    let after = assist::suggestions(ws.conn(), &a).unwrap();
    assert_eq!(after.len(), before - 1);
    assert!(after.iter().all(|s| s.range != first.range));
}

mod never_panics {
    use proptest::prelude::*;

    /// Text made of the pieces news is made of, in any order: words, names, quotes of every
    /// kind (also unbalanced), apostrophes, stops, abbreviations, brackets, numbers, line breaks.
    fn newsish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("said".to_string()),
            Just("according to".to_string()),
            Just("Ms Lind".to_string()),
            Just("Harbour Authority chair Maria Lind".to_string()),
            Just("the ministry".to_string()),
            Just("she".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("‘".to_string()),
            Just("’".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("«".to_string()),
            Just(",".to_string()),
            Just(".".to_string()),
            Just(":".to_string()),
            Just("Dr.".to_string()),
            Just("U.S.".to_string()),
            Just("(SDF)".to_string()),
            Just("€4 million".to_string()),
            Just("\n\n".to_string()),
            Just("—".to_string()),
            "[a-zA-Zé東😀]{1,8}",
            "[ -~]{0,6}",
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn suggestions_are_valid_char_ranges_that_never_overlap(text in newsish()) {
            let chars = text.chars().count();
            let suggestions = factdesk::assist::suggest(&text, &[]);
            let mut last_end = 0;
            for s in &suggestions {
                prop_assert!(s.range.start < s.range.end && s.range.end <= chars);
                prop_assert!(s.range.start >= last_end, "overlap at {}", s.range.start);
                prop_assert!((0.0..=1.0).contains(&s.confidence));
                last_end = s.range.end;
            }
        }

        #[test]
        fn any_text_at_all_gives_valid_ranges(text in "\\PC{0,400}") {
            let chars = text.chars().count();
            for s in factdesk::assist::suggest(&text, &[]) {
                prop_assert!(s.range.start < s.range.end && s.range.end <= chars);
            }
        }
    }
}

#[test]
fn suggest_json_shows_the_cue_and_the_speakers_evidence_and_the_claim_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&file).unwrap();
    let a = article(&mut ws, "Pier costs double", FIRST);
    drop(ws);
    let f = file.to_str().unwrap();
    let json: Value =
        serde_json::from_str(&ok(&["suggest", f, "--article", &a, "--json"])).unwrap();
    let open = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["quote"] == "We will open in May")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(open["cue"], "added");
    let ev = &open["speaker"]["evidence"];
    assert_eq!(ev["mention"], "Ms Lind", "{ev}");
    let start = ev["range"]["start"].as_u64().unwrap() as usize;
    let end = ev["range"]["end"].as_u64().unwrap() as usize;
    let at: String = FIRST.chars().skip(start).take(end - start).collect();
    assert_eq!(
        at, "Ms Lind",
        "the evidence's range is in chars, on the mention"
    );
    let chain = ev["chain"].as_str().unwrap();
    assert!(
        chain.starts_with("“Ms Lind” → Maria Lind, named "),
        "{chain}"
    );
    let named_at = ev["named_at"].as_u64().unwrap() as usize;
    // The first mention is the noun phrase that introduces her, title included.
    let first_named: String = FIRST.chars().skip(named_at).take(40).collect();
    assert!(
        first_named.starts_with("Harbour Authority chair Maria Lind"),
        "{first_named}"
    );

    ok(&["suggest", f, "--article", &a, "--accept-all"]);
    let ws = Workspace::open(&file).unwrap();
    let claim = read::claims(ws.conn(), &ClaimFilter::default())
        .unwrap()
        .into_iter()
        .find(|c| c.anchor.quote == "We will open in May")
        .unwrap();
    let history = read::history(ws.conn(), &claim.id).unwrap();
    let why = history
        .iter()
        .find(|h| h.field == "suggested")
        .unwrap_or_else(|| panic!("{history:?}"));
    assert!(
        why.new_value
            .starts_with("cue “added”; “Ms Lind” → Maria Lind"),
        "{}",
        why.new_value
    );
}

#[test]
fn suggest_json_names_the_outlet_a_statement_was_reported_through() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&file).unwrap();
    let text = "Minister Yevgeny Zinichev spoke on Monday.\n\n“We will not negotiate with anyone,” Zinichev said, according to state media.";
    let a = article(&mut ws, "Talks", text);
    drop(ws);
    let f = file.to_str().unwrap();
    let json: Value =
        serde_json::from_str(&ok(&["suggest", f, "--article", &a, "--json"])).unwrap();
    let row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["quote"] == "We will not negotiate with anyone")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(row["speaker"]["name"], "Yevgeny Zinichev", "{row}");
    assert_eq!(row["reported_by"]["name"], "state media", "{row}");
    let start = row["reported_by"]["range"]["start"].as_u64().unwrap() as usize;
    let at: String = text.chars().skip(start).take(11).collect();
    assert_eq!(at, "state media");
    let plain = ok(&["suggest", f, "--article", &a]);
    assert!(
        plain.contains("Yevgeny Zinichev (Minister), via state media"),
        "{plain}"
    );
}
