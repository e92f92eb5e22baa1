//! The document as the guard read it: one flat arena of nodes (a scalar's text, or a
//! mapping's or sequence's run of children in a second flat list), each with the position
//! it starts at. It is the only copy of a document kept: positions come from it, models are
//! deserialized straight from it, and a `serde_yaml::Value` is built from it only where a
//! caller asks for one.
//!
//! Scalars keep their text as written and are resolved (null, boolean, integer, float or
//! text, YAML 1.2 core schema like serde_yaml) when they are read, so a node costs one
//! string and a few words whatever it holds.

use std::collections::HashMap;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Number, Value};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// One node: where it starts, and what it holds.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) mark: Mark,
    pub(super) kind: Kind,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// A scalar: its text is `texts[start..start + len]`; `plain` when it was written
    /// without quotes, block style or tag, so that it may resolve to something other than
    /// text.
    Scalar { start: u32, len: u32, plain: bool },
    /// A mapping: `len` entries, each a key node and a value node, from `children[first]`.
    Map { first: u32, len: u32 },
    /// A sequence: `len` item nodes from `children[first]`.
    Seq { first: u32, len: u32 },
}

/// The arena.
#[derive(Debug, Clone, Default)]
pub(super) struct Tree {
    pub(super) slots: Vec<Slot>,
    /// Every scalar's text, one after the other (one allocation, not one per scalar).
    pub(super) texts: String,
    pub(super) children: Vec<u32>,
    /// For mappings with many entries: key text → entry position, so lookups stay O(1).
    pub(super) indexes: HashMap<u32, HashMap<String, u32>>,
    /// The root node, once the document is complete.
    pub(super) root: u32,
}

impl Tree {
    /// An empty arena with room for the document `text`: as many nodes as it has bytes that
    /// open, close or separate one (`:`, `,`, `-`, brackets, line ends), and an eighth more,
    /// and as much scalar text as it has bytes. Filled, rather than grown (and copied) as it
    /// fills; a file of long scalars reserves little.
    pub(super) fn for_text(text: &str) -> Tree {
        let marks = text
            .bytes()
            .filter(|byte| matches!(byte, b':' | b',' | b'-' | b'[' | b']' | b'{' | b'}' | b'\n'))
            .count();
        let nodes = marks + marks / 8 + 16;
        Tree {
            slots: Vec::with_capacity(nodes),
            texts: String::with_capacity(text.len()),
            children: Vec::with_capacity(nodes),
            ..Tree::default()
        }
    }

    /// The text of the scalar at `start` (see [`Kind::Scalar`]).
    pub(super) fn text(&self, start: u32, len: u32) -> &str {
        &self.texts[start as usize..(start + len) as usize]
    }

    /// Adds a scalar's text; its start and length.
    pub(super) fn add_text(&mut self, text: &str) -> (u32, u32) {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        (start, text.len() as u32)
    }

    /// The root node.
    pub(super) fn root(&self) -> Node<'_> {
        Node {
            tree: self,
            id: self.root,
        }
    }
}

/// A scalar's value, resolved the way serde_yaml resolves it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scalar<'a> {
    Null,
    Bool(bool),
    /// A non-negative integer (serde_yaml's `PosInt`).
    Unsigned(u64),
    /// A negative integer (serde_yaml's `NegInt`).
    Negative(i64),
    Float(f64),
    Text(&'a str),
}

impl Scalar<'_> {
    fn to_value(self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(flag) => Value::Bool(flag),
            Scalar::Unsigned(number) => Value::Number(number.into()),
            Scalar::Negative(number) => Value::Number(number.into()),
            Scalar::Float(number) => Value::Number(number.into()),
            Scalar::Text(text) => Value::String(text.to_string()),
        }
    }

    fn unexpected(&self) -> de::Unexpected<'_> {
        match *self {
            Scalar::Null => de::Unexpected::Unit,
            Scalar::Bool(flag) => de::Unexpected::Bool(flag),
            Scalar::Unsigned(number) => de::Unexpected::Unsigned(number),
            Scalar::Negative(number) => de::Unexpected::Signed(number),
            Scalar::Float(number) => de::Unexpected::Float(number),
            Scalar::Text(text) => de::Unexpected::Str(text),
        }
    }
}

