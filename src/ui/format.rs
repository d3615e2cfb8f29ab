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
