//! The fixture of the access-control tests: two units, a team, a user in
//! every role, an ordinary child, a protected child with a guardian, and a
//! child of the other unit; the real server on a random port. With it, the
//! helpers every black-box test binary shares ([`http`], [`cases`]).

#![allow(dead_code)]

mod cases;
mod http;

pub use cases::*;
pub use http::*;

use std::collections::HashMap;
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, PersonId, UnitId, UserId};
use tillit_store::{NewUser, Store, StoreConfig};
use tillit_web::{AppState, WebConfig, hash_password};

/// The protected child's address: must appear nowhere but for those allowed.
pub const SECRET_ADDRESS: &str = "Hemliga vägen 7, 123 45 Tillköping";
pub const SECRET_NAME: &str = "Hemlig";
pub const SECRET_NUMBER: &str = "20120101-2380";

pub struct App {
    pub base: String,
    pub store: Store,
    pub db_path: std::path::PathBuf,
    pub unit_a: UnitId,
    pub unit_b: UnitId,
    pub users: HashMap<&'static str, UserId>,
    /// Ella's case, unit A, assigned to anna.
    pub case: CaseId,
    pub child: PersonId,
    /// The protected child's case, unit A, assigned to anna.
    pub protected_case: CaseId,
    pub protected_child: PersonId,
    /// The protected child's guardian (not protected).
    pub guardian: PersonId,
    /// Bert's case, unit B, assigned to bo.
    pub case_b: CaseId,
    pub child_b: PersonId,
    _dir: tempfile::TempDir,
}

impl Server for App {
    fn base(&self) -> &str {
        &self.base
    }
}

pub async fn spawn() -> App {
    spawn_with(WebConfig {
        today_override: Some(TODAY),
        ..WebConfig::default()
    })
    .await
}

/// Every user of the fixture: (username, role, unit A/B/none, in team).
pub const USERS: [(&str, Role, Option<char>, bool); 12] = [
    ("anna", Role::Caseworker, Some('A'), true),
    ("carl", Role::Caseworker, Some('A'), true),
    ("dina", Role::Caseworker, Some('A'), false),
    ("bo", Role::Caseworker, Some('B'), false),
    ("tea", Role::TeamLead, Some('A'), false),
    ("ulla", Role::UnitManager, Some('A'), false),
    ("uno", Role::UnitManager, Some('B'), false),
    ("alva", Role::Analyst, None, false),
    ("kim", Role::QualityLead, None, false),
    ("rut", Role::Registrar, None, false),
    ("sam", Role::SystemAdministrator, None, false),
    ("eli", Role::Economist, None, false),
];

pub async fn spawn_with(config: WebConfig) -> App {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("tillit.sqlite");
    let store = Store::open(&StoreConfig::Sqlite {
        path: db_path.clone(),
    })
    .await
    .unwrap();

    let unit_a = store.create_unit("Barnenheten", "barn").await.unwrap();
    let unit_b = store.create_unit("Ungdomsenheten", "ungdom").await.unwrap();
    let team = store.create_team(unit_a, "Team Norr").await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    let mut users = HashMap::new();
    for (username, role, unit, in_team) in USERS {
        let unit = unit.map(|u| if u == 'A' { unit_a } else { unit_b });
        let id = store
            .create_user(&NewUser {
                username: username.into(),
                display_name: format!("{username} Testsson"),
                role,
                unit,
                password_hash: hash.clone(),
            })
            .await
            .unwrap();
        if in_team {
            store.set_user_team(id, Some(team)).await.unwrap();
        }
        users.insert(username, id);
    }

    let child = person("20150101-2395", "Ella", "Barnsson", false, "Storgatan 1");
    let protected_child = person(
        SECRET_NUMBER,
        SECRET_NAME,
        "Skyddsson",
        true,
        SECRET_ADDRESS,
    );
    let guardian = person("19850101-2382", "Gun", "Förälder", false, "Lillgatan 2");
    let child_b = person("20100101-2390", "Bert", "Ungdomsson", false, "Torget 3");
    for p in [&child, &protected_child, &guardian, &child_b] {
        store.upsert_person(p).await.unwrap();
    }
    store
        .add_relation(protected_child.id, guardian.id, RelationKind::Guardian)
        .await
        .unwrap();

    let case = open_case(&store, child.id, unit_a, users["anna"]).await;
    let protected_case = open_case(&store, protected_child.id, unit_a, users["anna"]).await;
    let case_b = open_case(&store, child_b.id, unit_b, users["bo"]).await;

    let state = AppState::new(store.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tillit_web::serve(listener, state));
    App {
        base: format!("http://{addr}"),
        store,
        db_path,
        unit_a,
        unit_b,
        users,
        case,
        child: child.id,
        protected_case,
        protected_child: protected_child.id,
        guardian: guardian.id,
        case_b,
        child_b: child_b.id,
        _dir: dir,
    }
}

pub fn person(number: &str, given: &str, family: &str, protected: bool, address: &str) -> Person {
    let n = tillit_domain::identity::IdentityNumber::parse_long_form(number).unwrap();
    Person {
        id: PersonId::new_random(),
        identity_number: Some(n.format_long()),
        given_name: given.into(),
        family_name: family.into(),
        gender: n.gender(),
        birth_date: Some(n.birth_date()),
        protected,
        address: Some(address.into()),
    }
}
