//! Economic assistance (ekonomiskt bistånd, 12 kap. SoL (2025:400)): one
//! record per household, reference `EB-n`. The record is a stream of
//! entries like every register's:
//!
//! - the household: the applicant, a partner, children at home (with birth
//!   dates), other adults; who belongs from which month and until which
//!   (persons are the person register's, by [`PersonId`]: identity numbers
//!   and protected identities stay there);
//! - applications per month: received date, the month, the needs (the
//!   riksnorm as computed, the reasonable costs, other needs), incomes and
//!   assets of each adult, försörjningshinder per adult;
//! - the decision per need (granted, partly granted, refused) with the
//!   reasoning and the delegate; the decision sum is
//!   [`crate::assistance::decision::decision_sum`];
//! - payments, never changed: a correction is a new entry that refers to
//!   the payment it corrects;
//! - recovery (återkrav, 33 kap. SoL) where decided;
//! - the plan toward self-support and its follow-ups.
//!
//! The handlers are the caseworkers, team leads and unit managers of the
//! unit the household belongs to (a unit of kind `ekonomiskt_bistand`).

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, Writer, Written};
use crate::assistance::decision::{
    DecisionSum, Hinder, HouseholdType, Income, ItemDecision, Need, NeedKind, Outcome, decision_sum,
};
use crate::assistance::money::{Kronor, YearMonth};
use crate::assistance::norm::{Adults, NormChild, NormHousehold, age_in_month, age_on};
use crate::catalog::Gender;
use crate::{PersonId, UnitId, UserId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The unit kind that handles economic assistance.
pub const UNIT_KIND: &str = "ekonomiskt_bistand";
pub const CITE_ASSISTANCE: &str = "12 kap. 1 § SoL (2025:400)";
pub const CITE_PLAN: &str = "12 kap. 1 och 3 §§ SoL (2025:400), planering mot egen försörjning";
/// The appeal information every decision letter carries.
pub const APPEAL: &str = "Du kan överklaga beslutet hos förvaltningsrätten (35 kap. 1 § SoL (2025:400)). \
Skriv vilket beslut du överklagar, varför och vilken ändring du vill ha. Skicka överklagandet till \
socialnämnden; det ska ha kommit in inom tre veckor från den dag du fick del av beslutet.";

pub const STATUSES: &[(&str, &str)] = &[
    ("waiting", "Ansökan väntar på beslut"),
    ("active", "Aktuellt"),
    ("closed", "Avslutat"),
];

/// How a person belongs to the household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Applicant,
    Partner,
    Child,
    /// An adult in the dwelling who is not in the application (an adult
    /// child, a lodger): counted for the common costs only.
    OtherAdult,
}

impl MemberRole {
    pub fn label(self) -> &'static str {
        match self {
            MemberRole::Applicant => "Sökande",
            MemberRole::Partner => "Make/maka/sambo",
            MemberRole::Child => "Barn i hemmet",
            MemberRole::OtherAdult => "Annan vuxen i bostaden",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Applicant => "sokande",
            MemberRole::Partner => "partner",
            MemberRole::Child => "barn",
            MemberRole::OtherAdult => "annan_vuxen",
        }
    }
    pub fn from_code(code: &str) -> Option<MemberRole> {
        [
            MemberRole::Applicant,
            MemberRole::Partner,
            MemberRole::Child,
            MemberRole::OtherAdult,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// A person of the household, from a month on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person: PersonId,
    pub role: MemberRole,
    pub birth_date: Date,
    pub gender: Gender,
    pub from: YearMonth,
}

/// A member's time in the household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub member: Member,
    /// The last month they belonged (`None`: still).
    pub until: Option<YearMonth>,
}

impl Membership {
    pub fn in_month(&self, m: YearMonth) -> bool {
        self.member.from <= m && self.until.is_none_or(|u| m <= u)
    }
}

/// An adult's income in the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonIncome {
    pub person: PersonId,
    #[serde(flatten)]
    pub income: Income,
}

/// An adult's asset (savings, a car, property) as stated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    pub person: PersonId,
    pub what: String,
    pub value: Kronor,
}

/// Recovery grounds (33 kap. SoL (2025:400)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryGround {
    /// 33 kap. 1 § första stycket: wrong information, duty not fulfilled.
    WrongInformation,
    /// 33 kap. 1 § andra stycket: received wrongly and should have realised.
    ShouldHaveRealised,
    /// 33 kap. 2 §: advance on a benefit, labour dispute, assets not at hand.
    Advance,
    /// 33 kap. 3 §: under 12 kap. 2 § on condition of repayment.
    Conditional,
}

