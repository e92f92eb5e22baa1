//! From VSAQ items to an mspcheck questionnaire skeleton (`super::skeleton`), recording for
//! every item how it was carried: faithfully, approximately (and why), or not at all.
//!
//! The mapping (docs/convert.md has it for users):
//! blocks → domains (nested blocks flattened, titled by their path); `radiogroup` → `choice`;
//! `checkgroup` → `multi`, one option per box; `check` and `yesno` → `yes_no`; `line`, `box`
//! and `upload` → `kind: text`; `info` → `help` of the question it introduces (or the domain's
//! description); a warning `tip` on one answer → that option's `red_flag` with its severity
//! and the tip's text as the option's `remediation`; a warning on a combination → a `flags:`
//! entry; a tip's `why` prompt → a `kind: text` question asked when the tip shows; other tips
//! → the remediation of the answer they follow, or help; every `cond` (with the conditions of
//! the blocks around the item) → a compound `when`.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::cond::Expr;
use super::html;
use super::skeleton::{Answer as SkeletonOption, Domain, Flag, Kind, Question, Skeleton, Tree};
use super::vsaq::{self, Item};

/// How an item came across.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Everything it means is in the skeleton.
    Faithful,
    /// It is there, but some of its meaning is not (the reasons say what).
    Approximate,
    /// Nothing of it is in the skeleton.
    NotCarried,
}

/// One item's record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ItemRecord {
    /// Index of the file (0: the base, then each extension).
    #[serde(skip)]
    pub file: usize,
    /// Byte offset of the item in its file.
    #[serde(skip)]
    pub offset: usize,
    /// The VSAQ `type`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The VSAQ `id`, if any.
    pub id: Option<String>,
    /// How it came across.
    pub status: Status,
    /// Where it went, in a few words (`question \`a.b\``).
    pub carried_as: Vec<String>,
    /// What of its meaning is missing, one sentence each.
    pub reasons: Vec<String>,
}

/// A tree node: an item and the block around it.
struct Node<'a> {
    item: &'a Item,
    /// The enclosing block's node.
    parent: Option<usize>,
    /// Depth below the root block (the root is 0).
    depth: usize,
}

/// What a VSAQ id names.
#[derive(Debug, Clone, Copy)]
enum Symbol {
    Node(usize),
    /// A choice (radio) or box (check) of a group node: (node, choice index).
    Choice(usize, usize),
}

struct Builder<'a> {
    nodes: Vec<Node<'a>>,
    records: Vec<ItemRecord>,
    symbols: HashMap<String, Symbol>,
    /// Question index of each question-producing node.
    node_question: HashMap<usize, usize>,
    /// Option value of each (group node, choice index).
    choice_value: HashMap<(usize, usize), String>,
    domains: Vec<Domain>,
    domain_of_block: HashMap<usize, usize>,
    questions: Vec<Question>,
    flags: Vec<Flag>,
    /// Own conditions translated: node → tree (None: no condition, or not representable).
    own: HashMap<usize, Option<Tree>>,
    in_progress: HashSet<usize>,
    /// Questions some `when` reads (so they gate), and questions a warning on one of their
    /// own answers marks (so they are assessed, not only context).
    gating: HashSet<usize>,
    warned: HashSet<usize>,
    /// For each flag, the questions whose answers alone can raise it (see `alone`): the
    /// flag assesses them.
    flag_reads: Vec<BTreeSet<usize>>,
    used_question_ids: HashSet<String>,
    used_flag_ids: HashSet<String>,
    description: Vec<String>,
    /// Infos used as the text of the question after them.
    consumed_info: HashSet<usize>,
}

/// The result of a conversion.
pub struct Built {
    /// The skeleton, ready to write.
    pub skeleton: Skeleton,
    /// One record per VSAQ item, in document order.
    pub records: Vec<ItemRecord>,
}

fn is_question(item: &Item) -> bool {
    matches!(
        item.kind,
        vsaq::Kind::Radiogroup { .. }
            | vsaq::Kind::Checkgroup { .. }
            | vsaq::Kind::Line
            | vsaq::Kind::Box
            | vsaq::Kind::Check
            | vsaq::Kind::YesNo { .. }
            | vsaq::Kind::Upload
    )
}

fn tip_why(item: &Item) -> Option<&str> {
    match &item.kind {
        vsaq::Kind::Tip { why: Some(why), .. } => Some(why),
        _ => None,
    }
}

