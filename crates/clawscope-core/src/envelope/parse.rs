//! The envelope parser.

use std::borrow::Cow;

use super::Envelope;

/// Parses the injected parts of a user message and returns the clean body plus the metadata.
pub fn parse_envelope(text: &str) -> Envelope {
    Envelope {
        clean_text: text.trim().to_owned(),
        ..Envelope::default()
    }
}

/// The clean body only; borrows when nothing had to be removed.
pub fn strip_envelope(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text.trim())
}
