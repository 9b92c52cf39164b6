//! Session keys (`openclaw-formats.md` §1). (work in progress)
