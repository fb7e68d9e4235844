//! The directory: every user and every unit, kept in memory between reads.
//!
//! Nearly every page names staff and units (who recorded an event, which
//! unit a case belongs to), so [`Store::users`] and [`Store::units`] would
//! otherwise read both tables on every request. The store is the only writer
//! of its database within a process and every write of these tables goes
//! through a method of [`Store`] that calls [`Directory::invalidate`] after
//! it, so a page never shows a name older than the last change made here. A
//! change made by another process (a second server on the same PostgreSQL
//! database, or a `tillit` command beside a running server) is seen at most
//! [`MAX_AGE`] later.
//!
//! Authentication never reads the directory: a session is resolved with its
//! user from the database on every request, so a deactivated user or a new
//! password takes effect at once on every server.
//!
//! A read that began before a change is never kept after it: the snapshot
//! is stored only if no invalidation happened while it was read.

use crate::org::{Unit, User};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How old a snapshot may be before it is read again.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(5);

#[derive(Default)]
pub(crate) struct Directory {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    users: Option<(Instant, Arc<Vec<User>>)>,
    units: Option<(Instant, Arc<Vec<Unit>>)>,
}

/// The token a reader takes before it reads, to store what it read with.
#[derive(Clone, Copy)]
pub(crate) struct Generation(u64);

impl Directory {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The data is a cache: a panic elsewhere cannot leave it inconsistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn generation(&self) -> Generation {
        Generation(self.lock().generation)
    }

    /// The users kept, shared: the lock is held only to copy a pointer.
    pub(crate) fn users(&self) -> Option<Arc<Vec<User>>> {
        fresh(&self.lock().users)
    }

    pub(crate) fn units(&self) -> Option<Arc<Vec<Unit>>> {
        fresh(&self.lock().units)
    }

    pub(crate) fn keep_users(&self, read_at: Generation, users: &Arc<Vec<User>>) {
        let mut inner = self.lock();
        if inner.generation == read_at.0 {
            inner.users = Some((Instant::now(), users.clone()));
        }
    }

    pub(crate) fn keep_units(&self, read_at: Generation, units: &Arc<Vec<Unit>>) {
        let mut inner = self.lock();
        if inner.generation == read_at.0 {
            inner.units = Some((Instant::now(), units.clone()));
        }
    }

    /// Forget both tables: called after every write of users, teams or units.
    pub(crate) fn invalidate(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.users = None;
        inner.units = None;
    }
}

fn fresh<T>(slot: &Option<(Instant, Arc<Vec<T>>)>) -> Option<Arc<Vec<T>>> {
    match slot {
        Some((at, v)) if at.elapsed() < MAX_AGE => Some(v.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tillit_domain::UnitId;

    fn unit(name: &str) -> Unit {
        Unit {
            id: UnitId(1),
            name: name.into(),
            kind_code: "barn".into(),
        }
    }

    #[test]
    fn a_read_that_began_before_a_change_is_not_kept() {
        let d = Directory::default();
        let before = d.generation();
        d.invalidate();
        d.keep_units(before, &Arc::new(vec![unit("Gammal")]));
        assert_eq!(d.units(), None);
        let now = d.generation();
        d.keep_units(now, &Arc::new(vec![unit("Ny")]));
        assert_eq!(d.units(), Some(Arc::new(vec![unit("Ny")])));
        d.invalidate();
        assert_eq!(d.units(), None);
    }
}
