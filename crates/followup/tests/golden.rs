//! Golden tests: for each computed indicator, a small hand-built history whose
//! answer is worked out by hand in the comment beside the assertion.

mod common;

/// Year, month, day.
type Ymd = (i16, i8, i8);

use common::*;
use jiff::civil::date;
use tillit_domain::case::{DecisionKind, LegalBasis};
use tillit_domain::catalog::{
    ConcernCategory as C, Gender, InterventionEndReason as End, InterventionKind as K,
    ProviderKind as P, ReportKind, ReporterCategory as R,
};
use tillit_domain::{UnitId, UserId};
use tillit_followup::{
    AgeBands, Breakdown, ComputeError, Facts, Filter, IndicatorId as I, Key, LegalGroup, compute,
};

/// Reports, spring 2025.
///
/// - A, boy born 2012-06-01. Case 1 (unit 1): r1 2025-01-10 police [brott,
///   beteende], pre-assessed 2025-01-20 -> investigation; r2 2025-02-03 school
///   [skolfrånvaro] added to the running investigation; r6 2025-05-02 (after T1).
/// - B, girl born 2019-03-01. Case 2: r3 2025-03-01 preschool [bristande
///   omsorg], pre-assessed 2025-03-20 (19 days) -> no investigation, case closed
///   2025-03-25. Case 3: r4 2025-04-10 relative [bristande omsorg, våld i nära
///   relation], not yet pre-assessed.
/// - C, gender unknown, born 2008-01-15. Case 0: r0 2023-01-05, closed
///   2023-01-20. Case 4: r5 2025-02-15 application by the young person
///   [psykisk ohälsa], pre-assessed 2025-03-05 (18 days) -> investigation.
fn reports() -> Facts {
    let mut w = World::new();
    let a = w.child(Gender::Male, Some(date(2012, 6, 1)));
    let b = w.child(Gender::Female, Some(date(2019, 3, 1)));
    let c = w.child(Gender::Unknown, Some(date(2008, 1, 15)));

    let mut c0 = w.case(c, 1, date(2023, 1, 5));
    let r0 = c0.anmalan(date(2023, 1, 5), R::School);
    c0.pre_assess(r0, date(2023, 1, 10), false);
    c0.close(date(2023, 1, 20));
    w.add(c0);

    let mut c1 = w.case(a, 1, date(2025, 1, 10));
    let r1 = c1.report(
        date(2025, 1, 10),
        ReportKind::Report,
        R::Police,
        &[C::Crime, C::BehaviourProblems],
    );
    c1.pre_assess(r1, date(2025, 1, 20), true);
    let inv = c1.open_investigation(date(2025, 1, 20));
    let r2 = c1.report(
        date(2025, 2, 3),
        ReportKind::Report,
        R::School,
        &[C::SchoolAbsence],
    );
    c1.add_to_investigation(r2, inv, date(2025, 2, 3));
    c1.anmalan(date(2025, 5, 2), R::School);
    w.add(c1);

    let mut c2 = w.case(b, 1, date(2025, 3, 1));
    let r3 = c2.report(
        date(2025, 3, 1),
        ReportKind::Report,
        R::Preschool,
        &[C::NeglectOfCare],
    );
    c2.pre_assess(r3, date(2025, 3, 20), false);
    c2.close(date(2025, 3, 25));
    w.add(c2);

    let mut c3 = w.case(b, 1, date(2025, 4, 10));
    c3.report(
        date(2025, 4, 10),
        ReportKind::Report,
        R::Relative,
        &[C::NeglectOfCare, C::DomesticViolence],
    );
    w.add(c3);

    let mut c4 = w.case(c, 1, date(2025, 2, 15));
    let r5 = c4.report(
        date(2025, 2, 15),
        ReportKind::Application,
        R::SelfOrGuardian,
        &[C::MentalHealth],
    );
    c4.pre_assess(r5, date(2025, 3, 5), true);
    w.add(c4);
    w.facts(date(2025, 12, 31))
}

#[test]
fn aktualiseringar() {
    let f = reports();
    // In T1 (Jan-Apr): r1, r2 (A, boy), r3, r4 (B, girl), r5 (C, unknown) = 5;
    // r0 (2023) and r6 (May) are outside.
    let t = by_gender(&f, I::Aktualiseringar, "2025-T1");
    assert_eq!(genders(&t), (Some(5.0), Some(2.0), Some(2.0), Some(1.0)));
    // Three children behind the five reports.
    assert_eq!(t.total.persons, 3);
    // March: r3 only.
    assert_eq!(
        by_gender(&f, I::Aktualiseringar, "2025-M03").total.number,
        Some(1.0)
    );
    // By concern, a report counts once per concern: brott 1, beteende 1 (r1),
    // skolfrånvaro 1 (r2), bristande omsorg 2 (r3, r4), våld i nära relation 1
    // (r4), psykisk ohälsa 1 (r5): 7 in all, more than the 5 reports.
    let t = by(&f, I::Aktualiseringar, "2025-T1", Breakdown::Concern);
    let n = |c| t.cell(Key::Concern(c)).and_then(|v| v.number);
    assert_eq!(n(C::NeglectOfCare), Some(2.0));
    assert_eq!(n(C::Crime), Some(1.0));
    assert_eq!(n(C::MentalHealth), Some(1.0));
    assert_eq!(n(C::Fgm), Some(0.0));
    let sum: f64 = t.cells.iter().filter_map(|c| c.value.number).sum();
    assert_eq!(sum, 7.0);
    assert_eq!(t.total.number, Some(5.0));
    // By reporter: one each from police, school, preschool, relative, self.
    let t = by(
        &f,
        I::Aktualiseringar,
        "2025-T1",
        Breakdown::ReporterCategory,
    );
    assert_eq!(t.cell(Key::Reporter(R::Police)).unwrap().number, Some(1.0));
    assert_eq!(
        t.cell(Key::Reporter(R::Anonymous)).unwrap().number,
        Some(0.0)
    );
    // By kind: 4 reports, 1 application.
    let t = by(&f, I::Aktualiseringar, "2025-T1", Breakdown::ReportKind);
    assert_eq!(
        t.cell(Key::ReportKind(ReportKind::Report)).unwrap().number,
        Some(4.0)
    );
    assert_eq!(
        t.cell(Key::ReportKind(ReportKind::Application))
            .unwrap()
            .number,
        Some(1.0)
    );
    // Age on the day of receipt: A is 12 (7-12) on Jan 10 and Feb 3; B is 6
    // (0-6) on Mar 1 (her birthday) and Apr 10; C is 17 (13-17) on Feb 15.
    let t = by(
        &f,
        I::Aktualiseringar,
        "2025-T1",
        Breakdown::AgeGroup(AgeBands::CHILDREN),
    );
    let n = |from, to| t.cell(Key::AgeGroup { from, to }).and_then(|v| v.number);
    assert_eq!(
        (n(0, 6), n(7, 12), n(13, 17), n(18, 20)),
        (Some(2.0), Some(2.0), Some(1.0), Some(0.0))
    );
}

