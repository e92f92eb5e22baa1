//! The `mspcheck/report/1` JSON: serde on the assessment itself. One object for one answers
//! file, an array for several (in argument order); `ndjson` writes one object per line for
//! streaming scripts. Scores are unrounded.

use std::io::{self, Write};

use crate::assessment::Assessment;

/// Writes the JSON report.
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    match assessments {
        [single] => serde_json::to_writer_pretty(&mut *out, single)?,
        many => serde_json::to_writer_pretty(&mut *out, many)?,
    }
    writeln!(out)
}

/// One assessment's report as [`render`] writes it, rendered on its own so that a batch can
/// render each file on the thread that assessed it and drop the assessment there: pretty
/// JSON, alone (`element` false) or indented as an element of the array written for several
/// files (`element` true). [`join`] writes the parts.
pub fn render_part(assessment: &Assessment, element: bool) -> io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(64 * 1024);
    serde_json::to_writer_pretty(&mut text, assessment)?;
    if element {
        // An array element is the same text two spaces further in: JSON strings hold no
        // raw line break, so every line break is the pretty printer's own.
        let breaks = text.iter().filter(|byte| **byte == b'\n').count();
        let mut indented = Vec::with_capacity(text.len() + 2 * breaks);
        for &byte in &text {
            indented.push(byte);
            if byte == b'\n' {
                indented.extend_from_slice(b"  ");
            }
        }
        text = indented;
    }
    Ok(text)
}

/// Writes parts from [`render_part`] (all rendered with the same `element`) exactly as
/// [`render`] writes their assessments: one object for one part, else an array.
pub fn join(parts: &[&[u8]], element: bool, out: &mut dyn Write) -> io::Result<()> {
    match parts {
        [single] if element => {
            // `--keep-going` left one file of several: the object alone, indentation removed.
            let mut plain = Vec::with_capacity(single.len());
            let mut rest: &[u8] = single;
            while let Some(at) = rest.iter().position(|byte| *byte == b'\n') {
                plain.extend_from_slice(&rest[..=at]);
                rest = rest[at + 1..]
                    .strip_prefix(b"  ")
                    .unwrap_or(&rest[at + 1..]);
            }
            plain.extend_from_slice(rest);
            out.write_all(&plain)?;
        }
        [single] => out.write_all(single)?,
        [] => out.write_all(b"[]")?,
        many => {
            out.write_all(b"[")?;
            for (index, part) in many.iter().enumerate() {
                out.write_all(if index == 0 { b"\n  " } else { b",\n  " })?;
                out.write_all(part)?;
            }
            out.write_all(b"\n]")?;
        }
    }
    writeln!(out)
}

/// One item as one compact line of `--format ndjson` (see [`render_lines`]).
pub fn render_line<T: serde::Serialize>(item: &T) -> io::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(item)?;
    line.push(b'\n');
    Ok(line)
}

/// Writes one compact JSON object per line (`--format ndjson`).
pub fn render_lines<T: serde::Serialize>(items: &[T], out: &mut dyn Write) -> io::Result<()> {
    for item in items {
        out.write_all(&render_line(item)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{assess, Options};
    use crate::load::{load_answers, Catalog};

    fn assessments(names: &[&str]) -> Vec<Assessment> {
        let catalog = Catalog::default();
        names
            .iter()
            .map(|name| {
                let loaded =
                    load_answers(&catalog, &format!("examples/{name}.yaml"), None).unwrap();
                assess(
                    &loaded.questionnaire.questionnaire,
                    &loaded.answers,
                    &Options::default(),
                )
            })
            .collect()
    }

    /// The batch's parts, joined, are byte for byte the document written from the
    /// assessments, for one file, several, and the one file `--keep-going` leaves of several.
    #[test]
    fn parts_rendered_file_by_file_join_into_the_same_document() {
        let all = assessments(&["quick-mature", "quick-pseudo", "pseudo-msp"]);
        for count in 1..=3 {
            let chosen = &all[..count];
            let mut whole = Vec::new();
            render(chosen, &mut whole).unwrap();
            let element = count > 1;
            let parts: Vec<Vec<u8>> = chosen
                .iter()
                .map(|assessment| render_part(assessment, element).unwrap())
                .collect();
            let borrowed: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            let mut joined = Vec::new();
            join(&borrowed, element, &mut joined).unwrap();
            assert_eq!(
                String::from_utf8(joined).unwrap(),
                String::from_utf8(whole.clone()).unwrap(),
                "{count} files"
            );
            if element {
                // Rendered as elements, but only one survived.
                let mut single = Vec::new();
                join(&borrowed[..1], true, &mut single).unwrap();
                let mut expected = Vec::new();
                render(&chosen[..1], &mut expected).unwrap();
                assert_eq!(single, expected);
            }
        }
        let mut lines = Vec::new();
        render_lines(&all, &mut lines).unwrap();
        let joined: Vec<u8> = all
            .iter()
            .flat_map(|assessment| render_line(assessment).unwrap())
            .collect();
        assert_eq!(joined, lines);
    }
}
