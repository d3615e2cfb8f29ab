//! Frozen workspaces of every released schema version open (and upgrade) in this build.
//! `tests/fixtures/workspace-vN.factdesk` are committed files: never regenerate them.

use std::path::Path;

use factdesk::model::Status;
use factdesk::store::read::{self, ClaimFilter};
use factdesk::store::{SCHEMA_VERSION, Workspace};

fn open_copy(fixture: &str) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.factdesk");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture),
        &copy,
    )
    .unwrap();
    let ws = Workspace::open(&copy).unwrap();
    (dir, ws)
}

#[test]
fn version_1_fixture_opens_with_all_its_work() {
    let (_dir, ws) = open_copy("workspace-v1.factdesk");
    let version: i64 = ws
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(ws.integrity_problems().unwrap().is_empty());

    let articles = read::articles(ws.conn()).unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].title, "Harbour pier “over budget”, critics say");
    assert_eq!(articles[0].outlet, "Coastal Times");
    assert_eq!(articles[0].url, "https://example.org/pier");

    let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 2);
    let lind = &claims[0];
    assert_eq!(
        lind.anchor.quote,
        "“The pier cost €4 million — not a cent more.”"
    );
    assert_eq!((lind.anchor.range.start, lind.anchor.range.end), (82, 127));
    assert_eq!(lind.speaker.as_ref().unwrap().name, "Maria Lind");
    assert_eq!(lind.status, Status::False);
    assert_eq!(lind.summary, "Audit: €6.1m");
    assert_eq!(lind.notes, "ask council");
    assert_eq!(lind.evidence[0].title, "Audit 2026");
    assert_eq!(lind.created_by, "fixture");
    assert_eq!(claims[1].anchor.quote, "東京 rose 12% 😀");
    assert_eq!(claims[1].status, Status::InProgress);

    // The quote is exactly where its char offsets say, in the stored text.
    let article = read::article(ws.conn(), &lind.article_id).unwrap();
    let by_offsets: String = article
        .body
        .chars()
        .skip(lind.anchor.range.start)
        .take(lind.anchor.range.len())
        .collect();
    assert_eq!(by_offsets, lind.anchor.quote);
    assert!(read::history(ws.conn(), &lind.id).unwrap().len() >= 5);
}

#[test]
fn never_released_version_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v0.factdesk");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspace-v1.factdesk"),
        &path,
    )
    .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    let err = Workspace::open(&path).unwrap_err().to_string();
    assert!(err.contains("schema version 0 was never released"), "{err}");
}

/// Every table and column of a workspace, as `sqlite_master` and `pragma_table_info` say.
fn schema_of(path: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT m.type, m.name, coalesce(group_concat(c.name || ' ' || c.type, ', '), '')
             FROM sqlite_master m LEFT JOIN pragma_table_info(m.name) c
             WHERE m.name NOT LIKE 'sqlite_%'
             GROUP BY m.type, m.name ORDER BY m.type, m.name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_upgraded_file_has_the_same_schema_as_a_new_one() {
    let (dir, ws) = open_copy("workspace-v1.factdesk");
    let upgraded = ws.path().to_owned();
    drop(ws);
    let fresh = dir.path().join("fresh.factdesk");
    drop(Workspace::create(&fresh).unwrap());
    assert_eq!(schema_of(&upgraded), schema_of(&fresh));
    // And the merge of version 2 works on it: an upgraded file takes a colleague's work.
    let mut ws = Workspace::open(&upgraded).unwrap();
    let report = factdesk::store::merge::merge_file(&mut ws, &fresh, None, "tester").unwrap();
    assert_eq!(report.claims.added, 0);
    assert!(report.conflicts.is_empty());
}

#[test]
fn version_2_fixture_upgrades_to_the_current_schema_with_its_claims() {
    let (dir, ws) = open_copy("workspace-v2.factdesk");
    let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0].speaker.as_ref().unwrap().name, "Maria Lind");
    let upgraded = ws.path().to_owned();
    drop(ws);
    let fresh = dir.path().join("fresh.factdesk");
    drop(Workspace::create(&fresh).unwrap());
    assert_eq!(schema_of(&upgraded), schema_of(&fresh));
}

#[test]
fn version_3_fixture_upgrades_with_its_dismissals_and_no_sync_link() {
    let (dir, ws) = open_copy("workspace-v3.factdesk");
    let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 2);
    let dismissed: i64 = ws
        .conn()
        .query_row("SELECT count(*) FROM suggestion_dismissal", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dismissed, 1);
    assert!(factdesk::sync::link(ws.conn()).unwrap().is_none());
    let upgraded = ws.path().to_owned();
    drop(ws);
    let fresh = dir.path().join("fresh.factdesk");
    drop(Workspace::create(&fresh).unwrap());
    assert_eq!(schema_of(&upgraded), schema_of(&fresh));
}

#[test]
fn version_4_fixture_upgrades_keeping_its_team_link_and_no_verdict_waits() {
    let (dir, mut ws) = open_copy("workspace-v4.factdesk");
    let link = factdesk::sync::link(ws.conn()).unwrap().unwrap();
    assert_eq!((link.workspace.as_str(), link.cursor), ("harbour", 7));
    let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 2);
    assert!(claims.iter().all(|c| c.proposal.is_none()));
    // The new columns work on the upgraded file: a verdict can wait for sign-off.
    let judged = claims.iter().find(|c| c.status == Status::False).unwrap();
    assert!(
        ws.write(|tx| factdesk::store::write::propose_verdict(
            tx,
            &judged.id,
            Status::InProgress,
            "bob"
        ))
        .unwrap()
    );
    let waiting = read::claim(ws.conn(), &judged.id).unwrap();
    assert_eq!(waiting.status, Status::InProgress);
    assert_eq!(
        waiting.proposal.map(|p| (p.status, p.by)),
        Some((Status::False, "bob".to_owned()))
    );
    let upgraded = ws.path().to_owned();
    drop(ws);
    let fresh = dir.path().join("fresh.factdesk");
    drop(Workspace::create(&fresh).unwrap());
    assert_eq!(schema_of(&upgraded), schema_of(&fresh));
}

#[test]
fn every_upgraded_fixture_and_its_copy_open_again() {
    for version in 1..SCHEMA_VERSION {
        let (dir, ws) = open_copy(&format!("workspace-v{version}.factdesk"));
        let upgraded = ws.path().to_owned();
        let copy = dir.path().join("saved.factdesk");
        ws.save_copy(&copy).unwrap();
        drop(ws);
        // Its tables now have the statements the migrations wrote, not schema.sql's text.
        drop(Workspace::open(&upgraded).unwrap());
        drop(Workspace::open(&copy).unwrap());
    }
}
