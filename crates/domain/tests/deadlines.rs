//! Deadlines: legal dates, planning dates around holidays and month ends,
//! citations by the event's date, and properties that hold for any case.

use jiff::civil::{Date, DateTime, date};
use proptest::prelude::*;
use tillit_domain::calendar::is_working_day;
use tillit_domain::case::*;
use tillit_domain::catalog::*;
use tillit_domain::deadline::{DeadlineKind, deadlines, safety_assessment_due};
use tillit_domain::ids::{ItemId, PersonId, UnitId, UserId};

fn id(n: u128) -> ItemId {
    ItemId::from_u128(n)
}

fn case_with_report(at: DateTime) -> CaseState {
    let mut s = CaseState::new();
    s.apply(
        at.date(),
        &CaseEvent::CaseOpened {
            child: PersonId::from_u128(1),
            unit: UnitId(1),
        },
    );
    s.apply(
        at.date(),
        &CaseEvent::CaseAssigned {
            caseworker: Some(UserId(5)),
            unit: UnitId(1),
        },
    );
    s.apply(
        at.date(),
        &CaseEvent::ReportReceived {
            report: id(10),
            kind: ReportKind::Report,
            received_at: at,
            reporter: Reporter {
                category: ReporterCategory::Police,
                anonymous: false,
                name: None,
                contact: None,
                wants_feedback: false,
            },
            concerns: vec![ConcernCategory::Crime],
            siblings: vec![],
            summary: String::new(),
        },
    );
    s
}

fn find(s: &CaseState, today: Date, kind: DeadlineKind) -> tillit_domain::deadline::Deadline {
    deadlines(s, today)
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} deadline"))
}

#[test]
fn safety_assessment_same_day_or_the_next_calendar_day_when_late_in_the_day() {
    // Genast (20 kap. 1 § SoL): the same day, at the latest the following
    // calendar day when the report comes in late in the day (16:00 or
    // later). The socialjour covers evenings, weekends and holidays, so the
    // date never waits for a working day.
    let due = |at: &str| safety_assessment_due(at.parse().unwrap());
    // A Tuesday morning: the same day.
    assert_eq!(due("2026-03-03T10:00"), date(2026, 3, 3));
    // A Tuesday afternoon: 15:59 the same day, 16:00 the next day.
    assert_eq!(due("2026-03-03T15:59"), date(2026, 3, 3));
    assert_eq!(due("2026-03-03T16:00"), date(2026, 3, 4));
    // A Tuesday evening: Wednesday.
    assert_eq!(due("2026-03-03T18:30"), date(2026, 3, 4));
    // Julafton at 09:00 (a day off): julafton itself, not 28 December.
    assert_eq!(due("2025-12-24T09:00"), date(2025, 12, 24));
    assert_eq!(due("2026-12-24T09:00"), date(2026, 12, 24));
    // Skärtorsdag evening: långfredag, not the Tuesday after Easter.
    assert_eq!(due("2026-04-02T19:00"), date(2026, 4, 3));
    // A Saturday morning: that Saturday; a Sunday evening: Monday.
    assert_eq!(due("2026-03-07T10:00"), date(2026, 3, 7));
    assert_eq!(due("2026-03-08T22:00"), date(2026, 3, 9));
    // Nyårsafton at 23:30: nyårsdagen.
    assert_eq!(due("2025-12-31T23:30"), date(2026, 1, 1));
}

