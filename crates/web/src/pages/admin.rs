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

use crate::forms::SavedQuery;
use crate::AppState;
use crate::audit::Reader;
use crate::auth::hash_password;
use crate::error::{WebError, store_refusal};
use crate::forms::{
    Field, FieldView, FormData, Input, Kind, Query, Refused, Shown, SummaryItem, read,
};
use crate::i18n::Tr;
use crate::permissions::handles_cases;
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
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

/// The fields of a user shared by the create and edit forms, as stored.
fn user_data(u: &User) -> FormData {
    FormData::new(vec![
        ("display_name".into(), u.display_name.clone()),
        ("role".into(), u.role.code().into()),
        (
            "unit".into(),
            u.unit.map(|x| x.0.to_string()).unwrap_or_default(),
        ),
        (
            "team".into(),
            u.team.map(|x| x.0.to_string()).unwrap_or_default(),
        ),
    ])
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

    /// The units as options, after `none` (the choice of no unit) if given.
    fn unit_options(&self, none: Option<String>) -> Vec<(String, String)> {
        let none = none.map(|n| (String::new(), n));
        none.into_iter()
            .chain(
                self.units
                    .iter()
                    .map(|u| (u.id.0.to_string(), u.name.clone())),
            )
            .collect()
    }

    /// A unit of the organisation, by its id as typed.
    fn unit(&self, text: &str) -> Option<UnitId> {
        let id = UnitId(text.parse().ok()?);
        self.units.iter().any(|u| u.id == id).then_some(id)
    }

    /// The fields of a user shared by the create and edit forms.
    fn user_fields(&self, tr: Tr) -> Vec<Field> {
        let roles = Role::ALL
            .iter()
            .map(|r| (r.code().into(), tr.label("role", r.code(), r.label())))
            .collect();
        let mut teams = vec![(String::new(), tr.t("admin-no-team"))];
        teams.extend(self.teams.iter().map(|t| {
            (
                t.id.0.to_string(),
                format!("{} – {}", self.unit_name(Some(t.unit)), t.name),
            )
        }));
        vec![
            Field::new("display_name", Kind::Text, tr.t("admin-col-name")),
            Field::new("role", Kind::Select, tr.t("admin-col-role")).options(roles),
            Field::new("unit", Kind::Select, tr.t("admin-col-unit"))
                .options(self.unit_options(Some(tr.t("admin-no-unit")))),
            Field::new("team", Kind::Select, tr.t("admin-col-team"))
                .hint(tr.t("admin-team-hint"))
                .options(teams),
        ]
    }

    /// The user fields as a [`UserUpdate`], or the errors beside each.
    fn parse_user(&self, input: &mut Input<'_>) -> Option<UserUpdate> {
        let tr = input.tr;
        let display_name = input.text("display_name");
        if display_name.is_empty() {
            input.field("display_name", tr.t("admin-name-missing"));
        } else if display_name.chars().count() > NAME_MAX_CHARS {
            input.field("display_name", tr.n("admin-name-long", NAME_MAX_CHARS));
        }
        let role = input.pick("role", tr.t("admin-role-invalid"), Role::from_code);
        let unit = input
            .optional_pick("unit", tr.t("admin-unit-invalid"), |s| self.unit(s))
            .flatten();
        if role.is_some_and(handles_cases) && unit.is_none() {
            input.field("unit", tr.t("admin-unit-required"));
        }
        let team = input
            .optional_pick("team", tr.t("admin-team-invalid"), |s| {
                let id = TeamId(s.parse().ok()?);
                let t = self.teams.iter().find(|t| t.id == id)?;
                (Some(t.unit) == unit).then_some(t.id)
            })
            .flatten();
        if !input.errors.is_empty() {
            return None;
        }
        Some(UserUpdate {
            display_name,
            role: role?,
            unit,
            team,
        })
    }
}

/// The two password fields; never shown again with what was typed.
fn password_fields(tr: Tr) -> Vec<Field> {
    vec![
        Field::new("password", Kind::Password, tr.t("admin-password"))
            .hint(tr.t("admin-password-hint")),
        Field::new("password2", Kind::Password, tr.t("admin-password-again")),
    ]
}

