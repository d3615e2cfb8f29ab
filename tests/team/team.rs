//! The team workspace against a real PostgreSQL server (tests/pg/server.sh starts a
//! throwaway one per test): administration, sync between two laptops' files, conflicts,
//! retries, row-level security tried with raw SQL, sign-off, removal from a desk.
//! Without PostgreSQL installed each test says how to run it and skips.

use crate::common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use common::pg::{self, Pg};
use factdesk::model::{ArticleId, CharRange, ClaimId, Proposal, Status};
use factdesk::store::Workspace;
use factdesk::store::merge;
use factdesk::store::read::{self, ClaimFilter};
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use factdesk::sync::server::{self, Role};
use serde_json::Value;

const BODY: &str = "Harbour pier “over budget”, critics say\n\n\
“The pier cost €4 million — not a cent more,” said Maria Lind, chair of the Harbour Authority.\n\n\
Café owners in Ærøskøbing say the figure was 6.1 million. 東京 rose 12% 😀 last year.";

/// A newsroom: database `newsroom` with factdesk installed; alice (editor) and bob
/// (checker) on desk politics, carol (checker) on desk sport.
fn newsroom(pg: &Pg) -> String {
    let admin = pg.newsroom("newsroom");
    server::add_member(&admin, "alice", "politics", Role::Editor, Some("alice-pw")).unwrap();
    server::add_member(&admin, "bob", "politics", Role::Checker, Some("bob-pw")).unwrap();
    server::add_member(&admin, "carol", "sport", Role::Editor, Some("carol-pw")).unwrap();
    admin
}

fn url(pg: &Pg, login: &str) -> String {
    pg.url_as(login, &format!("{login}-pw"), "newsroom")
}

