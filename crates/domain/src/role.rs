//! Roles of the people who use Tillit.

use serde::{Deserialize, Serialize};

/// A user's role (DOMAIN.md, "Who uses the system").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Socialsekreterare / handläggare.
    Caseworker,
    /// 1:e socialsekreterare / arbetsledare.
    TeamLead,
    /// Enhetschef / sektionschef.
    UnitManager,
    /// Utvecklingsledare / analytiker / controller: aggregates only.
    Analyst,
    /// Lex Sarah-ansvarig / kvalitetsansvarig.
    QualityLead,
    /// Registrator / nämndsekreterare.
    Registrar,
    /// Systemförvaltare: users and units, never case contents.
    SystemAdministrator,
    /// Ekonom / controller for the economy: imports the ledger, keeps the
    /// budget, the structure and the providers' prices. Aggregates only,
    /// never a case.
    Economist,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Caseworker,
        Role::TeamLead,
        Role::UnitManager,
        Role::Analyst,
        Role::QualityLead,
        Role::Registrar,
        Role::SystemAdministrator,
        Role::Economist,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Caseworker => "caseworker",
            Self::TeamLead => "team_lead",
            Self::UnitManager => "unit_manager",
            Self::Analyst => "analyst",
            Self::QualityLead => "quality_lead",
            Self::Registrar => "registrar",
            Self::SystemAdministrator => "system_administrator",
            Self::Economist => "economist",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Caseworker => "Socialsekreterare",
            Self::TeamLead => "Arbetsledare",
            Self::UnitManager => "Enhetschef",
            Self::Analyst => "Analytiker",
            Self::QualityLead => "Kvalitetsansvarig",
            Self::Registrar => "Registrator",
            Self::SystemAdministrator => "Systemförvaltare",
            Self::Economist => "Ekonom",
        }
    }

    /// Roles that work with individual cases.
    pub fn handles_cases(self) -> bool {
        matches!(self, Self::Caseworker | Self::TeamLead | Self::UnitManager)
    }
}
