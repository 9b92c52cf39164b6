//! Lists the sessions of a state dir, newest activity first.
//!
//! `cargo run -p clawscope-examples --example list_sessions [STATE_DIR]`

use clawscope::state::StateDir;
use clawscope::state_detail::SessionQuery;
use clawscope_examples::{line, main_with, sample_state_dir};

fn run(out: &mut dyn std::io::Write, args: &[String]) -> clawscope::Result<()> {
    let dir = args.first().cloned().unwrap_or_else(sample_state_dir);
    let state = StateDir::open(dir.as_str())?;
    let query = SessionQuery {
        page_size: 100,
        ..SessionQuery::default()
    };
    for s in state.list_sessions(&query)? {
        let snippet: String = s
            .latest_snippet
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect();
        line(
            out,
            &format!(
                "{}  {}  {}  {}",
                s.session_key,
                s.state.as_str(),
                s.history_count,
                snippet
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
    fn lists_the_seed_session() {
        let mut out = Vec::new();
        super::run(&mut out, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with(&format!("{}  idle  8  已回复", clawscope_examples::SEED_KEY)),
            "{text}"
        );
    }
}
