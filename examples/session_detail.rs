//! Prints the session-detail page (会话详情) of one session, as the control center shows it.
//!
//! `cargo run -p clawscope-examples --example session_detail [STATE_DIR] [KEY]`

use clawscope::state::StateDir;
use clawscope::state_detail::DetailOptions;
use clawscope_examples::{SEED_KEY, main_with, sample_state_dir};

fn run(out: &mut dyn std::io::Write, args: &[String]) -> clawscope::Result<()> {
    let dir = args.first().cloned().unwrap_or_else(sample_state_dir);
    let key = args.get(1).map_or(SEED_KEY, String::as_str);
    let state = StateDir::open(dir.as_str())?;
    let detail = state.session_detail(key, &DetailOptions::default())?;
    write!(out, "{}", detail.render_text()).map_err(|e| clawscope::Error::io("write", "stdout", e))
}

fn main() {
    main_with(run);
}

#[cfg(test)]
mod tests {
    #[test]
    fn prints_the_seed_page() {
        let mut out = Vec::new();
        super::run(&mut out, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let expected = std::fs::read_to_string(
            clawscope_examples::repo_root().join("tests/fixtures/state/seed/expected-page.txt"),
        )
        .unwrap();
        let strip = |t: &str| {
            t.lines()
                .filter(|l| !l.contains("generatedAt="))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&text), strip(&expected));
        assert!(text.contains("historyCount=50 historyLimit=readonly-safe"));
    }
}
