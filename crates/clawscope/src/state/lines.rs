//! A streaming JSONL line reader with bounded memory (`openclaw-formats.md` §3: one JSON object per line).
//!
//! [`LineReader`] yields `(offset, bytes)` lines from any [`Read`]. Memory stays below the line cap plus one read
//! block: a line longer than the cap is skipped while it streams past, and reported. Lines are never rejected for
//! their content — invalid UTF-8, NUL bytes, `\r\n` endings and a last line without a newline are yielded and
//! reported, so the caller (the transcript parser) decides. Blank lines are skipped silently.

use std::io::{ErrorKind, Read};

use serde::Serialize;

use clawscope_core::{Error, Result};

/// The default cap on one line: 64 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// The read block size.
const BLOCK: usize = 64 * 1024;

/// At most this many diagnostics are kept; [`LineReader::diagnostic_count`] counts all.
pub const MAX_KEPT_DIAGNOSTICS: usize = 100;

/// One line of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of the line start in the file (for SQLite rows: the `seq` value).
    pub offset: u64,
    /// 1-based physical line number (for SQLite rows: the 1-based row position).
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
    /// Ends with `\r\n` (the `\r` is removed; still yielded).
    Crlf,
    /// The last line has no trailing newline (still yielded, with `complete == false`).
    Truncated,
    /// A SQLite row without a usable event (no `event_json`, bad zstd data, …); skipped.
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
    #[serde(flatten)]
    pub issue: LineIssue,
}

/// Reads lines from a byte stream with bounded memory.
///
/// ```
/// use clawscope::state::{LineIssue, LineReader};
///
/// let data: &[u8] = b"{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":";
/// let mut reader = LineReader::new(data);
/// let mut seen = Vec::new();
/// while let Some(line) = reader.next_line().unwrap() {
///     seen.push((line.offset, line.bytes.to_vec(), line.complete));
/// }
/// assert_eq!(seen, vec![
///     (0, b"{\"a\":1}".to_vec(), true),
///     (10, b"{\"b\":2}".to_vec(), true),
///     (18, b"{\"c\":".to_vec(), false),
/// ]);
/// let issues: Vec<_> = reader.diagnostics().iter().map(|d| d.issue.clone()).collect();
/// assert_eq!(issues, vec![LineIssue::Crlf, LineIssue::Truncated]);
/// ```
#[derive(Debug)]
pub struct LineReader<R: Read> {
    inner: R,
    max_line: usize,
    buf: Vec<u8>,
    /// Start of unconsumed data in `buf`.
    start: usize,
    /// End of valid data in `buf`.
    end: usize,
    /// File offset of `buf[0]`.
    base: u64,
    line_no: u64,
    eof: bool,
    diagnostics: Vec<LineDiagnostic>,
    diagnostic_count: u64,
    skipped: u64,
    bytes_read: u64,
    path: String,
}

impl<R: Read> LineReader<R> {
    /// A reader with the default cap ([`DEFAULT_MAX_LINE_BYTES`]).
    pub fn new(inner: R) -> Self {
        LineReader {
            inner,
            max_line: DEFAULT_MAX_LINE_BYTES,
            buf: Vec::new(),
            start: 0,
            end: 0,
            base: 0,
            line_no: 0,
            eof: false,
            diagnostics: Vec::new(),
            diagnostic_count: 0,
            skipped: 0,
            bytes_read: 0,
            path: String::from("<stream>"),
        }
    }

    /// Sets the line cap (at least 1 byte).
    #[must_use]
    pub fn with_max_line(mut self, max_line: usize) -> Self {
        self.max_line = max_line.max(1);
        self
    }

    /// Sets the path named in I/O errors.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The kept diagnostics (the first [`MAX_KEPT_DIAGNOSTICS`]).
    pub fn diagnostics(&self) -> &[LineDiagnostic] {
        &self.diagnostics
    }

    /// The number of diagnostics, including those not kept.
    pub fn diagnostic_count(&self) -> u64 {
        self.diagnostic_count
    }

    /// Lines skipped because they were too long.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The size of the internal buffer: at most the line cap plus two read blocks, whatever the input.
    pub fn buffer_capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Bytes read from the stream so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn report(&mut self, offset: u64, number: u64, issue: LineIssue) {
        self.diagnostic_count += 1;
        if self.diagnostics.len() < MAX_KEPT_DIAGNOSTICS {
            self.diagnostics.push(LineDiagnostic {
                offset,
                number,
                issue,
            });
        }
    }