/// Resolves a plain scalar the way serde_yaml does (YAML 1.2 core schema).
pub(super) fn resolve_plain(text: &str) -> Scalar<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        _ => {}
    }
    // Only text that starts like a number can be one.
    if !text
        .bytes()
        .next()
        .is_some_and(|byte| byte.is_ascii_digit() || b"+-.".contains(&byte))
    {
        return Scalar::Text(text);
    }
    if let Some(number) = unsigned_integer(text) {
        return Scalar::Unsigned(number);
    }
    if let Some(number) = negative_integer(text) {
        // serde_yaml keeps `-0` as a non-negative integer.
        return match u64::try_from(number) {
            Ok(number) => Scalar::Unsigned(number),
            Err(_) => Scalar::Negative(number),
        };
    }
    if !leading_zero_digits(text) {
        if let Some(number) = float(text) {
            return Scalar::Float(number);
        }
    }
    Scalar::Text(text)
}

/// `0123` and `-0123` are text in YAML 1.2, not numbers.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1
        && digits.starts_with('0')
        && digits[1..].bytes().all(|byte| byte.is_ascii_digit())
}

fn radix_of(text: &str) -> (&str, u32) {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (rest, radix);
        }
    }
    (text, 10)
}

fn unsigned_integer(text: &str) -> Option<u64> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    let (digits, radix) = radix_of(unsigned);
    if digits.starts_with(['+', '-']) {
        return None;
    }
    if radix == 10 && leading_zero_digits(text) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

fn negative_integer(text: &str) -> Option<i64> {
    let rest = text.strip_prefix('-')?;
    let (digits, radix) = radix_of(rest);
    if digits.starts_with(['+', '-']) || (radix == 10 && leading_zero_digits(text)) {
        return None;
    }
    i64::from_str_radix(&format!("-{digits}"), radix).ok()
}

fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" if unsigned.len() == text.len() => {
            return Some(f64::NEG_INFINITY)
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    // A number too large for f64 (`1e400`) is still a number, not text: it reads as
    // infinite, which every check of a number refuses with its own message.
    unsigned.parse::<f64>().ok().filter(|number| {
        number.is_finite()
            || unsigned
                .bytes()
                .all(|byte| byte.is_ascii_digit() || b"+-.eE_".contains(&byte))
    })
}

/// A view of one node of a [`Tree`].
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    tree: &'a Tree,
    id: u32,
}

