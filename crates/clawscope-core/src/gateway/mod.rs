//! Who owns the OpenClaw gateway: the owner record, the ownership decision, the gateway config, CLI path rules,
//! listener parsers, OpenClaw's own lock files and the guardian policy.

pub mod cli;
pub mod config;
pub mod decide;
pub mod guardian;
pub mod install;
pub mod listeners;
pub mod lockfile;
pub mod owner;
pub mod process;
pub mod runtime;
