//! The store's one error type. Every message is Swedish, because it may reach a
//! user; none contains personal data, because it may reach a log.

use tillit_domain::CaseId;

/// What can go wrong when reading or writing Tillit's data.
#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    /// Someone else appended to the case after the caller read it: the write
    /// was refused and nothing was written.
    #[error(
        "Ärendet har ändrats av någon annan sedan du öppnade det. Ladda om sidan och försök igen."
    )]
    Conflict {
        case: CaseId,
        /// The version the caller based the write on.
        expected: u64,
        /// The version the case had when the write was refused.
        actual: u64,
    },

    /// A referenced record does not exist (the text names what).
    #[error("Hittades inte: {0}.")]
    NotFound(String),

    /// A record with the same key already exists (the text names what).
    #[error("Finns redan: {0}.")]
    AlreadyExists(String),

    /// The request cannot be carried out as asked (the text says why).
    #[error("Ogiltig begäran: {0}.")]
    Invalid(String),

    /// A stored value could not be read back (a bug or a damaged database).
    #[error("Lagrade uppgifter kunde inte läsas: {0}.")]
    Corrupt(String),

    /// The database schema could not be brought up to date.
    #[error("Databasens schema kunde inte uppdateras: {0}.")]
    Migration(String),

    /// The data directory could not be created or used.
    #[error("Datakatalogen kunde inte användas: {0}")]
    Io(#[from] std::io::Error),

    /// The database refused or failed.
    #[error("Databasfel: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// True for [`StoreError::Conflict`]: the caller should reload and retry.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Conflict { .. })
    }

    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        Self::Corrupt(what.to_string())
    }
}

/// The database error is a unique-key violation (SQLite and PostgreSQL alike).
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// The database error is a foreign-key violation.
pub(crate) fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}
