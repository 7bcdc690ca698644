//! Supervisors and their sessions.

use qabul_core::protocol::Timestamp;
use sqlx::Row as _;

use super::{Backend, Db, DbError};

/// Why a supervisor could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddSupervisorError {
    #[error("a supervisor named `{0}` exists already")]
    Exists(String),
    #[error("hashing the password failed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl Db {
    /// How many supervisors there are, disabled ones included.
    pub async fn supervisor_count(&self) -> Result<i64, DbError> {
        let count = on_pool!(self, read, pool => {
            sqlx::query("SELECT count(*) AS n FROM supervisors")
                .fetch_one(pool)
                .await?
                .try_get::<i64, _>("n")?
        });
        Ok(count)
    }

    pub async fn add_supervisor(
        &self,
        name: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<(), AddSupervisorError> {
        let inserted = on_pool!(self, write, pool => {
            sqlx::query(
                "INSERT INTO supervisors (name, password_hash, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(password_hash)
            .bind(now.unix_ms())
            .execute(pool)
            .await
            .map_err(DbError::from)?
            .rows_affected()
        });
        if inserted == 0 {
            return Err(AddSupervisorError::Exists(name.to_owned()));
        }
        Ok(())
    }

    /// The password hash of an active supervisor.
    pub async fn supervisor_password_hash(&self, name: &str) -> Result<Option<String>, DbError> {
        let hash = on_pool!(self, read, pool => {
            match sqlx::query(
                "SELECT password_hash FROM supervisors WHERE name = $1 AND disabled_at IS NULL",
            )
            .bind(name)
            .fetch_optional(pool)
            .await?
            {
                Some(row) => Some(row.try_get("password_hash")?),
                None => None,
            }
        });
        Ok(hash)
    }

    /// Records a new session, and forgets those that have expired.
    pub async fn create_session(
        &self,
        token_hash: &str,
        supervisor: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), DbError> {
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now.unix_ms())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, supervisor, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(supervisor)
            .bind(now.unix_ms())
            .bind(expires_at.unix_ms())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The supervisor a session belongs to, if it has not expired and they are active.
    pub async fn session_supervisor(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<String>, DbError> {
        let name = on_pool!(self, read, pool => {
            match sqlx::query(
                "SELECT s.supervisor FROM sessions s \
                 JOIN supervisors p ON p.name = s.supervisor \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND p.disabled_at IS NULL",
            )
            .bind(token_hash)
            .bind(now.unix_ms())
            .fetch_optional(pool)
            .await?
            {
                Some(row) => Some(row.try_get("supervisor")?),
                None => None,
            }
        });
        Ok(name)
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), DbError> {
        on_pool!(self, write, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
