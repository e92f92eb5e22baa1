//! mspcheck: tells how mature an IT managed service provider (MSP/MSSP) really is.
//!
//! The pipeline, one module per stage:
//! `cli` → `source` (files, limits) → `yaml` (guard, positions) → `model` (raw shapes) →
//! `validate` (checked values, every diagnostic) → `score` / `classify` / `roadmap` →
//! `assessment` → `report` (table, json, markdown, html, csv) → `main` (exit code).

pub mod assessment;
pub mod classify;
pub mod cli;
pub mod command;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod output;
pub mod report;
pub mod roadmap;
pub mod score;
pub mod source;
pub mod validate;
pub mod yaml;

/// Exit code: done, and any `--require` met.
pub const EXIT_OK: u8 = 0;
/// Exit code: `--require` not met.
pub const EXIT_REQUIREMENT: u8 = 1;
/// Exit code: invalid input or usage.
pub const EXIT_INVALID: u8 = 2;
