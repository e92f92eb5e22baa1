//! `template --format xlsx`: the questionnaire as a workbook to fill in a spreadsheet
//! program. Answer cells offer the allowed answers as drop-downs (labels shown; `import`
//! turns them back into tokens), `na` only where the question allows it, scale and number
//! cells are checked by range, and every cell but the respondent's is locked. Pure: the
//! bytes are returned, the caller writes them.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::{column, picks, Pick, DETAILS, FORMAT, INSTRUCTIONS, LISTS, META, NO, QUESTIONS, YES};
use crate::diagnostic::column_name;
use crate::model::questionnaire::Kind;
use crate::validate::answers::{allowed_text, Header};
use crate::validate::{ValidQuestion, ValidQuestionnaire};

/// Excel's limit on the text of one cell.
const CELL_LIMIT: usize = 32_000;

/// `text` cut to `limit` characters (an ellipsis marks the cut).
fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The formats used across the sheets.
struct Formats {
    title: Format,
    heading: Format,
    domain: Format,
    locked: Format,
    option: Format,
    input: Format,
    input_date: Format,
    hint: Format,
}

impl Formats {
    fn new() -> Formats {
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            heading: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x1F_3A_5F))
                .set_font_color(Color::White)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            domain: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_background_color(Color::RGB(0xDD_E6_F0))
                .set_border_bottom(FormatBorder::Thin),
            locked: wrap.clone(),
            option: wrap.clone().set_indent(2),
            input: wrap
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(0xFF_F8_DC))
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(Color::RGB(0xB0_B0_B0)),
            input_date: Format::new()
                .set_unlocked()
                .set_num_format("yyyy-mm-dd")
                .set_background_color(Color::RGB(0xFF_F8_DC)),
            hint: wrap.set_italic().set_font_color(Color::RGB(0x55_55_55)),
        }
    }
}

/// The row (0-based, on the `Questions` sheet) of each question, and the number of rows.
fn layout(questionnaire: &ValidQuestionnaire) -> (Vec<u32>, u32) {
    let mut rows = Vec::with_capacity(questionnaire.questions.len());
    let mut row: u32 = 1;
    let mut domain = None;
    for question in &questionnaire.questions {
        if domain != Some(question.domain) {
            domain = Some(question.domain);
            row += 1;
        }
        rows.push(row);
        row += 1;
        if question.kind() == Kind::Multi {
            row += question.options.len() as u32;
        }
    }
    (rows, row)
}

/// The workbook for `questionnaire`; `header` gives the `questionnaire:` reference the
/// answers will carry and the perspective the questions are worded for.
pub fn render(questionnaire: &ValidQuestionnaire, header: &Header) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let reference = header
        .questionnaire
        .clone()
        .unwrap_or_else(|| format!("{}@{}", questionnaire.id(), questionnaire.version()));

    instructions(workbook.add_worksheet(), questionnaire, header, &formats)?;
    questions(workbook.add_worksheet(), questionnaire, header, &formats)?;
    lists(workbook.add_worksheet(), questionnaire)?;

    let meta = workbook.add_worksheet();
    meta.set_name(META)?;
    let perspective = header
        .perspective
        .map_or("", |perspective| perspective.as_str());
    let fields: [(&str, &str); 7] = [
        ("format", FORMAT),
        ("questionnaire", &reference),
        ("id", questionnaire.id()),
        ("version", questionnaire.version()),
        ("sha256", &questionnaire.sha256),
        ("perspective", perspective),
        ("title", &questionnaire.definition.title),
    ];
    for (row, (name, value)) in fields.iter().enumerate() {
        meta.write_string(row as u32, 0, *name)?;
        meta.write_string(row as u32, 1, cut(value, CELL_LIMIT))?;
    }
    meta.set_column_width(0, 16)?;
    meta.set_column_width(1, 70)?;
    meta.protect();
    meta.set_hidden(true);

    workbook.save_to_buffer()
}

