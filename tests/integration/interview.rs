//! `mspcheck interview`: the line protocol with piped input, and the pick-lists driven in a
//! pseudo-terminal. Every run works on copies of `tests/fixtures/interview/` in a temporary
//! folder.

use std::path::{Path, PathBuf};

use crate::support::{fixture, run_in, run_with_input, Run};

/// A temporary folder holding copies of the interview fixtures.
fn workspace() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for name in [
        "small.yaml",
        "partial.yaml",
        "misfit.yaml",
        "other-questionnaire.yaml",
        "blank.yaml",
    ] {
        std::fs::copy(
            fixture(&format!("fixtures/interview/{name}")),
            folder.path().join(name),
        )
        .expect("copy a fixture");
    }
    folder
}

fn plain(folder: &Path, args: &[&str], input: &str) -> Run {
    let mut all = vec!["interview"];
    all.extend_from_slice(args);
    run_with_input(folder, &all, Some(input.as_bytes()))
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// `mspcheck validate FILE` must accept the file.
fn assert_valid(folder: &Path, name: &str) -> Run {
    let run = run_in(folder, &["validate", name]);
    assert_eq!(
        run.code,
        0,
        "{name} is not valid:\n{}\n{}",
        run.stderr,
        read(folder.join(name))
    );
    run
}

#[test]
fn plain_mode_asks_every_kind_saves_a_valid_file_and_reports_the_class() {
    let folder = workspace();
    // Header: provider, assessor (empty: none), perspective, date (empty: today). Then
    // billing.model (by number), security.mfa, security.controls, the scale, the number.
    let input = "Acme IT\n\nclient\n\n2\nno\nna\nedr, backup\n3\n30\n";
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "acme.yaml", "--plain"],
        input,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("billing.model: How does your provider bill you?"),
        "client wording:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("== Security (domain 2 of 2) =="),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("question 2 of 6 · Billing 2 of 2"),
        "`hourly` turns the `when` on:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Answered 6 of 6 questions that apply (1 n/a); 0 skipped; 6 unverified."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Class: pseudo · score"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("mspcheck assess acme.yaml"),
        "{}",
        run.stdout
    );
    let text = read(folder.path().join("acme.yaml"));
    for line in [
        "questionnaire: small.yaml",
        "provider: Acme IT",
        "perspective: client",
        "billing.model: hourly",
        "billing.hours_capped: no",
        "security.mfa: na",
        "- edr",
        "security.patching: 3",
        "security.patch_days: 30",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
    assert!(!text.contains("assessor"), "{text}");
    assert_valid(folder.path(), "acme.yaml");
    let assessed = run_in(folder.path(), &["assess", "acme.yaml", "--format", "json"]);
    assert!(
        assessed.stdout.contains("\"classification\": \"pseudo\""),
        "{}",
        assessed.stdout
    );
}

#[test]
fn plain_mode_resumes_at_the_first_unanswered_question_and_keeps_notes_and_evidence() {
    let folder = workspace();
    let before = read(folder.path().join("partial.yaml"));
    // No header lines on resume: the first line answers security.controls.
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "partial.yaml", "--plain"],
        "[]\n",
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("Resuming `partial.yaml`: 2 of 5 questions that apply are answered."),
        "{}",
        run.stdout
    );
    let first_question = run
        .stdout
        .find("security.controls:")
        .expect("asks security.controls");
    assert!(
        !run.stdout[..first_question].contains("billing.model:"),
        "starts at the first unanswered:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Answered 3 of 5 questions that apply; 2 skipped; 2 unverified."),
        "{}",
        run.stdout
    );
    let text = read(folder.path().join("partial.yaml"));
    assert_ne!(text, before);
    for line in [
        "note: Enforced by conditional access",
        "evidence: ca-policy.pdf",
        "verified: true",
        "date: 2026-11-01",
        "security.controls: []",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
    assert!(
        !folder.path().join("partial.yaml.bak").exists(),
        "no backup for a file without comments"
    );
    assert_valid(folder.path(), "partial.yaml");
}