#[test]
fn aktualiserade_personer() {
    let f = reports();
    // A, B and C each once however many reports: 3 = 1 + 1 + 1.
    let t = by_gender(&f, I::AktualiseradePersoner, "2025-T1");
    assert_eq!(genders(&t), (Some(3.0), Some(1.0), Some(1.0), Some(1.0)));
    // By concern, B counts under bristande omsorg once (r3 and r4).
    let t = by(&f, I::AktualiseradePersoner, "2025-T1", Breakdown::Concern);
    assert_eq!(
        t.cell(Key::Concern(C::NeglectOfCare)).unwrap().number,
        Some(1.0)
    );
}

#[test]
fn nya_och_ateraktualiseringar() {
    let f = reports();
    // r1: A never known -> new. r2: A's case open -> returning. r3: B never
    // known -> new. r4: B's case closed 2025-03-25, 0 whole months before
    // 2025-04-10 -> returning. r5: C last known 2023-01-20, 24 whole months
    // before 2025-02-15 -> new.
    let t = by_gender(&f, I::NyaAktualiseringar, "2025-T1");
    assert_eq!(genders(&t), (Some(3.0), Some(1.0), Some(1.0), Some(1.0)));
    let t = by_gender(&f, I::Ateraktualiseringar, "2025-T1");
    assert_eq!(genders(&t), (Some(2.0), Some(1.0), Some(1.0), Some(0.0)));
    // New + returning = all 5.
}

#[test]
fn andel_till_utredning() {
    let f = reports();
    // Decided among the T1 reports: r1 (investigation), r3 (none), r5
    // (investigation); r2 was added to an investigation and r4 is pending:
    // both left out. 2 / 3 = 66.67 %. Boys: r1 1/1 = 100 %; girls: r3 0/1 =
    // 0 %; unknown: r5 1/1 = 100 %.
    let t = by_gender(&f, I::AndelTillUtredning, "2025-T1");
    assert_eq!(r2(t.total.number), Some(66.67));
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(2.0), Some(3.0))
    );
    let (_, boys, girls, unknown) = genders(&t);
    assert_eq!(
        (boys, girls, unknown),
        (Some(100.0), Some(0.0), Some(100.0))
    );
    // May: r6 is pending -> nothing decided -> no share (uppgift saknas), not 0.
    let t = by_gender(&f, I::AndelTillUtredning, "2025-M05");
    assert_eq!(t.total.number, None);
    assert_eq!(t.total.denominator, Some(0.0));
}

#[test]
fn forhandsbedomning_inom_14_dagar() {
    let f = reports();
    // Decided in T1: r1 on day 10 (in time), r5 on day 18 and r3 on day 19
    // (late): 1 / 3 = 33.33 %. r0 was decided in 2023.
    let t = by_gender(&f, I::ForhandsbedomningInom14Dagar, "2025-T1");
    assert_eq!(r2(t.total.number), Some(33.33));
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(1.0), Some(3.0))
    );
    // 2023: r0 decided after 5 days: 100 %.
    assert_eq!(
        by_gender(&f, I::ForhandsbedomningInom14Dagar, "2023")
            .total
            .number,
        Some(100.0)
    );
}

/// Investigations, first half of 2025 (facts known to 2025-12-31).
///
/// - I1 boy: 2024-11-15 to 2025-02-10 (87 days; due 2025-03-15).
/// - I2 girl: 2025-01-20 to 2025-06-30 (161 days; due 2025-05-20, extended
///   on 2025-05-10 to 2025-07-15).
/// - I3 boy: opened 2025-02-01, still open (due 2025-06-01).
/// - I4 girl: 2025-03-10 to 2025-07-20 (due 2025-07-10, not extended).
/// - I5 boy: 2024-06-01 to 2024-09-01.
/// - I6 unknown: 2025-06-30 to 2025-07-01.
fn investigations() -> Facts {
    let mut w = World::new();
    let spec: [(Gender, Ymd, Option<Ymd>); 6] = [
        (Gender::Male, (2024, 11, 15), Some((2025, 2, 10))),
        (Gender::Female, (2025, 1, 20), Some((2025, 6, 30))),
        (Gender::Male, (2025, 2, 1), None),
        (Gender::Female, (2025, 3, 10), Some((2025, 7, 20))),
        (Gender::Male, (2024, 6, 1), Some((2024, 9, 1))),
        (Gender::Unknown, (2025, 6, 30), Some((2025, 7, 1))),
    ];
    for (n, (gender, (y, m, d), closed)) in spec.into_iter().enumerate() {
        let child = w.child(gender, Some(date(2015, 1, 1)));
        let opened = date(y, m, d);
        let mut c = w.case(child, 1, opened);
        let r = c.anmalan(opened, R::School);
        c.pre_assess(r, opened, true);
        let inv = c.open_investigation(opened);
        if n == 1 {
            c.extend_investigation(inv, date(2025, 5, 10), date(2025, 7, 15));
        }
        if let Some((y, m, d)) = closed {
            c.close_investigation(inv, date(y, m, d));
        }
        w.add(c);
    }
    w.facts(date(2025, 12, 31))
}

#[test]
fn inledda_utredningar() {
    let f = investigations();
    // Opened in H1: I2 (girl), I3 (boy), I4 (girl), I6 (unknown) = 4.
    let t = by_gender(&f, I::InleddaUtredningar, "2025-H1");
    assert_eq!(genders(&t), (Some(4.0), Some(1.0), Some(2.0), Some(1.0)));
}

#[test]
fn pagaende_utredningar() {
    let f = investigations();
    // Open at some time in H1: I1 (to Feb 10), I2, I3, I4, I6 = 5; I5 ended 2024.
    let t = by_gender(&f, I::PagaendeUtredningar, "2025-H1");
    assert_eq!(genders(&t), (Some(5.0), Some(2.0), Some(2.0), Some(1.0)));
}

#[test]
fn oppna_utredningar() {
    let f = investigations();
    // Open at the end of 30 June: I3, I4, I6 (opened that day) = 3; I2 was
    // closed on 30 June, I1 in February.
    let t = by_gender(&f, I::OppnaUtredningar, "2025-H1");
    assert_eq!(genders(&t), (Some(3.0), Some(1.0), Some(1.0), Some(1.0)));
}

