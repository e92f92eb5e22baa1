//! The binary end to end: exit codes, stdout, stderr.
