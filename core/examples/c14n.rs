//! Prints the exclusive canonical form (without comments) of an element of an XML file.
//!
//! Usage: `c14n FILE [--id ID] [--prefixes "p1 p2 #default"] [--exclude-signature]`
//!
//! The apex is the document element, or the element whose `ID` is given. With
//! `--exclude-signature` the apex's `ds:Signature` (as located by `find_signature`) is left out,
//! as the enveloped-signature transform does. Used by `tests/dsig/c14n_diff.py` to compare with
//! libxml2 (lxml). Exit status 2 on a parse or canonicalisation error (message on stderr).

use std::io::Write;
use std::process::ExitCode;

use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{c14n, find_signature};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut file = None;
    let mut id = None;
    let mut prefixes = String::new();
    let mut exclude = false;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--id" => id = it.next(),
            "--prefixes" => prefixes = it.next().unwrap_or_default(),
            "--exclude-signature" => exclude = true,
            _ => file = Some(arg),
        }
    }
    let Some(file) = file else {
        eprintln!("usage: c14n FILE [--id ID] [--prefixes LIST] [--exclude-signature]");
        return ExitCode::from(64);
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(66);
        }
    };
    let limits = Limits {
        max_bytes: 64 * 1024 * 1024,
        ..Limits::default()
    };
    let result = Document::parse(&bytes, &limits).and_then(|doc| {
        let apex = match &id {
            Some(id) => doc.element_by_id(id).ok_or_else(|| {
                maestrano_core::Error::new(
                    maestrano_core::ErrorKind::UnexpectedStructure,
                    format!("no element with ID {id:?}"),
                )
            })?,
            None => doc.root(),
        };
        let excluded = if exclude {
            find_signature(&doc, apex)?
        } else {
            None
        };
        c14n::canonicalize(&doc, apex, excluded, &c14n::parse_prefix_list(&prefixes))
    });
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(&out)
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(74);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
