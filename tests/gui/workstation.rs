//! The workstation driven headlessly with egui_kittest, on the real app state and a real
//! workspace file: every assertion about an edit reads the SQLite file itself.

use crate::common;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use factdesk::model::Status;
use factdesk::model::{ArticleId, ClaimId};
use factdesk::store::Workspace;
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use factdesk::text::anchor::find_quote;
use factdesk::ui::Action;
use factdesk::ui::app::{FactdeskApp, Settings};

struct Desk {
    _dir: tempfile::TempDir,
    path: PathBuf,
    article_id: ArticleId,
}

fn desk_with(body: &str) -> Desk {
    desk_titled(body, "Harbour pier “over budget”")
}

fn desk_titled(body: &str, title: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&path).unwrap();
    let article_id = ws
        .write(|tx| {
            write::import_article(
                tx,
                &NewArticle {
                    title: title.into(),
                    outlet: "Coastal Times".into(),
                    body: factdesk::text::import::normalise(body),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "setup",
            )
        })
        .unwrap();
    Desk {
        _dir: dir,
        path,
        article_id,
    }
}

/// The window on `path`. Articles with CJK and emoji draw tofu here (the real window loads
/// system fonts for them); the demo snapshot test keeps kittest's panic on missing glyphs so
/// the window's own labels are checked.
fn harness(path: &Path) -> Harness<'static, FactdeskApp> {
    build(path, true)
}

fn harness_strict(path: &Path) -> Harness<'static, FactdeskApp> {
    build(path, false)
}

fn build(path: &Path, allow_tofu: bool) -> Harness<'static, FactdeskApp> {
    build_sized(path, allow_tofu, egui::vec2(1280.0, 800.0))
}

fn build_sized(path: &Path, allow_tofu: bool, size: egui::Vec2) -> Harness<'static, FactdeskApp> {
    let mut app = FactdeskApp::new(Settings {
        reviewer: "Gui Tester".into(),
        ..Settings::default()
    });
    app.open_initial(Some(path), None);
    let mut builder = Harness::builder().with_size(size).with_max_steps(24);
    if allow_tofu {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_ui_state(|ui, app: &mut FactdeskApp| app.show(ui), app);
    h.run();
    h
}

/// A claim row straight from the SQLite file.
#[derive(Debug, PartialEq)]
struct Row {
    start: i64,
    end: i64,
    quote: String,
    speaker: Option<String>,
    status: String,
    created_by: String,
    deleted: i64,
}

fn rows(path: &Path) -> Vec<Row> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.start_char, c.end_char, c.quote, s.name, c.status, c.created_by, c.deleted
             FROM claim c LEFT JOIN speaker s ON s.id = c.speaker_id ORDER BY c.start_char",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Row {
            start: r.get(0)?,
            end: r.get(1)?,
            quote: r.get(2)?,
            speaker: r.get(3)?,
            status: r.get(4)?,
            created_by: r.get(5)?,
            deleted: r.get(6)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn pos(h: &Harness<'_, FactdeskApp>, char_index: usize) -> Pos2 {
    h.state()
        .article_view
        .char_screen_pos(char_index)
        .expect("article laid out")
}

/// Presses at `from`, moves to `to` and releases, over several frames (a real drag).
fn drag_select(h: &mut Harness<'_, FactdeskApp>, from: Pos2, to: Pos2) {
    h.drag_at(from);
    h.step();
    h.hover_at(Pos2::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0));
    h.step();
    h.hover_at(to);
    h.step();
    h.drop_at(to);
    h.step();
    h.run();
}

fn click_at(h: &mut Harness<'_, FactdeskApp>, at: Pos2) {
    h.hover_at(at);
    h.step();
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

const ARTICLE: &str = common::ARTICLE;

#[test]
fn drag_select_create_tag_undo_redo_reaches_the_file() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    let body = h.state().article_view.body().to_owned();
    // Across curly quotes, é, ’ and €: the stored quote must equal the selected text.
    let quote = "“The café owners’ figures show €6.1 million,”";
    let range = find_quote(&body, quote, 1).unwrap();
    let (from, to) = (pos(&h, range.start), pos(&h, range.end));
    drag_select(&mut h, from, to);
    assert_eq!(
        h.state().article_view.selection,
        Some(range),
        "the drag selected the quote"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let stored = rows(&desk.path);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].quote, quote);
    assert_eq!(
        (stored[0].start, stored[0].end),
        (range.start as i64, range.end as i64)
    );
    assert_eq!(stored[0].created_by, "Gui Tester");
    assert!(h.state().selected().is_some(), "the new claim is selected");

    // The speaker field has focus: type a name and press Enter.
    h.event(egui::Event::Text("José Núñez".into()));
    h.key_press(Key::Enter);
    h.run();
    // A number key sets the verdict of the selected claim: 7 = False.
    h.key_press(Key::Num7);
    h.run();
    let stored = rows(&desk.path);
    assert_eq!(stored[0].speaker.as_deref(), Some("José Núñez"));
    assert_eq!(stored[0].status, "false");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        rows(&desk.path)[0].status,
        "unreviewed",
        "undo restores the verdict in the file"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        rows(&desk.path)[0].speaker,
        None,
        "undo removes the speaker in the file"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        rows(&desk.path)[0].deleted,
        1,
        "undo of the creation tombstones the claim"
    );
    assert!(h.state().claims().is_empty());

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    let stored = rows(&desk.path);
    assert_eq!(stored[0].deleted, 0);
    assert_eq!(stored[0].speaker.as_deref(), Some("José Núñez"));
    assert_eq!(stored[0].status, "false");
    assert!(h.get_by_label_contains("All changes saved").rect().width() > 0.0);
}

/// Changes a claim in the file, as another writer would, before the window opens.
fn patch_claim(desk: &Desk, id: &ClaimId, patch: &ClaimPatch) {
    let mut ws = Workspace::open(&desk.path).unwrap();
    ws.write(|tx| write::update_claim(tx, id, patch, "setup"))
        .unwrap();
}

fn add_claim(desk: &Desk, quote: &str, speaker: &str, status: Status) -> ClaimId {
    let mut ws = Workspace::open(&desk.path).unwrap();
    let body = factdesk::store::read::article(ws.conn(), &desk.article_id)
        .unwrap()
        .body;
    let range = find_quote(&body, quote, 1).unwrap();
    ws.write(|tx| {
        write::add_claim(
            tx,
            &desk.article_id,
            range,
            &ClaimPatch {
                speaker: Some(Some(speaker.into())),
                status: Some(status),
                ..ClaimPatch::default()
            },
            "setup",
        )
    })
    .unwrap()
}

#[test]
fn clicking_a_highlight_selects_the_shortest_claim_then_cycles() {
    let desk = desk_with(ARTICLE);
    let outer = add_claim(
        &desk,
        "Councillor José Núñez disagreed. “The café owners’ figures show €6.1 million,”",
        "José Núñez",
        Status::InProgress,
    );
    let inner = add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let mut h = harness(&desk.path);
    let body = h.state().article_view.body().to_owned();
    let inside = find_quote(&body, "€6.1 million", 1).unwrap().start + 3;
    let at = pos(&h, inside);
    click_at(&mut h, at);
    assert_eq!(
        h.state().selected().map(ClaimId::as_str),
        Some(inner.as_str())
    );
    click_at(&mut h, at);
    assert_eq!(
        h.state().selected().map(ClaimId::as_str),
        Some(outer.as_str()),
        "a second click cycles"
    );
    // Number keys on the selected claim: 3 = True, written to the file.
    h.key_press(Key::Num3);
    h.run();
    let statuses: Vec<String> = rows(&desk.path).into_iter().map(|r| r.status).collect();
    assert!(statuses.contains(&"true".to_owned()) && statuses.contains(&"false".to_owned()));
}

#[test]
fn clicking_a_claim_in_the_panel_scrolls_the_article_to_it() {
    let filler = "A long paragraph of council minutes about drains and bins. ".repeat(12);
    let mut body = String::new();
    for i in 0..40 {
        body.push_str(&format!("{filler}Paragraph {i}.\n\n"));
    }
    body.push_str("Finally the mayor said: “Our café budget is balanced.”\n");
    let desk = desk_with(&body);
    add_claim(
        &desk,
        "“Our café budget is balanced.”",
        "The mayor",
        Status::MostlyFalse,
    );
    let mut h = harness(&desk.path);
    let start = h.state().claims()[0].anchor.range.start;
    assert!(
        pos(&h, start).y > 800.0,
        "the claim starts far below the window"
    );
    h.get_by_label_contains("Mostly false: The mayor").click();
    h.run();
    let y = pos(&h, start).y;
    assert!(
        (100.0..800.0).contains(&y),
        "scrolled into view, at y = {y}"
    );
    assert!(h.state().selected().is_some());
}