#[test]
fn plain_mode_back_and_a_changed_answer_turn_a_when_on() {
    let folder = workspace();
    let args = [
        "small.yaml",
        "-o",
        "a.yaml",
        "--plain",
        "--provider",
        "P",
        "--assessor",
        "A",
        "--perspective",
        "provider",
        "--date",
        "2026-01-31",
    ];
    // flat; then `<` at security.mfa goes back to billing.model, `hourly` turns on
    // billing.hours_capped, which is answered; `.` finishes.
    let run = plain(folder.path(), &args, "flat\n<\nhourly\nyes\n.\n");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("Provider (who is assessed)"),
        "header flags are not asked:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("How do you bill this client?"),
        "provider wording:\n{}",
        run.stdout
    );
    let text = read(folder.path().join("a.yaml"));
    for line in [
        "billing.model: hourly",
        "billing.hours_capped: yes",
        "assessor: A",
        "perspective: provider",
        "date: 2026-01-31",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
    assert_valid(folder.path(), "a.yaml");
}

#[test]
fn plain_mode_details_write_the_long_form() {
    let folder = workspace();
    let args = [
        "small.yaml",
        "-o",
        "a.yaml",
        "--plain",
        "--details",
        "--provider",
        "P",
    ];
    // assessor, perspective, date: defaults; then an answer, note, evidence, verified.
    let run = plain(
        folder.path(),
        &args,
        "\n\n\nflat\nSigned contract\ncontract.pdf\ny\n.\n",
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = read(folder.path().join("a.yaml"));
    assert!(text.contains("answer: flat\n    note: Signed contract\n    evidence: contract.pdf\n    verified: true"), "{text}");
    assert!(
        run.stdout
            .contains("Answered 1 of 5 questions that apply; 4 skipped; 0 unverified."),
        "{}",
        run.stdout
    );
    assert_valid(folder.path(), "a.yaml");
}

#[test]
fn plain_mode_stops_at_a_wrong_line_and_keeps_the_answers_before_it() {
    let folder = workspace();
    let run = plain(
        folder.path(),
        &[
            "small.yaml",
            "-o",
            "a.yaml",
            "--plain",
            "--provider",
            "P",
            "--assessor",
            "",
            "--perspective",
            "client",
            "--date",
            "2026-11-23",
        ],
        "flat\nmaybe\nyes\n",
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "<stdin>:2:1: error: `maybe` is not an answer to `security.mfa` [value-not-allowed]"
        ),
        "{}",
        run.stderr
    );
    let text = read(folder.path().join("a.yaml"));
    assert!(
        text.contains("billing.model: flat") && !text.contains("security.mfa"),
        "{text}"
    );
    assert_valid(folder.path(), "a.yaml");
}

#[test]
fn plain_mode_refuses_to_start_without_a_provider() {
    let folder = workspace();
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "a.yaml", "--plain"],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("before the provider was given"),
        "{}",
        run.stderr
    );
    assert!(!folder.path().join("a.yaml").exists());
}

#[test]
fn without_a_terminal_and_without_plain_says_so_and_exits_2() {
    let folder = workspace();
    let run = plain(folder.path(), &["small.yaml", "-o", "a.yaml"], "Acme\n");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("standard input is not a terminal") && run.stderr.contains("--plain"),
        "{}",
        run.stderr
    );
    assert!(!folder.path().join("a.yaml").exists());
}

#[test]
fn refuses_to_overwrite_files_that_are_not_answers_for_this_questionnaire() {
    let folder = workspace();
    std::fs::write(folder.path().join("notes.yaml"), "shopping: [milk, eggs]\n").unwrap();
    for name in ["notes.yaml", "small.yaml", "other-questionnaire.yaml"] {
        let before = read(folder.path().join(name));
        let run = plain(
            folder.path(),
            &["small.yaml", "-o", name, "--plain"],
            "Acme\n\n\n\n",
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("refusing to overwrite it [output-exists]"),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("{name}:")),
            "located: {}",
            run.stderr
        );
        assert_eq!(read(folder.path().join(name)), before, "{name} was changed");
    }
}

