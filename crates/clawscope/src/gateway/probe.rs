//! Which process listens on a port: `/proc` on Linux, `ss`/`lsof`/`netstat` as fallbacks.

use clawscope_core::Result;
use clawscope_core::gateway::runtime::GatewayRuntime;

/// The runtime state of `port`: whether something listens, its pid, command line and whether it is a gateway.
///
/// PLACEHOLDER until the runtime probe lands: reports nothing listening.
pub fn current_runtime(port: u16) -> Result<GatewayRuntime> {
    let _ = port;
    Ok(GatewayRuntime::stopped())
}
