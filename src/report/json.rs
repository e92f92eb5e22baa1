//! The `mspcheck/report/1` JSON: serde on the assessment itself. One object for one answers
//! file, an array for several (in argument order); `ndjson` writes one object per line for
//! streaming scripts. Scores are unrounded.

use std::io::{self, Write};

use crate::assessment::Assessment;

/// Writes the JSON report.
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    match assessments {
        [single] => serde_json::to_writer_pretty(&mut *out, single)?,
        many => serde_json::to_writer_pretty(&mut *out, many)?,
    }
    writeln!(out)
}

/// Writes one compact JSON object per line (`--format ndjson`).
pub fn render_lines<T: serde::Serialize>(items: &[T], out: &mut dyn Write) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, item)?;
        writeln!(out)?;
    }
    Ok(())
}
