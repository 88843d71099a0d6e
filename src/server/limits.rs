//! The server's limits and network settings: connection cap, header, body and
//! idle timeouts, body size, password-check concurrency, login and signup
//! rate limits, TLS files and CORS origins; each with a default that suits a
//! small team.

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body accepted by default: model outputs can be long (the
/// output field alone may hold 10 MiB, see [`crate::model::MAX_OUTPUT_BYTES`]).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// How many requests a client address or an account may make in a burst, and
/// how fast that allowance comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed at once after a quiet spell.
    pub burst: NonZeroU32,
    /// One more request is allowed each time this much time passes.
    pub every: Duration,
}

impl Rate {
    /// `burst` requests at once, then one per `every`.
    #[must_use]
    pub const fn new(burst: NonZeroU32, every: Duration) -> Self {
        Self { burst, every }
    }
}

/// What one server accepts before it refuses, closes or asks a client to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Time from accepting a connection (or from the first byte of a later
    /// request) to the end of the request's headers.
    pub header_timeout: Duration,
    /// Time to receive a whole request body once its headers are in.
    pub body_timeout: Duration,
    /// Time a kept-alive connection may wait, silent, between requests.
    pub idle_timeout: Duration,
    /// Largest request body, in bytes; a larger declared Content-Length is
    /// answered 413 before any of the body is read.
    pub body_limit: usize,
    /// Password hashes (Argon2, about 19 MiB each) computed at once.
    pub hash_concurrency: usize,
    /// Password checks that may wait for a free slot; beyond, 503.
    pub hash_queue: usize,
    /// `POST /auth/login` per client address.
    pub login_per_address: Rate,
    /// `POST /auth/login` per account (email), whoever asks.
    pub login_per_account: Rate,
    /// `POST /auth/signup` per client address.
    pub signup_per_address: Rate,
}

/// A non-zero count from a literal.
const fn nz(n: u32) -> NonZeroU32 {
    match NonZeroU32::new(n) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    }
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            body_limit: BODY_LIMIT,
            hash_concurrency: cores,
            hash_queue: 2 * cores,
            login_per_address: Rate::new(nz(30), Duration::from_secs(1)),
            login_per_account: Rate::new(nz(10), Duration::from_secs(6)),
            signup_per_address: Rate::new(nz(10), Duration::from_secs(6)),
        }
    }
}

/// The certificate chain and private key a server speaks TLS with (PEM files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}
