//! What a server shows of itself: its files (database and secret 0600 in a
//! 0700 directory, broader modes fixed with a warning), browsers (CORS only
//! for named origins) and the network (the plain-HTTP warning).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::{SecretSource, ServerConfig, ServerError};
use crate::paths::{self, PRIVATE_DIR, PRIVATE_FILE};
use crate::review_queue::duplicate::{FIND_HEADER, FOUND_HEADER};
use crate::store::DbLocation;

/// Printed by `serve` when it listens beyond loopback without TLS.
pub(super) const PLAIN_HTTP_WARNING: &str = "listening on a non-loopback address over plain \
HTTP: passwords, tokens and logs cross the network readable by anyone on the path. Give \
--tls-cert FILE --tls-key FILE, or bind 127.0.0.1 behind a reverse proxy that terminates \
TLS (see the README's server section).";

/// Creates the directories of the database and the secret (mode 0700) and
/// an empty database file (mode 0600) if missing, and narrows the modes of
/// those that exist; one warning per fix.
///
/// # Errors
/// [`ServerError::Io`] when a directory cannot be made or a mode changed.
pub(super) fn secure_files(config: &ServerConfig) -> Result<Vec<String>, ServerError> {
    let mut warnings = Vec::new();
    let db = match &config.db {
        DbLocation::Sqlite(path) => Some(path.as_path()),
        DbLocation::Postgres(_) => None,
    };
    let secret = match &config.secret {
        SecretSource::CreateFile(path) | SecretSource::File(path) => Some(path.as_path()),
        SecretSource::Value(_) => None,
    };
    let mut dirs: Vec<&Path> = [db, secret]
        .into_iter()
        .flatten()
        .filter_map(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    dirs.dedup();
    for dir in dirs {
        paths::create_private_dirs(dir).map_err(|e| io(dir, "create the directory", e))?;
        warnings.extend(paths::restrict_mode(dir, PRIVATE_DIR).map_err(|e| io(dir, "secure", e))?);
    }
    let mut files: Vec<PathBuf> = Vec::new();
    if let Some(db) = db {
        create_private_file(db)?;
        files.extend(database_files(db));
    }
    files.extend(secret.map(Path::to_path_buf));
    for file in &files {
        let fixed = paths::restrict_mode(file, PRIVATE_FILE).map_err(|e| io(file, "secure", e))?;
        warnings.extend(fixed);
    }
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    Ok(warnings)
}

/// The database file and the journal files SQLite keeps beside it.
fn database_files(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

/// Creates `path` empty with mode 0600 unless it exists (SQLite then gives
/// its journal files the same mode).
fn create_private_file(path: &Path) -> Result<(), ServerError> {
    use std::os::unix::fs::OpenOptionsExt;
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(PRIVATE_FILE)
        .open(path);
    match created {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(path, "create", e)),
    }
}

fn io(path: &Path, what: &str, source: std::io::Error) -> ServerError {
    ServerError::Io {
        context: format!("cannot {what} {}", path.display()),
        source,
    }
}

/// `app` answering browsers from `origins` (CORS); unchanged when there are none.
///
/// # Errors
/// [`ServerError::BadRequest`] naming an origin that is not a valid header value.
pub(super) fn with_cors(app: Router, origins: &[String]) -> Result<Router, ServerError> {
    if origins.is_empty() {
        return Ok(app);
    }
    let values = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o.trim().trim_end_matches('/'))
                .map_err(|_| ServerError::BadRequest(format!("invalid CORS origin {o:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(values))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::HeaderName::from_static(FIND_HEADER),
        ])
        // A browser may read the paging extension's cursor and what the
        // duplicate extension found.
        .expose_headers([
            header::HeaderName::from_static(super::paging::NEXT_CURSOR),
            header::HeaderName::from_static(FOUND_HEADER),
        ]);
    Ok(app.layer(cors))
}
