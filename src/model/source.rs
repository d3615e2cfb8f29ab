//! Where an article's text came from, as each revision records it.

use std::fmt;
use std::path::PathBuf;

/// Where a revision's text came from. Stored as text in `revision.source`: `file:PATH`,
/// `paste`, `url:URL` or `demo` ([`TextSource::code`]); a received file may hold anything
/// else there, which [`TextSource::parse`] keeps as [`TextSource::Other`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TextSource {
    /// A file on this machine, by its canonical path ([`crate::flows::import::file_source`]).
    File(PathBuf),
    /// Pasted or piped in (also what a new article of no stated origin is).
    #[default]
    Paste,
    /// A web page, by the address asked for.
    Url(String),
    /// The built-in demo workspace.
    Demo,
    /// A stored value of no known form (a colleague's file, an older build).
    Other(String),
}

impl TextSource {
    /// The stored text.
    #[must_use]
    pub fn code(&self) -> String {
        self.to_string()
    }

    /// Reads a stored value; never fails (unknown forms are [`TextSource::Other`]).
    #[must_use]
    pub fn parse(stored: &str) -> Self {
        if let Some(path) = stored.strip_prefix("file:") {
            Self::File(PathBuf::from(path))
        } else if let Some(url) = stored.strip_prefix("url:") {
            Self::Url(url.to_owned())
        } else {
            match stored {
                "paste" => Self::Paste,
                "demo" => Self::Demo,
                other => Self::Other(other.to_owned()),
            }
        }
    }

    /// What to show a person: the path or the address, else the kind.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Url(url) => url.clone(),
            Self::Paste => "paste".to_owned(),
            Self::Demo => "demo".to_owned(),
            Self::Other(text) => text.clone(),
        }
    }
}

impl fmt::Display for TextSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "file:{}", path.display()),
            Self::Paste => f.write_str("paste"),
            Self::Url(url) => write!(f, "url:{url}"),
            Self::Demo => f.write_str("demo"),
            Self::Other(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_as_written() {
        for source in [
            TextSource::File(PathBuf::from("/tmp/Zürich déjà.txt")),
            TextSource::Paste,
            TextSource::Url("https://example.org/a?b=c:d".into()),
            TextSource::Demo,
            TextSource::Other("bench".into()),
        ] {
            assert_eq!(TextSource::parse(&source.code()), source);
        }
    }

    #[test]
    fn a_person_sees_the_path_or_address_not_the_prefix() {
        assert_eq!(
            TextSource::parse("url:https://e.org/x").describe(),
            "https://e.org/x"
        );
        assert_eq!(TextSource::parse("file:/a/b.txt").describe(), "/a/b.txt");
        assert_eq!(TextSource::parse("paste").describe(), "paste");
    }
}
