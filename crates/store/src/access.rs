//! Who belongs where, and who holds emergency access: teams (arbetsgrupper)
//! inside units, changes to a user's role, unit and team, and the
//! time-limited read access to one case outside one's unit (nödåtkomst).
//!
//! The rules that use these facts are not here: they live in one place, the
//! web crate's `permissions` module. The store only keeps the facts
//! consistent: a user's team belongs to the user's unit, and a grant is
//! written in the same transaction as the access-log entry that records it
//! ([`Store::grant_emergency_access`]).

use crate::audit::{AccessEntry, AccessKind, append_entries};
use crate::codec::{RowExt, timestamp_text};
use crate::error::{is_foreign_key_violation, is_unique_violation};
use crate::{Store, StoreError};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, TeamId, UnitId, UserId};

/// A team (arbetsgrupp) of a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Team {
    pub id: TeamId,
    pub unit: UnitId,
    pub name: String,
}

/// New values for a user's name, role, unit and team (the username and the
/// password are not changed here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserUpdate {
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitId>,
    /// Must be a team of `unit` (a user without a unit has no team).
    pub team: Option<TeamId>,
}

/// Read access to one case outside the user's own unit, until `expires_at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmergencyGrant {
    pub user: UserId,
    pub case: CaseId,
    /// The reason the user stated (required).
    pub reason: String,
    pub granted_at: Timestamp,
    pub expires_at: Timestamp,
    /// The access-log entry that recorded the grant.
    pub log_seq: u64,
}

fn grant_from_row(r: &AnyRow) -> Result<EmergencyGrant, StoreError> {
    Ok(EmergencyGrant {
        user: UserId(r.int("user_id")?),
        case: r.parsed("case_id")?,
        reason: r.text("reason")?,
        granted_at: r.parsed("granted_at")?,
        expires_at: r.parsed("expires_at")?,
        log_seq: u64::try_from(r.int("log_seq")?)
            .map_err(|_| StoreError::corrupt("negativt loggnummer"))?,
    })
}

const GRANT_COLUMNS: &str = "user_id, case_id, reason, granted_at, expires_at, log_seq";

