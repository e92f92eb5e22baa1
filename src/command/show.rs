//! `mspcheck show ID|PATH`: the questions as a table, as JSON (the questionnaire itself,
//! defaults filled in) or as Markdown for review.

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};

use crate::cli::{ShowArgs, ShowFormat};
use crate::model::questionnaire::Kind;
use crate::model::Perspective;
use crate::output::Environment;
use crate::report::escape::terminal;
use crate::report::markdown::{code, code_cell, text as md, with_code};
use crate::validate::answers::allowed_text;
use crate::validate::{ValidQuestion, ValidQuestionnaire};

use super::Finish;

/// Runs `show`.
pub fn run(
    args: &ShowArgs,
    environment: &Environment,
    sink: &mut dyn Write,
) -> anyhow::Result<Finish> {
    if let Some(output) = &args.output {
        if let Err(diagnostic) = crate::output::check_output(output, &[&args.questionnaire]) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
    }
    let catalog = match super::assess::framework_catalog(&args.framework_file) {
        Ok(catalog) => catalog,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let loaded = match catalog.load_named(&args.questionnaire) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let questionnaire = &loaded.questionnaire;
    let perspective = args.perspective.map(Perspective::from);
    let format = super::select_format(
        args.format,
        args.output.as_deref(),
        ShowFormat::Table,
        "show",
    )?;
    let mut bytes = Vec::new();
    let out = &mut bytes;
    if let Some(framework) = &args.framework {
        if let Err(problems) = framework_view(questionnaire, framework, format, environment, out)? {
            return Ok(Finish::invalid(problems));
        }
        super::deliver(&bytes, args.output.as_deref(), sink)?;
        return Ok(Finish::ok(Vec::new()));
    }
    match format {
        ShowFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_view(questionnaire)?)?;
            writeln!(out)?;
        }
        ShowFormat::Markdown => out.write_all(markdown(questionnaire, perspective).as_bytes())?,
        ShowFormat::Table => table(
            questionnaire,
            perspective,
            super::layout_width(environment),
            out,
        )?,
    }
    super::deliver(&bytes, args.output.as_deref(), sink)?;
    Ok(Finish::ok(Vec::new()))
}

/// `show ID --framework X`: which questions reach which controls.
fn framework_view(
    questionnaire: &ValidQuestionnaire,
    framework: &str,
    format: ShowFormat,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Result<(), Vec<crate::diagnostic::Diagnostic>>> {
    let position = match crate::posture::select(questionnaire, &[framework.to_string()]) {
        Ok(selected) if selected.len() == 1 => selected[0],
        Ok(_) => {
            return Ok(Err(vec![crate::diagnostic::Diagnostic::error(
                crate::diagnostic::Code::UnknownFramework,
                "`show --framework` takes one framework id, not `all`",
            )
            .with_help(format!(
                "one of {}",
                crate::diagnostic::expected_one_of(questionnaire.mappings.frameworks.ids())
            ))]))
        }
        Err(problem) => return Ok(Err(vec![problem])),
    };
    let view = crate::posture::coverage_view(questionnaire, position);
    match format {
        ShowFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &view)?;
            writeln!(out)?;
        }
        ShowFormat::Markdown => {
            out.write_all(crate::report::frameworks::coverage_markdown(&view).as_bytes())?
        }
        ShowFormat::Table => out.write_all(
            crate::report::frameworks::coverage_table(&view, super::layout_width(environment))
                .as_bytes(),
        )?,
    }
    Ok(Ok(()))
}

