//! Where a command's requests go: a remote API with its stored token, or
//! the embedded local server with the local account.

use std::future::Future;
use std::path::PathBuf;

use clap::Args;

use crate::client::{ApiClient, ApiError};
use crate::config::{self, Config, Flags};
use crate::local_server::{self, LocalAccount};
use crate::paths::{self, Paths};
use crate::server::RunningServer;

use super::Failure;

/// The flags that say which API a command talks to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct ApiArgs {
    /// Base URL of a remote PromptCrafter API [env: PROMPTCRAFTER_API_URL; default:
    /// api-url in the config file, else the embedded local server].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
}

impl ApiArgs {
    /// Whether no flag was given.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The flags, as the config layers them over the file and environment.
    #[must_use]
    pub fn flags(&self) -> Flags {
        Flags {
            api_url: self.api_url.clone(),
            ..Flags::default()
        }
    }

    /// The settings in force for these flags.
    ///
    /// # Errors
    /// A usage failure naming the config file's (or variable's) problem.
    pub fn config(&self, paths: &Paths) -> Result<Config, Failure> {
        Config::load(&paths.config_file(), &self.flags()).map_err(|e| Failure::usage(e.to_string()))
    }
}

/// How a session (a CLI command, either TUI screen) authenticates again
/// after a 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionAuth {
    /// The embedded default: log in again with the local account.
    Local(LocalAccount),
    /// A remote API: the user logs in; the token is stored here.
    Remote {
        /// The token file for this API.
        token_file: PathBuf,
    },
}

/// An API to talk to, ready for requests.
#[derive(Debug)]
pub struct Session {
    /// The client (with a token when one is known).
    pub client: ApiClient,
    /// "local" for the embedded default, else the API URL.
    pub label: String,
    /// Who is logged in, for display.
    pub user: String,
    /// How to authenticate again.
    pub auth: SessionAuth,
    embedded: Option<RunningServer>,
}

impl Session {
    /// Opens the API named by the flag, the environment, the config file, or
    /// the embedded default. With `need_token`, a remote API without a token
    /// is a failure that says how to log in.
    ///
    /// # Errors
    /// A [`Failure`] the command can print.
    pub async fn open(api: &ApiArgs, paths: &Paths, need_token: bool) -> Result<Self, Failure> {
        Self::open_with(&api.config(paths)?, paths, need_token).await
    }

    /// As [`Session::open`], with the settings already read.
    ///
    /// # Errors
    /// A [`Failure`] the command can print.
    pub async fn open_with(
        config: &Config,
        paths: &Paths,
        need_token: bool,
    ) -> Result<Self, Failure> {
        match &config.api_url.value {
            Some(url) => Self::remote(url, config, paths, need_token),
            None => {
                let e = local_server::start(paths, config.client()).await?;
                let user = e.account.email.clone();
                Ok(Self {
                    client: e.client,
                    label: local_server::LOCAL_LABEL.to_owned(),
                    user,
                    auth: SessionAuth::Local(e.account),
                    embedded: Some(e.server),
                })
            }
        }
    }

    fn remote(
        url: &str,
        config: &Config,
        paths: &Paths,
        need_token: bool,
    ) -> Result<Self, Failure> {
        let mut client = ApiClient::new(url, config.client())?;
        let token_file = paths.token_file(&client.base_url());
        let env_token = std::env::var(config::TOKEN_ENV)
            .ok()
            .filter(|t| !t.trim().is_empty());
        let (token, user) = match env_token {
            Some(t) => (Some(t), format!("token from {}", config::TOKEN_ENV)),
            None => {
                warn_and_fix_modes(&token_file)?;
                let token = paths::read_optional(&token_file)?.map(|t| t.trim().to_owned());
                let user = paths::read_optional(&user_file(&token_file))?
                    .map_or_else(|| "not logged in".to_owned(), |u| u.trim().to_owned());
                (token.filter(|t| !t.is_empty()), user)
            }
        };
        if need_token && token.is_none() {
            return Err(Failure {
                code: super::ExitCode::Auth,
                message: format!(
                    "not logged in to {}: run `promptcrafter login --email YOU` first",
                    client.base_url()
                ),
            });
        }
        if token.is_some() {
            client.check_token_transport()?;
        }
        client.set_token(token);
        Ok(Self {
            label: client.base_url(),
            client,
            user,
            auth: SessionAuth::Remote { token_file },
            embedded: None,
        })
    }

    /// Runs `call`; on the embedded default, a 401 logs in again with the
    /// local account and runs it once more.
    ///
    /// # Errors
    /// The call's error.
    pub async fn call<T, F, Fut>(&mut self, call: F) -> Result<T, ApiError>
    where
        F: Fn(ApiClient) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        match call(self.client.clone()).await {
            Err(e) if e.status() == Some(401) => {
                if self.reauthenticate().await? {
                    call(self.client.clone()).await
                } else {
                    Err(e)
                }
            }
            other => other,
        }
    }

    /// On the embedded default, logs in again with the local account and
    /// returns true; on a remote API does nothing and returns false.
    ///
    /// # Errors
    /// When the login fails.
    pub async fn reauthenticate(&mut self) -> Result<bool, ApiError> {
        let SessionAuth::Local(account) = &self.auth else {
            return Ok(false);
        };
        let token = self.client.login(&account.email, &account.password).await?;
        self.client.set_token(Some(token));
        Ok(true)
    }

    /// Stops the embedded server, if any, after its in-flight requests.
    pub async fn close(self) {
        if let Some(server) = self.embedded
            && let Err(e) = server.shutdown().await
        {
            tracing::warn!("embedded server shutdown: {e}");
        }
    }
}

/// Narrows broadened modes of a token file, its user file and their
/// directory (issue 12), saying so on stderr.
fn warn_and_fix_modes(token_file: &std::path::Path) -> std::io::Result<()> {
    let mut warnings = paths::secure_private_file(token_file)?;
    warnings.extend(paths::restrict_mode(
        &user_file(token_file),
        paths::PRIVATE_FILE,
    )?);
    for w in warnings {
        eprintln!("promptcrafter: warning: {}", crate::sanitize::line(&w));
    }
    Ok(())
}

/// The file beside a token file that names the logged-in user.
#[must_use]
pub fn user_file(token_file: &std::path::Path) -> PathBuf {
    token_file.with_extension("user")
}
