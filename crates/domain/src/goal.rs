//! The follow-up's vocabulary: the words a goal, its indicators, targets and
//! assessments are made of, one type per concept and one text form (the
//! code) per value.
//!
//! Every crate that speaks of goals uses these types: the follow-up crate
//! (which adds the goal tree, validation and computation), the store (which
//! keeps them as their codes), the demo (whose goals are written in them),
//! the reports, the application layer and the web. Codes are what the
//! database holds, what forms post and what JSON carries; [`code`] and
//! `from_code` are the only way between a value and its text, and
//! `from_code` is total (any string: a value or `None`).
//!
//! [`code`]: GoalLevel::code

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A value with a stable text form: the code stored, posted and exported.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The stable code (storage, forms, URLs, exports, JSON).
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value of a code; `None` for any other string.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                Self::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        concat!("okänd kod för ", stringify!($name), ": \"{}\""),
                        code
                    ))
                })
            }
        }
    };
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    };
}

id_type!(
    /// A goal. Numeric, assigned by the store.
    GoalId
);
id_type!(
    /// An indicator attached to a goal (a goal indicator).
    GoalIndicatorId
);
id_type!(
    /// An activity under a goal.
    ActivityId
);

codes!(
    /// The level of a goal in the tree, from the council's direction down to
    /// the unit.
    GoalLevel {
        /// KF inriktningsmål: the council's direction for the whole municipality.
        KfInriktningsmal => "kf_inriktningsmal",
        /// KF-mål: the council's goal for the area.
        KfMal => "kf_mal",
        /// Nämndmål: the committee's goal.
        Namndmal => "namndmal",
        /// Enhetsmål: the unit's goal.
        Enhetsmal => "enhetsmal",
    }
);

impl GoalLevel {
    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::KfInriktningsmal => "KF inriktningsmål",
            Self::KfMal => "KF-mål",
            Self::Namndmal => "Nämndmål",
            Self::Enhetsmal => "Enhetsmål",
        }
    }

    /// Swedish label in running text, with the indefinite article ("ett
    /// nämndmål").
    pub fn label_with_article(self) -> &'static str {
        match self {
            Self::KfInriktningsmal => "ett KF inriktningsmål",
            Self::KfMal => "ett KF-mål",
            Self::Namndmal => "ett nämndmål",
            Self::Enhetsmal => "ett enhetsmål",
        }
    }

    /// 0 for KF inriktningsmål ... 3 for enhetsmål.
    pub fn depth(self) -> u8 {
        self as u8
    }

    /// The level a goal of this level hangs under; `None` for the root level.
    pub fn parent_level(self) -> Option<GoalLevel> {
        match self {
            Self::KfInriktningsmal => None,
            Self::KfMal => Some(Self::KfInriktningsmal),
            Self::Namndmal => Some(Self::KfMal),
            Self::Enhetsmal => Some(Self::Namndmal),
        }
    }

    /// The level of this level's children; `None` for enhetsmål.
    pub fn child_level(self) -> Option<GoalLevel> {
        match self {
            Self::KfInriktningsmal => Some(Self::KfMal),
            Self::KfMal => Some(Self::Namndmal),
            Self::Namndmal => Some(Self::Enhetsmal),
            Self::Enhetsmal => None,
        }
    }
}

impl fmt::Display for GoalLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

codes!(
    /// The status of a goal for a period, as judged by a person (the
    /// assessment's status). A judgement: the system shows the figures that
    /// support it and who set it.
    GoalStatus {
        /// Uppfyllt / uppfylls helt.
        Uppfyllt => "uppfyllt",
        /// Delvis uppfyllt / osäker.
        DelvisUppfyllt => "delvis_uppfyllt",
        /// Ej uppfyllt.
        EjUppfyllt => "ej_uppfyllt",
        /// Ingen bedömning (not assessed).
        IngenBedomning => "ingen_bedomning",
    }
);

