//! Reading a workbook made by `template --format xlsx` back into checked answers: the
//! `mspcheck` sheet says which questionnaire and version it was made for (another version
//! is refused, both named); every answer cell is read through the same checks as an answers
//! file's value, drop-down labels turned back into tokens; every problem is collected and
//! located as `FILE.xlsx:Sheet!D14`.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::NaiveDate;
use serde_yaml::Value;
use sha2::{Digest, Sha256};

use super::{column, picks, Pick, DETAILS, FORMAT, INSTRUCTIONS, META, NOT_APPLICABLE, QUESTIONS};
use crate::diagnostic::{did_you_mean, expected_one_of, Code, Diagnostic, Location};
use crate::load::{Catalog, LoadedAnswers};
use crate::model::questionnaire::Kind;
use crate::model::Perspective;
use crate::validate::answers::{parse_answer_value, unknown_question, Answer, Header};
use crate::validate::{ValidAnswers, ValidQuestion, ValidQuestionnaire};

/// Workbooks larger than this are refused (a questionnaire's sheet is a few hundred KiB).
const MAX_WORKBOOK_BYTES: u64 = 32 * 1024 * 1024;

/// A workbook read back: the answers and what to warn about.
#[derive(Debug)]
pub struct Imported {
    /// The answers with their questionnaire.
    pub loaded: LoadedAnswers,
    /// Problems that do not stop the import.
    pub warnings: Vec<Diagnostic>,
}

/// Loads a workbook as an answers file (what `assess`, `validate`, `compare` and `diff`
/// do with a `.xlsx` argument).
pub fn load(
    catalog: &Catalog,
    path: &str,
    questionnaire_override: Option<&str>,
) -> Result<LoadedAnswers, Vec<Diagnostic>> {
    read(catalog, path, questionnaire_override).map(|imported| imported.loaded)
}

/// One sheet's cells, with where they are.
struct Sheet<'a> {
    file: &'a str,
    name: &'static str,
    range: Range<Data>,
}

impl Sheet<'_> {
    /// The cell at a 0-based row and column (`Data::Empty` outside the used range).
    fn cell(&self, row: u32, column: u16) -> &Data {
        self.range
            .get_value((row, u32::from(column)))
            .unwrap_or(&Data::Empty)
    }

    /// Where a 0-based cell is.
    fn at(&self, row: u32, column: u16) -> Location {
        Location::cell(
            self.file,
            self.name,
            row as usize + 1,
            usize::from(column) + 1,
        )
    }

    /// The last used row (0-based), if any.
    fn last_row(&self) -> Option<u32> {
        self.range.end().map(|(row, _)| row)
    }
}

/// A cell as text: strings trimmed, numbers without a needless `.0`; `None` when empty.
fn text(cell: &Data) -> Option<String> {
    let text = match cell {
        Data::Empty => return None,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            text.trim().to_string()
        }
        Data::Int(number) => number.to_string(),
        Data::Float(number) => crate::validate::answers::format_number(*number),
        Data::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(moment) => excel_date(moment.as_f64())
            .map(|date| date.to_string())
            .unwrap_or_else(|| moment.as_f64().to_string()),
        Data::Error(error) => format!("#{error:?}"),
    };
    Some(text).filter(|text| !text.is_empty())
}

/// The date of an Excel serial day number (1900 date system).
fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

/// A date cell: a spreadsheet date, or text in ISO 8601; `None` when empty.
fn date(cell: &Data, at: Location) -> Result<Option<NaiveDate>, Diagnostic> {
    let found = match cell {
        Data::Empty => return Ok(None),
        Data::DateTime(moment) => excel_date(moment.as_f64()),
        Data::Float(serial) => excel_date(*serial),
        Data::Int(serial) => excel_date(*serial as f64),
        other => text(other).and_then(|typed| crate::model::answers::parse_iso_date(&typed)),
    };
    found.map(Some).ok_or_else(|| {
        Diagnostic::error(
            Code::WrongType,
            format!("`{}` is not a date", text(cell).unwrap_or_default()),
        )
        .at(at)
        .with_help("type the date as YYYY-MM-DD, for example 2026-11-22")
    })
}

