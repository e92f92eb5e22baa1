//! Every Markdown output rendered with a CommonMark parser (pulldown-cmark, with GitHub's
//! tables): the text a reader sees is the text meant. No backslashes inside code spans
//! (CommonMark shows them literally), no stray entities, no raw HTML, no links from file
//! content (GitHub links `https://…` and `www.…` by itself, so those must arrive split by an
//! escape), and names set as code where code is meant.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::support::{fixture, root, run, run_in, words};

/// What a reader of the rendered Markdown sees.
#[derive(Default)]
struct Rendered {
    /// All visible text, blocks and table cells separated by newlines.
    text: String,
    /// Each text event as the parser produced it (escapes split them).
    texts: Vec<String>,
    /// Each code span.
    code: Vec<String>,
    /// Raw HTML, which no report writes.
    html: Vec<String>,
    /// Links and images.
    links: usize,
}

fn render(markdown: &str) -> Rendered {
    let mut rendered = Rendered::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) => {
                rendered.text.push_str(&text);
                rendered.texts.push(text.to_string());
            }
            Event::Code(code) => {
                rendered.text.push_str(&code);
                rendered.code.push(code.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => rendered.html.push(html.to_string()),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => rendered.links += 1,
            Event::SoftBreak | Event::HardBreak => rendered.text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => rendered.text.push('\n'),
            _ => {}
        }
    }
    rendered
}

/// Would GitHub's autolink extension make a link of this text node? A backslash escape
/// starts a new node at the escaped character, so `https\://` arrives as `https` and
/// `://…`, which GitHub leaves alone.
fn linkable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let joined = |at: usize| at > 0 && bytes[at - 1].is_ascii_alphanumeric();
    text.match_indices("://").any(|(at, _)| joined(at))
        || text.to_ascii_lowercase().contains("www.")
        || text
            .match_indices('@')
            .any(|(at, _)| joined(at) && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric))
}

/// The checks every Markdown output passes, whatever its content.
fn assert_clean(name: &str, markdown: &str) -> Rendered {
    let rendered = render(markdown);
    assert!(
        rendered.html.is_empty(),
        "{name}: raw HTML {:?}",
        rendered.html
    );
    assert_eq!(rendered.links, 0, "{name}: links made");
    for code in &rendered.code {
        let escaped = code
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b'\\' && pair[1].is_ascii_punctuation());
        assert!(!escaped, "{name}: a backslash escape shows inside `{code}`");
    }
    for text in &rendered.texts {
        for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&#"] {
            assert!(
                !text.contains(entity),
                "{name}: the entity {entity} shows in {text:?}"
            );
        }
        assert!(
            !linkable(text),
            "{name}: GitHub would turn {text:?} into a link"
        );
    }
    rendered
}

/// Checks with content known to hold no backslashes or backticks: none may show.
fn assert_no_markup_shows(name: &str, rendered: &Rendered) {
    for text in &rendered.texts {
        assert!(
            !text.contains('`'),
            "{name}: a literal backtick in {text:?}"
        );
        assert!(
            !text.contains('\\'),
            "{name}: a literal backslash in {text:?}"
        );
    }
}

#[test]
fn show_markdown_renders_every_question_as_written() {
    for id in ["quick", "msp", "mssp"] {
        let markdown = run(&["show", id, "--format", "markdown"]);
        assert_eq!(markdown.code, 0, "{}", markdown.stderr);
        let rendered = assert_clean(id, &markdown.stdout);
        assert_no_markup_shows(id, &rendered);
        let committed =
            std::fs::read_to_string(root().join(format!("docs/questionnaires/{id}.md"))).unwrap();
        assert_no_markup_shows(id, &assert_clean(&format!("docs/{id}.md"), &committed));

        let json: Value =
            serde_json::from_str(&run(&["show", id, "--format", "json"]).stdout).unwrap();
        let seen = words(&rendered.text);
        assert!(rendered
            .code
            .contains(&json["id"].as_str().unwrap().to_string()));
        for question in json["questions"].as_array().unwrap() {
            let question_id = question["id"].as_str().unwrap();
            assert!(
                rendered.code.iter().any(|code| code == question_id),
                "{id}: `{question_id}` is not set as code"
            );
            for field in ["text", "help", "remediation", "evidence"] {
                if let Some(text) = question[field].as_str() {
                    assert!(
                        // `names in backticks` (questionnaire 2.x) render as code spans.
                        seen.contains(&words(&text.replace('`', ""))),
                        "{id}: {question_id}'s {field} does not read as written: {text}"
                    );
                }
            }
            for option in question["options"].as_array().into_iter().flatten() {
                let value = option["value"].as_str().unwrap();
                assert!(
                    rendered.code.iter().any(|code| code == value),
                    "{id}: option `{value}` of {question_id} is not code"
                );
                if let Some(label) = option["label"].as_str() {
                    assert!(seen.contains(&words(label)), "{id}: label {label}");
                }
            }
        }
    }
}

