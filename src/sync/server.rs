//! The team server's side: connecting to PostgreSQL, and the administrator's commands
//! (`factdesk server init | migrate | add-member | remove-member | signoff`). The schema is
//! `server.sql` at the crate root.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use serde::Serialize;

use crate::{Error, Result};

/// The server schema, from `server.sql` at the crate root.
pub const SERVER_SQL: &str = include_str!("../../server.sql");

/// The server schema version this build installs and speaks (`factdesk.schema_info`).
pub const SERVER_VERSION: i32 = 2;

/// The part of [`SERVER_SQL`] between `-- NAME: begin` and `-- NAME: end`: an upgrade
/// step that replaces a function runs the very text a new server installs.
fn section(name: &str) -> &'static str {
    let begin = format!("-- {name}: begin");
    let end = format!("-- {name}: end");
    SERVER_SQL
        .find(&begin)
        .and_then(|a| SERVER_SQL.get(a..))
        .and_then(|rest| rest.find(&end).and_then(|b| rest.get(..b)))
        .unwrap_or_default()
}

/// Upgrade steps: `migration(v)` turns server schema version `v` into `v + 1`.
fn migration(from: i32) -> Option<&'static str> {
    match from {
        // 1 → 2: authorship stamped by the server; a signed-off claim changes only by an
        // editor (issue 15).
        1 => Some(section("check_entry")),
        _ => None,
    }
}

/// How long connecting may take before the app calls itself offline.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection URL without its password: what is shown and stored in the file.
///
/// # Errors
/// [`Error::InvalidInput`] when `url` is not a `postgres://` or `postgresql://` URL.
pub fn redact(url: &str) -> Result<String> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
        .ok_or_else(|| {
            Error::invalid(
                "server URL",
                "give a PostgreSQL URL: postgres://LOGIN@HOST:PORT/DATABASE",
            )
        })?;
    let (authority, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    // The host part never holds '@'; a password may.
    let (auth, host) = match authority.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, authority),
    };
    let mut shown = match auth {
        Some(auth) => {
            let login = auth.split_once(':').map_or(auth, |(l, _)| l);
            format!("postgres://{login}@{host}")
        }
        None => format!("postgres://{host}"),
    };
    if let Some(query) = query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("password=") && !p.is_empty())
            .collect();
        if !kept.is_empty() {
            shown.push('?');
            shown.push_str(&kept.join("&"));
        }
    }
    Ok(shown)
}

/// `url` with `password` put in it (percent-encoded), replacing any password it has: how
/// the window joins the password typed into its field with the file's URL.
///
/// # Errors
/// [`Error::InvalidInput`] when `url` is not a PostgreSQL URL or names no login.
pub fn with_password(url: &str, password: &str) -> Result<String> {
    let shown = redact(url)?;
    let Some(login) = login_of(url) else {
        return Err(Error::invalid(
            "server URL",
            "name the login: postgres://LOGIN@HOST:PORT/DATABASE",
        ));
    };
    let host = shown.split_once('@').map_or("", |(_, host)| host);
    let mut encoded = String::with_capacity(password.len() * 3);
    for b in password.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(format!("postgres://{login}:{encoded}@{host}"))
}

/// The login a URL names, if it names one.
pub fn login_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))?;
    let authority = rest.split_once('?').map_or(rest, |(a, _)| a);
    let (auth, _) = authority.rsplit_once('@')?;
    let login = auth.split_once(':').map_or(auth, |(l, _)| l);
    (!login.is_empty()).then(|| login.to_owned())
}