/// What an answer may be, short, for tables.
fn answers_summary(question: &ValidQuestion) -> String {
    let mut text = match question.kind() {
        Kind::YesNo | Kind::Choice | Kind::Multi => question
            .options
            .iter()
            .map(|option| option.value.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        Kind::Scale => {
            let (min, max) = question.scale_range();
            format!("{min}..{max}")
        }
        Kind::Number => format!(
            "number{}",
            question
                .definition
                .unit
                .as_deref()
                .map(|unit| format!(" ({unit})"))
                .unwrap_or_default()
        ),
        Kind::Text => match question.definition.max_length {
            Some(limit) => format!("text (at most {limit} characters)"),
            None => "text".to_string(),
        },
    };
    if question.kind() == Kind::Multi {
        text = format!("list of: {text}");
    }
    if question.definition.allow_na {
        text.push_str(" | na");
    }
    if question.unknown.is_some() {
        text.push_str(" | unknown");
    }
    text
}

fn table(
    questionnaire: &ValidQuestionnaire,
    perspective: Option<Perspective>,
    width: u16,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} ({} {}): {} questions in {} domains",
        terminal(&questionnaire.definition.title),
        terminal(questionnaire.id()),
        terminal(questionnaire.version()),
        questionnaire.questions.len(),
        questionnaire.domains.len()
    )?;
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(vec!["id", "question", "answers", "weight"]);
    for question in &questionnaire.questions {
        let mut text = crate::report::cell_text(question.text_for(perspective), width);
        if let Some(when) = &question.when {
            if let Some((parent, options)) = when.single() {
                let parent = &questionnaire.questions[parent];
                let values: Vec<&str> = options
                    .iter()
                    .map(|option| parent.options[*option].value.as_str())
                    .collect();
                text.push_str(&format!(
                    " (only if {} is {})",
                    parent.id(),
                    values.join(" or ")
                ));
            } else {
                let words = when.describe(&questionnaire.questions, &|parent, option| {
                    format!("`{}`", parent.options[option].value)
                });
                text.push_str(&format!(" (only if {words})"));
            }
        }
        table.add_row(vec![
            crate::report::cell_text(&question.id_with_ref(), width),
            text,
            crate::report::cell_text(&answers_summary(question), width),
            if question.scored {
                crate::validate::answers::format_number(question.weight())
            } else {
                // Counts for no score: a context question or free text.
                "—".to_string()
            },
        ]);
    }
    writeln!(out, "{table}")?;
    if !questionnaire.flags.is_empty() {
        writeln!(out, "\nRed flags of combined answers (`flags:`):")?;
        for flag in &questionnaire.flags {
            let line = format!(
                "{} ({}): {} (when {})",
                terminal(&flag.id),
                flag.severity.as_str(),
                terminal(flag.message.for_reader(perspective)),
                terminal(&flag.condition.describe())
            );
            writeln!(out, "{}", crate::report::wrap(&line, width, "- ", "  "))?;
        }
    }
    Ok(())
}

