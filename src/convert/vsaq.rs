//! The items of a VSAQ questionnaire, read from its JSON: a root `questionnaire` list of
//! blocks (or, for an extension template, an `extensions` list with `insertBefore` /
//! `insertAfter` targets and an optional `namespace`). Every structural problem is
//! collected with its offset; attributes mspcheck cannot carry are kept by name so the
//! converter can list them.

use super::cond::{self, Expr};
use super::json::{Json, Value};

/// Every item type the VSAQ page knows.
pub(crate) const ITEM_TYPES: &[&str] = &[
    "block",
    "radiogroup",
    "checkgroup",
    "line",
    "box",
    "check",
    "yesno",
    "upload",
    "info",
    "tip",
    "spacer",
];

/// One item of the questionnaire tree.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Byte offset of the item's `{`.
    pub(crate) offset: usize,
    /// `type`, as written.
    pub(crate) type_name: String,
    pub(crate) id: Option<String>,
    pub(crate) cond: Option<Cond>,
    /// `text` (HTML), or empty.
    pub(crate) text: String,
    /// Attributes VSAQ gives a meaning mspcheck has no field for, with their value as text.
    pub(crate) uncarried: Vec<(String, String)>,
    /// `placeholder`, shown in an empty text field.
    pub(crate) placeholder: Option<String>,
    pub(crate) kind: Kind,
}

/// A `cond` attribute: as written, parsed, and where its value starts.
#[derive(Debug, Clone)]
pub(crate) struct Cond {
    pub(crate) written: String,
    pub(crate) expr: Option<Expr>,
}

/// What an item is.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Block {
        items: Vec<Item>,
    },
    Radiogroup {
        choices: Vec<Choice>,
        default_choice: bool,
    },
    Checkgroup {
        choices: Vec<Choice>,
        default_choice: bool,
    },
    Line,
    Box,
    Check,
    YesNo {
        yes: Option<String>,
        no: Option<String>,
    },
    Upload,
    Info,
    Tip {
        warn: bool,
        severity: Option<String>,
        why: Option<String>,
        name: Option<String>,
        todo: Option<String>,
    },
    Spacer,
}

/// One entry of `choices`: `{"id": "text"}`.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub(crate) id: String,
    pub(crate) text: String,
    /// `choicesConds` entry for this choice, as written.
    pub(crate) cond: Option<String>,
}

/// A whole file: the root items, or an extension template's.
#[derive(Debug, Clone)]
pub(crate) struct File {
    /// `version`, as written.
    pub(crate) version: Option<String>,
    pub(crate) items: Vec<Item>,
    /// Extension templates only: each item with its target.
    pub(crate) extensions: Vec<Extension>,
    pub(crate) namespace: Option<String>,
}

/// One item of an extension template and where it goes.
#[derive(Debug, Clone)]
pub(crate) struct Extension {
    pub(crate) item: Item,
    /// The target id, and whether the item goes after it (else before).
    pub(crate) target: Option<(String, bool)>,
}

/// A structural problem: offset, message, help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    /// The item type is unknown (a distinct diagnostic code).
    pub(crate) unknown_type: bool,
}

struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn problem(&mut self, offset: usize, message: String, help: Option<&str>) {
        self.problems.push(Problem {
            offset,
            message,
            help: help.map(str::to_string),
            unknown_type: false,
        });
    }
}

/// Reads a parsed file.
pub(crate) fn read(json: &Json) -> Result<File, Vec<Problem>> {
    let mut reader = Reader {
        problems: Vec::new(),
    };
    let mut file = File {
        version: None,
        items: Vec::new(),
        extensions: Vec::new(),
        namespace: None,
    };
    match &json.value {
        Value::Array(_) => file.items = reader.items(json),
        Value::Object(members) => {
            for member in members {
                match member.key.as_str() {
                    "questionnaire" => file.items = reader.items(&member.value),
                    "version" => file.version = Some(scalar_text(&member.value)),
                    "namespace" => match member.value.as_str() {
                        Some(namespace) => file.namespace = Some(namespace.to_string()),
                        None => reader.problem(
                            member.value.offset,
                            format!(
                                "`namespace` must be a string, not {}",
                                member.value.describe()
                            ),
                            None,
                        ),
                    },
                    "extensions" => file.extensions = reader.extensions(&member.value),
                    _ => {}
                }
            }
            if json.get("questionnaire").is_none() && json.get("extensions").is_none() {
                reader.problem(
                    json.offset,
                    "the file has neither a `questionnaire` nor an `extensions` list".into(),
                    Some("a VSAQ questionnaire is `{\"questionnaire\": [{\"type\": \"block\", …}]}`; an extension template has `extensions`"),
                );
            }
        }
        _ => reader.problem(
            json.offset,
            format!(
                "the file holds {}, not a VSAQ questionnaire object",
                json.describe()
            ),
            Some("a VSAQ questionnaire is `{\"questionnaire\": [{\"type\": \"block\", …}]}`"),
        ),
    }
    if reader.problems.is_empty() {
        Ok(file)
    } else {
        Err(reader.problems)
    }
}

