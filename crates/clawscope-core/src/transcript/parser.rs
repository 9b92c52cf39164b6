//! Streaming parser with bounded diagnostics, and the per-line error type.

use serde::Serialize;

use super::{Entry, parse_line};

/// What is wrong with a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// Not valid JSON.
    InvalidJson,
    /// Valid JSON, but not an object.
    NotAnObject,
    /// Not valid UTF-8.
    InvalidUtf8,
    /// Contains NUL bytes (a crash while the file was preallocated or written).
    NulBytes,
    /// The last line has no newline and does not parse: a write in progress or a crash.
    Truncated,
    /// Longer than [`ParserLimits::max_line_bytes`]; skipped without being parsed.
    TooLong,
    /// The line ended in `\r\n`; it was accepted (reported once per transcript).
    #[serde(rename = "crlf")]
    CrLf,
}

impl DiagnosticKind {
    /// The snake-case name (`invalid_json`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::InvalidJson => "invalid_json",
            DiagnosticKind::NotAnObject => "not_an_object",
            DiagnosticKind::InvalidUtf8 => "invalid_utf8",
            DiagnosticKind::NulBytes => "nul_bytes",
            DiagnosticKind::Truncated => "truncated",
            DiagnosticKind::TooLong => "too_long",
            DiagnosticKind::CrLf => "crlf",
        }
    }
}

/// Why [`parse_line`] refused a line (no position: the caller knows where the line was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// What is wrong.
    pub kind: DiagnosticKind,
    /// A short human-readable explanation (never contains the line itself).
    pub message: String,
}

impl LineError {
    /// A line error.
    pub fn new(kind: DiagnosticKind, message: impl Into<String>) -> Self {
        LineError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for LineError {}

/// A problem with one line of a transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineDiagnostic {
    /// 1-based line number.
    pub line_no: u64,
    /// Byte offset of the line's start, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// What is wrong.
    pub kind: DiagnosticKind,
    /// Whether the line was skipped (everything but [`DiagnosticKind::CrLf`]).
    pub skipped: bool,
    /// Explanation.
    pub message: String,
}

/// Limits of a [`TranscriptParser`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParserLimits {
    /// Diagnostics kept in full; later ones are only counted. Default 100.
    pub max_diagnostics: usize,
    /// Lines longer than this are skipped unparsed with [`DiagnosticKind::TooLong`]. Default 64 MiB.
    pub max_line_bytes: usize,
}

