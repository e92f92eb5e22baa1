//! The terminal's one-line text prompt (typed answers, header fields, client regions, notes
//! and evidence), in place of `inquire::Text`, whose cost grew with the square of what was
//! pasted: it took a paste one character at a time and drew the whole line again after
//! each one (16,000 characters froze the terminal for seconds, 210,000 for minutes).
//!
//! Here the cost of any input is linear in its length: a bracketed paste is one event,
//! every event already waiting is handled before the next draw, a draw writes only the
//! window of the line that fits the terminal's width, and the line holds at most `limit`
//! characters. A paste that would not fit is refused whole, saying so; typed (or unbracketed)
//! characters past the limit are not taken, and the prompt says how many were left out.

use std::io::Write;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Color, Stylize};
use crossterm::{cursor, queue, terminal};
use textwrap::core::display_width;

use super::Stop;

/// A check of the submitted line: `Err` is the message shown under it.
pub type Check<'a> = Box<dyn Fn(&str) -> Result<(), String> + 'a>;

/// The fewest columns the line gets beside the question; a longer question puts the line
/// on a row of its own.
const MIN_LINE_COLUMNS: usize = 16;

/// How long a look for more waiting input may take before the next draw. Not zero:
/// crossterm's `/dev/tty` reader (the `use-dev-tty` feature, see `Cargo.toml`) answers a
/// zero-timeout poll with "nothing" without looking, even with events in hand, which would
/// draw the line again after every character of an unbracketed paste.
const WAITING_INPUT: Duration = Duration::from_millis(1);

/// A one-line text prompt.
pub struct TextPrompt<'a> {
    message: &'a str,
    help: Option<&'a str>,
    initial: &'a str,
    placeholder: Option<&'a str>,
    checks: Vec<Check<'a>>,
    limit: usize,
    color: bool,
}

