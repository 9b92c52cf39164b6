//! Shared helpers of the integration tests: paths of the bundled fixtures, running the binary, a tiny HTTP client.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The seed session's key.
pub(crate) const SEED_KEY: &str = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e";

/// The repository root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled sample state dir.
pub(crate) fn seed_dir() -> PathBuf {
    root().join("tests/fixtures/state/seed")
}

/// The bundled sample openclaw dir of the gateway commands.
pub(crate) fn openclaw_fixture() -> PathBuf {
    root().join("tests/fixtures/cli/openclaw")
}

/// The token in the sample openclaw.json, which must never be printed.
pub(crate) const CANARY_TOKEN: &str = "demo-secret-token-must-not-be-printed";

/// The binary, with an environment that cannot see the real machine's OpenClaw (HOME is an empty temp dir).
pub(crate) fn clawscope(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clawscope"));
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1");
    cmd
}

/// Runs the binary with `args` and a fresh HOME.
pub(crate) fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    clawscope(home.path()).args(args).output().unwrap()
}

/// stdout as UTF-8.
pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// stderr as UTF-8.
pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A free loopback port (bound then released).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `clawscope serve`, killed on drop.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub(crate) addr: String,
    _home: tempfile::TempDir,
}

impl Server {
    /// Starts `clawscope serve --listen 127.0.0.1:0` with `extra` arguments and environment variables `envs`, and
    /// waits for its address.
    pub(crate) fn start(extra: &[&str], envs: &[(&str, &str)]) -> Server {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = clawscope(home.path());
        cmd.args(["serve", "--listen", "127.0.0.1:0"]).args(extra);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("clawscope serve: listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Server {
            child,
            addr,
            _home: home,
        }
    }

    /// Sends one request; returns status, headers (lower-case names) and body.
    pub(crate) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            let _ = write!(req, "{k}: {v}\r\n");
        }
        req.push_str("Content-Length: 0\r\n\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let mut lines = head.split("\r\n");
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    /// The server's pid.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The port it listens on.
    pub(crate) fn port(&self) -> String {
        self.addr.rsplit(':').next().unwrap().to_owned()
    }

    /// `GET path`.
    pub(crate) fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
pub(crate) struct Response {
    /// Status code.
    pub(crate) status: u16,
    /// Headers, names lower-cased.
    pub(crate) headers: Vec<(String, String)>,
    /// Body.
    pub(crate) body: String,
}

impl Response {
    /// A header value.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The seed page as the CLI prints it today: `expected-page.txt` with `generatedAt` replaced by `generated_at`.
pub(crate) fn expected_seed_page(generated_at: &str) -> String {
    let text = std::fs::read_to_string(seed_dir().join("expected-page.txt")).unwrap();
    text.replacen(
        "generatedAt=2026-04-19T13:28:38.791Z",
        &format!("generatedAt={generated_at}"),
        1,
    )
}
