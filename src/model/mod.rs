//! Domain types of factdesk: articles and their revisions, speakers, claims, evidence,
//! verdicts and change history. Plain data with serde; no SQL, no GUI.

mod history;
mod ids;
pub mod report;
mod source;
mod status;

pub use history::HistoryField;
pub use ids::{ArticleId, ClaimId, SpeakerId};
pub use source::TextSource;
pub use status::Status;

use serde::{Deserialize, Serialize};

/// The largest value a counter (a row's version, a revision number, a char offset) may hold
/// in a workspace: 2^31 - 1. Values from received files, JSON and the team server outside
/// `0..=MAX_COUNTER` are refused, so `+ 1` on one can never overflow, in Rust or in SQLite
/// (where an overflow turns the integer into a REAL that a STRICT table then rejects).
pub const MAX_COUNTER: i64 = 2_147_483_647;

/// `value + 1` for a counter, or `None` past [`MAX_COUNTER`].
pub fn next_counter(value: i64) -> Option<i64> {
    value
        .checked_add(1)
        .filter(|n| (1..=MAX_COUNTER).contains(n))
}

/// A half-open range `[start, end)` of Unicode scalar values (Rust `char`s) in a text.
///
/// Every offset factdesk stores, prints or accepts counts chars: never bytes, never UTF-16
/// units. Conversion to byte offsets happens only in [`crate::text::offsets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CharRange {
    /// First char of the range.
    pub start: usize,
    /// One past the last char of the range.
    pub end: usize,
}

impl CharRange {
    /// A range from `start` to `end` (chars).
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Number of chars covered.
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the range covers no char.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when the two ranges share at least one char.
    pub const fn overlaps(self, other: Self) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a claim sits in its article: W3C Web Annotation's TextPositionSelector (`range`)
/// and TextQuoteSelector (`quote`, `prefix`, `suffix`) together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Char offsets into the revision's body.
    pub range: CharRange,
    /// The exact words of the range.
    pub quote: String,
    /// Up to [`crate::text::anchor::CONTEXT_CHARS`] chars before the quote.
    pub prefix: String,
    /// Up to [`crate::text::anchor::CONTEXT_CHARS`] chars after the quote.
    pub suffix: String,
}

/// How a claim's anchor fared when its article's text last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorState {
    /// Placed where it was made, on the same words.
    Placed,
    /// Found on the same words at another position.
    Moved,
    /// Found by similarity: the quoted words changed, so the verdict needs re-checking.
    QuoteChanged,
    /// Could not be placed on the new text; kept with its old anchor and revision.
    Orphaned,
}

impl AnchorState {
    /// Stable code stored in the file and used in JSON.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Placed => "placed",
            Self::Moved => "moved",
            Self::QuoteChanged => "quote_changed",
            Self::Orphaned => "orphaned",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "placed" => Self::Placed,
            "moved" => Self::Moved,
            "quote_changed" => Self::QuoteChanged,
            "orphaned" => Self::Orphaned,
            _ => return None,
        })
    }
}

/// A news article as the workspace knows it; its text lives in its current [`Revision`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// UUID v7.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Publication (newspaper, site, broadcaster).
    pub outlet: String,
    /// Where it was published, if known.
    pub url: String,
    /// Byline.
    pub author: String,
    /// Publication date as `YYYY-MM-DD`, or empty.
    pub published: String,
    /// When it was first imported (RFC 3339, UTC).
    pub imported_at: String,
    /// Who imported it.
    pub imported_by: String,
    /// The revision whose text is shown and annotated.
    pub current_revision_id: String,
    /// Number of the current revision (1 for the first import).
    pub revision_number: i64,
    /// The current text, normalised (`\n` line ends, no BOM).
    pub body: String,
    /// SHA-256 of `body`, lowercase hex.
    pub content_hash: String,
}

/// One version of an article's text; re-importing changed text adds a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// UUID v7.
    pub id: String,
    /// The article it belongs to.
    pub article_id: ArticleId,
    /// 1, 2, 3, … in order of import.
    pub number: i64,
    /// Normalised text.
    pub body: String,
    /// SHA-256 of `body`, lowercase hex.
    pub content_hash: String,
    /// Where the text came from, as stored ([`TextSource::parse`] reads it).
    pub source: String,
    /// When it was imported.
    pub created_at: String,
    /// Who imported it.
    pub created_by: String,
}

/// A person or organisation whose statements are checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// UUID v7.
    pub id: SpeakerId,
    /// Canonical name ("Maria Lind").
    pub name: String,
    /// Role or affiliation ("Harbour Authority chair").
    pub role: String,
    /// Other names used for the same speaker ("Ms Lind", "the chair").
    pub aliases: Vec<String>,
}

/// A statement selected in an article, under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// UUID v7.
    pub id: ClaimId,
    /// The article it belongs to.
    pub article_id: ArticleId,
    /// The revision its anchor points into.
    pub revision_id: String,
    /// That revision's number (1 for the first text of the article).
    #[serde(default)]
    pub revision_number: i64,
    /// Position and words in that revision.
    pub anchor: Anchor,
    /// How the anchor fared at the last text change.
    pub anchor_state: AnchorState,
    /// The quote before the text changed, when `anchor_state` is `QuoteChanged`.
    pub previous_quote: String,
    /// Who made the statement, if known.
    pub speaker: Option<SpeakerRef>,
    /// Verdict.
    pub status: Status,
    /// The verdict's one-paragraph explanation.
    pub summary: String,
    /// Working notes.
    pub notes: String,
    /// Sources backing the verdict.
    pub evidence: Vec<Evidence>,
    /// When the claim was made (RFC 3339, UTC).
    pub created_at: String,
    /// Who made it.
    pub created_by: String,
    /// When it last changed.
    pub updated_at: String,
    /// Who changed it last.
    pub updated_by: String,
    /// Incremented on every change.
    pub version: i64,
    /// A final verdict waiting for an editor's sign-off, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Proposal>,
}

/// A final verdict a checker gave in a team workspace that requires sign-off: the claim keeps
/// its status until an editor signs the verdict off (it becomes the status) or declines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The verdict proposed.
    pub status: Status,
    /// Who proposed it.
    pub by: String,
}

/// A speaker's id and name, as carried by a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerRef {
    /// Speaker id.
    pub id: SpeakerId,
    /// Canonical name.
    pub name: String,
}

/// A source backing a claim's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// UUID v7.
    pub id: String,
    /// Link to the source.
    pub url: String,
    /// Its title.
    pub title: String,
    /// What it shows.
    pub note: String,
    /// When it was added.
    pub added_at: String,
    /// Who added it.
    pub added_by: String,
}

/// One recorded change to a claim: who changed which field from what to what, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// UUID v7.
    pub id: String,
    /// The claim changed.
    pub claim_id: ClaimId,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub by: String,
    /// What changed.
    pub field: HistoryField,
    /// Value before, empty for creation.
    pub old_value: String,
    /// Value after.
    pub new_value: String,
}

/// Current time as stored in the file: RFC 3339, UTC, milliseconds.
pub fn now_timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A new UUID v7 as a lowercase hyphenated string.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
