//! Strict query-string validation, as openclaw-control-center's `/api/*` routes do it: an allow-list of
//! parameters, no duplicates, integers in range; anything else is a 400.

use std::ops::RangeInclusive;

/// Decoded query pairs, in order.
pub(crate) type Pairs = [(String, String)];

/// Rejects parameters outside `allowed` and repeated parameters.
pub(crate) fn check_allowed(pairs: &Pairs, allowed: &[&str]) -> Result<(), String> {
    for (i, (name, _)) in pairs.iter().enumerate() {
        if !allowed.contains(&name.as_str()) {
            return Err(format!(
                "unsupported query parameter {name:?}; allowed: {}",
                allowed.join(", ")
            ));
        }
        if pairs.iter().take(i).any(|(earlier, _)| earlier == name) {
            return Err(format!("query parameter {name:?} is repeated"));
        }
    }
    Ok(())
}

/// The value of `name`, if present.
pub(crate) fn value<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// A strict integer: absent gives `default`; anything but decimal digits in `range` is an error.
pub(crate) fn strict_int(
    pairs: &Pairs,
    name: &str,
    default: usize,
    range: RangeInclusive<usize>,
) -> Result<usize, String> {
    let Some(text) = value(pairs, name) else {
        return Ok(default);
    };
    let parsed = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<usize>().ok()
    } else {
        None
    };
    parsed.filter(|n| range.contains(n)).ok_or_else(|| {
        format!(
            "{name} must be an integer in range {}..{}",
            range.start(),
            range.end()
        )
    })
}

/// A lenient integer (the HTML page): a bad or out-of-range value falls back to `default`.
pub(crate) fn lenient_int(pairs: &Pairs, name: &str, default: usize, range: RangeInclusive<usize>) -> usize {
    strict_int(pairs, name, default, range).unwrap_or(default)
}

/// A session key from the URL (already percent-decoded): trimmed, non-empty, at most 240 characters, no control
/// characters.
pub(crate) fn route_key(raw: &str) -> Result<String, String> {
    let key = raw.trim();
    if key.is_empty() {
        return Err("session key is empty".into());
    }
    if key.chars().count() > 240 {
        return Err("session key is longer than 240 characters".into());
    }
    if key.chars().any(char::is_control) {
        return Err("session key contains control characters".into());
    }
    Ok(key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn allow_list_and_duplicates() {
        assert!(check_allowed(&pairs(&[("historyLimit", "5")]), &["historyLimit"]).is_ok());
        let err = check_allowed(&pairs(&[("lang", "en")]), &["historyLimit"]).unwrap_err();
        assert!(err.contains("\"lang\""), "{err}");
        let err = check_allowed(&pairs(&[("q", "a"), ("q", "b")]), &["q"]).unwrap_err();
        assert!(err.contains("repeated"), "{err}");
    }

    #[test]
    fn strict_integers() {
        let p = pairs(&[("historyLimit", "200")]);
        assert_eq!(strict_int(&p, "historyLimit", 50, 1..=200), Ok(200));
        assert_eq!(strict_int(&[], "historyLimit", 50, 1..=200), Ok(50));
        for bad in [
            "0",
            "201",
            "-1",
            "+5",
            "1.5",
            "",
            "abc",
            "99999999999999999999999",
        ] {
            let p = pairs(&[("historyLimit", bad)]);
            assert_eq!(
                strict_int(&p, "historyLimit", 50, 1..=200),
                Err("historyLimit must be an integer in range 1..200".into()),
                "{bad}"
            );
            assert_eq!(lenient_int(&p, "historyLimit", 50, 1..=200), 50);
        }
    }

    #[test]
    fn route_keys() {
        assert_eq!(route_key("  agent:main:main "), Ok("agent:main:main".into()));
        assert!(route_key("   ").is_err());
        assert!(route_key("a\u{7}b").is_err());
        assert!(route_key(&"k".repeat(241)).is_err());
        assert!(route_key(&"会".repeat(240)).is_ok());
    }
}
