//! A real, throwaway PostgreSQL server per test (tests/pg/server.sh): a new cluster in a
//! temporary folder, loopback only, a random port, stopped when the test ends (or when the
//! test process dies, by the script's watcher).

use std::path::PathBuf;
use std::process::Command;

/// Where the script lives.
fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pg/server.sh")
}

/// A running server; stopped on drop.
pub struct Pg {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub password: String,
    /// Whether the server speaks TLS (certificate authority at [`Self::ca`]).
    pub tls: bool,
}

/// Starts a server, or returns `None` (after saying how to run these tests) when
/// PostgreSQL is not installed here. With `FACTDESK_REQUIRE_PG=1` (set by `.ci/run`) a
/// missing PostgreSQL fails the test instead.
pub fn start() -> Option<Pg> {
    start_with(false)
}

/// [`start`], with TLS on (a certificate for 127.0.0.1 from a throwaway authority).
pub fn start_tls() -> Option<Pg> {
    start_with(true)
}

fn start_with(tls: bool) -> Option<Pg> {
    let check = Command::new("bash")
        .arg(script())
        .arg("check")
        .output()
        .unwrap();
    if !check.status.success() {
        assert!(
            std::env::var_os("FACTDESK_REQUIRE_PG").is_none(),
            "FACTDESK_REQUIRE_PG is set but PostgreSQL is missing: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        eprintln!(
            "SKIPPED: this test needs a real PostgreSQL server. Install Debian's package \
             (`sudo apt-get install postgresql`) and run `cargo test --test team` again; \
             the test starts and stops its own throwaway server."
        );
        return None;
    }
    let mut pg = Pg {
        dir: tempfile::Builder::new().prefix("fdpg").tempdir().unwrap(),
        port: 0,
        password: format!("pw-{}", uuid::Uuid::now_v7().simple()),
        tls,
    };
    // A port found free may be taken before the server binds it: try a few.
    for _ in 0..5 {
        pg.port = free_port();
        if pg.run_start() {
            return Some(pg);
        }
    }
    panic!("could not start PostgreSQL");
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl Pg {
    fn run_start(&self) -> bool {
        let out = Command::new("bash")
            .arg(script())
            .arg("start")
            .arg(self.dir.path().join("pg"))
            .arg(self.port.to_string())
            .arg(&self.password)
            .arg(std::process::id().to_string())
            .args(self.tls.then_some("tls"))
            .output()
            .unwrap();
        if !out.status.success() {
            eprintln!(
                "starting PostgreSQL failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        out.status.success()
    }

    /// The certificate authority of a TLS server.
    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("pg/ca.crt")
    }

    /// Starts the server again after [`Self::kill9`] (crash recovery runs).
    pub fn restart(&self) {
        assert!(self.run_start(), "PostgreSQL did not come back");
    }

    /// The postmaster's pid.
    pub fn pid(&self) -> u32 {
        let out = Command::new("bash")
            .arg(script())
            .arg("pid")
            .arg(self.dir.path().join("pg"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    /// `kill -9` of the postmaster and every backend at once: a server crash.
    pub fn kill9(&self) {
        let pid = self.pid().to_string();
        let children = Command::new("pgrep").args(["-P", &pid]).output().ok();
        let mut targets = vec![pid];
        if let Some(out) = children {
            targets.extend(
                String::from_utf8_lossy(&out.stdout)
                    .split_whitespace()
                    .map(str::to_owned),
            );
        }
        let status = Command::new("kill")
            .arg("-9")
            .args(&targets)
            .status()
            .unwrap();
        assert!(status.success());
        // Wait until nothing listens on the port any more.
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// A URL for `login` with `password` on database `db`.
    pub fn url_as(&self, login: &str, password: &str, db: &str) -> String {
        format!(
            "postgres://{login}:{password}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// The superuser's URL on database `db`.
    pub fn admin_url(&self, db: &str) -> String {
        self.url_as("admin", &self.password, db)
    }

    /// A raw client as `login`.
    pub fn client(&self, login: &str, password: &str, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url_as(login, password, db), postgres::NoTls).unwrap()
    }

    /// Creates database `db` and installs factdesk in it (`factdesk server init`).
    pub fn newsroom(&self, db: &str) -> String {
        let mut c = self.client("admin", &self.password, "postgres");
        c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
        let url = self.admin_url(db);
        factdesk::sync::server::init(&url).unwrap();
        url
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(self.dir.path().join("pg"))
            .output();
    }
}

/// Every synced row of a workspace file, as JSON by (kind, id); revision numbers aside
/// (each copy numbers its own).
pub fn file_content(
    conn: &rusqlite::Connection,
) -> std::collections::BTreeMap<(String, String), serde_json::Value> {
    use factdesk::store::rows::{self, Kind};
    let mut out = std::collections::BTreeMap::new();
    for kind in Kind::ALL {
        for (id, mut data) in rows::read_all(conn, kind).unwrap() {
            data.remove("number");
            out.insert(
                (kind.code().to_owned(), id),
                serde_json::Value::Object(data),
            );
        }
    }
    out
}

impl Pg {
    /// Every entry of the server's workspace `workspace` in database newsroom (all
    /// workspaces when `None`), read as the superuser, in the shape of [`file_content`].
    pub fn server_content(
        &self,
        workspace: Option<&str>,
    ) -> std::collections::BTreeMap<(String, String), serde_json::Value> {
        let mut c = self.client("admin", &self.password, "newsroom");
        c.query(
            "SELECT e.kind, e.id, e.data FROM factdesk.entry e
             JOIN factdesk.workspace w ON w.id = e.workspace_id
             WHERE $1::text IS NULL OR w.name = $1",
            &[&workspace],
        )
        .unwrap()
        .into_iter()
        .map(|r| {
            let mut data: serde_json::Value = r.get(2);
            data.as_object_mut().unwrap().remove("number");
            ((r.get(0), r.get(1)), data)
        })
        .collect()
    }
}

/// Adds `n` claims, one per line, on articles of at most 100 lines (multi-byte text), in
/// one transaction; returns their ids.
pub fn add_claims(
    ws: &mut factdesk::store::Workspace,
    n: usize,
    tag: &str,
    who: &str,
) -> Vec<factdesk::model::ClaimId> {
    use factdesk::model::CharRange;
    use factdesk::store::write::{self, ClaimPatch, NewArticle};
    ws.write(|tx| {
        let mut ids = Vec::with_capacity(n);
        for part in 0..n.div_ceil(100) {
            let lines = (n - part * 100).min(100);
            let body: String = (0..lines)
                .map(|i| format!("Línea {i} of {tag}/{part}: “the pier cost €{i} million” 😀\n"))
                .collect();
            let article = write::import_article(
                tx,
                &NewArticle {
                    title: format!("Article {tag}/{part}"),
                    body: body.clone(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                who,
            )?;
            let mut at = 0;
            for line in body.lines() {
                let len = line.chars().count();
                ids.push(write::add_claim(
                    tx,
                    &article,
                    CharRange::new(at, at + len),
                    &ClaimPatch::default(),
                    who,
                )?);
                at += len + 1;
            }
        }
        Ok(ids)
    })
    .unwrap()
}
