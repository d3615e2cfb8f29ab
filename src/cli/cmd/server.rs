//! `factdesk server …`: the team server administrator's commands.

use std::io::{IsTerminal as _, Write};

use anyhow::Context as _;

use crate::cli::*;

pub(crate) fn server_cmd(cmd: ServerCommand, out: &mut impl Write) -> anyhow::Result<()> {
    use crate::sync::server;
    match cmd {
        ServerCommand::Init { url } => {
            server::init(&url)?;
            writeln!(
                out,
                "installed factdesk server schema {} at {}",
                server::SERVER_VERSION,
                server::redact(&url)?
            )?;
        }
        ServerCommand::Migrate { url } => {
            let (from, to) = server::migrate(&url)?;
            if from == to {
                writeln!(out, "server schema {to} is current")?;
            } else {
                writeln!(out, "upgraded server schema {from} to {to}")?;
            }
        }
        ServerCommand::AddMember {
            url,
            login,
            desk,
            role,
        } => {
            let role = crate::sync::server::Role::from(role);
            let line = if std::io::stdin().is_terminal() {
                // Typed by hand: asked for on the terminal, not echoed.
                rpassword::prompt_password(format!(
                    "Password for {login} (not shown; empty keeps an existing one): "
                ))
                .context("reading the password from the terminal")?
            } else {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .context("reading the password from standard input")?;
                line
            };
            let password = line.trim_end_matches(['\r', '\n']);
            let password = (!password.is_empty()).then_some(password);
            let added = server::add_member(&url, &login, &desk, role, password)?;
            writeln!(
                out,
                "{login} is {} on desk {desk}{}{}",
                role.code(),
                if added.created_login {
                    " (new login)"
                } else {
                    ""
                },
                if added.created_desk {
                    " (new desk)"
                } else {
                    ""
                }
            )?;
        }
        ServerCommand::RemoveMember { url, login, desk } => {
            if server::remove_member(&url, &login, &desk)? {
                writeln!(out, "removed {login} from desk {desk}")?;
            } else {
                writeln!(out, "{login} was not on desk {desk}")?;
            }
        }
        ServerCommand::Signoff {
            url,
            workspace,
            state,
        } => {
            let on = state == "on";
            server::set_signoff(&url, &workspace, on)?;
            writeln!(
                out,
                "workspace {workspace}: final verdicts {}",
                if on {
                    "need an editor's sign-off"
                } else {
                    "may be set by every member"
                }
            )?;
        }
    }
    Ok(())
}
