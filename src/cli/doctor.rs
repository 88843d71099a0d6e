//! `promptcrafter doctor`: what a bug report needs, in one screen: the
//! version, the paths in use, the config file's state, the data dir lock,
//! the API and whether it answers, the token's owner and expiry (never the
//! token), and what the terminal says it can do.

use std::io::IsTerminal;
use std::time::Instant;

use chrono::{DateTime, Utc};
use clap::Args;

use crate::config::TOKEN_ENV;
use crate::outbox::DataLock;
use crate::paths::{self, Paths};
use crate::sanitize;

use super::Failure;
use super::session::{ApiArgs, Session};

/// `promptcrafter doctor`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter doctor\n  promptcrafter doctor --api-url https://pc.example.com 2>&1 | tee doctor.txt"
)]
pub struct DoctorArgs {
    /// The API to check.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Prints the report; fails only when it cannot be printed.
pub async fn run(args: DoctorArgs, paths: &Paths) -> Result<(), Failure> {
    let mut rows = vec![("version", crate::VERSION.to_owned())];
    rows.extend(local_rows(&args.api, paths));
    rows.extend(api_rows(&args.api, paths).await);
    rows.extend(terminal_rows(&|v| std::env::var(v).ok()));
    for (name, value) in rows {
        println!("{name:<14}{}", sanitize::line(&value));
    }
    Ok(())
}

fn local_rows(api: &ApiArgs, paths: &Paths) -> Vec<(&'static str, String)> {
    let file = paths.config_file();
    let config_state = match api.config(paths) {
        Ok(_) if file.exists() => "valid".to_owned(),
        Ok(_) => "not there: defaults apply".to_owned(),
        Err(f) => format!("INVALID: {}", f.message),
    };
    let lock = match DataLock::try_acquire(&paths.data_dir) {
        Ok(Some(_)) => "free (no other promptcrafter holds the drafts and outbox)".to_owned(),
        Ok(None) => "held by another promptcrafter (a TUI or review is open)".to_owned(),
        Err(e) => format!("cannot be checked: {e}"),
    };
    let today = Utc::now().format("%Y-%m-%d");
    vec![
        (
            "config file",
            format!("{} ({config_state})", file.display()),
        ),
        ("data dir", paths.data_dir.display().to_string()),
        ("data lock", lock),
        (
            "log file",
            format!(
                "{}/{}.{today}.log (daily, {} kept)",
                paths.log_dir.display(),
                crate::logging::FILE_PREFIX,
                crate::logging::KEPT_FILES
            ),
        ),
    ]
}

async fn api_rows(api: &ApiArgs, paths: &Paths) -> Vec<(&'static str, String)> {
    let mut session = match Session::open(api, paths, false).await {
        Ok(s) => s,
        Err(f) => return vec![("api", format!("cannot be opened: {}", f.message))],
    };
    let started = Instant::now();
    let answer = session
        .call(|c| async move { c.list_prompts().await })
        .await;
    let ms = started.elapsed().as_millis();
    let answers = match answer {
        Ok(prompts) => format!("yes: {} prompts in {ms} ms", prompts.len()),
        Err(e) if e.status().is_some() => format!("yes, but with an error after {ms} ms: {e}"),
        Err(e) => format!("NO: {e}"),
    };
    let token_file = paths.token_file(&session.label);
    let token = std::env::var(TOKEN_ENV)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .map(|t| (t, format!("from {TOKEN_ENV}")))
        .or_else(|| {
            let stored = paths::read_optional(&token_file).ok().flatten()?;
            Some((
                stored.trim().to_owned(),
                format!("stored in {}", token_file.display()),
            ))
        });
    let rows = vec![
        ("api", session.label.clone()),
        ("api answers", answers),
        ("user", session.user.clone()),
        (
            "token",
            token.map_or_else(|| "none".to_owned(), |(t, from)| describe_token(&t, &from)),
        ),
    ];
    session.close().await;
    rows
}

/// Who a token is for and when it expires, read from its (unverified)
/// claims; never the token itself.
fn describe_token(token: &str, from: &str) -> String {
    let mut validation = jsonwebtoken::Validation::default();
    validation.insecure_disable_signature_validation();
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let key = jsonwebtoken::DecodingKey::from_secret(&[]);
    let claims =
        jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation).map(|d| d.claims);
    let Ok(claims) = claims else {
        return format!("{from}; not a JWT this build can read");
    };
    let sub = claims["sub"].as_str().unwrap_or("?").to_owned();
    let exp = claims["exp"]
        .as_i64()
        .and_then(|e| DateTime::<Utc>::from_timestamp(e, 0));
    let expiry = match exp {
        Some(at) if at < Utc::now() => format!("EXPIRED at {}", at.format("%Y-%m-%d %H:%M UTC")),
        Some(at) => {
            let left = at - Utc::now();
            format!(
                "expires {} (in {} h)",
                at.format("%Y-%m-%d %H:%M UTC"),
                left.num_hours()
            )
        }
        None => "no expiry".to_owned(),
    };
    format!("{from}; user id {sub}; {expiry}")
}