impl<'a> TextPrompt<'a> {
    /// A prompt asking `message`, taking at most `limit` characters.
    pub fn new(message: &'a str, limit: usize) -> TextPrompt<'a> {
        TextPrompt {
            message,
            help: None,
            initial: "",
            placeholder: None,
            checks: Vec::new(),
            limit,
            color: false,
        }
    }

    /// The help shown under the line, in brackets.
    pub fn help(mut self, help: &'a str) -> Self {
        self.help = Some(help);
        self
    }

    /// The text the line starts with (editable).
    pub fn initial(mut self, initial: &'a str) -> Self {
        self.initial = initial;
        self
    }

    /// What an empty line shows (not part of the answer).
    pub fn placeholder(mut self, placeholder: &'a str) -> Self {
        self.placeholder = Some(placeholder);
        self
    }

    /// A check run on Enter, after the ones before it.
    pub fn check(mut self, check: impl Fn(&str) -> Result<(), String> + 'a) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Colours on or off.
    pub fn color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// Asks on standard error: `Some(line)` on Enter (once every check passes), `None` on
    /// Esc; Ctrl-C stops the interview.
    pub fn ask(self) -> Result<Option<String>, Stop> {
        let failed = |error: std::io::Error| {
            Stop::Failed(anyhow::anyhow!(
                "the terminal failed: {error}; every answer given is saved"
            ))
        };
        let _raw = RawMode::enter().map_err(failed)?;
        let mut err = std::io::stderr().lock();
        let mut line = Line::new(self.initial, self.limit);
        let mut frame = Frame::default();
        loop {
            let width = terminal::size().map_or(80, |(columns, _)| columns);
            self.draw(&mut err, &mut frame, &line, width)
                .map_err(failed)?;
            // Everything already typed or pasted is handled before the next draw.
            let mut next = event::read().map_err(failed)?;
            loop {
                if let Some(done) = self.handle(&mut line, next) {
                    let width = terminal::size().map_or(80, |(columns, _)| columns);
                    self.finish(&mut err, &mut frame, &done, width)
                        .map_err(failed)?;
                    return match done {
                        Done::Submitted(text) => Ok(Some(text)),
                        Done::Cancelled => Ok(None),
                        Done::Interrupted => Err(Stop::Interrupted),
                    };
                }
                if !event::poll(WAITING_INPUT).map_err(failed)? {
                    break;
                }
                next = event::read().map_err(failed)?;
            }
        }
    }

    /// One event; `Some` when the prompt is over.
    fn handle(&self, line: &mut Line, event: Event) -> Option<Done> {
        match event {
            Event::Paste(text) => {
                line.paste(&text);
                None
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(line, key),
            _ => None,
        }
    }

    fn key(&self, line: &mut Line, key: KeyEvent) -> Option<Done> {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('c') if control => return Some(Done::Interrupted),
            KeyCode::Enter => return self.submit(line),
            KeyCode::Char('j' | 'm') if control => return self.submit(line),
            KeyCode::Esc => return Some(Done::Cancelled),
            KeyCode::Backspace if alt => line.delete_word_back(),
            KeyCode::Char('w') if control => line.delete_word_back(),
            KeyCode::Backspace => line.backspace(),
            KeyCode::Char('h') if control => line.backspace(),
            KeyCode::Delete => line.delete(),
            KeyCode::Char('d') if control => line.delete(),
            KeyCode::Left if control || alt => line.word_left(),
            KeyCode::Char('b') if alt => line.word_left(),
            KeyCode::Right if control || alt => line.word_right(),
            KeyCode::Char('f') if alt => line.word_right(),
            KeyCode::Left => line.left(),
            KeyCode::Char('b') if control => line.left(),
            KeyCode::Right => line.right(),
            KeyCode::Char('f') if control => line.right(),
            KeyCode::Home => line.cursor = 0,
            KeyCode::Char('a') if control => line.cursor = 0,
            KeyCode::End => line.cursor = line.chars.len(),
            KeyCode::Char('e') if control => line.cursor = line.chars.len(),
            KeyCode::Char('u') if control => line.delete_to_start(),
            KeyCode::Char('k') if control => line.delete_to_end(),
            KeyCode::Char(typed) if !control && !alt => line.type_char(typed),
            _ => {}
        }
        None
    }

    /// Enter: the line when every check passes, else the first check's message.
    fn submit(&self, line: &mut Line) -> Option<Done> {
        let text: String = line.chars.iter().collect();
        for check in &self.checks {
            if let Err(message) = check(&text) {
                line.notice = Some(message);
                return None;
            }
        }
        Some(Done::Submitted(text))
    }

    /// Draws the prompt over the last frame: the question, the visible window of the line,
    /// a notice or error, the help; the cursor left in the line.
    fn draw(
        &self,
        out: &mut impl Write,
        frame: &mut Frame,
        line: &Line,
        width: u16,
    ) -> std::io::Result<()> {
        let columns = usize::from(width.max(20)) - 1;
        frame.clear(out)?;
        let mut rows = wrap(&format!("? {}", self.message), columns);
        let last = rows.pop().unwrap_or_default();
        let beside = columns.saturating_sub(display_width(&last) + 1);
        let (lead, room) = if beside >= MIN_LINE_COLUMNS {
            (format!("{last} "), beside)
        } else {
            rows.push(last);
            (String::new(), columns)
        };
        let mut text = String::new();
        for row in &rows {
            text.push_str(&self.paint(row, Paint::Prompt));
            text.push_str("\r\n");
        }
        text.push_str(&self.paint(&lead, Paint::Prompt));
        let (shown, column) = if line.chars.is_empty() {
            let placeholder = self
                .placeholder
                .map(|placeholder| fit(placeholder, room))
                .unwrap_or_default();
            (self.paint(&placeholder, Paint::Placeholder), 0)
        } else {
            let (window, column) = line.window(room);
            (window, column)
        };
        text.push_str(&shown);
        let mut below = 0usize;
        let notice = line.notice.as_deref().map(|notice| format!("# {notice}"));
        let help = self.help.map(|help| format!("[{help}]"));
        for (extra, paint) in [(notice, Paint::Error), (help, Paint::Help)] {
            if let Some(extra) = extra {
                for row in wrap(&extra, columns) {
                    text.push_str("\r\n");
                    text.push_str(&self.paint(&row, paint));
                    below += 1;
                }
            }
        }
        out.write_all(text.as_bytes())?;
        if below > 0 {
            queue!(out, cursor::MoveUp(to_u16(below)))?;
        }
        queue!(
            out,
            cursor::MoveToColumn(to_u16(display_width(&lead) + column))
        )?;
        out.flush()?;
        frame.above = rows.len();
        frame.below = below;
        Ok(())
    }

    /// Replaces the frame with the question and what was answered (or the question alone
    /// on Esc), and moves to the next line.
    fn finish(
        &self,
        out: &mut impl Write,
        frame: &mut Frame,
        done: &Done,
        width: u16,
    ) -> std::io::Result<()> {
        let columns = usize::from(width.max(20)) - 1;
        frame.clear(out)?;
        let text = match done {
            Done::Submitted(answer) => {
                let prompt = format!("> {} ", self.message);
                let room = columns
                    .saturating_sub(display_width(&prompt))
                    .max(MIN_LINE_COLUMNS);
                let count = answer.chars().count();
                let shown = if display_width(answer) <= room {
                    answer.clone()
                } else {
                    // A long answer is shown by its start and its length, not in full.
                    let suffix = format!("… ({count} characters)");
                    fit(answer, room.saturating_sub(display_width(&suffix)).max(1))
                        .trim_end_matches('…')
                        .to_string()
                        + &suffix
                };
                format!(
                    "{}{}",
                    self.paint(&prompt, Paint::Prompt),
                    self.paint(&shown, Paint::Answer)
                )
            }
            Done::Cancelled | Done::Interrupted => {
                self.paint(&format!("? {} ", self.message), Paint::Prompt)
            }
        };
        let rows = wrap(&text, columns);
        out.write_all(rows.join("\r\n").as_bytes())?;
        out.write_all(b"\r\n")?;
        out.flush()
    }

    fn paint(&self, text: &str, paint: Paint) -> String {
        if !self.color || text.is_empty() {
            return text.to_string();
        }
        let color = match paint {
            Paint::Prompt => return text.to_string(),
            Paint::Placeholder => Color::DarkGrey,
            Paint::Error => Color::Red,
            Paint::Help => Color::Cyan,
            Paint::Answer => Color::Cyan,
        };
        text.with(color).to_string()
    }
}

/// How the prompt ended.
enum Done {
    Submitted(String),
    Cancelled,
    Interrupted,
}

#[derive(Clone, Copy)]
enum Paint {
    Prompt,
    Placeholder,
    Error,
    Help,
    Answer,
}

/// Where the last draw left the cursor: rows of the frame above and below its line.
#[derive(Debug, Default)]
struct Frame {
    above: usize,
    below: usize,
}

impl Frame {
    /// Erases the last frame, leaving the cursor where it began.
    fn clear(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.above > 0 {
            queue!(out, cursor::MoveUp(to_u16(self.above)))?;
        }
        queue!(
            out,
            cursor::MoveToColumn(0),
            terminal::Clear(terminal::ClearType::FromCursorDown)
        )?;
        self.above = 0;
        self.below = 0;
        Ok(())
    }
}

/// The line being edited: at most `limit` characters, no control characters.
#[derive(Debug)]
struct Line {
    chars: Vec<char>,
    cursor: usize,
    /// The first character shown (the window scrolls to keep the cursor in view).
    scroll: std::cell::Cell<usize>,
    limit: usize,
    /// Characters typed past the limit, not taken.
    refused: usize,
    /// What the prompt says under the line: a check's error or why input was not taken.
    notice: Option<String>,
}

impl Line {
    fn new(initial: &str, limit: usize) -> Line {
        let chars: Vec<char> = initial
            .chars()
            .filter(|c| !c.is_control())
            .take(limit)
            .collect();
        Line {
            cursor: chars.len(),
            chars,
            scroll: std::cell::Cell::new(0),
            limit,
            refused: 0,
            notice: None,
        }
    }

    fn edited(&mut self) {
        self.notice = None;
        self.refused = 0;
    }

    fn type_char(&mut self, typed: char) {
        if typed.is_control() {
            return;
        }
        if self.chars.len() >= self.limit {
            self.refused += 1;
            self.notice = Some(format!(
                "at most {} characters are taken here; {} more were not taken",
                group(self.limit),
                group(self.refused)
            ));
            return;
        }
        self.notice = None;
        self.refused = 0;
        self.chars.insert(self.cursor, typed);
        self.cursor += 1;
    }

    /// A paste: line breaks and tabs become spaces, other control characters are dropped;
    /// refused whole when the line would grow past the limit.
    fn paste(&mut self, text: &str) {
        let mut pasted: Vec<char> = Vec::new();
        let mut count = 0usize;
        let mut previous_cr = false;
        for c in text.chars() {
            let after_cr = previous_cr;
            previous_cr = c == '\r';
            let c = match c {
                '\n' if after_cr => continue,
                '\r' | '\n' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            count += 1;
            // Counted to the end, kept only while it fits: a huge paste is never held twice.
            if self.chars.len() + count <= self.limit {
                pasted.push(c);
            }
        }
        if self.chars.len() + count > self.limit {
            self.notice = Some(format!(
                "the pasted text is {} characters; at most {} fit here ({} already typed), so nothing was pasted",
                group(count),
                group(self.limit),
                group(self.chars.len())
            ));
            return;
        }
        self.edited();
        let at = self.cursor;
        self.cursor += pasted.len();
        self.chars.splice(at..at, pasted);
    }

    fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.chars.remove(self.cursor);
        }
        self.edited();
    }

    fn delete(&mut self) {
        if self.cursor < self.chars.len() {
            self.chars.remove(self.cursor);
        }
        self.edited();
    }

    fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.chars.len());
    }

    /// The start of the word before the cursor.
    fn word_start(&self) -> usize {
        let mut at = self.cursor;
        while at > 0 && !self.chars[at - 1].is_alphanumeric() {
            at -= 1;
        }
        while at > 0 && self.chars[at - 1].is_alphanumeric() {
            at -= 1;
        }
        at
    }

    fn word_left(&mut self) {
        self.cursor = self.word_start();
    }

    fn word_right(&mut self) {
        let mut at = self.cursor;
        let length = self.chars.len();
        while at < length && !self.chars[at].is_alphanumeric() {
            at += 1;
        }
        while at < length && self.chars[at].is_alphanumeric() {
            at += 1;
        }
        self.cursor = at;
    }

    fn delete_word_back(&mut self) {
        let start = self.word_start();
        self.chars.drain(start..self.cursor);
        self.cursor = start;
        self.edited();
    }

    fn delete_to_start(&mut self) {
        self.chars.drain(..self.cursor);
        self.cursor = 0;
        self.edited();
    }

    fn delete_to_end(&mut self) {
        self.chars.truncate(self.cursor);
        self.edited();
    }

    /// The part of the line shown in `room` columns, scrolled so the cursor is in view (`…`
    /// marks a cut end), and the cursor's column in it. Costs about `room` characters, not
    /// the line's length.
    fn window(&self, room: usize) -> (String, usize) {
        let room = room.max(2);
        let width = |c: &char| display_width(c.encode_utf8(&mut [0; 4])).max(1);
        // The leftmost start that still shows the cursor (one column kept for it).
        let mut start = self.cursor;
        let mut used = 1;
        while start > 0 {
            let next = used + width(&self.chars[start - 1]);
            // One more column for the `…` of a cut start.
            if next + 1 > room {
                break;
            }
            used = next;
            start -= 1;
        }
        let scroll = self.scroll.get().clamp(start, self.cursor);
        self.scroll.set(scroll);
        let cut_start = scroll > 0;
        let mut shown = String::new();
        let mut columns = 0;
        let mut column = 0;
        if cut_start {
            shown.push('…');
            columns = 1;
        }
        let mut at = scroll;
        while at < self.chars.len() {
            if at == self.cursor {
                column = columns;
            }
            let next = columns + width(&self.chars[at]);
            let last = at + 1 == self.chars.len();
            // Keep a column for the `…` of a cut end.
            if next > room || (!last && next + 1 > room) {
                shown.push('…');
                break;
            }
            shown.push(self.chars[at]);
            columns = next;
            at += 1;
        }
        if self.cursor >= at {
            column = columns;
        }
        (shown, column)
    }
}

