//! The HTML report in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/test`) renders a report at desktop and phone width; any console message (a script
//! error, a blocked fetch, a Content-Security-Policy violation) fails the test. The
//! screenshots are kept under `target/test-artifacts/` for a look by eye.
//! Set `MSPCHECK_SKIP_BROWSER=1` to skip on a machine without Chromium.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{root, run_in};

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        })
        .map(str::to_string)
}

/// Renders `page` at `width`×`height` into `shot`; returns Chromium's log.
fn screenshot(
    browser: &str,
    page: &Path,
    shot: &Path,
    width: u32,
    height: u32,
    profile: &Path,
) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--log-level=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn html_report_renders_in_chromium_without_console_messages() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("MSPCHECK_SKIP_BROWSER").is_some(), "Chromium is not installed: run the tests with .ci/test (it installs it on Debian), or `apt-get install chromium`, or set MSPCHECK_SKIP_BROWSER=1");
        return;
    };
    let artifacts = root().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let page = folder.path().join("report.html");
    let examples = root().join("examples");
    let result = run_in(
        &examples,
        &[
            "assess",
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
            "pseudo-msp.yaml",
            "quick-amateur.yaml",
        ],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    for (name, width, height) in [
        ("report-desktop.png", 1200, 2400),
        ("report-phone.png", 390, 2400),
    ] {
        let shot = artifacts.join(name);
        let _ = std::fs::remove_file(&shot);
        let log = screenshot(
            &browser,
            &page,
            &shot,
            width,
            height,
            &folder.path().join(format!("profile-{width}")),
        );
        let console: Vec<&str> = log
            .lines()
            .filter(|line| line.contains(":CONSOLE"))
            .collect();
        assert!(
            console.is_empty(),
            "console messages at {width}px:\n{}",
            console.join("\n")
        );
        let bytes = std::fs::read(&shot)
            .unwrap_or_else(|_| panic!("no screenshot at {width}px; chromium said:\n{log}"));
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{name} is a real picture ({} bytes)",
            bytes.len()
        );
    }
}