#[test]
fn avslutade_utredningar_och_utredningstid() {
    let f = investigations();
    // Closed in H1: I1 (87 days) and I2 (161 days).
    let t = by_gender(&f, I::AvslutadeUtredningar, "2025-H1");
    assert_eq!(genders(&t), (Some(2.0), Some(1.0), Some(1.0), Some(0.0)));
    // Median of 87 and 161 = (87 + 161) / 2 = 124; boys 87, girls 161,
    // unknown: none closed -> uppgift saknas.
    let t = by_gender(&f, I::UtredningstidMedian, "2025-H1");
    assert_eq!(genders(&t), (Some(124.0), Some(87.0), Some(161.0), None));
    // Mean = 248 / 2 = 124.
    let t = by_gender(&f, I::UtredningstidMedel, "2025-H1");
    assert_eq!(t.total.number, Some(124.0));
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(248.0), Some(2.0))
    );
    // H2: I4 (2025-03-10 to 2025-07-20 = 132 days) and I6 (1 day): median
    // (1 + 132) / 2 = 66.5.
    let t = by_gender(&f, I::UtredningstidMedian, "2025-H2");
    assert_eq!(t.total.number, Some(66.5));
}

#[test]
fn utredningar_inom_4_man() {
    let f = investigations();
    // I1 closed Feb 10 <= due Mar 15 (in time); I2 closed Jun 30 > due May 20:
    // 1 / 2 = 50 %.
    let t = by_gender(&f, I::UtredningarInom4Man, "2025-H1");
    assert_eq!(genders(&t), (Some(50.0), Some(100.0), Some(0.0), None));
    // Within the approved extension: I2's extension runs to Jul 15: 2 / 2.
    let t = by_gender(&f, I::UtredningarInomBeslutadTid, "2025-H1");
    assert_eq!(t.total.number, Some(100.0));
}

#[test]
fn forsenade_utredningar() {
    let f = investigations();
    // I3: due Jun 1, not extended, still open -> late from Jun 2 (H1, June).
    // I4: due Jul 10, closed Jul 20 -> late from Jul 11 (H2, July).
    // I2: past four months but within its extension -> not late.
    let t = by_gender(&f, I::ForsenadeUtredningar, "2025-H1");
    assert_eq!(genders(&t), (Some(1.0), Some(1.0), Some(0.0), Some(0.0)));
    assert_eq!(
        by_gender(&f, I::ForsenadeUtredningar, "2025-M06")
            .total
            .number,
        Some(1.0)
    );
    assert_eq!(
        by_gender(&f, I::ForsenadeUtredningar, "2025-M07")
            .total
            .number,
        Some(1.0)
    );
    // Each counts once: the year has 2 = 1 + 1.
    assert_eq!(
        by_gender(&f, I::ForsenadeUtredningar, "2025").total.number,
        Some(2.0)
    );
}

/// Placements in 2025 (facts known to 2025-12-31).
///
/// - Boy A (born 2010-05-05): P1 foster home (own, SoL decision) 2025-01-15
///   to 2025-03-01, ended by breakdown; P2 HVB (bought, SoL decision) from
///   2025-03-01, running; review due 2025-09-01 held 2025-09-05 (late).
/// - Girl B (born 2012-02-02): emergency removal (LVU 2 §) 2025-06-10, ended
///   2025-07-20; P3 jourhem (own, no decision) 2025-06-10 to 2025-08-10
///   (moved on); P4 foster home (bought, LVU 2 § decision 2025-08-05) from
///   2025-08-10, running. Öppenvård O1 (own) from 2025-02-01, running.
/// - Boy C (born 2014-01-01): P5 foster home (own, no decision) from
///   2024-03-01, running; reviews held 2024-08-25 and 2025-02-20, none since.
/// - D (gender unknown): contact person O2 (bought) 2025-01-01 to 2025-12-31.
fn placements() -> Facts {
    let mut w = World::new();
    let a = w.child(Gender::Male, Some(date(2010, 5, 5)));
    let b = w.child(Gender::Female, Some(date(2012, 2, 2)));
    let c = w.child(Gender::Male, Some(date(2014, 1, 1)));
    let d = w.child(Gender::Unknown, None);

    let mut ca = w.case(a, 2, date(2024, 12, 1));
    ca.anmalan(date(2024, 12, 1), R::Police);
    let d1 = ca.decide(
        date(2025, 1, 14),
        DecisionKind::Intervention,
        LegalBasis::SolAssistance,
        Some(K::FosterHome),
        true,
        10,
    );
    let p1 = ca.start(date(2025, 1, 15), K::FosterHome, P::Own, Some(d1));
    ca.end(p1, date(2025, 3, 1), End::Breakdown);
    let d2 = ca.decide(
        date(2025, 3, 1),
        DecisionKind::Intervention,
        LegalBasis::SolAssistance,
        Some(K::Hvb),
        true,
        10,
    );
    let p2 = ca.start(date(2025, 3, 1), K::Hvb, P::Bought, Some(d2));
    ca.review(p2, date(2025, 9, 5));
    w.add(ca);

    let mut cb = w.case(b, 2, date(2025, 1, 20));
    cb.anmalan(date(2025, 1, 20), R::School);
    cb.start(date(2025, 2, 1), K::CommunityCare, P::Own, None);
    let removal = cb.removal(date(2025, 6, 10), LegalBasis::Lvu2);
    let p3 = cb.start(date(2025, 6, 10), K::EmergencyFosterHome, P::Own, None);
    cb.decide(
        date(2025, 7, 20),
        DecisionKind::LvuCareOrdered,
        LegalBasis::Lvu2,
        None,
        false,
        12,
    );
    cb.end_removal(removal, date(2025, 7, 20));
    let d4 = cb.decide(
        date(2025, 8, 5),
        DecisionKind::Intervention,
        LegalBasis::Lvu2,
        Some(K::FosterHome),
        true,
        11,
    );
    cb.end(p3, date(2025, 8, 10), End::MovedToOtherCare);
    cb.start(date(2025, 8, 10), K::FosterHome, P::Bought, Some(d4));
    w.add(cb);

    let mut cc = w.case(c, 4, date(2024, 2, 1));
    cc.anmalan(date(2024, 2, 1), R::HealthCare);
    let p5 = cc.start(date(2024, 3, 1), K::FosterHome, P::Own, None);
    cc.review(p5, date(2024, 8, 25));
    cc.review(p5, date(2025, 2, 20));
    w.add(cc);

    let mut cd = w.case(d, 4, date(2024, 12, 1));
    cd.anmalan(date(2024, 12, 1), R::SelfOrGuardian);
    let o2 = cd.start(date(2025, 1, 1), K::ContactPerson, P::Bought, None);
    cd.end(o2, date(2025, 12, 31), End::GoalsMet);
    w.add(cd);
    w.facts(date(2025, 12, 31))
}

