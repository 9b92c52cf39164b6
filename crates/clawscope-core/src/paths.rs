//! Path normalisation without touching the file system (lexical `.`/`..` resolution, `~` expansion, trailing
//! separators). Symlink resolution needs the file system and is done by the `clawscope` crate through a resolver.
