//! The streaming line reader and the tail reader against simple reference implementations, plus cost checks.

mod state_support;

use std::io::Write;

use clawscope::state::{LineReader, tail::TAIL_BLOCK, tail::tail_reader, tail_lines};
use proptest::prelude::*;
use state_support::temp;

/// Reference: split on `\n`, strip one `\r`, drop blank lines; the last piece is a line only if non-blank.
fn reference_lines(data: &[u8]) -> Vec<(u64, Vec<u8>, bool)> {
    let mut out = Vec::new();
    let mut offset = 0u64;
    let pieces: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
    let last = pieces.len() - 1;
    for (i, piece) in pieces.iter().enumerate() {
        let complete = i < last;
        let body = piece.strip_suffix(b"\r").unwrap_or(piece);
        if !body.iter().all(u8::is_ascii_whitespace) {
            out.push((offset, body.to_vec(), complete));
        }
        offset += piece.len() as u64 + 1;
    }
    out
}

fn reader_lines(data: &[u8], cap: usize) -> Vec<(u64, Vec<u8>, bool)> {
    let mut r = LineReader::new(data).with_max_line(cap);
    let mut out = Vec::new();
    while let Some(l) = r.next_line().unwrap() {
        out.push((l.offset, l.bytes.to_vec(), l.complete));
    }
    out
}

fn tail_of(data: &[u8], want: usize) -> Vec<(u64, Vec<u8>)> {
    let t = tail_reader(
        std::io::Cursor::new(data.to_vec()),
        camino::Utf8Path::new("mem"),
        want,
        usize::MAX,
        |_| 1,
    )
    .unwrap();
    t.lines.into_iter().map(|l| (l.offset, l.bytes)).collect()
}

fn line_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(b"abc{}\":,0 ".to_vec()),
            1 => Just(b'\n'),
            1 => Just(b'\r'),
            1 => any::<u8>(),
        ],
        0..400,
    )
}

proptest! {
    #[test]
    fn reader_matches_reference(data in line_bytes()) {
        prop_assert_eq!(reader_lines(&data, usize::MAX), reference_lines(&data));
    }

    #[test]
    fn a_cap_drops_exactly_the_long_lines(data in line_bytes(), cap in 1usize..40) {
        // A line is dropped when its raw length (with a `\r`, without the `\n`) exceeds the cap.
        let mut want = Vec::new();
        let mut offset = 0u64;
        let pieces: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
        for (i, piece) in pieces.iter().enumerate() {
            let body = piece.strip_suffix(b"\r").unwrap_or(piece);
            if piece.len() <= cap && !body.iter().all(u8::is_ascii_whitespace) {
                want.push((offset, body.to_vec(), i + 1 < pieces.len()));
            }
            offset += piece.len() as u64 + 1;
        }
        prop_assert_eq!(reader_lines(&data, cap), want);
    }

    #[test]
    fn tail_matches_the_end_of_the_reference(data in line_bytes(), want in 1usize..20) {
        let complete: Vec<_> = reference_lines(&data)
            .into_iter()
            .filter(|l| l.2)
            .map(|(o, b, _)| (o, b))
            .collect();
        let start = complete.len().saturating_sub(want);
        prop_assert_eq!(tail_of(&data, want), complete[start..].to_vec());
    }
}

#[test]
fn tail_cost_does_not_depend_on_file_size() {
    let (_g, dir) = temp();
    let line = format!("{{\"type\":\"message\",\"pad\":\"{}\"}}\n", "x".repeat(200));
    let mut reads = Vec::new();
    for lines in [1_000usize, 100_000] {
        let path = dir.join(format!("t{lines}.jsonl"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for _ in 0..lines {
            f.write_all(line.as_bytes()).unwrap();
        }
        f.flush().unwrap();
        drop(f);
        let t = tail_lines(&path, 50, |_| 1).unwrap();
        assert_eq!(t.lines.len(), 50);
        reads.push(t.bytes_read);
    }
    assert_eq!(reads[0], reads[1]);
    assert!(reads[1] <= TAIL_BLOCK as u64);
}

#[test]
fn a_huge_line_is_skipped_with_bounded_memory() {
    // An 8 MiB line between two small ones, read with a 1 MiB cap from a generator (never materialised).
    struct Gen {
        pos: u64,
        total: u64,
    }
    impl std::io::Read for Gen {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            const HEAD: &[u8] = b"{\"a\":1}\n";
            const TAIL: &[u8] = b"{\"b\":2}\n";
            let mut n = 0;
            while n < buf.len() && self.pos < self.total {
                let p = self.pos;
                let tail_start = self.total - TAIL.len() as u64;
                buf[n] = if p < HEAD.len() as u64 {
                    HEAD[usize::try_from(p).unwrap()]
                } else if p == tail_start - 1 {
                    b'\n'
                } else if p >= tail_start {
                    TAIL[usize::try_from(p - tail_start).unwrap()]
                } else {
                    b'x'
                };
                n += 1;
                self.pos += 1;
            }
            Ok(n)
        }
    }
    const CAP: usize = 1024 * 1024;
    let long = 8 * 1024 * 1024u64;
    let total = 8 + long + 1 + 8;
    let mut r = LineReader::new(Gen { pos: 0, total }).with_max_line(CAP);
    let mut got = Vec::new();
    while let Some(l) = r.next_line().unwrap() {
        got.push((l.offset, l.bytes.to_vec()));
    }
    assert_eq!(
        got,
        vec![(0, b"{\"a\":1}".to_vec()), (8 + long + 1, b"{\"b\":2}".to_vec())]
    );
    assert_eq!(r.skipped(), 1);
    assert_eq!(r.bytes_read(), total);
    assert_eq!(
        r.diagnostics()[0].issue,
        clawscope::state::LineIssue::TooLong { len: long }
    );
    assert!(
        r.buffer_capacity() <= CAP + 2 * 64 * 1024,
        "{}",
        r.buffer_capacity()
    );
}
