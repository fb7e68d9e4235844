//! Access control and audit in the store: teams, emergency access, and the
//! hash-chained access log, tampered with directly in the database. Written
//! once, run against SQLite (`sqlite::*`) and PostgreSQL (`postgres::*`).

mod common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use sqlx::Connection;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, PersonId, UnitId, UserId};
use tillit_store::{
    AccessEntry, AccessFlag, AccessKind, AccessLogFilter, GENESIS_HASH, NewUser, Store, StoreError,
    UserUpdate,
};

store_suite!(
    teams_and_user_updates,
    an_empty_log_is_intact,
    appended_entries_form_a_chain_that_verifies,
    changing_one_byte_of_a_row_breaks_the_chain_at_that_row,
    rewriting_a_hash_or_a_link_breaks_the_chain_there,
    deleting_a_row_breaks_the_chain_at_the_next_row,
    deleting_the_last_rows_is_noticed,
    concurrent_appends_form_one_chain_without_forks,
    emergency_access_is_logged_with_its_reason_and_expires,
    the_log_can_be_searched_by_person_user_period_and_unit,
    the_units_admin_changes_are_found_among_all_entries,
    the_directory_shows_a_change_at_once_and_sessions_read_their_user_fresh,
    one_bad_entry_among_many_sent_together_refuses_only_itself,
);