/// A workspace file with the article and two claims, one with a speaker.
fn laptop(dir: &Path, name: &str) -> (Workspace, ArticleId, Vec<ClaimId>) {
    let mut ws = Workspace::create(&dir.join(name)).unwrap();
    let (article, claims) = ws
        .write(|tx| {
            let article = write::import_article(
                tx,
                &NewArticle {
                    title: "Harbour pier “over budget”".into(),
                    outlet: "Coastal Times".into(),
                    body: BODY.into(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "alice",
            )?;
            let quote = "The pier cost €4 million — not a cent more";
            let start = BODY.chars().collect::<String>().find(quote).unwrap();
            let start = BODY[..start].chars().count();
            let a = write::add_claim(
                tx,
                &article,
                CharRange::new(start, start + quote.chars().count()),
                &ClaimPatch {
                    speaker: Some(Some("Maria Lind".into())),
                    status: Some(Status::InProgress),
                    ..ClaimPatch::default()
                },
                "alice",
            )?;
            let q2 = "東京 rose 12% 😀";
            let s2 = BODY[..BODY.find(q2).unwrap()].chars().count();
            let b = write::add_claim(
                tx,
                &article,
                CharRange::new(s2, s2 + q2.chars().count()),
                &ClaimPatch::default(),
                "alice",
            )?;
            Ok((article, vec![a, b]))
        })
        .unwrap();
    (ws, article, claims)
}

fn file_content(conn: &rusqlite::Connection) -> BTreeMap<(String, String), Value> {
    pg::file_content(conn)
}

fn server_content(pg: &Pg, workspace: &str) -> BTreeMap<(String, String), Value> {
    pg.server_content(Some(workspace))
}

fn claim(ws: &Workspace, id: &ClaimId) -> factdesk::model::Claim {
    read::claim_any(ws.conn(), id).unwrap().unwrap().0
}

fn set(ws: &mut Workspace, id: &ClaimId, patch: &ClaimPatch, who: &str) {
    ws.write(|tx| write::update_claim(tx, id, patch, who))
        .unwrap();
}

#[test]
fn admin_commands_members_and_a_first_connect_that_creates_the_workspace() {
    let Some(pg) = pg::start() else { return };
    let admin = pg.newsroom("newsroom");
    // add-member through the command line, password on standard input.
    let mut child = Command::new(common::bin())
        .args([
            "server",
            "add-member",
            &admin,
            "alice",
            "--desk",
            "politics",
            "--role",
            "editor",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"alice-pw\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("alice is editor on desk politics (new login) (new desk)"),
        "{said}"
    );
    // The login works with that password, and its password is stored as SCRAM.
    let mut c = pg.client("admin", &pg.password, "newsroom");
    let verifier: String = c
        .query_one(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(verifier.starts_with("SCRAM-SHA-256$"), "{verifier}");
    // Init twice is refused; migrate says it is current.
    let again = server::init(&admin).unwrap_err().to_string();
    assert!(again.contains("already installed"), "{again}");
    assert_eq!(server::migrate(&admin).unwrap(), (2, 2));
    // A file from an older server schema is told what to do.
    c.batch_execute("UPDATE factdesk.schema_info SET version = 99")
        .unwrap();
    let newer =
        factdesk::sync::server::check_version(&mut pg.client("alice", "alice-pw", "newsroom"))
            .unwrap_err()
            .to_string();
    assert!(newer.contains("newer than this build"), "{newer}");
    c.batch_execute("UPDATE factdesk.schema_info SET version = 2")
        .unwrap();

    // connect through the command line: alice, an editor, creates the workspace.
    let dir = tempfile::tempdir().unwrap();
    let (ws, _, claims) = laptop(dir.path(), "alice.factdesk");
    drop(ws);
    let file = dir.path().join("alice.factdesk");
    let out = common::ok(&[
        "connect",
        file.to_str().unwrap(),
        &url(&pg, "alice"),
        "--workspace",
        "harbour",
    ]);
    assert!(out.contains("created team workspace harbour"), "{out}");
    let ws = Workspace::open(&file).unwrap();
    let link = factdesk::sync::link(ws.conn()).unwrap().unwrap();
    assert!(
        !link.url.contains("alice-pw"),
        "the password never reaches the file: {}",
        link.url
    );
    assert_eq!(file_content(ws.conn()), server_content(&pg, "harbour"));
    // The server set the author from the login, whatever the rows say.
    let authors: Vec<String> = c
        .query("SELECT DISTINCT author FROM factdesk.entry", &[])
        .unwrap()
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(authors, ["alice"]);
    assert_eq!(claims.len(), 2);
    // Without a password anywhere, the message says where to give it.
    let out = Command::new(common::bin())
        .args([
            "sync",
            file.to_str().unwrap(),
            "--url",
            &format!(
                "postgres://alice@127.0.0.1:{}/newsroom?sslmode=disable",
                pg.port
            ),
        ])
        .env_remove("PGPASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("asks for the password of alice"), "{said}");
    let out = common::ok(&["check", file.to_str().unwrap()]);
    assert!(
        out.contains("team workspace: harbour at postgres://alice@127.0.0.1:"),
        "{out}"
    );
    // A second sync finds nothing to do.
    let out = common::ok(&[
        "sync",
        file.to_str().unwrap(),
        "--url",
        &url(&pg, "alice"),
        "--json",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["pushed"], 0, "{out}");
    assert_eq!(report["pulled"], 0, "{out}");
}

#[test]
fn two_laptops_edit_offline_then_sync_one_sided_changes_merge_and_both_sided_conflict() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    // Bob starts from an empty file and pulls everything.
    let mut b = Workspace::create(&dir.path().join("bob.factdesk")).unwrap();
    let first = factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    assert!(!first.created);
    assert_eq!(
        first.sync.pulled,
        file_content(a.conn()).len(),
        "{:?}",
        first.sync
    );
    assert_eq!(file_content(b.conn()), file_content(a.conn()));

    let (c1, c2) = (&claims[0], &claims[1]);
    // Offline: alice changes the summary of c1 and deletes c2; bob changes the notes of c1
    // (one-sided each), both change c1's verdict to different values, and bob edits c2.
    set(
        &mut a,
        c1,
        &ClaimPatch {
            summary: Some("Minutes show €6.1m".into()),
            ..ClaimPatch::default()
        },
        "alice",
    );
    set(
        &mut a,
        c1,
        &ClaimPatch {
            status: Some(Status::False),
            ..ClaimPatch::default()
        },
        "alice",
    );
    a.write(|tx| write::delete_claim(tx, c2, "alice")).unwrap();
    set(
        &mut b,
        c1,
        &ClaimPatch {
            notes: Some("Call the Authority".into()),
            ..ClaimPatch::default()
        },
        "bob",
    );
    set(
        &mut b,
        c1,
        &ClaimPatch {
            status: Some(Status::Misleading),
            ..ClaimPatch::default()
        },
        "bob",
    );
    set(
        &mut b,
        c2,
        &ClaimPatch {
            summary: Some("Tokyo figure checked".into()),
            ..ClaimPatch::default()
        },
        "bob",
    );

    let ra = factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(ra.new_conflicts, 0);
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    // Bob: c1's verdict and c2's deletion-against-edit are conflicts; the rest merged.
    assert_eq!(rb.new_conflicts, 2, "{rb:?}");
    let got = claim(&b, c1);
    assert_eq!(
        got.summary, "Minutes show €6.1m",
        "alice's one-sided summary arrived"
    );
    assert_eq!(got.notes, "Call the Authority", "bob's notes stayed");
    assert_eq!(
        got.status,
        Status::Misleading,
        "mine is kept while the conflict is open"
    );
    let open = merge::conflicts(b.conn()).unwrap();
    let verdict = open
        .iter()
        .find(|c| c.conflict.field == merge::Field::Status)
        .unwrap();
    assert_eq!(verdict.conflict.claim_id, *c1);
    assert_eq!(verdict.conflict.mine, Value::String("misleading".into()));
    assert_eq!(verdict.conflict.theirs, Value::String("false".into()));
    assert_eq!(verdict.conflict.theirs_by, "alice");
    let deleted = open
        .iter()
        .find(|c| c.conflict.field == merge::Field::Deleted)
        .unwrap();
    assert_eq!(deleted.conflict.claim_id, *c2);
    assert_eq!(deleted.conflict.theirs, Value::Bool(true));

    // The server got bob's one-sided notes and c2's summary, but not his disputed verdict.
    let server = server_content(&pg, "harbour");
    let s1 = &server[&("claim".to_owned(), c1.to_string())];
    assert_eq!(s1["notes"], "Call the Authority");
    assert_eq!(
        s1["status"], "false",
        "a conflicted field waits: the server keeps alice's"
    );
    let s2 = &server[&("claim".to_owned(), c2.to_string())];
    assert_eq!(s2["summary"], "Tokyo figure checked");
    assert_eq!(s2["deleted"], true);

    // Alice pulls bob's one-sided changes with no conflict of her own.
    let ra = factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(ra.new_conflicts, 0, "{ra:?}");
    assert_eq!(claim(&a, c1).notes, "Call the Authority");

    // Bob settles: takes alice's verdict, keeps c2 (restores it). Both go up; alice follows.
    for c in &open {
        let take = if c.conflict.field == merge::Field::Status {
            merge::Resolution::TakeTheirs
        } else {
            merge::Resolution::KeepMine
        };
        b.write(|tx| merge::resolve(tx, &c.id, &take, "bob"))
            .unwrap();
    }
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!(rb.open_conflicts, 0);

    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(claim(&a, c1).status, Status::False);
    let (c2_at_alice, deleted_at_alice) = read::claim_any(a.conn(), c2).unwrap().unwrap();
    assert!(!deleted_at_alice, "bob kept c2: it is back for alice");
    assert_eq!(c2_at_alice.summary, "Tokyo figure checked");
    // Everyone agrees with the server.
    assert_eq!(file_content(a.conn()), server_content(&pg, "harbour"));
    assert_eq!(file_content(b.conn()), server_content(&pg, "harbour"));
    // History travelled: bob sees alice's verdict change in c1's history.
    let history = read::history(b.conn(), c1).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.by == "alice" && h.new_value.contains("false")),
        "{history:?}"
    );
}

#[test]
fn a_change_pushed_twice_is_applied_once_and_a_stale_base_is_refused() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let mut c = pg.client("alice", "alice-pw", "newsroom");
    let (ws_id, version, data): (String, i64, Value) = {
        let r = c
            .query_one(
                "SELECT workspace_id, version, data FROM factdesk.entry WHERE kind = 'claim' AND id = $1",
                &[&claims[0].as_str()],
            )
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    let mut changed = data.clone();
    changed["summary"] = Value::String("pushed twice".into());
    let change = serde_json::json!([{
        "change_id": "retry-1", "kind": "claim", "id": claims[0], "base": version, "data": changed
    }]);
    let push = |c: &mut postgres::Client| -> (String, Option<i64>) {
        let r = c
            .query_one(
                "SELECT outcome, version FROM factdesk.push($1, $2)",
                &[&ws_id, &change],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(push(&mut c), ("applied".to_owned(), Some(version + 1)));
    // The answer was lost; the client sends the same change again: applied once.
    assert_eq!(push(&mut c), ("duplicate".to_owned(), Some(version + 1)));
    let now: i64 = c
        .query_one(
            "SELECT version FROM factdesk.entry WHERE id = $1",
            &[&claims[0].as_str()],
        )
        .unwrap()
        .get(0);
    assert_eq!(now, version + 1);
    // Another change on the old base is refused: the row moved on.
    let stale = serde_json::json!([{
        "change_id": "stale-1", "kind": "claim", "id": claims[0], "base": version, "data": data
    }]);
    let r = c
        .query_one(
            "SELECT outcome FROM factdesk.push($1, $2)",
            &[&ws_id, &stale],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "conflict");
    // Entries are written only through push: the client cannot forge the author, version
    // or sequence, nor skip the conditional write.
    let forged = c.execute(
        "UPDATE factdesk.entry SET author = 'mallory', version = 1000, seq = 1000000
         WHERE id = $1",
        &[&claims[0].as_str()],
    );
    assert!(forged.is_err(), "members have no UPDATE on entries");
    let r = c
        .query_one(
            "SELECT author, version FROM factdesk.entry WHERE id = $1",
            &[&claims[0].as_str()],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "alice");
    assert_eq!(r.get::<_, i64>(1), version + 1);
    // The file follows: the summary arrives at the next sync.
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(claim(&a, &claims[0]).summary, "pushed twice");
    assert_eq!(file_content(a.conn()), server_content(&pg, "harbour"));
}

#[test]
fn a_checker_of_one_desk_can_neither_read_nor_write_another_desks_workspace_in_raw_sql() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let ws_id = factdesk::sync::link(a.conn())
        .unwrap()
        .unwrap()
        .workspace_id;
    // carol is on desk sport: through the app…
    let mut c_file = Workspace::create(&dir.path().join("carol.factdesk")).unwrap();
    let err = factdesk::sync::connect(&mut c_file, &url(&pg, "carol"), "harbour", None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("already exists on a desk this login is not on"),
        "{err}"
    );
    // …and in raw SQL as her login.
    let mut c = pg.client("carol", "carol-pw", "newsroom");
    let seen: i64 = c
        .query_one("SELECT count(*) FROM factdesk.entry", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "no entry of desk politics is visible");
    let seen: i64 = c
        .query_one("SELECT count(*) FROM factdesk.workspace", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    let members: i64 = c
        .query_one("SELECT count(*) FROM factdesk.member", &[])
        .unwrap()
        .get(0);
    assert_eq!(members, 1, "only her own membership");
    let updated = c.execute(
        "UPDATE factdesk.entry SET data = data || '{\"status\": \"true\"}' WHERE id = $1",
        &[&claims[0].as_str()],
    );
    assert!(
        updated.is_err(),
        "entries are written only through factdesk.push"
    );
    let insert = c.execute(
        "INSERT INTO factdesk.entry (workspace_id, kind, id, version, seq, author, changed_at, data)
         VALUES ($1, 'claim', 'forged', 1, 1, 'carol', now(), '{}')",
        &[&ws_id],
    );
    assert!(insert.is_err(), "row-level security refuses the insert");
    let push = c.query("SELECT * FROM factdesk.push($1, '[]')", &[&ws_id]);
    assert!(push.is_err());
    assert!(
        c.execute("DELETE FROM factdesk.entry", &[]).is_err(),
        "no delete privilege"
    );
    assert!(
        c.execute("UPDATE factdesk.workspace SET change_counter = 0", &[])
            .is_err()
    );
    assert!(
        c.execute(
            "INSERT INTO factdesk.member VALUES ('carol', $1, 'admin')",
            &[&"x"]
        )
        .is_err()
    );
    // Policies are forced, even for the owner; RLS is on for every table.
    let forced: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'factdesk'::regnamespace
             AND relkind = 'r' AND relrowsecurity AND relforcerowsecurity",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(forced, 5);
    // bob, on desk politics, sees it all.
    let mut b = pg.client("bob", "bob-pw", "newsroom");
    let seen: i64 = b
        .query_one("SELECT count(*) FROM factdesk.entry", &[])
        .unwrap()
        .get(0);
    assert_eq!(usize::try_from(seen).unwrap(), file_content(a.conn()).len());
}

#[test]
fn a_checkers_final_verdict_waits_as_a_proposal_the_editor_signs_off_and_a_removed_member_stops_seeing_the_desk()
 {
    let Some(pg) = pg::start() else { return };
    let admin = newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    server::set_signoff(&admin, "harbour", true).unwrap();
    let mut b = Workspace::create(&dir.path().join("bob.factdesk")).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    // bob, a checker, sets a final verdict and a note: the note goes, the verdict goes up
    // as a proposal for an editor.
    set(
        &mut b,
        &claims[0],
        &ClaimPatch {
            status: Some(Status::False),
            notes: Some("checked".into()),
            ..ClaimPatch::default()
        },
        "bob",
    );
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!(rb.held_for_signoff, 1, "{rb:?}");
    assert_eq!(rb.awaiting_signoff, 1, "{rb:?}");
    let held = claim(&b, &claims[0]);
    assert_eq!(
        held.status,
        Status::InProgress,
        "bob's file shows what the desk sees"
    );
    assert_eq!(
        held.proposal,
        Some(Proposal {
            status: Status::False,
            by: "bob".into()
        })
    );
    let server = server_content(&pg, "harbour");
    let on_server = &server[&("claim".to_owned(), claims[0].to_string())];
    assert_eq!(on_server["status"], "in_progress");
    assert_eq!(on_server["notes"], "checked");
    assert_eq!(on_server["proposed_status"], "false");
    assert_eq!(
        server,
        file_content(b.conn()),
        "bob's file equals the server"
    );
    let history = read::history(b.conn(), &claims[0]).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.field == "proposal" && h.new_value == "false" && h.by == "bob"),
        "{history:?}"
    );
    // alice, the editor, sees the proposal at her next sync.
    let ra = factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(ra.awaiting_signoff, 1, "{ra:?}");
    assert_eq!(
        claim(&a, &claims[0]).proposal.map(|p| (p.status, p.by)),
        Some((Status::False, "bob".to_owned()))
    );
    // In raw SQL the server refuses it too.
    let mut c = pg.client("bob", "bob-pw", "newsroom");
    let ws_id = factdesk::sync::link(b.conn())
        .unwrap()
        .unwrap()
        .workspace_id;
    let r = c
        .query_one(
            "SELECT version, data FROM factdesk.entry WHERE id = $1",
            &[&claims[0].as_str()],
        )
        .unwrap();
    let (version, mut data): (i64, Value) = (r.get(0), r.get(1));
    data["status"] = Value::String("false".into());
    let change = serde_json::json!([{
        "change_id": "bob-final", "kind": "claim", "id": claims[0], "base": version, "data": data
    }]);
    let err = c
        .query("SELECT * FROM factdesk.push($1, $2)", &[&ws_id, &change])
        .unwrap_err();
    let err = factdesk::Error::from(err).to_string();
    assert!(err.contains("requires sign-off"), "{err}");
    // alice, an editor, signs it off: she sets the verdict, which settles the proposal.
    set(
        &mut a,
        &claims[0],
        &ClaimPatch {
            status: Some(Status::False),
            ..ClaimPatch::default()
        },
        "alice",
    );
    assert_eq!(claim(&a, &claims[0]).proposal, None);
    let ra = factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(ra.held_for_signoff, 0);
    assert_eq!(ra.awaiting_signoff, 0);
    let server = server_content(&pg, "harbour");
    let on_server = &server[&("claim".to_owned(), claims[0].to_string())];
    assert_eq!(on_server["status"], "false");
    assert!(on_server.get("proposed_status").is_none(), "{on_server}");
    // bob's next sync brings the signed-off verdict.
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!((rb.new_conflicts, rb.awaiting_signoff), (0, 0), "{rb:?}");
    let signed = claim(&b, &claims[0]);
    assert_eq!((signed.status, signed.proposal), (Status::False, None));
    // Bob is removed from the desk: his next sync is refused, his file keeps everything.
    assert!(server::remove_member(&admin, "bob", "politics").unwrap());
    let err = factdesk::sync::sync_url(&mut b, &url(&pg, "bob"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not visible to this login"), "{err}");
    assert_eq!(
        read::claims(b.conn(), &ClaimFilter::default())
            .unwrap()
            .len(),
        2
    );
    let seen: i64 = c
        .query_one("SELECT count(*) FROM factdesk.entry", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
}

#[test]
fn a_watching_laptop_gets_a_colleagues_edit_by_notification_not_by_polling() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let bob = dir.path().join("bob.factdesk");
    let mut b = Workspace::create(&bob).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    drop(b);
    // Bob's window syncs in the background and polls only every 60 s.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let states = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (flag, seen, path, u) = (stop.clone(), states.clone(), bob.clone(), url(&pg, "bob"));
    let worker = std::thread::spawn(move || {
        let mut ws = Workspace::open(&path).unwrap();
        factdesk::sync::watch(
            &mut ws,
            &u,
            std::time::Duration::from_secs(60),
            &flag,
            |s| {
                seen.lock().unwrap().push(s.clone());
            },
        )
        .unwrap();
    });
    // Wait for its first sync, then alice edits and syncs.
    let t = std::time::Instant::now();
    while !states
        .lock()
        .unwrap()
        .iter()
        .any(|s| matches!(s, factdesk::sync::SyncState::Online { .. }))
    {
        assert!(t.elapsed().as_secs() < 30, "bob's worker never came online");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    set(
        &mut a,
        &claims[0],
        &ClaimPatch {
            notes: Some("Pier minutes, p. 4".into()),
            ..ClaimPatch::default()
        },
        "alice",
    );
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    let t = std::time::Instant::now();
    let watched = Workspace::open(&bob).unwrap();
    loop {
        if claim(&watched, &claims[0]).notes == "Pier minutes, p. 4" {
            break;
        }
        // Far below the 60 s poll: only the notification can have brought it.
        assert!(
            t.elapsed().as_secs() < 10,
            "the edit did not arrive by notification"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    worker.join().unwrap();
}

#[test]
fn tls_with_the_newsrooms_own_authority_and_a_refusal_without_it() {
    let Some(pg) = pg::start_tls() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, _) = laptop(dir.path(), "alice.factdesk");
    let tls_url = format!(
        "postgres://alice:alice-pw@127.0.0.1:{}/newsroom?sslmode=require",
        pg.port
    );
    // Without the authority the certificate is not trusted: refused, never sent in clear.
    let err = factdesk::sync::connect(&mut a, &tls_url, "harbour", None)
        .unwrap_err()
        .to_string();
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    assert!(
        factdesk::sync::link(a.conn()).unwrap().is_none(),
        "nothing linked"
    );
    // With it (as libpq takes it: sslrootcert in the URL), the sync runs over TLS.
    let tls_url = format!("{tls_url}&sslrootcert={}", pg.ca().display());
    let mut client = factdesk::sync::server::connect(&tls_url).unwrap();
    let ssl: bool = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(ssl, "the connection is encrypted");
    let done = factdesk::sync::connect(&mut a, &tls_url, "harbour", None).unwrap();
    assert!(done.created);
    assert_eq!(file_content(a.conn()), server_content(&pg, "harbour"));
}

#[test]
fn a_write_refused_because_the_row_moved_on_is_merged_and_sent_again() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let mut b = Workspace::create(&dir.path().join("bob.factdesk")).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    set(
        &mut a,
        &claims[0],
        &ClaimPatch {
            summary: Some("Minutes show €6.1m".into()),
            ..ClaimPatch::default()
        },
        "alice",
    );
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    // Alice's change lands between bob's pull and his push: his cursor is already past it.
    let head: i64 = pg
        .client("admin", &pg.password, "newsroom")
        .query_one("SELECT change_counter FROM factdesk.workspace", &[])
        .unwrap()
        .get(0);
    b.write(|tx| Ok(tx.execute("UPDATE sync_link SET cursor = ?1", [head])?))
        .unwrap();
    set(
        &mut b,
        &claims[0],
        &ClaimPatch {
            notes: Some("Call the Authority".into()),
            ..ClaimPatch::default()
        },
        "bob",
    );
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!(rb.refused, 1, "{rb:?}");
    assert_eq!(rb.new_conflicts, 0);
    let server = server_content(&pg, "harbour");
    let row = &server[&("claim".to_owned(), claims[0].to_string())];
    assert_eq!(
        row["summary"], "Minutes show €6.1m",
        "alice's change is not overwritten"
    );
    assert_eq!(
        row["notes"], "Call the Authority",
        "bob's goes up on the new base"
    );
    assert_eq!(claim(&b, &claims[0]).summary, "Minutes show €6.1m");
}

#[test]
fn under_sign_off_a_checker_cannot_take_back_an_editors_final_verdict_and_the_editor_declines() {
    let Some(pg) = pg::start() else { return };
    let admin = newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    set(
        &mut a,
        &claims[0],
        &ClaimPatch {
            status: Some(Status::False),
            ..ClaimPatch::default()
        },
        "alice",
    );
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    server::set_signoff(&admin, "harbour", true).unwrap();
    let mut b = Workspace::create(&dir.path().join("bob.factdesk")).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    set(
        &mut b,
        &claims[0],
        &ClaimPatch {
            status: Some(Status::InProgress),
            ..ClaimPatch::default()
        },
        "bob",
    );
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!(rb.held_for_signoff, 1, "{rb:?}");
    let server = server_content(&pg, "harbour");
    let on_server = &server[&("claim".to_owned(), claims[0].to_string())];
    assert_eq!(on_server["status"], "false");
    assert_eq!(
        on_server["proposed_status"], "in_progress",
        "reopening waits too"
    );
    assert_eq!(claim(&b, &claims[0]).status, Status::False);
    // alice declines the proposal: the verdict stands, for bob too.
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert!(
        a.write(|tx| factdesk::store::write::decline_proposal(tx, &claims[0], "alice"))
            .unwrap()
    );
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!((rb.held_for_signoff, rb.awaiting_signoff), (0, 0), "{rb:?}");
    let kept = claim(&b, &claims[0]);
    assert_eq!((kept.status, kept.proposal), (Status::False, None));
    assert_eq!(server_content(&pg, "harbour"), file_content(b.conn()));
    assert_eq!(server_content(&pg, "harbour"), file_content(a.conn()));
}

#[test]
fn a_claim_made_on_the_old_text_follows_a_colleagues_correction() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, article, _) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let mut b = Workspace::create(&dir.path().join("bob.factdesk")).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    // Bob, offline, quotes the café owners on the text he has.
    let quote = "Café owners in Ærøskøbing say the figure was 6.1 million";
    let start = BODY[..BODY.find(quote).unwrap()].chars().count();
    let bobs = b
        .write(|tx| {
            write::add_claim(
                tx,
                &article,
                CharRange::new(start, start + quote.chars().count()),
                &ClaimPatch::default(),
                "bob",
            )
        })
        .unwrap();
    // Alice imports the corrected article (a line added at the top) and syncs.
    let corrected =
        format!("Correction, 5 March: an earlier version misnamed the chair.\n\n{BODY}");
    a.write(|tx| {
        write::replace_article_text(
            tx,
            &article,
            &corrected,
            &factdesk::model::TextSource::Paste,
            "alice",
        )
    })
    .unwrap();
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    // Bob's sync brings the new text; his claim follows it and goes up.
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!(rb.reanchored, 1, "{rb:?}");
    let current = read::article(b.conn(), &article).unwrap();
    assert_eq!(current.revision_number, 2);
    let moved = claim(&b, &bobs);
    assert_eq!(moved.revision_id, current.current_revision_id);
    assert_eq!(moved.anchor.quote, quote);
    let at = corrected[..corrected.find(quote).unwrap()].chars().count();
    assert_eq!(moved.anchor.range.start, at);
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    assert_eq!(claim(&a, &bobs).anchor.range.start, at);
    assert_eq!(file_content(a.conn()), server_content(&pg, "harbour"));
}

#[test]
fn the_admin_of_one_newsrooms_database_is_no_admin_of_another_on_the_same_server() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    // chief owns another database on the same server and installs factdesk there.
    let mut c = pg.client("admin", &pg.password, "postgres");
    c.batch_execute("CREATE ROLE chief LOGIN CREATEROLE PASSWORD 'chief-pw'")
        .unwrap();
    c.batch_execute("CREATE DATABASE other OWNER chief")
        .unwrap();
    let chief_other = pg.url_as("chief", "chief-pw", "other");
    server::init(&chief_other).unwrap();
    server::add_member(
        &chief_other,
        "dana",
        "sport",
        Role::Checker,
        Some("dana-pw"),
    )
    .unwrap();
    // In the newsroom's database chief is nobody: no desks, no members, no workspaces.
    let chief_newsroom = pg.url_as("chief", "chief-pw", "newsroom");
    let err = server::add_member(&chief_newsroom, "chief", "politics", Role::Admin, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row-level security"), "{err}");
    let mut as_chief = pg.client("chief", "chief-pw", "newsroom");
    for table in ["desk", "member", "workspace", "entry"] {
        let n: i64 = as_chief
            .query_one(&format!("SELECT count(*) FROM factdesk.{table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "chief sees no {table} of the newsroom");
    }
}

#[test]
fn the_same_speaker_made_on_two_laptops_becomes_one_everywhere() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, article, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let mut b = Workspace::create(&dir.path().join("bob.factdesk")).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    // Offline, both name the speaker of claims with no speaker yet: "José Núñez".
    set(
        &mut a,
        &claims[1],
        &ClaimPatch {
            speaker: Some(Some("José Núñez".into())),
            ..ClaimPatch::default()
        },
        "alice",
    );
    let quote = "Café owners in Ærøskøbing say the figure was 6.1 million";
    let start = BODY[..BODY.find(quote).unwrap()].chars().count();
    let bobs = b
        .write(|tx| {
            write::add_claim(
                tx,
                &article,
                CharRange::new(start, start + quote.chars().count()),
                &ClaimPatch {
                    speaker: Some(Some("josé  NÚÑEZ".into())),
                    ..ClaimPatch::default()
                },
                "bob",
            )
        })
        .unwrap();
    for _ in 0..2 {
        factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
        factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    }
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    for ws in [&a, &b] {
        let named: Vec<_> = read::speakers(ws.conn())
            .unwrap()
            .into_iter()
            .filter(|s| s.name.to_lowercase().contains("núñez"))
            .collect();
        assert_eq!(named.len(), 1, "{named:?}");
        let one = &named[0];
        assert_eq!(claim(ws, &claims[1]).speaker.unwrap().id, one.id);
        assert_eq!(claim(ws, &bobs).speaker.unwrap().id, one.id);
    }
    assert_eq!(file_content(a.conn()), server_content(&pg, "harbour"));
    assert_eq!(file_content(b.conn()), server_content(&pg, "harbour"));
    assert!(merge::conflicts(a.conn()).unwrap().is_empty());
    assert!(merge::conflicts(b.conn()).unwrap().is_empty());
}

// Issue 15, item 5: a refused push whose server row points at a revision this laptop has not
// pulled yet pulls and merges; it never pushes over the colleague's row.
#[test]
fn a_colleagues_reanchored_edit_landing_mid_sync_is_merged_not_overwritten() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, article, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let bob_file = dir.path().join("bob.factdesk");
    let mut b = Workspace::create(&bob_file).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    let c = &claims[0];
    // Bob edits C's notes, and his sync stops between its pull and its push.
    set(
        &mut b,
        c,
        &ClaimPatch {
            notes: Some("Call the Authority".into()),
            ..ClaimPatch::default()
        },
        "bob",
    );
    drop(b);
    let gate = dir.path().join("gate");
    let bob_sync = Command::new(common::bin())
        .args([
            "sync",
            bob_file.to_str().unwrap(),
            "--url",
            &url(&pg, "bob"),
            "--json",
        ])
        .env("FACTDESK_TEST_GATE_BEFORE_PUSH", &gate)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let waiting = dir.path().join("gate.waiting");
    for _ in 0..500 {
        if waiting.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(waiting.exists(), "bob's sync reached its push");
    // Meanwhile Alice corrects the article (C re-anchors onto the new revision), gives C a
    // verdict and a summary, and syncs.
    let corrected =
        format!("Correction, 5 March: an earlier version misnamed the chair.\n\n{BODY}");
    a.write(|tx| {
        write::replace_article_text(
            tx,
            &article,
            &corrected,
            &factdesk::model::TextSource::Paste,
            "alice",
        )
    })
    .unwrap();
    set(
        &mut a,
        c,
        &ClaimPatch {
            status: Some(Status::False),
            summary: Some("Minutes show €6.1m".into()),
            ..ClaimPatch::default()
        },
        "alice",
    );
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    std::fs::write(&gate, b"go").unwrap();
    let out = bob_sync.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["refused"].as_u64().unwrap() >= 1, "{report}");
    // Everyone's work is there: Alice's verdict, summary and anchor, and Bob's notes.
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    let b = Workspace::open(&bob_file).unwrap();
    for ws in [&a, &b] {
        let got = claim(ws, c);
        assert_eq!(got.status, Status::False, "alice's verdict stands");
        assert_eq!(got.summary, "Minutes show €6.1m");
        assert_eq!(got.notes, "Call the Authority", "bob's notes arrived");
        let current = read::article(ws.conn(), &article).unwrap();
        assert_eq!(
            got.revision_id, current.current_revision_id,
            "on the correction"
        );
    }
    assert_eq!(file_content(a.conn()), server_content(&pg, "harbour"));
    assert_eq!(file_content(b.conn()), server_content(&pg, "harbour"));
}

/// Pushes one change to `id` as `login` in raw SQL: `edit` changes the entry's data as the
/// server has it. Returns the server's answer or its error.
fn raw_push(
    pg: &Pg,
    login: &str,
    ws_id: &str,
    kind: &str,
    id: &str,
    edit: impl FnOnce(&mut Value),
) -> Result<String, String> {
    let mut c = pg.client(login, &format!("{login}-pw"), "newsroom");
    let found = c
        .query_opt(
            "SELECT version, data FROM factdesk.entry WHERE kind = $1 AND id = $2",
            &[&kind, &id],
        )
        .unwrap();
    let (version, mut data): (i64, Value) = match found {
        Some(r) => (r.get(0), r.get(1)),
        None => (0, serde_json::json!({})),
    };
    edit(&mut data);
    let change = serde_json::json!([{
        "change_id": factdesk::model::new_id(), "kind": kind, "id": id, "base": version,
        "data": data
    }]);
    c.query(
        "SELECT outcome FROM factdesk.push($1, $2)",
        &[&ws_id, &change],
    )
    .map(|rows| rows[0].get::<_, String>(0))
    .map_err(|e| factdesk::Error::from(e).to_string())
}

// Issue 15, item 8: under sign-off, a signed-off claim changes only by an editor; authorship
// is the server's word; a checker's emailed final verdict is no publication either.
#[test]
fn sign_off_protects_every_field_authors_are_the_logins_and_a_merged_final_verdict_waits() {
    let Some(pg) = pg::start() else { return };
    let admin = newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    let (signed, open) = (&claims[0], &claims[1]);
    set(
        &mut a,
        signed,
        &ClaimPatch {
            status: Some(Status::False),
            summary: Some("Minutes show €6.1m".into()),
            ..ClaimPatch::default()
        },
        "alice",
    );
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    server::set_signoff(&admin, "harbour", true).unwrap();
    let bob_file = dir.path().join("bob.factdesk");
    let mut b = Workspace::create(&bob_file).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    let ws_id = factdesk::sync::link(b.conn())
        .unwrap()
        .unwrap()
        .workspace_id;

    // In raw SQL, bob (a checker) cannot touch the signed-off claim's words, summary,
    // speaker or deletion…
    for (key, value) in [
        ("summary", Value::from("Bob's summary")),
        ("quote", Value::from("The pier")),
        ("speaker_id", Value::Null),
        ("deleted", Value::Bool(true)),
    ] {
        let err = raw_push(&pg, "bob", &ws_id, "claim", signed, |d| {
            d[key] = value.clone();
        })
        .unwrap_err();
        assert!(err.contains("only an editor can change it"), "{key}: {err}");
    }
    // …and whoever he names, the server writes his login as the author.
    let answer = raw_push(&pg, "bob", &ws_id, "claim", open, |d| {
        d["notes"] = "checked".into();
        d["updated_by"] = "alice".into();
    })
    .unwrap();
    assert_eq!(answer, "applied");
    let history_id = factdesk::model::new_id();
    raw_push(&pg, "bob", &ws_id, "history", &history_id, |d| {
        *d = serde_json::json!({
            "claim_id": open, "at": "2026-03-05T10:00:00Z", "by": "alice",
            "field": "status", "old_value": "in_progress", "new_value": "false"
        });
    })
    .unwrap();
    let server = server_content(&pg, "harbour");
    assert_eq!(
        server[&("claim".to_owned(), open.to_string())]["updated_by"],
        "bob"
    );
    assert_eq!(server[&("history".to_owned(), history_id)]["by"], "bob");
    assert_eq!(
        server[&("claim".to_owned(), signed.to_string())]["summary"],
        "Minutes show €6.1m"
    );

    // Bob's app: his edit of the signed-off claim stays on his laptop and the sync goes on.
    factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    set(
        &mut b,
        signed,
        &ClaimPatch {
            notes: Some("Bob's note".into()),
            status: Some(Status::True),
            ..ClaimPatch::default()
        },
        "Bob Reviewer",
    );
    let rb = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert!(
        rb.rejected.iter().any(|r| r.contains("signed-off verdict")),
        "{rb:?}"
    );
    let on_server = &server_content(&pg, "harbour")[&("claim".to_owned(), signed.to_string())];
    assert_eq!(on_server["notes"], "", "the signed-off claim is unchanged");
    assert_eq!(on_server["status"], "false");
    assert_eq!(
        on_server["proposed_status"], "true",
        "his verdict went up as a proposal"
    );
    assert_eq!(on_server["proposed_by"], "bob");
    assert_eq!(
        claim(&b, signed).notes,
        "Bob's note",
        "his note is not lost"
    );

    // Bob emails alice his file, where he gave the open claim a final verdict: merging it
    // makes a proposal, not a published verdict.
    set(
        &mut b,
        open,
        &ClaimPatch {
            status: Some(Status::Misleading),
            ..ClaimPatch::default()
        },
        "bob",
    );
    drop(b);
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    let alice_file = a.path().to_owned();
    drop(a);
    let out = common::ok(&[
        "merge",
        alice_file.to_str().unwrap(),
        bob_file.to_str().unwrap(),
    ]);
    assert!(out.contains("1 final verdicts of theirs wait"), "{out}");
    let a = Workspace::open(&alice_file).unwrap();
    let merged = claim(&a, open);
    assert_eq!(
        merged.status,
        Status::Unreviewed,
        "not published by the merge"
    );
    assert_eq!(
        merged.proposal.map(|p| (p.status, p.by)),
        Some((Status::Misleading, "bob".to_owned()))
    );
}

#[test]
fn a_version_1_server_migrates_to_version_2_and_then_stamps_the_authors() {
    let Some(pg) = pg::start() else { return };
    pg.client("admin", &pg.password, "postgres")
        .batch_execute("CREATE DATABASE newsroom")
        .unwrap();
    let admin = pg.admin_url("newsroom");
    let mut c = pg.client("admin", &pg.password, "newsroom");
    // The server schema as version 1 installed it (frozen; never regenerate).
    c.batch_execute(include_str!("../fixtures/server-v1.sql"))
        .unwrap();
    c.batch_execute("GRANT factdesk_admin TO CURRENT_USER")
        .unwrap();
    let too_old = server::check_version(&mut pg.client("admin", &pg.password, "newsroom"))
        .unwrap_err()
        .to_string();
    assert!(too_old.contains("server migrate"), "{too_old}");
    assert_eq!(server::migrate(&admin).unwrap(), (1, 2));
    server::add_member(&admin, "alice", "politics", Role::Editor, Some("alice-pw")).unwrap();
    server::add_member(&admin, "bob", "politics", Role::Checker, Some("bob-pw")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, claims) = laptop(dir.path(), "alice.factdesk");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let ws_id = factdesk::sync::link(a.conn())
        .unwrap()
        .unwrap()
        .workspace_id;
    raw_push(&pg, "bob", &ws_id, "claim", &claims[1], |d| {
        d["updated_by"] = "alice".into();
        d["summary"] = "Bob's".into();
    })
    .unwrap();
    let server = server_content(&pg, "harbour");
    assert_eq!(
        server[&("claim".to_owned(), claims[1].to_string())]["updated_by"],
        "bob"
    );
    assert_eq!(file_content(a.conn()).len(), server.len());
}
