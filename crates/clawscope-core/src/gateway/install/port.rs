//! The gateway port an install is configured for.

use serde::{Deserialize, Serialize};

use crate::gateway::config::GatewayConfig;
pub use crate::gateway::config::{DEFAULT_GATEWAY_PORT, PortSource};

/// A port with its source and, when a value was present but unusable, why it was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfiguredPort {
    /// The port.
    pub port: u16,
    /// Where it comes from.
    pub source: PortSource,
    /// Values that were present but skipped (invalid env value, unparseable config, out-of-range port).
    pub problems: Vec<String>,
}

/// Resolves the gateway port: `OPENCLAW_GATEWAY_PORT` > `gateway.port` of the config text (JSON5, BOM tolerated,
/// number or numeric string) > 18789. An invalid value is skipped and reported in `problems`.
///
/// The rules are those of [`GatewayConfig::resolve`]; this is its port part with the problems as sentences.
///
/// ```
/// use clawscope_core::gateway::install::{PortSource, configured_port};
///
/// let p = configured_port(None, Some("{ gateway: { port: '18800' }, // json5\n}"));
/// assert_eq!((p.port, p.source), (18800, PortSource::Config));
/// let p = configured_port(Some("19000"), Some("{gateway:{port:18800}}"));
/// assert_eq!((p.port, p.source), (19000, PortSource::Env));
/// let p = configured_port(Some("nope"), None);
/// assert_eq!((p.port, p.source, p.problems.len()), (18789, PortSource::Default, 1));
/// ```
pub fn configured_port(env_value: Option<&str>, config_text: Option<&str>) -> ConfiguredPort {
    let mut env = crate::Env::default();
    if let Some(value) = env_value {
        env = env.with_var("OPENCLAW_GATEWAY_PORT", value);
    }
    let config = GatewayConfig::resolve(config_text.map(str::as_bytes), &env);
    ConfiguredPort {
        port: config.port,
        source: config.port_source,
        problems: config
            .diagnostics
            .iter()
            .map(|d| {
                if d.value.is_empty() {
                    format!("{}: {}", d.field, d.message)
                } else {
                    format!("{} {}: {}", d.field, d.value, d.message)
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_and_odd_types_fall_back() {
        for text in [
            "{gateway:{port:70000}}",
            "{gateway:{port:0}}",
            "{gateway:{port:-1}}",
            "{gateway:{port:1.5}}",
            "{gateway:{port:[1]}}",
        ] {
            let p = configured_port(None, Some(text));
            assert_eq!((p.port, p.source), (18789, PortSource::Default), "{text}");
            assert_eq!(p.problems.len(), 1, "{text}");
        }
    }

    #[test]
    fn missing_port_and_bom() {
        let p = configured_port(None, Some("\u{feff}{\"gateway\":{\"bind\":\"loopback\"}}"));
        assert_eq!((p.source, p.problems.len()), (PortSource::Default, 0));
        let p = configured_port(None, Some("{"));
        assert_eq!(p.problems.len(), 1);
    }
}