#[test]
fn filter_narrows_the_claim_list() {
    let desk = desk_with(ARTICLE);
    add_claim(
        &desk,
        "“The pier cost €4 million — not a cent more.”",
        "Maria Lind",
        Status::False,
    );
    add_claim(
        &desk,
        "Visitors from 東京 rose 12% 😀",
        "Tourist office",
        Status::True,
    );
    let mut h = harness(&desk.path);
    assert!(h.query_by_label_contains("True: Tourist office").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.event(egui::Event::Text("pier".into()));
    h.run();
    assert!(h.query_by_label_contains("False: Maria Lind").is_some());
    assert!(h.query_by_label_contains("True: Tourist office").is_none());
}

#[test]
fn import_through_the_dialog_code_path_prefills_the_form() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    let html = desk.path.with_file_name("pier.html");
    std::fs::write(
        &html,
        "<html><head><title>Pier row deepens</title><meta property=\"og:site_name\" content=\"Gazette\"></head>\
         <body><p>The chair said: “We will publish the audit.”</p><script>x()</script></body></html>",
    )
    .unwrap();
    h.state_mut().queued.push(Action::ImportFile(html));
    h.run();
    let form = h
        .state_mut()
        .import_form_mut()
        .expect("the form opened")
        .clone();
    assert_eq!(form.title, "Pier row deepens");
    assert_eq!(form.outlet, "Gazette");
    assert_eq!(form.body, "The chair said: “We will publish the audit.”");
    h.get_by_label("Import").click();
    h.run();
    let ws = Workspace::open(&desk.path).unwrap();
    let articles = factdesk::store::read::articles(ws.conn()).unwrap();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[1].outlet, "Gazette");
    assert_eq!(
        h.state().current().as_ref().unwrap().title,
        "Pier row deepens"
    );
}

#[test]
fn newer_version_file_shows_a_clear_error_and_keeps_the_open_workspace() {
    let desk = desk_with(ARTICLE);
    let newer = desk.path.with_file_name("from-the-future.factdesk");
    Workspace::create(&newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 9)
        .unwrap();
    let mut h = harness(&desk.path);
    h.state_mut().queued.push(Action::OpenWorkspace(newer));
    h.run();
    let error = h.state().error.clone().unwrap();
    assert!(
        error.contains("newer factdesk") && error.contains("version 9"),
        "{error}"
    );
    h.get_by_label_contains("newer factdesk");
    assert_eq!(
        h.state().workspace().as_ref().unwrap().path(),
        desk.path,
        "still on the old workspace"
    );
}

#[test]
fn reimport_of_a_changed_version_reanchors_and_lists_orphans() {
    let title = factdesk::demo::ARTICLE.lines().next().unwrap();
    let desk = desk_titled(factdesk::demo::ARTICLE, title);
    let mut h = harness(&desk.path);
    drop(h);
    // Claims on the demo article, then a corrected version imported through the form.
    for (quote, status) in [
        ("the highest since 2009", Status::MostlyTrue),
        (
            "the service would bring 40,000 additional passengers a year to Port Wenlow",
            Status::Unsupported,
        ),
    ] {
        add_claim(&desk, quote, "Someone", status);
    }
    h = harness(&desk.path);
    let v2 = desk.path.with_file_name("v2.txt");
    std::fs::write(&v2, factdesk::demo::ARTICLE_V2).unwrap();
    h.state_mut().queued.push(Action::ImportFile(v2));
    h.run();
    let form = h.state_mut().import_form_mut().unwrap();
    // Issue 17: the same title proposes "new version of …" (the form can say otherwise).
    assert_eq!(form.replaces.as_ref(), Some(&desk.article_id));
    h.get_by_label("Import").click();
    h.run();
    let notice = h
        .state()
        .notice
        .clone()
        .unwrap_or_else(|| panic!("no notice; error: {:?}", h.state().error));
    assert!(
        notice.contains("Revision 2") && notice.contains("1 orphaned"),
        "{notice}"
    );
    assert!(
        h.query_by_label_contains("Unsupported: Someone").is_some(),
        "the orphan is listed"
    );
    assert!(h.state().filter.attention_only);
}

/// Snapshot of the window, with the temporary workspace path masked.
fn snapshot(h: &mut Harness<'_, FactdeskApp>, name: &str) {
    // The temporary file's path differs on every run, and random names differ in width:
    // mask a fixed stretch from the label's start.
    let path_label = h.get_by_label_contains("demo.factdesk").rect();
    h.mask(egui::Rect::from_min_max(
        egui::pos2(path_label.min.x, path_label.min.y - 2.0),
        egui::pos2(880.0, path_label.max.y + 2.0),
    ));
    // Software rasterisers on other CPUs may anti-alias a few edge pixels differently.
    let options = egui_kittest::SnapshotOptions::new()
        .threshold(1.0)
        .max_failed_pixels(200);
    h.snapshot_options(name, &options);
}

#[test]
fn snapshot_of_the_workstation_on_the_demo_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.factdesk");
    factdesk::demo::create(&path, "demo").unwrap();
    let mut h = harness_strict(&path);
    let first = h.state().claims()[1].id.clone();
    h.state_mut().queued.push(Action::RevealClaim(first));
    h.run();
    snapshot(&mut h, "workstation_demo");
}

#[test]
fn keyboard_selection_with_shift_arrows_makes_a_claim() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    let body = h.state().article_view.body().to_owned();
    let range = find_quote(&body, "Núñez disagreed", 1).unwrap();
    // Click just before the N, then extend the selection by 15 chars with Shift+Right.
    let at = pos(&h, range.start);
    click_at(&mut h, egui::pos2(at.x - 1.0, at.y));
    for _ in 0..range.len() {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
        h.step();
    }
    h.run();
    assert_eq!(h.state().article_view.selection, Some(range));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_eq!(rows(&desk.path)[0].quote, "Núñez disagreed");
}

#[test]
fn snapshots_of_dark_theme_and_shortcuts_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.factdesk");
    factdesk::demo::create(&path, "demo").unwrap();
    let mut h = harness_strict(&path);
    h.state_mut().settings.dark = true;
    h.key_press(Key::F1);
    h.run();
    assert!(
        h.query_by_label_contains("Create a claim from the selected text")
            .is_some()
    );
    snapshot(&mut h, "workstation_dark_shortcuts");
}

#[test]
fn export_from_the_file_menu_writes_the_report_and_says_where() {
    let desk = desk_with(ARTICLE);
    add_claim(
        &desk,
        "“The pier cost €4 million — not a cent more.”",
        "Maria Lind",
        Status::False,
    );
    add_claim(
        &desk,
        "Visitors from 東京 rose 12% 😀",
        "Tourist office",
        Status::InProgress,
    );
    let mut h = harness(&desk.path);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export report…").click();
    h.run();
    let form = h
        .state_mut()
        .export_form_mut()
        .expect("the export form opened");
    form.format = factdesk::report::Format::Csv;
    form.org_name = "Port Wenlow Fact Desk".into();
    let out = desk.path.with_file_name("report.csv");
    // The save dialog's answer arrives as this action (tests never open a dialog).
    h.state_mut().queued.push(Action::ExportTo(out.clone()));
    h.run();
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        csv.lines().count(),
        2,
        "header + the one verified claim: {csv}"
    );
    assert!(csv.contains("Maria Lind"));
    let notice = h.state().notice.clone().unwrap();
    assert!(
        notice.contains("Exported 1 claims") && notice.contains("report.csv"),
        "{notice}"
    );
    assert!(h.query_by_label("Open report").is_some());
    let ws = Workspace::open(&desk.path).unwrap();
    assert_eq!(
        factdesk::store::read::organisation(ws.conn()).unwrap().name,
        "Port Wenlow Fact Desk"
    );

    // Filters: one speaker, every status; a malformed date is refused before writing.
    h.state_mut().open_export_form();
    let form = h.state_mut().export_form_mut().unwrap();
    form.format = factdesk::report::Format::Csv;
    form.all_statuses = true;
    form.speaker = "Tourist office".into();
    form.to = "next week".into();
    let filtered = desk.path.with_file_name("tourist.csv");
    h.state_mut()
        .queued
        .push(Action::ExportTo(filtered.clone()));
    h.run();
    assert!(h.state().error.clone().unwrap().contains("YYYY-MM-DD"));
    assert!(!filtered.exists());
    h.state_mut().export_form_mut().unwrap().to = "2999-12-31".into();
    h.state_mut()
        .queued
        .push(Action::ExportTo(filtered.clone()));
    h.run();
    let csv = std::fs::read_to_string(&filtered).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("東京") && csv.contains("in_progress"));
}