impl<'a> Node<'a> {
    fn slot(&self) -> &'a Slot {
        &self.tree.slots[self.id as usize]
    }

    fn at(&self, id: u32) -> Node<'a> {
        Node {
            tree: self.tree,
            id,
        }
    }

    /// Where the node starts.
    pub fn mark(&self) -> Mark {
        self.slot().mark
    }

    /// The scalar's value, resolved; `None` for a mapping or a sequence.
    pub(super) fn scalar(&self) -> Option<Scalar<'a>> {
        match &self.slot().kind {
            Kind::Scalar {
                start,
                len,
                plain: true,
            } => Some(resolve_plain(self.tree.text(*start, *len))),
            Kind::Scalar {
                start,
                len,
                plain: false,
            } => Some(Scalar::Text(self.tree.text(*start, *len))),
            _ => None,
        }
    }

    /// The text of a scalar that resolves to text.
    pub fn as_str(&self) -> Option<&'a str> {
        match self.scalar()? {
            Scalar::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The scalar as a user would write it (`yes`, `14`, `2.5`), like
    /// [`super::scalar_text`] of its value; `None` for mappings, sequences and null.
    pub fn scalar_text(&self) -> Option<String> {
        match self.scalar()? {
            Scalar::Null => None,
            Scalar::Bool(flag) => Some(flag.to_string()),
            Scalar::Unsigned(number) => Some(Number::from(number).to_string()),
            Scalar::Negative(number) => Some(Number::from(number).to_string()),
            Scalar::Float(number) => Some(Number::from(number).to_string()),
            Scalar::Text(text) => Some(text.to_string()),
        }
    }

    /// A short description of the node's type, for "found …" messages, like
    /// [`super::type_name`] of its value.
    pub fn type_name(&self) -> &'static str {
        match self.scalar() {
            Some(Scalar::Null) => "nothing (null)",
            Some(Scalar::Bool(_)) => "a boolean",
            Some(Scalar::Text(_)) => "text",
            Some(_) => "a number",
            None if self.is_sequence() => "a list",
            None => "a mapping",
        }
    }

    /// Is this node null (`~`, `null` or nothing written)?
    pub fn is_null(&self) -> bool {
        self.scalar() == Some(Scalar::Null)
    }

    /// Is this node a sequence?
    pub fn is_sequence(&self) -> bool {
        matches!(self.slot().kind, Kind::Seq { .. })
    }

    /// Is this node a mapping?
    pub fn is_mapping(&self) -> bool {
        matches!(self.slot().kind, Kind::Map { .. })
    }

    /// The items of a sequence (none for anything else).
    pub fn items(&self) -> impl ExactSizeIterator<Item = Node<'a>> + 'a {
        let ids: &'a [u32] = match self.slot().kind {
            Kind::Seq { first, len } => &self.tree.children[first as usize..(first + len) as usize],
            _ => &[],
        };
        let tree = self.tree;
        ids.iter().map(move |&id| Node { tree, id })
    }

    /// The entries of a mapping (none for anything else): key node and value node.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = (Node<'a>, Node<'a>)> + 'a {
        let ids: &'a [u32] = match self.slot().kind {
            Kind::Map { first, len } => {
                &self.tree.children[first as usize..(first + 2 * len) as usize]
            }
            _ => &[],
        };
        let tree = self.tree;
        ids.chunks_exact(2)
            .map(move |pair| (Node { tree, id: pair[0] }, Node { tree, id: pair[1] }))
    }

    /// The number of items or entries (0 for a scalar).
    pub fn len(&self) -> usize {
        match self.slot().kind {
            Kind::Seq { len, .. } | Kind::Map { len, .. } => len as usize,
            Kind::Scalar { .. } => 0,
        }
    }

    /// Has it no items or entries?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `position`th item of a sequence.
    pub fn item(&self, position: usize) -> Option<Node<'a>> {
        match self.slot().kind {
            Kind::Seq { first, len } if position < len as usize => {
                Some(self.at(self.tree.children[first as usize + position]))
            }
            _ => None,
        }
    }

    /// The key node and value node of the entry whose key reads `name` (a key's text as
    /// [`Node::scalar_text`] gives it).
    pub fn entry(&self, name: &str) -> Option<(Node<'a>, Node<'a>)> {
        let Kind::Map { first, len } = self.slot().kind else {
            return None;
        };
        let pair = |position: u32| {
            let at = (first + 2 * position) as usize;
            (
                self.at(self.tree.children[at]),
                self.at(self.tree.children[at + 1]),
            )
        };
        if let Some(index) = self.tree.indexes.get(&self.id) {
            if let Some(&position) = index.get(name) {
                return Some(pair(position));
            }
            // The index holds every key as written: only a key that resolves to something
            // other than text (`1.0`, `True`) may still read as a name like `1` or `true`.
            if matches!(resolve_plain(name), Scalar::Text(_)) {
                return None;
            }
        }
        (0..len).map(pair).find(|(key, _)| key.reads(name))
    }

    /// The value of the entry whose key reads `name`.
    pub fn get(&self, name: &str) -> Option<Node<'a>> {
        self.entry(name).map(|(_, value)| value)
    }

    /// The text of a scalar exactly as the parser read it (before resolution).
    fn written(&self) -> Option<&'a str> {
        match &self.slot().kind {
            Kind::Scalar { start, len, .. } => Some(self.tree.text(*start, *len)),
            _ => None,
        }
    }

    /// Does this key read `name`? As written (`1.0`), or as shown (`1`) for a key that
    /// resolves to a number or a boolean.
    fn reads(&self, name: &str) -> bool {
        if self.written() == Some(name) {
            return true;
        }
        match self.scalar() {
            Some(Scalar::Text(_) | Scalar::Null) | None => false,
            Some(_) => self.scalar_text().as_deref() == Some(name),
        }
    }

    /// The keys of a mapping as written, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.entries()
            .map(|(key, _)| key.written().unwrap_or_default())
    }

    /// This node as a `serde_yaml::Value`, built for the caller.
    pub fn to_value(&self) -> Value {
        match self.slot().kind {
            Kind::Scalar { .. } => self.scalar().map_or(Value::Null, Scalar::to_value),
            Kind::Seq { .. } => Value::Sequence(self.items().map(|item| item.to_value()).collect()),
            Kind::Map { len, .. } => {
                let mut mapping = Mapping::with_capacity(len as usize);
                for (key, value) in self.entries() {
                    mapping.insert(key.to_value(), value.to_value());
                }
                Value::Mapping(mapping)
            }
        }
    }

    fn invalid_type<E: de::Error>(&self, expected: &dyn de::Expected) -> E {
        let unexpected = match self.scalar() {
            Some(scalar) => return E::invalid_type(scalar.unexpected(), expected),
            None if self.is_sequence() => de::Unexpected::Seq,
            None => de::Unexpected::Map,
        };
        E::invalid_type(unexpected, expected)
    }

    fn visit_number<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_yaml::Error> {
        match self.scalar() {
            Some(Scalar::Unsigned(number)) => visitor.visit_u64(number),
            Some(Scalar::Negative(number)) => visitor.visit_i64(number),
            Some(Scalar::Float(number)) => visitor.visit_f64(number),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn visit_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_yaml::Error> {
        let mut items = Items(self.items());
        let len = items.0.len();
        let value = visitor.visit_seq(&mut items)?;
        if items.0.len() == 0 {
            Ok(value)
        } else {
            Err(de::Error::invalid_length(
                len,
                &"fewer elements in sequence",
            ))
        }
    }

    fn visit_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_yaml::Error> {
        self.visit_map_hiding(visitor, None)
    }

    /// Visits a mapping; the value of its key `hidden`, if any, reads as an empty sequence.
    fn visit_map_hiding<V: Visitor<'a>>(
        self,
        visitor: V,
        hidden: Option<&'a str>,
    ) -> Result<V::Value, serde_yaml::Error> {
        let mut entries = Entries {
            entries: self.entries(),
            hidden,
            value: None,
        };
        let len = entries.entries.len();
        let value = visitor.visit_map(&mut entries)?;
        if entries.entries.len() == 0 {
            Ok(value)
        } else {
            Err(de::Error::invalid_length(len, &"fewer elements in map"))
        }
    }
}

