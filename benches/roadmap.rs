//! The verdict's speed (issue 10 item 6, issue 11 item 6), three targets:
//!
//! 1. full-detail `assess --format json` of every bundled example, in process: ≤ 10 ms per
//!    file (best of several rounds);
//! 2. a JSON batch of 4,000 msp-sized answers files: ≤ 3× the bare `serde_yaml` parse of the
//!    same files (the floor: they must be read and parsed at least once);
//! 3. a questionnaire of 10,000 questions × 10 options, every answer the worst: the release
//!    binary assesses it in ≤ 2 s and ≤ 256 MiB (peak memory read with wait4).
//!
//! Part 2 also prints the load-only figure (issue 10, the YAML layer): the same 4,000 files
//! read, checked and turned into typed answers by `load::load_answers` alone, one thread,
//! against the same floor; target ≤ 1.5×.
//!
//! Prints each figure and exits 1 when a target is missed.
//!
//! Run: `cargo bench --bench roadmap` (release build). `MSPCHECK_BENCH_PART=3` (or a list such
//! as `1,3`) runs only those parts; `MSPCHECK_BENCH_PART=load` runs only the load-only line
//! of part 2 (without the full-detail batch, which takes minutes while the roadmap dominates).
//! `MSPCHECK_BENCH_BIN=path/to/mspcheck` measures part 3 with another build of the binary.

// A benchmark reports on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]
// wait4 is the one way to read a child's peak memory.
#![allow(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mspcheck::assessment::{assess, Options};
use mspcheck::cli::ReportFormat;
use mspcheck::load::{load_answers, Catalog};
use mspcheck::roadmap::candidates;
use mspcheck::validate::ValidQuestionnaire;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FILES: usize = 4_000;

