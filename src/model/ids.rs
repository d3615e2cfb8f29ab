//! Typed ids: an article's, a claim's and a speaker's ids are different types, so one cannot
//! be passed where another is meant (an [`crate::ui::Action`] cannot swap a claim for an
//! article). Each is a UUID v7 string in the file, in JSON and on the team server; ids read
//! from received files are kept as they are (validation is the store's job, not the type's).

use std::fmt;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new UUID v7.
            pub fn generate() -> Self {
                Self(super::new_id())
            }

            /// The id as stored.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id's string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_string())
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> Self {
                Self(s.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    };
}

id_type!(
    /// An article's id.
    ArticleId
);
id_type!(
    /// A claim's id.
    ClaimId
);
id_type!(
    /// A speaker's id.
    SpeakerId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_json_and_sqlite_as_plain_strings() {
        let id = ClaimId::from("0190-ä");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"0190-ä\"");
        let back: ClaimId = serde_json::from_str("\"0190-ä\"").unwrap();
        assert_eq!(back, id);
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let got: ClaimId = db.query_row("SELECT ?1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(got, id);
        let text: String = db.query_row("SELECT ?1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(text, "0190-ä");
    }

    #[test]
    fn generated_ids_differ() {
        assert_ne!(ArticleId::generate(), ArticleId::generate());
        assert_eq!(SpeakerId::generate().len(), 36);
    }
}
