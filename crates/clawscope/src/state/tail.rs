//! Reading the newest lines of a transcript backwards, in blocks, with a cost that depends on how much is wanted,
//! not on the file size.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use camino::Utf8Path;
use serde::Serialize;

use super::lines::DEFAULT_MAX_LINE_BYTES;
use clawscope_core::{Error, Result};

/// The backwards read block size.
pub const TAIL_BLOCK: usize = 64 * 1024;

/// One line found by a tail read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TailLine {
    /// Byte offset of the line start (or SQLite `seq`).
    pub offset: u64,
    /// The line without its terminator (`\r` removed).
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// How many events the counting closure said this line yields (at least 1).
    pub events: usize,
}

/// The result of a tail read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tail {
    /// Lines that yield at least one event, oldest first. Lines yielding none are not kept.
    pub lines: Vec<TailLine>,
    /// Sum of `events` over `lines` (may exceed the number wanted by the events of the oldest line).
    pub events: usize,
    /// Whether the start of the file (or the first row) was reached: there is nothing older.
    pub reached_start: bool,
    /// Bytes read.
    pub bytes_read: u64,
    /// Lines skipped because they were longer than the cap.
    pub skipped_long_lines: u64,
    /// Bytes of a half-written last line (no trailing newline) that were ignored.
    pub ignored_partial_bytes: u64,
}

/// The unterminated start of a line, collected backwards block by block.
#[derive(Default)]
struct Carry {
    /// Segments in reverse file order (the last one is the earliest in the file).
    segments: Vec<Vec<u8>>,
    len: usize,
}

impl Carry {
    fn push_front(&mut self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.len += bytes.len();
            self.segments.push(bytes.to_vec());
        }
    }

    fn clear(&mut self) {
        self.segments.clear();
        self.len = 0;
    }

    /// `prefix` followed by the collected bytes, in file order; empties the carry.
    fn take_with_prefix(&mut self, prefix: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(prefix.len() + self.len);
        out.extend_from_slice(prefix);
        for segment in self.segments.iter().rev() {
            out.extend_from_slice(segment);
        }
        self.clear();
        out
    }
}

/// The newest lines of `path` that together yield at least `want` events, reading backwards in
/// [`TAIL_BLOCK`]-byte blocks and stopping as soon as enough events are collected.
///
/// `count_events` says how many events a line yields (use `|_| 1` to count lines). A last line without a trailing
/// newline is still being written and is ignored; blank lines are skipped; a line longer than 64 MiB is skipped
/// (counted in [`Tail::skipped_long_lines`]). `want == 0` reads nothing.
///
/// ```
/// # fn main() -> clawscope::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("t.jsonl")).unwrap();
/// std::fs::write(&path, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4,").unwrap();
/// let tail = clawscope::state::tail_lines(&path, 2, |_| 1)?;
/// let texts: Vec<_> = tail.lines.iter().map(|l| String::from_utf8_lossy(&l.bytes).into_owned()).collect();
/// assert_eq!(texts, ["{\"n\":2}", "{\"n\":3}"]);
/// assert_eq!(tail.ignored_partial_bytes, 7);
/// # Ok(()) }
/// ```
pub fn tail_lines(path: &Utf8Path, want: usize, count_events: impl FnMut(&[u8]) -> usize) -> Result<Tail> {
    let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    tail_reader(file, path, want, DEFAULT_MAX_LINE_BYTES, count_events)
}

