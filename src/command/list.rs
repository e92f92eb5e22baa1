//! `mspcheck list`: the bundled questionnaires.

use std::io::Write;

use comfy_table::{presets, CellAlignment, Table};

use crate::load::{Catalog, BUNDLED};

use super::Finish;

/// Runs `list`.
pub fn run(out: &mut dyn Write) -> anyhow::Result<Finish> {
    let catalog = Catalog::default();
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(vec!["id", "version", "title", "questions"]);
    let mut diagnostics = Vec::new();
    for bundled in BUNDLED {
        match catalog.load_named(bundled.id) {
            Ok(loaded) => {
                let questionnaire = &loaded.questionnaire;
                table.add_row(vec![
                    questionnaire.id().to_string(),
                    questionnaire.version().to_string(),
                    questionnaire.definition.title.clone(),
                    questionnaire.questions.len().to_string(),
                ]);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    if let Some(column) = table.column_mut(3) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    if !diagnostics.is_empty() {
        return Ok(Finish::invalid(diagnostics));
    }
    writeln!(out, "{table}")?;
    Ok(Finish::ok(Vec::new()))
}
