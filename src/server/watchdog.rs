//! A connection's clock: what it is doing (waiting for a request's headers,
//! serving one, idle between requests), recorded by an IO wrapper and the
//! service, and the watchdog that says when it has taken too long.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

/// Why the watchdog closed a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expiry {
    /// A request's headers did not arrive in time (slowloris, or silence).
    Headers,
    /// The connection sat idle between requests for too long.
    Idle,
}

/// The timeouts a watchdog enforces.
#[derive(Debug, Clone, Copy)]
pub(super) struct Timeouts {
    /// From the start of a request (or the connection) to its last header.
    pub(super) header: Duration,
    /// Silence between requests.
    pub(super) idle: Duration,
}

#[derive(Debug)]
struct Phase {
    /// Requests being served now.
    in_flight: usize,
    /// When the current request's first byte (or the connection) arrived,
    /// while its headers are not complete.
    head_started: Option<Instant>,
    /// The last read or write of any bytes, or the end of the last request.
    last_activity: Instant,
}

/// Shared by a connection's IO wrapper, its service and its watchdog.
#[derive(Debug)]
pub(super) struct Activity {
    phase: Mutex<Phase>,
    /// Wakes the watchdog when its deadline may have come earlier (a new
    /// request's first byte) or a request ended; nothing else wakes it
    /// before its deadline, so an idle connection costs no wake-ups.
    earlier: Notify,
}

impl Activity {
    /// A connection accepted now: its first request's headers are due.
    pub(super) fn new() -> Arc<Self> {
        let now = Instant::now();
        Arc::new(Self {
            phase: Mutex::new(Phase {
                in_flight: 0,
                head_started: Some(now),
                last_activity: now,
            }),
            earlier: Notify::new(),
        })
    }

    fn phase(&self) -> MutexGuard<'_, Phase> {
        // The phase is a few plain values: still usable after a panic.
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn bytes_read(&self) {
        let now = Instant::now();
        let mut p = self.phase();
        p.last_activity = now;
        if p.in_flight == 0 && p.head_started.is_none() {
            p.head_started = Some(now);
            drop(p);
            self.earlier.notify_one();
        }
    }

    fn bytes_written(&self) {
        self.phase().last_activity = Instant::now();
    }

    /// Marks a request as being served until the returned guard drops.
    pub(super) fn begin(self: &Arc<Self>) -> Serving {
        let mut p = self.phase();
        p.in_flight += 1;
        p.head_started = None;
        drop(p);
        Serving(Arc::clone(self))
    }

    /// When the connection's current wait runs out, if it is waiting.
    fn deadline(&self, t: Timeouts) -> Option<(Instant, Expiry)> {
        let p = self.phase();
        if p.in_flight > 0 {
            return None;
        }
        Some(match p.head_started {
            Some(since) => (since + t.header, Expiry::Headers),
            None => (p.last_activity + t.idle, Expiry::Idle),
        })
    }

    /// Resolves when the connection has waited too long for headers or sat
    /// idle too long; never while a request is being served. It sleeps until
    /// the deadline: activity only moves a deadline later (it is checked
    /// again then), and what may bring it earlier wakes it.
    pub(super) async fn expired(&self, t: Timeouts) -> Expiry {
        loop {
            match self.deadline(t) {
                Some((at, why)) if at <= Instant::now() => return why,
                Some((at, _)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = self.earlier.notified() => {}
                    }
                }
                None => self.earlier.notified().await,
            }
        }
    }
}

/// A request being served; dropping it marks the end of the request.
#[derive(Debug)]
pub(super) struct Serving(Arc<Activity>);

impl Drop for Serving {
    fn drop(&mut self) {
        let mut p = self.0.phase();
        p.in_flight = p.in_flight.saturating_sub(1);
        p.last_activity = Instant::now();
        drop(p);
        self.0.earlier.notify_one();
    }
}

/// An IO stream that reports its reads and writes to an [`Activity`].
#[derive(Debug)]
pub(super) struct TimedIo<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T> TimedIo<T> {
    pub(super) fn new(inner: T, activity: Arc<Activity>) -> Self {
        Self { inner, activity }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for TimedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for TimedIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.bytes_written();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.bytes_written();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timeouts = Timeouts {
        header: Duration::from_secs(10),
        idle: Duration::from_secs(60),
    };

    #[test]
    fn the_wait_follows_the_phase() {
        let a = Activity::new();
        let accepted = a.phase().head_started.unwrap();
        assert_eq!(a.deadline(T), Some((accepted + T.header, Expiry::Headers)));
        let serving = a.begin();
        a.bytes_read();
        assert_eq!(a.deadline(T), None, "a request in flight never expires");
        drop(serving);
        let (at, why) = a.deadline(T).unwrap();
        assert_eq!(why, Expiry::Idle);
        assert_eq!(at, a.phase().last_activity + T.idle);
        a.bytes_read();
        let head = a.phase().head_started.expect("a new request started");
        assert_eq!(a.deadline(T), Some((head + T.header, Expiry::Headers)));
    }

    #[tokio::test]
    async fn a_silent_connection_expires() {
        let short = Timeouts {
            header: Duration::from_millis(30),
            idle: Duration::from_millis(30),
        };
        let a = Activity::new();
        assert_eq!(a.expired(short).await, Expiry::Headers);
        drop(a.begin());
        assert_eq!(a.expired(short).await, Expiry::Idle);
    }

    /// The watchdog of an idle connection sleeps toward the idle deadline
    /// (an hour here); a new request's first byte must wake it for the
    /// header deadline, and a request in flight must let it rearm after.
    #[tokio::test]
    async fn a_new_request_wakes_the_watchdog_for_its_header_deadline() {
        let t = Timeouts {
            header: Duration::from_millis(30),
            idle: Duration::from_secs(3600),
        };
        let a = Activity::new();
        let serving = a.begin();
        let watchdog = tokio::spawn({
            let a = Arc::clone(&a);
            async move { a.expired(t).await }
        });
        // Each yield lets the watchdog run until it waits again: first with
        // no deadline (a request in flight), then toward the idle one.
        tokio::task::yield_now().await;
        drop(serving);
        tokio::task::yield_now().await;
        a.bytes_read();
        let why = tokio::time::timeout(Duration::from_secs(20), watchdog)
            .await
            .expect("woken for the header deadline, not the idle one")
            .unwrap();
        assert_eq!(why, Expiry::Headers);
    }
}