#[test]
fn an_edit_from_another_window_shows_up_and_is_not_reverted() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::InProgress);
    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::RevealClaim(claim.clone()));
    h.run();
    // Another process (a second window, the CLI) changes the selected claim's summary.
    let mut other = Workspace::open(&desk.path).unwrap();
    other
        .write(|tx| {
            write::update_claim(
                tx,
                &claim,
                &ClaimPatch {
                    summary: Some("Written by the other window".into()),
                    ..ClaimPatch::default()
                },
                "someone else",
            )
        })
        .unwrap();
    // Past the 1 s poll and the 1.5 s idle save.
    h.run_steps(12);
    let ws = Workspace::open(&desk.path).unwrap();
    let stored = factdesk::store::read::claim(ws.conn(), &claim).unwrap();
    assert_eq!(
        stored.summary, "Written by the other window",
        "not reverted by the idle save"
    );
    assert_eq!(
        h.state().editor.summary,
        "Written by the other window",
        "the window shows it"
    );
}

#[test]
fn merging_a_colleagues_file_shows_the_report_and_conflicts_side_by_side() {
    let desk = desk_with(ARTICLE);
    let lind = add_claim(
        &desk,
        "“The pier cost €4 million — not a cent more.”",
        "Maria Lind",
        Status::InProgress,
    );
    let theirs = desk.path.with_file_name("ben.factdesk");
    Workspace::open(&desk.path)
        .unwrap()
        .save_copy(&theirs)
        .unwrap();
    let set = |path: &Path, who: &str, status: Status, summary: &str| {
        let mut ws = Workspace::open(path).unwrap();
        ws.write(|tx| {
            write::update_claim(
                tx,
                &lind,
                &ClaimPatch {
                    status: Some(status),
                    summary: Some(summary.into()),
                    ..ClaimPatch::default()
                },
                who,
            )
        })
        .unwrap();
    };
    set(
        &desk.path,
        "Gui Tester",
        Status::True,
        "Budget papers agree",
    );
    set(&theirs, "Ben Okafor", Status::False, "Audit: €6.1m");

    let mut h = harness(&desk.path);
    h.get_by_label("File").click();
    h.run();
    assert!(h.query_by_label("Merge a colleague's file…").is_some());
    h.get_by_label("File").click();
    h.run();
    assert!(h.query_by_label("Merge a colleague's file…").is_none());
    // The open dialog's answer arrives as this action (tests never open a dialog).
    h.state_mut().queued.push(Action::MergeFrom(theirs.clone()));
    h.run();
    assert_eq!(h.state().conflicts().len(), 2, "status and summary");
    assert!(
        h.query_by_label("Merge conflicts").is_some(),
        "review window opens"
    );
    assert!(h.query_by_label("Merged ben.factdesk").is_some());
    // Both sides, with who made them.
    assert!(h.query_by_label("Audit: €6.1m").is_some());
    assert!(h.query_by_label("Budget papers agree").is_some());
    assert_eq!(
        h.query_all_by_label_contains("Theirs — Ben Okafor").count(),
        2
    );
    // Verdicts show as badges (mine True, theirs False), and all can be settled at once.
    assert!(h.query_by_label("Keep all mine").is_some());
    assert!(h.query_by_label("Take all theirs").is_some());
    assert!(
        h.query_all_by_label(" False ").count() >= 1,
        "their verdict's badge"
    );
    // Mine stays until chosen; the claim is marked in the list.
    assert_eq!(rows(&desk.path)[0].status, "true");
    assert!(h.query_by_label_contains("(merge conflict)").is_some());
    if let Ok(out) = std::env::var("FACTDESK_SHOT") {
        h.render().unwrap().save(out).unwrap();
    }

    // Take theirs for the verdict (the first conflict listed is "status"? order by field).
    let verdict = h
        .state()
        .conflicts()
        .iter()
        .position(|c| c.stored.conflict.field == factdesk::store::merge::Field::Status)
        .unwrap();
    h.get_all_by_label("Take theirs")
        .nth(verdict)
        .unwrap()
        .click();
    h.run();
    assert_eq!(rows(&desk.path)[0].status, "false");
    assert_eq!(h.state().conflicts().len(), 1);
    // Write the summary anew: the edit starts from both texts.
    h.get_by_label("Edit…").click();
    h.run();
    let field = h.get_by_label("New text");
    assert_eq!(
        field.value().as_deref(),
        Some("Budget papers agree\nAudit: €6.1m")
    );
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("New text")
        .type_text("Audit: €6.1m; budget papers say €4m");
    h.run();
    h.get_by_label("Save this").click();
    h.run();
    assert!(h.state().conflicts().is_empty());
    let ws = Workspace::open(&desk.path).unwrap();
    let claim = factdesk::store::read::claim(ws.conn(), &lind).unwrap();
    assert_eq!(claim.summary, "Audit: €6.1m; budget papers say €4m");
    assert_eq!(claim.status, Status::False);
    assert!(
        factdesk::store::merge::conflicts(ws.conn())
            .unwrap()
            .is_empty()
    );
    let history = factdesk::store::read::history(ws.conn(), &lind).unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.field == "merge" && e.new_value == "edited" && e.by == "Gui Tester")
    );
    assert!(h.query_by_label_contains("(merge conflict)").is_none());
}

#[test]
fn the_revisions_window_shows_what_a_correction_changed() {
    let desk = desk_with(ARTICLE);
    add_claim(
        &desk,
        "“The pier cost €4 million — not a cent more.”",
        "Maria Lind",
        Status::False,
    );
    let corrected = format!(
        "Correction appended on Tuesday.\n\n{}",
        ARTICLE.replace("not a cent more", "not one cent more")
    );
    {
        let mut ws = Workspace::open(&desk.path).unwrap();
        ws.write(|tx| {
            write::replace_article_text(
                tx,
                &desk.article_id,
                &corrected,
                &factdesk::model::TextSource::Paste,
                "desk",
            )
        })
        .unwrap();
    }
    let mut h = harness(&desk.path);
    h.get_by_label("Revisions (2)…").click();
    h.run();
    let view = h.state().revisions.as_ref().expect("the window opened");
    assert_eq!(
        (view.from, view.to),
        (0, 1),
        "the last correction by default"
    );
    assert!(
        h.query_by_label_contains("Revisions of “Harbour pier")
            .is_some()
    );
    assert!(
        h.query_by_label("5 words inserted (green), 1 deleted (struck out)")
            .is_some()
    );
    // The diff itself reads as the new text with the old words kept, struck out.
    assert!(
        h.query_by_label_contains("Correction appended on Tuesday.")
            .is_some()
    );
    if let Ok(out) = std::env::var("FACTDESK_SHOT") {
        h.render().unwrap().save(out).unwrap();
    }
}

#[test]
fn suggestions_are_listed_outlined_and_taken_with_enter_or_dropped_with_delete() {
    let desk = desk_with(
        "Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”\n\n“We will open in May,” Ms Lind added.\n\nThe ministry said that 40 beds had been closed in the region.",
    );
    let mut h = harness(&desk.path);
    h.run();
    assert_eq!(h.state().suggest.items.len(), 3);
    h.get_by_label_contains("Suggested (3)");
    assert_eq!(
        h.query_all_by_label_contains("quote · Maria Lind").count(),
        2
    );

    // Click the first suggestion in the list; its speaker fills the field; Enter accepts.
    h.get_by_label_contains("«The pier cost €4 million").click();
    h.run();
    assert_eq!(h.state().suggest.selected_index(), Some(0));
    assert_eq!(h.state().suggest.speaker, "Maria Lind");
    h.key_press(Key::Enter);
    h.run();
    let stored = rows(&desk.path);
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].quote,
        "The pier cost €4 million — not a cent more."
    );
    assert_eq!(stored[0].speaker.as_deref(), Some("Maria Lind"));
    assert_eq!(
        h.state().suggest.items.len(),
        2,
        "the accepted one left the list"
    );
    assert_eq!(
        h.state().suggest.selected_index(),
        Some(0),
        "the next one is selected"
    );

    // Delete dismisses; the dismissal is in the file, so a new window does not show it.
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().suggest.items.len(), 1);
    assert_eq!(rows(&desk.path).len(), 1, "dismissing makes no claim");
    drop(h);
    let mut h = harness(&desk.path);
    h.run();
    assert_eq!(h.state().suggest.items.len(), 1);
    assert!(h.state().suggest.items[0].1.starts_with("40 beds"));

    // Editing the speaker before accepting keeps the edit.
    let first = h.state().suggest.key(0);
    h.state_mut().queued.push(Action::SelectSuggestion(first));
    h.run();
    h.state_mut().suggest.speaker = "Ministry of Health".into();
    h.key_press(Key::Enter);
    h.run();
    let stored = rows(&desk.path);
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].speaker.as_deref(), Some("Ministry of Health"));
}

