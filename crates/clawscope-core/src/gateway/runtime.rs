//! What is known, at one moment, about the process listening on the gateway port.
//!
//! The `clawscope` crate fills this in from `/proc`, `ss`, `lsof` or `netstat` (`clawscope::gateway::probe`); the
//! ownership decision ([`super::decide`]) only reads it, so it can be built by hand in tests.

use serde::{Deserialize, Serialize};

use super::process::is_gateway_command_line;

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

/// Where a fact about a listener came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeSource {
    /// `/proc/net/tcp{,6}` and `/proc/<pid>/fd` (Linux).
    Proc,
    /// `ss -ltnp`.
    Ss,
    /// `lsof`.
    Lsof,
    /// Windows `netstat -ano`.
    Netstat,
}

/// One process (or an unknown one) listening on the probed port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbedListener {
    /// The owning pid; `None` for a socket whose owner could not be found (another user's, without root).
    pub pid: Option<u32>,
    /// The local address (`127.0.0.1`, `::1`, `0.0.0.0`, `*`), when known.
    pub local_address: Option<String>,
    /// The socket inode (Linux), when known.
    pub inode: Option<u64>,
    /// The socket owner's uid (Linux), when known.
    pub uid: Option<u32>,
    /// The command line (arguments joined by spaces), when readable.
    pub command_line: Option<String>,
    /// The start time in clock ticks after boot (`/proc/<pid>/stat` field 22), when readable.
    pub start_time: Option<u64>,
    /// Whether the command line looks like an OpenClaw gateway; `None` when it could not be read.
    pub is_gateway: Option<bool>,
    /// Where the pid came from.
    pub source: ProbeSource,
}

/// Everything listening on one TCP port.
///
/// ```
/// use clawscope_core::gateway::runtime::{PortProbe, ProbeSource, ProbedListener};
///
/// let probe = PortProbe {
///     port: 18789,
///     listeners: vec![ProbedListener {
///         pid: Some(9860), local_address: Some("127.0.0.1".into()), inode: None, uid: None,
///         command_line: Some("openclaw-gateway".into()), start_time: None, is_gateway: Some(true),
///         source: ProbeSource::Proc,
///     }],
/// };
/// let runtime = probe.to_runtime();
/// assert!(runtime.running);
/// assert_eq!(runtime.pid, Some(9860));
/// assert_eq!(runtime.is_gateway, Some(true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortProbe {
    /// The probed port.
    pub port: u16,
    /// The listeners, one per (socket, process); the same pid appears once per address it listens on.
    pub listeners: Vec<ProbedListener>,
}

impl PortProbe {
    /// The distinct listening pids, ascending.
    pub fn pids(&self) -> Vec<u32> {
        let mut pids: Vec<u32> = self.listeners.iter().filter_map(|l| l.pid).collect();
        pids.sort_unstable();
        pids.dedup();
        pids
    }

    /// The runtime summary: running when anything listens; the pid of the first gateway listener, else of the first
    /// listener with a known pid.
    pub fn to_runtime(&self) -> GatewayRuntime {
        if self.listeners.is_empty() {
            return GatewayRuntime::stopped();
        }
        let chosen = self
            .listeners
            .iter()
            .find(|l| l.pid.is_some() && l.is_gateway == Some(true))
            .or_else(|| self.listeners.iter().find(|l| l.pid.is_some()));
        match chosen {
            Some(l) => GatewayRuntime {
                running: true,
                pid: l.pid,
                command_line: l.command_line.clone(),
                is_gateway: l
                    .is_gateway
                    .or_else(|| l.command_line.as_deref().map(is_gateway_command_line)),
            },
            None => GatewayRuntime::running(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listener(pid: Option<u32>, is_gateway: Option<bool>) -> ProbedListener {
        ProbedListener {
            pid,
            local_address: None,
            inode: None,
            uid: None,
            command_line: None,
            start_time: None,
            is_gateway,
            source: ProbeSource::Proc,
        }
    }

    #[test]
    fn gateway_listener_wins_over_earlier_foreign_one() {
        let probe = PortProbe {
            port: 1,
            listeners: vec![
                listener(None, None),
                listener(Some(5), Some(false)),
                listener(Some(7), Some(true)),
            ],
        };
        assert_eq!(probe.to_runtime().pid, Some(7));
        assert_eq!(probe.pids(), vec![5, 7]);
    }

    #[test]
    fn unknown_owner_is_running_without_pid() {
        let probe = PortProbe {
            port: 1,
            listeners: vec![listener(None, None)],
        };
        assert_eq!(probe.to_runtime(), GatewayRuntime::running(None));
        assert!(probe.to_runtime().manageable());
        let empty = PortProbe {
            port: 1,
            listeners: vec![],
        };
        assert_eq!(empty.to_runtime(), GatewayRuntime::stopped());
    }
}
