//! Integration tests, in one binary so the suite links once.

mod support;

mod cli;
mod conformance;
mod properties;
mod invalid_files;
mod hostile;