#[test]
fn placerade_barn() {
    let f = placements();
    // In care at the end of 2025-12-31: A (P2), B (P4), C (P5) = 3; boys A
    // and C.
    let t = by_gender(&f, I::PlaceradeBarn, "2025");
    assert_eq!(genders(&t), (Some(3.0), Some(2.0), Some(1.0), Some(0.0)));
    // Legal basis: P2 SoL decision; P4 LVU decision; P5 no decision, no LVU
    // -> uppgift saknas.
    let t = by(&f, I::PlaceradeBarn, "2025", Breakdown::LegalBasis);
    let n = |g| t.cell(Key::LegalBasis(g)).and_then(|v| v.number);
    assert_eq!(
        (
            n(LegalGroup::Sol),
            n(LegalGroup::Lvu),
            n(LegalGroup::Unknown)
        ),
        (Some(1.0), Some(1.0), Some(1.0))
    );
    // Provider: P5 own; P2, P4 bought.
    let t = by(&f, I::PlaceradeBarn, "2025", Breakdown::Provider);
    assert_eq!(t.cell(Key::Provider(P::Own)).unwrap().number, Some(1.0));
    assert_eq!(t.cell(Key::Provider(P::Bought)).unwrap().number, Some(2.0));
    // Type: HVB 1 (P2), familjehem 2 (P4, P5); only placement types listed.
    let t = by(&f, I::PlaceradeBarn, "2025", Breakdown::InterventionKind);
    assert_eq!(t.cell(Key::Intervention(K::Hvb)).unwrap().number, Some(1.0));
    assert_eq!(
        t.cell(Key::Intervention(K::FosterHome)).unwrap().number,
        Some(2.0)
    );
    assert!(t.cell(Key::Intervention(K::CommunityCare)).is_none());
    // Age on the stock day 2025-12-31: A 15, C 11, B 13 -> 7-12: 1, 13-17: 2.
    let t = by(
        &f,
        I::PlaceradeBarn,
        "2025",
        Breakdown::AgeGroup(AgeBands::CHILDREN),
    );
    let n = |from, to| t.cell(Key::AgeGroup { from, to }).and_then(|v| v.number);
    assert_eq!((n(7, 12), n(13, 17)), (Some(1.0), Some(2.0)));
    // On 2025-06-30 (H1): A (P2), C (P5), B (P3 from Jun 10) = 3; on
    // 2025-02-28 (February): A (P1), C = 2.
    assert_eq!(
        by_gender(&f, I::PlaceradeBarn, "2025-H1").total.number,
        Some(3.0)
    );
    assert_eq!(
        by_gender(&f, I::PlaceradeBarn, "2025-M02").total.number,
        Some(2.0)
    );
}

#[test]
fn varddygn_och_arsplaceringar() {
    let f = placements();
    // Nights in care in 2025:
    // P1 Jan 15 -> Mar 1: 17 (Jan 15-31) + 28 (Feb) = 45.
    // P2 Mar 1 -> (running, to the end of Dec 31): 365 - 31 - 28 = 306.
    // P3 Jun 10 -> Aug 10: 21 + 31 + 9 = 61.
    // P4 Aug 10 -> end of year: 22 + 30 + 31 + 30 + 31 = 144.
    // P5 the whole year: 365.
    // Boys 45 + 306 + 365 = 716; girl 61 + 144 = 205; total 921.
    let t = by_gender(&f, I::Varddygn, "2025");
    assert_eq!(
        genders(&t),
        (Some(921.0), Some(716.0), Some(205.0), Some(0.0))
    );
    // Placement-years: 921 / 365 = 2.52; boys 716 / 365 = 1.96; girl 0.56.
    let t = by_gender(&f, I::Arsplaceringar, "2025");
    let (total, boys, girls, _) = genders(&t);
    assert_eq!(
        (r2(total), r2(boys), r2(girls)),
        (Some(2.52), Some(1.96), Some(0.56))
    );
    // February: P1 28 + P5 28 = 56 nights / 28 days = 2 children on average.
    let t = by_gender(&f, I::Arsplaceringar, "2025-M02");
    assert_eq!(t.total.number, Some(2.0));
    // By type: HVB 306 (P2), jourhem 61 (P3), familjehem 45 + 144 + 365 = 554.
    let t = by(&f, I::Varddygn, "2025", Breakdown::InterventionKind);
    let n = |k| t.cell(Key::Intervention(k)).and_then(|v| v.number);
    assert_eq!(
        (n(K::Hvb), n(K::EmergencyFosterHome), n(K::FosterHome)),
        (Some(306.0), Some(61.0), Some(554.0))
    );
}

#[test]
fn nya_placeringar_trygga_och_sammanbrott() {
    let f = placements();
    // Started in 2025: P1, P2 (A), P3, P4 (B) = 4; P5 started 2024.
    let t = by_gender(&f, I::NyaPlaceringar, "2025");
    assert_eq!(genders(&t), (Some(4.0), Some(2.0), Some(2.0), Some(0.0)));
    // Safe: P1 broke down within 6 months (unsafe); P2 HVB (nothing after);
    // P3 jourhem followed by a foster home (same level: safe); P4 safe.
    // 3 / 4 = 75 %; boys 1/2 = 50 %, girl 2/2 = 100 %.
    let t = by_gender(&f, I::TryggaPlaceringar, "2025");
    assert_eq!(genders(&t), (Some(75.0), Some(50.0), Some(100.0), None));
    // Breakdowns in 2025: P1 on Mar 1 = 1 (in March).
    let t = by_gender(&f, I::Sammanbrott, "2025");
    assert_eq!(genders(&t), (Some(1.0), Some(1.0), Some(0.0), Some(0.0)));
    assert_eq!(
        by_gender(&f, I::Sammanbrott, "2025-M03").total.number,
        Some(1.0)
    );
}

#[test]
fn oppenvard_pagaende() {
    let f = placements();
    // At the end of 2025-12-31: O1 (B, own) running; O2 ended on Dec 31.
    let t = by_gender(&f, I::OppenvardPagaende, "2025");
    assert_eq!(genders(&t), (Some(1.0), Some(0.0), Some(1.0), Some(0.0)));
    let t = by(&f, I::OppenvardPagaende, "2025", Breakdown::Provider);
    assert_eq!(t.cell(Key::Provider(P::Own)).unwrap().number, Some(1.0));
    assert_eq!(t.cell(Key::Provider(P::Bought)).unwrap().number, Some(0.0));
    // On 2025-11-30 both: D (contact person, bought) and B.
    assert_eq!(
        by_gender(&f, I::OppenvardPagaende, "2025-M11").total.number,
        Some(2.0)
    );
}