/// The first sheet: what this is, the respondent's details, how to answer and send back.
fn instructions(
    sheet: &mut Worksheet,
    questionnaire: &ValidQuestionnaire,
    header: &Header,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(INSTRUCTIONS)?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 60)?;
    let definition = &questionnaire.definition;
    sheet.write_string_with_format(
        0,
        0,
        cut(
            &format!(
                "{} ({} {})",
                definition.title,
                questionnaire.id(),
                questionnaire.version()
            ),
            CELL_LIMIT,
        ),
        &formats.title,
    )?;
    sheet.write_string_with_format(1, 0, "Your details", &formats.heading)?;
    sheet.write_string_with_format(1, 1, "", &formats.heading)?;
    for (field, label, row) in DETAILS {
        sheet.write_string_with_format(row, 0, label, &formats.locked)?;
        if field == "date" {
            sheet.write_blank(row, 1, &formats.input_date)?;
            sheet.add_data_validation(row, 1, row, 1, &date_check()?)?;
        } else {
            sheet.write_blank(row, 1, &formats.input)?;
        }
    }
    let for_whom = match header.perspective {
        Some(crate::model::Perspective::Client) => {
            " The questions are worded for a client assessing its provider."
        }
        Some(crate::model::Perspective::Provider) => {
            " The questions are worded for a provider answering about itself."
        }
        Some(crate::model::Perspective::Auditor) => {
            " The questions are worded for an auditor or consultant."
        }
        None => "",
    };
    let lines = [
        format!(
            "{} questions in {} domains, on the {QUESTIONS} sheet.{for_whom}",
            questionnaire.questions.len(),
            questionnaire.domains.len()
        ),
        "How to answer".to_string(),
        "1. Fill in your details above.".to_string(),
        "2. On the Questions sheet, choose each answer from the drop-down in the yellow Answer column. Numbers are typed; \
         for a question with several options, choose Yes or No on each option's row below it."
            .to_string(),
        format!(
            "3. \"{}\" is offered only where a question may not apply to you. Leave an answer empty if you do not know it: \
             an empty answer counts as unanswered, never as wrong.",
            super::NOT_APPLICABLE
        ),
        "4. A question whose \"Applies when\" column names an earlier answer only needs an answer when that answer was given."
            .to_string(),
        "5. Note, Evidence, Verified and As of are optional: say what backs the answer (a document, a report, a link), \
         choose Verified = Yes only when the evidence was seen, and give As of when the answer describes an earlier date."
            .to_string(),
        "Sending it back".to_string(),
        "Save the file as .xlsx (keep the sheet and column names) and send it back. \
         The receiver checks it with `mspcheck import FILE.xlsx` (or assesses it directly with `mspcheck assess FILE.xlsx`); \
         any problem is reported with the cell it is in."
            .to_string(),
    ];
    let mut row = 6;
    for line in lines {
        let format = if line == "How to answer" || line == "Sending it back" {
            &formats.heading
        } else {
            &formats.locked
        };
        sheet.merge_range(row, 0, row, 1, &cut(&line, CELL_LIMIT), format)?;
        if format == &formats.locked {
            let height = 15.0 * (1.0 + (line.chars().count() / 85) as f64);
            sheet.set_row_height(row, height)?;
        }
        row += 1;
    }
    if let Some(description) = &definition.description {
        row += 1;
        sheet.merge_range(row, 0, row, 1, "About this questionnaire", &formats.heading)?;
        sheet.merge_range(
            row + 1,
            0,
            row + 1,
            1,
            &cut(description, CELL_LIMIT),
            &formats.locked,
        )?;
        let height = 15.0 * (1.0 + (description.chars().count() / 85) as f64);
        sheet.set_row_height(row + 1, height.min(400.0))?;
    }
    sheet.protect_with_options(&editable());
    sheet.set_active(true);
    Ok(())
}

/// A date cell's check.
fn date_check() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::GreaterThan(
            rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 1, 1)?,
        ))
        .set_error_title("Not a date")?
        .set_error_message("Type the date as YYYY-MM-DD, for example 2026-11-22.")
}