fn scalar_text(json: &Json) -> String {
    match &json.value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.clone(),
        Value::Bool(flag) => flag.to_string(),
        _ => String::new(),
    }
}

impl Reader {
    fn items(&mut self, json: &Json) -> Vec<Item> {
        let Value::Array(values) = &json.value else {
            self.problem(
                json.offset,
                format!("expected a list of items, found {}", json.describe()),
                None,
            );
            return Vec::new();
        };
        values.iter().filter_map(|value| self.item(value)).collect()
    }

    fn extensions(&mut self, json: &Json) -> Vec<Extension> {
        let Value::Array(values) = &json.value else {
            self.problem(
                json.offset,
                format!("`extensions` must be a list, not {}", json.describe()),
                None,
            );
            return Vec::new();
        };
        let mut found = Vec::new();
        for value in values {
            let before = value.get("insertBefore").and_then(Json::as_str);
            let after = value.get("insertAfter").and_then(Json::as_str);
            let target = match (before, after) {
                (Some(id), None) => Some((id.to_string(), false)),
                (None, Some(id)) => Some((id.to_string(), true)),
                _ => {
                    self.problem(
                        value.offset,
                        "an extension item needs exactly one of `insertBefore` and `insertAfter`"
                            .into(),
                        Some("name the id of the base item to insert this one before or after"),
                    );
                    None
                }
            };
            if let Some(item) = self.item(value) {
                found.push(Extension { item, target });
            }
        }
        found
    }