#[test]
fn overvaganden_i_tid() {
    let f = placements();
    // Reviews due in 2025:
    // P5: due 2025-02-25 (2024-08-25 + 6 months), held 2025-02-20: in time;
    //     next due 2025-08-20, not held: late.
    // P2: due 2025-09-01 (2025-03-01 + 6 months), held 2025-09-05: late; the
    //     next (2026-03-05) is not yet due.
    // P1 and P3 ended before their first review was due; P4's is due 2026.
    // 1 / 3 = 33.33 %.
    let t = by_gender(&f, I::OvervagandenITid, "2025");
    assert_eq!(r2(t.total.number), Some(33.33));
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(1.0), Some(3.0))
    );
    // Only P5's first review fell due in T1: 100 %.
    assert_eq!(
        by_gender(&f, I::OvervagandenITid, "2025-T1").total.number,
        Some(100.0)
    );
}

#[test]
fn omedelbara_omhandertaganden() {
    let f = placements();
    // One LVU 6 § decision: B on 2025-06-10 (LVU 2 §).
    let t = by_gender(&f, I::OmedelbaraOmhandertaganden, "2025");
    assert_eq!(genders(&t), (Some(1.0), Some(0.0), Some(1.0), Some(0.0)));
    let t = by(
        &f,
        I::OmedelbaraOmhandertaganden,
        "2025",
        Breakdown::LegalBasis,
    );
    assert_eq!(
        t.cell(Key::LegalBasis(LegalGroup::Lvu)).unwrap().number,
        Some(1.0)
    );
    // Same period last year: none.
    let last = "2025"
        .parse::<tillit_followup::Period>()
        .unwrap()
        .previous_year();
    let t = compute(
        &f,
        I::OmedelbaraOmhandertaganden,
        &last,
        Breakdown::Gender,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(t.total.number, Some(0.0));
}

/// Decisions in 2025, one child each (facts known to 2025-12-31).
///
/// - D1 boy: öppenvård granted 2025-03-10 by user 10, never started.
/// - D2 girl: contact person granted 2025-05-02 by user 11, started 2025-08-20.
/// - D3 boy: granted 2025-04-01 by user 10; case closed 2025-06-15 without start.
/// - D4 girl: no measure 2025-07-15 by user 11.
/// - D5 boy: LVU application 2025-08-01 (the committee, user 12).
/// - D6 girl: foster home granted 2025-09-30 by user 10, started 2025-10-02.
fn decisions() -> Facts {
    let mut w = World::new();
    let case = |w: &mut World, g: Gender, on: (i16, i8, i8)| {
        let child = w.child(g, Some(date(2014, 1, 1)));
        let opened = date(on.0, on.1, on.2).yesterday().unwrap();
        let mut c = w.case(child, 3, opened);
        c.anmalan(opened, R::School);
        c
    };
    let sol = LegalBasis::SolAssistance;
    let mut c1 = case(&mut w, Gender::Male, (2025, 3, 10));
    c1.decide(
        date(2025, 3, 10),
        DecisionKind::Intervention,
        sol,
        Some(K::CommunityCare),
        true,
        10,
    );
    w.add(c1);
    let mut c2 = case(&mut w, Gender::Female, (2025, 5, 2));
    let d2 = c2.decide(
        date(2025, 5, 2),
        DecisionKind::Intervention,
        sol,
        Some(K::ContactPerson),
        true,
        11,
    );
    c2.start(date(2025, 8, 20), K::ContactPerson, P::Own, Some(d2));
    w.add(c2);
    let mut c3 = case(&mut w, Gender::Male, (2025, 4, 1));
    c3.decide(
        date(2025, 4, 1),
        DecisionKind::Intervention,
        sol,
        Some(K::CommunityCare),
        true,
        10,
    );
    c3.close(date(2025, 6, 15));
    w.add(c3);
    let mut c4 = case(&mut w, Gender::Female, (2025, 7, 15));
    c4.decide(
        date(2025, 7, 15),
        DecisionKind::NoMeasure,
        sol,
        None,
        false,
        11,
    );
    w.add(c4);
    let mut c5 = case(&mut w, Gender::Male, (2025, 8, 1));
    c5.decide(
        date(2025, 8, 1),
        DecisionKind::LvuApplication,
        LegalBasis::Lvu2,
        None,
        false,
        12,
    );
    w.add(c5);
    let mut c6 = case(&mut w, Gender::Female, (2025, 9, 30));
    let d6 = c6.decide(
        date(2025, 9, 30),
        DecisionKind::Intervention,
        sol,
        Some(K::FosterHome),
        true,
        10,
    );
    c6.start(date(2025, 10, 2), K::FosterHome, P::Own, Some(d6));
    w.add(c6);
    w.facts(date(2025, 12, 31))
}

#[test]
fn ej_verkstallda_beslut() {
    let f = decisions();
    // On 2025-09-30 (Q3): D1 waited since Mar 10 (3 months passed Jun 10):
    // counted. D2 was executed Aug 20; D3 lapsed when its case closed; D6 was
    // taken that day. = 1 (a boy).
    let t = by_gender(&f, I::EjVerkstalldaBeslut, "2025-Q3");
    assert_eq!(genders(&t), (Some(1.0), Some(1.0), Some(0.0), Some(0.0)));
    // On 2025-06-30 (Q2): D1 (due Jun 10) yes; D2 due Aug 2, not yet; D3's
    // case closed Jun 15. = 1.
    assert_eq!(
        by_gender(&f, I::EjVerkstalldaBeslut, "2025-Q2")
            .total
            .number,
        Some(1.0)
    );
    // On 2025-03-31 (Q1): D1's three months have not passed. = 0.
    assert_eq!(
        by_gender(&f, I::EjVerkstalldaBeslut, "2025-Q1")
            .total
            .number,
        Some(0.0)
    );
}

#[test]
fn sent_verkstallda_beslut() {
    let f = decisions();
    // Executed in Q3 more than 3 months after the decision: D2 (due Aug 2,
    // executed Aug 20) = 1. D6 was executed after 2 days (Q4).
    let t = by_gender(&f, I::SentVerkstalldaBeslut, "2025-Q3");
    assert_eq!(genders(&t), (Some(1.0), Some(0.0), Some(1.0), Some(0.0)));
    assert_eq!(
        by_gender(&f, I::SentVerkstalldaBeslut, "2025-Q4")
            .total
            .number,
        Some(0.0)
    );
}

#[test]
fn delegationsbeslut() {
    let f = decisions();
    // In Q3: D4 (no measure, user 11) and D6 (foster home, user 10) = 2; D5 is
    // the committee's LVU application and does not count.
    let t = by_gender(&f, I::Delegationsbeslut, "2025-Q3");
    assert_eq!(genders(&t), (Some(2.0), Some(0.0), Some(2.0), Some(0.0)));
    let t = by(&f, I::Delegationsbeslut, "2025-Q3", Breakdown::Delegate);
    let n = |u| t.cell(Key::Delegate(UserId(u))).and_then(|v| v.number);
    assert_eq!((n(10), n(11), n(12)), (Some(1.0), Some(1.0), Some(0.0)));
    let t = by(
        &f,
        I::Delegationsbeslut,
        "2025-Q3",
        Breakdown::InterventionKind,
    );
    assert_eq!(
        t.cell(Key::Intervention(K::FosterHome)).unwrap().number,
        Some(1.0)
    );
    assert_eq!(t.cell(Key::NoIntervention).unwrap().number, Some(1.0));
    // The whole year: D1, D2, D3, D4, D6 = 5.
    assert_eq!(
        by_gender(&f, I::Delegationsbeslut, "2025").total.number,
        Some(5.0)
    );
}

/// Interventions that ended in 2024, followed through 2025.
///
/// - Boy A: öppenvård 2023-05-01 to 2024-03-01; no report after.
/// - Girl B: contact person 2023-09-01 to 2024-01-10, and öppenvård
///   2024-02-01 to 2024-06-01; a new report 2025-03-15.
/// - Boy C: öppenvård 2024-01-01 to 2024-09-01 while a foster home placement
///   ran 2024-02-01 to 2024-10-01; a new report 2025-11-01.
/// - Girl D: öppenvård 2024-03-01 to 2024-12-20; no report after.
/// - Boy E: öppenvård to 2025-02-01 (ended in 2025).
fn ended() -> Facts {
    let mut w = World::new();
    let add = |w: &mut World, g: Gender, spans: &[(K, Ymd, Ymd)], report: Option<(i16, i8, i8)>| {
        let child = w.child(g, Some(date(2012, 1, 1)));
        let mut c = w.case(child, 2, date(2023, 1, 1));
        c.anmalan(date(2023, 1, 1), R::School);
        for &(kind, s, e) in spans {
            let i = c.start(date(s.0, s.1, s.2), kind, P::Own, None);
            c.end(i, date(e.0, e.1, e.2), End::GoalsMet);
        }
        if let Some((y, m, d)) = report {
            c.anmalan(date(y, m, d), R::Police);
        }
        w.add(c);
    };
    add(
        &mut w,
        Gender::Male,
        &[(K::CommunityCare, (2023, 5, 1), (2024, 3, 1))],
        None,
    );
    add(
        &mut w,
        Gender::Female,
        &[
            (K::ContactPerson, (2023, 9, 1), (2024, 1, 10)),
            (K::CommunityCare, (2024, 2, 1), (2024, 6, 1)),
        ],
        Some((2025, 3, 15)),
    );
    add(
        &mut w,
        Gender::Male,
        &[
            (K::CommunityCare, (2024, 1, 1), (2024, 9, 1)),
            (K::FosterHome, (2024, 2, 1), (2024, 10, 1)),
        ],
        Some((2025, 11, 1)),
    );
    add(
        &mut w,
        Gender::Female,
        &[(K::CommunityCare, (2024, 3, 1), (2024, 12, 20))],
        None,
    );
    add(
        &mut w,
        Gender::Male,
        &[(K::CommunityCare, (2024, 5, 1), (2025, 2, 1))],
        None,
    );
    w.facts(date(2025, 12, 31))
}

#[test]
fn ej_ateraktualiserade_12_man() {
    let f = ended();
    // Cohort for 2025: children whose intervention ended in 2024 with nothing
    // else running. A (Mar 1): not back. B (latest end Jun 1): back on
    // 2025-03-15, within 12 months. C: the öppenvård end (Sep 1) is left out
    // (the placement still ran); the placement end (Oct 1) counts, and the
    // report of 2025-11-01 is 13 months later: not back. D (Dec 20; 12
    // months passed on 2025-12-20): not back. E ended in 2025.
    // 3 / 4 = 75 %; boys A, C 2/2 = 100 %; girls D 1/2 = 50 %.
    let t = by_gender(&f, I::EjAteraktualiserade12Man, "2025");
    assert_eq!(genders(&t), (Some(75.0), Some(100.0), Some(50.0), None));
    assert_eq!(t.total.persons, 4);
    // Rolling 12 months to June 2025: ends Jul 2023 - Jun 2024: A (Mar 1, not
    // back) and B (Jun 1, back) -> 1 / 2 = 50 %.
    let t = by_gender(&f, I::EjAteraktualiserade12Man, "R12:2025-06");
    assert_eq!(t.total.number, Some(50.0));
}

#[test]
fn a_row_belongs_to_the_unit_at_the_end_of_its_day() {
    let mut w = World::new();
    let child = w.child(Gender::Female, Some(date(2016, 4, 4)));
    let mut c = w.case(child, 1, date(2025, 1, 10));
    let r = c.anmalan(date(2025, 1, 10), R::School);
    c.pre_assess(r, date(2025, 1, 20), true);
    c.open_investigation(date(2025, 1, 20));
    c.assign(date(2025, 1, 20), 2);
    w.add(c);
    let f = w.facts(date(2025, 12, 31));
    // The report was received by unit 1; the investigation opened the day the
    // case went to unit 2 and is unit 2's.
    let t = by(&f, I::Aktualiseringar, "2025", Breakdown::Unit);
    assert_eq!(t.cell(Key::Unit(UnitId(1))).unwrap().number, Some(1.0));
    assert_eq!(t.cell(Key::Unit(UnitId(2))).unwrap().number, Some(0.0));
    let t = by(&f, I::InleddaUtredningar, "2025", Breakdown::Unit);
    assert_eq!(t.cell(Key::Unit(UnitId(1))).unwrap().number, Some(0.0));
    assert_eq!(t.cell(Key::Unit(UnitId(2))).unwrap().number, Some(1.0));
    // Filtered on unit 2: no reports, one investigation. An unknown unit: zeros.
    let period = "2025".parse().unwrap();
    let only = |id, unit| {
        compute(
            &f,
            id,
            &period,
            Breakdown::Gender,
            &Filter::unit(UnitId(unit)),
        )
        .unwrap()
        .total
        .number
    };
    assert_eq!(only(I::Aktualiseringar, 2), Some(0.0));
    assert_eq!(only(I::InleddaUtredningar, 2), Some(1.0));
    assert_eq!(only(I::InleddaUtredningar, 99), Some(0.0));
}

#[test]
fn empty_future_manual_and_unsupported() {
    let f = placements();
    // A past period with nothing: counts are 0, shares uppgift saknas.
    assert_eq!(
        by_gender(&f, I::Aktualiseringar, "2020").total.number,
        Some(0.0)
    );
    assert_eq!(
        by_gender(&f, I::UtredningarInom4Man, "2020").total.number,
        None
    );
    // A period that starts after the facts' as-of day: uppgift saknas.
    let t = by_gender(&f, I::Aktualiseringar, "2026-M03");
    assert_eq!(t.total.number, None);
    assert!(t.cells.iter().all(|c| c.value.number.is_none()));
    // A period running past the as-of day: stocks on the as-of day, care days
    // up to it. 2025-12 as a range to 2026-01-31: P2, P4, P5 run through
    // Dec 31 only -> 31 nights each = 93.
    let t = by_gender(&f, I::Varddygn, "2025-12-01..2026-01-31");
    assert_eq!(t.total.number, Some(93.0));
    assert_eq!(
        by_gender(&f, I::PlaceradeBarn, "2025-12-01..2026-01-31")
            .total
            .number,
        Some(3.0)
    );
    // Manual indicators are not computed; breakdowns must be supported.
    let period = "2025".parse().unwrap();
    assert_eq!(
        compute(&f, I::Nki, &period, Breakdown::Gender, &Filter::default()),
        Err(ComputeError::Manual("nki"))
    );
    assert!(matches!(
        compute(
            &f,
            I::InleddaUtredningar,
            &period,
            Breakdown::Concern,
            &Filter::default()
        ),
        Err(ComputeError::UnsupportedBreakdown { .. })
    ));
    // Every value carries the definition version.
    assert_eq!(by_gender(&f, I::Varddygn, "2025").version, 1);
}

#[test]
fn the_event_log_gives_the_same_facts_in_any_order() {
    use tillit_domain::case::RecordedEvent;
    let mut w = World::new();
    let child = w.child(Gender::Male, Some(date(2011, 1, 1)));
    for year in [2024, 2025] {
        let mut c = w.case(child, 1, date(year, 2, 1));
        let r = c.anmalan(date(year, 2, 1), R::Police);
        c.pre_assess(r, date(year, 2, 10), true);
        let inv = c.open_investigation(date(year, 2, 10));
        c.close_investigation(inv, date(year, 5, 1));
        c.close(date(year, 5, 2));
        w.add(c);
    }
    let mut log = Vec::new();
    for (id, events) in &w.cases {
        for (n, (on, e)) in events.iter().enumerate() {
            log.push((
                *id,
                RecordedEvent {
                    version: n as u64 + 1,
                    recorded_by: UserId(1),
                    recorded_at: jiff::Timestamp::UNIX_EPOCH,
                    occurred_on: *on,
                    event: e.clone(),
                },
            ));
        }
    }
    log.reverse();
    let from_log = Facts::from_event_log(&w.persons, &log);
    let direct = Facts::from_cases(
        &w.persons,
        w.cases
            .iter()
            .map(|(id, events)| (*id, events.iter().map(|(d, e)| (*d, e)))),
    );
    assert_eq!(from_log.events(), 12);
    assert_eq!(from_log.reports().len(), 2);
    assert_eq!(
        by_gender(&from_log, I::UtredningstidMedian, "2025")
            .total
            .number,
        by_gender(&direct, I::UtredningstidMedian, "2025")
            .total
            .number
    );
    // The 2025 report: the child's 2024 case closed 2024-05-02, 8 whole
    // months before 2025-02-01: returning, not new.
    assert_eq!(
        by_gender(&from_log, I::NyaAktualiseringar, "2025")
            .total
            .number,
        Some(0.0)
    );
    assert_eq!(
        by_gender(&from_log, I::Ateraktualiseringar, "2025")
            .total
            .number,
        Some(1.0)
    );
}

/// Decisions around the end of three months (34 kap. 1 § SoL), one child
/// each, all favourable öppenvård decisions of 2025-05-31 (in time up to and
/// including 2025-08-31):
///
/// - E1 boy: never executed.
/// - E2 girl: executed 2025-08-31, the last day in time.
/// - E3 girl: executed 2025-09-01, one day late.
fn three_months() -> Facts {
    let mut w = World::new();
    for (gender, executed) in [
        (Gender::Male, None),
        (Gender::Female, Some(date(2025, 8, 31))),
        (Gender::Female, Some(date(2025, 9, 1))),
    ] {
        let child = w.child(gender, Some(date(2014, 1, 1)));
        let mut c = w.case(child, 3, date(2025, 5, 1));
        c.anmalan(date(2025, 5, 1), R::School);
        let d = c.decide(
            date(2025, 5, 31),
            DecisionKind::Intervention,
            LegalBasis::SolAssistance,
            Some(K::CommunityCare),
            true,
            10,
        );
        if let Some(on) = executed {
            c.start(on, K::CommunityCare, P::Own, Some(d));
        }
        w.add(c);
    }
    w.facts(date(2025, 12, 31))
}

#[test]
fn ej_verkstallda_counts_a_decision_at_the_end_of_the_day_three_months_run_out() {
    let f = three_months();
    // At the end of 2025-08-31 (the stock of August): E1 and E3 have not
    // been executed within three months: 2 (a boy, a girl). E2 was executed
    // that day, in time. Version 1 counted nobody until 1 September.
    let t = by_gender(&f, I::EjVerkstalldaBeslut, "2025-M08");
    assert_eq!(genders(&t), (Some(2.0), Some(1.0), Some(1.0), Some(0.0)));
    assert_eq!(t.version, 2);
    // At the end of 2025-08-30 the three months have not run out: 0.
    assert_eq!(
        by_gender(&f, I::EjVerkstalldaBeslut, "2025-08-01..2025-08-30")
            .total
            .number,
        Some(0.0)
    );
    // At the end of September: E1 only (E3 was executed on 1 September).
    assert_eq!(
        by_gender(&f, I::EjVerkstalldaBeslut, "2025-M09")
            .total
            .number,
        Some(1.0)
    );
    // The same rule gives the late executions: E3, executed on 1 September,
    // was counted above on 31 August and is late here; E2 is not.
    let t = by_gender(&f, I::SentVerkstalldaBeslut, "2025-M09");
    assert_eq!(genders(&t), (Some(1.0), Some(0.0), Some(1.0), Some(0.0)));
    assert_eq!(
        by_gender(&f, I::SentVerkstalldaBeslut, "2025-M08")
            .total
            .number,
        Some(0.0)
    );
    // Every decision of the facts agrees with the domain's rule on every day.
    for d in f.decisions() {
        let decided = tillit_followup::day::date_of(d.decided).unwrap();
        let executed = tillit_followup::day::date_of(d.executed);
        let mut day = decided;
        while day <= date(2025, 10, 31) {
            assert_eq!(
                d.unexecuted_at_end_of(tillit_followup::day::day_number(day)),
                tillit_domain::deadline::unexecuted_beyond_three_months(decided, executed, day),
                "{day}"
            );
            day = day.tomorrow().unwrap();
        }
        assert_eq!(
            d.executed_late(),
            executed.is_some_and(|e| !tillit_domain::deadline::executed_in_time(decided, e))
        );
    }
}

/// Investigations with extensions around the end of the four months.
///
/// - L1 boy: opened 2025-01-10 (four months run out 2025-05-10), extended on
///   2025-05-20 (ten days too late) to 2025-07-31, closed 2025-07-15.
/// - L2 girl: opened 2025-01-10, extended on 2025-05-10 (the last day) to
///   2025-07-31, closed 2025-07-15.
/// - L3 girl: opened 2025-01-10, extended in time (2025-05-02) to 2025-06-30,
///   extended again on 2025-07-05 (too late) to 2025-08-31, closed 2025-08-20.
fn late_extensions() -> Facts {
    let mut w = World::new();
    // (gender, extensions as (decided on, new end), closed)
    type Spec<'a> = (Gender, &'a [(Ymd, Ymd)], Ymd);
    let spec: [Spec; 3] = [
        (
            Gender::Male,
            &[((2025, 5, 20), (2025, 7, 31))],
            (2025, 7, 15),
        ),
        (
            Gender::Female,
            &[((2025, 5, 10), (2025, 7, 31))],
            (2025, 7, 15),
        ),
        (
            Gender::Female,
            &[((2025, 5, 2), (2025, 6, 30)), ((2025, 7, 5), (2025, 8, 31))],
            (2025, 8, 20),
        ),
    ];
    for (gender, extensions, closed) in spec {
        let child = w.child(gender, Some(date(2015, 1, 1)));
        let opened = date(2025, 1, 10);
        let mut c = w.case(child, 1, opened);
        let r = c.anmalan(opened, R::School);
        c.pre_assess(r, opened, true);
        let inv = c.open_investigation(opened);
        for &((y, m, d), (ty, tm, td)) in extensions {
            c.extend_investigation(inv, date(y, m, d), date(ty, tm, td));
        }
        c.close_investigation(inv, date(closed.0, closed.1, closed.2));
        w.add(c);
    }
    w.facts(date(2025, 12, 31))
}

