//! Parses session keys: kind, agent, channel, peer, parent.
//!
//! `cargo run -p clawscope-examples --example parse_session_key [KEY...]`

use clawscope::session_key::SessionKey;
use clawscope_examples::{SEED_KEY, line, main_with};

fn run(out: &mut dyn std::io::Write, args: &[String]) -> clawscope::Result<()> {
    let defaults = [SEED_KEY.to_owned(), "agent:main:subagent:7f3a".to_owned()];
    let keys = if args.is_empty() { &defaults[..] } else { args };
    for text in keys {
        let key = SessionKey::parse(text)?;
        line(
            out,
            &format!(
                "{} kind={} agent={} channel={} peer={} parent={}",
                key.as_str(),
                key.kind().as_str(),
                key.agent_id().unwrap_or("-"),
                key.channel().unwrap_or("-"),
                key.peer_id().unwrap_or("-"),
                key.parent()
                    .map_or_else(|| "-".to_owned(), |p| p.as_str().to_owned()),
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
    fn parses_the_default_keys() {
        let mut out = Vec::new();
        super::run(&mut out, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].contains(
                " kind=direct agent=opc-ops-agent channel=feishu peer=ou_1054cd24fb96e4b98b5200863f69cf4e"
            ),
            "{}",
            lines[0]
        );
        assert!(lines[1].contains(" kind=subagent agent=main"), "{}", lines[1]);
        let err = super::run(&mut Vec::new(), &["agent::".to_owned()]).unwrap_err();
        assert_eq!(err.code().as_str(), "INVALID_SESSION_KEY");
    }
}
