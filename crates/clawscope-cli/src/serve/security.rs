//! Request ids and the bearer-token check.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Longest accepted `x-request-id`.
pub(crate) const MAX_REQUEST_ID_LEN: usize = 80;

/// Whether a client's `x-request-id` may be echoed: 1 to 80 characters of `[A-Za-z0-9._:-]`.
pub(crate) fn is_valid_request_id(id: &str) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// A fresh request id in the UUID version 4 text form (randomness from the standard library's hasher keys).
pub(crate) fn new_request_id() -> String {
    let hi = random_u64();
    let lo = random_u64();
    let hi = (hi & !0xF000) | 0x4000; // version 4
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// Compares two byte strings in time that depends only on their lengths, not on where they differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Whether an `Authorization` header value carries `token` (`Bearer <token>`, scheme case-insensitive).
pub(crate) fn bearer_matches(header: Option<&[u8]>, token: &str) -> bool {
    let Some(value) = header else {
        return false;
    };
    let Some((scheme, given)) = value.split_at_checked(7) else {
        return false;
    };
    scheme.eq_ignore_ascii_case(b"bearer ") && constant_time_eq(given, token.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_follow_the_allow_list() {
        assert!(is_valid_request_id("abc-DEF_1.2:3"));
        assert!(is_valid_request_id(&"a".repeat(80)));
        assert!(!is_valid_request_id(&"a".repeat(81)));
        assert!(!is_valid_request_id(""));
        assert!(!is_valid_request_id("a b"));
        assert!(!is_valid_request_id("a/b"));
        assert!(!is_valid_request_id("é"));
    }

    #[test]
    fn generated_ids_are_valid_uuids_and_distinct() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert!(is_valid_request_id(&a));
        assert_eq!(a.len(), 36);
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret1"));
        assert!(bearer_matches(Some(b"Bearer s3"), "s3"));
        assert!(bearer_matches(Some(b"bearer s3"), "s3"));
        assert!(!bearer_matches(Some(b"Bearer s4"), "s3"));
        assert!(!bearer_matches(Some(b"Basic s3"), "s3"));
        assert!(!bearer_matches(Some(b"Bear"), "s3"));
        assert!(!bearer_matches(None, "s3"));
    }
}