#[test]
fn an_extension_decided_too_late_leaves_the_investigation_late() {
    let f = late_extensions();
    // L1 became late on 2025-05-11 (no extension by the end of 10 May); the
    // extension of 20 May does not undo it: counted in May. L2 was extended
    // on its last day: not late. L3 was in time to 30 June and late from
    // 1 July (the second extension came on 5 July): counted in July.
    let t = by_gender(&f, I::ForsenadeUtredningar, "2025-M05");
    assert_eq!(genders(&t), (Some(1.0), Some(1.0), Some(0.0), Some(0.0)));
    assert_eq!(t.version, 2);
    let t = by_gender(&f, I::ForsenadeUtredningar, "2025-M07");
    assert_eq!(genders(&t), (Some(1.0), Some(0.0), Some(1.0), Some(0.0)));
    // Each counts once: 2 in the year.
    assert_eq!(
        by_gender(&f, I::ForsenadeUtredningar, "2025").total.number,
        Some(2.0)
    );
    // Within the decided time: only L2 (closed 15 July within its extension
    // to 31 July). L1 and L3 closed within extensions decided too late.
    let t = by_gender(&f, I::UtredningarInomBeslutadTid, "2025");
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(1.0), Some(3.0))
    );
    assert_eq!(t.version, 2);
}