fn best_of(rounds: usize, mut run: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// A small deterministic generator, so every run assesses the same files.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Answers files for `msp`, each answering 70% of the questions at random.
fn write_batch(folder: &Path, questionnaire: &ValidQuestionnaire) -> Vec<PathBuf> {
    let mut random = Lcg(7);
    (0..FILES)
        .map(|index| {
            let mut text = format!(
                "format: mspcheck/answers/1\nquestionnaire: msp\nprovider: Provider {index}\nanswers:\n"
            );
            for question in &questionnaire.questions {
                if random.next(100) >= 70 {
                    continue;
                }
                let choices = candidates(question, None);
                let value = &choices[random.next(choices.len())];
                text.push_str(&format!("  {}: {}\n", question.id(), value.display(question)));
            }
            let path = folder.join(format!("provider-{index:04}.yaml"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

/// Runs the binary; returns (seconds, peak resident KiB, exit code).
#[allow(clippy::zombie_processes)]
fn measure(folder: &Path, args: &[&str]) -> (f64, i64, i32) {
    let started = Instant::now();
    // `MSPCHECK_BENCH_BIN` runs another build (e.g. the one before a change) side by side.
    let binary = std::env::var_os("MSPCHECK_BENCH_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_mspcheck").into());
    let child = Command::new(binary)
        .args(args)
        .current_dir(folder)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, waited for exactly once, with valid out-pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    (
        started.elapsed().as_secs_f64(),
        usage.ru_maxrss,
        libc::WEXITSTATUS(status),
    )
}

/// Is this part of the benchmark asked for? Every part unless `MSPCHECK_BENCH_PART` names
/// some (`1`, `2`, `3`, `load`, comma-separated).
fn wanted(part: &str) -> bool {
    match std::env::var("MSPCHECK_BENCH_PART") {
        Ok(parts) if !parts.trim().is_empty() => parts
            .split(',')
            .any(|named| named.trim() == part || (part == "load" && named.trim() == "2")),
        _ => true,
    }
}

fn main() {
    let mut failed = false;
    let catalog = Catalog::default();
    let folder = tempfile::tempdir().unwrap();
    if wanted("1") {
        failed |= examples(&catalog);
    }
    // The child's peak memory, read with wait4, includes the pages it shares with this
    // process at the fork: part 3 runs before the batch fills this process with 4,000 files.
    if wanted("3") {
        failed |= huge(folder.path());
    }
    if wanted("2") || wanted("load") {
        failed |= batch(&catalog, folder.path(), wanted("2"));
    }
    if failed {
        println!("a target was missed");
        std::process::exit(1);
    }
}

/// Part 1: every bundled example, full detail, rendered as JSON; true when the target is missed.
fn examples(catalog: &Catalog) -> bool {
    println!("example                      ms per file (best of 20)");
    let mut worst: f64 = 0.0;
    let mut examples: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    examples.sort();
    for path in &examples {
        let loaded = load_answers(catalog, &path.to_string_lossy(), None).unwrap();
        let questionnaire = &loaded.questionnaire.questionnaire;
        let time = best_of(20, || {
            let assessment = assess(questionnaire, &loaded.answers, &Options::default());
            std::hint::black_box(serde_json::to_vec(&assessment).unwrap());
        });
        let ms = time.as_secs_f64() * 1000.0;
        worst = worst.max(ms);
        println!(
            "{:<28} {ms:>8.2}",
            path.file_name().unwrap().to_string_lossy()
        );
    }
    println!("worst: {worst:.2} ms (target ≤ 10 ms)");
    worst > 10.0
}

/// Part 2: a JSON batch of 4,000 msp files against the bare parse, and the load alone
/// against the same floor (only the load when `full` is false); true when a target is missed.
fn batch(catalog: &Catalog, folder: &Path, full: bool) -> bool {
    let mut failed = false;
    let questionnaire = catalog.load_named("msp").unwrap().questionnaire.clone();
    let files = write_batch(folder, &questionnaire);
    let floor = best_of(3, || {
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            std::hint::black_box(value);
        }
    });
    let paths: Vec<String> = files
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    let inputs: Vec<&str> = paths.iter().map(String::as_str).collect();
    // The load alone, one thread like the floor: read, guard, validate, typed answers.
    let loading = best_of(3, || {
        // A fresh catalog per round, as a run of the binary loads the questionnaire once.
        let catalog = Catalog::default();
        for path in &inputs {
            std::hint::black_box(load_answers(&catalog, path, None).unwrap());
        }
    });
    let load_ratio = loading.as_secs_f64() / floor.as_secs_f64();
    println!(
        "load only, {FILES} msp files, 1 thread: floor {:.0} ms, load {:.0} ms: ratio {load_ratio:.2} (target ≤ 1.5)",
        floor.as_secs_f64() * 1000.0,
        loading.as_secs_f64() * 1000.0
    );
    failed |= load_ratio > 1.5;
    if !full {
        return failed;
    }
    let ours = best_of(3, || {
        // What `assess --format json` does: a fresh catalog per run, each file assessed and
        // rendered on its thread, the reports joined into one document.
        let batch = mspcheck::command::assess::render_files(
            &Catalog::default(),
            &inputs,
            None,
            &Options::default(),
            &[],
            ReportFormat::Json,
        );
        assert!(batch.diagnostics.is_empty());
        let mut document = Vec::new();
        mspcheck::command::assess::join_parts(
            &batch.files,
            ReportFormat::Json,
            true,
            &mut document,
        )
        .unwrap();
        std::hint::black_box(document);
    });
    let ratio = ours.as_secs_f64() / floor.as_secs_f64();
    println!(
        "batch of {FILES} msp files as JSON: floor {:.0} ms, assess {:.0} ms: ratio {ratio:.2} (target ≤ 3)",
        floor.as_secs_f64() * 1000.0,
        ours.as_secs_f64() * 1000.0
    );
    failed |= ratio > 3.0;
    failed
}

/// Part 3: 10,000 questions × 10 options, every answer the worst; true when a target is missed.
fn huge(folder: &Path) -> bool {
    let mut text = String::from(
        "format: mspcheck/questionnaire/1\nid: huge\nversion: 1.0.0\ntitle: Huge\ndomains:\n",
    );
    for domain in 0..10 {
        text.push_str(&format!(
            "  - {{ id: d{domain}, title: D{domain}, weight: 1 }}\n"
        ));
    }
    text.push_str("questions:\n");
    let mut answers = String::from(
        "format: mspcheck/answers/1\nquestionnaire: huge.yaml\nprovider: Huge\nanswers:\n",
    );
    for index in 0..10_000 {
        text.push_str(&format!(
            "  - {{ id: q{index}, domain: d{}, text: Q, kind: choice, options: [",
            index % 10
        ));
        for option in 0..10 {
            let flag = if option == 0 && index % 50 == 0 {
                ", red_flag: Bad"
            } else {
                ""
            };
            text.push_str(&format!(
                "{{ value: o{option}, score: {}{flag} }}, ",
                option as f64 / 10.0
            ));
        }
        text.push_str("] }\n");
        answers.push_str(&format!("  q{index}: o0\n"));
    }
    text.push_str(
        "classification:\n  rules:\n    - { class: mature, if: { score_at_least: 75, red_flags_at_most: 0 } }\n    - { class: amateur, if: {} }\n",
    );
    std::fs::write(folder.join("huge.yaml"), text).unwrap();
    std::fs::write(folder.join("answers.yaml"), answers).unwrap();
    // The YAML layer's share: `validate` of the questionnaire, then of the answers (which
    // loads the questionnaire too), each ≤ 0.5 s and ≤ 100 MiB, leaving the rest to the search.
    let mut failed = false;
    for file in ["huge.yaml", "answers.yaml"] {
        let (seconds, peak, code) = measure(folder, &["validate", file]);
        let mib = peak as f64 / 1024.0;
        println!(
            "validate {file}: exit {code}, {seconds:.2} s, {mib:.0} MiB (target ≤ 0.5 s, ≤ 100 MiB)"
        );
        failed |= code != 0 || seconds > 0.5 || mib > 100.0;
    }
    let (seconds, peak, code) = measure(folder, &["assess", "--format", "json", "answers.yaml"]);
    let mib = peak as f64 / 1024.0;
    println!(
        "10,000 questions × 10 options: exit {code}, {seconds:.2} s, {mib:.0} MiB (target ≤ 2 s, ≤ 256 MiB)"
    );
    failed || code != 0 || seconds > 2.0 || mib > 256.0
}
