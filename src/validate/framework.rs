//! Framework catalogues checked, and a questionnaire's `maps:` resolved against them: every
//! framework and control id named must exist (with a "did you mean" when it does not), so
//! that the posture view never counts a typo as a control.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostic::{did_you_mean, expected_one_of, Code, Diagnostic};
use crate::model::framework::{Control, FrameworkFile, Maps, Relation, Section, FORMAT};
use crate::model::questionnaire::Kind;
use crate::yaml::{index, key, Document, Segment};

use super::questionnaire::{yes_no_token, WrittenLinks};
use super::{is_identifier, ValidQuestion};

/// A checked framework catalogue.
#[derive(Debug, Clone)]
pub struct Framework {
    /// The catalogue as written.
    pub definition: FrameworkFile,
    /// Where it came from (`<bundled:csf2>` or a path).
    pub origin: String,
    control_index: HashMap<String, usize>,
}

impl Framework {
    /// Its id.
    pub fn id(&self) -> &str {
        &self.definition.id
    }

    /// Its controls, in catalogue order.
    pub fn controls(&self) -> &[Control] {
        &self.definition.controls
    }

    /// What its controls are called (`subcategories`), default `controls`.
    pub fn noun(&self) -> &str {
        self.definition.noun.as_deref().unwrap_or("controls")
    }

    /// The position of the control with this id.
    pub fn control_index(&self, id: &str) -> Option<usize> {
        self.control_index.get(id).copied()
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.definition
            .sections
            .iter()
            .find(|section| section.id == id)
    }

    /// The name shown for a control: its title, else its description, else nothing.
    pub fn control_label(&self, control: usize) -> Option<&str> {
        let control = &self.definition.controls[control];
        control.title.as_deref().or(control.description.as_deref())
    }

    /// Warning once the catalogue's `review_by` has passed by `today`.
    pub fn review_warning(&self, today: NaiveDate) -> Option<Diagnostic> {
        let due = self.definition.review_by?;
        (due < today).then(|| {
            Diagnostic::warning(
                Code::ReviewOverdue,
                format!(
                    "framework catalogue `{}` was due for review on {due}: the framework may have changed",
                    self.id()
                ),
            )
            .with_help(format!("check `{}` against the framework's current publication", self.origin))
        })
    }
}

/// Checks a parsed framework catalogue; every problem found is returned.
pub fn check(document: &Document) -> Result<Framework, Vec<Diagnostic>> {
    let format_path = key(&[], "format");
    match document
        .node(&format_path)
        .and_then(|format| format.as_str())
    {
        Some(FORMAT) => {}
        other => {
            let message = match other {
                Some(found) => format!("unknown format `{found}`"),
                None => "missing required key `format`".to_string(),
            };
            return Err(vec![Diagnostic::error(
                if other.is_some() {
                    Code::UnknownFormat
                } else {
                    Code::MissingField
                },
                message,
            )
            .at(document.value_location(&format_path))
            .with_help(format!(
                "a framework catalogue starts with `format: {FORMAT}`"
            ))]);
        }
    }
    let file: FrameworkFile = document
        .deserialize(&[])
        .map_err(|diagnostic| vec![diagnostic])?;
    let mut diagnostics = Vec::new();
    let mut error = |code: Code, message: String, path: &[Segment], help: Option<String>| {
        let mut diagnostic = Diagnostic::error(code, message).at(document.value_location(path));
        diagnostic.help = help;
        diagnostics.push(diagnostic);
    };
    if !is_identifier(&file.id, &['-', '.']) {
        error(
            Code::InvalidId,
            format!("framework id `{}` is not valid", file.id),
            &key(&[], "id"),
            Some("use lowercase letters, digits, `-` and `.`, e.g. `my-baseline`".into()),
        );
    }
    let sections_path = key(&[], "sections");
    let section_ids: Vec<&str> = file
        .sections
        .iter()
        .map(|section| section.id.as_str())
        .collect();
    let mut seen_sections = HashSet::new();
    for (position, section) in file.sections.iter().enumerate() {
        let path = index(&sections_path, position);
        if !seen_sections.insert(section.id.as_str()) {
            error(
                Code::DuplicateId,
                format!("section id `{}` is used twice", section.id),
                &key(&path, "id"),
                None,
            );
        }
        if let Some(parent) = &section.parent {
            if !section_ids.contains(&parent.as_str()) || parent == &section.id {
                error(
                    Code::UnknownControl,
                    format!(
                        "section `{}` names parent `{parent}`, which is no other section",
                        section.id
                    ),
                    &key(&path, "parent"),
                    did_you_mean(parent, section_ids.iter().copied()),
                );
            }
        }
    }
    let controls_path = key(&[], "controls");
    if file.controls.is_empty() {
        error(
            Code::MissingField,
            "the catalogue has no controls".into(),
            &controls_path,
            Some("list at least one control: `controls: [{ id: A.1 }]`".into()),
        );
    }
    let mut control_index = HashMap::new();
    for (position, control) in file.controls.iter().enumerate() {
        let path = index(&controls_path, position);
        if control.id.is_empty() || control.id.chars().any(char::is_whitespace) {
            error(
                Code::InvalidId,
                format!("control id `{}` is empty or holds spaces", control.id),
                &key(&path, "id"),
                None,
            );
        }
        if control_index.insert(control.id.clone(), position).is_some() {
            error(
                Code::DuplicateId,
                format!("control id `{}` is used twice", control.id),
                &key(&path, "id"),
                Some("control ids must be unique within a catalogue".into()),
            );
        }
        if let Some(parent) = &control.parent {
            if !section_ids.contains(&parent.as_str()) {
                let help = did_you_mean(parent, section_ids.iter().copied()).unwrap_or_else(|| {
                    if section_ids.is_empty() {
                        "declare it under `sections:`".into()
                    } else {
                        expected_one_of(section_ids.iter().copied())
                    }
                });
                error(
                    Code::UnknownControl,
                    format!(
                        "control `{}` names section `{parent}`, which does not exist",
                        control.id
                    ),
                    &key(&path, "parent"),
                    Some(help),
                );
            }
        }
    }
    if !diagnostics.is_empty() {
        crate::diagnostic::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    Ok(Framework {
        definition: file,
        origin: document.source.name.clone(),
        control_index,
    })
}

/// The frameworks a questionnaire's `maps:` may name: the bundled ones and any of the user's.
#[derive(Debug, Clone, Default)]
pub struct FrameworkSet {
    frameworks: Vec<Arc<Framework>>,
}

impl FrameworkSet {
    /// A set of these frameworks, in order.
    pub fn new(frameworks: Vec<Arc<Framework>>) -> FrameworkSet {
        FrameworkSet { frameworks }
    }

    /// Every framework, in order.
    pub fn all(&self) -> &[Arc<Framework>] {
        &self.frameworks
    }

    /// The position of the framework with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.frameworks
            .iter()
            .position(|framework| framework.id() == id)
    }

    /// The framework with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Framework>> {
        self.position(id).map(|position| &self.frameworks[position])
    }

    /// Every framework id, for suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.frameworks.iter().map(|framework| framework.id())
    }
}

