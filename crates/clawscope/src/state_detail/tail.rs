//! Reading the end of a transcript backwards, block by block, until enough history events are found.
//!
//! Local adapter: the `sess-io` branch owns the shared tail reader; this one is kept private to the detail
//! orchestration until that one is merged.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use camino::Utf8Path;
use serde_json::Value;

use crate::{Error, Result};

/// Block size of the backwards reader.
const BLOCK: u64 = 64 * 1024;
/// Lines longer than this are skipped (bounded memory); they are reported in `skipped`.
pub(crate) const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// The tail of a transcript.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    /// Parsed lines, oldest first.
    pub lines: Vec<Value>,
    /// Lines that were not valid JSON objects or too long.
    pub skipped: usize,
    /// Whether the whole file was read.
    pub reached_start: bool,
}

/// Reads lines from the end of `path` until `want` lines satisfying `counts` were collected (or the file start
/// is reached). Cost depends on the size of those lines, not on the size of the file.
pub(crate) fn tail_lines(path: &Utf8Path, want: usize, counts: impl Fn(&Value) -> bool) -> Result<Tail> {
    let mut file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let len = file.metadata().map_err(|e| Error::io("stat", path, e))?.len();
    let mut tail = Tail::default();
    let mut newest_first: Vec<Value> = Vec::new();
    let mut found = 0usize;
    // Bytes of the (possibly partial) line that continues beyond the block being read, in file order.
    let mut carry: Vec<u8> = Vec::new();
    let mut carry_overflow = false;
    let mut pos = len;
    let mut buf = vec![0u8; usize::try_from(BLOCK).unwrap_or(65_536)];
    while pos > 0 && found < want {
        let start = pos.saturating_sub(BLOCK);
        let n = usize::try_from(pos - start).unwrap_or(0);
        file.seek(SeekFrom::Start(start))
            .map_err(|e| Error::io("seek", path, e))?;
        let chunk = &mut buf[..n];
        file.read_exact(chunk).map_err(|e| Error::io("read", path, e))?;
        pos = start;
        let mut end = n;
        // Walk the newlines of this block from the back.
        while let Some(nl) = memchr::memrchr(b'\n', &chunk[..end]) {
            let piece = &chunk[nl + 1..end];
            end = nl;
            let line = take_line(piece, &carry, carry_overflow);
            if let Some(line) = line {
                match parse(&line) {
                    Some(v) => {
                        if counts(&v) {
                            found += 1;
                        }
                        newest_first.push(v);
                    }
                    None => tail.skipped += 1,
                }
            } else if carry_overflow {
                tail.skipped += 1;
            }
            carry.clear();
            carry_overflow = false;
            if found >= want {
                break;
            }
        }
        if found >= want {
            break;
        }
        // The rest of the block belongs to a line that starts in an earlier block.
        prepend(&mut carry, &chunk[..end], &mut carry_overflow);
    }
    if found < want && pos == 0 {
        tail.reached_start = true;
        if carry_overflow {
            tail.skipped += 1;
        } else if !carry.iter().all(u8::is_ascii_whitespace) {
            match parse(&carry) {
                Some(v) => newest_first.push(v),
                None => tail.skipped += 1,
            }
        }
    }
    newest_first.reverse();
    tail.lines = newest_first;
    Ok(tail)
}

fn take_line(piece: &[u8], carry: &[u8], overflow: bool) -> Option<Vec<u8>> {
    if overflow {
        return None;
    }
    let mut line = Vec::with_capacity(piece.len() + carry.len());
    line.extend_from_slice(piece);
    line.extend_from_slice(carry);
    // Blank lines are not lines.
    (!line.iter().all(u8::is_ascii_whitespace)).then_some(line)
}

fn prepend(carry: &mut Vec<u8>, bytes: &[u8], overflow: &mut bool) {
    if *overflow {
        return;
    }
    if carry.len() + bytes.len() > MAX_LINE_BYTES {
        carry.clear();
        *overflow = true;
        return;
    }
    let mut joined = Vec::with_capacity(carry.len() + bytes.len());
    joined.extend_from_slice(bytes);
    joined.extend_from_slice(carry);
    *carry = joined;
}

fn parse(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(lines: &[String], trailing_newline: bool) -> (tempfile::TempDir, camino::Utf8PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("t.jsonl")).expect("utf8");
        let mut f = File::create(&path).expect("create");
        let body = lines.join("\n");
        f.write_all(body.as_bytes()).expect("write");
        if trailing_newline {
            f.write_all(b"\n").expect("write");
        }
        (dir, path)
    }

    fn line(i: usize, pad: usize) -> String {
        format!(
            "{{\"type\":\"message\",\"n\":{i},\"pad\":\"{}\"}}",
            "x".repeat(pad)
        )
    }

    #[test]
    fn returns_the_last_lines_across_blocks() {
        let lines: Vec<String> = (0..120).map(|i| line(i, 2000)).collect();
        for trailing in [true, false] {
            let (_d, p) = write(&lines, trailing);
            let tail = tail_lines(&p, 10, |_| true).expect("tail");
            let ns: Vec<u64> = tail.lines.iter().filter_map(|v| v["n"].as_u64()).collect();
            assert_eq!(ns, (110..120).collect::<Vec<u64>>());
            assert!(!tail.reached_start);
        }
    }

    #[test]
    fn counts_only_matching_lines_and_reads_to_the_start() {
        let mut lines: Vec<String> = (0..5).map(|i| line(i, 10)).collect();
        lines.insert(2, "{not json".to_owned());
        lines.insert(0, "\u{0}\u{0}".to_owned());
        let (_d, p) = write(&lines, true);
        let tail = tail_lines(&p, 100, |v| v["n"].as_u64().is_some_and(|n| n % 2 == 0)).expect("tail");
        assert_eq!(tail.lines.len(), 5);
        assert!(tail.reached_start);
        assert_eq!(tail.skipped, 2);
    }

    #[test]
    fn a_line_longer_than_a_block_is_reassembled() {
        let lines = vec![line(0, 10), line(1, 200_000), line(2, 10)];
        let (_d, p) = write(&lines, true);
        let tail = tail_lines(&p, 2, |_| true).expect("tail");
        assert_eq!(tail.lines.len(), 2);
        assert_eq!(tail.lines[0]["pad"].as_str().map(str::len), Some(200_000));
    }

    #[test]
    fn a_missing_file_is_an_error_with_a_code() {
        let err = tail_lines(Utf8Path::new("/nonexistent/clawscope/x.jsonl"), 1, |_| true).err();
        assert_eq!(err.map(|e| e.code()), Some(crate::ErrorCode::NotFound));
    }
}
