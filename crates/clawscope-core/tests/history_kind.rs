//! `history_kind` (what tail readers count with) agrees with the row `HistoryBuilder` builds, for every line of
//! every committed transcript.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use clawscope_core::history::{HistoryBuilder, history_kind};
use serde_json::Value;

#[test]
fn history_kind_is_the_row_kind_for_every_committed_line() {
    let mut files = Vec::new();
    common::jsonl_files(&common::fixtures(), &mut files);
    let (mut lines, mut rows) = (0, 0);
    for file in &files {
        for line in fs::read(file).unwrap().split(|b| *b == b'\n') {
            let Ok(value) = serde_json::from_slice::<Value>(line) else {
                continue;
            };
            let kind = history_kind(&value);
            assert_eq!(
                kind,
                HistoryBuilder::new().row(&value).map(|r| r.kind),
                "{}: {}",
                file.display(),
                String::from_utf8_lossy(line)
            );
            lines += 1;
            rows += usize::from(kind.is_some());
        }
    }
    assert!(
        files.len() >= 15 && lines > 200 && rows > 100,
        "{} files, {lines} lines, {rows} rows",
        files.len()
    );
}