#[test]
fn misfits_stop_the_interview_unless_dropped_and_then_a_backup_is_kept() {
    let folder = workspace();
    let original = read(folder.path().join("misfit.yaml"));
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "misfit.yaml", "--plain"],
        ".\n",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("misfit.yaml:7:3: error: unknown question `billing.retainer`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`siem` is not an answer to `security.controls`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--drop-misfits"), "{}", run.stderr);
    assert_eq!(
        read(folder.path().join("misfit.yaml")),
        original,
        "never silently changed"
    );

    std::fs::write(folder.path().join("misfit.yaml.bak"), "an older backup").unwrap();
    let run = plain(
        folder.path(),
        &[
            "small.yaml",
            "-o",
            "misfit.yaml",
            "--plain",
            "--drop-misfits",
        ],
        ".\n",
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("kept as `"), "{}", run.stdout);
    assert_eq!(
        read(folder.path().join("misfit.yaml.bak")),
        "an older backup",
        "an existing backup is never replaced"
    );
    assert_eq!(read(folder.path().join("misfit.yaml.1.bak")), original);
    let text = read(folder.path().join("misfit.yaml"));
    assert!(
        text.contains("billing.model: flat")
            && !text.contains("retainer")
            && !text.contains("siem"),
        "{text}"
    );
    assert_valid(folder.path(), "misfit.yaml");
}

#[test]
fn plain_mode_fills_a_blank_file_asking_its_header_and_keeps_a_backup_of_its_comments() {
    let folder = workspace();
    let original = read(folder.path().join("blank.yaml"));
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "blank.yaml", "--plain"],
        "Acme IT\n\nauditor\n2026-10-01\nflat\n.\n",
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Provider (who is assessed)"),
        "{}",
        run.stdout
    );
    assert_eq!(read(folder.path().join("blank.yaml.bak")), original);
    let text = read(folder.path().join("blank.yaml"));
    for line in [
        "provider: Acme IT",
        "perspective: auditor",
        "date: 2026-10-01",
        "billing.model: flat",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
    assert_valid(folder.path(), "blank.yaml");
}

/// Answers every question of the bundled `msp` questionnaire with `1` (the first option, the
/// point 1, the amount 1, the first option of a multi) and checks the file and the summary.
#[test]
fn plain_mode_runs_the_whole_bundled_msp_questionnaire() {
    use mspcheck::model::questionnaire::Kind;
    use mspcheck::validate::AnswerValue;
    let catalog = mspcheck::load::Catalog::default();
    let loaded = catalog.load_named("msp").expect("msp loads");
    let questionnaire = &loaded.questionnaire;
    let values: Vec<AnswerValue> = questionnaire
        .questions
        .iter()
        .map(|question| match question.kind() {
            Kind::YesNo | Kind::Choice => AnswerValue::Option(0),
            Kind::Multi => AnswerValue::Options(vec![0]),
            Kind::Scale => AnswerValue::Integer(1),
            Kind::Number => AnswerValue::Number(1.0),
            Kind::Text => AnswerValue::Text("a".into()),
        })
        .collect();
    assert!(questionnaire
        .questions
        .iter()
        .all(|question| question.kind() != Kind::Scale || question.scale_range().0 <= 1));
    let borrowed: Vec<Option<&AnswerValue>> = values.iter().map(Some).collect();
    let asked = mspcheck::score::applicability(questionnaire, &borrowed)
        .iter()
        .filter(|applies| **applies)
        .count();
    assert!(asked > 40, "msp asks {asked} questions");

    let folder = workspace();
    let input = format!(
        "Bundled run\n\nauditor\n2026-11-23\n{}",
        "1\n".repeat(asked)
    );
    let run = plain(
        folder.path(),
        &["msp", "-o", "msp-answers.yaml", "--plain"],
        &input,
    );
    assert_eq!(
        run.code,
        0,
        "{}\n{}",
        &run.stdout[run.stdout.len().saturating_sub(2000)..],
        run.stderr
    );
    assert!(
        run.stdout
            .contains(&format!("question {asked} of {asked} ")),
        "{}",
        &run.stdout[run.stdout.len().saturating_sub(2000)..]
    );
    assert!(
        run.stdout
            .contains(&format!("Answered {asked} of {asked} questions that apply")),
        "{}",
        run.stdout
    );
    let text = read(folder.path().join("msp-answers.yaml"));
    assert!(
        text.contains("questionnaire: msp\n") && text.contains("perspective: auditor"),
        "{text}"
    );
    let validated = assert_valid(folder.path(), "msp-answers.yaml");
    assert!(
        validated
            .stdout
            .contains(&format!("{asked} of {asked} applicable questions answered")),
        "{}",
        validated.stdout
    );
}