/// `text` cut to `room` columns, ending in `…` when cut.
fn fit(text: &str, room: usize) -> String {
    if display_width(text) <= room {
        return text.to_string();
    }
    let mut shown = String::new();
    let mut used = 1;
    for c in text.chars() {
        let width = display_width(c.encode_utf8(&mut [0; 4]));
        if used + width > room {
            break;
        }
        used += width;
        shown.push(c);
    }
    shown.push('…');
    shown
}

/// `text` wrapped to `columns`, as rows; words wider than a row are cut first, in one pass
/// (textwrap's own cutting is quadratic in a word's length).
fn wrap(text: &str, columns: usize) -> Vec<String> {
    let cut = crate::report::break_long_words(text, columns.max(1));
    let options = textwrap::Options::new(columns.max(1))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let rows: Vec<String> = textwrap::wrap(&cut, options)
        .into_iter()
        .map(|row| row.into_owned())
        .collect();
    if rows.is_empty() {
        vec![String::new()]
    } else {
        rows
    }
}

/// `12,345`.
fn group(count: usize) -> String {
    let digits = count.to_string();
    let mut grouped = String::new();
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

fn to_u16(value: usize) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

/// Raw mode and bracketed paste for one prompt; both are undone when it ends, however it
/// ends.
struct RawMode;

impl RawMode {
    fn enter() -> std::io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        if let Err(error) = crossterm::execute!(std::io::stderr(), event::EnableBracketedPaste) {
            let _ = terminal::disable_raw_mode();
            return Err(error);
        }
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::execute!(std::io::stderr(), event::DisableBracketedPaste);
        let _ = terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str, limit: usize) -> Line {
        let mut line = Line::new("", limit);
        for c in text.chars() {
            line.type_char(c);
        }
        line
    }

    #[test]
    fn typing_past_the_limit_is_not_taken_and_says_how_much_was_left_out() {
        let line = typed(&"x".repeat(25), 20);
        assert_eq!(line.chars.len(), 20);
        let notice = line.notice.as_deref().unwrap();
        assert!(
            notice.contains("at most 20 characters") && notice.contains("5 more"),
            "{notice}"
        );
    }

    #[test]
    fn a_paste_that_does_not_fit_is_refused_whole_and_one_that_fits_is_one_edit() {
        let mut line = typed("ab", 10);
        line.paste("0123456789");
        assert_eq!(line.chars.iter().collect::<String>(), "ab");
        let notice = line.notice.clone().unwrap();
        assert!(
            notice.contains("10 characters") && notice.contains("nothing was pasted"),
            "{notice}"
        );
        line.left();
        line.paste("x\r\ny\tz\u{7}");
        assert_eq!(line.chars.iter().collect::<String>(), "ax y zb");
        assert_eq!(line.cursor, 6);
        assert!(line.notice.is_none());
    }

    #[test]
    fn a_huge_line_is_drawn_as_a_window_around_the_cursor() {
        let mut line = Line::new(&"x".repeat(10_000), 10_000);
        let (shown, column) = line.window(40);
        assert!(
            shown.starts_with('…') && display_width(&shown) <= 40,
            "{shown}"
        );
        assert_eq!(column, display_width(&shown));
        line.cursor = 0;
        let (shown, column) = line.window(40);
        assert!(
            shown.ends_with('…') && display_width(&shown) <= 40,
            "{shown}"
        );
        assert_eq!(column, 0);
        // Wide characters count two columns.
        let line = Line::new(&"漢".repeat(100), 100);
        let (shown, _) = line.window(21);
        assert!(display_width(&shown) <= 21, "{shown}");
    }

    #[test]
    fn editing_keys_move_and_delete_by_character_and_word() {
        let mut line = typed("alpha beta gamma", 100);
        line.delete_word_back();
        assert_eq!(line.chars.iter().collect::<String>(), "alpha beta ");
        line.word_left();
        assert_eq!(line.cursor, 6);
        line.delete_to_end();
        assert_eq!(line.chars.iter().collect::<String>(), "alpha ");
        line.cursor = 0;
        line.delete();
        line.right();
        line.backspace();
        assert_eq!(line.chars.iter().collect::<String>(), "pha ");
        line.delete_to_start();
        line.word_right();
        assert_eq!(line.cursor, 3);
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(group(210_000), "210,000");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
    }
}
