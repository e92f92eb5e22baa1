//! The one place YAML is handled (see `shared/reference/yaml-parsing.md` for why).
//!
//! Every file goes through one event pass with `saphyr-parser` that refuses what serde_yaml
//! cannot survive alone (aliases, nesting deeper than 64, several documents, duplicate keys,
//! keys that are not plain text) and builds a compact tree of the document (`tree.rs`): one
//! flat arena of nodes, each with its position. Models are deserialized straight from that
//! tree with serde_yaml's semantics, every diagnostic takes its location from it (never from
//! a text search), and a `serde_yaml::Value` is built from it only for the callers that ask
//! (small files: answers, catalogues). Only a file with a YAML tag other than `!!str` is
//! parsed a second time, by serde_yaml itself, which then decides its values.

use std::collections::HashMap;
use std::sync::OnceLock;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diagnostic::{did_you_mean, Code, Diagnostic, Location};
use crate::source::Source;

mod tree;

use tree::{Kind, Slot, Tree};
pub use tree::{Mark, Node};

/// Deepest nesting of mappings and sequences accepted (SPEC: deeper than 64 is refused).
pub const MAX_DEPTH: usize = 64;

/// Mappings with more entries than this keep a key index, so lookups stay O(1).
const LARGE_MAPPING: usize = 32;

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path from the document root, e.g. `questions[3].options[0].score`.
pub type DocPath = Vec<Segment>;

/// Appends a key to a path.
pub fn key(path: &[Segment], name: &str) -> DocPath {
    let mut path = path.to_vec();
    path.push(Segment::Key(name.to_string()));
    path
}

/// Appends an index to a path.
pub fn index(path: &[Segment], position: usize) -> DocPath {
    let mut path = path.to_vec();
    path.push(Segment::Index(position));
    path
}

/// A parsed YAML file: its source and the guard's tree of it, which holds every node's
/// position and from which models are deserialized; a `serde_yaml::Value` of the whole
/// document is built only when a caller asks for it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file.
    pub source: Source,
    /// Every node and where it starts.
    tree: Tree,
    /// The whole document as a `Value`: built on first use from the tree, or set by
    /// serde_yaml's own parse when the file uses a tag the tree does not resolve.
    value: OnceLock<Value>,
    /// Does the tree resolve every scalar as serde_yaml would (no tag other than `!!str`)?
    exact: bool,
}

impl Document {
    /// Checks the text against the input limits, records positions, then parses it.
    pub fn parse(source: Source) -> Result<Document, Diagnostic> {
        // Each file's diagnostics get their own bounded "did you mean" work.
        crate::diagnostic::reset_suggestion_budget();
        let (tree, exact) = guard(&source)?;
        let value = OnceLock::new();
        if !exact {
            let parsed: Value = serde_yaml::from_str(&source.text).map_err(|error| {
                let location = error
                    .location()
                    .map(|place| source.location(place.line(), place.column()));
                Diagnostic::error(
                    Code::YamlSyntax,
                    format!("invalid YAML: {}", strip_position(&error.to_string())),
                )
                .at_opt(location)
            })?;
            let _ = value.set(parsed);
        }
        Ok(Document {
            source,
            tree,
            value,
            exact,
        })
    }

