//! The follow-up's tables: goals with their history, manual series and
//! report texts. Written once, run against SQLite and PostgreSQL.

mod common;

use common::*;
use jiff::Timestamp;
use tillit_domain::catalog::Gender;
use tillit_domain::goal::{
    Direction, GoalId, GoalLevel, GoalStatus, IndicatorSource, Perspective, PlanPeriod, Target,
    TargetKind,
};
use tillit_domain::person::Person;
use tillit_domain::{PersonId, UnitId, UserId};
use tillit_store::{
    GoalText, NewActivity, NewGoal, NewGoalIndicator, NewManualSeries, NewManualValue, ReportText,
    Stamp, Store, StoreError,
};

store_suite!(
    goals_form_a_tree_and_keep_every_revision,
    goals_are_dropped_with_their_subtree_never_deleted,
    indicators_targets_and_assessments_are_appended,
    activities_keep_dates_and_followups,
    a_new_plan_period_carries_goals_over_and_keeps_the_old_ones,
    manual_values_supersede_but_keep_the_old_row,
    report_texts_newest_per_section,
    the_facts_stamp_and_persons_for_followup,
    case_extracts_count_only_at_their_cases_version,
    the_followup_snapshot_is_used_only_whole_and_at_its_stamp,
    the_change_sequence_names_what_was_written_after_a_snapshot,
);

const MANAGER: UserId = UserId(4);

fn at(minute: i64) -> Stamp {
    let t: Timestamp = "2025-01-10T08:00:00Z".parse().unwrap();
    Stamp::new(
        MANAGER,
        t.checked_add(jiff::SignedDuration::from_mins(minute))
            .unwrap(),
    )
}

fn plan(first: i16, last: i16) -> PlanPeriod {
    PlanPeriod::new(first, last).unwrap()
}

fn new_goal(level: &str, parent: Option<GoalId>, unit: Option<UnitId>, title: &str) -> NewGoal {
    NewGoal {
        level: GoalLevel::from_code(level).unwrap(),
        parent,
        plan: plan(2025, 2026),
        unit,
        perspective: None,
        title: title.into(),
        description: "  Beskrivning  ".into(),
        expected_result: String::new(),
    }
}

fn indicator(goal: GoalId, code: &str) -> NewGoalIndicator {
    NewGoalIndicator {
        goal,
        source: IndicatorSource::Computed,
        code: code.into(),
        direction: Direction::HigherIsBetter,
    }
}

async fn unit(store: &Store) -> UnitId {
    store.create_unit("Barnenheten", "barn").await.unwrap()
}

