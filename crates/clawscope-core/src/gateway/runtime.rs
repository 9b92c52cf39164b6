//! What is known, at one moment, about the process listening on the gateway port.
//!
//! The `clawscope` crate fills this in from `/proc`, `ss`, `lsof` or `netstat` (`clawscope::gateway::probe`); the
//! ownership decision ([`super::decide`]) only reads it, so it can be built by hand in tests.

use serde::{Deserialize, Serialize};

/// The runtime state of the gateway port.
///
/// ```
/// use clawscope_core::gateway::runtime::GatewayRuntime;
///
/// let stopped = GatewayRuntime::stopped();
/// assert!(!stopped.running);
/// let running = GatewayRuntime::running(Some(4242));
/// assert_eq!(running.pid, Some(4242));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayRuntime {
    /// Something listens on the port.
    pub running: bool,
    /// The listening pid, when it could be found.
    pub pid: Option<u32>,
    /// The listener's command line (NUL-separated arguments joined by spaces), when readable.
    pub command_line: Option<String>,
    /// Whether the listener looks like an OpenClaw gateway; `None` when its command line could not be read.
    pub is_gateway: Option<bool>,
}

impl GatewayRuntime {
    /// Nothing listens on the port.
    pub fn stopped() -> Self {
        GatewayRuntime::default()
    }

    /// Something listens on the port, with an optional pid; identity unknown.
    pub fn running(pid: Option<u32>) -> Self {
        GatewayRuntime {
            running: true,
            pid,
            command_line: None,
            is_gateway: None,
        }
    }

    /// ClawPanel's `manageable` flag: `false` only when the listener is known not to be an OpenClaw process.
    pub fn manageable(&self) -> bool {
        self.is_gateway != Some(false)
    }
}
