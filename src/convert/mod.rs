//! `mspcheck convert`: a questionnaire written in another format becomes an mspcheck
//! questionnaire skeleton, with a record of how each source item came across (faithfully,
//! approximately and why, or not at all). The one source format so far is the JSON of
//! Google's open-source VSAQ (Vendor Security Assessment Questionnaire), with its
//! extension templates.
//!
//! The skeleton is YAML text that uses the questionnaire format's #18 fields (`kind: text`,
//! `scored: false`, per-option `remediation` and `severity`, `ref`, `flags:`, compound
//! `when`); this module does not depend on the model's types, and the tests check its output
//! with `mspcheck validate`.

mod build;
mod cond;
mod html;
mod json;
mod skeleton;
mod vsaq;

pub use build::{ItemRecord, Status};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::source::Source;

/// A finished conversion.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The questionnaire file's text.
    pub yaml: String,
    /// Every source item, in document order (extension items where they were inserted).
    pub items: Vec<Record>,
}

/// One source item's record, located.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Record {
    /// Where the item starts in its file.
    #[serde(serialize_with = "location_text")]
    pub location: Location,
    /// How it came across and where it went.
    #[serde(flatten)]
    pub item: ItemRecord,
}

fn location_text<S: serde::Serializer>(
    location: &Location,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&location.to_string())
}

impl Conversion {
    /// How many items came across faithfully, approximately and not at all.
    pub fn counts(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for record in &self.items {
            counts[match record.item.status {
                Status::Faithful => 0,
                Status::Approximate => 1,
                Status::NotCarried => 2,
            }] += 1;
        }
        counts
    }
}

