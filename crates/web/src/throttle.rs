//! Login throttling, in memory, so that guessing passwords is slow without
//! giving anyone the power to lock a colleague out.
//!
//! Three rules, checked before the password is (a refused attempt says
//! nothing about whether the password was right):
//!
//! 1. **Per account and address** (the pair): [`PAIR_FREE`] failures are
//!    free; after that each further failure from that address for that
//!    account makes it wait, doubling from [`PAIR_FIRST_WAIT`] up to
//!    [`PAIR_MAX_WAIT`]. The pair's failures are forgotten [`PAIR_MEMORY`]
//!    after the last one, and at once when the account signs in from that
//!    address. A stranger guessing from elsewhere slows only themselves:
//!    the colleague's own address is another pair.
//! 2. **Per address**: [`ADDRESS_LIMIT`] failures for any accounts within
//!    [`ADDRESS_WINDOW`] refuse that address for [`ADDRESS_WINDOW`] after
//!    its last failure (one host trying many accounts). An office behind one
//!    NAT address shares it, so the limit is high; a success does not clear
//!    it.
//! 3. **Per account, from unknown addresses**: [`ACCOUNT_LIMIT`] failures
//!    for one account from any addresses within [`ACCOUNT_WINDOW`] (many
//!    hosts guessing one password) refuse that account, until the window
//!    has passed, only from addresses it has not signed in from within
//!    [`KNOWN_FOR`]. The account's owner at their usual desk is never
//!    refused by this rule.
//!
//! Usernames are normalised (trimmed, lower case) and hashed (SHA-256) for
//! the keys, so a typed username of any length costs the same few bytes.
//! In memory means per process: a restart forgets (then no address is
//! "known" until its next sign-in), and several server instances count
//! separately. The table is swept of expired keys when it grows past
//! [`SWEEP_AT`] keys.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures per account and address before waiting starts.
pub const PAIR_FREE: u32 = 5;
/// The wait after the first failure beyond [`PAIR_FREE`]; it doubles with
/// each further failure.
pub const PAIR_FIRST_WAIT: Duration = Duration::from_secs(60);
/// The longest wait for one pair.
pub const PAIR_MAX_WAIT: Duration = Duration::from_secs(60 * 60);
/// A pair's failures are forgotten this long after the last one.
pub const PAIR_MEMORY: Duration = Duration::from_secs(24 * 60 * 60);
/// Failures per client address (any accounts) within [`ADDRESS_WINDOW`].
pub const ADDRESS_LIMIT: usize = 20;
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures per account (any addresses) within [`ACCOUNT_WINDOW`] before
/// unknown addresses are refused for it.
pub const ACCOUNT_LIMIT: usize = 50;
pub const ACCOUNT_WINDOW: Duration = Duration::from_secs(15 * 60);
/// An address the account signed in from this recently is known.
pub const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// Keys kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

type Hash = [u8; 32];

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    /// Failures of one account from one address: count and last time.
    Pair(Hash, String),
    /// Failures from one address.
    Address(String),
    /// Failures of one account.
    Account(Hash),
    /// The account signed in from the address (last time).
    Known(Hash, String),
}

#[derive(Clone, Debug, Default)]
struct Entry {
    /// Times of recent failures (address and account rules).
    times: Vec<Instant>,
    /// Failures counted (pair rule).
    count: u32,
    /// The last failure, or the last sign-in (known addresses).
    last: Option<Instant>,
}

#[derive(Default)]
pub struct LoginThrottle {
    entries: Mutex<HashMap<Key, Entry>>,
}

/// How long the pair waits after `count` failures.
fn pair_wait(count: u32) -> Option<Duration> {
    let beyond = count.checked_sub(PAIR_FREE)?;
    let factor = 1u32.checked_shl(beyond).unwrap_or(u32::MAX);
    Some(
        PAIR_FIRST_WAIT
            .checked_mul(factor)
            .unwrap_or(PAIR_MAX_WAIT)
            .min(PAIR_MAX_WAIT),
    )
}

fn since(now: Instant, t: Instant) -> Duration {
    now.saturating_duration_since(t)
}

impl LoginThrottle {
    /// If a login for `username` from `address` must be refused now, how
    /// long until it may be tried again.
    pub fn locked_for(&self, username: &str, address: &str, now: Instant) -> Option<Duration> {
        let map = self.lock();
        let account = account_hash(username);
        let mut waits: Vec<Duration> = Vec::new();
        // 1. The pair.
        if let Some(e) = map.get(&Key::Pair(account, address.to_string()))
            && let (Some(wait), Some(last)) = (pair_wait(e.count), e.last)
            && since(now, last) < wait
        {
            waits.push(wait - since(now, last));
        }
        // 2. The address.
        let window_wait = |times: &[Instant], window: Duration, limit: usize| {
            let recent: Vec<&Instant> = times.iter().filter(|t| since(now, **t) < window).collect();
            if recent.len() >= limit {
                let last = recent.into_iter().max()?;
                Some(window.saturating_sub(since(now, *last)))
            } else {
                None
            }
        };
        if let Some(e) = map.get(&Key::Address(address.to_string())) {
            waits.extend(window_wait(&e.times, ADDRESS_WINDOW, ADDRESS_LIMIT));
        }
        // 3. The account, from an address it has not signed in from.
        let known = map
            .get(&Key::Known(account, address.to_string()))
            .and_then(|e| e.last)
            .is_some_and(|t| since(now, t) < KNOWN_FOR);
        if !known && let Some(e) = map.get(&Key::Account(account)) {
            waits.extend(window_wait(&e.times, ACCOUNT_WINDOW, ACCOUNT_LIMIT));
        }
        waits.into_iter().max()
    }

