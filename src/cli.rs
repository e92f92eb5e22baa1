//! Command-line shapes (clap derive). No logic: flags become plain request values.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Tells how mature an IT managed service provider (MSP/MSSP) really is.
#[derive(Debug, Parser)]
#[command(name = "mspcheck", version = version_text(), about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// When to colour terminal output (NO_COLOR is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned text for a terminal.
    Table,
    /// `mspcheck/report/1` JSON.
    Json,
    /// One compact JSON object per line, for streaming scripts.
    Ndjson,
    /// Markdown for tickets and wikis.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// One row per provider (or per answer with `--csv answers`), for spreadsheets.
    Csv,
    /// A workbook (`.xlsx`): summary, domains, red flags, roadmap and answers, one sheet each.
    Xlsx,
    /// The contract clause topics that would cover the gaps found, for a contract review
    /// (Markdown that reads as plain text; `assess` only).
    Clauses,
}

/// Output formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Aligned text for a terminal.
    Table,
    /// The questionnaire itself, defaults filled in.
    Json,
    /// Markdown for review.
    Markdown,
}

/// Classes for `--require`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RequiredClass {
    /// At least amateur (always met).
    Amateur,
    /// At least pseudo.
    Pseudo,
    /// Mature.
    Mature,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score and classify one or more answers files.
    Assess(AssessArgs),
    /// Check questionnaires and answers files (told apart by `format:`); report every problem.
    Validate(ValidateArgs),
    /// List the bundled questionnaires.
    List(ListArgs),
    /// Show a questionnaire's questions.
    Show(ShowArgs),
    /// Ask the questions in the terminal, saving after every answer; resume a partial file.
    #[command(after_long_help = crate::interview::plain::PROTOCOL_HELP)]
    Interview(InterviewArgs),
    /// Rank several providers side by side, and test the ranking against the domain weights.
    Compare(CompareArgs),
    /// Show one provider's progress between two assessments (OLD, then NEW).
    Diff(DiffArgs),
    /// Follow one provider over any number of dated assessments.
    History(HistoryArgs),
    /// Write a blank answers file to fill in an editor, or a workbook to send (`--format xlsx`).
    Template(TemplateArgs),
    /// Turn a filled-in workbook (from `template --format xlsx`) into an answers file.
    Import(ImportArgs),
    /// Write the questionnaire as one self-contained web page to answer in a browser.
    Form(FormArgs),
    /// Turn a questionnaire of another format (VSAQ JSON) into an mspcheck questionnaire
    /// skeleton, listing every item carried only approximately.
    Convert(ConvertArgs),
    /// Print the JSON Schema of questionnaires, answers files or the report.
    Schema(SchemaArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder.
    Man(ManArgs),
}

/// `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `mspcheck.1` and one `mspcheck-COMMAND.1` per command into DIR (created when
    /// missing) instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<String>,
}