    /// The whole document as a `serde_yaml::Value` (always a mapping), built on first use.
    /// Reading a large questionnaire needs none: prefer [`Document::node`].
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| self.tree.root().to_value())
    }

    /// Has the whole document's `Value` been built (for tests of what stays light)?
    #[cfg(test)]
    pub(crate) fn value_built(&self) -> bool {
        self.value.get().is_some()
    }

    /// The root node (always a mapping).
    pub fn root(&self) -> Node<'_> {
        self.tree.root()
    }

    /// The node at `path`, if the document has it.
    pub fn node(&self, path: &[Segment]) -> Option<Node<'_>> {
        let (node, _, rest) = self.walk(path);
        rest.is_empty().then_some(node)
    }

    /// Follows `path` as far as the document has it: the node reached, the position of its
    /// key (inside a mapping) and the segments left over.
    fn walk<'p>(&self, path: &'p [Segment]) -> (Node<'_>, Option<Mark>, &'p [Segment]) {
        let mut node = self.tree.root();
        let mut key_mark = None;
        for (done, segment) in path.iter().enumerate() {
            let next = match segment {
                Segment::Key(name) => node
                    .entry(name)
                    .map(|(key, value)| (value, Some(key.mark()))),
                Segment::Index(position) => node.item(*position).map(|item| (item, None)),
            };
            match next {
                Some((found, mark)) => {
                    node = found;
                    key_mark = mark;
                }
                None => return (node, key_mark, &path[done..]),
            }
        }
        (node, key_mark, &[])
    }

    /// The location of the value at `path`, or of its nearest ancestor that exists.
    pub fn value_location(&self, path: &[Segment]) -> Location {
        let mark = self.walk(path).0.mark();
        self.location(mark)
    }

    /// The location of the key at the end of `path` (its value's when it has no key), or of
    /// its nearest ancestor that exists.
    pub fn key_location(&self, path: &[Segment]) -> Location {
        let (node, key_mark, _) = self.walk(path);
        self.location(key_mark.unwrap_or(node.mark()))
    }

    fn location(&self, mark: Mark) -> Location {
        self.source
            .location(mark.line as usize, mark.column as usize)
    }

    /// The value at `path`, if present (this builds the whole document's `Value` once).
    pub fn get(&self, path: &[Segment]) -> Option<&Value> {
        let mut value = self.value();
        for segment in path {
            value = match segment {
                Segment::Key(name) => value.as_mapping()?.get(name.as_str())?,
                Segment::Index(position) => value.as_sequence()?.get(*position)?,
            };
        }
        Some(value)
    }

    /// Deserializes the value at `path` into `T`, locating any error precisely. The model
    /// is read straight from the tree (no `Value` is built), with serde_yaml's results.
    pub fn deserialize<T: DeserializeOwned>(&self, path: &[Segment]) -> Result<T, Diagnostic> {
        self.deserialize_at(path)
            .map_err(|(diagnostic, _)| diagnostic)
    }

    /// Deserializes the whole document into `T` as if the value of its top-level key
    /// `hidden` were an empty list, so that a large part is read apart, item by item (with
    /// [`Document::deserialize`] of each). `None` when the document is read through its
    /// `Value` (it has a tag other than `!!str`).
    pub fn deserialize_without<T: DeserializeOwned>(
        &self,
        hidden: &str,
    ) -> Option<Result<T, Diagnostic>> {
        if !self.exact {
            return None;
        }
        let root = tree::Without::new(self.tree.root(), hidden)?;
        Some(
            self.located(root, &[])
                .map_err(|(diagnostic, _)| diagnostic),
        )
    }

    /// Like [`Document::deserialize`]; on failure, also the path of the part at fault.
    pub fn deserialize_at<T: DeserializeOwned>(
        &self,
        path: &[Segment],
    ) -> Result<T, (Diagnostic, DocPath)> {
        if !self.exact {
            let value = self.get(path).unwrap_or(&Value::Null);
            return self.deserialize_located(value, path);
        }
        match self.node(path) {
            Some(node) => self.located(node, path),
            None => self.deserialize_located(&Value::Null, path),
        }
    }

    /// Deserializes `value`, which sits at `path`, into `T`.
    pub fn deserialize_value<T: DeserializeOwned>(
        &self,
        value: &Value,
        path: &[Segment],
    ) -> Result<T, Diagnostic> {
        self.deserialize_located(value, path)
            .map_err(|(diagnostic, _)| diagnostic)
    }

    /// Deserializes `value`, which sits at `path`, into `T`; on failure, also the path of
    /// the part at fault: the unknown key itself, or the value of the wrong type.
    pub fn deserialize_located<T: DeserializeOwned>(
        &self,
        value: &Value,
        path: &[Segment],
    ) -> Result<T, (Diagnostic, DocPath)> {
        self.located(value, path)
    }

    /// Deserializes from `deserializer` (a `Value` or a node at `path`), turning serde's
    /// error into a located diagnostic and the path of the part at fault.
    fn located<'de, D, T>(
        &self,
        deserializer: D,
        path: &[Segment],
    ) -> Result<T, (Diagnostic, DocPath)>
    where
        D: serde::Deserializer<'de, Error = serde_yaml::Error>,
        T: serde::Deserialize<'de>,
    {
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let mut full = path.to_vec();
            for segment in error.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        full.push(Segment::Index(*index))
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        full.push(Segment::Key(key.clone()))
                    }
                    _ => {}
                }
            }
            let message = error.into_inner().to_string();
            let diagnostic = self.serde_diagnostic(&message, &full);
            if let Some(rest) = strip_position(&message).strip_prefix("unknown field `") {
                let name = rest.split('`').next().unwrap_or(rest);
                // serde_path_to_error may already end the path with the unknown key.
                if full.last() != Some(&Segment::Key(name.to_string())) {
                    full.push(Segment::Key(name.to_string()));
                }
            }
            (diagnostic, full)
        })
    }
    /// Turns serde's message about the value at `path` into a located diagnostic.
    fn serde_diagnostic(&self, message: &str, path: &[Segment]) -> Diagnostic {
        let message = strip_position(message);
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let key_path = key(path, name);
            let allowed: Vec<&str> = backticked(expected);
            let help = did_you_mean(name, allowed.iter().copied()).unwrap_or_else(|| {
                if allowed.is_empty() {
                    "remove this key".to_string()
                } else {
                    format!(
                        "allowed keys here: {}",
                        allowed
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            });
            return Diagnostic::error(Code::UnknownKey, format!("unknown key `{name}`"))
                .at(self.key_location(&key_path))
                .with_help(help);
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or(rest);
            return Diagnostic::error(Code::MissingField, format!("missing required key `{name}`"))
                .at(self.key_location(path))
                .with_help(format!("add `{name}:` here"));
        }
        if let Some(rest) = message.strip_prefix("unknown variant `") {
            let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let allowed = backticked(expected);
            let help = did_you_mean(name, allowed.iter().copied())
                .unwrap_or_else(|| crate::diagnostic::expected_one_of(allowed.iter().copied()));
            // Name the key whose value it is: "`text` is not a `kind`", never a bare "not
            // allowed here" that reads as if the key were wrong.
            let what = match path.last() {
                Some(Segment::Key(field)) if field.parse::<f64>().is_err() => {
                    format!("`{name}` is not a valid `{field}`")
                }
                _ => format!("`{name}` is not a valid value here"),
            };
            return Diagnostic::error(Code::ValueNotAllowed, what)
                .at(self.value_location(path))
                .with_help(help);
        }
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            let (found, expected) = rest
                .split_once(", expected ")
                .unwrap_or((rest, "another type"));
            return Diagnostic::error(
                Code::WrongType,
                format!(
                    "wrong type: found {}, expected {}",
                    plain_type(found),
                    plain_type(expected)
                ),
            )
            .at(self.value_location(path));
        }
        if message.starts_with("data did not match any variant") {
            return Diagnostic::error(
                Code::WrongType,
                "this value has neither of the forms taken here".to_string(),
            )
            .at(self.value_location(path));
        }
        if let Some(Segment::Key(field)) = path.last() {
            if matches!(field.as_str(), "date" | "as_of" | "review_by") {
                let shown = self.get(path).and_then(scalar_text).unwrap_or_default();
                return Diagnostic::error(Code::WrongType, format!("`{shown}` is not a date"))
                    .at(self.value_location(path))
                    .with_help("write dates as YYYY-MM-DD, e.g. 2026-11-22");
            }
        }
        let code = if message.starts_with("invalid value") {
            Code::OutOfRange
        } else {
            Code::WrongType
        };
        let message = match message.strip_prefix("invalid value: ") {
            Some(rest) => {
                let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
                if expected.is_empty() {
                    format!("invalid value: {}", plain_type(found))
                } else {
                    format!(
                        "invalid value: found {}, expected {}",
                        plain_type(found),
                        plain_type(expected)
                    )
                }
            }
            None => plain_type(&message),
        };
        Diagnostic::error(code, message).at(self.value_location(path))
    }
}

