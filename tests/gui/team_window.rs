//! The team workspace in the window, driven headlessly with egui_kittest against a real
//! PostgreSQL (tests/pg/server.sh): connect from the File menu, the status indicator, a
//! colleague's edit showing up, disconnecting. Skips without PostgreSQL, saying how to run.

use crate::common;

use std::time::{Duration, Instant};

use common::pg;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use factdesk::model::CharRange;
use factdesk::store::Workspace;
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use factdesk::sync::server::{self, Role};
use factdesk::ui::app::{FactdeskApp, Settings};
use factdesk::ui::team::TeamForm;

fn step_until(
    h: &mut Harness<'static, FactdeskApp>,
    what: &str,
    done: impl Fn(&Harness<'static, FactdeskApp>) -> bool,
) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(30), "never: {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn connect_from_the_window_see_a_colleagues_edit_then_disconnect() {
    let Some(pg) = pg::start() else { return };
    let admin = pg.newsroom("newsroom");
    server::add_member(&admin, "alice", "politics", Role::Editor, Some("alice pw!")).unwrap();
    server::add_member(&admin, "bob", "politics", Role::Checker, Some("bob-pw")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.factdesk");
    let body = "“The pier cost €4 million,” said Maria Lind. Café owners say 6.1 million.";
    let mut ws = Workspace::create(&path).unwrap();
    let claim = ws
        .write(|tx| {
            let a = write::import_article(
                tx,
                &NewArticle {
                    title: "Harbour pier".into(),
                    body: body.into(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "alice",
            )?;
            write::add_claim(
                tx,
                &a,
                CharRange::new(1, 26),
                &ClaimPatch::default(),
                "alice",
            )
        })
        .unwrap();
    drop(ws);

    let mut app = FactdeskApp::new(Settings {
        reviewer: "alice".into(),
        ..Settings::default()
    });
    app.open_initial(Some(&path), None);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut FactdeskApp| app.show(ui), app);
    h.run();

    // File → Connect to a team workspace… opens the form; fill it and press Connect.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Connect to a team workspace…").click();
    h.run();
    assert!(h.state().team.form.is_some(), "the form is open");
    h.state_mut().team.form = Some(TeamForm {
        url: format!(
            "postgres://alice@127.0.0.1:{}/newsroom?sslmode=disable",
            pg.port
        ),
        password: "alice pw!".into(),
        workspace: "harbour".into(),
        ..TeamForm::default()
    });
    h.run();
    h.get_by_label("Connect").click();
    h.run();
    step_until(&mut h, "online", |h| {
        h.query_by_label_contains("Team harbour: online").is_some()
    });
    assert!(
        h.state()
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("created from this file")
    );
    // The file is linked, without the password.
    let link = factdesk::sync::link(Workspace::open(&path).unwrap().conn())
        .unwrap()
        .unwrap();
    assert_eq!(link.workspace, "harbour");
    assert!(!link.url.contains("pw"), "{}", link.url);

    // Bob edits the claim elsewhere; it shows up in alice's window.
    let bob = dir.path().join("bob.factdesk");
    let mut b = Workspace::create(&bob).unwrap();
    let bob_url = pg.url_as("bob", "bob-pw", "newsroom");
    factdesk::sync::connect(&mut b, &bob_url, "harbour", None).unwrap();
    b.write(|tx| {
        write::update_claim(
            tx,
            &claim,
            &ClaimPatch {
                notes: Some("Minutes, p. 4".into()),
                ..ClaimPatch::default()
            },
            "bob",
        )
    })
    .unwrap();
    factdesk::sync::sync_url(&mut b, &bob_url).unwrap();
    step_until(&mut h, "bob's note in the window", |h| {
        h.state()
            .claims()
            .iter()
            .any(|c| c.notes == "Minutes, p. 4")
    });

    // Disconnect: the worker stops, the indicator says so, the file keeps its link.
    h.get_by_label("Disconnect").click();
    h.run();
    assert!(h.state().team.job.is_none());
    assert!(
        h.query_by_label_contains("Team harbour: not connected")
            .is_some()
    );
    assert!(h.query_by_label("Connect…").is_some());
}
