//! `mspcheck completions SHELL`, `mspcheck man`, `--help` and `--version`: generated from
//! the command-line types, with examples, and completing the bundled questionnaire ids.

use super::support::{root, run, run_in};

const SUBCOMMANDS: [&str; 10] = [
    "assess",
    "validate",
    "list",
    "show",
    "compare",
    "diff",
    "template",
    "schema",
    "completions",
    "man",
];

#[test]
fn every_shell_gets_a_completion_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = run(&["completions", shell]);
        assert_eq!(script.code, 0, "{shell}: {}", script.stderr);
        assert!(script.stdout.len() > 500, "{shell}: a real script");
        for subcommand in SUBCOMMANDS {
            assert!(
                script.stdout.contains(subcommand),
                "{shell} completion lacks `{subcommand}`"
            );
        }
    }
    assert!(
        run(&["completions", "bash"]).stdout.contains("complete -F"),
        "bash registers a completion function"
    );
}

#[test]
fn man_page_is_roff_naming_the_subcommands() {
    let page = run(&["man"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(
        page.stdout.starts_with(".ie") || page.stdout.contains(".TH mspcheck"),
        "roff: {}",
        &page.stdout[..page.stdout.len().min(200)]
    );
    assert!(page.stdout.contains(".TH mspcheck 1"), "section 1");
    for subcommand in SUBCOMMANDS {
        assert!(
            page.stdout.contains(subcommand),
            "man page lacks `{subcommand}`"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let run = run(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
}

#[test]
fn every_subcommand_help_has_examples_that_parse() {
    for subcommand in SUBCOMMANDS.iter().chain(["interview"].iter()) {
        let help = run(&[subcommand, "--help"]);
        assert_eq!(help.code, 0, "{subcommand}: {}", help.stderr);
        let examples =
            help.stdout.split("Examples:\n").nth(1).unwrap_or_else(|| {
                panic!("`{subcommand} --help` has no examples:\n{}", help.stdout)
            });
        let lines: Vec<&str> = examples
            .lines()
            .map(str::trim)
            .take_while(|line| !line.is_empty())
            .filter(|line| line.starts_with("mspcheck "))
            .collect();
        assert!(lines.len() >= 2, "{subcommand}: {examples}");
        for line in lines {
            // Up to a redirection, the example is a valid command line.
            let words: Vec<&str> = line
                .split_whitespace()
                .take_while(|word| !word.starts_with(['>', '<']))
                .collect();
            assert_eq!(words[1], *subcommand, "{line}");
            let parsed = mspcheck::cli::command().try_get_matches_from(&words);
            assert!(
                parsed.is_ok(),
                "`{line}` does not parse: {:?}",
                parsed.err()
            );
        }
    }
}

#[test]
fn man_dir_writes_a_page_per_subcommand_with_exit_status_environment_and_examples() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().join("man1");
    let result = run_in(&root(), &["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let main = std::fs::read_to_string(dir.join("mspcheck.1")).unwrap();
    for subcommand in SUBCOMMANDS.iter().chain(["interview"].iter()) {
        // Every page the main one refers to exists.
        assert!(
            main.contains(&format!("mspcheck\\-{subcommand}(1)")),
            "{subcommand}"
        );
        let page = std::fs::read_to_string(dir.join(format!("mspcheck-{subcommand}.1")))
            .unwrap_or_else(|_| panic!("no page for {subcommand}"));
        assert!(
            page.contains(&format!(".TH mspcheck-{subcommand} 1")),
            "{subcommand}"
        );
        for section in [
            ".SH OPTIONS",
            ".SH EXAMPLES",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
        ] {
            assert!(page.contains(section), "{subcommand} lacks {section}");
        }
        assert!(page.contains("NO_COLOR") && page.contains("COLUMNS"));
        assert!(
            page.contains(&format!(".B mspcheck {subcommand}")),
            "{subcommand}: an example"
        );
    }
    let assess = std::fs::read_to_string(dir.join("mspcheck-assess.1")).unwrap();
    assert!(assess.contains("\\-\\-keep\\-going"), "options are listed");
    let interview = std::fs::read_to_string(dir.join("mspcheck-interview.1")).unwrap();
    assert!(interview.contains("KEYS AND LINE PROTOCOL"));
}

#[test]
fn completions_offer_the_bundled_questionnaire_ids_and_files() {
    let script = run(&["completions", "bash"]).stdout;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("mspcheck.bash");
    std::fs::write(&path, script).unwrap();
    let complete = |words: &str, current: usize| {
        let probe = format!(
            "source {}\nCOMP_WORDS=({words}); COMP_CWORD={current}\n_mspcheck mspcheck \"${{COMP_WORDS[{current}]}}\" \"${{COMP_WORDS[{}]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display(),
            current - 1
        );
        let output = std::process::Command::new("bash")
            .arg("-c")
            .arg(probe)
            .current_dir(root())
            .output()
            .expect("bash runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let shown = complete("mspcheck show q", 2);
    assert!(shown.lines().any(|line| line == "quick"), "{shown}");
    assert!(
        shown.lines().any(|line| line == "questionnaires"),
        "files too: {shown}"
    );
    let option = complete("mspcheck assess -q ms", 3);
    assert_eq!(
        option.lines().filter(|line| line.starts_with("ms")).count(),
        2,
        "{option}"
    );
    let zsh = run(&["completions", "zsh"]).stdout;
    assert!(zsh.contains(
        "_alternative 'bundled:bundled questionnaire:(msp mssp quick)' 'files:file:_files'"
    ));
    assert!(zsh.contains(":_mspcheck_questionnaires'"));
    let fish = run(&["completions", "fish"]).stdout;
    assert!(fish.contains("-l questionnaire -d 'Use this questionnaire (bundled id or path) instead of the one the answers name' -r -a \"msp"), "{fish}");
}

#[test]
fn version_names_the_git_commit_in_a_checkout() {
    let version = run(&["--version"]);
    assert_eq!(version.code, 0);
    let expected = format!("mspcheck {}", env!("CARGO_PKG_VERSION"));
    assert!(version.stdout.starts_with(&expected), "{}", version.stdout);
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string());
    if let Some(commit) = commit {
        // Built from this checkout: the commit is named (it may be an older one when the
        // binary was built before the last commit, so only its form is checked).
        assert!(
            version.stdout.contains("(git ") && commit.len() == 12,
            "the commit is named: {}",
            version.stdout
        );
    }
}

#[test]
fn errors_are_coloured_only_for_a_colour_terminal_or_always() {
    let file = "tests/fixtures/invalid/a-several-problems.yaml";
    let always = run(&["--color", "always", "validate", file]);
    assert_eq!(always.code, 2);
    assert!(
        always.stderr.contains("\u{1b}[1;31merror\u{1b}[0m:"),
        "{:?}",
        always.stderr
    );
    assert!(always.stderr.contains("\u{1b}[1;36mhelp\u{1b}[0m:"));
    let piped = run(&["validate", file]);
    assert!(!piped.stderr.contains('\u{1b}'), "no colour into a pipe");
    let never = run(&["--color", "never", "validate", file]);
    assert!(!never.stderr.contains('\u{1b}'));
}