impl RecoveryGround {
    pub const ALL: [RecoveryGround; 4] = [
        RecoveryGround::WrongInformation,
        RecoveryGround::ShouldHaveRealised,
        RecoveryGround::Advance,
        RecoveryGround::Conditional,
    ];
    pub fn code(self) -> &'static str {
        match self {
            RecoveryGround::WrongInformation => "oriktiga_uppgifter",
            RecoveryGround::ShouldHaveRealised => "borde_ha_insett",
            RecoveryGround::Advance => "forskott",
            RecoveryGround::Conditional => "villkor",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            RecoveryGround::WrongInformation => {
                "Oriktiga uppgifter eller uppgiftsskyldighet inte fullgjord (33 kap. 1 § första stycket SoL)"
            }
            RecoveryGround::ShouldHaveRealised => {
                "Felaktigt mottaget och borde ha insett det (33 kap. 1 § andra stycket SoL)"
            }
            RecoveryGround::Advance => {
                "Förskott på förmån, arbetskonflikt eller hindrad att förfoga över tillgångar (33 kap. 2 § SoL)"
            }
            RecoveryGround::Conditional => {
                "Bistånd enligt 12 kap. 2 § med villkor om återbetalning (33 kap. 3 § SoL)"
            }
        }
    }
    pub fn from_code(code: &str) -> Option<RecoveryGround> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// One entry of a household's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum AssistanceEntry {
    /// The household is registered with its applicant.
    Opened {
        unit: UnitId,
        applicant: Member,
    },
    /// A person joins the household from a month.
    Joined {
        member: Member,
    },
    /// A person leaves: `last` is the last month they belonged.
    Left {
        person: PersonId,
        last: YearMonth,
    },
    /// An application for a month.
    Applied {
        month: YearMonth,
        received_on: Date,
        needs: Vec<Need>,
        /// The norm computed when the application was registered (kept: a
        /// later change of the tables never changes a decided month).
        #[serde(default)]
        norm: Option<Kronor>,
        incomes: Vec<PersonIncome>,
        #[serde(default)]
        assets: Vec<Asset>,
        /// Försörjningshinder of each adult of the application.
        hinder: Vec<(PersonId, Hinder)>,
        /// Children 0-6 with lunch at preschool five days a week.
        #[serde(default)]
        lunch_at_preschool: Vec<PersonId>,
    },
    /// The decision on a month's application, per need.
    Decided {
        month: YearMonth,
        items: Vec<ItemDecision>,
        /// The special rule of 12 kap. 8 § applies (a quarter of the
        /// adults' employment income not counted).
        special_rule: bool,
        reasoning: String,
        /// The delegate's point in the delegation order.
        delegate: String,
    },
    /// A payment (or a correction of one: `corrects` is the number, from 1,
    /// of the payment corrected in the month, and `amount` what is added,
    /// negative to take back).
    Paid {
        month: YearMonth,
        amount: i64,
        paid_on: Date,
        to: String,
        #[serde(default)]
        corrects: Option<u32>,
        #[serde(default)]
        note: String,
    },
    /// Recovery decided.
    Recovery {
        amount: Kronor,
        ground: RecoveryGround,
        reason: String,
        decided_on: Date,
    },
    /// The plan toward self-support, with when it is followed up.
    Planned {
        plan: String,
        follow_up_on: Date,
    },
    /// The plan followed up.
    FollowedUp {
        on: Date,
        note: String,
    },
    Closed {
        on: Date,
        reason: String,
    },
}

/// A month's application, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub month: YearMonth,
    pub received_on: Date,
    pub needs: Vec<Need>,
    pub norm: Option<Kronor>,
    pub incomes: Vec<PersonIncome>,
    pub assets: Vec<Asset>,
    pub hinder: Vec<(PersonId, Hinder)>,
    pub lunch_at_preschool: Vec<PersonId>,
    pub decision: Option<Decision>,
    pub payments: Vec<Payment>,
}

/// A month's decision, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub decided_on: Date,
    pub by: UserId,
    pub items: Vec<ItemDecision>,
    pub special_rule: bool,
    pub reasoning: String,
    pub delegate: String,
    pub sum: DecisionSum,
}

/// A payment as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub amount: i64,
    pub paid_on: Date,
    pub to: String,
    pub corrects: Option<u32>,
    pub note: String,
}

impl Application {
    /// Paid in the month, corrections included.
    pub fn paid(&self) -> i64 {
        self.payments.iter().map(|p| p.amount).sum()
    }

    /// What was granted for `kind` (0 if not decided or not applied for).
    pub fn granted(&self, kind: NeedKind) -> Kronor {
        self.decision.as_ref().map_or(Kronor::ZERO, |d| {
            d.items
                .iter()
                .filter(|i| i.kind == kind)
                .map(|i| i.granted)
                .sum()
        })
    }
}

/// A recovery decision, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    pub amount: Kronor,
    pub ground: RecoveryGround,
    pub reason: String,
    pub decided_on: Date,
}

/// A household's record, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Household {
    pub opened: Option<(Date, UserId)>,
    pub unit: Option<UnitId>,
    pub members: Vec<Membership>,
    pub applications: BTreeMap<YearMonth, Application>,
    pub recoveries: Vec<Recovery>,
    /// The plan and when it is followed up.
    pub plan: Option<(String, Date)>,
    pub follow_ups: Vec<(Date, String)>,
    pub closed_on: Option<Date>,
}