/// What the environment says about the terminal. The TUI asks the terminal
/// itself at start; these are the variables it answers from.
fn terminal_rows(env: &dyn Fn(&str) -> Option<String>) -> Vec<(&'static str, String)> {
    let term = env("TERM").unwrap_or_default();
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let colours = if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        "none (NO_COLOR is set)"
    } else if env("COLORTERM").is_some_and(|c| c == "truecolor" || c == "24bit") {
        "24-bit"
    } else if term.contains("256color") {
        "256"
    } else if term.is_empty() || term == "dumb" {
        "none (no TERM)"
    } else {
        "16"
    };
    let kitty_like = env("KITTY_WINDOW_ID").is_some()
        || ["kitty", "foot", "wezterm", "ghostty", "alacritty"]
            .iter()
            .any(|t| term.contains(t) || program.to_lowercase().contains(t));
    let keyboard = if kitty_like {
        "likely (a terminal known to speak it): Ctrl-Enter is distinct"
    } else {
        "unknown: Ctrl-Enter may arrive as Enter; Ctrl-S and F5 always submit"
    };
    let tty = |yes: bool| if yes { "terminal" } else { "not a terminal" };
    vec![
        ("terminal", format!("TERM={term} TERM_PROGRAM={program}")),
        ("colours", colours.to_owned()),
        ("kitty keys", keyboard.to_owned()),
        (
            "streams",
            format!(
                "stdin {}, stdout {}, stderr {}",
                tty(std::io::stdin().is_terminal()),
                tty(std::io::stdout().is_terminal()),
                tty(std::io::stderr().is_terminal())
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_capabilities_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |v: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, x)| (*x).to_owned())
            }
        };
        let rows = terminal_rows(&env(&[("TERM", "xterm-kitty"), ("COLORTERM", "truecolor")]));
        assert_eq!(rows[1].1, "24-bit");
        assert!(rows[2].1.starts_with("likely"));
        let rows = terminal_rows(&env(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")]));
        assert_eq!(rows[1].1, "none (NO_COLOR is set)");
        assert!(rows[2].1.starts_with("unknown"));
    }

    #[test]
    fn a_token_is_described_never_shown() {
        let claims = serde_json::json!({"sub": "usr_1", "iat": 0, "exp": 4_102_444_800_i64});
        let key = jsonwebtoken::EncodingKey::from_secret(b"k");
        let token = jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).unwrap();
        let shown = describe_token(&token, "stored");
        assert!(shown.contains("user id usr_1"), "{shown}");
        assert!(shown.contains("expires 2100-01-01"), "{shown}");
        assert!(!shown.contains(&token));
        assert!(describe_token("nope", "x").contains("not a JWT"));
    }
}