#[test]
fn a_statement_in_two_articles_is_linked_and_the_speaker_window_lists_both() {
    let desk = desk_with("Maria Lind said: “The pier cost €4 million — not a cent more.”");
    let first = add_claim(
        &desk,
        "The pier cost €4 million — not a cent more.",
        "Maria Lind",
        Status::False,
    );
    // A second article quoting the same words, its claim not yet checked.
    let mut ws = Workspace::open(&desk.path).unwrap();
    let second_article = ws
        .write(|tx| {
            write::import_article(
                tx,
                &NewArticle {
                    title: "Pier row goes on".into(),
                    body: "Lind repeated that “the pier cost €4 million, not a cent more”.".into(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "setup",
            )
        })
        .unwrap();
    let second = ws
        .write(|tx| {
            let body = factdesk::store::read::article(tx, &second_article)?.body;
            let range = find_quote(&body, "the pier cost €4 million, not a cent more", 1)?;
            write::add_claim(
                tx,
                &second_article,
                range,
                &ClaimPatch {
                    speaker: Some(Some("Maria Lind".into())),
                    ..ClaimPatch::default()
                },
                "setup",
            )
        })
        .unwrap();
    drop(ws);

    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::SelectClaim(Some(first.clone())));
    h.run();
    h.get_by_label_contains("Also in 1 other articles");
    assert_eq!(h.state().linked().len(), 1);
    assert_eq!(h.state().linked()[0].1, "Pier row goes on");
    h.get_by_label_contains("Give all 2 the verdict “False”")
        .click();
    h.run();
    let ws = Workspace::open(&desk.path).unwrap();
    assert_eq!(
        factdesk::store::read::claim(ws.conn(), &second)
            .unwrap()
            .status,
        Status::False
    );
    drop(ws);

    h.get_by_label_contains("All claims by Maria Lind").click();
    h.run();
    assert_eq!(h.state().speaker_view.as_deref(), Some("Maria Lind"));
    h.get_by_label_contains("2 claims in 2 articles");
}

/// What the file holds for a claim's status and proposal.
fn status_and_proposal(path: &Path, claim_id: &ClaimId) -> (String, String, String) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT status, proposed_status, proposed_by FROM claim WHERE id = ?1",
        [claim_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn an_editor_signs_off_one_proposed_verdict_and_declines_another() {
    let desk = desk_with(ARTICLE);
    let first = add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let second = add_claim(
        &desk,
        "Councillor José Núñez disagreed.",
        "José Núñez",
        Status::True,
    );
    // As a sync does for a checker in a workspace that requires sign-off.
    let mut ws = Workspace::open(&desk.path).unwrap();
    for id in [&first, &second] {
        assert!(
            ws.write(|tx| write::propose_verdict(tx, id, Status::InProgress, "Bea Checker"))
                .unwrap()
        );
    }
    drop(ws);
    let mut h = harness(&desk.path);
    // Both wait, marked in the list; a click on the row (on its words too) selects it.
    h.get_by_label_contains("(awaiting sign-off: True)");
    h.get_by_label_contains("(awaiting sign-off: False)")
        .click();
    h.run();
    assert_eq!(
        h.state().selected().map(ClaimId::as_str),
        Some(first.as_str())
    );
    h.get_by_label_contains("Awaiting sign-off");
    h.get_by_label_contains("proposed by Bea Checker");
    h.get_by_label("Sign off as False").click();
    h.run();
    assert_eq!(
        status_and_proposal(&desk.path, &first),
        ("false".into(), String::new(), String::new())
    );
    h.get_by_label_contains("(awaiting sign-off: True)").click();
    h.run();
    assert_eq!(
        h.state().selected().map(ClaimId::as_str),
        Some(second.as_str())
    );
    h.get_by_label("Decline").click();
    h.run();
    assert_eq!(
        status_and_proposal(&desk.path, &second),
        ("in_progress".into(), String::new(), String::new())
    );
    assert!(
        h.query_by_label_contains("awaiting sign-off").is_none(),
        "nothing waits any more"
    );
    let ws = Workspace::open(&desk.path).unwrap();
    let history = factdesk::store::read::history(ws.conn(), &second).unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.field == "proposal" && e.old_value == "true" && e.new_value.is_empty()),
        "{history:?}"
    );
}

// Issue 15, item 1: the window's Save a copy… and Export… never write over the workspace.
#[test]
fn save_a_copy_or_export_onto_the_open_workspace_is_refused_and_the_file_kept() {
    let desk = desk_with(ARTICLE);
    add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let mut h = harness(&desk.path);
    let before = std::fs::read(&desk.path).unwrap();
    let via_dots = desk.path.parent().unwrap().join(".").join("desk.factdesk");
    h.state_mut()
        .queued
        .push(Action::SaveCopy(via_dots.clone()));
    h.run();
    let error = h.state_mut().error.take().expect("an error is shown");
    assert!(error.contains("overwrite the workspace itself"), "{error}");
    assert!(error.contains(&via_dots.display().to_string()), "{error}");
    assert_eq!(std::fs::read(&desk.path).unwrap(), before);

    for format in [
        factdesk::report::Format::Html,
        factdesk::report::Format::Markdown,
    ] {
        h.state_mut().open_export_form();
        h.state_mut().export_form_mut().unwrap().format = format;
        h.state_mut()
            .queued
            .push(Action::ExportTo(desk.path.clone()));
        h.run();
        let error = h.state_mut().error.take().expect("an error is shown");
        assert!(error.contains("overwrite the workspace itself"), "{error}");
        let journal = desk.path.with_file_name("desk.factdesk-journal");
        h.state_mut().queued.push(Action::ExportTo(journal.clone()));
        h.run();
        assert!(h.state_mut().error.take().is_some());
        assert!(!journal.exists());
    }
    let after = rows(&desk.path);
    assert_eq!(after.len(), 1, "the claim is still there");
    assert_eq!(after[0].status, "false");
}

// Issue 15, item 6: undo takes back only what it set.
#[test]
fn undo_skips_a_field_a_colleague_changed_since_and_says_who() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::InProgress);
    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::RevealClaim(claim.clone()));
    h.run();
    let set = |status| ClaimPatch {
        status: Some(status),
        ..ClaimPatch::default()
    };
    h.state_mut()
        .queued
        .push(Action::Patch(claim.clone(), set(Status::False)));
    h.state_mut().queued.push(Action::Patch(
        claim.clone(),
        ClaimPatch {
            notes: Some("Audit p. 4".into()),
            ..ClaimPatch::default()
        },
    ));
    h.run();
    assert_eq!(rows(&desk.path)[0].status, "false");
    // A colleague's sync (here another process) then sets the verdict to True.
    let mut other = Workspace::open(&desk.path).unwrap();
    other
        .write(|tx| write::update_claim(tx, &claim, &set(Status::True), "bob"))
        .unwrap();
    h.run_steps(12);
    // Undo of my notes still works: nobody touched them.
    h.state_mut().queued.push(Action::Undo);
    h.run();
    let ws = Workspace::open(&desk.path).unwrap();
    assert_eq!(
        factdesk::store::read::claim(ws.conn(), &claim)
            .unwrap()
            .notes,
        ""
    );
    // Undo of my verdict would write over bob's: it is skipped and says so.
    h.state_mut().queued.push(Action::Undo);
    h.run();
    assert_eq!(rows(&desk.path)[0].status, "true", "bob's verdict stands");
    let notice = h.state().notice.clone().unwrap();
    assert!(
        notice.contains("Undo skipped") && notice.contains("verdict was changed since by bob"),
        "{notice}"
    );
    // The skipped step is gone: the next undo reaches nothing of bob's either.
    assert_eq!(h.state().undo_depth().0, 0);
}