/// `text` as an id: lowercase, characters outside `allowed` (and `[a-z0-9]`) become `_`.
pub(crate) fn slug(text: &str, allowed: &[char]) -> String {
    let mut out = String::new();
    for character in text.chars() {
        let lower = character.to_ascii_lowercase();
        if lower.is_ascii_lowercase() || lower.is_ascii_digit() || allowed.contains(&lower) {
            out.push(lower);
        } else if character == ':' && allowed.contains(&'.') {
            out.push('.');
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches(|c| c == '_' || c == '.' || c == '-');
    trimmed.chars().take(80).collect()
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let mut counter = 2;
    loop {
        let candidate = format!("{base}_{counter}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        counter += 1;
    }
}

/// Builds the skeleton from the root items (extensions already merged in).
pub(crate) fn build(root: &[Item], title_fallback: &str) -> Built {
    let mut builder = Builder {
        nodes: Vec::new(),
        records: Vec::new(),
        symbols: HashMap::new(),
        node_question: HashMap::new(),
        choice_value: HashMap::new(),
        domains: Vec::new(),
        domain_of_block: HashMap::new(),
        questions: Vec::new(),
        flags: Vec::new(),
        own: HashMap::new(),
        in_progress: HashSet::new(),
        gating: HashSet::new(),
        warned: HashSet::new(),
        flag_reads: Vec::new(),
        used_question_ids: HashSet::new(),
        used_flag_ids: HashSet::new(),
        description: Vec::new(),
        consumed_info: HashSet::new(),
    };
    // The root block gives the title; a list of several items is a root of its own.
    let title = match root {
        [item] if matches!(item.kind, vsaq::Kind::Block { .. }) && !item.text.trim().is_empty() => {
            html::to_line(&item.text)
        }
        _ => title_fallback.to_string(),
    };
    for item in root {
        builder.flatten(item, None, 0);
    }
    builder.index_symbols();
    builder.make_domains(&title);
    builder.make_questions();
    builder.make_conditions();
    builder.place_tips();
    builder.place_infos();
    builder.score();
    builder.finish_records();
    Built {
        skeleton: Skeleton {
            title,
            description: builder.description,
            domains: builder.domains,
            questions: builder.questions,
            flags: builder.flags,
        },
        records: builder.records,
    }
}

impl<'a> Builder<'a> {
    fn flatten(&mut self, item: &'a Item, parent: Option<usize>, depth: usize) {
        let index = self.nodes.len();
        self.nodes.push(Node {
            item,
            parent,
            depth,
        });
        self.records.push(ItemRecord {
            file: item_file(item),
            offset: item.offset & OFFSET_MASK,
            type_name: item.type_name.clone(),
            id: item.id.clone(),
            status: Status::Faithful,
            carried_as: Vec::new(),
            reasons: Vec::new(),
        });
        for (key, value) in &item.uncarried {
            let reason = match key.as_str() {
                "required" => "VSAQ requires an answer; mspcheck has no required answers (a missing one lowers coverage instead)".to_string(),
                "default" => format!("its default answer `{value}` is not carried: mspcheck questions start unanswered"),
                "inputPattern" | "inputTitle" => format!("the input check `{key}: {value}` is not carried: text answers are checked only for length"),
                "auth" => format!("`auth: {value}` (who may see or change the item) has no counterpart"),
                "className" => format!("`className: {value}` (how VSAQ shows the item) has no counterpart"),
                _ => format!("`{key}: {value}` has no counterpart"),
            };
            self.approximate(index, reason);
        }
        if let vsaq::Kind::Block { items } = &item.kind {
            for child in items {
                self.flatten(child, Some(index), depth + 1);
            }
        }
    }

    fn approximate(&mut self, node: usize, reason: String) {
        let record = &mut self.records[node];
        if record.status == Status::Faithful {
            record.status = Status::Approximate;
        }
        if !record.reasons.contains(&reason) {
            record.reasons.push(reason);
        }
    }

    fn carried(&mut self, node: usize, what: String) {
        let record = &mut self.records[node];
        if !record.carried_as.contains(&what) {
            record.carried_as.push(what);
        }
    }

    fn index_symbols(&mut self) {
        for (index, node) in self.nodes.iter().enumerate() {
            if let Some(id) = &node.item.id {
                self.symbols
                    .entry(id.clone())
                    .or_insert(Symbol::Node(index));
            }
            if let vsaq::Kind::Radiogroup { choices, .. } | vsaq::Kind::Checkgroup { choices, .. } =
                &node.item.kind
            {
                for (position, choice) in choices.iter().enumerate() {
                    self.symbols
                        .entry(choice.id.clone())
                        .or_insert(Symbol::Choice(index, position));
                }
            }
        }
    }

    fn ancestors(&self, node: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = self.nodes[node].parent;
        while let Some(parent) = at {
            chain.push(parent);
            at = self.nodes[parent].parent;
        }
        chain.reverse();
        chain
    }

    fn make_domains(&mut self, title: &str) {
        let mut used = HashSet::new();
        for index in 0..self.nodes.len() {
            let item = self.nodes[index].item;
            if !matches!(item.kind, vsaq::Kind::Block { .. }) {
                continue;
            }
            let vsaq::Kind::Block { items } = &item.kind else {
                continue;
            };
            let has_questions = items
                .iter()
                .any(|child| is_question(child) || tip_why(child).is_some());
            // The title path: the blocks below the root, outermost first.
            let mut path: Vec<String> = self
                .ancestors(index)
                .into_iter()
                .chain([index])
                .filter(|&block| self.nodes[block].depth > 0 || self.nodes.len() == 1)
                .map(|block| html::to_line(&self.nodes[block].item.text))
                .filter(|text| !text.is_empty())
                .collect();
            if path.is_empty() {
                path.push(if self.nodes[index].depth == 0 {
                    title.to_string()
                } else {
                    format!("Section {}", self.domains.len() + 1)
                });
            }
            if !has_questions {
                self.carried(index, "part of the titles of the domains inside it".into());
                continue;
            }
            let base = item
                .id
                .as_deref()
                .map(|id| slug(id.strip_prefix("block_").unwrap_or(id), &['_', '-']))
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| {
                    let from_title = slug(path.last().map_or("", String::as_str), &['_', '-']);
                    let short: String = from_title.split('_').take(4).collect::<Vec<_>>().join("_");
                    if short.is_empty() {
                        format!("section_{}", self.domains.len() + 1)
                    } else {
                        short
                    }
                });
            let id = unique(base, &mut used);
            self.carried(index, format!("domain `{id}`"));
            self.domain_of_block.insert(index, self.domains.len());
            self.domains.push(Domain {
                id,
                title: path.join(" / "),
                description: Vec::new(),
                source: item.id.clone(),
            });
        }
        if self.domains.is_empty() {
            // A file without questions still converts (a domain must exist to validate).
            self.domains.push(Domain {
                id: "general".into(),
                title: title.to_string(),
                description: Vec::new(),
                source: None,
            });
        }
    }

    fn domain_for(&self, node: usize) -> usize {
        let mut at = self.nodes[node].parent;
        while let Some(block) = at {
            if let Some(&domain) = self.domain_of_block.get(&block) {
                return domain;
            }
            at = self.nodes[block].parent;
        }
        0
    }

    fn question_id(&mut self, wanted: Option<&str>, fallback: &str) -> String {
        let base = wanted
            .map(|id| slug(id, &['_', '.', '-']))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| fallback.to_string());
        unique(base, &mut self.used_question_ids)
    }

    fn make_questions(&mut self) {
        for index in 0..self.nodes.len() {
            let item = self.nodes[index].item;
            if let Some(why) = tip_why(item) {
                // Asked where the tip shows; its condition is set in `make_conditions`.
                let domain = self.domain_for(index);
                let base = item
                    .id
                    .as_deref()
                    .map(|id| format!("{}_why", slug(id, &['_', '.', '-'])))
                    .unwrap_or_else(|| format!("{}.why", self.domains[domain].id));
                let id = unique(base, &mut self.used_question_ids);
                self.carried(index, format!("text question `{id}` for its `why` prompt"));
                self.node_question.insert(index, self.questions.len());
                self.questions.push(Question {
                    id,
                    reference: item.id.clone(),
                    domain,
                    kind: Kind::Text,
                    text: html::to_line(why),
                    help: vec![html::to_text(&item.text)],
                    options: Vec::new(),
                    max_length: None,
                    when: None,
                    scored: true,
                    node_line: index,
                });
                continue;
            }
            if !is_question(item) {
                continue;
            }
            let domain = self.domain_for(index);
            let mut text = html::to_line(&item.text);
            if text.is_empty() {
                // A group without a caption is introduced by the info just before it.
                if let Some(info) = self.previous_sibling(index).filter(|&previous| {
                    matches!(self.nodes[previous].item.kind, vsaq::Kind::Info)
                        && self.nodes[previous].item.cond.is_none()
                }) {
                    text = html::to_line(&self.nodes[info].item.text);
                    self.records[info]
                        .carried_as
                        .push("the text of the question after it".into());
                    self.records[info].status = Status::Faithful;
                    self.consumed_info.insert(info);
                }
            }
            if text.is_empty()
                && matches!(
                    item.kind,
                    vsaq::Kind::Checkgroup { .. } | vsaq::Kind::Radiogroup { .. }
                )
            {
                // A group without a caption right after another group continues its list.
                if let Some(previous) = self.previous_sibling(index).filter(|&previous| {
                    matches!(
                        self.nodes[previous].item.kind,
                        vsaq::Kind::Checkgroup { .. } | vsaq::Kind::Radiogroup { .. }
                    )
                }) {
                    if let Some(&question) = self.node_question.get(&previous) {
                        let caption = self.questions[question]
                            .text
                            .trim_end_matches(" (continued)")
                            .to_string();
                        text = format!("{caption} (continued)");
                        let id = self.questions[question].id.clone();
                        self.carried(
                            index,
                            format!("worded as the continuation of `{id}`, the list it follows"),
                        );
                    }
                }
            }
            let mut help = Vec::new();
            if let Some(placeholder) = &item.placeholder {
                help.push(format!("For example: {}", html::to_line(placeholder)));
            }
            let (kind, mut options, max_length, wanted) = match &item.kind {
                vsaq::Kind::Radiogroup {
                    choices,
                    default_choice,
                } => (
                    Kind::Choice,
                    self.options(index, item, choices, *default_choice, false),
                    None,
                    item.id.clone().or_else(|| common_prefix(choices)),
                ),
                vsaq::Kind::Checkgroup {
                    choices,
                    default_choice,
                } => (
                    Kind::Multi,
                    self.options(index, item, choices, *default_choice, true),
                    None,
                    item.id.clone().or_else(|| common_prefix(choices)),
                ),
                vsaq::Kind::Check => (
                    Kind::YesNo,
                    yes_no_options(None, None),
                    None,
                    item.id.clone(),
                ),
                vsaq::Kind::YesNo { yes, no } => (
                    Kind::YesNo,
                    yes_no_options(yes.as_deref(), no.as_deref()),
                    None,
                    item.id.clone(),
                ),
                vsaq::Kind::Line => (
                    Kind::Text,
                    Vec::new(),
                    Some(LINE_MAX_LENGTH),
                    item.id.clone(),
                ),
                vsaq::Kind::Box => (Kind::Text, Vec::new(), None, item.id.clone()),
                _ => {
                    self.approximate(
                        index,
                        "mspcheck takes no file uploads: asked as a text answer naming the document (its file name or a link)".into(),
                    );
                    help.push(
                        "Name the document you would upload (its file name or a link).".into(),
                    );
                    (Kind::Text, Vec::new(), None, item.id.clone())
                }
            };
            if distinct_labels(&mut options) {
                self.approximate(
                    index,
                    "two of its choices have the same text; each repeat is told apart by its value in brackets".into(),
                );
            }
            if text.is_empty() {
                text = format!("(untitled {} in the VSAQ file)", item.type_name);
                self.approximate(
                    index,
                    "it has no text; the question is worded as a placeholder to replace".into(),
                );
            }
            let fallback = format!("{}.q{}", self.domains[domain].id, self.questions.len() + 1);
            let id = self.question_id(wanted.as_deref(), &fallback);
            let what = match kind {
                Kind::Choice => "`choice`",
                Kind::Multi => "`multi`",
                Kind::YesNo => "`yes_no`",
                Kind::Text => "`kind: text`",
            };
            self.carried(index, format!("{what} question `{id}`"));
            self.node_question.insert(index, self.questions.len());
            self.questions.push(Question {
                id,
                reference: item.id.clone(),
                domain,
                kind,
                text,
                help,
                options,
                max_length,
                when: None,
                scored: true,
                node_line: index,
            });
        }
    }

    fn previous_sibling(&self, node: usize) -> Option<usize> {
        let parent = self.nodes[node].parent;
        (0..node)
            .rev()
            .find(|&other| self.nodes[other].parent == parent)
    }

    fn options(
        &mut self,
        node: usize,
        item: &Item,
        choices: &[vsaq::Choice],
        default_choice: bool,
        multi: bool,
    ) -> Vec<SkeletonOption> {
        let prefix = item
            .id
            .as_deref()
            .map(|id| format!("{id}_"))
            .or_else(|| common_prefix(choices).map(|prefix| format!("{prefix}_")));
        let mut used = HashSet::new();
        let mut options = Vec::new();
        for (position, choice) in choices.iter().enumerate() {
            let short = prefix
                .as_deref()
                .and_then(|prefix| choice.id.strip_prefix(prefix))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&choice.id);
            let mut base = slug(short, &['_']);
            if base.is_empty() {
                base = format!("option_{}", position + 1);
            }
            let value = unique(base, &mut used);
            if let Some(cond) = &choice.cond {
                self.approximate(
                    node,
                    format!("choice `{}` shows only when `{cond}`; mspcheck options have no condition, so it is always offered", choice.id),
                );
            }
            self.choice_value.insert((node, position), value.clone());
            let mut label = html::to_line(&choice.text);
            if label.is_empty() {
                label = value.clone();
            }
            options.push(SkeletonOption {
                value,
                label: Some(label),
                source: Some(choice.id.clone()),
                score: 1.0,
                red_flag: None,
                severity: None,
                remediation: Vec::new(),
                exclusive: false,
            });
        }
        if default_choice {
            let value = unique("none_of_the_above".into(), &mut used);
            options.push(SkeletonOption {
                value,
                label: Some("None of the above.".into()),
                source: None,
                score: if multi { 0.0 } else { 1.0 },
                red_flag: None,
                severity: None,
                remediation: Vec::new(),
                exclusive: multi,
            });
        }
        options
    }
}

