//! Sets `MSPCHECK_VERSION` for `--version`: the package version, followed by the git commit
//! and its date when the crate is built from its own git checkout. Anywhere else (a
//! packaged crate, no git, another repository around it) it is the package version alone.

use std::path::Path;
use std::process::Command;

fn git(arguments: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    println!("cargo:rerun-if-changed=build.rs");
    let ours = git(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        Path::new(&top).canonicalize().ok()
            == Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().ok()
    });
    let described = ours
        .then(|| git(&["log", "-1", "--format=%h %cs", "--abbrev=12"]))
        .flatten();
    match described {
        Some(commit) => {
            // Rebuild the line when HEAD moves (a commit, a checkout).
            for path in ["HEAD", "packed-refs"] {
                if let Some(file) = git(&["rev-parse", "--git-path", path]) {
                    println!("cargo:rerun-if-changed={file}");
                }
            }
            if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
                if let Some(file) = git(&["rev-parse", "--git-path", &branch]) {
                    println!("cargo:rerun-if-changed={file}");
                }
            }
            println!("cargo:rustc-env=MSPCHECK_VERSION={version} (git {commit})");
        }
        None => println!("cargo:rustc-env=MSPCHECK_VERSION={version}"),
    }
}