/// One resolved mapping: a question (or one of its answers) gives evidence about a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Index of the question.
    pub question: usize,
    /// Index of the option (for `number`: of the band) whose choice meets the control;
    /// `None` for the whole question, whose answer score then says how well.
    pub option: Option<usize>,
    /// Index of the framework in the set.
    pub framework: usize,
    /// Index of the control in its framework.
    pub control: usize,
    /// `supports` or `partial`.
    pub relation: Relation,
}

/// A questionnaire's mappings, resolved.
#[derive(Debug, Clone, Default)]
pub struct Mappings {
    /// The frameworks available to it.
    pub frameworks: FrameworkSet,
    /// Every mapping, in question order.
    pub links: Vec<Link>,
}

impl Mappings {
    /// The frameworks some question or option maps to, in set order.
    pub fn mapped_frameworks(&self) -> Vec<usize> {
        let mut used: Vec<usize> = self.links.iter().map(|link| link.framework).collect();
        used.sort_unstable();
        used.dedup();
        used
    }
}

/// Resolves the `maps:` of every question, option and band against `frameworks`. `written`
/// are those of the questions read (whether they passed their checks or not), `valid` the
/// checked questions by id; problems are pushed to `diagnostics`.
pub(crate) fn resolve_maps(
    document: &Document,
    written: &[WrittenLinks],
    valid: &[ValidQuestion],
    question_index: &HashMap<String, usize>,
    frameworks: &FrameworkSet,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Link> {
    let questions_path = key(&[], "questions");
    let mut links = Vec::new();
    for question in written {
        let path = index(&questions_path, question.position);
        let target = question_index.get(&question.id).copied();
        let mut question_controls: HashSet<(usize, usize)> = HashSet::new();
        resolve_one(
            document,
            &question.maps,
            &key(&path, "maps"),
            frameworks,
            diagnostics,
            |framework, control, relation| {
                question_controls.insert((framework, control));
                if let Some(question) = target {
                    links.push(Link {
                        question,
                        option: None,
                        framework,
                        control,
                        relation,
                    });
                }
            },
        );
        let options = question.options.iter().map(|(position, value, maps)| {
            let resolved = target.and_then(|question_position| {
                let checked = &valid[question_position];
                match question.kind {
                    Kind::YesNo => yes_no_token(value.as_str()),
                    _ => checked.option_index(value.as_str()),
                }
            });
            (
                index(&key(&path, "options"), *position),
                value.to_string(),
                maps,
                resolved,
            )
        });
        let bands = question.bands.iter().map(|(position, maps)| {
            (
                index(&key(&path, "bands"), *position),
                format!("band {}", position + 1),
                maps,
                target.map(|_| *position),
            )
        });
        for (option_path, value, maps, resolved) in options.chain(bands) {
            if maps.is_empty() {
                continue;
            }
            let mut clashes = Vec::new();
            resolve_one(
                document,
                maps,
                &key(&option_path, "maps"),
                frameworks,
                diagnostics,
                |framework, control, relation| {
                    if question_controls.contains(&(framework, control)) {
                        clashes.push((framework, control));
                    }
                    if let (Some(question), Some(option)) = (target, resolved) {
                        links.push(Link {
                            question,
                            option: Some(option),
                            framework,
                            control,
                            relation,
                        });
                    }
                },
            );
            for (framework, control) in clashes {
                let framework = &frameworks.all()[framework];
                diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateMapping,
                        format!(
                            "control `{}` of `{}` is mapped by question `{}` and by its answer `{}`",
                            framework.controls()[control].id,
                            framework.id(),
                            question.id,
                            value
                        ),
                    )
                    .at(document.key_location(&key(&option_path, "maps")))
                    .with_help("map a control either to the whole question (its score says how well) or to the answers that meet it, not both"),
                );
            }
        }
    }
    links
}

