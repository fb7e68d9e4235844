//! Login throttling, in memory: per account and per client address.
//!
//! After [`ACCOUNT_LIMIT`] failed logins for one username within
//! [`WINDOW`], further attempts for that username are refused (without
//! checking the password) until [`WINDOW`] has passed since the last of them.
//! The same holds per client address with the higher [`ADDRESS_LIMIT`],
//! because an office behind one NAT address shares it. A successful login
//! clears the account's failures (not the address's).
//!
//! In memory means per process: a restart forgets, and several server
//! instances count separately. That is the simple first version; the
//! accounting can move into the store when Tillit runs on more than one node.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures counted within this window; a lock lasts this long after the last failure.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures per username before it is locked.
pub const ACCOUNT_LIMIT: usize = 5;
/// Failures per client address before it is locked.
pub const ADDRESS_LIMIT: usize = 20;
/// Keys kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(String),
}

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

impl LoginThrottle {
    /// If a login for `username` from `address` must be refused now, how
    /// long until it may be tried again.
    pub fn locked_for(&self, username: &str, address: &str, now: Instant) -> Option<Duration> {
        let map = self.lock();
        let check = |key: Key, limit: usize| -> Option<Duration> {
            let times = map.get(&key)?;
            let recent: Vec<&Instant> = times
                .iter()
                .filter(|t| now.duration_since(**t) < WINDOW)
                .collect();
            if recent.len() >= limit {
                let last = recent.iter().max()?;
                Some(WINDOW.saturating_sub(now.duration_since(**last)))
            } else {
                None
            }
        };
        let a = check(Key::Account(normalise(username)), ACCOUNT_LIMIT);
        let b = check(Key::Address(address.to_string()), ADDRESS_LIMIT);
        a.into_iter().chain(b).max()
    }

    /// Record a failed login.
    pub fn record_failure(&self, username: &str, address: &str, now: Instant) {
        let mut map = self.lock();
        if map.len() >= SWEEP_AT {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        for key in [
            Key::Account(normalise(username)),
            Key::Address(address.to_string()),
        ] {
            let times = map.entry(key).or_default();
            times.retain(|t| now.duration_since(*t) < WINDOW);
            times.push(now);
        }
    }

    /// A successful login clears the account's failures.
    pub fn record_success(&self, username: &str) {
        self.lock().remove(&Key::Account(normalise(username)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Vec<Instant>>> {
        // A panic while holding the lock leaves consistent data (each
        // operation is a few inserts); carry on with it.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn normalise(username: &str) -> String {
    username.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_locks_after_five_failures_and_unlocks_after_the_window() {
        let t = LoginThrottle::default();
        let start = Instant::now();
        for i in 0..4 {
            t.record_failure("Anna", "10.0.0.1", start + Duration::from_secs(i));
        }
        assert_eq!(
            t.locked_for("anna", "10.0.0.1", start + Duration::from_secs(5)),
            None
        );
        t.record_failure("anna ", "10.0.0.2", start + Duration::from_secs(5));
        let left = t
            .locked_for("ANNA", "10.0.0.3", start + Duration::from_secs(6))
            .unwrap();
        assert_eq!(left, WINDOW - Duration::from_secs(1));
        // Another account from the same address is not locked.
        assert_eq!(
            t.locked_for("bo", "10.0.0.1", start + Duration::from_secs(6)),
            None
        );
        // After the window the lock is gone.
        assert_eq!(
            t.locked_for("anna", "10.0.0.1", start + Duration::from_secs(5) + WINDOW),
            None
        );
    }

    #[test]
    fn success_clears_the_account() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..5 {
            t.record_failure("anna", "a", now);
        }
        assert!(t.locked_for("anna", "b", now).is_some());
        t.record_success("anna");
        assert!(t.locked_for("anna", "b", now).is_none());
    }

    #[test]
    fn address_locks_after_twenty_failures_over_many_accounts() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..ADDRESS_LIMIT {
            t.record_failure(&format!("user{i}"), "192.0.2.7", now);
        }
        assert!(t.locked_for("someone", "192.0.2.7", now).is_some());
        assert!(t.locked_for("someone", "192.0.2.8", now).is_none());
    }
}