/// The whole questionnaire as Markdown, for review (committed under `docs/questionnaires/`).
pub fn markdown(questionnaire: &ValidQuestionnaire, perspective: Option<Perspective>) -> String {
    let definition = &questionnaire.definition;
    let mut text = format!(
        "# {} ({} {})\n\n",
        md(&definition.title),
        code(questionnaire.id()),
        md(questionnaire.version())
    );
    if let Some(description) = &definition.description {
        text.push_str(&format!("{}\n\n", md(description)));
    }
    text.push_str(&format!(
        "{} questions in {} domains.\n\n",
        questionnaire.questions.len(),
        questionnaire.domains.len()
    ));
    text.push_str("## Domains\n\n| Domain | Id | Weight | Questions |\n|---|---|---:|---:|\n");
    for (position, domain) in questionnaire.domains.iter().enumerate() {
        let count = questionnaire
            .questions
            .iter()
            .filter(|question| question.domain == position)
            .count();
        text.push_str(&format!(
            "| {} | {} | {} | {count} |\n",
            md(&domain.title),
            code_cell(&domain.id),
            crate::validate::answers::format_number(domain.weight)
        ));
    }
    text.push_str(
        "\n## Classification rules\n\nEvaluated in order; the first that holds decides.\n\n",
    );
    for (position, rule) in questionnaire.rules.iter().enumerate() {
        text.push_str(&format!(
            "{}. **{}**: {} — _{}_\n",
            position + 1,
            rule.class.as_str(),
            with_code(&rule.description),
            with_code(&rule.condition.describe())
        ));
    }
    if !questionnaire.consistency.is_empty() {
        text.push_str(&format!(
            "\n## Consistency checks\n\n{} named contradictions between answers; each one found is shown in every report with the questions involved and the question to ask.\n\n",
            questionnaire.consistency.len()
        ));
        for check in &questionnaire.consistency {
            text.push_str(&format!(
                "- **{}**: {} — _{}_  \n  Ask: {}\n",
                with_code(&check.id),
                with_code(&check.message),
                with_code(&check.condition.describe()),
                with_code(&check.ask)
            ));
        }
    }
    if !questionnaire.flags.is_empty() {
        text.push_str(&format!(
            "\n## Red flags of combined answers\n\n{} (`flags:`), each raised when its condition holds and then shown in every report with the red flags of single answers.\n\n",
            match questionnaire.flags.len() {
                1 => "One flag".to_string(),
                count => format!("{count} flags"),
            }
        ));
        for flag in &questionnaire.flags {
            text.push_str(&format!(
                "- **{}** ({}): {} — _{}_\n",
                code(&flag.id),
                flag.severity.as_str(),
                with_code(flag.message.for_reader(perspective)),
                with_code(&flag.condition.describe())
            ));
        }
    }
    for (position, domain) in questionnaire.domains.iter().enumerate() {
        text.push_str(&format!("\n## {}\n\n", md(&domain.title)));
        for question in questionnaire
            .questions
            .iter()
            .filter(|question| question.domain == position)
        {
            let q = &question.definition;
            let reference = question
                .external_ref()
                .map(|reference| format!(" (ref {})", code(reference)))
                .unwrap_or_default();
            text.push_str(&format!(
                "### {}{reference}\n\n**{}**",
                code(question.id()),
                md(question.text_for(perspective))
            ));
            if question.scored {
                text.push_str(&format!(
                    " _({}, weight {})_\n\n",
                    q.kind.as_str(),
                    crate::validate::answers::format_number(q.weight)
                ));
            } else if q.kind == Kind::Text {
                text.push_str(" _(text, not scored)_\n\n");
            } else {
                text.push_str(&format!(
                    " _({}, context question: not scored)_\n\n",
                    q.kind.as_str()
                ));
            }
            if perspective.is_none() {
                for (who, wording) in &q.wording {
                    text.push_str(&format!("- _{}:_ {}\n", who.as_str(), md(wording)));
                }
                if !q.wording.is_empty() {
                    text.push('\n');
                }
            }
            if let Some(help) = &q.help {
                text.push_str(&format!("{}\n\n", with_code(help)));
            }
            if let Some(when) = &question.when {
                if let Some((parent, options)) = when.single() {
                    let parent = &questionnaire.questions[parent];
                    let values: Vec<String> = options
                        .iter()
                        .map(|option| code(&parent.options[*option].value))
                        .collect();
                    text.push_str(&format!(
                        "Asked only when {} is {}.\n\n",
                        code(parent.id()),
                        values.join(" or ")
                    ));
                } else {
                    let words = when.describe(&questionnaire.questions, &|parent, option| {
                        code(&parent.options[option].value)
                    });
                    text.push_str(&format!("Asked only when {words}.\n\n"));
                }
            }
            match q.kind {
                Kind::YesNo | Kind::Choice | Kind::Multi => {
                    text.push_str(
                        "| Answer | Label | Score | Signals | Red flag |\n|---|---|---:|---|---|\n",
                    );
                    for option in &question.options {
                        text.push_str(&format!(
                            "| {} | {} | {} | {} | {} |\n",
                            code_cell(&option.value),
                            md(&option.label),
                            score_cell(question.scored.then_some(option.score)),
                            option
                                .signals
                                .iter()
                                .map(|signal| code_cell(signal))
                                .collect::<Vec<_>>()
                                .join(", "),
                            option
                                .red_flag
                                .as_ref()
                                .map(|flag| md(flag.for_reader(perspective)))
                                .unwrap_or_default()
                        ));
                    }
                    text.push('\n');
                    let alone: Vec<String> = question
                        .options
                        .iter()
                        .filter(|option| option.exclusive)
                        .map(|option| code(&option.value))
                        .collect();
                    if !alone.is_empty() {
                        text.push_str(&format!(
                            "{} cannot be combined with other answers.\n\n",
                            alone.join(", ")
                        ));
                    }
                }
                Kind::Number => {
                    text.push_str(&format!(
                        "| {} | Score | Signals | Red flag |\n|---|---:|---|---|\n",
                        md(q.unit.as_deref().unwrap_or("Answer"))
                    ));
                    let mut previous: Option<f64> = None;
                    for band in &q.bands {
                        let range = match (previous, band.up_to) {
                            (None, Some(up_to)) => {
                                format!("≤ {}", crate::validate::answers::format_number(up_to))
                            }
                            (Some(before), Some(up_to)) => format!(
                                "> {} and ≤ {}",
                                crate::validate::answers::format_number(before),
                                crate::validate::answers::format_number(up_to)
                            ),
                            (Some(before), None) => {
                                format!("> {}", crate::validate::answers::format_number(before))
                            }
                            (None, None) => "any".to_string(),
                        };
                        text.push_str(&format!(
                            "| {range} | {} | {} | {} |\n",
                            score_cell(band.score.filter(|_| question.scored)),
                            band.signals
                                .iter()
                                .map(|signal| code_cell(signal))
                                .collect::<Vec<_>>()
                                .join(", "),
                            band.red_flag
                                .as_ref()
                                .map(|flag| md(flag.for_reader(perspective)))
                                .unwrap_or_default()
                        ));
                        previous = band.up_to;
                    }
                    text.push('\n');
                }
                Kind::Text => {
                    text.push_str(&format!("Free text; {}.\n\n", md(&allowed_text(question))));
                }
                Kind::Scale => {
                    text.push_str(&format!("{}.\n\n", with_code(&allowed_text(question))));
                    if let Some(scale) = &q.scale {
                        for (point, label) in &scale.labels {
                            text.push_str(&format!("- {point}: {}\n", md(label)));
                        }
                        if !scale.labels.is_empty() {
                            text.push('\n');
                        }
                    }
                }
            }
            if q.allow_na {
                text.push_str("`na` is accepted.\n\n");
            }
            if let Some(unknown) = &question.unknown {
                text.push_str(&format!(
                    "{}\n\n",
                    crate::template::unknown_sentence(unknown, md)
                ));
            }
            if let Some(evidence) = &q.evidence {
                text.push_str(&format!("**Evidence:** {}\n\n", with_code(evidence)));
            }
            if let Some(remediation) = &q.remediation {
                text.push_str(&format!(
                    "**To improve:** {}\n\n",
                    md(remediation.for_reader(perspective))
                ));
                if perspective.is_none() {
                    for (who, wording) in remediation.per_reader() {
                        text.push_str(&format!("- _for the {}:_ {}\n", who.as_str(), md(wording)));
                    }
                    if !remediation.per_reader().is_empty() {
                        text.push('\n');
                    }
                }
            }
            text.push_str(&answer_remediation(question, perspective));
            if !q.references.is_empty() {
                text.push_str(&format!(
                    "**References:** {}\n\n",
                    q.references
                        .iter()
                        .map(|reference| md(reference))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
            let maps = maps_text(question);
            if !maps.is_empty() {
                text.push_str(&format!("**Gives evidence on:** {}\n\n", md(&maps)));
            }
            if let Some(review_by) = q.review_by {
                text.push_str(&format!("_Review by {review_by}._\n\n"));
            }
        }
    }
    text
}

/// A score in an options or bands table; `—` where the question is not scored.
fn score_cell(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_string(), crate::validate::answers::format_number)
}

/// The guidance written per answer (options, bands, `unknown`), as a list under the
/// question's own: `- answer `annually`: Move the annual review to a quarterly one.`
fn answer_remediation(question: &ValidQuestion, perspective: Option<Perspective>) -> String {
    let definition = &question.definition;
    let mut items: Vec<(String, &crate::model::questionnaire::ReaderText)> = Vec::new();
    for option in &question.options {
        if let Some(remediation) = &option.remediation {
            items.push((code(&option.value), remediation));
        }
    }
    for (position, band) in definition.bands.iter().enumerate() {
        if let Some(remediation) = &band.remediation {
            items.push((
                md(&crate::posture::answer_name(question, position)),
                remediation,
            ));
        }
    }
    if let Some(remediation) = question
        .unknown
        .as_ref()
        .and_then(|unknown| unknown.remediation.as_ref())
    {
        items.push((code(crate::validate::answers::UNKNOWN_TOKEN), remediation));
    }
    if items.is_empty() {
        return String::new();
    }
    let mut text = String::from("**To improve, by answer:**\n\n");
    for (answer, remediation) in items {
        text.push_str(&format!(
            "- {answer}: {}\n",
            md(remediation.for_reader(perspective))
        ));
        if perspective.is_none() {
            for (who, wording) in remediation.per_reader() {
                text.push_str(&format!(
                    "  - _for the {}:_ {}\n",
                    who.as_str(),
                    md(wording)
                ));
            }
        }
    }
    text.push('\n');
    text
}

/// The question's `maps:` and those of its answers and bands, in one line:
/// `aa22-131a mfa; csf2 PR.AA-03 (partial); cyber-essentials af-cloud-mfa (answer all)`.
fn maps_text(question: &ValidQuestion) -> String {
    let definition = &question.definition;
    let mut parts = Vec::new();
    let mut add = |maps: &crate::model::framework::Maps, through: Option<String>| {
        for (framework, entry) in maps {
            let controls: Vec<String> = entry
                .targets()
                .map(|(relation, control)| match relation {
                    crate::model::framework::Relation::Supports => control.to_string(),
                    crate::model::framework::Relation::Partial => format!("{control} (partial)"),
                })
                .collect();
            let through = through
                .as_deref()
                .map(|answer| format!(" (answer {answer})"))
                .unwrap_or_default();
            parts.push(format!("{framework} {}{through}", controls.join(", ")));
        }
    };
    add(&definition.maps, None);
    for option in &question.options {
        add(&option.maps, Some(option.value.clone()));
    }
    for (position, band) in definition.bands.iter().enumerate() {
        add(
            &band.maps,
            Some(crate::posture::answer_name(question, position)),
        );
    }
    parts.join("; ")
}

/// The questionnaire as `show --format json` prints it: its definition, with no `weight` on
/// the questions that carry none (free text and context questions count for no score).
fn json_view(questionnaire: &ValidQuestionnaire) -> serde_json::Result<serde_json::Value> {
    let mut value = serde_json::to_value(&questionnaire.definition)?;
    let mut questions = Vec::with_capacity(questionnaire.questions.len());
    for question in &questionnaire.questions {
        let mut shown = serde_json::to_value(question.written())?;
        if !question.scored {
            if let Some(fields) = shown.as_object_mut() {
                fields.remove("weight");
            }
        }
        questions.push(shown);
    }
    // The definition holds no questions (the checked ones do): theirs go in its place.
    if let Some(slot) = value.get_mut("questions") {
        *slot = serde_json::Value::Array(questions);
    }
    Ok(value)
}