impl Default for ParserLimits {
    fn default() -> Self {
        ParserLimits {
            max_diagnostics: 100,
            max_line_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Takes transcript lines one at a time and keeps diagnostics bounded (the first
/// [`ParserLimits::max_diagnostics`] plus a count).
///
/// ```
/// use clawscope_core::transcript::{TranscriptParser, DiagnosticKind};
///
/// let mut parser = TranscriptParser::new();
/// assert!(parser.push_line(br#"{"type":"session","version":3,"id":"s1"}"#).is_some());
/// assert!(parser.push_line(b"{oops").is_none());
/// assert!(parser.push_last_line(br#"{"type":"message","message":{"ro"#).is_none());
/// assert_eq!(parser.diagnostic_count(), 2);
/// assert_eq!(parser.diagnostics()[0].line_no, 2);
/// assert_eq!(parser.diagnostics()[1].kind, DiagnosticKind::Truncated);
/// ```
#[derive(Debug, Clone, Default)]
pub struct TranscriptParser {
    limits: ParserLimits,
    line_no: u64,
    offset: u64,
    diagnostics: Vec<LineDiagnostic>,
    diagnostic_count: u64,
    crlf_lines: u64,
    entries: u64,
}

impl TranscriptParser {
    /// A parser with the default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser with explicit limits.
    pub fn with_limits(limits: ParserLimits) -> Self {
        TranscriptParser {
            limits,
            ..Self::default()
        }
    }

    /// Parses the next line (without its `\n`; a trailing `\r` is accepted). Returns the entry, or `None` for a
    /// blank or malformed line (recorded as a diagnostic).
    pub fn push_line(&mut self, line: &[u8]) -> Option<Entry> {
        self.push(line, false)
    }

    /// Parses the final line of a file that did not end with `\n`. A parse failure is reported as
    /// [`DiagnosticKind::Truncated`] (a write in progress or a crash), not as invalid JSON.
    pub fn push_last_line(&mut self, line: &[u8]) -> Option<Entry> {
        self.push(line, true)
    }

    /// Records a line the reader skipped because it exceeded its own size cap, keeping numbering right.
    pub fn push_oversized(&mut self, len: u64) {
        self.line_no += 1;
        let offset = self.offset;
        self.offset += len + 1;
        self.record(
            offset,
            DiagnosticKind::TooLong,
            true,
            format!("line of {len} bytes exceeds the size cap"),
        );
    }

    fn push(&mut self, line: &[u8], last: bool) -> Option<Entry> {
        self.line_no += 1;
        let offset = self.offset;
        self.offset += line.len() as u64 + u64::from(!last);
        if line.len() > self.limits.max_line_bytes {
            self.record(
                offset,
                DiagnosticKind::TooLong,
                true,
                format!(
                    "line of {} bytes exceeds the {} byte cap",
                    line.len(),
                    self.limits.max_line_bytes
                ),
            );
            return None;
        }
        if line.ends_with(b"\r") {
            self.crlf_lines += 1;
            if self.crlf_lines == 1 {
                self.record(offset, DiagnosticKind::CrLf, false, "CRLF line ending accepted");
            }
        }
        match parse_line(line) {
            Ok(Some(entry)) => {
                self.entries += 1;
                Some(entry)
            }
            Ok(None) => None,
            Err(err) => {
                let kind = if last && err.kind == DiagnosticKind::InvalidJson {
                    DiagnosticKind::Truncated
                } else {
                    err.kind
                };
                self.record(offset, kind, true, err.message);
                None
            }
        }
    }

    fn record(&mut self, offset: u64, kind: DiagnosticKind, skipped: bool, message: impl Into<String>) {
        self.diagnostic_count += 1;
        if self.diagnostics.len() < self.limits.max_diagnostics {
            self.diagnostics.push(LineDiagnostic {
                line_no: self.line_no,
                offset: Some(offset),
                kind,
                skipped,
                message: message.into(),
            });
        }
    }

    /// The diagnostics kept so far (at most [`ParserLimits::max_diagnostics`]).
    pub fn diagnostics(&self) -> &[LineDiagnostic] {
        &self.diagnostics
    }

    /// How many diagnostics were raised in total, including those not kept.
    pub fn diagnostic_count(&self) -> u64 {
        self.diagnostic_count
    }

    /// Lines seen so far (blank and malformed ones included).
    pub fn lines_seen(&self) -> u64 {
        self.line_no
    }

    /// Entries produced so far.
    pub fn entries_parsed(&self) -> u64 {
        self.entries
    }

    /// Lines that ended in `\r\n`.
    pub fn crlf_lines(&self) -> u64 {
        self.crlf_lines
    }

    /// Ends parsing, returning the diagnostics and their total count.
    pub fn finish(self) -> (Vec<LineDiagnostic>, u64) {
        (self.diagnostics, self.diagnostic_count)
    }
}

/// A whole transcript parsed in memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedTranscript {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// The first diagnostics.
    pub diagnostics: Vec<LineDiagnostic>,
    /// The total number of diagnostics.
    pub diagnostic_count: u64,
}

/// Parses a whole transcript held in memory (splitting on `\n`; a last line without `\n` that fails to parse is
/// [`DiagnosticKind::Truncated`]).
///
/// ```
/// let t = clawscope_core::transcript::parse_transcript(b"{\"type\":\"session\",\"id\":\"s\"}\r\n\n{\"type\":\"label\"}\n{\"type\"");
/// assert_eq!(t.entries.len(), 2);
/// assert_eq!(t.diagnostic_count, 2); // one CRLF note, one truncated tail
/// ```
pub fn parse_transcript(bytes: &[u8]) -> ParsedTranscript {
    let mut parser = TranscriptParser::new();
    let mut entries = Vec::new();
    let mut rest = bytes;
    while let Some(pos) = memchr::memchr(b'\n', rest) {
        let (line, tail) = rest.split_at(pos);
        if let Some(entry) = parser.push_line(line) {
            entries.push(entry);
        }
        rest = tail.get(1..).unwrap_or_default();
    }
    if !rest.is_empty()
        && let Some(entry) = parser.push_last_line(rest)
    {
        entries.push(entry);
    }
    let (diagnostics, diagnostic_count) = parser.finish();
    ParsedTranscript {
        entries,
        diagnostics,
        diagnostic_count,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_serde() {
        for kind in [
            DiagnosticKind::InvalidJson,
            DiagnosticKind::NotAnObject,
            DiagnosticKind::InvalidUtf8,
            DiagnosticKind::NulBytes,
            DiagnosticKind::Truncated,
            DiagnosticKind::TooLong,
            DiagnosticKind::CrLf,
        ] {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.as_str())
            );
        }
    }

    #[test]
    fn diagnostics_are_bounded_and_counted() {
        let mut parser = TranscriptParser::with_limits(ParserLimits {
            max_diagnostics: 3,
            max_line_bytes: 16,
        });
        for _ in 0..10 {
            assert!(parser.push_line(b"garbage").is_none());
        }
        assert!(parser.push_line(b"{\"type\":\"label\",\"x\":\"long\"}").is_none());
        assert_eq!(parser.diagnostics().len(), 3);
        assert_eq!(parser.diagnostic_count(), 11);
        assert_eq!(parser.lines_seen(), 11);
        assert_eq!(parser.diagnostics()[2].offset, Some(16));
    }

    #[test]
    fn crlf_is_noted_once_and_accepted() {
        let t = parse_transcript(b"{\"type\":\"label\"}\r\n{\"type\":\"label\"}\r\n");
        assert_eq!(t.entries.len(), 2);
        assert_eq!(t.diagnostic_count, 1);
        assert_eq!(t.diagnostics[0].kind, DiagnosticKind::CrLf);
        assert!(!t.diagnostics[0].skipped);
    }

    #[test]
    fn oversized_keeps_numbering() {
        let mut parser = TranscriptParser::new();
        parser.push_oversized(100);
        parser.push_line(b"nope");
        assert_eq!(parser.diagnostics()[1].line_no, 2);
        assert_eq!(parser.diagnostics()[1].offset, Some(101));
    }
}
