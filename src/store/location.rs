//! Where a database lives: a SQLite file (a path or a `sqlite:` URL) or a
//! PostgreSQL URL, printed with any password masked.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// A database to open: which backend, and where.
#[derive(Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// A SQLite database file (created with its directories if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL database, as a `postgres://` or `postgresql://` URL.
    Postgres(PgUrl),
}

/// A PostgreSQL connection URL. It may hold a password, so it is only ever
/// shown with the password replaced by `****`.
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl(String);

impl PgUrl {
    /// The URL as given, password included: only for connecting.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match url::Url::parse(&self.0) {
            Ok(mut parsed) => {
                if parsed.password().is_some() {
                    // Setting a password on a URL that has a host cannot fail.
                    let _masked = parsed.set_password(Some("****"));
                }
                // `password=` in the query string is another way to pass one.
                let pairs: Vec<(String, String)> = parsed
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if k == "password" { "****".into() } else { v };
                        (k.into_owned(), v.into_owned())
                    })
                    .collect();
                if !pairs.is_empty() {
                    parsed.query_pairs_mut().clear().extend_pairs(pairs);
                }
                write!(f, "{parsed}")
            }
            // Unparsable: show nothing that could be a secret.
            Err(_) => f.write_str("postgres://(unparsable URL)"),
        }
    }
}

impl fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgUrl({self})")
    }
}

impl fmt::Display for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            Self::Postgres(url) => url.fmt(f),
        }
    }
}

impl fmt::Debug for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbLocation({self})")
    }
}

/// A `--db` value that names no database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a database: give a file path, a sqlite: URL or a postgres:// URL")]
pub struct BadLocation;

impl FromStr for DbLocation {
    type Err = BadLocation;

    /// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite://PATH`,
    /// `sqlite:PATH` and a bare path are SQLite files.
    fn from_str(s: &str) -> Result<Self, BadLocation> {
        let s = s.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(Self::Postgres(PgUrl(s.to_owned())));
        }
        let path = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
            .unwrap_or(s);
        if path.is_empty() || path.contains("://") {
            return Err(BadLocation);
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_name_their_backend() {
        let sqlite = |p: &str| Ok(DbLocation::Sqlite(PathBuf::from(p)));
        assert_eq!("team.db".parse(), sqlite("team.db"));
        assert_eq!("sqlite:team.db".parse(), sqlite("team.db"));
        assert_eq!("sqlite:///srv/team.db".parse(), sqlite("/srv/team.db"));
        assert_eq!("mysql://x/y".parse::<DbLocation>(), Err(BadLocation));
        assert_eq!("".parse::<DbLocation>(), Err(BadLocation));
        let pg: DbLocation = "postgresql://u@h/db".parse().unwrap();
        assert!(matches!(pg, DbLocation::Postgres(_)));
    }

    #[test]
    fn passwords_never_show() {
        for url in [
            "postgres://ada:s3cret@db.example.com:5432/team",
            "postgres://ada@db.example.com/team?sslmode=require&password=s3cret",
        ] {
            let loc: DbLocation = url.parse().unwrap();
            let shown = format!("{loc} {loc:?}");
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(shown.contains("db.example.com"), "{shown}");
        }
    }
}
