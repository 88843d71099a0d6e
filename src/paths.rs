//! Where promptcrafter keeps things: config, data (database, secret, local
//! account), logs and tokens, from the platform's conventions
//! (`directories`), and private (mode 0600) atomic file writes.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Environment variable that puts every directory under one folder (tests,
/// portable installs).
pub const HOME_ENV: &str = "PROMPTCRAFTER_HOME";

/// The directories promptcrafter uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Config file and stored tokens.
    pub config_dir: PathBuf,
    /// Embedded server's database, signing secret and local account.
    pub data_dir: PathBuf,
    /// Tracing log files.
    pub log_dir: PathBuf,
}

impl Paths {
    /// The platform's directories, or all under `$PROMPTCRAFTER_HOME` when set.
    ///
    /// # Errors
    /// When no home directory can be found.
    pub fn discover() -> io::Result<Self> {
        if let Some(home) = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
            return Ok(Self::under(Path::new(&home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "promptcrafter").ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "no home directory found; set {HOME_ENV} to a folder promptcrafter may use"
                ),
            )
        })?;
        Ok(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
            // The platform's state dir (XDG_STATE_HOME) where it has one.
            log_dir: dirs
                .state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .join("logs"),
        })
    }

    /// Every directory under one root.
    #[must_use]
    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            log_dir: root.join("logs"),
        }
    }

    /// The config file.
    #[must_use]
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The embedded server's default database.
    #[must_use]
    pub fn db_file(&self) -> PathBuf {
        self.data_dir.join("promptcrafter.db")
    }

    /// The server's token-signing secret.
    #[must_use]
    pub fn secret_file(&self) -> PathBuf {
        self.data_dir.join("jwt-secret")
    }

    /// The embedded default's local account (email and password).
    #[must_use]
    pub fn local_account_file(&self) -> PathBuf {
        self.data_dir.join("local-account.json")
    }

    /// The stored token for the API at `api_url`.
    #[must_use]
    pub fn token_file(&self, api_url: &str) -> PathBuf {
        let name: String = api_url
            .trim_end_matches('/')
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.config_dir.join("tokens").join(format!("{name}.token"))
    }
}

/// Writes `contents` to `path` atomically (temp file, fsync, rename) with
/// mode 0600, creating the parent directories.
///
/// # Errors
/// Any I/O error.
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            // Makes the rename itself durable; not every filesystem allows it.
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Reads a small text file, `None` when it does not exist.
///
/// # Errors
/// Any I/O error but not-found.
pub fn read_optional(path: &Path) -> io::Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_write_is_0600_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/token");
        write_private(&p, b"one").unwrap();
        write_private(&p, b"two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn token_file_names_are_safe() {
        let paths = Paths::under(Path::new("/x"));
        let f = paths.token_file("https://api.example.com:8443/v1/");
        assert_eq!(
            f,
            Path::new("/x/config/tokens/https___api.example.com_8443_v1.token")
        );
    }
}