/// Run one SQL statement on the test database behind the store's back.
async fn raw(db: &TestDb, sql: &str) {
    let mut conn = sqlx::AnyConnection::connect(&db.url())
        .await
        .expect("raw connection");
    sqlx::query(sql).execute(&mut conn).await.expect(sql);
    conn.close().await.ok();
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn entry(user: i64, person: PersonId, at: Timestamp) -> AccessEntry {
    AccessEntry {
        at,
        user: UserId(user),
        username: format!("user{user}"),
        role: Role::Caseworker,
        user_unit: Some(UnitId(1)),
        client_addr: "192.0.2.1".into(),
        kind: AccessKind::Case,
        case: Some(CaseId::new_random()),
        case_unit: Some(UnitId(1)),
        person: Some(person),
        request_id: uuid::Uuid::new_v4().to_string(),
        reason: None,
        flags: vec![],
        ref_seq: None,
        detail: None,
    }
}

async fn log_n(store: &Store, n: usize) -> Vec<u64> {
    let mut seqs = Vec::new();
    for i in 0..n {
        let at = t("2026-03-10T08:00:00Z")
            .checked_add(SignedDuration::from_secs(i as i64))
            .unwrap();
        seqs.extend(
            store
                .log_access(&[entry(1, PersonId::new_random(), at)])
                .await
                .unwrap(),
        );
    }
    seqs
}

async fn teams_and_user_updates(db: &TestDb) {
    let store = db.open().await;
    let a = store.create_unit("Barnenheten", "barn").await.unwrap();
    let b = store.create_unit("Ungdomsenheten", "ungdom").await.unwrap();
    let team_a = store.create_team(a, "Team Norr").await.unwrap();
    let team_b = store.create_team(b, "Team Norr").await.unwrap();
    assert!(matches!(
        store.create_team(a, "Team Norr").await,
        Err(StoreError::AlreadyExists(_))
    ));
    assert!(matches!(
        store.create_team(a, "  ").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.create_team(UnitId(999), "X").await,
        Err(StoreError::NotFound(_))
    ));
    let teams = store.teams().await.unwrap();
    assert_eq!(teams.len(), 2);
    assert!(teams.iter().any(|t| t.id == team_b && t.unit == b));

    let new = |name: &str| NewUser {
        username: name.into(),
        display_name: name.into(),
        role: Role::Caseworker,
        unit: Some(a),
        password_hash: "$argon2id$x".into(),
    };
    let anna = store.create_user(&new("anna")).await.unwrap();
    let carl = store.create_user(&new("carl")).await.unwrap();
    assert_eq!(store.user(anna).await.unwrap().unwrap().team, None);
    store.set_user_team(anna, Some(team_a)).await.unwrap();
    store.set_user_team(carl, Some(team_a)).await.unwrap();
    assert_eq!(store.user(anna).await.unwrap().unwrap().team, Some(team_a));
    assert_eq!(store.team_members(team_a).await.unwrap(), vec![anna, carl]);
    // A team of another unit is refused, and nothing changes.
    assert!(matches!(
        store.set_user_team(anna, Some(team_b)).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.user(anna).await.unwrap().unwrap().team, Some(team_a));
    // Role, unit and team together.
    store
        .update_user(
            anna,
            &UserUpdate {
                display_name: "Anna Ledare".into(),
                role: Role::TeamLead,
                unit: Some(b),
                team: Some(team_b),
            },
        )
        .await
        .unwrap();
    let u = store.user(anna).await.unwrap().unwrap();
    assert_eq!(
        (u.display_name.as_str(), u.role, u.unit, u.team),
        ("Anna Ledare", Role::TeamLead, Some(b), Some(team_b))
    );
    // No unit, no team.
    assert!(matches!(
        store
            .update_user(
                anna,
                &UserUpdate {
                    display_name: "Anna".into(),
                    role: Role::Analyst,
                    unit: None,
                    team: Some(team_b),
                },
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .update_user(
                UserId(999),
                &UserUpdate {
                    display_name: "X".into(),
                    role: Role::Analyst,
                    unit: None,
                    team: None,
                },
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn an_empty_log_is_intact(db: &TestDb) {
    let store = db.open().await;
    let r = store.verify_access_log().await.unwrap();
    assert!(r.is_intact(), "{r:?}");
    assert_eq!((r.checked, r.last_seq), (0, 0));
    assert_eq!(r.last_hash, GENESIS_HASH);
    assert!(store.log_access(&[]).await.unwrap().is_empty());
}

async fn appended_entries_form_a_chain_that_verifies(db: &TestDb) {
    let store = db.open().await;
    let seqs = log_n(&store, 3).await;
    assert_eq!(seqs, vec![1, 2, 3]);
    // Several entries in one call: consecutive numbers.
    let p = PersonId::new_random();
    let mut many: Vec<AccessEntry> = (0..250)
        .map(|_| entry(2, p, t("2026-03-10T09:00:00Z")))
        .collect();
    many[7].flags = vec![AccessFlag::Protected, AccessFlag::Emergency];
    many[7].reason = Some("Akut: barnet är på sjukhus, \"jourärende\"".into());
    let seqs = store.log_access(&many).await.unwrap();
    assert_eq!(seqs, (4..254).collect::<Vec<u64>>());

    let e = store.access_log_entry(11).await.unwrap().unwrap();
    assert_eq!(e.entry, {
        let mut x = many[7].clone();
        x.flags = vec![AccessFlag::Protected, AccessFlag::Emergency];
        x
    });
    let first = store.access_log_entry(1).await.unwrap().unwrap();
    assert_eq!(first.prev_hash, GENESIS_HASH);
    let second = store.access_log_entry(2).await.unwrap().unwrap();
    assert_eq!(second.prev_hash, first.hash);

    let r = store.verify_access_log().await.unwrap();
    assert!(r.is_intact(), "{r:?}");
    assert_eq!((r.checked, r.last_seq), (253, 253));
    assert_eq!(
        r.last_hash,
        store.access_log_entry(253).await.unwrap().unwrap().hash
    );
    // Reopening changes nothing.
    store.close().await;
    let store = db.open().await;
    assert!(store.verify_access_log().await.unwrap().is_intact());
    assert_eq!(
        store
            .log_access(&[entry(1, p, Timestamp::now())])
            .await
            .unwrap(),
        vec![254]
    );
}

async fn changing_one_byte_of_a_row_breaks_the_chain_at_that_row(db: &TestDb) {
    let store = db.open().await;
    log_n(&store, 6).await;
    assert!(store.verify_access_log().await.unwrap().is_intact());
    // One byte of the client address of entry 4: 192.0.2.1 -> 192.0.2.7.
    raw(
        db,
        "UPDATE access_log SET client_addr = '192.0.2.7' WHERE seq = 4",
    )
    .await;
    let r = store.verify_access_log().await.unwrap();
    let b = r.broken.expect("the chain must be broken");
    assert_eq!(b.seq, 4, "{b:?}");
    assert!(b.problem.contains("har ändrats"), "{}", b.problem);
    assert_eq!((r.checked, r.last_seq), (3, 3));

    // Any column: the time of entry 2 (one digit) is found first now.
    raw(
        db,
        "UPDATE access_log SET at = REPLACE(at, '08:00:01', '08:00:09') WHERE seq = 2",
    )
    .await;
    let b = store.verify_access_log().await.unwrap().broken.unwrap();
    assert_eq!(b.seq, 2);
}

async fn rewriting_a_hash_or_a_link_breaks_the_chain_there(db: &TestDb) {
    let store = db.open().await;
    log_n(&store, 5).await;
    // The link of entry 4 pointed elsewhere: caught at 4.
    raw(
        db,
        "UPDATE access_log SET prev_hash = (SELECT hash FROM access_log WHERE seq = 1) WHERE seq = 4",
    )
    .await;
    let b = store.verify_access_log().await.unwrap().broken.unwrap();
    assert_eq!(b.seq, 4);
    assert!(b.problem.contains("länken"), "{}", b.problem);
    // The hash of entry 2 replaced: caught at 2 (its content does not give it).
    raw(
        db,
        "UPDATE access_log SET hash = REPLACE(hash, SUBSTR(hash, 1, 1), 'x') WHERE seq = 2",
    )
    .await;
    let b = store.verify_access_log().await.unwrap().broken.unwrap();
    assert_eq!(b.seq, 2);
}

async fn deleting_a_row_breaks_the_chain_at_the_next_row(db: &TestDb) {
    let store = db.open().await;
    log_n(&store, 6).await;
    raw(db, "DELETE FROM access_log WHERE seq = 3").await;
    let r = store.verify_access_log().await.unwrap();
    let b = r.broken.expect("broken");
    assert_eq!(b.seq, 4, "{b:?}");
    assert!(b.problem.contains("post 3 saknas"), "{}", b.problem);
    assert_eq!(r.checked, 2);

    // Renumbering the rest to hide the gap breaks the links instead.
    raw(db, "UPDATE access_log SET seq = seq - 1 WHERE seq > 3").await;
    let b = store.verify_access_log().await.unwrap().broken.unwrap();
    assert_eq!(b.seq, 3);
}

async fn deleting_the_last_rows_is_noticed(db: &TestDb) {
    let store = db.open().await;
    log_n(&store, 5).await;
    raw(db, "DELETE FROM access_log WHERE seq >= 4").await;
    let r = store.verify_access_log().await.unwrap();
    let b = r.broken.expect("broken");
    assert_eq!(b.seq, 4);
    assert!(b.problem.contains("4–5 saknas"), "{}", b.problem);
    assert_eq!(r.checked, 3);
}

async fn concurrent_appends_form_one_chain_without_forks(db: &TestDb) {
    let store = db.open().await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for j in 0..5 {
                let entries: Vec<AccessEntry> = (0..=(j % 3))
                    .map(|_| entry(i, PersonId::new_random(), Timestamp::now()))
                    .collect();
                seqs.extend(store.log_access(&entries).await.unwrap());
            }
            seqs
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_unstable();
    let n = all.len() as u64;
    assert_eq!(all, (1..=n).collect::<Vec<u64>>(), "no gaps, no duplicates");
    let r = store.verify_access_log().await.unwrap();
    assert!(r.is_intact(), "{r:?}");
    assert_eq!(r.checked, n);
}

async fn emergency_access_is_logged_with_its_reason_and_expires(db: &TestDb) {
    let store = db.open().await;
    let unit = store.create_unit("Barnenheten", "barn").await.unwrap();
    let bo = store
        .create_user(&NewUser {
            username: "bo".into(),
            display_name: "Bo".into(),
            role: Role::Caseworker,
            unit: Some(unit),
            password_hash: "$argon2id$x".into(),
        })
        .await
        .unwrap();
    let case = CaseId::new_random();
    let now = t("2026-03-10T22:00:00Z");
    let mut e = entry(bo.0, PersonId::new_random(), now);
    e.kind = AccessKind::EmergencyGrant;
    e.case = Some(case);
    e.flags = vec![AccessFlag::Emergency, AccessFlag::OtherUnit];

    // No reason, no access.
    e.reason = Some("  ".into());
    let expires = now.checked_add(SignedDuration::from_hours(2)).unwrap();
    assert!(matches!(
        store.grant_emergency_access(&e, expires).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(store.verify_access_log().await.unwrap().checked == 0);

    e.reason = Some("Polisen ringer om barnet, jour".into());
    let g = store.grant_emergency_access(&e, expires).await.unwrap();
    assert_eq!(g.log_seq, 1);
    let logged = store.access_log_entry(1).await.unwrap().unwrap();
    assert_eq!(logged.entry.kind, AccessKind::EmergencyGrant);
    assert_eq!(
        logged.entry.reason.as_deref(),
        Some("Polisen ringer om barnet, jour")
    );

    let during = now.checked_add(SignedDuration::from_mins(119)).unwrap();
    let after = now.checked_add(SignedDuration::from_mins(120)).unwrap();
    let got = store
        .emergency_access(bo, case, during)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, g);
    assert!(
        store
            .emergency_access(bo, case, after)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .emergency_access(bo, CaseId::new_random(), during)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .emergency_access(UserId(999), case, during)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.emergency_access_of_user(bo, during).await.unwrap(),
        vec![g]
    );
    assert!(
        store
            .emergency_access_of_user(bo, after)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn the_log_can_be_searched_by_person_user_period_and_unit(db: &TestDb) {
    let store = db.open().await;
    let child = PersonId::new_random();
    let other = PersonId::new_random();
    let mut a = entry(1, child, t("2026-03-10T08:00:00Z"));
    a.user_unit = Some(UnitId(1));
    a.case_unit = Some(UnitId(1));
    let mut b = entry(2, child, t("2026-03-11T08:00:00Z"));
    b.user_unit = Some(UnitId(2));
    b.case_unit = Some(UnitId(1));
    b.flags = vec![AccessFlag::OtherUnit];
    let mut c = entry(2, other, t("2026-03-12T08:00:00Z"));
    c.user_unit = Some(UnitId(2));
    c.case_unit = Some(UnitId(2));
    c.kind = AccessKind::Search;
    store.log_access(&[a, b, c]).await.unwrap();

    let seqs = |v: Vec<tillit_store::LoggedEntry>| v.iter().map(|e| e.seq).collect::<Vec<_>>();
    let all = store.access_log(&AccessLogFilter::default()).await.unwrap();
    assert_eq!(seqs(all), vec![3, 2, 1], "newest first");
    let by_person = AccessLogFilter {
        person: Some(child),
        ..Default::default()
    };
    assert_eq!(
        seqs(store.access_log(&by_person).await.unwrap()),
        vec![2, 1]
    );
    let by_user = AccessLogFilter {
        user: Some(UserId(2)),
        ..Default::default()
    };
    assert_eq!(seqs(store.access_log(&by_user).await.unwrap()), vec![3, 2]);
    let period = AccessLogFilter {
        from: Some(t("2026-03-11T00:00:00Z")),
        until: Some(t("2026-03-12T08:00:00Z")),
        ..Default::default()
    };
    assert_eq!(seqs(store.access_log(&period).await.unwrap()), vec![2]);
    let unit1 = AccessLogFilter {
        unit: Some(UnitId(1)),
        ..Default::default()
    };
    assert_eq!(seqs(store.access_log(&unit1).await.unwrap()), vec![2, 1]);
    let searches = AccessLogFilter {
        kinds: vec![AccessKind::Search],
        ..Default::default()
    };
    assert_eq!(seqs(store.access_log(&searches).await.unwrap()), vec![3]);
    let limited = AccessLogFilter {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(seqs(store.access_log(&limited).await.unwrap()), vec![3]);

    // A review refers to the entry; the entry itself stays as it was.
    let before = store.access_log_entry(2).await.unwrap().unwrap();
    let mut review = entry(5, child, t("2026-03-13T10:00:00Z"));
    review.kind = AccessKind::Review;
    review.person = None;
    review.case = None;
    review.ref_seq = Some(2);
    review.reason = Some("Kontrollerat: jourärende, i sin ordning.".into());
    store.log_access(&[review]).await.unwrap();
    let reviews = store.reviews_of(&[1, 2, 3]).await.unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].entry.ref_seq, Some(2));
    assert_eq!(store.access_log_entry(2).await.unwrap().unwrap(), before);
    assert!(store.verify_access_log().await.unwrap().is_intact());

    let reads = store
        .person_reads(
            UserId(2),
            t("2026-03-01T00:00:00Z"),
            t("2026-04-01T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        reads,
        vec![
            (t("2026-03-11T08:00:00Z"), child),
            (t("2026-03-12T08:00:00Z"), other)
        ]
    );
}

async fn the_units_admin_changes_are_found_among_all_entries(db: &TestDb) {
    let store = db.open().await;
    let at = |m: i64| {
        t("2026-03-10T08:00:00Z")
            .checked_add(SignedDuration::from_mins(m))
            .unwrap()
    };
    let of = |kind: AccessKind, unit: i64, m: i64| AccessEntry {
        kind,
        case: None,
        person: None,
        case_unit: Some(UnitId(unit)),
        ..entry(9, PersonId::new_random(), at(m))
    };
    let seqs = store
        .log_access(&[
            of(AccessKind::Admin, 1, 0),
            of(AccessKind::Case, 1, 1),
            of(AccessKind::PasswordReset, 1, 2),
            of(AccessKind::Admin, 2, 3),
            of(AccessKind::List, 1, 4),
            of(AccessKind::Admin, 1, 5),
        ])
        .await
        .unwrap();
    let found = |v: Vec<tillit_store::LoggedEntry>| v.iter().map(|e| e.seq).collect::<Vec<_>>();
    // Newest first; other kinds and other units left out.
    assert_eq!(
        found(store.admin_changes(UnitId(1), at(0), 50).await.unwrap()),
        vec![seqs[5], seqs[2], seqs[0]]
    );
    // From a time on, and at most `limit`.
    assert_eq!(
        found(store.admin_changes(UnitId(1), at(1), 50).await.unwrap()),
        vec![seqs[5], seqs[2]]
    );
    assert_eq!(
        found(store.admin_changes(UnitId(1), at(0), 1).await.unwrap()),
        vec![seqs[5]]
    );
    assert_eq!(
        found(store.admin_changes(UnitId(2), at(0), 50).await.unwrap()),
        vec![seqs[3]]
    );
}

async fn the_directory_shows_a_change_at_once_and_sessions_read_their_user_fresh(db: &TestDb) {
    let store = db.open().await;
    let barn = store.create_unit("Barn och familj", "barn").await.unwrap();
    // Read once, so that the directory holds the tables.
    assert_eq!(store.units().await.unwrap().len(), 1);
    assert!(store.users().await.unwrap().is_empty());

    let anna = store
        .create_user(&NewUser {
            username: "anna".into(),
            display_name: "Anna Handläggare".into(),
            role: Role::Caseworker,
            unit: Some(barn),
            password_hash: "x".into(),
        })
        .await
        .unwrap();
    let names = |users: Vec<tillit_store::User>| {
        users
            .into_iter()
            .map(|u| (u.display_name, u.active))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.users().await.unwrap()),
        vec![("Anna Handläggare".to_string(), true)]
    );
    store
        .update_user(
            anna,
            &UserUpdate {
                display_name: "Anna Andersson".into(),
                role: Role::Caseworker,
                unit: Some(barn),
                team: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        names(store.users().await.unwrap()),
        vec![("Anna Andersson".to_string(), true)]
    );
    let mott = store
        .create_unit("Mottagningen", "mottagning")
        .await
        .unwrap();
    assert!(store.units().await.unwrap().iter().any(|u| u.id == mott));

    // A session is read with its user from the database itself: a change
    // made by another process (here: behind the store's back) counts at once.
    let now = Timestamp::now();
    let later = now.checked_add(SignedDuration::from_hours(8)).unwrap();
    store.create_session("h1", anna, now, later).await.unwrap();
    let (session, user) = store.session_with_user("h1").await.unwrap().unwrap();
    assert_eq!((session.user, user.id, user.active), (anna, anna, true));
    raw(
        db,
        &format!("UPDATE users SET active = 0 WHERE id = {}", anna.0),
    )
    .await;
    let (_, user) = store.session_with_user("h1").await.unwrap().unwrap();
    assert!(
        !user.active,
        "the session must see the deactivation at once"
    );
    assert!(store.session_with_user("h2").await.unwrap().is_none());

    store.set_user_active(anna, true).await.unwrap();
    store.set_user_active(anna, false).await.unwrap();
    assert_eq!(
        names(store.users().await.unwrap()),
        vec![("Anna Andersson".to_string(), false)]
    );
}

async fn one_bad_entry_among_many_sent_together_refuses_only_itself(db: &TestDb) {
    let store = db.open().await;
    let at = t("2026-03-10T08:00:00Z");
    // Sent at once, so that the writer finds them waiting together and
    // chains them as one group; the bad one (no user name) makes the group
    // fall back to one savepoint each.
    let sends: Vec<_> = (0..40)
        .map(|i| {
            let store = store.clone();
            let mut e = entry(i, PersonId::new_random(), at);
            if i == 17 {
                e.username = String::new();
            }
            tokio::spawn(async move { store.log_access(&[e]).await })
        })
        .collect();
    let mut written = 0;
    for (i, send) in sends.into_iter().enumerate() {
        match send.await.unwrap() {
            Ok(seqs) => {
                assert_ne!(i, 17, "the bad entry must be refused");
                assert_eq!(seqs.len(), 1);
                written += 1;
            }
            Err(e) => {
                assert_eq!(i, 17, "only the bad entry may be refused: {e:?}");
                assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
            }
        }
    }
    assert_eq!(written, 39);
    let r = store.verify_access_log().await.unwrap();
    assert!(r.is_intact(), "{r:?}");
    assert_eq!((r.checked, r.last_seq), (39, 39));
}