impl Household {
    pub fn applicant(&self) -> Option<&Member> {
        self.members
            .iter()
            .map(|m| &m.member)
            .find(|m| m.role == MemberRole::Applicant)
    }

    /// The members in month `m`.
    pub fn members_in(&self, m: YearMonth) -> impl Iterator<Item = &Member> {
        self.members
            .iter()
            .filter(move |ms| ms.in_month(m))
            .map(|ms| &ms.member)
    }

    /// The adults of the application in month `m` (applicant and partner).
    pub fn adults_in(&self, m: YearMonth) -> Vec<&Member> {
        self.members_in(m)
            .filter(|x| matches!(x.role, MemberRole::Applicant | MemberRole::Partner))
            .collect()
    }

    /// The children at home in month `m` (born by the month's end).
    pub fn children_in(&self, m: YearMonth) -> Vec<&Member> {
        self.members_in(m)
            .filter(|x| x.role == MemberRole::Child && x.birth_date <= m.last_day())
            .collect()
    }

    /// What the norm is computed for in month `m`, with these children
    /// having lunch at preschool. Errors as the norm says them (a child
    /// over 20).
    pub fn norm_household(&self, m: YearMonth, lunch: &[PersonId]) -> NormHousehold {
        let adults = if self.members_in(m).any(|x| x.role == MemberRole::Partner) {
            Adults::Cohabiting
        } else {
            Adults::Single
        };
        let children = self
            .children_in(m)
            .into_iter()
            .map(|c| NormChild {
                age: age_in_month(c.birth_date, m).unwrap_or(0),
                lunch_at_preschool: lunch.contains(&c.person),
            })
            .collect();
        let others = self
            .members_in(m)
            .filter(|x| x.role == MemberRole::OtherAdult)
            .count();
        NormHousehold {
            adults,
            children,
            others_in_dwelling: u32::try_from(others).unwrap_or(u32::MAX),
        }
    }

    /// The household type in month `m`.
    pub fn household_type(&self, m: YearMonth) -> Option<HouseholdType> {
        let applicant = self.applicant()?;
        let partner = self.members_in(m).any(|x| x.role == MemberRole::Partner);
        let children = self
            .children_in(m)
            .iter()
            .any(|c| age_in_month(c.birth_date, m).is_some_and(|a| a < 18));
        Some(HouseholdType::of(
            applicant.gender == Gender::Female,
            partner,
            children,
        ))
    }

    /// Applications waiting for a decision.
    pub fn waiting(&self) -> impl Iterator<Item = &Application> {
        self.applications.values().filter(|a| a.decision.is_none())
    }
}

/// The age groups of the follow-up's breakdowns (applicant's age in the
/// month).
pub const AGE_GROUPS: &[(&str, &str, u8, u8)] = &[
    ("18-24", "18–24 år", 18, 24),
    ("25-29", "25–29 år", 25, 29),
    ("30-39", "30–39 år", 30, 39),
    ("40-49", "40–49 år", 40, 49),
    ("50-59", "50–59 år", 50, 59),
    ("60-", "60 år och äldre", 60, u8::MAX),
];

/// The age group code of someone `age` years old (`None` under 18).
pub fn age_group(age: u8) -> Option<&'static str> {
    AGE_GROUPS
        .iter()
        .find(|(_, _, lo, hi)| (*lo..=*hi).contains(&age))
        .map(|(c, _, _, _)| *c)
}

fn refuse<T>(text: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::new(text))
}

fn check_member(h: &Household, m: &Member, today: Date) -> Result<(), Refusal> {
    if m.birth_date > today {
        return refuse(format!(
            "Födelsedatumet {} ligger efter i dag. Kontrollera födelsedatumet.",
            m.birth_date
        ));
    }
    let age = age_on(m.birth_date, m.from.first_day().max(m.birth_date)).unwrap_or(0);
    match m.role {
        MemberRole::Applicant | MemberRole::Partner
            if age_on(m.birth_date, m.from.last_day()).unwrap_or(0) < 18 =>
        {
            return refuse(format!(
                "{} ska vara minst 18 år (född {}).",
                m.role.label(),
                m.birth_date
            ));
        }
        MemberRole::Child if age > 20 => {
            return refuse(format!(
                "Ett barn i hemmet är högst 20 år (född {}). Registrera personen som annan vuxen.",
                m.birth_date
            ));
        }
        _ => {}
    }
    if h.members
        .iter()
        .any(|x| x.member.person == m.person && x.until.is_none_or(|u| u >= m.from))
    {
        return refuse("Personen hör redan till hushållet.");
    }
    if m.role == MemberRole::Partner
        && h.members
            .iter()
            .any(|x| x.member.role == MemberRole::Partner && x.until.is_none_or(|u| u >= m.from))
    {
        return refuse("Hushållet har redan en make, maka eller sambo den månaden.");
    }
    Ok(())
}

