//! A raw HTTP responder on 127.0.0.1:0 that answers requests with scripted
//! bytes, for the answers a real server of ours never gives: HTML error
//! pages, empty bodies, cut connections, silence.

use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use super::http1::{Message, read_message};

/// What the responder does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Writes these bytes (a whole raw response) and closes.
    Raw(Vec<u8>),
    /// Writes these bytes, then closes before the response is complete.
    Cut(Vec<u8>),
    /// Reads the request and never answers (until the client gives up).
    Hang,
}

impl Reply {
    /// A response with `status`, a content type and a body.
    pub fn with(status: u16, content_type: &str, body: &str) -> Self {
        let reason = match status {
            200 => "OK",
            201 => "Created",
            404 => "Not Found",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Status",
        };
        Self::Raw(
            format!(
                "HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    }

    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Self {
        Self::with(status, "application/json", body)
    }
}

/// A running responder.
pub struct RawServer {
    /// Its base URL.
    pub url: String,
    /// The requests it received, in order.
    pub requests: Arc<Mutex<Vec<Message>>>,
}

impl RawServer {
    /// Serves `replies` in order, one per connection; after the last, repeats it.
    pub async fn start(replies: Vec<Reply>) -> Self {
        Self::serve(move |n, _| replies[n.min(replies.len() - 1)].clone()).await
    }

    /// Answers each request with the reply of the first route whose prefix
    /// begins its start line (e.g. `GET /prompts/p1/stats`), else a JSON
    /// 404: a stand-in for a whole server, whatever order requests come in.
    pub async fn routes(routes: Vec<(&str, Reply)>) -> Self {
        let routes: Vec<(String, Reply)> = routes
            .into_iter()
            .map(|(prefix, reply)| (prefix.to_owned(), reply))
            .collect();
        Self::serve(move |_, req| {
            routes
                .iter()
                .find(|(prefix, _)| req.start_line().starts_with(prefix.as_str()))
                .map_or_else(
                    || Reply::json(404, r#"{"error":"No such route."}"#),
                    |(_, reply)| reply.clone(),
                )
        })
        .await
    }

    /// Answers the `n`th request `req` with `pick(n, req)`.
    async fn serve(pick: impl Fn(usize, &Message) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let pick = Arc::new(pick);
        tokio::spawn(async move {
            let mut n = 0;
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let index = n;
                n += 1;
                let seen = Arc::clone(&seen);
                let pick = Arc::clone(&pick);
                tokio::spawn(async move {
                    let Some(req) = read_message(&mut stream).await else {
                        return;
                    };
                    let reply = pick(index, &req);
                    seen.lock().unwrap().push(req);
                    match reply {
                        Reply::Raw(bytes) | Reply::Cut(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.shutdown().await;
                        }
                        Reply::Hang => {
                            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                        }
                    }
                });
            }
        });
        Self { url, requests }
    }
}
