//! Administration for the system administrator (systemförvaltare): users
//! (create, change role, unit and team, deactivate, set a new password),
//! units and teams. Never case contents: nothing here reads a case or a
//! person.
//!
//! Every change is written to the access log (kind `admin`, with what was
//! changed; never a password), so the log answers who could read what, and
//! since when. Passwords are hashed with argon2 and never logged.
//!
//! The administrator must not become a reader of cases. A password the
//! administrator sets (a new user's first one, or a reset) is a one-time
//! password: the user must choose their own at the first login and can do
//! nothing else until then (`pages/password.rs`). A reset is its own kind
//! of entry (`password_reset`); it and every change to a user carry the
//! user's unit, so the unit manager sees them flagged in the log review and
//! on the start page, and the user's own change of the one-time password is
//! flagged if it comes from the address the reset came from. What remains
//! (the administrator can still use a one-time password before the user
//! does, or go to the database directly) is in `docs/architecture.md`.

use crate::AppState;
use crate::audit::Reader;
use crate::auth::hash_password;
use crate::error::{WebError, store_refusal};
use crate::forms::{FormData, Query};
use crate::i18n::Tr;
use crate::pages::login::ClientAddr;
use crate::permissions::handles_cases;
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::role::Role;
use tillit_domain::{TeamId, UnitId, UserId};
use tillit_store::{AccessKind, NewUser, StoreError, Team, Unit, User, UserUpdate};

/// The shortest password accepted, in characters.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The longest password accepted, in characters.
pub const PASSWORD_MAX_CHARS: usize = 200;
/// The longest display name, unit or team name, in characters.
pub const NAME_MAX_CHARS: usize = 100;

/// The kinds of unit offered when creating one (code, Swedish label).
pub const UNIT_KINDS: [(&str, &str); 5] = [
    ("mottagning", "Mottagning"),
    ("barn", "Barn"),
    ("ungdom", "Ungdom"),
    ("familjehem", "Familjehem"),
    ("annan", "Annan"),
];

/// An option of a `<select>`.
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

/// A field's error.
type Errors = Vec<(&'static str, String)>;

/// Fields sent more than once with different values (see
/// [`FormData::conflicts`]): an error beside the field, or beside the form's
/// first field (`names[0]`) for a name the form does not have.
fn conflicts(tr: Tr, data: &FormData, names: &[&'static str]) -> Errors {
    data.conflicts(&[])
        .into_iter()
        .filter_map(|n| match names.iter().find(|x| **x == n) {
            Some(f) => Some((*f, tr.t("form-duplicate-field"))),
            None => names.first().map(|f| (*f, tr.t("form-duplicate"))),
        })
        .collect()
}

fn error_for<'a>(errors: &'a Errors, field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| m.as_str())
}

/// The fields of a user shared by the create and edit forms.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UserFields {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    team: String,
}

/// No `Debug`: the form holds a password, which must never reach a log.
#[derive(Clone, Default, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
    #[serde(flatten)]
    fields: UserFields,
}

/// No `Debug`: the form holds a password, which must never reach a log.
#[derive(Clone, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: String,
}

/// What the organisation looks like, for the forms.
struct Org {
    units: Vec<Unit>,
    teams: Vec<Team>,
}

impl Org {
    async fn load(state: &AppState) -> Result<Org, WebError> {
        Ok(Org {
            units: state.store().units().await?,
            teams: state.store().teams().await?,
        })
    }

    fn unit_name(&self, id: Option<UnitId>) -> String {
        id.and_then(|u| self.units.iter().find(|x| x.id == u))
            .map(|u| u.name.clone())
            .unwrap_or_else(|| "–".into())
    }