fn check_applied(h: &Household, entry: &AssistanceEntry, today: Date) -> Result<(), Refusal> {
    let AssistanceEntry::Applied {
        month,
        received_on,
        needs,
        incomes,
        assets,
        hinder,
        ..
    } = entry
    else {
        return Ok(());
    };
    let (month, received_on) = (*month, *received_on);
    if let Some(a) = h.applications.get(&month) {
        return refuse(format!(
            "Det finns redan en ansökan för {} (inkom {}). En månad söks en gång; fatta beslut på den ansökan.",
            month.label(),
            a.received_on
        ));
    }
    if received_on > today {
        return refuse(format!(
            "Ansökan kan inte ha kommit in efter i dag ({today})."
        ));
    }
    if month.first_day()
        > today
            .checked_add(jiff::Span::new().days(62))
            .unwrap_or(today)
    {
        return refuse(format!(
            "Ansökan kan gälla högst två månader framåt, inte {}.",
            month.label()
        ));
    }
    if needs.is_empty() {
        return refuse("Ange minst ett behov som ansökan gäller.");
    }
    let mut kinds: Vec<NeedKind> = needs.iter().map(|n| n.kind).collect();
    kinds.sort();
    if kinds
        .windows(2)
        .any(|w| w[0] == w[1] && w[0] != NeedKind::Other)
    {
        return refuse("Varje behov anges en gång; lägg ihop beloppen.");
    }
    for n in needs {
        if n.amount.0 < 0 {
            return refuse(format!(
                "{}: beloppet kan inte vara negativt.",
                n.kind.label()
            ));
        }
    }
    let adults = h.adults_in(month);
    if adults.is_empty() {
        return refuse(format!("Hushållet har ingen sökande i {}.", month.label()));
    }
    for i in incomes {
        if i.income.amount.0 < 0 {
            return refuse(format!(
                "{}: inkomsten kan inte vara negativ. Skriv 0 om det inte finns någon.",
                i.income.kind.label()
            ));
        }
        if !h.members_in(month).any(|m| m.person == i.person) {
            return refuse(
                "En inkomst är registrerad på någon som inte hör till hushållet den månaden.",
            );
        }
    }
    for a in assets {
        if a.value.0 < 0 {
            return refuse("En tillgång kan inte ha negativt värde.");
        }
        super::text("vad tillgången är", &a.what, 200)?;
    }
    for adult in &adults {
        if !hinder.iter().any(|(p, _)| *p == adult.person) {
            return refuse(format!(
                "Ange försörjningshinder för varje vuxen i ansökan ({}).",
                adult.role.label().to_lowercase()
            ));
        }
    }
    Ok(())
}

fn check_decided(
    h: &Household,
    month: YearMonth,
    items: &[ItemDecision],
    reasoning: &str,
    delegate: &str,
) -> Result<(), Refusal> {
    let Some(a) = h.applications.get(&month) else {
        return refuse(format!("Det finns ingen ansökan för {}.", month.label()));
    };
    if a.decision.is_some() {
        return refuse(format!(
            "Ansökan för {} är redan beslutad. Ett beslut ändras inte; registrera en ny ansökan om behovet ändrats.",
            month.label()
        ));
    }
    let applied: Vec<(NeedKind, Kronor)> = a.needs.iter().map(|n| (n.kind, n.amount)).collect();
    let decided: Vec<(NeedKind, Kronor)> = items.iter().map(|i| (i.kind, i.applied)).collect();
    if applied != decided {
        return refuse("Beslutet ska gälla varje sökt behov med det sökta beloppet.");
    }
    for i in items {
        i.check().map_err(Refusal::new)?;
    }
    let all_granted = items.iter().all(|i| i.outcome == Outcome::Granted);
    if !all_granted {
        super::text("motiveringen till beslutet", reasoning, super::TEXT_MAX)?;
    }
    super::text("delegat (punkt i delegationsordningen)", delegate, 200)?;
    Ok(())
}

impl Register for Household {
    const KIND: RegisterKind = RegisterKind::Assistance;
    type Entry = AssistanceEntry;
    type State = Household;

