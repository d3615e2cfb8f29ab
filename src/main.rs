//! The `factdesk` binary: parses arguments, then runs a CLI command or, with none, starts
//! the window (the only place that knows both front ends). Errors are printed once, on one
//! line, and turn into a non-zero exit code.

use std::process::ExitCode;

use clap::Parser as _;
use factdesk::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // One line: clap's message up to its usage block.
            let rendered = e.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = message.join(" ");
            eprintln!(
                "factdesk: error: {} (see factdesk --help)",
                message.trim_start_matches("error: ")
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let result = if cli.command.is_none() {
        window(cli)
    } else {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        run(cli, &mut out)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let message = format!("{e:#}").replace('\n', " ");
            eprintln!("factdesk: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// No command: the window, on the given workspace (or the last one, or the demo). It asks
/// for the user's name once; `--reviewer` overrides it for this run.
#[cfg(feature = "gui")]
fn window(cli: Cli) -> anyhow::Result<()> {
    factdesk::ui::run_native(cli.file, cli.reviewer)
}

/// A build without the `gui` feature is the command line only.
#[cfg(not(feature = "gui"))]
fn window(_cli: Cli) -> anyhow::Result<()> {
    anyhow::bail!(
        "this factdesk was built without the window (cargo feature gui): give a command (see factdesk --help)"
    )
}

/// `factdesk list … | head` closes the pipe early: not an error worth a message.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
