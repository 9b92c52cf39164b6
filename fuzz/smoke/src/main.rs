//! A stable, coverage-less smoke fuzzer over the entry points of `fuzz/targets.rs`: for each target it runs random
//! byte strings and mutations (bit flips, inserts, deletes, splices, interesting tokens) of the seed corpus for a
//! given time, catching panics. Crash inputs are written to `<artifacts>/<target>/crash-<n>`.
//!
//! ```text
//! smoke --seconds 300 --corpus fuzz/corpus --artifacts fuzz/artifacts [target …]
//! ```

#[path = "../../targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

const TOKENS: [&[u8]; 24] = [
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"\n",
    b"\r\n",
    b"\0",
    b"\\u0000",
    b"-1",
    b"99999999999999999999",
    b"1e999",
    b"\xef\xbb\xbf",
    b"\xff",
    b"agent:",
    b"pid=",
    b"LISTEN",
    b"0A",
    b"\tpid = ",
    b"null",
    b"\"usage\":",
    b"[[[[[[[[[[[[[[[[",
];

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(6) {
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(input.len() + 1);
                input.insert(i, rng.next() as u8);
            }
            2 if !input.is_empty() => {
                let i = rng.below(input.len());
                let n = rng.below(input.len() - i + 1);
                input.drain(i..i + n);
            }
            3 => {
                let i = rng.below(input.len() + 1);
                let t = TOKENS[rng.below(TOKENS.len())];
                input.splice(i..i, t.iter().copied());
            }
            4 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let i = rng.below(input.len() + 1);
                let a = rng.below(other.len() + 1);
                let b = a + rng.below(other.len() - a + 1);
                input.splice(i..i, other[a..b].iter().copied());
            }
            5 if !input.is_empty() && input.len() < 1 << 16 => {
                let a = rng.below(input.len());
                let b = a + rng.below(input.len() - a + 1);
                let chunk = input[a..b].to_vec();
                for _ in 0..1 + rng.below(8) {
                    input.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
}

fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(bytes) = std::fs::read(e.path()) {
            if bytes.len() <= 1 << 20 {
                out.push(bytes);
            }
        }
    }
    out
}

fn main() {
    let mut seconds = 300u64;
    let mut corpus_root = PathBuf::from("fuzz/corpus");
    let mut artifacts = PathBuf::from("fuzz/artifacts");
    let mut chosen = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            "--corpus" => corpus_root = args.next().map(PathBuf::from).unwrap_or(corpus_root),
            "--artifacts" => artifacts = args.next().map(PathBuf::from).unwrap_or(artifacts),
            other => chosen.push(other.to_owned()),
        }
    }
    let names: Vec<&str> = if chosen.is_empty() {
        targets::TARGETS.to_vec()
    } else {
        targets::TARGETS
            .iter()
            .copied()
            .filter(|t| chosen.iter().any(|c| c == t))
            .collect()
    };
    std::panic::set_hook(Box::new(|_| {}));
    let mut total_crashes = 0;
    for name in names {
        let corpus = load_corpus(&corpus_root.join(name));
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let (mut execs, mut crashes) = (0u64, 0u64);
        for seed in &corpus {
            if catch_unwind(AssertUnwindSafe(|| targets::run(name, seed))).is_err() {
                crashes += 1;
                save(&artifacts, name, crashes, seed);
            }
        }
        while Instant::now() < deadline {
            let mut input = if corpus.is_empty() || rng.below(8) == 0 {
                (0..rng.below(512)).map(|_| rng.next() as u8).collect()
            } else {
                corpus[rng.below(corpus.len())].clone()
            };
            mutate(&mut rng, &corpus, &mut input);
            execs += 1;
            if catch_unwind(AssertUnwindSafe(|| targets::run(name, &input))).is_err() {
                crashes += 1;
                save(&artifacts, name, crashes, &input);
            }
        }
        total_crashes += crashes;
        println!(
            "{name}: {seconds} s, {execs} executions, {} seeds, {crashes} crashes",
            corpus.len()
        );
    }
    if total_crashes > 0 {
        std::process::exit(1);
    }
}

fn save(artifacts: &Path, name: &str, n: u64, input: &[u8]) {
    let dir = artifacts.join(name);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("crash-{n}")), input);
}
