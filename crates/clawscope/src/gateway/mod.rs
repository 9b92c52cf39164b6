//! The gateway: current context (openclaw dir, config, port, CLI), the owner file, the runtime probe, status and
//! ownership operations.

pub mod evidence;
pub mod installs;
pub mod lockfiles;
pub mod owner_file;
pub mod probe;
