//! VSAQ texts are HTML fragments; mspcheck texts are plain (code spans in backticks). Tags
//! become their plain-text meaning: paragraphs and line breaks stay, list items become
//! `- ` lines, `<code>` becomes a code span, a link keeps its address after its text, and
//! entities are decoded. Nothing else of the text is dropped.

/// The text of an HTML fragment, paragraphs kept (for `help` and `remediation`).
pub(crate) fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut link: Option<(String, usize)> = None;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode(&rest[..start]));
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str(&decode(after));
            rest = "";
            break;
        };
        let tag = &after[1..end];
        rest = &after[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4", _) => {
                out.push_str("\n\n")
            }
            ("br" | "tr", _) => out.push('\n'),
            ("li", false) => out.push_str("\n- "),
            ("code" | "tt" | "pre", _) => out.push('`'),
            ("a", false) => {
                link = attribute(tag, "href").map(|href| (href, out.len()));
            }
            ("a", true) => {
                if let Some((href, from)) = link.take() {
                    let shown = out[from..].trim().to_string();
                    if !href.is_empty() && shown != href && !href.starts_with('#') {
                        out.push_str(&format!(" ({href})"));
                    }
                }
            }
            ("td" | "th", true) => out.push(' '),
            _ => {}
        }
    }
    out.push_str(&decode(rest));
    tidy(&out)
}

/// The text on one line (for question texts and option labels).
pub(crate) fn to_line(html: &str) -> String {
    to_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))?;
    let value = &tag[at + name.len() + 1..];
    let (quote, value) = match value.chars().next()? {
        quote @ ('"' | '\'') => (quote, &value[1..]),
        _ => (' ', value),
    };
    let end = value.find(quote).unwrap_or(value.len());
    Some(decode(&value[..end]))
}

/// Whitespace as a reader expects: runs of spaces collapsed, lines trimmed, at most one
/// blank line between paragraphs, none at either end.
fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() && lines.last().is_none_or(|last: &String| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find(';').filter(|end| *end <= 10);
        let decoded = end.and_then(|end| {
            let entity = &after[1..end];
            let character = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32)
                    .filter(|c| !c.is_control() || *c == '\n'),
            }?;
            Some((character, end))
        });
        match decoded {
            Some((character, end)) => {
                out.push(character);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_word_and_the_structure() {
        assert_eq!(
            to_text("<p>Use <code>Secure</code> cookies &amp; read <a href=\"https://example.org/x\">the guide</a>.</p><ul><li>one</li><li>two</li></ul>"),
            "Use `Secure` cookies & read the guide (https://example.org/x).\n\n- one\n- two"
        );
        assert_eq!(to_line("A<br>B &lt;tag&gt;   C"), "A B <tag> C");
        assert_eq!(
            to_line("1 < 2 & 3 &unknown; &#233;"),
            "1 < 2 & 3 &unknown; é"
        );
    }
}
