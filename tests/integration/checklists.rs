//! The coverage statement (`docs/questionnaires/official-checklists.md`) is a claim about the
//! bundled questionnaires, so it is checked against them: every question id it names exists
//! in the questionnaire of its column, every mark is well formed, and the summary counts are
//! the counts of the tables.

use std::collections::{BTreeMap, HashSet};

use mspcheck::load::Catalog;

use super::support::root;

const QUESTIONNAIRES: [&str; 3] = ["quick", "msp", "mssp"];

fn statement() -> String {
    std::fs::read_to_string(root().join("docs/questionnaires/official-checklists.md")).unwrap()
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|cell| cell.trim().to_string())
        .collect()
}

/// The backticked question ids of a cell, in order.
fn ids(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

struct Item {
    id: String,
    kind: String,
    /// Per questionnaire: `yes`, `part` or `—`, and the question ids named.
    marks: BTreeMap<&'static str, (String, Vec<String>)>,
}

/// The rows of every item table (header `| id | kind | item | `quick` | `msp` | `mssp` |`).
fn items(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.starts_with("| id | kind | item |") {
            assert_eq!(
                cells(line)[3..],
                ["`quick`", "`msp`", "`mssp`"],
                "column order: {line}"
            );
            in_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        if !in_table || line.starts_with("|---") {
            continue;
        }
        let row = cells(line);
        assert_eq!(row.len(), 6, "six cells: {line}");
        let mut marks = BTreeMap::new();
        for (position, questionnaire) in QUESTIONNAIRES.iter().enumerate() {
            let cell = &row[3 + position];
            let level = cell.split(':').next().unwrap().trim().to_string();
            marks.insert(*questionnaire, (level, ids(cell)));
        }
        items.push(Item {
            id: row[0].clone(),
            kind: row[1].clone(),
            marks,
        });
    }
    items
}

#[test]
fn every_question_the_coverage_statement_names_exists_and_every_mark_is_well_formed() {
    let text = statement();
    let items = items(&text);
    assert!(items.len() >= 50, "{} items", items.len());
    let catalog = Catalog::default();
    let mut seen = HashSet::new();
    for item in &items {
        assert!(seen.insert(item.id.clone()), "`{}` repeats", item.id);
        assert!(
            item.kind == "provider" || item.kind == "client",
            "{}: kind `{}`",
            item.id,
            item.kind
        );
        for (questionnaire, (level, named)) in &item.marks {
            let loaded = catalog.load_named(questionnaire).unwrap();
            match level.as_str() {
                "yes" | "part" => assert!(
                    !named.is_empty(),
                    "{} {questionnaire}: `{level}` names no question",
                    item.id
                ),
                "—" => assert!(
                    named.is_empty(),
                    "{} {questionnaire}: `—` names questions",
                    item.id
                ),
                other => panic!("{} {questionnaire}: unknown mark `{other}`", item.id),
            }
            for id in named {
                assert!(
                    loaded.questionnaire.question_index(id).is_some(),
                    "{}: `{id}` is not a question of `{questionnaire}`",
                    item.id
                );
            }
        }
    }
    // The table of what the advisories put first names `quick` questions only.
    let quick = catalog.load_named("quick").unwrap();
    let mut first = 0;
    for line in text.lines().filter(|line| line.starts_with("| ")) {
        let row = cells(line);
        if row.len() == 3 && row[0].parse::<u32>().is_ok() {
            first += 1;
            for id in ids(&row[2]) {
                assert!(
                    quick.questionnaire.question_index(&id).is_some(),
                    "item {}: `{id}` is not a question of `quick`",
                    row[0]
                );
            }
        }
    }
    assert_eq!(first, 11, "issue 17's items 1-11 are all listed");
}

#[test]
fn the_coverage_summary_counts_what_the_tables_say() {
    let text = statement();
    let items = items(&text);
    for questionnaire in QUESTIONNAIRES {
        let count = |level: &str, provider_only: bool| {
            items
                .iter()
                .filter(|item| !provider_only || item.kind == "provider")
                .filter(|item| item.marks[questionnaire].0 == level)
                .count()
        };
        let (yes, part, none) = (count("yes", false), count("part", false), count("—", false));
        let share = (100.0 * (yes + part) as f64 / items.len() as f64).round();
        let row = format!(
            "| `{questionnaire}` | {} | {yes} | {part} | {none} | {share}% |",
            items.len()
        );
        assert!(text.contains(&row), "the summary has `{row}`");
        let provider = format!(
            "`{questionnaire}` {}{} {}{}",
            if questionnaire == "quick" {
                "gives evidence on "
            } else {
                "on "
            },
            count("yes", true),
            if questionnaire == "quick" {
                "outright and "
            } else {
                "and "
            },
            count("part", true),
        );
        assert!(
            text.replace('\n', " ").contains(&provider),
            "the summary says `{provider}`"
        );
    }
}