async fn goals_form_a_tree_and_keep_every_revision(db: &TestDb) {
    let store = db.open().await;
    let unit = unit(&store).await;
    let kf = store
        .add_goal(
            &new_goal("kf_inriktningsmal", None, None, "En modern stad"),
            at(1),
        )
        .await
        .unwrap();
    let kf2 = store
        .add_goal(
            &new_goal("kf_inriktningsmal", None, None, "Hållbar stad"),
            at(2),
        )
        .await
        .unwrap();
    let nm = store
        .add_goal(
            &new_goal("namndmal", Some(kf), None, "Tidiga insatser"),
            at(3),
        )
        .await
        .unwrap();
    let em1 = store
        .add_goal(
            &new_goal("enhetsmal", Some(nm), Some(unit), "Rättssäker handläggning"),
            at(4),
        )
        .await
        .unwrap();
    let em2 = store
        .add_goal(
            &new_goal("enhetsmal", Some(nm), Some(unit), "Delaktighet"),
            at(5),
        )
        .await
        .unwrap();

    let r = store.goal_records().await.unwrap();
    let order: Vec<_> = r.goals.iter().map(|g| g.id).collect();
    assert_eq!(
        order,
        vec![kf, nm, em1, em2, kf2],
        "parents before children"
    );
    let g = r.goal(em1).unwrap();
    assert_eq!(g.parent, Some(nm));
    assert_eq!(g.unit, Some(unit));
    assert_eq!(g.plan, plan(2025, 2026));
    assert_eq!(g.description, "Beskrivning", "texts are trimmed");
    assert_eq!(g.created, at(4));
    assert_eq!(r.goal(kf).unwrap().unit, None);
    assert_eq!(
        r.children(Some(nm)).map(|g| g.id).collect::<Vec<_>>(),
        vec![em1, em2]
    );

    // Refused: no title; a missing parent; a unit that does not exist.
    let err = store
        .add_goal(&new_goal("enhetsmal", Some(nm), Some(unit), "   "), at(7))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("målets rubrik saknas"), "{err}");
    let err = store
        .add_goal(
            &new_goal("enhetsmal", Some(GoalId(9999)), Some(unit), "X"),
            at(7),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    let err = store
        .add_goal(
            &new_goal("enhetsmal", Some(nm), Some(UnitId(777)), "X"),
            at(7),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    assert_eq!(store.goal_records().await.unwrap().goals.len(), 5);

    // Editing appends a revision and changes the current texts.
    store
        .edit_goal(
            em1,
            &GoalText {
                title: "Rättssäker handläggning i tid".into(),
                description: "Ny".into(),
                expected_result: "Inom lagstadgad tid".into(),
                perspective: Some(Perspective::Verksamhet),
            },
            at(8),
        )
        .await
        .unwrap();
    let revs = store.goal_revisions(em1).await.unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].text.title, "Rättssäker handläggning");
    assert_eq!(revs[0].text.perspective, None);
    assert_eq!(revs[1].text.title, "Rättssäker handläggning i tid");
    assert_eq!(revs[1].changed, at(8));
    let g = store.goal(em1).await.unwrap().unwrap();
    assert_eq!(g.title, "Rättssäker handläggning i tid");
    assert_eq!(g.expected_result, "Inom lagstadgad tid");
    assert_eq!(g.perspective.map(Perspective::code), Some("verksamhet"));
}