// Issue 15, item 12: only http(s) evidence links open.
#[test]
fn an_evidence_link_that_is_not_a_web_address_is_shown_but_never_opened() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let mut ws = Workspace::open(&desk.path).unwrap();
    for (url, title) in [
        ("file://evil-host/share/audit.pdf", "Share copy"),
        ("https://audit.example/report", "Audit report"),
    ] {
        ws.write(|tx| write::add_evidence(tx, &claim, url, title, "", "setup"))
            .unwrap();
    }
    let mut h = harness(&desk.path);
    h.state_mut().queued.push(Action::RevealClaim(claim));
    h.run();
    let web = h.get_by_label("Audit report");
    assert_eq!(web.accesskit_node().role(), egui::accesskit::Role::Link);
    let share = h.get_by_label_contains("Share copy");
    assert_ne!(share.accesskit_node().role(), egui::accesskit::Role::Link);
    assert!(
        h.query_by_label_contains("(not a web address: not opened)")
            .is_some()
    );
}

// Issue 15, small gap: the Create claim button leaves the keyboard in the speaker field,
// as Ctrl+Enter does.
#[test]
fn the_create_claim_button_puts_the_keyboard_in_the_speaker_field() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    let body = h.state().article_view.body().to_owned();
    let range = find_quote(&body, "€6.1 million", 1).unwrap();
    // As AT-SPI does it: focus the article's text, select there, then press the button.
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .focus();
    h.run();
    h.state_mut().article_view.selection = Some(range);
    h.run();
    // As a screen reader (or AT-SPI) presses it: an accessibility click.
    h.get_by_label("Create claim  (Ctrl+Enter)")
        .click_accesskit();
    h.run();
    assert_eq!(rows(&desk.path).len(), 1, "the claim was made");
    h.event(egui::Event::Text("José Núñez".into()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        rows(&desk.path)[0].speaker.as_deref(),
        Some("José Núñez"),
        "what was typed went into the speaker field"
    );
}

// Issue 15, small gap: the export form asks for the organisation a ClaimReview needs.
#[test]
fn the_export_form_leaves_working_notes_out_unless_ticked() {
    // Issue 17: the notes are the fact-checker's private scratchpad.
    let desk = desk_with(ARTICLE);
    let id = add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    patch_claim(
        &desk,
        &id,
        &ClaimPatch {
            notes: Some("Emailed the press office, no reply yet".into()),
            ..ClaimPatch::default()
        },
    );
    let mut h = harness(&desk.path);
    h.state_mut().open_export_form();
    h.state_mut().export_form_mut().unwrap().format = factdesk::report::Format::Html;
    h.run();
    let tick = h.get_by_label("Include working notes");
    assert_eq!(
        tick.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False),
        "notes must be off by default"
    );
    let public = desk.path.with_file_name("public.html");
    h.state_mut().queued.push(Action::ExportTo(public.clone()));
    h.run();
    let text = std::fs::read_to_string(&public).unwrap();
    assert!(text.contains("6.1 million"), "{text}");
    assert!(!text.contains("press office"), "notes published: {text}");

    h.state_mut().open_export_form();
    h.state_mut().export_form_mut().unwrap().format = factdesk::report::Format::Html;
    h.run();
    h.get_by_label("Include working notes").click();
    h.run();
    let private = desk.path.with_file_name("with-notes.html");
    h.state_mut().queued.push(Action::ExportTo(private.clone()));
    h.run();
    let text = std::fs::read_to_string(&private).unwrap();
    assert!(text.contains("Emailed the press office"), "{text}");
}

#[test]
fn the_export_form_asks_for_the_organisation_before_a_claimreview() {
    let desk = desk_with(ARTICLE);
    add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let mut h = harness(&desk.path);
    h.state_mut().open_export_form();
    let form = h.state_mut().export_form_mut().unwrap();
    form.format = factdesk::report::Format::ClaimReview;
    form.org_name = String::new();
    h.run();
    assert!(
        h.query_by_label_contains("ClaimReview needs the name of your organisation")
            .is_some()
    );
    assert!(h.get_by_label("Export…").accesskit_node().is_disabled());
    h.state_mut().export_form_mut().unwrap().org_name = "Port Wenlow Fact Desk".into();
    h.run();
    assert!(!h.get_by_label("Export…").accesskit_node().is_disabled());
    let out = desk.path.with_file_name("review.json");
    h.state_mut().queued.push(Action::ExportTo(out.clone()));
    h.run();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Port Wenlow Fact Desk"), "{text}");
}

#[test]
fn help_about_shows_the_version_and_the_build() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About factdesk").click();
    h.run();
    let version = format!("Version {}", factdesk::VERSION);
    assert!(
        h.query_by_label(&version).is_some(),
        "no «{version}» in the About window"
    );
    // Built from this git checkout, the build names its commit.
    assert!(factdesk::VERSION.starts_with(env!("CARGO_PKG_VERSION")));
    if std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".git")
        .exists()
    {
        assert!(factdesk::VERSION.contains("(git "), "{}", factdesk::VERSION);
    }
}

/// One frame whose input holds all of `events` at once, handed first to the app's raw-input
/// hook as eframe does (kittest's `event` would give each event a frame of its own), and the
/// frames of what the hook held back.
fn frame_with(h: &mut Harness<'_, FactdeskApp>, events: Vec<egui::Event>) {
    h.input_mut().events.extend(events);
    loop {
        let mut input = h.input().clone();
        let held = h.state_mut().sequence_input(&mut input);
        *h.input_mut() = input;
        h.step();
        if !held {
            break;
        }
    }
    h.run();
}

/// A press and release at `at` (after moving there), as events of one frame.
fn click_events(at: Pos2) -> Vec<egui::Event> {
    let button = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    vec![egui::Event::PointerMoved(at), button(true), button(false)]
}

fn speaker_names(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM speaker ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

// Issue 17, section 5: Escape in the speaker field saved "Ma" as a new speaker.
#[test]
fn escape_cancels_the_field_being_typed_and_closes_the_window_on_top() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::InProgress);
    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::RevealClaim(claim.clone()));
    h.run();
    h.state_mut().editor.focus_speaker = true;
    h.run();
    h.event(egui::Event::Text(" Ma".into()));
    h.run();
    assert_eq!(h.state().editor.speaker, "José Núñez Ma");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        rows(&desk.path)[0].speaker.as_deref(),
        Some("José Núñez"),
        "nothing written"
    );
    assert_eq!(speaker_names(&desk.path), vec!["José Núñez".to_owned()]);
    assert_eq!(
        h.state().editor.speaker,
        "José Núñez",
        "the saved name is back"
    );
    assert_eq!(
        h.state().selected(),
        Some(&claim),
        "the claim stays selected"
    );
    assert_eq!(h.state().undo_depth().0, 0, "no step to undo");

    // The summary: typed, then Escape puts back what is saved (nothing).
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Summary")
        .click();
    h.run();
    h.event(egui::Event::Text("half a thought".into()));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().editor.summary, "");
    h.run_steps(12);
    let ws = Workspace::open(&desk.path).unwrap();
    assert_eq!(
        factdesk::store::read::claim(ws.conn(), &claim)
            .unwrap()
            .summary,
        "",
        "not saved by the idle save either"
    );

    // Escape closes Help, then a form, and only then deselects the claim.
    h.key_press(Key::F1);
    h.run();
    assert!(
        h.query_by_label_contains("Create a claim from the selected text")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Create a claim from the selected text")
            .is_none(),
        "Help closed"
    );
    assert_eq!(h.state().selected(), Some(&claim));
    h.state_mut().open_export_form();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state_mut().export_form_mut().is_none(), "the form closed");
    assert_eq!(h.state().selected(), Some(&claim));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selected(), None);
}

// Issue 17, section 6: "Wikinews" typed fast and a click on the field above saved "Wikine".
#[test]
fn letters_typed_in_the_frame_of_a_click_on_another_field_are_kept() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::InProgress);
    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::RevealClaim(claim.clone()));
    h.run();
    let field = |h: &Harness<'_, FactdeskApp>, name: &str| {
        h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, name)
            .rect()
            .center()
    };
    let notes = field(&h, "Notes");
    frame_with(&mut h, click_events(notes));
    frame_with(&mut h, vec![egui::Event::Text("Wikine".into())]);
    // The last letters and the click on the Summary above arrive in one frame.
    let summary = field(&h, "Summary");
    let mut events = vec![egui::Event::Text("ws".into())];
    events.extend(click_events(summary));
    frame_with(&mut h, events);
    let ws = Workspace::open(&desk.path).unwrap();
    let stored = factdesk::store::read::claim(ws.conn(), &claim).unwrap();
    assert_eq!(
        stored.notes, "Wikinews",
        "saved when the field lost the keyboard"
    );
    assert_eq!(stored.summary, "", "no letters went to the clicked field");
}

