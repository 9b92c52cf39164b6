//! Streaming JSONL line reader with bounded memory.

use std::io::Read;

use serde::Serialize;

/// The default cap on one line: 64 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// One line of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of the line start in the file (for SQLite rows: the `seq` value).
    pub offset: u64,
    /// 1-based physical line number (for SQLite rows: the row position).
    pub number: u64,
    /// The line without its `\n` / `\r\n` terminator.
    pub bytes: &'a [u8],
    /// `false` for a last line without a trailing newline (possibly half-written).
    pub complete: bool,
}

/// What was odd about a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum LineIssue {
    /// Longer than the cap; skipped without being buffered.
    TooLong {
        /// Its length in bytes (without the terminator).
        len: u64,
    },
    /// Not valid UTF-8 (still yielded).
    InvalidUtf8,
    /// Contains a NUL byte (still yielded).
    Nul,
    /// Ends with `\r\n` (the `\r` is removed).
    Crlf,
    /// The last line has no trailing newline.
    Truncated,
    /// A SQLite row without a usable event (no `event_json`, bad zstd data, …).
    BadRow {
        /// Why.
        reason: String,
    },
}

/// A line-level diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineDiagnostic {
    /// Byte offset (or `seq`).
    pub offset: u64,
    /// 1-based line number (or row position).
    pub number: u64,
    /// The issue.
    pub issue: LineIssue,
}

/// Reads lines from a byte stream with bounded memory.
#[derive(Debug)]
pub struct LineReader<R: Read> {
    inner: R,
    max_line: usize,
}

impl<R: Read> LineReader<R> {
    /// A reader with the default cap.
    pub fn new(inner: R) -> Self {
        LineReader {
            inner,
            max_line: DEFAULT_MAX_LINE_BYTES,
        }
    }
}