/// The pick-lists, driven in a pseudo-terminal. Each step waits for the prompt it answers,
/// with a timeout, so a broken prompt fails the test instead of hanging it.
#[test]
fn plain_mode_announces_follow_ups_and_takes_answers_by_id_in_any_order() {
    let folder = workspace();
    let input = "Acme\n\nclient\n\nsecurity.patch_days: 7\nbilling.model: hourly\nbilling.hours_capped=yes\nsecurity.mfa: na\n.\n";
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "acme.yaml", "--plain"],
        input,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("This answer opened 1 follow-up question (6 questions apply now)."),
        "{}",
        run.stdout
    );
    let text = read(folder.path().join("acme.yaml"));
    for line in [
        "security.patch_days: 7",
        "billing.model: hourly",
        "billing.hours_capped: yes",
        "security.mfa: na",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
    assert_valid(folder.path(), "acme.yaml");
    // A follow-up given before the answer that opens it is a located error.
    let early = plain(
        folder.path(),
        &["small.yaml", "-o", "early.yaml", "--plain"],
        "Acme\n\n\n\nbilling.hours_capped: yes\n",
    );
    assert_eq!(early.code, 2);
    assert!(
        early.stderr.contains(
            "<stdin>:5:1: error: `billing.hours_capped` does not apply to the answers given so far"
        ),
        "{}",
        early.stderr
    );
}

#[test]
fn plain_mode_moving_on_skips_questions_answered_before() {
    let folder = workspace();
    std::fs::write(
        folder.path().join("gaps.yaml"),
        "format: mspcheck/answers/1\nquestionnaire: small.yaml\nprovider: Acme IT\nanswers:\n  billing.model: flat\n  security.controls: [edr]\n",
    )
    .unwrap();
    // security.mfa, then (security.controls is answered) patching and patch days.
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "gaps.yaml", "--plain"],
        "yes\n2\n7\n",
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("security.controls:"),
        "not asked again:\n{}",
        run.stdout
    );
    let text = read(folder.path().join("gaps.yaml"));
    for line in [
        "security.mfa: yes",
        "security.patching: 2",
        "security.patch_days: 7",
        "- edr",
    ] {
        assert!(text.contains(line), "`{line}` missing from:\n{text}");
    }
}

#[cfg(unix)]
mod terminal {
    use std::path::Path;

    use rexpect::process::WaitStatus;
    use rexpect::session::{spawn_with_options, Options, PtySession};

    use super::{assert_valid, read, workspace};

    const TIMEOUT_MS: u64 = 10_000;
    const ENTER: &str = "\r";
    const DOWN: &str = "\x1b[B";
    const UP: &str = "\x1b[A";
    const ESC: &str = "\x1b";

    /// Starts `mspcheck interview ARGS` in `folder` on an 100×40 terminal.
    fn spawn(folder: &Path, args: &[&str]) -> PtySession {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg("stty cols 100 rows 40 && exec \"$0\" interview \"$@\"")
            .arg(env!("CARGO_BIN_EXE_mspcheck"))
            .args(args)
            .current_dir(folder)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        spawn_with_options(
            command,
            Options::new()
                .timeout_ms(Some(TIMEOUT_MS))
                .strip_ansi_escape_codes(true),
        )
        .expect("the binary starts in a pty")
    }

    fn expect(session: &mut PtySession, text: &str) {
        if let Err(error) = session.exp_string(text) {
            panic!("waiting for {text:?}: {error}");
        }
    }

    fn send(session: &mut PtySession, keys: &str) {
        session.send(keys).expect("send keys");
        session.flush().expect("flush keys");
    }

