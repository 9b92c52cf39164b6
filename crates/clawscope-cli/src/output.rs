//! Printing: JSON, aligned tables, and colour only on a terminal with `NO_COLOR` unset.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::failure::Failure;

/// Whether to colour: stdout is a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>).
pub(crate) fn colour_enabled() -> bool {
    colour_decision(
        io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

fn colour_decision(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    is_terminal && no_color.is_none_or(std::ffi::OsStr::is_empty)
}

/// A text style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Bold (headers).
    Bold,
    /// Green (owned, ok).
    Green,
    /// Yellow (warnings, actions).
    Yellow,
    /// Red (foreign, errors).
    Red,
    /// Dim (stopped, secondary).
    Dim,
}

/// Text in a style, when `on`.
pub(crate) fn paint(text: &str, style: Style, on: bool) -> String {
    if !on {
        return text.to_owned();
    }
    let code = match style {
        Style::Bold => "1",
        Style::Green => "32",
        Style::Yellow => "33",
        Style::Red => "31",
        Style::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Prints `value` as pretty JSON and a newline.
pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)?;
    print_text(&text)?;
    print_text("\n")
}

/// Writes `text` to stdout as is. A closed pipe (`clawscope … | head`) is not an error.
pub(crate) fn print_text(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// A table with a header row; columns are padded to the widest cell (counting characters).
pub(crate) fn table(header: &[&str], rows: &[Vec<String>], colour: bool) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut out = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(cell);
            let pad = widths
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(cell.chars().count());
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.truncate(out.trim_end().len());
        out
    };
    let mut out = paint(&line(&mut header.iter().copied()), Style::Bold, colour);
    out.push('\n');
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_needs_a_terminal_and_no_no_color() {
        assert!(colour_decision(true, None));
        assert!(colour_decision(true, Some(OsStr::new(""))));
        assert!(!colour_decision(true, Some(OsStr::new("1"))));
        assert!(!colour_decision(false, None));
        assert_eq!(paint("x", Style::Red, false), "x");
        assert_eq!(paint("x", Style::Red, true), "\x1b[31mx\x1b[0m");
    }

    #[test]
    fn tables_align_by_characters() {
        let t = table(
            &["a", "bb"],
            &[vec!["会话".into(), "1".into()], vec!["x".into(), "22".into()]],
            false,
        );
        assert_eq!(t, "a   bb\n会话  1\nx   22\n");
    }
}
