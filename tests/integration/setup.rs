//! The set-up promises of the README: its test command is the one CI runs, the install
//! command builds the tested dependency versions, and `rust-version` is honest.

use std::process::Command;

use super::support::root;

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).expect("readable")
}

/// The commands of the README's "Set-up: two commands" block.
fn setup_commands() -> Vec<String> {
    let readme = read("README.md");
    let section = &readme[readme.find("## Set-up").expect("a set-up section")..];
    let block = &section[section.find("```sh\n").expect("a sh block") + 6..];
    let block = &block[..block.find("```").expect("the block ends")];
    block
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn ci_runs_exactly_the_readme_test_command() {
    let commands = setup_commands();
    assert_eq!(commands.len(), 2, "two commands: {commands:?}");
    assert!(commands[0].starts_with("cargo run"), "{commands:?}");
    let test_command = &commands[1];
    let ci: Vec<String> = read(".ci/run")
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .map(str::to_string)
        .collect();
    assert!(
        ci.contains(test_command),
        ".ci/run runs `{test_command}`: {ci:?}"
    );
    // The wrapper ends by running exactly `cargo test --locked`.
    assert!(
        read(".ci/test").contains("exec cargo test --locked \"$@\""),
        ".ci/test runs cargo test --locked"
    );
}

#[test]
fn readme_installs_with_locked_dependencies() {
    let readme = read("README.md");
    for (index, _) in readme.match_indices("cargo install") {
        let rest = &readme[index..];
        let line = &rest[..rest.find(['`', '\n']).unwrap_or(rest.len())];
        assert!(line.contains("--locked"), "`{line}` must say --locked");
    }
    assert!(readme.contains("cargo install --path . --locked"));
}

/// `major.minor` of a rust-version string, for comparison.
fn version(text: &str) -> (u64, u64) {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn rust_version_is_at_least_every_locked_dependency_needs() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|package| package["name"] == "mspcheck")
        .unwrap();
    let declared = version(ours["rust_version"].as_str().expect("rust-version is set"));
    for package in packages {
        if let Some(needed) = package["rust_version"].as_str() {
            assert!(
                version(needed) <= declared,
                "{} {} needs Rust {needed}, but Cargo.toml declares rust-version {}.{}",
                package["name"],
                package["version"],
                declared.0,
                declared.1
            );
        }
    }
    let readme = read("README.md");
    assert!(
        readme.contains(&format!(
            "Rust toolchain ({}.{} or later)",
            declared.0, declared.1
        )),
        "the README names the same minimum Rust"
    );
}