/// Makes the options' labels distinct (a questionnaire refuses one label twice in a
/// question): a repeated label gets its option's value in brackets, then a number if that is
/// taken too. True when a label changed.
fn distinct_labels(options: &mut [SkeletonOption]) -> bool {
    let mut used: HashSet<String> = HashSet::new();
    let mut changed = false;
    for option in options.iter_mut() {
        let Some(label) = option.label.clone() else {
            continue;
        };
        let mut distinct = label.clone();
        let mut count = 1;
        while used.contains(&distinct) {
            count += 1;
            distinct = if count == 2 {
                format!("{label} ({})", option.value)
            } else {
                format!("{label} ({}, {count})", option.value)
            };
        }
        changed |= distinct != label;
        used.insert(distinct.clone());
        option.label = Some(distinct);
    }
    changed
}

/// `max_length` of a one-line (`line`) answer; a `box` has none.
pub(crate) const LINE_MAX_LENGTH: u32 = 1000;

/// Extension items carry their file index in the offset's high bits (see `mod.rs`).
pub(crate) const FILE_SHIFT: u32 = 40;
const OFFSET_MASK: usize = (1 << FILE_SHIFT) - 1;

fn item_file(item: &Item) -> usize {
    item.offset >> FILE_SHIFT
}

fn yes_no_options(yes: Option<&str>, no: Option<&str>) -> Vec<SkeletonOption> {
    [("yes", yes, 1.0), ("no", no, 0.0)]
        .into_iter()
        .map(|(value, label, score)| SkeletonOption {
            value: value.into(),
            label: label.map(html::to_line).filter(|label| !label.is_empty()),
            source: None,
            score,
            red_flag: None,
            severity: None,
            remediation: Vec::new(),
            exclusive: false,
        })
        .collect()
}

