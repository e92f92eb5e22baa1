//! Integration tests, in one binary so the suite links once.

mod support;

mod browser;
mod cli;
mod compare;
mod completions;
mod conformance;
mod content;
mod diff;
mod golden;
mod hostile;
mod interview;
mod markdown;
mod invalid_files;
mod properties;
mod reports;
mod schema;
mod template;