    fn entry_code(entry: &AssistanceEntry) -> &'static str {
        match entry {
            AssistanceEntry::Opened { .. } => "opened",
            AssistanceEntry::Joined { .. } => "joined",
            AssistanceEntry::Left { .. } => "left",
            AssistanceEntry::Applied { .. } => "applied",
            AssistanceEntry::Decided { .. } => "decided",
            AssistanceEntry::Paid { .. } => "paid",
            AssistanceEntry::Recovery { .. } => "recovery",
            AssistanceEntry::Planned { .. } => "planned",
            AssistanceEntry::FollowedUp { .. } => "followed_up",
            AssistanceEntry::Closed { .. } => "closed",
        }
    }

    fn apply(h: &mut Household, w: &Written<AssistanceEntry>) {
        match &w.entry {
            AssistanceEntry::Opened { unit, applicant } => {
                h.opened = Some((w.on, w.by));
                h.unit = Some(*unit);
                h.members.push(Membership {
                    member: applicant.clone(),
                    until: None,
                });
            }
            AssistanceEntry::Joined { member } => h.members.push(Membership {
                member: member.clone(),
                until: None,
            }),
            AssistanceEntry::Left { person, last } => {
                if let Some(ms) = h
                    .members
                    .iter_mut()
                    .rev()
                    .find(|ms| ms.member.person == *person && ms.until.is_none())
                {
                    ms.until = Some(*last);
                }
            }
            AssistanceEntry::Applied {
                month,
                received_on,
                needs,
                norm,
                incomes,
                assets,
                hinder,
                lunch_at_preschool,
            } => {
                h.applications.insert(
                    *month,
                    Application {
                        month: *month,
                        received_on: *received_on,
                        needs: needs.clone(),
                        norm: *norm,
                        incomes: incomes.clone(),
                        assets: assets.clone(),
                        hinder: hinder.clone(),
                        lunch_at_preschool: lunch_at_preschool.clone(),
                        decision: None,
                        payments: Vec::new(),
                    },
                );
            }
            AssistanceEntry::Decided {
                month,
                items,
                special_rule,
                reasoning,
                delegate,
            } => {
                if let Some(a) = h.applications.get_mut(month) {
                    let incomes: Vec<Income> = a.incomes.iter().map(|i| i.income.clone()).collect();
                    a.decision = Some(Decision {
                        decided_on: w.on,
                        by: w.by,
                        items: items.clone(),
                        special_rule: *special_rule,
                        reasoning: reasoning.clone(),
                        delegate: delegate.clone(),
                        sum: decision_sum(items, &incomes, *special_rule),
                    });
                }
            }
            AssistanceEntry::Paid {
                month,
                amount,
                paid_on,
                to,
                corrects,
                note,
            } => {
                if let Some(a) = h.applications.get_mut(month) {
                    a.payments.push(Payment {
                        amount: *amount,
                        paid_on: *paid_on,
                        to: to.clone(),
                        corrects: *corrects,
                        note: note.clone(),
                    });
                }
            }
            AssistanceEntry::Recovery {
                amount,
                ground,
                reason,
                decided_on,
            } => h.recoveries.push(Recovery {
                amount: *amount,
                ground: *ground,
                reason: reason.clone(),
                decided_on: *decided_on,
            }),
            AssistanceEntry::Planned { plan, follow_up_on } => {
                h.plan = Some((plan.clone(), *follow_up_on));
            }
            AssistanceEntry::FollowedUp { on, note } => h.follow_ups.push((*on, note.clone())),
            AssistanceEntry::Closed { on, .. } => h.closed_on = Some(*on),
        }
    }

    fn check(
        h: &Household,
        entry: &AssistanceEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        if !writer.handles {
            return refuse(
                "Ekonomiskt bistånd handläggs av socialsekreterare, arbetsledare och enhetschefer på enheten för ekonomiskt bistånd.",
            );
        }
        let not_after_today = |on: Date, what: &str| {
            if on > today {
                refuse(format!("{what} kan inte ligga efter i dag ({today})."))
            } else {
                Ok(())
            }
        };
        if h.opened.is_none() {
            return match entry {
                AssistanceEntry::Opened { applicant, .. } => {
                    if applicant.role != MemberRole::Applicant {
                        return refuse("Hushållet registreras med den sökande.");
                    }
                    check_member(h, applicant, today)
                }
                _ => refuse("Hushållet måste registreras först."),
            };
        }
        if h.closed_on.is_some() {
            return refuse(
                "Ärendet är avslutat. Registrera ett nytt hushåll om personen söker igen.",
            );
        }
        match entry {
            AssistanceEntry::Opened { .. } => refuse("Hushållet finns redan."),
            AssistanceEntry::Joined { member } => {
                if member.role == MemberRole::Applicant {
                    return refuse("Hushållet har redan en sökande.");
                }
                check_member(h, member, today)
            }
            AssistanceEntry::Left { person, last } => {
                let Some(ms) = h
                    .members
                    .iter()
                    .find(|ms| ms.member.person == *person && ms.until.is_none())
                else {
                    return refuse("Personen hör inte till hushållet.");
                };
                if ms.member.role == MemberRole::Applicant {
                    return refuse(
                        "Den sökande kan inte lämna hushållet; avsluta ärendet i stället.",
                    );
                }
                if *last < ms.member.from {
                    return refuse(format!(
                        "Den sista månaden kan inte ligga före den första ({}).",
                        ms.member.from
                    ));
                }
                Ok(())
            }
            AssistanceEntry::Applied { .. } => check_applied(h, entry, today),
            AssistanceEntry::Decided {
                month,
                items,
                reasoning,
                delegate,
                ..
            } => check_decided(h, *month, items, reasoning, delegate),
            AssistanceEntry::Paid {
                month,
                amount,
                paid_on,
                to,
                corrects,
                note,
            } => {
                not_after_today(*paid_on, "Utbetalningsdagen")?;
                let Some(a) = h.applications.get(month) else {
                    return refuse(format!("Det finns ingen ansökan för {}.", month.label()));
                };
                let Some(d) = &a.decision else {
                    return refuse(format!(
                        "Ansökan för {} är inte beslutad. Betala ut efter beslut.",
                        month.label()
                    ));
                };
                super::text("mottagaren", to, 200)?;
                match corrects {
                    None if *amount <= 0 => {
                        return refuse(
                            "En utbetalning är mer än 0 kr. Rätta en utbetalning med en rättelse.",
                        );
                    }
                    Some(n) => {
                        if *n == 0 || *n as usize > a.payments.len() {
                            return refuse("Rättelsen ska gälla en registrerad utbetalning.");
                        }
                        super::text("skälet till rättelsen", note, super::TEXT_MAX)?;
                        if *amount == 0 {
                            return refuse("En rättelse ändrar beloppet; 0 kr ändrar ingenting.");
                        }
                    }
                    None => {}
                }
                let after = a.paid() + amount;
                if after < 0 {
                    return refuse(
                        "Efter rättelsen skulle mindre än 0 kr vara utbetalt för månaden.",
                    );
                }
                if after > d.sum.payable.0 {
                    return refuse(format!(
                        "Utbetalt för {} blir {} men beslutet gäller {}. Kontrollera beloppet.",
                        month.label(),
                        Kronor(after),
                        d.sum.payable
                    ));
                }
                Ok(())
            }
            AssistanceEntry::Recovery {
                amount,
                reason,
                decided_on,
                ..
            } => {
                not_after_today(*decided_on, "Beslutsdagen")?;
                if amount.0 <= 0 {
                    return refuse("Återkravet ska vara mer än 0 kr.");
                }
                let paid: i64 = h.applications.values().map(Application::paid).sum();
                let before: i64 = h.recoveries.iter().map(|r| r.amount.0).sum();
                if before + amount.0 > paid {
                    return refuse(format!(
                        "Återkraven blir {} men hushållet har fått {} utbetalt.",
                        Kronor(before + amount.0),
                        Kronor(paid)
                    ));
                }
                super::text("skälen för återkravet", reason, super::TEXT_MAX)?;
                Ok(())
            }
            AssistanceEntry::Planned { plan, follow_up_on } => {
                super::text("planeringen", plan, super::TEXT_MAX)?;
                if *follow_up_on < today {
                    return refuse("Uppföljningen kan inte planeras till en dag som har varit.");
                }
                Ok(())
            }
            AssistanceEntry::FollowedUp { on, note } => {
                not_after_today(*on, "Uppföljningen")?;
                if h.plan.is_none() {
                    return refuse("Det finns ingen planering att följa upp.");
                }
                super::text("vad uppföljningen visade", note, super::TEXT_MAX)?;
                Ok(())
            }
            AssistanceEntry::Closed { on, reason } => {
                not_after_today(*on, "Avslutsdagen")?;
                if let Some(a) = h.waiting().next() {
                    return refuse(format!(
                        "Ansökan för {} väntar på beslut. Fatta beslut innan ärendet avslutas.",
                        a.month.label()
                    ));
                }
                super::text("skälet till avslutet", reason, 500)?;
                Ok(())
            }
        }
    }

    fn head(h: &Household) -> Option<Head> {
        let (opened_on, by) = h.opened?;
        let applicant = h.applicant()?;
        let latest = h.applications.keys().next_back().copied();
        let waiting = h.waiting().count();
        let decided = h.applications.len() - waiting;
        Some(Head {
            unit: h.unit?,
            reported_by: Some(by),
            opened_on,
            closed_on: h.closed_on,
            status: if h.closed_on.is_some() {
                "closed"
            } else if waiting > 0 {
                "waiting"
            } else {
                "active"
            },
            category: latest
                .and_then(|m| h.household_type(m))
                .map(|t| t.code().to_string()),
            serious: false,
            handler: Some(by),
            reported_externally: false,
            measures: u32::try_from(h.applications.len()).unwrap_or(u32::MAX),
            measures_done: u32::try_from(decided).unwrap_or(u32::MAX),
            gender: Some(applicant.gender),
            age_band: latest
                .and_then(|m| age_in_month(applicant.birth_date, m))
                .and_then(age_group)
                .map(str::to_string),
        })
    }

    fn deadlines(h: &Household) -> Vec<RegisterDeadline> {
        if h.closed_on.is_some() {
            return Vec::new();
        }
        let mut out: Vec<RegisterDeadline> = h
            .waiting()
            .map(|a| RegisterDeadline {
                what: "decide",
                label: "Beslut om ekonomiskt bistånd",
                due: crate::calendar::add_days(a.received_on, DEFAULT_TARGET_DAYS),
                citation: CITE_ASSISTANCE,
            })
            .collect();
        if let Some((_, on)) = &h.plan {
            let followed = h.follow_ups.iter().any(|(d, _)| d >= on);
            if !followed {
                out.push(RegisterDeadline {
                    what: "follow_up",
                    label: "Uppföljning av planeringen mot egen försörjning",
                    due: *on,
                    citation: CITE_PLAN,
                });
            }
        }
        out
    }
}

