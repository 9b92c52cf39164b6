//! Who owns the gateway of an openclaw dir: the runtime probe and the ownership decision (read-only: nothing is
//! claimed). ClawPanel's `ServiceStatus`, which may also claim, is `Gateway::status()`.
//!
//! `cargo run -p clawscope-examples --example gateway_status [OPENCLAW_DIR] [PORT]`

use clawscope::gateway::{Gateway, GatewayOptions};
use clawscope_examples::{line, main_with, sample_openclaw_dir};

fn run(out: &mut dyn std::io::Write, args: &[String]) -> clawscope::Result<()> {
    let dir = args.first().cloned().unwrap_or_else(sample_openclaw_dir);
    let port = match args.get(1) {
        Some(p) => Some(
            p.parse()
                .map_err(|_| clawscope::Error::invalid_argument("PORT", "not a port"))?,
        ),
        None => None,
    };
    let gw = Gateway::new(GatewayOptions {
        openclaw_dir: Some(dir.into()),
        port,
        ..GatewayOptions::default()
    })?;
    let runtime = gw.runtime()?;
    let decision = gw.decide_for(&runtime)?;
    line(
        out,
        &format!(
            "port {} running={} pid={:?}",
            gw.port(),
            runtime.running,
            runtime.pid
        ),
    )?;
    line(
        out,
        &format!(
            "ownership={} action={:?}",
            decision.ownership.as_str(),
            decision.action
        ),
    )?;
    line(
        out,
        &format!(
            "reason={}",
            serde_json::to_string(&decision.reason).unwrap_or_default()
        ),
    )
}

fn main() {
    main_with(run);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stopped_and_a_foreign_gateway() {
        let free = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = clawscope_examples::sample_openclaw_dir();
        let mut out = Vec::new();
        super::run(&mut out, &[dir.clone(), free.to_string()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!(
                "port {free} running=false pid=None\nownership=stopped action=None\nreason={{\"kind\":\"not_running\"}}\n"
            )
        );

        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut out = Vec::new();
        super::run(&mut out, &[dir, port.to_string()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(&format!(
                "port {port} running=true pid=Some({})\n",
                std::process::id()
            )),
            "{text}"
        );
        assert!(
            text.contains("ownership=foreign action=None\nreason={\"kind\":\"port_mismatch\""),
            "{text}"
        );
    }
}
