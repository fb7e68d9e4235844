//! Persons known to the social services.

use crate::catalog::Gender;
use crate::ids::PersonId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A person: a child, a guardian or someone in the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    /// The identity number in long form (`YYYYMMDD-NNNN`, or with a letter for
    /// a reservnummer); `None` when unknown.
    pub identity_number: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub gender: Gender,
    pub birth_date: Option<Date>,
    /// Skyddade personuppgifter / sekretessmarkering: address and whereabouts
    /// are shown only to the assigned caseworker and managers.
    pub protected: bool,
    pub address: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// How a related person stands to a child.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Vårdnadshavare.
    Guardian,
    Parent,
    Sibling,
    /// Network: relatives, neighbours, others.
    Network,
}

impl RelationKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Guardian => "Vårdnadshavare",
            Self::Parent => "Förälder",
            Self::Sibling => "Syskon",
            Self::Network => "Nätverk",
        }
    }
}
