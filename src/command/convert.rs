//! `mspcheck convert FILE.json`: a VSAQ questionnaire becomes an mspcheck questionnaire
//! skeleton on standard output (or `--output`). Standard error gets a summary line (how many
//! items came across faithfully, approximately, not at all) and one located line per item
//! carried approximately or not at all; `--report FILE` writes every item's fate.

use std::io::Write;
use std::path::Path;

use crate::cli::{ConvertArgs, ConvertFrom};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Source;

use super::{deliver, Finish};

/// Runs `convert`.
pub fn run(args: &ConvertArgs, out: &mut dyn Write) -> anyhow::Result<Finish> {
    let ConvertFrom::Vsaq = args.from;
    if let Some(id) = &args.id {
        if !crate::validate::is_identifier(id, &['-']) {
            return Ok(Finish::invalid(vec![Diagnostic::error(
                Code::InvalidId,
                format!("`{id}` is not a valid questionnaire id"),
            )
            .with_help(
                "use lowercase letters, digits and `-`, e.g. `vendor-review`",
            )]));
        }
    }
    let output = args.output.as_deref().filter(|output| *output != "-");
    let mut inputs: Vec<&str> = vec![args.file.as_str()];
    inputs.extend(args.extension.iter().map(String::as_str));
    for target in output.into_iter().chain(args.report.as_deref()) {
        if let Err(diagnostic) = crate::output::check_output(target, &inputs) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
        // A device (`/dev/null`) or a pipe is written to, never "overwritten".
        if Path::new(target).is_file() && !args.force {
            return Ok(Finish::invalid(vec![Diagnostic::error(
                Code::OutputExists,
                format!("`{target}` already exists; refusing to overwrite it"),
            )
            .with_help(
                "choose another path, or pass `--force` to replace the file",
            )]));
        }
    }
    if output.is_some() && output == args.report.as_deref() {
        return Ok(Finish::invalid(vec![Diagnostic::error(
            Code::OutputIsInput,
            "`--output` and `--report` name the same file",
        )
        .with_help("write the report to a file of its own")]));
    }
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    for path in &inputs {
        match Source::read(path) {
            Ok(source) => sources.push(source),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Ok(Finish::invalid(problems));
    }
    let (base, extensions) = sources.split_first().expect("FILE is always given");
    let conversion = match crate::convert::convert(base, extensions, args.id.as_deref()) {
        Ok(conversion) => conversion,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    deliver(conversion.yaml.as_bytes(), output, out)?;
    if let Some(report) = &args.report {
        let text = if report.to_ascii_lowercase().ends_with(".json") {
            crate::convert::report_json(&conversion, &base.name)
        } else {
            crate::convert::report_text(&conversion, &base.name)
        };
        deliver(text.as_bytes(), Some(report), out)?;
    }
    let mut finish = Finish::ok(Vec::new());
    finish
        .notes
        .push(crate::convert::summary(&conversion, &base.name));
    if !args.quiet {
        finish
            .notes
            .extend(crate::convert::approximations(&conversion));
    }
    Ok(finish)
}
