//! The category lists that every follow-up uses. Each list is data: a code, a
//! Swedish label, and the dates the category is valid for, so a category can be
//! retired without rewriting history.

use jiff::civil::{Date, date};

/// One entry of a category list.
#[derive(Clone, Copy, Debug)]
pub struct CatalogEntry<T: 'static> {
    pub value: T,
    /// Stable code used in storage, URLs and exports.
    pub code: &'static str,
    /// Swedish label shown to users and in reports.
    pub label: &'static str,
    pub valid_from: Date,
    /// Last day the category may be used for new records; `None` = still valid.
    pub valid_to: Option<Date>,
}

impl<T> CatalogEntry<T> {
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|end| day <= end)
    }
}

/// The first day every built-in category is valid from.
pub(crate) const EPOCH: Date = date(1980, 1, 1);

/// A list of codes as an enum: the variants, each with its stable code and
/// Swedish label, in display order. Used for the catalogues here and for the
/// case's choice lists (`case::event`), so that every code table of the
/// domain has one form and one text per value.
macro_rules! catalog {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// The whole list, in display order.
            pub const ENTRIES: &'static [$crate::catalog::CatalogEntry<$name>] = &[
                $($crate::catalog::CatalogEntry { value: $name::$variant, code: $code, label: $label, valid_from: $crate::catalog::EPOCH, valid_to: None }),+
            ];
            /// Every value, in display order.
            pub fn all() -> impl Iterator<Item = $name> {
                Self::ENTRIES.iter().map(|e| e.value)
            }
            /// Stable code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// Swedish label.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// Parse a stable code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use catalog;

catalog!(
    /// Who made a report (anmälare), as in national follow-up.
    ReporterCategory {
        Police => ("polis", "Polis"),
        School => ("skola", "Skola"),
        Preschool => ("forskola", "Förskola"),
        HealthCare => ("halso_sjukvard", "Hälso- och sjukvård"),
        SocialServices => ("socialtjansten", "Socialtjänsten"),
        Relative => ("anhorig", "Anhörig/närstående"),
        SelfOrGuardian => ("sjalv_vardnadshavare", "Den enskilde själv/vårdnadshavare"),
        Anonymous => ("anonym", "Anonym"),
        EnforcementAuthority => ("kronofogden", "Kronofogden"),
        Other => ("ovriga", "Övriga"),
    }
);

impl ReporterCategory {
    /// Professionals with a duty to report (19 kap. 1 § SoL) may never be anonymous.
    pub fn is_mandatory_reporter(self) -> bool {
        matches!(
            self,
            Self::Police
                | Self::School
                | Self::Preschool
                | Self::HealthCare
                | Self::SocialServices
                | Self::EnforcementAuthority
        )
    }
    /// Only private persons may report anonymously.
    pub fn may_be_anonymous(self) -> bool {
        matches!(self, Self::Relative | Self::Anonymous | Self::Other)
    }
}

catalog!(
    /// What the report is about (orsak). A report may have several.
    ConcernCategory {
        DomesticViolence => ("vald_nara_relation", "Våld i nära relation"),
        ChildAbuse => ("barnmisshandel", "Barnmisshandel"),
        WitnessedViolence => ("bevittnat_vald", "Bevittnat våld"),
        SexualAbuse => ("sexuella_overgrepp", "Sexuella övergrepp"),
        HonourViolence => ("hedersrelaterat", "Hedersrelaterat våld och förtryck"),
        Fgm => ("konsstympning", "Könsstympning"),
        ParentalSubstanceAbuse => ("missbruk_foralder", "Missbruk hos förälder"),
        OwnSubstanceAbuse => ("eget_missbruk", "Eget missbruk/riskbruk"),
        Crime => ("brott", "Brott/kriminalitet"),
        MentalHealth => ("psykisk_ohalsa", "Psykisk ohälsa"),
        SchoolAbsence => ("skolfranvaro", "Skolfrånvaro"),
        BehaviourProblems => ("beteendeproblem", "Beteendeproblem"),
        Homelessness => ("hemloshet", "Hemlöshet/vräkning"),
        NeglectOfCare => ("bristande_omsorg", "Bristande omsorg"),
        ViolentExtremism => ("extremism", "Våldsbejakande extremism"),
        Other => ("ovrigt", "Övrigt"),
    }
);