/// Lets the window sit for `seconds` with no input, as eframe's event loop does: a frame is
/// drawn only when the last one asked for it, at the time it asked for (the harness's own
/// steps would draw frames regardless).
fn idle_for(h: &mut Harness<'_, FactdeskApp>, seconds: f64) -> usize {
    let start = h.ctx.input(|i| i.time);
    let mut now = start;
    let mut frames = 0;
    loop {
        let delay = h
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(std::time::Duration::MAX, |v| v.repaint_delay);
        now += delay.as_secs_f64().max(0.001);
        if now > start + seconds {
            break;
        }
        h.input_mut().time = Some(now);
        h.step();
        frames += 1;
    }
    h.input_mut().time = None;
    frames
}

// Issue 17, section 6: an idle window showed another writer's change only when the mouse moved.
#[test]
fn an_idle_window_shows_a_change_made_by_another_writer_within_seconds() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::InProgress);
    let mut h = harness(&desk.path);
    h.run();
    idle_for(&mut h, 3.0);
    assert!(
        h.query_by_label_contains("In progress: José Núñez")
            .is_some()
    );
    // The CLI (another connection) gives the claim a verdict while nobody touches the window.
    let mut other = Workspace::open(&desk.path).unwrap();
    other
        .write(|tx| {
            write::update_claim(
                tx,
                &claim,
                &ClaimPatch {
                    status: Some(Status::False),
                    ..ClaimPatch::default()
                },
                "cli",
            )
        })
        .unwrap();
    let frames = idle_for(&mut h, 2.5);
    assert!(
        frames <= 10,
        "an idle window stays mostly asleep: {frames} frames"
    );
    assert_eq!(h.state().claims()[0].status, Status::False);
    assert!(
        h.query_by_label_contains("False: José Núñez").is_some(),
        "the list shows the new verdict"
    );
}

fn dismissals(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT quote FROM suggestion_dismissal ORDER BY quote")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn status_bar_says(h: &Harness<'_, FactdeskApp>, text: &str) {
    let said = h.state().last_undo.clone().unwrap_or_default();
    assert!(said.contains(text), "status bar says {said:?}");
    assert!(
        h.query_by_label_contains(text).is_some(),
        "{text} not shown"
    );
}

// Issue 17, section 5: accepting and dismissing a suggestion are undo steps, and a dismissed
// suggestion can be restored.
#[test]
fn accepting_and_dismissing_a_suggestion_are_undone_in_order_and_say_so() {
    let desk = desk_with(
        "Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”\n\n“We will open in May,” Ms Lind added.\n\nThe ministry said that 40 beds had been closed in the region.",
    );
    let mut h = harness(&desk.path);
    h.run();
    assert_eq!(h.state().suggest.items.len(), 3);
    h.get_by_label_contains("«The pier cost €4 million").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(rows(&desk.path).len(), 1);
    let accepted = h.state().claims()[0].id.clone();

    // Undo takes the claim back and lists the suggestion again, selected.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(rows(&desk.path)[0].deleted, 1);
    assert_eq!(h.state().suggest.items.len(), 3);
    assert_eq!(h.state().suggest.selected_index(), Some(0));
    status_bar_says(&h, "Undid: claim made from the suggestion «The pier cost");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(rows(&desk.path)[0].deleted, 0);
    assert_eq!(h.state().suggest.items.len(), 2);
    status_bar_says(&h, "Redid: claim made from the suggestion «The pier cost");

    // A summary on the claim, then a dismissal: Ctrl+Z takes back the dismissal, not the
    // summary (it used to revert the summary and leave the dismissal for good).
    h.state_mut().queued.push(Action::Patch(
        accepted.clone(),
        ClaimPatch {
            summary: Some("Audit p. 4".into()),
            ..ClaimPatch::default()
        },
    ));
    h.run();
    let first = h.state().suggest.key(0);
    h.state_mut().queued.push(Action::SelectSuggestion(first));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().suggest.items.len(), 1);
    assert_eq!(
        dismissals(&desk.path),
        vec!["We will open in May".to_owned()]
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        dismissals(&desk.path).is_empty(),
        "the dismissal is taken back"
    );
    assert_eq!(h.state().suggest.items.len(), 2);
    let ws = Workspace::open(&desk.path).unwrap();
    assert_eq!(
        factdesk::store::read::claim(ws.conn(), &accepted)
            .unwrap()
            .summary,
        "Audit p. 4",
        "the other claim's summary is untouched"
    );
    drop(ws);
    status_bar_says(
        &h,
        "Undid: dismissal of the suggestion «We will open in May",
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    status_bar_says(&h, "Undid: summary of «The pier cost €4 million");

    // Dismissed again, then restored from "Show dismissed"; the restore is a step too.
    let first = h.state().suggest.key(0);
    h.state_mut().queued.push(Action::SelectSuggestion(first));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().suggest.items.len(), 1);
    h.get_by_label("Show dismissed (1)").click();
    h.run();
    h.get_by_label("Restore").click();
    h.run();
    assert!(dismissals(&desk.path).is_empty());
    assert_eq!(h.state().suggest.items.len(), 2);
    assert!(h.query_by_label("Show dismissed (0)").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        dismissals(&desk.path).len(),
        1,
        "undoing the restore dismisses it again"
    );
    status_bar_says(&h, "Undid: restore of the suggestion «We will open in May");
}

// Issue 17, section 5: every undo says what it did.
#[test]
fn an_undone_verdict_says_what_it_went_back_to() {
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::InProgress);
    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::RevealClaim(claim.clone()));
    h.run();
    h.key_press(Key::Num7);
    h.run();
    assert_eq!(rows(&desk.path)[0].status, "false");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    status_bar_says(&h, "Undid: verdict of «€6.1 million» back to In progress");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    status_bar_says(&h, "Redid: verdict of «€6.1 million» to False");
}

/// The titles the app sent to the OS window in the frames run by `steps` more steps.
fn titles_sent(h: &mut Harness<'_, FactdeskApp>, steps: usize) -> Vec<String> {
    let mut titles = Vec::new();
    for _ in 0..steps {
        h.step();
        if let Some(out) = h.output().viewport_output.get(&egui::ViewportId::ROOT) {
            for command in &out.commands {
                if let egui::ViewportCommand::Title(t) = command {
                    titles.push(t.clone());
                }
            }
        }
    }
    titles
}

// Issue 17, section 1: the title names the file, and the demo says it is one.
#[test]
fn the_title_names_the_file_and_the_demo_says_it_is_a_demo() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.factdesk");
    factdesk::demo::create(&demo, "demo").unwrap();
    // Not strict: the new, empty workspace's hint draws an arrow the test font lacks.
    let mut h = harness(&demo);
    assert_eq!(h.state().window_title(), "demo.factdesk — factdesk");
    assert!(
        h.query_by_label_contains("This is the demo workspace")
            .is_some()
    );
    let create = h.get_by_label("Create your own workspace…");
    assert!(!create.accesskit_node().is_disabled());

    // The button opens File → New workspace…; the path it answers with opens the new file.
    let mine = dir.path().join("desk.factdesk");
    h.state_mut()
        .queued
        .push(Action::NewWorkspace(mine.clone()));
    let titles = titles_sent(&mut h, 3);
    assert_eq!(titles, vec!["desk.factdesk — factdesk".to_owned()]);
    h.run();
    assert!(
        h.query_by_label_contains("This is the demo workspace")
            .is_none()
    );
    assert!(mine.exists());
}

