//! The accept loop: a cap on open connections (503 and close beyond it),
//! optional TLS, HTTP/1.1 per connection under a watchdog for the header
//! and idle timeouts, the client's address handed to the handlers, and a
//! graceful shutdown that lets requests in flight finish.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tower::Service;

use super::watchdog::{Activity, Expiry, TimedIo, Timeouts};

/// What a connection over the cap is told before it is closed.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\nretry-after: 1\r\nconnection: close\r\n\
content-length: 59\r\n\r\n\
{\"error\":\"The server has too many connections: try again.\"}";
/// Pause after a failed accept (e.g. out of file descriptors), so that the
/// loop does not spin while the condition lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// How the accept loop treats connections.
#[derive(Clone)]
pub(super) struct Acceptor {
    /// The whole API.
    pub(super) app: Router,
    /// TLS, or plain HTTP when `None`.
    pub(super) tls: Option<TlsAcceptor>,
    /// Connections open at once.
    pub(super) max_connections: usize,
    /// Header and idle timeouts.
    pub(super) timeouts: Timeouts,
}

/// Accepts connections on `listener` until `stop`, then waits for the open
/// ones to finish their requests.
pub(super) async fn run(listener: TcpListener, acceptor: Acceptor, stop: CancellationToken) {
    let slots = Arc::new(Semaphore::new(acceptor.max_connections.max(1)));
    let mut open = JoinSet::new();
    loop {
        let (stream, peer) = tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        while open.try_join_next().is_some() {}
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            refuse(&stream, acceptor.tls.is_some(), peer);
            continue;
        };
        let conn = Connection {
            acceptor: acceptor.clone(),
            peer,
            stop: stop.clone(),
            _slot: slot,
        };
        open.spawn(conn.serve(stream));
    }
    drop(listener);
    while open.join_next().await.is_some() {}
}

/// Answers 503 to a connection over the cap (plain HTTP only) and closes it.
fn refuse(stream: &TcpStream, tls: bool, peer: SocketAddr) {
    tracing::warn!("too many connections: refusing {peer}");
    if !tls {
        // One non-blocking write into a fresh socket's buffer; whatever
        // does not fit is dropped with the connection.
        let _ = stream.try_write(REFUSAL);
    }
}

/// One accepted connection and what it needs to be served.
struct Connection {
    acceptor: Acceptor,
    peer: SocketAddr,
    stop: CancellationToken,
    /// Held for the connection's life: one of the capped slots.
    _slot: OwnedSemaphorePermit,
}

impl Connection {
    async fn serve(self, stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let activity = Activity::new();
        let io = TimedIo::new(stream, Arc::clone(&activity));
        match self.acceptor.tls.clone() {
            None => self.serve_http(io, activity).await,
            Some(tls) => {
                let handshake = tokio::time::timeout(self.acceptor.timeouts.header, tls.accept(io));
                match handshake.await {
                    Ok(Ok(stream)) => self.serve_http(stream, activity).await,
                    Ok(Err(e)) => tracing::debug!("TLS handshake with {} failed: {e}", self.peer),
                    Err(_) => tracing::debug!("TLS handshake with {} timed out", self.peer),
                }
            }
        }
    }

    async fn serve_http<I>(self, io: I, activity: Arc<Activity>)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let (app, peer, act) = (self.acceptor.app.clone(), self.peer, Arc::clone(&activity));
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            let mut app = app.clone();
            request.extensions_mut().insert(ConnectInfo(peer));
            let serving = act.begin();
            async move {
                let response = app.call(request.map(axum::body::Body::new)).await;
                drop(serving);
                response
            }
        });
        let conn = http1::Builder::new().serve_connection(TokioIo::new(io), service);
        tokio::pin!(conn);
        let timeouts = self.acceptor.timeouts;
        let ended = tokio::select! {
            served = conn.as_mut() => served,
            why = activity.expired(timeouts) => return closed(peer, why),
            () = self.stop.cancelled() => {
                conn.as_mut().graceful_shutdown();
                tokio::select! {
                    served = conn.as_mut() => served,
                    why = activity.expired(timeouts) => return closed(peer, why),
                }
            }
        };
        if let Err(e) = ended {
            tracing::debug!("connection from {peer} ended: {e}");
        }
    }
}

fn closed(peer: SocketAddr, why: Expiry) {
    tracing::debug!("closing the connection from {peer}: {why:?} timeout");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_declares_its_length() {
        let text = std::str::from_utf8(REFUSAL).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let _: serde_json::Value = serde_json::from_str(body).unwrap();
    }
}
