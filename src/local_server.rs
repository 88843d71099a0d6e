//! The embedded default: when no remote API is configured, promptcrafter
//! runs its own server on loopback with its database in the data dir, and a
//! local account made (and logged in) for the user, with sample prompts on
//! the first run. Everything still goes through HTTP and the client.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, SystemTime};

use rand::Rng;
use rand::distr::Alphanumeric;
use serde::{Deserialize, Serialize};

use crate::client::{ApiClient, ApiError, ClientOptions};
use crate::model::{NewPrompt, SignupRequest};
use crate::paths::{self, Paths};
use crate::server::{self, RunningServer, ServerConfig, ServerError};

/// The label the token file of the embedded default is keyed by.
pub const LOCAL_LABEL: &str = "local";
/// A stored token older than this is replaced by a fresh login (the server's
/// default lifetime is 7 days).
const TOKEN_REFRESH_AGE: Duration = Duration::from_secs(6 * 24 * 3600);
/// The sample prompts loaded on the first run.
const SAMPLE_PROMPTS: &str = include_str!("../assets/sample-prompts.json");

/// The local account's credentials, kept in the data dir with mode 0600.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalAccount {
    /// Login email.
    pub email: String,
    /// Generated password.
    pub password: String,
}

/// A running embedded server with a logged-in client.
#[derive(Debug)]
pub struct Embedded {
    /// The server, on 127.0.0.1 and a free port.
    pub server: RunningServer,
    /// A client with the local account's token.
    pub client: ApiClient,
    /// The local account.
    pub account: LocalAccount,
}

/// The embedded default could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    /// The server failed to start (database, secret, port).
    #[error("cannot start the local server: {0}")]
    Server(#[from] ServerError),
    /// The local account could not be made or used.
    #[error("cannot set up the local account: {0}")]
    Api(#[from] ApiError),
    /// A file in the data dir could not be read or written.
    #[error("cannot use the data directory: {0}")]
    Io(#[from] std::io::Error),
}

/// Starts the embedded server and logs in (making the account and loading the
/// sample prompts on the first run).
///
/// # Errors
/// See [`EmbeddedError`].
pub async fn start(paths: &Paths, options: ClientOptions) -> Result<Embedded, EmbeddedError> {
    let fresh_db = !paths.db_file().exists();
    let config = ServerConfig::new(paths.db_file(), paths.secret_file());
    let server = server::start(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let client = ApiClient::new(&server.url(), options)?;
    let token_file = paths.token_file(LOCAL_LABEL);
    let stored = if fresh_db { None } else { read_account(paths)? };
    // A stored token is used as it is: rewriting it (two fsyncs) cost a
    // warm start ~10 ms, and kept its file's age, which says when it was
    // issued, from ever reaching the refresh age.
    let (account, token) = match stored {
        Some(account) => match fresh_token(&token_file)? {
            Some(t) => (account, t),
            None => {
                let token = client.login(&account.email, &account.password).await?;
                paths::write_private(&token_file, token.as_bytes())?;
                (account, token)
            }
        },
        None => {
            let (account, token) = first_run(paths, &client).await?;
            paths::write_private(&token_file, token.as_bytes())?;
            (account, token)
        }
    };
    Ok(Embedded {
        server,
        client: client.with_token(token),
        account,
    })
}

fn read_account(paths: &Paths) -> Result<Option<LocalAccount>, EmbeddedError> {
    let Some(text) = paths::read_optional(&paths.local_account_file())? else {
        return Ok(None);
    };
    Ok(serde_json::from_str(&text).ok())
}

/// The stored token, unless it is missing or old enough to expire soon.
fn fresh_token(file: &std::path::Path) -> std::io::Result<Option<String>> {
    let Some(token) = paths::read_optional(file)? else {
        return Ok(None);
    };
    let age = std::fs::metadata(file)?
        .modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or(Duration::MAX);
    let token = token.trim().to_owned();
    Ok((age < TOKEN_REFRESH_AGE && !token.is_empty()).then_some(token))
}

/// Makes the local account, logs in and loads the sample prompts.
async fn first_run(
    paths: &Paths,
    client: &ApiClient,
) -> Result<(LocalAccount, String), EmbeddedError> {
    let name = std::env::var("USER").unwrap_or_else(|_| "local".to_owned());
    let mut account = LocalAccount {
        email: "local@promptcrafter.localhost".to_owned(),
        password: random_string(24),
    };
    let signup = |account: &LocalAccount| SignupRequest {
        name: name.clone(),
        email: account.email.clone(),
        password: account.password.clone(),
    };
    if let Err(e) = client.signup(&signup(&account)).await {
        if e.status() != Some(409) {
            return Err(e.into());
        }
        // The database outlived the account file: make a second account.
        account.email = format!("local-{}@promptcrafter.localhost", random_string(8));
        client.signup(&signup(&account)).await?;
    }
    paths::write_private(
        &paths.local_account_file(),
        &serde_json::to_vec_pretty(&account).unwrap_or_default(),
    )?;
    let token = client.login(&account.email, &account.password).await?;
    let authed = client.clone().with_token(token.clone());
    for prompt in sample_prompts() {
        authed.create_prompt(&prompt).await?;
    }
    Ok((account, token))
}

/// The sample prompts shipped in `assets/`.
#[must_use]
pub fn sample_prompts() -> Vec<NewPrompt> {
    serde_json::from_str(SAMPLE_PROMPTS).unwrap_or_default()
}

fn random_string(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_prompts_are_valid() {
        let prompts = sample_prompts();
        assert!(prompts.len() >= 5);
        for p in prompts {
            let v = serde_json::to_value(&p).unwrap();
            crate::model::validate_new_prompt(&v).unwrap();
        }
    }
}
