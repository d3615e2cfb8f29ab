//! Hooks the tests use to stop the program at chosen moments (a crash after the server
//! committed a push, a pause between a pull and a push) and to time a merge's phases. Each
//! does something only with the `test-support` feature, which `cargo test` and `cargo bench`
//! turn on (the crate's dev-dependency on itself) and no user's build has: without it every
//! hook is an empty function and the environment is never read.

/// With `FACTDESK_TEST_GATE_BEFORE_PUSH=PATH` (tests/team/team.rs): writes `PATH.waiting`
/// and waits (at most a minute) until `PATH` exists, so that a colleague's push can land
/// between a sync's pull and its push.
pub fn gate_before_push() {
    #[cfg(feature = "test-support")]
    if let Some(gate) = std::env::var_os("FACTDESK_TEST_GATE_BEFORE_PUSH") {
        let gate = std::path::PathBuf::from(gate);
        let mut waiting = gate.clone().into_os_string();
        waiting.push(".waiting");
        let _ = std::fs::write(&waiting, b"");
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !gate.exists() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// With `FACTDESK_TEST_CRASH_AFTER_PUSH` set (tests/team/team_crash.rs): dies as a laptop
/// would, after the server committed a push and before the file recorded its answer.
pub fn crash_after_push() {
    #[cfg(feature = "test-support")]
    if std::env::var_os("FACTDESK_TEST_CRASH_AFTER_PUSH").is_some() {
        std::process::abort();
    }
}

/// Whether a merge prints the time of each of its phases (`FACTDESK_MERGE_TIMING`, for
/// `cargo bench --bench merge`).
pub fn merge_timing() -> bool {
    cfg!(feature = "test-support") && std::env::var_os("FACTDESK_MERGE_TIMING").is_some()
}