    fn team_name(&self, id: Option<TeamId>) -> String {
        id.and_then(|t| self.teams.iter().find(|x| x.id == t))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "–".into())
    }

    fn role_options(&self, tr: Tr, selected: &str) -> Vec<Opt> {
        Role::ALL
            .iter()
            .map(|r| Opt {
                value: r.code().into(),
                label: tr.label("role", r.code(), r.label()),
                selected: r.code() == selected,
            })
            .collect()
    }

    fn unit_options(&self, tr: Tr, selected: &str) -> Vec<Opt> {
        let mut v = vec![Opt {
            value: String::new(),
            label: tr.t("admin-no-unit"),
            selected: selected.is_empty(),
        }];
        v.extend(self.units.iter().map(|u| Opt {
            value: u.id.0.to_string(),
            label: u.name.clone(),
            selected: u.id.0.to_string() == selected,
        }));
        v
    }

    fn team_options(&self, tr: Tr, selected: &str) -> Vec<Opt> {
        let mut v = vec![Opt {
            value: String::new(),
            label: tr.t("admin-no-team"),
            selected: selected.is_empty(),
        }];
        v.extend(self.teams.iter().map(|t| Opt {
            value: t.id.0.to_string(),
            label: format!("{} – {}", self.unit_name(Some(t.unit)), t.name),
            selected: t.id.0.to_string() == selected,
        }));
        v
    }

    /// The fields parsed, or the errors beside each.
    fn check(&self, tr: Tr, f: &UserFields) -> Result<UserUpdate, Errors> {
        let mut errors: Errors = Vec::new();
        let display_name = f.display_name.trim().to_string();
        if display_name.is_empty() {
            errors.push(("display_name", tr.t("admin-name-missing")));
        } else if display_name.chars().count() > NAME_MAX_CHARS {
            errors.push(("display_name", tr.n("admin-name-long", NAME_MAX_CHARS)));
        }
        let role = Role::from_code(f.role.trim());
        if role.is_none() {
            errors.push(("role", tr.t("admin-role-invalid")));
        }
        let unit = match f.unit.trim() {
            "" => None,
            s => match s.parse::<i64>().ok().map(UnitId) {
                Some(id) if self.units.iter().any(|u| u.id == id) => Some(id),
                _ => {
                    errors.push(("unit", tr.t("admin-unit-invalid")));
                    None
                }
            },
        };
        if let Some(r) = role
            && handles_cases(r)
            && unit.is_none()
            && error_for(&errors, "unit").is_none()
        {
            errors.push(("unit", tr.t("admin-unit-required")));
        }
        let team = match f.team.trim() {
            "" => None,
            s => match s
                .parse::<i64>()
                .ok()
                .map(TeamId)
                .and_then(|id| self.teams.iter().find(|t| t.id == id))
            {
                Some(t) if Some(t.unit) == unit => Some(t.id),
                _ => {
                    errors.push(("team", tr.t("admin-team-invalid")));
                    None
                }
            },
        };
        match (errors.is_empty(), role) {
            (true, Some(role)) => Ok(UserUpdate {
                display_name,
                role,
                unit,
                team,
            }),
            _ => Err(errors),
        }
    }
}

/// A password, checked (both fields the same, long enough).
fn check_password(tr: Tr, password: &str, again: &str, errors: &mut Errors) {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        errors.push(("password", tr.n("admin-password-short", PASSWORD_MIN_CHARS)));
    } else if n > PASSWORD_MAX_CHARS {
        errors.push(("password", tr.n("admin-password-long", PASSWORD_MAX_CHARS)));
    } else if password != again {
        errors.push(("password2", tr.t("admin-password-mismatch")));
    }
}

/// Hash off the async threads (argon2 takes a while by design).
async fn hash(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| WebError::Internal("password hashing failed"))?
        .map_err(|_| WebError::Internal("password hashing failed"))
}

