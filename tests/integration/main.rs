//! Integration tests, in one binary so the suite links once.

mod support;

mod browser;
mod cli;
mod conformance;
mod content;
mod golden;
mod hostile;
mod invalid_files;
mod properties;
mod reports;