/// Examples for each subcommand (the command line, what it does): shown by `--help` and in
/// the EXAMPLES section of the man pages. A test parses every one of them.
pub const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "assess",
        &[
            (
                "mspcheck assess examples/quick-pseudo.yaml",
                "the report, as a table",
            ),
            (
                "mspcheck assess audits/ --format csv --output audits.csv",
                "every answers file under a folder, one CSV row each",
            ),
            (
                "mspcheck assess acme.yaml -o acme.html",
                "an HTML report (the format follows the extension)",
            ),
            (
                "mspcheck assess audits/*.yaml --require mature --quiet",
                "a gate: exit 1 unless every provider is mature",
            ),
            (
                "mspcheck assess audits/ --keep-going --format json",
                "report the valid files, list the others' problems, exit 2",
            ),
            (
                "mspcheck assess old.yaml -q msp@1.0.0 --verified-only",
                "score against a pinned questionnaire, verified answers only",
            ),
        ],
    ),
    (
        "validate",
        &[
            ("mspcheck validate acme.yaml", "check one answers file"),
            (
                "mspcheck validate my-audit.yaml audits/",
                "a questionnaire and every file under a folder",
            ),
            (
                "mspcheck validate --quiet audits/",
                "print only the problems",
            ),
        ],
    ),
    (
        "list",
        &[
            ("mspcheck list", "the bundled questionnaires"),
            ("mspcheck list --format json", "the same for a script"),
        ],
    ),
    (
        "show",
        &[
            (
                "mspcheck show quick",
                "the questions of a bundled questionnaire",
            ),
            (
                "mspcheck show my-audit.yaml --format markdown -o review.md",
                "a file rendered for review",
            ),
            (
                "mspcheck show msp --perspective client",
                "worded for a client",
            ),
        ],
    ),
    (
        "interview",
        &[
            (
                "mspcheck interview quick --output acme.yaml",
                "ask the questions; run again to resume",
            ),
            (
                "mspcheck interview msp -o acme.yaml --details",
                "also a note, evidence and verified? per answer",
            ),
            (
                "mspcheck interview quick -o acme.yaml --plain < answers.txt",
                "one line per prompt from a script",
            ),
        ],
    ),
    (
        "compare",
        &[
            (
                "mspcheck compare examples/quick-mature.yaml examples/quick-pseudo.yaml",
                "rank two providers",
            ),
            (
                "mspcheck compare bids/ --format html -o bids.html",
                "every answers file under a folder, as a page",
            ),
        ],
    ),
    (
        "diff",
        &[
            (
                "mspcheck diff 2026-01.yaml 2026-06.yaml",
                "progress between two assessments",
            ),
            (
                "mspcheck diff self.yaml audit.yaml --format markdown",
                "a self-assessment checked by an auditor",
            ),
        ],
    ),
    (
        "template",
        &[
            (
                "mspcheck template quick --output acme.yaml",
                "a blank answers file to fill in",
            ),
            (
                "mspcheck template msp --perspective client -o acme.yaml",
                "worded for a client",
            ),
        ],
    ),
    (
        "convert",
        &[
            (
                "mspcheck convert webapp.json -o webapp.yaml",
                "a skeleton questionnaire; approximations listed on standard error",
            ),
            (
                "mspcheck convert base.json --extension ours.json --report report.txt -o q.yaml",
                "with an extension template, every item's fate written to a report",
            ),
        ],
    ),
    (
        "schema",
        &[
            (
                "mspcheck schema answers > mspcheck-answers.schema.json",
                "for editors that use yaml-language-server",
            ),
            ("mspcheck schema report", "the JSON report's schema"),
        ],
    ),
    (
        "completions",
        &[
            (
                "mspcheck completions bash > ~/.local/share/bash-completion/completions/mspcheck",
                "bash",
            ),
            (
                "mspcheck completions zsh > ~/.zfunc/_mspcheck",
                "zsh (with ~/.zfunc in fpath)",
            ),
            (
                "mspcheck completions fish > ~/.config/fish/completions/mspcheck.fish",
                "fish",
            ),
        ],
    ),
    (
        "man",
        &[
            (
                "mspcheck man --dir ~/.local/share/man/man1",
                "every page; then: man mspcheck-assess",
            ),
            ("mspcheck man > mspcheck.1", "the main page only"),
        ],
    ),
];

/// The examples of `name` as help text: `Examples:`, then each as a `# what it does` line
/// above its command line (so neither needs to be wrapped on a narrow terminal).
pub fn examples_text(name: &str) -> Option<String> {
    let (_, examples) = EXAMPLES.iter().find(|(command, _)| *command == name)?;
    let mut text = String::from("Examples:");
    for (line, what) in examples.iter() {
        text.push_str(&format!("\n  # {what}\n  {line}"));
    }
    Some(text)
}

/// The version line: the package version, and the git commit and its date when built
/// from a checkout (set by `build.rs`).
pub fn version_text() -> &'static str {
    env!("MSPCHECK_VERSION")
}

