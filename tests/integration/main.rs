//! Integration tests, in one binary so the suite links once.

mod support;

mod cli;
mod conformance;
mod golden;
mod hostile;
mod invalid_files;
mod properties;
