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

    /// Someone else wrote in the register record after the caller read it:
    /// nothing was written.
    #[error(
        "Uppgiften har ändrats av någon annan sedan du öppnade den. Ladda om sidan och försök igen."
    )]
    RecordChanged {
        /// The version the caller based the write on.
        expected: u64,
        /// The version the record had when the write was refused.
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

    /// The database could not be reached in time: it is busy (locked, a
    /// full write queue, no free connection) or down. Nothing was written
    /// by a write that was never started; the caller may try again.
    #[error("Databasen är hårt belastad eller går inte att nå just nu. Försök igen om en stund.")]
    Unavailable,

    /// A write's transaction failed as a whole (its commit or the
    /// transaction around it); nothing of it was written.
    #[error("Skrivningen kunde inte slutföras: {0}")]
    WriteFailed(String),

    /// The store's writer task has stopped (its runtime has ended).
    #[error("Databasens skrivare har stannat.")]
    WriterStopped,

    /// The database refused or failed.
    #[error("Databasfel: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    /// Contention and an unreachable server are [`StoreError::Unavailable`];
    /// everything else is [`StoreError::Database`].
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            StoreError::Unavailable
        } else {
            StoreError::Database(e)
        }
    }
}

/// Busy, locked, out of connections, or cannot reach the server.
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => matches!(
            db.code().as_deref(),
            // SQLite: SQLITE_BUSY, SQLITE_LOCKED and their extended codes.
            Some("5" | "6" | "261" | "262" | "517" | "773")
            // PostgreSQL: lock not available, too many connections, the
            // server shutting down or starting.
            | Some("55P03" | "53300" | "57P01" | "57P02" | "57P03")
        ),
        _ => false,
    }
}

impl StoreError {
    /// True for [`StoreError::Conflict`]: the caller should reload and retry.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Conflict { .. } | Self::RecordChanged { .. })
    }

    /// True when the database could not be reached in time
    /// ([`StoreError::Unavailable`]): a 503 for the user, not a fault.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable)
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

/// For `map_err` on a write that names another row: a row that is not
/// there is [`StoreError::NotFound`] with `what` (Swedish, "aktiviteten"),
/// any other failure as usual.
pub(crate) fn missing_reference(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| {
        if is_foreign_key_violation(&e) {
            StoreError::NotFound(what.into())
        } else {
            e.into()
        }
    }
}