#[test]
fn reports_render_names_as_code_and_text_as_written() {
    for example in ["amateur-msp", "pseudo-msp", "mssp-mature", "quick-amateur"] {
        let path = format!("examples/{example}.yaml");
        let markdown = run(&["assess", "--format", "markdown", &path]);
        assert_eq!(markdown.code, 0, "{}", markdown.stderr);
        let rendered = assert_clean(example, &markdown.stdout);
        assert_no_markup_shows(example, &rendered);
        let report: Value =
            serde_json::from_str(&run(&["assess", "--format", "json", &path]).stdout).unwrap();
        let seen = words(&rendered.text);
        assert!(seen.contains(&words(report["provider"].as_str().unwrap())));
        for flag in report["red_flags"].as_array().unwrap() {
            assert!(seen.contains(&words(flag["message"].as_str().unwrap())));
            assert!(rendered
                .code
                .contains(&flag["question"].as_str().unwrap().to_string()));
        }
        for step in report["roadmap"].as_array().unwrap() {
            let question = step["question"].as_str().unwrap().to_string();
            assert!(rendered.code.contains(&question), "{example}: {question}");
            assert!(seen.contains(&words(step["from_label"].as_str().unwrap())));
            assert!(seen.contains(&words(step["to_label"].as_str().unwrap())));
        }
        for answer in report["answers"].as_array().unwrap() {
            for field in ["note", "evidence"] {
                if let Some(text) = answer[field].as_str() {
                    assert!(seen.contains(&words(text)), "{example}: {field} {text}");
                }
            }
        }
        // Condition lines name domains and signals as code, not as literal backticks.
        for check in report["decided_by"]["checks"].as_array().unwrap() {
            let text = check["text"].as_str().unwrap();
            for (position, name) in text.split('`').enumerate() {
                if position % 2 == 1 {
                    assert!(rendered.code.contains(&name.to_string()), "{name}");
                }
            }
        }
    }
}

#[test]
fn hostile_names_render_exactly_and_make_no_link() {
    let markdown = run_in(
        &fixture("fixtures/reports"),
        &["assess", "--format", "markdown", "hostile-text.yaml"],
    );
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    let rendered = assert_clean("hostile", &markdown.stdout);
    // The name as written, less the control characters no format may carry.
    let provider = "=HYPERLINK(\"http://evil.example\")<script>alert(1)</script>[2J]0;pwned[click](javascript:alert(1))|evil";
    let heading = rendered.text.lines().next().unwrap();
    assert_eq!(
        heading,
        format!("{provider} — Quick MSP check for prospective clients")
    );
    let seen = words(&rendered.text);
    assert!(
        seen.contains("<b>bold</b> [31mred[0m | pipe"),
        "the note, as written"
    );
    assert!(seen.contains("@SUM(A1:A9) <img src=x onerror=alert(1)>"));
}

#[test]
fn links_in_file_text_stay_text_under_github_rules() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("linky.yaml"),
        "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: \"Acme https://acme.example www.acme.example sales@acme.example\"\nassessor: \"R&D &copy; QA\"\nanswers:\n  billing.model:\n    answer: flat_per_seat\n    note: \"see https://example.com/a_b and x@y.z\"\n",
    )
    .unwrap();
    let markdown = run_in(
        folder.path(),
        &["assess", "--format", "markdown", "linky.yaml"],
    );
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    let rendered = assert_clean("linky", &markdown.stdout);
    let seen = words(&rendered.text);
    assert!(seen.contains("Acme https://acme.example www.acme.example sales@acme.example"));
    assert!(
        markdown.stdout.contains("R&D \\&copy; QA"),
        "ampersands read plainly"
    );
    assert!(seen.contains("see https://example.com/a_b and x@y.z"));
    assert!(
        seen.contains("R&D &copy; QA"),
        "an entity in file text stays text"
    );
    // An address GitHub links by itself has an escape in the source.
    for plain in ["https://", "www.acme", "sales@acme"] {
        assert!(!markdown.stdout.contains(plain), "{plain} left as is");
    }
}

#[test]
fn compare_and_diff_markdown_render_cleanly() {
    let compare = run(&[
        "compare",
        "--format",
        "markdown",
        "examples/quick-amateur.yaml",
        "examples/quick-pseudo.yaml",
        "examples/quick-mature.yaml",
    ]);
    assert_eq!(compare.code, 0, "{}", compare.stderr);
    let rendered = assert_clean("compare", &compare.stdout);
    assert_no_markup_shows("compare", &rendered);
    let folder = fixture("fixtures/diff");
    let diff = run_in(
        &folder,
        &[
            "diff",
            "--format",
            "markdown",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
        ],
    );
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let rendered = assert_clean("diff", &diff.stdout);
    assert_no_markup_shows("diff", &rendered);
    assert!(!rendered.code.is_empty(), "question ids are code");
}