async fn goals_are_dropped_with_their_subtree_never_deleted(db: &TestDb) {
    let store = db.open().await;
    let unit = unit(&store).await;
    let top = store
        .add_goal(&new_goal("kf_mal", None, None, "Topp"), at(1))
        .await
        .unwrap();
    let mid = store
        .add_goal(&new_goal("namndmal", Some(top), None, "Mitt"), at(2))
        .await
        .unwrap();
    let leaf = store
        .add_goal(&new_goal("enhetsmal", Some(mid), Some(unit), "Löv"), at(3))
        .await
        .unwrap();
    let sibling = store
        .add_goal(&new_goal("kf_mal", None, None, "Kvar"), at(4))
        .await
        .unwrap();
    store
        .drop_goal(mid, plan(2026, 2026), " Ersatt av nytt mål ", at(5))
        .await
        .unwrap();
    let r = store.goal_records().await.unwrap();
    assert_eq!(r.goals.len(), 4, "nothing deleted");
    for id in [mid, leaf] {
        let d = r.goal(id).unwrap().dropped.clone().unwrap();
        assert_eq!(d.reason, "Ersatt av nytt mål");
        assert_eq!(d.dropped_in, plan(2026, 2026));
        assert_eq!(d.stamp, at(5));
    }
    assert!(r.goal(top).unwrap().dropped.is_none());
    assert!(r.goal(sibling).unwrap().dropped.is_none());
    // A dropped goal is not changed any more, nor given new children.
    let err = store
        .edit_goal(
            leaf,
            &GoalText {
                title: "X".into(),
                description: String::new(),
                expected_result: String::new(),
                perspective: None,
            },
            at(6),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    let err = store
        .add_goal(&new_goal("enhetsmal", Some(mid), Some(unit), "Nytt"), at(6))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(
        store
            .assess_goal(leaf, "2025", GoalStatus::Uppfyllt, "", at(7))
            .await
            .is_err()
    );
    assert!(
        store
            .add_goal_indicator(&indicator(leaf, "aktualiseringar"), at(7))
            .await
            .is_err()
    );
}

async fn indicators_targets_and_assessments_are_appended(db: &TestDb) {
    let store = db.open().await;
    let goal = store
        .add_goal(&new_goal("namndmal", None, None, "I tid"), at(1))
        .await
        .unwrap();
    let ind = store
        .add_goal_indicator_with_targets(
            &indicator(goal, "forhandsbedomning_inom_14_dagar"),
            Some(&Target::Number(95.0)),
            Some(&Target::Text("tas fram av nämnd".into())),
            at(2),
        )
        .await
        .unwrap();
    let ind2 = store
        .add_goal_indicator(
            &NewGoalIndicator {
                source: IndicatorSource::Manual,
                direction: Direction::LowerIsBetter,
                ..indicator(goal, "sjukfranvaro")
            },
            at(3),
        )
        .await
        .unwrap();
    store
        .set_target(ind, TargetKind::Annual, Some(&Target::Number(97.5)), at(4))
        .await
        .unwrap();
    store
        .set_target(ind2, TargetKind::Annual, Some(&Target::Number(5.7)), at(5))
        .await
        .unwrap();
    store
        .set_target(ind2, TargetKind::Annual, None, at(6))
        .await
        .unwrap();
    assert!(
        store
            .set_target(
                ind,
                TargetKind::Annual,
                Some(&Target::Text(" ".into())),
                at(7)
            )
            .await
            .is_err()
    );
    assert!(
        store
            .set_target(
                ind,
                TargetKind::Annual,
                Some(&Target::Number(f64::NAN)),
                at(7)
            )
            .await
            .is_err()
    );
    let err = store
        .set_target(
            tillit_domain::goal::GoalIndicatorId(999),
            TargetKind::Annual,
            Some(&Target::Number(1.0)),
            at(7),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    // Two targets at once: a bad second one leaves the first unwritten too.
    let before = store.goal_records().await.unwrap();
    assert!(
        store
            .set_targets(
                ind,
                &[
                    (TargetKind::Council, Some(&Target::Number(99.0))),
                    (TargetKind::Annual, Some(&Target::Text(" ".into()))),
                ],
                at(7),
            )
            .await
            .is_err()
    );
    assert_eq!(
        store
            .goal_records()
            .await
            .unwrap()
            .target(ind, TargetKind::Council),
        before.target(ind, TargetKind::Council)
    );
    assert_eq!(
        store.goal_records().await.unwrap().targets.len(),
        before.targets.len()
    );
    store
        .assess_goal(
            goal,
            "2025-T2",
            GoalStatus::DelvisUppfyllt,
            "Delvis.",
            at(8),
        )
        .await
        .unwrap();
    store
        .assess_goal(goal, "2025", GoalStatus::IngenBedomning, "", at(9))
        .await
        .unwrap();
    store
        .assess_goal(goal, "2025", GoalStatus::Uppfyllt, " Målet nås. ", at(10))
        .await
        .unwrap();
    store.drop_goal_indicator(ind2, at(11)).await.unwrap();
    assert!(
        store.drop_goal_indicator(ind2, at(12)).await.is_err(),
        "once"
    );

    let r = store.goal_records().await.unwrap();
    let inds: Vec<_> = r.indicators_of(goal).collect();
    assert_eq!(inds.len(), 2);
    assert_eq!(
        (inds[1].source.code(), inds[1].direction.code()),
        ("manual", "lower")
    );
    assert_eq!(inds[1].dropped, Some(at(11)));
    assert_eq!(
        r.target(ind, TargetKind::Annual),
        Some(&Target::Number(97.5)),
        "the newest target holds"
    );
    assert_eq!(
        r.target(ind, TargetKind::Council),
        Some(&Target::Text("tas fram av nämnd".into()))
    );
    assert_eq!(r.target(ind2, TargetKind::Annual), None, "removed");
    assert_eq!(r.targets.len(), 5, "old targets are kept");
    let a = r.assessment(goal, "2025").unwrap();
    assert_eq!(
        (a.status.code(), a.analysis.as_str()),
        ("uppfyllt", "Målet nås.")
    );
    assert_eq!(a.assessed, at(10));
    assert_eq!(
        r.assessment(goal, "2025-T2").unwrap().status.code(),
        "delvis_uppfyllt"
    );
    let history: Vec<_> = r.assessments_of(goal).map(|a| a.status.code()).collect();
    assert_eq!(
        history,
        vec!["delvis_uppfyllt", "ingen_bedomning", "uppfyllt"]
    );
    assert_eq!(
        store.goal_indicator(ind).await.unwrap().unwrap().code,
        "forhandsbedomning_inom_14_dagar"
    );
}

async fn activities_keep_dates_and_followups(db: &TestDb) {
    let store = db.open().await;
    let goal = store
        .add_goal(&new_goal("namndmal", None, None, "Samverkan"), at(1))
        .await
        .unwrap();
    let start = day(2025, 1, 1);
    let end = day(2025, 12, 31);
    let err = store
        .add_activity(
            &NewActivity {
                goal,
                title: "Allvarssamtal inom 48 timmar".into(),
                starts_on: Some(end),
                ends_on: Some(start),
            },
            at(2),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    let act = store
        .add_activity(
            &NewActivity {
                goal,
                title: "Allvarssamtal inom 48 timmar".into(),
                starts_on: Some(start),
                ends_on: Some(end),
            },
            at(2),
        )
        .await
        .unwrap();
    let open = store
        .add_activity(
            &NewActivity {
                goal,
                title: "Utan datum".into(),
                starts_on: None,
                ends_on: None,
            },
            at(3),
        )
        .await
        .unwrap();
    store
        .follow_up_activity(act, "", "Rutin framtagen.", at(4))
        .await
        .unwrap();
    store
        .follow_up_activity(act, "Avvikelse", "Försenad under hösten.", at(5))
        .await
        .unwrap();
    store.drop_activity(open, at(6)).await.unwrap();
    let r = store.goal_records().await.unwrap();
    let a = &r.activities[0];
    assert_eq!((a.starts_on, a.ends_on), (Some(start), Some(end)));
    let f = r.activity_followup(act).unwrap();
    assert_eq!(f.deviation, "Avvikelse");
    assert_eq!(f.analysis, "Försenad under hösten.");
    assert_eq!(r.activity_followups.len(), 2);
    assert_eq!(r.activities[1].dropped, Some(at(6)));
    assert_eq!(store.activity(act).await.unwrap().unwrap().goal, goal);
}

async fn a_new_plan_period_carries_goals_over_and_keeps_the_old_ones(db: &TestDb) {
    let store = db.open().await;
    let unit = unit(&store).await;
    let old = plan(2025, 2026);
    let top = store
        .add_goal(&new_goal("namndmal", None, None, "Kvar"), at(1))
        .await
        .unwrap();
    let kept = store
        .add_goal(
            &new_goal("enhetsmal", Some(top), Some(unit), "Fortsätter"),
            at(2),
        )
        .await
        .unwrap();
    let gone = store
        .add_goal(
            &new_goal("enhetsmal", Some(top), Some(unit), "Utgår"),
            at(3),
        )
        .await
        .unwrap();
    let ind = store
        .add_goal_indicator_with_targets(
            &indicator(kept, "utredningar_inom_4_man"),
            Some(&Target::Number(90.0)),
            None,
            at(4),
        )
        .await
        .unwrap();
    store
        .assess_goal(kept, "2025", GoalStatus::Uppfyllt, "Bra.", at(6))
        .await
        .unwrap();
    store
        .add_activity(
            &NewActivity {
                goal: kept,
                title: "Aktivitet 2025".into(),
                starts_on: None,
                ends_on: None,
            },
            at(6),
        )
        .await
        .unwrap();
    let new = plan(2027, 2028);
    store
        .drop_goal(gone, new, "Utgår från 2027", at(7))
        .await
        .unwrap();

    assert!(store.carry_over_goals(old, old, at(8)).await.is_err());
    assert_eq!(store.carry_over_goals(old, new, at(9)).await.unwrap(), 2);
    let err = store.carry_over_goals(old, new, at(10)).await.unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists(_)), "{err}");

    let r = store.goal_records().await.unwrap();
    let copies: Vec<_> = r.goals.iter().filter(|g| g.plan == new).collect();
    assert_eq!(copies.len(), 2);
    assert_eq!(copies[0].replaces, Some(top));
    assert_eq!(copies[1].replaces, Some(kept));
    assert_eq!(copies[1].parent, Some(copies[0].id));
    assert_eq!(copies[1].unit, Some(unit));
    let new_inds: Vec<_> = r.indicators_of(copies[1].id).collect();
    assert_eq!(new_inds.len(), 1);
    assert_eq!(new_inds[0].code, "utredningar_inom_4_man");
    assert_eq!(
        r.target(new_inds[0].id, TargetKind::Annual),
        Some(&Target::Number(90.0)),
        "targets come along, to be revised"
    );
    assert_eq!(r.activities_of(copies[1].id).count(), 0);
    assert_eq!(r.assessments_of(copies[1].id).count(), 0);

    // The old goals are as they were.
    assert_eq!(r.goals.iter().filter(|g| g.plan == old).count(), 3);
    assert_eq!(
        r.assessment(kept, "2025").unwrap().status.code(),
        "uppfyllt"
    );
    assert_eq!(r.activities_of(kept).count(), 1);
    assert_eq!(
        r.target(ind, TargetKind::Annual),
        Some(&Target::Number(90.0))
    );
    store
        .edit_goal(
            copies[1].id,
            &GoalText {
                title: "Fortsätter, skärpt".into(),
                description: String::new(),
                expected_result: String::new(),
                perspective: None,
            },
            at(11),
        )
        .await
        .unwrap();
    assert_eq!(store.goal(kept).await.unwrap().unwrap().title, "Fortsätter");
    assert!(PlanPeriod::new(2027, 2026).is_err());
}

async fn manual_values_supersede_but_keep_the_old_row(db: &TestDb) {
    let store = db.open().await;
    let unit = unit(&store).await;
    let series = NewManualSeries {
        code: "avhysningar_avvarjda".into(),
        name: "Andel avhysningar som avvärjts".into(),
        description: "Meddelanden från Kronofogden".into(),
        unit_code: "procent".into(),
        counts_persons: false,
    };
    store.create_manual_series(&series, at(0)).await.unwrap();
    let err = store
        .create_manual_series(&series, at(0))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists(_)), "{err}");
    assert_eq!(store.manual_series().await.unwrap()[0].unit_code, "procent");

    let value = |gender, value, estimate| NewManualValue {
        series: "brukarundersokning_andel_nojda".into(),
        unit: Some(unit),
        period: "2025".into(),
        gender,
        value,
        estimate,
        base: None,
        note: String::new(),
    };
    store
        .enter_manual_value(&value(None, Some(81.0), true), at(1))
        .await
        .unwrap();
    store
        .enter_manual_value(
            &NewManualValue {
                base: Some(40),
                ..value(Some(Gender::Male), Some(79.5), false)
            },
            at(2),
        )
        .await
        .unwrap();
    store
        .enter_manual_value(&value(Some(Gender::Female), None, false), at(3))
        .await
        .unwrap();
    // The total is corrected: the estimate is superseded by the real figure.
    store
        .enter_manual_value(
            &NewManualValue {
                note: " Slutligt resultat ".into(),
                ..value(None, Some(83.25), false)
            },
            at(4),
        )
        .await
        .unwrap();
    // The whole area, another period: a real zero.
    store
        .enter_manual_value(
            &NewManualValue {
                unit: None,
                period: "2024".into(),
                ..value(None, Some(0.0), false)
            },
            at(5),
        )
        .await
        .unwrap();
    let err = store
        .enter_manual_value(
            &NewManualValue {
                unit: Some(UnitId(999)),
                ..value(None, Some(1.0), false)
            },
            at(6),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");

    let current = store.current_manual_values().await.unwrap();
    assert_eq!(current.len(), 4);
    let find = |unit: Option<UnitId>, period: &str, g: Option<Gender>| {
        current
            .iter()
            .find(|v| v.unit == unit && v.period == period && v.gender == g)
            .unwrap()
    };
    let total = find(Some(unit), "2025", None);
    assert_eq!(total.value, Some(83.25));
    assert!(!total.estimate);
    assert_eq!(total.note, "Slutligt resultat");
    assert_eq!(total.entered, at(4));
    assert_eq!(find(Some(unit), "2025", Some(Gender::Male)).base, Some(40));
    assert_eq!(
        find(Some(unit), "2025", Some(Gender::Female)).value,
        None,
        "missing, not 0"
    );
    assert_eq!(find(None, "2024", None).value, Some(0.0));

    let all = store.manual_values().await.unwrap();
    assert_eq!(all.len(), 5, "the superseded value is kept");
    assert_eq!(all[0].value, Some(81.0));
    assert!(all[0].estimate);
    assert_eq!(all[0].entered, at(1), "oldest first");
}