/// The command-line definition with every subcommand's examples added to its help.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut command = Cli::command();
    for (name, _) in EXAMPLES {
        let Some(examples) = examples_text(name) else {
            continue;
        };
        command = command.mut_subcommand(*name, |sub| {
            let long = match sub.get_after_long_help() {
                Some(long) => format!("{examples}\n\n{long}"),
                None => examples.clone(),
            };
            sub.after_help(examples.clone()).after_long_help(long)
        });
    }
    command
}

/// Parses the process's arguments with [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let matches = command().try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// Answers files and how they are read, shared by `assess` and `compare`.
#[derive(Debug, Args)]
pub struct AnswersInput {
    /// Answers files, or folders (every file under them with `format: mspcheck/answers/1`);
    /// `-` reads standard input.
    #[arg(required = true, value_name = "ANSWERS")]
    pub answers: Vec<String>,
    /// Use this questionnaire (bundled id or path) instead of the one the answers name.
    #[arg(long, short = 'q', value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
    /// Count only answers marked `verified: true`.
    #[arg(long)]
    pub verified_only: bool,
    /// Go on past invalid files: report on the valid ones, list the others' problems, and
    /// exit 2 at the end.
    #[arg(long)]
    pub keep_going: bool,
}

/// `assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The answers files and how they are read.
    #[command(flatten)]
    pub input: AnswersInput,
    /// Output format [default: table, or the one `--output`'s extension names].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Count answers older than their question's `max_age_days` as unanswered.
    #[arg(long)]
    pub stale_as_missing: bool,
    /// Measure answers' age on DATE (YYYY-MM-DD) instead of each answers file's `date`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Exit 1 unless every provider is at least CLASS (amateur < pseudo < mature); each
    /// provider below it gets a line on standard error.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub require: Option<RequiredClass>,
    /// Add the evidence per control of framework ID to the report (repeatable; `all` = every
    /// framework the questionnaire maps to; see `mspcheck show ID --framework`).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub framework: Vec<String>,
    /// Also load this framework catalogue (`mspcheck/framework/1`; repeatable).
    #[arg(long, value_name = "FILE")]
    pub framework_file: Vec<String>,
    /// Print no report (unless `--output` is given) and no warnings: only errors, and the
    /// exit code says the result.
    #[arg(long)]
    pub quiet: bool,
    /// End the terminal report with the evidence trail: every answer's label, note,
    /// evidence and marks (Markdown and HTML always have it).
    #[arg(long)]
    pub details: bool,
    /// Which CSV to write: one row per assessment, or one row per answer.
    #[arg(long, value_enum, value_name = "FORM", default_value_t = CsvForm::Summary)]
    pub csv: CsvForm,
    /// Brand the HTML and Markdown report with this YAML file (organisation, logo, accent,
    /// confidentiality, prepared_by).
    #[arg(long, value_name = "FILE")]
    pub brand: Option<String>,
}

/// The forms of CSV `assess` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvForm {
    /// One row per assessment, one column per domain.
    Summary,
    /// One row per answer, with its label, note, evidence and marks.
    Answers,
}

/// `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format [default: table, or the one `--output`'s extension names].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ListFormat>,
    /// Write the list to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
}

/// Output formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned text for a terminal.
    Table,
    /// An array of {id, version, title, questions}, for scripts.
    Json,
}

/// `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Questionnaire, answers and framework catalogue files, or folders (every questionnaire
    /// and answers file under them); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Also load this framework catalogue for the questionnaires' `maps:` (repeatable).
    #[arg(long, value_name = "FILE")]
    pub framework_file: Vec<String>,
    /// Print only the problems: no `ok` lines and no warnings.
    #[arg(long)]
    pub quiet: bool,
}

/// `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Bundled questionnaire id or path.
    #[arg(value_name = "ID|PATH")]
    pub questionnaire: String,
    /// Output format [default: table, or the one `--output`'s extension names].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ShowFormat>,
    /// Write the questions to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Word the questions for this perspective.
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
    /// Instead of the questions: which questions map to which controls of framework ID, and
    /// which controls no question reaches.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Also load this framework catalogue (`mspcheck/framework/1`; repeatable).
    #[arg(long, value_name = "FILE")]
    pub framework_file: Vec<String>,
}