/// Placements started in 2025 that ended within six months, one child each:
/// U1 boy foster home 2025-02-01 to 2025-04-01, the guardian declined further
/// care (an unplanned return home); U2 girl foster home 2025-02-01 to
/// 2025-05-01, goals met; U3 girl HVB 2025-03-01 to 2025-04-15, breakdown.
fn unplanned_returns() -> Facts {
    let mut w = World::new();
    for (gender, kind, start, end, reason) in [
        (
            Gender::Male,
            K::FosterHome,
            (2025, 2, 1),
            (2025, 4, 1),
            End::ClientDeclined,
        ),
        (
            Gender::Female,
            K::FosterHome,
            (2025, 2, 1),
            (2025, 5, 1),
            End::GoalsMet,
        ),
        (
            Gender::Female,
            K::Hvb,
            (2025, 3, 1),
            (2025, 4, 15),
            End::Breakdown,
        ),
    ] {
        let child = w.child(gender, Some(date(2012, 1, 1)));
        let mut c = w.case(child, 2, date(2025, 1, 5));
        c.anmalan(date(2025, 1, 5), R::School);
        let p = c.start(date(start.0, start.1, start.2), kind, P::Own, None);
        c.end(p, date(end.0, end.1, end.2), reason);
        w.add(c);
    }
    w.facts(date(2025, 12, 31))
}