// Issue 17, section 1: at laptop widths the header row forced the centre wider than its
// space, and the article text ran on under the right panel, clipped mid-word.
#[test]
fn at_1024_by_700_the_article_text_ends_inside_the_centre_panel() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.factdesk");
    let mut ws = Workspace::create(&path).unwrap();
    ws.write(|tx| {
        write::import_article(
            tx,
            &NewArticle {
                title: "Harbour pier “over budget” as council and authority trade figures".into(),
                outlet: "Coastal Times Weekend Edition".into(),
                author: "Ana Whitcombe and Jonas Feldmann-Oyelaran".into(),
                published: "2026-03-04".into(),
                url: "https://example.org/port-wenlow/2026/03/04/pier-budget-row-splits-council"
                    .into(),
                body: factdesk::text::import::normalise(ARTICLE),
                source: factdesk::model::TextSource::Paste,
            },
            "setup",
        )
    })
    .unwrap();
    drop(ws);
    let mut h = build_sized(&path, true, egui::vec2(1024.0, 700.0));
    h.run();
    if let Ok(out) = std::env::var("FACTDESK_SHOT") {
        h.render().unwrap().save(out).unwrap();
    }
    // The right panel starts where its first section's header starts (less the margin).
    let right_panel = h.get_by_label_contains("Suggested (").rect().min.x - 8.0;
    let text = h
        .get_by_role(egui::accesskit::Role::MultilineTextInput)
        .rect();
    assert!(
        text.max.x <= right_panel,
        "the article's text box ends at {} under the right panel at {right_panel}",
        text.max.x
    );
    // And every glyph of the text: the rightmost column of the laid-out lines.
    let chars = h.state().article_view.body().chars().count();
    let rightmost = (0..chars)
        .filter_map(|i| h.state().article_view.char_screen_pos(i))
        .map(|p| p.x)
        .fold(f32::MIN, f32::max);
    assert!(
        rightmost < right_panel,
        "a glyph at x = {rightmost} lies under the right panel at {right_panel}"
    );
}

// Issue 17, section 2: with no file-dialog portal, every dialog silently did nothing. The
// dialog's answer comes back as an action (what its thread sends), so no test opens one.
#[test]
fn a_file_dialog_that_never_appears_falls_back_to_a_path_field() {
    use factdesk::ui::{DialogAnswer, FileDialog};
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    let answer = |h: &mut Harness<'_, FactdeskApp>, kind, answer| {
        h.state_mut()
            .queued
            .push(Action::FileDialogAnswered(kind, answer));
        h.run();
    };
    // A person who cancels takes time: nothing happens.
    answer(
        &mut h,
        FileDialog::SaveCopy,
        DialogAnswer::Nothing { after_ms: 2_400 },
    );
    assert!(
        h.query_by_label_contains("No file dialog appeared")
            .is_none()
    );

    // Nothing at once: no dialog was shown. The window asks for the path, proposing the
    // folder and name the dialog would have.
    answer(
        &mut h,
        FileDialog::SaveCopy,
        DialogAnswer::Nothing { after_ms: 3 },
    );
    assert!(
        h.query_by_label_contains("No file dialog appeared")
            .is_some()
    );
    if let Ok(out) = std::env::var("FACTDESK_SHOT") {
        h.render().unwrap().save(out).unwrap();
    }
    let proposed = desk.path.with_file_name("copy.factdesk");
    let field = h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "Type the file's full path instead:",
    );
    assert_eq!(
        field.accesskit_node().value().as_deref(),
        Some(proposed.display().to_string().as_str())
    );
    let chosen = desk.path.with_file_name("Friday copy.factdesk");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(chosen.display().to_string()));
    h.key_press(Key::Enter);
    h.run();
    assert!(chosen.exists(), "the copy was written where typed");
    assert!(
        h.query_by_label_contains("No file dialog appeared")
            .is_none(),
        "the field closed"
    );
    assert!(
        h.state()
            .notice
            .clone()
            .unwrap()
            .contains("Saved a copy to")
    );

    // A dialog that failed says why; Escape closes the field without doing anything.
    answer(
        &mut h,
        FileDialog::Open,
        DialogAnswer::Failed("no display".into()),
    );
    assert!(
        h.query_by_label_contains("The file dialog could not be shown: no display")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("could not be shown").is_none());

    // A dialog that works is used as before: its path is the action's.
    let other = desk.path.with_file_name("second copy.factdesk");
    answer(
        &mut h,
        FileDialog::SaveCopy,
        DialogAnswer::Chosen(other.clone()),
    );
    assert!(other.exists());
}

// Issue 17, section 4: a speaker the assistant got wrong is flagged, renamed once for all
// its suggestions, and given to a claim made inside one; the list puts quotes first and
// filters by kind.
#[test]
fn renaming_one_suggestions_speaker_applies_to_the_others_credited_to_that_name() {
    let desk = desk_with(
        "The city has 40 bridges and 12 ferries.\n\n\
         A student said: “The library closes far too early for us.”\n\n\
         “We cannot study at night any more,” the student added.\n\n\
         The student also said that rents had doubled in two years.\n\n\
         Mayor Åsa Lind said the ferry “will run again in May.”",
    );
    let mut h = harness(&desk.path);
    h.run();
    let items = &h.state().suggest.items;
    let kinds: Vec<&str> = items.iter().map(|(s, _)| s.kind.label()).collect();
    assert_eq!(
        kinds.first(),
        Some(&"quote"),
        "quotes come first: {kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&"factual"), "{kinds:?}");
    let students = |h: &Harness<'_, FactdeskApp>, name: &str| {
        h.state()
            .suggest
            .items
            .iter()
            .filter(|(s, _)| s.speaker.as_ref().is_some_and(|p| p.name == name))
            .count()
    };
    assert_eq!(students(&h, "Student"), 3);
    // A generic name is flagged in its row.
    assert_eq!(h.query_all_by_label_contains("⚠ Student").count(), 3);

    // Rename the first one's speaker: the rename is offered to the two others.
    h.get_by_label_contains("«The library closes").click();
    h.run();
    assert_eq!(h.state().suggest.speaker, "Student");
    h.state_mut().suggest.speaker = "Katya Orlova".into();
    h.run();
    h.get_by_label("Apply “Katya Orlova” to the 2 other suggestions credited to “Student”")
        .click();
    h.run();
    assert_eq!(students(&h, "Student"), 0);
    assert_eq!(students(&h, "Katya Orlova"), 3, "all three changed");
    assert_eq!(
        h.query_all_by_label_contains("⚠").count(),
        0,
        "no longer flagged"
    );

    // Accepting one stores the new name.
    h.key_press(Key::Enter);
    h.run();
    let stored = rows(&desk.path);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].speaker.as_deref(), Some("Katya Orlova"));

    // Words selected inside another of her suggestions make a claim with her name.
    let body = h.state().article_view.body().to_owned();
    let range = find_quote(&body, "study at night", 1).unwrap();
    h.state_mut().queued.push(Action::CreateClaim(range));
    h.run();
    let stored = rows(&desk.path);
    let night = stored.iter().find(|r| r.quote == "study at night").unwrap();
    assert_eq!(night.speaker.as_deref(), Some("Katya Orlova"));

    // The factual statement can be left out of the list.
    let before = h.state().suggest.visible().len();
    h.get_by_label_contains("factual (").click();
    h.run();
    assert_eq!(h.state().suggest.visible().len(), before - 1);
    assert!(
        h.query_by_label_contains("«The city has 40 bridges")
            .is_none()
    );
}

// Issue 17, section 3: a final verdict with no summary and no evidence is named before the
// report is written; a click selects it to fix it, or the report goes out anyway.
#[test]
fn a_final_verdict_with_nothing_behind_it_is_listed_before_export() {
    let desk = desk_with(ARTICLE);
    let bare = add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let backed = add_claim(&desk, "€4 million", "Maria Lind", Status::True);
    patch_claim(
        &desk,
        &backed,
        &ClaimPatch {
            summary: Some("The audit, p. 4".into()),
            ..ClaimPatch::default()
        },
    );
    let mut h = harness(&desk.path);
    let report = desk.path.with_file_name("report.html");
    h.state_mut().dialog_answer = Some(report.clone());
    h.state_mut().open_export_form();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(!report.exists(), "nothing written before the user chooses");
    h.get_by_label_contains("1 claim has a final verdict but no summary");
    // Clicking the claim selects it, to fix it.
    h.get_by_label_contains("False: «€6.1 million»").click();
    h.run();
    assert_eq!(h.state().selected(), Some(&bare));

    // Fixed: checking again finds nothing and asks for the path.
    h.state_mut().queued.push(Action::AddEvidence {
        claim_id: bare.clone(),
        url: "https://example.org/budget".into(),
        title: "Budget".into(),
        note: String::new(),
    });
    h.run();
    h.get_by_label("Check again").click();
    h.run();
    assert!(report.exists(), "written once nothing was missing");
    std::fs::remove_file(&report).unwrap();

    // Or the user goes on anyway.
    h.state_mut().queued.push(Action::Undo);
    h.run();
    h.state_mut().open_export_form();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(!report.exists());
    h.get_by_label("Export anyway…").click();
    h.run();
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("6.1 million"), "{text}");
}