/// Resolves one `maps:` mapping, calling `found` for each control it names.
fn resolve_one(
    document: &Document,
    maps: &Maps,
    path: &[Segment],
    frameworks: &FrameworkSet,
    diagnostics: &mut Vec<Diagnostic>,
    mut found: impl FnMut(usize, usize, Relation),
) {
    for (framework_id, entry) in maps {
        let framework_path = key(path, framework_id);
        let Some(framework_position) = frameworks.position(framework_id) else {
            let help = did_you_mean(framework_id, frameworks.ids()).unwrap_or_else(|| {
                format!(
                    "{}; add a catalogue of your own with `frameworks:` or `--framework-file`",
                    expected_one_of(frameworks.ids())
                )
            });
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownFramework,
                    format!("`maps` names framework `{framework_id}`, which is not loaded"),
                )
                .at(document.key_location(&framework_path))
                .with_help(help),
            );
            continue;
        };
        let framework = &frameworks.all()[framework_position];
        let mut seen = HashSet::new();
        let lists = [
            ("supports", &entry.supports, Relation::Supports),
            ("partial", &entry.partial, Relation::Partial),
        ];
        let split = !entry.partial.is_empty() || written_as_mapping(document, &framework_path);
        for (list_name, ids, relation) in lists {
            for (position, id) in ids.iter().enumerate() {
                let id_path = if split {
                    index(&key(&framework_path, list_name), position)
                } else {
                    index(&framework_path, position)
                };
                let Some(control) = framework.control_index(id) else {
                    let ids = framework
                        .controls()
                        .iter()
                        .map(|control| control.id.as_str());
                    let help = did_you_mean(id, ids).unwrap_or_else(|| {
                        format!(
                            "`{}` has {} {}, such as `{}`; see `mspcheck show QUESTIONNAIRE --framework {}`",
                            framework.id(),
                            framework.controls().len(),
                            framework.noun(),
                            framework.controls()[0].id,
                            framework.id()
                        )
                    });
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownControl,
                            format!("`{}` has no control `{id}`", framework.id()),
                        )
                        .at(document.value_location(&id_path))
                        .with_help(help),
                    );
                    continue;
                };
                if !seen.insert(control) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::DuplicateMapping,
                            format!("control `{id}` of `{}` is named twice here", framework.id()),
                        )
                        .at(document.value_location(&id_path))
                        .with_help("name each control once, under `supports` or `partial`"),
                    );
                    continue;
                }
                found(framework_position, control, relation);
            }
        }
    }
}

fn written_as_mapping(document: &Document, path: &[Segment]) -> bool {
    document.node(path).is_some_and(|node| node.is_mapping())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn parse(text: &str) -> Result<Framework, Vec<Diagnostic>> {
        check(
            &Document::parse(Source::from_bytes("f.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap(),
        )
    }

    #[test]
    fn rejects_duplicate_controls_and_unknown_sections() {
        let problems = parse(
            "format: mspcheck/framework/1\nid: mine\nversion: '1'\ntitle: Mine\nsections: [{ id: s1 }]\ncontrols:\n  - { id: a, parent: s1 }\n  - { id: a }\n  - { id: b, parent: s2 }\n",
        )
        .unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(
            text[0].starts_with("f.yaml:8:") && text[0].contains("control id `a` is used twice"),
            "{text:#?}"
        );
        assert!(
            text[1].starts_with("f.yaml:9:")
                && text[1].contains("section `s2`")
                && text[1].contains("did you mean `s1`?"),
            "{text:#?}"
        );
    }

    #[test]
    fn accepts_a_minimal_catalogue() {
        let framework = parse(
            "format: mspcheck/framework/1\nid: mine\nversion: '1'\ntitle: Mine\ncontrols: [{ id: A-1 }, { id: A-2 }]\n",
        )
        .unwrap();
        assert_eq!(framework.control_index("A-2"), Some(1));
        assert_eq!(framework.noun(), "controls");
    }
}