    fn string(&mut self, json: &Json, key: &str) -> Option<String> {
        let value = json.get(key)?;
        match &value.value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.clone()),
            _ => {
                self.problem(
                    value.offset,
                    format!("`{key}` must be a string, not {}", value.describe()),
                    None,
                );
                None
            }
        }
    }

    fn item(&mut self, json: &Json) -> Option<Item> {
        let Value::Object(_) = &json.value else {
            self.problem(
                json.offset,
                format!(
                    "expected an item (an object with a `type`), found {}",
                    json.describe()
                ),
                None,
            );
            return None;
        };
        let Some(type_value) = json.get("type") else {
            self.problem(
                json.offset,
                "an item has no `type`".into(),
                Some("give every item a `type`, e.g. `\"type\": \"radiogroup\"`"),
            );
            return None;
        };
        let Some(type_name) = type_value.as_str().map(str::to_string) else {
            self.problem(
                type_value.offset,
                format!("`type` must be a string, not {}", type_value.describe()),
                None,
            );
            return None;
        };
        if !ITEM_TYPES.contains(&type_name.as_str()) {
            let suggestion = ITEM_TYPES
                .iter()
                .min_by_key(|known| strsim::levenshtein(known, &type_name))
                .filter(|known| strsim::levenshtein(known, &type_name) <= 2);
            self.problems.push(Problem {
                offset: type_value.offset,
                message: format!("unknown VSAQ item type `{type_name}`"),
                help: Some(match suggestion {
                    Some(known) => format!(
                        "did you mean `{known}`? VSAQ item types are {}",
                        type_list()
                    ),
                    None => format!("VSAQ item types are {}", type_list()),
                }),
                unknown_type: true,
            });
            return None;
        }
        let id = self.string(json, "id");
        let text = self.string(json, "text").unwrap_or_default();
        let cond = match self.string(json, "cond") {
            Some(written) => match cond::parse(&written) {
                Ok(expr) => Some(Cond { written, expr }),
                Err(error) => {
                    // The character inside the string (exact when no escape comes before it).
                    let offset = json.get("cond").map_or(json.offset, |value| {
                        value.offset
                            + 1
                            + written
                                .char_indices()
                                .nth(error.at)
                                .map_or(written.len(), |(at, _)| at)
                    });
                    self.problem(
                        offset,
                        format!(
                            "`cond` `{written}` is not a valid VSAQ condition: {} (at character {})",
                            error.message,
                            error.at + 1
                        ),
                        Some("a condition joins item ids with `&&`, `||`, `!` and parentheses"),
                    );
                    None
                }
            },
            None => None,
        };
        let mut uncarried = Vec::new();
        for key in [
            "required",
            "default",
            "inputPattern",
            "inputTitle",
            "auth",
            "className",
            "customTitle",
        ] {
            if let Some(value) = json.get(key) {
                let written = match &value.value {
                    Value::Bool(false) => continue,
                    Value::String(text) if text.is_empty() => continue,
                    _ => scalar_text(value),
                };
                uncarried.push((key.to_string(), written));
            }
        }
        let placeholder = self
            .string(json, "placeholder")
            .filter(|text| !text.trim().is_empty());
        let flag = |key: &str| {
            json.get(key).is_some_and(|value| match &value.value {
                Value::Bool(flag) => *flag,
                Value::String(text) => text == "yes" || text == "true",
                _ => false,
            })
        };
        let kind = match type_name.as_str() {
            "block" => match json.get("items") {
                Some(items) => Kind::Block {
                    items: self.items(items),
                },
                None => {
                    self.problem(
                        json.offset,
                        "a `block` has no `items`".into(),
                        Some("give the block an `items` list (it may be empty)"),
                    );
                    return None;
                }
            },
            "radiogroup" | "checkgroup" => {
                let choices = self.choices(json, &type_name)?;
                let default_choice = flag("defaultChoice");
                if type_name == "radiogroup" {
                    Kind::Radiogroup {
                        choices,
                        default_choice,
                    }
                } else {
                    Kind::Checkgroup {
                        choices,
                        default_choice,
                    }
                }
            }
            "line" => Kind::Line,
            "box" => Kind::Box,
            "check" => Kind::Check,
            "yesno" => Kind::YesNo {
                yes: self.string(json, "yes"),
                no: self.string(json, "no"),
            },
            "upload" => Kind::Upload,
            "info" => Kind::Info,
            "tip" => Kind::Tip {
                warn: flag("warn"),
                severity: self
                    .string(json, "severity")
                    .filter(|text| !text.is_empty()),
                why: self
                    .string(json, "why")
                    .filter(|text| !text.trim().is_empty()),
                name: self
                    .string(json, "name")
                    .filter(|text| !text.trim().is_empty()),
                todo: self
                    .string(json, "todo")
                    .filter(|text| !text.trim().is_empty()),
            },
            _ => Kind::Spacer,
        };
        Some(Item {
            offset: json.offset,
            type_name,
            id,
            cond,
            text,
            uncarried,
            placeholder,
            kind,
        })
    }

    fn choices(&mut self, json: &Json, type_name: &str) -> Option<Vec<Choice>> {
        let Some(list) = json.get("choices") else {
            self.problem(
                json.offset,
                format!("a `{type_name}` has no `choices`"),
                Some("list its choices as `\"choices\": [{\"id_yes\": \"Yes\"}, …]`"),
            );
            return None;
        };
        let Value::Array(entries) = &list.value else {
            self.problem(
                list.offset,
                format!("`choices` must be a list, not {}", list.describe()),
                None,
            );
            return None;
        };
        let mut conds: Vec<(String, String)> = Vec::new();
        if let Some(Json {
            value: Value::Array(entries),
            ..
        }) = json.get("choicesConds")
        {
            for entry in entries {
                if let Value::Object(members) = &entry.value {
                    for member in members {
                        conds.push((member.key.clone(), scalar_text(&member.value)));
                    }
                }
            }
        }
        let mut choices = Vec::new();
        for entry in entries {
            match &entry.value {
                Value::Object(members) if members.len() == 1 => {
                    let member = &members[0];
                    let Some(text) = member.value.as_str() else {
                        self.problem(
                            member.value.offset,
                            format!("the text of choice `{}` must be a string", member.key),
                            None,
                        );
                        continue;
                    };
                    choices.push(Choice {
                        id: member.key.clone(),
                        text: text.to_string(),
                        cond: conds
                            .iter()
                            .find(|(id, _)| *id == member.key)
                            .map(|(_, cond)| cond.clone()),
                    });
                }
                _ => self.problem(
                    entry.offset,
                    format!(
                        "a choice must be an object with one key (its id) and its text, not {}",
                        entry.describe()
                    ),
                    Some("write each choice as `{\"choice_id\": \"Choice text\"}`"),
                ),
            }
        }
        if choices.is_empty() && entries.is_empty() {
            self.problem(
                list.offset,
                format!("a `{type_name}` has no choices"),
                Some("list at least one choice"),
            );
        }
        Some(choices)
    }
}

fn type_list() -> String {
    ITEM_TYPES
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Problem> {
        read(&super::super::json::parse(text).unwrap()).unwrap_err()
    }

    #[test]
    fn refuses_unknown_types_with_a_suggestion_and_collects_every_problem() {
        let found = problems(
            r#"{"questionnaire": [{"type": "block", "items": [
                {"type": "radiogrup", "id": "a"},
                {"type": "radiogroup", "choices": [{"a": "x", "b": "y"}]},
                {"id": "c"}
            ]}]}"#,
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].unknown_type);
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `radiogroup`"));
        assert!(found[1].message.contains("one key"));
        assert!(found[2].message.contains("no `type`"));
    }

    #[test]
    fn refuses_malformed_conditions() {
        let found = problems(
            r#"{"questionnaire": [{"type": "block", "items": [{"type": "line", "id": "a", "cond": "x &| y"}]}]}"#,
        );
        assert!(
            found[0].message.contains("not a valid VSAQ condition"),
            "{found:?}"
        );
    }
}
