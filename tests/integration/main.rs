//! Integration tests, in one binary so the suite links once.

mod support;

mod batch;
mod browser;
mod checklists;
mod cli;
mod compare;
mod completions;
mod conformance;
mod consistency;
mod content;
mod convert;
mod deliverable;
mod diff;
mod fields;
mod form;
mod frameworks;
mod golden;
mod hardening;
mod history;
mod hostile;
mod interview;
mod invalid_files;
mod markdown;
mod properties;
mod question_review;
mod quick_questionnaire;
mod readme;
mod reports;
mod schema;
mod setup;
mod sheets;
mod template;