/// `interview`.
#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Bundled questionnaire id or path.
    #[arg(value_name = "ID|PATH")]
    pub questionnaire: String,
    /// The answers file: created, or resumed at its first unanswered question.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: String,
    /// Read one answer per line from standard input instead of drawing pick-lists.
    #[arg(long)]
    pub plain: bool,
    /// After each answer, ask for a note, evidence and whether it was verified.
    #[arg(long)]
    pub details: bool,
    /// Drop answers that no longer fit the questionnaire (a backup of the file is kept).
    #[arg(long)]
    pub drop_misfits: bool,
    /// Who is assessed (not asked when given).
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// Who answers (not asked when given).
    #[arg(long, value_name = "NAME")]
    pub assessor: Option<String>,
    /// Whose point of view; words the questions for it (not asked when given).
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
    /// Date of the assessment, YYYY-MM-DD (not asked when given).
    #[arg(long, value_name = "DATE")]
    pub date: Option<chrono::NaiveDate>,
    /// Client fact written to `client.sector` (finance, non_bank_finance, health, defence, …).
    #[arg(long, value_name = "SECTOR")]
    pub client_sector: Option<String>,
    /// Client fact written to `client.region` (`us-ny`, `eu-de`, `uk`; repeatable).
    #[arg(long, value_name = "CODE")]
    pub client_region: Vec<String>,
    /// Client fact written to `client.public_body`.
    #[arg(long, value_name = "true|false")]
    pub client_public_body: Option<bool>,
}

/// Perspectives on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PerspectiveArg {
    /// A client assessing a provider.
    Client,
    /// A provider assessing itself.
    Provider,
    /// An auditor.
    Auditor,
}

impl From<PerspectiveArg> for crate::model::Perspective {
    fn from(value: PerspectiveArg) -> Self {
        match value {
            PerspectiveArg::Client => crate::model::Perspective::Client,
            PerspectiveArg::Provider => crate::model::Perspective::Provider,
            PerspectiveArg::Auditor => crate::model::Perspective::Auditor,
        }
    }
}

impl From<RequiredClass> for crate::model::questionnaire::Class {
    fn from(value: RequiredClass) -> Self {
        match value {
            RequiredClass::Amateur => crate::model::questionnaire::Class::Amateur,
            RequiredClass::Pseudo => crate::model::questionnaire::Class::Pseudo,
            RequiredClass::Mature => crate::model::questionnaire::Class::Mature,
        }
    }
}

/// `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The answers files (all made with one questionnaire) and how they are read.
    #[command(flatten)]
    pub input: AnswersInput,
    /// Output format [default: table, or the one `--output`'s extension names].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the comparison to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Brand the HTML and Markdown output with this YAML file.
    #[arg(long, value_name = "FILE")]
    pub brand: Option<String>,
    /// Add the framework view: per control of framework ID, each provider's evidence side
    /// by side, and the contract clause topics each provider's gaps call for (repeatable;
    /// `all` = every framework the questionnaire maps to).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub framework: Vec<String>,
    /// Also load this framework catalogue (`mspcheck/framework/1`; repeatable).
    #[arg(long, value_name = "FILE")]
    pub framework_file: Vec<String>,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Aligned text for a terminal.
    Table,
    /// `mspcheck/diff/1` JSON.
    Json,
    /// Markdown for tickets and wikis.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier answers file (`-` reads standard input).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The later answers file, made with the same questionnaire.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format [default: table, or the one `--output`'s extension names].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<DiffFormat>,
    /// Write the result to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Use this questionnaire (bundled id or path) instead of the one the answers name.
    #[arg(long, short = 'q', value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
    /// Count only answers marked `verified: true`.
    #[arg(long)]
    pub verified_only: bool,
    /// Brand the HTML and Markdown output with this YAML file.
    #[arg(long, value_name = "FILE")]
    pub brand: Option<String>,
}

