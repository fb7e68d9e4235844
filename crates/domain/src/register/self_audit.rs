//! Self-audit of documentation (egenkontroll av dokumentation): a random,
//! reproducible sample of the case files a unit opened in a period,
//! stratified by the kind of case, each checked against a checklist
//! (by default the requirements of SOSFS 2014:5 on documentation), the
//! answers recorded per item, and the audit closed with a conclusion
//! (7 kap. SOSFS 2011:9: the committee follows up its own work by
//! egenkontroll).
//!
//! The sample is drawn by [`draw_sample`], a pure function of the
//! candidates, the sample size and a seed: the seed is recorded when the
//! audit is planned, so the same sample can be drawn again by anyone who
//! checks it. The audit keeps the whole checklist it used (version and
//! items), so a later checklist never changes what an old audit's answers
//! mean.

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, TEXT_MAX, Writer, Written};
use crate::calendar::add_days;
use crate::{CaseId, UnitId, UserId};
use jiff::civil::Date;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Days after the period's end (or the planning, if later) within which
/// the sample is drawn.
pub const DRAW_DAYS: i64 = 14;
/// Days after drawing within which every sampled case file is answered and
/// the audit closed.
pub const ANSWER_DAYS: i64 = 30;
/// The largest sample an audit may ask for.
pub const SAMPLE_MAX: u32 = 200;
/// The most items a checklist may have.
pub const ITEMS_MAX: usize = 20;
pub const CITE_SELF_AUDIT: &str = "7 kap. SOSFS 2011:9 (rutinens frist)";

/// One question of a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Stable code (`basis`, `consent`, ...): what the answers refer to.
    pub code: String,
    /// The question, in Swedish.
    pub text: String,
}

/// A checklist, as an audit used it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub version: u32,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    /// The default checklist, version 1: the documentation requirements of
    /// SOSFS 2014:5 (Socialstyrelsens föreskrifter och allmänna råd om
    /// dokumentation i verksamhet som bedrivs med stöd av SoL, LVU, LVM och
    /// LSS).
    pub fn sosfs_2014_5() -> Checklist {
        let items = [
            (
                "basis",
                "Det framgår vad uppgifterna grundar sig på och vem som har lämnat dem.",
            ),
            (
                "child_perspective",
                "Barnets situation, egna synpunkter och barnets bästa är dokumenterade.",
            ),
            (
                "consent",
                "Samtycke (till exempel till kontakter med andra) är dokumenterat där det behövs.",
            ),
            (
                "participation",
                "Det framgår hur barnet och vårdnadshavarna har fått information och delta.",
            ),
            (
                "kommunicering",
                "Kommunicering av uppgifter inför beslut är dokumenterad.",
            ),
            (
                "readable",
                "Dokumentationen kan läsas och förstås av en kollega.",
            ),
            (
                "respectful",
                "Språket är sakligt, tydligt och respektfullt.",
            ),
        ];
        Checklist {
            version: 1,
            items: items
                .into_iter()
                .map(|(code, text)| ChecklistItem {
                    code: code.to_string(),
                    text: text.to_string(),
                })
                .collect(),
        }
    }

    /// The category code of an audit with this checklist (`v1`).
    pub fn category(&self) -> String {
        format!("v{}", self.version)
    }

    /// The next version after `self` with `items` (code, question) as the
    /// quality lead wrote them: 1-20 questions, codes of a-z, 0-9 and `_`
    /// (2-40 characters), different from each other, questions of 1-300
    /// characters. An audit keeps the version it was planned with.
    pub fn next_version(&self, items: &[(String, String)]) -> Result<Checklist, Refusal> {
        let mut out = Vec::new();
        for (code, text) in items {
            let code = code.trim();
            let n = code.chars().count();
            if !(2..=40).contains(&n)
                || !code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(Refusal::new(format!(
                    "Koden {code:?} ska vara 2–40 tecken av a–z, 0–9 och _."
                )));
            }
            let text = super::text("frågan", text, 300)?;
            out.push(ChecklistItem {
                code: code.to_string(),
                text,
            });
        }
        let next = Checklist {
            version: self.version.saturating_add(1),
            items: out,
        };
        next.check()?;
        Ok(next)
    }

    fn check(&self) -> Result<(), Refusal> {
        if self.items.is_empty() || self.items.len() > ITEMS_MAX {
            return Err(Refusal::new(format!(
                "Checklistan ska ha mellan 1 och {ITEMS_MAX} frågor."
            )));
        }
        let mut codes: Vec<&str> = self.items.iter().map(|i| i.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        if codes.len() != self.items.len() || codes.iter().any(|c| c.trim().is_empty()) {
            return Err(Refusal::new(
                "Checklistans frågor måste ha olika koder som inte är tomma.",
            ));
        }
        Ok(())
    }
}

