//! Session stores: [`SessionEntry`] (one session's row) and whole `sessions.json` documents
//! ([`parse_session_store`]), `openclaw-formats.md` §2.2–2.3.
//!
//! The same entry shape is found in `sessions.json` (file era, ≤ 2026.7) and in `session_nodes.entry_json` of the
//! per-agent SQLite database (≥ 2026.8), so one parser serves both. Timestamps are normalised to epoch
//! milliseconds; unknown fields survive a round trip.

mod document;
mod entry;
mod entry_de;
pub(crate) mod lenient;

pub(crate) use document::value_free_message;
pub use document::{
    SessionStore, StoreDiagnostic, StoreRecord, parse_session_entry, parse_session_entry_text,
    parse_session_store, parse_session_store_into,
};
pub use entry::{DeliveryContext, SessionEntry, SessionOrigin, ThreadId};