/// Converts a VSAQ questionnaire (and any extension templates, inserted as VSAQ inserts
/// them). `id` is the questionnaire id to write (default: from the base file's name).
pub fn convert(
    base: &Source,
    extensions: &[Source],
    id: Option<&str>,
) -> Result<Conversion, Vec<Diagnostic>> {
    let sources: Vec<&Source> = std::iter::once(base).chain(extensions).collect();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let parsed = match json::parse(&source.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                problems.push(
                    Diagnostic::error(
                        Code::JsonSyntax,
                        format!("this is not VSAQ JSON: {}", error.message),
                    )
                    .at(locate(source, error.offset))
                    .with_help(error.help.unwrap_or_else(|| {
                        "VSAQ files are JSON, with `//` comments and `\"a\" + \"b\"` strings allowed".into()
                    })),
                );
                continue;
            }
        };
        match vsaq::read(&parsed) {
            Ok(mut file) => {
                if index > 0 {
                    mark_file(&mut file, index);
                }
                files.push((index, file));
            }
            Err(found) => problems.extend(found.into_iter().map(|problem| {
                let code = if problem.unknown_type {
                    Code::UnknownItemType
                } else {
                    Code::InvalidVsaq
                };
                let diagnostic =
                    Diagnostic::error(code, problem.message).at(locate(source, problem.offset));
                match problem.help {
                    Some(help) => diagnostic.with_help(help),
                    None => diagnostic,
                }
            })),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut files = files.into_iter();
    let Some((_, mut base_file)) = files.next() else {
        return Err(problems);
    };
    let mut standalone = Vec::new();
    if base_file.items.is_empty() && !base_file.extensions.is_empty() {
        // An extension template on its own: its items convert without a base to go into.
        let namespace = base_file.namespace.clone();
        for extension in std::mem::take(&mut base_file.extensions) {
            let mut item = extension.item;
            if let Some(namespace) = &namespace {
                add_namespace(&mut item, namespace);
            }
            if let Some((target, after)) = &extension.target {
                standalone.push((item.offset, target.clone(), *after));
            }
            base_file.items.push(item);
        }
    } else if !base_file.extensions.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::InvalidVsaq,
                "the file has both a `questionnaire` and `extensions`",
            )
            .at(base.start())
            .with_help("give the extension template separately, with `--extension FILE`"),
        );
    }
    for (index, file) in files {
        let source = sources[index];
        if file.extensions.is_empty() {
            problems.push(
                Diagnostic::error(
                    Code::InvalidVsaq,
                    "an `--extension` file must be a VSAQ extension template (an `extensions` list)",
                )
                .at(source.start())
                .with_help("give a whole questionnaire as the FILE argument instead"),
            );
            continue;
        }
        if file.version != base_file.version {
            problems.push(
                Diagnostic::error(
                    Code::InvalidVsaq,
                    format!(
                        "the extension's `version` ({}) is not the base questionnaire's ({}); VSAQ refuses to combine them",
                        file.version.as_deref().unwrap_or("none"),
                        base_file.version.as_deref().unwrap_or("none")
                    ),
                )
                .at(source.start()),
            );
            continue;
        }
        for extension in file.extensions {
            let mut item = extension.item;
            if let Some(namespace) = &file.namespace {
                add_namespace(&mut item, namespace);
            }
            let Some((target, after)) = extension.target else {
                continue;
            };
            let offset = item.offset & ((1 << build::FILE_SHIFT) - 1);
            if !insert(&mut base_file.items, &mut Some(item), &target, after) {
                problems.push(
                    Diagnostic::error(
                        Code::InvalidVsaq,
                        format!("the extension's target `{target}` is no item of the base questionnaire"),
                    )
                    .at(locate(source, offset))
                    .with_help("`insertBefore` and `insertAfter` name the `id` of an item of the base file"),
                );
            }
        }
    }
    if problems.is_empty() {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        duplicate_ids(&base_file.items, &mut seen, &mut |id, offset| {
            let file = offset >> build::FILE_SHIFT;
            problems.push(
                Diagnostic::error(Code::InvalidVsaq, format!("the id `{id}` is used twice"))
                    .at(locate(sources[file], offset & ((1 << build::FILE_SHIFT) - 1)))
                    .with_help("VSAQ refuses a questionnaire whose items or choices share an id; rename one"),
            );
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let stem = base
        .path
        .as_deref()
        .and_then(|path| path.file_stem())
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "converted".into());
    let questionnaire_id = match id {
        Some(id) => id.to_string(),
        None => {
            let id = build::slug(&stem, &['-']).replace('_', "-");
            if id.is_empty() {
                "converted".into()
            } else {
                id
            }
        }
    };
    let built = build::build(&base_file.items, &stem);
    let names: Vec<String> = sources
        .iter()
        .map(|source| {
            source
                .path
                .as_deref()
                .and_then(|path| path.file_name())
                .map_or_else(
                    || source.name.clone(),
                    |name| name.to_string_lossy().into_owned(),
                )
        })
        .collect();
    let licence = json::leading_comments(&base.text);
    let yaml = skeleton::render(
        &built.skeleton,
        &skeleton::Header {
            id: &questionnaire_id,
            sources: &names,
            licence: &licence,
        },
    );
    let mut items: Vec<Record> = built
        .records
        .into_iter()
        .map(|mut item| {
            if let Some((_, target, after)) = standalone.iter().find(|(offset, _, _)| *offset == item.offset) {
                item.status = item.status.max(Status::Approximate);
                item.reasons.push(format!(
                    "it goes {} `{target}` of a base questionnaire that was not given; convert the base with `--extension` to place it",
                    if *after { "after" } else { "before" }
                ));
            }
            Record {
                location: locate(sources[item.file], item.offset),
                item,
            }
        })
        .collect();
    items.sort_by_key(|record| (record.item.file, record.item.offset));
    Ok(Conversion { yaml, items })
}

fn locate(source: &Source, offset: usize) -> Location {
    let (line, column) = json::line_column(&source.text, offset);
    source.location(line, column)
}

/// Calls `found` for each item or choice id already used by an earlier one (VSAQ keeps
/// one namespace for both).
fn duplicate_ids(
    items: &[vsaq::Item],
    seen: &mut std::collections::HashMap<String, usize>,
    found: &mut dyn FnMut(&str, usize),
) {
    for item in items {
        if let Some(id) = &item.id {
            if seen.insert(id.clone(), item.offset).is_some() {
                found(id, item.offset);
            }
        }
        match &item.kind {
            vsaq::Kind::Block { items } => duplicate_ids(items, seen, found),
            vsaq::Kind::Radiogroup { choices, .. } | vsaq::Kind::Checkgroup { choices, .. } => {
                for choice in choices {
                    if seen.insert(choice.id.clone(), item.offset).is_some() {
                        found(&choice.id, item.offset);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Marks every item of an extension file with its file index (in the offset's high bits).
fn mark_file(file: &mut vsaq::File, index: usize) {
    fn mark(item: &mut vsaq::Item, index: usize) {
        item.offset |= index << build::FILE_SHIFT;
        if let vsaq::Kind::Block { items } = &mut item.kind {
            for child in items {
                mark(child, index);
            }
        }
    }
    for item in &mut file.items {
        mark(item, index);
    }
    for extension in &mut file.extensions {
        mark(&mut extension.item, index);
    }
}

/// VSAQ prefixes an extension's ids (and its choices' ids) with `namespace:`.
fn add_namespace(item: &mut vsaq::Item, namespace: &str) {
    if let Some(id) = &mut item.id {
        *id = format!("{namespace}:{id}");
    }
    match &mut item.kind {
        vsaq::Kind::Block { items } => {
            for child in items {
                add_namespace(child, namespace);
            }
        }
        vsaq::Kind::Radiogroup { choices, .. } | vsaq::Kind::Checkgroup { choices, .. } => {
            for choice in choices {
                choice.id = format!("{namespace}:{}", choice.id);
            }
        }
        _ => {}
    }
}

/// Inserts the item in `slot` before or after the item with id `target`, searching depth
/// first as VSAQ does; the slot keeps the item when there is no such target.
fn insert(
    items: &mut Vec<vsaq::Item>,
    slot: &mut Option<vsaq::Item>,
    target: &str,
    after: bool,
) -> bool {
    if let Some(position) = items
        .iter()
        .position(|other| other.id.as_deref() == Some(target))
    {
        if let Some(item) = slot.take() {
            items.insert(if after { position + 1 } else { position }, item);
        }
        return true;
    }
    items.iter_mut().any(|other| match &mut other.kind {
        vsaq::Kind::Block { items: children } => insert(children, slot, target, after),
        _ => false,
    })
}

/// The one-line summary: how many items came across how.
pub fn summary(conversion: &Conversion, name: &str) -> String {
    let [faithful, approximate, not_carried] = conversion.counts();
    let total = faithful + approximate + not_carried;
    let share = |count: usize| {
        if total == 0 {
            0.0
        } else {
            100.0 * count as f64 / total as f64
        }
    };
    format!(
        "{name}: {total} VSAQ items: {faithful} carried faithfully ({:.1}%), {approximate} approximately ({:.1}%), {not_carried} not at all ({:.1}%)",
        share(faithful),
        share(approximate),
        share(not_carried)
    )
}

/// One line per item carried approximately or not at all, with its location, id and why.
pub fn approximations(conversion: &Conversion) -> Vec<String> {
    conversion
        .items
        .iter()
        .filter(|record| record.item.status != Status::Faithful)
        .map(|record| {
            let what = match record.item.status {
                Status::NotCarried => "not carried",
                _ => "approximate",
            };
            format!(
                "{}: {what}: {}: {}",
                record.location,
                describe(&record.item),
                record.item.reasons.join("; ")
            )
        })
        .collect()
}

fn describe(item: &ItemRecord) -> String {
    match &item.id {
        Some(id) => format!("{} `{id}`", item.type_name),
        None => item.type_name.clone(),
    }
}

/// The full report: the summary, then every item with where it went.
pub fn report_text(conversion: &Conversion, name: &str) -> String {
    let mut out = String::new();
    out.push_str(&summary(conversion, name));
    out.push_str("\n\n");
    for record in &conversion.items {
        let status = match record.item.status {
            Status::Faithful => "faithful",
            Status::Approximate => "approximate",
            Status::NotCarried => "not carried",
        };
        out.push_str(&format!(
            "{}: {status}: {}",
            record.location,
            describe(&record.item)
        ));
        if !record.item.carried_as.is_empty() {
            out.push_str(&format!(" → {}", record.item.carried_as.join(", ")));
        }
        out.push('\n');
        for reason in &record.item.reasons {
            out.push_str(&format!("    {reason}\n"));
        }
    }
    out
}

/// The full report as JSON: `summary` counts and `items`.
pub fn report_json(conversion: &Conversion, name: &str) -> String {
    let [faithful, approximate, not_carried] = conversion.counts();
    let value = serde_json::json!({
        "format": "mspcheck/convert-report/1",
        "source": name,
        "summary": {
            "items": faithful + approximate + not_carried,
            "faithful": faithful,
            "approximate": approximate,
            "not_carried": not_carried,
        },
        "items": conversion.items,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY_ITEM: &str = include_str!("../../tests/fixtures/vsaq/every-item.json");

    fn source(name: &str, text: &str) -> Source {
        Source::from_bytes(name.into(), None, text.as_bytes()).unwrap()
    }

    #[test]
    fn every_truncation_and_damaged_copy_is_refused_or_converted_without_a_panic() {
        let mut converted = 0;
        // Every prefix would take long in a debug build: every 5th, and the last 40.
        let ends = (0..=EVERY_ITEM.len())
            .filter(|end| end % 5 == 0 || *end + 40 >= EVERY_ITEM.len())
            .filter(|end| EVERY_ITEM.is_char_boundary(*end));
        for end in ends {
            if convert(&source("f.json", &EVERY_ITEM[..end]), &[], None).is_ok() {
                converted += 1;
            }
        }
        // Only the whole file (and the whole file without its last newline) is VSAQ.
        assert_eq!(converted, 2);
        // Every third structural character swapped for `}` or `"`.
        let structural = EVERY_ITEM
            .char_indices()
            .filter(|(_, c)| "{}[]\":,!&|()".contains(*c));
        for (count, (at, character)) in structural.enumerate().filter(|(count, _)| count % 3 == 0) {
            let replacement = if count % 2 == 0 { '}' } else { '"' };
            {
                let mut damaged = EVERY_ITEM.to_string();
                damaged.replace_range(at..at + character.len_utf8(), &replacement.to_string());
                let _ = convert(&source("f.json", &damaged), &[], None);
            }
        }
    }

    #[test]
    fn an_extension_template_alone_converts_with_its_items_not_placed() {
        let extension = include_str!("../../tests/fixtures/vsaq/every-item-extension.json");
        let conversion = convert(&source("ext.json", extension), &[], None).unwrap();
        assert!(
            conversion.yaml.contains("id: acme.escrow"),
            "{}",
            conversion.yaml
        );
        let unplaced: Vec<&Record> = conversion
            .items
            .iter()
            .filter(|record| {
                record
                    .item
                    .reasons
                    .iter()
                    .any(|reason| reason.contains("base questionnaire that was not given"))
            })
            .collect();
        assert_eq!(unplaced.len(), 2);
        assert_eq!(unplaced[0].location.to_string(), "ext.json:6:5");
    }

    #[test]
    fn refuses_extensions_that_do_not_fit_the_base() {
        let base = source("base.json", EVERY_ITEM);
        let wrong_version = source(
            "ext.json",
            r#"{"version": 2, "extensions": [{"type": "line", "id": "x", "text": "X", "insertAfter": "service_name"}]}"#,
        );
        let problems = convert(&base, &[wrong_version], None).unwrap_err();
        assert!(problems[0].message.contains("`version`"), "{problems:?}");
        let no_target = source(
            "ext.json",
            r#"{"version": 1, "extensions": [{"type": "line", "id": "x", "text": "X", "insertAfter": "nowhere"}]}"#,
        );
        let problems = convert(&base, &[no_target], None).unwrap_err();
        assert_eq!(problems[0].to_string().lines().next().unwrap(), "ext.json:1:31: error: the extension's target `nowhere` is no item of the base questionnaire [invalid-vsaq]");
        let clash = source(
            "ext.json",
            r#"{"version": 1, "extensions": [{"type": "line", "id": "service_name", "text": "X", "insertAfter": "service_name"}]}"#,
        );
        let problems = convert(&base, &[clash], None).unwrap_err();
        assert!(problems[0].message.contains("used twice"), "{problems:?}");
    }
}