    /// Record a failed login.
    pub fn record_failure(&self, username: &str, address: &str, now: Instant) {
        let mut map = self.lock();
        if map.len() >= SWEEP_AT {
            sweep(&mut map, now);
        }
        let account = account_hash(username);
        let pair = map
            .entry(Key::Pair(account, address.to_string()))
            .or_default();
        if pair.last.is_some_and(|t| since(now, t) >= PAIR_MEMORY) {
            pair.count = 0;
        }
        pair.count = pair.count.saturating_add(1);
        pair.last = Some(now);
        for (key, window) in [
            (Key::Address(address.to_string()), ADDRESS_WINDOW),
            (Key::Account(account), ACCOUNT_WINDOW),
        ] {
            let e = map.entry(key).or_default();
            e.times.retain(|t| since(now, *t) < window);
            e.times.push(now);
        }
    }

    /// A successful login: the pair's failures are forgotten and the
    /// address is known for the account. The address's and the account's
    /// counts stay (they are about others).
    pub fn record_success(&self, username: &str, address: &str, now: Instant) {
        let mut map = self.lock();
        let account = account_hash(username);
        map.remove(&Key::Pair(account, address.to_string()));
        map.insert(
            Key::Known(account, address.to_string()),
            Entry {
                last: Some(now),
                ..Entry::default()
            },
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        // A panic while holding the lock leaves consistent data (each
        // operation is a few inserts); carry on with it.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

/// Drop what no rule looks at any more.
fn sweep(map: &mut HashMap<Key, Entry>, now: Instant) {
    map.retain(|key, e| match key {
        Key::Pair(..) => e.last.is_some_and(|t| since(now, t) < PAIR_MEMORY),
        Key::Address(_) => e.times.iter().any(|t| since(now, *t) < ADDRESS_WINDOW),
        Key::Account(_) => e.times.iter().any(|t| since(now, *t) < ACCOUNT_WINDOW),
        Key::Known(..) => e.last.is_some_and(|t| since(now, t) < KNOWN_FOR),
    });
}

fn account_hash(username: &str) -> Hash {
    Sha256::digest(username.trim().to_lowercase().as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_pair_waits_longer_after_each_failure_beyond_the_free_ones() {
        let t = LoginThrottle::default();
        let start = Instant::now();
        for i in 0..PAIR_FREE {
            assert_eq!(
                t.locked_for("anna", "10.0.0.1", start + secs(u64::from(i))),
                None
            );
            t.record_failure("Anna ", "10.0.0.1", start + secs(u64::from(i)));
        }
        // The fifth failure: one minute.
        let now = start + secs(5);
        assert_eq!(t.locked_for("ANNA", "10.0.0.1", now), Some(secs(59)));
        assert_eq!(t.locked_for("anna", "10.0.0.1", start + secs(64)), None);
        // The sixth: two minutes; the seventh: four.
        t.record_failure("anna", "10.0.0.1", start + secs(64));
        assert_eq!(
            t.locked_for("anna", "10.0.0.1", start + secs(64)),
            Some(secs(120))
        );
        t.record_failure("anna", "10.0.0.1", start + secs(200));
        assert_eq!(
            t.locked_for("anna", "10.0.0.1", start + secs(200)),
            Some(secs(240))
        );
        // Never more than an hour.
        for i in 0..20 {
            t.record_failure("anna", "10.0.0.1", start + secs(300 + i));
        }
        assert_eq!(
            t.locked_for("anna", "10.0.0.1", start + secs(319)),
            Some(PAIR_MAX_WAIT)
        );
        assert_eq!(pair_wait(u32::MAX), Some(PAIR_MAX_WAIT));
        assert_eq!(pair_wait(PAIR_FREE - 1), None);
    }

    /// The point of the design: a stranger's failures do not lock the
    /// account's owner out.
    #[test]
    fn a_stranger_cannot_lock_a_colleague_out() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        t.record_success("anna", "10.0.0.1", now);
        for _ in 0..(ACCOUNT_LIMIT + 10) {
            t.record_failure("anna", "203.0.113.9", now);
        }
        assert!(t.locked_for("anna", "203.0.113.9", now).is_some());
        // Anna at her own desk is not locked by the stranger's pair,
        // address or count for the account.
        assert_eq!(t.locked_for("anna", "10.0.0.1", now), None);
        // Many hosts guessing one account: unknown addresses wait.
        let t = LoginThrottle::default();
        t.record_success("anna", "10.0.0.1", now);
        for i in 0..ACCOUNT_LIMIT {
            t.record_failure("anna", &format!("198.51.100.{i}"), now);
        }
        assert!(t.locked_for("anna", "198.51.100.250", now).is_some());
        assert_eq!(t.locked_for("anna", "10.0.0.1", now), None);
        assert_eq!(t.locked_for("bo", "198.51.100.250", now), None);
        assert_eq!(
            t.locked_for("anna", "198.51.100.250", now + ACCOUNT_WINDOW),
            None
        );
    }

    #[test]
    fn success_clears_the_pair_only() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..PAIR_FREE {
            t.record_failure("anna", "a", now);
        }
        assert!(t.locked_for("anna", "a", now).is_some());
        assert_eq!(t.locked_for("anna", "b", now), None);
        t.record_success("anna", "a", now);
        assert!(t.locked_for("anna", "a", now).is_none());
    }

    #[test]
    fn an_address_trying_many_accounts_is_refused() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..ADDRESS_LIMIT {
            t.record_failure(&format!("user{i}"), "192.0.2.7", now);
        }
        assert!(t.locked_for("someone", "192.0.2.7", now).is_some());
        assert!(t.locked_for("someone", "192.0.2.8", now).is_none());
        assert!(
            t.locked_for("someone", "192.0.2.7", now + ADDRESS_WINDOW)
                .is_none()
        );
    }

    #[test]
    fn long_usernames_cost_a_hash_and_old_keys_are_swept() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        t.record_failure(&"x".repeat(1_000_000), "a", now);
        assert!(t.lock().keys().all(|k| match k {
            Key::Address(a) | Key::Pair(_, a) => a.len() == 1,
            _ => true,
        }));
        let later = now + PAIR_MEMORY + KNOWN_FOR;
        let mut map = t.lock();
        sweep(&mut map, later);
        assert!(map.is_empty());
        drop(map);
        assert_eq!(t.len(), 0);
    }
}

