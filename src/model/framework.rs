//! `format: mspcheck/framework/1`: a framework catalogue (the control ids a questionnaire's
//! `maps:` may name), and the `maps:` field itself. A mapping says that a question gives
//! evidence about a control, never that answering it makes anyone compliant.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The value of `format:` in a framework catalogue.
pub const FORMAT: &str = "mspcheck/framework/1";

/// A framework catalogue file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrameworkFile {
    /// Always `mspcheck/framework/1`.
    pub format: String,
    /// Short identifier, `[a-z0-9.-]+`, the key used in `maps:` and `--framework` (`csf2`).
    pub id: String,
    /// The framework's own version or date (`"2.0"`, `"8.1"`).
    pub version: String,
    /// The framework's name.
    pub title: String,
    /// Who publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// What may be shipped of it, and where to read the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// What its controls are called, in the plural (`subcategories`, `safeguards`); default
    /// `controls`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noun: Option<String>,
    /// The date by which the catalogue must be checked against the framework again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<NaiveDate>,
    /// Groupings of controls (functions, categories, CIS controls); controls name one as
    /// their `parent`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The controls a mapping may name; at least one.
    pub controls: Vec<Control>,
}

/// A grouping of controls.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Identifier, unique among the sections.
    pub id: String,
    /// Its name, where the licence allows shipping names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A short description in the catalogue author's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The section it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// One control (subcategory, safeguard, area, strategy, measure).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Identifier as the framework writes it (`GV.SC-05`, `"15.4"`); quote numbers, or YAML
    /// reads `6.10` as 6.1.
    pub id: String,
    /// Its name, where the licence allows shipping names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A short description in the catalogue author's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A level or group the control belongs to (the CIS implementation group: `IG1`, `IG2`,
    /// `IG3`); coverage is also counted per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The section it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// How much of a control a question gives evidence about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The question's best answer is evidence that the control is in place.
    Supports,
    /// The question covers only part of the control: even its best answer shows it only
    /// partly.
    Partial,
}

impl Relation {
    /// The relation's name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Supports => "supports",
            Relation::Partial => "partial",
        }
    }
}

/// `maps:` of a question or option: framework id → the controls it gives evidence about.
pub type Maps = BTreeMap<String, MapEntry>;

/// The controls of one framework a question or option maps to: a list (`[PR.AA-03]`, all
/// `supports`), or `{supports: [...], partial: [...]}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapEntry {
    /// Controls the question supports.
    pub supports: Vec<String>,
    /// Controls the question covers only in part.
    pub partial: Vec<String>,
}

impl MapEntry {
    /// Every control named, with its relation, in the order written (`supports` first).
    pub fn targets(&self) -> impl Iterator<Item = (Relation, &str)> {
        self.supports
            .iter()
            .map(|id| (Relation::Supports, id.as_str()))
            .chain(
                self.partial
                    .iter()
                    .map(|id| (Relation::Partial, id.as_str())),
            )
    }
}

impl Serialize for MapEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.partial.is_empty() {
            return self.supports.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        if !self.supports.is_empty() {
            map.serialize_entry("supports", &self.supports)?;
        }
        map.serialize_entry("partial", &self.partial)?;
        map.end()
    }
}

/// A control id in `maps:`: text only, so that `6.10` cannot silently become 6.1.
struct ControlId(String);

impl<'de> Deserialize<'de> for ControlId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ControlId, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = ControlId;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a control id")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<ControlId, E> {
                Ok(ControlId(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<ControlId, E> {
                Err(E::custom(format!(
                    "control id {value} is a number to YAML; quote it (`\"{value}\"`), because an unquoted `6.10` is read as 6.1"
                )))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<ControlId, E> {
                Err(E::custom(format!(
                    "control id {value} is a number to YAML; quote it (`\"{value}\"`)"
                )))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<ControlId, E> {
                self.visit_i64(i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

fn control_ids<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<String>, A::Error> {
    let mut ids = Vec::new();
    while let Some(ControlId(id)) = seq.next_element()? {
        ids.push(id);
    }
    Ok(ids)
}

impl<'de> Deserialize<'de> for MapEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<MapEntry, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = MapEntry;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a list of control ids, or `{supports: [...], partial: [...]}`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<MapEntry, A::Error> {
                Ok(MapEntry {
                    supports: control_ids(seq)?,
                    partial: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MapEntry, A::Error> {
                struct Ids(Vec<String>);
                impl<'de> Deserialize<'de> for Ids {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ids, D::Error> {
                        struct IdsVisitor;
                        impl<'de> Visitor<'de> for IdsVisitor {
                            type Value = Ids;
                            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                                formatter.write_str("a list of control ids")
                            }
                            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Ids, A::Error> {
                                control_ids(seq).map(Ids)
                            }
                        }
                        deserializer.deserialize_seq(IdsVisitor)
                    }
                }
                let mut entry = MapEntry::default();
                while let Some(name) = map.next_key::<String>()? {
                    match name.as_str() {
                        "supports" => entry.supports = map.next_value::<Ids>()?.0,
                        "partial" => entry.partial = map.next_value::<Ids>()?.0,
                        other => {
                            return Err(de::Error::unknown_field(other, &["supports", "partial"]))
                        }
                    }
                }
                Ok(entry)
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl JsonSchema for MapEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MapEntry".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The controls of one framework: a list of control ids (each `supports`), or `{supports: [...], partial: [...]}`. Quote numeric ids (`\"15.4\"`).",
            "oneOf": [
                { "type": "array", "items": { "type": "string" } },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "supports": { "type": "array", "items": { "type": "string" } },
                        "partial": { "type": "array", "items": { "type": "string" } }
                    }
                }
            ]
        })
    }
}