/// Reads `path` against the questionnaire its `mspcheck` sheet names (or the override).
pub fn read(
    catalog: &Catalog,
    path: &str,
    questionnaire_override: Option<&str>,
) -> Result<Imported, Vec<Diagnostic>> {
    let unreadable = |message: String| {
        vec![
            Diagnostic::error(Code::FileUnreadable, message).at(Location {
                file: path.to_string(),
                line: 1,
                column: 1,
            }),
        ]
    };
    let metadata = std::fs::metadata(path)
        .map_err(|error| unreadable(format!("cannot read `{path}`: {error}")))?;
    if metadata.is_dir() {
        return Err(unreadable(format!("`{path}` is a directory, not a file")));
    }
    if metadata.len() > MAX_WORKBOOK_BYTES {
        return Err(vec![Diagnostic::error(
            Code::FileTooLarge,
            format!(
                "`{path}` is {} bytes; workbooks over {MAX_WORKBOOK_BYTES} bytes are refused",
                metadata.len()
            ),
        )]);
    }
    let bytes = std::fs::read(path)
        .map_err(|error| unreadable(format!("cannot read `{path}`: {error}")))?;
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let not_ours = |message: String| {
        vec![Diagnostic::error(Code::UnknownFormat, message)
            .at(Location {
                file: path.to_string(),
                line: 1,
                column: 1,
            })
            .with_help(
                "answer sheets are made with `mspcheck template ID --format xlsx --output FILE.xlsx`",
            )]
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|error| {
        not_ours(format!(
            "`{path}` is not a readable .xlsx workbook: {error}"
        ))
    })?;
    let mut sheet = |name: &'static str| -> Result<Sheet<'_>, Vec<Diagnostic>> {
        let range = workbook.worksheet_range(name).map_err(|_| {
            not_ours(format!(
                "`{path}` has no `{name}` sheet, so it is not an answer sheet made by mspcheck"
            ))
        })?;
        Ok(Sheet {
            file: path,
            name,
            range,
        })
    };
    let meta = sheet(META)?;
    let instructions = sheet(INSTRUCTIONS)?;
    let questions = sheet(QUESTIONS)?;

    let mut fields: HashMap<String, (String, Location)> = HashMap::new();
    for row in 0..=meta.last_row().unwrap_or(0) {
        if let Some(name) = text(meta.cell(row, 0)) {
            let value = text(meta.cell(row, 1)).unwrap_or_default();
            fields.insert(name, (value, meta.at(row, 1)));
        }
    }
    let field = |name: &str| fields.get(name).map(|(value, _)| value.as_str());
    let field_at = |name: &str| fields.get(name).map(|(_, at)| at.clone());
    if field("format") != Some(FORMAT) {
        let mut problems = not_ours(format!(
            "the `{META}` sheet of `{path}` does not say `format: {FORMAT}`"
        ));
        problems[0].location = field_at("format").or(problems[0].location.take());
        return Err(problems);
    }
    let sent_id = field("id").unwrap_or_default().to_string();
    let sent_version = field("version").unwrap_or_default().to_string();
    let reference = match questionnaire_override {
        Some(named) => named.to_string(),
        None => field("questionnaire")
            .filter(|reference| !reference.is_empty())
            .unwrap_or(&sent_id)
            .to_string(),
    };
    let base = Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let base = if base.as_os_str().is_empty() {
        std::path::PathBuf::from(".")
    } else {
        base
    };
    let (at, base) = match questionnaire_override {
        Some(_) => (None, std::path::PathBuf::from(".")),
        None => (field_at("questionnaire"), base),
    };
    let questionnaire = catalog.resolve(&reference, &base, at)?;
    let valid = &questionnaire.questionnaire;
    if valid.id() != sent_id || valid.version() != sent_version {
        return Err(vec![Diagnostic::error(
            Code::VersionMismatch,
            format!(
                "this sheet was made for questionnaire `{sent_id}` version {sent_version}, but the questionnaire is `{}` version {}",
                valid.id(),
                valid.version()
            ),
        )
        .at_opt(field_at("version"))
        .with_help(format!(
            "send a new sheet made with `mspcheck template {} --format xlsx`, or read this one with the questionnaire it was made for (`--questionnaire PATH` to version {sent_version})",
            valid.id()
        ))]);
    }
    let mut warnings = Vec::new();
    if field("sha256").is_some_and(|sent| sent != valid.sha256) {
        warnings.push(
            Diagnostic::warning(
                Code::VersionMismatch,
                format!(
                    "questionnaire `{}` {} has changed since this sheet was made (its sha256 differs), though its version has not",
                    valid.id(),
                    valid.version()
                ),
            )
            .at_opt(field_at("sha256"))
            .with_help("check that the questions still mean what the respondent answered"),
        );
    }

    let mut problems = Vec::new();
    let mut cells = Vec::new();
    let mut header = Header {
        questionnaire: Some(format!("{}@{}", valid.id(), valid.version())),
        perspective: match field("perspective").map(str::trim) {
            Some("client") => Some(Perspective::Client),
            Some("provider") => Some(Perspective::Provider),
            Some("auditor") => Some(Perspective::Auditor),
            None | Some("") => None,
            Some(other) => {
                // One problem among the others, never a perspective silently dropped.
                problems.push(
                    Diagnostic::error(
                        Code::ValueNotAllowed,
                        format!("`{other}` is not a valid `perspective`"),
                    )
                    .at_opt(field_at("perspective"))
                    .with_help("expected one of `client`, `provider`, `auditor`, or an empty cell"),
                );
                None
            }
        },
        ..Header::default()
    };
    if questionnaire_override.is_none() {
        header.questionnaire = field("questionnaire")
            .map(str::to_string)
            .or(header.questionnaire);
    }
    cells.push(("questionnaire", field_at("questionnaire")));
    for (name, _, row) in DETAILS {
        let cell = instructions.cell(row, 1);
        let at = instructions.at(row, 1);
        cells.push((name, Some(at.clone())));
        match name {
            "provider" => header.provider = text(cell).unwrap_or_default(),
            "assessor" => header.assessor = text(cell),
            _ => {
                header.date = date(cell, at).unwrap_or_else(|problem| {
                    problems.push(problem);
                    None
                });
            }
        }
    }

    let rows = collect_rows(&questions, valid, &mut problems);
    let mut answers = vec![Answer::default(); valid.questions.len()];
    for (position, row) in rows.iter().enumerate() {
        if let Some(row) = row {
            match read_answer(&questions, &valid.questions[position], row) {
                Ok(answer) => answers[position] = answer,
                Err(mut found) => problems.append(&mut found),
            }
        }
    }
    if !problems.is_empty() {
        crate::diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let answers = ValidAnswers {
        origin: path.to_string(),
        sha256,
        header,
        answers,
    };
    Ok(Imported {
        loaded: LoadedAnswers {
            questionnaire,
            answers,
            document: None,
            cells: cells
                .into_iter()
                .filter_map(|(name, at)| Some((name, at?)))
                .collect(),
        },
        warnings,
    })
}

/// Where one question's answer is on the `Questions` sheet.
#[derive(Debug, Default)]
struct QuestionRows {
    /// The question's row (0-based).
    row: u32,
    /// The rows of a `multi` question's options: option index, row.
    options: Vec<(usize, u32)>,
}

/// Finds each question's row and its option rows; unknown ids, repeated rows and answers
/// in rows without a question are problems.
fn collect_rows(
    sheet: &Sheet,
    questionnaire: &ValidQuestionnaire,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Option<QuestionRows>> {
    let mut rows: Vec<Option<QuestionRows>> =
        (0..questionnaire.questions.len()).map(|_| None).collect();
    let mut unknown = 0;
    let inputs = [
        column::ANSWER,
        column::NOTE,
        column::EVIDENCE,
        column::VERIFIED,
        column::AS_OF,
    ];
    let by_ref: std::collections::HashMap<&str, usize> = questionnaire
        .questions
        .iter()
        .enumerate()
        .filter_map(|(position, question)| Some((question.external_ref()?, position)))
        .collect();
    for row in 1..=sheet.last_row().unwrap_or(0) {
        // A row whose id cell is empty or names no question is matched by its `Ref` cell
        // (a sheet laid out by the source questionnaire's own identifiers).
        let id_cell = text(sheet.cell(row, column::ID));
        let by_reference = text(sheet.cell(row, column::REF))
            .and_then(|reference| by_ref.get(reference.trim()).copied())
            .filter(|_| {
                id_cell
                    .as_deref()
                    .is_none_or(|id| questionnaire.question_index(id).is_none())
            });
        let id_cell = match by_reference {
            Some(position) => Some(questionnaire.questions[position].id().to_string()),
            None => id_cell,
        };
        let Some(id) = id_cell else {
            if let Some(input) = inputs
                .iter()
                .find(|input| text(sheet.cell(row, **input)).is_some())
            {
                problems.push(
                    Diagnostic::error(
                        Code::MissingField,
                        "an answer in a row that has no question id".to_string(),
                    )
                    .at(sheet.at(row, *input))
                    .with_help("answer in the question's own row; do not move or add rows"),
                );
            }
            continue;
        };
        let Some(position) = questionnaire.question_index(&id) else {
            unknown += 1;
            problems.push(unknown_question(
                questionnaire,
                &id,
                unknown,
                Some(sheet.at(row, column::ID)),
            ));
            continue;
        };
        let question = &questionnaire.questions[position];
        match text(sheet.cell(row, column::OPTION)) {
            None => {
                if rows[position].is_some() {
                    problems.push(
                        Diagnostic::error(
                            Code::DuplicateId,
                            format!("question `{id}` has more than one row"),
                        )
                        .at(sheet.at(row, column::ID))
                        .with_help("keep one row per question, as the sheet was sent"),
                    );
                    continue;
                }
                rows[position] = Some(QuestionRows {
                    row,
                    options: Vec::new(),
                });
            }
            Some(token) => {
                let option = question
                    .option_index(&token)
                    .filter(|_| question.kind() == Kind::Multi);
                match (option, rows[position].as_mut()) {
                    (Some(option), Some(found)) => found.options.push((option, row)),
                    _ => problems.push(
                        Diagnostic::error(
                            Code::ValueNotAllowed,
                            format!("`{token}` is not an option row of `{id}`"),
                        )
                        .at(sheet.at(row, column::OPTION))
                        .with_help(
                            "keep the option rows below their question, as the sheet was sent",
                        ),
                    ),
                }
            }
        }
    }
    rows
}

/// Yes or No in a cell (`Verified`, a `multi` option): `None` when empty.
fn flag(sheet: &Sheet, row: u32, column: u16, what: &str) -> Result<Option<bool>, Diagnostic> {
    let cell = sheet.cell(row, column);
    if let Data::Bool(flag) = cell {
        return Ok(Some(*flag));
    }
    let Some(typed) = text(cell) else {
        return Ok(None);
    };
    match typed.to_lowercase().as_str() {
        "yes" | "y" | "true" | "x" | "1" => Ok(Some(true)),
        "no" | "n" | "false" | "0" => Ok(Some(false)),
        _ => Err(Diagnostic::error(
            Code::ValueNotAllowed,
            format!("`{typed}` is not Yes or No ({what})"),
        )
        .at(sheet.at(row, column))
        .with_help(format!("choose `{}` or `{}`", super::YES, super::NO))),
    }
}

/// One question's answer, note, evidence and verification from its rows.
fn read_answer(
    sheet: &Sheet,
    question: &ValidQuestion,
    rows: &QuestionRows,
) -> Result<Answer, Vec<Diagnostic>> {
    let row = rows.row;
    let mut problems = Vec::new();
    let verified = flag(sheet, row, column::VERIFIED, "verified").unwrap_or_else(|problem| {
        problems.push(problem);
        None
    });
    let at = sheet.at(row, column::ANSWER);
    let value = match question.kind() {
        Kind::YesNo | Kind::Choice | Kind::Scale | Kind::Number => {
            pick_value(question, sheet.cell(row, column::ANSWER), &at)
        }
        Kind::Multi => multi_value(sheet, question, rows),
        Kind::Text => text_value(question, sheet.cell(row, column::ANSWER), &at),
    };
    let value = match value {
        Ok(None) => None,
        Ok(Some((value, at))) => {
            let locate = |item: Option<usize>| -> Option<Location> {
                Some(match item {
                    Some(index) => at.get(index).cloned().unwrap_or_else(|| at[0].clone()),
                    None => at[0].clone(),
                })
            };
            match parse_answer_value(question, &value, &locate) {
                Ok(parsed) => Some(parsed),
                Err(mut problem) => {
                    if problem.code == Code::ValueNotAllowed {
                        problem.help = Some(labels_help(question, &value));
                    }
                    problems.push(problem);
                    None
                }
            }
        }
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let as_of = date(sheet.cell(row, column::AS_OF), sheet.at(row, column::AS_OF)).unwrap_or_else(
        |problem| {
            problems.push(problem);
            None
        },
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Answer {
        value,
        note: text(sheet.cell(row, column::NOTE)),
        evidence: text(sheet.cell(row, column::EVIDENCE)),
        verified: verified.unwrap_or(false),
        as_of,
    })
}

/// The drop-down labels to choose from, with a "did you mean" for `value`.
fn labels_help(question: &ValidQuestion, value: &Value) -> String {
    let labels: Vec<String> = match question.kind() {
        Kind::Multi => question
            .options
            .iter()
            .map(|option| option.label.clone())
            .collect(),
        Kind::YesNo | Kind::Choice | Kind::Scale | Kind::Number | Kind::Text => picks(question)
            .into_iter()
            .map(|(label, _)| label)
            .collect(),
    };
    let shown = crate::yaml::scalar_text(value).unwrap_or_default();
    let choose = format!(
        "choose from the drop-down: {}",
        expected_one_of(labels.iter().map(String::as_str)).trim_start_matches("expected ")
    );
    match did_you_mean(&shown, labels.iter().map(String::as_str)) {
        Some(suggestion) => format!("{suggestion} ({choose})"),
        None => choose,
    }
}

/// A `text` answer's cell as a string: numbers, dates and booleans as the sheet shows them
/// (a spreadsheet cannot quote them); `None` when the cell is empty or blank.
#[allow(clippy::type_complexity)]
fn text_value(
    question: &ValidQuestion,
    cell: &Data,
    at: &Location,
) -> Result<Option<(Value, Vec<Location>)>, Diagnostic> {
    let text = match cell {
        Data::Empty => return Ok(None),
        Data::Error(error) => {
            return Err(Diagnostic::error(
                Code::WrongType,
                format!(
                    "the answer to `{}` is the error `#{error:?}`",
                    question.id()
                ),
            )
            .at(at.clone())
            .with_help(crate::validate::answers::allowed_text(question)))
        }
        Data::Float(number) => crate::validate::answers::format_number(*number),
        other => other.to_string(),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some((Value::String(text), vec![at.clone()])))
}

/// The value of a single-cell answer as an answers file would hold it, labels turned into
/// tokens; `None` when the cell is empty.
#[allow(clippy::type_complexity)]
fn pick_value(
    question: &ValidQuestion,
    cell: &Data,
    at: &Location,
) -> Result<Option<(Value, Vec<Location>)>, Diagnostic> {
    let found = |value: Value| Ok(Some((value, vec![at.clone()])));
    match cell {
        Data::Empty => return Ok(None),
        Data::Error(error) => {
            return Err(Diagnostic::error(
                Code::WrongType,
                format!(
                    "the answer to `{}` is the error `#{error:?}`",
                    question.id()
                ),
            )
            .at(at.clone())
            .with_help(crate::validate::answers::allowed_text(question)))
        }
        Data::Int(number) => return found(Value::Number((*number).into())),
        Data::Float(number) => {
            return found(if number.fract() == 0.0 && number.abs() < 1e15 {
                Value::Number((*number as i64).into())
            } else {
                Value::Number((*number).into())
            })
        }
        Data::Bool(flag) => return found(Value::Bool(*flag)),
        Data::String(_) | Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {}
    }
    let Some(typed) = text(cell) else {
        return Ok(None);
    };
    let folded = typed.to_lowercase();
    if let Some((_, pick)) = picks(question)
        .into_iter()
        .find(|(label, _)| label.trim().to_lowercase() == folded)
    {
        return found(match pick {
            Pick::Point(point) => Value::Number(point.into()),
            Pick::Option(_) | Pick::NotApplicable | Pick::Unknown => {
                Value::String(pick.token(question))
            }
        });
    }
    if folded == NOT_APPLICABLE.to_lowercase() {
        return found(Value::String("na".into()));
    }
    if matches!(question.kind(), Kind::Scale | Kind::Number) {
        if let Ok(number) = typed.parse::<i64>() {
            return found(Value::Number(number.into()));
        }
        if let Ok(number) = typed.parse::<f64>() {
            return found(Value::Number(number.into()));
        }
    }
    found(Value::String(typed))
}

/// A `multi` answer from its option rows (and `na` in the question's row); `None` when
/// nothing is chosen either way.
#[allow(clippy::type_complexity)]
fn multi_value(
    sheet: &Sheet,
    question: &ValidQuestion,
    rows: &QuestionRows,
) -> Result<Option<(Value, Vec<Location>)>, Diagnostic> {
    let own = text(sheet.cell(rows.row, column::ANSWER));
    let mut chosen = Vec::new();
    let mut places = vec![sheet.at(rows.row, column::ANSWER)];
    let mut said = None;
    for (option, row) in &rows.options {
        match flag(
            sheet,
            *row,
            column::ANSWER,
            &question.options[*option].label,
        )? {
            Some(true) => {
                chosen.push(Value::String(question.options[*option].value.clone()));
                places.push(sheet.at(*row, column::ANSWER));
            }
            Some(false) => {}
            None => continue,
        }
        said.get_or_insert(*row);
    }
    match own {
        Some(typed) => {
            // The question's own cell holds `na` or `unknown` (by label or token), if anything.
            let folded = typed.to_lowercase();
            let extra = picks(question)
                .into_iter()
                .find(|(label, pick)| {
                    label.trim().to_lowercase() == folded
                        || pick.token(question) == folded
                        || (*pick == Pick::NotApplicable && folded == NOT_APPLICABLE.to_lowercase())
                })
                .map(|(_, pick)| pick)
                .or(match folded.as_str() {
                    "na" => Some(Pick::NotApplicable),
                    _ if folded == NOT_APPLICABLE.to_lowercase() => Some(Pick::NotApplicable),
                    _ => None,
                });
            let Some(extra) = extra else {
                return Err(Diagnostic::error(
                    Code::ValueNotAllowed,
                    format!("`{typed}` is not an answer to `{}`", question.id()),
                )
                .at(places[0].clone())
                .with_help("answer Yes or No on the option rows below the question"));
            };
            if let Some(row) = said {
                return Err(Diagnostic::error(
                    Code::ValueNotAllowed,
                    format!(
                        "`{}` is answered both \"{typed}\" and option by option",
                        question.id()
                    ),
                )
                .at(sheet.at(row, column::ANSWER))
                .with_help(format!("clear either \"{typed}\" or the option rows")));
            }
            Ok(Some((Value::String(extra.token(question)), places)))
        }
        None if said.is_some() => {
            // Item `i` of the list is located at the cell that chose it.
            let places = if places.len() > 1 {
                places[1..].to_vec()
            } else {
                places
            };
            Ok(Some((Value::Sequence(chosen), places)))
        }
        None => Ok(None),
    }
}
