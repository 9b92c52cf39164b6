//! # clawscope-core
//!
//! The pure half of clawscope: everything that can be decided from bytes and values alone. This crate never touches
//! the file system, never starts a process and never reads the clock — time, environment and file contents are
//! arguments. The [`clawscope`](https://docs.rs/clawscope) crate adds the I/O and re-exports everything here.
//!
//! Areas:
//! - sessions: [`session_key`], [`store`], [`transcript`], [`event`], [`envelope`], [`history`], [`chain`],
//!   [`usage`], [`detail`];
//! - the gateway: [`gateway`] (owner record, ownership decision, config, CLI paths, listener parsers, guardian);
//! - one error model: [`Error`] with a stable [`ErrorCode`].
//!
//! ```
//! use clawscope_core::{Error, ErrorCode};
//!
//! let err = Error::foreign_gateway(18789, Some(4242));
//! assert_eq!(err.code(), ErrorCode::GatewayForeign);
//! assert_eq!(err.code().as_str(), "GATEWAY_FOREIGN");
//! assert!(err.to_string().contains("(PID: 4242)"));
//! ```
#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used)]

pub mod chain;
pub mod detail;
pub mod env;
pub mod envelope;
pub mod error;
pub mod event;
pub mod gateway;
pub mod history;
pub mod paths;
pub mod run_registry;
pub mod session_key;
pub mod store;
pub mod time;
pub mod transcript;
pub mod usage;

pub use env::Env;
pub use error::{Error, ErrorCode, Result};