#[test]
fn a_safety_assessment_on_a_holiday_is_planned_and_overdue_by_its_own_date() {
    // Received on julafton 2025 at 09:00: due that day. No working day lies
    // between the report and the legal date, so the planning date is the
    // legal date (never the 23rd, before the report came in, nor later).
    let s = case_with_report("2025-12-24T09:00".parse().unwrap());
    let d = find(&s, date(2025, 12, 24), DeadlineKind::SafetyAssessment);
    assert_eq!(d.legal_date, date(2025, 12, 24));
    assert_eq!(d.planning_date, date(2025, 12, 24));
    assert!(!d.overdue);
    assert_eq!(d.citation, "20 kap. 1 § SoL (2025:400)");
    // On juldagen it is overdue (it was 28 December's business before).
    assert!(find(&s, date(2025, 12, 25), DeadlineKind::SafetyAssessment).overdue);
    // Skärtorsdag 2026 at 19:00: due on långfredag, planned that day,
    // overdue on påskafton.
    let s = case_with_report("2026-04-02T19:00".parse().unwrap());
    let d = find(&s, date(2026, 4, 2), DeadlineKind::SafetyAssessment);
    assert_eq!(d.legal_date, date(2026, 4, 3));
    // Skärtorsdag itself is a working day on or before the legal date and
    // not before the report: the office can still act that evening.
    assert_eq!(d.planning_date, date(2026, 4, 2));
    assert!(find(&s, date(2026, 4, 4), DeadlineKind::SafetyAssessment).overdue);
    // A Friday at 17:00: due Saturday, planned Friday.
    let s = case_with_report("2026-03-06T17:00".parse().unwrap());
    let d = find(&s, date(2026, 3, 6), DeadlineKind::SafetyAssessment);
    assert_eq!(
        (d.legal_date, d.planning_date),
        (date(2026, 3, 7), date(2026, 3, 6))
    );
}

#[test]
fn pre_assessment_14_days_with_planning_date_before_easter() {
    // Received 2026-03-23; legal date 2026-04-06 (annandag påsk); planning date
    // Thursday 2 April.
    let s = case_with_report("2026-03-23T09:00".parse().unwrap());
    let d = find(&s, date(2026, 3, 24), DeadlineKind::PreAssessment);
    assert_eq!(d.legal_date, date(2026, 4, 6));
    assert_eq!(d.planning_date, date(2026, 4, 2));
    assert_eq!(d.citation, "20 kap. 2 § SoL (2025:400)");
    assert_eq!(d.owner, Some(UserId(5)));
    assert!(!d.overdue);
    assert!(find(&s, date(2026, 4, 7), DeadlineKind::PreAssessment).overdue);
    assert!(!find(&s, date(2026, 4, 6), DeadlineKind::PreAssessment).overdue);
}

#[test]
fn pre_assessment_around_midsummer_and_christmas() {
    // Received 2026-06-05 -> 2026-06-19 midsommarafton -> plan 18 June.
    let s = case_with_report("2026-06-05T09:00".parse().unwrap());
    let d = find(&s, date(2026, 6, 6), DeadlineKind::PreAssessment);
    assert_eq!(d.legal_date, date(2026, 6, 19));
    assert_eq!(d.planning_date, date(2026, 6, 18));
    // Received 2026-12-12 -> 2026-12-26 annandag jul (Saturday) -> plan 23 Dec.
    let s = case_with_report("2026-12-12T09:00".parse().unwrap());
    let d = find(&s, date(2026, 12, 13), DeadlineKind::PreAssessment);
    assert_eq!(d.legal_date, date(2026, 12, 26));
    assert_eq!(d.planning_date, date(2026, 12, 23));
    // Received 2026-12-17 -> 2026-12-31 nyårsafton -> plan 30 Dec.
    let s = case_with_report("2026-12-17T09:00".parse().unwrap());
    assert_eq!(
        find(&s, date(2026, 12, 18), DeadlineKind::PreAssessment).planning_date,
        date(2026, 12, 30)
    );
}

fn open_investigation(s: &mut CaseState, on: Date) {
    s.apply(
        on,
        &CaseEvent::SafetyAssessed {
            report: id(10),
            immediate_protection_needed: false,
            notes: String::new(),
        },
    );
    s.apply(
        on,
        &CaseEvent::PreAssessmentDecided {
            report: id(10),
            outcome: PreAssessmentOutcome::OpenInvestigation,
            reasoning: String::new(),
        },
    );
    s.apply(
        on,
        &CaseEvent::InvestigationOpened {
            investigation: id(20),
            reports: vec![id(10)],
        },
    );
}

#[test]
fn investigation_four_months_counted_to_month_end() {
    let mut s = case_with_report("2026-10-20T09:00".parse().unwrap());
    open_investigation(&mut s, date(2026, 10, 31));
    let d = find(&s, date(2026, 11, 1), DeadlineKind::InvestigationEnd);
    assert_eq!(d.legal_date, date(2027, 2, 28));
    // 28 February 2027 is a Sunday: plan Friday 26 February.
    assert_eq!(d.planning_date, date(2027, 2, 26));
    assert_eq!(d.citation, "20 kap. 3 § SoL (2025:400)");
}

