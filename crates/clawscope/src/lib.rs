//! # clawscope
//!
//! Understand a machine running OpenClaw: its **sessions**, the **events** in their transcripts, and **who owns the
//! gateway** process. This crate re-exports everything of [`clawscope_core`] (the pure logic) and adds the I/O:
//! state dirs, session stores (JSON and SQLite), transcript files, owner-file writes and process/port probing.
//!
//! Reading never writes: no API that reads state creates, changes or locks anything under the state dir.
#![warn(clippy::unwrap_used)]

pub use clawscope_core::*;

pub mod atomic;
pub mod env;
pub mod gateway;
pub mod state;
pub mod state_detail;
