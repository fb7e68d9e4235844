//! A small language for hand-built case histories in tests.
#![allow(dead_code)]

use jiff::civil::{Date, DateTime, Time};
use tillit_domain::case::{
    CaseEvent, DecisionKind, InvestigationOutcome, LegalBasis, PreAssessmentOutcome, Reporter,
    ReviewKind,
};
use tillit_domain::catalog::{
    ClosureReason, ConcernCategory, Gender, InterventionEndReason, InterventionKind, ProviderKind,
    ReportKind, ReporterCategory,
};
use tillit_domain::person::Person;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_followup::{Breakdown, Facts, FactsBuilder, Filter, IndicatorId, Key, Table, compute};

/// Persons and cases being built.
#[derive(Default)]
pub struct World {
    pub persons: Vec<Person>,
    pub cases: Vec<(CaseId, Vec<(Date, CaseEvent)>)>,
    next: u128,
}

/// One case being built. Add it to the world with [`World::add`].
pub struct Case {
    pub id: CaseId,
    pub events: Vec<(Date, CaseEvent)>,
    next: u128,
}

impl World {
    pub fn new() -> Self {
        Self::default()
    }

    fn id(&mut self) -> u128 {
        self.next += 1;
        self.next
    }

    /// A child; `birth` may be unknown.
    pub fn child(&mut self, gender: Gender, birth: Option<Date>) -> PersonId {
        let id = PersonId::from_u128(self.id());
        self.persons.push(Person {
            id,
            identity_number: None,
            given_name: "Test".into(),
            family_name: "Testsson".into(),
            gender,
            birth_date: birth,
            protected: false,
            address: None,
        });
        id
    }

    /// A case for `child` in `unit`, opened on `on` (add a report next).
    pub fn case(&mut self, child: PersonId, unit: i64, on: Date) -> Case {
        let n = self.id();
        Case {
            id: CaseId::from_u128(n),
            events: vec![(
                on,
                CaseEvent::CaseOpened {
                    child,
                    unit: UnitId(unit),
                },
            )],
            next: n << 32,
        }
    }

    pub fn add(&mut self, case: Case) {
        self.cases.push((case.id, case.events));
    }

    /// Facts known up to `as_of`.
    pub fn facts(&self, as_of: Date) -> Facts {
        let mut b = FactsBuilder::new(&self.persons).as_of(as_of);
        for (id, events) in &self.cases {
            b.add_case(*id, events.iter().map(|(d, e)| (*d, e)));
        }
        b.finish()
    }
}

impl Case {
    fn item(&mut self) -> ItemId {
        self.next += 1;
        ItemId::from_u128(self.next)
    }

    fn push(&mut self, on: Date, e: CaseEvent) {
        self.events.push((on, e));
    }

    pub fn report(
        &mut self,
        on: Date,
        kind: ReportKind,
        reporter: ReporterCategory,
        concerns: &[ConcernCategory],
    ) -> ItemId {
        let report = self.item();
        self.push(
            on,
            CaseEvent::ReportReceived {
                report,
                kind,
                received_at: DateTime::from_parts(on, Time::constant(10, 0, 0, 0)),
                reporter: Reporter {
                    category: reporter,
                    anonymous: false,
                    name: None,
                    contact: None,
                    wants_feedback: false,
                },
                concerns: concerns.to_vec(),
                siblings: Vec::new(),
                summary: String::new(),
            },
        );
        report
    }

    /// A report of concern (anmälan) from `reporter`.
    pub fn anmalan(&mut self, on: Date, reporter: ReporterCategory) -> ItemId {
        self.report(
            on,
            ReportKind::Report,
            reporter,
            &[ConcernCategory::NeglectOfCare],
        )
    }

    pub fn pre_assess(&mut self, report: ItemId, on: Date, open: bool) {
        let outcome = if open {
            PreAssessmentOutcome::OpenInvestigation
        } else {
            PreAssessmentOutcome::NoInvestigation
        };
        self.push(
            on,
            CaseEvent::PreAssessmentDecided {
                report,
                outcome,
                reasoning: String::new(),
            },
        );
    }

    pub fn add_to_investigation(&mut self, report: ItemId, investigation: ItemId, on: Date) {
        self.push(
            on,
            CaseEvent::ReportAddedToInvestigation {
                report,
                investigation,
            },
        );
    }