/// The categories of the register: the checklist versions (code, label).
pub const CATEGORIES: &[(&str, &str)] = &[("v1", "Checklista version 1 (SOSFS 2014:5)")];

/// An answer to a checklist item for one case file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    NotApplicable,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::NotApplicable];

    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::NotApplicable => "not_applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Ja",
            Answer::No => "Nej",
            Answer::NotApplicable => "Ej aktuellt",
        }
    }

    pub fn from_code(code: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// The answer to one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub item: String,
    pub answer: Answer,
}

/// One entry of a self-audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum SelfAuditEntry {
    Planned {
        unit: UnitId,
        period_from: Date,
        period_to: Date,
        sample_size: u32,
        /// The seed of the draw (chosen, or drawn at random and recorded).
        seed: u64,
        checklist: Checklist,
    },
    /// The sample, as [`draw_sample`] drew it from `candidates` case files.
    Drawn {
        cases: Vec<CaseId>,
        candidates: u32,
    },
    /// One case file checked.
    Answered {
        case: CaseId,
        answers: Vec<ItemAnswer>,
        comment: Option<String>,
    },
    Closed {
        conclusion: String,
    },
}

/// A self-audit, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelfAudit {
    pub planned: Option<(Date, UserId)>,
    pub unit: Option<UnitId>,
    pub period: Option<(Date, Date)>,
    pub sample_size: u32,
    pub seed: u64,
    pub checklist: Option<Checklist>,
    pub drawn_on: Option<Date>,
    pub drawn_by: Option<UserId>,
    /// The sample, in the order drawn.
    pub sample: Vec<CaseId>,
    /// The answers per case file, in the order answered.
    pub answered: Vec<(CaseId, Vec<ItemAnswer>)>,
    pub closed_on: Option<Date>,
}

pub const STATUSES: &[(&str, &str)] = &[
    ("planned", "Planerad"),
    ("drawn", "Urval draget"),
    ("answered", "Granskad"),
    ("closed", "Avslutad"),
];

impl SelfAudit {
    pub fn status(&self) -> &'static str {
        if self.closed_on.is_some() {
            "closed"
        } else if self.drawn_on.is_some() && self.unanswered().is_empty() {
            "answered"
        } else if self.drawn_on.is_some() {
            "drawn"
        } else {
            "planned"
        }
    }

    /// Whether case file `case` has been answered.
    pub fn is_answered(&self, case: CaseId) -> bool {
        self.answered.iter().any(|(c, _)| *c == case)
    }

    /// The sampled case files not yet answered, in the order drawn.
    pub fn unanswered(&self) -> Vec<CaseId> {
        self.sample
            .iter()
            .copied()
            .filter(|c| !self.is_answered(*c))
            .collect()
    }

    /// Whether any item of any case file was answered no.
    pub fn has_shortcomings(&self) -> bool {
        self.answered
            .iter()
            .any(|(_, a)| a.iter().any(|a| a.answer == Answer::No))
    }

    /// Per checklist item (in the checklist's order): (item, yes, no, not
    /// applicable) over the answered case files.
    pub fn results(&self) -> Vec<(ChecklistItem, [u32; 3])> {
        let Some(list) = &self.checklist else {
            return Vec::new();
        };
        list.items
            .iter()
            .map(|item| {
                let mut n = [0u32; 3];
                for (_, answers) in &self.answered {
                    for a in answers.iter().filter(|a| a.item == item.code) {
                        let i = match a.answer {
                            Answer::Yes => 0,
                            Answer::No => 1,
                            Answer::NotApplicable => 2,
                        };
                        n[i] += 1;
                    }
                }
                (item.clone(), n)
            })
            .collect()
    }
}

impl Register for SelfAudit {
    const KIND: RegisterKind = RegisterKind::SelfAudit;
    type Entry = SelfAuditEntry;
    type State = SelfAudit;