impl Store {
    /// Create a team in a unit. Team names are unique within a unit.
    pub async fn create_team(&self, unit: UnitId, name: &str) -> Result<TeamId, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(
                "arbetsgruppen måste ha ett namn".into(),
            ));
        }
        let name = name.to_string();
        self.write_directory(move |tx| {
            Box::pin(async move {
                let done =
                    sqlx::query("INSERT INTO teams (unit_id, name) VALUES ($1, $2) RETURNING id")
                        .bind(unit.0)
                        .bind(name.clone())
                        .fetch_one(&mut *tx)
                        .await;
                match done {
                    Ok(row) => Ok(TeamId(row.int("id")?)),
                    Err(e) if is_unique_violation(&e) => Err(StoreError::AlreadyExists(format!(
                        "en arbetsgrupp med namnet {name} i enheten"
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

    /// Every team, by unit and name.
    pub async fn teams(&self) -> Result<Vec<Team>, StoreError> {
        sqlx::query("SELECT id, unit_id, name FROM teams ORDER BY unit_id, name, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Team {
                    id: TeamId(r.int("id")?),
                    unit: UnitId(r.int("unit_id")?),
                    name: r.text("name")?,
                })
            })
            .collect()
    }

    /// The users of a team (active or not), by id.
    pub async fn team_members(&self, team: TeamId) -> Result<Vec<UserId>, StoreError> {
        sqlx::query("SELECT id FROM users WHERE team_id = $1 ORDER BY id")
            .bind(team.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(UserId(r.int("id")?)))
            .collect()
    }

    /// Change a user's display name, role, unit and team. The team must
    /// belong to the unit ([`StoreError::Invalid`] otherwise). The change
    /// takes effect on the user's next request (sessions look the user up
    /// every time).
    pub async fn update_user(&self, id: UserId, u: &UserUpdate) -> Result<(), StoreError> {
        let display_name = u.display_name.trim();
        if display_name.is_empty() {
            return Err(StoreError::Invalid("användaren måste ha ett namn".into()));
        }
        let display_name = display_name.to_string();
        let u = u.clone();
        self.write_directory(move |tx| {
            Box::pin(async move {
                if let Some(team) = u.team {
                    let Some(unit) = u.unit else {
                        return Err(StoreError::Invalid(
                            "en användare utan enhet kan inte tillhöra en arbetsgrupp".into(),
                        ));
                    };
                    let row = sqlx::query("SELECT unit_id FROM teams WHERE id = $1")
                        .bind(team.0)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| StoreError::NotFound("arbetsgruppen".into()))?;
                    if UnitId(row.int("unit_id")?) != unit {
                        return Err(StoreError::Invalid(
                            "arbetsgruppen hör till en annan enhet än användarens".into(),
                        ));
                    }
                }
                let done = sqlx::query(
                    "UPDATE users SET display_name = $1, role = $2, unit_id = $3, team_id = $4 \
                     WHERE id = $5",
                )
                .bind(display_name.to_string())
                .bind(u.role.code())
                .bind(u.unit.map(|x| x.0))
                .bind(u.team.map(|x| x.0))
                .bind(id.0)
                .execute(&mut *tx)
                .await;
                match done {
                    Ok(d) if d.rows_affected() == 0 => {
                        return Err(StoreError::NotFound("användaren".into()));
                    }
                    Ok(_) => {}
                    Err(e) if is_foreign_key_violation(&e) => {
                        return Err(StoreError::NotFound("enheten".into()));
                    }
                    Err(e) => return Err(e.into()),
                }
                Ok(())
            })
        })
        .await
    }

    /// Put a user in a team of the user's unit, or in none.
    pub async fn set_user_team(&self, id: UserId, team: Option<TeamId>) -> Result<(), StoreError> {
        let user = self
            .user(id)
            .await?
            .ok_or_else(|| StoreError::NotFound("användaren".into()))?;
        self.update_user(
            id,
            &UserUpdate {
                display_name: user.display_name,
                role: user.role,
                unit: user.unit,
                team,
            },
        )
        .await
    }

    /// Grant emergency access and record it in the access log, in one
    /// transaction: there is no grant without its log entry. `entry` must be
    /// of kind [`AccessKind::EmergencyGrant`] and name the case and a
    /// reason; its `at` is the time of the grant.
    pub async fn grant_emergency_access(
        &self,
        entry: &AccessEntry,
        expires_at: Timestamp,
    ) -> Result<EmergencyGrant, StoreError> {
        let (Some(case), Some(reason)) = (entry.case, entry.reason.as_deref()) else {
            return Err(StoreError::Invalid(
                "nödåtkomst kräver ett ärende och ett skäl".into(),
            ));
        };
        if entry.kind != AccessKind::EmergencyGrant || reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "nödåtkomst kräver ett ärende och ett skäl".into(),
            ));
        }
        if expires_at <= entry.at {
            return Err(StoreError::Invalid(
                "nödåtkomsten måste gälla en tid framåt".into(),
            ));
        }
        let backend = self.backend;
        let entry = entry.clone();
        let reason = reason.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                let seqs = append_entries(tx, backend, std::slice::from_ref(&entry)).await?;
                let log_seq = seqs
                    .first()
                    .copied()
                    .ok_or_else(|| StoreError::corrupt("loggposten skrevs inte"))?;
                sqlx::query(
                    "INSERT INTO emergency_access (user_id, case_id, reason, granted_at, expires_at, log_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(entry.user.0)
                .bind(case.to_string())
                .bind(reason.to_string())
                .bind(timestamp_text(entry.at))
                .bind(timestamp_text(expires_at))
                .bind(crate::codec::version_int(log_seq)?)
                .execute(&mut *tx)
                .await?;
                Ok(EmergencyGrant {
                    user: entry.user,
                    case,
                    reason: reason.to_string(),
                    granted_at: entry.at,
                    expires_at,
                    log_seq,
                })
            })
        })
        .await
    }

    /// The user's emergency access to the case that is valid at `now` (the
    /// one lasting longest if there are several).
    pub async fn emergency_access(
        &self,
        user: UserId,
        case: CaseId,
        now: Timestamp,
    ) -> Result<Option<EmergencyGrant>, StoreError> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM emergency_access \
             WHERE user_id = $1 AND case_id = $2 AND granted_at <= $3 AND expires_at > $3 \
             ORDER BY expires_at DESC LIMIT 1"
        );
        sqlx::query(&sql)
            .bind(user.0)
            .bind(case.to_string())
            .bind(timestamp_text(now))
            .fetch_optional(&self.pool)
            .await?
            .map(|r| grant_from_row(&r))
            .transpose()
    }

    /// Every emergency access of the user valid at `now`.
    pub async fn emergency_access_of_user(
        &self,
        user: UserId,
        now: Timestamp,
    ) -> Result<Vec<EmergencyGrant>, StoreError> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM emergency_access \
             WHERE user_id = $1 AND granted_at <= $2 AND expires_at > $2 \
             ORDER BY expires_at DESC"
        );
        sqlx::query(&sql)
            .bind(user.0)
            .bind(timestamp_text(now))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(grant_from_row)
            .collect()
    }
}