#[test]
fn citation_follows_the_law_in_force_on_the_event_date() {
    let mut s = case_with_report("2025-06-10T09:00".parse().unwrap());
    open_investigation(&mut s, date(2025, 6, 30));
    let d = find(&s, date(2025, 7, 2), DeadlineKind::InvestigationEnd);
    assert_eq!(d.citation, "11 kap. 2 § SoL (2001:453)");
    let mut s = case_with_report("2025-06-10T09:00".parse().unwrap());
    open_investigation(&mut s, date(2025, 7, 1));
    let d = find(&s, date(2025, 7, 2), DeadlineKind::InvestigationEnd);
    assert_eq!(d.citation, "20 kap. 3 § SoL (2025:400)");
}

fn place(s: &mut CaseState, kind: InterventionKind, start: Date) {
    s.apply(
        start,
        &CaseEvent::InterventionStarted {
            intervention: id(40),
            decision: None,
            kind,
            provider: ProviderKind::Own,
            provider_name: String::new(),
            price_per_day: None,
            start,
        },
    );
}

#[test]
fn considerations_every_six_months_and_custody_transfer_after_two_years() {
    let mut s = case_with_report("2024-08-01T09:00".parse().unwrap());
    open_investigation(&mut s, date(2024, 8, 5));
    place(&mut s, InterventionKind::FosterHome, date(2024, 8, 31));
    let d = find(&s, date(2024, 9, 1), DeadlineKind::Consideration);
    assert_eq!(d.legal_date, date(2025, 2, 28));
    assert_eq!(d.citation, "6 kap. 8 § SoL (2001:453)");
    s.apply(
        date(2025, 2, 20),
        &CaseEvent::ReviewHeld {
            intervention: id(40),
            kind: ReviewKind::Consideration,
            held_on: date(2025, 2, 20),
            care_continues: true,
            notes: String::new(),
        },
    );
    let d = find(&s, date(2025, 2, 21), DeadlineKind::Consideration);
    assert_eq!(d.legal_date, date(2025, 8, 20));
    assert_eq!(d.citation, "6 kap. 8 § SoL (2001:453)");
    let d = find(&s, date(2025, 2, 21), DeadlineKind::CustodyTransfer);
    assert_eq!(d.legal_date, date(2026, 8, 31));
    // Not for HVB.
    let mut s = case_with_report("2024-08-01T09:00".parse().unwrap());
    place(&mut s, InterventionKind::Hvb, date(2024, 8, 31));
    assert!(
        deadlines(&s, date(2024, 9, 1))
            .iter()
            .all(|d| d.kind != DeadlineKind::CustodyTransfer)
    );
}

#[test]
fn lvu_3_care_is_reconsidered() {
    let mut s = case_with_report("2026-01-10T09:00".parse().unwrap());
    open_investigation(&mut s, date(2026, 1, 12));
    for (kind, on) in [
        (DecisionKind::LvuApplication, date(2026, 2, 1)),
        (DecisionKind::LvuCareOrdered, date(2026, 3, 1)),
    ] {
        s.apply(
            on,
            &CaseEvent::DecisionTaken {
                decision: id(on.day() as u128 + 100 * on.month() as u128),
                kind,
                legal_basis: LegalBasis::Lvu3,
                intervention_kind: None,
                favourable: false,
                decided_by: UserId(1),
                decided_on: on,
                text: String::new(),
            },
        );
    }
    place(&mut s, InterventionKind::SecureUnit, date(2026, 3, 5));
    let d = find(&s, date(2026, 3, 6), DeadlineKind::Reconsideration);
    assert_eq!(d.legal_date, date(2026, 9, 5));
    assert_eq!(d.citation, "13 § andra stycket LVU");
}

