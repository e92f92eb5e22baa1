//! The web form in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`), driven over the DevTools protocol. A respondent answers with the keyboard and
//! the mouse, including a question that opens a follow-up; the page is reloaded and the
//! answers are still there; "Download answers" saves a file that `mspcheck assess` accepts
//! and that holds exactly what was typed; "Open answers file" continues a file written by
//! hand. Any console message, script error or Content-Security-Policy violation fails the
//! test. A phone-width screenshot is kept as `target/test-artifacts/form-phone.png`.
//! Set `MSPCHECK_SKIP_BROWSER=1` to skip on a machine without Chromium.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

use mspcheck::load::{load_answers, Catalog};
use mspcheck::validate::AnswerValue;

use super::support::{root, run_in};

/// Chromium, killed when dropped.
struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    session: Option<String>,
    /// Console messages, exceptions and log entries seen so far.
    complaints: Vec<String>,
    downloads: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn start(profile: &Path, downloads: &Path) -> Browser {
        let mut child = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = sender.send(line[at..].trim().to_string());
                }
            }
        });
        let url = receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("chromium prints its DevTools address within 60 s");
        let (socket, _) = tungstenite::connect(url.as_str()).expect("DevTools connects");
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(60)))
                .unwrap();
        }
        let mut browser = Browser {
            child,
            socket,
            next: 0,
            session: None,
            complaints: Vec::new(),
            downloads: downloads.to_path_buf(),
        };
        browser.call(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.to_string_lossy(), "eventsEnabled": true}),
        );
        browser
    }

    /// Sends a command (to the page once attached) and waits for its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap();
        loop {
            let reply = self.socket.read().expect("DevTools answers");
            let Message::Text(text) = reply else { continue };
            let reply: Value = serde_json::from_str(text.as_str()).unwrap();
            if reply["id"] == json!(id) {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
            self.notice(&reply);
        }
    }

    fn notice(&mut self, event: &Value) {
        match event["method"].as_str() {
            Some("Runtime.consoleAPICalled") => self
                .complaints
                .push(format!("console: {}", event["params"]["args"])),
            Some("Runtime.exceptionThrown") => self.complaints.push(format!(
                "exception: {}",
                event["params"]["exceptionDetails"]
            )),
            Some("Log.entryAdded") => self
                .complaints
                .push(format!("log: {}", event["params"]["entry"])),
            _ => {}
        }
    }

    /// Opens `url` in a new page and attaches to it.
    fn open(&mut self, url: &str) {
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        self.session = attached["sessionId"].as_str().map(str::to_string);
        self.call("Runtime.enable", json!({}));
        self.call("Log.enable", json!({}));
        self.call("Page.enable", json!({}));
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && !!window.mspcheckForm");
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "userGesture": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    fn wait_for(&mut self, condition: &str) {
        let started = Instant::now();
        while self.eval(&format!("!!({condition})")) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "timed out waiting for {condition}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn key(&mut self, key: &str, code: &str, text: Option<&str>) {
        for kind in ["keyDown", "keyUp"] {
            let mut params = json!({"type": kind, "key": key, "code": code});
            if let (Some(text), "keyDown") = (text, kind) {
                params["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", params);
        }
    }

    fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
    }

    /// Waits for one finished download and returns its path.
    fn downloaded(&self) -> PathBuf {
        let started = Instant::now();
        loop {
            let finished: Vec<PathBuf> = std::fs::read_dir(&self.downloads)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|extension| extension == "yaml")
                })
                .collect();
            if let [one] = finished.as_slice() {
                return one.clone();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no download within 30 s: {finished:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Standard base64 decoding (screenshots come base64-encoded).
fn unbase64(text: &str) -> Vec<u8> {
    let value = |byte: u8| match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text.bytes().filter(|byte| *byte != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |sum, (index, byte)| {
            sum | u32::from(value(*byte)) << (18 - 6 * index)
        });
        for index in 0..chunk.len().saturating_sub(1) {
            out.push((bits >> (16 - 8 * index)) as u8);
        }
    }
    out
}

fn chromium_available() -> bool {
    Command::new("chromium")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn the_form_is_answered_kept_across_a_reload_downloaded_and_assessed() {
    if !chromium_available() {
        assert!(
            std::env::var_os("MSPCHECK_SKIP_BROWSER").is_some(),
            "Chromium is not installed: run .ci/run, or `apt-get install chromium`, or set MSPCHECK_SKIP_BROWSER=1"
        );
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let made = run_in(
        folder.path(),
        &[
            "form",
            "quick",
            "--perspective",
            "client",
            "--output",
            "form.html",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let page = folder.path().join("form.html");
    let profile = folder.path().join("profile");
    let downloads = folder.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut browser = Browser::start(&profile, &downloads);
    let url = format!("file://{}", page.display());
    browser.open(&url);

    let catalog = Catalog::default();
    let loaded = catalog.load_named("quick").unwrap();
    let questionnaire = &loaded.questionnaire;
    // A yes/no question that opens follow-ups, and one of them.
    use mspcheck::model::questionnaire::Kind;
    let radio = |kind: Kind| matches!(kind, Kind::YesNo | Kind::Choice);
    // A question answered by radio buttons that opens a follow-up answered the same way.
    let (follow_up, opener, opening) = questionnaire
        .questions
        .iter()
        .find_map(|question| {
            let when = question.when.as_ref()?;
            (radio(question.kind()) && radio(questionnaire.questions[when.question].kind()))
                .then(|| (question, when.question, when.options[0]))
        })
        .expect("quick has a question that opens a follow-up");
    let opener_id = questionnaire.questions[opener].id().to_string();
    let follow_up_id = follow_up.id().to_string();
    let opening_input = format!(
        "document.getElementById('q-{opener_id}').querySelectorAll('input[type=radio]')[{opening}]"
    );
    let number = questionnaire
        .questions
        .iter()
        .find(|question| {
            question.kind() == mspcheck::model::questionnaire::Kind::Number
                && question.when.is_none()
        })
        .map(|question| question.id().to_string());

    let hidden = |browser: &mut Browser, id: &str| {
        browser.eval(&format!("document.getElementById('q-{id}').hidden"))
    };
    assert_eq!(
        hidden(&mut browser, &follow_up_id),
        json!(true),
        "the follow-up waits for its opener"
    );

    // Keyboard only: focus the opener's first choice (`yes`) and press Space.
    browser.eval(&format!("{}.focus()", opening_input));
    browser.key(" ", "Space", Some(" "));
    assert_eq!(
        browser.eval(&format!("{}.checked", opening_input)),
        json!(true)
    );
    assert_eq!(
        hidden(&mut browser, &follow_up_id),
        json!(false),
        "the follow-up opens"
    );
    // The follow-up with the mouse: its second choice (`no`).
    browser.eval(&format!(
        "document.getElementById('q-{follow_up_id}').querySelectorAll('input[type=radio]')[1].click()"
    ));
    // Details: a provider and a note with text that YAML readers treat specially.
    let provider = "Acme & Co: \"IT\" #1 \u{2028} 'quoted'";
    browser.eval("document.getElementById('header-provider').focus()");
    browser.type_text(provider);
    let note = "line one\nline two: not a key\u{85} # not a comment";
    browser.eval(&format!(
        "document.getElementById('q-{follow_up_id}').querySelector('details').open = true; document.getElementById('q{}-note').focus()",
        questionnaire.question_index(&follow_up_id).unwrap()
    ));
    browser.type_text(note);
    if let Some(number) = &number {
        let index = questionnaire.question_index(number).unwrap();
        browser.eval(&format!(
            "document.getElementById('q{index}-number').focus()"
        ));
        browser.type_text("14.5");
    }
    let answered = browser.eval("document.getElementById('total').textContent");

    // A reload keeps everything.
    browser.eval("window.beforeReload = true");
    browser.call("Page.reload", json!({}));
    browser.wait_for(
        "!window.beforeReload && document.readyState === 'complete' && !!window.mspcheckForm",
    );
    assert_eq!(
        browser.eval(&format!("{}.checked", opening_input)),
        json!(true),
        "kept across a reload"
    );
    assert_eq!(hidden(&mut browser, &follow_up_id), json!(false));
    assert_eq!(
        browser.eval("document.getElementById('header-provider').value"),
        json!(provider)
    );
    assert_eq!(
        browser.eval("document.getElementById('total').textContent"),
        answered
    );

    // A phone-width look.
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    );
    browser.eval(&format!(
        "document.getElementById('q-{opener_id}').scrollIntoView()"
    ));
    let width = browser.eval("window.innerWidth");
    assert!(
        width.as_f64().unwrap() <= 390.0,
        "no sideways scrolling on a phone: {width}"
    );
    let shot = browser.call("Page.captureScreenshot", json!({"format": "png"}));
    let artifacts = root().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let png = unbase64(shot["data"].as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(artifacts.join("form-phone.png"), png).unwrap();

    // Download, then assess what was downloaded.
    browser.eval("document.getElementById('download').click()");
    let file = browser.downloaded();
    let run = run_in(
        folder.path(),
        &["assess", "--format", "json", &file.to_string_lossy()],
    );
    assert_eq!(
        run.code,
        0,
        "{}\n{}",
        run.stderr,
        std::fs::read_to_string(&file).unwrap()
    );
    let answers = load_answers(&catalog, &file.to_string_lossy(), None)
        .unwrap()
        .answers;
    assert_eq!(answers.header.provider, provider.trim());
    assert_eq!(
        answers.header.perspective,
        Some(mspcheck::model::Perspective::Client)
    );
    assert_eq!(
        answers.answers[opener].value,
        Some(AnswerValue::Option(opening))
    );
    let follow_up_answer = &answers.answers[questionnaire.question_index(&follow_up_id).unwrap()];
    assert_eq!(follow_up_answer.value, Some(AnswerValue::Option(1)));
    assert_eq!(follow_up_answer.note.as_deref(), Some(note));
    if let Some(number) = &number {
        let index = questionnaire.question_index(number).unwrap();
        assert_eq!(
            answers.answers[index].value,
            Some(AnswerValue::Number(14.5))
        );
    }

    // "Open answers file" continues a file written by hand (comments, long forms, lists).
    let example = root().join("examples/quick-mature.yaml");
    let expected = load_answers(&catalog, &example.to_string_lossy(), None)
        .unwrap()
        .answers;
    let picker = browser.call(
        "Runtime.evaluate",
        json!({"expression": "document.getElementById('open-file')"}),
    );
    browser.call(
        "DOM.setFileInputFiles",
        json!({"files": [example.to_string_lossy()], "objectId": picker["result"]["objectId"]}),
    );
    browser.wait_for("document.getElementById('status').textContent.indexOf('Opened') === 0");
    assert_eq!(
        browser.eval("document.getElementById('header-provider').value"),
        json!(expected.header.provider)
    );
    std::fs::remove_file(&file).unwrap();
    browser.eval("document.getElementById('download').click()");
    let again = browser.downloaded();
    let reopened = load_answers(&catalog, &again.to_string_lossy(), None)
        .unwrap()
        .answers;
    let applicable: Vec<usize> = (0..questionnaire.questions.len())
        .filter(|position| expected.answered(*position).is_some())
        .collect();
    for position in applicable {
        assert_eq!(
            reopened.answers[position].value,
            expected.answers[position].value,
            "{}",
            questionnaire.questions[position].id()
        );
    }
    assert!(
        browser.complaints.is_empty(),
        "the page complained: {:#?}",
        browser.complaints
    );
}

/// Issue #18: a `text` question is a text area that honours `max_length`, a context question
/// opens its follow-up like any other, the `ref` is shown, and what was typed comes back
/// exactly in the downloaded answers.
#[test]
fn a_text_question_is_a_text_area_within_its_max_length_and_downloads_as_typed() {
    if !chromium_available() {
        assert!(
            std::env::var_os("MSPCHECK_SKIP_BROWSER").is_some(),
            "Chromium is not installed: run .ci/run, or `apt-get install chromium`, or set MSPCHECK_SKIP_BROWSER=1"
        );
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/fields/questionnaire.yaml");
    std::fs::copy(&fixture, folder.path().join("questionnaire.yaml")).unwrap();
    let made = run_in(
        folder.path(),
        &["form", "questionnaire.yaml", "--output", "form.html"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let profile = folder.path().join("profile");
    let downloads = folder.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut browser = Browser::start(&profile, &downloads);
    browser.open(&format!(
        "file://{}",
        folder.path().join("form.html").display()
    ));

    // `app.name` (question 0): a text area limited to 120 characters, with its ref shown.
    assert_eq!(
        browser.eval("document.getElementById('q0-text').tagName"),
        json!("TEXTAREA")
    );
    assert_eq!(
        browser.eval("document.getElementById('q0-text').getAttribute('maxlength')"),
        json!("120")
    );
    assert_eq!(
        browser.eval("document.querySelector('#q-app\\\\.name .ref').textContent"),
        json!("Ref. APP-01")
    );
    let name = "Portal: \"uploads\" # one";
    browser.eval("document.getElementById('q0-text').focus()");
    browser.type_text(name);
    browser.eval("document.getElementById('q5-text').focus()");
    browser.type_text(&"x".repeat(130));
    // `app.standard` has no limit; `app.name` refuses more than 120 characters.
    browser.eval("document.getElementById('q0-text').focus()");
    browser.type_text(&"y".repeat(200));
    assert_eq!(
        browser.eval("document.getElementById('q0-text').value.length"),
        json!(120)
    );
    // The context question opens the upload checks.
    assert_eq!(
        browser.eval("document.getElementById('q-app.upload_checks').hidden"),
        json!(true)
    );
    browser.eval(
        "document.getElementById('q-app.uploads').querySelectorAll('input[type=radio]')[0].click()",
    );
    assert_eq!(
        browser.eval("document.getElementById('q-app.upload_checks').hidden"),
        json!(false)
    );

    browser.eval("document.getElementById('download').click()");
    let file = browser.downloaded();
    let downloaded = folder.path().join("answers.yaml");
    std::fs::copy(&file, &downloaded).unwrap();
    let catalog = Catalog::default();
    let answers = load_answers(&catalog, &downloaded.to_string_lossy(), None)
        .unwrap_or_else(|problems| panic!("{problems:?}"))
        .answers;
    let typed = format!("{name}{}", "y".repeat(120 - name.chars().count()));
    assert_eq!(answers.answers[0].value, Some(AnswerValue::Text(typed)));
    assert_eq!(
        answers.answers[5].value,
        Some(AnswerValue::Text("x".repeat(130)))
    );
    assert_eq!(answers.answers[1].value, Some(AnswerValue::Option(0)));
    assert!(
        browser.complaints.is_empty(),
        "the page complained: {:#?}",
        browser.complaints
    );
}