/// Whether every address the connection may go to is on this machine: each host (from the
/// URL's authority and its `?host=` parameters alike) is a loopback name or address or a Unix
/// socket folder, and each `hostaddr=` (which overrides the host's address) is loopback.
/// Only then is TLS not insisted on.
fn loopback(config: &Config) -> bool {
    use postgres::config::Host;
    let host_ok = |h: &Host| match h {
        Host::Tcp(name) => {
            let name = name.trim_start_matches('[').trim_end_matches(']');
            name.eq_ignore_ascii_case("localhost")
                || name
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        Host::Unix(_) => true,
    };
    let hosts = config.get_hosts();
    !hosts.is_empty()
        && hosts.iter().all(host_ok)
        && config
            .get_hostaddrs()
            .iter()
            .all(std::net::IpAddr::is_loopback)
}

/// The host a URL's connection goes to, for showing it to the user ("" when the URL is
/// malformed).
pub fn host_of(url: &str) -> String {
    Config::from_str(&take_rootcert(url).0).map_or_else(|_| String::new(), |c| first_host(&c))
}

/// The first address the connection goes to, for naming it in messages.
fn first_host(config: &Config) -> String {
    use postgres::config::Host;
    match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => String::new(),
    }
}

/// Asks the server, before any password is sent, how it wants this login to authenticate,
/// and refuses the methods that hand it the password (cleartext) or a replayable hash of it
/// (MD5). Used where the connection has no TLS; with TLS, channel binding does the same.
fn refuse_weak_password_methods(config: &Config, shown: &str) -> Result<()> {
    use postgres::config::Host;
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let timeout = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(CONNECT_TIMEOUT);
    let mut startup = Vec::with_capacity(64);
    startup.extend_from_slice(&196_608_i32.to_be_bytes());
    for (key, value) in [
        ("user", config.get_user().unwrap_or_default()),
        ("database", config.get_dbname().unwrap_or_default()),
    ] {
        if !value.is_empty() {
            startup.extend_from_slice(key.as_bytes());
            startup.push(0);
            startup.extend_from_slice(value.as_bytes());
            startup.push(0);
        }
    }
    startup.push(0);
    let len = i32::try_from(startup.len() + 4).unwrap_or(i32::MAX);
    let mut message = len.to_be_bytes().to_vec();
    message.extend_from_slice(&startup);
    let ask = |stream: &mut dyn ReadWrite| -> std::io::Result<Option<i32>> {
        stream.write_all(&message)?;
        let mut head = [0u8; 9];
        stream.read_exact(&mut head)?;
        let [tag, _, _, _, _, c0, c1, c2, c3] = head;
        Ok((tag == b'R').then_some(i32::from_be_bytes([c0, c1, c2, c3])))
    };
    let asked = match (config.get_hostaddrs().first(), config.get_hosts().first()) {
        (Some(ip), _) => {
            tcp(&std::net::SocketAddr::new(*ip, port), timeout).and_then(|mut s| ask(&mut s))
        }
        (None, Some(Host::Tcp(name))) => {
            use std::net::ToSocketAddrs as _;
            (name.as_str(), port)
                .to_socket_addrs()
                .and_then(|mut addrs| {
                    addrs
                        .next()
                        .ok_or_else(|| std::io::Error::other("no address"))
                })
                .and_then(|addr| tcp(&addr, timeout))
                .and_then(|mut s| ask(&mut s))
        }
        #[cfg(unix)]
        (None, Some(Host::Unix(dir))) => std::os::unix::net::UnixStream::connect(
            dir.join(format!(".s.PGSQL.{port}")),
        )
        .and_then(|mut s| {
            s.set_read_timeout(Some(timeout))?;
            ask(&mut s)
        }),
        (None, None) => return Ok(()),
    };
    // Unreachable, or an error before authentication: the real connection says why.
    match asked {
        Ok(Some(3)) => Err(Error::server(format!(
            "the server asks for the password in clear text: refused, a password must never travel readable (the administrator sets scram-sha-256 in pg_hba.conf): {shown}"
        ))),
        Ok(Some(5)) => Err(Error::server(format!(
            "the server asks for an MD5 password hash: refused, MD5 is broken (the administrator sets scram-sha-256 in pg_hba.conf and resets the password): {shown}"
        ))),
        _ => Ok(()),
    }
}

