//! The organisation: units (enheter) and users.

use crate::codec::{RowExt, bool_int};
use crate::error::{is_foreign_key_violation, is_unique_violation};
use crate::{Store, StoreError};
use sqlx::any::AnyRow;
use tillit_domain::role::Role;
use tillit_domain::{TeamId, UnitId, UserId};

/// An organisational unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    /// What kind of unit (e.g. `mottagning`, `barn`, `ungdom`, `familjehem`).
    pub kind_code: String,
}

/// A user to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitId>,
    /// An argon2 PHC string; the store never sees a password.
    pub password_hash: String,
}

/// A user of Tillit.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitId>,
    /// The team (arbetsgrupp) within the unit, if any (see [`Store::set_user_team`]).
    pub team: Option<TeamId>,
    pub password_hash: String,
    /// Inactive users cannot log in; they stay for the history they made.
    pub active: bool,
    /// The password in force was set by the system administrator (a new
    /// user's first password, or a reset): a one-time password, which the
    /// user must replace before doing anything else.
    pub must_change_password: bool,
    /// The access-log entry that recorded who set the password in force,
    /// when someone else than the user set it.
    pub password_set_seq: Option<u64>,
}

/// Leaves the password hash out, so a logged user never leaks it.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("unit", &self.unit)
            .field("team", &self.team)
            .field("active", &self.active)
            .field("must_change_password", &self.must_change_password)
            .field("password_set_seq", &self.password_set_seq)
            .finish_non_exhaustive()
    }
}

/// The columns of a user, from `users` aliased `u` (so that a join can
/// name them too).
pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.unit_id, \
     u.team_id, u.password_hash, u.active, u.must_change_password, u.password_set_seq";

pub(crate) fn user_from_row(r: &AnyRow) -> Result<User, StoreError> {
    let role = r.text("role")?;
    Ok(User {
        id: UserId(r.int("id")?),
        username: r.text("username")?,
        display_name: r.text("display_name")?,
        role: Role::from_code(&role)
            .ok_or_else(|| StoreError::corrupt(format!("okänd roll {role:?}")))?,
        unit: r.opt_int("unit_id")?.map(UnitId),
        team: r.opt_int("team_id")?.map(TeamId),
        password_hash: r.text("password_hash")?,
        active: r.flag("active")?,
        must_change_password: r.flag("must_change_password")?,
        password_set_seq: r
            .opt_int("password_set_seq")?
            .map(crate::codec::int_version)
            .transpose()?,
    })
}

impl Store {
    pub async fn create_unit(&self, name: &str, kind_code: &str) -> Result<UnitId, StoreError> {
        let (name, kind_code) = (name.to_string(), kind_code.to_string());
        self.write_directory(move |tx| {
            Box::pin(async move {
                let row =
                    sqlx::query("INSERT INTO units (name, kind_code) VALUES ($1, $2) RETURNING id")
                        .bind(name)
                        .bind(kind_code)
                        .fetch_one(&mut *tx)
                        .await?;
                Ok(UnitId(row.int("id")?))
            })
        })
        .await
    }

