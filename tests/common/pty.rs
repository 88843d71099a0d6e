//! The real binary in a pseudo-terminal, its screen read through a vt100
//! emulator: type keys, paste, wait for what a user would see.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// A running `promptcrafter` in a terminal of a fixed size.
pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    raw: Arc<Mutex<Vec<u8>>>,
}

/// PTY tests run one at a time: each drives a real process against a real
/// server, and on a loaded two-core machine several at once starve each other.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long a condition may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

impl Pty {
    /// Starts the binary with `args` and extra environment in a `cols`x`rows` terminal.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_promptcrafter"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("PROMPTCRAFTER_API_URL");
        cmd.env_remove("PROMPTCRAFTER_TOKEN");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn promptcrafter");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, w, r) = (Arc::clone(&parser), Arc::clone(&writer), Arc::clone(&raw));
        std::thread::spawn(move || {
            // Keeps the master open for as long as the child writes.
            let _master = pair.master;
            let mut buf = [0u8; 65536];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let chunk = &buf[..n];
                answer_queries(chunk, &p, &w);
                p.lock().unwrap().process(chunk);
                r.lock().unwrap().extend_from_slice(chunk);
            }
        });
        Self {
            parser,
            writer,
            child,
            raw,
        }
    }

    /// Every byte the program wrote to the terminal so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// The screen's text, row by row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether the terminal is in the alternate screen, and whether the
    /// cursor is hidden: both false once a program gave the terminal back.
    pub fn terminal_modes(&self) -> (bool, bool) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        (screen.alternate_screen(), screen.hide_cursor())
    }

    /// Waits until the program has given the terminal back (main screen,
    /// cursor shown): its last bytes may still be on their way after it exits.
    pub fn wait_restored(&self) {
        let start = Instant::now();
        while self.terminal_modes() != (false, false) {
            assert!(
                start.elapsed() < PATIENCE,
                "the terminal was not restored: {:?}",
                self.terminal_modes()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Sends a signal (e.g. "TERM", "HUP") to the program.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits until `cond` holds for the screen; panics with the screen if it
    /// does not within [`PATIENCE`].
    pub fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if cond(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Sends raw bytes (keys) to the program.
    pub fn send(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    /// Types text key by key.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.send(c.encode_utf8(&mut b).as_bytes());
        }
    }

    /// Pastes `text` as a terminal does with bracketed paste on.
    pub fn paste(&self, text: &str) {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~");
        self.send(&bytes);
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Kills the program with SIGKILL (no chance to clean up) and reaps it.
    pub fn kill9(&mut self) {
        let status = std::process::Command::new("kill")
            .args(["-9", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let _ = self.child.wait();
    }

    /// Waits for the program to exit; returns whether it exited with 0.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the program did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Answers the queries a terminal answers, so that a program that asks
/// (cursor position, device attributes, keyboard protocol) does not wait.
fn answer_queries(
    chunk: &[u8],
    parser: &Arc<Mutex<vt100::Parser>>,
    writer: &Arc<Mutex<Box<dyn Write + Send>>>,
) {
    let has = |q: &[u8]| chunk.windows(q.len()).any(|w| w == q);
    let mut reply = Vec::new();
    if has(b"\x1b[6n") {
        let (row, col) = parser.lock().unwrap().screen().cursor_position();
        reply.extend_from_slice(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
    }
    if has(b"\x1b[?u") {
        reply.extend_from_slice(b"\x1b[?0u");
    }
    if has(b"\x1b[c") || has(b"\x1b[0c") {
        reply.extend_from_slice(b"\x1b[?62;22c");
    }
    if !reply.is_empty() {
        let mut w = writer.lock().unwrap();
        let _ = w.write_all(&reply);
        let _ = w.flush();
    }
}
