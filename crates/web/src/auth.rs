//! Logins: a password checked against the stored hash
//! ([`tillit_app::password`], argon2id), with the same work whether or not
//! the username exists.

use std::sync::LazyLock;
pub use tillit_app::password::{PasswordError, hash_password, verify_password};

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
