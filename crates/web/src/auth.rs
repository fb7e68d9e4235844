//! Passwords: argon2id with a random salt, stored as a PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$...`), the parameters the argon2 crate
//! recommends (OWASP's minimum for argon2id).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;

/// A password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("Lösenordet kunde inte hashas: {0}")]
    Hash(String),
}

/// Hash a password for storage (argon2id, random salt, PHC string).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Does `password` match the stored PHC string? A malformed stored hash
/// never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, verified against when the username is
/// unknown, so that a wrong username takes as long as a wrong password and
/// the response time does not tell which usernames exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut pw = [0u8; 16];
    let _ = getrandom::fill(&mut pw);
    hash_password(&hex::encode(pw)).unwrap_or_default()
});

/// Compute the stand-in hash now rather than on the first login with an
/// unknown username (which would then take twice as long as others).
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Verify a login attempt: `stored` is the user's hash, or `None` when the
/// username is unknown or the account is inactive (always `false`, after the
/// same work). CPU-heavy: call from a blocking task.
pub fn verify_login(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(phc) => verify_password(password, phc),
        None => {
            let _ = verify_password(password, &DUMMY_HASH);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password("korrekt häst batteri").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("korrekt häst batteri", &h));
        assert!(!verify_password("korrekt hast batteri", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(!verify_login("x", None));
        assert!(verify_login("korrekt häst batteri", Some(&h)));
        // A new salt every time.
        assert_ne!(h, hash_password("korrekt häst batteri").unwrap());
    }
}