#[test]
fn an_unplanned_return_home_is_not_a_safe_placement() {
    let f = unplanned_returns();
    // Safe: U2 only. U1 returned home unplanned (the guardian declined), U3
    // broke down. 1 / 3 = 33.33 %; boys 0/1, girls 1/2 = 50 %.
    let t = by_gender(&f, I::TryggaPlaceringar, "2025");
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(1.0), Some(3.0))
    );
    let (_, boys, girls, _) = genders(&t);
    assert_eq!((boys, girls), (Some(0.0), Some(50.0)));
    assert_eq!(t.version, 2);
    // Sammanbrott still counts breakdowns only.
    assert_eq!(
        by_gender(&f, I::Sammanbrott, "2025").total.number,
        Some(1.0)
    );
}

#[test]
fn arsplaceringar_for_part_of_a_year_are_full_year_places() {
    let f = placements();
    // Version 2 says how part of a year is counted: care days / days of the
    // period, not of the year. T1 2025 (120 days): P1 45 (Jan 15 - Mar 1),
    // P2 61 (Mar 1 - Apr 30), P5 120 = 226 nights / 120 = 1.88 children in
    // care on average; divided by the year's 365 days it would be 0.62.
    let t = by_gender(&f, I::Arsplaceringar, "2025-T1");
    assert_eq!(r2(t.total.number), Some(1.88));
    assert_eq!(t.total.denominator, Some(120.0));
    assert_eq!(t.version, 2);
    let def = I::Arsplaceringar.info().definition;
    assert!(def.contains("periodens dagar, inte årets"), "{def}");
}
