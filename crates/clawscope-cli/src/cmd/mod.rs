//! One module per command.

pub(crate) mod events;
pub(crate) mod gateway;
pub(crate) mod installs;
pub(crate) mod session;
pub(crate) mod sessions;
pub(crate) mod usage;
