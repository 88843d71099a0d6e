//! User queries.

use super::{Db, StoreError, new_id, now};

/// A stored user, with the password hash (never sent to clients).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    /// The user's id (`usr_…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email, lower-cased.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// RFC 3339 creation time.
    pub created_at: String,
}

/// What signup stores: the password is already hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Display name.
    pub name: String,
    /// Login email, in any case (it is lower-cased here).
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// The form an email is stored and looked up in.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Db {
    /// Stores a new user.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the email (in any case) is taken.
    pub async fn insert_user(&self, new: &NewUser) -> Result<User, StoreError> {
        let user = on_pool!(self, |pool| sqlx::query_as::<_, User>(
            "INSERT INTO users (id, name, email, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING *",
        )
        .bind(new_id("usr"))
        .bind(&new.name)
        .bind(email_key(&new.email))
        .bind(&new.password_hash)
        .bind(now())
        .fetch_one(pool)
        .await)?;
        Ok(user)
    }

    /// The user with this email, in any case.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let user = on_pool!(self, |pool| sqlx::query_as::<_, User>(
            "SELECT * FROM users WHERE email = $1"
        )
        .bind(email_key(email))
        .fetch_optional(pool)
        .await)?;
        Ok(user)
    }

    /// Whether a user with this id exists. A user found lately is taken as
    /// there without a query (see [`super::known_users`]).
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn user_exists(&self, id: &str) -> Result<bool, StoreError> {
        let now = std::time::Instant::now();
        if self.known_users.fresh(id, now) {
            return Ok(true);
        }
        // Not decoded: `1` is a 64-bit integer in SQLite but 32-bit in PostgreSQL.
        let found = on_pool!(self, |pool| sqlx::query(
            "SELECT 1 FROM users WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        .map(|row| row.is_some()))?;
        if found {
            self.known_users.found(id, now);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::each_backend;

    fn new_user(email: &str) -> NewUser {
        NewUser {
            name: "Ada".into(),
            email: email.into(),
            password_hash: "hash".into(),
        }
    }

    #[tokio::test]
    async fn emails_are_unique_regardless_of_case() {
        for t in each_backend().await {
            let db = &t.db;
            let ada = db.insert_user(&new_user("Ada@Example.com")).await.unwrap();
            assert!(ada.id.starts_with("usr_"));
            assert_eq!(ada.email, "ada@example.com");
            let again = db.insert_user(&new_user("ADA@example.COM")).await;
            assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
            let found = db.user_by_email("ada@EXAMPLE.com").await.unwrap();
            assert_eq!(found.as_ref().map(|u| &u.id), Some(&ada.id));
            assert!(db.user_exists(&ada.id).await.unwrap());
            assert!(!db.user_exists("usr_nobody").await.unwrap());
        }
    }
}
