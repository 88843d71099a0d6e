//! Minimal HTTP/1.1 framing for the test responders: read one request or
//! response (headers, then a Content-Length body) from a stream.

use tokio::io::{AsyncRead, AsyncReadExt};

/// One HTTP message: the head (start line and headers) and the body.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// Start line and headers, without the blank line.
    pub head: String,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Message {
    /// The start line (e.g. `POST /logs HTTP/1.1`).
    pub fn start_line(&self) -> &str {
        self.head.lines().next().unwrap_or("")
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The head and body as bytes, with `Connection: close` in place of any
    /// connection header.
    pub fn to_bytes_closing(&self) -> Vec<u8> {
        let mut out = String::new();
        for (i, line) in self.head.lines().enumerate() {
            if i > 0 && line.to_ascii_lowercase().starts_with("connection:") {
                continue;
            }
            out.push_str(line);
            out.push_str("\r\n");
        }
        out.push_str("connection: close\r\n\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Reads one message; `None` when the stream ends before a full head.
pub async fn read_message<R: AsyncRead + Unpin>(r: &mut R) -> Option<Message> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = r.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut msg = Message {
        head,
        body: buf[head_end + 4..].to_vec(),
    };
    let len: usize = msg
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while msg.body.len() < len {
        let n = r.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        msg.body.extend_from_slice(&chunk[..n]);
    }
    Some(msg)
}