/// The longest common prefix of the choice ids, cut at a `_`.
fn common_prefix(choices: &[vsaq::Choice]) -> Option<String> {
    let first = &choices.first()?.id;
    let mut length = first.len();
    for choice in &choices[1..] {
        length = first
            .bytes()
            .zip(choice.id.bytes())
            .take(length)
            .take_while(|(a, b)| a == b)
            .count();
    }
    if choices.len() == 1 {
        length = first.rfind('_')?;
    }
    let prefix = &first[..length];
    let cut = if choices
        .iter()
        .all(|choice| choice.id.as_bytes().get(length) == Some(&b'_'))
    {
        prefix
    } else {
        &prefix[..prefix.rfind('_')?]
    };
    let cut = cut.trim_end_matches('_');
    (!cut.is_empty()).then(|| cut.to_string())
}

// Conditions.
impl Builder<'_> {
    /// The own `cond` of a node as a tree (cached); reasons go to the node's record.
    fn own_tree(&mut self, node: usize) -> Option<Tree> {
        if let Some(tree) = self.own.get(&node) {
            return tree.clone();
        }
        let Some(cond) = self.nodes[node].item.cond.clone() else {
            self.own.insert(node, None);
            return None;
        };
        let Some(expr) = cond.expr.clone() else {
            self.own.insert(node, None);
            return None;
        };
        if !self.in_progress.insert(node) {
            self.approximate(
                node,
                format!(
                    "its condition `{}` refers back to itself; that part is left out",
                    cond.written
                ),
            );
            return None;
        }
        let mut reasons = Vec::new();
        let tree = self.translate(&expr, &mut reasons).map(simplify);
        self.in_progress.remove(&node);
        for reason in reasons {
            self.approximate(
                node,
                format!("in its condition `{}`, {reason}", cond.written),
            );
        }
        self.own.insert(node, tree.clone());
        tree
    }

    /// When the node shows in VSAQ: its blocks' conditions and its own.
    fn effective(&mut self, node: usize) -> Option<Tree> {
        let mut parts = Vec::new();
        for block in self.ancestors(node) {
            parts.extend(self.own_tree(block));
        }
        parts.extend(self.own_tree(node));
        combine_all(parts).map(simplify)
    }

    fn translate(&mut self, expr: &Expr, reasons: &mut Vec<String>) -> Option<Tree> {
        match expr {
            Expr::Not(inner) => match self.translate(inner, reasons) {
                Some(tree) => Some(Tree::Not(Box::new(tree))),
                None => {
                    reasons
                        .push("a negation of a part that could not be carried is left out".into());
                    None
                }
            },
            Expr::And(left, right) => {
                let parts: Vec<Tree> = [left, right]
                    .into_iter()
                    .filter_map(|side| self.translate(side, reasons))
                    .collect();
                combine_all(parts)
            }
            Expr::Or(left, right) => {
                let left = self.translate(left, reasons);
                let right = self.translate(right, reasons);
                match (left, right) {
                    (Some(left), Some(right)) => Some(Tree::Any(vec![left, right])),
                    _ => {
                        reasons.push("an alternative (`||`) with a part that could not be carried is left out, so the item applies more often".into());
                        None
                    }
                }
            }
            Expr::Call(name, _) => {
                reasons.push(format!("`{name}(…)` tests a text answer, which mspcheck conditions cannot; it is left out"));
                None
            }
            Expr::Text(text) => {
                reasons.push(format!(
                    "the string \"{text}\" outside a function is left out"
                ));
                None
            }
            Expr::Name(name) => self.resolve(name, reasons),
        }
    }

    fn resolve(&mut self, name: &str, reasons: &mut Vec<String>) -> Option<Tree> {
        let (visibility, rest) = match name.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, name),
        };
        let (base, suffix) = match rest.rsplit_once('/') {
            Some((base, suffix @ ("yes" | "no" | "value"))) => (base, Some(suffix)),
            _ => (rest, None),
        };
        if base == "false" {
            reasons.push(
                "`false` (VSAQ's \"never show\") has no counterpart in a `when`; it is left out"
                    .into(),
            );
            return None;
        }
        let Some(&symbol) = self.symbols.get(base) else {
            reasons.push(format!("`{base}` is no item of the file; it is left out"));
            return None;
        };
        match symbol {
            Symbol::Choice(group, position) => {
                let question = *self.node_question.get(&group)?;
                let value = self.choice_value.get(&(group, position))?.clone();
                if visibility {
                    return self.effective(group);
                }
                Some(Tree::Leaf {
                    question,
                    values: vec![value],
                })
            }
            Symbol::Node(node) => {
                if visibility {
                    return self.effective(node);
                }
                let item = self.nodes[node].item;
                match &item.kind {
                    vsaq::Kind::Check | vsaq::Kind::YesNo { .. } => {
                        let question = *self.node_question.get(&node)?;
                        let value = if suffix == Some("no") { "no" } else { "yes" };
                        Some(Tree::Leaf {
                            question,
                            values: vec![value.into()],
                        })
                    }
                    vsaq::Kind::Radiogroup { choices, .. }
                    | vsaq::Kind::Checkgroup { choices, .. } => {
                        let question = *self.node_question.get(&node)?;
                        let values = (0..choices.len())
                            .filter_map(|position| {
                                self.choice_value.get(&(node, position)).cloned()
                            })
                            .collect();
                        Some(Tree::Leaf { question, values })
                    }
                    vsaq::Kind::Line | vsaq::Kind::Box | vsaq::Kind::Upload => {
                        reasons.push(format!("`{name}` tests the text answer of `{base}`, which mspcheck conditions cannot; it is left out"));
                        None
                    }
                    // A tip, info or block "is true" while it shows.
                    _ => self.effective(node),
                }
            }
        }
    }

    /// Adds to `into` what a positive leaf implies: its question applies, so every part of
    /// that question's `when` holds (and, in turn, what those parts imply).
    fn implied(&self, tree: &Tree, into: &mut Vec<Tree>) {
        let Tree::Leaf { question, .. } = tree else {
            return;
        };
        let parts = match &self.questions[*question].when {
            Some(Tree::All(parts)) => parts.clone(),
            Some(other) => vec![other.clone()],
            None => return,
        };
        for part in parts {
            if !into.contains(&part) {
                self.implied(&part, into);
                into.push(part);
            }
        }
    }

    /// Leaves out the parts of an `all` that another part implies (`{q: b, in: [x]}`
    /// already means that `b`'s own `when` holds): the same condition, shorter.
    fn drop_implied(&self, tree: Tree) -> Tree {
        match tree {
            Tree::All(parts) => {
                let parts: Vec<Tree> = parts
                    .into_iter()
                    .map(|part| self.drop_implied(part))
                    .collect();
                let mut implied = Vec::new();
                for part in &parts {
                    self.implied(part, &mut implied);
                }
                let mut kept: Vec<Tree> = parts
                    .iter()
                    .filter(|part| !implied.contains(part))
                    .cloned()
                    .collect();
                if kept.is_empty() {
                    kept = parts;
                }
                if kept.len() == 1 {
                    kept.remove(0)
                } else {
                    Tree::All(kept)
                }
            }
            Tree::Any(parts) => Tree::Any(
                parts
                    .into_iter()
                    .map(|part| self.drop_implied(part))
                    .collect(),
            ),
            Tree::Not(inner) => Tree::Not(Box::new(self.drop_implied(*inner))),
            leaf @ Tree::Leaf { .. } => leaf,
        }
    }

    fn make_conditions(&mut self) {
        for question in 0..self.questions.len() {
            let node = self.questions[question].node_line;
            let Some(tree) = self.effective(node) else {
                continue;
            };
            let mut dropped = BTreeSet::new();
            let tree = prune(tree, question, &mut dropped);
            for later in dropped {
                let id = self.questions[later].id.clone();
                self.approximate(
                    node,
                    format!("its condition reads `{id}`, which is asked later (or is itself); a `when` may only look back, so that part is left out"),
                );
            }
            // A why question belongs to its tip: what it reads is not gated by it.
            if let Some(tree) = &tree {
                let mut read = BTreeSet::new();
                tree.questions(&mut read);
                // A text follow-up ("explain how…") does not make its question context.
                if tip_why(self.nodes[node].item).is_none()
                    && self.questions[question].kind != Kind::Text
                {
                    self.gating.extend(read);
                }
            }
            if tree.is_some() {
                let id = self.questions[question].id.clone();
                self.carried(node, format!("`when` of `{id}`"));
            }
            self.questions[question].when = tree.map(|tree| self.drop_implied(simplify(tree)));
        }
    }
}

