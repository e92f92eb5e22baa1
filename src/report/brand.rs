//! `--brand FILE`: who delivers the report. A small YAML file names the organisation, its
//! logo (embedded as a `data:` URI, so the report stays self-contained), an accent colour,
//! a confidentiality line and who prepared the report. Every problem is located in the file.

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Source;
use crate::yaml::{key, Document};

/// The largest logo embedded, in bytes.
const MAX_LOGO_BYTES: u64 = 512 * 1024;

/// The brand file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandFile {
    /// The organisation delivering the report.
    organisation: String,
    /// A PNG, JPEG, GIF, WebP or SVG file, relative to the brand file.
    #[serde(default)]
    logo: Option<String>,
    /// `#rgb` or `#rrggbb`: headings, rules and the verdict box take it.
    #[serde(default)]
    accent: Option<String>,
    /// A line printed at the top and bottom of the report, e.g. "Confidential: for the board".
    #[serde(default)]
    confidentiality: Option<String>,
    /// Who prepared the report, e.g. "Jane Doe, Senior Consultant".
    #[serde(default)]
    prepared_by: Option<String>,
}

/// A checked brand: the logo already read and encoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Brand {
    /// The organisation delivering the report.
    pub organisation: String,
    /// The logo as a `data:` URI.
    pub logo: Option<String>,
    /// The accent colour, `#rrggbb`.
    pub accent: Option<String>,
    /// The confidentiality line.
    pub confidentiality: Option<String>,
    /// Who prepared the report.
    pub prepared_by: Option<String>,
}

impl Brand {
    /// Reads and checks a brand file; every problem, located.
    pub fn load(path: &str) -> Result<Brand, Vec<Diagnostic>> {
        let document = Document::parse(Source::read(path).map_err(|problem| vec![problem])?)
            .map_err(|problem| vec![problem])?;
        let file: BrandFile = document.deserialize(&[]).map_err(|problem| vec![problem])?;
        let mut problems = Vec::new();
        let organisation = file.organisation.trim().to_string();
        if organisation.is_empty() {
            problems.push(
                Diagnostic::error(Code::InvalidBrand, "`organisation` is empty")
                    .at(document.value_location(&key(&[], "organisation")))
                    .with_help("name the organisation that delivers the report"),
            );
        }
        let accent = match &file.accent {
            None => None,
            Some(text) => match colour(text) {
                Some(colour) => Some(colour),
                None => {
                    problems.push(
                        Diagnostic::error(
                            Code::InvalidBrand,
                            format!("`accent` is `{text}`, not a colour"),
                        )
                        .at(document.value_location(&key(&[], "accent")))
                        .with_help("write a hex colour such as \"#0b5fff\" or \"#05f\" (quoted: `#` starts a YAML comment)"),
                    );
                    None
                }
            },
        };
        let logo = match &file.logo {
            None => None,
            Some(name) => match logo(&document, name) {
                Ok(uri) => Some(uri),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            },
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_string)
        };
        Ok(Brand {
            organisation,
            logo,
            accent,
            confidentiality: text(&file.confidentiality),
            prepared_by: text(&file.prepared_by),
        })
    }
}

/// `#rgb` or `#rrggbb`, as lowercase `#rrggbb`.
fn colour(text: &str) -> Option<String> {
    let digits = text.trim().strip_prefix('#')?;
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match digits.len() {
        6 => Some(format!("#{}", digits.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            digits
                .chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

/// Reads the logo next to the brand file and encodes it as a `data:` URI.
fn logo(document: &Document, name: &str) -> Result<String, Diagnostic> {
    let at = document.value_location(&key(&[], "logo"));
    let path = document.source.base_dir().join(name);
    let unreadable = |error: String| {
        Diagnostic::error(
            Code::FileUnreadable,
            format!("cannot read the logo `{name}`: {error}"),
        )
        .at(at.clone())
        .with_help("give a PNG, JPEG, GIF, WebP or SVG file, relative to the brand file")
    };
    let metadata = std::fs::metadata(&path).map_err(|error| unreadable(error.to_string()))?;
    if !metadata.is_file() {
        return Err(unreadable("it is not a file".to_string()));
    }
    if metadata.len() > MAX_LOGO_BYTES {
        return Err(Diagnostic::error(
            Code::InvalidBrand,
            format!(
                "the logo `{name}` is {} KiB; at most {} KiB is embedded",
                metadata.len().div_ceil(1024),
                MAX_LOGO_BYTES / 1024
            ),
        )
        .at(at)
        .with_help("export a smaller logo (a few hundred pixels wide is plenty)"));
    }
    let bytes = std::fs::read(&path).map_err(|error| unreadable(error.to_string()))?;
    let Some(media_type) = media_type(&bytes) else {
        return Err(Diagnostic::error(
            Code::InvalidBrand,
            format!("the logo `{name}` is not a PNG, JPEG, GIF, WebP or SVG image"),
        )
        .at(at)
        .with_help("convert the logo to PNG or SVG"));
    };
    Ok(format!("data:{media_type};base64,{}", base64(&bytes)))
}

/// The image type, from the file's first bytes (never from its name).
fn media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        let text = std::str::from_utf8(bytes).ok()?;
        let start = text.trim_start_matches('\u{feff}').trim_start();
        (start.starts_with("<svg") || (start.starts_with("<?xml") && text.contains("<svg")))
            .then_some("image/svg+xml")
    }
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let triple = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for position in 0..4 {
            if position <= chunk.len() {
                encoded.push(char::from(
                    ALPHABET[((triple >> (18 - 6 * position)) & 0x3f) as usize],
                ));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn colours_are_hex_only() {
        assert_eq!(colour("#0B5FFF").as_deref(), Some("#0b5fff"));
        assert_eq!(colour("#05f").as_deref(), Some("#0055ff"));
        for bad in ["0b5fff", "#0b5ff", "red", "#ggg", "#12345678", "#1;}"] {
            assert_eq!(colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn logo_type_comes_from_its_bytes() {
        assert_eq!(media_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(
            media_type(b"<?xml version=\"1.0\"?>\n<svg/>"),
            Some("image/svg+xml")
        );
        assert_eq!(media_type(b"<html><svg/>"), None);
        assert_eq!(media_type(b"plain text"), None);
    }
}
