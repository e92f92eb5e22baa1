//! Text from files is data, never markup: escaping for each output format.

/// True for characters that change how text reads without being seen: bidirectional
/// controls (overrides, embeddings, isolates, marks, the Arabic letter mark), zero-width
/// spaces and joiners, invisible operators, the byte-order mark, soft hyphens, fillers that
/// render blank, and tag characters. A provider named "…\u{202e}erutam" must not read as
/// "…mature" in any format.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// True for characters that end a line for some reader: the line and paragraph separators
/// as well as the usual newlines.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Removes terminal control sequences: C0 and C1 controls (ESC included), DEL, and every
/// invisible or bidirectional character (`is_invisible`). Line breaks of any kind and tabs
/// become spaces.
pub fn terminal(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if is_line_break(c) => Some(' '),
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Text with every control and invisible character shown as `\u{…}`, for names the user
/// must recognise exactly (file names in `validate`'s output, look-alike ids).
pub fn visible(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_invisible(c) || is_line_break(c) {
            shown.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Maps look-alike letters (Cyrillic and Greek letters that render like Latin ones,
/// fullwidth forms) to the Latin letter, and drops invisible characters: two names with the
/// same skeleton look the same on screen.
pub fn skeleton(text: &str) -> String {
    text.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            'а' | 'α' => 'a',
            'в' | 'β' => 'b',
            'с' | 'ϲ' => 'c',
            'ԁ' => 'd',
            'е' | 'ε' => 'e',
            'һ' => 'h',
            'і' | 'ι' | 'ı' => 'i',
            'ј' => 'j',
            'κ' | 'к' => 'k',
            'м' => 'm',
            'η' | 'п' => 'n',
            'о' | 'ο' | 'σ' => 'o',
            'р' | 'ρ' => 'p',
            'ԛ' => 'q',
            'ѕ' => 's',
            'т' | 'τ' => 't',
            'υ' => 'u',
            'ν' => 'v',
            'ԝ' | 'ω' => 'w',
            'х' | 'χ' => 'x',
            'у' | 'γ' => 'y',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xff01 + 0x21).unwrap_or(c),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
            c => c,
        })
        .collect()
}

/// Escapes text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\u{2028}' | '\u{2029}' | '\u{85}' => escaped.push('\n'),
            c if (c.is_control() && c != '\n') || is_invisible(c) => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Escapes text for Markdown inline content (and table cells): Markdown punctuation is
/// backslash-escaped, HTML is neutralised, line breaks become spaces.
pub fn markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for (position, c) in terminal(text).chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                escaped.push('\\');
                escaped.push(c);
            }
            // Only special at the start of a line (headings, lists, quotes).
            '#' | '+' | '-' | '.' | '!' | '=' | '>' if position == 0 => {
                escaped.push('\\');
                escaped.push(c);
            }
            '<' => escaped.push_str("&lt;"),
            '&' => escaped.push_str("&amp;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Makes a CSV cell safe to open in a spreadsheet. The text is cleaned first (controls
/// other than newlines and every invisible character removed, other line breaks made
/// newlines); then a cell whose final text a spreadsheet would read as a formula (`=`, `+`,
/// `-`, `@`, also after leading spaces, or a leading tab or carriage return) is prefixed
/// with `'`. The check is on the text as written, so nothing stripped can hide a `=`.
/// Numbers written by mspcheck itself are not passed through here.
pub fn csv_cell(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\u{2028}' | '\u{2029}' | '\u{85}' => Some('\n'),
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect();
    let first = cleaned.trim_start().chars().next();
    match first {
        Some('=' | '+' | '-' | '@' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}') => {
            format!("'{cleaned}")
        }
        _ => cleaned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_strips_escape_sequences() {
        assert_eq!(terminal("Acme\u{1b}[31m IT\u{7}\u{9b}2J"), "Acme[31m IT2J");
        assert_eq!(terminal("a\u{202e}b"), "ab");
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html("<script>alert('x')</script>&"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
    }

    #[test]
    fn markdown_neutralises_links_tables_and_html() {
        assert_eq!(
            markdown("[x](http://e) | <b>"),
            "\\[x\\](http://e) \\| &lt;b>"
        );
        assert_eq!(markdown("> quote"), "\\> quote");
    }

    #[test]
    fn csv_neutralises_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Acme"), "Acme");
    }

    #[test]
    fn csv_checks_the_final_cell_text() {
        for hidden in [
            "\u{1}=HYPERLINK(\"x\")",
            "\u{7f}=1+1",
            "\u{85}=1",
            "\u{200b}=1",
            " =1",
            "\u{202e}@x",
        ] {
            let cell = csv_cell(hidden);
            assert!(cell.starts_with('\''), "{hidden:?} → {cell:?}");
        }
    }

    #[test]
    fn every_format_drops_bidi_and_invisible_characters() {
        let spoof = "Acme\u{202e}erutam\u{200b}\u{061c}\u{2066}x\u{2028}y";
        for cleaned in [
            terminal(spoof),
            html(spoof),
            markdown(spoof),
            csv_cell(spoof),
        ] {
            assert!(!cleaned.chars().any(is_invisible), "{cleaned:?}");
            assert!(!cleaned.contains('\u{2028}'), "{cleaned:?}");
        }
        assert_eq!(terminal("a\u{2028}b\u{2029}c"), "a b c");
    }

    #[test]
    fn visible_shows_what_terminal_would_hide() {
        assert_eq!(
            visible("a\nb\u{202e}c\u{1b}"),
            "a\\u{000a}b\\u{202e}c\\u{001b}"
        );
        assert_eq!(skeleton("b\u{0430}ckup\u{200b}"), "backup");
    }
}