/// Output formats of `history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// Aligned text for a terminal.
    Table,
    /// `mspcheck/history/1` JSON.
    Json,
    /// One compact JSON object per assessment, per line.
    Ndjson,
    /// Markdown for tickets and wikis.
    Markdown,
    /// One self-contained HTML page with a chart.
    Html,
}

/// `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Dated answers files of one provider, or folders of them (every answers file under a
    /// folder).
    #[arg(required = true, value_name = "FILES|DIR")]
    pub inputs: Vec<String>,
    /// Output format [default: table, or what `--output`'s extension names].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<HistoryFormat>,
    /// Write the result to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Use this questionnaire (bundled id or path) instead of the one the answers name.
    #[arg(long, short = 'q', value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
    /// Count only answers marked `verified: true`.
    #[arg(long)]
    pub verified_only: bool,
    /// Brand the HTML and Markdown output with this YAML file.
    #[arg(long, value_name = "FILE")]
    pub brand: Option<String>,
}

/// `template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Bundled questionnaire id or path.
    #[arg(value_name = "ID|PATH")]
    pub questionnaire: String,
    /// Write the template to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Replace FILE if it exists (it could hold answers already).
    #[arg(long)]
    pub force: bool,
    /// Word the questions for this perspective and fill in `perspective:`.
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
    /// `yaml` (an answers file to edit) or `xlsx` (a workbook with drop-downs to send to a
    /// respondent) [default: xlsx when FILE ends in `.xlsx`, else yaml].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TemplateFormat>,
}

/// Output formats of `template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// A commented answers file.
    Yaml,
    /// A workbook for spreadsheet programs.
    Xlsx,
}

/// `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A workbook made by `mspcheck template ID --format xlsx` and filled in.
    #[arg(value_name = "FILE.xlsx")]
    pub file: String,
    /// Write the answers file to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Read the sheet against this questionnaire (bundled id or path) instead of the one
    /// it names; its id and version must still be those the sheet was made for.
    #[arg(long, short = 'q', value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
}

/// `form`.
#[derive(Debug, Args)]
pub struct FormArgs {
    /// Bundled questionnaire id or path.
    #[arg(value_name = "ID|PATH")]
    pub questionnaire: String,
    /// Write the page to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Word the questions for this perspective; the answers carry it.
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
}

/// `convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The questionnaire to convert (`-` reads standard input).
    #[arg(value_name = "FILE.json")]
    pub file: String,
    /// The format of FILE.
    #[arg(long, value_enum, default_value_t = ConvertFrom::Vsaq)]
    pub from: ConvertFrom,
    /// A VSAQ extension template to insert where its `insertBefore`/`insertAfter` say, as
    /// VSAQ does (repeatable; applied in order).
    #[arg(long, value_name = "FILE.json")]
    pub extension: Vec<String>,
    /// Write the questionnaire to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Replace FILE (or the report) if it exists.
    #[arg(long)]
    pub force: bool,
    /// The questionnaire id to write (default: from FILE's name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Also write every item's fate (faithful, approximate or not carried, where it went
    /// and why) to FILE: JSON if it ends in `.json`, else text.
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
    /// Print only the summary line on standard error, not each approximation.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Source formats of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertFrom {
    /// Google's open-source VSAQ questionnaire JSON (with its extension templates).
    Vsaq,
}

/// Which JSON Schema `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Questionnaire files (`mspcheck/questionnaire/1`).
    Questionnaire,
    /// Answers files (`mspcheck/answers/1`).
    Answers,
    /// The JSON report (`mspcheck/report/1`).
    Report,
    /// The JSON of `history` (`mspcheck/history/1`).
    History,
    /// Framework catalogues (`mspcheck/framework/1`).
    Framework,
    /// The JSON of `compare` (`mspcheck/compare/1`).
    Compare,
}

/// `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: SchemaKind,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}
