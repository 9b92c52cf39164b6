//! Which process listens on a port: `/proc` on Linux, `ss`/`lsof`/`netstat` as fallbacks.