    fn exit_code(session: &mut PtySession) -> i32 {
        let _ = session.exp_eof();
        match session.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => code,
            other => panic!("the interview did not exit normally: {other:?}"),
        }
    }

    #[test]
    fn answers_survive_a_kill_and_the_same_command_resumes_and_finishes() {
        let folder = workspace();
        let args = ["small.yaml", "--output", "acme.yaml"];
        let mut session = spawn(folder.path(), &args);
        expect(&mut session, "Provider (who is assessed)");
        send(&mut session, "Acme IT\r");
        expect(&mut session, "Assessor");
        send(&mut session, ENTER);
        expect(&mut session, "Perspective");
        send(&mut session, &format!("{UP}{UP}{UP}{ENTER}")); // from `none` (no perspective yet) up to `client`
        expect(&mut session, "Date of the assessment");
        send(&mut session, ENTER);
        // The client-facts step: Esc skips each prompt.
        expect(&mut session, "Client's sector");
        send(&mut session, ESC);
        expect(&mut session, "Where the client operates");
        send(&mut session, ESC);
        expect(&mut session, "Is the client a public body?");
        send(&mut session, ESC);
        expect(&mut session, "question 1 of 5");
        expect(&mut session, "How does your provider bill you?");
        send(&mut session, ENTER); // flat
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, ENTER); // yes
        expect(&mut session, "Which controls are in place?");
        session
            .process_mut()
            .signal(rexpect::process::Signal::SIGKILL)
            .expect("kill");
        let _ = session.process().wait();

        let text = read(folder.path().join("acme.yaml"));
        assert!(
            text.contains("billing.model: flat") && text.contains("security.mfa: yes"),
            "{text}"
        );
        assert!(
            text.contains("perspective: client") && text.contains("provider: Acme IT"),
            "{text}"
        );
        assert_valid(folder.path(), "acme.yaml");

        let mut session = spawn(folder.path(), &args);
        expect(&mut session, "Resuming `acme.yaml`: 2 of 5");
        expect(&mut session, "Which controls are in place?");
        send(&mut session, " "); // select Endpoint detection
        send(&mut session, ENTER);
        expect(&mut session, "How automated is patching?");
        send(&mut session, &format!("{DOWN}{DOWN}{ENTER}")); // 2
        expect(&mut session, "How many days until critical patches");
        send(&mut session, "7\r");
        expect(&mut session, "End of the questionnaire");
        send(&mut session, ENTER); // Finish
        expect(&mut session, "Class: ");
        assert_eq!(exit_code(&mut session), 0);
        let text = read(folder.path().join("acme.yaml"));
        for line in [
            "billing.model: flat",
            "security.mfa: yes",
            "- edr",
            "security.patching: 2",
            "security.patch_days: 7",
        ] {
            assert!(text.contains(line), "`{line}` missing from:\n{text}");
        }
        assert_valid(folder.path(), "acme.yaml");
    }

    #[test]
    fn going_back_to_change_an_answer_asks_the_question_it_turns_on_and_ctrl_c_keeps_it() {
        let folder = workspace();
        let args = [
            "small.yaml",
            "-o",
            "a.yaml",
            "--provider",
            "P",
            "--assessor",
            "A",
            "--perspective",
            "provider",
            "--date",
            "2026-11-23",
        ];
        let mut session = spawn(folder.path(), &args);
        expect(&mut session, "How do you bill this client?");
        send(&mut session, ENTER); // flat
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, ESC);
        expect(&mut session, "What now?");
        // Answer, Show the help, Skip, Clear (there is none yet), Back.
        send(&mut session, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{ENTER}"));
        expect(&mut session, "How do you bill this client?");
        send(&mut session, &format!("{DOWN}{ENTER}")); // hourly
        expect(&mut session, "Are the billed hours capped?");
        send(&mut session, ENTER); // yes
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, "\x03");
        expect(&mut session, "Interrupted");
        assert_eq!(exit_code(&mut session), 130);
        let text = read(folder.path().join("a.yaml"));
        assert!(
            text.contains("billing.model: hourly") && text.contains("billing.hours_capped: yes"),
            "{text}"
        );
        assert_valid(folder.path(), "a.yaml");
    }

    #[test]
    fn typing_jumps_on_pick_lists_and_the_header_date_says_what_enter_does() {
        let folder = workspace();
        let mut session = spawn(folder.path(), &["small.yaml", "--output", "t.yaml"]);
        expect(&mut session, "Provider (who is assessed)");
        send(&mut session, "Acme IT\r");
        expect(&mut session, "Assessor");
        send(&mut session, ENTER);
        expect(&mut session, "Perspective");
        send(&mut session, "cli");
        send(&mut session, ENTER);
        expect(&mut session, "Date of the assessment");
        expect(&mut session, "enter keeps the date shown");
        send(&mut session, ENTER);
        // The client-facts step: typing jumps in the sector list, regions are typed, and
        // the public body is picked from yes / no / not given (the cursor starts on the last).
        expect(&mut session, "Client's sector");
        send(&mut session, "heal");
        send(&mut session, ENTER);
        expect(&mut session, "Where the client operates");
        send(&mut session, "us-ny, eu-de");
        send(&mut session, ENTER);
        expect(&mut session, "Is the client a public body?");
        send(&mut session, &format!("{UP}{UP}{ENTER}"));
        expect(&mut session, "How does your provider bill you?");
        send(&mut session, "hour");
        send(&mut session, ENTER);
        expect(&mut session, "This answer opened 1 follow-up question");
        expect(&mut session, "Are the billed hours capped?");
        send(&mut session, "n");
        send(&mut session, ENTER);
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, "\x03");
        assert_eq!(exit_code(&mut session), 130);
        let text = read(folder.path().join("t.yaml"));
        for line in [
            "perspective: client",
            "client:\n  sector: health\n  region:\n  - us-ny\n  - eu-de\n  public_body: true\n",
            "billing.model: hourly",
            "billing.hours_capped: no",
        ] {
            assert!(text.contains(line), "`{line}` missing from:\n{text}");
        }
    }

    #[test]
    fn the_esc_menu_keeps_its_positions_and_leaves_no_canceled_mark() {
        let folder = workspace();
        let args = [
            "small.yaml",
            "-o",
            "m.yaml",
            "--provider",
            "P",
            "--assessor",
            "A",
            "--perspective",
            "client",
            "--date",
            "2026-11-23",
            // Given, so the client-facts step is not asked.
            "--client-sector",
            "other",
        ];
        let mut session = spawn(folder.path(), &args);
        expect(&mut session, "How does your provider bill you?");
        send(&mut session, ENTER); // flat
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, ESC);
        let before = session.exp_string("What now?").expect("the menu");
        assert!(!before.contains("<canceled>"), "{before}");
        expect(&mut session, "Clear the answer (there is none yet)");
        // Unanswered: the fifth item is still Back.
        send(&mut session, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{ENTER}"));
        expect(&mut session, "How does your provider bill you?");
        send(&mut session, ESC);
        expect(&mut session, "What now?");
        // Answered: the same fifth item is Back (at the first question: it says so).
        send(&mut session, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{ENTER}"));
        expect(&mut session, "This is the first question.");
        send(&mut session, "\x03");
        assert_eq!(exit_code(&mut session), 130);
    }

    /// The interview of `small.yaml` into `p.yaml`, header given, asking for notes and
    /// evidence.
    const DETAILS_ON_SMALL: [&str; 12] = [
        "small.yaml",
        "-o",
        "p.yaml",
        "--assessor",
        "A",
        "--perspective",
        "client",
        "--date",
        "2026-11-23",
        "--client-sector",
        "other",
        "--details",
    ];

    /// `text` as a terminal sends a paste: bracketed, one chunk.
    fn paste(session: &mut PtySession, text: &str) {
        send(session, &format!("\x1b[200~{text}\x1b[201~"));
    }

    // Issue 11, item 9: a huge paste into a terminal prompt (inquire took it a character at
    // a time and redrew the whole line after each: 16,000 characters froze the terminal,
    // 210,000 ran for over 12 minutes). A paste over the cap is refused whole, at once,
    // saying so; one that fits is taken in one piece and saved.
    #[test]
    fn a_huge_paste_is_refused_at_once_and_one_that_fits_is_saved() {
        let folder = workspace();
        let mut session = spawn(folder.path(), &DETAILS_ON_SMALL);
        expect(&mut session, "Provider (who is assessed)");
        paste(&mut session, &"x".repeat(210_000));
        expect(
            &mut session,
            "the pasted text is 210,000 characters; at most 10,000",
        );
        // The line is as it was (empty): what is typed next is the provider.
        send(&mut session, "Acme IT\r");
        expect(&mut session, "How does your provider bill you?");
        send(&mut session, ENTER); // flat
        expect(&mut session, "Note (optional)");
        let note = "n".repeat(9_000);
        paste(&mut session, &note);
        // Enter once the paste is shown, as a person would press it.
        expect(&mut session, &"n".repeat(40));
        send(&mut session, ENTER);
        expect(&mut session, "(9000 characters)");
        expect(&mut session, "Evidence (optional)");
        paste(&mut session, &"e".repeat(16_000));
        expect(&mut session, "the pasted text is 16,000 characters");
        send(&mut session, ESC);
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, "\x03");
        assert_eq!(exit_code(&mut session), 130);
        let text = read(folder.path().join("p.yaml"));
        assert!(
            text.contains("provider: Acme IT"),
            "{}",
            &text[..text.len().min(400)]
        );
        assert!(
            text.contains(&format!("note: {note}")),
            "the 9,000-character note is saved"
        );
        assert!(!text.contains("eeee"), "the refused paste is not saved");
        assert_valid(folder.path(), "p.yaml");
    }

    // A terminal without bracketed paste sends a paste as plain keys. crossterm reads the
    // terminal 1,024 bytes at a time and waits for more on an edge-triggered poll, so what
    // was left unread sat there until the next key press: the prompt stalled mid-paste. Here
    // 5,000 characters and Enter arrive in one write, and nothing after it.
    #[test]
    fn an_unbracketed_paste_is_taken_whole_without_another_key_press() {
        let folder = workspace();
        let mut session = spawn(folder.path(), &DETAILS_ON_SMALL);
        expect(&mut session, "Provider (who is assessed)");
        send(&mut session, "Acme IT\r");
        expect(&mut session, "How does your provider bill you?");
        send(&mut session, ENTER); // flat
        expect(&mut session, "Note (optional)");
        let note = "n".repeat(5_000);
        send(&mut session, &format!("{note}\r"));
        if let Err(error) = session.exp_string("(5000 characters)") {
            panic!(
                "the prompt did not take the 5,000 pasted characters and the Enter after them \
                 without another key press: {error}"
            );
        }
        expect(&mut session, "Evidence (optional)");
        send(&mut session, ESC);
        expect(&mut session, "Is MFA enforced for every account?");
        send(&mut session, "\x03");
        assert_eq!(exit_code(&mut session), 130);
        let text = read(folder.path().join("p.yaml"));
        assert!(
            text.contains(&format!("note: {note}\n")),
            "the 5,000-character note is saved whole"
        );
        assert_valid(folder.path(), "p.yaml");
    }

    #[test]
    fn a_foreign_file_is_refused_before_any_question() {
        let folder = workspace();
        let before = read(folder.path().join("other-questionnaire.yaml"));
        let mut session = spawn(
            folder.path(),
            &["small.yaml", "-o", "other-questionnaire.yaml"],
        );
        expect(
            &mut session,
            "holds answers for questionnaire `quick`, not `small`",
        );
        assert_eq!(exit_code(&mut session), 2);
        assert_eq!(read(folder.path().join("other-questionnaire.yaml")), before);
    }
}

