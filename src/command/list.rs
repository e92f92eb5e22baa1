//! `mspcheck list`: the bundled questionnaires, as a table or as JSON for scripts.

use std::io::Write;

use comfy_table::{presets, CellAlignment, Table};
use serde::Serialize;

use crate::cli::{ListArgs, ListFormat};
use crate::load::{Catalog, BUNDLED};

use super::Finish;

/// One bundled questionnaire, as listed.
#[derive(Debug, Serialize)]
struct Entry {
    id: String,
    version: String,
    title: String,
    questions: usize,
}

/// Runs `list`.
pub fn run(args: &ListArgs, sink: &mut dyn Write) -> anyhow::Result<Finish> {
    let catalog = Catalog::default();
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    for bundled in BUNDLED {
        match catalog.load_named(bundled.id) {
            Ok(loaded) => {
                let questionnaire = &loaded.questionnaire;
                entries.push(Entry {
                    id: questionnaire.id().to_string(),
                    version: questionnaire.version().to_string(),
                    title: questionnaire.definition.title.clone(),
                    questions: questionnaire.questions.len(),
                });
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    if !diagnostics.is_empty() {
        return Ok(Finish::invalid(diagnostics));
    }
    let format = super::select_format(
        args.format,
        args.output.as_deref(),
        ListFormat::Table,
        "list",
    )?;
    let mut bytes = Vec::new();
    let out = &mut bytes;
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &entries)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_header(vec!["id", "version", "title", "questions"]);
            for entry in &entries {
                table.add_row(vec![
                    entry.id.clone(),
                    entry.version.clone(),
                    entry.title.clone(),
                    entry.questions.to_string(),
                ]);
            }
            if let Some(column) = table.column_mut(3) {
                column.set_cell_alignment(CellAlignment::Right);
            }
            writeln!(out, "{table}")?;
        }
    }
    super::deliver(&bytes, args.output.as_deref(), sink)?;
    Ok(Finish::ok(Vec::new()))
}