// Issue 17, section 1: the right panel's lists are resized by dragging (remembered in the
// settings), and every selection shows the editor from its top and the row in the list.
#[test]
fn each_selection_shows_the_editor_from_its_top_and_its_row_in_the_list() {
    let mut body = String::new();
    for i in 0..24 {
        body.push_str(&format!(
            "Item {i}: the council spent {i} million on drains.\n\n"
        ));
    }
    let desk = desk_with(&body);
    for i in 0..24 {
        add_claim(&desk, &format!("Item {i}:"), "Clerk", Status::True);
    }
    let mut h = harness(&desk.path);
    let list_bottom = |h: &Harness<'_, FactdeskApp>| {
        h.get_by_role_and_label(egui::accesskit::Role::Splitter, "Resize the claim list")
            .rect()
            .min
            .y
    };
    let in_list = |h: &Harness<'_, FactdeskApp>, label: &str| {
        h.query_by_label_contains(label)
            .is_some_and(|row| row.rect().max.y <= list_bottom(h) + 1.0)
    };

    // Select the first claim and scroll its editor to the bottom.
    h.get_by_label_contains("True: Clerk — Item 0:").click();
    h.run();
    h.get_by_label("Delete claim").scroll_to_me();
    h.run();
    let speaker_y = |h: &Harness<'_, FactdeskApp>| {
        h.get_by_role_and_label(egui::accesskit::Role::Label, "Speaker")
            .rect()
            .min
            .y
    };
    let scrolled = speaker_y(&h);

    // The last claim, chosen with the keyboard: its row comes into view, and its editor
    // starts at the top (the speaker, not "Delete claim").
    for _ in 0..23 {
        h.state_mut().queued.push(Action::NextClaim);
        h.run();
    }
    assert!(in_list(&h, "True: Clerk — Item 23:"), "the row is in view");
    let top = speaker_y(&h);
    assert!(
        top > scrolled,
        "the editor is back at its top: speaker at {top}, was {scrolled}"
    );

    // Dragging the bar under the claim list makes it taller, and the settings keep it.
    let before = h.state().settings.sections.claims_height;
    let bar = h
        .get_by_role_and_label(egui::accesskit::Role::Splitter, "Resize the claim list")
        .rect()
        .center();
    h.hover_at(bar);
    h.step();
    h.drag_at(bar);
    h.step();
    h.hover_at(bar + egui::vec2(0.0, 60.0));
    h.step();
    h.drop_at(bar + egui::vec2(0.0, 60.0));
    h.run();
    let after = h.state().settings.sections.claims_height;
    assert!((after - before - 60.0).abs() < 2.0, "{before} → {after}");

    // The claim list folds away, and the editor has the room.
    h.get_by_label("Claims (24)").click();
    h.run();
    assert!(!h.state().settings.sections.claims_open);
    assert!(h.query_by_label_contains("True: Clerk — Item 0:").is_none());
}

// Issue 17, section 1: the UI text size is a setting, and the small text follows it.
#[test]
fn the_ui_text_size_setting_scales_the_small_text() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    let small = |h: &Harness<'_, FactdeskApp>| {
        h.ctx.global_style().text_styles[&egui::TextStyle::Small].size
    };
    let legend = small(&h);
    assert!(legend >= 10.5, "the legend is {legend} px");
    h.state_mut().settings.ui_text_size = 17.0;
    h.run();
    assert!(small(&h) > legend + 3.0);
}

// Issue 17, section 6: the import form reads a dateline, drops a headline pasted with the
// text, takes a known title for a new version, and the re-import notice says "kept".
#[test]
fn the_import_form_reads_the_dateline_and_knows_a_new_version_by_its_title() {
    let desk = desk_with("The pier cost €4 million, the chair said.");
    add_claim(&desk, "€4 million", "Maria Lind", Status::False);
    let mut h = harness(&desk.path);

    // A new article: the headline repeated as the first paragraph is left out.
    h.state_mut().queued.push(Action::ImportText(
        "Ferry returns in May\n\nFriday, September 6, 2019\n\nThe ferry will run again in May, the mayor said."
            .into(),
    ));
    h.run();
    let form = h.state_mut().import_form_mut().unwrap().clone();
    assert_eq!(form.title, "Ferry returns in May");
    assert_eq!(form.published, "2019-09-06");
    assert_eq!(form.replaces, None);
    assert!(form.drop_headline);
    h.get_by_label("Import").click();
    h.run();
    let body = h.state().article_view.body().to_owned();
    assert!(body.starts_with("Friday, September 6, 2019"), "{body}");

    // The same headline again: a new version of that article, by default.
    h.state_mut().queued.push(Action::ImportText(
        "Harbour pier “over budget”\n\nSaturday, 7 September 2019\n\nUpdated: The pier cost €4 million, the chair said."
            .into(),
    ));
    h.run();
    let form = h.state_mut().import_form_mut().unwrap().clone();
    assert_eq!(form.replaces.as_ref(), Some(&desk.article_id));
    assert_eq!(form.published, "2019-09-07");
    h.get_by_label("Import").click();
    h.run();
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(
        notice.contains("1 kept (text around them changed)"),
        "{notice}"
    );
    assert!(!notice.contains("moved"), "{notice}");
}

// Issue 17, section 6: the paste window takes the keyboard and the clipboard; Getting
// started opens on the first run and stays under Help.
#[test]
fn the_paste_window_takes_the_clipboard_and_getting_started_opens_once() {
    let desk = desk_with(ARTICLE);
    let mut h = harness(&desk.path);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run();
    let field = h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "Paste the article text, or the address of a web page (Ctrl+V):",
    );
    assert!(
        field.accesskit_node().is_focused(),
        "the box has the keyboard"
    );
    // The window asked for the clipboard (RequestPaste); it arrives as a paste.
    h.event(egui::Event::Paste("Copied article text.".into()));
    h.run();
    let field = h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "Paste the article text, or the address of a web page (Ctrl+V):",
    );
    assert_eq!(
        field.accesskit_node().value().as_deref(),
        Some("Copied article text.")
    );
    h.key_press(Key::Escape);
    h.run();

    assert!(!h.state().getting_started_open());
    h.state_mut().welcome();
    h.run();
    assert!(h.query_by_label("Getting started").is_some());
    h.get_by_label("Start").click();
    h.run();
    assert!(!h.state().getting_started_open());
    h.state_mut().welcome();
    h.run();
    assert!(!h.state().getting_started_open(), "only on the first run");
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Getting started").click();
    h.run();
    assert!(h.state().getting_started_open());
}

// Issue 17, section 4: the text says whose words a dashed outline is, on hover.
#[test]
fn hovering_a_suggestion_in_the_text_says_whose_words_they_are() {
    let desk = desk_with(
        "Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”",
    );
    let mut h = harness(&desk.path);
    let body = h.state().article_view.body().to_owned();
    let inside = find_quote(&body, "€4 million", 1).unwrap().start + 2;
    let at = pos(&h, inside);
    h.hover_at(at);
    h.step();
    h.hover_at(at + egui::vec2(1.0, 0.0));
    for _ in 0..8 {
        h.step();
    }
    h.run();
    let tooltip = h
        .query_all_by_label_contains("Suggested quote by Maria Lind")
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Label)
        .count();
    assert_eq!(tooltip, 1, "the tooltip says whose words");
}

#[test]
fn enter_in_an_evidence_field_adds_the_link() {
    // Issue 17, section 5: as the button does.
    let desk = desk_with(ARTICLE);
    let claim = add_claim(&desk, "€6.1 million", "José Núñez", Status::False);
    let mut h = harness(&desk.path);
    h.state_mut()
        .queued
        .push(Action::RevealClaim(claim.clone()));
    h.run();
    let url = h.get_by(|n| n.placeholder() == Some("https://… (evidence link)"));
    url.focus();
    h.run();
    h.get_by(|n| n.placeholder() == Some("https://… (evidence link)"))
        .type_text("https://audit.example/2026");
    h.run();
    h.get_by(|n| n.placeholder() == Some("Title")).focus();
    h.run();
    h.get_by(|n| n.placeholder() == Some("Title"))
        .type_text("Audit 2026 — Zoë's copy");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let ws = Workspace::open(&desk.path).unwrap();
    let saved = factdesk::store::read::claim(ws.conn(), &claim).unwrap();
    assert_eq!(saved.evidence.len(), 1, "{:?}", saved.evidence);
    assert_eq!(saved.evidence[0].url, "https://audit.example/2026");
    assert_eq!(saved.evidence[0].title, "Audit 2026 — Zoë's copy");
}