#[test]
fn plain_mode_takes_the_client_facts_as_lines_and_saves_them_in_the_header() {
    let folder = workspace();
    // From the client's side the step says how to give the facts; they come as `client.…`
    // lines at a question (asked again after each) and at the end, and `-` removes one.
    let input = "Acme IT\n\nclient\n2026-01-01\nclient.sector: health\nclient.region: us-ny, eu-de\nflat\nclient.public_body: yes\nclient.sector: finance\nno\n\n\n\nclient.region: -\nclient.region: uk\n.\n";
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "acme.yaml", "--plain"],
        input,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("Client facts (they select the regulations"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Client facts: sector health · region us-ny, eu-de."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Client facts: sector finance · region uk · public body yes."),
        "{}",
        run.stdout
    );
    let saved = read(folder.path().join("acme.yaml"));
    assert!(
        saved.contains("client:\n  sector: finance\n  region:\n  - uk\n  public_body: true\n"),
        "{saved}"
    );
    // The answers around the fact lines went to the questions asked.
    assert!(saved.contains("billing.model: flat"), "{saved}");
    assert!(saved.contains("security.mfa: no"), "{saved}");
    assert_valid(folder.path(), "acme.yaml");
}

#[test]
fn plain_mode_stops_at_a_wrong_client_fact_and_asks_no_step_for_a_provider() {
    let folder = workspace();
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "wrong.yaml", "--plain"],
        "Acme IT\n\nauditor\n2026-01-01\nclient.sector: banking\n",
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("<stdin>:5:1")
            && run.stderr.contains("`banking` is not a sector")
            && run.stderr.contains("client.public_body: yes|no"),
        "{}",
        run.stderr
    );
    // The provider's own side has no client to describe: no step, no hint.
    let run = plain(
        folder.path(),
        &["small.yaml", "-o", "own.yaml", "--plain"],
        "Acme IT\n\nprovider\n2026-01-01\n.\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Client facts"), "{}", run.stdout);
    // Facts given by flags are not asked again, and land in the header.
    let run = plain(
        folder.path(),
        &[
            "small.yaml",
            "-o",
            "flags.yaml",
            "--plain",
            "--client-sector",
            "education",
            "--client-public-body",
            "true",
        ],
        "Acme IT\n\nclient\n2026-01-01\n.\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Client facts ("), "{}", run.stdout);
    let saved = read(folder.path().join("flags.yaml"));
    assert!(
        saved.contains("client:\n  sector: education\n  public_body: true\n"),
        "{saved}"
    );
}