/// A stream the authentication probe can talk over.
trait ReadWrite: std::io::Read + std::io::Write {}
impl<T: std::io::Read + std::io::Write> ReadWrite for T {}

fn tcp(addr: &std::net::SocketAddr, timeout: Duration) -> std::io::Result<std::net::TcpStream> {
    let stream = std::net::TcpStream::connect_timeout(addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    Ok(stream)
}

/// Takes libpq's `sslrootcert=PATH` out of a URL's parameters (the PostgreSQL client
/// library here does not know it): returns the URL without it, and the path.
fn take_rootcert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut path = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.strip_prefix("sslrootcert=") {
            Some(p) => {
                path = Some(percent_decode(p));
                false
            }
            None => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_owned(), path)
    } else {
        (format!("{base}?{}", kept.join("&")), path)
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn tls(rootcert: Option<String>) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // A newsroom's own certificate authority, as libpq takes it: `sslrootcert=` in the URL,
    // or PGSSLROOTCERT.
    if let Some(path) = rootcert.or_else(|| std::env::var("PGSSLROOTCERT").ok()) {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject as _;
        let certs = CertificateDer::pem_file_iter(&path)
            .map_err(|e| Error::invalid("PGSSLROOTCERT", format!("cannot read {path}: {e}")))?;
        for cert in certs {
            let cert = cert
                .map_err(|e| Error::invalid("PGSSLROOTCERT", format!("cannot read {path}: {e}")))?;
            roots
                .add(cert)
                .map_err(|e| Error::invalid("PGSSLROOTCERT", format!("{path}: {e}")))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::server(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Connects to the server at `url`. The password may be in the URL or in `PGPASSWORD`.
/// TLS follows the URL's `sslmode` (`disable`, `prefer`, the default, or `require`); server
/// certificates are checked against the Mozilla roots and the newsroom's own authority
/// (`sslrootcert=PATH` in the URL, or `PGSSLROOTCERT`).
///
/// # Errors
/// [`Error::InvalidInput`] for a malformed URL; [`Error::Server`] when the server cannot be
/// reached (`offline`) or refuses the login.
pub fn connect(url: &str) -> Result<Client> {
    let shown = redact(url)?;
    let (url, rootcert) = take_rootcert(url);
    let mut config = Config::from_str(&url)
        .map_err(|e| Error::invalid("server URL", format!("{e}: {shown}")))?;
    if config.get_password().is_none()
        && let Ok(pw) = std::env::var("PGPASSWORD")
    {
        config.password(pw);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    // libpq's default, `prefer`, lets anyone on the path answer "no TLS" and read the
    // password: factdesk insists on TLS for every server not on this machine, whatever the
    // URL (which may come from a received file) says.
    if !loopback(&config) {
        if url.contains("sslmode=") && config.get_ssl_mode() != SslMode::Require {
            return Err(Error::invalid(
                "server URL",
                format!(
                    "{} is not on this machine, so the connection must use TLS: remove sslmode=disable or sslmode=prefer from the URL: {shown}",
                    first_host(&config)
                ),
            ));
        }
        config.ssl_mode(SslMode::Require);
    }
    if config.get_ssl_mode() == SslMode::Require {
        // SCRAM bound to the TLS channel: the server must prove it knows the password's
        // verifier, and cleartext or MD5 password requests are refused.
        config.channel_binding(postgres::config::ChannelBinding::Require);
    } else {
        refuse_weak_password_methods(&config, &shown)?;
    }
    config.application_name("factdesk");
    // Never wait for ever on a lock or a statement (a colleague's stalled push).
    config.options("-c lock_timeout=60s -c statement_timeout=600s");
    let no_password = config.get_password().is_none();
    let client = if config.get_ssl_mode() == SslMode::Disable {
        config.connect(NoTls)
    } else {
        config.connect(tls(rootcert)?)
    };
    client.map_err(|e| {
        let cause = std::error::Error::source(&e).map(ToString::to_string);
        if no_password && cause.is_some_and(|c| c.contains("password missing")) {
            Error::server(format!(
                "the server asks for the password of {}: type it when connecting, or set PGPASSWORD",
                login_of(&shown).unwrap_or_else(|| "this login".to_owned())
            ))
        } else {
            e.into()
        }
    })
}

/// The server schema version installed at `client`'s database, or `None` when factdesk
/// was never installed there.
///
/// # Errors
/// [`Error::Server`].
pub fn installed_version(client: &mut Client) -> Result<Option<i32>> {
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'factdesk')",
            &[],
        )?
        .try_get(0)?;
    if !exists {
        return Ok(None);
    }
    let row = client.query_opt("SELECT version FROM factdesk.schema_info", &[])?;
    Ok(Some(row.map(|r| r.try_get(0)).transpose()?.unwrap_or(0)))
}

/// Checks that the server speaks this build's schema version.
///
/// # Errors
/// [`Error::Server`] naming both versions and what to do.
pub fn check_version(client: &mut Client) -> Result<()> {
    match installed_version(client)? {
        None => Err(Error::server(
            "factdesk is not installed in this database: an administrator runs `factdesk server init URL`",
        )),
        Some(v) if v == SERVER_VERSION => Ok(()),
        Some(v) if v < SERVER_VERSION => Err(Error::server(format!(
            "the server has schema version {v} and this build needs {SERVER_VERSION}: an administrator runs `factdesk server migrate URL`"
        ))),
        Some(v) => Err(Error::server(format!(
            "the server has schema version {v}, newer than this build speaks ({SERVER_VERSION}): update factdesk"
        ))),
    }
}

/// Installs the server schema (`factdesk server init`) in one transaction, and makes the
/// connected login a factdesk administrator.
///
/// # Errors
/// [`Error::Server`] when factdesk is already installed or the login may not create roles
/// and schemas.
pub fn init(url: &str) -> Result<()> {
    let mut client = connect(url)?;
    if let Some(v) = installed_version(&mut client)? {
        return Err(Error::server(format!(
            "factdesk is already installed in this database (server schema version {v}); `factdesk server migrate URL` upgrades it"
        )));
    }
    let mut tx = client.transaction()?;
    tx.batch_execute(SERVER_SQL)?;
    tx.batch_execute("GRANT factdesk_admin TO CURRENT_USER")?;
    tx.commit()?;
    Ok(())
}

/// Upgrades the server schema to this build's version; returns (from, to).
///
/// # Errors
/// [`Error::Server`] when factdesk is not installed, or is newer than this build.
pub fn migrate(url: &str) -> Result<(i32, i32)> {
    let mut client = connect(url)?;
    let Some(from) = installed_version(&mut client)? else {
        return Err(Error::server(
            "factdesk is not installed in this database: run `factdesk server init URL` first",
        ));
    };
    if from > SERVER_VERSION {
        return Err(Error::server(format!(
            "the server has schema version {from}, newer than this build ({SERVER_VERSION}): update factdesk"
        )));
    }
    let mut tx = client.transaction()?;
    for v in from..SERVER_VERSION {
        let step = migration(v)
            .filter(|sql| !sql.is_empty())
            .ok_or_else(|| Error::server(format!("no upgrade from server schema {v}")))?;
        tx.batch_execute(step)?;
    }
    tx.execute(
        "UPDATE factdesk.schema_info SET version = $1",
        &[&SERVER_VERSION],
    )?;
    tx.commit()?;
    Ok((from, SERVER_VERSION))
}

/// A member's role on a desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Makes and edits claims; a final verdict needs an editor where sign-off is required.
    Checker,
    /// Also signs off final verdicts and creates workspaces.
    Editor,
    /// An editor who also manages the desk's workspaces.
    Admin,
}

impl Role {
    /// The name stored in `factdesk.member.role`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Checker => "checker",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }
}

/// What `add-member` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Added {
    /// The login was created (else it existed and only joined the desk).
    pub created_login: bool,
    /// The desk was created.
    pub created_desk: bool,
}

fn check_login(login: &str) -> Result<()> {
    let ok = !login.is_empty()
        && login.len() <= 63
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "login",
            "use 1 to 63 ASCII letters, digits, '_', '.' or '-'",
        ))
    }
}

