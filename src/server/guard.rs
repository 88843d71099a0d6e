//! What stands between `/auth/*` and the password hasher: rate limits per
//! client address and per account (429 with Retry-After), and a gate that
//! lets only a few Argon2 checks run at once, on a few threads of their own,
//! with a short queue (503 with Retry-After beyond it), so memory stays
//! bounded under a login flood.

use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::ServerError;
use super::limits::{Limits, Rate};

/// How long a client is asked to wait when every hashing slot is taken.
const BUSY_RETRY: Duration = Duration::from_secs(1);
/// Keys kept per limiter before the ones back at a full allowance are dropped.
const KEYS_BEFORE_CLEANUP: usize = 10_000;
/// Longest account key kept, in bytes (an email longer than this is cut).
const MAX_ACCOUNT_KEY: usize = 320;

type Keyed<K> = RateLimiter<K, HashMapStateStore<K>, DefaultClock>;

/// One rate limit over keys of type `K`.
struct Limiter<K: Hash + Eq + Clone> {
    inner: Keyed<K>,
    clock: DefaultClock,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    fn new(rate: Rate) -> Self {
        let quota = Quota::with_period(rate.every)
            .unwrap_or_else(|| Quota::per_second(rate.burst))
            .allow_burst(rate.burst);
        Self {
            inner: RateLimiter::hashmap(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Spends one request of `key`'s allowance; 429 with the wait when there is none.
    fn check(&self, key: &K) -> Result<(), ServerError> {
        if self.inner.len() > KEYS_BEFORE_CLEANUP {
            self.inner.retain_recent();
        }
        self.inner.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            ServerError::TooManyRequests {
                // Whole seconds, rounded up, at least one.
                retry_after: Duration::from_secs(wait.as_secs() + 1),
            }
        })
    }
}

/// Rate limits and the hashing gate, shared by every request of a server.
pub struct Guards {
    /// The limits this server was started with.
    pub limits: Limits,
    login_per_address: Limiter<IpAddr>,
    login_per_account: Limiter<String>,
    signup_per_address: Limiter<IpAddr>,
    /// Tickets for checks running or waiting; none left means 503.
    admit: Arc<Semaphore>,
    /// The hashing threads' queue.
    pool: HashPool,
}

impl std::fmt::Debug for Guards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guards")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Guards {
    /// Guards enforcing `limits`.
    #[must_use]
    pub fn new(limits: Limits) -> Self {
        let running = limits.hash_concurrency.max(1);
        Self {
            login_per_address: Limiter::new(limits.login_per_address),
            login_per_account: Limiter::new(limits.login_per_account),
            signup_per_address: Limiter::new(limits.signup_per_address),
            admit: Arc::new(Semaphore::new(running + limits.hash_queue)),
            pool: HashPool::new(running),
            limits,
        }
    }

    /// Spends one login attempt of `client` and of the account `email`.
    ///
    /// # Errors
    /// [`ServerError::TooManyRequests`] when either is used up.
    pub fn login_attempt(&self, client: ClientIp, email: &str) -> Result<(), ServerError> {
        self.login_per_address.check(&client.0)?;
        self.login_per_account.check(&account_key(email))
    }

    /// Spends one signup attempt of `client`.
    ///
    /// # Errors
    /// [`ServerError::TooManyRequests`] when it is used up.
    pub fn signup_attempt(&self, client: ClientIp) -> Result<(), ServerError> {
        self.signup_per_address.check(&client.0)
    }

