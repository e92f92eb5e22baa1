//! The spreadsheet route end to end, with the real binary: `template --format xlsx`, cells
//! filled the way a spreadsheet program stores them (in the workbook's XML), `import`, and
//! `assess` on both the import and the workbook itself, compared with the same answers
//! written as YAML. One workbook is re-saved by LibreOffice (headless) first, so a file
//! from another producer is read too. Set `MSPCHECK_SKIP_LIBREOFFICE=1` to skip that part
//! on a machine without LibreOffice.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use calamine::{Data, Reader, Xlsx};
use mspcheck::load::{load_answers, Catalog};
use mspcheck::model::questionnaire::Kind;
use mspcheck::validate::{AnswerValue, ValidAnswers, ValidQuestionnaire};

use super::support::{root, run_in};

/// What a respondent types into one cell.
#[derive(Debug, Clone)]
pub enum Typed {
    /// Text (stored inline, as LibreOffice and Excel may do).
    Text(String),
    /// A number.
    Number(f64),
}

/// The XML path of sheet `name` inside a workbook.
fn sheet_part(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let read = |archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, part: &str| {
        let mut text = String::new();
        archive
            .by_name(part)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let workbook = read(archive, "xl/workbook.xml");
    let start = workbook
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no sheet {name}"));
    let tag_end = start + workbook[start..].find("/>").unwrap();
    let tag = &workbook[workbook[..start].rfind('<').unwrap()..tag_end];
    let id_at = tag.find("r:id=\"").unwrap() + 6;
    let id = &tag[id_at..id_at + tag[id_at..].find('"').unwrap()];
    let relations = read(archive, "xl/_rels/workbook.xml.rels");
    let relation = relations.find(&format!("Id=\"{id}\"")).unwrap();
    let open = relations[..relation].rfind('<').unwrap();
    let close = relation + relations[relation..].find('>').unwrap();
    let element = &relations[open..close];
    let target_at = element.find("Target=\"").unwrap() + 8;
    let target = &element[target_at..target_at + element[target_at..].find('"').unwrap()];
    let target = target.trim_start_matches('/');
    if target.starts_with("xl/") {
        target.to_string()
    } else {
        format!("xl/{target}")
    }
}

fn column_letters(column: u16) -> String {
    let mut name = Vec::new();
    let mut rest = usize::from(column) + 1;
    while rest > 0 {
        name.push(b'A' + ((rest - 1) % 26) as u8);
        rest = (rest - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `xml` with cell `reference` holding `typed` (its style kept).
fn set_cell(xml: &str, row: u32, column: u16, typed: &Typed) -> String {
    let reference = format!("{}{}", column_letters(column), row + 1);
    let body = |attributes: &str| {
        match typed {
        Typed::Text(text) => format!(
            "<c r=\"{reference}\"{attributes} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            escape(text)
        ),
        Typed::Number(number) => format!("<c r=\"{reference}\"{attributes}><v>{number}</v></c>"),
    }
    };
    let marker = format!("<c r=\"{reference}\"");
    if let Some(start) = xml.find(&marker) {
        let head_end = start + xml[start..].find('>').unwrap();
        let self_closing = xml[..head_end].ends_with('/');
        let end = if self_closing {
            head_end + 1
        } else {
            head_end + xml[head_end..].find("</c>").unwrap() + 4
        };
        let head = &xml[start + marker.len()..if self_closing { head_end - 1 } else { head_end }];
        // Keep the style; drop the old type.
        let style = head
            .split_whitespace()
            .find(|attribute| attribute.starts_with("s="))
            .map(|style| format!(" {style}"))
            .unwrap_or_default();
        return format!("{}{}{}", &xml[..start], body(&style), &xml[end..]);
    }
    // The cell is not stored: insert it in its row, in column order.
    let row_marker = format!("<row r=\"{}\"", row + 1);
    let row_start = xml
        .find(&row_marker)
        .unwrap_or_else(|| panic!("row {} is not in the sheet", row + 1));
    let row_head_end = row_start + xml[row_start..].find('>').unwrap();
    if xml[..row_head_end].ends_with('/') {
        let opened = format!("{}>{}</row>", &xml[..row_head_end], body(""));
        return format!("{opened}{}", &xml[row_head_end + 1..]);
    }
    let row_end = row_head_end + xml[row_head_end..].find("</row>").unwrap();
    let mut insert_at = row_end;
    let mut cursor = row_head_end;
    while let Some(found) = xml[cursor..row_end].find("<c r=\"") {
        let at = cursor + found;
        let letters: String = xml[at + 6..]
            .chars()
            .take_while(char::is_ascii_uppercase)
            .collect();
        let index = letters.bytes().fold(0usize, |sum, letter| {
            sum * 26 + usize::from(letter - b'A' + 1)
        });
        if index > usize::from(column) + 1 {
            insert_at = at;
            break;
        }
        cursor = at + 1;
    }
    format!("{}{}{}", &xml[..insert_at], body(""), &xml[insert_at..])
}

/// A copy of the workbook at `from` with the cells filled, written to `to`.
pub fn fill(from: &Path, to: &Path, cells: &[(&str, u32, u16, Typed)]) {
    let bytes = std::fs::read(from).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut changed: HashMap<String, String> = HashMap::new();
    for (sheet, row, column, typed) in cells {
        let part = sheet_part(&mut archive, sheet);
        let xml = match changed.remove(&part) {
            Some(xml) => xml,
            None => {
                let mut xml = String::new();
                archive
                    .by_name(&part)
                    .unwrap()
                    .read_to_string(&mut xml)
                    .unwrap();
                xml
            }
        };
        changed.insert(part, set_cell(&xml, *row, *column, typed));
    }
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        writer.start_file(&name, options).unwrap();
        match changed.get(&name) {
            Some(xml) => writer.write_all(xml.as_bytes()).unwrap(),
            None => writer.write_all(&content).unwrap(),
        }
    }
    std::fs::write(to, writer.finish().unwrap().into_inner()).unwrap();
}

/// Rows of the `Questions` sheet: question id → its row, and (id, option token) → row.
pub struct Rows {
    pub questions: HashMap<String, u32>,
    pub options: HashMap<(String, String), u32>,
}

pub fn rows(workbook: &Path) -> Rows {
    let mut book: Xlsx<_> = calamine::open_workbook(workbook).unwrap();
    let range = book.worksheet_range("Questions").unwrap();
    let mut rows = Rows {
        questions: HashMap::new(),
        options: HashMap::new(),
    };
    let (height, _) = range.end().unwrap();
    for row in 1..=height {
        let text = |column: u32| match range.get_value((row, column)) {
            Some(Data::String(text)) => Some(text.clone()),
            _ => None,
        };
        let Some(id) = text(0) else { continue };
        match text(12) {
            Some(token) => {
                rows.options.insert((id, token), row);
            }
            None => {
                rows.questions.insert(id, row);
            }
        }
    }
    rows
}

const ANSWER: u16 = 3;
const NOTE: u16 = 4;
const EVIDENCE: u16 = 5;
const VERIFIED: u16 = 6;
const AS_OF: u16 = 7;

/// The cells a respondent fills to give `answers`, choosing labels from the drop-downs.
pub fn cells_for(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    rows: &Rows,
) -> Vec<(&'static str, u32, u16, Typed)> {
    let mut cells = vec![(
        "Instructions",
        2,
        1,
        Typed::Text(answers.header.provider.clone()),
    )];
    if let Some(assessor) = &answers.header.assessor {
        cells.push(("Instructions", 3, 1, Typed::Text(assessor.clone())));
    }
    if let Some(date) = answers.header.date {
        cells.push(("Instructions", 4, 1, Typed::Text(date.to_string())));
    }
    for (question, answer) in questionnaire.questions.iter().zip(&answers.answers) {
        let row = rows.questions[question.id()];
        let mut put = |column: u16, typed: Typed| cells.push(("Questions", row, column, typed));
        if let Some(note) = &answer.note {
            put(NOTE, Typed::Text(note.clone()));
        }
        if let Some(evidence) = &answer.evidence {
            put(EVIDENCE, Typed::Text(evidence.clone()));
        }
        if answer.verified {
            put(VERIFIED, Typed::Text("Yes".into()));
        }
        if let Some(as_of) = answer.as_of {
            put(AS_OF, Typed::Text(as_of.to_string()));
        }
        match &answer.value {
            None => {}
            Some(AnswerValue::NotApplicable) => put(ANSWER, Typed::Text("Not applicable".into())),
            Some(AnswerValue::Unknown) => put(
                ANSWER,
                Typed::Text(question.unknown.as_ref().unwrap().label.clone()),
            ),
            Some(AnswerValue::Option(option)) => {
                put(ANSWER, Typed::Text(question.options[*option].label.clone()))
            }
            Some(AnswerValue::Integer(point)) => {
                let label = question
                    .definition
                    .scale
                    .as_ref()
                    .and_then(|scale| scale.labels.get(point))
                    .map_or_else(|| point.to_string(), |label| format!("{point} – {label}"));
                put(ANSWER, Typed::Text(label));
            }
            Some(AnswerValue::Number(amount)) => put(ANSWER, Typed::Number(*amount)),
            Some(AnswerValue::Text(text)) => put(ANSWER, Typed::Text(text.clone())),
            Some(AnswerValue::Options(chosen)) => {
                for (index, option) in question.options.iter().enumerate() {
                    let option_row =
                        rows.options[&(question.id().to_string(), option.value.clone())];
                    let choice = if chosen.contains(&index) { "Yes" } else { "No" };
                    cells.push(("Questions", option_row, ANSWER, Typed::Text(choice.into())));
                }
            }
        }
        assert!(
            matches!(
                question.kind(),
                Kind::YesNo | Kind::Choice | Kind::Multi | Kind::Scale | Kind::Number | Kind::Text
            ),
            "every kind is filled"
        );
    }
    cells
}

/// One `assess --format csv` run over `files`: each file's row without the file's name.
fn verdicts(directory: &Path, files: &[PathBuf]) -> HashMap<PathBuf, Vec<String>> {
    let mut args = vec!["assess", "--format", "csv", "--as-of", "2026-11-25"];
    let names: Vec<String> = files
        .iter()
        .map(|file| file.to_string_lossy().into_owned())
        .collect();
    args.extend(names.iter().map(String::as_str));
    let run = run_in(directory, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let file_column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|name| name == "answers_file")
        .unwrap();
    let mut rows = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let mut row: Vec<String> = record.iter().map(str::to_string).collect();
        let file = PathBuf::from(row.remove(file_column));
        rows.insert(file, row);
    }
    assert_eq!(rows.len(), files.len(), "one row per file");
    rows
}

fn load(path: &Path) -> mspcheck::load::LoadedAnswers {
    load_answers(&Catalog::default(), &path.to_string_lossy(), None).unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Makes the workbook for `example`, fills it with the example's answers, imports it and
/// checks the import's answers against the example's. Returns the three files to assess.
fn round_trip(
    folder: &Path,
    example: &Path,
    resave: Option<&dyn Fn(&Path) -> PathBuf>,
) -> [PathBuf; 3] {
    let expected = load(example);
    let questionnaire = &expected.questionnaire.questionnaire;
    let name = example.file_stem().unwrap().to_string_lossy().into_owned();
    let blank = folder.join(format!("{name}-blank.xlsx"));
    let bundled = questionnaire.origin.starts_with("<bundled:");
    let named = if bundled {
        questionnaire.id().to_string()
    } else {
        questionnaire.origin.clone()
    };
    let mut args = vec![
        "template".to_string(),
        named,
        "--format".into(),
        "xlsx".into(),
        "--output".into(),
        blank.to_string_lossy().into_owned(),
    ];
    if let Some(perspective) = expected.answers.header.perspective {
        args.extend([
            "--perspective".to_string(),
            perspective.as_str().to_string(),
        ]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let made = run_in(folder, &args);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let blank = match resave {
        Some(resave) => resave(&blank),
        None => blank,
    };
    let filled = folder.join(format!("{name}.xlsx"));
    fill(
        &blank,
        &filled,
        &cells_for(questionnaire, &expected.answers, &rows(&blank)),
    );
    let imported = folder.join(format!("{name}-imported.yaml"));
    let run = run_in(
        folder,
        &[
            "import",
            &filled.to_string_lossy(),
            "--output",
            &imported.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    let back = load(&imported);
    assert_eq!(
        back.answers.answers, expected.answers.answers,
        "{name}: same answers"
    );
    let mut header = back.answers.header.clone();
    let pinned = header.questionnaire.clone().unwrap_or_default();
    assert!(
        pinned.ends_with(&format!("@{}", questionnaire.version()))
            && (!bundled
                || pinned == format!("{}@{}", questionnaire.id(), questionnaire.version())),
        "{pinned}"
    );
    header.questionnaire = expected.answers.header.questionnaire.clone();
    assert_eq!(header, expected.answers.header, "{name}: same header");
    [example.to_path_buf(), imported, filled]
}

/// Checks that each example, its import and its workbook get the same verdict; returns the
/// examples' classes.
fn same_verdicts(folder: &Path, trips: &[[PathBuf; 3]]) -> Vec<String> {
    let files: Vec<PathBuf> = trips.iter().flatten().cloned().collect();
    let rows = verdicts(folder, &files);
    trips
        .iter()
        .map(|[example, imported, filled]| {
            let expected = &rows[example];
            assert_eq!(&rows[imported], expected, "{}: import", imported.display());
            assert_eq!(&rows[filled], expected, "{}: workbook", filled.display());
            expected[6].clone() // provider, assessor, perspective, date, questionnaire, version, classification
        })
        .collect()
}

#[test]
fn every_example_round_trips_through_a_workbook_to_the_same_verdict() {
    let folder = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    examples.sort();
    let trips: Vec<[PathBuf; 3]> = examples
        .iter()
        .map(|example| round_trip(folder.path(), example, None))
        .collect();
    for (example, class) in examples.iter().zip(same_verdicts(folder.path(), &trips)) {
        let id = load(example).questionnaire.questionnaire.id().to_string();
        seen.push((id, class));
    }
    for id in ["msp", "mssp", "quick"] {
        for class in ["amateur", "pseudo", "mature"] {
            assert!(
                seen.iter()
                    .any(|(seen_id, seen_class)| seen_id == id && seen_class == class),
                "{id} {class} is covered: {seen:?}"
            );
        }
    }
}

/// Re-saves `workbook` with LibreOffice, as a respondent's spreadsheet program would.
fn libreoffice_resave(workbook: &Path) -> PathBuf {
    let folder = workbook.parent().unwrap().join("resaved");
    std::fs::create_dir_all(&folder).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&folder)
        .arg(workbook)
        .stdin(Stdio::null())
        .output()
        .expect("soffice runs");
    let resaved = folder.join(workbook.file_name().unwrap());
    assert!(
        resaved.is_file(),
        "LibreOffice did not write {}: {}",
        resaved.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_ne!(
        std::fs::read(&resaved).unwrap(),
        std::fs::read(workbook).unwrap(),
        "the file was written anew"
    );
    resaved
}

#[test]
fn unknown_exclusive_and_na_answers_round_trip_through_a_workbook() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("extras.yaml"),
        r#"format: mspcheck/questionnaire/1
id: extras
version: 2.0.0
title: Extras
domains:
  - {id: main, title: Main, weight: 1}
questions:
  - {id: q.known, domain: main, text: "Known?", kind: yes_no, allow_unknown: true, unknown: {label: "Not sure", score: 0}}
  - id: q.tools
    domain: main
    text: Which tools?
    kind: multi
    allow_na: true
    options:
      - {value: rmm, label: "RMM, monitoring", score: 0.5}
      - {value: psa, score: 0.5}
      - {value: none, label: None of these, score: 0, exclusive: true}
  - id: q.more
    domain: main
    text: More tools?
    kind: multi
    allow_unknown: true
    options:
      - {value: a, score: 0.5}
      - {value: none, label: None of these, score: 0, exclusive: true}
  - {id: q.days, domain: main, text: Days?, kind: number, allow_unknown: true, bands: [{up_to: 7, score: 1}, {score: 0}]}
  - {id: q.scale, domain: main, text: Scale?, kind: scale, allow_na: true, scale: {min: 1, max: 3, labels: {1: low, 3: high}}}
classification:
  rules:
    - {class: amateur, if: {}}
"#,
    )
    .unwrap();
    for (name, answers) in [
        ("first", "q.known: unknown\n  q.tools: [none]\n  q.more: unknown\n  q.days: 2.5\n  q.scale: 3\n"),
        ("second", "q.known: {answer: yes, note: \"a, b; c\", verified: true}\n  q.tools: [rmm, psa]\n  q.more: []\n  q.days: unknown\n  q.scale: na\n"),
        ("third", "q.tools: na\n  q.more: [a]\n"),
    ] {
        let example = folder.path().join(format!("{name}.yaml"));
        std::fs::write(
            &example,
            format!("format: mspcheck/answers/1\nquestionnaire: extras.yaml\nprovider: P\nanswers:\n  {answers}"),
        )
        .unwrap();
        let trip = round_trip(folder.path(), &example, None);
        same_verdicts(folder.path(), &[trip]);
    }
}

#[test]
fn a_template_resaved_by_libreoffice_is_filled_and_imported() {
    let available = Command::new("soffice")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !available {
        assert!(
            std::env::var_os("MSPCHECK_SKIP_LIBREOFFICE").is_some(),
            "LibreOffice is not installed: run .ci/run, or `apt-get install libreoffice-calc`, or set MSPCHECK_SKIP_LIBREOFFICE=1"
        );
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let trip = round_trip(
        folder.path(),
        &root().join("examples/mature-msp.yaml"),
        Some(&libreoffice_resave),
    );
    assert_eq!(same_verdicts(folder.path(), &[trip]), ["mature"]);
}

#[test]
fn bad_sheets_are_refused_with_every_problem_located_by_cell() {
    let folder = tempfile::tempdir().unwrap();
    let blank = folder.path().join("q.xlsx");
    let made = run_in(folder.path(), &["template", "quick", "--output", "q.xlsx"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let rows = rows(&blank);
    let catalog = Catalog::default();
    let loaded = catalog.load_named("quick").unwrap();
    let questionnaire = &loaded.questionnaire;
    let first_choice = questionnaire
        .questions
        .iter()
        .find(|question| question.kind() == Kind::Choice && !question.definition.allow_na)
        .unwrap();
    let yes_no = questionnaire
        .questions
        .iter()
        .find(|question| question.kind() == Kind::YesNo && !question.definition.allow_na)
        .unwrap();
    let choice_row = rows.questions[first_choice.id()];
    let yes_no_row = rows.questions[yes_no.id()];
    let typo = {
        let label = &first_choice.options[0].label;
        format!("{}x", label)
    };
    let filled = folder.path().join("bad.xlsx");
    fill(
        &blank,
        &filled,
        &[
            ("Questions", choice_row, ANSWER, Typed::Text(typo.clone())),
            (
                "Questions",
                yes_no_row,
                ANSWER,
                Typed::Text("Not applicable".into()),
            ),
            (
                "Questions",
                yes_no_row,
                VERIFIED,
                Typed::Text("perhaps".into()),
            ),
            (
                "Questions",
                choice_row,
                AS_OF,
                Typed::Text("last week".into()),
            ),
            ("Instructions", 4, 1, Typed::Text("22/11/2026".into())),
            // The hidden sheet's perspective, edited: one problem among the others.
            ("mspcheck", 5, 1, Typed::Text("boss".into())),
        ],
    );
    std::fs::write(folder.path().join("kept.yaml"), "mine\n").unwrap();
    let run = run_in(
        folder.path(),
        &["import", "bad.xlsx", "--output", "out.yaml"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let cell = |column: &str, row: u32| format!("bad.xlsx:Questions!{column}{}: error:", row + 1);
    for expected in [
        format!(
            "{} `{typo}` is not an answer to `{}` [value-not-allowed]",
            cell("D", choice_row),
            first_choice.id()
        ),
        format!("did you mean `{}`?", first_choice.options[0].label),
        format!(
            "{} `{}` does not accept `na` [na-not-allowed]",
            cell("D", yes_no_row),
            yes_no.id()
        ),
        format!(
            "{} `perhaps` is not Yes or No (verified) [value-not-allowed]",
            cell("G", yes_no_row)
        ),
        format!(
            "{} `last week` is not a date [wrong-type]",
            cell("H", choice_row)
        ),
        "bad.xlsx:Instructions!B5: error: `22/11/2026` is not a date [wrong-type]".to_string(),
        "bad.xlsx:mspcheck!B6: error: `boss` is not a valid `perspective` [value-not-allowed]"
            .to_string(),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        !folder.path().join("out.yaml").exists(),
        "nothing is written on error"
    );
    let same = run_in(folder.path(), &["assess", "bad.xlsx"]);
    assert_eq!(same.code, 2);
    assert!(same.stderr.contains("[na-not-allowed]"), "{}", same.stderr);

    // A good sheet never replaces an existing file without --force.
    let refused = run_in(
        folder.path(),
        &["import", "q.xlsx", "--output", "kept.yaml"],
    );
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("[output-exists]"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read_to_string(folder.path().join("kept.yaml")).unwrap(),
        "mine\n"
    );
    let forced = run_in(
        folder.path(),
        &["import", "q.xlsx", "--output", "kept.yaml", "--force"],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(std::fs::read_to_string(folder.path().join("kept.yaml"))
        .unwrap()
        .contains("questionnaire: quick@"));
}

#[test]
fn a_sheet_for_another_version_is_refused_naming_both() {
    let folder = tempfile::tempdir().unwrap();
    let made = run_in(
        folder.path(),
        &[
            "template", "quick", "--format", "xlsx", "--output", "q.xlsx",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let blank = folder.path().join("q.xlsx");
    let old = folder.path().join("old.xlsx");
    fill(
        &blank,
        &old,
        &[("mspcheck", 3, 1, Typed::Text("0.9.0".into()))],
    );
    let run = run_in(folder.path(), &["import", "old.xlsx", "--output", "a.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let version = Catalog::default()
        .load_named("quick")
        .unwrap()
        .questionnaire
        .version()
        .to_string();
    assert!(
        run.stderr.contains(&format!(
            "old.xlsx:mspcheck!B4: error: this sheet was made for questionnaire `quick` version 0.9.0, but the questionnaire is `quick` version {version} [version-mismatch]"
        )),
        "{}",
        run.stderr
    );
    assert!(!folder.path().join("a.yaml").exists());
    let changed = folder.path().join("changed.xlsx");
    fill(
        &blank,
        &changed,
        &[("mspcheck", 4, 1, Typed::Text("0".repeat(64)))],
    );
    let run = run_in(
        folder.path(),
        &["import", "changed.xlsx", "--output", "b.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("changed.xlsx:mspcheck!B5: warning: questionnaire `quick`")
            && run.stderr.contains("has changed since this sheet was made"),
        "{}",
        run.stderr
    );
    let not_ours = folder.path().join("plain.xlsx");
    std::fs::write(&not_ours, b"PK\x03\x04 not really").unwrap();
    let run = run_in(folder.path(), &["validate", "plain.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[unknown-format]"), "{}", run.stderr);
}

#[test]
fn the_xlsx_report_has_a_sheet_per_part_with_numbers_as_numbers() {
    let folder = tempfile::tempdir().unwrap();
    let mature = root().join("examples/mature-msp.yaml");
    let amateur = root().join("examples/amateur-msp.yaml");
    let files = [
        mature.to_string_lossy().into_owned(),
        amateur.to_string_lossy().into_owned(),
    ];
    let run = run_in(
        folder.path(),
        &["assess", &files[0], &files[1], "--output", "report.xlsx"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run_in(
        folder.path(),
        &["assess", "--format", "json", &files[0], &files[1]],
    );
    let reports: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(folder.path().join("report.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Domains", "Red flags", "Roadmap", "Answers"]
    );
    let summary = book.worksheet_range("Summary").unwrap();
    for (row, report) in reports.iter().enumerate() {
        let row = row as u32 + 1;
        assert_eq!(
            summary.get_value((row, 0)),
            Some(&Data::String(
                report["provider"].as_str().unwrap().to_string()
            ))
        );
        assert_eq!(
            summary.get_value((row, 7)),
            Some(&Data::String(
                report["classification"].as_str().unwrap().to_string()
            ))
        );
        let Some(Data::Float(score)) = summary.get_value((row, 9)) else {
            panic!("the score is a number: {:?}", summary.get_value((row, 9)));
        };
        assert!((score - report["score"].as_f64().unwrap()).abs() < 1e-9);
        assert_eq!(
            summary.get_value((row, 12)),
            Some(&Data::Float(
                report["red_flags"].as_array().unwrap().len() as f64
            ))
        );
    }
    let count = |book: &mut Xlsx<_>, name: &str| book.worksheet_range(name).unwrap().height() - 1;
    let domains: usize = reports
        .iter()
        .map(|report| report["domains"].as_array().unwrap().len())
        .sum();
    assert_eq!(count(&mut book, "Domains"), domains);
    let flags: usize = reports
        .iter()
        .map(|report| report["red_flags"].as_array().unwrap().len())
        .sum();
    assert!(flags > 0);
    assert_eq!(count(&mut book, "Red flags"), flags);
    let steps: usize = reports
        .iter()
        .map(|report| report["roadmap"].as_array().unwrap().len())
        .sum();
    assert_eq!(count(&mut book, "Roadmap"), steps);
    let answers = book.worksheet_range("Answers").unwrap();
    let evidence = reports[0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|answer| answer["evidence"].as_str())
        .unwrap();
    assert!(
        answers
            .rows()
            .any(|row| row.get(8) == Some(&Data::String(evidence.to_string()))),
        "answers carry their evidence"
    );
    let compared = run_in(
        folder.path(),
        &["compare", &files[0], &files[1], "--output", "ranking.xlsx"],
    );
    assert_eq!(compared.code, 0, "{}", compared.stderr);
    let mut ranking: Xlsx<_> = calamine::open_workbook(folder.path().join("ranking.xlsx")).unwrap();
    let sheet = ranking.worksheet_range("Ranking").unwrap();
    assert_eq!(
        sheet.get_value((1, 0)),
        Some(&Data::Float(1.0)),
        "ranks are numbers"
    );
}

/// Issue #18: free text, context questions and refs through a workbook. The template has a
/// `Ref` column; text answers (numbers typed in a text cell included) come back as written;
/// a row whose id cell is empty or unknown is matched by its ref.
#[test]
fn text_answers_and_refs_round_trip_through_a_workbook() {
    let folder = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/fields");
    for name in ["questionnaire.yaml", "pseudo.yaml"] {
        std::fs::copy(fixtures.join(name), folder.path().join(name)).unwrap();
    }
    let trip = round_trip(folder.path(), &folder.path().join("pseudo.yaml"), None);
    same_verdicts(folder.path(), &[trip]);

    let blank = folder.path().join("pseudo-blank.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&blank).unwrap();
    let range = book.worksheet_range("Questions").unwrap();
    assert_eq!(range.get_value((0, 13)), Some(&Data::String("Ref".into())));
    let found = rows(&blank);
    let row_of = |id: &str| found.questions[id];
    assert_eq!(
        range.get_value((row_of("app.upload_checks"), 13)),
        Some(&Data::String("A&A-01.1".into()))
    );
    let filled = folder.path().join("by-ref.xlsx");
    fill(
        &blank,
        &filled,
        &[
            ("Instructions", 2, 1, Typed::Text("By Ref Ltd".into())),
            // The id cell emptied: matched by the ref.
            (
                "Questions",
                row_of("app.tls_review"),
                0,
                Typed::Text(String::new()),
            ),
            (
                "Questions",
                row_of("app.tls_review"),
                ANSWER,
                Typed::Text("annually".into()),
            ),
            // An id the questionnaire does not know: matched by the ref too.
            (
                "Questions",
                row_of("app.name"),
                0,
                Typed::Text("APP-01".into()),
            ),
            (
                "Questions",
                row_of("app.name"),
                ANSWER,
                Typed::Number(2026.0),
            ),
            (
                "Questions",
                row_of("app.standard"),
                ANSWER,
                Typed::Text("  ".into()),
            ),
        ],
    );
    let loaded = load(&filled);
    let questionnaire = &loaded.questionnaire.questionnaire;
    let value = |id: &str| {
        loaded.answers.answers[questionnaire.question_index(id).unwrap()]
            .value
            .clone()
    };
    assert_eq!(value("app.tls_review"), Some(AnswerValue::Option(1)));
    assert_eq!(value("app.name"), Some(AnswerValue::Text("2026".into())));
    assert_eq!(
        value("app.standard"),
        None,
        "a blank text cell is no answer"
    );
}
