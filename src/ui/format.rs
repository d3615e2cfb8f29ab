//! Human-readable times and excerpts for the window.

use chrono::{DateTime, Utc};

/// "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else the date.
pub fn ago(timestamp: &str, now: DateTime<Utc>) -> String {
    let Ok(then) = DateTime::parse_from_rfc3339(timestamp) else {
        return timestamp.to_owned();
    };
    let seconds = (now - then.with_timezone(&Utc)).num_seconds();
    match seconds {
        i64::MIN..=44 => "just now".to_owned(),
        45..=3_599 => format!("{} min ago", (seconds + 30) / 60),
        3_600..=86_399 => format!("{} h ago", seconds / 3_600),
        86_400..=172_799 => "yesterday".to_owned(),
        172_800..=604_799 => format!("{} days ago", seconds / 86_400),
        _ => then.format("%Y-%m-%d").to_string(),
    }
}

/// What an anchor state means, in words ("kept (text around it changed)").
pub fn anchor_state_words(code: &str) -> &'static str {
    match crate::model::AnchorState::from_code(code) {
        Some(crate::model::AnchorState::Placed) => "in place",
        Some(crate::model::AnchorState::Moved) => "kept (text around it changed)",
        Some(crate::model::AnchorState::QuoteChanged) => "its words changed: re-check",
        Some(crate::model::AnchorState::Orphaned) => "its words were not found",
        None => "",
    }
}

/// A stored anchor value ("r2 1965..2183 the words (moved)", or "the words (placed)") read
/// apart: the revision, the words and the state code, each when there.
fn anchor_parts(value: &str) -> (Option<&str>, &str, Option<&str>) {
    let (rest, state) = match value.trim_end().strip_suffix(')') {
        Some(v) => match v.rsplit_once(" (") {
            Some((rest, code)) if crate::model::AnchorState::from_code(code).is_some() => {
                (rest, Some(code))
            }
            _ => (value, None),
        },
        None => (value, None),
    };
    let mut words = rest.splitn(3, ' ');
    let revision = words.next().and_then(|w| w.strip_prefix('r'));
    let range = words.next();
    match (revision, range) {
        (Some(r), Some(range)) if r.chars().all(|c| c.is_ascii_digit()) && range.contains("..") => {
            (Some(r), words.next().unwrap_or_default(), state)
        }
        _ => (None, rest, state),
    }
}

/// A change of a claim's place in the text, in plain words: "followed the text to revision 2
/// (kept, text around it changed)" rather than `r1 1965..2183 … → r2 …`.
pub fn anchor_change_words(old: &str, new: &str) -> String {
    let (old_revision, _, _) = anchor_parts(old);
    let (new_revision, new_words, state) = anchor_parts(new);
    let state = state.map(anchor_state_words).unwrap_or_default();
    let state = if state.is_empty() {
        String::new()
    } else {
        format!(": {state}")
    };
    match (old_revision, new_revision) {
        (Some(a), Some(b)) if a != b => format!("followed the text to revision {b}{state}"),
        _ => format!("placed the claim on «{}»{state}", excerpt(new_words, 40)),
    }
}

/// The first `max_chars` chars of `text` on one line, with "…" when cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max_chars {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` with its first letter upper-case ("web pages" → "Web pages"), for a label.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchor_changes_read_as_plain_words() {
        assert_eq!(
            super::anchor_change_words(
                "r1 1965..2183 the pier cost",
                "r2 1970..2188 the pier cost (moved)"
            ),
            "followed the text to revision 2: kept (text around it changed)"
        );
        assert_eq!(
            super::anchor_change_words("the pier (orphaned)", "r2 10..20 the new pier"),
            "placed the claim on «the new pier»"
        );
    }

    use super::*;

    #[test]
    fn capitalised_takes_the_first_letter_whatever_its_width() {
        assert_eq!(capitalised("web pages"), "Web pages");
        assert_eq!(capitalised("été"), "Été");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn ago_reads_like_a_person() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(ago("2026-11-24T11:59:50.000Z", now), "just now");
        assert_eq!(ago("2026-11-24T11:55:00.000Z", now), "5 min ago");
        assert_eq!(ago("2026-11-24T09:00:00.000Z", now), "3 h ago");
        assert_eq!(ago("2026-11-23T10:00:00.000Z", now), "yesterday");
        assert_eq!(ago("2026-11-20T12:00:00.000Z", now), "4 days ago");
        assert_eq!(ago("2026-01-02T12:00:00.000Z", now), "2026-01-02");
        assert_eq!(ago("garbage", now), "garbage");
    }

    #[test]
    fn excerpt_counts_chars() {
        assert_eq!(excerpt("“Café”\n😀 東京", 20), "“Café” 😀 東京");
        assert_eq!(excerpt("“Café” 😀 東京", 5), "“Caf…");
    }
}