    pub fn open_investigation(&mut self, on: Date) -> ItemId {
        let investigation = self.item();
        self.push(
            on,
            CaseEvent::InvestigationOpened {
                investigation,
                reports: Vec::new(),
            },
        );
        investigation
    }

    pub fn extend_investigation(&mut self, investigation: ItemId, on: Date, to: Date) {
        self.push(
            on,
            CaseEvent::InvestigationExtended {
                investigation,
                reason: String::new(),
                new_due: to,
            },
        );
    }

    pub fn close_investigation(&mut self, investigation: ItemId, on: Date) {
        self.push(
            on,
            CaseEvent::InvestigationClosed {
                investigation,
                outcome: InvestigationOutcome::Intervention,
            },
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &mut self,
        on: Date,
        kind: DecisionKind,
        basis: LegalBasis,
        intervention: Option<InterventionKind>,
        favourable: bool,
        by: i64,
    ) -> ItemId {
        let decision = self.item();
        self.push(
            on,
            CaseEvent::DecisionTaken {
                decision,
                kind,
                legal_basis: basis,
                intervention_kind: intervention,
                favourable,
                decided_by: UserId(by),
                decided_on: on,
                text: String::new(),
            },
        );
        decision
    }

    pub fn start(
        &mut self,
        on: Date,
        kind: InterventionKind,
        provider: ProviderKind,
        decision: Option<ItemId>,
    ) -> ItemId {
        let intervention = self.item();
        self.push(
            on,
            CaseEvent::InterventionStarted {
                intervention,
                decision,
                kind,
                provider,
                provider_name: String::new(),
                price_per_day: None,
                start: on,
            },
        );
        intervention
    }

    pub fn end(&mut self, intervention: ItemId, on: Date, reason: InterventionEndReason) {
        self.push(
            on,
            CaseEvent::InterventionEnded {
                intervention,
                end: on,
                reason,
            },
        );
    }

    pub fn review(&mut self, intervention: ItemId, on: Date) {
        self.push(
            on,
            CaseEvent::ReviewHeld {
                intervention,
                kind: ReviewKind::Consideration,
                held_on: on,
                care_continues: true,
                notes: String::new(),
            },
        );
    }

    pub fn removal(&mut self, on: Date, basis: LegalBasis) -> ItemId {
        let removal = self.item();
        self.push(
            on,
            CaseEvent::EmergencyRemovalDecided {
                removal,
                legal_basis: basis,
                decided_by: UserId(1),
                decided_on: on,
                executed_on: on,
            },
        );
        removal
    }

    pub fn end_removal(&mut self, removal: ItemId, on: Date) {
        self.push(on, CaseEvent::EmergencyRemovalEnded { removal, on });
    }

    pub fn assign(&mut self, on: Date, unit: i64) {
        self.push(
            on,
            CaseEvent::CaseAssigned {
                caseworker: None,
                unit: UnitId(unit),
            },
        );
    }

    pub fn close(&mut self, on: Date) {
        self.push(
            on,
            CaseEvent::CaseClosed {
                reason: ClosureReason::Other,
                on,
            },
        );
    }
}

/// Compute, by gender, for all units.
pub fn by_gender(facts: &Facts, id: IndicatorId, period: &str) -> Table {
    compute(
        facts,
        id,
        &period.parse().expect("period"),
        Breakdown::Gender,
        &Filter::default(),
    )
    .expect("computes")
}

/// Compute with any breakdown, for all units.
pub fn by(facts: &Facts, id: IndicatorId, period: &str, breakdown: Breakdown) -> Table {
    compute(
        facts,
        id,
        &period.parse().expect("period"),
        breakdown,
        &Filter::default(),
    )
    .expect("computes")
}

/// The numbers of a gender table: (total, boys, girls, unknown).
pub fn genders(t: &Table) -> (Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
    let g = |k| t.cell(Key::Gender(k)).and_then(|v| v.number);
    (
        t.total.number,
        g(Gender::Male),
        g(Gender::Female),
        g(Gender::Unknown),
    )
}

/// A number rounded to two decimals, for comparing shares.
pub fn r2(x: Option<f64>) -> Option<f64> {
    x.map(|v| (v * 100.0).round() / 100.0)
}
