//! Shared helpers for the probe, install and evidence tests: real listener child processes that are always killed.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

/// A Python script that listens on 127.0.0.1 (and `[::1]` on the same port when IPv6 is available), prints the
/// port and sleeps. It contains neither "openclaw" nor "gateway".
const LISTEN_SCRIPT: &str = "import socket,time\n\
s=socket.socket()\n\
s.bind(('127.0.0.1',0))\n\
s.listen()\n\
p=s.getsockname()[1]\n\
try:\n  t=socket.socket(socket.AF_INET6)\n  t.bind(('::1',p))\n  t.listen()\nexcept OSError:\n  pass\n\
print(p,flush=True)\n\
time.sleep(120)\n";

/// The real Python binary (not a pyenv shim, so that `arg0` and the pid survive).
pub const PYTHON: &str = "/usr/bin/python3";

/// A child process killed (and reaped) when dropped.
pub struct Guard {
    pub child: Child,
    pub port: u16,
}

impl Guard {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How to start a listener.
#[derive(Default)]
pub struct Spec<'a> {
    /// Replaces argv[0] (e.g. `openclaw-gateway`).
    pub arg0: Option<&'a str>,
    /// Extra arguments after the script (e.g. `["openclaw", "gateway"]`).
    pub extra_args: &'a [&'a str],
    /// Environment variables to add.
    pub env: &'a [(&'a str, &'a str)],
}

/// Starts a listening child and waits until it has bound its port.
pub fn spawn_listener(spec: &Spec<'_>) -> Guard {
    let mut cmd = Command::new(PYTHON);
    if let Some(arg0) = spec.arg0 {
        cmd.arg0(arg0);
    }
    cmd.arg("-c").arg(LISTEN_SCRIPT).args(spec.extra_args);
    for (k, v) in spec.env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn python3");
    let stdout = child.stdout.take().expect("stdout");
    let mut guard = Guard { child, port: 0 };
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read port");
    guard.port = line.trim().parse().expect("port line");
    guard
}

/// A port nothing listens on (bound once, then released).
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// A pid that is certainly not running any more (a child that exited and was reaped).
pub fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

/// `/proc/<pid>/stat` field 22.
pub fn start_time(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    clawscope_core::gateway::process::parse_proc_stat(&text)
        .expect("parse stat")
        .start_time
}

/// A temp world for evidence tests: a home dir, an OS temp dir and this process's uid.
pub struct World {
    _tmp: tempfile::TempDir,
    pub home: camino::Utf8PathBuf,
    pub os_tmp: camino::Utf8PathBuf,
    pub uid: u32,
}

impl World {
    pub fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = camino::Utf8PathBuf::from_path_buf(tmp.path().to_path_buf()).expect("utf8");
        let os_tmp = root.join("ostmp");
        std::fs::create_dir_all(&os_tmp).expect("mkdir");
        World {
            home: root.join("home"),
            os_tmp,
            uid: clawscope::env::current_uid().expect("uid"),
            _tmp: tmp,
        }
    }

    /// An environment with this world's home, temp dir and uid, and an empty `PATH`.
    pub fn env(&self) -> clawscope_core::Env {
        clawscope_core::Env::new(self.home.clone())
            .with_uid(self.uid)
            .with_temp_dir(self.os_tmp.clone())
            .with_var("PATH", "")
    }

    /// A state dir `~/<name>` with an `openclaw.json` configuring `port`.
    pub fn install(&self, name: &str, port: u16) -> camino::Utf8PathBuf {
        let state = self.home.join(name);
        std::fs::create_dir_all(&state).expect("mkdir");
        std::fs::write(
            state.join("openclaw.json"),
            format!("{{gateway: {{port: {port}}}}}"),
        )
        .expect("config");
        state
    }
}