// Tips and infos.
impl Builder<'_> {
    fn place_tips(&mut self) {
        for node in 0..self.nodes.len() {
            let item = self.nodes[node].item;
            let vsaq::Kind::Tip {
                warn,
                severity,
                name,
                todo,
                ..
            } = &item.kind
            else {
                continue;
            };
            let text = html::to_text(&item.text);
            let own = self.own_tree(node);
            let mut remediation = vec![text.clone()];
            // An informational tip's name heads its advice (a warning's is its red flag).
            if let (false, Some(name)) = (*warn, name) {
                remediation.insert(0, html::to_line(name));
            }
            if let Some(todo) = todo {
                remediation.push(format!("To do: {}", html::to_line(todo)));
            }
            if *warn {
                let (severity, severity_note) = match severity.as_deref() {
                    None => (None, None),
                    Some(level @ ("low" | "medium" | "high" | "critical")) => {
                        (Some(level.to_string()), None)
                    }
                    Some(other) => (Some("high".to_string()), Some(other.to_string())),
                };
                if let Some(other) = severity_note {
                    self.approximate(
                        node,
                        format!("its severity `{other}` is not one of mspcheck's (`critical`, `high`, `medium`, `low`): it is `high` in the skeleton"),
                    );
                }
                let mut message = name
                    .as_deref()
                    .map(html::to_line)
                    .unwrap_or_else(|| html::to_line(&item.text));
                // A warning without any text still needs a message a reader can act on.
                if message.trim().is_empty() {
                    let named = item.id.as_deref().map_or_else(
                        || "A VSAQ warning".to_string(),
                        |id| format!("The VSAQ warning `{id}`"),
                    );
                    message = format!("{named} is raised (the source gives it no text)");
                    self.approximate(
                        node,
                        "the warning has no text: its message names the warning".to_string(),
                    );
                }
                if let Some(target) = self.option_target(node, own.as_ref()) {
                    let (question, values) = target;
                    for value in &values {
                        let option = self.questions[question]
                            .options
                            .iter_mut()
                            .find(|option| &option.value == value)
                            .expect("a leaf names an option of its question");
                        option.red_flag = Some(message.clone());
                        option.severity = severity.clone();
                        if name.is_some() || todo.is_some() {
                            option.remediation.extend(
                                remediation.iter().filter(|&text| *text != message).cloned(),
                            );
                        }
                    }
                    self.warned.insert(question);
                    let id = self.questions[question].id.clone();
                    self.carried(
                        node,
                        format!(
                            "red flag on `{id}` = {}",
                            values
                                .iter()
                                .map(|v| format!("`{v}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                } else {
                    let condition = self.effective(node);
                    let Some(condition) = condition else {
                        if item.cond.is_some() {
                            self.records[node].status = Status::NotCarried;
                            self.records[node].reasons.push(
                                "its condition could not be carried, so no flag can say when it is raised".into(),
                            );
                        } else {
                            self.records[node].status = Status::NotCarried;
                            self.records[node].reasons.push(
                                "a warning without a condition would be raised for every provider; it is not carried".into(),
                            );
                        }
                        continue;
                    };
                    self.flag_reads
                        .push(own.as_ref().map(alone).unwrap_or_default());
                    let base = item
                        .id
                        .as_deref()
                        .map(|id| slug(id, &['_', '.', '-']))
                        .filter(|id| !id.is_empty())
                        .unwrap_or_else(|| format!("flag_{}", self.flags.len() + 1));
                    let id = unique(base, &mut self.used_flag_ids);
                    // The tip's explanation goes with the flag unless its why question
                    // already shows it beside the prompt.
                    let full = if tip_why(item).is_some() || name.is_none() {
                        message.clone()
                    } else {
                        format!("{message}: {}", html::to_line(&item.text))
                    };
                    self.carried(node, format!("flag `{id}`"));
                    let condition = self.drop_implied(condition);
                    self.flags.push(Flag {
                        id,
                        severity: severity.unwrap_or_else(|| "high".into()),
                        message: full,
                        condition,
                    });
                }
            } else {
                match self.option_target(node, own.as_ref()) {
                    Some((question, values)) => {
                        for value in &values {
                            if let Some(option) = self.questions[question]
                                .options
                                .iter_mut()
                                .find(|option| &option.value == value)
                            {
                                option.remediation.extend(remediation.iter().cloned());
                            }
                        }
                        let id = self.questions[question].id.clone();
                        self.carried(
                            node,
                            format!(
                                "remediation of `{id}` = {}",
                                values
                                    .iter()
                                    .map(|v| format!("`{v}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                    None => {
                        let Some(question) = self.nearest_question(node) else {
                            self.description.extend(remediation);
                            self.carried(node, "the questionnaire's description".into());
                            continue;
                        };
                        self.questions[question].help.extend(remediation);
                        let id = self.questions[question].id.clone();
                        self.carried(node, format!("help of `{id}`"));
                        if let Some(cond) = &item.cond {
                            self.approximate(
                                node,
                                format!("VSAQ shows this advice only when `{}`; as help it shows with the question whatever the answers", cond.written),
                            );
                        }
                    }
                }
            }
        }
    }

    /// The question and option values a tip is about, when it is about chosen answers of one
    /// question only, under the same blocks: then an option's red flag says exactly what the
    /// tip says.
    fn option_target(&self, node: usize, own: Option<&Tree>) -> Option<(usize, Vec<String>)> {
        let Some(Tree::Leaf { question, values }) = own else {
            return None;
        };
        let question_node = self.questions[*question].node_line;
        let question_blocks: HashSet<usize> = self.ancestors(question_node).into_iter().collect();
        let extra_conditions = self.ancestors(node).into_iter().any(|block| {
            !question_blocks.contains(&block) && self.nodes[block].item.cond.is_some()
        });
        if extra_conditions {
            return None;
        }
        let target = &self.questions[*question];
        if target.kind == Kind::Multi && values.len() != 1 {
            return None;
        }
        let free = values.iter().all(|value| {
            target
                .options
                .iter()
                .any(|option| &option.value == value && option.red_flag.is_none())
        });
        free.then(|| (*question, values.clone()))
    }

    /// The question an unplaceable text belongs with: the last one before it in its
    /// block, else the next one in it.
    fn nearest_question(&self, node: usize) -> Option<usize> {
        let parent = self.nodes[node].parent;
        let siblings: Vec<usize> = (0..self.nodes.len())
            .filter(|&other| {
                self.nodes[other].parent == parent && self.node_question.contains_key(&other)
            })
            .filter(|&other| tip_why(self.nodes[other].item).is_none() || other != node)
            .collect();
        siblings
            .iter()
            .rev()
            .find(|&&other| other < node)
            .or_else(|| siblings.iter().find(|&&other| other > node))
            .and_then(|other| self.node_question.get(other).copied())
    }

    fn place_infos(&mut self) {
        for node in 0..self.nodes.len() {
            let item = self.nodes[node].item;
            if !matches!(item.kind, vsaq::Kind::Info) || self.consumed_info.contains(&node) {
                continue;
            }
            let text = html::to_text(&item.text);
            let parent = self.nodes[node].parent;
            let next = (node + 1..self.nodes.len())
                .take_while(|&other| {
                    self.nodes[other].parent == parent
                        || self.nodes[other].depth > self.nodes[node].depth
                })
                .find(|&other| {
                    self.nodes[other].parent == parent && is_question(self.nodes[other].item)
                });
            if let Some(question) = next.and_then(|next| self.node_question.get(&next).copied()) {
                self.questions[question].help.insert(0, text);
                let id = self.questions[question].id.clone();
                self.carried(node, format!("help of `{id}`"));
            } else if let Some(question) = self.nearest_question(node) {
                self.questions[question].help.push(text);
                let id = self.questions[question].id.clone();
                self.carried(node, format!("help of `{id}`"));
            } else {
                let domain = parent
                    .and_then(|block| self.domain_of_block.get(&block).copied())
                    .or_else(|| {
                        (node + 1..self.nodes.len()).find_map(|other| {
                            let inside = self
                                .ancestors(other)
                                .contains(&parent.unwrap_or(usize::MAX));
                            if inside {
                                self.domain_of_block.get(&other).copied()
                            } else {
                                None
                            }
                        })
                    });
                match domain {
                    Some(domain) => {
                        self.domains[domain].description.push(text);
                        let id = self.domains[domain].id.clone();
                        self.carried(node, format!("description of domain `{id}`"));
                    }
                    None => {
                        self.description.push(text);
                        self.carried(node, "the questionnaire's description".into());
                    }
                }
            }
            if let Some(cond) = &item.cond {
                self.approximate(
                    node,
                    format!(
                        "VSAQ shows this text only when `{}`; as help it always shows",
                        cond.written
                    ),
                );
            }
        }
    }

    /// Skeleton scores: an option with a warning scores 0, the others 1 (in a `multi` the
    /// boxes share 1). A question that decides whether other (non-text) questions apply,
    /// with no warning on its own answers alone, is a context question (`scored: false`):
    /// a flag on a combination may still read it ("sensitive data, and no incident
    /// know-how").
    fn score(&mut self) {
        for question in 0..self.questions.len() {
            let entry = &mut self.questions[question];
            if entry.kind == Kind::Text {
                continue;
            }
            let assessed = self.warned.contains(&question)
                || self
                    .flag_reads
                    .iter()
                    .any(|alone| alone.contains(&question));
            if self.gating.contains(&question) && !assessed {
                entry.scored = false;
                let id = entry.id.clone();
                let node = entry.node_line;
                self.carried(node, format!("context question `{id}` (`scored: false`): in VSAQ it only decides which items show"));
                continue;
            }
            match entry.kind {
                Kind::Multi => {
                    let good = entry
                        .options
                        .iter()
                        .filter(|option| option.red_flag.is_none() && !option.exclusive)
                        .count()
                        .max(1);
                    let share = (100.0 / good as f64).ceil() / 100.0;
                    for option in &mut entry.options {
                        option.score = if option.red_flag.is_some() || option.exclusive {
                            0.0
                        } else {
                            share
                        };
                    }
                }
                Kind::Choice => {
                    for option in &mut entry.options {
                        option.score = if option.red_flag.is_some() { 0.0 } else { 1.0 };
                    }
                }
                Kind::YesNo => {
                    let yes_flagged = entry.options[0].red_flag.is_some();
                    let no_flagged = entry.options[1].red_flag.is_some();
                    if yes_flagged && !no_flagged {
                        entry.options[0].score = 0.0;
                        entry.options[1].score = 1.0;
                    }
                }
                Kind::Text => {}
            }
        }
    }

    fn finish_records(&mut self) {
        for record in &mut self.records {
            if record.carried_as.is_empty() && record.status != Status::NotCarried {
                match record.type_name.as_str() {
                    "spacer" => record
                        .carried_as
                        .push("nothing to carry (VSAQ layout only)".into()),
                    _ => {
                        record.status = Status::NotCarried;
                        record
                            .reasons
                            .push("nothing in the skeleton holds it".into());
                    }
                }
            }
        }
    }
}

/// The questions whose answers alone make `tree` hold: the only question of the tree, or
/// of one of its alternatives (`a || b and c` → the question of `a`).
fn alone(tree: &Tree) -> BTreeSet<usize> {
    match tree {
        Tree::Any(parts) => parts.iter().flat_map(alone).collect(),
        _ => {
            let mut read = BTreeSet::new();
            tree.questions(&mut read);
            if read.len() == 1 {
                read
            } else {
                BTreeSet::new()
            }
        }
    }
}

fn combine_all(parts: Vec<Tree>) -> Option<Tree> {
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => Some(Tree::All(parts)),
    }
}

/// Drops the leaves that read `limit` or a later question (a `when` may only look back);
/// a dropped part holds, as if it were not written.
fn prune(tree: Tree, limit: usize, dropped: &mut BTreeSet<usize>) -> Option<Tree> {
    match tree {
        Tree::Leaf { question, .. } if question >= limit => {
            dropped.insert(question);
            None
        }
        Tree::Leaf { .. } => Some(tree),
        Tree::Not(inner) => prune(*inner, limit, dropped).map(|inner| Tree::Not(Box::new(inner))),
        Tree::All(parts) => combine_all(
            parts
                .into_iter()
                .filter_map(|part| prune(part, limit, dropped))
                .collect(),
        ),
        Tree::Any(parts) => {
            let count = parts.len();
            let kept: Vec<Tree> = parts
                .into_iter()
                .filter_map(|part| prune(part, limit, dropped))
                .collect();
            if kept.len() < count {
                None
            } else {
                Some(Tree::Any(kept))
            }
        }
    }
}

/// Flattens nested `all`/`any`, merges alternatives on one question into one leaf and
/// drops repeated parts.
pub(crate) fn simplify(tree: Tree) -> Tree {
    match tree {
        Tree::Leaf { .. } => tree,
        Tree::Not(inner) => Tree::Not(Box::new(simplify(*inner))),
        Tree::All(parts) => flattened(parts, true),
        Tree::Any(parts) => flattened(parts, false),
    }
}

/// The question and values of a part that merges with others on the same question: in an
/// `any`, `a || b` on one question is one leaf; in an `all`, `not a && not b` on one
/// question is `not (a or b)`: one test.
fn mergeable(part: &mut Tree, all: bool) -> Option<(usize, &mut Vec<String>)> {
    match (part, all) {
        (Tree::Leaf { question, values }, false) => Some((*question, values)),
        (Tree::Not(inner), true) => match inner.as_mut() {
            Tree::Leaf { question, values } => Some((*question, values)),
            _ => None,
        },
        _ => None,
    }
}

/// The parts of an `all` (`all` true) or an `any`, simplified, nested ones of the same kind
/// lifted, mergeable leaves merged, repeats dropped.
fn flattened(parts: Vec<Tree>, all: bool) -> Tree {
    let mut flat: Vec<Tree> = Vec::new();
    for part in parts.into_iter().map(simplify) {
        let pieces = match (part, all) {
            (Tree::All(inner), true) | (Tree::Any(inner), false) => inner,
            (other, _) => vec![other],
        };
        for mut piece in pieces {
            if let Some((question, values)) = mergeable(&mut piece, all) {
                let values = values.clone();
                let same = flat
                    .iter_mut()
                    .filter_map(|other| mergeable(other, all))
                    .find(|(other, _)| *other == question);
                if let Some((_, existing)) = same {
                    for value in values {
                        if !existing.contains(&value) {
                            existing.push(value);
                        }
                    }
                    continue;
                }
            }
            if !flat.contains(&piece) {
                flat.push(piece);
            }
        }
    }
    match (flat.len(), all) {
        (1, _) => flat.remove(0),
        (_, true) => Tree::All(flat),
        (_, false) => Tree::Any(flat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(question: usize, values: &[&str]) -> Tree {
        Tree::Leaf {
            question,
            values: values.iter().map(|value| value.to_string()).collect(),
        }
    }

    #[test]
    fn simplify_flattens_merges_alternatives_and_negated_boxes() {
        let tree = Tree::All(vec![
            Tree::All(vec![leaf(0, &["a"]), leaf(1, &["x"])]),
            Tree::Not(Box::new(leaf(2, &["m"]))),
            Tree::Not(Box::new(leaf(2, &["n"]))),
            leaf(0, &["a"]),
        ]);
        assert_eq!(
            simplify(tree),
            Tree::All(vec![
                leaf(0, &["a"]),
                leaf(1, &["x"]),
                Tree::Not(Box::new(leaf(2, &["m", "n"]))),
            ])
        );
        assert_eq!(
            simplify(Tree::Any(vec![
                leaf(3, &["a"]),
                Tree::Any(vec![leaf(3, &["b"])])
            ])),
            leaf(3, &["a", "b"])
        );
    }

    #[test]
    fn prune_drops_forward_references_and_widens() {
        let mut dropped = BTreeSet::new();
        let tree = Tree::All(vec![leaf(0, &["a"]), leaf(5, &["b"])]);
        assert_eq!(prune(tree, 3, &mut dropped), Some(leaf(0, &["a"])));
        assert_eq!(dropped.into_iter().collect::<Vec<_>>(), vec![5]);
        // An alternative that cannot be carried makes the whole `any` hold.
        let mut dropped = BTreeSet::new();
        let tree = Tree::Any(vec![leaf(0, &["a"]), leaf(5, &["b"])]);
        assert_eq!(prune(tree, 3, &mut dropped), None);
    }

    #[test]
    fn a_question_alone_raises_a_flag_when_it_is_the_only_one_read_or_an_alternative() {
        let both = Tree::All(vec![leaf(0, &["a"]), leaf(1, &["b"])]);
        assert!(alone(&both).is_empty());
        let either = Tree::Any(vec![both.clone(), leaf(2, &["c"])]);
        assert_eq!(alone(&either).into_iter().collect::<Vec<_>>(), vec![2]);
        let one = Tree::All(vec![leaf(3, &["a"]), Tree::Not(Box::new(leaf(3, &["b"])))]);
        assert_eq!(alone(&one).into_iter().collect::<Vec<_>>(), vec![3]);
    }

    #[test]
    fn ids_and_values_from_vsaq_ids() {
        assert_eq!(slug("acme:Owner Name", &['_', '.', '-']), "acme.owner_name");
        assert_eq!(slug("__x__", &['_']), "x");
        let choices = |ids: &[&str]| -> Vec<vsaq::Choice> {
            ids.iter()
                .map(|id| vsaq::Choice {
                    id: id.to_string(),
                    text: String::new(),
                    cond: None,
                })
                .collect()
        };
        assert_eq!(
            common_prefix(&choices(&["app_xss_templating", "app_xss_chokepoint"])),
            Some("app_xss".into())
        );
        assert_eq!(
            common_prefix(&choices(&["app_ssl_mixed", "app_ssl_mixedcontent"])),
            Some("app_ssl".into())
        );
        assert_eq!(common_prefix(&choices(&["a", "b"])), None);
        assert_eq!(common_prefix(&choices(&["only_one"])), Some("only".into()));
    }
}