/// serde's words for a type, without Rust's names: "f64" → "a number", "struct When" → "a
/// mapping with `question` and `in`, or `all`, `any` or `not`", "a sequence" → "a list".
fn plain_type(text: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        (
            "struct When",
            "a mapping with `question` and `in`, or `all`, `any` or `not`",
        ),
        ("struct AnswerTest", "a mapping with `question` and `in`"),
        (
            "struct Condition",
            "a mapping of condition keys (`{}` always holds)",
        ),
        ("struct AtLeast", "a mapping with `count` and `of`"),
        ("struct AnswerOption", "a mapping with `value` and `score`"),
        (
            "struct Band",
            "a mapping with `score` (and `up_to`, except on the last band)",
        ),
        ("struct Scale", "a mapping with `min` and `max`"),
        (
            "struct UnknownAnswer",
            "a mapping with `label`, `score`, `signals` or `red_flag`",
        ),
        (
            "struct Question",
            "a mapping with `id`, `domain`, `text` and `kind`",
        ),
        ("struct Domain", "a mapping with `id`, `title` and `weight`"),
        ("struct Rule", "a mapping with `class` and `if`"),
        (
            "struct Flag",
            "a mapping with `id`, `severity`, `message` and `if`",
        ),
        (
            "struct ConsistencyCheck",
            "a mapping with `id`, `message`, `ask` and `if`",
        ),
        (
            "struct Clause",
            "a mapping with `id`, `topic`, `text`, `source` and `covers`",
        ),
        ("enum Kind", "a question kind"),
        (
            "enum Severity",
            "a severity (`critical`, `high`, `medium` or `low`)",
        ),
        ("enum Class", "a class (`amateur`, `pseudo` or `mature`)"),
        (
            "enum Perspective",
            "a perspective (`client`, `provider` or `auditor`)",
        ),
        ("f64", "a number"),
        ("f32", "a number"),
        ("u64", "a whole number ≥ 0"),
        ("u32", "a whole number ≥ 0"),
        ("u16", "a whole number ≥ 0"),
        ("u8", "a whole number ≥ 0"),
        ("usize", "a whole number ≥ 0"),
        ("i64", "a whole number"),
        ("i32", "a whole number"),
        ("a sequence", "a list"),
        ("a map", "a mapping"),
    ];
    let mut plain = text.to_string();
    for (rust, words) in NAMES {
        plain = replace_word(&plain, rust, words);
    }
    // Any other `struct X` / `enum X` of ours: the shape, not the type's name.
    for (prefix, words) in [
        ("struct ", "a mapping"),
        ("enum ", "one of the values taken"),
    ] {
        while let Some(start) = plain.find(prefix) {
            let end = plain[start + prefix.len()..]
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .map_or(plain.len(), |offset| start + prefix.len() + offset);
            plain.replace_range(start..end, words);
        }
    }
    plain
}