#[test]
fn unexecuted_favourable_decision_within_three_months() {
    let mut s = case_with_report("2026-01-10T09:00".parse().unwrap());
    open_investigation(&mut s, date(2026, 1, 12));
    s.apply(
        date(2026, 5, 31),
        &CaseEvent::DecisionTaken {
            decision: id(30),
            kind: DecisionKind::Intervention,
            legal_basis: LegalBasis::SolAssistance,
            intervention_kind: Some(InterventionKind::ContactPerson),
            favourable: true,
            decided_by: UserId(1),
            decided_on: date(2026, 5, 31),
            text: String::new(),
        },
    );
    let d = find(&s, date(2026, 9, 1), DeadlineKind::UnexecutedDecision);
    assert_eq!(d.legal_date, date(2026, 8, 31));
    assert!(d.overdue);
    assert_eq!(d.citation, "34 kap. 1 § SoL (2025:400)");
}

#[test]
fn one_rule_for_decisions_not_executed_within_three_months() {
    use tillit_domain::deadline::{
        executed_in_time, execution_due, unexecuted_beyond_three_months,
    };
    // 34 kap. 1 § SoL (2025:400), 16 kap. 6 f § SoL (2001:453): "inom tre
    // månader från dagen för beslutet". Decided 2025-05-31: in time up to and
    // including 2025-08-31.
    let decided = date(2025, 5, 31);
    assert_eq!(execution_due(decided), date(2025, 8, 31));
    assert_eq!(execution_due(date(2025, 11, 30)), date(2026, 2, 28));
    assert!(executed_in_time(decided, date(2025, 8, 31)));
    assert!(!executed_in_time(decided, date(2025, 9, 1)));
    // Not executed: at the end of 30 August the three months have not run
    // out; at the end of 31 August they have (vid utgången av 2025-08-31).
    assert!(!unexecuted_beyond_three_months(
        decided,
        None,
        date(2025, 8, 30)
    ));
    assert!(unexecuted_beyond_three_months(
        decided,
        None,
        date(2025, 8, 31)
    ));
    // Executed on 1 September (late by the same rule): still counted at the
    // end of 31 August, no longer once executed.
    let late = Some(date(2025, 9, 1));
    assert!(unexecuted_beyond_three_months(
        decided,
        late,
        date(2025, 8, 31)
    ));
    assert!(!unexecuted_beyond_three_months(
        decided,
        late,
        date(2025, 9, 1)
    ));
    // Executed on 31 August (in time): never counted.
    let in_time = Some(date(2025, 8, 31));
    assert!(!unexecuted_beyond_three_months(
        decided,
        in_time,
        date(2025, 8, 31)
    ));
    // Whatever the day, a decision counted at the end of a day is one whose
    // execution on the next day would be late.
    let mut day = decided;
    while day < date(2025, 10, 1) {
        let next = tillit_domain::calendar::add_days(day, 1);
        assert_eq!(
            unexecuted_beyond_three_months(decided, None, day),
            !executed_in_time(decided, next),
            "{day}"
        );
        day = next;
    }
}

#[test]
fn an_extension_decided_after_the_four_months_does_not_undo_the_delay() {
    use tillit_domain::deadline::{extension_in_time, investigation_in_time_until};
    // Opened 2025-01-10: four months run out on 2025-05-10.
    let opened = date(2025, 1, 10);
    assert_eq!(investigation_in_time_until(opened, &[]), date(2025, 5, 10));
    // Extended on the last day: in time, the end date moves.
    assert!(extension_in_time(date(2025, 5, 10), date(2025, 5, 10)));
    assert_eq!(
        investigation_in_time_until(opened, &[(date(2025, 5, 10), date(2025, 7, 31))]),
        date(2025, 7, 31)
    );
    // Extended ten days after: the investigation was late from 11 May and
    // the extension does not change that.
    assert!(!extension_in_time(date(2025, 5, 10), date(2025, 5, 20)));
    assert_eq!(
        investigation_in_time_until(opened, &[(date(2025, 5, 20), date(2025, 7, 31))]),
        date(2025, 5, 10)
    );
    // In time to 31 July, then extended again on 5 August: late from 1 August.
    assert_eq!(
        investigation_in_time_until(
            opened,
            &[
                (date(2025, 5, 2), date(2025, 7, 31)),
                (date(2025, 8, 5), date(2025, 9, 30)),
            ]
        ),
        date(2025, 7, 31)
    );
}

// ---- Properties ---------------------------------------------------------

fn arb_date() -> impl Strategy<Value = Date> {
    (1990i16..2090, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
        let last = date(y, m, 1).days_in_month();
        date(y, m, d.min(last))
    })
}

