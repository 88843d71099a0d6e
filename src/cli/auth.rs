//! `signup`, `login` and `logout`, and the global flags that say how
//! credentials may travel ([`TransportArgs`]).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::Args;

use crate::client::{ApiClient, Transport};
use crate::model::SignupRequest;
use crate::paths::{self, Paths};

use super::Failure;
use super::session::{ApiArgs, user_file};

/// `promptcrafter signup`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter signup --api-url https://pc.example.com --name Ada --email ada@example.com"
)]
pub struct SignupArgs {
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// Login email.
    #[arg(long)]
    pub email: String,
    /// Read the password from the first line of stdin instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// `promptcrafter login`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter login --api-url https://pc.example.com --email ada@example.com\n  \
                        pass show pc | promptcrafter login --email ada@example.com --password-stdin"
)]
pub struct LoginArgs {
    /// Login email.
    #[arg(long)]
    pub email: String,
    /// Read the password from the first line of stdin instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// `promptcrafter logout`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  promptcrafter logout --api-url https://pc.example.com")]
pub struct LogoutArgs {
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Environment variable for `--allow-insecure-http`.
pub const ALLOW_INSECURE_HTTP_ENV: &str = "PROMPTCRAFTER_ALLOW_INSECURE_HTTP";
/// Environment variable for `--ca-cert`.
pub const CA_CERT_ENV: &str = "PROMPTCRAFTER_CA_CERT";

/// How the client may send credentials (global flags).
#[derive(Debug, Clone, Default, Args)]
pub struct TransportArgs {
    /// Send the password and token over plain http to hosts other than loopback.
    #[arg(long, global = true, env = ALLOW_INSECURE_HTTP_ENV, value_parser = clap::builder::FalseyValueParser::new())]
    pub allow_insecure_http: bool,
    /// Trust this PEM file of CA certificates too (a team's own CA).
    #[arg(long, global = true, env = CA_CERT_ENV, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

impl TransportArgs {
    /// Makes these flags (and their variables), over the config file's
    /// `allow-insecure-http` and `ca-cert`, the transport settings of every
    /// client of this process. A config file that does not load counts as
    /// absent here: the command itself reports it.
    pub fn install(&self, paths: &Paths) {
        let flags = crate::config::Flags {
            allow_insecure_http: self.allow_insecure_http.then_some(true),
            ca_cert: self.ca_cert.clone(),
            ..crate::config::Flags::default()
        };
        let (allow_insecure_http, ca_cert) =
            match crate::config::Config::load(&paths.config_file(), &flags) {
                Ok(c) => (c.allow_insecure_http.value, c.ca_cert.value),
                Err(_) => (self.allow_insecure_http, self.ca_cert.clone()),
            };
        Transport {
            allow_insecure_http,
            ca_cert,
            resolve: Vec::new(),
        }
        .install();
    }
}

/// The remote API these commands act on; the embedded default needs none of them.
fn remote_client(api: &ApiArgs, paths: &Paths) -> Result<ApiClient, Failure> {
    let config = api.config(paths)?;
    let client_options = config.client();
    let Some(url) = config.api_url.value else {
        return Err(Failure::usage(
            "no remote API is configured: the embedded local server logs you in by itself \
             (give --api-url or set PROMPTCRAFTER_API_URL to use a remote one)",
        ));
    };
    Ok(ApiClient::new(&url, client_options)?)
}

fn read_password(from_stdin: bool, confirm: bool) -> Result<String, Failure> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            "no terminal to ask for the password on: pass --password-stdin and pipe it in",
        ));
    }
    let password = rpassword::prompt_password("Password: ")?;
    if confirm && rpassword::prompt_password("Password again: ")? != password {
        return Err(Failure::usage("the two passwords differ"));
    }
    Ok(password)
}

/// `promptcrafter signup`.
pub async fn signup(args: SignupArgs, paths: &Paths) -> Result<(), Failure> {
    let client = remote_client(&args.api, paths)?;
    let password = read_password(args.password_stdin, true)?;
    let req = SignupRequest {
        name: args.name,
        email: args.email.clone(),
        password,
    };
    let value = serde_json::to_value(&req).unwrap_or_default();
    crate::model::validate_signup(&value).map_err(crate::client::ApiError::Invalid)?;
    client.signup(&req).await?;
    eprintln!(
        "Account {} created. Log in with: promptcrafter login --email {}",
        crate::sanitize::line(&args.email),
        crate::sanitize::line(&args.email)
    );
    Ok(())
}

/// `promptcrafter login`: stores the token for this API with mode 0600.
pub async fn login(args: LoginArgs, paths: &Paths) -> Result<(), Failure> {
    let client = remote_client(&args.api, paths)?;
    let password = read_password(args.password_stdin, false)?;
    let token = client.login(&args.email, &password).await?;
    let file = paths.token_file(&client.base_url());
    paths::write_private(&file, token.as_bytes())?;
    paths::write_private(&user_file(&file), args.email.as_bytes())?;
    eprintln!(
        "Logged in to {} as {}.",
        client.base_url(),
        crate::sanitize::line(&args.email)
    );
    Ok(())
}

/// `promptcrafter logout`: removes the stored token for this API.
pub fn logout(args: LogoutArgs, paths: &Paths) -> Result<(), Failure> {
    let client = remote_client(&args.api, paths)?;
    let file = paths.token_file(&client.base_url());
    let existed = file.exists();
    for f in [&file, &user_file(&file)] {
        match std::fs::remove_file(f) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    if existed {
        eprintln!("Logged out of {}.", client.base_url());
    } else {
        eprintln!("No stored token for {}.", client.base_url());
    }
    Ok(())
}
