//! Settings: built-in defaults, overridden by the config file, then the
//! environment, then flags. The file may name only what it changes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::client::ClientOptions;
use crate::paths;

/// Environment variable naming a remote API.
pub const API_URL_ENV: &str = "PROMPTCRAFTER_API_URL";
/// Environment variable carrying a bearer token.
pub const TOKEN_ENV: &str = "PROMPTCRAFTER_TOKEN";

/// What the config file may hold (TOML, every key optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Base URL of a remote PromptCrafter API; unset means the embedded default.
    pub api_url: Option<String>,
    /// Seconds to wait for a connection.
    pub connect_timeout_secs: Option<u64>,
    /// Seconds a whole request may take.
    pub timeout_secs: Option<u64>,
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// A remote API, or `None` for the embedded default.
    pub api_url: Option<String>,
    /// Client timeouts.
    pub client: ClientOptions,
}

/// The config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It exists but could not be read.
    #[error("cannot read the config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not valid TOML of the expected shape.
    #[error("the config file {path} is invalid: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
}

/// A commented example config file, as `promptcrafter config --default` prints it.
pub const EXAMPLE: &str = r#"# promptcrafter config (TOML). Every key is optional.

# A remote PromptCrafter API. Leave unset to use the embedded local server.
# Overridden by the PROMPTCRAFTER_API_URL environment variable and --api-url.
# api-url = "https://promptcrafter.example.com"

# Seconds to wait for a connection, and for a whole request.
# connect-timeout-secs = 5
# timeout-secs = 30
"#;

impl Config {
    /// Merges the file at `file` (if any) under `api_url_override` (the flag,
    /// or the environment variable, as clap resolved them).
    ///
    /// # Errors
    /// When the file exists but cannot be read or parsed.
    pub fn load(file: &Path, api_url_override: Option<String>) -> Result<Self, ConfigError> {
        let text = paths::read_optional(file).map_err(|source| ConfigError::Read {
            path: file.to_path_buf(),
            source,
        })?;
        let fc: FileConfig = match text {
            Some(t) => toml::from_str(&t).map_err(|e| ConfigError::Parse {
                path: file.to_path_buf(),
                message: e.message().to_owned(),
            })?,
            None => FileConfig::default(),
        };
        Ok(Self::merge(fc, api_url_override))
    }

    fn merge(fc: FileConfig, api_url_override: Option<String>) -> Self {
        let defaults = ClientOptions::default();
        let api_url = api_url_override
            .or(fc.api_url)
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty());
        Self {
            api_url,
            client: ClientOptions {
                connect_timeout: fc
                    .connect_timeout_secs
                    .map_or(defaults.connect_timeout, Duration::from_secs),
                timeout: fc
                    .timeout_secs
                    .map_or(defaults.timeout, Duration::from_secs),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_file_and_file_beats_default() {
        let fc: FileConfig = toml::from_str("api-url = \"http://file\"\ntimeout-secs = 3").unwrap();
        let c = Config::merge(fc.clone(), Some("http://flag".into()));
        assert_eq!(c.api_url.as_deref(), Some("http://flag"));
        assert_eq!(c.client.timeout, Duration::from_secs(3));
        let c = Config::merge(fc, None);
        assert_eq!(c.api_url.as_deref(), Some("http://file"));
        let c = Config::merge(FileConfig::default(), Some("  ".into()));
        assert_eq!(c.api_url, None);
    }

    #[test]
    fn example_parses_and_unknown_keys_fail() {
        assert_eq!(
            toml::from_str::<FileConfig>(EXAMPLE).unwrap(),
            FileConfig::default()
        );
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.toml");
        std::fs::write(&f, "api_ur = \"x\"").unwrap();
        let err = Config::load(&f, None).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
        assert_eq!(
            Config::load(&dir.path().join("none.toml"), None)
                .unwrap()
                .api_url,
            None
        );
    }
}
