//! What every handler shares: the database, the token keys, the token
//! lifetime; and where the signing secret comes from (a file kept next to
//! the database by default, or one secret shared by every server).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use rand::RngCore;

use super::ServerError;
use super::guard::Guards;
use super::limits::Limits;
use crate::store::Db;

/// Length of a generated signing secret, in bytes.
const SECRET_BYTES: usize = 64;
/// Shortest secret accepted from disk, in bytes (HS256 wants at least 256 bits).
const MIN_SECRET_BYTES: usize = 32;

/// The keys that sign and check bearer tokens.
struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

/// The state shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Behind an `Arc`: axum clones the state for every request, and a
    /// bare `Db` clone costs several atomic updates and a lock.
    db: Arc<Db>,
    keys: Arc<Keys>,
    token_ttl: Duration,
    guards: Arc<Guards>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The keys are secret: never print them.
        f.debug_struct("AppState")
            .field("db", &self.db)
            .field("token_ttl", &self.token_ttl)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over `db`, signing HS256 tokens with `secret` that live `token_ttl`.
    #[must_use]
    pub fn new(db: Db, secret: &[u8], token_ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // An expired token is expired: no grace period.
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        // A token not valid yet is not valid (issue 12).
        validation.validate_nbf = true;
        let keys = Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        };
        Self {
            db: Arc::new(db),
            keys: Arc::new(keys),
            token_ttl,
            guards: Arc::new(Guards::new(Limits::default())),
        }
    }

    /// This state enforcing `limits` instead of the defaults.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.guards = Arc::new(Guards::new(limits));
        self
    }

    /// The rate limits, the hashing gate and the limits they enforce.
    #[must_use]
    pub fn guards(&self) -> &Guards {
        &self.guards
    }

    /// The database.
    #[must_use]
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// How long a new token stays valid.
    #[must_use]
    pub fn token_ttl(&self) -> Duration {
        self.token_ttl
    }

    pub(super) fn encoding_key(&self) -> &EncodingKey {
        &self.keys.encoding
    }

    pub(super) fn decoding_key(&self) -> &DecodingKey {
        &self.keys.decoding
    }

    pub(super) fn validation(&self) -> &Validation {
        &self.keys.validation
    }
}

/// Where the token signing secret comes from. Servers that share a database
/// must share it too, or a token from one is refused by the others.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// A file, made (64 random bytes, mode 0600) when missing: the default,
    /// in the data directory next to the default database.
    CreateFile(PathBuf),
    /// A file that must exist (`--jwt-secret-file`); one trailing newline is
    /// not part of the secret.
    File(PathBuf),
    /// The secret itself (`PROMPTCRAFTER_JWT_SECRET`).
    Value(Vec<u8>),
}

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::CreateFile(path) => f.debug_tuple("CreateFile").field(path).finish(),
            Self::File(path) => f.debug_tuple("File").field(path).finish(),
            // Never print the secret.
            Self::Value(_) => f.write_str("Value(****)"),
        }
    }
}

impl SecretSource {
    /// The secret: read, made, or as given; at least 32 bytes.
    ///
    /// # Errors
    /// [`ServerError::Io`] when the file cannot be read or made, or the
    /// secret is shorter than 32 bytes.
    pub fn load(&self) -> Result<Vec<u8>, ServerError> {
        let too_short = |context: String| ServerError::Io {
            context,
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "shorter than 32 bytes"),
        };
        match self {
            Self::CreateFile(path) => load_or_create_secret(path),
            Self::File(path) => {
                let mut secret = std::fs::read(path).map_err(|source| ServerError::Io {
                    context: format!("cannot read the secret file {}", path.display()),
                    source,
                })?;
                if secret.ends_with(b"\n") {
                    secret.pop();
                    if secret.ends_with(b"\r") {
                        secret.pop();
                    }
                }
                if secret.len() < MIN_SECRET_BYTES {
                    return Err(too_short(format!(
                        "cannot use the secret file {}",
                        path.display()
                    )));
                }
                Ok(secret)
            }
            Self::Value(secret) if secret.len() < MIN_SECRET_BYTES => {
                Err(too_short("cannot use the given JWT secret".to_owned()))
            }
            Self::Value(secret) => Ok(secret.clone()),
        }
    }
}

/// Reads the signing secret at `path`, or creates one (64 random bytes,
/// mode 0600, parent directories included) when there is none.
///
/// # Errors
/// [`ServerError::Io`] when the file cannot be read or written, or is too short.
pub fn load_or_create_secret(path: &Path) -> Result<Vec<u8>, ServerError> {
    let io = |what: &str, source| ServerError::Io {
        context: format!("cannot {what} the secret file {}", path.display()),
        source,
    };
    match std::fs::read(path) {
        Ok(secret) if secret.len() >= MIN_SECRET_BYTES => return Ok(secret),
        Ok(_) => {
            let short = std::io::Error::new(std::io::ErrorKind::InvalidData, "too short");
            return Err(io("use", short));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io("read", e)),
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::paths::create_private_dirs(dir).map_err(|e| io("create the directory of", e))?;
    }
    let mut secret = vec![0_u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    let mut file = secret_file(path).map_err(|e| io("create", e))?;
    file.write_all(&secret)
        .and_then(|()| file.sync_all())
        .map_err(|e| io("write", e))?;
    Ok(secret)
}

/// A new file only its owner can read (0600 on Unix); fails if it exists.
fn secret_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/secret");
        let first = load_or_create_secret(&path).unwrap();
        assert_eq!(first.len(), SECRET_BYTES);
        assert_eq!(load_or_create_secret(&path).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, b"short").unwrap();
        assert!(load_or_create_secret(&path).is_err());
    }

    #[test]
    fn a_shared_secret_comes_from_a_file_or_a_value_and_is_never_printed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared");
        let text = "0123456789abcdef0123456789abcdef-shared";
        let missing = SecretSource::File(path.clone());
        assert!(missing.load().is_err(), "a named file is never made");
        std::fs::write(&path, format!("{text}\r\n")).unwrap();
        assert_eq!(missing.load().unwrap(), text.as_bytes());
        let value = SecretSource::Value(text.as_bytes().to_vec());
        assert_eq!(value.load().unwrap(), text.as_bytes());
        assert!(!format!("{value:?}").contains("shared"));
        assert!(SecretSource::Value(b"short".to_vec()).load().is_err());
        std::fs::write(&path, "short\n").unwrap();
        assert!(missing.load().is_err());
    }
}