/// The target time for a decision when the municipality has set none
/// (days from the application's receipt). The web application's setting
/// `assistance_target_days` overrides it on the worklist.
pub const DEFAULT_TARGET_DAYS: i64 = 10;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::Timestamp;
    use jiff::civil::date;

    const W: Writer = Writer {
        user: UserId(7),
        handles: true,
    };

    fn ym(y: i16, m: i8) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn member(n: u128, role: MemberRole, born: Date, gender: Gender, from: YearMonth) -> Member {
        Member {
            person: PersonId::from_u128(n),
            role,
            birth_date: born,
            gender,
            from,
        }
    }

    fn step(h: &Household, e: AssistanceEntry, today: Date) -> Result<Household, Refusal> {
        decide::<Household>(h, &e, W, today, Timestamp::UNIX_EPOCH).map(|(s, _)| s)
    }

    /// A single mother with children of 5 and 12 in March 2021.
    fn family(today: Date) -> Household {
        let m = ym(2021, 1);
        let h = step(
            &Household::default(),
            AssistanceEntry::Opened {
                unit: UnitId(5),
                applicant: member(
                    1,
                    MemberRole::Applicant,
                    date(1988, 6, 1),
                    Gender::Female,
                    m,
                ),
            },
            today,
        )
        .unwrap();
        let h = step(
            &h,
            AssistanceEntry::Joined {
                member: member(2, MemberRole::Child, date(2015, 9, 1), Gender::Male, m),
            },
            today,
        )
        .unwrap();
        step(
            &h,
            AssistanceEntry::Joined {
                member: member(3, MemberRole::Child, date(2008, 5, 1), Gender::Female, m),
            },
            today,
        )
        .unwrap()
    }

    fn applied(month: YearMonth, received: Date, needs: Vec<(NeedKind, i64)>) -> AssistanceEntry {
        AssistanceEntry::Applied {
            month,
            received_on: received,
            needs: needs
                .into_iter()
                .map(|(kind, a)| Need {
                    kind,
                    amount: Kronor(a),
                    note: String::new(),
                })
                .collect(),
            norm: Some(Kronor(10_540)),
            incomes: vec![PersonIncome {
                person: PersonId::from_u128(1),
                income: Income {
                    kind: crate::assistance::decision::IncomeKind::ChildAllowance,
                    amount: Kronor(2_500),
                },
            }],
            assets: vec![],
            hinder: vec![(PersonId::from_u128(1), Hinder::UnemployedNoBenefit)],
            lunch_at_preschool: vec![],
        }
    }

    #[test]
    fn a_month_from_application_to_payment_and_recovery() {
        let today = date(2021, 3, 20);
        let h = family(today);
        let march = ym(2021, 3);
        // The norm for the month as the household is: 10 540 (see norm.rs).
        let n =
            crate::assistance::norm::norm_for_month(march, &h.norm_household(march, &[])).unwrap();
        assert_eq!(n.total, Kronor(10_540));
        assert_eq!(
            h.household_type(march),
            Some(HouseholdType::SingleWomanWithChildren)
        );
        let h = step(
            &h,
            applied(
                march,
                date(2021, 3, 2),
                vec![(NeedKind::Norm, 10_540), (NeedKind::Housing, 7_900)],
            ),
            today,
        )
        .unwrap();
        assert_eq!(Household::head(&h).unwrap().status, "waiting");
        let d = Household::deadlines(&h);
        assert_eq!(d[0].due, date(2021, 3, 12));
        // A month applied for twice.
        let twice = step(
            &h,
            applied(march, date(2021, 3, 3), vec![(NeedKind::Norm, 1)]),
            today,
        )
        .unwrap_err();
        assert!(
            twice
                .0
                .starts_with("Det finns redan en ansökan för mars 2021"),
            "{twice}"
        );
        // No payment before the decision.
        let paid = |amount: i64, corrects: Option<u32>, note: &str| AssistanceEntry::Paid {
            month: march,
            amount,
            paid_on: today,
            to: "Sökande".into(),
            corrects,
            note: note.into(),
        };
        assert!(step(&h, paid(100, None, ""), today).is_err());
        // Partly granted without a reason: refused.
        let items = |reason: &str| {
            vec![
                ItemDecision {
                    kind: NeedKind::Norm,
                    applied: Kronor(10_540),
                    outcome: Outcome::Granted,
                    granted: Kronor(10_540),
                    reason: String::new(),
                },
                ItemDecision {
                    kind: NeedKind::Housing,
                    applied: Kronor(7_900),
                    outcome: Outcome::PartlyGranted,
                    granted: Kronor(7_200),
                    reason: reason.into(),
                },
            ]
        };
        let decided = |reason: &str| AssistanceEntry::Decided {
            month: march,
            items: items(reason),
            special_rule: false,
            reasoning: "Hyran över kommunens riktlinje för tre personer.".into(),
            delegate: "Delegationsordning 3.1, socialsekreterare".into(),
        };
        assert!(step(&h, decided(""), today).is_err());
        let h = step(&h, decided("Skälig hyra 7 200 kr"), today).unwrap();
        let a = &h.applications[&march];
        // 10 540 + 7 200 − 2 500.
        assert_eq!(a.decision.as_ref().unwrap().sum.payable, Kronor(15_240));
        assert_eq!(Household::head(&h).unwrap().status, "active");
        let h = step(&h, paid(15_240, None, ""), today).unwrap();
        // More than decided: refused; a correction down is a new entry.
        assert!(step(&h, paid(1, None, ""), today).is_err());
        assert!(step(&h, paid(-240, None, ""), today).is_err());
        assert!(step(&h, paid(-240, Some(2), "Fel belopp"), today).is_err());
        let h = step(&h, paid(-240, Some(1), "Fel belopp"), today).unwrap();
        assert_eq!(h.applications[&march].paid(), 15_000);
        assert_eq!(h.applications[&march].payments.len(), 2);
        // Recovery no more than paid.
        let rec = |a: i64| AssistanceEntry::Recovery {
            amount: Kronor(a),
            ground: RecoveryGround::WrongInformation,
            reason: "Lön som inte uppgavs".into(),
            decided_on: today,
        };
        assert!(step(&h, rec(15_001), today).is_err());
        let h = step(&h, rec(3_000), today).unwrap();
        assert_eq!(h.recoveries.len(), 1);
    }

    #[test]
    fn bad_input_gets_swedish_errors() {
        let today = date(2021, 3, 20);
        let h = family(today);
        let march = ym(2021, 3);
        let future_child = AssistanceEntry::Joined {
            member: member(9, MemberRole::Child, date(2021, 5, 1), Gender::Male, march),
        };
        let e = step(&h, future_child, today).unwrap_err();
        assert!(e.0.contains("ligger efter i dag"), "{e}");
        let mut negative = applied(march, date(2021, 3, 2), vec![(NeedKind::Norm, 10_540)]);
        if let AssistanceEntry::Applied { incomes, .. } = &mut negative {
            incomes[0].income.amount = Kronor(-5);
        }
        let e = step(&h, negative, today).unwrap_err();
        assert!(e.0.contains("inkomsten kan inte vara negativ"), "{e}");
        let mut no_hinder = applied(march, date(2021, 3, 2), vec![(NeedKind::Norm, 10_540)]);
        if let AssistanceEntry::Applied { hinder, .. } = &mut no_hinder {
            hinder.clear();
        }
        assert!(
            step(&h, no_hinder, today)
                .unwrap_err()
                .0
                .contains("försörjningshinder")
        );
        let later = applied(march, date(2021, 3, 21), vec![(NeedKind::Norm, 10_540)]);
        assert!(step(&h, later, today).is_err());
        let stranger = Writer {
            user: UserId(8),
            handles: false,
        };
        assert!(
            Household::check(
                &h,
                &applied(march, today, vec![(NeedKind::Norm, 1)]),
                stranger,
                today
            )
            .is_err()
        );
        // A partner joins: one at a time.
        let partner = |n| AssistanceEntry::Joined {
            member: member(
                n,
                MemberRole::Partner,
                date(1985, 1, 1),
                Gender::Male,
                march,
            ),
        };
        let h2 = step(&h, partner(10), today).unwrap();
        assert!(step(&h2, partner(11), today).is_err());
        assert_eq!(
            h2.household_type(march),
            Some(HouseholdType::CouplesWithChildren)
        );
    }

    #[test]
    fn members_change_by_month() {
        let today = date(2021, 6, 20);
        let h = family(today);
        let h = step(
            &h,
            AssistanceEntry::Left {
                person: PersonId::from_u128(3),
                last: ym(2021, 4),
            },
            today,
        )
        .unwrap();
        assert_eq!(h.children_in(ym(2021, 4)).len(), 2);
        assert_eq!(h.children_in(ym(2021, 5)).len(), 1);
        assert_eq!(h.norm_household(ym(2021, 5), &[]).children.len(), 1);
        assert_eq!(age_group(24), Some("18-24"));
        assert_eq!(age_group(17), None);
        assert_eq!(age_group(71), Some("60-"));
    }

    #[test]
    fn the_plan_is_followed_up() {
        let today = date(2021, 3, 20);
        let h = family(today);
        let h = step(
            &h,
            AssistanceEntry::Planned {
                plan: "SFI och praktik via Arbetsförmedlingen".into(),
                follow_up_on: date(2021, 4, 15),
            },
            today,
        )
        .unwrap();
        let d = Household::deadlines(&h);
        assert_eq!((d[0].what, d[0].due), ("follow_up", date(2021, 4, 15)));
        let later = date(2021, 4, 16);
        let h = step(
            &h,
            AssistanceEntry::FollowedUp {
                on: later,
                note: "Praktik påbörjad".into(),
            },
            later,
        )
        .unwrap();
        assert!(Household::deadlines(&h).is_empty());
    }
}
