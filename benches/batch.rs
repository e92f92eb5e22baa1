//! Batch speed: `assess --format csv` over 4,000 answers files (about 3 MB) against the floor,
//! a bare parse of the same files with serde_yaml into `serde_yaml::Value` (the files must be
//! read and parsed at least once). Target: at most 1.2× the floor. Prints the ratio and files
//! per second; exits 1 when the target is missed.
//!
//! Run: `cargo bench --bench batch` (release build; both cores).

// A benchmark reports on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mspcheck::cli::{AnswersInput, AssessArgs, ReportFormat};
use mspcheck::load::Catalog;
use mspcheck::output::Environment;
use mspcheck::roadmap::candidates;
use mspcheck::validate::ValidQuestionnaire;

// The same allocator as the binary, for the floor and for mspcheck alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FILES: usize = 4_000;
const ROUNDS: usize = 5;
const TARGET: f64 = 1.2;

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

fn write_files(folder: &Path, questionnaire: &ValidQuestionnaire) -> Vec<PathBuf> {
    let mut random = Lcg(42);
    (0..FILES)
        .map(|index| {
            let mut text = format!(
                "format: mspcheck/answers/1\nquestionnaire: msp\nprovider: Provider {index}\nassessor: Batch audit\nperspective: auditor\ndate: 2026-11-20\nanswers:\n"
            );
            for question in &questionnaire.questions {
                if random.next(100) >= 30 {
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

fn main() {
    let questionnaire = Catalog::default()
        .load_named("msp")
        .unwrap()
        .questionnaire
        .clone();
    let folder = tempfile::tempdir().unwrap();
    let files = write_files(folder.path(), &questionnaire);
    if let Ok(keep) = std::env::var("BATCH_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        for file in &files {
            std::fs::copy(
                file,
                std::path::Path::new(&keep).join(file.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let bytes: u64 = files
        .iter()
        .map(|path| std::fs::metadata(path).unwrap().len())
        .sum();

    // Sanity: every generated file is valid (multi answers are written as flow lists).
    let paths: Vec<String> = files
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    let floor = best_of(ROUNDS, || {
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            std::hint::black_box(value);
        }
    });
    let output = folder.path().join("out.csv");
    let args = AssessArgs {
        input: AnswersInput {
            answers: paths.clone(),
            questionnaire: None,
            verified_only: false,
            keep_going: false,
        },
        format: Some(ReportFormat::Csv),
        output: Some(output.to_string_lossy().into_owned()),
        stale_as_missing: false,
        as_of: None,
        require: None,
        framework: Vec::new(),
        framework_file: Vec::new(),
        quiet: false,
        details: false,
        csv: mspcheck::cli::CsvForm::Summary,
        brand: None,
    };
    let environment = Environment {
        color: false,
        stdout_is_terminal: false,
        stdin_is_terminal: false,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        width: None,
    };
    let mut sink = Vec::new();
    let finish = mspcheck::command::assess::run(&args, &environment, &mut sink).unwrap();
    assert_eq!(finish.code, 0, "{:?}", finish.diagnostics.first());
    let rows = std::fs::read_to_string(&output).unwrap().lines().count();
    assert_eq!(rows, FILES + 1, "one CSV row per file");
    let ours = best_of(ROUNDS, || {
        let finish = mspcheck::command::assess::run(&args, &environment, &mut sink).unwrap();
        assert_eq!(finish.code, 0);
    });
    let ratio = ours.as_secs_f64() / floor.as_secs_f64();
    println!("batch: {FILES} answers files, {:.2} MB", bytes as f64 / 1e6);
    println!(
        "floor (read + serde_yaml::Value, 1 thread): {:.1} ms",
        floor.as_secs_f64() * 1e3
    );
    println!(
        "mspcheck assess --format csv:               {:.1} ms ({:.0} files/s, {} threads)",
        ours.as_secs_f64() * 1e3,
        FILES as f64 / ours.as_secs_f64(),
        rayon::current_num_threads()
    );
    println!("ratio: {ratio:.2} (target ≤ {TARGET})");
    if ratio > TARGET {
        eprintln!("batch speed target missed");
        std::process::exit(1);
    }
}