    fn entry_code(entry: &SelfAuditEntry) -> &'static str {
        match entry {
            SelfAuditEntry::Planned { .. } => "planned",
            SelfAuditEntry::Drawn { .. } => "drawn",
            SelfAuditEntry::Answered { .. } => "answered",
            SelfAuditEntry::Closed { .. } => "closed",
        }
    }

    fn apply(s: &mut SelfAudit, w: &Written<SelfAuditEntry>) {
        match &w.entry {
            SelfAuditEntry::Planned {
                unit,
                period_from,
                period_to,
                sample_size,
                seed,
                checklist,
            } => {
                s.planned = Some((w.on, w.by));
                s.unit = Some(*unit);
                s.period = Some((*period_from, *period_to));
                s.sample_size = *sample_size;
                s.seed = *seed;
                s.checklist = Some(checklist.clone());
            }
            SelfAuditEntry::Drawn { cases, .. } => {
                s.drawn_on = Some(w.on);
                s.drawn_by = Some(w.by);
                s.sample = cases.clone();
            }
            SelfAuditEntry::Answered { case, answers, .. } => {
                s.answered.push((*case, answers.clone()));
            }
            SelfAuditEntry::Closed { .. } => s.closed_on = Some(w.on),
        }
    }

    fn check(
        s: &SelfAudit,
        entry: &SelfAuditEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        if !writer.handles {
            return Err(Refusal::new(
                "Bara kvalitetsansvarig och enhetens chef kan göra egenkontroller.",
            ));
        }
        if s.planned.is_none() {
            return match entry {
                SelfAuditEntry::Planned {
                    period_from,
                    period_to,
                    sample_size,
                    checklist,
                    ..
                } => {
                    if period_from > period_to {
                        return Err(Refusal::new("Periodens början måste ligga före dess slut."));
                    }
                    if *period_from > today {
                        return Err(Refusal::new(format!(
                            "Perioden kan inte börja efter i dag ({today})."
                        )));
                    }
                    if !(1..=SAMPLE_MAX).contains(sample_size) {
                        return Err(Refusal::new(format!(
                            "Antalet akter ska vara mellan 1 och {SAMPLE_MAX}."
                        )));
                    }
                    checklist.check()
                }
                _ => Err(Refusal::new("Egenkontrollen måste planeras först.")),
            };
        }
        if s.closed_on.is_some() {
            return Err(Refusal::new(
                "Egenkontrollen är avslutad. Inget mer kan registreras i den.",
            ));
        }
        match entry {
            SelfAuditEntry::Planned { .. } => {
                Err(Refusal::new("Egenkontrollen är redan planerad."))
            }
            SelfAuditEntry::Drawn { cases, .. } => {
                if s.drawn_on.is_some() {
                    return Err(Refusal::new("Urvalet är redan draget."));
                }
                if cases.is_empty() {
                    return Err(Refusal::new(
                        "Det finns inga akter att dra: enheten har inga ärenden som öppnades under perioden. Planera en ny egenkontroll med en annan period.",
                    ));
                }
                let mut sorted = cases.clone();
                sorted.sort();
                sorted.dedup();
                if sorted.len() != cases.len() || cases.len() > s.sample_size as usize {
                    return Err(Refusal::new("Urvalet stämmer inte med planen."));
                }
                Ok(())
            }
            SelfAuditEntry::Answered {
                case,
                answers,
                comment,
            } => {
                if s.drawn_on.is_none() {
                    return Err(Refusal::new("Dra urvalet innan akterna granskas."));
                }
                if !s.sample.contains(case) {
                    return Err(Refusal::new("Akten ingår inte i urvalet."));
                }
                if s.is_answered(*case) {
                    return Err(Refusal::new("Akten är redan granskad."));
                }
                let list = s.checklist.as_ref().map(|c| &c.items[..]).unwrap_or(&[]);
                let complete = answers.len() == list.len()
                    && list
                        .iter()
                        .all(|i| answers.iter().filter(|a| a.item == i.code).count() == 1);
                if !complete {
                    return Err(Refusal::new(
                        "Besvara varje fråga i checklistan en gång (ja, nej eller ej aktuellt).",
                    ));
                }
                if let Some(c) = comment {
                    super::text("kommentaren", c, TEXT_MAX)?;
                }
                Ok(())
            }
            SelfAuditEntry::Closed { conclusion } => {
                if s.drawn_on.is_none() || !s.unanswered().is_empty() {
                    return Err(Refusal::new(
                        "Granska alla akter i urvalet innan egenkontrollen avslutas.",
                    ));
                }
                super::text("slutsatsen", conclusion, TEXT_MAX).map(|_| ())
            }
        }
    }

    fn head(s: &SelfAudit) -> Option<Head> {
        let (opened_on, by) = s.planned?;
        Some(Head {
            unit: s.unit?,
            reported_by: Some(by),
            opened_on,
            closed_on: s.closed_on,
            status: s.status(),
            category: s.checklist.as_ref().map(Checklist::category),
            serious: s.has_shortcomings(),
            handler: s.drawn_by,
            reported_externally: false,
            measures: u32::try_from(s.sample.len()).unwrap_or(u32::MAX),
            measures_done: u32::try_from(s.answered.len()).unwrap_or(u32::MAX),
            gender: None,
            age_band: None,
        })
    }

    fn deadlines(s: &SelfAudit) -> Vec<RegisterDeadline> {
        let (Some((planned_on, _)), Some((_, period_to))) = (s.planned, s.period) else {
            return Vec::new();
        };
        if s.closed_on.is_some() {
            return Vec::new();
        }
        match s.drawn_on {
            None => vec![RegisterDeadline {
                what: "draw",
                label: "Dra urvalet",
                due: add_days(planned_on.max(period_to), DRAW_DAYS),
                citation: CITE_SELF_AUDIT,
            }],
            Some(drawn) if !s.unanswered().is_empty() => vec![RegisterDeadline {
                what: "answer",
                label: "Granska akterna i urvalet",
                due: add_days(drawn, ANSWER_DAYS),
                citation: CITE_SELF_AUDIT,
            }],
            Some(drawn) => vec![RegisterDeadline {
                what: "close",
                label: "Avsluta egenkontrollen",
                due: add_days(drawn, ANSWER_DAYS),
                citation: CITE_SELF_AUDIT,
            }],
        }
    }
}