/// Adds `login` to `desk` with `role` (`factdesk server add-member`), creating the desk if
/// it is new and the login (with `password`, stored by the server as scram-sha-256) if it
/// does not exist. An existing login gets a new password when one is given.
///
/// # Errors
/// [`Error::InvalidInput`] for a bad login name or a missing password for a new login;
/// [`Error::Server`] when the connected login is not a factdesk administrator or may not
/// create roles.
pub fn add_member(
    url: &str,
    login: &str,
    desk: &str,
    role: Role,
    password: Option<&str>,
) -> Result<Added> {
    check_login(login)?;
    let desk = desk.trim();
    if desk.is_empty() {
        return Err(Error::invalid("desk", "give the desk's name"));
    }
    let mut client = connect(url)?;
    check_version(&mut client)?;
    let mut tx = client.transaction()?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)",
            &[&login],
        )?
        .try_get(0)?;
    let created_login = !exists;
    match (exists, password) {
        (false, None) => {
            return Err(Error::invalid(
                "password",
                "a new login needs a password (read from standard input)",
            ));
        }
        (false, Some(pw)) => {
            // Only the SCRAM verifier is sent: the password never appears in the server's
            // statements, logs or pg_stat_activity.
            let verifier = postgres_protocol::password::scram_sha_256(pw.as_bytes());
            let sql: String = tx
                .query_one(
                    "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE factdesk_member', $1::text, $2::text)",
                    &[&login, &verifier],
                )?
                .try_get(0)?;
            tx.batch_execute(&sql)?;
        }
        (true, pw) => {
            let mut sql: String = tx
                .query_one(
                    "SELECT format('GRANT factdesk_member TO %I', $1::text)",
                    &[&login],
                )?
                .try_get(0)?;
            if let Some(pw) = pw {
                let verifier = postgres_protocol::password::scram_sha_256(pw.as_bytes());
                let alter: String = tx
                    .query_one(
                        "SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)",
                        &[&login, &verifier],
                    )?
                    .try_get(0)?;
                sql = format!("{sql}; {alter}");
            }
            tx.batch_execute(&sql)?;
        }
    }
    let desk_id: Option<String> = tx
        .query_opt("SELECT id FROM factdesk.desk WHERE name = $1", &[&desk])?
        .map(|r| r.try_get(0))
        .transpose()?;
    let created_desk = desk_id.is_none();
    let desk_id = match desk_id {
        Some(id) => id,
        None => {
            let id = crate::model::new_id();
            tx.execute(
                "INSERT INTO factdesk.desk (id, name) VALUES ($1, $2)",
                &[&id, &desk],
            )?;
            id
        }
    };
    tx.execute(
        "INSERT INTO factdesk.member (login, desk_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (login, desk_id) DO UPDATE SET role = excluded.role",
        &[&login, &desk_id, &role.code()],
    )?;
    tx.commit()?;
    Ok(Added {
        created_login,
        created_desk,
    })
}

