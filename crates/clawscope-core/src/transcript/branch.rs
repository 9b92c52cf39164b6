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

/// The `id`/`parentId` links of a transcript, collected one entry at a time so a streaming reader can resolve
/// branches without keeping the entries (memory: one id per entry).
///
/// ```
/// use clawscope_core::transcript::BranchIndex;
///
/// let mut index = BranchIndex::new();
/// index.push(Some("s"), None, true); // header
/// index.push(Some("a"), None, false);
/// index.push(Some("b"), Some("a"), false);
/// index.push(Some("c"), Some("a"), false);
/// let split = index.split();
/// assert_eq!(split.active, vec![0, 1, 3]);
/// assert_eq!(split.abandoned, vec![2]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct BranchIndex {
    /// Per entry: the resolved parent index (always earlier), whether it has an id, whether it is a header.
    nodes: Vec<Node>,
    first_index: HashMap<Box<str>, usize>,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    parent: Option<usize>,
    has_id: bool,
    header: bool,
}

impl BranchIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next entry (in file order) and returns its index. A `parent_id` that names no earlier entry is
    /// treated as a root, so cycles and forward references cannot loop.
    pub fn push(&mut self, id: Option<&str>, parent_id: Option<&str>, is_header: bool) -> usize {
        let index = self.nodes.len();
        let parent = parent_id.and_then(|p| self.first_index.get(p).copied());
        if let Some(id) = id
            && !is_header
        {
            self.first_index.entry(id.into()).or_insert(index);
        }
        self.nodes.push(Node {
            parent,
            has_id: id.is_some(),
            header: is_header,
        });
        index
    }

    /// Adds a parsed entry.
    pub fn push_entry(&mut self, entry: &Entry) -> usize {
        self.push(entry.id.as_deref(), entry.parent_id.as_deref(), is_header(entry))
    }

    /// Number of entries pushed.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The default leaf: the last entry with an id that is not a header.
    pub fn default_leaf(&self) -> Option<usize> {
        self.nodes.iter().rposition(|n| n.has_id && !n.header)
    }

    /// Splits at the default leaf (everything is active when no entry has an id, as in v1 files).
    pub fn split(&self) -> BranchSplit {
        match self.default_leaf() {
            Some(leaf) => self.split_at(leaf),
            None => BranchSplit {
                leaf: None,
                active: (0..self.nodes.len()).collect(),
                abandoned: Vec::new(),
            },
        }
    }

    /// Splits at `leaf`; out of range gives an empty split.
    pub fn split_at(&self, leaf: usize) -> BranchSplit {
        if leaf >= self.nodes.len() {
            return BranchSplit::default();
        }
        let mut on_path = vec![false; self.nodes.len()];
        let mut current = Some(leaf);
        while let Some(i) = current {
            if let Some(flag) = on_path.get_mut(i) {
                *flag = true;
            }
            current = self.nodes.get(i).and_then(|n| n.parent).filter(|&p| p < i);
        }
        let mut split = BranchSplit {
            leaf: Some(leaf),
            ..BranchSplit::default()
        };
        for (i, node) in self.nodes.iter().enumerate() {
            if on_path.get(i).copied().unwrap_or(false) || !node.has_id || node.header {
                split.active.push(i);
            } else {
                split.abandoned.push(i);
            }
        }
        split
    }
}

fn index_of(entries: &[Entry]) -> BranchIndex {
    let mut index = BranchIndex::new();
    for entry in entries {
        index.push_entry(entry);
    }
    index
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
    index_of(entries).split()
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
    index_of(entries).split_at(leaf).active
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
