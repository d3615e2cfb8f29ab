//! Text handling: char offsets, anchors and re-anchoring, article import and decoding.
//! Depends on [`crate::model`] only; no SQL, no GUI.

pub mod anchor;
pub mod import;
pub mod offsets;
pub mod reanchor;

use sha2::{Digest, Sha256};

/// `url` without its surrounding spaces when it is an http(s) address, else `None`
/// (`javascript:`, `file:`, `data:`, a bare word, a scheme with nothing after it): the one
/// rule for what may be fetched, linked in a report or opened from the window.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let has_scheme = |scheme: &str| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && url.len() > scheme.len()
    };
    (has_scheme("https://") || has_scheme("http://")).then_some(url)
}

/// SHA-256 of a normalised body as lowercase hex: identifies the same text across files.
pub fn content_hash(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(
            super::content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