/// Submissions of a public form (no login) accepted per client address
/// within [`SUBMISSION_WINDOW`].
pub const SUBMISSIONS_PER_ADDRESS: usize = 5;
/// Submissions accepted from all addresses together within the window: a
/// flood from many addresses cannot fill the registers either.
pub const SUBMISSIONS_TOTAL: usize = 500;
pub const SUBMISSION_WINDOW: Duration = Duration::from_secs(10 * 60);

/// How many submissions a public form takes, per address and in all (in
/// memory, per process, like [`LoginThrottle`]).
#[derive(Default)]
pub struct SubmissionLimiter {
    inner: Mutex<Submissions>,
}

#[derive(Default)]
struct Submissions {
    by_address: HashMap<String, Vec<Instant>>,
    all: Vec<Instant>,
}

impl SubmissionLimiter {
    /// Take a submission from `address` at `now`, or say how long to wait.
    pub fn take(&self, address: &str, now: Instant) -> Result<(), Duration> {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = |t: &Instant| now.saturating_duration_since(*t) < SUBMISSION_WINDOW;
        s.all.retain(fresh);
        if s.by_address.len() > SWEEP_AT {
            s.by_address.retain(|_, times| times.iter().any(fresh));
        }
        let mine = s.by_address.entry(address.to_string()).or_default();
        mine.retain(fresh);
        let wait = |oldest: Option<&Instant>| {
            oldest.map_or(SUBMISSION_WINDOW, |t| {
                SUBMISSION_WINDOW.saturating_sub(now.saturating_duration_since(*t))
            })
        };
        if mine.len() >= SUBMISSIONS_PER_ADDRESS {
            return Err(wait(mine.first()));
        }
        mine.push(now);
        if s.all.len() >= SUBMISSIONS_TOTAL {
            let w = wait(s.all.first());
            if let Some(v) = s.by_address.get_mut(address) {
                v.pop();
            }
            return Err(w);
        }
        s.all.push(now);
        Ok(())
    }
}

#[cfg(test)]
mod submission_tests {
    use super::*;

    #[test]
    fn an_address_gets_its_share_and_then_waits() {
        let l = SubmissionLimiter::default();
        let t0 = Instant::now();
        for _ in 0..SUBMISSIONS_PER_ADDRESS {
            assert!(l.take("10.0.0.1", t0).is_ok());
        }
        let wait = l.take("10.0.0.1", t0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= SUBMISSION_WINDOW);
        // Another address is not held up.
        assert!(l.take("10.0.0.2", t0).is_ok());
        // After the window the first address may send again.
        assert!(l.take("10.0.0.1", t0 + SUBMISSION_WINDOW).is_ok());
    }
}
