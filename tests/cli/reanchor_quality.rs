//! Re-anchoring measured on generated corrections with known truth (tests/common/edits.rs):
//! on a fixed seed, no claim is ever placed on other words, at least 99% of quotes whose
//! words are still there are placed, and every quote whose words are gone is orphaned.

use crate::common;

use std::collections::BTreeMap;

use common::edits::{self, EditKind, Rng, Verdict};
use factdesk::model::{AnchorState, CharRange};
use factdesk::text::anchor::anchor_at;
use factdesk::text::reanchor::Reanchorer;

#[test]
fn generated_corrections_never_move_a_claim_onto_other_words() {
    let mut rng = Rng::new(0x00FA_C7DE_5C00);
    let mut table: BTreeMap<EditKind, [usize; 4]> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, text) in edits::texts() {
        for case in edits::cases(&text, 6, &mut rng) {
            total += 1;
            let anchor = anchor_at(&case.old, CharRange::new(case.start, case.end)).unwrap();
            let placement = Reanchorer::new(&case.old, &case.new).place(&anchor);
            let placed = (placement.state != AnchorState::Orphaned)
                .then_some((placement.anchor.range.start, placement.anchor.range.end));
            let verdict = edits::judge(placed, case.truth);
            let slot = match verdict {
                Verdict::Right => 0,
                Verdict::Orphaned => 1,
                Verdict::Missed => 2,
                Verdict::Wrong => 3,
            };
            table.entry(case.kind).or_default()[slot] += 1;
            if matches!(verdict, Verdict::Wrong | Verdict::Missed) {
                failures.push(format!(
                    "{name} / {}: {verdict:?}: quote {:?}, truth {:?}, placed {placed:?} ({:?}, {:.2})",
                    case.kind, anchor.quote, case.truth, placement.state, placement.similarity
                ));
            }
        }
    }
    println!(
        "{:<28} {:>6} {:>9} {:>7} {:>6}",
        "edit", "right", "orphaned", "missed", "wrong"
    );
    for (kind, [right, orphaned, missed, wrong]) in &table {
        println!(
            "{:<28} {right:>6} {orphaned:>9} {missed:>7} {wrong:>6}",
            kind.to_string()
        );
    }
    assert!(total >= 500, "only {total} cases generated");
    assert_eq!(
        table.len(),
        EditKind::ALL.len(),
        "every kind of edit was generated"
    );
    let wrong: usize = table.values().map(|v| v[3]).sum();
    let missed: usize = table.values().map(|v| v[2]).sum();
    let present: usize = table.values().map(|v| v[0] + v[2] + v[3]).sum();
    let orphan_cases = table
        .get(&EditKind::QuoteSentenceDeleted)
        .copied()
        .unwrap_or_default();
    for f in failures.iter().take(20) {
        println!("{f}");
    }
    assert_eq!(wrong, 0, "placed on other words");
    assert!(
        (present - missed) * 100 >= present * 99,
        "placed only {} of {present} quotes still present",
        present - missed
    );
    assert!(
        orphan_cases[1] > 0 && orphan_cases[0] == 0 && orphan_cases[3] == 0,
        "{orphan_cases:?}"
    );
}
