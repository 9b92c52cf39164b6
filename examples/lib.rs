//! Shared helpers for the Rust examples (see `examples/*.rs`, run with `cargo run -p clawscope-examples --example NAME`).