/// A password, checked (both fields the same, long enough).
fn parse_password(input: &mut Input<'_>) -> Option<String> {
    let tr = input.tr;
    let password = input.raw("password");
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        input.field("password", tr.n("admin-password-short", PASSWORD_MIN_CHARS));
    } else if n > PASSWORD_MAX_CHARS {
        input.field("password", tr.n("admin-password-long", PASSWORD_MAX_CHARS));
    } else if password != input.raw("password2") {
        input.field("password2", tr.t("admin-password-mismatch"));
    } else {
        return Some(password);
    }
    None
}

/// Hash off the async threads (argon2 takes a while by design).
async fn hash(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(WebError::internal("password hashing failed"))?
        .map_err(WebError::internal("password hashing failed"))
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
    seqs.first().copied().ok_or(WebError::Internal {
        what: "access log entry not written",
        cause: None,
    })
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

/// The form to create a user: a username, the user fields, a password.
fn new_user_fields(tr: Tr, org: &Org) -> Vec<Field> {
    let mut fields = vec![
        Field::new("username", Kind::Text, tr.t("admin-col-username"))
            .hint(tr.t("admin-username-hint")),
    ];
    fields.extend(org.user_fields(tr));
    fields.extend(password_fields(tr));
    fields
}

/// The username typed: given, well formed.
fn parse_username(input: &mut Input<'_>) -> Option<String> {
    let username = input.text("username");
    let message = if username.is_empty() {
        "admin-username-missing"
    } else if !valid_username(&username) {
        "admin-username-invalid"
    } else {
        return Some(username);
    };
    let m = input.tr.t(message);
    input.field("username", m);
    None
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<UserRow>,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
}

/// The users page; `form` the create form as typed, with its errors.
async fn users_page_with(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    org: &Org,
    form: &FormData,
    refused: Refused,
) -> Result<Response, WebError> {
    let users = state.store().users().await?;
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
    let title = tr.t("admin-users-title");
    let shown = Shown::new(tr, &title, &new_user_fields(tr, org), form, &refused.errors);
    let p = UsersPage {
        l: Layout::new(tr, user, shown.title, Section::Users),
        users: rows,
        fields: shown.fields,
        summary: shown.summary,
    };
    html_status(refused.status, &p)
}

/// `GET /admin/users`: every user, and a form to create one.
pub async fn users_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let org = Org::load(&state).await?;
    let form = FormData::new(vec![("role".into(), Role::Caseworker.code().into())]);
    users_page_with(&state, tr, &user, &org, &form, Refused::none()).await
}

