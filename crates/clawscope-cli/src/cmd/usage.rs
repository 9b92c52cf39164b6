//! `clawscope usage`: tokens and cost from the recorded usage.

use std::collections::BTreeMap;

use clawscope::state_detail::UsageQuery;
use clawscope::usage::{UsageReport, UsageTotals};
use serde::Serialize;

use crate::cli::{UsageArgs, UsageBy};
use crate::cmd::sessions::format_cost;
use crate::data::{Source, now_ms};
use crate::failure::CmdResult;
use crate::output::{colour_enabled, print_json, print_text, table};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The first UTC day of the last `days` days (today included), `YYYY-MM-DD`.
pub(crate) fn since_day(now_ms: i64, days: u32) -> Option<String> {
    let start = now_ms.checked_sub(i64::from(days.saturating_sub(1)).checked_mul(DAY_MS)?)?;
    clawscope::time::iso_millis(start).and_then(|iso| iso.get(..10).map(str::to_owned))
}

fn groups(report: &UsageReport, by: UsageBy) -> &BTreeMap<String, UsageTotals> {
    match by {
        UsageBy::Agent => &report.by_agent,
        UsageBy::Model => &report.by_model,
        UsageBy::Provider => &report.by_provider,
        UsageBy::Day => &report.by_day,
    }
}

fn by_name(by: UsageBy) -> &'static str {
    match by {
        UsageBy::Agent => "agent",
        UsageBy::Model => "model",
        UsageBy::Provider => "provider",
        UsageBy::Day => "day",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UsageView<'a> {
    by: &'static str,
    since_day: Option<String>,
    totals: &'a UsageTotals,
    groups: &'a BTreeMap<String, UsageTotals>,
}

fn row(name: &str, t: &UsageTotals) -> Vec<String> {
    vec![
        name.to_owned(),
        t.requests.to_string(),
        t.input.to_string(),
        t.output.to_string(),
        t.cache_read.to_string(),
        t.cache_write.to_string(),
        t.total_tokens.to_string(),
        format_cost(t.cost),
    ]
}

/// Prints the usage report grouped by `--by`.
pub(crate) fn run(args: &UsageArgs) -> CmdResult {
    let source = Source::open(&args.state_args)?;
    let since = args.days.and_then(|d| since_day(now_ms(), d));
    let query = UsageQuery {
        since_day: since.clone(),
        ..UsageQuery::default()
    };
    let report = source.state().usage(&query)?;
    let grouped = groups(&report, args.by);
    if args.json.json {
        print_json(&UsageView {
            by: by_name(args.by),
            since_day: since,
            totals: &report.totals,
            groups: grouped,
        })?;
        return Ok(0);
    }
    let mut rows: Vec<Vec<String>> = grouped.iter().map(|(k, t)| row(k, t)).collect();
    rows.push(row("total", &report.totals));
    let header = [by_name(args.by).to_uppercase()];
    let mut cols: Vec<&str> = vec![header[0].as_str()];
    cols.extend([
        "REQUESTS",
        "INPUT",
        "OUTPUT",
        "CACHE READ",
        "CACHE WRITE",
        "TOTAL TOKENS",
        "COST",
    ]);
    print_text(&table(&cols, &rows, colour_enabled()))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_day_counts_today() {
        let now = clawscope::time::parse_iso_millis("2026-04-19T13:28:38.791Z").unwrap();
        assert_eq!(since_day(now, 1).as_deref(), Some("2026-04-19"));
        assert_eq!(since_day(now, 7).as_deref(), Some("2026-04-13"));
        assert_eq!(since_day(now, 30).as_deref(), Some("2026-03-21"));
    }
}
