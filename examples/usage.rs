//! A usage report: requests, tokens and cost per model, from the usage OpenClaw recorded.
//!
//! `cargo run -p clawscope-examples --example usage [STATE_DIR]`

use clawscope::state::StateDir;
use clawscope::state_detail::UsageQuery;
use clawscope_examples::{line, main_with, sample_state_dir};

fn run(out: &mut dyn std::io::Write, args: &[String]) -> clawscope::Result<()> {
    let dir = args.first().cloned().unwrap_or_else(sample_state_dir);
    let report = StateDir::open(dir.as_str())?.usage(&UsageQuery::default())?;
    for (model, t) in &report.by_model {
        line(
            out,
            &format!(
                "{model}: {} requests, {} tokens, ${:.4}",
                t.requests, t.total_tokens, t.cost
            ),
        )?;
    }
    let t = &report.totals;
    line(
        out,
        &format!(
            "total: {} requests, {} tokens, ${:.4}",
            t.requests, t.total_tokens, t.cost
        ),
    )
}

fn main() {
    main_with(run);
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_the_seed_usage() {
        let mut out = Vec::new();
        super::run(&mut out, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "MiniMax-M2.5: 26 requests, 0 tokens, $0.0000\ntotal: 26 requests, 0 tokens, $0.0000\n"
        );
    }
}
