//! Reading the sub-agent run registry: `subagents/runs.json` (file era, `openclaw-formats.md` §2.6) and the
//! `subagent_runs` table of `state/openclaw.sqlite` (2026.7.1 and 2026.9.6, §7).
//!
//! Table used: `subagent_runs(run_id, child_session_key, controller_session_key, requester_session_key,
//! created_at, payload_json)`; `run_id` and `child_session_key` are required, the other columns are read only when
//! `PRAGMA table_info` lists them.

use camino::{Utf8Path, Utf8PathBuf};
use rusqlite::types::ValueRef;

use super::StateDir;
use super::sqlite::{columns, ident, open_read_only, sql_err};
use clawscope_core::run_registry::{
    RunDiagnostic, RunRegistry, SubagentRun, SubagentRunRow, parse_runs_json,
};
use clawscope_core::{Error, Result};

/// `<stateDir>/subagents/runs.json`.
pub fn runs_json_path(state: &StateDir) -> Utf8PathBuf {
    state.path().join("subagents").join("runs.json")
}

/// `<stateDir>/state/openclaw.sqlite`.
pub fn state_db_path(state: &StateDir) -> Utf8PathBuf {
    state.path().join("state").join("openclaw.sqlite")
}

/// Reads `runs.json` (a missing file is an empty registry; a corrupt one is `STORE_CORRUPT` with its path).
pub fn read_runs_json(path: &Utf8Path) -> Result<RunRegistry> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(RunRegistry::default()),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    parse_runs_json(&bytes).map_err(|e| match e {
        Error::StoreCorrupt { reason, .. } => Error::StoreCorrupt {
            path: path.to_string(),
            reason,
        },
        other => other,
    })
}

fn text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Integer(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads the `subagent_runs` table (a missing database or table is an empty registry).
pub fn read_runs_sqlite(path: &Utf8Path) -> Result<RunRegistry> {
    if !path.is_file() {
        return Ok(RunRegistry::default());
    }
    let conn = open_read_only(path)?;
    let cols = columns(&conn, path, "subagent_runs")?;
    if cols.is_empty() {
        return Ok(RunRegistry::default());
    }
    for required in ["run_id", "child_session_key"] {
        if !cols.iter().any(|c| c == required) {
            return Err(Error::StoreCorrupt {
                path: path.to_string(),
                reason: format!("table subagent_runs has no column {required}"),
            });
        }
    }
    let optional = [
        "controller_session_key",
        "requester_session_key",
        "created_at",
        "payload_json",
    ];
    let select: Vec<String> = ["run_id", "child_session_key"]
        .into_iter()
        .chain(optional)
        .map(|c| {
            if cols.iter().any(|x| x == c) {
                ident(c)
            } else {
                "NULL".to_owned()
            }
        })
        .collect();
    let sql = format!("SELECT {} FROM subagent_runs ORDER BY rowid", select.join(", "));
    let mut stmt = conn.prepare(&sql).map_err(sql_err(path))?;
    let mut rows = stmt.query([]).map_err(sql_err(path))?;
    let mut reg = RunRegistry::default();
    let mut position = 0usize;
    while let Some(row) = rows.next().map_err(sql_err(path))? {
        position += 1;
        let get = |i: usize| row.get_ref(i).map(text).map_err(sql_err(path));
        let run_id = get(0)?.filter(|s| !s.trim().is_empty());
        let child = get(1)?.filter(|s| !s.trim().is_empty());
        let (Some(run_id), Some(child_session_key)) = (run_id, child) else {
            reg.diagnostics.push(RunDiagnostic {
                run_id: format!("#{position}"),
                reason: "row without run_id or child_session_key".to_owned(),
            });
            continue;
        };
        let created_at = match row.get_ref(4).map_err(sql_err(path))? {
            ValueRef::Integer(n) => Some(n),
            ValueRef::Real(f) if f.is_finite() && f.abs() < 9.0e18 => {
                #[allow(clippy::cast_possible_truncation)]
                let n = f.trunc() as i64;
                Some(n)
            }
            _ => None,
        };
        let record = SubagentRunRow {
            controller_session_key: get(2)?,
            requester_session_key: get(3)?,
            created_at,
            payload_json: get(5)?,
            run_id: run_id.clone(),
            child_session_key,
        };
        match SubagentRun::from_row(&record) {
            Ok(run) => reg.runs.push(run),
            Err(reason) => reg.diagnostics.push(RunDiagnostic { run_id, reason }),
        }
    }
    Ok(reg)
}

pub(crate) fn read(state: &StateDir) -> Result<RunRegistry> {
    let mut reg = read_runs_json(&runs_json_path(state))?;
    let from_sqlite = read_runs_sqlite(&state_db_path(state))?;
    for run in from_sqlite.runs {
        match reg.runs.iter_mut().find(|r| r.run_id == run.run_id) {
            Some(slot) => *slot = run,
            None => reg.runs.push(run),
        }
    }
    reg.diagnostics.extend(from_sqlite.diagnostics);
    Ok(reg)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn missing_sources_are_empty_and_corrupt_files_name_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8Path::from_path(dir.path()).unwrap();
        assert!(read_runs_json(&root.join("runs.json")).unwrap().runs.is_empty());
        assert!(
            read_runs_sqlite(&root.join("openclaw.sqlite"))
                .unwrap()
                .runs
                .is_empty()
        );
        std::fs::write(root.join("runs.json"), "[]").unwrap();
        let err = read_runs_json(&root.join("runs.json")).unwrap_err();
        assert_eq!(err.code().as_str(), "STORE_CORRUPT");
        assert!(err.to_string().contains(root.join("runs.json").as_str()));
    }

    #[test]
    fn a_database_without_the_table_is_empty_and_a_bad_table_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let db = Utf8Path::from_path(dir.path()).unwrap().join("openclaw.sqlite");
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE other (x);").unwrap();
        drop(c);
        assert!(read_runs_sqlite(&db).unwrap().runs.is_empty());
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE subagent_runs (run_id TEXT);")
            .unwrap();
        drop(c);
        assert_eq!(
            read_runs_sqlite(&db).unwrap_err().code().as_str(),
            "STORE_CORRUPT"
        );
    }

    #[test]
    fn sqlite_runs_replace_file_runs_with_the_same_id() {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8Path::from_path(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("subagents")).unwrap();
        std::fs::write(
            root.join("subagents/runs.json"),
            r#"{"version":2,"runs":{"r1":{"childSessionKey":"agent:a:subagent:1","task":"from file"},
                                     "r2":{"childSessionKey":"agent:a:subagent:2"}}}"#,
        )
        .unwrap();
        std::fs::create_dir_all(root.join("state")).unwrap();
        let c = rusqlite::Connection::open(root.join("state/openclaw.sqlite")).unwrap();
        c.execute_batch(
            "CREATE TABLE subagent_runs (run_id TEXT, child_session_key TEXT, payload_json TEXT);
             INSERT INTO subagent_runs VALUES ('r1', 'agent:a:subagent:1', '{\"task\":\"from sqlite\"}');
             INSERT INTO subagent_runs VALUES ('r3', 'agent:a:subagent:3', NULL);",
        )
        .unwrap();
        drop(c);
        let state = StateDir::open(root).unwrap();
        let runs = read(&state).unwrap().runs;
        let got: Vec<_> = runs
            .iter()
            .map(|r| (r.run_id.as_str(), r.task.as_deref()))
            .collect();
        assert_eq!(got, [("r1", Some("from sqlite")), ("r2", None), ("r3", None)]);
    }
}
