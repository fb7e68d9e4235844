//! Server-side login sessions. The browser holds a random token; the database
//! holds only its SHA-256 ([`hash_session_token`]), so a copy of the database
//! cannot be used to take over a session.

use crate::codec::{RowExt, timestamp_text};
use crate::error::missing_reference;
use crate::org::User;
use crate::{Store, StoreError};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use tillit_domain::UserId;

/// A stored session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub user: UserId,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
}

/// The lowercase hex SHA-256 of a session token: what the store keeps.
pub fn hash_session_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Store a new session under the hash of its token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let token_hash = token_hash.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
                     VALUES ($1, $2, $3, $3, $4)",
                )
                .bind(token_hash)
                .bind(user.0)
                .bind(timestamp_text(created_at))
                .bind(timestamp_text(expires_at))
                .execute(&mut *tx)
                .await;
                done.map(|_| ()).map_err(missing_reference("användaren"))
            })
        })
        .await
    }

    /// The session with this token hash, expired or not (the caller decides).
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        sqlx::query(
            "SELECT user_id, created_at, last_seen_at, expires_at FROM sessions \
             WHERE token_hash = $1",
        )
        .bind(token_hash.to_string())
        .fetch_optional(&self.pool)
        .await?
        .map(|r| {
            Ok(Session {
                user: UserId(r.int("user_id")?),
                created_at: r.parsed("created_at")?,
                last_seen_at: r.parsed("last_seen_at")?,
                expires_at: r.parsed("expires_at")?,
            })
        })
        .transpose()
    }

    /// The session with this token hash together with its user, in one
    /// read (every request resolves its session this way).
    pub async fn session_with_user(
        &self,
        token_hash: &str,
    ) -> Result<Option<(Session, User)>, StoreError> {
        let sql = format!(
            "SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at, {} \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
            crate::org::USER_COLUMNS
        );
        sqlx::query(&sql)
            .bind(token_hash.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                let session = Session {
                    user: UserId(r.int("user_id")?),
                    created_at: r.parsed("created_at")?,
                    last_seen_at: r.parsed("last_seen_at")?,
                    expires_at: r.parsed("expires_at")?,
                };
                Ok((session, crate::org::user_from_row(&r)?))
            })
            .transpose()
    }

    /// Record activity on a session (no error if it is gone).
    pub async fn touch_session(&self, token_hash: &str, at: Timestamp) -> Result<(), StoreError> {
        let token_hash = token_hash.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                    .bind(timestamp_text(at))
                    .bind(token_hash)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// End a session (log out). No error if it is already gone.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let token_hash = token_hash.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Remove every session that expired before `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                    .bind(timestamp_text(now))
                    .execute(&mut *tx)
                    .await?;
                Ok(done.rows_affected())
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_is_sha256_hex() {
        assert_eq!(
            hash_session_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