/// `text` with whole-word occurrences of `word` replaced.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut result = String::new();
    let mut rest = text;
    while let Some(found) = rest.find(word) {
        let before = rest[..found].chars().next_back();
        let after = rest[found + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        result.push_str(&rest[..found]);
        if boundary(before) && boundary(after) {
            result.push_str(with);
        } else {
            result.push_str(word);
        }
        rest = &rest[found + word.len()..];
    }
    result.push_str(rest);
    result
}

/// The texts between backticks in serde's "expected one of `a`, `b`" lists.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// serde_yaml appends " at line L column C"; the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// An open mapping or sequence during the event pass.
enum Frame {
    Map {
        /// Its node.
        id: u32,
        /// Where its keys and values start in the pass's list of open children.
        start: usize,
        /// Key text → entry position, once the mapping is large.
        index: HashMap<String, u32>,
    },
    Seq {
        id: u32,
        start: usize,
    },
}

/// The event pass: limits, and the tree of the document. The flag is false when the file
/// uses a YAML tag other than `!!str`, so serde_yaml resolves its values instead.
fn guard(source: &Source) -> Result<(Tree, bool), Diagnostic> {
    let at = |mark: Mark| source.location(mark.line as usize, mark.column as usize);
    let mut tree = Tree::for_text(&source.text);
    let mut stack: Vec<Frame> = Vec::new();
    // The children of every open container, innermost last.
    let mut open: Vec<u32> = Vec::new();
    let mut documents = 0usize;
    let mut root: Option<u32> = None;
    let mut exact = true;
    for event in Parser::new_from_str(&source.text) {
        let (event, span) = event.map_err(|error| syntax_error(source, &error))?;
        let mark = mark_of(&span);
        let id = tree.slots.len() as u32;
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => {}
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::error(
                        Code::MultipleDocuments,
                        "the file holds more than one YAML document (a second `---`)",
                    )
                    .at(at(mark))
                    .with_help("keep one questionnaire or answers set per file"));
                }
            }
            Event::Alias(_) => {
                return Err(Diagnostic::error(
                    Code::YamlAlias,
                    "YAML aliases (`*name`) are not accepted in mspcheck files",
                )
                .at(at(mark))
                .with_help(
                    "write the value out in full; questionnaires and answers never need aliases",
                ));
            }
            Event::Scalar(text, style, _, tag) => {
                if let Some(tag) = &tag {
                    if tag.suffix != "str" {
                        exact = false;
                    }
                }
                let plain = style == ScalarStyle::Plain && tag.is_none();
                if let Some(Frame::Map { start, index, .. }) = stack.last_mut() {
                    let written = &open[*start..];
                    if written.len().is_multiple_of(2) {
                        // A key: small mappings are scanned; large ones get an index, built once.
                        let entries = written.len() / 2;
                        let key_text = |position: usize| match &tree.slots
                            [written[2 * position] as usize]
                            .kind
                        {
                            Kind::Scalar { start, len, .. } => tree.text(*start, *len),
                            _ => "",
                        };
                        let first = if entries < LARGE_MAPPING {
                            (0..entries).find(|&position| key_text(position) == text)
                        } else {
                            if index.is_empty() {
                                index.extend((0..entries).map(|position| {
                                    (key_text(position).to_string(), position as u32)
                                }));
                            }
                            index.get(text.as_ref()).map(|&position| position as usize)
                        };
                        if let Some(first) = first {
                            let first = tree.slots[written[2 * first] as usize].mark;
                            return Err(duplicate_key(source, &text, mark, first));
                        }
                        if entries >= LARGE_MAPPING {
                            index.insert(text.to_string(), entries as u32);
                        }
                    }
                }
                let (start, len) = tree.add_text(&text);
                tree.slots.push(Slot {
                    mark,
                    kind: Kind::Scalar { start, len, plain },
                });
                attach(&mut open, &mut root, stack.is_empty(), id);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if let Some(Frame::Map { start, .. }) = stack.last() {
                    if (open.len() - start).is_multiple_of(2) {
                        return Err(Diagnostic::error(
                            Code::ComplexKey,
                            "a mapping key must be plain text, not a mapping or a list",
                        )
                        .at(at(mark)));
                    }
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(at(mark)));
                }
                let is_map = matches!(event, Event::MappingStart(..));
                tree.slots.push(Slot {
                    mark,
                    kind: if is_map {
                        Kind::Map { first: 0, len: 0 }
                    } else {
                        Kind::Seq { first: 0, len: 0 }
                    },
                });
                attach(&mut open, &mut root, stack.is_empty(), id);
                let start = open.len();
                stack.push(if is_map {
                    Frame::Map {
                        id,
                        start,
                        index: HashMap::new(),
                    }
                } else {
                    Frame::Seq { id, start }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = stack.pop() else { continue };
                let (node, start) = match &frame {
                    Frame::Map { id, start, .. } | Frame::Seq { id, start } => (*id, *start),
                };
                let first = tree.children.len() as u32;
                let count = (open.len() - start) as u32;
                tree.children.extend(open.drain(start..));
                tree.slots[node as usize].kind = match frame {
                    Frame::Map { index, .. } => {
                        if !index.is_empty() {
                            tree.indexes.insert(node, index);
                        }
                        Kind::Map {
                            first,
                            len: count / 2,
                        }
                    }
                    Frame::Seq { .. } => Kind::Seq { first, len: count },
                };
            }
        }
    }
    let Some(root) = root else {
        return Err(Diagnostic::error(
            Code::EmptyFile,
            "the file is empty: it holds no YAML document",
        )
        .at(source.start())
        .with_help(
            "start with `format: mspcheck/questionnaire/1` or `format: mspcheck/answers/1`",
        ));
    };
    tree.root = root;
    let node = tree.root();
    if !node.is_mapping() {
        return Err(if node.is_null() {
            Diagnostic::error(Code::EmptyFile, "the file holds an empty document")
        } else {
            Diagnostic::error(
                Code::NotAMapping,
                "the file must be a YAML mapping of `key: value` lines",
            )
        }
        .at(at(node.mark()))
        .with_help(
            "start with `format: mspcheck/questionnaire/1` or `format: mspcheck/answers/1`",
        ));
    }
    tree.children.shrink_to_fit();
    tree.slots.shrink_to_fit();
    tree.texts.shrink_to_fit();
    Ok((tree, exact))
}