/// Protection that keeps the respondent able to size rows and columns.
fn editable() -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    }
}

/// The `Questions` sheet.
fn questions(
    sheet: &mut Worksheet,
    questionnaire: &ValidQuestionnaire,
    header: &Header,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(QUESTIONS)?;
    let widths: [f64; 14] = [
        22.0, 16.0, 60.0, 28.0, 30.0, 30.0, 10.0, 12.0, 36.0, 30.0, 50.0, 40.0, 12.0, 16.0,
    ];
    for (index, width) in widths.iter().enumerate() {
        sheet.set_column_width(index as u16, *width)?;
    }
    sheet.set_column_hidden(column::OPTION)?;
    for (index, title) in column::TITLES.iter().enumerate() {
        sheet.write_string_with_format(0, index as u16, *title, &formats.heading)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let (rows, _) = layout(questionnaire);
    let yes_no = list_range(1, 2);
    let mut domain = None;
    for (position, question) in questionnaire.questions.iter().enumerate() {
        let row = rows[position];
        if domain != Some(question.domain) {
            domain = Some(question.domain);
            let current = &questionnaire.domains[question.domain];
            for index in 0..column::TITLES.len() as u16 {
                sheet.write_blank(row - 1, index, &formats.domain)?;
            }
            sheet.write_string_with_format(
                row - 1,
                column::DOMAIN,
                cut(&current.title, CELL_LIMIT),
                &formats.domain,
            )?;
            if let Some(description) = questionnaire
                .definition
                .domains
                .get(question.domain)
                .and_then(|domain| domain.description.as_deref())
            {
                sheet.write_string_with_format(
                    row - 1,
                    column::QUESTION,
                    cut(description, CELL_LIMIT),
                    &formats.domain,
                )?;
            }
        }
        let text = question.text_for(header.perspective);
        sheet.write_string_with_format(row, column::ID, question.id(), &formats.locked)?;
        if let Some(reference) = question.external_ref() {
            sheet.write_string_with_format(row, column::REF, reference, &formats.locked)?;
        }
        sheet.write_string_with_format(
            row,
            column::DOMAIN,
            cut(&questionnaire.domains[question.domain].title, CELL_LIMIT),
            &formats.locked,
        )?;
        sheet.write_string_with_format(
            row,
            column::QUESTION,
            cut(text, CELL_LIMIT),
            &formats.locked,
        )?;
        for input in [column::NOTE, column::EVIDENCE, column::VERIFIED] {
            sheet.write_blank(row, input, &formats.input)?;
        }
        sheet.write_blank(row, column::AS_OF, &formats.input_date)?;
        sheet.add_data_validation(row, column::AS_OF, row, column::AS_OF, &date_check()?)?;
        let verified = DataValidation::new()
            .allow_list_formula(Formula::new(&yes_no))
            .set_error_title("Yes or No")?
            .set_error_message("Verified: choose Yes when you have seen the evidence, else No.")?;
        sheet.add_data_validation(row, column::VERIFIED, row, column::VERIFIED, &verified)?;
        sheet.write_string_with_format(
            row,
            column::ALLOWED,
            cut(&allowed(question), CELL_LIMIT),
            &formats.hint,
        )?;
        if let Some(when) = &question.when {
            let target = &questionnaire.questions[when.question];
            let labels: Vec<String> = picks(target)
                .into_iter()
                .filter(|(_, pick)| matches!(pick, Pick::Option(option) if when.options.contains(option)))
                .map(|(label, _)| format!("\"{label}\""))
                .collect();
            let labels = if labels.is_empty() {
                when.options
                    .iter()
                    .map(|option| format!("\"{}\"", target.options[*option].label))
                    .collect()
            } else {
                labels
            };
            let opened = format!(
                "Only when {} (row {}) is answered {}",
                target.id(),
                rows[when.question] + 1,
                labels.join(" or ")
            );
            sheet.write_string_with_format(
                row,
                column::APPLIES,
                cut(&opened, CELL_LIMIT),
                &formats.hint,
            )?;
        }
        if let Some(help) = &question.definition.help {
            sheet.write_string_with_format(
                row,
                column::HELP,
                cut(help, CELL_LIMIT),
                &formats.hint,
            )?;
        }
        if let Some(evidence) = &question.definition.evidence {
            sheet.write_string_with_format(
                row,
                column::EVIDENCE_HINT,
                cut(evidence, CELL_LIMIT),
                &formats.hint,
            )?;
        }
        answer_cell(sheet, question, position, row, formats)?;
        if question.kind() == Kind::Multi {
            for (index, option) in question.options.iter().enumerate() {
                let option_row = row + 1 + index as u32;
                sheet.write_string_with_format(
                    option_row,
                    column::ID,
                    question.id(),
                    &formats.hint,
                )?;
                sheet.write_string_with_format(
                    option_row,
                    column::QUESTION,
                    cut(&option.label, CELL_LIMIT),
                    &formats.option,
                )?;
                sheet.write_blank(option_row, column::ANSWER, &formats.input)?;
                sheet.write_string_with_format(
                    option_row,
                    column::OPTION,
                    &option.value,
                    &formats.locked,
                )?;
                if let Some(reference) = question.external_ref() {
                    sheet.write_string_with_format(
                        option_row,
                        column::REF,
                        reference,
                        &formats.hint,
                    )?;
                }
                let validation = DataValidation::new()
                    .allow_list_formula(Formula::new(&yes_no))
                    .set_input_title("Yes or No")?
                    .set_input_message(cut(&format!("Does this apply? {}", option.label), 255))?
                    .set_error_title("Yes or No")?
                    .set_error_message("Choose Yes if this option applies, No if it does not.")?;
                sheet.add_data_validation(
                    option_row,
                    column::ANSWER,
                    option_row,
                    column::ANSWER,
                    &validation,
                )?;
            }
        }
    }
    sheet.protect_with_options(&editable());
    Ok(())
}

/// What `question`'s answer may be, for the "Allowed answers" column.
fn allowed(question: &ValidQuestion) -> String {
    match question.kind() {
        Kind::Multi => {
            let extra: Vec<String> = picks(question)
                .into_iter()
                .map(|(label, _)| format!("\"{label}\""))
                .collect();
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" (or choose {} here)", extra.join(" or "))
            };
            let exclusive: Vec<&str> = question
                .options
                .iter()
                .filter(|option| option.exclusive)
                .map(|option| option.label.as_str())
                .collect();
            let alone = if exclusive.is_empty() {
                String::new()
            } else {
                format!(
                    " \"{}\" cannot be combined with another option.",
                    exclusive.join("\", \"")
                )
            };
            format!("Choose Yes or No on each option below{extra}.{alone}")
        }
        Kind::Number => {
            let unit = question
                .definition
                .unit
                .as_deref()
                .map(|unit| format!(" ({unit})"))
                .unwrap_or_default();
            let extra: String = picks(question)
                .into_iter()
                .map(|(label, _)| format!(", or \"{label}\""))
                .collect();
            format!("A number, 0 or more{unit}{extra}.")
        }
        Kind::YesNo | Kind::Choice | Kind::Scale => {
            let labels: Vec<String> = picks(question)
                .into_iter()
                .map(|(label, _)| label)
                .collect();
            format!("One of: {}.", labels.join("; "))
        }
        Kind::Text => match question.definition.max_length {
            Some(limit) => format!("Free text, at most {limit} characters (not scored)."),
            None => "Free text (not scored).".to_string(),
        },
    }
}

