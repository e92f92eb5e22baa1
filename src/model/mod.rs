//! The serde shapes of the files mspcheck reads, exactly as written by people. These types
//! are the format's documentation: every field carries a `///` comment, and the JSON
//! Schemas under `schemas/` are generated from them. Checked forms live in `validate`.

pub mod answers;
pub mod framework;
pub mod questionnaire;

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A scalar written in a file where text is meant: `yes`, `quarterly`, `3`.
/// Accepts YAML text, booleans and numbers, and keeps them as text, so `value: yes`,
/// `value: "yes"` and `in: [true]` all work.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(pub String);

impl Token {
    /// The token's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Token {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl Serialize for Token {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Token, D::Error> {
        struct TokenVisitor;
        impl Visitor<'_> for TokenVisitor {
            type Value = Token;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a word, number or boolean")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Token, E> {
                Ok(Token(value.to_string()))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Token, E> {
                Ok(Token(value.to_string()))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Token, E> {
                Ok(Token(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Token, E> {
                Ok(Token(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Token, E> {
                Ok(Token(value.to_string()))
            }
        }
        deserializer.deserialize_any(TokenVisitor)
    }
}

impl JsonSchema for Token {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Token".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A word, number or boolean, compared as text.",
            "type": ["string", "number", "boolean"]
        })
    }
}

/// Who answered the questionnaire, which changes the wording of questions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    /// A (prospective) client assessing a provider.
    Client,
    /// A provider assessing itself.
    Provider,
    /// An independent auditor or consultant.
    Auditor,
}

impl Perspective {
    /// The perspective's name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Perspective::Client => "client",
            Perspective::Provider => "provider",
            Perspective::Auditor => "auditor",
        }
    }
}
