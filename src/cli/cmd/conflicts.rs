//! `factdesk conflicts`: the fields both sides of a merge or sync changed, and settling them.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::cli::print::*;
use crate::cli::*;
use crate::store::Workspace;

pub(crate) fn conflicts_cmd(
    file: &Path,
    resolve: Option<&str>,
    take: Option<PreferArg>,
    json: bool,
    who: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    use crate::store::merge::{self, Resolution};
    let mut ws = Workspace::open(file)?;
    if let (Some(prefix), Some(take)) = (resolve, take) {
        let open = merge::conflicts(ws.conn())?;
        let matching: Vec<_> = open.iter().filter(|c| c.id.starts_with(prefix)).collect();
        let found = match matching.as_slice() {
            [one] => (*one).clone(),
            [] => bail!("no open conflict has an id starting with {prefix:?}"),
            _ => bail!(
                "{prefix:?} matches {} conflicts: give more of the id",
                matching.len()
            ),
        };
        let choice = Resolution::from(merge::Prefer::from(take));
        ws.write(|tx| merge::resolve(tx, &found.id, &choice, who))?;
        if !json {
            writeln!(
                out,
                "settled the {} conflict on claim {}: {}",
                found.conflict.field.code(),
                found.conflict.claim_id,
                if take == PreferArg::Mine {
                    "kept mine"
                } else {
                    "took theirs"
                }
            )?;
        }
    }
    let open = merge::conflicts(ws.conn())?;
    if json {
        print_json(out, &open)?;
    } else if open.is_empty() {
        writeln!(out, "no open conflicts")?;
    } else {
        writeln!(out, "{} open conflicts:", open.len())?;
        for c in &open {
            write_conflict(out, ws.conn(), Some(&c.id), &c.conflict)?;
        }
    }
    Ok(())
}