/// The answer cell of a question row: unlocked, with its drop-down or range check.
fn answer_cell(
    sheet: &mut Worksheet,
    question: &ValidQuestion,
    position: usize,
    row: u32,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let hint = cut(
        &allowed_text(question).replacen("expected ", "Expected: ", 1),
        255,
    );
    let choices = picks(question);
    let validation = match question.kind() {
        Kind::YesNo | Kind::Choice | Kind::Scale => Some(
            DataValidation::new()
                .allow_list_formula(Formula::new(list_range(
                    position as u32 + 2,
                    choices.len() as u16,
                )))
                .set_error_message("Choose one of the answers in the drop-down list.")?,
        ),
        Kind::Multi if choices.is_empty() => None,
        Kind::Multi => Some(
            DataValidation::new()
                .allow_list_formula(Formula::new(list_range(
                    position as u32 + 2,
                    choices.len() as u16,
                )))
                .set_error_message(
                    "Only the choices of the drop-down go here; answer on the option rows below.",
                )?,
        ),
        Kind::Number if !choices.is_empty() => {
            let cell = format!("{}{}", column_name(column::ANSWER as usize + 1), row + 1);
            let mut accepted = Vec::new();
            for (label, pick) in &choices {
                for text in [label.clone(), pick.token(question)] {
                    accepted.push(format!("{cell}=\"{}\"", text.replace('"', "\"\"")));
                }
            }
            let labels: Vec<String> = choices
                .iter()
                .map(|(label, _)| format!("\"{label}\""))
                .collect();
            Some(
                DataValidation::new()
                    .allow_custom(Formula::new(format!(
                        "=OR(AND(ISNUMBER({cell}),{cell}>=0),{})",
                        accepted.join(",")
                    )))
                    .set_error_message(cut(
                        &format!("Type a number, 0 or more, or {}.", labels.join(" or ")),
                        255,
                    ))?,
            )
        }
        Kind::Number => Some(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_message("Type a number, 0 or more.")?,
        ),
        Kind::Text => {
            // Free text: an open cell, its length checked where the question limits it.
            sheet.write_blank(row, column::ANSWER, &formats.input)?;
            if let Some(limit) = question.definition.max_length {
                let validation = DataValidation::new()
                    .allow_text_length(DataValidationRule::LessThanOrEqualTo(limit))
                    .set_input_title("Answer")?
                    .set_input_message(hint)?
                    .set_error_title("Too long")?
                    .set_error_message(format!("At most {limit} characters."))?
                    .set_error_style(DataValidationErrorStyle::Stop);
                sheet.add_data_validation(row, column::ANSWER, row, column::ANSWER, &validation)?;
            }
            return Ok(());
        }
    };
    match validation {
        Some(validation) => {
            sheet.write_blank(row, column::ANSWER, &formats.input)?;
            let validation = validation
                .set_input_title("Answer")?
                .set_input_message(hint)?
                .set_error_title("Not an answer to this question")?
                .set_error_style(DataValidationErrorStyle::Stop);
            sheet.add_data_validation(row, column::ANSWER, row, column::ANSWER, &validation)?;
        }
        None => {
            sheet.write_blank(row, column::ANSWER, &formats.hint)?;
        }
    }
    Ok(())
}

/// `=Lists!$A$row:$X$row` over `count` cells of a 1-based row of the `Lists` sheet.
fn list_range(row: u32, count: u16) -> String {
    format!(
        "={LISTS}!$A${row}:${}${row}",
        column_name(usize::from(count.max(1)))
    )
}

/// The hidden `Lists` sheet: row 1 is Yes / No, row `i + 2` the drop-down labels of the
/// question at index `i`.
fn lists(sheet: &mut Worksheet, questionnaire: &ValidQuestionnaire) -> Result<(), XlsxError> {
    sheet.set_name(LISTS)?;
    sheet.write_string(0, 0, YES)?;
    sheet.write_string(0, 1, NO)?;
    for (position, question) in questionnaire.questions.iter().enumerate() {
        for (index, (label, _)) in picks(question).into_iter().enumerate() {
            sheet.write_string(position as u32 + 1, index as u16, cut(&label, 250))?;
        }
    }
    sheet.protect();
    sheet.set_hidden(true);
    Ok(())
}