impl GoalStatus {
    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Uppfyllt => "Uppfyllt",
            Self::DelvisUppfyllt => "Delvis uppfyllt",
            Self::EjUppfyllt => "Ej uppfyllt",
            Self::IngenBedomning => "Ingen bedömning",
        }
    }

    /// A text symbol that carries the status without colour (the seeds use
    /// green, yellow and red circles): `●` uppfyllt, `◐` delvis, `○` ej,
    /// `–` ingen bedömning.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Uppfyllt => "●",
            Self::DelvisUppfyllt => "◐",
            Self::EjUppfyllt => "○",
            Self::IngenBedomning => "–",
        }
    }

    /// The traffic-light colour name in Swedish (grön, gul, röd, grå).
    pub fn colour_name(self) -> &'static str {
        match self {
            Self::Uppfyllt => "grön",
            Self::DelvisUppfyllt => "gul",
            Self::EjUppfyllt => "röd",
            Self::IngenBedomning => "grå",
        }
    }

    /// The colour as a hex RGB (`#rrggbb`), chosen for contrast with white
    /// text or a dark symbol: green, amber, red, grey.
    pub fn colour_hex(self) -> &'static str {
        match self {
            Self::Uppfyllt => "#1a7f37",
            Self::DelvisUppfyllt => "#b58100",
            Self::EjUppfyllt => "#c62828",
            Self::IngenBedomning => "#6b6b6b",
        }
    }

    /// Whether an analysis text must be given with this status.
    pub fn requires_analysis(self) -> bool {
        self != Self::IngenBedomning
    }
}

impl fmt::Display for GoalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

codes!(
    /// The four perspectives of a kvalitetsberättelse: which question a goal
    /// answers.
    Perspective {
        /// Medborgare: what do the people who need our help think?
        Medborgare => "medborgare",
        /// Verksamhet: how do we make sure the work is of good quality?
        Verksamhet => "verksamhet",
        /// Arbetsgivare: how do we make a workplace that gives good quality?
        Arbetsgivare => "arbetsgivare",
        /// Ekonomi: how do we use our resources?
        Ekonomi => "ekonomi",
    }
);

impl Perspective {
    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Medborgare => "Medborgare",
            Self::Verksamhet => "Verksamhet",
            Self::Arbetsgivare => "Arbetsgivare",
            Self::Ekonomi => "Ekonomi",
        }
    }

    /// The perspective's question, as the kvalitetsberättelse states it.
    pub fn question(self) -> &'static str {
        match self {
            Self::Medborgare => "Vad tycker de medborgare som behöver vår hjälp?",
            Self::Verksamhet => "Hur säkerställer vi en god kvalitet i vårt utförande?",
            Self::Arbetsgivare => {
                "Hur skapar vi ett arbetsklimat som leder till god kvalitet i vårt utförande?"
            }
            Self::Ekonomi => "Hur hanterar vi våra resurser?",
        }
    }
}

codes!(
    /// Which way is better for an indicator's value.
    #[derive(Default)]
    Direction {
        /// A higher value is better (share within deadline); the target is a
        /// floor.
        #[default]
        HigherIsBetter => "higher",
        /// A lower value is better (delayed investigations, breakdowns); the
        /// target is a ceiling.
        LowerIsBetter => "lower",
    }
);

codes!(
    /// Where a goal indicator's figures come from: computed from the case
    /// records (a catalogue indicator) or entered by hand (a manual series).
    IndicatorSource {
        /// A computed value: an indicator of the catalogue.
        Computed => "computed",
        /// A manual value: a series entered by hand.
        Manual => "manual",
    }
);

codes!(
    /// Which of a goal indicator's two targets.
    TargetKind {
        /// Årsmål: the target for the year.
        Annual => "annual",
        /// KF:s mål: the council's target, often for the end of the plan
        /// period.
        Council => "council",
    }
);

/// A target: a number in the indicator's unit, or a text when no number is
/// set ("tas fram av nämnd", "öka").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Number(f64),
    Text(String),
}

impl Target {
    pub fn number(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Text(_) => None,
        }
    }
}

/// A plan period that is not one: the text typed, for the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "Ange planperioden som ett år eller ett årsintervall, t.ex. 2025 eller 2025-2026 (fick \"{0}\")."
)]
pub struct PlanPeriodError(pub String);

/// A plan period: one year or a range of whole years, e.g. `2025-2026`.
/// Can only hold `first <= last`, both in 1000-9998.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanPeriod {
    first: i16,
    last: i16,
}

