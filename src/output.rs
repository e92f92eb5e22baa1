//! Where output goes: standard output, or a file written atomically (a temporary file in the
//! same folder, flushed and synced, then renamed), never over one of the run's inputs.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};

/// The facts about the environment the commands need, decided once in `main`.
#[derive(Debug, Clone)]
pub struct Environment {
    /// Colour escapes may be written to standard output.
    pub color: bool,
    /// Standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Standard input is a terminal.
    pub stdin_is_terminal: bool,
    /// Today's date (passed in so nothing else reads the clock).
    pub today: chrono::NaiveDate,
    /// Terminal width in columns, when known.
    pub width: Option<u16>,
}

/// True when `output` is the same file as one of `inputs`.
pub fn is_an_input(output: &str, inputs: &[&str]) -> bool {
    let Ok(target) = Path::new(output).canonicalize() else {
        return false;
    };
    inputs.iter().filter(|input| **input != "-").any(|input| {
        Path::new(input)
            .canonicalize()
            .is_ok_and(|path| path == target)
    })
}

/// Refuses an output path that is one of the inputs.
pub fn check_output(output: &str, inputs: &[&str]) -> Result<(), Diagnostic> {
    if is_an_input(output, inputs) {
        return Err(Diagnostic::error(
            Code::OutputExists,
            format!("`{output}` is one of the input files; refusing to overwrite it"),
        )
        .with_help("choose another `--output` path"));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(
            ".{}.",
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))
        .suffix(".tmp")
        .tempfile_in(&folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temporary() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new content");
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
    }

    #[test]
    fn output_equal_to_an_input_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.yaml");
        std::fs::write(&path, "x").unwrap();
        let text = path.to_string_lossy().into_owned();
        assert!(check_output(&text, &[&text]).is_err());
        assert!(check_output(&folder.path().join("b").to_string_lossy(), &[&text]).is_ok());
    }
}
