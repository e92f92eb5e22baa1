//! The JSON dialect VSAQ questionnaires are written in: JSON plus what the browser that
//! evaluates them accepts and the published files use: `//` and `/* */` comments (the
//! licence header), string literals joined with `+` (long texts split over lines) and a
//! trailing comma before `]` or `}`. Every value keeps the byte offset it starts at, so a
//! problem found later is reported at `file:line:col`.

/// Deepest nesting of arrays and objects accepted (as for YAML input, SPEC: 64).
const MAX_DEPTH: usize = 64;

/// A parsed value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Json {
    /// Byte offset of the value's first character in the text.
    pub(crate) offset: usize,
    /// The value.
    pub(crate) value: Value,
}

/// The value of a [`Json`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in the order written, each with its key's offset.
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    pub(crate) key: String,
    pub(crate) key_offset: usize,
    pub(crate) value: Json,
}

impl Json {
    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .find(|member| member.key == key)
                .map(|member| &member.value),
            _ => None,
        }
    }

    /// The text of a string value.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// What the value is, for messages ("a string", "an object").
    pub(crate) fn describe(&self) -> &'static str {
        match self.value {
            Value::Null => "`null`",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error: where, what is wrong, what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// The comments before the first value (a licence header), one entry per line, without
/// their `//` or `/* */` markers.
pub(crate) fn leading_comments(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            let end = after.find('\n').unwrap_or(after.len());
            lines.push(after[..end].trim_end().to_string());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("/*") {
            let Some(end) = after.find("*/") else {
                break;
            };
            for line in after[..end].lines() {
                lines.push(line.trim_end().to_string());
            }
            rest = &after[end + 2..];
        } else {
            break;
        }
    }
    // One space after `//` is the marker's, not the text's.
    let all_spaced = lines
        .iter()
        .all(|line| line.is_empty() || line.starts_with(' '));
    if all_spaced {
        for line in &mut lines {
            if let Some(stripped) = line.strip_prefix(' ') {
                *line = stripped.to_string();
            }
        }
    }
    lines
}

