//! Input files, read once and checked for the limits every later stage relies on:
//! at most 8 MiB, valid UTF-8, no NUL bytes, a leading byte-order mark removed.
//! A `Source` keeps the exact bytes' SHA-256 for the report and the name used in diagnostics.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, Location};

/// Largest input file accepted, in bytes (SPEC: files over 8 MiB are refused).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One input file's text and identity.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics: the path as given, or `<stdin>`, or `<bundled:ID>`.
    pub name: String,
    /// The file's path on disk, when it has one (used to resolve relative paths inside it).
    pub path: Option<PathBuf>,
    /// The text, without a leading byte-order mark.
    pub text: String,
    /// Lowercase hex SHA-256 of the bytes as read (before the byte-order mark was removed).
    pub sha256: String,
}

impl Source {
    /// Reads a file (or standard input for `-`), enforcing the input limits.
    pub fn read(path: &str) -> Result<Source, Diagnostic> {
        if path == "-" {
            let stdin = std::io::stdin();
            let bytes = read_limited(stdin.lock(), "<stdin>", 0)?;
            return Source::from_vec("<stdin>".to_string(), None, bytes);
        }
        let file_path = Path::new(path);
        let metadata = std::fs::metadata(file_path).map_err(|error| {
            Diagnostic::error(
                Code::FileUnreadable,
                format!("cannot read `{path}`: {error}"),
            )
        })?;
        if metadata.is_dir() {
            return Err(Diagnostic::error(
                Code::FileUnreadable,
                format!("`{path}` is a directory, not a file"),
            ));
        }
        if metadata.len() > MAX_FILE_BYTES {
            return Err(too_large(path, metadata.len()));
        }
        let file = std::fs::File::open(file_path).map_err(|error| {
            Diagnostic::error(
                Code::FileUnreadable,
                format!("cannot read `{path}`: {error}"),
            )
        })?;
        // Recorded before reading: no `--output` of this run may replace a file it read.
        crate::output::record_input(file_path);
        // Read at its size in one buffer, which becomes the text: a large file is not copied,
        // nor grown into ever larger buffers.
        let bytes = read_limited(file, path, metadata.len())?;
        Source::from_vec(path.to_string(), Some(file_path.to_path_buf()), bytes)
    }

    /// Builds a source from bytes already in memory (bundled files, tests, fuzzing).
    pub fn from_bytes(
        name: String,
        path: Option<PathBuf>,
        bytes: &[u8],
    ) -> Result<Source, Diagnostic> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(&name, bytes.len() as u64));
        }
        Source::from_vec(name, path, bytes.to_vec())
    }

    /// Builds a source from bytes it takes over, which become its text.
    fn from_vec(name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(&name, bytes.len() as u64));
        }
        let sha256 = hex(&Sha256::digest(&bytes));
        let mut text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let bytes = error.as_bytes();
                let valid = error.utf8_error().valid_up_to();
                return Err(Diagnostic::error(
                    Code::NotUtf8,
                    format!(
                        "the file is not UTF-8 text (invalid byte 0x{:02x}); is it a binary file or in another encoding?",
                        bytes[valid]
                    ),
                )
                .at(position_after(&name, &bytes[..valid]))
                .with_help("save the file as UTF-8"));
            }
        };
        if let Some(offset) = text.find('\0') {
            return Err(Diagnostic::error(
                Code::NotUtf8,
                "the file contains a NUL byte: it looks like a binary file, not YAML",
            )
            .at(position_after(&name, &text.as_bytes()[..offset])));
        }
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(Source {
            name,
            path,
            text,
            sha256,
        })
    }

    /// The folder relative paths inside this file are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        match &self.path {
            Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
            None => PathBuf::from("."),
        }
    }

    /// A location in this file (1-based line and column).
    pub fn location(&self, line: usize, column: usize) -> Location {
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }

    /// The location of the start of the file, for problems that belong to the whole file.
    pub fn start(&self) -> Location {
        self.location(1, 1)
    }
}

/// Reads at most `MAX_FILE_BYTES` and one byte more (to tell a file over the limit); `size`
/// is what the file is expected to hold (0 when unknown), so that it is read into one buffer.
fn read_limited(reader: impl Read, name: &str, size: u64) -> Result<Vec<u8>, Diagnostic> {
    let expected = usize::try_from(size.min(MAX_FILE_BYTES)).unwrap_or_default();
    // One byte more than expected: `read_to_end` then finds the end without growing.
    let mut bytes = Vec::with_capacity(expected + usize::from(expected > 0));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| {
            Diagnostic::error(
                Code::FileUnreadable,
                format!("cannot read `{name}`: {error}"),
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(name: &str, size: u64) -> Diagnostic {
    Diagnostic::error(
        Code::FileTooLarge,
        format!(
            "`{name}` is {} bytes; files over {} bytes (8 MiB) are refused",
            size, MAX_FILE_BYTES
        ),
    )
    .with_help("split the file, or check that it is the file you meant")
}

/// The location just after `prefix` (the valid bytes before a problem).
fn position_after(name: &str, prefix: &[u8]) -> Location {
    let line = prefix.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = prefix
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |index| index + 1);
    let column = String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count()
        + 1;
    Location {
        file: name.to_string(),
        line,
        column,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_byte_order_mark_but_hashes_original_bytes() {
        let source = Source::from_bytes("a".into(), None, b"\xef\xbb\xbfa: 1\n").unwrap();
        assert_eq!(source.text, "a: 1\n");
        assert_eq!(source.sha256, hex(&Sha256::digest(b"\xef\xbb\xbfa: 1\n")));
    }

    #[test]
    fn locates_invalid_utf8_on_its_line() {
        let error = Source::from_bytes("f".into(), None, b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(error.code, Code::NotUtf8);
        let location = error.location.unwrap();
        assert_eq!((location.line, location.column), (2, 4));
    }

    #[test]
    fn refuses_nul_bytes() {
        let error = Source::from_bytes("f".into(), None, b"a: \0").unwrap_err();
        assert_eq!(error.code, Code::NotUtf8);
    }

    #[test]
    fn refuses_oversized_input() {
        let bytes = vec![b' '; MAX_FILE_BYTES as usize + 1];
        let error = Source::from_bytes("f".into(), None, &bytes).unwrap_err();
        assert_eq!(error.code, Code::FileTooLarge);
    }
}