/// A new node goes to the open container's children, or is the document's root.
fn attach(open: &mut Vec<u32>, root: &mut Option<u32>, top_level: bool, id: u32) {
    if top_level {
        *root = Some(id);
    } else {
        open.push(id);
    }
}

fn mark_of(span: &Span) -> Mark {
    Mark {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
    }
}
fn too_deep(location: Location) -> Diagnostic {
    Diagnostic::error(
        Code::TooDeep,
        format!("nesting is deeper than {MAX_DEPTH} levels"),
    )
    .at(location)
    .with_help("mspcheck files need only a few levels; check for runaway brackets")
}

fn duplicate_key(source: &Source, text: &str, mark: Mark, first: Mark) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateKey,
        format!("key `{text}` appears twice in this mapping"),
    )
    .at(source.location(mark.line as usize, mark.column as usize))
    .with_help(format!(
        "the first `{text}` is at line {}; keep only one",
        first.line
    ))
}

fn syntax_error(source: &Source, error: &ScanError) -> Diagnostic {
    let mark = error.marker();
    if error.info().contains("recursion limit") {
        return too_deep(source.location(mark.line().max(1), mark.col() + 1));
    }
    let line = source
        .text
        .lines()
        .nth(mark.line().saturating_sub(1))
        .unwrap_or("");
    let key_length = line
        .trim_start()
        .split_once(':')
        .map_or(0, |(key, _)| key.chars().count());
    if error.info().contains("mapping values are not allowed") && key_length > 1024 {
        return Diagnostic::error(
            Code::YamlSyntax,
            format!(
                "a key of {key_length} characters: YAML allows at most 1,024 before the `:` of a `key: value`"
            ),
        )
        .at(source.location(mark.line().max(1), 1))
        .with_help("no id is that long; check that the line is what you meant");
    }
    Diagnostic::error(Code::YamlSyntax, format!("invalid YAML: {}", error.info()))
        .at(source.location(mark.line().max(1), mark.col() + 1))
}