async fn report_texts_newest_per_section(db: &TestDb) {
    let store = db.open().await;
    let unit = unit(&store).await;
    let text = |section: &str, text: &str, minute| ReportText {
        unit: Some(unit),
        report_kind: "verksamhetsberattelse".into(),
        period: "2025".into(),
        section: section.into(),
        text: text.into(),
        written: at(minute),
    };
    store
        .write_report_text(&text("summary", "Första utkastet.", 1))
        .await
        .unwrap();
    store
        .write_report_text(&text("economy", "Budget i balans.", 2))
        .await
        .unwrap();
    store
        .write_report_text(&text("summary", "Inflödet ökade.", 3))
        .await
        .unwrap();
    store
        .write_report_text(&ReportText {
            unit: None,
            ..text("summary", "För hela nämnden.", 4)
        })
        .await
        .unwrap();
    let texts = store
        .report_texts(Some(unit), "verksamhetsberattelse", "2025")
        .await
        .unwrap();
    let got: Vec<_> = texts
        .iter()
        .map(|t| (t.section.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("economy", "Budget i balans."),
            ("summary", "Inflödet ökade.")
        ]
    );
    assert_eq!(texts[1].written, at(3));
    let area = store
        .report_texts(None, "verksamhetsberattelse", "2025")
        .await
        .unwrap();
    assert_eq!(area.len(), 1);
    assert!(
        store
            .report_texts(Some(unit), "verksamhetsberattelse", "2024")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn the_facts_stamp_and_persons_for_followup(db: &TestDb) {
    let store = db.open().await;
    let before = store.facts_stamp().await.unwrap();
    assert_eq!((before.events, before.persons), (0, 0));
    let child = Person {
        id: PersonId::new_random(),
        identity_number: Some("20150101-2395".into()),
        given_name: "Ella".into(),
        family_name: "Testsson".into(),
        gender: Gender::Female,
        birth_date: Some(day(2015, 1, 1)),
        protected: true,
        address: Some("Storgatan 1".into()),
    };
    store.upsert_person(&child).await.unwrap();
    let (case, _, _, events) = new_case(day(2025, 3, 1));
    store.append(case, 0, events).await.unwrap();
    let after = store.facts_stamp().await.unwrap();
    assert_eq!((after.events, after.persons), (2, 1));
    // The follow-up reads the log in slices; together they are the log.
    for _ in 0..20 {
        let (case, _, _, events) = new_case(day(2025, 3, 2));
        store.append(case, 0, events).await.unwrap();
    }
    let all = store.all_events().await.unwrap();
    assert_eq!(store.events_for_followup(None, None).await.unwrap(), all);
    let mut sliced = store.events_for_followup(None, Some("8")).await.unwrap();
    sliced.extend(store.events_for_followup(Some("8"), None).await.unwrap());
    assert_eq!(sliced, all);
    assert_eq!(store.facts_stamp().await.unwrap().events, 42);
    let persons = store.persons_for_followup().await.unwrap();
    assert_eq!(persons.len(), 1);
    let p = &persons[0];
    assert_eq!(
        (p.id, p.gender, p.birth_date),
        (child.id, Gender::Female, Some(day(2015, 1, 1)))
    );
    assert!(
        p.given_name.is_empty() && p.identity_number.is_none() && p.address.is_none(),
        "only what the figures need is read"
    );
}

async fn case_extracts_count_only_at_their_cases_version(db: &TestDb) {
    let store = db.open().await;
    let mut cases = Vec::new();
    for i in 0..3 {
        let (case, _, _, events) = new_case(day(2025, 3, 1 + i));
        store.append(case, 0, events).await.unwrap();
        cases.push(case);
    }
    cases.sort_by_key(|c| c.to_string());
    // No extracts yet: every case is stale, in the log's order.
    let sources = store.followup_sources().await.unwrap();
    let order: Vec<_> = sources.cases.iter().map(|c| c.0).collect();
    assert_eq!(order, cases);
    assert!(sources.cases.iter().all(|c| c.1 == 2 && c.2.is_none()));
    assert_eq!(sources.stale().count(), 3);
    // The events of two of them, case by case in order.
    let two = store.events_of_cases(&[cases[2], cases[0]]).await.unwrap();
    let want: Vec<_> = store
        .events_for_followup(None, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|(c, _)| *c != cases[1])
        .collect();
    assert_eq!(two, want);

    // Kept at the case's version; one made from an older version is not.
    let kept = store
        .put_case_extracts(vec![
            (cases[0], 2, "1:AAAA".into()),
            (cases[1], 1, "1:BBBB".into()),
        ])
        .await
        .unwrap();
    assert_eq!(kept, 1);
    let sources = store.followup_sources().await.unwrap();
    assert_eq!(sources.cases[0].2.as_deref(), Some("1:AAAA"));
    assert!(sources.cases[1].2.is_none() && sources.cases[2].2.is_none());

    // Written again: replaced. The case moves on: the extract is stale.
    store
        .put_case_extracts(vec![(cases[0], 2, "1:CCCC".into())])
        .await
        .unwrap();
    assert_eq!(
        store.followup_sources().await.unwrap().cases[0]
            .2
            .as_deref(),
        Some("1:CCCC")
    );
    store
        .append(
            cases[0],
            2,
            vec![assigned(Some(CASEWORKER), day(2025, 4, 1))],
        )
        .await
        .unwrap();
    let sources = store.followup_sources().await.unwrap();
    assert_eq!(sources.cases[0].1, 3);
    assert!(sources.cases[0].2.is_none(), "stale after an append");
    // An extract for a case that does not exist is not kept.
    let kept = store
        .put_case_extracts(vec![(
            tillit_domain::CaseId::new_random(),
            1,
            "1:DDDD".into(),
        )])
        .await
        .unwrap();
    assert_eq!(kept, 0);
}

async fn the_followup_snapshot_is_used_only_whole_and_at_its_stamp(db: &TestDb) {
    let store = db.open().await;
    let empty = store.facts_stamp().await.unwrap();
    assert_eq!(
        store.followup_snapshot(empty).await.unwrap(),
        None,
        "none yet"
    );
    let (case, _, _, events) = new_case(day(2025, 3, 1));
    store.append(case, 0, events).await.unwrap();
    let stamp = store.facts_stamp().await.unwrap();
    let parts: Vec<String> = vec!["ett".into(), "två".into(), "tre".into()];
    store
        .put_followup_snapshot(stamp, parts.clone())
        .await
        .unwrap();
    assert_eq!(store.followup_snapshot(stamp).await.unwrap(), Some(parts));
    assert_eq!(
        store.followup_snapshot(empty).await.unwrap(),
        None,
        "made at another stamp"
    );
    // A smaller snapshot replaces it whole: no part of the old one is left.
    let (case, _, _, events) = new_case(day(2025, 3, 2));
    store.append(case, 0, events).await.unwrap();
    let later = store.facts_stamp().await.unwrap();
    assert_eq!(store.followup_snapshot(later).await.unwrap(), None);
    store
        .put_followup_snapshot(later, vec!["fyra".into()])
        .await
        .unwrap();
    assert_eq!(
        store.followup_snapshot(later).await.unwrap(),
        Some(vec!["fyra".to_string()])
    );
    assert_eq!(store.followup_snapshot(stamp).await.unwrap(), None);
}

async fn the_change_sequence_names_what_was_written_after_a_snapshot(db: &TestDb) {
    let store = db.open().await;
    let empty = store.facts_stamp().await.unwrap();
    let (first, child, _, events) = new_case(day(2025, 3, 1));
    store.append(first, 0, events).await.unwrap();
    let stamp = store.facts_stamp().await.unwrap();
    assert!(stamp.changes > empty.changes, "a new case is a change");
    // A snapshot is handed out with the stamp it was made at, whatever the
    // store's stamp is now.
    store
        .put_followup_snapshot(stamp, vec!["en del".into()])
        .await
        .unwrap();
    assert_eq!(
        store.latest_followup_snapshot().await.unwrap(),
        Some((stamp, vec!["en del".to_string()]))
    );
    let everything = store.followup_changes(0).await.unwrap();
    assert_eq!(everything.cases.len(), 1);
    assert!(
        store
            .followup_changes(stamp.changes)
            .await
            .unwrap()
            .cases
            .is_empty(),
        "nothing written since the stamp"
    );

    // Written after the snapshot: an event on the first case, a second
    // case, and a person.
    let (second, _, _, events) = new_case(day(2025, 3, 2));
    store.append(second, 0, events).await.unwrap();
    store
        .append(
            first,
            2,
            vec![report(tillit_domain::ItemId::new_random(), day(2025, 3, 3))],
        )
        .await
        .unwrap();
    let mut person = Person {
        id: child,
        identity_number: None,
        given_name: "Efter".into(),
        family_name: "Bilden".into(),
        gender: Gender::Male,
        birth_date: Some(day(2014, 2, 2)),
        protected: false,
        address: None,
    };
    store.upsert_persons(&[person.clone()]).await.unwrap();
    let now = store.facts_stamp().await.unwrap();
    assert_eq!(now.changes, stamp.changes + 3);
    let changes = store.followup_changes(stamp.changes).await.unwrap();
    let mut want = vec![first, second];
    want.sort();
    assert_eq!(
        changes.cases.iter().map(|c| c.0).collect::<Vec<_>>(),
        want,
        "both cases, by id"
    );
    let versions: Vec<u64> = changes.cases.iter().map(|c| c.1).collect();
    assert_eq!(versions.iter().sum::<u64>(), 3 + 2);
    assert_eq!(changes.persons.len(), 1);
    assert_eq!(changes.persons[0].id, child);
    assert_eq!(changes.persons[0].birth_date, Some(day(2014, 2, 2)));
    // Only what came after a later point.
    person.birth_date = Some(day(2014, 2, 3));
    store.upsert_persons(&[person]).await.unwrap();
    let last = store.followup_changes(now.changes).await.unwrap();
    assert!(last.cases.is_empty());
    assert_eq!(last.persons.len(), 1);
    // The snapshot is still the one made at the older stamp.
    assert_eq!(store.followup_snapshot(now).await.unwrap(), None);
    assert_eq!(
        store.latest_followup_snapshot().await.unwrap().map(|s| s.0),
        Some(stamp)
    );
}
