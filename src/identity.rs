//! Who is editing: one rule for both front ends. Every edit records a name, so the CLI and
//! the window must agree on where it comes from. Depends on nothing of factdesk's.

/// Who is editing: `flag` (`--reviewer`), else `$FACTDESK_REVIEWER`, else the OS user name
/// (`$USER`, `$USERNAME`, `$LOGNAME`), else "unknown".
pub fn reviewer(flag: Option<&str>) -> String {
    let from_env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
    flag.map(str::to_owned)
        .filter(|v| !v.trim().is_empty())
        .or_else(|| from_env("FACTDESK_REVIEWER"))
        .or_else(|| from_env("USER"))
        .or_else(|| from_env("USERNAME"))
        .or_else(|| from_env("LOGNAME"))
        .map_or_else(|| "unknown".to_owned(), |v| v.trim().to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_flag_wins_and_blank_names_do_not_count() {
        assert_eq!(super::reviewer(Some("  Ana  ")), "Ana");
        assert_ne!(super::reviewer(Some("   ")), "   ");
        assert!(!super::reviewer(None).is_empty());
    }
}
