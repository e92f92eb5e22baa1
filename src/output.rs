//! Where output goes: standard output, or a file, never over one of the run's inputs.
//!
//! Every file read in a run (answers files, questionnaires they name, `--questionnaire`,
//! `compare` and `diff` inputs) is recorded by `source`; an `--output` that is the same file
//! (by device and inode, so through symlinks and hard links too) is refused. A regular file
//! is replaced atomically (a temporary file in the target's folder, flushed and synced, then
//! renamed): readers see the old file or the new one, never half. A symlink is written
//! through to its target; FIFOs, character devices and `/dev/stdout` are written directly.
//! A new file gets the usual mode (0666 less the umask); an existing file keeps its mode.
//! No error message names the temporary file.

#[cfg(unix)]
use std::fs::Permissions;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// A refusal to write, as a located diagnostic: `main` prints it and exits 2.
#[derive(Debug)]
pub struct Refusal(pub Diagnostic);

impl std::fmt::Display for Refusal {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(formatter)
    }
}

impl std::error::Error for Refusal {}

/// The identity of a file: device and inode where the platform has them, else its
/// canonical path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Character devices (`/dev/null`, a terminal) are never an input worth protecting.
        if metadata.file_type().is_file() {
            return Some(Identity::Inode(metadata.dev(), metadata.ino()));
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        path.canonicalize().ok().map(Identity::Path)
    }
}

/// Every file read so far in this process, with the name it was read by.
static INPUTS: Mutex<Vec<(Identity, String)>> = Mutex::new(Vec::new());

/// Records that `path` was read in this run, so that no output replaces it.
pub fn record_input(path: &Path) {
    if let Some(identity) = identity(path) {
        let mut inputs = INPUTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let name = path.display().to_string();
        match inputs.iter_mut().find(|(known, _)| *known == identity) {
            Some(known) => known.1 = name,
            None => inputs.push((identity, name)),
        }
    }
}

/// The name an input was read by, when `output` is the same file as one of `inputs` or as
/// any file read so far in this run.
pub fn input_named(output: &str, inputs: &[&str]) -> Option<String> {
    let target = identity(Path::new(output))?;
    if let Some(input) = inputs
        .iter()
        .filter(|input| **input != "-")
        .find(|input| identity(Path::new(input)).as_ref() == Some(&target))
    {
        return Some((*input).to_string());
    }
    let recorded = INPUTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    recorded
        .iter()
        // Still the same file at the name it was read by (an inode of a deleted file can
        // be reused by another).
        .find(|(identity, name)| {
            *identity == target && self::identity(Path::new(name)).as_ref() == Some(&target)
        })
        .map(|(_, name)| name.clone())
}

/// True when `output` is the same file as one of `inputs` (or any file read in this run).
pub fn is_an_input(output: &str, inputs: &[&str]) -> bool {
    input_named(output, inputs).is_some()
}

/// Refuses an output path that is one of the inputs, or a folder.
pub fn check_output(output: &str, inputs: &[&str]) -> Result<(), Diagnostic> {
    if output == "-" {
        return Ok(());
    }
    if let Some(input) = input_named(output, inputs) {
        let what = if input == output {
            String::new()
        } else {
            format!(" (`{input}`)")
        };
        return Err(Diagnostic::error(
            Code::OutputIsInput,
            format!(
                "`{output}` is one of the files this run reads{what}; refusing to overwrite it"
            ),
        )
        .with_help("choose another `--output` path"));
    }
    if output.ends_with('/') || Path::new(output).is_dir() {
        return Err(Diagnostic::error(
            Code::OutputIsInput,
            format!("`{output}` is a folder; `--output` needs a file name"),
        )
        .with_help(format!(
            "name a file in it, for example `{}/report.html`",
            output.trim_end_matches('/')
        )));
    }
    Ok(())
}

/// Where writing `path` really goes.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A regular file (existing or not) at this resolved path: replaced atomically.
    Regular(PathBuf),
    /// A FIFO, device, socket or `/dev/stdout`-like path: opened and written in place.
    Direct(PathBuf),
}

