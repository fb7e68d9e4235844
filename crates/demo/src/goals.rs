//! The demo municipality's goals and figures entered by hand.
//!
//! A goal tree shaped like the verksamhetsberättelse of seed 004: council
//! direction goals (KF inriktningsmål) -> council goals for the area (KF-mål)
//! -> committee goals (nämndmål) -> each unit's goals (enhetsmål), with
//! indicators and their targets (a target may be text, "tas fram av
//! nämnd"), activities with dates, deviations and analyses, and the unit
//! managers' assessments of last year and of its second tertial. Beside
//! them, figures the case records cannot know, entered by hand: the user
//! survey's share satisfied, sick leave, summer jobs and SIP meetings, per
//! year and gender, one of them an estimate and one missing.
//!
//! Plain data in the domain's follow-up vocabulary ([`tillit_domain::goal`]),
//! so the demo crate needs neither the follow-up crate nor the store: the
//! application layer loads it through the store (`tillit demo`). Same end
//! date, same data: nothing here is random.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use tillit_domain::UnitId;
use tillit_domain::catalog::Gender;
use tillit_domain::goal::{Direction, GoalLevel, GoalStatus, IndicatorSource, Perspective, Target};

/// An indicator that follows a goal.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoGoalIndicator {
    pub source: IndicatorSource,
    /// The catalogue indicator's or the manual series' code.
    pub code: &'static str,
    pub direction: Direction,
    pub annual: Option<Target>,
    pub council: Option<Target>,
}

/// An activity under a goal, with its follow-up.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoActivity {
    pub title: &'static str,
    pub start: Date,
    pub end: Date,
    /// Empty when the activity went as planned.
    pub deviation: &'static str,
    pub analysis: &'static str,
}

/// A judgement of a goal for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoAssessment {
    /// A period code (`2025`, `2025-T2`).
    pub period: String,
    pub status: GoalStatus,
    pub analysis: &'static str,
    /// The username of who judged it.
    pub by: &'static str,
    pub at: Timestamp,
}

/// A goal. `key` names it for its children (`parent`).
#[derive(Clone, Debug, PartialEq)]
pub struct DemoGoal {
    pub key: String,
    pub parent: Option<String>,
    pub level: GoalLevel,
    /// The unit of an enhetsmål.
    pub unit: Option<UnitId>,
    /// A kvalitetsberättelse perspective, if any.
    pub perspective: Option<Perspective>,
    pub title: &'static str,
    pub description: &'static str,
    pub expected_result: &'static str,
    pub indicators: Vec<DemoGoalIndicator>,
    pub activities: Vec<DemoActivity>,
    pub assessments: Vec<DemoAssessment>,
}

/// A figure entered by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoManualValue {
    pub series: &'static str,
    /// `None`: the whole area.
    pub unit: Option<UnitId>,
    pub period: String,
    /// `None`: the total.
    pub gender: Option<Gender>,
    /// `None`: uppgift saknas.
    pub value: Option<f64>,
    pub estimate: bool,
    /// Respondents, for survey results.
    pub base: Option<u32>,
    pub note: &'static str,
    /// The username of who entered it.
    pub by: &'static str,
    pub at: Timestamp,
}

/// The goals of one plan period and the figures entered by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoGoals {
    pub plan_first_year: i16,
    pub plan_last_year: i16,
    /// Parents before children.
    pub goals: Vec<DemoGoal>,
    pub values: Vec<DemoManualValue>,
}

/// The demo municipality's name on the reports' title pages (as
/// [`crate::DemoData::municipality`]).
pub const MUNICIPALITY: &str = "Tillköpings kommun";

const INTAKE: UnitId = UnitId(1);
const CHILDREN: UnitId = UnitId(2);
const YOUTH: UnitId = UnitId(3);
const FOSTER: UnitId = UnitId(4);

/// The unit manager of each demo unit (see the staff list in `sim.rs`).
fn manager(unit: UnitId) -> &'static str {
    match unit.0 {
        1 => "maria",
        2 => "peter",
        3 => "eva",
        _ => "ulrika",
    }
}

