//! `promptcrafter serve` as a real process on 127.0.0.1:0: started with its
//! own home directory, a database and a shared signing secret; its address
//! read from the line it prints; stopped by SIGKILL or when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a server may take to start (migrations included).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `promptcrafter serve` process.
pub struct ServeProcess {
    child: Child,
    /// The API base URL it announced.
    pub url: String,
}

/// A started process whose address is not yet known.
pub struct Starting {
    child: Child,
    lines: mpsc::Receiver<String>,
}

/// Starts `promptcrafter serve --addr 127.0.0.1:0 --db DB` with its data
/// under `home` and `PROMPTCRAFTER_JWT_SECRET` set to `secret`.
pub fn spawn(home: &Path, db: &str, secret: &str) -> Starting {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
        .env("PROMPTCRAFTER_HOME", home)
        .env("PROMPTCRAFTER_JWT_SECRET", secret)
        .env_remove("PROMPTCRAFTER_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start promptcrafter serve");
    let stderr = child.stderr.take().expect("stderr");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        // Read to the end even once nobody listens: a closed pipe would
        // make the server's next write to stderr fail.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    Starting { child, lines }
}

impl Starting {
    /// Waits (up to a deadline) for the announced address.
    pub fn ready(mut self) -> ServeProcess {
        let deadline = std::time::Instant::now() + START_TIMEOUT;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            if let Some(rest) = line
                .split(" on ")
                .nth(1)
                .filter(|_| line.contains("serving"))
            {
                let url = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                return ServeProcess {
                    child: self.child,
                    url,
                };
            }
            seen.push(line);
        }
        let _ = self.child.kill();
        panic!("serve did not start: {seen:?}");
    }
}

impl ServeProcess {
    /// Starts a server and waits until it listens.
    pub fn start(home: &Path, db: &str, secret: &str) -> ServeProcess {
        spawn(home, db, secret).ready()
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and reaps it.
    pub fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