/// Follows symlinks (also dangling ones, whose target is then created) to the file written.
fn resolve(path: &Path) -> io::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(Target::Regular(current))
            }
            Err(error) => return Err(error),
            Ok(metadata) if metadata.file_type().is_symlink() => {
                // `/dev/stdout` and friends are links into `/proc`: write to them in place.
                if current.starts_with("/dev") || current.starts_with("/proc") {
                    return Ok(Target::Direct(current));
                }
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(metadata) if metadata.is_file() => return Ok(Target::Regular(current)),
            Ok(metadata) if metadata.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "it is a folder, not a file",
                ))
            }
            Ok(_) => return Ok(Target::Direct(current)),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// An I/O error without the path of any temporary file it may mention.
fn plain(error: io::Error) -> io::Error {
    match error.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(error.kind(), error.kind().to_string()),
    }
}

/// Writes `bytes` to `path`: a regular file atomically (readers see the old file or the new
/// one, never half), through symlinks, and FIFOs and devices directly.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match resolve(path)? {
        Target::Direct(target) => {
            let mut file = OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(plain)?;
            file.write_all(bytes).map_err(plain)?;
            file.flush().map_err(plain)
        }
        Target::Regular(target) => replace(&target, bytes).map_err(plain),
    }
}

fn replace(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = std::fs::metadata(target)
        .ok()
        .map(|metadata| metadata.permissions());
    let prefix = format!(
        ".{}.",
        target
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Created with 0666: the kernel takes the umask off, as for any new file.
    #[cfg(unix)]
    builder.permissions(new_file_permissions());
    let mut temporary = builder.tempfile_in(&folder)?;
    if let Some(permissions) = existing {
        temporary.as_file().set_permissions(permissions)?;
    }
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(target).map_err(|error| error.error)?;
    // The rename is durable once the folder is synced (best effort: not every system can).
    if let Ok(folder) = File::open(&folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions() -> Permissions {
    use std::os::unix::fs::PermissionsExt;
    Permissions::from_mode(0o666)
}

/// Checks, before any work is done, that `path` can be written: its folder exists and can
/// take a new file, and an existing file is not read-only. Nothing is left behind.
pub fn check_writable(path: &Path) -> io::Result<()> {
    let target = match resolve(path)? {
        Target::Direct(target) => {
            return OpenOptions::new()
                .write(true)
                .open(target)
                .map(drop)
                .map_err(plain)
        }
        Target::Regular(target) => target,
    };
    if let Ok(metadata) = std::fs::metadata(&target) {
        if metadata.permissions().readonly() {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
    }
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("the folder `{}` does not exist", folder.display()),
        ));
    }
    tempfile::Builder::new()
        .prefix(".mspcheck-probe.")
        .tempfile_in(&folder)
        .map(drop)
        .map_err(plain)
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

    #[test]
    fn a_file_read_anywhere_in_the_run_is_an_input() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("q.yaml");
        std::fs::write(&path, "x").unwrap();
        let text = path.to_string_lossy().into_owned();
        assert!(check_output(&text, &[]).is_ok());
        record_input(&path);
        let error = check_output(&text, &[]).unwrap_err();
        assert_eq!(error.code, Code::OutputIsInput);
    }

    #[test]
    fn a_folder_is_not_an_output() {
        let folder = tempfile::tempdir().unwrap();
        let text = format!("{}/", folder.path().display());
        let error = check_output(&text, &[]).unwrap_err();
        assert!(error.message.contains("is a folder"), "{}", error.message);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_and_keeps_modes() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("real.txt");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, Permissions::from_mode(0o640)).unwrap();
        let link = folder.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let fresh = folder.path().join("fresh.txt");
        write_atomic(&fresh, b"x").unwrap();
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask, like any file the user creates.
        let probe = folder.path().join("probe");
        std::fs::File::create(&probe).unwrap();
        let usual = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_in_place() {
        assert_eq!(
            resolve(Path::new("/dev/null")).unwrap(),
            Target::Direct(PathBuf::from("/dev/null"))
        );
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        let error = write_atomic(Path::new("/dev/full"), b"x").unwrap_err();
        assert!(!error.to_string().contains(".tmp"), "{error}");
    }
}
