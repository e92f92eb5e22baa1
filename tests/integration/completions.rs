//! `mspcheck completions SHELL` and `mspcheck man`: generated from the command-line types,
//! non-empty, and naming every subcommand.

use super::support::run;

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
