//! Active-branch resolution from `id`/`parentId` (`openclaw-formats.md` §3.1).
//!
//! Entries form a tree; the active branch is the path from the leaf (the last entry with an id) up to the root.
//! Header lines and id-less (v1) entries are always part of it. Walks only go to *earlier* lines, so a cyclic or
//! forward-pointing `parentId` cannot loop.

use std::collections::HashMap;

use serde::Serialize;

use super::{Entry, EntryBody};

/// Entries split into the active branch and the abandoned ones (indices into the slice, in file order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BranchSplit {
    /// The leaf the active branch ends at.
    pub leaf: Option<usize>,
    /// Indices on the active branch (headers and id-less entries included).
    pub active: Vec<usize>,
    /// Indices of entries on abandoned branches.
    pub abandoned: Vec<usize>,
}

fn is_header(entry: &Entry) -> bool {
    matches!(entry.body, EntryBody::Session(_))
}

fn default_leaf(entries: &[Entry]) -> Option<usize> {
    entries.iter().rposition(|e| e.id.is_some() && !is_header(e))
}

fn mark_path(entries: &[Entry], leaf: usize, on_path: &mut [bool]) {
    let mut first_index: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        if let Some(id) = entry.id.as_deref()
            && !is_header(entry)
        {
            first_index.entry(id).or_insert(i);
        }
    }
    let mut current = leaf;
    loop {
        if let Some(flag) = on_path.get_mut(current) {
            *flag = true;
        }
        let parent = entries
            .get(current)
            .and_then(|e| e.parent_id.as_deref())
            .and_then(|p| first_index.get(p).copied());
        match parent {
            Some(p) if p < current => current = p,
            _ => break,
        }
    }
}

/// Splits entries into the active branch (ending at the last entry with an id) and the abandoned rest.
///
/// ```
/// use clawscope_core::transcript::{parse_transcript, split_branches};
///
/// let t = parse_transcript(concat!(
///     r#"{"type":"session","version":3,"id":"s"}"#, "\n",
///     r#"{"type":"message","id":"a","parentId":null,"message":{"role":"user","content":"q"}}"#, "\n",
///     r#"{"type":"message","id":"b","parentId":"a","message":{"role":"assistant","content":[]}}"#, "\n",
///     r#"{"type":"message","id":"c","parentId":"a","message":{"role":"assistant","content":[]}}"#, "\n",
/// ).as_bytes());
/// let split = split_branches(&t.entries);
/// assert_eq!(split.active, vec![0, 1, 3]);
/// assert_eq!(split.abandoned, vec![2]);
/// ```
pub fn split_branches(entries: &[Entry]) -> BranchSplit {
    match default_leaf(entries) {
        Some(leaf) => split_at_leaf(entries, leaf),
        None => BranchSplit {
            leaf: None,
            active: (0..entries.len()).collect(),
            abandoned: Vec::new(),
        },
    }
}

fn split_at_leaf(entries: &[Entry], leaf: usize) -> BranchSplit {
    let mut on_path = vec![false; entries.len()];
    mark_path(entries, leaf, &mut on_path);
    let mut split = BranchSplit {
        leaf: Some(leaf),
        ..BranchSplit::default()
    };
    for (i, entry) in entries.iter().enumerate() {
        if on_path.get(i).copied().unwrap_or(false) || entry.id.is_none() || is_header(entry) {
            split.active.push(i);
        } else {
            split.abandoned.push(i);
        }
    }
    split
}

/// The active branch: indices (file order) of the header, id-less entries and the path from the leaf to the root.
///
/// ```
/// let t = clawscope_core::transcript::parse_transcript(b"{\"type\":\"label\",\"id\":\"x\"}\n");
/// assert_eq!(clawscope_core::transcript::active_branch(&t.entries), vec![0]);
/// ```
pub fn active_branch(entries: &[Entry]) -> Vec<usize> {
    split_branches(entries).active
}

/// The branch ending at `leaf` (an index into `entries`); empty when `leaf` is out of range.
pub fn branch_to(entries: &[Entry], leaf: usize) -> Vec<usize> {
    if leaf >= entries.len() {
        return Vec::new();
    }
    split_at_leaf(entries, leaf).active
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::transcript::parse_transcript;

    fn lines(items: &[&str]) -> Vec<Entry> {
        parse_transcript(items.join("\n").as_bytes()).entries
    }

    #[test]
    fn cycles_and_dangling_parents_terminate() {
        let entries = lines(&[
            r#"{"type":"label","id":"a","parentId":"c"}"#,
            r#"{"type":"label","id":"b","parentId":"a"}"#,
            r#"{"type":"label","id":"c","parentId":"b"}"#,
            r#"{"type":"label","id":"d","parentId":"missing"}"#,
        ]);
        assert_eq!(active_branch(&entries), vec![3]);
        assert_eq!(branch_to(&entries, 2), vec![0, 1, 2]);
        assert!(branch_to(&entries, 99).is_empty());
    }

    #[test]
    fn v1_without_ids_is_all_active() {
        let entries = lines(&[
            r#"{"type":"session"}"#,
            r#"{"type":"message","message":{"role":"user","content":"x"}}"#,
        ]);
        let split = split_branches(&entries);
        assert_eq!(split.active, vec![0, 1]);
        assert_eq!(split.leaf, None);
    }
}
