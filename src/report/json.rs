//! The `mspcheck/report/1` JSON: serde on the assessment itself. One object for one answers
//! file, an array for several (in argument order). Scores are unrounded.

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
