//! `promptcrafter config path | show | init`: where the config file is,
//! the settings in force with where each came from, and a commented file
//! with every key at its default.

use std::io::Write;

use clap::{Args, Subcommand};

use crate::config::{self, Config, TOKEN_ENV};
use crate::local_server::LOCAL_LABEL;
use crate::paths::Paths;

use super::Failure;
use super::session::ApiArgs;

/// `promptcrafter config`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter config init && $EDITOR \"$(promptcrafter config path)\"\n  \
                        promptcrafter config show --api-url https://pc.example.com"
)]
pub struct ConfigArgs {
    /// What to do (default: show).
    #[command(subcommand)]
    pub command: Option<ConfigCommand>,
}

impl ConfigArgs {
    /// The API flags of `show` (the default command), whose effect it shows.
    pub fn api_mut(&mut self) -> Option<&mut ApiArgs> {
        let command = self.command.get_or_insert_with(|| ConfigCommand::Show {
            api: ApiArgs::default(),
        });
        match command {
            ConfigCommand::Show { api } => Some(api),
            ConfigCommand::Path | ConfigCommand::Init => None,
        }
    }
}

/// `promptcrafter config <command>`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the config file's path (it may not exist yet).
    #[command(after_help = "Example:\n  promptcrafter config path")]
    Path,
    /// Print the settings in force, each with where it came from (tokens never shown).
    #[command(after_help = "Example:\n  PROMPTCRAFTER_THEME=light promptcrafter config show")]
    Show {
        /// The API flags, whose effect is shown.
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Write a commented config file with every key at its default; never overwrites.
    #[command(after_help = "Example:\n  promptcrafter config init")]
    Init,
}

/// Runs a `config` command.
pub fn run(args: ConfigArgs, paths: &Paths) -> Result<(), Failure> {
    let file = paths.config_file();
    let default = ConfigCommand::Show {
        api: ApiArgs::default(),
    };
    match args.command.unwrap_or(default) {
        ConfigCommand::Path => {
            println!("{}", file.display());
            Ok(())
        }
        ConfigCommand::Show { api } => {
            let config = api.config(paths)?;
            print!("{}", show(&config, paths));
            Ok(())
        }
        ConfigCommand::Init => init(&file),
    }
}

/// The text of `config show`: the file, the values, and whether a token is
/// known (never the token).
fn show(config: &Config, paths: &Paths) -> String {
    let exists = if config.file.exists() {
        ""
    } else {
        " (not there: defaults apply)"
    };
    let mut out = format!(
        "# config file: {}{exists}\n",
        crate::sanitize::line(&config.file.display().to_string())
    );
    out.push_str(&format!("# {}\n\n", token_line(config, paths)));
    out.push_str(&config::render_effective(config));
    out
}

fn token_line(config: &Config, paths: &Paths) -> String {
    if std::env::var(TOKEN_ENV).is_ok_and(|t| !t.trim().is_empty()) {
        return format!("token: from {TOKEN_ENV} (not shown)");
    }
    // Keyed as the session keys it: by the client's normalised base URL.
    let label = config.api_url.value.as_deref().map_or_else(
        || LOCAL_LABEL.to_owned(),
        |url| {
            crate::client::ApiClient::new(url, config.client())
                .map_or_else(|_| url.to_owned(), |c| c.base_url().to_owned())
        },
    );
    let stored = paths.token_file(&label);
    if stored.exists() {
        format!("token: stored in {} (not shown)", stored.display())
    } else {
        format!("token: none stored for {}", crate::sanitize::line(&label))
    }
}

fn init(file: &std::path::Path) -> Result<(), Failure> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::other(format!("cannot create {}: {e}", dir.display())))?;
    }
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file);
    let mut f = match created {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Failure::other(format!(
                "{} already exists: not overwritten (edit it, or move it away first)",
                file.display()
            )));
        }
        Err(e) => {
            return Err(Failure::other(format!(
                "cannot create {}: {e}",
                file.display()
            )));
        }
    };
    f.write_all(config::template().as_bytes())
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", file.display())))?;
    eprintln!("Wrote {}.", file.display());
    Ok(())
}
