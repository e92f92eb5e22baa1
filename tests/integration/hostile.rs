//! Hostile inputs generated on the fly (too large, binary or deep to check in): each is
//! refused with exit 2 and its code, never a panic or a hang. Time and memory budgets are
//! measured by `benches/hostile.rs`, not here.

use super::support::run_with_input;

fn refuse(bytes: &[u8], code: &str) -> String {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("hostile.yaml");
    std::fs::write(&path, bytes).unwrap();
    let run = run_with_input(folder.path(), &["validate", "hostile.yaml"], None);
    assert_eq!(
        run.code, 2,
        "expected exit 2 with [{code}]; stderr: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("[{code}]")),
        "expected [{code}]: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

const ANSWERS_HEAD: &str = "format: mspcheck/answers/1\nquestionnaire: msp\nprovider: Hostile\n";

#[test]
fn refuses_non_utf8_with_the_line_of_the_bad_byte() {
    let mut bytes = ANSWERS_HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"assessor: J\xe9r\xf4me\n");
    let stderr = refuse(&bytes, "not-utf8");
    assert!(stderr.starts_with("hostile.yaml:4:"), "{stderr}");
}

#[test]
fn refuses_binary_files() {
    refuse(
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        "not-utf8",
    );
}

#[test]
fn refuses_files_over_8_mib() {
    let mut bytes = ANSWERS_HEAD.as_bytes().to_vec();
    bytes.extend(std::iter::repeat_n(b'#', 8 * 1024 * 1024));
    refuse(&bytes, "file-too-large");
}

#[test]
fn refuses_a_100000_deep_flow_mapping() {
    let text = format!(
        "{ANSWERS_HEAD}answers: {}{}\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    refuse(text.as_bytes(), "too-deep");
}

#[test]
fn refuses_deep_block_nesting() {
    let mut text = ANSWERS_HEAD.to_string();
    for depth in 0..80 {
        text.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    refuse(text.as_bytes(), "too-deep");
}

#[test]
fn refuses_an_anchor_fanned_out_to_ten_thousand_aliases() {
    let mut text = format!(
        "{ANSWERS_HEAD}x: &a [{}]\ny: [",
        vec!["1"; 10_000].join(",")
    );
    text.push_str(&vec!["*a"; 10_000].join(","));
    text.push_str("]\n");
    refuse(text.as_bytes(), "yaml-alias");
}

#[test]
fn refuses_a_large_string_anchor_used_many_times() {
    let mut text = format!(
        "{ANSWERS_HEAD}note: &big \"{}\"\nanswers:\n",
        "x".repeat(1024 * 1024)
    );
    for index in 0..2000 {
        text.push_str(&format!("  q{index}: *big\n"));
    }
    refuse(text.as_bytes(), "yaml-alias");
}

#[test]
fn refuses_more_than_10000_questions() {
    let mut text = String::from(
        "format: mspcheck/questionnaire/1\nid: huge\nversion: 1.0.0\ntitle: Huge\ndomains: [{id: d, title: D, weight: 1}]\nquestions:\n",
    );
    for index in 0..10_001 {
        text.push_str(&format!(
            "  - {{id: q{index}, domain: d, text: Q{index}, kind: yes_no}}\n"
        ));
    }
    text.push_str("classification: {rules: [{class: amateur, if: {}}]}\n");
    let stderr = refuse(text.as_bytes(), "too-many-questions");
    assert!(stderr.contains("10001 questions"), "{stderr}");
}

#[test]
fn reads_a_file_with_byte_order_mark_and_windows_line_endings() {
    let text = "\u{feff}format: mspcheck/answers/1\r\nquestionnaire: msp\r\nprovider: Windows Shop\r\nanswers:\r\n  billing.model: hourly\r\n";
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("bom.yaml"), text).unwrap();
    let run = run_with_input(folder.path(), &["validate", "bom.yaml"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_with_input(
        folder.path(),
        &["assess", "--format", "json", "bom.yaml"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"provider\": \"Windows Shop\""));
}

#[test]
fn standard_input_is_read_with_dash() {
    let text = format!("{ANSWERS_HEAD}answers:\n  billing.model: hourly\n");
    let run = run_with_input(
        &super::support::root(),
        &["assess", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"answers_file\": \"<stdin>\""));
}
