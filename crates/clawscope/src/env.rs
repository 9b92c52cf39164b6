//! Builds a [`clawscope_core::Env`] from the real process environment.