/// [`tail_lines`] over any seekable reader, with an explicit line cap.
pub fn tail_reader<R: Read + Seek>(
    mut reader: R,
    path: &Utf8Path,
    want: usize,
    max_line: usize,
    mut count_events: impl FnMut(&[u8]) -> usize,
) -> Result<Tail> {
    let mut tail = Tail::default();
    if want == 0 {
        return Ok(tail);
    }
    let len = reader
        .seek(SeekFrom::End(0))
        .map_err(|e| Error::io("seek", path, e))?;
    if len == 0 {
        // An empty file: there is nothing older to read.
        tail.reached_start = true;
        return Ok(tail);
    }
    // `carry` holds the bytes of the current line whose start is not found yet, as blocks in reverse file order
    // (joined once, when the line is complete, so a long line costs linear time).
    let mut carry = Carry::default();
    let mut pos = len;
    // Until the first newline from the end is seen, bytes belong to a half-written last line.
    let mut seen_last_newline = false;
    // While skipping an over-long line, its bytes are dropped instead of kept.
    let mut skipping = false;
    // Length of the half-written last line seen so far (never buffered).
    let mut partial: u64 = 0;
    let mut collected: Vec<TailLine> = Vec::new();
    let mut block = vec![0u8; TAIL_BLOCK];

    let mut accept = |offset: u64, raw: &[u8], tail: &mut Tail, collected: &mut Vec<TailLine>| -> bool {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.iter().all(u8::is_ascii_whitespace) {
            return false;
        }
        let n = count_events(line);
        if n > 0 {
            tail.events += n;
            collected.push(TailLine {
                offset,
                bytes: line.to_vec(),
                events: n,
            });
        }
        tail.events >= want
    };

    'outer: while pos > 0 {
        let step = usize::try_from(pos).map_or(TAIL_BLOCK, |p| p.min(TAIL_BLOCK));
        pos -= step as u64;
        let chunk = block.get_mut(..step).unwrap_or_default();
        reader
            .seek(SeekFrom::Start(pos))
            .map_err(|e| Error::io("seek", path, e))?;
        reader.read_exact(chunk).map_err(|e| Error::io("read", path, e))?;
        tail.bytes_read += step as u64;
        // Scan this chunk backwards for newlines.
        let mut end = step;
        while let Some(i) = memchr::memrchr(b'\n', chunk.get(..end).unwrap_or_default()) {
            let piece = chunk.get(i + 1..end).unwrap_or_default();
            let line_offset = pos + i as u64 + 1;
            if !seen_last_newline {
                seen_last_newline = true;
                tail.ignored_partial_bytes = piece.len() as u64 + partial;
            } else if skipping {
                skipping = false;
                tail.skipped_long_lines += 1;
                carry.clear();
            } else if carry.len == 0 {
                if accept(line_offset, piece, &mut tail, &mut collected) {
                    break 'outer;
                }
            } else {
                let whole = carry.take_with_prefix(piece);
                if accept(line_offset, &whole, &mut tail, &mut collected) {
                    break 'outer;
                }
            }
            end = i;
        }
        // The rest of the chunk is the end part of a line that starts earlier.
        let rest = chunk.get(..end).unwrap_or_default();
        if !seen_last_newline {
            partial += rest.len() as u64;
        } else if skipping {
            // Still inside an over-long line: its bytes are dropped.
        } else if carry.len + rest.len() > max_line {
            skipping = true;
            carry.clear();
        } else {
            carry.push_front(rest);
        }
        if pos == 0 {
            tail.reached_start = true;
            if !seen_last_newline {
                // The whole file is one unterminated line.
                tail.ignored_partial_bytes = partial;
            } else if skipping {
                tail.skipped_long_lines += 1;
            } else if carry.len > 0 {
                let first = carry.take_with_prefix(&[]);
                accept(0, &first, &mut tail, &mut collected);
            }
        }
    }
    collected.reverse();
    tail.lines = collected;
    Ok(tail)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn run(data: &[u8], want: usize, cap: usize) -> Tail {
        tail_reader(Cursor::new(data.to_vec()), Utf8Path::new("mem"), want, cap, |_| 1).unwrap()
    }

    fn texts(t: &Tail) -> Vec<String> {
        t.lines
            .iter()
            .map(|l| String::from_utf8_lossy(&l.bytes).into_owned())
            .collect()
    }

    #[test]
    fn whole_small_file() {
        let t = run(b"a\nb\r\n\nc\n", 10, 100);
        assert_eq!(texts(&t), ["a", "b", "c"]);
        assert_eq!(t.lines.iter().map(|l| l.offset).collect::<Vec<_>>(), [0, 2, 6]);
        assert!(t.reached_start);
        assert_eq!(t.ignored_partial_bytes, 0);
    }

    #[test]
    fn empty_file_reached_its_start() {
        let t = run(b"", 5, 100);
        assert!(t.lines.is_empty());
        assert!(t.reached_start);
        assert_eq!(t.bytes_read, 0);
    }

    #[test]
    fn unterminated_file_yields_nothing() {
        let t = run(b"only partial", 5, 100);
        assert!(t.lines.is_empty());
        assert_eq!(t.ignored_partial_bytes, 12);
    }

    #[test]
    fn lines_across_blocks_and_offsets() {
        let mut data = Vec::new();
        let mut offsets = Vec::new();
        for i in 0..5000 {
            offsets.push(data.len() as u64);
            data.extend(format!("{{\"i\":{i},\"pad\":\"{}\"}}\n", "p".repeat(i % 97)).as_bytes());
        }
        let t = run(&data, 3000, DEFAULT_MAX_LINE_BYTES);
        assert_eq!(t.lines.len(), 3000);
        assert_eq!(t.lines[0].offset, offsets[2000]);
        assert!(String::from_utf8_lossy(&t.lines[0].bytes).starts_with("{\"i\":2000,"));
        assert!(!t.reached_start);
        let all = run(&data, 10_000, DEFAULT_MAX_LINE_BYTES);
        assert_eq!(all.lines.len(), 5000);
        assert!(all.reached_start);
    }

    #[test]
    fn reads_only_what_is_needed() {
        let line = format!("{}\n", "x".repeat(99));
        let data = line.repeat(100_000); // 10 MB
        let t = run(data.as_bytes(), 10, DEFAULT_MAX_LINE_BYTES);
        assert_eq!(t.lines.len(), 10);
        assert_eq!(t.bytes_read, TAIL_BLOCK as u64);
    }

    #[test]
    fn long_lines_are_skipped() {
        let mut data = b"first\n".to_vec();
        data.extend(vec![b'L'; 3 * TAIL_BLOCK]);
        data.extend(b"\nlast\n");
        let t = run(&data, 10, 1000);
        assert_eq!(texts(&t), ["first", "last"]);
        assert_eq!(t.skipped_long_lines, 1);
        // A long first line.
        let mut data = vec![b'L'; 3 * TAIL_BLOCK];
        data.extend(b"\nlast\n");
        let t = run(&data, 10, 1000);
        assert_eq!(texts(&t), ["last"]);
        assert_eq!(t.skipped_long_lines, 1);
    }

    #[test]
    fn event_counts_and_zero_event_lines() {
        let t = tail_reader(
            Cursor::new(b"e3\nnone\ne2\n".to_vec()),
            Utf8Path::new("mem"),
            4,
            100,
            |l| match l {
                b"e3" => 3,
                b"e2" => 2,
                _ => 0,
            },
        )
        .unwrap();
        assert_eq!(texts(&t), ["e3", "e2"]);
        assert_eq!(t.events, 5);
        assert_eq!(run(b"a\n", 0, 10).bytes_read, 0);
    }
}