    /// Every unit, by name.
    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        Ok(self.units_shared().await?.as_ref().clone())
    }

    /// [`Store::units`] without copying them: the directory's own list.
    pub async fn units_shared(&self) -> Result<std::sync::Arc<Vec<Unit>>, StoreError> {
        if let Some(units) = self.directory.units() {
            return Ok(units);
        }
        let read_at = self.directory.generation();
        let units = sqlx::query("SELECT id, name, kind_code FROM units ORDER BY name, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Unit {
                    id: UnitId(r.int("id")?),
                    name: r.text("name")?,
                    kind_code: r.text("kind_code")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let units = std::sync::Arc::new(units);
        self.directory.keep_units(read_at, &units);
        Ok(units)
    }

    /// Create an active user. Usernames are unique ([`StoreError::AlreadyExists`]).
    pub async fn create_user(&self, u: &NewUser) -> Result<UserId, StoreError> {
        let u = u.clone();
        self.write_directory(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "INSERT INTO users (username, display_name, role, unit_id, password_hash, active) \
                     VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
                )
                .bind(u.username.clone())
                .bind(u.display_name.clone())
                .bind(u.role.code())
                .bind(u.unit.map(|x| x.0))
                .bind(u.password_hash.clone())
                .fetch_one(&mut *tx)
                .await;
                match done {
                    Ok(row) => Ok(UserId(row.int("id")?)),
                    Err(e) if is_unique_violation(&e) => Err(StoreError::AlreadyExists(format!(
                        "användarnamnet {}",
                        u.username
                    ))),
                    Err(e) if is_foreign_key_violation(&e) => {
                        Err(StoreError::NotFound("enheten".into()))
                    }
                    Err(e) => Err(e.into()),
                }
            })
        })
        .await
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    /// The user with exactly this username (case-sensitive).
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
        sqlx::query(&sql)
            .bind(username.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    /// Every user, active or not, by display name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        Ok(self.users_shared().await?.as_ref().clone())
    }

    /// [`Store::users`] without copying them: the directory's own list (a
    /// city has thousands of users, and a page names a few).
    pub async fn users_shared(&self) -> Result<std::sync::Arc<Vec<User>>, StoreError> {
        if let Some(users) = self.directory.users() {
            return Ok(users);
        }
        let read_at = self.directory.generation();
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.display_name, u.id");
        let users = sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(user_from_row)
            .collect::<Result<Vec<_>, StoreError>>()?;
        let users = std::sync::Arc::new(users);
        self.directory.keep_users(read_at, &users);
        Ok(users)
    }

    /// Activate or deactivate a user. Deactivating also ends the user's sessions.
    pub async fn set_user_active(&self, id: UserId, active: bool) -> Result<(), StoreError> {
        self.write_directory(move |tx| {
            Box::pin(async move {
                let done = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                    .bind(bool_int(active))
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound("användaren".into()));
                }
                if !active {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Replace a user's password hash and end the user's sessions.
    pub async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        self.write_password(id, password_hash, NewPassword::Replaced)
            .await
    }

    /// Set a password chosen by someone else than the user (the system
    /// administrator): a one-time password. The user must replace it at the
    /// next login ([`User::must_change_password`]); `log_seq` is the
    /// access-log entry that recorded who set it. Ends the user's sessions.
    pub async fn set_one_time_password(
        &self,
        id: UserId,
        password_hash: &str,
        log_seq: u64,
    ) -> Result<(), StoreError> {
        let log_seq = crate::codec::version_int(log_seq)?;
        self.write_password(id, password_hash, NewPassword::OneTime { log_seq })
            .await
    }

    /// The user has chosen their own password: store it, clear
    /// [`User::must_change_password`], and end every other session of the
    /// user (the one with `keep_session`, a token hash, goes on).
    pub async fn set_own_password(
        &self,
        id: UserId,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let keep_session = keep_session.to_string();
        self.write_password(id, password_hash, NewPassword::Own { keep_session })
            .await
    }

    /// Store a new password hash as `how` says, and end the user's sessions
    /// (all of them, or all but the one the user chose it in).
    async fn write_password(
        &self,
        id: UserId,
        password_hash: &str,
        how: NewPassword,
    ) -> Result<(), StoreError> {
        let password_hash = password_hash.to_string();
        self.write_directory(move |tx| {
            Box::pin(async move {
                let flags = match how {
                    NewPassword::Replaced => "",
                    NewPassword::OneTime { .. } => {
                        ", must_change_password = 1, password_set_seq = $3"
                    }
                    NewPassword::Own { .. } => {
                        ", must_change_password = 0, password_set_seq = NULL"
                    }
                };
                let sql = format!("UPDATE users SET password_hash = $1{flags} WHERE id = $2");
                let mut update = sqlx::query(&sql).bind(password_hash).bind(id.0);
                if let NewPassword::OneTime { log_seq } = how {
                    update = update.bind(log_seq);
                }
                if update.execute(&mut *tx).await?.rows_affected() == 0 {
                    return Err(StoreError::NotFound("användaren".into()));
                }
                let end_sessions = match &how {
                    NewPassword::Own { keep_session } => {
                        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                            .bind(id.0)
                            .bind(keep_session.clone())
                    }
                    _ => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0),
                };
                end_sessions.execute(&mut *tx).await?;
                Ok(())
            })
        })
        .await
    }
}

/// How a new password came about: what is stored with it.
enum NewPassword {
    /// Replaced, with no flag ([`Store::set_password_hash`]).
    Replaced,
    /// Set by the system administrator: must be changed at the next login.
    OneTime { log_seq: i64 },
    /// Chosen by the user in the session `keep_session`.
    Own { keep_session: String },
}