/// `POST /admin/users`: create a user.
pub async fn create_user(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let org = Org::load(&state).await?;
    let parsed = read(tr, &new_user_fields(tr, &org), &data, None, |input| {
        let username = parse_username(input);
        let update = org.parse_user(input);
        let password = parse_password(input);
        Some((username?, update?, password?))
    });
    let (username, update, password) = match parsed {
        Ok(v) => v,
        Err(r) => return users_page_with(&state, tr, &user, &org, &data, r).await,
    };
    let taken = || Refused::field("username", tr.t("admin-username-taken"));
    if state.store().user_by_username(&username).await?.is_some() {
        return users_page_with(&state, tr, &user, &org, &data, taken()).await;
    }
    let password_hash = hash(password).await?;
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
        Err(e) => {
            // Taken meanwhile, the unit removed, or another refusal.
            let r = match e {
                StoreError::AlreadyExists(_) => taken(),
                e => Refused::field("unit", store_refusal(tr, e)?),
            };
            return users_page_with(&state, tr, &user, &org, &data, r).await;
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
        let r = Refused::field("team", store_refusal(tr, e)?);
        let target = target(&state, &id.to_string()).await?;
        let org = Org::load(&state).await?;
        let notice = Some(tr.t("admin-saved"));
        return user_page_with(tr, &user, &org, &target, &data, r, notice);
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
    display_name: String,
    active: bool,
    is_self: bool,
    /// The form to change the user.
    fields: Vec<FieldView>,
    /// The form to set a one-time password.
    password_fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    active_error: Option<String>,
    notice: Option<String>,
}

/// The user's page; `form` the change form's values (as typed, or as
/// stored), `refused` the errors of the form posted.
fn user_page_with(
    tr: Tr,
    me: &CurrentUser,
    org: &Org,
    target: &User,
    form: &FormData,
    refused: Refused,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let mut fields = org.user_fields(tr);
    let split = fields.len();
    fields.extend(password_fields(tr));
    let title = tr.t("admin-user-title");
    let mut shown = Shown::new(tr, &title, &fields, form, &refused.errors);
    let password_fields = shown.fields.split_off(split);
    let p = UserPage {
        l: Layout::new(tr, me, shown.title, Section::Users),
        id: target.id.0,
        username: target.username.clone(),
        display_name: target.display_name.clone(),
        active: target.active,
        is_self: target.id == me.id,
        fields: shown.fields,
        password_fields,
        summary: shown.summary,
        active_error: refused.errors.get("active").map(str::to_string),
        notice,
    };
    html_status(refused.status, &p)
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
    user_page_with(tr, &me, &org, &u, &user_data(&u), Refused::none(), notice)
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
    let u = target(&state, &id).await?;
    let org = Org::load(&state).await?;
    let parsed = read(tr, &org.user_fields(tr), &data, None, |input| {
        let update = org.parse_user(input)?;
        if u.id == me.id && update.role != me.role {
            input.field("role", tr.t("admin-self-role"));
            return None;
        }
        Some(update)
    });
    let update = match parsed {
        Ok(x) => x,
        Err(r) => return user_page_with(tr, &me, &org, &u, &data, r, None),
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
        let r = Refused::field("team", store_refusal(tr, e)?);
        let org = Org::load(&state).await?;
        return user_page_with(tr, &me, &org, &u, &data, r, None);
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
    let u = target(&state, &id).await?;
    let org = Org::load(&state).await?;
    let fields = [Field::new("active", Kind::Fixed, String::new())];
    let parsed = read(tr, &fields, &data, None, |input| {
        let active = match input.text("active").as_str() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        let active = input.require("active", active, tr.t("admin-active-invalid"))?;
        if u.id == me.id && !active {
            input.field("active", tr.t("admin-self-deactivate"));
            return None;
        }
        Some(active)
    });
    let again = |r| user_page_with(tr, &me, &org, &u, &user_data(&u), r, None);
    let active = match parsed {
        Ok(active) => active,
        Err(r) => return again(r),
    };
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
        return again(Refused::field("active", store_refusal(tr, e)?));
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
    let u = target(&state, &id).await?;
    let org = Org::load(&state).await?;
    let again = |r| user_page_with(tr, &me, &org, &u, &user_data(&u), r, None);
    let password = match read(tr, &password_fields(tr), &data, None, parse_password) {
        Ok(p) => p,
        Err(r) => return again(r),
    };
    let password_hash = hash(password).await?;
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
        return again(Refused::field("password", store_refusal(tr, e)?));
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

/// The form to create a unit.
fn unit_fields(tr: Tr) -> Vec<Field> {
    let kinds = UNIT_KINDS
        .iter()
        .map(|(c, label)| ((*c).into(), tr.label("unit-kind", c, label)))
        .collect();
    vec![
        Field::new("name", Kind::Text, tr.t("admin-unit-name")),
        Field::new("kind", Kind::Select, tr.t("admin-col-kind")).options(kinds),
    ]
}

/// The form to create a team in a unit.
fn team_fields(tr: Tr, org: &Org) -> Vec<Field> {
    vec![
        Field::new("unit", Kind::Select, tr.t("admin-col-unit")).options(org.unit_options(None)),
        Field::new("team_name", Kind::Text, tr.t("admin-team-name")),
    ]
}

/// A name of a unit or team: given, not too long.
fn parse_name(input: &mut Input<'_>, name: &str, missing: &str) -> Option<String> {
    let tr = input.tr;
    let text = input.text(name);
    if text.is_empty() {
        input.field(name, tr.t(missing));
    } else if text.chars().count() > NAME_MAX_CHARS {
        input.field(name, tr.n("admin-name-long", NAME_MAX_CHARS));
    } else {
        return Some(text);
    }
    None
}

#[derive(Template)]
#[template(path = "admin_units.html")]
struct UnitsPage {
    l: Layout,
    units: Vec<UnitRow>,
    summary: Vec<SummaryItem>,
    unit_fields: Vec<FieldView>,
    team_fields: Vec<FieldView>,
    notice: Option<String>,
}

/// The units page; `form` the values of the form posted (either), with
/// its errors.
async fn units_page_with(
    state: &AppState,
    tr: Tr,
    me: &CurrentUser,
    form: &FormData,
    refused: Refused,
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
    let mut fields = unit_fields(tr);
    let split = fields.len();
    fields.extend(team_fields(tr, &org));
    let title = tr.t("admin-units-title");
    let mut shown = Shown::new(tr, &title, &fields, form, &refused.errors);
    let team_fields = shown.fields.split_off(split);
    let p = UnitsPage {
        l: Layout::new(tr, me, shown.title, Section::Units),
        units,
        summary: shown.summary,
        unit_fields: shown.fields,
        team_fields,
        notice,
    };
    html_status(refused.status, &p)
}

/// `GET /admin/units`: units with their teams, and forms to add either.
pub async fn units_page(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let notice = (q.saved()).then(|| tr.t("admin-saved"));
    let form = FormData::default();
    units_page_with(&state, tr, &me, &form, Refused::none(), notice).await
}

/// `POST /admin/units`: create a unit.
pub async fn create_unit(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let parsed = read(tr, &unit_fields(tr), &data, None, |input| {
        let name = parse_name(input, "name", "admin-unit-name-missing");
        let kind = input.text("kind");
        let known = UNIT_KINDS.iter().any(|(c, _)| *c == kind);
        let kind = input.require(
            "kind",
            known.then_some(kind),
            tr.t("admin-unit-kind-invalid"),
        );
        Some((name?, kind?))
    });
    let (name, kind) = match parsed {
        Ok(v) => v,
        Err(r) => return units_page_with(&state, tr, &me, &data, r, None).await,
    };
    let id = match state.store().create_unit(&name, &kind).await {
        Ok(id) => id,
        Err(e) => {
            let r = Refused::field("name", store_refusal(tr, e)?);
            return units_page_with(&state, tr, &me, &data, r, None).await;
        }
    };
    log_change(
        &state,
        &me,
        &addr,
        AccessKind::Admin,
        None,
        format!("skapade enhet {id} ({kind})"),
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
    let org = Org::load(&state).await?;
    let parsed = read(tr, &team_fields(tr, &org), &data, None, |input| {
        let unit = input.pick("unit", tr.t("admin-unit-invalid"), |s| org.unit(s));
        let name = parse_name(input, "team_name", "admin-team-name-missing");
        Some((unit?, name?))
    });
    let (unit, name) = match parsed {
        Ok(v) => v,
        Err(r) => return units_page_with(&state, tr, &me, &data, r, None).await,
    };
    let id = match state.store().create_team(unit, &name).await {
        Ok(id) => id,
        Err(e) => {
            // Taken, the unit removed meanwhile, or another refusal.
            let r = match e {
                StoreError::AlreadyExists(_) => {
                    Refused::field("team_name", tr.t("admin-team-exists"))
                }
                e => Refused::field("unit", store_refusal(tr, e)?),
            };
            return units_page_with(&state, tr, &me, &data, r, None).await;
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

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/admin/users", Requires(ManageUsers), users_page)
        .post("/admin/users", Requires(ManageUsers), create_user)
        .get("/admin/users/{id}", Requires(ManageUsers), user_page)
        .post("/admin/users/{id}", Requires(ManageUsers), update_user)
        .post(
            "/admin/users/{id}/active",
            Requires(ManageUsers),
            set_active,
        )
        .post(
            "/admin/users/{id}/password",
            Requires(ManageUsers),
            reset_password,
        )
        .get("/admin/units", Requires(ManageUsers), units_page)
        .post("/admin/units", Requires(ManageUsers), create_unit)
        .post("/admin/teams", Requires(ManageUsers), create_team)
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

    /// The errors `parse` leaves for the form `pairs`.
    fn errors_of<T>(
        pairs: &[(&str, &str)],
        parse: impl FnOnce(&mut Input<'_>) -> Option<T>,
    ) -> (Option<T>, Vec<(String, String)>) {
        let data = FormData::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let mut input = Input {
            tr: Tr::new(Lang::Sv),
            data: &data,
            errors: crate::forms::Errors::new(),
        };
        let value = parse(&mut input);
        let names = [
            "display_name",
            "role",
            "unit",
            "team",
            "password",
            "password2",
        ];
        let errors = input
            .errors
            .summary(&names)
            .into_iter()
            .map(|i| {
                (
                    i.href.trim_start_matches("#f-").replace('-', "_"),
                    i.message,
                )
            })
            .collect();
        (value, errors)
    }

    #[test]
    fn passwords_must_be_long_and_typed_twice() {
        let pw = |a: &str, b: &str| errors_of(&[("password", a), ("password2", b)], parse_password);
        let (_, e) = pw("kort", "kort");
        assert_eq!(e[0].1, "Lösenordet måste ha minst 12 tecken.");
        let (_, e) = pw("ett långt lösenord", "ett annat lösenord");
        assert_eq!(e[0].0, "password2");
        let (p, e) = pw("ett långt lösenord", "ett långt lösenord");
        assert!(e.is_empty());
        assert_eq!(p.as_deref(), Some("ett långt lösenord"));
    }

    #[test]
    fn user_fields_are_checked_against_the_organisation() {
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
        let check = |name: &str, role: &str, unit: &str, team: &str| {
            let pairs = [
                ("display_name", name),
                ("role", role),
                ("unit", unit),
                ("team", team),
            ];
            errors_of(&pairs, |input| org.parse_user(input))
        };
        let ok = check("Anna", "caseworker", "1", "5").0.unwrap();
        assert_eq!((ok.unit, ok.team), (Some(UnitId(1)), Some(TeamId(5))));
        let (none, e) = check("", "x", "", "");
        assert!(none.is_none());
        let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, vec!["display_name", "role"]);
        // Case roles need a unit; the team must be of the unit.
        let (_, e) = check("Anna", "caseworker", "", "");
        assert_eq!(e[0].0, "unit");
        assert!(e[0].1.contains("måste tillhöra en enhet"));
        let (_, e) = check("Anna", "caseworker", "2", "5");
        assert_eq!(e[0].0, "team");
        assert!(check("Stefan", "system_administrator", "", "").0.is_some());
        assert!(check("Anna", "caseworker", "9", "").0.is_none());
    }

    proptest::proptest! {
        /// Any values in the user and password forms give a user, a
        /// password, or errors at the fields; never a panic.
        #[test]
        fn any_user_form_is_read_or_refused(
            values in proptest::collection::vec(proptest::prelude::any::<String>(), 8),
        ) {
            let org = Org { units: Vec::new(), teams: Vec::new() };
            let names = ["display_name", "role", "unit", "team", "password", "password2", "username", "x"];
            let pairs: Vec<(&str, &str)> =
                names.iter().zip(&values).map(|(n, v)| (*n, v.as_str())).collect();
            let (user, e) = errors_of(&pairs, |input| org.parse_user(input));
            proptest::prop_assert_eq!(user.is_some(), e.is_empty());
            let (password, e) = errors_of(&pairs, parse_password);
            proptest::prop_assert_eq!(password.is_some(), e.is_empty());
            let (username, e) = errors_of(&pairs, parse_username);
            proptest::prop_assert!(username.is_some() == e.is_empty());
        }
    }
}