/// Deserializes exactly as serde_yaml's `&Value` does (same visits, same errors), so a model
/// is read straight from the tree with the results a `Value` of the document would give.
impl<'a> Deserializer<'a> for Node<'a> {
    type Error = serde_yaml::Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some(Scalar::Null) => visitor.visit_unit(),
            Some(Scalar::Bool(flag)) => visitor.visit_bool(flag),
            Some(Scalar::Text(text)) => visitor.visit_borrowed_str(text),
            Some(_) => self.visit_number(visitor),
            None if self.is_sequence() => self.visit_seq(visitor),
            None => self.visit_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some(Scalar::Bool(flag)) => visitor.visit_bool(flag),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_i8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_i16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_i32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_i64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_i128<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_u8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_u16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_u128<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }
    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.visit_number(visitor)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some(Scalar::Text(text)) => visitor.visit_borrowed_str(text),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some(Scalar::Text(text)) => visitor.visit_borrowed_str(text),
            None if self.is_sequence() => self.visit_seq(visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_null() {
            visitor.visit_unit()
        } else {
            Err(self.invalid_type(&visitor))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_sequence() || self.is_null() {
            // A null reads as an empty list, as in serde_yaml.
            self.visit_seq(visitor)
        } else {
            Err(self.invalid_type(&visitor))
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_mapping() || self.is_null() {
            // A null reads as an empty mapping, as in serde_yaml.
            self.visit_map(visitor)
        } else {
            Err(self.invalid_type(&visitor))
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.scalar() {
            Some(Scalar::Text(variant)) => visitor.visit_enum(UnitVariant(variant)),
            Some(scalar) => Err(de::Error::invalid_type(
                scalar.unexpected(),
                &"a Value::Tagged enum",
            )),
            None => Err(self.invalid_type(&"a Value::Tagged enum")),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }
}

/// A sequence's items, handed to a visitor.
struct Items<I>(I);

impl<'a, I: ExactSizeIterator<Item = Node<'a>>> SeqAccess<'a> for Items<I> {
    type Error = serde_yaml::Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A mapping's entries, handed to a visitor.
struct Entries<'a, I> {
    entries: I,
    /// The key whose value reads as an empty sequence (see [`Without`]).
    hidden: Option<&'a str>,
    /// The value of the key just read; `Some(None)` for the hidden one.
    value: Option<Option<Node<'a>>>,
}

impl<'a, I: ExactSizeIterator<Item = (Node<'a>, Node<'a>)>> MapAccess<'a> for Entries<'a, I> {
    type Error = serde_yaml::Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.entries.next() {
            Some((key, value)) => {
                let hidden = self.hidden.is_some() && key.as_str() == self.hidden;
                self.value = Some((!hidden).then_some(value));
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        match self.value.take() {
            Some(Some(value)) => seed.deserialize(value),
            Some(None) => seed.deserialize(de::value::SeqDeserializer::<
                std::iter::Empty<()>,
                serde_yaml::Error,
            >::new(std::iter::empty())),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A mapping read as if the value of its key `hidden` were an empty sequence, so that a
/// large part of a document can be read apart, item by item; everything else reads as the
/// mapping itself would.
pub(super) struct Without<'a> {
    node: Node<'a>,
    hidden: &'a str,
}

impl<'a> Without<'a> {
    /// `node` without the value of `hidden`; `None` when `node` is not a mapping.
    pub(super) fn new(node: Node<'a>, hidden: &'a str) -> Option<Without<'a>> {
        node.is_mapping().then_some(Without { node, hidden })
    }
}

// `'de` rather than `'a`: `forward_to_deserialize_any!` names the lifetime so.
impl<'de> Deserializer<'de> for Without<'de> {
    type Error = serde_yaml::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.node.visit_map_hiding(visitor, Some(self.hidden))
    }

    // A mapping node reads every way as a map (`Node::deserialize_struct` and
    // `deserialize_map` visit it as one).
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// A variant written as text: a unit variant.
struct UnitVariant<'a>(&'a str);

impl<'a> EnumAccess<'a> for UnitVariant<'a> {
    type Error = serde_yaml::Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        let name = de::value::BorrowedStrDeserializer::<serde_yaml::Error>::new(self.0);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'a> de::VariantAccess<'a> for UnitVariant<'a> {
    type Error = serde_yaml::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(
        self,
        _seed: T,
    ) -> Result<T::Value, Self::Error> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'a>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}