    /// Reads more data into the buffer; returns the number of bytes read (0 at end of stream).
    fn fill(&mut self) -> Result<usize> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.base += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() < self.end + BLOCK {
            // Grow geometrically, but never past the cap plus two blocks (a longer line is skipped before that).
            let limit = self.max_line.saturating_add(2 * BLOCK);
            let target = (self.buf.len() * 2).clamp(self.end + BLOCK, limit.max(self.end + BLOCK));
            self.buf.reserve_exact(target - self.buf.len());
            self.buf.resize(target, 0);
        }
        loop {
            let Some(target) = self.buf.get_mut(self.end..) else {
                return Ok(0);
            };
            match self.inner.read(target) {
                Ok(n) => {
                    self.end += n;
                    self.bytes_read += n as u64;
                    if n == 0 {
                        self.eof = true;
                    }
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io("read", &self.path, e)),
            }
        }
    }

    /// Skips the rest of an over-long line that starts at `offset`; `seen` bytes of it are already consumed.
    fn skip_long_line(&mut self, offset: u64, mut seen: u64) -> Result<()> {
        loop {
            let pending = self.buf.get(self.start..self.end).unwrap_or_default();
            if let Some(i) = memchr::memchr(b'\n', pending) {
                seen += i as u64;
                self.start += i + 1;
                break;
            }
            seen += pending.len() as u64;
            self.start = self.end;
            if self.eof || self.fill()? == 0 {
                break;
            }
        }
        self.line_no += 1;
        self.skipped += 1;
        let number = self.line_no;
        self.report(offset, number, LineIssue::TooLong { len: seen });
        Ok(())
    }

    /// The next non-blank line, or `None` at the end of the stream.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>> {
        loop {
            let pending = self.buf.get(self.start..self.end).unwrap_or_default();
            let found = memchr::memchr(b'\n', pending);
            let (len, complete) = match found {
                Some(i) => (i, true),
                None if self.eof => {
                    if pending.is_empty() {
                        return Ok(None);
                    }
                    (pending.len(), false)
                }
                None => {
                    if pending.len() > self.max_line {
                        let offset = self.base + self.start as u64;
                        let seen = pending.len() as u64;
                        self.start = self.end;
                        self.skip_long_line(offset, seen)?;
                    } else {
                        self.fill()?;
                    }
                    continue;
                }
            };
            let offset = self.base + self.start as u64;
            let line_start = self.start;
            self.start += len + usize::from(complete);
            self.line_no += 1;
            let number = self.line_no;
            if len > self.max_line {
                self.skipped += 1;
                self.report(offset, number, LineIssue::TooLong { len: len as u64 });
                continue;
            }
            let raw = self.buf.get(line_start..line_start + len).unwrap_or_default();
            let crlf = raw.last() == Some(&b'\r');
            let text_len = if crlf { len - 1 } else { len };
            let body = raw.get(..text_len).unwrap_or_default();
            if body.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let mut issues = Vec::new();
            if crlf {
                issues.push(LineIssue::Crlf);
            }
            if memchr::memchr(0, body).is_some() {
                issues.push(LineIssue::Nul);
            }
            if std::str::from_utf8(body).is_err() {
                issues.push(LineIssue::InvalidUtf8);
            }
            if !complete {
                issues.push(LineIssue::Truncated);
            }
            for issue in issues {
                self.report(offset, number, issue);
            }
            let bytes = self
                .buf
                .get(line_start..line_start + text_len)
                .unwrap_or_default();
            return Ok(Some(Line {
                offset,
                number,
                bytes,
                complete,
            }));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    type Collected = Vec<(u64, u64, Vec<u8>, bool)>;

    fn collect(data: &[u8], cap: usize) -> (Collected, Vec<LineDiagnostic>) {
        let mut r = LineReader::new(data).with_max_line(cap);
        let mut out = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            out.push((l.offset, l.number, l.bytes.to_vec(), l.complete));
        }
        (out, r.diagnostics().to_vec())
    }

    #[test]
    fn long_lines_are_skipped_and_reported() {
        let mut data = b"{\"a\":1}\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 300_000));
        data.extend(b"\n{\"b\":2}\n");
        let (lines, diags) = collect(&data, 1000);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].2, b"{\"b\":2}");
        assert_eq!(lines[1].0, 8 + 300_001);
        assert_eq!(lines[1].1, 3);
        assert_eq!(
            diags,
            vec![LineDiagnostic {
                offset: 8,
                number: 2,
                issue: LineIssue::TooLong { len: 300_000 }
            }]
        );
    }

    #[test]
    fn long_line_found_within_one_block() {
        let (lines, diags) = collect(b"aaaaaaaaaa\nb\n", 4);
        assert_eq!(lines, vec![(11, 2, b"b".to_vec(), true)]);
        assert_eq!(diags[0].issue, LineIssue::TooLong { len: 10 });
    }

    #[test]
    fn long_truncated_last_line() {
        let mut data = b"ok\n".to_vec();
        data.extend(std::iter::repeat_n(b'y', 200_000));
        let (lines, diags) = collect(&data, 100);
        assert_eq!(lines.len(), 1);
        assert_eq!(diags[0].issue, LineIssue::TooLong { len: 200_000 });
    }

    #[test]
    fn nul_and_invalid_utf8_are_yielded_and_reported() {
        let (lines, diags) = collect(b"a\0b\n\xff\xfe\n", 100);
        assert_eq!(lines.len(), 2);
        assert_eq!(diags[0].issue, LineIssue::Nul);
        assert_eq!(diags[1].issue, LineIssue::InvalidUtf8);
    }

    #[test]
    fn lines_spanning_blocks() {
        let line = vec![b'z'; BLOCK + 10];
        let mut data = line.clone();
        data.push(b'\n');
        data.extend(&line);
        data.push(b'\n');
        let (lines, diags) = collect(&data, DEFAULT_MAX_LINE_BYTES);
        assert!(diags.is_empty());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].0, (BLOCK + 11) as u64);
        assert_eq!(lines[1].2, line);
    }

    #[test]
    fn empty_input() {
        assert!(collect(b"", 10).0.is_empty());
        assert!(collect(b"\n\n \r\n", 10).0.is_empty());
    }
}
