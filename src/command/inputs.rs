//! The files a batch command reads, as given on the command line: a folder stands for the
//! files in it (recursively) whose top-level `format:` is one the command reads, and `-`
//! (standard input) may be read only once per run.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};

/// The `format:` of answers files.
pub const ANSWERS: &str = "mspcheck/answers/1";
/// The `format:` of questionnaires.
pub const QUESTIONNAIRE: &str = "mspcheck/questionnaire/1";

/// Replaces each folder among `arguments` by the files under it whose `format:` is one of
/// `formats` (sorted by path, hidden entries skipped); keeps files and `-` as given. A
/// folder with no such file, or `-` given twice (or also as `also_stdin`, such as
/// `--questionnaire -`), is an error.
pub fn expand(
    arguments: &[String],
    formats: &[&str],
    also_stdin: Option<&str>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut stdin_uses = usize::from(also_stdin.is_some());
    for argument in arguments {
        if argument == "-" {
            stdin_uses += 1;
            files.push(argument.clone());
            continue;
        }
        let path = Path::new(argument);
        if !path.is_dir() {
            files.push(argument.clone());
            continue;
        }
        let mut found = Vec::new();
        walk(path, formats, &mut found);
        if found.is_empty() {
            problems.push(
                Diagnostic::error(
                    Code::FileUnreadable,
                    format!(
                        "the folder `{argument}` holds no file with `format: {}`",
                        formats.join("` or `format: ")
                    ),
                )
                .with_help("a folder stands for the `.yaml` and `.yml` files under it that have that `format:` line"),
            );
        }
        files.extend(found.into_iter().map(|path| display(argument, &path)));
    }
    if stdin_uses > 1 {
        let what = also_stdin.map_or_else(String::new, |flag| format!(" (`{flag} -` included)"));
        problems.push(
            Diagnostic::error(
                Code::FileUnreadable,
                format!("`-` (standard input) is given {stdin_uses} times{what}, but it can be read only once"),
            )
            .with_help("give the other files by path"),
        );
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// The path of `found` as the user would write it: under the folder as they typed it.
fn display(argument: &str, found: &Path) -> String {
    let base = Path::new(argument);
    match found.strip_prefix(base) {
        Ok(relative) => base.join(relative).to_string_lossy().into_owned(),
        Err(_) => found.to_string_lossy().into_owned(),
    }
}

/// Collects the YAML files under `folder` whose `format:` is one of `formats`, sorted.
fn walk(folder: &Path, formats: &[&str], found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, formats, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "yaml" || extension == "yml")
            && format_of(&path).is_some_and(|format| formats.contains(&format.as_str()))
        {
            found.push(path);
        }
    }
}

/// The value of a file's top-level `format:` line, read without parsing the whole file
/// (the file is parsed, and every problem reported, when it is loaded).
pub fn format_of(path: &Path) -> Option<String> {
    use std::io::{BufRead, BufReader, Read};
    let file = std::fs::File::open(path).ok()?;
    // The format line is near the top; a huge file is not read to its end here.
    let reader = BufReader::new(file.take(64 * 1024));
    for line in reader.lines() {
        let Ok(line) = line else {
            return None;
        };
        let line = line.trim_start_matches('\u{feff}');
        if let Some(value) = line.strip_prefix("format:") {
            let value = value.split(" #").next().unwrap_or("").trim();
            return Some(value.trim_matches(['"', '\'']).to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_to_the_files_of_the_format_sorted() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        std::fs::create_dir_all(root.join("2026/q1")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("b.yaml"), "format: mspcheck/answers/1\n").unwrap();
        std::fs::write(root.join("a.yml"), "# c\nformat: \"mspcheck/answers/1\"\n").unwrap();
        std::fs::write(
            root.join("2026/q1/c.yaml"),
            "\u{feff}format: mspcheck/answers/1 # x\n",
        )
        .unwrap();
        std::fs::write(root.join("q.yaml"), "format: mspcheck/questionnaire/1\n").unwrap();
        std::fs::write(root.join("notes.txt"), "format: mspcheck/answers/1\n").unwrap();
        std::fs::write(root.join(".git/x.yaml"), "format: mspcheck/answers/1\n").unwrap();
        let argument = root.to_string_lossy().into_owned();
        let files = expand(std::slice::from_ref(&argument), &[ANSWERS], None).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|file| {
                Path::new(file)
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["2026/q1/c.yaml", "a.yml", "b.yaml"]);
        let both = expand(&[argument], &[ANSWERS, QUESTIONNAIRE], None).unwrap();
        assert_eq!(both.len(), 4);
    }

    #[test]
    fn an_empty_folder_and_stdin_twice_are_errors() {
        let folder = tempfile::tempdir().unwrap();
        let argument = folder.path().to_string_lossy().into_owned();
        let problems = expand(&[argument], &[ANSWERS], None).unwrap_err();
        assert!(
            problems[0].message.contains("holds no file"),
            "{problems:?}"
        );
        let twice = expand(&["-".into(), "-".into()], &[ANSWERS], None).unwrap_err();
        assert!(twice[0].message.contains("read only once"), "{twice:?}");
        let with_flag = expand(&["-".into()], &[ANSWERS], Some("--questionnaire")).unwrap_err();
        assert!(with_flag[0].message.contains("--questionnaire -"));
        assert_eq!(
            expand(&["-".into(), "x.yaml".into()], &[ANSWERS], None).unwrap(),
            ["-", "x.yaml"]
        );
    }
}
