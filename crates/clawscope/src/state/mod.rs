//! An OpenClaw state dir: agents, session stores (JSON and SQLite), transcripts.
