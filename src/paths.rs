//! Where promptcrafter keeps things: config, data (database, secret, local
//! account), logs and tokens, from the platform's conventions
//! (`directories`); private (mode 0600) atomic file writes into private
//! (mode 0700) directories, and the check that finds and fixes broader modes.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
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

/// Mode of a private file: read and write for its owner only.
pub const PRIVATE_FILE: u32 = 0o600;
/// Mode of a private directory: its owner only.
pub const PRIVATE_DIR: u32 = 0o700;

/// Creates `dir` and any missing parents, each new one with mode 0700.
///
/// # Errors
/// Any I/O error.
pub fn create_private_dirs(dir: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(dir)
}

/// Narrows the mode of `path` to `mode` when it grants more (to the group or
/// others); returns a warning saying what was found and done. A missing path
/// is no warning. A directory shared on purpose (sticky, like `/tmp`) is
/// left alone, with a warning.
///
/// # Errors
/// When the mode cannot be read or changed.
pub fn restrict_mode(path: &Path, mode: u32) -> io::Result<Option<String>> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let found = meta.permissions().mode() & 0o7777;
    if found & 0o077 == 0 {
        return Ok(None);
    }
    if meta.is_dir() && found & 0o1000 != 0 {
        return Ok(Some(format!(
            "{} is a shared directory (mode {found:04o}): other users can see the names \
             of the files in it; keep them in a private directory",
            path.display()
        )));
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    Ok(Some(format!(
        "{} had mode {found:04o}, open to other users; set it to {mode:04o}",
        path.display()
    )))
}

/// Makes the token file `path` and its directory private again if their
/// modes were broadened; returns a warning for each fix.
///
/// # Errors
/// When a mode cannot be read or changed.
pub fn secure_private_file(path: &Path) -> io::Result<Vec<String>> {
    let mut warnings = Vec::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        warnings.extend(restrict_mode(dir, PRIVATE_DIR)?);
    }
    warnings.extend(restrict_mode(path, PRIVATE_FILE)?);
    Ok(warnings)
}

/// Writes `contents` to `path` atomically (temp file, fsync, rename) with
/// mode 0600, creating the parent directories with mode 0700.
///
/// # Errors
/// Any I/O error.
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    create_private_dirs(dir)?;
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
        for d in [dir.path().join("a"), dir.path().join("a/b")] {
            let mode = fs::metadata(&d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
    }

    #[test]
    fn broad_modes_are_narrowed_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("tokens/t.token");
        write_private(&p, b"t").unwrap();
        assert!(secure_private_file(&p).unwrap().is_empty());
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(p.parent().unwrap(), fs::Permissions::from_mode(0o755)).unwrap();
        let warnings = secure_private_file(&p).unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[1].contains("had mode 0644"), "{}", warnings[1]);
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let dir_mode = fs::metadata(p.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        let w = restrict_mode(&shared, PRIVATE_DIR).unwrap().unwrap();
        assert!(w.contains("shared directory"), "{w}");
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o7777,
            0o1777
        );
        assert_eq!(
            restrict_mode(&dir.path().join("none"), PRIVATE_FILE).unwrap(),
            None
        );
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
