//! Atomic, private file writes (temp file in the same directory, fsync, rename, mode 0600 on Unix) and an advisory
//! lock for read-modify-write sequences.
