//! Every input under `tests/fixtures/fuzz-regressions/<target>/` once crashed that fuzz target; each must now run
//! through the same entry point (`fuzz/targets.rs`) without panicking — on a 2 MiB thread, the default stack of
//! spawned threads, so a deep recursion cannot hide behind the main thread's larger stack.
#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub, dead_code)]

#[path = "../../../fuzz/targets.rs"]
mod targets;

use std::path::Path;

#[test]
fn fuzz_regressions_do_not_crash() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz-regressions");
    let mut ran = 0;
    for dir in std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        let target = dir.file_name().to_string_lossy().into_owned();
        assert!(
            targets::TARGETS.contains(&target.as_str()),
            "unknown target dir {target}"
        );
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let data = std::fs::read(file.path()).unwrap();
            let name = target.clone();
            std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || targets::run(&name, &data))
                .unwrap()
                .join()
                .unwrap_or_else(|_| panic!("{} crashed {target}", file.path().display()));
            ran += 1;
        }
    }
    assert!(ran >= 1);
}

#[test]
fn every_target_accepts_empty_and_seed_like_input() {
    for t in targets::TARGETS {
        targets::run(t, b"");
        targets::run(t, b"{\"port\":18789}\n");
    }
}