fn valid_username(s: &str) -> bool {
    let n = s.chars().count();
    (2..=32).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

fn redirect(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
}

/// Record an administrative change in the access log; returns the entry's
/// number. `about` is the unit of the user changed: the entry reaches the
/// log review of that unit's manager (`case_unit`, see `audit.rs`).
async fn log_change(
    state: &AppState,
    user: &CurrentUser,
    addr: &str,
    kind: AccessKind,
    about: Option<UnitId>,
    detail: String,
) -> Result<u64, WebError> {
    let reader = Reader::new(user, addr)?;
    let mut e = reader.entry(kind);
    e.case_unit = about;
    e.detail = Some(detail);
    let seqs = state.store().log_access(&[e]).await.map_err(|e| {
        tracing::error!(error = %e, "access log write failed; the change is not made");
        WebError::Store(e)
    })?;
    seqs.first()
        .copied()
        .ok_or(WebError::Internal("access log entry not written"))
}

fn describe(u: &UserUpdate) -> String {
    format!(
        "roll {}, enhet {}, arbetsgrupp {}",
        u.role.code(),
        u.unit
            .map(|x| x.0.to_string())
            .unwrap_or_else(|| "-".into()),
        u.team
            .map(|x| x.0.to_string())
            .unwrap_or_else(|| "-".into())
    )
}

// Users ----------------------------------------------------------------------

struct UserRow {
    href: String,
    username: String,
    name: String,
    role: String,
    unit: String,
    team: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<UserRow>,
    username: String,
    display_name: String,
    roles: Vec<Opt>,
    units: Vec<Opt>,
    teams: Vec<Opt>,
    errors: Errors,
}

impl UsersPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

fn users_page_with(
    tr: Tr,
    user: &CurrentUser,
    org: &Org,
    users: &[User],
    form: &NewUserForm,
    errors: Errors,
) -> Result<Response, WebError> {
    let rows = users
        .iter()
        .map(|u| UserRow {
            href: format!("/admin/users/{}", u.id),
            username: u.username.clone(),
            name: u.display_name.clone(),
            role: tr.label("role", u.role.code(), u.role.label()),
            unit: org.unit_name(u.unit),
            team: org.team_name(u.team),
            active: u.active,
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = UsersPage {
        l: Layout::new(tr, user, tr.t("admin-users-title"), Section::Users),
        users: rows,
        username: form.username.clone(),
        display_name: form.fields.display_name.clone(),
        roles: org.role_options(tr, &form.fields.role),
        units: org.unit_options(tr, &form.fields.unit),
        teams: org.team_options(tr, &form.fields.team),
        errors,
    };
    html_status(status, &p)
}

/// `GET /admin/users`: every user, and a form to create one.
pub async fn users_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let org = Org::load(&state).await?;
    let users = state.store().users().await?;
    let form = NewUserForm {
        fields: UserFields {
            role: Role::Caseworker.code().into(),
            ..UserFields::default()
        },
        ..NewUserForm::default()
    };
    users_page_with(tr, &user, &org, &users, &form, Vec::new())
}

/// `POST /admin/users`: create a user.
pub async fn create_user(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let f: NewUserForm = data.decode()?;
    let org = Org::load(&state).await?;
    let username = f.username.trim().to_string();
    let mut errors: Errors = conflicts(
        tr,
        &data,
        &[
            "username",
            "password",
            "password2",
            "display_name",
            "role",
            "unit",
            "team",
        ],
    );
    if username.is_empty() {
        errors.push(("username", tr.t("admin-username-missing")));
    } else if !valid_username(&username) {
        errors.push(("username", tr.t("admin-username-invalid")));
    }
    let checked = org.check(tr, &f.fields);
    if let Err(e) = &checked {
        errors.extend(e.iter().cloned());
    }
    check_password(tr, &f.password, &f.password2, &mut errors);
    let update = match checked {
        Ok(u) if errors.is_empty() => u,
        _ => {
            let users = state.store().users().await?;
            return users_page_with(tr, &user, &org, &users, &f, errors);
        }
    };
    let taken = || async {
        let users = state.store().users().await?;
        let errors = vec![("username", tr.t("admin-username-taken"))];
        users_page_with(tr, &user, &org, &users, &f, errors)
    };
    if state.store().user_by_username(&username).await?.is_some() {
        return taken().await;
    }
    let password_hash = hash(f.password.clone()).await?;
    // Logged first: the log may tell of a user whose creation then failed,
    // never the other way round. The first password is a one-time one.
    let seq = log_change(
        &state,
        &user,
        &addr,
        AccessKind::Admin,
        update.unit,
        format!(
            "skapade användare {username} med engångslösenord: {}",
            describe(&update)
        ),
    )
    .await?;
    let created = state
        .store()
        .create_user(&NewUser {
            username: username.clone(),
            display_name: update.display_name.clone(),
            role: update.role,
            unit: update.unit,
            password_hash: password_hash.clone(),
        })
        .await;
    let id = match created {
        Ok(id) => id,
        Err(StoreError::AlreadyExists(_)) => return taken().await,
        Err(e) => {
            // The unit removed meanwhile, or another refusal of the store.
            let errors = vec![("unit", store_refusal(tr, e)?)];
            let users = state.store().users().await?;
            return users_page_with(tr, &user, &org, &users, &f, errors);
        }
    };
    state
        .store()
        .set_one_time_password(id, &password_hash, seq)
        .await?;
    if update.team.is_some()
        && let Err(e) = state.store().update_user(id, &update).await
    {
        // The user is created; only the team could not be set. Say so on
        // the user's own page, where the team can be chosen again.
        let errors = vec![("team", store_refusal(tr, e)?)];
        let target = target(&state, &id.to_string()).await?;
        let org = Org::load(&state).await?;
        return user_page_with(
            tr,
            &user,
            &org,
            &target,
            &f.fields,
            errors,
            Some(tr.t("admin-saved")),
        );
    }
    tracing::info!(admin = %user.id, user_id = %id, "user created");
    Ok(redirect(format!("/admin/users/{id}?saved=1")))
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    l: Layout,
    id: i64,
    username: String,
    active: bool,
    is_self: bool,
    display_name: String,
    roles: Vec<Opt>,
    units: Vec<Opt>,
    teams: Vec<Opt>,
    errors: Errors,
    notice: Option<String>,
}

impl UserPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

fn user_page_with(
    tr: Tr,
    me: &CurrentUser,
    org: &Org,
    target: &User,
    fields: &UserFields,
    errors: Errors,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = UserPage {
        l: Layout::new(tr, me, tr.t("admin-user-title"), Section::Users),
        id: target.id.0,
        username: target.username.clone(),
        active: target.active,
        is_self: target.id == me.id,
        display_name: fields.display_name.clone(),
        roles: org.role_options(tr, &fields.role),
        units: org.unit_options(tr, &fields.unit),
        teams: org.team_options(tr, &fields.team),
        errors,
        notice,
    };
    html_status(status, &p)
}

fn fields_of(u: &User) -> UserFields {
    UserFields {
        display_name: u.display_name.clone(),
        role: u.role.code().into(),
        unit: u.unit.map(|x| x.0.to_string()).unwrap_or_default(),
        team: u.team.map(|x| x.0.to_string()).unwrap_or_default(),
    }
}

async fn target(state: &AppState, id: &str) -> Result<User, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    state
        .store()
        .user(UserId(id))
        .await?
        .ok_or(WebError::NotFound)
}

/// `GET /admin/users/{id}`.
pub async fn user_page(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let u = target(&state, &id).await?;
    let org = Org::load(&state).await?;
    let notice = match q.saved.as_str() {
        "1" => Some(tr.t("admin-saved")),
        "password" => Some(tr.t("admin-password-saved")),
        _ => None,
    };
    user_page_with(tr, &me, &org, &u, &fields_of(&u), Vec::new(), notice)
}

/// `POST /admin/users/{id}`: change name, role, unit and team.
pub async fn update_user(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, WebError> {
    let f: UserFields = data.decode()?;
    let u = target(&state, &id).await?;
    let org = Org::load(&state).await?;
    let duplicated = conflicts(tr, &data, &["display_name", "role", "unit", "team"]);
    if !duplicated.is_empty() {
        return user_page_with(tr, &me, &org, &u, &f, duplicated, None);
    }
    let mut checked = org.check(tr, &f);
    if u.id == me.id
        && let Ok(upd) = &checked
        && upd.role != me.role
    {
        checked = Err(vec![("role", tr.t("admin-self-role"))]);
    }
    let update = match checked {
        Ok(x) => x,
        Err(errors) => return user_page_with(tr, &me, &org, &u, &f, errors, None),
    };
    log_change(
        &state,
        &me,
        &addr,
        AccessKind::Admin,
        update.unit,
        format!(
            "ändrade användare {} ({}): {}",
            u.id,
            u.username,
            describe(&update)
        ),
    )
    .await?;
    if let Err(e) = state.store().update_user(u.id, &update).await {
        // A unit or team removed meanwhile: shown on the form, nothing saved.
        let errors = vec![("team", store_refusal(tr, e)?)];
        let org = Org::load(&state).await?;
        return user_page_with(tr, &me, &org, &u, &f, errors, None);
    }
    tracing::info!(admin = %me.id, user_id = %u.id, "user changed");
    Ok(redirect(format!("/admin/users/{}?saved=1", u.id)))
}

/// `POST /admin/users/{id}/active`: `active=0` deactivates (and ends the
/// user's sessions), `active=1` activates.
pub async fn set_active(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, WebError> {
    let f: ActiveForm = data.decode()?;
    let u = target(&state, &id).await?;
    let org = Org::load(&state).await?;
    let duplicated = conflicts(tr, &data, &["active"]);
    if !duplicated.is_empty() {
        return user_page_with(tr, &me, &org, &u, &fields_of(&u), duplicated, None);
    }
    let active = match f.active.as_str() {
        "1" => true,
        "0" => false,
        _ => {
            let errors = vec![("active", tr.t("admin-active-invalid"))];
            return user_page_with(tr, &me, &org, &u, &fields_of(&u), errors, None);
        }
    };
    if u.id == me.id && !active {
        let errors = vec![("active", tr.t("admin-self-deactivate"))];
        return user_page_with(tr, &me, &org, &u, &fields_of(&u), errors, None);
    }
    let what = if active { "aktiverade" } else { "inaktiverade" };
    log_change(
        &state,
        &me,
        &addr,
        AccessKind::Admin,
        u.unit,
        format!("{what} användare {} ({})", u.id, u.username),
    )
    .await?;
    if let Err(e) = state.store().set_user_active(u.id, active).await {
        let errors = vec![("active", store_refusal(tr, e)?)];
        return user_page_with(tr, &me, &org, &u, &fields_of(&u), errors, None);
    }
    tracing::info!(admin = %me.id, user_id = %u.id, active, "user activation changed");
    Ok(redirect(format!("/admin/users/{}?saved=1", u.id)))
}

/// `POST /admin/users/{id}/password`: set a one-time password (ends the
/// user's sessions; the user must choose their own at the next login). The
/// reset is logged first, as its own kind, with the user's unit; the
/// password never is.
pub async fn reset_password(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, WebError> {
    let f: PasswordForm = data.decode()?;
    let u = target(&state, &id).await?;
    let mut errors: Errors = conflicts(tr, &data, &["password", "password2"]);
    if errors.is_empty() {
        check_password(tr, &f.password, &f.password2, &mut errors);
    }
    if !errors.is_empty() {
        let org = Org::load(&state).await?;
        return user_page_with(tr, &me, &org, &u, &fields_of(&u), errors, None);
    }
    let password_hash = hash(f.password).await?;
    let seq = log_change(
        &state,
        &me,
        &addr,
        AccessKind::PasswordReset,
        u.unit,
        format!(
            "nytt engångslösenord för användare {} ({})",
            u.id, u.username
        ),
    )
    .await?;
    if let Err(e) = state
        .store()
        .set_one_time_password(u.id, &password_hash, seq)
        .await
    {
        let errors = vec![("password", store_refusal(tr, e)?)];
        let org = Org::load(&state).await?;
        return user_page_with(tr, &me, &org, &u, &fields_of(&u), errors, None);
    }
    tracing::info!(admin = %me.id, user_id = %u.id, "password reset");
    Ok(redirect(format!("/admin/users/{}?saved=password", u.id)))
}

// Units and teams --------------------------------------------------------------

struct UnitRow {
    name: String,
    kind: String,
    teams: Vec<String>,
    users: usize,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TeamForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    team_name: String,
}

#[derive(Template)]
#[template(path = "admin_units.html")]
struct UnitsPage {
    l: Layout,
    units: Vec<UnitRow>,
    kinds: Vec<Opt>,
    unit_options: Vec<Opt>,
    name: String,
    team_name: String,
    errors: Errors,
    notice: Option<String>,
}

impl UnitsPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

async fn units_page_with(
    state: &AppState,
    tr: Tr,
    me: &CurrentUser,
    unit_form: &UnitForm,
    team_form: &TeamForm,
    errors: Errors,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let org = Org::load(state).await?;
    let mut per_unit: HashMap<UnitId, usize> = HashMap::new();
    for u in state.store().users().await? {
        if let Some(unit) = u.unit {
            *per_unit.entry(unit).or_default() += 1;
        }
    }
    let units = org
        .units
        .iter()
        .map(|u| UnitRow {
            name: u.name.clone(),
            kind: UNIT_KINDS
                .iter()
                .find(|(c, _)| *c == u.kind_code)
                .map(|(c, label)| tr.label("unit-kind", c, label))
                .unwrap_or_else(|| u.kind_code.clone()),
            teams: org
                .teams
                .iter()
                .filter(|t| t.unit == u.id)
                .map(|t| t.name.clone())
                .collect(),
            users: per_unit.get(&u.id).copied().unwrap_or(0),
        })
        .collect();
    let kinds = UNIT_KINDS
        .iter()
        .map(|(c, label)| Opt {
            value: (*c).into(),
            label: tr.label("unit-kind", c, label),
            selected: *c == unit_form.kind,
        })
        .collect();
    let mut unit_options = org.unit_options(tr, &team_form.unit);
    unit_options.remove(0);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = UnitsPage {
        l: Layout::new(tr, me, tr.t("admin-units-title"), Section::Units),
        units,
        kinds,
        unit_options,
        name: unit_form.name.clone(),
        team_name: team_form.team_name.clone(),
        errors,
        notice,
    };
    html_status(status, &p)
}

/// `GET /admin/units`: units with their teams, and forms to add either.
pub async fn units_page(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let notice = (q.saved == "1").then(|| tr.t("admin-saved"));
    units_page_with(
        &state,
        tr,
        &me,
        &UnitForm::default(),
        &TeamForm::default(),
        Vec::new(),
        notice,
    )
    .await
}

/// `POST /admin/units`: create a unit.
pub async fn create_unit(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let f: UnitForm = data.decode()?;
    let name = f.name.trim().to_string();
    let mut errors: Errors = conflicts(tr, &data, &["name", "kind"]);
    if name.is_empty() {
        errors.push(("name", tr.t("admin-unit-name-missing")));
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.push(("name", tr.n("admin-name-long", NAME_MAX_CHARS)));
    }
    if !UNIT_KINDS.iter().any(|(c, _)| *c == f.kind) {
        errors.push(("kind", tr.t("admin-unit-kind-invalid")));
    }
    if !errors.is_empty() {
        return units_page_with(&state, tr, &me, &f, &TeamForm::default(), errors, None).await;
    }
    let id = match state.store().create_unit(&name, &f.kind).await {
        Ok(id) => id,
        Err(e) => {
            let errors = vec![("name", store_refusal(tr, e)?)];
            return units_page_with(&state, tr, &me, &f, &TeamForm::default(), errors, None).await;
        }
    };
    log_change(
        &state,
        &me,
        &addr,
        AccessKind::Admin,
        None,
        format!("skapade enhet {id} ({})", f.kind),
    )
    .await?;
    tracing::info!(admin = %me.id, unit = %id, "unit created");
    Ok(redirect("/admin/units?saved=1".into()))
}

/// `POST /admin/teams`: create a team in a unit.
pub async fn create_team(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let f: TeamForm = data.decode()?;
    let name = f.team_name.trim().to_string();
    let units = state.store().units().await?;
    let mut errors: Errors = conflicts(tr, &data, &["team_name", "unit"]);
    let unit = f
        .unit
        .trim()
        .parse::<i64>()
        .ok()
        .map(UnitId)
        .filter(|id| units.iter().any(|u| u.id == *id));
    if unit.is_none() {
        errors.push(("unit", tr.t("admin-unit-invalid")));
    }
    if name.is_empty() {
        errors.push(("team_name", tr.t("admin-team-name-missing")));
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.push(("team_name", tr.n("admin-name-long", NAME_MAX_CHARS)));
    }
    let Some(unit) = unit.filter(|_| errors.is_empty()) else {
        return units_page_with(&state, tr, &me, &UnitForm::default(), &f, errors, None).await;
    };
    let id = match state.store().create_team(unit, &name).await {
        Ok(id) => id,
        Err(StoreError::AlreadyExists(_)) => {
            let errors = vec![("team_name", tr.t("admin-team-exists"))];
            return units_page_with(&state, tr, &me, &UnitForm::default(), &f, errors, None).await;
        }
        Err(e) => {
            // The unit removed meanwhile, or another refusal of the store.
            let errors = vec![("unit", store_refusal(tr, e)?)];
            return units_page_with(&state, tr, &me, &UnitForm::default(), &f, errors, None).await;
        }
    };
    log_change(
        &state,
        &me,
        &addr,
        AccessKind::Admin,
        None,
        format!("skapade arbetsgrupp {id} i enhet {unit}"),
    )
    .await?;
    tracing::info!(admin = %me.id, team = %id, "team created");
    Ok(redirect("/admin/units?saved=1".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn usernames() {
        for ok in ["anna", "anna.lind", "a2", "karin_b-2"] {
            assert!(valid_username(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "Anna",
            "2anna",
            "anna lind",
            "åsa",
            &"a".repeat(33),
        ] {
            assert!(!valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn passwords_must_be_long_and_typed_twice() {
        let tr = Tr::new(Lang::Sv);
        let mut e = Vec::new();
        check_password(tr, "kort", "kort", &mut e);
        assert_eq!(e[0].1, "Lösenordet måste ha minst 12 tecken.");
        let mut e = Vec::new();
        check_password(tr, "ett långt lösenord", "ett annat lösenord", &mut e);
        assert_eq!(e[0].0, "password2");
        let mut e = Vec::new();
        check_password(tr, "ett långt lösenord", "ett långt lösenord", &mut e);
        assert!(e.is_empty());
    }

    #[test]
    fn user_fields_are_checked_against_the_organisation() {
        let tr = Tr::new(Lang::Sv);
        let org = Org {
            units: vec![
                Unit {
                    id: UnitId(1),
                    name: "Barnenheten".into(),
                    kind_code: "barn".into(),
                },
                Unit {
                    id: UnitId(2),
                    name: "Ungdomsenheten".into(),
                    kind_code: "ungdom".into(),
                },
            ],
            teams: vec![Team {
                id: TeamId(5),
                unit: UnitId(1),
                name: "Team Norr".into(),
            }],
        };
        let f = |name: &str, role: &str, unit: &str, team: &str| UserFields {
            display_name: name.into(),
            role: role.into(),
            unit: unit.into(),
            team: team.into(),
        };
        let ok = org.check(tr, &f("Anna", "caseworker", "1", "5")).unwrap();
        assert_eq!((ok.unit, ok.team), (Some(UnitId(1)), Some(TeamId(5))));
        let e = org.check(tr, &f("", "x", "", "")).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["display_name", "role"]);
        // Case roles need a unit; the team must be of the unit.
        let e = org.check(tr, &f("Anna", "caseworker", "", "")).unwrap_err();
        assert_eq!(e[0].0, "unit");
        assert!(e[0].1.contains("måste tillhöra en enhet"));
        let e = org
            .check(tr, &f("Anna", "caseworker", "2", "5"))
            .unwrap_err();
        assert_eq!(e[0].0, "team");
        assert!(
            org.check(tr, &f("Stefan", "system_administrator", "", ""))
                .is_ok()
        );
        assert!(org.check(tr, &f("Anna", "caseworker", "9", "")).is_err());
    }
}
