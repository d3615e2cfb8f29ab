//! What a claim's history entry changed (`claim_history.field`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// What one history entry records. Stored as its [`code`](Self::code); a code this build
/// does not know (a newer build's, a received file's) is kept as [`HistoryField::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum HistoryField {
    /// The claim was made (new value: its quote).
    Created,
    /// The claim was deleted.
    Deleted,
    /// A deleted claim was restored.
    Restored,
    /// The speaker (values: names).
    Speaker,
    /// The verdict (values: status codes).
    Status,
    /// The verdict's summary.
    Summary,
    /// Private notes.
    Notes,
    /// Where the claim sits (values: quote and position), after a new revision or a merge.
    Anchor,
    /// Evidence added (new value: the URL) or removed (old value).
    Evidence,
    /// A verdict proposed for sign-off (new value) or declined (old value).
    Proposal,
    /// A merge or sync conflict settled.
    Merge,
    /// Made from the claim assistant's suggestion (new value: its cue and why it named the
    /// speaker).
    Suggested,
    /// A code of no known kind.
    Other(String),
}

impl HistoryField {
    /// The stored code.
    #[must_use]
    pub fn code(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Deleted => "deleted",
            Self::Restored => "restored",
            Self::Speaker => "speaker",
            Self::Status => "status",
            Self::Summary => "summary",
            Self::Notes => "notes",
            Self::Anchor => "anchor",
            Self::Evidence => "evidence",
            Self::Proposal => "proposal",
            Self::Merge => "merge",
            Self::Suggested => "suggested",
            Self::Other(code) => code,
        }
    }

    /// Reads a stored code; never fails.
    #[must_use]
    pub fn parse(code: &str) -> Self {
        match code {
            "created" => Self::Created,
            "deleted" => Self::Deleted,
            "restored" => Self::Restored,
            "speaker" => Self::Speaker,
            "status" => Self::Status,
            "summary" => Self::Summary,
            "notes" => Self::Notes,
            "anchor" => Self::Anchor,
            "evidence" => Self::Evidence,
            "proposal" => Self::Proposal,
            "merge" => Self::Merge,
            "suggested" => Self::Suggested,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The word for it in a sentence ("its verdict was changed since").
    #[must_use]
    pub fn noun(&self) -> &str {
        match self {
            Self::Status => "verdict",
            Self::Speaker | Self::Summary | Self::Notes => self.code(),
            _ => "claim",
        }
    }
}

impl From<String> for HistoryField {
    fn from(code: String) -> Self {
        Self::parse(&code)
    }
}

impl From<HistoryField> for String {
    fn from(field: HistoryField) -> Self {
        field.code().to_owned()
    }
}

/// A field equals its stored code (`entry.field == "status"`).
impl PartialEq<&str> for HistoryField {
    fn eq(&self, code: &&str) -> bool {
        self.code() == *code
    }
}

impl fmt::Display for HistoryField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_unknown_ones_are_kept() {
        for field in [
            HistoryField::Created,
            HistoryField::Deleted,
            HistoryField::Restored,
            HistoryField::Speaker,
            HistoryField::Status,
            HistoryField::Summary,
            HistoryField::Notes,
            HistoryField::Anchor,
            HistoryField::Evidence,
            HistoryField::Proposal,
            HistoryField::Merge,
        ] {
            assert_eq!(HistoryField::parse(field.code()), field);
        }
        let newer = HistoryField::parse("zitat");
        assert_eq!(newer, HistoryField::Other("zitat".into()));
        assert_eq!(newer.code(), "zitat");
        assert_eq!(
            serde_json::to_string(&HistoryField::Status).unwrap(),
            "\"status\""
        );
        assert_eq!(
            serde_json::from_str::<HistoryField>("\"notes\"").unwrap(),
            HistoryField::Notes
        );
    }
}