/// Issue #18: a `text` question in the line protocol takes the line as typed (`:` and `#`
/// are text, not YAML), an empty line skips it, a line over `max_length` is refused and the
/// question asked again; context questions are asked and open their follow-ups.
#[test]
fn plain_mode_takes_free_text_as_typed_and_an_empty_line_skips_it() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("fixtures/fields/questionnaire.yaml"),
        folder.path().join("vendor.yaml"),
    )
    .unwrap();
    // Piped input is strict: a line over `max_length` stops the run, located.
    let long = format!("Vendor Ltd\n\nauditor\n\n{}\n", "x".repeat(121));
    let run = plain(
        folder.path(),
        &["vendor.yaml", "-o", "too-long.yaml", "--plain"],
        &long,
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("<stdin>:5:1: error: the answer to `app.name` is 121 characters long; its `max_length` is 120 [text-too-long]"),
        "{}",
        run.stderr
    );
    // Header: provider, assessor, perspective, date. Then app.name, app.uploads, app.data,
    // app.upload_checks, app.tls_review, app.standard (skipped), ops.patch_days, ops.contact.
    let input = "Vendor Ltd\n\nauditor\n\nPortal: uploads # not a comment\nyes\npersonal\nmalware_scan\nquarterly\n\n5\nJo, head of security\n";
    let run = plain(
        folder.path(),
        &["vendor.yaml", "-o", "vendor-answers.yaml", "--plain"],
        input,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("free text (at most 120 characters), on one line; an empty line skips"),
        "{}",
        run.stdout
    );
    assert_valid(folder.path(), "vendor-answers.yaml");
    let catalog = mspcheck::load::Catalog::default();
    let loaded = mspcheck::load::load_answers(
        &catalog,
        &folder.path().join("vendor-answers.yaml").to_string_lossy(),
        None,
    )
    .unwrap();
    use mspcheck::validate::AnswerValue;
    let answers = &loaded.answers.answers;
    assert_eq!(
        answers[0].value,
        Some(AnswerValue::Text("Portal: uploads # not a comment".into()))
    );
    assert_eq!(answers[1].value, Some(AnswerValue::Option(0)));
    assert_eq!(
        answers[5].value, None,
        "the empty line skipped app.standard"
    );
    assert_eq!(
        answers[7].value,
        Some(AnswerValue::Text("Jo, head of security".into()))
    );
}
