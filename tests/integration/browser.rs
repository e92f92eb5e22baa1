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

/// Runs `tool ARGS` and returns its standard output, or `None` when it is not installed.
fn tool(name: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(name).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Prints `page` to `pdf` (A4 comes from the page's own `@page` rule); returns Chromium's log.
fn print_to_pdf(browser: &str, page: &Path, pdf: &Path, profile: &Path) -> String {
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
            "--no-pdf-header-footer",
            "--enable-logging=stderr",
            "--log-level=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish printing within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The number of pages: `pdfinfo` when installed, else the PDF's `/Type /Page` objects.
fn page_count(pdf: &Path) -> usize {
    if let Some(info) = tool("pdfinfo", &[pdf.to_str().unwrap()]) {
        if let Some(pages) = info
            .lines()
            .find_map(|line| line.strip_prefix("Pages:"))
            .and_then(|pages| pages.trim().parse().ok())
        {
            return pages;
        }
    }
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[test]
fn amateur_report_prints_in_six_a4_pages_with_the_summary_on_page_one() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("MSPCHECK_SKIP_BROWSER").is_some(), "Chromium is not installed: run .ci/run, or `apt-get install chromium poppler-utils`, or set MSPCHECK_SKIP_BROWSER=1");
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("MSPCHECK_SKIP_BROWSER").is_some(),
            "pdftotext is not installed: `apt-get install poppler-utils`"
        );
        return;
    }
    let artifacts = root().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let page = folder.path().join("amateur.html");
    let brand = root().join("tests/fixtures/brand/northwind.yaml");
    let result = super::support::run(&[
        "assess",
        "--format",
        "html",
        "--brand",
        brand.to_str().unwrap(),
        "--output",
        page.to_str().unwrap(),
        "examples/amateur-msp.yaml",
    ]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let pdf = artifacts.join("amateur-msp.pdf");
    let _ = std::fs::remove_file(&pdf);
    let log = print_to_pdf(&browser, &page, &pdf, &folder.path().join("profile-print"));
    let console: Vec<&str> = log
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .collect();
    assert!(
        console.is_empty(),
        "console messages (a blocked fetch?) while printing:\n{}",
        console.join("\n")
    );
    assert!(pdf.is_file(), "no PDF; chromium said:\n{log}");
    let pages = page_count(&pdf);
    assert!(
        // Issue 12: at most 6 pages (it printed on 8 before the print layout left the
        // chart and the repeated red-flag list to the screen and tightened the evidence
        // trail and the clauses).
        (1..=6).contains(&pages),
        "the report prints on {pages} pages"
    );
    let _ = tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            pdf.to_str().unwrap(),
            artifacts.join("amateur-msp-page").to_str().unwrap(),
        ],
    );
    let text_of = |number: usize| {
        let page = number.to_string();
        tool(
            "pdftotext",
            &["-f", &page, "-l", &page, pdf.to_str().unwrap(), "-"],
        )
        .unwrap_or_default()
    };
    let texts: Vec<String> = (1..=pages).map(text_of).collect();
    let first = super::support::words(&texts[0]);
    let report: serde_json::Value = serde_json::from_str(
        &super::support::run(&["assess", "--format", "json", "examples/amateur-msp.yaml"]).stdout,
    )
    .unwrap();
    let flags = format!(
        "Red flags ({})",
        report["red_flags"].as_array().unwrap().len()
    );
    for wanted in [
        "Hollis PC & Network Services",
        "Northwind Advisory",
        "Prepared by Jane Doe, Senior Consultant",
        "Summary",
        "Hollis PC & Network Services is amateur, and the verdict is clear",
        flags.as_str(),
        "What to do next",
        "Overall score",
    ] {
        assert!(
            first.contains(wanted),
            "page one lacks {wanted:?}:\n{first}"
        );
    }
    let on = |needle: &str| {
        texts
            .iter()
            .position(|text| super::support::words(text).contains(needle))
    };
    let roadmap = on("Steps to mature").expect("the roadmap is printed");
    assert_eq!(
        on("Further gains"),
        Some(roadmap),
        "the roadmap's two parts print on one page"
    );
    assert!(
        texts[roadmap + 1..]
            .iter()
            .all(|text| !text.contains("Now → then")),
        "the roadmap continues past its page"
    );
    let trail = on("Evidence trail").expect("the evidence trail is printed");
    assert!(trail > roadmap);
    // The pages the trail runs on: up to the first page where a later section starts
    // (contradictions, frameworks, clauses come after it since the merge).
    let later = [
        "Contradictions",
        "Contract clause",
        "Framework",
        "Evidence on",
    ];
    for text in texts[trail + 1..]
        .iter()
        .take_while(|text| !later.iter().any(|heading| text.contains(heading)))
    {
        assert!(
            text.contains("Question") && text.contains("Marks"),
            "the trail's table header repeats on every page it spans"
        );
    }
    // Ids are never broken inside a word: every id-shaped token is a whole id.
    let ids: Vec<&str> = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|answer| answer["question"].as_str().unwrap())
        .collect();
    let domains: Vec<&str> = report["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|domain| domain["id"].as_str().unwrap())
        .collect();
    let mut seen = 0;
    for token in texts.iter().flat_map(|text| text.split_whitespace()) {
        let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        let Some((domain, _)) = token.split_once('.') else {
            continue;
        };
        if domains.contains(&domain) {
            seen += 1;
            assert!(
                ids.contains(&token),
                "an id is broken across lines: {token}"
            );
        }
    }
    assert!(seen >= ids.len(), "every answered question's id is printed");
    // What print leaves to the screen (the chart, the second list of red flags) is still on
    // paper: every domain's score in the domain table, every red flag in the summary.
    let all = super::support::words(&texts.join(" "));
    for domain in report["domains"].as_array().unwrap() {
        let title = domain["title"].as_str().unwrap();
        assert!(all.contains(title), "domain {title} is not printed");
    }
    for flag in report["red_flags"].as_array().unwrap() {
        let message = super::support::words(flag["message"].as_str().unwrap());
        assert!(
            first.contains(&message),
            "page one lacks the red flag {message:?}"
        );
    }
}