/// A random case: a report, maybe an investigation (maybe extended), maybe a
/// placement with reviews, maybe an emergency removal.
fn arb_case() -> impl Strategy<Value = CaseState> {
    (
        arb_date(),
        0u8..24,
        0i64..30,
        proptest::option::of(0i64..200),
        proptest::option::of((0i64..60, 1i64..90)),
        proptest::option::of((
            0usize..9,
            0i64..300,
            proptest::collection::vec(1i64..200, 0..4),
        )),
        proptest::option::of(0i64..5),
    )
        .prop_map(
            |(received, hour, assess_after, inv_after, ext, placement, removal)| {
                let at = received.at(hour as i8, 0, 0, 0);
                let mut s = case_with_report(at);
                let mut t = received;
                let mut step = |d: i64| {
                    t = tillit_domain::calendar::add_days(t, d);
                    t
                };
                if let Some(after) = inv_after {
                    let on = step(assess_after.min(after));
                    open_investigation(&mut s, on);
                    if let Some((ext_after, extra)) = ext {
                        let on = step(ext_after);
                        let current = tillit_domain::deadline::investigation_due(
                            s.investigations[0].opened_on,
                        );
                        s.apply(
                            on,
                            &CaseEvent::InvestigationExtended {
                                investigation: id(20),
                                reason: "x".into(),
                                new_due: tillit_domain::calendar::add_days(current, extra),
                            },
                        );
                    }
                }
                if let Some((kind_ix, after, reviews)) = placement {
                    let kinds: Vec<InterventionKind> = InterventionKind::all()
                        .filter(|k| k.is_placement())
                        .collect();
                    let kind = kinds[kind_ix % kinds.len()];
                    let start = step(after);
                    place(&mut s, kind, start);
                    for r in reviews {
                        let on = step(r);
                        s.apply(
                            on,
                            &CaseEvent::ReviewHeld {
                                intervention: id(40),
                                kind: ReviewKind::Consideration,
                                held_on: on,
                                care_continues: true,
                                notes: String::new(),
                            },
                        );
                    }
                }
                if let Some(after) = removal {
                    let on = step(after);
                    s.apply(
                        on,
                        &CaseEvent::EmergencyRemovalDecided {
                            removal: id(60),
                            legal_basis: LegalBasis::Lvu2,
                            decided_by: UserId(1),
                            decided_on: on,
                            executed_on: on,
                        },
                    );
                }
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_deadline_is_never_before_its_event(s in arb_case(), today in arb_date()) {
        for d in deadlines(&s, today) {
            prop_assert!(d.legal_date >= d.from, "{:?} legal {} before event {}", d.kind, d.legal_date, d.from);
        }
    }

    #[test]
    fn the_planning_date_is_the_last_working_day_between_the_event_and_the_legal_date(s in arb_case(), today in arb_date()) {
        for d in deadlines(&s, today) {
            prop_assert!(d.planning_date <= d.legal_date);
            prop_assert!(d.planning_date >= d.from, "{:?} planned {} before its event {}", d.kind, d.planning_date, d.from);
            if is_working_day(d.planning_date) {
                // The last one: every day after it up to the legal date is off.
                let mut x = d.planning_date.tomorrow().unwrap();
                while x <= d.legal_date {
                    prop_assert!(!is_working_day(x));
                    x = x.tomorrow().unwrap();
                }
            } else {
                // No working day from the event to the legal date: the legal date.
                prop_assert_eq!(d.planning_date, d.legal_date);
                let mut x = d.from;
                while x <= d.legal_date {
                    prop_assert!(!is_working_day(x));
                    x = x.tomorrow().unwrap();
                }
            }
        }
    }

    #[test]
    fn overdue_means_the_legal_date_has_passed(s in arb_case(), today in arb_date()) {
        for d in deadlines(&s, today) {
            prop_assert_eq!(d.overdue, d.legal_date < today);
        }
    }

    #[test]
    fn deadlines_are_sorted_by_planning_date(s in arb_case(), today in arb_date()) {
        let d = deadlines(&s, today);
        prop_assert!(d.windows(2).all(|w| w[0].planning_date <= w[1].planning_date));
    }
}
