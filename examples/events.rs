//! Prints the latest events of a session's transcript, oldest first.
//!
//! `cargo run -p clawscope-examples --example events [STATE_DIR] [KEY] [N]`

use clawscope::state::StateDir;
use clawscope::state_detail::EventQuery;
use clawscope_examples::{SEED_KEY, line, main_with, sample_state_dir};

fn run(out: &mut dyn std::io::Write, args: &[String]) -> clawscope::Result<()> {
    let dir = args.first().cloned().unwrap_or_else(sample_state_dir);
    let key = args.get(1).map_or(SEED_KEY, String::as_str);
    let limit = match args.get(2) {
        Some(n) => n
            .parse()
            .map_err(|_| clawscope::Error::invalid_argument("N", "not a number"))?,
        None => 5,
    };
    let state = StateDir::open(dir.as_str())?;
    for row in state.events(
        key,
        &EventQuery {
            limit,
            ..EventQuery::default()
        },
    )? {
        let tool = row.tool_name.as_deref().unwrap_or("-");
        let status = row.tool_status.map_or("-", |s| s.as_str());
        let text: String = row.content.chars().take(60).collect();
        line(
            out,
            &format!(
                "{} {} {} {tool} {status} {text}",
                row.timestamp.as_deref().unwrap_or("-"),
                row.kind.as_str(),
                row.role
            ),
        )?;
    }
    Ok(())
}

fn main() {
    main_with(run);
}

#[cfg(test)]
mod tests {
    #[test]
    fn prints_the_last_events_of_the_seed() {
        let mut out = Vec::new();
        super::run(&mut out, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert_eq!(
            lines[4],
            "2026-04-02T07:42:40.712Z message assistant - - 已回复。请刷新页面试试。"
        );
        assert!(
            lines[3].starts_with("2026-04-02T07:42:32.710Z tool_event toolResult message ok "),
            "{}",
            lines[3]
        );
    }
}