/// Parses the whole text as one value.
pub(crate) fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    parser.skip_space()?;
    if parser.at >= parser.bytes.len() {
        return Err(parser.error(
            "the file holds no JSON value",
            Some("a VSAQ questionnaire is an object with a `questionnaire` list"),
        ));
    }
    let value = parser.value(0)?;
    parser.skip_space()?;
    if parser.at < parser.bytes.len() {
        return Err(parser.error(
            "unexpected text after the end of the JSON value",
            Some("the file must hold one object; remove what follows its closing `}`"),
        ));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str, help: Option<&str>) -> SyntaxError {
        self.error_at(self.at, message, help)
    }

    fn error_at(&self, offset: usize, message: &str, help: Option<&str>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.to_string(),
            help: help.map(str::to_string),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips whitespace and comments.
    fn skip_space(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.at += 1,
                Some(b'/') if self.bytes.get(self.at + 1) == Some(&b'/') => {
                    while let Some(byte) = self.peek() {
                        if byte == b'\n' {
                            break;
                        }
                        self.at += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.at + 1) == Some(&b'*') => {
                    let start = self.at;
                    match self.text[self.at + 2..].find("*/") {
                        Some(end) => self.at += 2 + end + 2,
                        None => {
                            return Err(self.error_at(
                                start,
                                "a `/*` comment is never closed",
                                Some("end the comment with `*/`"),
                            ))
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        let offset = self.at;
        let value = match self.peek() {
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("objects and lists nest deeper than 64 levels", None));
                }
                self.object(depth)?
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("objects and lists nest deeper than 64 levels", None));
                }
                self.array(depth)?
            }
            Some(b'"') => Value::String(self.joined_string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') if self.text[self.at..].starts_with("true") => {
                self.at += 4;
                Value::Bool(true)
            }
            Some(b'f') if self.text[self.at..].starts_with("false") => {
                self.at += 5;
                Value::Bool(false)
            }
            Some(b'n') if self.text[self.at..].starts_with("null") => {
                self.at += 4;
                Value::Null
            }
            Some(b'\'') => {
                return Err(self.error(
                    "strings must be in double quotes",
                    Some("write `\"text\"` instead of `'text'`"),
                ))
            }
            Some(_) => {
                return Err(self.error(
                    &format!("expected a value, found {}", self.found()),
                    Some("a value is a \"string\", a number, `true`, `false`, `null`, a list `[…]` or an object `{…}`"),
                ))
            }
            None => return Err(self.error("the file ends where a value was expected", None)),
        };
        Ok(Json { offset, value })
    }

    /// The character at the current position, quoted, for messages.
    fn found(&self) -> String {
        match self.text[self.at..].chars().next() {
            Some(character) if character.is_control() => {
                format!("the control character U+{:04X}", character as u32)
            }
            Some(character) => format!("`{character}`"),
            None => "the end of the file".to_string(),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut members: Vec<Member> = Vec::new();
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                Some(b'"') => {}
                Some(_) => {
                    return Err(self.error(
                        &format!(
                            "expected a key in double quotes or `}}`, found {}",
                            self.found()
                        ),
                        Some("write every key in double quotes: `\"type\": \"block\"`"),
                    ))
                }
                None => {
                    return Err(self.error(
                        "the file ends inside an object",
                        Some("close the object with `}`"),
                    ))
                }
            }
            let key_offset = self.at;
            let key = self.string()?;
            if members.iter().any(|member| member.key == key) {
                return Err(self.error_at(
                    key_offset,
                    &format!("the key `{key}` appears twice in one object"),
                    Some("keep one of them (a browser would silently use the last)"),
                ));
            }
            self.skip_space()?;
            if self.peek() != Some(b':') {
                return Err(self.error(
                    &format!("expected `:` after the key `{key}`, found {}", self.found()),
                    None,
                ));
            }
            self.at += 1;
            self.skip_space()?;
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_offset,
                value,
            });
            self.skip_space()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {}
                Some(_) => {
                    return Err(self.error(
                        &format!("expected `,` or `}}` after a value, found {}", self.found()),
                        Some("separate the members of an object with commas"),
                    ))
                }
                None => {
                    return Err(self.error(
                        "the file ends inside an object",
                        Some("close the object with `}`"),
                    ))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => {
                    return Err(self.error(
                        "the file ends inside a list",
                        Some("close the list with `]`"),
                    ))
                }
                Some(_) => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_space()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {}
                Some(_) => {
                    return Err(self.error(
                        &format!("expected `,` or `]` after a value, found {}", self.found()),
                        Some("separate the items of a list with commas"),
                    ))
                }
                None => {
                    return Err(self.error(
                        "the file ends inside a list",
                        Some("close the list with `]`"),
                    ))
                }
            }
        }
    }

    /// A string literal, and any literals joined to it with `+`.
    fn joined_string(&mut self) -> Result<String, SyntaxError> {
        let mut text = self.string()?;
        loop {
            let before = self.at;
            self.skip_space()?;
            if self.peek() != Some(b'+') {
                self.at = before;
                return Ok(text);
            }
            self.at += 1;
            self.skip_space()?;
            if self.peek() != Some(b'"') {
                return Err(self.error(
                    &format!("expected a string after `+`, found {}", self.found()),
                    Some("only string literals can be joined with `+`"),
                ));
            }
            text.push_str(&self.string()?);
        }
    }

    /// One string literal, escapes decoded.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(character) = rest.chars().next() else {
                return Err(self.error_at(
                    start,
                    "a string is never closed",
                    Some("end the string with `\"`"),
                ));
            };
            match character {
                '"' => {
                    self.at += 1;
                    return Ok(text);
                }
                '\\' => {
                    self.at += 1;
                    let escape = self.peek();
                    self.at += 1;
                    match escape {
                        Some(b'"') => text.push('"'),
                        Some(b'\\') => text.push('\\'),
                        Some(b'/') => text.push('/'),
                        Some(b'b') => text.push('\u{8}'),
                        Some(b'f') => text.push('\u{c}'),
                        Some(b'n') => text.push('\n'),
                        Some(b'r') => text.push('\r'),
                        Some(b't') => text.push('\t'),
                        Some(b'\'') => text.push('\''),
                        Some(b'u') => text.push(self.unicode_escape()?),
                        _ => {
                            return Err(self.error_at(
                                self.at - 2,
                                "unknown escape in a string",
                                Some("use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\uXXXX`"),
                            ))
                        }
                    }
                }
                '\n' => {
                    return Err(self.error(
                        "a string runs past the end of its line",
                        Some("close the string on its line, or join two strings with `+`"),
                    ))
                }
                other => {
                    text.push(other);
                    self.at += other.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self.text.get(self.at..self.at + 4).unwrap_or("");
        let value = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()));
        match value {
            Some(value) => {
                self.at += 4;
                Ok(value)
            }
            None => Err(self.error("`\\u` must be followed by four hex digits", None)),
        }
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let start = self.at - 2;
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.text[self.at..].starts_with("\\u") {
                return Err(self.error_at(start, "a lone surrogate in a `\\u` escape", None));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error_at(start, "a lone surrogate in a `\\u` escape", None));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code)
            .ok_or_else(|| self.error_at(start, "a lone surrogate in a `\\u` escape", None))
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        while let Some(byte) = self.peek() {
            if byte.is_ascii_digit() || matches!(byte, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.at += 1;
            } else {
                break;
            }
        }
        let written = &self.text[start..self.at];
        if written.parse::<f64>().is_err() {
            return Err(self.error_at(start, &format!("`{written}` is not a number"), None));
        }
        Ok(Value::Number(written.to_string()))
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&byte| byte == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_comments_joined_strings_and_trailing_commas() {
        let text =
            "// Licence line one\n// line two\n{\"a\": \"x\" +\n  \"y\", \"b\": [1, true, null,],}";
        let json = parse(text).unwrap();
        assert_eq!(json.get("a").unwrap().as_str(), Some("xy"));
        assert_eq!(
            leading_comments(text),
            vec!["Licence line one".to_string(), "line two".to_string()]
        );
        let Value::Array(items) = &json.get("b").unwrap().value else {
            panic!("not a list")
        };
        assert_eq!(items.len(), 3);
    }

    #[test]
    fn locates_errors() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let error = parse(text).unwrap_err();
        assert_eq!(line_column(text, error.offset), (3, 3));
        assert!(
            error.message.contains("expected `,` or `}`"),
            "{}",
            error.message
        );
        let error = parse("{\"a\": \"b").unwrap_err();
        assert_eq!(error.offset, 6);
        assert!(parse("{\"a\": 1, \"a\": 2}")
            .unwrap_err()
            .message
            .contains("twice"));
        assert!(parse("{'a': 1}").is_err());
        assert!(parse("").is_err());
        assert!(parse("{} x").is_err());
    }

    #[test]
    fn decodes_escapes_and_refuses_deep_nesting() {
        let json = parse(r#"["a\"b\u00e9\ud83d\ude00"]"#).unwrap();
        let Value::Array(items) = json.value else {
            panic!()
        };
        assert_eq!(items[0].as_str(), Some("a\"bé😀"));
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
        assert!(parse(r#"["\ud800"]"#).is_err());
    }
}