/// The text of a scalar as a user would write it (`yes`, `14`, `2.5`), for messages and
/// for matching option values; `None` for mappings, sequences and null.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// A short description of a value's type, for "found …" messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn parse(text: &str) -> Result<Document, Diagnostic> {
        Document::parse(Source::from_bytes("t.yaml".into(), None, text.as_bytes())?)
    }

    #[test]
    fn records_key_and_value_positions() {
        let document = parse("a: 1\nb:\n  - x\n  - {c: 2}\n").unwrap();
        let path = vec![
            Segment::Key("b".into()),
            Segment::Index(1),
            Segment::Key("c".into()),
        ];
        let location = document.value_location(&path);
        assert_eq!((location.line, location.column), (4, 9));
        let location = document.key_location(&path);
        assert_eq!((location.line, location.column), (4, 6));
    }

    #[test]
    fn refuses_aliases() {
        let error = parse("a: &x [1]\nb: *x\n").unwrap_err();
        assert_eq!(error.code, Code::YamlAlias);
        assert_eq!(error.location.unwrap().line, 2);
    }

    #[test]
    fn refuses_deep_flow_nesting_quickly() {
        let text = format!("a: {}{}", "{a: ".repeat(100_000), "}".repeat(100_000));
        let error = parse(&text).unwrap_err();
        assert_eq!(error.code, Code::TooDeep);
    }

    #[test]
    fn refuses_duplicate_keys_with_both_lines() {
        let error = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(error.code, Code::DuplicateKey);
        assert_eq!(error.location.unwrap().line, 3);
        assert!(error.help.unwrap().contains("line 1"));
    }

    #[test]
    fn refuses_second_document_and_non_mappings() {
        assert_eq!(
            parse("a: 1\n---\nb: 2\n").unwrap_err().code,
            Code::MultipleDocuments
        );
        assert_eq!(parse("- 1\n- 2\n").unwrap_err().code, Code::NotAMapping);
        assert_eq!(parse("").unwrap_err().code, Code::EmptyFile);
        assert_eq!(
            parse("# only a comment\n").unwrap_err().code,
            Code::EmptyFile
        );
        assert_eq!(parse("---\n").unwrap_err().code, Code::EmptyFile);
    }

    #[test]
    fn locates_syntax_errors() {
        let error = parse("a: 1\nb: [1, 2\n").unwrap_err();
        assert_eq!(error.code, Code::YamlSyntax);
        assert!(error.location.is_some());
    }

    #[test]
    fn reads_windows_line_endings_and_byte_order_mark() {
        let source =
            Source::from_bytes("t".into(), None, b"\xef\xbb\xbfa: 1\r\nb: two\r\n").unwrap();
        let document = Document::parse(source).unwrap();
        assert_eq!(
            document.get(&[Segment::Key("b".into())]).unwrap().as_str(),
            Some("two")
        );
        assert_eq!(document.value_location(&[Segment::Key("b".into())]).line, 2);
    }

    #[test]
    fn locates_unknown_fields_at_the_key() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Item {
            name: String,
        }
        let document = parse("items:\n  - name: a\n  - nmae: b\n").unwrap();
        let path = vec![Segment::Key("items".into()), Segment::Index(1)];
        let error = document.deserialize::<Item>(&path).unwrap_err();
        assert_eq!(error.code, Code::UnknownKey);
        assert_eq!(error.location.as_ref().unwrap().line, 3);
        assert_eq!(error.help.as_deref(), Some("did you mean `name`?"));
    }

    /// Deserializes `text` into `T` from the tree and from a `Value` of the same document;
    /// both must give the same model, or the same located problem at the same path.
    fn same_as_value<T: DeserializeOwned + std::fmt::Debug>(text: &str, path: &[Segment]) {
        let document = parse(text).unwrap();
        let from_tree = document.deserialize_at::<T>(path);
        let value = document.get(path).cloned().unwrap_or(Value::Null);
        let from_value = document.deserialize_located::<T>(&value, path);
        match (from_tree, from_value) {
            (Ok(tree), Ok(value)) => {
                assert_eq!(format!("{tree:?}"), format!("{value:?}"), "{text}")
            }
            (Err(tree), Err(value)) => {
                assert_eq!(format!("{tree:?}"), format!("{value:?}"), "{text}")
            }
            (tree, value) => panic!("{text}\ntree: {tree:?}\nvalue: {value:?}"),
        }
    }

    #[test]
    fn the_tree_deserializes_the_bundled_files_like_a_value() {
        use crate::model::answers::AnswersFile;
        use crate::model::questionnaire::Questionnaire;
        for bundled in crate::load::BUNDLED {
            same_as_value::<Questionnaire>(bundled.text, &[]);
        }
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "yaml")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                same_as_value::<AnswersFile>(&text, &[]);
            }
        }
    }

    #[test]
    fn validating_a_questionnaire_builds_no_value() {
        let bundled = crate::load::BUNDLED[0];
        let document = parse(bundled.text).unwrap();
        crate::validate::questionnaire::validate(&document).unwrap();
        assert!(
            !document.value_built(),
            "the questionnaire is read from the tree alone"
        );
        // Asked for, the value is the document's.
        assert_eq!(
            document.get(&key(&[], "id")).and_then(Value::as_str),
            Some(bundled.id)
        );
    }

    #[test]
    fn a_document_read_without_a_key_reads_it_as_an_empty_list() {
        use crate::model::questionnaire::Questionnaire;
        let bundled = crate::load::BUNDLED[0];
        let document = parse(bundled.text).unwrap();
        let whole: Questionnaire = document.deserialize(&[]).unwrap();
        let header: Questionnaire = document.deserialize_without("questions").unwrap().unwrap();
        assert!(!whole.questions.is_empty());
        assert!(header.questions.is_empty());
        let mut expected = serde_json::to_value(&whole).unwrap();
        expected["questions"] = serde_json::Value::Array(Vec::new());
        assert_eq!(serde_json::to_value(&header).unwrap(), expected);
        // Whatever the hidden key holds; every other key reads and fails as it would.
        let text = "id: [1]\nquestions: 5\n";
        let document = parse(text).unwrap();
        let read = document.deserialize_without::<BTreeMap<String, Vec<u8>>>("questions");
        assert_eq!(
            read.unwrap().unwrap(),
            BTreeMap::from([("id".into(), vec![1]), ("questions".into(), Vec::new())])
        );
        let read = document.deserialize_without::<BTreeMap<String, Vec<u8>>>("id");
        assert!(read.unwrap().is_err());
        // A document read through its `Value` (a tag) is not read so.
        let document = parse("a: !!int 1\n").unwrap();
        assert!(document
            .deserialize_without::<BTreeMap<String, i64>>("b")
            .is_none());
    }

    #[test]
    fn large_mappings_find_every_key_and_refuse_repeats() {
        let mut text = String::from("answers:\n");
        for index in 0..40 {
            text.push_str(&format!("  q{index}: {index}\n"));
        }
        text.push_str("  0x10: sixteen\n  True: yes\n  \"quoted key\": x\n");
        let document = parse(&text).unwrap();
        let answers = key(&[], "answers");
        let location = document.key_location(&key(&answers, "q35"));
        assert_eq!((location.line, location.column), (37, 3));
        assert_eq!(document.value_location(&key(&answers, "q35")).column, 8);
        // A key that resolves to a number or a boolean reads as written and as shown.
        for (name, line) in [
            ("0x10", 42),
            ("16", 42),
            ("True", 43),
            ("true", 43),
            ("quoted key", 44),
        ] {
            assert_eq!(
                document.key_location(&key(&answers, name)).line,
                line,
                "{name}"
            );
        }
        // A key that is not there is placed at its mapping.
        assert_eq!(document.key_location(&key(&answers, "q99")).line, 1);
        let node = document.node(&answers).unwrap();
        assert_eq!(node.len(), 43);
        assert_eq!(node.keys().nth(40), Some("0x10"));
        let repeated = format!("{text}  q7: again\n");
        let error = parse(&repeated).unwrap_err();
        assert_eq!(error.code, Code::DuplicateKey);
        assert_eq!(error.location.unwrap().line, 45);
        assert!(error.help.unwrap().contains("line 9"));
    }

    /// A random YAML value in flow style, from pieces a questionnaire or answers file holds.
    fn flow_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop::sample::select(vec![
            "1",
            "-2",
            "-0",
            "0.5",
            "1e400",
            "0x1F",
            "007",
            ".inf",
            ".nan",
            "true",
            "False",
            "~",
            "null",
            "''",
            "'3'",
            "yes",
            "text",
            "choice",
            "yes_no",
            "multi",
            "scale",
            "number",
            "2026-01-02",
            "mature",
            "critical",
            "\"a\\tb\"",
            "x y",
        ])
        .prop_map(str::to_string);
        leaf.prop_recursive(3, 24, 4, |inner| {
            let key = prop::sample::select(vec![
                "id",
                "domain",
                "text",
                "kind",
                "options",
                "value",
                "score",
                "weight",
                "allow_na",
                "bands",
                "up_to",
                "signals",
                "red_flag",
                "remediation",
                "client",
                "default",
                "when",
                "question",
                "in",
                "label",
                "scale",
                "min",
                "max",
                "bogus",
                "1",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| format!("[{}]", items.join(", "))),
                prop::collection::btree_map(key, inner, 0..5).prop_map(|entries| {
                    let entries: Vec<String> = entries
                        .into_iter()
                        .map(|(key, value)| format!("{key}: {value}"))
                        .collect();
                    format!("{{{}}}", entries.join(", "))
                }),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]

        /// Random shapes deserialize into the models from the tree exactly as from a
        /// `Value`: same model, or same message at the same place.
        #[test]
        fn the_tree_deserializes_like_a_value(question in flow_value(), answer in flow_value()) {
            use crate::model::questionnaire::{AnswerOption, Question};
            let text = format!("questions:\n  - {question}\nanswers:\n  q: {answer}\n");
            if parse(&text).is_err() {
                return Ok(());
            }
            let item = [Segment::Key("questions".into()), Segment::Index(0)];
            same_as_value::<Question>(&text, &item);
            same_as_value::<AnswerOption>(&text, &item);
            same_as_value::<crate::model::answers::LongAnswer>(&text, &[Segment::Key("answers".into()), Segment::Key("q".into())]);
            same_as_value::<crate::model::answers::AnswersFile>(&text, &[]);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The guard builds the document's value itself; it must resolve every plain scalar
        /// exactly as serde_yaml does.
        #[test]
        fn plain_scalars_resolve_like_serde_yaml(text in "[-+0-9.eExobaAfFinINul_~ ]{1,8}|(true|True|TRUE|false|null|Null|NULL|~|\\.inf|-\\.inf|\\.nan|\\.NaN|0x1F|0o17|0b101|-0x10|007|-007|1_000|1e3|\\+5|\\+\\.5)") {
            let yaml = format!("k: {text}\n");
            let expected = serde_yaml::from_str::<Value>(&yaml);
            let source = Source::from_bytes("t.yaml".into(), None, yaml.as_bytes()).unwrap();
            match (Document::parse(source), expected) {
                (Ok(document), Ok(expected)) => {
                    proptest::prop_assert_eq!(format!("{:?}", document.value()), format!("{expected:?}"));
                }
                (Err(_), Err(_)) => {}
                (Ok(document), Err(error)) => proptest::prop_assert!(false, "guard accepted what serde_yaml refused: {error} {:?}", document.value()),
                (Err(problem), Ok(_)) => {
                    // The guard may refuse more (e.g. duplicate keys), never a plain scalar.
                    proptest::prop_assert!(problem.code != Code::YamlSyntax || text.trim().is_empty(), "{problem}");
                }
            }
        }
    }

    #[test]
    fn quoted_and_block_scalars_stay_text() {
        let document = parse("a: '1'\nb: \"true\"\nc: |\n  12\nd: !!str 5\n").unwrap();
        for key in ["a", "b", "c", "d"] {
            assert!(document.value().get(key).unwrap().is_string(), "{key}");
        }
    }

    #[test]
    fn other_tags_are_left_to_serde_yaml() {
        let document = parse("a: !!int 5\nb: !!float 1\n").unwrap();
        assert_eq!(document.value().get("a").unwrap().as_i64(), Some(5));
    }
}
