//! The gateway port an install is configured for.

use serde::{Deserialize, Serialize};

/// OpenClaw's default gateway port.
pub const DEFAULT_GATEWAY_PORT: u16 = 18789;

/// Where a configured port comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortSource {
    /// `OPENCLAW_GATEWAY_PORT`.
    Env,
    /// `gateway.port` in `openclaw.json`.
    Config,
    /// Neither: 18789.
    Default,
}

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
/// This is a small stand-in for `clawscope_core::gateway::config`, kept in one function so it can be swapped.
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
    let mut problems = Vec::new();
    if let Some(value) = env_value.map(str::trim).filter(|v| !v.is_empty()) {
        match parse_port_text(value) {
            Some(port) => {
                return ConfiguredPort {
                    port,
                    source: PortSource::Env,
                    problems,
                };
            }
            None => problems.push(format!(
                "OPENCLAW_GATEWAY_PORT={} is not a port",
                crate::error::shorten(value, 40)
            )),
        }
    }
    if let Some(text) = config_text {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match json5::from_str::<serde_json::Value>(text) {
            Ok(doc) => match doc.get("gateway").and_then(|g| g.get("port")) {
                None | Some(serde_json::Value::Null) => {}
                Some(value) => {
                    let port = match value {
                        serde_json::Value::Number(n) => {
                            n.as_u64().and_then(|n| u16::try_from(n).ok()).filter(|p| *p > 0)
                        }
                        serde_json::Value::String(s) => parse_port_text(s.trim()),
                        _ => None,
                    };
                    match port {
                        Some(port) => {
                            return ConfiguredPort {
                                port,
                                source: PortSource::Config,
                                problems,
                            };
                        }
                        None => problems.push(format!(
                            "gateway.port {} is not a port",
                            crate::error::shorten(&value.to_string(), 40)
                        )),
                    }
                }
            },
            Err(e) => problems.push(format!(
                "config is not valid JSON5: {}",
                crate::error::shorten(&e.to_string(), 120)
            )),
        }
    }
    ConfiguredPort {
        port: DEFAULT_GATEWAY_PORT,
        source: PortSource::Default,
        problems,
    }
}

/// A decimal port 1–65535.
fn parse_port_text(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|p| *p > 0)
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
