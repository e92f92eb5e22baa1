//! Text from files is data, never markup: escaping for each output format.

/// Removes terminal control sequences: C0 and C1 controls (ESC included), DEL, and the
/// bidirectional overrides that can make text read differently than it is. Newlines and
/// tabs become spaces.
pub fn terminal(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\r' => Some(' '),
            c if c.is_control() => None,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
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
            c if c.is_control() && c != '\n' => {}
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

/// Makes a CSV cell safe to open in a spreadsheet: a cell a spreadsheet would read as a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed with `'`.
/// Numbers written by mspcheck itself are not passed through here.
pub fn csv_cell(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cleaned}"),
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
}
