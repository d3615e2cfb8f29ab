//! The verification status (verdict) scale of DESIGN.md.

use serde::{Deserialize, Serialize};

/// A claim's verification status. The final verdicts ([`Status::is_final`]) are what
/// "verified claim" means in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nobody has looked at it yet.
    Unreviewed,
    /// Being checked.
    InProgress,
    /// Accurate.
    True,
    /// Accurate but needs clarification.
    MostlyTrue,
    /// Partly accurate.
    HalfTrue,
    /// Contains some truth but ignores critical facts.
    MostlyFalse,
    /// Inaccurate.
    False,
    /// Accurate words that give a wrong impression.
    Misleading,
    /// No evidence backs it.
    Unsupported,
    /// An opinion or prediction: cannot be checked.
    NotCheckable,
}

impl Status {
    /// Every status, in the scale's order.
    pub const ALL: [Self; 10] = [
        Self::Unreviewed,
        Self::InProgress,
        Self::True,
        Self::MostlyTrue,
        Self::HalfTrue,
        Self::MostlyFalse,
        Self::False,
        Self::Misleading,
        Self::Unsupported,
        Self::NotCheckable,
    ];

    /// Stable code used in the file, JSON and the CLI.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Unreviewed => "unreviewed",
            Self::InProgress => "in_progress",
            Self::True => "true",
            Self::MostlyTrue => "mostly_true",
            Self::HalfTrue => "half_true",
            Self::MostlyFalse => "mostly_false",
            Self::False => "false",
            Self::Misleading => "misleading",
            Self::Unsupported => "unsupported",
            Self::NotCheckable => "not_checkable",
        }
    }

    /// Human label, as shown in the app and reports.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Unreviewed => "Unreviewed",
            Self::InProgress => "In progress",
            Self::True => "True",
            Self::MostlyTrue => "Mostly true",
            Self::HalfTrue => "Half true",
            Self::MostlyFalse => "Mostly false",
            Self::False => "False",
            Self::Misleading => "Misleading",
            Self::Unsupported => "Unsupported",
            Self::NotCheckable => "Not checkable",
        }
    }

    /// True for the verdicts True … Unsupported: a checked claim.
    pub const fn is_final(self) -> bool {
        !matches!(
            self,
            Self::Unreviewed | Self::InProgress | Self::NotCheckable
        )
    }

    /// ClaimReview `ratingValue` on a 1 (worst) to 5 (best) scale, for final verdicts.
    pub const fn rating_value(self) -> Option<u8> {
        match self {
            Self::True => Some(5),
            Self::MostlyTrue => Some(4),
            Self::HalfTrue => Some(3),
            Self::MostlyFalse | Self::Misleading => Some(2),
            Self::False | Self::Unsupported => Some(1),
            Self::Unreviewed | Self::InProgress | Self::NotCheckable => None,
        }
    }

    /// The verdict's colour as sRGB, defined once here and shared by the window and the
    /// HTML report: greens for true, amber for half, reds for false, violet for misleading.
    pub const fn rgb(self) -> [u8; 3] {
        match self {
            Self::Unreviewed => [0x9a, 0xa0, 0xa6],
            Self::InProgress => [0x42, 0x85, 0xf4],
            Self::True => [0x1e, 0x8e, 0x3e],
            Self::MostlyTrue => [0x7c, 0xb3, 0x42],
            Self::HalfTrue => [0xf9, 0xab, 0x00],
            Self::MostlyFalse => [0xf2, 0x6b, 0x1d],
            Self::False => [0xd9, 0x30, 0x25],
            Self::Misleading => [0x9c, 0x27, 0xb0],
            Self::Unsupported => [0x79, 0x55, 0x48],
            Self::NotCheckable => [0x5f, 0x63, 0x68],
        }
    }

    /// The keyboard digit that sets this status in the window (1–9, then 0).
    pub const fn digit(self) -> char {
        match self {
            Self::Unreviewed => '1',
            Self::InProgress => '2',
            Self::True => '3',
            Self::MostlyTrue => '4',
            Self::HalfTrue => '5',
            Self::MostlyFalse => '6',
            Self::False => '7',
            Self::Misleading => '8',
            Self::Unsupported => '9',
            Self::NotCheckable => '0',
        }
    }

    /// Parses a code or a label, ignoring case, spaces, hyphens and underscores
    /// (`mostly-true`, `Mostly true`, `MOSTLY_TRUE`).
    pub fn parse(text: &str) -> Option<Self> {
        let key: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        Self::ALL.into_iter().find(|s| {
            let code: String = s.code().chars().filter(|c| *c != '_').collect();
            code == key
        })
    }

    /// Parses a stored code exactly.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_labels_and_spellings() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
            assert_eq!(Status::parse(s.label()), Some(s));
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert_eq!(Status::parse("Mostly-TRUE"), Some(Status::MostlyTrue));
        assert_eq!(Status::parse("not checkable"), Some(Status::NotCheckable));
        assert_eq!(Status::parse("maybe"), None);
        assert_eq!(Status::parse(""), None);
    }

    #[test]
    fn final_verdicts_are_true_through_unsupported() {
        let finals: Vec<_> = Status::ALL.into_iter().filter(|s| s.is_final()).collect();
        assert_eq!(
            finals,
            [
                Status::True,
                Status::MostlyTrue,
                Status::HalfTrue,
                Status::MostlyFalse,
                Status::False,
                Status::Misleading,
                Status::Unsupported
            ]
        );
        for s in Status::ALL {
            assert_eq!(s.is_final(), s.rating_value().is_some(), "{s}");
        }
    }
}