impl PlanPeriod {
    pub fn new(first: i16, last: i16) -> Result<Self, PlanPeriodError> {
        if !(1000..=9998).contains(&first) || !(1000..=9998).contains(&last) || last < first {
            return Err(PlanPeriodError(format!("{first}-{last}")));
        }
        Ok(Self { first, last })
    }

    /// A plan period of one year.
    pub fn year(year: i16) -> Result<Self, PlanPeriodError> {
        Self::new(year, year)
    }

    pub fn first_year(&self) -> i16 {
        self.first
    }

    pub fn last_year(&self) -> i16 {
        self.last
    }

    pub fn contains_year(&self, year: i16) -> bool {
        (self.first..=self.last).contains(&year)
    }

    pub fn overlaps(&self, other: &PlanPeriod) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// `2025` or `2025-2026`; the form [`std::str::FromStr`] parses.
    pub fn code(&self) -> String {
        if self.first == self.last {
            format!("{}", self.first)
        } else {
            format!("{}-{}", self.first, self.last)
        }
    }

    /// Swedish label: `2025` or `2025–2026`.
    pub fn label(&self) -> String {
        if self.first == self.last {
            format!("{}", self.first)
        } else {
            format!("{}–{}", self.first, self.last)
        }
    }
}

impl fmt::Display for PlanPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl std::str::FromStr for PlanPeriod {
    type Err = PlanPeriodError;

    /// `2025`, `2025-2026`, `2025–2026` (en dash) or `2025/2026`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || PlanPeriodError(t.to_string());
        let year = |y: &str| -> Result<i16, PlanPeriodError> {
            let y = y.trim();
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        match t.split_once(['-', '–', '/']) {
            None => Self::year(year(t)?).map_err(|_| bad()),
            Some((a, b)) => Self::new(year(a)?, year(b)?).map_err(|_| bad()),
        }
    }
}

impl Serialize for PlanPeriod {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for PlanPeriod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One text form per value: the code, in the database, in forms and in
    /// JSON alike; codes are unique within their type.
    #[test]
    fn codes_are_the_one_text_form() {
        fn check<T>(all: &[T], code: fn(&T) -> &'static str, parse: fn(&str) -> Option<T>)
        where
            T: Copy + PartialEq + std::fmt::Debug + Serialize + for<'de> Deserialize<'de>,
        {
            let mut seen = std::collections::HashSet::new();
            for v in all {
                let c = code(v);
                assert!(seen.insert(c), "code {c} twice");
                assert_eq!(parse(c), Some(*v));
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(json, format!("\"{c}\""));
                assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
            }
        }
        check(&GoalLevel::ALL, |v| v.code(), GoalLevel::from_code);
        check(&GoalStatus::ALL, |v| v.code(), GoalStatus::from_code);
        check(&Perspective::ALL, |v| v.code(), Perspective::from_code);
        check(&Direction::ALL, |v| v.code(), Direction::from_code);
        check(
            &IndicatorSource::ALL,
            |v| v.code(),
            IndicatorSource::from_code,
        );
        check(&TargetKind::ALL, |v| v.code(), TargetKind::from_code);
        // The codes the database has always held.
        assert_eq!(Direction::LowerIsBetter.code(), "lower");
        assert_eq!(IndicatorSource::Computed.code(), "computed");
        assert_eq!(TargetKind::Council.code(), "council");
        assert_eq!(GoalStatus::DelvisUppfyllt.code(), "delvis_uppfyllt");
        assert!(serde_json::from_str::<GoalLevel>("\"kf-mal\"").is_err());
    }

    /// (Moved here from `followup::goals` with the type.)
    #[test]
    fn plan_periods_parse() {
        let pp = |s: &str| s.parse::<PlanPeriod>().unwrap();
        assert_eq!(pp("2025-2026").code(), "2025-2026");
        assert_eq!(pp("2025–2026").label(), "2025–2026");
        assert_eq!(pp(" 2025 ").code(), "2025");
        assert!("2026-2025".parse::<PlanPeriod>().is_err());
        assert!("25-26".parse::<PlanPeriod>().is_err());
        assert!("".parse::<PlanPeriod>().is_err());
        let json = serde_json::to_string(&pp("2025-2026")).unwrap();
        assert_eq!(json, "\"2025-2026\"");
    }
}