    /// Runs the password hash or check `work` on a hashing thread once one
    /// is free; 503 at once when the queue is full.
    ///
    /// # Errors
    /// [`ServerError::Busy`] when the queue is full, [`ServerError::Internal`]
    /// when the work panicked.
    pub async fn hash<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ServerError> {
        let Ok(_ticket) = Arc::clone(&self.admit).try_acquire_owned() else {
            return Err(ServerError::Busy {
                retry_after: BUSY_RETRY,
            });
        };
        let (done, result) = tokio::sync::oneshot::channel();
        self.pool.run(Box::new(move || {
            let _ = done.send(work());
        }));
        result
            .await
            .map_err(|_| ServerError::Internal("a hashing task failed".to_owned()))
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads for password hashing: each keeps one Argon2
/// buffer (about 19 MiB, see [`super::hashing`]), so memory is bounded by
/// the thread count, where tokio's growing blocking pool would keep one per
/// thread it ever started (measured: 308 MB after 200 logins). The threads
/// start with the first job: a server that only serves tokens (the TUI's
/// embedded default on a warm start) never starts them.
struct HashPool {
    jobs: mpsc::Sender<Job>,
    /// The queue and thread count, until the threads are started.
    idle: Mutex<Option<(mpsc::Receiver<Job>, usize)>>,
}

impl HashPool {
    /// `threads` hashing threads, started on the first job; they end when
    /// the pool is dropped.
    fn new(threads: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        Self {
            jobs,
            idle: Mutex::new(Some((queue, threads))),
        }
    }

    fn start(&self) {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some((queue, threads)) = idle else {
            return;
        };
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("hash-{n}"))
                .spawn(move || Self::work(&queue));
            if let Err(e) = spawned {
                tracing::error!("cannot start a hashing thread: {e}");
            }
        }
    }

    fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
            let Ok(job) = next else { return };
            // A panicking job drops its result sender (the request gets a
            // 500); the thread stays for the next one.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        }
    }

    fn run(&self, job: Job) {
        self.start();
        // Fails only once every thread has gone, which drops the job and
        // with it the result sender: the request then gets a 500.
        let _ = self.jobs.send(job);
    }
}

/// The account a login is counted against: the email, trimmed, lower-cased, bounded.
fn account_key(email: &str) -> String {
    let mut key = email.trim().to_lowercase();
    if key.len() > MAX_ACCOUNT_KEY {
        let mut cut = MAX_ACCOUNT_KEY;
        while !key.is_char_boundary(cut) {
            cut -= 1;
        }
        key.truncate(cut);
    }
    key
}

/// The address a request came from, as the accept loop recorded it; the
/// unspecified address for requests that came through no socket (tests).
/// IPv6 clients are counted per /64, the block one host usually holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(Self(per_host(ip)))
    }
}

/// `ip` with an IPv6 address cut to its /64 (IPv4-mapped ones read as IPv4).
fn per_host(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;

    #[test]
    fn a_burst_then_429_with_a_wait() {
        let rate = Rate::new(NonZeroU32::new(2).unwrap(), Duration::from_secs(60));
        let limiter = Limiter::<String>::new(rate);
        let key = "a@b.c".to_owned();
        assert!(limiter.check(&key).is_ok());
        assert!(limiter.check(&key).is_ok());
        match limiter.check(&key) {
            Err(ServerError::TooManyRequests { retry_after }) => {
                assert!(retry_after >= Duration::from_secs(1));
                assert!(retry_after <= Duration::from_secs(61));
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(limiter.check(&"other@b.c".to_owned()).is_ok());
    }

    #[test]
    fn accounts_are_case_blind_and_ipv6_counts_per_64() {
        assert_eq!(account_key(" Ada@Example.COM "), "ada@example.com");
        assert_eq!(account_key(&"é".repeat(400)).len(), 320);
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(per_host(a), per_host(b));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(per_host(mapped), "10.0.0.1".parse::<IpAddr>().unwrap());
    }

    #[tokio::test]
    async fn the_gate_refuses_beyond_its_queue() {
        let limits = Limits {
            hash_concurrency: 1,
            hash_queue: 0,
            ..Limits::default()
        };
        let guards = Arc::new(Guards::new(limits));
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let g = Arc::clone(&guards);
        let first = tokio::spawn(async move {
            g.hash(move || {
                started_tx.send(()).unwrap();
                release_rx.recv().unwrap();
                1
            })
            .await
        });
        tokio::task::spawn_blocking(move || started_rx.recv().unwrap())
            .await
            .unwrap();
        let second = guards.hash(|| 2).await;
        assert!(
            matches!(second, Err(ServerError::Busy { .. })),
            "{second:?}"
        );
        release_tx.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        assert_eq!(guards.hash(|| 3).await.unwrap(), 3);
    }
}
