//! How the client's requests travel: rustls with the platform's roots plus
//! an optional team CA, no redirect to another origin, credentials over
//! plain http only to loopback unless allowed, and URLs shown without the
//! credentials they may carry.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::OnceLock;

use reqwest::redirect::{Attempt, Policy};
use reqwest::{ClientBuilder, Url};

use super::ApiError;

/// The most redirects followed within one origin.
const MAX_REDIRECTS: usize = 5;

/// The transport settings a client is built with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transport {
    /// Send the password and the token over plain http to any host, not only
    /// to loopback (`--allow-insecure-http`).
    pub allow_insecure_http: bool,
    /// A PEM file of CA certificates trusted besides the platform's roots
    /// (`--ca-cert`).
    pub ca_cert: Option<PathBuf>,
    /// Host names resolved to fixed addresses instead of through DNS (for
    /// split-horizon setups and tests, like curl's `--resolve`).
    pub resolve: Vec<(String, SocketAddr)>,
}

static PROCESS_DEFAULT: OnceLock<Transport> = OnceLock::new();

impl Transport {
    /// Makes `self` the settings of every client built with
    /// [`super::ApiClient::new`] in this process (the command line's flags);
    /// only the first call counts.
    pub fn install(self) {
        let _ = PROCESS_DEFAULT.set(self);
    }

    /// The settings installed for this process, or the strict defaults.
    #[must_use]
    pub fn process_default() -> Self {
        PROCESS_DEFAULT.get().cloned().unwrap_or_default()
    }

    /// `builder` with this transport's roots, name overrides and redirect rule.
    pub(super) fn apply(&self, mut builder: ClientBuilder) -> Result<ClientBuilder, ApiError> {
        if let Some(path) = &self.ca_cert {
            let pem = std::fs::read(path).map_err(|e| ca_error(path, &e.to_string()))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| ca_error(path, &e.to_string()))?;
            if certs.is_empty() {
                return Err(ca_error(path, "holds no PEM certificate"));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        for (host, addr) in &self.resolve {
            builder = builder.resolve(host, *addr);
        }
        Ok(builder.redirect(Policy::custom(same_origin_only)))
    }

    /// Refuses to send `what` (a password, a token) to `url` over plain
    /// http unless the host is loopback or insecure http is allowed.
    pub(super) fn check(&self, url: &Url, what: &'static str) -> Result<(), ApiError> {
        if url.scheme() == "https" || self.allow_insecure_http || is_loopback(url) {
            return Ok(());
        }
        Err(ApiError::InsecureTransport {
            what,
            host: url.host_str().unwrap_or_default().to_owned(),
        })
    }
}

fn ca_error(path: &std::path::Path, reason: &str) -> ApiError {
    ApiError::CaCert(format!("{}: {reason}", path.display()))
}

/// Follows a redirect only within the same scheme, host and port, so that a
/// token or password is never carried to another origin.
fn same_origin_only(attempt: Attempt<'_>) -> reqwest::redirect::Action {
    let Some(previous) = attempt.previous().last() else {
        return attempt.stop();
    };
    let next = attempt.url();
    let same = next.scheme() == previous.scheme()
        && next.host_str() == previous.host_str()
        && next.port_or_known_default() == previous.port_or_known_default();
    if same && attempt.previous().len() <= MAX_REDIRECTS {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

/// Whether `url` names this machine: `localhost` or a loopback address.
#[must_use]
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// `url` without a user name or password, for display, logs, file names
/// and the outbox.
#[must_use]
pub fn redact(url: &Url) -> Url {
    let mut shown = url.clone();
    // Only fails for URLs that cannot carry credentials in the first place.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown
}

/// `text` (a URL typed by a user, or a message quoting one) with any
/// `user:password@` of an http(s) URL in it replaced by `***@`.
#[must_use]
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace())
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(userinfo_end) => {
                out.push_str("***");
                rest = &tail[userinfo_end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for url in [
            "http://127.0.0.1:1",
            "http://[::1]:2",
            "http://localhost",
            "http://a.localhost",
        ] {
            assert!(is_loopback(&Url::parse(url).unwrap()), "{url}");
        }
        for url in [
            "http://10.0.0.1",
            "http://example.com",
            "http://localhost.example.com",
        ] {
            assert!(!is_loopback(&Url::parse(url).unwrap()), "{url}");
        }
    }

    #[test]
    fn plain_http_beyond_loopback_needs_consent() {
        let strict = Transport::default();
        let remote = Url::parse("http://team.example:8080").unwrap();
        let e = strict.check(&remote, "token").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("team.example"), "{text}");
        assert!(text.contains("https://"), "{text}");
        assert!(text.contains("--allow-insecure-http"), "{text}");
        assert!(
            strict
                .check(&Url::parse("https://team.example").unwrap(), "token")
                .is_ok()
        );
        assert!(
            strict
                .check(&Url::parse("http://127.0.0.1:9").unwrap(), "token")
                .is_ok()
        );
        let allowed = Transport {
            allow_insecure_http: true,
            ..Transport::default()
        };
        assert!(allowed.check(&remote, "token").is_ok());
    }

    #[test]
    fn credentials_are_redacted() {
        let url = Url::parse("http://u:p@host:1/api").unwrap();
        assert_eq!(redact(&url).as_str(), "http://host:1/api");
        assert_eq!(
            redact_text("cannot reach http://u:p%40x@host/a?b=c@d, or https://k@h"),
            "cannot reach http://***@host/a?b=c@d, or https://***@h"
        );
        assert_eq!(redact_text("no url here"), "no url here");
    }
}
