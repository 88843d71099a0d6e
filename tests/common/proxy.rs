//! A proxy on 127.0.0.1:0 in front of a real server of ours that can fail in
//! scripted ways per request: answer 500 without forwarding, or forward (so
//! the server commits) and then drop the connection without answering.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use super::http1::read_message;

/// What the proxy does with one request whose start line matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answers 500 with a JSON error, without forwarding.
    Fail500,
    /// Answers 503 with `Retry-After: 1`, without forwarding.
    Busy503,
    /// Forwards, lets the server answer, then closes without a word.
    DropAnswer,
}

/// A running proxy.
pub struct Proxy {
    /// The proxy's base URL.
    pub url: String,
    /// Faults still to apply, in order, to requests whose start line begins
    /// with the paired prefix (e.g. `POST /logs`); others pass through.
    pub faults: Arc<Mutex<VecDeque<(String, Fault)>>>,
    /// Start lines of every request seen.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// A proxy to `upstream` applying `faults` in order.
    pub async fn start(upstream: SocketAddr, faults: Vec<(&str, Fault)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let faults = Arc::new(Mutex::new(
            faults
                .into_iter()
                .map(|(p, f)| (p.to_owned(), f))
                .collect::<VecDeque<_>>(),
        ));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (f2, s2) = (Arc::clone(&faults), Arc::clone(&seen));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(handle(stream, upstream, Arc::clone(&f2), Arc::clone(&s2)));
            }
        });
        Self { url, faults, seen }
    }

    /// How many scripted faults have not happened yet.
    pub fn faults_left(&self) -> usize {
        self.faults.lock().unwrap().len()
    }
}

async fn handle(
    mut client: TcpStream,
    upstream: SocketAddr,
    faults: Arc<Mutex<VecDeque<(String, Fault)>>>,
    seen: Arc<Mutex<Vec<String>>>,
) {
    let Some(req) = read_message(&mut client).await else {
        return;
    };
    let line = req.start_line().to_owned();
    seen.lock().unwrap().push(line.clone());
    let fault = {
        let mut f = faults.lock().unwrap();
        match f.front() {
            Some((prefix, fault)) if line.starts_with(prefix.as_str()) => {
                let fault = *fault;
                f.pop_front();
                Some(fault)
            }
            _ => None,
        }
    };
    let canned = |status: &str, extra: &str| {
        let body = r#"{"error":"An unexpected server error occurred."}"#;
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    match fault {
        Some(Fault::Fail500) => {
            let _ = client
                .write_all(canned("500 Internal Server Error", "").as_bytes())
                .await;
            return;
        }
        Some(Fault::Busy503) => {
            let _ = client
                .write_all(canned("503 Service Unavailable", "retry-after: 1\r\n").as_bytes())
                .await;
            return;
        }
        _ => {}
    }
    let Ok(mut up) = TcpStream::connect(upstream).await else {
        return;
    };
    if up.write_all(&req.to_bytes_closing()).await.is_err() {
        return;
    }
    let Some(resp) = read_message(&mut up).await else {
        return;
    };
    if fault == Some(Fault::DropAnswer) {
        // The server has committed; the client never hears of it.
        drop(client);
        return;
    }
    let _ = client.write_all(&resp.to_bytes_closing()).await;
}
