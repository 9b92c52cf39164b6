//! `clawscope events <key> [--follow]`: the events of a transcript, and new ones as they are appended.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::Duration;

use camino::Utf8PathBuf;
use clawscope::history::{HistoryBuilder, HistoryRow};
use clawscope::state_detail::EventQuery;

use crate::cli::EventsArgs;
use crate::data::Source;
use crate::failure::{CmdResult, Failure};

/// How often `--follow` looks for new lines.
const POLL: Duration = Duration::from_millis(200);

/// One event as a tab-separated line: time, kind, role, tool, status, content (as a page cell).
pub(crate) fn format_row(row: &HistoryRow) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        row.timestamp.as_deref().unwrap_or("-"),
        row.kind.as_str(),
        row.role,
        row.tool_name.as_deref().unwrap_or("-"),
        row.tool_status.map_or("-", |s| s.as_str()),
        row.page_cell()
    )
}

fn render(row: &HistoryRow, json: bool) -> Result<String, Failure> {
    Ok(if json {
        serde_json::to_string(row)?
    } else {
        format_row(row)
    })
}

/// Reads the lines appended to a file since an offset; only complete lines (ending in `\n`) are returned, a
/// partial last line waits for its end.
#[derive(Debug)]
pub(crate) struct LineFollower {
    path: Utf8PathBuf,
    offset: u64,
    pending: Vec<u8>,
}

impl LineFollower {
    /// Follows `path` from byte `offset`.
    pub(crate) fn new(path: Utf8PathBuf, offset: u64) -> Self {
        LineFollower {
            path,
            offset,
            pending: Vec::new(),
        }
    }

    /// The complete lines appended since the last call (without their `\n`). A file that shrank (rewritten) is
    /// followed from its new end.
    pub(crate) fn poll(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let mut file = File::open(&self.path)?;
        let len = file.metadata()?.len();
        if len < self.offset {
            self.offset = len;
            self.pending.clear();
        }
        if len == self.offset {
            return Ok(Vec::new());
        }
        file.seek(SeekFrom::Start(self.offset))?;
        let mut fresh = Vec::new();
        file.take(len - self.offset).read_to_end(&mut fresh)?;
        self.offset += fresh.len() as u64;
        self.pending.extend_from_slice(&fresh);
        let mut lines = Vec::new();
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let mut line: Vec<u8> = self.pending.drain(..=end).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            lines.push(line);
        }
        Ok(lines)
    }
}

fn emit(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Prints the latest events, then (with `--follow`) new ones until interrupted or stdout closes.
pub(crate) fn run(args: &EventsArgs) -> CmdResult {
    let source = Source::open(&args.state_args)?;
    let state = source.state();
    // The size is taken before the first read, so nothing appended in between is lost.
    let follow_from = if args.follow {
        let session = state.find_session(&args.key)?;
        let transcript = state.transcript(&session)?;
        let path = transcript.path().to_owned();
        let len = std::fs::metadata(&path)
            .map_err(|e| clawscope::Error::io("stat", &path, e))?
            .len();
        Some((path, len))
    } else {
        None
    };
    let query = EventQuery {
        limit: args.limit,
        ..EventQuery::default()
    };
    for row in state.events(&args.key, &query)? {
        if let Err(e) = emit(&render(&row, args.json)?) {
            return closed_or(e);
        }
    }
    let Some((path, offset)) = follow_from else {
        return Ok(0);
    };
    let mut follower = LineFollower::new(path.clone(), offset);
    let mut builder = HistoryBuilder::new();
    loop {
        let lines = follower
            .poll()
            .map_err(|e| clawscope::Error::io("read", &path, e))?;
        for line in lines {
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&line) else {
                continue;
            };
            if let Some(row) = builder.row(&value)
                && let Err(e) = emit(&render(&row, args.json)?)
            {
                return closed_or(e);
            }
        }
        std::thread::sleep(POLL);
    }
}

/// A closed stdout (`| head`) ends the command normally.
fn closed_or(e: io::Error) -> CmdResult {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(0)
    } else {
        Err(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_complete_lines_are_returned() {
        let dir = tempfile::tempdir().unwrap();
        let path = Utf8PathBuf::from_path_buf(dir.path().join("t.jsonl")).unwrap();
        std::fs::write(&path, "old\n").unwrap();
        let mut f = LineFollower::new(path.clone(), 4);
        assert!(f.poll().unwrap().is_empty());
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"one\ntw").unwrap();
        assert_eq!(f.poll().unwrap(), vec![b"one".to_vec()]);
        file.write_all(b"o\r\n").unwrap();
        assert_eq!(f.poll().unwrap(), vec![b"two".to_vec()]);
        std::fs::write(&path, "x\n").unwrap();
        assert!(f.poll().unwrap().is_empty());
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"y\n")
            .unwrap();
        assert_eq!(f.poll().unwrap(), vec![b"y".to_vec()]);
    }

    #[test]
    fn rows_are_tab_separated() {
        let line = serde_json::json!({"type":"message","timestamp":"2026-04-02T07:42:40.712Z",
            "message":{"role":"assistant","content":[{"type":"text","text":"hi\n there"}]}});
        let row = HistoryBuilder::new().row(&line).unwrap();
        assert_eq!(
            format_row(&row),
            "2026-04-02T07:42:40.712Z\tmessage\tassistant\t-\t-\thi there"
        );
    }
}
