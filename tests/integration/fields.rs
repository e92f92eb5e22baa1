//! Issue #18 through the binary: free text (`kind: text`), context questions
//! (`scored: false`), guidance per answer (`remediation` on options, bands and `unknown`)
//! and source ids (`ref`), on `tests/fixtures/fields/`, in every report format, `show`,
//! `template` and `validate`.

use serde_json::Value;

use super::support::{fixture, run_in};

fn folder() -> std::path::PathBuf {
    fixture("fixtures/fields")
}

fn assess(format: &[&str]) -> String {
    let mut args = vec!["assess", "pseudo.yaml", "--details"];
    args.extend_from_slice(format);
    let run = run_in(&folder(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn every_report_format_shows_text_answers_refs_and_context_only_domains() {
    let table = assess(&[]);
    for wanted in [
        "app.name, ref APP-01: Example Portal: customer uploads [unverified, not",
        "app.upload_checks, ref A&A-01.1 +33.3",
        "high: Uploaded files are not checked at all. [app.upload_checks, ref",
        "Context — context only, not scored",
        "context only",
    ] {
        assert!(table.contains(wanted), "table lacks {wanted:?}:\n{table}");
    }
    let markdown = assess(&["--format", "markdown"]);
    for wanted in [
        "(`app.name`, ref APP-01) | Example Portal: customer uploads | unverified, not scored |",
        "high: Uploaded files are not checked at all. (`app.upload_checks`, ref A&A-01.1)",
        "| Context | 1 | context only | 0/0 | 0/0 |",
    ] {
        assert!(
            markdown.contains(wanted),
            "markdown lacks {wanted:?}:\n{markdown}"
        );
    }
    let html = assess(&["--format", "html"]);
    for wanted in [
        "<code class=\"id\">app.standard</code> <span class=\"muted\">(ref A&amp;A-03)</span>",
        "OWASP ASVS 4.0, level 2",
        "<td class=\"num\">context only</td>",
    ] {
        assert!(html.contains(wanted), "html lacks {wanted:?}");
    }
    let json: Value = serde_json::from_str(&assess(&["--format", "json"])).unwrap();
    let answer = |id: &str| {
        json["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|answer| answer["question"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(answer("app.standard")["answer"], "OWASP ASVS 4.0, level 2");
    assert_eq!(answer("app.standard")["unscored"], true);
    assert_eq!(answer("app.standard")["score"], Value::Null);
    assert_eq!(answer("app.standard")["ref"], "A&A-03");
    assert_eq!(answer("app.tls_review").get("unscored"), None);
    assert_eq!(json["domains"][0]["context_only"], true);
    assert_eq!(json["red_flags"][0]["ref"], "A&A-01.1");
    assert!(json["roadmap"]
        .as_array()
        .unwrap()
        .iter()
        .all(|step| step["question"] != "app.uploads" && step["question"] != "app.data"));
    let ndjson = assess(&["--format", "ndjson"]);
    let line: Value = serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
    assert_eq!(line["answers"], json["answers"]);
    let csv = assess(&["--format", "csv", "--csv", "answers"]);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().ends_with(",note,evidence,ref"),
        "{csv}"
    );
    assert!(
        csv.lines().any(|line| line.contains(
            "context,app.name,Example Portal: customer uploads,Example Portal: customer uploads,,false,false,false,,,APP-01"
        )),
        "{csv}"
    );
}

#[test]
fn the_roadmap_prints_the_guidance_written_for_the_answer_given_in_every_format() {
    let table = assess(&[]);
    // `annually` has its own advice; the question's ("at least every quarter") was written
    // for `never`.
    assert!(
        table.contains("→ Move the annual review to a quarterly one."),
        "{table}"
    );
    assert!(
        !table.contains("Review the TLS configuration at least every quarter."),
        "{table}"
    );
    let markdown = assess(&["--format", "markdown"]);
    assert!(markdown.contains("Move the annual review to a quarterly one."));
    let html = assess(&["--format", "html"]);
    assert!(html.contains("Move the annual review to a quarterly one."));
}

#[test]
fn show_lists_refs_kinds_and_the_guidance_per_answer() {
    let run = run_in(
        &folder(),
        &["show", "questionnaire.yaml", "--format", "markdown"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for wanted in [
        "### `app.upload_checks` (ref `A&A-01.1`)",
        "**What is the name of the application assessed?** _(text, not scored)_",
        "_(yes_no, context question: not scored)_",
        "Free text; expected text of at most 120 characters.",
        "| `public` | Public data only | — |",
        "**To improve, by answer:**",
        "- `annually`: Move the annual review to a quarterly one.",
        "  - _for the client:_ Ask for the dates of the last two reviews and a quarterly schedule.",
        "- `unknown`: Measure the time from a patch's release to its deployment.",
    ] {
        assert!(
            run.stdout.contains(wanted),
            "show lacks {wanted:?}:\n{}",
            run.stdout
        );
    }
    let run = run_in(&folder(), &["show", "questionnaire.yaml"]);
    assert!(run.stdout.contains("app.name (APP-01)"), "{}", run.stdout);
    let run = run_in(
        &folder(),
        &["show", "questionnaire.yaml", "--format", "json"],
    );
    let shown: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(shown["questions"][0]["ref"], "APP-01");
    assert_eq!(shown["questions"][0]["kind"], "text");
    assert_eq!(shown["questions"][0]["max_length"], 120);
    assert_eq!(shown["questions"][1]["scored"], false);
    assert_eq!(shown["questions"][2]["options"][0].get("score"), None);
}

#[test]
fn the_template_comments_refs_and_text_placeholders_and_loads_back_when_filled() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::copy(
        folder().join("questionnaire.yaml"),
        scratch.path().join("questionnaire.yaml"),
    )
    .unwrap();
    let run = run_in(scratch.path(), &["template", "questionnaire.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for wanted in [
        "  # app.name [ref APP-01] (text, not scored)\n",
        "  # Answer in your own words, in quotes, at most 120 characters; empty = unanswered:\n  #     \"...\"\n  app.name:\n",
        "  # app.uploads [ref APP-02] (yes_no, context question, not scored)\n",
        "  #     public    Public data only\n",
    ] {
        assert!(run.stdout.contains(wanted), "template lacks {wanted:?}:\n{}", run.stdout);
    }
    let filled = run
        .stdout
        .replace("provider: \"\"", "provider: \"P\"")
        .replace("  app.name:\n", "  app.name: \"Portal: #1\"\n")
        .replace("  app.uploads:\n", "  app.uploads: no\n");
    std::fs::write(scratch.path().join("filled.yaml"), filled).unwrap();
    let run = run_in(scratch.path(), &["validate", "filled.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_score_on_a_context_question_is_a_warning_and_the_file_stays_valid() {
    let scratch = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(folder().join("questionnaire.yaml"))
        .unwrap()
        .replace(
            "      - { value: public, label: Public data only }",
            "      - { value: public, label: Public data only, score: 1 }",
        );
    std::fs::write(scratch.path().join("q.yaml"), text).unwrap();
    let run = run_in(scratch.path(), &["validate", "q.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("q.yaml:40:51: warning: `score` is ignored: `app.data` is a context question (`scored: false`) [score-ignored]"),
        "{}",
        run.stderr
    );
}

// Issue 11, small gaps: what `validate` counts, no weight on unscored questions in
// `show --format json`, `flags:` in `show`, and `ref` in the interview's prompt.
#[test]
fn validate_says_what_it_counts_and_show_json_gives_unscored_questions_no_weight() {
    let run = run_in(
        &folder(),
        &["validate", "questionnaire.yaml", "pseudo.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("8 questions (3 text, 2 context: not scored) in 3 domains"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("applicable scored questions answered; ")
            && run
                .stdout
                .contains("5 of 5 text and context questions (3 text, 2 context) answered"),
        "{}",
        run.stdout
    );

    let run = run_in(
        &folder(),
        &["show", "questionnaire.yaml", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown: Value = serde_json::from_str(&run.stdout).unwrap();
    for question in shown["questions"].as_array().unwrap() {
        let unscored = question["kind"] == "text" || question["scored"] == false;
        assert_eq!(
            question.get("weight").is_some(),
            !unscored,
            "{}",
            question["id"]
        );
    }
}

#[test]
fn show_lists_the_flags_of_combined_answers_and_the_interview_shows_refs() {
    let folder = tempfile::tempdir().unwrap();
    let questionnaire = std::fs::read_to_string(fixture("fixtures/fields/questionnaire.yaml"))
        .unwrap()
        + "flags:\n  - id: open-uploads\n    severity: critical\n    message: Uploads are taken and never checked.\n    if: {answer: {question: app.upload_checks, in: [none]}}\n";
    std::fs::write(folder.path().join("q.yaml"), questionnaire).unwrap();
    let run = run_in(folder.path(), &["show", "q.yaml", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("## Red flags of combined answers")
            && run.stdout.contains(
                "- **`open-uploads`** (critical): Uploads are taken and never checked. — _"
            ),
        "{}",
        run.stdout
    );
    let run = run_in(folder.path(), &["show", "q.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("- open-uploads (critical): Uploads are taken and never checked. (when"),
        "{}",
        run.stdout
    );

    let run = super::support::run_with_input(
        folder.path(),
        &[
            "interview",
            "q.yaml",
            "--plain",
            "-o",
            "a.yaml",
            "--provider",
            "P",
        ],
        Some(b"\n\n\n\n"),
    );
    assert!(
        run.stdout.contains("question 1 of ") && run.stdout.contains(" · ref APP-01 · "),
        "{}",
        run.stdout
    );
}