impl ConcernCategory {
    /// Suspected violence against the child: an investigation must be opened without delay.
    pub fn is_violence_against_child(self) -> bool {
        matches!(
            self,
            Self::ChildAbuse | Self::SexualAbuse | Self::HonourViolence | Self::Fgm
        )
    }
}

catalog!(
    /// How the matter reached the committee (aktualisering).
    ReportKind {
        Report => ("anmalan", "Anmälan"),
        Application => ("ansokan", "Ansökan"),
        OtherInformation => ("ovrigt", "Övrigt"),
    }
);

catalog!(
    /// Intervention types (insatser) for children and young people.
    InterventionKind {
        CommunityCare => ("oppenvard", "Öppenvård"),
        ContactPerson => ("kontaktperson", "Kontaktperson/kontaktfamilj"),
        QualifiedContactPerson => ("sarskilt_kvalificerad_kontaktperson", "Särskilt kvalificerad kontaktperson"),
        FosterHome => ("familjehem", "Familjehem"),
        NetworkHome => ("natverkshem", "Nätverkshem"),
        EmergencyFosterHome => ("jourhem", "Jourhem"),
        Hvb => ("hvb", "HVB"),
        SupportedHousing => ("stodboende", "Stödboende"),
        SecureUnit => ("sis", "SiS (särskilt ungdomshem)"),
    }
);

impl InterventionKind {
    /// Out-of-home care (placement): care days, reviews and placement counts apply.
    pub fn is_placement(self) -> bool {
        matches!(
            self,
            Self::FosterHome
                | Self::NetworkHome
                | Self::EmergencyFosterHome
                | Self::Hvb
                | Self::SupportedHousing
                | Self::SecureUnit
        )
    }
    /// A family placement (familjehem or nätverkshem): custody transfer must be considered after 2 years.
    pub fn is_family_home(self) -> bool {
        matches!(self, Self::FosterHome | Self::NetworkHome)
    }
}

catalog!(
    /// Who provides an intervention.
    ProviderKind {
        Own => ("egen_regi", "Egen regi"),
        Bought => ("kopt", "Köpt"),
    }
);

catalog!(
    /// Why an intervention ended.
    InterventionEndReason {
        GoalsMet => ("mal_uppnatt", "Målen uppnådda"),
        Breakdown => ("sammanbrott", "Sammanbrott"),
        MovedToOtherCare => ("annan_insats", "Övergång till annan insats"),
        ClientDeclined => ("avbojt", "Den enskilde/vårdnadshavare avböjde"),
        AgeLimit => ("aldersgrans", "Åldersgräns"),
        Moved => ("flyttat", "Flyttat från kommunen"),
        CareNoLongerNeeded => ("vard_upphor", "Vården upphör (behov finns inte längre)"),
        Other => ("annat", "Annat"),
    }
);

catalog!(
    /// Why a case was closed (avslut).
    ClosureReason {
        NoInvestigation => ("ej_inledd_utredning", "Utredning inleds inte"),
        InvestigationWithoutMeasure => ("utredning_utan_insats", "Utredning avslutad utan insats"),
        InterventionsCompleted => ("insatser_avslutade", "Insatser avslutade"),
        Moved => ("flyttat", "Flyttat från kommunen"),
        AgeLimit => ("aldersgrans", "Åldersgräns"),
        Other => ("annat", "Annat"),
    }
);

catalog!(
    /// Gender as every person-based figure splits it.
    Gender {
        Male => ("pojke", "Pojke/man"),
        Female => ("flicka", "Flicka/kvinna"),
        Unknown => ("okant", "Okänt/ej registrerat"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in ConcernCategory::all() {
            assert_eq!(ConcernCategory::from_code(c.code()), Some(c));
            assert!(seen.insert(c.code()), "duplicate code {}", c.code());
        }
        assert_eq!(ConcernCategory::all().count(), 16);
        assert_eq!(ReporterCategory::all().count(), 10);
    }

    #[test]
    fn mandatory_reporters_may_not_be_anonymous() {
        for r in ReporterCategory::all() {
            if r.is_mandatory_reporter() {
                assert!(!r.may_be_anonymous(), "{r} must not be anonymous");
            }
        }
        assert!(ReporterCategory::Relative.may_be_anonymous());
    }

    #[test]
    fn validity_dates() {
        let e = ReporterCategory::ENTRIES[0];
        assert!(e.is_valid_on(date(2026, 1, 1)));
        assert!(!e.is_valid_on(date(1979, 12, 31)));
    }
}
