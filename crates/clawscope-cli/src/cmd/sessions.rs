//! `clawscope sessions`: a table of sessions.

use std::collections::BTreeMap;

use clawscope::state_detail::{SessionSummary, UsageQuery};
use clawscope::usage::UsageTotals;
use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::SessionsArgs;
use crate::data::{ListQuery, Source};
use crate::failure::CmdResult;
use crate::output::{colour_enabled, print_json, print_text, table};

/// History events read per session for the counts (the library's maximum).
const EVENTS_READ: usize = 200;

/// One row: the library's summary plus the recorded usage.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    #[serde(flatten)]
    summary: &'a SessionSummary,
    /// Tokens (input + output + cache) from the recorded usage.
    tokens: u64,
    /// Cost in USD from the recorded usage.
    cost: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Listing<'a> {
    total: usize,
    page: usize,
    page_size: usize,
    items: Vec<Row<'a>>,
}

/// Formats a cost in USD.
pub(crate) fn format_cost(cost: f64) -> String {
    if cost == 0.0 {
        "0".into()
    } else {
        format!("${cost:.4}")
    }
}

/// Lists sessions, newest activity first.
pub(crate) fn run(args: &SessionsArgs) -> CmdResult {
    let source = Source::open(&args.state_args)?;
    let query = ListQuery {
        agent_id: args.agent.clone(),
        state: args.state.clone(),
        q: args.q.clone(),
        page: args.page,
        page_size: args.page_size,
        history_limit: EVENTS_READ,
    };
    let page = source.list(&query)?;
    let usage = source.state().usage(&UsageQuery::default())?;
    let zero = UsageTotals::default();
    let by_session: &BTreeMap<String, UsageTotals> = &usage.by_session;
    let rows: Vec<Row<'_>> = page
        .items
        .iter()
        .map(|s| {
            let u = by_session.get(&s.session_key).unwrap_or(&zero);
            Row {
                summary: s,
                tokens: u.total_tokens,
                cost: u.cost,
            }
        })
        .collect();
    if args.json.json {
        return print_json(&Listing {
            total: page.total,
            page: args.page,
            page_size: args.page_size,
            items: rows,
        })
        .map(|()| 0);
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let s = r.summary;
            let events = if s.history_count >= EVENTS_READ {
                format!("{EVENTS_READ}+")
            } else {
                s.history_count.to_string()
            };
            vec![
                s.session_key.clone(),
                s.agent_id.clone(),
                s.state.as_str().to_owned(),
                s.last_activity_at
                    .clone()
                    .or_else(|| s.last_message_at.clone())
                    .unwrap_or_else(|| "-".into()),
                events,
                r.tokens.to_string(),
                format_cost(r.cost),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "KEY",
            "AGENT",
            "STATE",
            "LAST ACTIVITY",
            "EVENTS",
            "TOKENS",
            "COST",
        ],
        &cells,
        colour_enabled(),
    );
    let shown = cells.len();
    let first = if shown == 0 {
        0
    } else {
        (args.page - 1) * args.page_size + 1
    };
    let _ = writeln!(
        out,
        "{} session{}; showing {}-{}",
        page.total,
        if page.total == 1 { "" } else { "s" },
        first,
        first + shown.saturating_sub(1).min(shown)
    );
    print_text(&out)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_are_short() {
        assert_eq!(format_cost(0.0), "0");
        assert_eq!(format_cost(0.123_456), "$0.1235");
    }
}