/// Noon UTC on `day`, but never after the end of the history.
fn stamp(day: Date, end: Date) -> Timestamp {
    let d = day.min(end);
    d.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn computed(
    code: &'static str,
    annual: Option<Target>,
    council: Option<Target>,
) -> DemoGoalIndicator {
    DemoGoalIndicator {
        source: IndicatorSource::Computed,
        code,
        direction: Direction::HigherIsBetter,
        annual,
        council,
    }
}

fn manual(
    code: &'static str,
    direction: Direction,
    annual: Option<Target>,
    council: Option<Target>,
) -> DemoGoalIndicator {
    DemoGoalIndicator {
        source: IndicatorSource::Manual,
        code,
        direction,
        annual,
        council,
    }
}

use Target::{Number, Text};

/// The demo's goals for the plan period of last year and this year (the
/// history ends on `end`), with last year's assessments.
pub fn generate(end: Date) -> DemoGoals {
    let year = end.year();
    let last = year - 1;
    let start = date(last, 1, 1);
    let stop = date(last, 12, 31);
    // Assessed in the January after the year, the T2 follow-up in September.
    let assessed = stamp(date(year, 1, 20), end);
    let t2 = stamp(date(last, 9, 15), end);
    let assess = |status: GoalStatus, analysis: &'static str, by: &'static str| {
        vec![
            DemoAssessment {
                period: format!("{last}-T2"),
                status: GoalStatus::DelvisUppfyllt,
                analysis: "Följs upp i verksamhetsberättelsen. Utfallet efter andra tertialet ligger nära målen men inflödet har ökat.",
                by,
                at: t2,
            },
            DemoAssessment {
                period: last.to_string(),
                status,
                analysis,
                by,
                at: assessed,
            },
        ]
    };

    let mut goals = vec![
        DemoGoal {
            key: "kf1".into(),
            parent: None,
            level: GoalLevel::KfInriktningsmal,
            unit: None,
            perspective: None,
            title: "En kommun med möjligheter och valfrihet för alla",
            description: "",
            expected_result: "",
            indicators: vec![],
            activities: vec![],
            assessments: vec![],
        },
        DemoGoal {
            key: "kf1.1".into(),
            parent: Some("kf1".into()),
            level: GoalLevel::KfMal,
            unit: None,
            perspective: Some(Perspective::Medborgare),
            title: "I Tillköping är människor självförsörjande och vägen till arbete är kort",
            description: "",
            expected_result: "",
            indicators: vec![manual(
                "sommarjobb",
                Direction::HigherIsBetter,
                Some(Number(360.0)),
                Some(Number(400.0)),
            )],
            activities: vec![],
            assessments: vec![],
        },
        DemoGoal {
            key: "nm1.1".into(),
            parent: Some("kf1.1".into()),
            level: GoalLevel::Namndmal,
            unit: None,
            perspective: Some(Perspective::Medborgare),
            title: "Invånarna i kommunen är självförsörjande",
            description: "Feriearbeten för unga och arbetslivsinriktade insatser i samverkan med arbetsmarknadsenheten.",
            expected_result: "Fler unga har ett feriearbete och vägen till egen försörjning är kort.",
            indicators: vec![],
            activities: vec![],
            assessments: vec![],
        },
        DemoGoal {
            key: "kf1.4".into(),
            parent: Some("kf1".into()),
            level: GoalLevel::KfMal,
            unit: None,
            perspective: Some(Perspective::Verksamhet),
            title: "I Tillköping får människor i behov av stöd insatser i tid präglade av hög kvalitet, evidens och rättssäkerhet",
            description: "",
            expected_result: "",
            indicators: vec![
                computed(
                    "trygga_placeringar",
                    Some(Number(100.0)),
                    Some(Number(100.0)),
                ),
                computed(
                    "ej_ateraktualiserade_12_man",
                    Some(Number(84.0)),
                    Some(Number(84.0)),
                ),
            ],
            activities: vec![],
            assessments: vec![],
        },
        DemoGoal {
            key: "nm1.4".into(),
            parent: Some("kf1.4".into()),
            level: GoalLevel::Namndmal,
            unit: None,
            perspective: Some(Perspective::Verksamhet),
            title: "Invånarna lever ett självständigt liv utifrån sina förutsättningar",
            description: "Arbetssätt som ska leda till att målet uppnås inom individ- och familjeomsorgen:\n- Likställighet och rättssäkerhet\n- Förebyggande och tidiga insatser\n- Evidensbaserade metoder\n- Barnrättsperspektivet\n- Allvarssamtal inom 48 timmar med förstagångsförbrytare under 18 år\n- Samverkan med skola, förskola, polis och hälso- och sjukvård",
            expected_result: "Alla barn i kommunen har goda uppväxtvillkor och inget barn behöver uppleva våld eller förtryck. Barn och unga som riskerar att utvecklas ogynnsamt får det skydd och stöd som de behöver, i ett tidigt skede.",
            indicators: vec![manual(
                "allvarssamtal_inom_48_timmar",
                Direction::HigherIsBetter,
                Some(Number(90.0)),
                Some(Text("tas fram av nämnd".into())),
            )],
            activities: vec![
                DemoActivity {
                    title: "Utveckla arbetssätt för att allvarssamtal med ungdomar, föräldrar och polis hålls inom 48 timmar efter att socialtjänsten fått kännedom om ett första brott.",
                    start,
                    end: stop,
                    deviation: "",
                    analysis: "En rutin för allvarssamtal inom 48 timmar togs fram under första halvåret och har följts sedan juni. Utmaningen är att prioritera samtalen när inflödet av anmälningar om våld är stort.",
                },
                DemoActivity {
                    title: "Stärka samverkan mellan skola, förskola, socialtjänst och polis så att resurser riktas dit behoven finns.",
                    start,
                    end: stop,
                    deviation: "Avvikelse",
                    analysis: "Samverkansforumen har haft brister i samordning och gemensamma mål. Arbetet fortsätter nästa år med tydligare mandat.",
                },
            ],
            assessments: vec![],
        },
        DemoGoal {
            key: "kf3".into(),
            parent: None,
            level: GoalLevel::KfInriktningsmal,
            unit: None,
            perspective: None,
            title: "En ekonomiskt hållbar kommun för framtiden",
            description: "",
            expected_result: "",
            indicators: vec![],
            activities: vec![],
            assessments: vec![],
        },
        DemoGoal {
            key: "kf3.2".into(),
            parent: Some("kf3".into()),
            level: GoalLevel::KfMal,
            unit: None,
            perspective: Some(Perspective::Arbetsgivare),
            title: "Tillköping använder skattemedlen effektivt till största nytta för invånarna",
            description: "",
            expected_result: "",
            indicators: vec![
                manual(
                    "sjukfranvaro",
                    Direction::LowerIsBetter,
                    Some(Number(5.7)),
                    Some(Text("tas fram av nämnd".into())),
                ),
                manual(
                    "korttidssjukfranvaro",
                    Direction::LowerIsBetter,
                    Some(Number(1.37)),
                    Some(Text("tas fram av nämnd/styrelse".into())),
                ),
            ],
            activities: vec![],
            assessments: vec![],
        },
        DemoGoal {
            key: "nm3.2".into(),
            parent: Some("kf3.2".into()),
            level: GoalLevel::Namndmal,
            unit: None,
            perspective: Some(Perspective::Arbetsgivare),
            title: "Nämndens medarbetare är professionella, engagerade och har en hälsosam arbetsmiljö",
            description: "Arbetsmiljö- och rehabiliteringsarbetet sker i samverkan med de fackliga organisationerna och företagshälsovården.",
            expected_result: "Sjukfrånvaron sjunker och medarbetarna trivs.",
            indicators: vec![],
            activities: vec![],
            assessments: vec![],
        },
    ];

    // Each unit's enhetsmål under the committee's goal of support in time.
    for unit in [INTAKE, CHILDREN, YOUTH, FOSTER] {
        let by = manager(unit);
        let (indicators, status, analysis) = match unit.0 {
            1 => (
                vec![
                    computed(
                        "forhandsbedomning_inom_14_dagar",
                        Some(Number(95.0)),
                        Some(Text("tas fram av nämnd".into())),
                    ),
                    computed("andel_till_utredning", None, None),
                    manual(
                        "brukarundersokning_andel_nojda",
                        Direction::HigherIsBetter,
                        Some(Number(80.0)),
                        None,
                    ),
                ],
                GoalStatus::DelvisUppfyllt,
                "Handläggningen är rättssäker med vissa undantag. Ett ökat inflöde av anmälningar under början och slutet av året, tillsammans med vakanser, gjorde att enheten inte fullt ut nådde målet om förhandsbedömningar inom lagstadgad tid.",
            ),
            2 => (
                vec![
                    computed(
                        "utredningar_inom_4_man",
                        Some(Number(90.0)),
                        Some(Number(100.0)),
                    ),
                    computed("utredningstid_median", None, None),
                    manual(
                        "brukarundersokning_andel_nojda",
                        Direction::HigherIsBetter,
                        Some(Number(80.0)),
                        None,
                    ),
                ],
                GoalStatus::DelvisUppfyllt,
                "Utredningstiderna har varierat under året. Vissa månader har resultaten varit goda, andra sämre; arbetsbelastningen i kombination med korta vakanser bedöms vara orsaken till längre handläggningstider i slutet av året.",
            ),
            3 => (
                vec![
                    computed(
                        "utredningar_inom_4_man",
                        Some(Number(90.0)),
                        Some(Number(100.0)),
                    ),
                    manual(
                        "allvarssamtal_inom_48_timmar",
                        Direction::HigherIsBetter,
                        Some(Number(90.0)),
                        None,
                    ),
                ],
                GoalStatus::Uppfyllt,
                "Rutinen för allvarssamtal har införts och följs. Strukturerade riskbedömningar görs för de ungdomar som placeras.",
            ),
            _ => (
                vec![
                    computed(
                        "trygga_placeringar",
                        Some(Number(100.0)),
                        Some(Number(100.0)),
                    ),
                    computed("overvaganden_i_tid", Some(Number(100.0)), None),
                    computed("sammanbrott", None, None),
                ],
                GoalStatus::EjUppfyllt,
                "Några placeringar har brutits eller gjorts om, främst i jourhem där vårdformen inte räckte för de ungas behov. Familjehemsvården behöver fler resursstarka familjehem.",
            ),
        };
        let mut g = DemoGoal {
            key: format!("em{}", unit.0),
            parent: Some("nm1.4".into()),
            level: GoalLevel::Enhetsmal,
            unit: Some(unit),
            perspective: Some(Perspective::Verksamhet),
            title: match unit.0 {
                1 => {
                    "Barn, unga och deras familjer som kommer i kontakt med enheten får en rättssäker handläggning där barnets rättigheter särskilt beaktas"
                }
                2 => "Barn och unga utreds i tid och får komma till tals i utredningen",
                3 => "Unga som begår brott för första gången möts snabbt av socialtjänsten",
                _ => "Placerade barn och unga bor tryggt och stabilt",
            },
            description: "",
            expected_result: "Barn och unga får information om sina rättigheter och möjlighet att komma till tals utifrån ålder och mognad. Handläggningen sker inom lagstadgad tid. Barn med behov av insatser från flera huvudmän erbjuds SIP.",
            indicators,
            activities: vec![],
            assessments: assess(status, analysis, by),
        };
        if unit == CHILDREN {
            g.activities.push(DemoActivity {
                title: "Införa systematisk uppföljning av insatserna i egen öppenvård (ORS/SRS).",
                start: date(last, 3, 1),
                end: date(last, 12, 31),
                deviation: "",
                analysis: "Arbetssättet har införts i alla grupper i öppenvården och fortsätter nästa år.",
            });
        }
        goals.push(g);
    }

    DemoGoals {
        plan_first_year: last,
        plan_last_year: year,
        goals,
        values: values(end),
    }
}

/// A small deterministic variation, so units and years differ.
fn wiggle(a: i64, b: i64) -> f64 {
    let h = (a * 7919 + b * 104_729).rem_euclid(97);
    (h as f64 - 48.0) / 20.0
}

fn values(end: Date) -> Vec<DemoManualValue> {
    let year = end.year();
    let mut out = Vec::new();
    for y in [year - 2, year - 1] {
        let at = stamp(date(y + 1, 1, 15), end);
        let value = |series, unit: Option<UnitId>, gender, v: Option<f64>, base: Option<u32>| {
            DemoManualValue {
                series,
                unit,
                period: y.to_string(),
                gender,
                value: v.map(|v| (v * 100.0).round() / 100.0),
                estimate: false,
                base,
                note: "",
                by: unit.map_or("sofia", manager),
                at,
            }
        };
        for unit in [INTAKE, CHILDREN, YOUTH, FOSTER] {
            let w = wiggle(unit.0, i64::from(y));
            // The user survey: share satisfied by gender, with respondents.
            let boys = 78.0 + w;
            let girls = 82.0 - w / 2.0;
            let (nb, ng) = (30 + (unit.0 as u32) * 3, 34 + (unit.0 as u32) * 2);
            out.push(value(
                "brukarundersokning_andel_nojda",
                Some(unit),
                Some(Gender::Male),
                Some(boys),
                Some(nb),
            ));
            out.push(value(
                "brukarundersokning_andel_nojda",
                Some(unit),
                Some(Gender::Female),
                Some(girls),
                Some(ng),
            ));
            // Sick leave, total for the unit.
            out.push(value(
                "sjukfranvaro",
                Some(unit),
                None,
                Some(5.4 + w / 4.0),
                None,
            ));
            out.push(value(
                "korttidssjukfranvaro",
                Some(unit),
                None,
                Some(1.3 + w / 20.0),
                None,
            ));
            if unit == YOUTH {
                out.push(value(
                    "allvarssamtal_inom_48_timmar",
                    Some(unit),
                    None,
                    Some(86.0 + w),
                    None,
                ));
            }
        }
        // The whole area's survey result and talks within 48 hours.
        let w = wiggle(0, i64::from(y));
        out.push(value(
            "brukarundersokning_andel_nojda",
            None,
            None,
            Some(80.0 + w / 2.0),
            Some(260),
        ));
        out.push(value(
            "allvarssamtal_inom_48_timmar",
            None,
            None,
            Some(85.0 + w),
            None,
        ));
        // Summer jobs for the whole area, by gender.
        out.push(value(
            "sommarjobb",
            None,
            Some(Gender::Male),
            Some(170.0 + (wiggle(9, i64::from(y)) * 4.0).round()),
            None,
        ));
        out.push(value(
            "sommarjobb",
            None,
            Some(Gender::Female),
            Some(190.0 + (wiggle(8, i64::from(y)) * 4.0).round()),
            None,
        ));
        // SIP meetings for the area: the total only.
        out.push(value(
            "sip_moten",
            None,
            None,
            Some(60.0 + wiggle(5, i64::from(y)) * 5.0),
            None,
        ));
    }
    // Last year's SIP figure was first an estimate, then corrected; the
    // intake's sick leave for the year before is missing (never 0).
    let last = year - 1;
    if let Some(v) = out
        .iter_mut()
        .find(|v| v.series == "sip_moten" && v.period == last.to_string())
    {
        let mut estimate = v.clone();
        estimate.value = Some(55.0);
        estimate.estimate = true;
        estimate.note = "Uppskattat i väntan på SIP-statistiken.";
        estimate.at = stamp(date(last, 12, 20), end);
        v.note = "Enligt SIP-statistiken.";
        let corrected = v.clone();
        *v = estimate;
        out.push(corrected);
    }
    if let Some(v) = out.iter_mut().find(|v| {
        v.series == "sjukfranvaro" && v.unit == Some(INTAKE) && v.period == (year - 2).to_string()
    }) {
        v.value = None;
        v.note = "Uppgiften kom inte från lönesystemet.";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_every_unit_has_a_goal() {
        let g = generate(date(2026, 3, 10));
        assert_eq!((g.plan_first_year, g.plan_last_year), (2025, 2026));
        for (i, goal) in g.goals.iter().enumerate() {
            if let Some(p) = &goal.parent {
                assert!(g.goals[..i].iter().any(|x| &x.key == p), "{}", goal.key);
            }
            assert_eq!(goal.unit.is_some(), goal.level == GoalLevel::Enhetsmal);
        }
        for unit in 1..=4 {
            assert!(g.goals.iter().any(|x| x.unit == Some(UnitId(unit))));
        }
        assert_eq!(g, generate(date(2026, 3, 10)), "deterministic");
    }

    #[test]
    fn values_include_an_estimate_and_a_missing_figure() {
        let g = generate(date(2026, 3, 10));
        assert!(g.values.iter().any(|v| v.estimate));
        assert!(g.values.iter().any(|v| v.value.is_none()));
        assert!(
            g.values
                .iter()
                .all(|v| v.at <= stamp(date(2026, 3, 10), date(2026, 3, 10)))
        );
        // The corrected figure comes after the estimate it supersedes.
        let sip: Vec<_> = g
            .values
            .iter()
            .filter(|v| v.series == "sip_moten" && v.period == "2025")
            .collect();
        assert_eq!(sip.len(), 2);
        assert!(sip[0].estimate && !sip[1].estimate);
    }
}
