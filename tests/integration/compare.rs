//! `mspcheck compare`: ranking, tie explanations and weight sensitivity on fixtures whose
//! scores are worked out by hand in `tests/fixtures/compare/questionnaire.yaml`.

use serde_json::Value;

use super::support::{fixture, run_in};

fn compare(files: &[&str], extra: &[&str]) -> Value {
    let mut args = vec!["compare", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(files);
    let run = run_in(&fixture("fixtures/compare"), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("compare prints JSON")
}

fn providers(comparison: &Value) -> Vec<(String, u64, String)> {
    comparison["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|provider| {
            (
                provider["provider"].as_str().unwrap().to_string(),
                provider["rank"].as_u64().unwrap(),
                provider["classification"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const RANKING: [&str; 5] = [
    "ranking/delta.yaml",
    "ranking/charlie.yaml",
    "ranking/alpha.yaml",
    "ranking/echo.yaml",
    "ranking/bravo.yaml",
];

#[test]
fn ranks_class_first_then_score_and_ties_share_a_rank() {
    let comparison = compare(&RANKING, &[]);
    let expected = [
        ("Alpha", 1, "mature"),
        ("Bravo", 2, "pseudo"),
        ("Charlie", 3, "pseudo"),
        ("Delta", 4, "amateur"),
        ("Echo", 4, "amateur"),
    ];
    let expected: Vec<(String, u64, String)> = expected
        .iter()
        .map(|(name, rank, class)| (name.to_string(), *rank, class.to_string()))
        .collect();
    assert_eq!(providers(&comparison), expected);
    // Delta scores 46.7, above pseudo Charlie's 40: class outranks score.
    let scores: Vec<f64> = comparison["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|provider| provider["score"].as_f64().unwrap())
        .collect();
    assert!(scores[3] > scores[2], "{scores:?}");
    let decided: Vec<&Value> = comparison["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| &pair["decided_by"])
        .collect();
    assert_eq!(
        decided,
        [
            &Value::from("class"),
            &Value::from("score"),
            &Value::from("class"),
            &Value::Null
        ]
    );
    assert_eq!(
        comparison["pairs"][1]["explanation"],
        "both pseudo; overall score 60.0 vs 40.0"
    );
    assert!(comparison["pairs"][3]["explanation"]
        .as_str()
        .unwrap()
        .starts_with("nothing tells them apart"));
}

#[test]
fn a_wide_ranking_survives_every_quarter_weight_change() {
    let comparison = compare(&RANKING, &[]);
    assert_eq!(comparison["sensitivity"]["scenarios"], 6);
    assert_eq!(comparison["sensitivity"]["ranking_changes"], false);
    for pair in comparison["pairs"].as_array().unwrap() {
        assert_eq!(pair["robust"], true, "{pair}");
        assert_eq!(pair["flips"], Value::Array(Vec::new()));
    }
}

#[test]
fn a_close_pair_flips_when_one_domain_weight_moves_a_quarter() {
    // Foxtrot (flat, 80, 10) = 63.3 and Golf (flat, 10, 78) = 62.7, both mature.
    let comparison = compare(&["weights/foxtrot.yaml", "weights/golf.yaml"], &[]);
    assert_eq!(providers(&comparison)[0].0, "Foxtrot");
    assert_eq!(comparison["pairs"][0]["decided_by"], "score");
    assert_eq!(comparison["sensitivity"]["ranking_changes"], true);
    let pair = &comparison["pairs"][0];
    assert_eq!(pair["robust"], false);
    let flips: Vec<(String, f64)> = pair["flips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|flip| {
            (
                flip["domain"].as_str().unwrap().to_string(),
                flip["change"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        flips,
        [
            ("operations".to_string(), -0.25),
            ("security".to_string(), 0.25)
        ]
    );
    // With security at 1.25, Foxtrot drops to 59.2 (amateur) and Golf rises to 63.8.
    let security = &pair["flips"][1];
    assert_eq!(security["outcome"], "overtakes");
    assert_eq!(security["weight_to"], 1.25);
    assert_eq!(security["above_class"], "amateur");
    assert_eq!(security["below_class"], "mature");
    assert!((security["above_score"].as_f64().unwrap() - 192.5 / 3.25).abs() < 1e-9);
}

#[test]
fn table_names_the_flip_and_the_verdict() {
    let run = run_in(
        &fixture("fixtures/compare"),
        &[
            "compare",
            "-f",
            "table",
            "weights/foxtrot.yaml",
            "weights/golf.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Foxtrot (#1) above Golf (#2): changes under 2 of 6"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("security weight 1 → 1.25 (+25%): Golf moves above Foxtrot"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("The ranking depends on the weights"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_format_renders_the_ranking() {
    let folder = fixture("fixtures/compare");
    for (format, needle) in [
        ("markdown", "| 1 | Alpha | **mature** (undecided) |"),
        ("html", "<td>Alpha</td>"),
        ("csv", "rank,provider,answers_file"),
    ] {
        let run = run_in(
            &folder,
            &[
                "compare",
                "--format",
                format,
                "ranking/alpha.yaml",
                "ranking/bravo.yaml",
            ],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains(needle), "{format}:\n{}", run.stdout);
    }
    let csv = run_in(
        &folder,
        &[
            "compare",
            "--format",
            "csv",
            "ranking/bravo.yaml",
            "ranking/alpha.yaml",
        ],
    )
    .stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[1].starts_with("1,Alpha,") && rows[1].contains(",class,true,"),
        "{csv}"
    );
}

#[test]
fn provider_names_are_escaped_in_html_and_csv() {
    let folder = tempfile::tempdir().unwrap();
    let questionnaire = fixture("fixtures/compare/questionnaire.yaml");
    let text = format!(
        "format: mspcheck/answers/1\nquestionnaire: {}\nprovider: \"=HYPERLINK(1) <script>x</script>\"\nanswers:\n  billing.model: flat\n",
        questionnaire.display()
    );
    std::fs::write(folder.path().join("evil.yaml"), text).unwrap();
    let html = run_in(folder.path(), &["compare", "--format", "html", "evil.yaml"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(!html.stdout.contains("<script>") && html.stdout.contains("&lt;script&gt;"));
    let csv = run_in(folder.path(), &["compare", "--format", "csv", "evil.yaml"]);
    assert!(csv.stdout.contains(",'=HYPERLINK"), "{}", csv.stdout);
}

#[test]
fn mixed_questionnaires_are_refused() {
    let run = run_in(
        &fixture("fixtures/compare"),
        &[
            "compare",
            "--format",
            "json",
            "ranking/alpha.yaml",
            "quick-provider.yaml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("[mixed-questionnaires]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("quick-provider.yaml:2:"),
        "located at `questionnaire:`: {}",
        run.stderr
    );
}

#[test]
fn output_file_is_written_and_an_input_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["alpha", "bravo"] {
        std::fs::copy(
            fixture(&format!("fixtures/compare/ranking/{name}.yaml")),
            folder.path().join(format!("{name}.yaml")),
        )
        .unwrap();
    }
    let questionnaire = fixture("fixtures/compare/questionnaire.yaml");
    let override_args = ["--questionnaire", questionnaire.to_str().unwrap()];
    let mut args = vec!["compare", "--format", "csv", "--output", "ranking.csv"];
    args.extend_from_slice(&override_args);
    args.extend_from_slice(&["alpha.yaml", "bravo.yaml"]);
    let run = run_in(folder.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(std::fs::read_to_string(folder.path().join("ranking.csv"))
        .unwrap()
        .contains("Alpha"));

    let before = std::fs::read_to_string(folder.path().join("alpha.yaml")).unwrap();
    let mut args = vec!["compare", "--output", "alpha.yaml"];
    args.extend_from_slice(&override_args);
    args.extend_from_slice(&["alpha.yaml", "bravo.yaml"]);
    let run = run_in(folder.path(), &args);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[output-is-input]"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(folder.path().join("alpha.yaml")).unwrap(),
        before
    );
}

#[test]
fn verified_only_counts_only_verified_answers() {
    let comparison = compare(
        &["ranking/alpha.yaml", "ranking/bravo.yaml"],
        &["--verified-only"],
    );
    assert_eq!(comparison["verified_only"], true);
    for provider in comparison["providers"].as_array().unwrap() {
        assert_eq!(
            provider["score"],
            Value::Null,
            "nothing in these fixtures is verified"
        );
        assert_eq!(provider["coverage"], 0.0);
    }
}

#[cfg(unix)]
mod colour_terminal {
    //! `compare` on a real colour terminal: the table's width is measured without escape
    //! codes, so at 80 and 120 columns no line is wider than the terminal, no word is split
    //! and every escape code opens and closes on one line.

    use rexpect::session::{spawn_with_options, Options};

    use super::super::support::{root, REPORT_EPOCH};

    /// Runs `mspcheck compare --color always ARGS` on a `columns`-wide pseudo-terminal.
    fn compare_on_terminal(columns: u16, args: &[&str]) -> String {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "stty cols {columns} rows 50 && exec \"$0\" compare --color always \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_mspcheck"))
            .args(args)
            .current_dir(root())
            .env("COLUMNS", columns.to_string())
            .env("SOURCE_DATE_EPOCH", REPORT_EPOCH)
            .env_remove("NO_COLOR")
            .env("TERM", "xterm-256color");
        let mut session = spawn_with_options(
            command,
            Options::new()
                .timeout_ms(Some(20_000))
                .strip_ansi_escape_codes(false),
        )
        .expect("the binary starts in a pty");
        let raw = session.exp_eof().expect("compare finishes");
        // The session hands each byte over as one char; put the UTF-8 back together.
        let bytes: Vec<u8> = raw
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        String::from_utf8(bytes).unwrap_or(raw)
    }

    /// Removes `ESC [ … m` sequences; panics on any other or unfinished escape.
    fn visible(line: &str) -> String {
        let mut text = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\u{1b}' {
                text.push(c);
                continue;
            }
            assert_eq!(
                chars.next(),
                Some('['),
                "an escape split or foreign: {line:?}"
            );
            loop {
                match chars.next() {
                    Some('m') => break,
                    Some(c) if c.is_ascii_digit() || c == ';' => {}
                    other => panic!("unfinished escape ({other:?}) in {line:?}"),
                }
            }
        }
        text
    }

    #[test]
    fn compare_table_fits_a_colour_terminal_at_80_and_120_columns() {
        let files = [
            "examples/amateur-msp.yaml",
            "examples/pseudo-msp.yaml",
            "examples/mature-msp.yaml",
        ];
        for columns in [80u16, 120] {
            let output = compare_on_terminal(columns, &files);
            assert!(output.contains("\u{1b}["), "{columns}: colour is on");
            let mut classes = 0;
            for line in output.lines() {
                let line = line.trim_end_matches('\r');
                let text = visible(line);
                assert!(
                    text.chars().count() <= usize::from(columns),
                    "{columns} columns: {} wide: {text}",
                    text.chars().count()
                );
                for class in ["amateur", "pseudo", "mature"] {
                    if text.contains(&format!(" {class} ")) && text.starts_with('│') {
                        classes += 1;
                    }
                }
                let in_table = text.starts_with(['│', '┆']);
                for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
                    let split = ["amateur", "pseudo", "mature"]
                        .iter()
                        .any(|class| word.len() >= 3 && *class != word && class.starts_with(word));
                    assert!(
                        !(in_table && split),
                        "{columns}: a class name is split: {text}"
                    );
                }
                // Every colour opened on a line is reset on it.
                let opened = line.matches("\u{1b}[").count();
                let resets = line.matches("\u{1b}[0m").count()
                    + line.matches("\u{1b}[39m").count()
                    + line.matches("\u{1b}[22m").count();
                assert!(
                    opened == 0 || resets > 0,
                    "{columns}: colour left open: {line:?}"
                );
            }
            assert_eq!(classes, 3, "{columns}: each provider's class in its row");
        }
    }
}

const EXAMPLES: [&str; 3] = [
    "examples/amateur-msp.yaml",
    "examples/pseudo-msp.yaml",
    "examples/mature-msp.yaml",
];

#[test]
fn the_framework_view_puts_each_providers_evidence_per_control_side_by_side() {
    let mut args = vec!["compare", "--framework", "aa22-131a,cis8", "-f", "json"];
    args.extend_from_slice(&EXAMPLES);
    let run = super::support::run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let comparison: Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = comparison["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|provider| provider["provider"].as_str().unwrap())
        .collect();
    let frameworks = comparison["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 2);
    assert_eq!(frameworks[0]["framework"], "aa22-131a");
    assert_eq!(frameworks[1]["framework"], "cis8");
    for framework in frameworks {
        let id = framework["framework"].as_str().unwrap();
        // Each column is that provider's own posture from `assess --framework`.
        for (column, provider) in EXAMPLES.iter().enumerate() {
            let assessed =
                super::support::run(&["assess", "--framework", id, "-f", "json", provider]);
            let report: Value = serde_json::from_str(&assessed.stdout).unwrap();
            let posture = &report["frameworks"][0];
            let position = names
                .iter()
                .position(|name| *name == report["provider"].as_str().unwrap())
                .unwrap();
            assert_eq!(
                framework["totals"][position], posture["totals"],
                "{id} {column}"
            );
            let controls = framework["controls"].as_array().unwrap();
            assert_eq!(
                controls.len(),
                posture["controls"].as_array().unwrap().len()
            );
            for (control, own) in controls.iter().zip(posture["controls"].as_array().unwrap()) {
                assert_eq!(control["id"], own["id"]);
                assert_eq!(
                    control["evidence"][position], own["evidence"],
                    "{id} {}",
                    own["id"]
                );
            }
        }
        let differing = framework["controls"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|control| control["differs"] == true)
            .count();
        assert_eq!(framework["differing"].as_u64().unwrap() as usize, differing);
        assert!(differing > 0, "the three examples differ somewhere on {id}");
        assert!(framework["coverage"]
            .as_str()
            .unwrap()
            .contains("gives evidence for"));
    }
    // Clause topics: per provider, the questions whose gaps call for each; the mature
    // provider, ranked first, calls for fewer than the amateur one.
    let topics = comparison["clauses"]["topics"].as_array().unwrap();
    assert!(!topics.is_empty());
    let called = |position: usize| {
        topics
            .iter()
            .filter(|topic| !topic["gaps"][position].as_array().unwrap().is_empty())
            .count()
    };
    let amateur = names
        .iter()
        .position(|name| name.contains("Hollis"))
        .unwrap();
    assert!(called(0) < called(amateur), "{topics:?}");
}

#[test]
fn the_framework_view_appears_in_table_markdown_and_html_and_stays_out_without_the_flag() {
    for (format, marker) in [
        ("table", "Evidence per control: CISA AA22-131A"),
        ("markdown", "## Evidence per control: CISA AA22-131A"),
        ("html", "<h2>Evidence per control: CISA AA22-131A"),
    ] {
        let mut args = vec!["compare", "--framework", "aa22-131a", "-f", format];
        args.extend_from_slice(&EXAMPLES);
        let run = super::support::run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(marker), "{format}:\n{}", run.stdout);
        assert!(
            run.stdout.contains("Contract clause topics the providers"),
            "{format}:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("evidence differs on 3 of 12"),
            "{format}:\n{}",
            run.stdout
        );
    }
    let mut args = vec!["compare", "-f", "json"];
    args.extend_from_slice(&EXAMPLES);
    let plain: Value = serde_json::from_str(&super::support::run(&args).stdout).unwrap();
    assert!(plain.get("frameworks").is_none() && plain.get("clauses").is_none());
    // An unknown framework is refused like `assess` refuses it.
    let mut args = vec!["compare", "--framework", "cis9"];
    args.extend_from_slice(&EXAMPLES);
    let run = super::support::run(&args);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no framework `cis9`"), "{}", run.stderr);
}

#[test]
fn assess_compare_and_diff_load_through_one_loader_with_the_same_errors() {
    let folder = tempfile::tempdir().unwrap();
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pseudo-msp.yaml");
    std::fs::copy(&good, folder.path().join("good.yaml")).unwrap();
    std::fs::write(
        folder.path().join("bad.yaml"),
        "format: mspcheck/answers/1\nquestionnaire: msp\nprovider: Bad\nanswers:\n  billing.model: sometimes\n",
    )
    .unwrap();
    let errors = |run: &super::support::Run| -> Vec<String> {
        run.stderr
            .lines()
            .filter(|line| line.contains("error"))
            .map(str::to_string)
            .collect()
    };
    let assess = run_in(
        folder.path(),
        &["assess", "bad.yaml", "missing.yaml", "good.yaml"],
    );
    let compare = run_in(
        folder.path(),
        &["compare", "bad.yaml", "missing.yaml", "good.yaml"],
    );
    assert_eq!(assess.code, 2);
    assert_eq!(compare.code, 2);
    assert_eq!(errors(&assess).len(), 2, "{}", assess.stderr);
    // The same problems, in argument order, from every command.
    assert_eq!(errors(&assess), errors(&compare));
    let diff = run_in(folder.path(), &["diff", "bad.yaml", "missing.yaml"]);
    assert_eq!(diff.code, 2);
    assert_eq!(errors(&diff), errors(&assess));
    // --keep-going reports the file that loaded, and still fails.
    let kept = run_in(
        folder.path(),
        &[
            "compare",
            "--keep-going",
            "bad.yaml",
            "missing.yaml",
            "good.yaml",
        ],
    );
    assert_eq!(kept.code, 2);
    assert!(kept.stdout.contains("FixRight"), "{}", kept.stdout);
    assert!(
        kept.stderr
            .contains("2 of 3 answers files could not be read"),
        "{}",
        kept.stderr
    );
}

#[test]
fn red_flags_and_clause_gaps_show_their_questions_ref_in_every_format() {
    // A questionnaire converted from another one keeps each question's own identifier in
    // `ref:`; `compare` shows it beside the id wherever it names a question, as `diff` does.
    let directory = tempfile::tempdir().unwrap();
    let folder = directory.path();
    std::fs::write(
        folder.join("q.yaml"),
        "format: mspcheck/questionnaire/1\nid: refs\nversion: 1.0.0\ntitle: Refs\n\
         domains: [{ id: d, title: D, weight: 1 }]\n\
         questions:\n\
         \x20 - { id: mfa.staff, ref: \"IAM-01\", domain: d, text: MFA for staff?, kind: yes_no, options: [{ value: no, red_flag: No MFA }], maps: { aa22-131a: [mfa] } }\n\
         \x20 - { id: backup.tested, ref: \"BCR-08.2\", domain: d, text: Restores tested?, kind: yes_no, options: [{ value: no, red_flag: Restores untested }] }\n\
         \x20 - { id: other, domain: d, text: Other?, kind: yes_no, options: [{ value: no, red_flag: Other missing }], maps: { aa22-131a: [monitoring-logging] } }\n\
         clauses:\n\
         \x20 - { id: mfa, topic: MFA on provider accounts, text: The provider enforces MFA., source: here, covers: [mfa.staff] }\n\
         classification:\n  rules: [{ class: amateur, if: {} }]\n",
    )
    .unwrap();
    for name in ["a.yaml", "b.yaml"] {
        std::fs::write(
            folder.join(name),
            format!("format: mspcheck/answers/1\nquestionnaire: q.yaml\nprovider: {name}\nanswers:\n  mfa.staff: no\n  backup.tested: no\n  other: no\n"),
        )
        .unwrap();
    }
    let args = |format: &'static str| {
        [
            "compare",
            "--framework",
            "aa22-131a",
            "--format",
            format,
            "a.yaml",
            "b.yaml",
        ]
    };
    let json = run_in(folder, &args("json"));
    assert_eq!(json.code, 0, "{}", json.stderr);
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    let flags = value["providers"][0]["red_flags"].as_array().unwrap();
    assert_eq!(flags[0]["question"], "mfa.staff");
    assert_eq!(flags[0]["ref"], "IAM-01");
    assert!(flags[2].get("ref").is_none(), "{}", flags[2]);
    let controls = value["frameworks"][0]["controls"].as_array().unwrap();
    let control = |id: &str| {
        controls
            .iter()
            .find(|control| control["id"] == id)
            .unwrap_or_else(|| panic!("no control {id}: {controls:?}"))
    };
    assert_eq!(
        control("mfa")["questions"],
        serde_json::json!(["mfa.staff"])
    );
    assert_eq!(
        control("mfa")["refs"],
        serde_json::json!({ "mfa.staff": "IAM-01" })
    );
    assert!(control("monitoring-logging").get("refs").is_none());
    assert_eq!(
        value["clauses"]["refs"],
        serde_json::json!({ "mfa.staff": "IAM-01", "backup.tested": "BCR-08.2" })
    );
    for (format, expected) in [
        (
            "table",
            [
                "! high: No MFA [mfa.staff, ref IAM-01]",
                "┆ mfa.staff, ref IAM-01 ┆",
                "gaps no clause topic covers: backup.tested, ref BCR-08.2; other",
            ],
        ),
        (
            "markdown",
            [
                "high: No MFA (`mfa.staff`, ref IAM-01)",
                "| `mfa.staff`, ref IAM-01 |",
                "gaps no clause topic covers: `backup.tested`, ref BCR-08.2; `other`",
            ],
        ),
        (
            "html",
            [
                "high: No MFA <span class=\"muted\">(mfa.staff, ref IAM-01)</span>",
                "<td>mfa.staff, ref IAM-01</td>",
                "gaps no clause topic covers: backup.tested, ref BCR-08.2; other",
            ],
        ),
    ] {
        let run = run_in(folder, &args(format));
        assert_eq!(run.code, 0, "{}", run.stderr);
        for expected in expected {
            assert!(
                run.stdout.contains(expected),
                "{format}: {expected:?} in\n{}",
                run.stdout
            );
        }
    }
}