/// A case file that may be drawn: its id and its stratum (the kind of
/// case: in Tillit the case's phase, e.g. `investigating`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub case: CaseId,
    pub stratum: String,
}

/// A uniform number in `0..n` (`n > 0`), without modulo bias.
fn below(rng: &mut ChaCha20Rng, n: usize) -> usize {
    let n = n as u64;
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let v = rng.next_u64();
        if v < zone {
            return (v % n) as usize;
        }
    }
}

/// Shuffle `v` in place (Fisher-Yates).
fn shuffle<T>(rng: &mut ChaCha20Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = below(rng, i + 1);
        v.swap(i, j);
    }
}

/// Draw a stratified random sample of `n` case files from `candidates`
/// with `seed`: `min(n, candidates)` distinct files, each stratum given a
/// share proportional to its size (largest remainders), and every stratum
/// at least one file while `n` allows (when `n` is smaller than the number
/// of strata, `n` strata chosen at random get one each). The same
/// candidates (in any order), `n` and seed always give the same sample.
pub fn draw_sample(candidates: &[Candidate], n: usize, seed: u64) -> Vec<CaseId> {
    let mut strata: BTreeMap<&str, Vec<CaseId>> = BTreeMap::new();
    for c in candidates {
        strata.entry(c.stratum.as_str()).or_default().push(c.case);
    }
    let mut strata: Vec<(&str, Vec<CaseId>)> = strata.into_iter().collect();
    for (_, cases) in &mut strata {
        cases.sort();
        cases.dedup();
    }
    let total: usize = strata.iter().map(|(_, c)| c.len()).sum();
    let n = n.min(total);
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let k = strata.len();
    let mut alloc = vec![0usize; k];
    if n < k {
        let mut order: Vec<usize> = (0..k).collect();
        shuffle(&mut rng, &mut order);
        for &i in order.iter().take(n) {
            alloc[i] = 1;
        }
    } else if n > 0 {
        // In proportion to the strata's sizes (largest remainders: a
        // quota never exceeds its stratum's size, and only a quota with a
        // remainder is rounded up), ...
        let mut remainders = Vec::with_capacity(k);
        for (i, (_, cases)) in strata.iter().enumerate() {
            let exact = n * cases.len();
            alloc[i] = exact / total;
            remainders.push((exact % total, i));
        }
        let given: usize = alloc.iter().sum();
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in remainders.iter().take(n - given) {
            alloc[i] += 1;
        }
        // ... then one for every stratum left out, taken from the largest
        // share (there is one of at least two while n >= k).
        while let Some(i) = alloc.iter().position(|&a| a == 0) {
            let from = (0..k)
                .max_by_key(|&j| (alloc[j], std::cmp::Reverse(j)))
                .unwrap_or(i);
            alloc[from] -= 1;
            alloc[i] = 1;
        }
    }
    let mut out = Vec::with_capacity(n);
    for ((_, cases), take) in strata.iter_mut().zip(alloc) {
        shuffle(&mut rng, cases);
        out.extend(cases.iter().take(take).copied());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::Timestamp;
    use jiff::civil::date;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn lead() -> Writer {
        Writer {
            user: UserId(5),
            handles: true,
        }
    }

    fn planned(n: u32) -> SelfAuditEntry {
        SelfAuditEntry::Planned {
            unit: UnitId(1),
            period_from: date(2026, 1, 1),
            period_to: date(2026, 3, 31),
            sample_size: n,
            seed: 42,
            checklist: Checklist::sosfs_2014_5(),
        }
    }

    fn all(answer: Answer) -> Vec<ItemAnswer> {
        Checklist::sosfs_2014_5()
            .items
            .into_iter()
            .map(|i| ItemAnswer {
                item: i.code,
                answer,
            })
            .collect()
    }

    fn candidates(sizes: &[usize]) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut id = 1u128;
        for (s, n) in sizes.iter().enumerate() {
            for _ in 0..*n {
                out.push(Candidate {
                    case: CaseId::from_u128(id),
                    stratum: format!("s{s}"),
                });
                id += 1;
            }
        }
        out
    }

    #[test]
    fn an_audit_is_planned_drawn_answered_and_closed() {
        let day = date(2026, 4, 7);
        let at = Timestamp::UNIX_EPOCH;
        let staff = Writer {
            user: UserId(9),
            handles: false,
        };
        assert!(SelfAudit::check(&SelfAudit::default(), &planned(2), staff, day).is_err());
        let (s, _) =
            decide::<SelfAudit>(&SelfAudit::default(), &planned(2), lead(), day, at).unwrap();
        assert_eq!(SelfAudit::deadlines(&s)[0].what, "draw");
        assert_eq!(SelfAudit::head(&s).unwrap().category.as_deref(), Some("v1"));
        let (a, b) = (CaseId::from_u128(1), CaseId::from_u128(2));
        let answer = |case, answer| SelfAuditEntry::Answered {
            case,
            answers: all(answer),
            comment: None,
        };
        // Nothing is answered before the draw.
        assert!(SelfAudit::check(&s, &answer(a, Answer::Yes), lead(), day).is_err());
        let drawn = SelfAuditEntry::Drawn {
            cases: vec![a, b],
            candidates: 5,
        };
        let (s, _) = decide::<SelfAudit>(&s, &drawn, lead(), day, at).unwrap();
        assert_eq!(SelfAudit::deadlines(&s)[0].due, add_days(day, ANSWER_DAYS));
        let close = SelfAuditEntry::Closed {
            conclusion: "Brister i kommuniceringen.".into(),
        };
        assert!(SelfAudit::check(&s, &close, lead(), day).is_err());
        let (s, _) = decide::<SelfAudit>(&s, &answer(a, Answer::Yes), lead(), day, at).unwrap();
        // Once per case file, and only files of the sample.
        assert!(SelfAudit::check(&s, &answer(a, Answer::No), lead(), day).is_err());
        assert!(
            SelfAudit::check(&s, &answer(CaseId::from_u128(3), Answer::No), lead(), day).is_err()
        );
        // Every item once.
        let mut short = all(Answer::Yes);
        short.pop();
        let partial = SelfAuditEntry::Answered {
            case: b,
            answers: short,
            comment: None,
        };
        assert!(SelfAudit::check(&s, &partial, lead(), day).is_err());
        let (s, _) = decide::<SelfAudit>(&s, &answer(b, Answer::No), lead(), day, at).unwrap();
        let head = SelfAudit::head(&s).unwrap();
        assert_eq!((head.status, head.serious), ("answered", true));
        assert_eq!((head.measures, head.measures_done), (2, 2));
        assert_eq!(s.results()[0].1, [1, 1, 0]);
        let (s, _) = decide::<SelfAudit>(&s, &close, lead(), day, at).unwrap();
        assert!(SelfAudit::deadlines(&s).is_empty());
        assert!(SelfAudit::check(&s, &answer(b, Answer::No), lead(), day).is_err());
    }

    #[test]
    fn a_plan_is_checked() {
        let day = date(2026, 4, 7);
        let empty = SelfAudit::default();
        assert!(SelfAudit::check(&empty, &planned(0), lead(), day).is_err());
        assert!(SelfAudit::check(&empty, &planned(SAMPLE_MAX + 1), lead(), day).is_err());
        let mut backwards = planned(5);
        if let SelfAuditEntry::Planned {
            period_from,
            period_to,
            ..
        } = &mut backwards
        {
            std::mem::swap(period_from, period_to);
        }
        assert!(SelfAudit::check(&empty, &backwards, lead(), day).is_err());
        let mut twice = planned(5);
        if let SelfAuditEntry::Planned { checklist, .. } = &mut twice {
            let first = checklist.items[0].clone();
            checklist.items.push(first);
        }
        assert!(SelfAudit::check(&empty, &twice, lead(), day).is_err());
    }

    #[test]
    fn the_sample_is_proportional_to_the_strata() {
        // 60, 30 and 10 files; 10 drawn: 6, 3 and 1.
        let c = candidates(&[60, 30, 10]);
        let sample = draw_sample(&c, 10, 7);
        let stratum = |id: &CaseId| c.iter().find(|x| x.case == *id).unwrap().stratum.clone();
        let count = |s: &str| sample.iter().filter(|id| stratum(id) == s).count();
        assert_eq!((count("s0"), count("s1"), count("s2")), (6, 3, 1));
        // The order of the candidates does not matter.
        let mut reversed = c.clone();
        reversed.reverse();
        assert_eq!(draw_sample(&reversed, 10, 7), sample);
        // Another seed, another sample.
        assert_ne!(draw_sample(&c, 10, 8), sample);
        // 97 and 3 files, 5 drawn: the small stratum still gets one.
        let c = candidates(&[97, 3]);
        let sample = draw_sample(&c, 5, 1);
        let small = sample
            .iter()
            .filter(|id| c.iter().any(|x| x.case == **id && x.stratum == "s1"))
            .count();
        assert_eq!(small, 1);
    }

    proptest! {
        #[test]
        fn a_sample_is_reproducible_complete_and_covers_the_strata(
            sizes in proptest::collection::vec(0usize..12, 1..6),
            n in 0usize..40,
            seed in any::<u64>(),
        ) {
            let c = candidates(&sizes);
            let sample = draw_sample(&c, n, seed);
            prop_assert_eq!(&draw_sample(&c, n, seed), &sample);
            prop_assert_eq!(sample.len(), n.min(c.len()));
            let distinct: HashSet<_> = sample.iter().collect();
            prop_assert_eq!(distinct.len(), sample.len());
            prop_assert!(sample.iter().all(|id| c.iter().any(|x| x.case == *id)));
            let strata: HashSet<&str> = c.iter().map(|x| x.stratum.as_str()).collect();
            let covered: HashSet<&str> = sample
                .iter()
                .map(|id| c.iter().find(|x| x.case == *id).unwrap().stratum.as_str())
                .collect();
            if n >= strata.len() {
                prop_assert_eq!(covered.len(), strata.len());
            } else {
                prop_assert_eq!(covered.len(), n);
            }
        }
    }
}

#[cfg(test)]
mod checklist_tests {
    use super::*;

    #[test]
    fn the_next_version_counts_up_and_is_checked() {
        let v1 = Checklist::sosfs_2014_5();
        let item = |c: &str, t: &str| (c.to_string(), t.to_string());
        let v2 = v1
            .next_version(&[item("basis", "Grund?"), item("safety_plan", "Plan?")])
            .unwrap();
        assert_eq!(v2.version, 2);
        assert_eq!(v2.items.len(), 2);
        assert!(v1.next_version(&[]).unwrap_err().0.contains("mellan 1 och"));
        assert!(
            v1.next_version(&[item("basis", "A"), item("basis", "B")])
                .unwrap_err()
                .0
                .contains("olika koder")
        );
        assert!(
            v1.next_version(&[item("Bas is", "A")])
                .unwrap_err()
                .0
                .contains("a–z")
        );
        assert!(
            v1.next_version(&[item("basis", " ")])
                .unwrap_err()
                .0
                .contains("frågan")
        );
    }
}