/// Removes `login` from `desk` (`factdesk server remove-member`): from their next sync on,
/// they no longer see its workspaces. The login itself stays (it may be on other desks).
/// Returns whether they were a member.
///
/// # Errors
/// [`Error::Server`] when the connected login is not a factdesk administrator.
pub fn remove_member(url: &str, login: &str, desk: &str) -> Result<bool> {
    let mut client = connect(url)?;
    check_version(&mut client)?;
    let n = client.execute(
        "DELETE FROM factdesk.member m USING factdesk.desk d
         WHERE m.desk_id = d.id AND d.name = $2 AND m.login = $1",
        &[&login, &desk.trim()],
    )?;
    Ok(n > 0)
}

/// Turns the sign-off rule of a workspace on or off (`factdesk server signoff`): while on,
/// only a desk's editors and admins can set a final verdict.
///
/// # Errors
/// [`Error::NotFound`] for an unknown workspace; [`Error::Server`].
pub fn set_signoff(url: &str, workspace: &str, on: bool) -> Result<()> {
    let mut client = connect(url)?;
    check_version(&mut client)?;
    let n = client.execute(
        "UPDATE factdesk.workspace SET requires_signoff = $2 WHERE name = $1",
        &[&workspace, &on],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            kind: "workspace",
            id: workspace.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn the_stored_url_never_keeps_a_password() {
        let shown = |u: &str| redact(u).unwrap();
        assert_eq!(
            shown("postgres://alice:s3cret@db.example:5432/news?sslmode=require"),
            "postgres://alice@db.example:5432/news?sslmode=require"
        );
        // A password with '@' in it, and one given as a parameter.
        assert_eq!(
            shown("postgresql://alice:p@ss@db.example/news"),
            "postgres://alice@db.example/news"
        );
        assert_eq!(
            shown("postgres://alice@db.example/news?password=x&sslmode=require"),
            "postgres://alice@db.example/news?sslmode=require"
        );
        assert!(redact("mysql://alice@db/news").is_err());
        assert_eq!(
            login_of("postgres://alice:p@ss@db/news").as_deref(),
            Some("alice")
        );
        assert_eq!(login_of("postgres://db/news"), None);
    }

    #[test]
    fn a_typed_password_is_percent_encoded_into_the_url() {
        let url = with_password(
            "postgres://alice@db:5432/news?sslmode=require",
            "p@ss wörd/",
        )
        .unwrap();
        assert_eq!(
            url,
            "postgres://alice:p%40ss%20w%C3%B6rd%2F@db:5432/news?sslmode=require"
        );
        let config = Config::from_str(&url).unwrap();
        assert_eq!(config.get_password(), Some("p@ss wörd/".as_bytes()));
        assert!(
            with_password("postgres://db/news", "x").is_err(),
            "no login named"
        );
    }

    #[test]
    fn tls_is_insisted_on_unless_the_server_is_this_machine() {
        let local = |url: &str| loopback(&Config::from_str(url).unwrap());
        assert!(local("postgres://alice@127.0.0.1:5432/news"));
        assert!(local("postgres://alice@localhost/news"));
        assert!(local("postgres://alice@[::1]:5432/news"));
        assert!(local(
            "postgres://alice@127.0.0.1/news?host=/run/postgresql"
        ));
        assert!(!local("postgres://alice@db.newsroom.example:5432/news"));
        assert!(!local("postgres://alice:pw@10.0.0.5/news"));
        // Issue 15, item 7: `?host=` and `hostaddr=` count, and no host is not "this machine".
        assert!(!local("postgres://alice@/db?host=server.example"));
        assert!(!local("postgres://alice@localhost/db?hostaddr=203.0.113.5"));
        assert!(!local("postgres://alice@localhost,db.example/news"));
        assert!(!local("postgres://alice@/db"));
        for url in [
            "postgres://alice:pw@/db?host=server.example&sslmode=disable",
            "postgres://alice:pw@server.example/db?sslmode=prefer",
            "postgres://alice:pw@localhost/db?hostaddr=203.0.113.5&sslmode=disable",
        ] {
            let err = connect(url)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains("must use TLS"), "{url}: {err}");
            assert!(!err.contains("pw"), "no password in the message: {err}");
        }
        let (url, root) =
            take_rootcert("postgres://a@h/d?sslmode=require&sslrootcert=%2Ftmp%2Fca.crt");
        assert_eq!(url, "postgres://a@h/d?sslmode=require");
        assert_eq!(root.as_deref(), Some("/tmp/ca.crt"));
    }
}
